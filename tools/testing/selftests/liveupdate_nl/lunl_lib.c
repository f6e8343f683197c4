// SPDX-License-Identifier: GPL-2.0
/*
 * Small libnl helpers for the liveupdate_nl selftests.
 */
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "lunl_lib.h"

struct lunl_req {
	struct lunl *l;
	int err;
	int done;
	int (*parse)(struct nlattr **tb, void *arg);
	void *arg;
	int maxattr;
};

static uint64_t lunl_get_uint(struct nlattr *a)
{
	return nla_len(a) == 8 ? nla_get_u64(a) : nla_get_u32(a);
}

static int lunl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_req *r = arg;
	struct nlattr *tb[32] = { 0 };
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	if (nla_parse(tb, r->maxattr, genlmsg_attrdata(gh, 0),
		      genlmsg_attrlen(gh, 0), NULL))
		return NL_SKIP;
	if (r->parse)
		r->parse(tb, r->arg);
	return NL_OK;
}

static int lunl_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct lunl_req *r = arg;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	size_t off = sizeof(*e);
	int len;

	r->err = e->error;
	r->done = 1;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0 &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)e + off), len, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->l->extack, sizeof(r->l->extack), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	return NL_STOP;
}

static int lunl_ack_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_req *r = arg;

	r->done = 1;
	return NL_STOP;
}

static int lunl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_req *r = arg;

	/* NLMSG_DONE of a dump carries an error code too. */
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	if (nlh->nlmsg_len >= NLMSG_HDRLEN + sizeof(int))
		r->err = *(int *)nlmsg_data(nlh);
	r->done = 1;
	return NL_STOP;
}

int lunl_open(struct lunl *l)
{
	int one = 1;

	memset(l, 0, sizeof(*l));
	l->sk = nl_socket_alloc();
	if (!l->sk)
		return -ENOMEM;
	if (genl_connect(l->sk)) {
		nl_socket_free(l->sk);
		return -ECONNREFUSED;
	}
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_disable_auto_ack(l->sk);
	l->family = genl_ctrl_resolve(l->sk, LIVEUPDATE_NL_FAMILY_NAME);
	if (l->family < 0) {
		nl_socket_free(l->sk);
		l->sk = NULL;
		return -ENOENT;
	}
	return 0;
}

void lunl_close(struct lunl *l)
{
	if (l->sk)
		nl_socket_free(l->sk);
	l->sk = NULL;
}

static struct nl_msg *lunl_msg(struct lunl *l, int cmd, int flags)
{
	struct nl_msg *m = nlmsg_alloc();

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, l->family, 0,
			      flags | NLM_F_ACK, cmd, LIVEUPDATE_NL_FAMILY_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int lunl_exec(struct lunl *l, struct nl_msg *m, int maxattr,
		     int (*parse)(struct nlattr **tb, void *arg), void *arg)
{
	struct lunl_req r = { .l = l, .parse = parse, .arg = arg,
			      .maxattr = maxattr };
	struct nl_cb *cb;
	int err;

	l->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, lunl_valid_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, lunl_ack_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, lunl_finish_cb, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, lunl_err_cb, &r);
	err = nl_send_auto(l->sk, m);
	nlmsg_free(m);
	while (err >= 0 && !r.done)
		err = nl_recvmsgs(l->sk, cb);
	nl_cb_put(cb);
	if (err < 0 && !r.err)
		return -EIO;
	return r.err;
}

static int lunl_parse_fd(struct nlattr **tb, struct lunl_fd_info *f)
{
	memset(f, 0, sizeof(*f));
	if (tb[LIVEUPDATE_NL_FD_A_TOKEN])
		f->token = lunl_get_uint(tb[LIVEUPDATE_NL_FD_A_TOKEN]);
	if (tb[LIVEUPDATE_NL_FD_A_SIZE])
		f->size = lunl_get_uint(tb[LIVEUPDATE_NL_FD_A_SIZE]);
	if (tb[LIVEUPDATE_NL_FD_A_COMPATIBLE])
		snprintf(f->compatible, sizeof(f->compatible), "%s",
			 nla_get_string(tb[LIVEUPDATE_NL_FD_A_COMPATIBLE]));
	return 0;
}

static int lunl_parse_session(struct nlattr **tb, void *arg)
{
	struct lunl_session_info *s = arg;

	memset(s, 0, sizeof(*s));
	if (tb[LIVEUPDATE_NL_SESSION_A_NAME])
		snprintf(s->name, sizeof(s->name), "%s",
			 nla_get_string(tb[LIVEUPDATE_NL_SESSION_A_NAME]));
	if (tb[LIVEUPDATE_NL_SESSION_A_DIRECTION])
		s->direction = nla_get_u32(tb[LIVEUPDATE_NL_SESSION_A_DIRECTION]);
	if (tb[LIVEUPDATE_NL_SESSION_A_STATE])
		s->state = nla_get_u32(tb[LIVEUPDATE_NL_SESSION_A_STATE]);
	if (tb[LIVEUPDATE_NL_SESSION_A_FD_COUNT])
		s->fd_count = nla_get_u32(tb[LIVEUPDATE_NL_SESSION_A_FD_COUNT]);
	if (tb[LIVEUPDATE_NL_SESSION_A_BYTES])
		s->bytes = lunl_get_uint(tb[LIVEUPDATE_NL_SESSION_A_BYTES]);
	return 0;
}

struct lunl_dump {
	struct lunl_session_info *out;
	int max;
	int n;
};

static int lunl_parse_session_fds(struct nl_msg *msg,
				  struct lunl_session_info *s)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *a;
	int rem;

	nla_for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0),
			  rem) {
		struct nlattr *ftb[LIVEUPDATE_NL_FD_A_MAX + 1] = { 0 };

		if (nla_type(a) != LIVEUPDATE_NL_SESSION_A_FD)
			continue;
		if (s->nfds >= LUNL_MAX_FDS)
			break;
		if (nla_parse_nested(ftb, LIVEUPDATE_NL_FD_A_MAX, a, NULL))
			continue;
		lunl_parse_fd(ftb, &s->fds[s->nfds++]);
	}
	return 0;
}

static int lunl_session_valid_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_dump *d = arg;
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[LIVEUPDATE_NL_SESSION_A_MAX + 1] = { 0 };
	struct lunl_session_info *s;

	if (d->n >= d->max) {
		d->n++;
		return NL_OK;
	}
	s = &d->out[d->n++];
	/* Repeated fd entries are walked by lunl_parse_session_fds(). */
	nla_parse(tb, LIVEUPDATE_NL_SESSION_A_MAX, genlmsg_attrdata(gh, 0),
		  genlmsg_attrlen(gh, 0), NULL);
	lunl_parse_session(tb, s);
	lunl_parse_session_fds(msg, s);
	return NL_OK;
}

static int lunl_exec_sessions(struct lunl *l, struct nl_msg *m,
			      struct lunl_dump *d)
{
	struct lunl_req r = { .l = l };
	struct nl_cb *cb;
	int err;

	l->extack[0] = '\0';
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, lunl_session_valid_cb, d);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, lunl_ack_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, lunl_finish_cb, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, lunl_err_cb, &r);
	err = nl_send_auto(l->sk, m);
	nlmsg_free(m);
	while (err >= 0 && !r.done)
		err = nl_recvmsgs(l->sk, cb);
	nl_cb_put(cb);
	if (err < 0 && !r.err)
		return -EIO;
	return r.err;
}

int lunl_session_new(struct lunl *l, const char *name,
		     struct lunl_session_info *out)
{
	struct lunl_session_info tmp;
	struct lunl_dump d = { .out = out ? out : &tmp, .max = 1 };
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_NEW, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	return lunl_exec_sessions(l, m, &d);
}

int lunl_session_get(struct lunl *l, const char *name,
		     struct lunl_session_info *out)
{
	struct lunl_dump d = { .out = out, .max = 1 };
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_GET, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	return lunl_exec_sessions(l, m, &d);
}

int lunl_session_dump(struct lunl *l, struct lunl_session_info *out, int max)
{
	struct lunl_dump d = { .out = out, .max = max };
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_GET, NLM_F_DUMP);
	int err;

	if (!m)
		return -ENOMEM;
	err = lunl_exec_sessions(l, m, &d);
	return err ? err : d.n;
}

int lunl_fd_add(struct lunl *l, const char *session, int fd, uint64_t token)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_FD_ADD, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session);
	nla_put_s32(m, LIVEUPDATE_NL_FD_A_FD, fd);
	nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, token);
	return lunl_exec(l, m, LIVEUPDATE_NL_FD_A_MAX, NULL, NULL);
}

struct lunl_restore {
	int fd;
	struct lunl_fd_info *info;
};

static int lunl_parse_restore(struct nlattr **tb, void *arg)
{
	struct lunl_restore *r = arg;

	if (tb[LIVEUPDATE_NL_FD_A_FD])
		r->fd = nla_get_s32(tb[LIVEUPDATE_NL_FD_A_FD]);
	if (r->info)
		lunl_parse_fd(tb, r->info);
	return 0;
}

int lunl_fd_restore(struct lunl *l, const char *session, uint64_t token,
		    int *fd, struct lunl_fd_info *info)
{
	struct lunl_restore r = { .fd = -1, .info = info };
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_FD_RESTORE, 0);
	int err;

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session);
	nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, token);
	err = lunl_exec(l, m, LIVEUPDATE_NL_FD_A_MAX, lunl_parse_restore, &r);
	if (!err && r.fd < 0)
		err = -EPROTO;
	*fd = r.fd;
	return err;
}

int lunl_freeze(struct lunl *l)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_FREEZE, 0);

	if (!m)
		return -ENOMEM;
	return lunl_exec(l, m, LIVEUPDATE_NL_SESSION_A_MAX, NULL, NULL);
}
