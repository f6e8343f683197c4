// SPDX-License-Identifier: GPL-2.0
/*
 * A small libnl client of the liveupdate generic netlink family, shared
 * by luctl and the selftests.
 */
#include <errno.h>
#include <linux/sock_diag.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "lunl_client.h"

typedef void (*lunl_parse_fn)(struct nl_msg *msg, void *arg);

struct lunl_req {
	struct lunl *l;
	int err;
	int done;
	int reply_ends;		/* the reply is the last message */
	uint32_t seq;		/* of the request; notifications have 0 */
	lunl_parse_fn parse;
	void *arg;
};

static uint64_t lunl_get_uint(struct nlattr *a)
{
	return nla_len(a) == 8 ? nla_get_u64(a) : nla_get_u32(a);
}

static struct nlattr *lunl_attrs(struct nl_msg *msg, int *len)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	*len = genlmsg_attrlen(gh, 0);
	return genlmsg_attrdata(gh, 0);
}

static void lunl_parse_fd_attrs(struct nlattr *head, int len,
				struct lunl_fd_info *f)
{
	struct nlattr *a;
	int rem;

	memset(f, 0, sizeof(*f));
	f->fd = -1;
	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_FD_A_SESSION:
			snprintf(f->session, sizeof(f->session), "%s",
				 nla_get_string(a));
			break;
		case LIVEUPDATE_NL_FD_A_FD:
			f->fd = nla_get_s32(a);
			break;
		case LIVEUPDATE_NL_FD_A_TOKEN:
			f->token = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_FD_A_SIZE:
			f->size = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_FD_A_STATE:
			f->state = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_FD_A_COMPATIBLE:
			snprintf(f->compatible, sizeof(f->compatible), "%s",
				 nla_get_string(a));
			break;
		case LIVEUPDATE_NL_FD_A_DEPENDS:
			if (f->ndeps < LUNL_MAX_DEPS)
				f->deps[f->ndeps++] = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_FD_A_OWNER:
			f->owner = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_FD_A_LABEL:
			f->has_label = 1;
			snprintf(f->label, sizeof(f->label), "%s",
				 nla_get_string(a));
			break;
		}
	}
}

static void lunl_parse_session(struct nl_msg *msg, struct lunl_session_info *s)
{
	struct nlattr *a, *head;
	int len, rem;

	memset(s, 0, sizeof(*s));
	head = lunl_attrs(msg, &len);
	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_SESSION_A_NAME:
			snprintf(s->name, sizeof(s->name), "%s",
				 nla_get_string(a));
			break;
		case LIVEUPDATE_NL_SESSION_A_DIRECTION:
			s->direction = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_STATE:
			s->state = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FLAGS:
			s->flags = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FD_COUNT:
			s->fd_count = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_BYTES:
			s->bytes = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_PAGES:
			s->pages = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FREEZE_NS:
			s->freeze_ns = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_OWNER:
			s->owner = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_USER_DATA:
			s->data_len = nla_len(a) < (int)sizeof(s->data) ?
				      nla_len(a) : sizeof(s->data);
			memcpy(s->data, nla_data(a), s->data_len);
			break;
		case LIVEUPDATE_NL_SESSION_A_FD:
			if (s->nfds < LUNL_MAX_FDS)
				lunl_parse_fd_attrs(nla_data(a), nla_len(a),
						    &s->fds[s->nfds++]);
			break;
		}
	}
}

static void lunl_parse_fd(struct nl_msg *msg, struct lunl_fd_info *f)
{
	struct nlattr *head;
	int len;

	head = lunl_attrs(msg, &len);
	lunl_parse_fd_attrs(head, len, f);
}

static void lunl_parse_status(struct nl_msg *msg, struct lunl_status_info *st)
{
	struct nlattr *a, *head;
	int len, rem;

	memset(st, 0, sizeof(*st));
	head = lunl_attrs(msg, &len);
	nla_for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_SYSTEM_A_STATE:
			st->state = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_SESSIONS:
			st->sessions = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_FDS:
			st->fds = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_INCOMING:
			st->incoming = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS:
			st->freeze_ns = lunl_get_uint(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE:
			st->record_size = nla_get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX:
			st->record_max = nla_get_u32(a);
			break;
		}
	}
}

static int lunl_valid_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_req *r = arg;

	/* A notification, on a socket that also monitors: not ours. */
	if (nlmsg_hdr(msg)->nlmsg_seq != r->seq)
		return NL_OK;
	if (r->parse)
		r->parse(msg, r->arg);
	if (!r->reply_ends)
		return NL_OK;
	r->done = 1;
	return NL_STOP;
}

/* The limit of the attribute the policy refused, if the kernel said. */
static uint32_t lunl_policy_max_len(struct nlattr *pol)
{
	struct nlattr *a;
	int rem;

	if (!pol)
		return 0;
	nla_for_each_nested(a, pol, rem)
		if (nla_type(a) == NL_POLICY_TYPE_ATTR_MAX_LENGTH)
			return nla_get_u32(a);
	return 0;
}

/* Keep the message and policy limit an error ack @nlh carries. */
static void lunl_parse_ack(struct lunl *l, struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	size_t off = sizeof(*e);
	int len;

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0 &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)e + off), len, NULL)) {
		if (tb[NLMSGERR_ATTR_MSG])
			snprintf(l->extack, sizeof(l->extack), "%s",
				 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
		l->policy_max_len =
			lunl_policy_max_len(tb[NLMSGERR_ATTR_POLICY]);
		if (tb[NLMSGERR_ATTR_OFFS])
			l->bad_off = nla_get_u32(tb[NLMSGERR_ATTR_OFFS]);
	}
}

static int lunl_err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct lunl_req *r = arg;

	/* The answer to an earlier request that was given up on. */
	if (e->msg.nlmsg_seq != r->seq)
		return NL_SKIP;
	r->err = e->error;
	r->done = 1;
	lunl_parse_ack(r->l, (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN));
	return NL_STOP;
}

static int lunl_ack_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_req *r = arg;

	if (nlmsg_hdr(msg)->nlmsg_seq != r->seq)
		return NL_SKIP;
	r->done = 1;
	return NL_STOP;
}

static int lunl_finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct lunl_req *r = arg;
	int len;

	if (nlh->nlmsg_seq != r->seq)
		return NL_SKIP;
	/* NLMSG_DONE of a dump carries an error code, and maybe a message. */
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)sizeof(int);
	if (len >= 0)
		r->err = *(int *)nlmsg_data(nlh);
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && len > 0 &&
	    !nla_parse(tb, NLMSGERR_ATTR_MAX,
		       (struct nlattr *)((char *)nlmsg_data(nlh) + sizeof(int)),
		       len, NULL) &&
	    tb[NLMSGERR_ATTR_MSG])
		snprintf(r->l->extack, sizeof(r->l->extack), "%s",
			 (char *)nla_data(tb[NLMSGERR_ATTR_MSG]));
	r->done = 1;
	return NL_STOP;
}

/* The direction lunl_set_direction() asked for, if any. */
static void lunl_put_dir(struct lunl *l, struct nl_msg *m, int attr)
{
	if (l->direction >= 0)
		nla_put_u32(m, attr, l->direction);
}

void lunl_set_direction(struct lunl *l, int direction)
{
	l->direction = direction;
}

int lunl_open(struct lunl *l)
{
	int one = 1;

	memset(l, 0, sizeof(*l));
	l->monitor_grp = -1;
	l->direction = -1;
	l->sk = nl_socket_alloc();
	if (!l->sk)
		return -ENOMEM;
	errno = 0;
	if (genl_connect(l->sk)) {
		/* socket() or bind() set errno; libnl's code says less. */
		int err = errno ? -errno : -ECONNREFUSED;

		nl_socket_free(l->sk);
		l->sk = NULL;
		return err;
	}
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(l->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_disable_auto_ack(l->sk);
	nl_socket_disable_seq_check(l->sk);
	/*
	 * One recvmsg() per message: no peeking at its size first, into a
	 * buffer that holds the largest skb netlink sends (32 KiB).
	 */
	nl_socket_disable_msg_peek(l->sk);
	nl_socket_set_msg_buf_size(l->sk, 65536);
	l->family = genl_ctrl_resolve(l->sk, LIVEUPDATE_FAMILY_NAME);
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
			      flags, cmd, LIVEUPDATE_FAMILY_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

static int lunl_exec(struct lunl *l, struct nl_msg *m, lunl_parse_fn parse,
		     void *arg)
{
	struct lunl_req r = { .l = l, .parse = parse, .arg = arg };
	struct nlmsghdr *nlh = nlmsg_hdr(m);
	struct nl_cb *cb;
	int err;

	/*
	 * A request that is answered ends with its answer; any other waits
	 * for an ack. A failure comes back as an error message either way.
	 */
	if (parse && !(nlh->nlmsg_flags & NLM_F_DUMP))
		r.reply_ends = 1;
	else
		nlh->nlmsg_flags |= NLM_F_ACK;

	l->extack[0] = '\0';
	l->policy_max_len = 0;
	l->bad_off = 0;
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
	r.seq = nlh->nlmsg_seq;
	nlmsg_free(m);
	while (err >= 0 && !r.done)
		err = nl_recvmsgs(l->sk, cb);
	nl_cb_put(cb);
	/* A dump that raced with a change: libnl read it to its end. */
	if (err == -NLE_DUMP_INTR && !r.err)
		return -EINTR;
	if (err < 0 && !r.err)
		return -EIO;
	return r.err;
}

/* Dumps marked inconsistent (NLM_F_DUMP_INTR) are run again. */
#define LUNL_DUMP_TRIES	20

struct lunl_list {
	void *out;
	size_t elem;
	int max;
	int n;
	void (*parse)(struct nl_msg *msg, void *elem);
};

static void lunl_list_cb(struct nl_msg *msg, void *arg)
{
	struct lunl_list *d = arg;

	if (d->n < d->max)
		d->parse(msg, (char *)d->out + d->n * d->elem);
	d->n++;
}

static void lunl_session_cb(struct nl_msg *msg, void *arg)
{
	lunl_parse_session(msg, arg);
}

static void lunl_fd_cb(struct nl_msg *msg, void *arg)
{
	lunl_parse_fd(msg, arg);
}

static void lunl_status_cb(struct nl_msg *msg, void *arg)
{
	lunl_parse_status(msg, arg);
}

int lunl_session_new(struct lunl *l, const char *name, uint32_t flags,
		     struct lunl_session_info *out)
{
	return lunl_session_new_data(l, name, flags, NULL, 0, out);
}

/* A message larger than libnl's default page: user data can be 4 KiB. */
static struct nl_msg *lunl_msg_data(struct lunl *l, int cmd, size_t len)
{
	struct nl_msg *m = nlmsg_alloc_size(len + 1024);

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, l->family, 0,
			      0, cmd, LIVEUPDATE_FAMILY_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

int lunl_session_new_data(struct lunl *l, const char *name, uint32_t flags,
			  const void *data, size_t len,
			  struct lunl_session_info *out)
{
	struct nl_msg *m = lunl_msg_data(l, LIVEUPDATE_NL_CMD_SESSION_NEW, len);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	if (flags)
		nla_put_u32(m, LIVEUPDATE_NL_SESSION_A_FLAGS, flags);
	if (data && nla_put(m, LIVEUPDATE_NL_SESSION_A_USER_DATA, len, data)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return lunl_exec(l, m, out ? lunl_session_cb : NULL, out);
}

int lunl_session_set(struct lunl *l, const char *name, const void *data,
		     size_t len, struct lunl_session_info *out)
{
	struct nl_msg *m = lunl_msg_data(l, LIVEUPDATE_NL_CMD_SESSION_SET, len);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	lunl_put_dir(l, m, LIVEUPDATE_NL_SESSION_A_DIRECTION);
	if (nla_put(m, LIVEUPDATE_NL_SESSION_A_USER_DATA, len, data)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return lunl_exec(l, m, out ? lunl_session_cb : NULL, out);
}

int lunl_session_del(struct lunl *l, const char *name)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_DEL, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	lunl_put_dir(l, m, LIVEUPDATE_NL_SESSION_A_DIRECTION);
	return lunl_exec(l, m, NULL, NULL);
}

int lunl_session_get(struct lunl *l, const char *name,
		     struct lunl_session_info *out)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_GET, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	lunl_put_dir(l, m, LIVEUPDATE_NL_SESSION_A_DIRECTION);
	return lunl_exec(l, m, lunl_session_cb, out);
}

/* A dump, run again while it races with a change (NLM_F_DUMP_INTR). */
static int lunl_dump(struct lunl *l, int cmd, const char *session,
		     struct lunl_list *d)
{
	int err, tries = 0;

	do {
		struct nl_msg *m = lunl_msg(l, cmd, NLM_F_DUMP);

		if (!m)
			return -ENOMEM;
		if (session) {
			nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session);
			lunl_put_dir(l, m, LIVEUPDATE_NL_FD_A_DIRECTION);
		}
		d->n = 0;
		err = lunl_exec(l, m, lunl_list_cb, d);
	} while (err == -EINTR && ++tries < LUNL_DUMP_TRIES);
	return err ? err : d->n;
}

int lunl_session_dump(struct lunl *l, struct lunl_session_info *out, int max)
{
	struct lunl_list d = { out, sizeof(*out), max, 0,
			       (void (*)(struct nl_msg *, void *))lunl_parse_session };

	return lunl_dump(l, LIVEUPDATE_NL_CMD_SESSION_GET, NULL, &d);
}

int lunl_session_finish(struct lunl *l, const char *name, int discard)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_SESSION_FINISH, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name);
	lunl_put_dir(l, m, LIVEUPDATE_NL_SESSION_A_DIRECTION);
	if (discard)
		nla_put_flag(m, LIVEUPDATE_NL_SESSION_A_DISCARD);
	return lunl_exec(l, m, NULL, NULL);
}

/* At most this many requests go in one sendmsg(). */
#define LUNL_BATCH	64

/*
 * Only the last request of a batch asks for an ack: the others answer
 * only if they fail, and the kernel runs them in order. Read up to the
 * last one's answer; report the first failure.
 */
static int lunl_batch_acks(struct lunl *l, uint32_t first_seq, int k,
			   int *failed)
{
	static char buf[65536];
	int done = 0, err = 0;

	while (!done) {
		ssize_t len = recv(nl_socket_get_fd(l->sk), buf, sizeof(buf), 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int rem = (int)len;

		if (len < 0)
			return -errno;
		for (; nlmsg_ok(nlh, rem); nlh = nlmsg_next(nlh, &rem)) {
			struct nlmsgerr *e = nlmsg_data(nlh);

			if (nlh->nlmsg_type != NLMSG_ERROR ||
			    e->msg.nlmsg_seq - first_seq >= (uint32_t)k)
				continue;
			if (e->msg.nlmsg_seq == first_seq + k - 1)
				done = 1;
			if (!e->error || err)
				continue;
			err = e->error;
			*failed = (int)(e->msg.nlmsg_seq - first_seq);
			lunl_parse_ack(l, nlh);
		}
	}
	return err;
}

int lunl_fd_add_batch(struct lunl *l, const char *session, const int *fds,
		      const uint64_t *tokens, int n, int *failed)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nl_msg *m[LUNL_BATCH];
	struct iovec iov[LUNL_BATCH];
	int i, j, k, err = 0;

	l->extack[0] = '\0';
	l->bad_off = 0;
	*failed = -1;
	for (i = 0; i < n && !err; i += k) {
		struct msghdr mh = {
			.msg_name = &kernel, .msg_namelen = sizeof(kernel),
			.msg_iov = iov,
		};
		uint32_t first_seq = 0;

		k = n - i < LUNL_BATCH ? n - i : LUNL_BATCH;
		for (j = 0; j < k; j++) {
			struct nlmsghdr *nlh;

			m[j] = lunl_msg(l, LIVEUPDATE_NL_CMD_FD_ADD, 0);
			if (!m[j] ||
			    nla_put_string(m[j], LIVEUPDATE_NL_FD_A_SESSION,
					   session) ||
			    nla_put_s32(m[j], LIVEUPDATE_NL_FD_A_FD, fds[i + j]) ||
			    nla_put_u64(m[j], LIVEUPDATE_NL_FD_A_TOKEN,
					tokens[i + j])) {
				err = -ENOMEM;
				k = j + !!m[j];
				break;
			}
			/* NLM_F_REQUEST, port and sequence, as nl_send_auto(). */
			nl_complete_msg(l->sk, m[j]);
			nlh = nlmsg_hdr(m[j]);
			if (j == k - 1)
				nlh->nlmsg_flags |= NLM_F_ACK;
			if (!j)
				first_seq = nlh->nlmsg_seq;
			iov[j].iov_base = nlh;
			iov[j].iov_len = nlh->nlmsg_len;
		}
		mh.msg_iovlen = k;
		if (!err && sendmsg(nl_socket_get_fd(l->sk), &mh, 0) < 0)
			err = -errno;
		for (j = 0; j < k; j++)
			nlmsg_free(m[j]);
		if (!err) {
			err = lunl_batch_acks(l, first_seq, k, failed);
			if (*failed >= 0)
				*failed += i;
		}
	}
	return err;
}

/* One fd-add of the n files from fds, tokens and labels, as entries. */
static int lunl_fd_add_request(struct lunl *l, const char *session,
			       const int *fds, const uint64_t *tokens,
			       const char *const *labels, int n, int *failed)
{
	uint32_t off[LUNL_ENTRIES];
	struct nlattr *nest;
	struct nl_msg *m;
	int i, err;

	m = lunl_msg_data(l, LIVEUPDATE_NL_CMD_FD_ADD, LUNL_ENTRIES_BYTES);
	if (!m || nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session))
		goto nomem;
	lunl_put_dir(l, m, LIVEUPDATE_NL_FD_A_DIRECTION);
	for (i = 0; i < n; i++) {
		nest = nla_nest_start(m, LIVEUPDATE_NL_FD_A_ENTRY);
		if (!nest ||
		    nla_put_s32(m, LIVEUPDATE_NL_FD_A_FD, fds[i]) ||
		    nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, tokens[i]) ||
		    (labels && labels[i] &&
		     nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, labels[i])))
			goto nomem;
		nla_nest_end(m, nest);
		off[i] = (char *)nest - (char *)nlmsg_hdr(m);
	}
	err = lunl_exec(l, m, NULL, NULL);
	/* The entry the kernel named: the last one starting at or before. */
	for (i = 0; err && i < n && off[i] <= l->bad_off; i++)
		*failed = i;
	return err;
nomem:
	nlmsg_free(m);
	return -ENOMEM;
}

/* Bytes of the entry of a file: its nest, fd, token and label if any. */
static size_t lunl_entry_bytes(const char *label)
{
	return 4 + 8 + 12 + (label ? 4 + NLA_ALIGN(strlen(label) + 1) : 0);
}

int lunl_fd_add_entries(struct lunl *l, const char *session, const int *fds,
			const uint64_t *tokens, const char *const *labels,
			int n, int *failed)
{
	int i, k, err = 0;
	size_t bytes;

	l->extack[0] = '\0';
	*failed = -1;
	for (i = 0; i < n && !err; i += k) {
		/* At most LUNL_ENTRIES files and LUNL_ENTRIES_BYTES. */
		for (k = 0, bytes = 0; i + k < n && k < LUNL_ENTRIES; k++) {
			bytes += lunl_entry_bytes(labels ? labels[i + k] : NULL);
			if (k && bytes > LUNL_ENTRIES_BYTES)
				break;
		}
		err = lunl_fd_add_request(l, session, fds + i, tokens + i,
					  labels ? labels + i : NULL, k, failed);
		if (err && *failed >= 0)
			*failed += i;
	}
	return err;
}

int lunl_fd_add(struct lunl *l, const char *session, int fd, uint64_t token)
{
	return lunl_fd_add_label(l, session, fd, token, NULL);
}

int lunl_fd_add_label(struct lunl *l, const char *session, int fd,
		      uint64_t token, const char *label)
{
	struct nl_msg *m = lunl_msg(l, LIVEUPDATE_NL_CMD_FD_ADD, 0);

	if (!m)
		return -ENOMEM;
	nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session);
	lunl_put_dir(l, m, LIVEUPDATE_NL_FD_A_DIRECTION);
	nla_put_s32(m, LIVEUPDATE_NL_FD_A_FD, fd);
	nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, token);
	if (label && nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, label)) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return lunl_exec(l, m, NULL, NULL);
}

/* A request on one file, named by key; NULL if it does not fit. */
static struct nl_msg *lunl_fd_msg(struct lunl *l, int cmd, const char *session,
				  struct lunl_fd_key key)
{
	struct nl_msg *m = lunl_msg(l, cmd, 0);

	if (!m)
		return NULL;
	nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session);
	lunl_put_dir(l, m, LIVEUPDATE_NL_FD_A_DIRECTION);
	if (key.token)
		nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, *key.token);
	if (key.label && nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, key.label)) {
		nlmsg_free(m);
		return NULL;
	}
	return m;
}

int lunl_fd_del(struct lunl *l, const char *session, uint64_t token)
{
	return lunl_fd_del_key(l, session, (struct lunl_fd_key){ .token = &token });
}

int lunl_fd_del_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key)
{
	struct nl_msg *m = lunl_fd_msg(l, LIVEUPDATE_NL_CMD_FD_DEL, session, key);

	if (!m)
		return -ENOMEM;
	return lunl_exec(l, m, NULL, NULL);
}

int lunl_fd_get(struct lunl *l, const char *session, uint64_t token,
		struct lunl_fd_info *out)
{
	return lunl_fd_get_key(l, session, (struct lunl_fd_key){ .token = &token },
			       out);
}

int lunl_fd_get_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key, struct lunl_fd_info *out)
{
	struct nl_msg *m = lunl_fd_msg(l, LIVEUPDATE_NL_CMD_FD_GET, session, key);

	if (!m)
		return -ENOMEM;
	return lunl_exec(l, m, lunl_fd_cb, out);
}

int lunl_fd_dump(struct lunl *l, const char *session, struct lunl_fd_info *out,
		 int max)
{
	struct lunl_list d = { out, sizeof(*out), max, 0,
			       (void (*)(struct nl_msg *, void *))lunl_parse_fd };

	return lunl_dump(l, LIVEUPDATE_NL_CMD_FD_GET, session, &d);
}

int lunl_fd_restore(struct lunl *l, const char *session, uint64_t token,
		    uint32_t flags, int *fd, struct lunl_fd_info *info)
{
	return lunl_fd_restore_key(l, session,
				   (struct lunl_fd_key){ .token = &token },
				   flags, fd, info);
}

int lunl_fd_restore_key(struct lunl *l, const char *session,
			struct lunl_fd_key key, uint32_t flags, int *fd,
			struct lunl_fd_info *info)
{
	struct nl_msg *m = lunl_fd_msg(l, LIVEUPDATE_NL_CMD_FD_RESTORE, session,
				       key);
	struct lunl_fd_info tmp;
	int err;

	if (!info)
		info = &tmp;
	memset(info, 0, sizeof(*info));
	info->fd = -1;
	*fd = -1;
	if (!m)
		return -ENOMEM;
	if (flags)
		nla_put_u32(m, LIVEUPDATE_NL_FD_A_FLAGS, flags);
	err = lunl_exec(l, m, lunl_fd_cb, info);
	if (!err && info->fd < 0)
		err = -EPROTO;
	*fd = info->fd;
	return err;
}

static int lunl_system_op(struct lunl *l, int cmd, struct lunl_status_info *out)
{
	struct nl_msg *m = lunl_msg(l, cmd, 0);

	if (!m)
		return -ENOMEM;
	return lunl_exec(l, m, out ? lunl_status_cb : NULL, out);
}

int lunl_freeze(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, LIVEUPDATE_NL_CMD_FREEZE, out);
}

int lunl_unfreeze(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, LIVEUPDATE_NL_CMD_UNFREEZE, out);
}

int lunl_status(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, LIVEUPDATE_NL_CMD_STATUS_GET, out);
}

int lunl_monitor(struct lunl *l)
{
	int grp = genl_ctrl_resolve_grp(l->sk, LIVEUPDATE_FAMILY_NAME,
					LIVEUPDATE_MCGRP_MONITOR);
	int err;

	if (grp < 0)
		return -ENOENT;
	err = nl_socket_add_membership(l->sk, grp);
	if (err)
		return err == -NLE_PERM ? -EPERM : -EIO;
	l->monitor_grp = grp;
	return 0;
}

static int lunl_event_cb(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	struct lunl_event *ev = arg;

	memset(ev, 0, sizeof(*ev));
	ev->cmd = gh->cmd;
	switch (gh->cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_SET_NTF:
		lunl_parse_session(msg, &ev->session);
		break;
	case LIVEUPDATE_NL_CMD_FD_ADD_NTF:
	case LIVEUPDATE_NL_CMD_FD_DEL_NTF:
	case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF:
		lunl_parse_fd(msg, &ev->fd);
		break;
	default:
		lunl_parse_status(msg, &ev->status);
	}
	return NL_STOP;
}

int lunl_next_event(struct lunl *l, struct lunl_event *ev, int timeout_ms)
{
	struct pollfd p = { .fd = nl_socket_get_fd(l->sk), .events = POLLIN };
	struct nl_cb *cb;
	int err;

	ev->cmd = 0;
	if (poll(&p, 1, timeout_ms) <= 0)
		return -ETIMEDOUT;
	/* Notifications were lost (ENOBUFS): reading the error clears it. */
	if (p.revents & POLLERR) {
		socklen_t len = sizeof(err);

		err = 0;
		if (!getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len) && err)
			return -err;
	}
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, lunl_event_cb, ev);
	err = nl_recvmsgs(l->sk, cb);
	nl_cb_put(cb);
	/* libnl reports recvmsg()'s ENOBUFS as NLE_NOMEM. */
	if (err == -NLE_NOMEM && !ev->cmd)
		return -ENOBUFS;
	if (err < 0 && !ev->cmd)
		return -EIO;
	return ev->cmd ? 0 : -EAGAIN;
}

int lunl_set_rcvbuf(struct lunl *l, int bytes)
{
	int fd = nl_socket_get_fd(l->sk);

	/* Past net.core.rmem_max if privileged, as iproute2 does. */
	if (!setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		return 0;
	return setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes));
}

long long lunl_dropped(struct lunl *l)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(mem);

	if (getsockopt(nl_socket_get_fd(l->sk), SOL_SOCKET, SO_MEMINFO, mem,
		       &len))
		return -errno;
	if (len <= SK_MEMINFO_DROPS * sizeof(mem[0]))
		return -EOPNOTSUPP;
	return mem[SK_MEMINFO_DROPS];
}
