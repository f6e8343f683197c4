/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * Test-only interface of the liveupdate netlink test file type
 * (CONFIG_LIVEUPDATE_NL_TEST_TYPE, lib/tests/lunl_test_type.c), shared
 * with the selftests. Not a stable ABI.
 */

#ifndef _LIB_TESTS_LUNL_TEST_TYPE_UAPI_H
#define _LIB_TESTS_LUNL_TEST_TYPE_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define LUNL_TEST_COMPATIBLE	"liveupdate-nl-test-v1"
#define LUNL_TEST_DEBUGFS_NEW	"liveupdate_nl_test_type/new"

/**
 * struct lunl_test_new - Argument of %LUNL_TEST_IOC_NEW.
 * @dep_fd: In: a test file the new one depends on, or -1.
 * @fd:     Out: the new test file, O_CLOEXEC.
 * @value:  In: a value the file carries across kexec.
 */
struct lunl_test_new {
	__s32 dep_fd;
	__s32 fd;
	__u64 value;
};

/**
 * struct lunl_test_info - Argument of %LUNL_TEST_IOC_INFO.
 * @id:          Identity of the object, kept across kexec.
 * @value:       The value given at creation.
 * @dep_id:      Identity of the object it depends on, or 0.
 * @fail_freeze: Whether its freeze fails.
 * @pad:         Zero.
 */
struct lunl_test_info {
	__u64 id;
	__u64 value;
	__u64 dep_id;
	__u32 fail_freeze;
	__u32 pad;
};

#define LUNL_TEST_IOC_NEW		_IOWR('L', 0xa0, struct lunl_test_new)
#define LUNL_TEST_IOC_INFO		_IOR('L', 0xa1, struct lunl_test_info)
#define LUNL_TEST_IOC_FAIL_FREEZE	_IOW('L', 0xa2, __u32)

#endif /* _LIB_TESTS_LUNL_TEST_TYPE_UAPI_H */
