// SPDX-License-Identifier: GPL-2.0
/*
 * The selftests' client, over the liveupdate-nl library: see
 * lunl_client.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "liveupdate-nl-private.h"
#include "lunl_client.h"

/* What the library says of the last failure, where the tests read it. */
static int lunl_ret(struct lunl *l, int err)
{
	snprintf(l->extack, sizeof(l->extack), "%s", l->h->msg);
	snprintf(l->attr, sizeof(l->attr), "%s", l->h->attr);
	l->policy_max_len = l->h->max_len;
	l->bad_off = l->h->bad_off;
	return err;
}

static void lunl_file_info(const struct liveupdate_nl_file *f,
			   struct lunl_fd_info *out)
{
	const char *label = liveupdate_nl_file_label(f);
	size_t i;

	memset(out, 0, sizeof(*out));
	snprintf(out->session, sizeof(out->session), "%s",
		 liveupdate_nl_file_session(f));
	out->token = liveupdate_nl_file_token(f);
	out->size = liveupdate_nl_file_size(f);
	out->state = liveupdate_nl_file_state(f);
	out->owner = liveupdate_nl_file_owner(f);
	out->fd = -1;
	snprintf(out->compatible, sizeof(out->compatible), "%s",
		 liveupdate_nl_file_compatible(f));
	for (i = 0; i < liveupdate_nl_file_ndeps(f) && i < LUNL_MAX_DEPS; i++)
		out->deps[out->ndeps++] = liveupdate_nl_file_dep(f, i);
	out->has_label = !!label;
	if (label)
		snprintf(out->label, sizeof(out->label), "%s", label);
}

static void lunl_session_info(const struct liveupdate_nl_session *s,
			      struct lunl_session_info *out)
{
	const void *data;
	size_t len;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s",
		 liveupdate_nl_session_name(s));
	out->direction = liveupdate_nl_session_direction(s);
	out->state = liveupdate_nl_session_state(s);
	out->flags = liveupdate_nl_session_flags(s);
	out->fd_count = liveupdate_nl_session_fd_count(s);
	out->bytes = liveupdate_nl_session_bytes(s);
	out->pages = liveupdate_nl_session_pages(s);
	out->freeze_ns = liveupdate_nl_session_freeze_ns(s);
	out->owner = liveupdate_nl_session_owner(s);
	data = liveupdate_nl_session_data(s, &len);
	out->data_len = len < sizeof(out->data) ? len : sizeof(out->data);
	if (data)
		memcpy(out->data, data, out->data_len);
}

static void lunl_status_info(const struct liveupdate_nl_status *st,
			     struct lunl_status_info *out)
{
	out->state = liveupdate_nl_status_state(st);
	out->sessions = liveupdate_nl_status_sessions(st);
	out->fds = liveupdate_nl_status_fds(st);
	out->incoming = liveupdate_nl_status_incoming(st);
	out->freeze_ns = liveupdate_nl_status_freeze_ns(st);
	out->record_size = liveupdate_nl_status_record_size(st);
	out->record_max = liveupdate_nl_status_record_max(st);
}

int lunl_open(struct lunl *l)
{
	int err;

	memset(l, 0, sizeof(*l));
	err = liveupdate_nl_open(&l->h);
	if (!err)
		l->family = l->h->family;
	return err;
}

void lunl_close(struct lunl *l)
{
	liveupdate_nl_close(l->h);
	l->h = NULL;
}

void lunl_set_direction(struct lunl *l, int direction)
{
	liveupdate_nl_set_direction(l->h, direction);
}

/* A session's reply, as lunl_session_info, if @out. */
static int lunl_keep_session(struct lunl *l, int err,
			     struct liveupdate_nl_session *s,
			     struct lunl_session_info *out)
{
	if (!err && out)
		lunl_session_info(s, out);
	liveupdate_nl_session_free(s);
	return lunl_ret(l, err);
}

int lunl_session_new(struct lunl *l, const char *name, uint32_t flags,
		     struct lunl_session_info *out)
{
	return lunl_session_new_data(l, name, flags, NULL, 0, out);
}

int lunl_session_new_data(struct lunl *l, const char *name, uint32_t flags,
			  const void *data, size_t len,
			  struct lunl_session_info *out)
{
	struct liveupdate_nl_session *s = NULL;
	int err;

	err = liveupdate_nl_session_new(l->h, name, flags, data, len,
					out ? &s : NULL);
	return lunl_keep_session(l, err, s, out);
}

int lunl_session_set(struct lunl *l, const char *name, const void *data,
		     size_t len, struct lunl_session_info *out)
{
	struct liveupdate_nl_session *s = NULL;
	int err;

	err = liveupdate_nl_session_set_data(l->h, name, data, len,
					     out ? &s : NULL);
	return lunl_keep_session(l, err, s, out);
}

int lunl_session_del(struct lunl *l, const char *name)
{
	return lunl_ret(l, liveupdate_nl_session_del(l->h, name));
}

static int lunl_add_fd(const struct liveupdate_nl_file *f, void *arg)
{
	struct lunl_session_info *s = arg;

	if (s->nfds == LUNL_MAX_FDS)
		return 1;
	lunl_file_info(f, &s->fds[s->nfds++]);
	return 0;
}

/* Dumps marked inconsistent (NLM_F_DUMP_INTR) are run again. */
#define LUNL_DUMP_TRIES	20

/* The first LUNL_MAX_FDS files of @s, by an fd-get dump in its direction. */
static void lunl_session_files(struct lunl *l, struct lunl_session_info *s)
{
	int dir = l->h->direction, err, tries = 0;

	if (!s->fd_count)
		return;
	liveupdate_nl_set_direction(l->h, s->direction);
	do {
		s->nfds = 0;
		err = liveupdate_nl_fd_foreach(l->h, s->name, lunl_add_fd, s);
	} while (err == -EINTR && ++tries < LUNL_DUMP_TRIES);
	liveupdate_nl_set_direction(l->h, dir);
}

int lunl_session_get(struct lunl *l, const char *name,
		     struct lunl_session_info *out)
{
	struct liveupdate_nl_session *s = NULL;
	int err;

	err = liveupdate_nl_session_get(l->h, name, &s);
	err = lunl_keep_session(l, err, s, out);
	if (!err && out) {
		lunl_session_files(l, out);
		lunl_ret(l, 0);
	}
	return err;
}


struct lunl_list {
	void *out;
	int max;
	int n;
};

static int lunl_list_session(const struct liveupdate_nl_session *s, void *arg)
{
	struct lunl_list *d = arg;

	if (d->n < d->max)
		lunl_session_info(s, (struct lunl_session_info *)d->out + d->n);
	d->n++;
	return 0;
}

static int lunl_list_file(const struct liveupdate_nl_file *f, void *arg)
{
	struct lunl_list *d = arg;

	if (d->n < d->max)
		lunl_file_info(f, (struct lunl_fd_info *)d->out + d->n);
	d->n++;
	return 0;
}

int lunl_session_dump(struct lunl *l, struct lunl_session_info *out, int max)
{
	struct lunl_list d = { out, max, 0 };
	int err, tries = 0, i;

	do {
		d.n = 0;
		err = liveupdate_nl_session_foreach(l->h, lunl_list_session, &d);
	} while (err == -EINTR && ++tries < LUNL_DUMP_TRIES);
	if (err)
		return lunl_ret(l, err);
	for (i = 0; i < d.n && i < max; i++)
		lunl_session_files(l, &out[i]);
	return lunl_ret(l, d.n);
}

int lunl_session_finish(struct lunl *l, const char *name, int discard)
{
	return lunl_ret(l, liveupdate_nl_session_finish(l->h, name, discard));
}

int lunl_fd_add_batch(struct lunl *l, const char *session, const int *fds,
		      const uint64_t *tokens, int n, int *failed)
{
	return lunl_ret(l, liveupdate_nl__fd_add_pipelined(l->h, session, fds,
							   tokens, n, failed));
}

int lunl_fd_add_entries(struct lunl *l, const char *session, const int *fds,
			const uint64_t *tokens, const char *const *labels,
			int n, int *failed)
{
	size_t at;
	int err;

	err = liveupdate_nl_fd_add_many(l->h, session, n, fds, tokens, labels,
					&at);
	/* -1 if the kernel named no file. */
	*failed = err && l->h->entry >= 0 ? (int)at : -1;
	return lunl_ret(l, err);
}

int lunl_fd_add(struct lunl *l, const char *session, int fd, uint64_t token)
{
	return lunl_fd_add_label(l, session, fd, token, NULL);
}

int lunl_fd_add_label(struct lunl *l, const char *session, int fd,
		      uint64_t token, const char *label)
{
	return lunl_ret(l, liveupdate_nl_fd_add(l->h, session, fd, token,
						label));
}

int lunl_fd_del(struct lunl *l, const char *session, uint64_t token)
{
	return lunl_fd_del_key(l, session,
			       (struct lunl_fd_key){ .token = &token });
}

/*
 * A request on one file by key: the library names a file by token or
 * by label; both or neither (to test the kernel's checks) go raw.
 */
static int lunl_fd_keyed(struct lunl *l, int cmd, const char *session,
			 struct lunl_fd_key key, uint32_t flags, int *fd,
			 struct lunl_fd_info *info)
{
	struct liveupdate_nl_file *f = NULL;
	int err;

	if (!key.token == !key.label)
		return lunl_ret(l, liveupdate_nl__fd_op(l->h, cmd, session,
							 key.token, key.label,
							 flags, fd));
	switch (cmd) {
	case LIVEUPDATE_NL_CMD_FD_DEL:
		err = key.label ?
		      liveupdate_nl_fd_del_label(l->h, session, key.label) :
		      liveupdate_nl_fd_del(l->h, session, *key.token);
		break;
	case LIVEUPDATE_NL_CMD_FD_GET:
		err = key.label ?
		      liveupdate_nl_fd_get_label(l->h, session, key.label, &f) :
		      liveupdate_nl_fd_get(l->h, session, *key.token, &f);
		break;
	default:
		err = key.label ?
		      liveupdate_nl_fd_restore_label(l->h, session, key.label,
						     flags, fd, &f) :
		      liveupdate_nl_fd_restore(l->h, session, *key.token,
					       flags, fd, &f);
	}
	if (!err && info) {
		lunl_file_info(f, info);
		if (fd)
			info->fd = *fd;
	}
	liveupdate_nl_file_free(f);
	return lunl_ret(l, err);
}

int lunl_fd_del_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key)
{
	return lunl_fd_keyed(l, LIVEUPDATE_NL_CMD_FD_DEL, session, key, 0,
			     NULL, NULL);
}

int lunl_fd_get(struct lunl *l, const char *session, uint64_t token,
		struct lunl_fd_info *out)
{
	return lunl_fd_get_key(l, session,
			       (struct lunl_fd_key){ .token = &token }, out);
}

int lunl_fd_get_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key, struct lunl_fd_info *out)
{
	return lunl_fd_keyed(l, LIVEUPDATE_NL_CMD_FD_GET, session, key, 0,
			     NULL, out);
}

int lunl_fd_dump(struct lunl *l, const char *session, struct lunl_fd_info *out,
		 int max)
{
	struct lunl_list d = { out, max, 0 };
	int err, tries = 0;

	do {
		d.n = 0;
		err = liveupdate_nl_fd_foreach(l->h, session, lunl_list_file,
					       &d);
	} while (err == -EINTR && ++tries < LUNL_DUMP_TRIES);
	return lunl_ret(l, err ? err : d.n);
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
	if (info) {
		memset(info, 0, sizeof(*info));
		info->fd = -1;
	}
	*fd = -1;
	return lunl_fd_keyed(l, LIVEUPDATE_NL_CMD_FD_RESTORE, session, key,
			     flags, fd, info);
}

int lunl_fd_restore_entries(struct lunl *l, const char *session, int n,
			    const uint64_t *tokens, const char *const *labels,
			    uint32_t flags, int *fds, int *failed)
{
	size_t at;
	int err;

	err = liveupdate_nl_fd_restore_many(l->h, session, n, tokens, labels,
					    flags, fds, &at);
	*failed = err ? (int)at : -1;
	return lunl_ret(l, err);
}

static int lunl_system_op(struct lunl *l,
			  int (*op)(struct liveupdate_nl *,
				    struct liveupdate_nl_status **),
			  struct lunl_status_info *out)
{
	struct liveupdate_nl_status *st = NULL;
	int err;

	err = op(l->h, out ? &st : NULL);
	if (!err && out)
		lunl_status_info(st, out);
	liveupdate_nl_status_free(st);
	return lunl_ret(l, err);
}

int lunl_freeze(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, liveupdate_nl_freeze, out);
}

int lunl_unfreeze(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, liveupdate_nl_unfreeze, out);
}

int lunl_status(struct lunl *l, struct lunl_status_info *out)
{
	return lunl_system_op(l, liveupdate_nl_status_get, out);
}

int lunl_monitor(struct lunl *l)
{
	return liveupdate_nl_monitor(l->h);
}

int lunl_next_event(struct lunl *l, struct lunl_event *ev, int timeout_ms)
{
	struct liveupdate_nl_event *e;
	int err;

	memset(ev, 0, sizeof(*ev));
	err = liveupdate_nl_next_event(l->h, timeout_ms, &e);
	if (err)
		return err;
	ev->cmd = liveupdate_nl_event_cmd(e);
	if (liveupdate_nl_event_session(e))
		lunl_session_info(liveupdate_nl_event_session(e), &ev->session);
	else if (liveupdate_nl_event_file(e))
		lunl_file_info(liveupdate_nl_event_file(e), &ev->fd);
	else
		lunl_status_info(liveupdate_nl_event_status(e), &ev->status);
	liveupdate_nl_event_free(e);
	return 0;
}

int lunl_set_rcvbuf(struct lunl *l, int bytes)
{
	int err = liveupdate_nl_set_rcvbuf(l->h, bytes);

	if (err) {
		errno = -err;
		return -1;
	}
	return 0;
}

long long lunl_dropped(struct lunl *l)
{
	return liveupdate_nl_dropped(l->h);
}
