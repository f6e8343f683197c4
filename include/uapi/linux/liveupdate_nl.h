/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN uapi header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _UAPI_LINUX_LIVEUPDATE_NL_H
#define _UAPI_LINUX_LIVEUPDATE_NL_H

#define LIVEUPDATE_NL_FAMILY_NAME	"liveupdate"
#define LIVEUPDATE_NL_FAMILY_VERSION	1

#define LIVEUPDATE_NL_SESSION_NAME_LEN	64

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
 * enum liveupdate_nl_state - State of a session.
 * @LIVEUPDATE_NL_STATE_LIVE: Outgoing, fully operating; files can be added and
 *   removed.
 * @LIVEUPDATE_NL_STATE_FROZEN: Outgoing, serialized into KHO with all
 *   preserved memory logged. Mutations are refused with EBUSY until unfreeze.
 * @LIVEUPDATE_NL_STATE_INCOMING: Received from the previous kernel; files can
 *   be restored.
 */
enum liveupdate_nl_state {
	LIVEUPDATE_NL_STATE_LIVE,
	LIVEUPDATE_NL_STATE_FROZEN,
	LIVEUPDATE_NL_STATE_INCOMING,
};

enum liveupdate_nl_session_attrs {
	LIVEUPDATE_NL_SESSION_A_NAME = 1,
	LIVEUPDATE_NL_SESSION_A_DIRECTION,
	LIVEUPDATE_NL_SESSION_A_STATE,
	LIVEUPDATE_NL_SESSION_A_FD_COUNT,
	LIVEUPDATE_NL_SESSION_A_BYTES,
	LIVEUPDATE_NL_SESSION_A_FD,

	__LIVEUPDATE_NL_SESSION_A_MAX,
	LIVEUPDATE_NL_SESSION_A_MAX = (__LIVEUPDATE_NL_SESSION_A_MAX - 1)
};

enum liveupdate_nl_fd_attrs {
	LIVEUPDATE_NL_FD_A_SESSION = 1,
	LIVEUPDATE_NL_FD_A_FD,
	LIVEUPDATE_NL_FD_A_TOKEN,
	LIVEUPDATE_NL_FD_A_COMPATIBLE,
	LIVEUPDATE_NL_FD_A_SIZE,

	__LIVEUPDATE_NL_FD_A_MAX,
	LIVEUPDATE_NL_FD_A_MAX = (__LIVEUPDATE_NL_FD_A_MAX - 1)
};

enum liveupdate_nl_cmd {
	LIVEUPDATE_NL_CMD_SESSION_NEW = 1,
	LIVEUPDATE_NL_CMD_SESSION_GET,
	LIVEUPDATE_NL_CMD_FD_ADD,
	LIVEUPDATE_NL_CMD_FD_RESTORE,
	LIVEUPDATE_NL_CMD_FREEZE,

	__LIVEUPDATE_NL_CMD_MAX,
	LIVEUPDATE_NL_CMD_MAX = (__LIVEUPDATE_NL_CMD_MAX - 1)
};

#endif /* _UAPI_LINUX_LIVEUPDATE_NL_H */
