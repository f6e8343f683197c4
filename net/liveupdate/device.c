// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions of /dev/liveupdate (LUO's ioctls), as the liveupdate netlink
 * family shows them: their messages in the family's replies and dumps,
 * after its own sessions, and a notification for each change LUO reports.
 * A request that would change one is refused (netlink.c): its file
 * descriptor owns it. Nothing here takes lunl_lock(): LUO's own locks
 * cover what it lists.
 */

#include <linux/liveupdate.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <net/genetlink.h>
#include <net/netlink.h>

#include "liveupdate-gen.h"
#include "lunl.h"

/*
 * A session of /dev/liveupdate by name: LUO also lists the family's own,
 * which it calls the kernel's.
 */
static int lunl_dev_find(bool incoming, const char *name,
			 struct liveupdate_session_info *si)
{
	int err = liveupdate_session_find(incoming, name, si);

	return !err && si->kernel ? -ENOENT : err;
}

/**
 * lunl_dev_lookup() - The /dev/liveupdate session a request names.
 * @info:     The request.
 * @attr:     The attribute with the session's name.
 * @dir_attr: The attribute with its direction.
 * @dir:      The direction, or %LUNL_ANY_DIRECTION for the one @dir_attr
 *            gives (a name both directions share is then ambiguous).
 * @si:       Filled with the session.
 *
 * Return: 0, -ENOENT, or -EINVAL with a message.
 */
int lunl_dev_lookup(const struct genl_info *info, int attr, int dir_attr,
		    int dir, struct liveupdate_session_info *si)
{
	struct liveupdate_session_info in;
	struct nlattr *want = info->attrs[dir_attr];
	const char *name = nla_data(info->attrs[attr]);
	bool out_found = false, in_found = false;

	if (want)
		dir = nla_get_u32(want);
	if (dir != LIVEUPDATE_NL_DIRECTION_INCOMING)
		out_found = !lunl_dev_find(false, name, si);
	if (dir != LIVEUPDATE_NL_DIRECTION_OUTGOING)
		in_found = !lunl_dev_find(true, name, &in);
	if (out_found && in_found) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[attr],
				    "an incoming and an outgoing session have that name: give the direction");
		return -EINVAL;
	}
	if (in_found)
		*si = in;
	return out_found || in_found ? 0 : -ENOENT;
}

static u32 lunl_dev_fd_state(const struct liveupdate_file_info *fi,
			     bool incoming)
{
	if (!incoming)
		return LIVEUPDATE_NL_FD_STATE_PRESERVED;
	if (fi->failed)
		return LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE;
	return fi->retrieved ? LIVEUPDATE_NL_FD_STATE_RESTORED :
			       LIVEUPDATE_NL_FD_STATE_INCOMING;
}

static int lunl_dev_put_fd_attrs(struct sk_buff *skb,
				 const struct liveupdate_file_info *fi,
				 bool incoming)
{
	if (nla_put_uint(skb, LIVEUPDATE_NL_FD_A_TOKEN, fi->token) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_FD_A_SIZE, fi->size) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_FD_A_STATE,
			lunl_dev_fd_state(fi, incoming)) ||
	    nla_put_string(skb, LIVEUPDATE_NL_FD_A_COMPATIBLE, fi->compatible) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_FD_A_OWNER,
			LIVEUPDATE_NL_OWNER_DEVICE))
		return -EMSGSIZE;
	return 0;
}

/**
 * lunl_dev_put_fd() - Describe a file of a /dev/liveupdate session.
 * @fi:  The file.
 * @arg: The &struct lunl_dev_walk: one fd-get message per file for a
 *       dump (NLM_F_MULTI), or the file of its token only.
 *
 * A callback of liveupdate_session_files().
 *
 * Return: 0, or -EMSGSIZE when the message is full.
 */
int lunl_dev_put_fd(const struct liveupdate_file_info *fi, void *arg)
{
	struct lunl_dev_walk *w = arg;
	void *hdr;

	if (w->flags != NLM_F_MULTI && fi->token != w->token)
		return 0;
	hdr = genlmsg_put(w->skb, w->portid, w->seq, &liveupdate_nl_family,
			  w->flags, LIVEUPDATE_NL_CMD_FD_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(w->skb, LIVEUPDATE_NL_FD_A_SESSION, w->si->name) ||
	    lunl_dev_put_fd_attrs(w->skb, fi, w->si->incoming)) {
		genlmsg_cancel(w->skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(w->skb, hdr);
	w->done++;
	return 0;
}

static int lunl_dev_sum(const struct liveupdate_file_info *fi, void *arg)
{
	struct lunl_dev_walk *w = arg;

	w->bytes += fi->size;
	w->pages += DIV_ROUND_UP_ULL(fi->size, PAGE_SIZE);
	return 0;
}

/**
 * lunl_dev_put_session() - A session-get message of a /dev/liveupdate session.
 * @skb:      The message to fill.
 * @si:       The session.
 * @portid:   Port of the message.
 * @seq:      Its sequence number.
 * @flags:    Its flags.
 * @cmd:      Its command.
 *
 * Return: 0, or -EMSGSIZE when @skb is full.
 */
int lunl_dev_put_session(struct sk_buff *skb,
			 const struct liveupdate_session_info *si,
			 u32 portid, u32 seq, int flags, u8 cmd)
{
	struct lunl_dev_walk w = { .skb = skb, .si = si };
	void *hdr;

	/* A session gone since it was found is described empty. */
	liveupdate_session_files(si->incoming, si->id, 0, lunl_dev_sum, &w);
	hdr = genlmsg_put(skb, portid, seq, &liveupdate_nl_family, flags, cmd);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, LIVEUPDATE_NL_SESSION_A_NAME, si->name) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_DIRECTION,
			si->incoming ? LIVEUPDATE_NL_DIRECTION_INCOMING :
				       LIVEUPDATE_NL_DIRECTION_OUTGOING) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_STATE,
			si->incoming ? LIVEUPDATE_NL_STATE_INCOMING :
				       LIVEUPDATE_NL_STATE_LIVE) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_FLAGS, 0) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_FD_COUNT, si->nr_files) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_BYTES, w.bytes) ||
	    nla_put_uint(skb, LIVEUPDATE_NL_SESSION_A_PAGES, w.pages) ||
	    nla_put_u32(skb, LIVEUPDATE_NL_SESSION_A_OWNER,
			LIVEUPDATE_NL_OWNER_DEVICE)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * Tell the monitor group, and the dumps running, about a change made
 * through /dev/liveupdate. Called by LUO after the change, with its
 * serialization lock held for read: never takes lunl_lock().
 */
static int lunl_dev_event(struct notifier_block *nb, unsigned long event,
			  void *data)
{
	const struct liveupdate_session_change *c = data;
	u32 dir = c->incoming ? LIVEUPDATE_NL_DIRECTION_INCOMING :
				LIVEUPDATE_NL_DIRECTION_OUTGOING;
	struct sk_buff *msg;
	u32 fd_state = LIVEUPDATE_NL_FD_STATE_PRESERVED;
	bool fd = false;
	void *hdr;
	u8 cmd;

	switch (event) {
	case LIVEUPDATE_SESSION_EVENT_CREATE:
		cmd = LIVEUPDATE_NL_CMD_SESSION_NEW_NTF;
		break;
	case LIVEUPDATE_SESSION_EVENT_PRESERVE:
		cmd = LIVEUPDATE_NL_CMD_FD_ADD_NTF;
		fd = true;
		break;
	case LIVEUPDATE_SESSION_EVENT_RETRIEVE:
		cmd = LIVEUPDATE_NL_CMD_FD_RESTORE_NTF;
		fd_state = LIVEUPDATE_NL_FD_STATE_RESTORED;
		fd = true;
		break;
	case LIVEUPDATE_SESSION_EVENT_RETRIEVE_FAILED:
		cmd = LIVEUPDATE_NL_CMD_FD_RESTORE_NTF;
		fd_state = LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE;
		fd = true;
		break;
	case LIVEUPDATE_SESSION_EVENT_FINISH:
		cmd = LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF;
		break;
	case LIVEUPDATE_SESSION_EVENT_CLOSE:
		cmd = LIVEUPDATE_NL_CMD_SESSION_DEL_NTF;
		break;
	default:
		return NOTIFY_DONE;
	}
	lunl_changed();
	if (!lunl_listened())
		return NOTIFY_DONE;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg) {
		lunl_multicast(NULL, -ENOMEM);
		return NOTIFY_DONE;
	}
	hdr = genlmsg_put(msg, 0, 0, &liveupdate_nl_family, 0, cmd);
	if (!hdr ||
	    (fd && (nla_put_string(msg, LIVEUPDATE_NL_FD_A_SESSION, c->name) ||
		    nla_put_uint(msg, LIVEUPDATE_NL_FD_A_TOKEN, c->token) ||
		    nla_put_u32(msg, LIVEUPDATE_NL_FD_A_STATE, fd_state) ||
		    nla_put_u32(msg, LIVEUPDATE_NL_FD_A_OWNER,
				LIVEUPDATE_NL_OWNER_DEVICE))) ||
	    (!fd && (nla_put_string(msg, LIVEUPDATE_NL_SESSION_A_NAME, c->name) ||
		     nla_put_u32(msg, LIVEUPDATE_NL_SESSION_A_DIRECTION, dir) ||
		     nla_put_u32(msg, LIVEUPDATE_NL_SESSION_A_OWNER,
				 LIVEUPDATE_NL_OWNER_DEVICE)))) {
		lunl_multicast(msg, -EMSGSIZE);
		return NOTIFY_DONE;
	}
	genlmsg_end(msg, hdr);
	lunl_multicast(msg, 0);
	return NOTIFY_DONE;
}

static struct notifier_block lunl_dev_nb = {
	.notifier_call = lunl_dev_event,
};

/**
 * lunl_dev_init() - Follow the changes made through /dev/liveupdate.
 */
void lunl_dev_init(void)
{
	liveupdate_register_session_notifier(&lunl_dev_nb);
}

/**
 * lunl_dev_exit() - Stop following them.
 */
void lunl_dev_exit(void)
{
	liveupdate_unregister_session_notifier(&lunl_dev_nb);
}

/**
 * lunl_reply_dev_session() - Answer a session-get with a /dev/liveupdate session.
 * @info: The request, which names no session of the family.
 * @msg:  The reply, consumed.
 *
 * Return: 0 once answered, -ENOENT if there is no such session either
 * (the family's message stands), or another negative errno.
 */
int lunl_reply_dev_session(struct genl_info *info, struct sk_buff *msg)
{
	struct liveupdate_session_info si;
	int err;

	err = lunl_dev_lookup(info, LIVEUPDATE_NL_SESSION_A_NAME,
			      LIVEUPDATE_NL_SESSION_A_DIRECTION,
			      LUNL_ANY_DIRECTION, &si);
	if (err) {
		/* ENOENT: the family's message stands. */
		nlmsg_free(msg);
		return err;
	}
	lunl_extack_clear(info->extack);
	err = lunl_dev_put_session(msg, &si, info->snd_portid, info->snd_seq,
				   0, info->genlhdr->cmd);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/**
 * lunl_reply_dev_fd() - Answer an fd-get with a file of /dev/liveupdate.
 * @info: The request, which names no session of the family.
 *
 * Return: 0 once answered, -ENOENT if there is no such session or file,
 * or another negative errno with a message.
 */
int lunl_reply_dev_fd(struct genl_info *info)
{
	struct nlattr *label = info->attrs[LIVEUPDATE_NL_FD_A_LABEL];
	struct nlattr *token = info->attrs[LIVEUPDATE_NL_FD_A_TOKEN];
	struct liveupdate_session_info si;
	struct lunl_dev_walk w = {};
	int err;

	err = lunl_dev_lookup(info, LIVEUPDATE_NL_FD_A_SESSION,
			      LIVEUPDATE_NL_FD_A_DIRECTION, LUNL_ANY_DIRECTION,
			      &si);
	if (err)
		return err;
	lunl_extack_clear(info->extack);
	if (label) {
		NL_SET_ERR_MSG_ATTR(info->extack, label,
				    "files of /dev/liveupdate sessions have no label: give the token");
		return -EINVAL;
	}
	w.skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!w.skb)
		return -ENOMEM;
	w.si = &si;
	w.portid = info->snd_portid;
	w.seq = info->snd_seq;
	w.token = nla_get_uint(token);
	err = liveupdate_session_files(si.incoming, si.id, 0, lunl_dev_put_fd,
				       &w);
	if (!err && !w.done) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, token,
					"the session has no file with token %llu",
					w.token);
		err = -ENOENT;
	}
	if (err) {
		nlmsg_free(w.skb);
		return err;
	}
	return genlmsg_reply(w.skb, info);
}
