/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN uapi header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _UAPI_LINUX_LIVEUPDATE_NL_H
#define _UAPI_LINUX_LIVEUPDATE_NL_H

#define LIVEUPDATE_FAMILY_NAME		"liveupdate"
#define LIVEUPDATE_FAMILY_VERSION	1

#define LIVEUPDATE_NL_SESSION_NAME_LEN		64
#define LIVEUPDATE_NL_SESSION_NAME_MAX		63
#define LIVEUPDATE_NL_MAX_SESSIONS		4096
#define LIVEUPDATE_NL_MAX_FDS			16384
#define LIVEUPDATE_NL_LABEL_MAX			255
#define LIVEUPDATE_NL_USER_DATA_MAX		4096
#define LIVEUPDATE_NL_MAX_RESTORE_ENTRIES	64
#define LIVEUPDATE_NL_MAX_DEPS			16

/**
 * enum liveupdate_nl_direction - Whether a session was created in this kernel
 *   or came across kexec.
 * @LIVEUPDATE_NL_DIRECTION_OUTGOING: Created in this kernel; preserved at the
 *   next kexec once frozen.
 * @LIVEUPDATE_NL_DIRECTION_INCOMING: Received from the previous kernel through
 *   KHO.
 */
enum liveupdate_nl_direction {
	LIVEUPDATE_NL_DIRECTION_OUTGOING,
	LIVEUPDATE_NL_DIRECTION_INCOMING,
};

/**
 * enum liveupdate_nl_owner - The interface through which a session is made and
 *   changed.
 * @LIVEUPDATE_NL_OWNER_NETLINK: This family; its requests change the session.
 * @LIVEUPDATE_NL_OWNER_DEVICE: /dev/liveupdate: the session's file descriptor
 *   changes it (LUO's ioctls). The family lists it and reports its changes,
 *   and refuses requests that would change it.
 */
enum liveupdate_nl_owner {
	LIVEUPDATE_NL_OWNER_NETLINK,
	LIVEUPDATE_NL_OWNER_DEVICE,
};

/**
 * enum liveupdate_nl_state - State of a session, or of the whole outgoing
 *   side.
 * @LIVEUPDATE_NL_STATE_LIVE: Outgoing, fully operating; sessions and files can
 *   be added and removed.
 * @LIVEUPDATE_NL_STATE_FROZEN: Outgoing, serialized into KHO with all
 *   preserved memory logged. Mutations are refused with EBUSY until unfreeze.
 * @LIVEUPDATE_NL_STATE_INCOMING: Received from the previous kernel; files can
 *   be restored.
 * @LIVEUPDATE_NL_STATE_UNRECOVERABLE: Received from the previous kernel, but
 *   its record was malformed or of another version; nothing in it can be
 *   restored. Finish it to drop it.
 */
enum liveupdate_nl_state {
	LIVEUPDATE_NL_STATE_LIVE,
	LIVEUPDATE_NL_STATE_FROZEN,
	LIVEUPDATE_NL_STATE_INCOMING,
	LIVEUPDATE_NL_STATE_UNRECOVERABLE,
};

/**
 * enum liveupdate_nl_fd_state - State of a file held by a session.
 * @LIVEUPDATE_NL_FD_STATE_PRESERVED: Outgoing and live; the handler has
 *   preserved it.
 * @LIVEUPDATE_NL_FD_STATE_FROZEN: Outgoing and frozen into KHO.
 * @LIVEUPDATE_NL_FD_STATE_INCOMING: Received from the previous kernel, not
 *   restored yet.
 * @LIVEUPDATE_NL_FD_STATE_RESTORED: Received and installed in a process by
 *   fd-restore.
 * @LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE: Received, but its handler could not
 *   take it back: its record was damaged, or its handler failed to restore it,
 *   which is final. Only finishing the session with discard releases it.
 */
enum liveupdate_nl_fd_state {
	LIVEUPDATE_NL_FD_STATE_PRESERVED,
	LIVEUPDATE_NL_FD_STATE_FROZEN,
	LIVEUPDATE_NL_FD_STATE_INCOMING,
	LIVEUPDATE_NL_FD_STATE_RESTORED,
	LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
};

/**
 * enum liveupdate_nl_session_flags - Flags of a session.
 * @LIVEUPDATE_NL_SESSION_FLAGS_OWNED: The session belongs to the netlink
 *   socket that created it and is deleted when that socket closes, unless
 *   frozen at the time (it then stays, without an owner).
 */
enum liveupdate_nl_session_flags {
	LIVEUPDATE_NL_SESSION_FLAGS_OWNED = 1,
};

/**
 * enum liveupdate_nl_restore_flags - Flags of fd-restore.
 * @LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC: Install the new descriptor without
 *   O_CLOEXEC.
 */
enum liveupdate_nl_restore_flags {
	LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC = 1,
};

enum liveupdate_nl_session_attrs {
	LIVEUPDATE_NL_SESSION_A_NAME = 1,
	LIVEUPDATE_NL_SESSION_A_DIRECTION,
	LIVEUPDATE_NL_SESSION_A_STATE,
	LIVEUPDATE_NL_SESSION_A_FLAGS,
	LIVEUPDATE_NL_SESSION_A_FD_COUNT,
	LIVEUPDATE_NL_SESSION_A_BYTES,
	LIVEUPDATE_NL_SESSION_A_PAGES,
	LIVEUPDATE_NL_SESSION_A_FREEZE_NS,
	LIVEUPDATE_NL_SESSION_A_DISCARD,
	LIVEUPDATE_NL_SESSION_A_USER_DATA,
	LIVEUPDATE_NL_SESSION_A_OWNER,

	__LIVEUPDATE_NL_SESSION_A_MAX,
	LIVEUPDATE_NL_SESSION_A_MAX = (__LIVEUPDATE_NL_SESSION_A_MAX - 1)
};

enum liveupdate_nl_fd_attrs {
	LIVEUPDATE_NL_FD_A_SESSION = 1,
	LIVEUPDATE_NL_FD_A_FD,
	LIVEUPDATE_NL_FD_A_TOKEN,
	LIVEUPDATE_NL_FD_A_COMPATIBLE,
	LIVEUPDATE_NL_FD_A_SIZE,
	LIVEUPDATE_NL_FD_A_STATE,
	LIVEUPDATE_NL_FD_A_DEPENDS,
	LIVEUPDATE_NL_FD_A_FLAGS,
	LIVEUPDATE_NL_FD_A_LABEL,
	LIVEUPDATE_NL_FD_A_ENTRY,
	LIVEUPDATE_NL_FD_A_DIRECTION,
	LIVEUPDATE_NL_FD_A_OWNER,

	__LIVEUPDATE_NL_FD_A_MAX,
	LIVEUPDATE_NL_FD_A_MAX = (__LIVEUPDATE_NL_FD_A_MAX - 1)
};

enum liveupdate_nl_system_attrs {
	LIVEUPDATE_NL_SYSTEM_A_STATE = 1,
	LIVEUPDATE_NL_SYSTEM_A_SESSIONS,
	LIVEUPDATE_NL_SYSTEM_A_FDS,
	LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS,
	LIVEUPDATE_NL_SYSTEM_A_INCOMING,
	LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE,
	LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX,

	__LIVEUPDATE_NL_SYSTEM_A_MAX,
	LIVEUPDATE_NL_SYSTEM_A_MAX = (__LIVEUPDATE_NL_SYSTEM_A_MAX - 1)
};

enum liveupdate_nl_cmd {
	LIVEUPDATE_NL_CMD_SESSION_NEW = 1,
	LIVEUPDATE_NL_CMD_SESSION_DEL,
	LIVEUPDATE_NL_CMD_SESSION_GET,
	LIVEUPDATE_NL_CMD_SESSION_FINISH,
	LIVEUPDATE_NL_CMD_FD_ADD,
	LIVEUPDATE_NL_CMD_FD_DEL,
	LIVEUPDATE_NL_CMD_FD_GET,
	LIVEUPDATE_NL_CMD_FD_RESTORE,
	LIVEUPDATE_NL_CMD_FREEZE,
	LIVEUPDATE_NL_CMD_UNFREEZE,
	LIVEUPDATE_NL_CMD_STATUS_GET,
	LIVEUPDATE_NL_CMD_SESSION_NEW_NTF,
	LIVEUPDATE_NL_CMD_SESSION_DEL_NTF,
	LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF,
	LIVEUPDATE_NL_CMD_FD_ADD_NTF,
	LIVEUPDATE_NL_CMD_FD_DEL_NTF,
	LIVEUPDATE_NL_CMD_FD_RESTORE_NTF,
	LIVEUPDATE_NL_CMD_FREEZE_NTF,
	LIVEUPDATE_NL_CMD_UNFREEZE_NTF,
	LIVEUPDATE_NL_CMD_INCOMING_NTF,
	LIVEUPDATE_NL_CMD_SESSION_SET,
	LIVEUPDATE_NL_CMD_SESSION_SET_NTF,

	__LIVEUPDATE_NL_CMD_MAX,
	LIVEUPDATE_NL_CMD_MAX = (__LIVEUPDATE_NL_CMD_MAX - 1)
};

#define LIVEUPDATE_MCGRP_MONITOR	"monitor"

#endif /* _UAPI_LINUX_LIVEUPDATE_NL_H */
