// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * liveupdate-nl: a client library of the liveupdate generic netlink
 * family, on libnl. See liveupdate-nl.h and liveupdate-nl(3).
 *
 * An object (session, file, status) is its reply's attribute block and
 * what was parsed from it: iterations hand out objects that point into
 * the message being read, with no allocation; _dup() and the getters
 * copy the block once.
 */
#include <errno.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include <netlink/attr.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>
#include <netlink/msg.h>
#include <netlink/netlink.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "liveupdate-nl-private.h"

#define EXPORT __attribute__((visibility("default")))

struct liveupdate_nl_file {
	const struct nlattr *attrs;
	int len;
	const char *session, *compatible, *label;
	uint64_t token, size;
	uint32_t state, owner;
	int32_t fd;
	size_t ndeps;
};

struct liveupdate_nl_session {
	const struct nlattr *attrs;
	int len;
	const char *name;
	uint32_t direction, state, flags, owner, fd_count;
	uint64_t bytes, pages, freeze_ns;
	const void *data;
	size_t data_len;
};

struct liveupdate_nl_status {
	uint32_t state, sessions, fds, incoming, record_size, record_max;
	uint64_t freeze_ns;
};

struct liveupdate_nl_event {
	struct liveupdate_nl_event *next;	/* in the handle's queue */
	uint32_t cmd;
	int kind;	/* which of the three below is set, if any */
	struct liveupdate_nl_session session;
	struct liveupdate_nl_file file;
	struct liveupdate_nl_status status;
};

enum { KIND_NONE, KIND_SESSION, KIND_FILE, KIND_STATUS };

/* Events kept while requests wait for their replies, at most. */
#define QUEUE_MAX	4096

/* Parsing. */

static uint64_t get_uint(const struct nlattr *a)
{
	return nla_len(a) == 8 ? nla_get_u64((struct nlattr *)a) :
	       nla_len(a) == 4 ? nla_get_u32((struct nlattr *)a) : 0;
}

static uint32_t get_u32(const struct nlattr *a)
{
	return nla_len(a) >= 4 ? nla_get_u32((struct nlattr *)a) : 0;
}

/* A string attribute, or NULL if it is not terminated within itself. */
static const char *get_str(const struct nlattr *a)
{
	const char *s = nla_data(a);

	return nla_len(a) > 0 && !s[nla_len(a) - 1] ? s : NULL;
}

#define for_each_attr(a, head, len, rem) \
	nla_for_each_attr(a, (struct nlattr *)(head), len, rem)

static void parse_file(struct liveupdate_nl_file *f, const struct nlattr *head,
		       int len)
{
	const struct nlattr *a;
	int rem;

	memset(f, 0, sizeof(*f));
	f->attrs = head;
	f->len = len;
	f->fd = -1;
	for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_FD_A_SESSION:
			f->session = get_str(a);
			break;
		case LIVEUPDATE_NL_FD_A_FD:
			f->fd = (int32_t)get_u32(a);
			break;
		case LIVEUPDATE_NL_FD_A_TOKEN:
			f->token = get_uint(a);
			break;
		case LIVEUPDATE_NL_FD_A_SIZE:
			f->size = get_uint(a);
			break;
		case LIVEUPDATE_NL_FD_A_STATE:
			f->state = get_u32(a);
			break;
		case LIVEUPDATE_NL_FD_A_COMPATIBLE:
			f->compatible = get_str(a);
			break;
		case LIVEUPDATE_NL_FD_A_DEPENDS:
			f->ndeps++;
			break;
		case LIVEUPDATE_NL_FD_A_OWNER:
			f->owner = get_u32(a);
			break;
		case LIVEUPDATE_NL_FD_A_LABEL:
			f->label = get_str(a);
			break;
		}
	}
}

static void parse_session(struct liveupdate_nl_session *s,
			  const struct nlattr *head, int len)
{
	const struct nlattr *a;
	int rem;

	memset(s, 0, sizeof(*s));
	s->attrs = head;
	s->len = len;
	for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_SESSION_A_NAME:
			s->name = get_str(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_DIRECTION:
			s->direction = get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_STATE:
			s->state = get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FLAGS:
			s->flags = get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FD_COUNT:
			s->fd_count = get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_BYTES:
			s->bytes = get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_PAGES:
			s->pages = get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_FREEZE_NS:
			s->freeze_ns = get_uint(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_OWNER:
			s->owner = get_u32(a);
			break;
		case LIVEUPDATE_NL_SESSION_A_USER_DATA:
			s->data = nla_data(a);
			s->data_len = nla_len(a);
			break;
		}
	}
}

static void parse_status(struct liveupdate_nl_status *st,
			 const struct nlattr *head, int len)
{
	const struct nlattr *a;
	int rem;

	memset(st, 0, sizeof(*st));
	for_each_attr(a, head, len, rem) {
		switch (nla_type(a)) {
		case LIVEUPDATE_NL_SYSTEM_A_STATE:
			st->state = get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_SESSIONS:
			st->sessions = get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_FDS:
			st->fds = get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_INCOMING:
			st->incoming = get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS:
			st->freeze_ns = get_uint(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE:
			st->record_size = get_u32(a);
			break;
		case LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX:
			st->record_max = get_u32(a);
			break;
		}
	}
}

static const struct nlattr *msg_attrs(struct nl_msg *msg, int *len)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));

	*len = genlmsg_attrlen(gh, 0);
	return genlmsg_attrdata(gh, 0);
}

/* A copy of the attribute block @head, @len bytes, after @size bytes. */
static void *dup_block(size_t size, const struct nlattr *head, int len,
		       const struct nlattr **copy)
{
	char *p = malloc(size + len);

	if (p) {
		memcpy(p + size, head, len);
		*copy = (const struct nlattr *)(p + size);
	}
	return p;
}

/* Naming the attribute an error points at. */

static const char *const session_attr_names[LIVEUPDATE_NL_SESSION_A_MAX + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = "name",
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = "direction",
	[LIVEUPDATE_NL_SESSION_A_STATE] = "state",
	[LIVEUPDATE_NL_SESSION_A_FLAGS] = "flags",
	[LIVEUPDATE_NL_SESSION_A_FD_COUNT] = "fd-count",
	[LIVEUPDATE_NL_SESSION_A_BYTES] = "bytes",
	[LIVEUPDATE_NL_SESSION_A_PAGES] = "pages",
	[LIVEUPDATE_NL_SESSION_A_FREEZE_NS] = "freeze-ns",
	[LIVEUPDATE_NL_SESSION_A_DISCARD] = "discard",
	[LIVEUPDATE_NL_SESSION_A_USER_DATA] = "user-data",
	[LIVEUPDATE_NL_SESSION_A_OWNER] = "owner",
};

static const char *const fd_attr_names[LIVEUPDATE_NL_FD_A_MAX + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = "session",
	[LIVEUPDATE_NL_FD_A_FD] = "fd",
	[LIVEUPDATE_NL_FD_A_TOKEN] = "token",
	[LIVEUPDATE_NL_FD_A_COMPATIBLE] = "compatible",
	[LIVEUPDATE_NL_FD_A_SIZE] = "size",
	[LIVEUPDATE_NL_FD_A_STATE] = "state",
	[LIVEUPDATE_NL_FD_A_DEPENDS] = "depends",
	[LIVEUPDATE_NL_FD_A_FLAGS] = "flags",
	[LIVEUPDATE_NL_FD_A_LABEL] = "label",
	[LIVEUPDATE_NL_FD_A_ENTRY] = "entry",
	[LIVEUPDATE_NL_FD_A_DIRECTION] = "direction",
	[LIVEUPDATE_NL_FD_A_OWNER] = "owner",
};

static const char *attr_name(int cmd, int type)
{
	const char *name = NULL;

	switch (cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW:
	case LIVEUPDATE_NL_CMD_SESSION_DEL:
	case LIVEUPDATE_NL_CMD_SESSION_GET:
	case LIVEUPDATE_NL_CMD_SESSION_FINISH:
	case LIVEUPDATE_NL_CMD_SESSION_SET:
		if (type > 0 && type <= LIVEUPDATE_NL_SESSION_A_MAX)
			name = session_attr_names[type];
		break;
	case LIVEUPDATE_NL_CMD_FD_ADD:
	case LIVEUPDATE_NL_CMD_FD_DEL:
	case LIVEUPDATE_NL_CMD_FD_GET:
	case LIVEUPDATE_NL_CMD_FD_RESTORE:
		if (type > 0 && type <= LIVEUPDATE_NL_FD_A_MAX)
			name = fd_attr_names[type];
		break;
	}
	return name;
}

static void set_attr(struct liveupdate_nl *h, int cmd, int entry, int type)
{
	const char *name = attr_name(cmd, type);
	char num[16];

	if (!name) {
		snprintf(num, sizeof(num), "%d", type);
		name = num;
	}
	if (entry >= 0)
		entry += h->entry_base;
	if (entry >= 0)
		snprintf(h->attr, sizeof(h->attr), "entry %d: %s", entry, name);
	else
		snprintf(h->attr, sizeof(h->attr), "%s", name);
	h->entry = entry;
}

/* Whether @a is an entry of a multi-file request @cmd. */
static bool is_entry(int cmd, const struct nlattr *a)
{
	return (cmd == LIVEUPDATE_NL_CMD_FD_ADD ||
		cmd == LIVEUPDATE_NL_CMD_FD_RESTORE) &&
	       nla_type(a) == LIVEUPDATE_NL_FD_A_ENTRY;
}

/*
 * Name the attribute of request @req at offset @off (from its netlink
 * header), or, if @missing_type, the attribute of that type missing at
 * the top level (@off 0) or in the nest at @off.
 */
static void name_attr(struct liveupdate_nl *h, struct nl_msg *req,
		      uint32_t off, int missing_type)
{
	struct nlmsghdr *nlh = nlmsg_hdr(req);
	struct genlmsghdr *gh = nlmsg_data(nlh);
	const struct nlattr *a, *in;
	int rem, irem, entry = 0;
	uint32_t start;

	if (missing_type && !off) {
		set_attr(h, gh->cmd, -1, missing_type);
		return;
	}
	for_each_attr(a, genlmsg_attrdata(gh, 0), genlmsg_attrlen(gh, 0), rem) {
		start = (const char *)a - (const char *)nlh;
		if (off < start || off >= start + nla_total_size(nla_len(a)))
			goto next;
		if (!is_entry(gh->cmd, a)) {
			set_attr(h, gh->cmd, -1, nla_type(a));
			return;
		}
		if (missing_type) {
			set_attr(h, gh->cmd, entry, missing_type);
			return;
		}
		h->entry = h->entry_base + entry;
		snprintf(h->attr, sizeof(h->attr), "entry %d", h->entry);
		for_each_attr(in, nla_data(a), nla_len(a), irem) {
			start = (const char *)in - (const char *)nlh;
			if (off == start)
				set_attr(h, gh->cmd, entry, nla_type(in));
		}
		return;
next:
		if (is_entry(gh->cmd, a))
			entry++;
	}
}

/* Requests. */

typedef void (*parse_fn)(struct nl_msg *msg, void *arg);

struct request {
	struct liveupdate_nl *h;
	struct nl_msg *req;
	int err;
	int done;
	int reply_ends;		/* the reply is the last message */
	uint32_t seq;		/* of the request; notifications have 0 */
	parse_fn parse;
	void *arg;
};

static struct liveupdate_nl_event *make_event(struct nl_msg *msg);

/* Keep an event read while a request waits, for liveupdate_nl_next_event(). */
static void queue_event(struct liveupdate_nl *h, struct nl_msg *msg)
{
	struct liveupdate_nl_event *ev;

	if (h->queued == QUEUE_MAX) {
		h->overrun = true;
		return;
	}
	ev = make_event(msg);
	if (!ev) {
		h->overrun = true;
		return;
	}
	if (!h->queue)
		h->queue_tail = &h->queue;
	*h->queue_tail = ev;
	h->queue_tail = &ev->next;
	h->queued++;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;
	uint32_t seq = nlmsg_hdr(msg)->nlmsg_seq;

	/*
	 * A notification, on a socket that also monitors: kept for the
	 * monitor. A stale reply (seq of a request given up on): dropped.
	 */
	if (seq != r->seq) {
		if (!seq && r->h->monitoring)
			queue_event(r->h, msg);
		return NL_OK;
	}
	if (r->parse)
		r->parse(msg, r->arg);
	if (!r->reply_ends)
		return NL_OK;
	r->done = 1;
	return NL_STOP;
}

/* The limit of the attribute the policy refused, if the kernel said. */
static uint32_t policy_max_len(struct nlattr *pol)
{
	struct nlattr *a;
	int rem;

	if (!pol)
		return 0;
	nla_for_each_nested(a, pol, rem)
		if (nla_type(a) == NL_POLICY_TYPE_ATTR_MAX_LENGTH)
			return get_u32(a);
	return 0;
}

/* The kernel's message, however it ends. */
static void copy_msg(struct liveupdate_nl *h, const struct nlattr *a)
{
	snprintf(h->msg, sizeof(h->msg), "%.*s", (int)strnlen(nla_data(a),
							      nla_len(a)),
		 (const char *)nla_data(a));
}

/* Keep what the error ack @nlh says about request @req. */
static void parse_ack(struct liveupdate_nl *h, struct nl_msg *req,
		      struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = nlmsg_data(nlh);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	size_t off = sizeof(*e);
	int len, missing = 0;

	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	len = (int)nlh->nlmsg_len - NLMSG_HDRLEN - (int)off;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0 ||
	    nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + off), len, NULL))
		return;
	if (tb[NLMSGERR_ATTR_MSG])
		copy_msg(h, tb[NLMSGERR_ATTR_MSG]);
	h->max_len = policy_max_len(tb[NLMSGERR_ATTR_POLICY]);
	if (tb[NLMSGERR_ATTR_OFFS])
		h->bad_off = get_u32(tb[NLMSGERR_ATTR_OFFS]);
	if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
		missing = get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
		h->missing = true;
		if (tb[NLMSGERR_ATTR_MISS_NEST])
			h->bad_off = get_u32(tb[NLMSGERR_ATTR_MISS_NEST]);
	}
	if (req && (h->bad_off || missing))
		name_attr(h, req, h->bad_off, missing);
}

static int err_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct request *r = arg;

	/* The answer to an earlier request that was given up on. */
	if (e->msg.nlmsg_seq != r->seq)
		return NL_SKIP;
	r->err = e->error;
	r->done = 1;
	parse_ack(r->h, r->req, (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN));
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct request *r = arg;

	if (nlmsg_hdr(msg)->nlmsg_seq != r->seq)
		return NL_SKIP;
	r->done = 1;
	return NL_STOP;
}

static int finish_cb(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { 0 };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct request *r = arg;
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
		copy_msg(r->h, tb[NLMSGERR_ATTR_MSG]);
	r->done = 1;
	return NL_STOP;
}

static void clear_error(struct liveupdate_nl *h)
{
	h->msg[0] = '\0';
	h->attr[0] = '\0';
	h->missing = false;
	h->bad_off = 0;
	h->max_len = 0;
	h->entry = -1;
}

/* Send request @m (consumed), read its answer: 0 or a negative errno. */
static int exec(struct liveupdate_nl *h, struct nl_msg *m, parse_fn parse,
		void *arg)
{
	struct request r = { .h = h, .req = m, .parse = parse, .arg = arg };
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

	/* From a foreach callback: the dump being read owns the socket. */
	if (h->busy) {
		nlmsg_free(m);
		return -EBUSY;
	}
	clear_error(h);
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb) {
		nlmsg_free(m);
		return -ENOMEM;
	}
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &r);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &r);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, finish_cb, &r);
	nl_cb_err(cb, NL_CB_CUSTOM, err_cb, &r);
	err = nl_send_auto(h->sk, m);
	r.seq = nlh->nlmsg_seq;
	h->busy = true;
	while (err >= 0 && !r.done) {
		err = nl_recvmsgs(h->sk, cb);
		/*
		 * recvmsg()'s ENOBUFS or ENOMEM (libnl's NLE_NOMEM): the
		 * socket lost messages, maybe our answer; the request fails
		 * with EIO, and a monitor hears of the loss from
		 * liveupdate_nl_next_event().
		 */
		if (err == -NLE_NOMEM && h->monitoring)
			h->overrun = true;
	}
	h->busy = false;
	nl_cb_put(cb);
	nlmsg_free(m);
	/* A dump that raced with a change: libnl read it to its end. */
	if (err == -NLE_DUMP_INTR && !r.err)
		return -EINTR;
	if (err < 0 && !r.err)
		return -EIO;
	return r.err;
}

/* A request of @cmd, with room for @extra bytes of attributes. */
static struct nl_msg *new_msg(struct liveupdate_nl *h, int cmd, int flags,
			      size_t extra)
{
	struct nl_msg *m = nlmsg_alloc_size(extra + 1024);

	if (m && !genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, h->family, 0,
			      flags, cmd, LIVEUPDATE_FAMILY_VERSION)) {
		nlmsg_free(m);
		m = NULL;
	}
	return m;
}

/* The direction liveupdate_nl_set_direction() asked for, if any. */
static int put_dir(struct liveupdate_nl *h, struct nl_msg *m, int attr)
{
	return h->direction >= 0 ? nla_put_u32(m, attr, h->direction) : 0;
}

/* Put what the request needs, or give up on it: -EMSGSIZE. */
static int built(struct nl_msg *m, int err)
{
	if (err) {
		nlmsg_free(m);
		return -EMSGSIZE;
	}
	return 0;
}

/* Connection. */

EXPORT int liveupdate_nl_open(struct liveupdate_nl **handle)
{
	struct liveupdate_nl *h = calloc(1, sizeof(*h));
	int one = 1, err;

	*handle = NULL;
	if (!h)
		return -ENOMEM;
	h->direction = LIVEUPDATE_NL_ANY_DIRECTION;
	h->entry = -1;
	h->sk = nl_socket_alloc();
	if (!h->sk) {
		free(h);
		return -ENOMEM;
	}
	errno = 0;
	if (genl_connect(h->sk)) {
		/* socket() or bind() set errno; libnl's code says less. */
		err = errno ? -errno : -ECONNREFUSED;
		goto fail;
	}
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	nl_socket_disable_auto_ack(h->sk);
	nl_socket_disable_seq_check(h->sk);
	/*
	 * One recvmsg() per message: no peeking at its size first, into a
	 * buffer that holds the largest skb netlink sends (32 KiB).
	 */
	nl_socket_disable_msg_peek(h->sk);
	nl_socket_set_msg_buf_size(h->sk, 65536);
	h->family = genl_ctrl_resolve(h->sk, LIVEUPDATE_FAMILY_NAME);
	if (h->family < 0) {
		err = -ENOENT;
		goto fail;
	}
	*handle = h;
	return 0;
fail:
	nl_socket_free(h->sk);
	free(h);
	return err;
}

EXPORT void liveupdate_nl_close(struct liveupdate_nl *h)
{
	struct liveupdate_nl_event *ev;

	if (!h)
		return;
	while ((ev = h->queue)) {
		h->queue = ev->next;
		free(ev);
	}
	nl_socket_free(h->sk);
	free(h);
}

EXPORT int liveupdate_nl_socket(const struct liveupdate_nl *h)
{
	return nl_socket_get_fd(h->sk);
}

EXPORT void liveupdate_nl_set_direction(struct liveupdate_nl *h, int direction)
{
	h->direction = direction;
}

EXPORT const char *liveupdate_nl_error_message(const struct liveupdate_nl *h)
{
	return h->msg;
}

EXPORT const char *liveupdate_nl_error_attribute(const struct liveupdate_nl *h)
{
	return h->attr;
}

EXPORT bool liveupdate_nl_error_missing(const struct liveupdate_nl *h)
{
	return h->missing;
}

EXPORT uint32_t liveupdate_nl_error_max_len(const struct liveupdate_nl *h)
{
	return h->max_len;
}

/* Replies kept as objects. */

static void keep_session(struct nl_msg *msg, void *arg)
{
	struct liveupdate_nl_session tmp, **out = arg;
	const struct nlattr *head;
	int len;

	head = msg_attrs(msg, &len);
	parse_session(&tmp, head, len);
	*out = liveupdate_nl_session_dup(&tmp);
}

static void keep_file(struct nl_msg *msg, void *arg)
{
	struct liveupdate_nl_file tmp, **out = arg;
	const struct nlattr *head;
	int len;

	head = msg_attrs(msg, &len);
	parse_file(&tmp, head, len);
	*out = liveupdate_nl_file_dup(&tmp);
}

static void keep_status(struct nl_msg *msg, void *arg)
{
	struct liveupdate_nl_status **out = arg;
	const struct nlattr *head;
	int len;

	*out = malloc(sizeof(**out));
	head = msg_attrs(msg, &len);
	if (*out)
		parse_status(*out, head, len);
}

/*
 * Run request @m whose reply, if @out, becomes an object through @keep:
 * -ENOMEM if it could not be kept.
 */
static int exec_keep(struct liveupdate_nl *h, struct nl_msg *m,
		     parse_fn keep, void **out)
{
	int err;

	if (!out)
		return exec(h, m, NULL, NULL);
	*out = NULL;
	err = exec(h, m, keep, out);
	if (!err && !*out)
		err = -ENOMEM;
	return err;
}

/* Sessions. */

static int session_data_op(struct liveupdate_nl *h, int cmd, const char *name,
			   uint32_t flags, const void *data, size_t len,
			   bool put_data, struct liveupdate_nl_session **out)
{
	struct nl_msg *m;

	if ((!data && len) || len > 65535)
		return -EINVAL;
	m = new_msg(h, cmd, 0, len);
	if (!m)
		return -ENOMEM;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name) ||
		     (cmd != LIVEUPDATE_NL_CMD_SESSION_NEW &&
		      put_dir(h, m, LIVEUPDATE_NL_SESSION_A_DIRECTION)) ||
		     (flags &&
		      nla_put_u32(m, LIVEUPDATE_NL_SESSION_A_FLAGS, flags)) ||
		     (put_data &&
		      nla_put(m, LIVEUPDATE_NL_SESSION_A_USER_DATA, len,
			      data ? data : ""))))
		return -EMSGSIZE;
	return exec_keep(h, m, keep_session, (void **)out);
}

EXPORT int liveupdate_nl_session_new(struct liveupdate_nl *h, const char *name,
				     uint32_t flags, const void *data,
				     size_t len,
				     struct liveupdate_nl_session **out)
{
	return session_data_op(h, LIVEUPDATE_NL_CMD_SESSION_NEW, name, flags,
			       data, len, data != NULL, out);
}

EXPORT int liveupdate_nl_session_set_data(struct liveupdate_nl *h,
					  const char *name, const void *data,
					  size_t len,
					  struct liveupdate_nl_session **out)
{
	return session_data_op(h, LIVEUPDATE_NL_CMD_SESSION_SET, name, 0, data,
			       len, true, out);
}

/* A request that names a session, with an optional flag attribute. */
static int session_op(struct liveupdate_nl *h, int cmd, const char *name,
		      int flag, struct liveupdate_nl_session **out)
{
	struct nl_msg *m = new_msg(h, cmd, 0, 0);

	if (!m)
		return -ENOMEM;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_SESSION_A_NAME, name) ||
		     put_dir(h, m, LIVEUPDATE_NL_SESSION_A_DIRECTION) ||
		     (flag && nla_put_flag(m, flag))))
		return -EMSGSIZE;
	return exec_keep(h, m, keep_session, (void **)out);
}

EXPORT int liveupdate_nl_session_del(struct liveupdate_nl *h, const char *name)
{
	return session_op(h, LIVEUPDATE_NL_CMD_SESSION_DEL, name, 0, NULL);
}

EXPORT int liveupdate_nl_session_get(struct liveupdate_nl *h, const char *name,
				     struct liveupdate_nl_session **out)
{
	return session_op(h, LIVEUPDATE_NL_CMD_SESSION_GET, name, 0, out);
}

EXPORT int liveupdate_nl_session_finish(struct liveupdate_nl *h,
					const char *name, bool discard)
{
	return session_op(h, LIVEUPDATE_NL_CMD_SESSION_FINISH, name,
			  discard ? LIVEUPDATE_NL_SESSION_A_DISCARD : 0, NULL);
}

/* Dumps. */

struct walk {
	int kind;
	void *fn;
	void *arg;
	int stop;	/* what fn returned to stop the walk */
};

static void walk_cb(struct nl_msg *msg, void *arg)
{
	struct walk *w = arg;
	struct liveupdate_nl_session s;
	struct liveupdate_nl_file f;
	const struct nlattr *head;
	int len;

	/* Stopped: read the rest of the dump, to its end, unseen. */
	if (w->stop)
		return;
	head = msg_attrs(msg, &len);
	if (w->kind == KIND_SESSION) {
		parse_session(&s, head, len);
		w->stop = ((liveupdate_nl_session_fn)w->fn)(&s, w->arg);
	} else {
		parse_file(&f, head, len);
		w->stop = ((liveupdate_nl_file_fn)w->fn)(&f, w->arg);
	}
}

static int walk_dump(struct liveupdate_nl *h, int cmd, const char *session,
		     struct walk *w)
{
	struct nl_msg *m = new_msg(h, cmd, NLM_F_DUMP, 0);
	int err;

	if (!m)
		return -ENOMEM;
	if (session &&
	    built(m, nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session) ||
		     put_dir(h, m, LIVEUPDATE_NL_FD_A_DIRECTION)))
		return -EMSGSIZE;
	err = exec(h, m, walk_cb, w);
	return w->stop ? w->stop : err;
}

EXPORT int liveupdate_nl_session_foreach(struct liveupdate_nl *h,
					 liveupdate_nl_session_fn fn, void *arg)
{
	struct walk w = { KIND_SESSION, (void *)fn, arg, 0 };

	return walk_dump(h, LIVEUPDATE_NL_CMD_SESSION_GET, NULL, &w);
}

EXPORT int liveupdate_nl_fd_foreach(struct liveupdate_nl *h,
				    const char *session,
				    liveupdate_nl_file_fn fn, void *arg)
{
	struct walk w = { KIND_FILE, (void *)fn, arg, 0 };

	return walk_dump(h, LIVEUPDATE_NL_CMD_FD_GET, session, &w);
}

/* Session objects. */

EXPORT struct liveupdate_nl_session *
liveupdate_nl_session_dup(const struct liveupdate_nl_session *s)
{
	const struct nlattr *copy;
	struct liveupdate_nl_session *d;

	d = dup_block(sizeof(*d), s->attrs, s->len, &copy);
	if (d)
		parse_session(d, copy, s->len);
	return d;
}

EXPORT void liveupdate_nl_session_free(struct liveupdate_nl_session *s)
{
	free(s);
}

EXPORT const char *liveupdate_nl_session_name(const struct liveupdate_nl_session *s)
{
	return s->name ? s->name : "";
}

EXPORT uint32_t liveupdate_nl_session_direction(const struct liveupdate_nl_session *s)
{
	return s->direction;
}

EXPORT uint32_t liveupdate_nl_session_state(const struct liveupdate_nl_session *s)
{
	return s->state;
}

EXPORT uint32_t liveupdate_nl_session_flags(const struct liveupdate_nl_session *s)
{
	return s->flags;
}

EXPORT uint32_t liveupdate_nl_session_owner(const struct liveupdate_nl_session *s)
{
	return s->owner;
}

EXPORT uint32_t liveupdate_nl_session_fd_count(const struct liveupdate_nl_session *s)
{
	return s->fd_count;
}

EXPORT uint64_t liveupdate_nl_session_bytes(const struct liveupdate_nl_session *s)
{
	return s->bytes;
}

EXPORT uint64_t liveupdate_nl_session_pages(const struct liveupdate_nl_session *s)
{
	return s->pages;
}

EXPORT uint64_t liveupdate_nl_session_freeze_ns(const struct liveupdate_nl_session *s)
{
	return s->freeze_ns;
}

EXPORT const void *liveupdate_nl_session_data(const struct liveupdate_nl_session *s,
					      size_t *len)
{
	*len = s->data_len;
	return s->data_len ? s->data : NULL;
}

/* Files. */

/* Bytes of the entry of a file: its nest, fd, token and label if any. */
static size_t entry_bytes(const char *label)
{
	return 4 + 8 + 12 + (label ? 4 + NLA_ALIGN(strlen(label) + 1) : 0);
}

/* One fd-add of the n files from fds, tokens and labels, as entries. */
static int fd_add_request(struct liveupdate_nl *h, const char *session,
			  size_t n, const int *fds, const uint64_t *tokens,
			  const char *const *labels)
{
	struct nl_msg *m;
	struct nlattr *nest;
	size_t i, bytes = 0;

	for (i = 0; i < n; i++)
		bytes += entry_bytes(labels ? labels[i] : NULL);
	m = new_msg(h, LIVEUPDATE_NL_CMD_FD_ADD, 0, bytes);
	if (!m)
		return -ENOMEM;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session) ||
		     put_dir(h, m, LIVEUPDATE_NL_FD_A_DIRECTION)))
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		nest = nla_nest_start(m, LIVEUPDATE_NL_FD_A_ENTRY);
		if (built(m, !nest ||
			     nla_put_s32(m, LIVEUPDATE_NL_FD_A_FD, fds[i]) ||
			     nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, tokens[i]) ||
			     (labels && labels[i] &&
			      nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL,
					     labels[i]))))
			return -EMSGSIZE;
		nla_nest_end(m, nest);
	}
	return exec(h, m, NULL, NULL);
}

EXPORT int liveupdate_nl_fd_add_many(struct liveupdate_nl *h,
				     const char *session, size_t n,
				     const int *fds, const uint64_t *tokens,
				     const char *const *labels, size_t *failed)
{
	size_t i, k, bytes;
	int err = 0;

	*failed = 0;
	for (i = 0; i < n && !err; i += k) {
		/* At most LIVEUPDATE_NL__ENTRIES files, and as many bytes. */
		for (k = 0, bytes = 0;
		     i + k < n && k < LIVEUPDATE_NL__ENTRIES; k++) {
			bytes += entry_bytes(labels ? labels[i + k] : NULL);
			if (k && bytes > LIVEUPDATE_NL__ENTRIES_BYTES)
				break;
		}
		h->entry_base = i;
		err = fd_add_request(h, session, k, fds + i, tokens + i,
				     labels ? labels + i : NULL);
		h->entry_base = 0;
		if (err)
			*failed = h->entry >= 0 ? (size_t)h->entry : i;
	}
	return err;
}

EXPORT int liveupdate_nl_fd_add(struct liveupdate_nl *h, const char *session,
				int fd, uint64_t token, const char *label)
{
	struct nl_msg *m = new_msg(h, LIVEUPDATE_NL_CMD_FD_ADD, 0, 0);

	if (!m)
		return -ENOMEM;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session) ||
		     put_dir(h, m, LIVEUPDATE_NL_FD_A_DIRECTION) ||
		     nla_put_s32(m, LIVEUPDATE_NL_FD_A_FD, fd) ||
		     nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, token) ||
		     (label &&
		      nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, label))))
		return -EMSGSIZE;
	return exec(h, m, NULL, NULL);
}

/*
 * A request on one file of @session, named by @token if @label is NULL,
 * else by @label; with restore @flags if any.
 */
static struct nl_msg *fd_msg(struct liveupdate_nl *h, int cmd,
			     const char *session, const uint64_t *token,
			     const char *label, uint32_t flags)
{
	struct nl_msg *m = new_msg(h, cmd, 0, 0);

	if (!m)
		return NULL;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session) ||
		     put_dir(h, m, LIVEUPDATE_NL_FD_A_DIRECTION) ||
		     (token &&
		      nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN, *token)) ||
		     (label &&
		      nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, label)) ||
		     (flags && nla_put_u32(m, LIVEUPDATE_NL_FD_A_FLAGS, flags))))
		return NULL;
	return m;
}

static int fd_op(struct liveupdate_nl *h, int cmd, const char *session,
		 const uint64_t *token, const char *label, uint32_t flags,
		 struct liveupdate_nl_file **out)
{
	struct nl_msg *m = fd_msg(h, cmd, session, token, label, flags);

	if (!m)
		return -ENOMEM;
	return exec_keep(h, m, keep_file, (void **)out);
}

EXPORT int liveupdate_nl_fd_del(struct liveupdate_nl *h, const char *session,
				uint64_t token)
{
	return fd_op(h, LIVEUPDATE_NL_CMD_FD_DEL, session, &token, NULL, 0,
		     NULL);
}

EXPORT int liveupdate_nl_fd_del_label(struct liveupdate_nl *h,
				      const char *session, const char *label)
{
	return fd_op(h, LIVEUPDATE_NL_CMD_FD_DEL, session, NULL, label, 0,
		     NULL);
}

EXPORT int liveupdate_nl_fd_get(struct liveupdate_nl *h, const char *session,
				uint64_t token, struct liveupdate_nl_file **out)
{
	return fd_op(h, LIVEUPDATE_NL_CMD_FD_GET, session, &token, NULL, 0,
		     out);
}

EXPORT int liveupdate_nl_fd_get_label(struct liveupdate_nl *h,
				      const char *session, const char *label,
				      struct liveupdate_nl_file **out)
{
	return fd_op(h, LIVEUPDATE_NL_CMD_FD_GET, session, NULL, label, 0, out);
}

/* A restore's reply: the descriptor, whether or not the rest is kept. */
struct restore_reply {
	struct liveupdate_nl_file *f;
	int fd;
};

static void keep_restore(struct nl_msg *msg, void *arg)
{
	struct restore_reply *r = arg;
	struct liveupdate_nl_file tmp;
	const struct nlattr *head;
	int len;

	head = msg_attrs(msg, &len);
	parse_file(&tmp, head, len);
	r->fd = tmp.fd;
	r->f = liveupdate_nl_file_dup(&tmp);
}

static int fd_restore(struct liveupdate_nl *h, const char *session,
		      const uint64_t *token, const char *label, uint32_t flags,
		      int *fd, struct liveupdate_nl_file **out)
{
	struct restore_reply r = { .fd = -1 };
	struct nl_msg *m;
	int err;

	*fd = -1;
	if (out)
		*out = NULL;
	m = fd_msg(h, LIVEUPDATE_NL_CMD_FD_RESTORE, session, token, label,
		   flags);
	if (!m)
		return -ENOMEM;
	err = exec(h, m, keep_restore, &r);
	if (!err && r.fd < 0)
		err = -EPROTO;
	else if (!err && !r.f)
		err = -ENOMEM;
	/* Nothing is handed out on failure: not even the descriptor. */
	if (err) {
		if (r.fd >= 0)
			close(r.fd);
		free(r.f);
		return err;
	}
	*fd = r.fd;
	if (out)
		*out = r.f;
	else
		free(r.f);
	return 0;
}

EXPORT int liveupdate_nl_fd_restore(struct liveupdate_nl *h,
				    const char *session, uint64_t token,
				    uint32_t flags, int *fd,
				    struct liveupdate_nl_file **out)
{
	return fd_restore(h, session, &token, NULL, flags, fd, out);
}

EXPORT int liveupdate_nl_fd_restore_label(struct liveupdate_nl *h,
					  const char *session,
					  const char *label, uint32_t flags,
					  int *fd,
					  struct liveupdate_nl_file **out)
{
	return fd_restore(h, session, NULL, label, flags, fd, out);
}

int liveupdate_nl__fd_op(struct liveupdate_nl *h, int cmd, const char *session,
			 const uint64_t *token, const char *label,
			 uint32_t flags, int *fd)
{
	struct liveupdate_nl_file *f = NULL;
	int err;

	if (cmd == LIVEUPDATE_NL_CMD_FD_RESTORE) {
		int got;

		err = fd_restore(h, session, token, label, flags, &got, NULL);
		if (!err && fd)
			*fd = got;
		else if (!err)
			close(got);
		return err;
	}
	err = fd_op(h, cmd, session, token, label, flags,
		    cmd == LIVEUPDATE_NL_CMD_FD_DEL ? NULL : &f);
	free(f);
	return err;
}

/* The descriptors a multi-file fd-restore reply gives, in order. */
struct restored {
	int *fds;
	size_t want, got;
	bool extra;
};

static void keep_fds(struct nl_msg *msg, void *arg)
{
	const struct nlattr *head, *a, *in;
	struct restored *r = arg;
	int len, rem, irem;

	head = msg_attrs(msg, &len);
	for_each_attr(a, head, len, rem) {
		if (nla_type(a) != LIVEUPDATE_NL_FD_A_ENTRY)
			continue;
		for_each_attr(in, nla_data(a), nla_len(a), irem) {
			if (nla_type(in) != LIVEUPDATE_NL_FD_A_FD ||
			    nla_len(in) < 4)
				continue;
			/* More than asked for: not ours to keep. */
			if (r->got == r->want) {
				close((int32_t)get_u32(in));
				r->extra = true;
				continue;
			}
			r->fds[r->got++] = (int32_t)get_u32(in);
		}
	}
}

/* One fd-restore of @n files as entries, into @fds. */
static int fd_restore_request(struct liveupdate_nl *h, const char *session,
			      size_t n, const uint64_t *tokens,
			      const char *const *labels, uint32_t flags,
			      int *fds)
{
	struct restored r = { .fds = fds, .want = n };
	const char *label;
	struct nlattr *nest;
	struct nl_msg *m;
	size_t i, bytes = 0;
	int err;

	for (i = 0; i < n; i++)
		bytes += entry_bytes(labels ? labels[i] : NULL);
	m = new_msg(h, LIVEUPDATE_NL_CMD_FD_RESTORE, 0, bytes);
	if (!m)
		return -ENOMEM;
	if (built(m, nla_put_string(m, LIVEUPDATE_NL_FD_A_SESSION, session) ||
		     put_dir(h, m, LIVEUPDATE_NL_FD_A_DIRECTION) ||
		     (flags && nla_put_u32(m, LIVEUPDATE_NL_FD_A_FLAGS, flags))))
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		label = labels ? labels[i] : NULL;
		nest = nla_nest_start(m, LIVEUPDATE_NL_FD_A_ENTRY);
		if (built(m, !nest ||
			     (label ?
			      nla_put_string(m, LIVEUPDATE_NL_FD_A_LABEL, label) :
			      nla_put_u64(m, LIVEUPDATE_NL_FD_A_TOKEN,
					  tokens[i]))))
			return -EMSGSIZE;
		nla_nest_end(m, nest);
	}
	err = exec(h, m, keep_fds, &r);
	if (!err && (r.got != n || r.extra))
		err = -EPROTO;
	if (err) {
		while (r.got) {
			close(fds[--r.got]);
			fds[r.got] = -1;
		}
	}
	return err;
}

EXPORT int liveupdate_nl_fd_restore_many(struct liveupdate_nl *h,
					 const char *session, size_t n,
					 const uint64_t *tokens,
					 const char *const *labels,
					 uint32_t flags, int *fds,
					 size_t *failed)
{
	size_t i, k;
	int err = 0;

	*failed = 0;
	for (i = 0; i < n; i++)
		fds[i] = -1;
	for (i = 0; i < n && !err; i += k) {
		k = n - i < LIVEUPDATE_NL_MAX_RESTORE_ENTRIES ?
		    n - i : LIVEUPDATE_NL_MAX_RESTORE_ENTRIES;
		h->entry_base = i;
		err = fd_restore_request(h, session, k,
					 tokens ? tokens + i : NULL,
					 labels ? labels + i : NULL, flags,
					 fds + i);
		h->entry_base = 0;
		if (!err)
			continue;
		*failed = h->entry >= 0 ? (size_t)h->entry : i;
		/* All or none: what the requests before gave goes back. */
		while (i--) {
			close(fds[i]);
			fds[i] = -1;
		}
		break;
	}
	return err;
}

/* File objects. */

EXPORT struct liveupdate_nl_file *
liveupdate_nl_file_dup(const struct liveupdate_nl_file *f)
{
	const struct nlattr *copy;
	struct liveupdate_nl_file *d;

	d = dup_block(sizeof(*d), f->attrs, f->len, &copy);
	if (d)
		parse_file(d, copy, f->len);
	return d;
}

EXPORT void liveupdate_nl_file_free(struct liveupdate_nl_file *f)
{
	free(f);
}

EXPORT const char *liveupdate_nl_file_session(const struct liveupdate_nl_file *f)
{
	return f->session ? f->session : "";
}

EXPORT uint64_t liveupdate_nl_file_token(const struct liveupdate_nl_file *f)
{
	return f->token;
}

EXPORT const char *liveupdate_nl_file_label(const struct liveupdate_nl_file *f)
{
	return f->label;
}

EXPORT const char *liveupdate_nl_file_compatible(const struct liveupdate_nl_file *f)
{
	return f->compatible ? f->compatible : "";
}

EXPORT uint64_t liveupdate_nl_file_size(const struct liveupdate_nl_file *f)
{
	return f->size;
}

EXPORT uint32_t liveupdate_nl_file_state(const struct liveupdate_nl_file *f)
{
	return f->state;
}

EXPORT uint32_t liveupdate_nl_file_owner(const struct liveupdate_nl_file *f)
{
	return f->owner;
}

EXPORT size_t liveupdate_nl_file_ndeps(const struct liveupdate_nl_file *f)
{
	return f->ndeps;
}

EXPORT uint64_t liveupdate_nl_file_dep(const struct liveupdate_nl_file *f,
				       size_t i)
{
	const struct nlattr *a;
	int rem;

	for_each_attr(a, f->attrs, f->len, rem)
		if (nla_type(a) == LIVEUPDATE_NL_FD_A_DEPENDS && !i--)
			return get_uint(a);
	return 0;
}

/* The outgoing side. */

static int system_op(struct liveupdate_nl *h, int cmd,
		     struct liveupdate_nl_status **out)
{
	struct nl_msg *m = new_msg(h, cmd, 0, 0);

	if (!m)
		return -ENOMEM;
	return exec_keep(h, m, keep_status, (void **)out);
}

EXPORT int liveupdate_nl_freeze(struct liveupdate_nl *h,
				struct liveupdate_nl_status **out)
{
	return system_op(h, LIVEUPDATE_NL_CMD_FREEZE, out);
}

EXPORT int liveupdate_nl_unfreeze(struct liveupdate_nl *h,
				  struct liveupdate_nl_status **out)
{
	return system_op(h, LIVEUPDATE_NL_CMD_UNFREEZE, out);
}

EXPORT int liveupdate_nl_status_get(struct liveupdate_nl *h,
				    struct liveupdate_nl_status **out)
{
	return system_op(h, LIVEUPDATE_NL_CMD_STATUS_GET, out);
}

EXPORT void liveupdate_nl_status_free(struct liveupdate_nl_status *st)
{
	free(st);
}

EXPORT uint32_t liveupdate_nl_status_state(const struct liveupdate_nl_status *st)
{
	return st->state;
}

EXPORT uint32_t liveupdate_nl_status_sessions(const struct liveupdate_nl_status *st)
{
	return st->sessions;
}

EXPORT uint32_t liveupdate_nl_status_fds(const struct liveupdate_nl_status *st)
{
	return st->fds;
}

EXPORT uint32_t liveupdate_nl_status_incoming(const struct liveupdate_nl_status *st)
{
	return st->incoming;
}

EXPORT uint64_t liveupdate_nl_status_freeze_ns(const struct liveupdate_nl_status *st)
{
	return st->freeze_ns;
}

EXPORT uint32_t liveupdate_nl_status_record_size(const struct liveupdate_nl_status *st)
{
	return st->record_size;
}

EXPORT uint32_t liveupdate_nl_status_record_max(const struct liveupdate_nl_status *st)
{
	return st->record_max;
}

/* Events. */

EXPORT int liveupdate_nl_monitor(struct liveupdate_nl *h)
{
	int grp, err;

	clear_error(h);
	grp = genl_ctrl_resolve_grp(h->sk, LIVEUPDATE_FAMILY_NAME,
				    LIVEUPDATE_MCGRP_MONITOR);
	if (grp < 0)
		return -ENOENT;
	err = nl_socket_add_membership(h->sk, grp);
	if (err)
		return err == -NLE_PERM ? -EPERM : -EIO;
	h->monitoring = true;
	return 0;
}

/* The event notification @msg tells, or NULL without memory. */
static struct liveupdate_nl_event *make_event(struct nl_msg *msg)
{
	struct genlmsghdr *gh = nlmsg_data(nlmsg_hdr(msg));
	const struct nlattr *head, *copy;
	struct liveupdate_nl_event *ev;
	int len;

	head = msg_attrs(msg, &len);
	ev = dup_block(sizeof(*ev), head, len, &copy);
	if (!ev)
		return NULL;
	memset(ev, 0, sizeof(*ev));
	ev->cmd = gh->cmd;
	switch (gh->cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_SET_NTF:
		ev->kind = KIND_SESSION;
		parse_session(&ev->session, copy, len);
		break;
	case LIVEUPDATE_NL_CMD_FD_ADD_NTF:
	case LIVEUPDATE_NL_CMD_FD_DEL_NTF:
	case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF:
		ev->kind = KIND_FILE;
		parse_file(&ev->file, copy, len);
		break;
	case LIVEUPDATE_NL_CMD_FREEZE_NTF:
	case LIVEUPDATE_NL_CMD_UNFREEZE_NTF:
	case LIVEUPDATE_NL_CMD_INCOMING_NTF:
		ev->kind = KIND_STATUS;
		parse_status(&ev->status, copy, len);
		break;
	default:
		/* A newer kernel's event: its command only. */
		ev->kind = KIND_NONE;
	}
	return ev;
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct liveupdate_nl_event **out = arg;

	/* Only notifications: a stale reply is dropped. */
	if (nlmsg_hdr(msg)->nlmsg_seq)
		return NL_OK;
	*out = make_event(msg);
	return NL_STOP;
}

EXPORT int liveupdate_nl_next_event(struct liveupdate_nl *h, int timeout_ms,
				    struct liveupdate_nl_event **ev)
{
	struct pollfd p = { .fd = nl_socket_get_fd(h->sk), .events = POLLIN };
	struct nl_cb *cb;
	int err;

	*ev = NULL;
	if (h->overrun) {
		h->overrun = false;
		return -ENOBUFS;
	}
	if (h->queue) {
		*ev = h->queue;
		h->queue = (*ev)->next;
		h->queued--;
		return 0;
	}
	err = poll(&p, 1, timeout_ms);
	if (err < 0)
		return -errno;
	if (!err)
		return -ETIMEDOUT;
	/* Events were lost (ENOBUFS): reading the error clears it. */
	if (p.revents & POLLERR) {
		socklen_t len = sizeof(err);

		err = 0;
		if (!getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len) && err)
			return -err;
	}
	cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, ev);
	err = nl_recvmsgs(h->sk, cb);
	nl_cb_put(cb);
	if (*ev)
		return 0;
	/* libnl reports recvmsg()'s ENOBUFS as NLE_NOMEM. */
	if (err == -NLE_NOMEM)
		return -ENOBUFS;
	/* Nothing for the monitor in what was read (or no memory for it). */
	return err < 0 ? -EIO : -EAGAIN;
}

EXPORT void liveupdate_nl_event_free(struct liveupdate_nl_event *ev)
{
	free(ev);
}

EXPORT uint32_t liveupdate_nl_event_cmd(const struct liveupdate_nl_event *ev)
{
	return ev->cmd;
}

EXPORT const struct liveupdate_nl_session *
liveupdate_nl_event_session(const struct liveupdate_nl_event *ev)
{
	return ev->kind == KIND_SESSION ? &ev->session : NULL;
}

EXPORT const struct liveupdate_nl_file *
liveupdate_nl_event_file(const struct liveupdate_nl_event *ev)
{
	return ev->kind == KIND_FILE ? &ev->file : NULL;
}

EXPORT const struct liveupdate_nl_status *
liveupdate_nl_event_status(const struct liveupdate_nl_event *ev)
{
	return ev->kind == KIND_STATUS ? &ev->status : NULL;
}

EXPORT int liveupdate_nl_set_rcvbuf(struct liveupdate_nl *h, int bytes)
{
	int fd = nl_socket_get_fd(h->sk);

	/* Past net.core.rmem_max if privileged, as iproute2 does. */
	if (!setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof(bytes)))
		return 0;
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof(bytes)))
		return -errno;
	return 0;
}

EXPORT int64_t liveupdate_nl_dropped(const struct liveupdate_nl *h)
{
	uint32_t mem[SK_MEMINFO_VARS] = { 0 };
	socklen_t len = sizeof(mem);

	if (getsockopt(nl_socket_get_fd(h->sk), SOL_SOCKET, SO_MEMINFO, mem,
		       &len))
		return -errno;
	if (len <= SK_MEMINFO_DROPS * sizeof(mem[0]))
		return -EOPNOTSUPP;
	return mem[SK_MEMINFO_DROPS];
}

/* Pipelined fd-add, for benchmarks (liveupdate-nl-private.h). */

/* At most this many requests go in one sendmsg(). */
#define PIPELINE	64

/*
 * Only the last request of a batch asks for an ack: the others answer
 * only if they fail, and the kernel runs them in order. Read up to the
 * last one's answer; report the first failure.
 */
static int pipeline_acks(struct liveupdate_nl *h, uint32_t first_seq, int k,
			 int *failed)
{
	char *buf = malloc(65536);
	int done = 0, err = 0;

	if (!buf)
		return -ENOMEM;
	while (!done) {
		ssize_t len = recv(nl_socket_get_fd(h->sk), buf, 65536, 0);
		struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
		int rem = (int)len;

		if (len < 0) {
			err = -errno;
			break;
		}
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
			parse_ack(h, NULL, nlh);
		}
	}
	free(buf);
	return err;
}

int liveupdate_nl__fd_add_pipelined(struct liveupdate_nl *h,
				    const char *session, const int *fds,
				    const uint64_t *tokens, int n, int *failed)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nl_msg *m[PIPELINE];
	struct iovec iov[PIPELINE];
	int i, j, k, err = 0;

	clear_error(h);
	*failed = -1;
	for (i = 0; i < n && !err; i += k) {
		struct msghdr mh = {
			.msg_name = &kernel, .msg_namelen = sizeof(kernel),
			.msg_iov = iov,
		};
		uint32_t first_seq = 0;

		k = n - i < PIPELINE ? n - i : PIPELINE;
		for (j = 0; j < k; j++) {
			struct nlmsghdr *nlh;

			m[j] = new_msg(h, LIVEUPDATE_NL_CMD_FD_ADD, 0, 0);
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
			nl_complete_msg(h->sk, m[j]);
			nlh = nlmsg_hdr(m[j]);
			if (j == k - 1)
				nlh->nlmsg_flags |= NLM_F_ACK;
			if (!j)
				first_seq = nlh->nlmsg_seq;
			iov[j].iov_base = nlh;
			iov[j].iov_len = nlh->nlmsg_len;
		}
		mh.msg_iovlen = k;
		if (!err && sendmsg(nl_socket_get_fd(h->sk), &mh, 0) < 0)
			err = -errno;
		for (j = 0; j < k; j++)
			nlmsg_free(m[j]);
		if (!err) {
			err = pipeline_acks(h, first_seq, k, failed);
			if (*failed >= 0)
				*failed += i;
		}
	}
	return err;
}
