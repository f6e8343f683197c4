/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Test-only interface of CONFIG_LIVEUPDATE_NL_TEST (lunl_test_hooks.c),
 * shared with the selftests. Not a stable ABI.
 */

#ifndef _LUNL_TEST_HOOKS_UAPI_H
#define _LUNL_TEST_HOOKS_UAPI_H

/*
 * While frozen, writing "MODE SESSION" here damages the KHO record of an
 * outgoing session: mode "compatible" (another version), "record" (the
 * handle LUO carries points inside the record, not at it), "fds" (a file
 * count past the record), "data" (user data past its limit); "first"
 * (dependencies past the token array), "label", "deps" (too many),
 * "token" (no longer LUO's) and "dup" (the second file's) the entry of
 * its first file.
 */
#define LUNL_TEST_DEBUGFS_CORRUPT	"liveupdate_nl_test/corrupt"
/*
 * Write Y and, at the next kexec, once liveupdate_reboot() has committed
 * it, the kernel tries session-new, unfreeze and freeze and logs
 * "liveupdate_nl_test: after commit: OP: ERRNO: MESSAGE" for each.
 */
#define LUNL_TEST_DEBUGFS_AFTER_COMMIT	"liveupdate_nl_test/after_commit"
/*
 * With the boot parameter LUNL_TEST_FAIL_INCOMING=NAME:N[,NAME:N...],
 * allocation N of the parse of incoming session NAME fails (the first
 * request after boot parses them; allocations are counted as
 * /proc/thread-self/fail-nth counts them). This file has a line
 * per pair: "NAME N RESULT ALLOCS [FUNCTION...]", RESULT "failed",
 * "passed" (the parse made fewer than N allocations), "unparsed" (no
 * such session came in) or "error"; ALLOCS the allocations the parse
 * made; the functions where the failed allocation was made, innermost
 * first.
 */
#define LUNL_TEST_FAIL_INCOMING		"liveupdate_nl_test.fail_incoming"
#define LUNL_TEST_DEBUGFS_INCOMING_FAULTS "liveupdate_nl_test/incoming_faults"

#endif /* _LUNL_TEST_HOOKS_UAPI_H */
