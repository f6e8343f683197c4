/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the liveupdate generic netlink family.
 */

#ifndef _NET_LIVEUPDATE_LUNL_H
#define _NET_LIVEUPDATE_LUNL_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <uapi/linux/liveupdate_nl.h>

#include "luo_internal.h"
#include "kho_abi.h"

/**
 * struct lunl_fd - A file held by a session.
 * @list:       Entry in &struct lunl_session.fds, in the order added.
 * @token:      User token, unique within the session.
 * @set:        LUO file set holding only this file.
 * @ser:        Serialized @set while frozen, or as received.
 * @file:       Outgoing: our own reference to the preserved file, used
 *              for its size. Incoming: NULL.
 * @size:       Incoming: size recorded by the previous kernel.
 * @compatible: Handler compatible, known once frozen or when incoming.
 * @frozen:     Outgoing: @set is frozen and @ser is valid.
 * @restored:   Incoming: the file was installed in a caller.
 */
struct lunl_fd {
	struct list_head list;
	u64 token;
	struct luo_file_set set;
	struct luo_file_set_ser ser;
	struct file *file;
	u64 size;
	char compatible[LIVEUPDATE_HNDL_COMPAT_LENGTH];
	bool frozen;
	bool restored;
};

/**
 * struct lunl_session - A named group of files.
 * @id:        Index in the session xarray; dumps resume from it.
 * @name:      Session name.
 * @direction: &enum liveupdate_nl_direction.
 * @fds:       List of &struct lunl_fd, in the order added.
 * @nr_fds:    Number of entries in @fds.
 */
struct lunl_session {
	u32 id;
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	enum liveupdate_nl_direction direction;
	struct list_head fds;
	u32 nr_fds;
};

extern struct mutex lunl_lock;
extern struct xarray lunl_sessions;

enum liveupdate_nl_state lunl_session_state(const struct lunl_session *s);
u64 lunl_fd_size(const struct lunl_fd *f);
u64 lunl_session_bytes(const struct lunl_session *s);
struct lunl_session *lunl_session_find(const char *name,
				       enum liveupdate_nl_direction dir);
struct lunl_session *lunl_session_new(const char *name,
				      struct netlink_ext_ack *extack);
int lunl_fd_add(struct lunl_session *s, int fd, u64 token,
		struct netlink_ext_ack *extack);
struct file *lunl_fd_restore(struct lunl_session *s, u64 token,
			     struct lunl_fd **fp,
			     struct netlink_ext_ack *extack);
int lunl_freeze(struct netlink_ext_ack *extack);

#endif /* _NET_LIVEUPDATE_LUNL_H */
