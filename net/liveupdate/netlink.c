// SPDX-License-Identifier: GPL-2.0
/*
 * The generic netlink side of the liveupdate family: the permission
 * checks, the messages that describe its sessions, files and status,
 * every request and dump (which list the sessions of /dev/liveupdate
 * after its own, device.c), the notifications to the monitor group, the
 * per-socket state of owned sessions, and the family's registration.
 */

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/liveupdate.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "liveupdate-gen.h"
#include "lunl.h"

/* Largest message the family builds: a session with the largest user data. */
#define LUNL_MSG_MAX	SKB_WITH_OVERHEAD(8192)

/*
 * Genetlink has checked CAP_NET_ADMIN (admin-perm). Live update also needs
 * CAP_SYS_ADMIN, and is a property of the host: it is reached from the
 * initial network namespace only, where its notifications are sent.
 */
static int lunl_check_perm(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (!net_eq(sock_net(skb->sk), &init_net)) {
		NL_SET_ERR_MSG(extack,
			       "live update is reachable from the initial network namespace only");
		return -EPERM;
	}
	if (!netlink_capable(skb, CAP_SYS_ADMIN)) {
		NL_SET_ERR_MSG(extack,
			       "live update needs CAP_SYS_ADMIN in the initial user namespace");
		return -EPERM;
	}
	/* The first request after boot reads the incoming sessions. */
	lunl_incoming_use();
	return 0;
}

/**
 * liveupdate_nl_pre_doit() - Permission check before every request.
 * @ops:  The operation.
 * @skb:  The request.
 * @info: Request information.
 *
 * The first permitted request after boot also reads the previous kernel's
 * sessions (lunl_incoming_use()).
 *
 * Return: 0 if the sender has CAP_SYS_ADMIN in the initial user
 * namespace, -EPERM otherwise.
 */
int liveupdate_nl_pre_doit(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info)
{
	return lunl_check_perm(skb, info->extack);
}

/**
 * liveupdate_nl_dump_start() - Permission check before every dump.
 * @cb: The dump.
 *
 * As liveupdate_nl_pre_doit(), the first permitted dump after boot reads
 * the previous kernel's sessions.
 *
 * Return: 0 if the sender has CAP_SYS_ADMIN in the initial user
 * namespace, -EPERM otherwise.
 */
int liveupdate_nl_dump_start(struct netlink_callback *cb)
{
	/* Every message of a dump fits, whatever the reader's buffer. */
	cb->min_dump_alloc = max_t(u32, cb->min_dump_alloc, LUNL_MSG_MAX);
	return lunl_check_perm(cb->skb, cb->extack);
}

/* Payload of a file's attributes, as lunl_put_fd_attrs() writes them. */
static size_t lunl_fd_attrs_size(const struct lunl_fd *f)
{
	size_t size = 2 * nla_total_size_64bit(sizeof(u64)) +
		      nla_total_size(sizeof(u32)) +
		      f->nr_deps * nla_total_size_64bit(sizeof(u64));

	if (f->compatible[0])
		size += nla_total_size(strlen(f->compatible) + 1);
	if (f->label)
		size += nla_total_size(strlen(f->label) + 1);
	return size;
}

/* Payload of a file message: its session's name and its attributes. */
static size_t lunl_fd_msg_size(const struct lunl_fd *f)
{
	return nla_total_size(LIVEUPDATE_NL_SESSION_NAME_LEN) +
	       lunl_fd_attrs_size(f);
}

/* Payload of a session message. */
static size_t lunl_session_msg_size(const struct lunl_session *s)
{
	return nla_total_size(LIVEUPDATE_NL_SESSION_NAME_LEN) +
	       4 * nla_total_size(sizeof(u32)) +
	       3 * nla_total_size_64bit(sizeof(u64)) +
	       nla_total_size(s->data_len);
}

static int lunl_put_fd_attrs(struct sk_buff *skb, struct lunl_fd *f)
{
	u32 i;

	if (nla_put_uint(skb, LIVEUPDATE_NL_FD_A_TOKEN, f->token) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_FD_A_SIZE, lunl_fd_size(f)) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_FD_A_STATE, f->state) ||
	    (f->compatible[0] &&
	     nla_put_string(skb, LIVEUPDATE_NL_FD_A_COMPATIBLE, f->compatible)) ||
	    (f->label &&
	     nla_put_string(skb, LIVEUPDATE_NL_FD_A_LABEL, f->label)))
		return -EMSGSIZE;
	for (i = 0; i < f->nr_deps; i++)
		if (nla_put_uint(skb, LIVEUPDATE_NL_FD_A_DEPENDS, f->deps[i]))
			return -EMSGSIZE;
	return 0;
}

static int lunl_put_fd(struct sk_buff *skb, struct lunl_fd *f, u32 portid,
		       u32 seq, int flags, u8 cmd)
{
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &liveupdate_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LIVEUPDATE_NL_FD_A_SESSION, f->session->name) ||
	    lunl_put_fd_attrs(skb, f)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * A session's own attributes; its files are listed by fd-get, so that
 * the reply has one shape whatever the number of files.
 */
static int lunl_put_session(struct sk_buff *skb, struct lunl_session *s,
			    u32 portid, u32 seq, int flags, u8 cmd)
{
	u64 bytes = 0, pages = 0;
	struct lunl_fd *f;
	void *hdr;

	list_for_each_entry(f, &s->fds, list) {
		u64 size = lunl_fd_size(f);

		bytes += size;
		pages += DIV_ROUND_UP_ULL(size, PAGE_SIZE);
	}

	hdr = genlmsg_put(skb, portid, seq, &liveupdate_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LIVEUPDATE_NL_SESSION_A_NAME, s->name) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_DIRECTION, s->direction) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_STATE,
			lunl_session_state(s)) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_FLAGS, s->flags) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_FD_COUNT, s->nr_fds) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_BYTES, bytes) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_PAGES, pages) ||
	    (s->freeze_ns &&
	     nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_FREEZE_NS, s->freeze_ns)) ||
	    (s->data_len &&
	     nla_put(skb, LIVEUPDATE_NL_SESSION_A_USER_DATA, s->data_len,
		     s->data)))
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int lunl_put_status(struct sk_buff *skb, u32 portid, u32 seq, u8 cmd)
{
	struct lunl_status st;
	void *hdr;

	lunl_status(&st);
	hdr = genlmsg_put(skb, portid, seq, &liveupdate_nl_family, 0, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_STATE,
			st.frozen ? LIVEUPDATE_NL_STATE_FROZEN :
				    LIVEUPDATE_NL_STATE_LIVE) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_SESSIONS, st.sessions) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_FDS, st.fds) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_INCOMING, st.incoming) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE,
			st.record_size) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX, st.record_max) ||
	    (st.freeze_ns &&
	     nla_put_uint(skb, LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS, st.freeze_ns))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/**
 * lunl_multicast() - Send a notification to the monitor group.
 * @msg: The notification, consumed; NULL if it could not be allocated.
 * @err: 0, or why @msg could not be built.
 *
 * Tells the monitors that a notification was lost if @msg is NULL or
 * @err is set: as rtnetlink does, their next read fails with ENOBUFS and
 * they resync with a dump. The change it described stands either way. A
 * monitor whose receive queue is full gets ENOBUFS from netlink itself.
 */
void lunl_multicast(struct sk_buff *msg, int err)
{
	if (!msg || err) {
		nlmsg_free(msg);
		genl_set_err(&liveupdate_nl_family, &init_net, 0,
			     LIVEUPDATE_NLGRP_MONITOR, -ENOBUFS);
		return;
	}
	genlmsg_multicast(&liveupdate_nl_family, msg, 0,
			  LIVEUPDATE_NLGRP_MONITOR, GFP_KERNEL);
}

/**
 * lunl_listened() - Whether anyone listens to the monitor group.
 *
 * Return: true if a notification would reach someone.
 */
bool lunl_listened(void)
{
	return genl_has_listeners(&liveupdate_nl_family, &init_net,
				  LIVEUPDATE_NLGRP_MONITOR);
}

/**
 * lunl_notify_session() - Tell the monitor group about a session.
 * @s:   The session.
 * @cmd: The notification.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_notify_session(struct lunl_session *s, u8 cmd)
{
	struct sk_buff *msg;
	int err;

	lunl_assert_held();
	if (!lunl_listened())
		return;
	msg = genlmsg_new(lunl_session_msg_size(s), GFP_KERNEL);
	err = msg ? lunl_put_session(msg, s, 0, 0, 0, cmd) : -ENOMEM;
	lunl_multicast(msg, err);
}

/**
 * lunl_notify_fd() - Tell the monitor group about a file.
 * @f:   The file.
 * @cmd: The notification.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_notify_fd(struct lunl_fd *f, u8 cmd)
{
	struct sk_buff *msg;
	int err;

	lunl_assert_held();
	if (!lunl_listened())
		return;
	msg = genlmsg_new(lunl_fd_msg_size(f), GFP_KERNEL);
	err = msg ? lunl_put_fd(msg, f, 0, 0, 0, cmd) : -ENOMEM;
	lunl_multicast(msg, err);
}

/**
 * lunl_notify_status() - Tell the monitor group about the system state.
 * @cmd: The notification.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_notify_status(u8 cmd)
{
	struct sk_buff *msg;
	int err;

	lunl_assert_held();
	if (!lunl_listened())
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	err = msg ? lunl_put_status(msg, 0, 0, cmd) : -ENOMEM;
	lunl_multicast(msg, err);
}

/*
 * Replies are allocated before a request changes anything: a request is
 * either refused, or done and answered.
 */
static struct sk_buff *lunl_reply_alloc(struct genl_info *info, size_t size)
{
	struct sk_buff *msg = genlmsg_new(size, GFP_KERNEL);

	if (!msg)
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
	return msg;
}

/* Room for any session. */
#define LUNL_SESSION_REPLY	(LUNL_MSG_MAX - NLMSG_HDRLEN - GENL_HDRLEN)

static int lunl_reply_session(struct genl_info *info, struct sk_buff *msg,
			      struct lunl_session *s)
{
	int err;

	err = lunl_put_session(msg, s, info->snd_portid, info->snd_seq, 0,
			       info->genlhdr->cmd);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

static const char *const lunl_dir_name[] = {
	[LIVEUPDATE_NL_DIRECTION_OUTGOING] = "outgoing",
	[LIVEUPDATE_NL_DIRECTION_INCOMING] = "incoming",
};

/*
 * The session a request names in attribute @attr: in direction @dir, or
 * for LUNL_ANY_DIRECTION in the one the direction attribute @dir_attr
 * gives. Without that attribute, a name that an incoming and an outgoing
 * session share is ambiguous. Return the session or an ERR_PTR(), with a
 * message.
 */
static struct lunl_session *lunl_lookup(const struct genl_info *info,
					int attr, int dir_attr, int dir)
{
	struct nlattr *want = info->attrs[dir_attr];
	struct nlattr *name = info->attrs[attr];
	struct lunl_session *out = NULL, *in = NULL;

	if (want) {
		if (dir != LUNL_ANY_DIRECTION && nla_get_u32(want) != dir) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, want,
						"this request takes an %s session",
						lunl_dir_name[dir]);
			return ERR_PTR(-EINVAL);
		}
		dir = nla_get_u32(want);
	}
	if (dir != LIVEUPDATE_NL_DIRECTION_INCOMING)
		out = lunl_session_find(nla_data(name),
					LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (dir != LIVEUPDATE_NL_DIRECTION_OUTGOING)
		in = lunl_session_find(nla_data(name),
				       LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (out && in) {
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "an incoming and an outgoing session have that name: give the direction");
		return ERR_PTR(-EINVAL);
	}
	if (out || in)
		return out ?: in;

	switch (dir) {
	case LIVEUPDATE_NL_DIRECTION_OUTGOING:
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no outgoing session of that name: create it first");
		break;
	case LIVEUPDATE_NL_DIRECTION_INCOMING:
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no incoming session of that name");
		break;
	default:
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no session of that name");
	}
	return ERR_PTR(-ENOENT);
}

/* The file a request names by token or by label, or NULL. */
static struct lunl_fd *lunl_lookup_fd(struct genl_info *info,
				      struct lunl_session *s)
{
	struct nlattr *label = info->attrs[LIVEUPDATE_NL_FD_A_LABEL];
	struct nlattr *token = info->attrs[LIVEUPDATE_NL_FD_A_TOKEN];
	struct lunl_fd *f;

	if (label) {
		f = lunl_fd_find_label(s, nla_data(label));
		if (!f)
			NL_SET_ERR_MSG_ATTR(info->extack, label,
					    "the session has no file with that label");
		return f;
	}
	f = lunl_fd_find(s, nla_get_uint(token));
	if (!f)
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, token,
					"the session has no file with token %llu",
					nla_get_uint(token));
	return f;
}

/* A request naming one file gives its session and its token or label. */
static int lunl_check_fd_attrs(struct genl_info *info)
{
	struct nlattr *label = info->attrs[LIVEUPDATE_NL_FD_A_LABEL];

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_SESSION))
		return -EINVAL;
	if (label && info->attrs[LIVEUPDATE_NL_FD_A_TOKEN]) {
		NL_SET_ERR_MSG_ATTR(info->extack, label,
				    "name the file by its token or by its label, not both");
		return -EINVAL;
	}
	if (!label && !info->attrs[LIVEUPDATE_NL_FD_A_TOKEN]) {
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, LIVEUPDATE_NL_FD_A_TOKEN);
		NL_SET_ERR_MSG(info->extack,
			       "name the file by its token or by its label");
		return -EINVAL;
	}
	return 0;
}

/*
 * The family's session a request that changes it names: as lunl_lookup(),
 * but a session of /dev/liveupdate is refused with EBUSY.
 */
static struct lunl_session *lunl_lookup_change(const struct genl_info *info,
					       int attr, int dir_attr, int dir)
{
	struct liveupdate_session_info si;
	struct lunl_session *s;

	s = lunl_lookup(info, attr, dir_attr, dir);
	if (PTR_ERR_OR_ZERO(s) != -ENOENT ||
	    lunl_dev_lookup(info, attr, dir_attr, dir, &si))
		return s;
	lunl_extack_clear(info->extack);
	NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
			    "the session belongs to /dev/liveupdate: change it through its file descriptor");
	return ERR_PTR(-EBUSY);
}

/**
 * liveupdate_nl_session_new_doit() - Create an outgoing session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[LIVEUPDATE_NL_SESSION_A_USER_DATA];
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_SESSION_A_NAME];
	struct liveupdate_nl_sock *owner = NULL;
	struct lunl_session *s;
	struct sk_buff *msg;
	u32 flags = 0;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;
	if (info->attrs[LIVEUPDATE_NL_SESSION_A_FLAGS])
		flags = nla_get_u32(info->attrs[LIVEUPDATE_NL_SESSION_A_FLAGS]);
	if (flags & LIVEUPDATE_NL_SESSION_FLAGS_OWNED) {
		/*
		 * Destroyed with the socket, which deletes what it owns (a
		 * racing call's spare copy owns nothing: its destroy returns
		 * at once).
		 */
		owner = genl_sk_priv_get(&liveupdate_nl_family,
					 NETLINK_CB(skb).sk);
		if (IS_ERR(owner)) {
			NL_SET_ERR_MSG(info->extack,
				       "out of memory creating the session");
			return PTR_ERR(owner);
		}
	}
	msg = lunl_reply_alloc(info, LUNL_SESSION_REPLY);
	if (!msg)
		return -ENOMEM;

	guard(lunl)();
	s = lunl_session_new(nla_data(name), name, flags, owner,
			     data ? nla_data(data) : NULL,
			     data ? nla_len(data) : 0, info->extack);
	if (IS_ERR(s)) {
		nlmsg_free(msg);
		return PTR_ERR(s);
	}
	return lunl_reply_session(info, msg, s);
}

/**
 * liveupdate_nl_session_set_doit() - Replace a session's user data.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *data = info->attrs[LIVEUPDATE_NL_SESSION_A_USER_DATA];
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_SESSION_A_NAME];
	struct lunl_session *s;
	struct sk_buff *msg;
	int err;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME) ||
	    GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_USER_DATA))
		return -EINVAL;
	msg = lunl_reply_alloc(info, LUNL_SESSION_REPLY);
	if (!msg)
		return -ENOMEM;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_SESSION_A_NAME,
			       LIVEUPDATE_NL_SESSION_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s)) {
		nlmsg_free(msg);
		if (PTR_ERR(s) != -ENOENT ||
		    !lunl_session_find(nla_data(name),
				       LIVEUPDATE_NL_DIRECTION_INCOMING))
			return PTR_ERR(s);
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "incoming sessions keep the data they came with");
		return -EINVAL;
	}
	err = lunl_session_set_data(s, nla_data(data), nla_len(data),
				    info->extack);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return lunl_reply_session(info, msg, s);
}

/**
 * liveupdate_nl_session_del_doit() - Delete an outgoing session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_SESSION_A_NAME];
	struct lunl_session *s;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_SESSION_A_NAME,
			       LIVEUPDATE_NL_SESSION_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s)) {
		if (PTR_ERR(s) != -ENOENT ||
		    !lunl_session_find(nla_data(name),
				       LIVEUPDATE_NL_DIRECTION_INCOMING))
			return PTR_ERR(s);
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "that is an incoming session: finish it instead");
		return -EINVAL;
	}
	return lunl_session_del(s, info->extack);
}

/**
 * liveupdate_nl_session_get_doit() - Describe one session.
 * @skb:  The request.
 * @info: Request information.
 *
 * The outgoing session of that name is described if there is one, the
 * incoming one otherwise.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lunl_session *s;
	struct sk_buff *msg;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;
	msg = lunl_reply_alloc(info, LUNL_SESSION_REPLY);
	if (!msg)
		return -ENOMEM;

	guard(lunl)();
	s = lunl_lookup(info, LIVEUPDATE_NL_SESSION_A_NAME,
			LIVEUPDATE_NL_SESSION_A_DIRECTION, LUNL_ANY_DIRECTION);
	if (PTR_ERR_OR_ZERO(s) == -ENOENT)
		return lunl_reply_dev_session(info, msg);
	if (IS_ERR(s)) {
		nlmsg_free(msg);
		return PTR_ERR(s);
	}
	return lunl_reply_session(info, msg, s);
}

/* Phases of a session-get dump, in cb->args[1]. */
enum {
	LUNL_DUMP_FAMILY,	/* cb->args[0]: the next session id */
	LUNL_DUMP_DEV_OUT,	/* cb->args[2]: LUO's next session id */
	LUNL_DUMP_DEV_IN,	/* the same, incoming */
	LUNL_DUMP_DONE,
};

/* A session-get dump message of the family's session @s, or of @si. */
static int lunl_dump_session(struct sk_buff *skb, struct netlink_callback *cb,
			     struct lunl_session *s,
			     const struct liveupdate_session_info *si)
{
	u32 portid = NETLINK_CB(cb->skb).portid, seq = cb->nlh->nlmsg_seq;

	if (s)
		return lunl_put_session(skb, s, portid, seq, NLM_F_MULTI,
					LIVEUPDATE_NL_CMD_SESSION_GET);
	return lunl_dev_put_session(skb, si, portid, seq, NLM_F_MULTI,
				    LIVEUPDATE_NL_CMD_SESSION_GET);
}

/**
 * liveupdate_nl_session_get_dumpit() - Describe every session.
 * @skb: The message to fill.
 * @cb:  The dump; cb->args[1] is the phase (the family's sessions, then
 *       the outgoing and the incoming ones of /dev/liveupdate), cb->args[0]
 *       and cb->args[2] the session ids to resume from.
 *
 * The files are listed by fd-get dumps. A batch, or the dump's end, made after
 * a change to any session since the previous batch (the family's or one
 * of /dev/liveupdate: lunl_changed()) is marked NLM_F_DUMP_INTR.
 *
 * Return: The message length, 0 when done, or a negative errno.
 */
int liveupdate_nl_session_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct liveupdate_session_info si;
	struct lunl_session *s;
	struct nlmsghdr *nlh;
	unsigned long id;
	u64 pos;

	if (cb->args[1] == LUNL_DUMP_FAMILY) {
		guard(lunl)();
		cb->seq = lunl_dump_seq();
		for (id = cb->args[0];
		     id <= U32_MAX && (s = lunl_session_from(&id)); id++) {
			nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
			if (lunl_dump_session(skb, cb, s, NULL))
				return skb->len;
			nl_dump_check_consistent(cb, nlh);
			cb->args[0] = id + 1;
		}
		cb->args[1] = LUNL_DUMP_DEV_OUT;
	} else {
		cb->seq = lunl_dump_seq();
	}
	/* LUO's sessions, under LUO's locks only. */
	for (; cb->args[1] < LUNL_DUMP_DONE; cb->args[1]++, cb->args[2] = 0) {
		pos = cb->args[2];
		while (!liveupdate_session_next(cb->args[1] == LUNL_DUMP_DEV_IN,
						LIVEUPDATE_SESSION_OWNER_FD,
						&pos, &si)) {
			nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
			if (lunl_dump_session(skb, cb, NULL, &si))
				return skb->len;
			nl_dump_check_consistent(cb, nlh);
			cb->args[2] = pos;
		}
	}
	return skb->len;
}

/**
 * liveupdate_nl_session_finish_doit() - Release an incoming session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_session_finish_doit(struct sk_buff *skb,
				      struct genl_info *info)
{
	struct lunl_session *s;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_SESSION_A_NAME,
			       LIVEUPDATE_NL_SESSION_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	return lunl_session_finish(s,
				   nla_get_flag(info->attrs[LIVEUPDATE_NL_SESSION_A_DISCARD]),
				   info->extack);
}

/* Add one file of a multi-file fd-add, described by the nest @entry. */
static int lunl_fd_add_entry(struct genl_info *info, struct lunl_session *s,
			     const struct nlattr *entry)
{
	struct nlattr *tb[ARRAY_SIZE(liveupdate_fd_entry_nl_policy)];
	struct lunl_fd *f;
	int err;

	err = nla_parse_nested(tb, ARRAY_SIZE(tb) - 1, entry,
			       liveupdate_fd_entry_nl_policy, info->extack);
	if (err)
		return err;
	if (NL_REQ_ATTR_CHECK(info->extack, entry, tb, LIVEUPDATE_NL_FD_A_FD) ||
	    NL_REQ_ATTR_CHECK(info->extack, entry, tb,
			      LIVEUPDATE_NL_FD_A_TOKEN)) {
		NL_SET_ERR_MSG(info->extack, "an entry needs both fd and token");
		return -EINVAL;
	}
	f = lunl_fd_add(s, nla_get_s32(tb[LIVEUPDATE_NL_FD_A_FD]),
			nla_get_uint(tb[LIVEUPDATE_NL_FD_A_TOKEN]),
			tb[LIVEUPDATE_NL_FD_A_LABEL] ?
			nla_data(tb[LIVEUPDATE_NL_FD_A_LABEL]) : NULL,
			info->extack);
	return PTR_ERR_OR_ZERO(f);
}

/*
 * Add the files of every entry of @info to @s in order, all or none: on
 * a refusal the entry is the bad attribute, and the files added before
 * it are removed again, newest first, so that no dependency is left
 * without its dependent. A monitor sees them added and removed. Called
 * with lunl_lock() held.
 */
static int lunl_fd_add_entries(struct genl_info *info, struct lunl_session *s)
{
	const struct nlattr *entry;
	unsigned int added = 0;
	int rem, err = 0;

	lunl_assert_held();
	nlmsg_for_each_attr_type(entry, LIVEUPDATE_NL_FD_A_ENTRY, info->nlhdr,
				 GENL_HDRLEN, rem) {
		err = lunl_fd_add_entry(info, s, entry);
		if (err)
			break;
		added++;
	}
	if (!err)
		return 0;
	if (!info->extack->bad_attr)
		NL_SET_BAD_ATTR(info->extack, entry);
	/* Nothing depends on the newest file, and the state is live. */
	while (added--)
		if (WARN_ON_ONCE(lunl_fd_del(list_last_entry(&s->fds,
							     struct lunl_fd,
							     list), NULL)))
			break;
	return err;
}

/**
 * liveupdate_nl_fd_add_doit() - Preserve files in an outgoing session.
 * @skb:  The request.
 * @info: Request information: one file at the top level, or entries.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *label, *both;
	struct lunl_session *s;
	struct lunl_fd *f;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_SESSION))
		return -EINVAL;
	both = info->attrs[LIVEUPDATE_NL_FD_A_FD] ?:
	       info->attrs[LIVEUPDATE_NL_FD_A_TOKEN] ?:
	       info->attrs[LIVEUPDATE_NL_FD_A_LABEL];
	if (info->attrs[LIVEUPDATE_NL_FD_A_ENTRY] && both) {
		NL_SET_ERR_MSG_ATTR(info->extack, both,
				    "give fd, token and label either at the top level or in entries, not both");
		return -EINVAL;
	}
	if (!info->attrs[LIVEUPDATE_NL_FD_A_ENTRY] &&
	    (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_FD) ||
	     GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_TOKEN)))
		return -EINVAL;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_FD_A_SESSION,
			       LIVEUPDATE_NL_FD_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (info->attrs[LIVEUPDATE_NL_FD_A_ENTRY])
		return lunl_fd_add_entries(info, s);
	label = info->attrs[LIVEUPDATE_NL_FD_A_LABEL];
	f = lunl_fd_add(s, nla_get_s32(info->attrs[LIVEUPDATE_NL_FD_A_FD]),
			nla_get_uint(info->attrs[LIVEUPDATE_NL_FD_A_TOKEN]),
			label ? nla_data(label) : NULL, info->extack);
	return PTR_ERR_OR_ZERO(f);
}

/**
 * liveupdate_nl_fd_del_doit() - Unpreserve a file of an outgoing session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lunl_session *s;
	struct lunl_fd *f;
	int err;

	err = lunl_check_fd_attrs(info);
	if (err)
		return err;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_FD_A_SESSION,
			       LIVEUPDATE_NL_FD_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	f = lunl_lookup_fd(info, s);
	if (!f)
		return -ENOENT;
	return lunl_fd_del(f, info->extack);
}

/**
 * liveupdate_nl_fd_get_doit() - Describe one file.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct lunl_session *s;
	struct sk_buff *msg;
	struct lunl_fd *f;
	int err;

	err = lunl_check_fd_attrs(info);
	if (err)
		return err;

	guard(lunl)();
	s = lunl_lookup(info, LIVEUPDATE_NL_FD_A_SESSION,
			LIVEUPDATE_NL_FD_A_DIRECTION, LUNL_ANY_DIRECTION);
	if (PTR_ERR_OR_ZERO(s) == -ENOENT)
		return lunl_reply_dev_fd(info);
	if (IS_ERR(s))
		return PTR_ERR(s);
	f = lunl_lookup_fd(info, s);
	if (!f)
		return -ENOENT;
	msg = genlmsg_new(lunl_fd_msg_size(f), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = lunl_put_fd(msg, f, info->snd_portid, info->snd_seq, 0,
			  LIVEUPDATE_NL_CMD_FD_GET);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/**
 * liveupdate_nl_fd_get_dumpit() - Describe every file of a session.
 * @skb: The message to fill.
 * @cb:  The dump; cb->args[0] is the position in the session to resume
 *       from, cb->args[1] the session index, cb->args[2] 0 for a session
 *       of the family, 1 + incoming for one of /dev/liveupdate.
 *
 * Batches are marked NLM_F_DUMP_INTR as in session-get dumps.
 *
 * Return: The message length, 0 when done, or a negative errno.
 */
int liveupdate_nl_fd_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_FD_A_SESSION];
	struct liveupdate_session_info si = {};
	struct lunl_dev_walk w = {};
	struct lunl_session *s;
	struct nlmsghdr *nlh;
	struct lunl_fd *f;
	long pos = 0;
	int err;

	if (!name) {
		NL_SET_ERR_MSG(cb->extack, "name the session whose files to list");
		return -EINVAL;
	}

	guard(lunl)();
	cb->seq = lunl_dump_seq();
	if (!cb->args[0] && !cb->args[2]) {
		s = lunl_lookup(info, LIVEUPDATE_NL_FD_A_SESSION,
				LIVEUPDATE_NL_FD_A_DIRECTION, LUNL_ANY_DIRECTION);
		if (PTR_ERR_OR_ZERO(s) != -ENOENT) {
			if (IS_ERR(s))
				return PTR_ERR(s);
			cb->args[1] = s->id;
		} else {
			err = lunl_dev_lookup(info, LIVEUPDATE_NL_FD_A_SESSION,
					      LIVEUPDATE_NL_FD_A_DIRECTION,
					      LUNL_ANY_DIRECTION, &si);
			if (err)
				return err;
			lunl_extack_clear(info->extack);
			cb->args[1] = si.id;
			cb->args[2] = 1 + si.incoming;
		}
	}
	if (cb->args[2]) {
		/* A session of /dev/liveupdate: the request names it. */
		strscpy(si.name, nla_data(name));
		si.id = cb->args[1];
		si.incoming = cb->args[2] == 2;
		w.skb = skb;
		w.si = &si;
		w.portid = NETLINK_CB(cb->skb).portid;
		w.seq = cb->nlh->nlmsg_seq;
		w.flags = NLM_F_MULTI;
		nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
		liveupdate_session_files(si.incoming, si.id, cb->args[0],
					 lunl_dev_put_fd, &w);
		if (w.done)
			nl_dump_check_consistent(cb, nlh);
		cb->args[0] += w.done;
		return skb->len;
	}
	s = lunl_session_by_id(cb->args[1]);
	if (!s)	/* gone between two batches: the end is marked */
		return 0;

	list_for_each_entry(f, &s->fds, list) {
		if (pos++ < cb->args[0])
			continue;
		nlh = (struct nlmsghdr *)skb_tail_pointer(skb);
		err = lunl_put_fd(skb, f, NETLINK_CB(cb->skb).portid,
				  cb->nlh->nlmsg_seq, NLM_F_MULTI,
				  LIVEUPDATE_NL_CMD_FD_GET);
		if (err)
			break;
		nl_dump_check_consistent(cb, nlh);
		cb->args[0] = pos;
	}
	return skb->len;
}

/*
 * Reply to fd-restore with the new descriptor and install it once the
 * reply is queued; on any failure the descriptor and @file are released.
 */
static int lunl_restore_reply(struct genl_info *info, struct sk_buff *msg,
			      struct lunl_fd *f, struct file *file,
			      int fd_flags)
{
	FD_PREPARE(fdf, fd_flags, file);
	void *hdr;
	int err;

	if (fdf.err) {
		fput(file);
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack, "no free file descriptor in the caller");
		return fdf.err;
	}

	hdr = genlmsg_iput(msg, info);
	if (!hdr ||
	    nla_put_string(msg, LIVEUPDATE_NL_FD_A_SESSION, f->session->name) ||
	    nla_put_s32(msg, LIVEUPDATE_NL_FD_A_FD, fd_prepare_fd(fdf)) ||
	    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_TOKEN, f->token) ||
	    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_SIZE, f->size) ||
	    (f->compatible[0] &&
	     nla_put_string(msg, LIVEUPDATE_NL_FD_A_COMPATIBLE, f->compatible)) ||
	    (f->label &&
	     nla_put_string(msg, LIVEUPDATE_NL_FD_A_LABEL, f->label))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	if (err)
		return err;
	fd_publish(fdf);
	f->state = LIVEUPDATE_NL_FD_STATE_RESTORED;
	lunl_changed();
	lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_RESTORE_NTF);
	return 0;
}

/* A file a multi-file fd-restore restores, and its reserved descriptor. */
struct lunl_restore {
	struct lunl_fd *f;
	struct file *file;
	int fd;
};

/* The file of @s the fd-restore entry @entry names, by token or label. */
static struct lunl_fd *lunl_restore_entry(struct genl_info *info,
					  struct lunl_session *s,
					  const struct nlattr *entry)
{
	struct nlattr *tb[ARRAY_SIZE(liveupdate_fd_entry_nl_policy)];
	struct nlattr *token, *label;
	struct lunl_fd *f;
	int err;

	err = nla_parse_nested(tb, ARRAY_SIZE(tb) - 1, entry,
			       liveupdate_fd_entry_nl_policy, info->extack);
	if (err)
		return ERR_PTR(err);
	token = tb[LIVEUPDATE_NL_FD_A_TOKEN];
	label = tb[LIVEUPDATE_NL_FD_A_LABEL];
	if (tb[LIVEUPDATE_NL_FD_A_FD]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[LIVEUPDATE_NL_FD_A_FD],
				    "an fd-restore entry names a file by token or label; the reply gives its descriptor");
		return ERR_PTR(-EINVAL);
	}
	if (token && label) {
		NL_SET_ERR_MSG_ATTR(info->extack, label,
				    "name the file by its token or by its label, not both");
		return ERR_PTR(-EINVAL);
	}
	if (!token && !label) {
		NL_SET_ERR_ATTR_MISS(info->extack, entry,
				     LIVEUPDATE_NL_FD_A_TOKEN);
		NL_SET_ERR_MSG(info->extack,
			       "name the file by its token or by its label");
		return ERR_PTR(-EINVAL);
	}
	f = label ? lunl_fd_find_label(s, nla_data(label)) :
		    lunl_fd_find(s, nla_get_uint(token));
	if (!f) {
		if (label)
			NL_SET_ERR_MSG_ATTR(info->extack, label,
					    "the session has no file with that label");
		else
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, token,
						"the session has no file with token %llu",
						nla_get_uint(token));
		return ERR_PTR(-ENOENT);
	}
	if (f->restoring) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, label ?: token,
					"token %llu is named twice in the request",
					f->token);
		return ERR_PTR(-EINVAL);
	}
	return f;
}

/*
 * Payload of the reply to a multi-file fd-restore of @n files: the
 * session, and per file its descriptor and token, in the order asked
 * (about 1.6 KiB for the most entries, well within one message).
 */
static size_t lunl_restore_size(const struct lunl_session *s, unsigned int n)
{
	return nla_total_size(strlen(s->name) + 1) +
	       n * nla_total_size(nla_total_size(sizeof(s32)) +
				  nla_total_size(sizeof(u64)));
}

static int lunl_restore_put(struct sk_buff *msg, struct genl_info *info,
			    struct lunl_session *s,
			    const struct lunl_restore *r, unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;
	void *hdr;

	hdr = genlmsg_iput(msg, info);
	if (!hdr || nla_put_string(msg, LIVEUPDATE_NL_FD_A_SESSION, s->name))
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		nest = nla_nest_start(msg, LIVEUPDATE_NL_FD_A_ENTRY);
		if (!nest ||
		    nla_put_s32(msg, LIVEUPDATE_NL_FD_A_FD, r[i].fd) ||
		    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_TOKEN, r[i].f->token))
			return -EMSGSIZE;
		nla_nest_end(msg, nest);
	}
	genlmsg_end(msg, hdr);
	return 0;
}

/*
 * fd-restore with entries: restore the file each entry names, in order,
 * into descriptors reserved in the caller, and install them only once
 * every file was restored and the reply is queued. On a refusal nothing
 * is installed: the files restored before it are released and stay
 * restorable (a file whose handler failed turns unrecoverable, as with
 * one file); the entry is the bad attribute when the refusal is about
 * its file. Called with lunl_lock() held.
 */
static int lunl_fd_restore_entries(struct genl_info *info,
				   struct lunl_session *s, int fd_flags)
{
	const struct nlattr *entry;
	unsigned int n = 0, i;
	struct lunl_restore *r;
	struct sk_buff *msg;
	int rem, err = 0;
	bool blame = false;

	lunl_assert_held();
	nlmsg_for_each_attr_type(entry, LIVEUPDATE_NL_FD_A_ENTRY, info->nlhdr,
				 GENL_HDRLEN, rem)
		n++;
	if (n > LIVEUPDATE_NL_MAX_RESTORE_ENTRIES) {
		NL_SET_ERR_MSG_FMT(info->extack,
				   "%u entries: at most %d files per fd-restore: split the request",
				   n, LIVEUPDATE_NL_MAX_RESTORE_ENTRIES);
		return -E2BIG;
	}
	r = kcalloc(n, sizeof(*r), GFP_KERNEL);
	if (!r) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the request");
		return -ENOMEM;
	}
	n = 0;
	nlmsg_for_each_attr_type(entry, LIVEUPDATE_NL_FD_A_ENTRY, info->nlhdr,
				 GENL_HDRLEN, rem) {
		struct lunl_restore *one = &r[n];

		one->f = lunl_restore_entry(info, s, entry);
		if (IS_ERR(one->f)) {
			err = PTR_ERR(one->f);
			blame = true;
			break;
		}
		/* The descriptor first: running out costs no retrieve. */
		one->fd = get_unused_fd_flags(fd_flags);
		if (one->fd < 0) {
			err = one->fd;
			NL_SET_ERR_MSG(info->extack,
				       "no free file descriptor in the caller");
			break;
		}
		one->file = lunl_fd_restore(one->f, info->extack);
		if (IS_ERR(one->file)) {
			put_unused_fd(one->fd);
			err = PTR_ERR(one->file);
			/* Committed to a kexec: not the entry's fault. */
			blame = err != -EBUSY;
			break;
		}
		one->f->restoring = true;
		n++;
	}
	if (err) {
		if (blame && !info->extack->bad_attr)
			NL_SET_BAD_ATTR(info->extack, entry);
		goto undo;
	}

	msg = genlmsg_new(lunl_restore_size(s, n), GFP_KERNEL);
	if (!msg) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		err = -ENOMEM;
		goto undo;
	}
	err = lunl_restore_put(msg, info, s, r, n);
	if (err) {
		nlmsg_free(msg);
		goto undo;
	}
	err = genlmsg_reply(msg, info);
	if (err)
		goto undo;
	for (i = 0; i < n; i++) {
		fd_install(r[i].fd, r[i].file);
		r[i].f->restoring = false;
		r[i].f->state = LIVEUPDATE_NL_FD_STATE_RESTORED;
		lunl_notify_fd(r[i].f, LIVEUPDATE_NL_CMD_FD_RESTORE_NTF);
	}
	lunl_changed();
	kfree(r);
	return 0;

undo:
	for (i = 0; i < n; i++) {
		put_unused_fd(r[i].fd);
		fput(r[i].file);
		r[i].f->restoring = false;
	}
	kfree(r);
	return err;
}

/**
 * liveupdate_nl_fd_restore_doit() - Restore a file into the caller.
 * @skb:  The request.
 * @info: Request information.
 *
 * Or several, one per entry, all or none (lunl_fd_restore_entries()).
 * The new descriptors are installed, with O_CLOEXEC unless asked
 * otherwise, once the reply is queued.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_restore_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *fl = info->attrs[LIVEUPDATE_NL_FD_A_FLAGS];
	struct nlattr *entries = info->attrs[LIVEUPDATE_NL_FD_A_ENTRY];
	struct nlattr *both;
	struct lunl_session *s;
	struct sk_buff *msg;
	struct lunl_fd *f;
	struct file *file;
	int err, fd_flags;

	both = info->attrs[LIVEUPDATE_NL_FD_A_TOKEN] ?:
	       info->attrs[LIVEUPDATE_NL_FD_A_LABEL];
	if (entries && both) {
		NL_SET_ERR_MSG_ATTR(info->extack, both,
				    "give token and label either at the top level or in entries, not both");
		return -EINVAL;
	}
	if (entries && GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_SESSION))
		return -EINVAL;
	err = entries ? 0 : lunl_check_fd_attrs(info);
	if (err)
		return err;
	/* The policy has refused unknown flags already. */
	fd_flags = fl && (nla_get_u32(fl) & LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC) ?
		   0 : O_CLOEXEC;

	guard(lunl)();
	s = lunl_lookup_change(info, LIVEUPDATE_NL_FD_A_SESSION,
			       LIVEUPDATE_NL_FD_A_DIRECTION,
			       LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	if (entries)
		return lunl_fd_restore_entries(info, s, fd_flags);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	f = lunl_lookup_fd(info, s);
	if (!f) {
		nlmsg_free(msg);
		return -ENOENT;
	}
	file = lunl_fd_restore(f, info->extack);
	if (IS_ERR(file)) {
		nlmsg_free(msg);
		return PTR_ERR(file);
	}
	return lunl_restore_reply(info, msg, f, file, fd_flags);
}

static int lunl_reply_status(struct genl_info *info, struct sk_buff *msg)
{
	int err;

	err = lunl_put_status(msg, info->snd_portid, info->snd_seq,
			      info->genlhdr->cmd);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/**
 * liveupdate_nl_freeze_doit() - Freeze every outgoing session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message naming
 * the session and token that failed.
 */
int liveupdate_nl_freeze_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = lunl_reply_alloc(info, NLMSG_GOODSIZE);
	int err;

	if (!msg)
		return -ENOMEM;
	guard(lunl)();
	err = lunl_freeze(info->extack);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return lunl_reply_status(info, msg);
}

/**
 * liveupdate_nl_unfreeze_doit() - Return every outgoing session to live.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = lunl_reply_alloc(info, NLMSG_GOODSIZE);
	int err;

	if (!msg)
		return -ENOMEM;
	guard(lunl)();
	err = lunl_unfreeze(info->extack);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return lunl_reply_status(info, msg);
}

/**
 * liveupdate_nl_status_get_doit() - Describe the outgoing side.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno.
 */
int liveupdate_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg = lunl_reply_alloc(info, NLMSG_GOODSIZE);

	if (!msg)
		return -ENOMEM;
	guard(lunl)();
	return lunl_reply_status(info, msg);
}

/**
 * liveupdate_nl_sock_priv_init() - Set up a socket's private data.
 * @priv: The data, zeroed by genetlink.
 *
 * Genetlink makes it at the first session-new with
 * %LIVEUPDATE_NL_SESSION_FLAGS_OWNED on the socket; a socket that owns no
 * session has none, and its close never reaches the family. A zeroed
 * &struct liveupdate_nl_sock owns nothing yet: there is nothing more to set.
 */
void liveupdate_nl_sock_priv_init(struct liveupdate_nl_sock *priv)
{
}

/**
 * liveupdate_nl_sock_priv_destroy() - A socket that owned sessions closed.
 * @priv: Its private data, freed by genetlink next.
 *
 * Deletes the sessions the socket still owns (lunl_release_owner()).
 *
 * Context: Process context, from the socket's release.
 */
void liveupdate_nl_sock_priv_destroy(struct liveupdate_nl_sock *priv)
{
	lunl_release_owner(priv);
}

static int __init liveupdate_nl_init(void)
{
	int err;

	if (!liveupdate_enabled())
		return 0;
	/* Everything a request can reach is ready before the family is. */
	lunl_core_init();
	/* Changes made through /dev/liveupdate reach the monitors too. */
	lunl_dev_init();
	err = genl_register_family(&liveupdate_nl_family);
	if (err) {
		lunl_dev_exit();
		lunl_core_exit();
	}
	return err;
}
device_initcall(liveupdate_nl_init);
