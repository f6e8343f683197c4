/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KHO ABI of the liveupdate generic netlink family.
 */

#ifndef _LINUX_KHO_ABI_LIVEUPDATE_NL_H
#define _LINUX_KHO_ABI_LIVEUPDATE_NL_H

#include <linux/types.h>
#include <uapi/linux/liveupdate_nl.h>

/**
 * DOC: liveupdate netlink KHO ABI
 *
 * The family's sessions are LUO sessions owned by the kernel
 * (liveupdate_session_create()): LUO serializes them with its own, files
 * and all, in its KHO subtree, and carries one opaque handle per session.
 * The family sets that handle to the physical address of the session's
 * record, which holds what LUO does not know: file labels, sizes and
 * dependencies, and the session's user data. The family has no KHO
 * subtree of its own.
 *
 * A record is a single preserved, physically contiguous allocation, which
 * the family grows while live, as files come, so that freeze only fills
 * it in. It is laid out as:
 *
 * - &struct lunl_ser_hdr;
 * - @nr_fds times &struct lunl_fd_ser, in the order the files were added,
 *   which is the order of LUO's entries (&struct luo_file_ser) of the
 *   session, with the same tokens;
 * - @nr_deps tokens (u64): the dependencies of every file, in file order;
 * - @pool_size bytes holding the session's user data and the file labels,
 *   which the entries above locate by offset and length into this pool.
 *   Labels are stored without their terminating NUL.
 *
 * The layout is a contract between kernels. Any change to these
 * structures or to their meaning requires a new %LUNL_KHO_COMPATIBLE. A
 * kernel that finds another version, a handle that is not a preserved
 * record, or a record whose sizes and indices do not add up, reports the
 * session as unrecoverable instead of interpreting it, and finishing it
 * releases what LUO holds; a session whose files LUO cannot read back (a
 * handler that is not registered), or whose entries disagree with the
 * record, has every file unrecoverable. Other sessions are not affected.
 */

#define LUNL_KHO_COMPATIBLE	"liveupdate-nl-v1"
#define LUNL_KHO_COMPAT_LEN	24

/**
 * struct lunl_ser_hdr - Head of the record of a session.
 * @compatible: %LUNL_KHO_COMPATIBLE, NUL padded.
 * @nr_fds:     Number of &struct lunl_fd_ser that follow.
 * @nr_deps:    Number of dependency tokens after the files.
 * @data_off:   Offset of the session's user data in the pool.
 * @data_len:   Size of the user data, at most %LIVEUPDATE_NL_USER_DATA_MAX;
 *              0 if the session has none.
 * @pool_size:  Size in bytes of the pool after the tokens.
 * @reserved:   Zero.
 */
struct lunl_ser_hdr {
	char compatible[LUNL_KHO_COMPAT_LEN];
	u32 nr_fds;
	u32 nr_deps;
	u32 data_off;
	u32 data_len;
	u32 pool_size;
	u32 reserved;
} __packed;

/**
 * struct lunl_fd_ser - A serialized file.
 * @token:      User token, unique within the session.
 * @size:       File size in bytes at freeze.
 * @first_dep:  Index of the file's first dependency in the token array.
 * @nr_deps:    Number of tokens of the session this file depends on.
 * @label_off:  Offset of the file's label in the pool.
 * @label_len:  Length of the label, at most %LIVEUPDATE_NL_LABEL_MAX;
 *              0 if the file has none.
 */
struct lunl_fd_ser {
	u64 token;
	u64 size;
	u32 first_dep;
	u32 nr_deps;
	u32 label_off;
	u32 label_len;
} __packed;

#endif /* _LINUX_KHO_ABI_LIVEUPDATE_NL_H */
