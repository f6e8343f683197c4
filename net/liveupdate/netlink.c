// SPDX-License-Identifier: GPL-2.0
/*
 * Generic netlink interface of the liveupdate family.
 */

#include <linux/capability.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "liveupdate-gen.h"
#include "lunl.h"

static struct genl_family liveupdate_nl_family;

static int lunl_check_perm(struct sk_buff *skb, struct netlink_ext_ack *extack)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	NL_SET_ERR_MSG(extack,
		       "live update needs CAP_SYS_ADMIN in the initial user namespace");
	return -EPERM;
}

/**
 * liveupdate_nl_pre_doit() - Permission check before every request.
 * @ops:  The operation.
 * @skb:  The request.
 * @info: Request information.
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
 * Return: 0 if the sender has CAP_SYS_ADMIN in the initial user
 * namespace, -EPERM otherwise.
 */
int liveupdate_nl_dump_start(struct netlink_callback *cb)
{
	return lunl_check_perm(cb->skb, cb->extack);
}

static int lunl_put_fd(struct sk_buff *skb, int attr, struct lunl_fd *f)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_uint(skb, LIVEUPDATE_NL_FD_A_TOKEN, f->token) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_FD_A_SIZE, lunl_fd_size(f)) ||
	    (f->compatible[0] &&
	     nla_put_string(skb, LIVEUPDATE_NL_FD_A_COMPATIBLE, f->compatible))) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int lunl_put_session(struct sk_buff *skb, struct lunl_session *s,
			    u32 portid, u32 seq, int flags, u8 cmd)
{
	struct lunl_fd *f;
	void *hdr;

	hdr = genlmsg_put(skb, portid, seq, &liveupdate_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LIVEUPDATE_NL_SESSION_A_NAME, s->name) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_DIRECTION, s->direction) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_STATE,
			lunl_session_state(s)) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_FD_COUNT, s->nr_fds) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_BYTES,
			 lunl_session_bytes(s)))
		goto err_cancel;
	list_for_each_entry(f, &s->fds, list)
		if (lunl_put_fd(skb, LIVEUPDATE_NL_SESSION_A_FD, f))
			goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int lunl_reply_session(struct genl_info *info, struct lunl_session *s)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = lunl_put_session(msg, s, info->snd_portid, info->snd_seq, 0,
			       info->genlhdr->cmd);
	if (err) {
		nlmsg_free(msg);
		NL_SET_ERR_MSG(info->extack,
			       "session does not fit in one message: list its files with a dump");
		return err;
	}
	return genlmsg_reply(msg, info);
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
	struct lunl_session *s;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;

	guard(mutex)(&lunl_lock);
	s = lunl_session_new(nla_data(info->attrs[LIVEUPDATE_NL_SESSION_A_NAME]),
			     info->extack);
	if (IS_ERR(s)) {
		NL_SET_BAD_ATTR(info->extack,
				info->attrs[LIVEUPDATE_NL_SESSION_A_NAME]);
		return PTR_ERR(s);
	}
	return lunl_reply_session(info, s);
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
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_SESSION_A_NAME];
	struct lunl_session *s;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_SESSION_A_NAME))
		return -EINVAL;

	guard(mutex)(&lunl_lock);
	s = lunl_session_find(nla_data(name), LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (!s)
		s = lunl_session_find(nla_data(name),
				      LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (!s) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, name,
					"no session named \"%s\"",
					(char *)nla_data(name));
		return -ENOENT;
	}
	return lunl_reply_session(info, s);
}

/**
 * liveupdate_nl_session_get_dumpit() - Describe every session.
 * @skb: The message to fill.
 * @cb:  The dump; cb->args[0] is the index to resume from.
 *
 * Return: The message length, 0 when done, or a negative errno.
 */
int liveupdate_nl_session_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb)
{
	struct lunl_session *s;
	unsigned long id;
	int err = 0;

	guard(mutex)(&lunl_lock);
	xa_for_each_start(&lunl_sessions, id, s, cb->args[0]) {
		err = lunl_put_session(skb, s, NETLINK_CB(cb->skb).portid,
				       cb->nlh->nlmsg_seq, NLM_F_MULTI,
				       LIVEUPDATE_NL_CMD_SESSION_GET);
		if (err)
			break;
		cb->args[0] = id + 1;
	}
	/* A session that fits no message at all ends the dump with an error. */
	if (err && !skb->len)
		return err;
	return skb->len;
}

/**
 * liveupdate_nl_fd_add_doit() - Preserve a file in an outgoing session.
 * @skb:  The request.
 * @info: Request information.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_add_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_FD_A_SESSION];
	struct lunl_session *s;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_SESSION) ||
	    GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_FD) ||
	    GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_TOKEN))
		return -EINVAL;

	guard(mutex)(&lunl_lock);
	s = lunl_session_find(nla_data(name), LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (!s) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, name,
					"no outgoing session named \"%s\": create it first",
					(char *)nla_data(name));
		return -ENOENT;
	}
	return lunl_fd_add(s, nla_get_s32(info->attrs[LIVEUPDATE_NL_FD_A_FD]),
			   nla_get_uint(info->attrs[LIVEUPDATE_NL_FD_A_TOKEN]),
			   info->extack);
}

/*
 * Reply to fd-restore with the new descriptor and install it once the
 * reply is queued; on any failure the descriptor and @file are released.
 */
static int lunl_restore_reply(struct genl_info *info, struct sk_buff *msg,
			      struct lunl_fd *f, struct file *file)
{
	FD_PREPARE(fdf, O_CLOEXEC, file);
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
	    nla_put_s32(msg, LIVEUPDATE_NL_FD_A_FD, fd_prepare_fd(fdf)) ||
	    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_TOKEN, f->token) ||
	    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_SIZE, f->size) ||
	    (f->compatible[0] &&
	     nla_put_string(msg, LIVEUPDATE_NL_FD_A_COMPATIBLE, f->compatible))) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	err = genlmsg_reply(msg, info);
	if (err)
		return err;
	fd_publish(fdf);
	f->restored = true;
	return 0;
}

/**
 * liveupdate_nl_fd_restore_doit() - Restore a file into the caller.
 * @skb:  The request.
 * @info: Request information.
 *
 * The new descriptor is installed with O_CLOEXEC once the reply is sent.
 *
 * Return: 0 on success, or a negative errno with an extack message.
 */
int liveupdate_nl_fd_restore_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[LIVEUPDATE_NL_FD_A_SESSION];
	struct lunl_session *s;
	struct lunl_fd *f;
	struct sk_buff *msg;
	struct file *file;
	u64 token;

	if (GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_SESSION) ||
	    GENL_REQ_ATTR_CHECK(info, LIVEUPDATE_NL_FD_A_TOKEN))
		return -EINVAL;
	token = nla_get_uint(info->attrs[LIVEUPDATE_NL_FD_A_TOKEN]);

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;

	guard(mutex)(&lunl_lock);
	s = lunl_session_find(nla_data(name), LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (!s) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, name,
					"no incoming session named \"%s\"",
					(char *)nla_data(name));
		nlmsg_free(msg);
		return -ENOENT;
	}
	file = lunl_fd_restore(s, token, &f, info->extack);
	if (IS_ERR(file)) {
		nlmsg_free(msg);
		return PTR_ERR(file);
	}
	return lunl_restore_reply(info, msg, f, file);
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
	guard(mutex)(&lunl_lock);
	return lunl_freeze(info->extack);
}

static struct genl_family liveupdate_nl_family __ro_after_init = {
	.name		= LIVEUPDATE_NL_FAMILY_NAME,
	.version	= LIVEUPDATE_NL_FAMILY_VERSION,
	.module		= THIS_MODULE,
	.split_ops	= liveupdate_nl_ops,
	.n_split_ops	= ARRAY_SIZE(liveupdate_nl_ops),
};

static int __init liveupdate_nl_init(void)
{
	if (!liveupdate_enabled())
		return 0;
	return genl_register_family(&liveupdate_nl_family);
}
device_initcall(liveupdate_nl_init);
