/* SPDX-License-Identifier: GPL-2.0 */
/*
 * KHO ABI of the liveupdate generic netlink family.
 */

#ifndef _LINUX_KHO_ABI_LIVEUPDATE_NL_H
#define _LINUX_KHO_ABI_LIVEUPDATE_NL_H

#include <linux/kho/abi/luo.h>
#include <linux/types.h>
#include <uapi/linux/liveupdate_nl.h>

/**
 * DOC: liveupdate netlink KHO ABI
 *
 * At boot, the family publishes one KHO subtree named %LUNL_KHO_NAME
 * whose blob is a &struct lunl_ser_root: the versions, and the physical
 * address and size of the record of the sessions, which freeze fills in
 * and unfreeze clears. A root whose @record is 0 carries no session.
 *
 * The record is a single preserved, physically contiguous allocation,
 * which the family grows while live, as sessions and files come, so that
 * freeze allocates nothing. It is laid out as:
 *
 * - &struct lunl_ser_hdr;
 * - @nr_sessions times &struct lunl_session_ser;
 * - @nr_fds times &struct lunl_fd_ser, the files of the first session
 *   first, each session's files in the order they were added;
 * - @nr_deps tokens (u64): the dependencies of every file, in file order;
 * - @pool_size bytes holding the session user data and the file labels,
 *   which the entries above locate by offset and length into this pool.
 *   Labels are stored without their terminating NUL.
 *
 * The files of a session are preserved through LUO's file layer in one
 * file set; &struct lunl_session_ser.set is that set's
 * &struct luo_file_set_ser, whose blocks LUO's own ABI describes. LUO's
 * entries (&struct luo_file_ser: handler compatible, token, handler data)
 * come in the same order as the session's &struct lunl_fd_ser, with the
 * same tokens; a session whose two lists disagree, or whose set does not
 * deserialize (a handler that is not registered, for instance), has every
 * file unrecoverable, and finishing it releases what LUO holds. A root
 * whose @luo_compatible is not this kernel's LUO ABI is not read at all.
 *
 * The layout is a contract between kernels. Any change to these
 * structures or to their meaning requires a new %LUNL_KHO_COMPATIBLE.
 * A kernel that finds another version, or a record whose sizes and
 * indices do not add up, reports the affected sessions as unrecoverable
 * instead of interpreting them; LUO's own sessions are not affected. The
 * record of a root it does not read stays reserved, as KHO leaves any
 * preserved memory nobody restores.
 */

#define LUNL_KHO_NAME		"liveupdate-nl"
#define LUNL_KHO_COMPATIBLE	"liveupdate-nl-v1"
#define LUNL_KHO_COMPAT_LEN	24

/**
 * struct lunl_ser_root - The blob of the subtree: where the record is.
 * @compatible:  %LUNL_KHO_COMPATIBLE, NUL padded.
 * @luo_compatible: %LUO_ABI_COMPATIBLE, NUL padded: the version of LUO's
 *               file set entries the sessions' file sets hold.
 * @record:      Physical address of the record, a preserved folio; 0 if
 *               no session was frozen.
 * @size:        Size of the record in bytes, at most the folio's.
 */
struct lunl_ser_root {
	char compatible[LUNL_KHO_COMPAT_LEN];
	char luo_compatible[LUO_ABI_COMPAT_LEN];
	u64 record;
	u64 size;
} __packed;

/**
 * struct lunl_ser_hdr - Head of the record of the sessions.
 * @nr_sessions: Number of &struct lunl_session_ser that follow.
 * @nr_fds:      Number of &struct lunl_fd_ser after the sessions.
 * @nr_deps:     Number of dependency tokens after the files.
 * @pool_size:   Size in bytes of the pool after the tokens.
 */
struct lunl_ser_hdr {
	u32 nr_sessions;
	u32 nr_fds;
	u32 nr_deps;
	u32 pool_size;
} __packed;

/**
 * struct lunl_session_ser - A serialized outgoing session.
 * @name:     Session name, NUL terminated.
 * @first_fd: Index of the session's first file in the file array.
 * @nr_fds:   Number of files of the session.
 * @data_off: Offset of the session's user data in the pool.
 * @data_len: Size of the user data, at most %LIVEUPDATE_NL_USER_DATA_MAX;
 *            0 if the session has none.
 * @set:      LUO file set holding the session's files.
 */
struct lunl_session_ser {
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	u32 first_fd;
	u32 nr_fds;
	u32 data_off;
	u32 data_len;
	struct luo_file_set_ser set;
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
