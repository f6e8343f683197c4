/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * liveupdate-nl: a client library of the Linux "liveupdate" generic
 * netlink family, which keeps file descriptors across kexec in named
 * sessions. See liveupdate-nl(3).
 *
 * Every handle and object is opaque; objects are read through the
 * accessors below. Functions that can fail return 0 (or a count) on
 * success and a negative errno on failure, and then the handle keeps
 * the kernel's message and the attribute it pointed at until the next
 * request. A handle is not thread-safe: use one per thread.
 */
#ifndef LIVEUPDATE_NL_H
#define LIVEUPDATE_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/liveupdate_nl.h>

#ifdef __cplusplus
extern "C" {
#endif

struct liveupdate_nl;
struct liveupdate_nl_session;
struct liveupdate_nl_file;
struct liveupdate_nl_status;
struct liveupdate_nl_event;

/* Connection. */

/*
 * Open a handle: 0, -ENOENT if the kernel has no liveupdate family (no
 * CONFIG_LIVEUPDATE_NL, or not booted with kho=on liveupdate=on), or
 * the errno of socket() or bind().
 */
int liveupdate_nl_open(struct liveupdate_nl **handle);
void liveupdate_nl_close(struct liveupdate_nl *h);
/* The netlink socket, to poll() for events; owned by the handle. */
int liveupdate_nl_socket(const struct liveupdate_nl *h);
/*
 * From now on, requests that name a session name its direction too:
 * LIVEUPDATE_NL_DIRECTION_OUTGOING or _INCOMING, or
 * LIVEUPDATE_NL_ANY_DIRECTION (the default), which the kernel refuses
 * when an incoming and an outgoing session share the name.
 */
#define LIVEUPDATE_NL_ANY_DIRECTION	(-1)
void liveupdate_nl_set_direction(struct liveupdate_nl *h, int direction);

/* The last failure. */

/* The kernel's message (extended ack), or "" if it gave none. */
const char *liveupdate_nl_error_message(const struct liveupdate_nl *h);
/*
 * The attribute of the request the kernel refused or found missing, as
 * the spec names it ("label", "entry 3: fd"), or "" if it named none.
 */
const char *liveupdate_nl_error_attribute(const struct liveupdate_nl *h);
/* Whether that attribute was missing rather than refused. */
bool liveupdate_nl_error_missing(const struct liveupdate_nl *h);
/* The longest the refused attribute may be, if the policy said; else 0. */
uint32_t liveupdate_nl_error_max_len(const struct liveupdate_nl *h);

/*
 * Sessions. Getters return an object to free with
 * liveupdate_nl_session_free(); out may be NULL where a reply is optional.
 */

int liveupdate_nl_session_new(struct liveupdate_nl *h, const char *name,
			      uint32_t flags, const void *data, size_t len,
			      struct liveupdate_nl_session **out);
/* Replace the user data; len 0 clears it. */
int liveupdate_nl_session_set_data(struct liveupdate_nl *h, const char *name,
				   const void *data, size_t len,
				   struct liveupdate_nl_session **out);
int liveupdate_nl_session_del(struct liveupdate_nl *h, const char *name);
int liveupdate_nl_session_get(struct liveupdate_nl *h, const char *name,
			      struct liveupdate_nl_session **out);
/* Release an incoming session; discard drops files never restored. */
int liveupdate_nl_session_finish(struct liveupdate_nl *h, const char *name,
				 bool discard);

/*
 * Iterate: fn is called for each session as the dump arrives, with an
 * object valid during the call only (liveupdate_nl_session_dup() keeps
 * it). A nonzero return of fn stops the iteration and is returned.
 * -EINTR: the dump raced with a change and may be inconsistent; run it
 * again. A request made from within fn fails with -EBUSY.
 */
typedef int (*liveupdate_nl_session_fn)(const struct liveupdate_nl_session *s,
					void *arg);
int liveupdate_nl_session_foreach(struct liveupdate_nl *h,
				  liveupdate_nl_session_fn fn, void *arg);

struct liveupdate_nl_session *
liveupdate_nl_session_dup(const struct liveupdate_nl_session *s);
void liveupdate_nl_session_free(struct liveupdate_nl_session *s);
const char *liveupdate_nl_session_name(const struct liveupdate_nl_session *s);
uint32_t liveupdate_nl_session_direction(const struct liveupdate_nl_session *s);
uint32_t liveupdate_nl_session_state(const struct liveupdate_nl_session *s);
uint32_t liveupdate_nl_session_flags(const struct liveupdate_nl_session *s);
/* enum liveupdate_nl_owner: LIVEUPDATE_NL_OWNER_NETLINK or _DEVICE. */
uint32_t liveupdate_nl_session_owner(const struct liveupdate_nl_session *s);
uint32_t liveupdate_nl_session_fd_count(const struct liveupdate_nl_session *s);
uint64_t liveupdate_nl_session_bytes(const struct liveupdate_nl_session *s);
uint64_t liveupdate_nl_session_pages(const struct liveupdate_nl_session *s);
/* 0 if the session was never frozen. */
uint64_t liveupdate_nl_session_freeze_ns(const struct liveupdate_nl_session *s);
/* The user data and its length; NULL and 0 if it has none. */
const void *liveupdate_nl_session_data(const struct liveupdate_nl_session *s,
				       size_t *len);

/* Files. A file is named by its token, or by its label (the _label calls). */

/* label NULL: no label. */
int liveupdate_nl_fd_add(struct liveupdate_nl *h, const char *session, int fd,
			 uint64_t token, const char *label);
/*
 * Add n files (labels NULL, or labels[i] NULL: no label), as many per
 * request as fit, each request all or none. 0 if all were added; else
 * the error of the first request refused, with the index of the file
 * the kernel named in *failed (or the first file of that request) and
 * the files of the requests before it added.
 */
int liveupdate_nl_fd_add_many(struct liveupdate_nl *h, const char *session,
			      size_t n, const int *fds, const uint64_t *tokens,
			      const char *const *labels, size_t *failed);
int liveupdate_nl_fd_del(struct liveupdate_nl *h, const char *session,
			 uint64_t token);
int liveupdate_nl_fd_del_label(struct liveupdate_nl *h, const char *session,
			       const char *label);
int liveupdate_nl_fd_get(struct liveupdate_nl *h, const char *session,
			 uint64_t token, struct liveupdate_nl_file **out);
int liveupdate_nl_fd_get_label(struct liveupdate_nl *h, const char *session,
			       const char *label,
			       struct liveupdate_nl_file **out);
/*
 * Restore a file of an incoming session: *fd is a new descriptor of the
 * caller (O_CLOEXEC unless LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC). A
 * file can be restored again until its session is finished. out may be
 * NULL.
 */
int liveupdate_nl_fd_restore(struct liveupdate_nl *h, const char *session,
			     uint64_t token, uint32_t flags, int *fd,
			     struct liveupdate_nl_file **out);
int liveupdate_nl_fd_restore_label(struct liveupdate_nl *h,
				   const char *session, const char *label,
				   uint32_t flags, int *fd,
				   struct liveupdate_nl_file **out);

/*
 * Restore n files of an incoming session into fds[0..n-1], all or none:
 * file i by labels[i] if labels and labels[i], else by tokens[i]. As
 * many per request as the kernel takes (LIVEUPDATE_NL_MAX_RESTORE_ENTRIES);
 * a file may depend on one before it. On a refusal no descriptor is left
 * open, the files stay restorable, and *failed is the index of the file
 * the kernel named (or the first of its request).
 */
int liveupdate_nl_fd_restore_many(struct liveupdate_nl *h, const char *session,
				  size_t n, const uint64_t *tokens,
				  const char *const *labels, uint32_t flags,
				  int *fds, size_t *failed);

/* Iterate over the files of a session, as liveupdate_nl_session_foreach(). */
typedef int (*liveupdate_nl_file_fn)(const struct liveupdate_nl_file *f,
				     void *arg);
int liveupdate_nl_fd_foreach(struct liveupdate_nl *h, const char *session,
			     liveupdate_nl_file_fn fn, void *arg);

struct liveupdate_nl_file *
liveupdate_nl_file_dup(const struct liveupdate_nl_file *f);
void liveupdate_nl_file_free(struct liveupdate_nl_file *f);
const char *liveupdate_nl_file_session(const struct liveupdate_nl_file *f);
uint64_t liveupdate_nl_file_token(const struct liveupdate_nl_file *f);
/* NULL if the file has no label. */
const char *liveupdate_nl_file_label(const struct liveupdate_nl_file *f);
/* The file handler's compatible string, e.g. "memfd-v2". */
const char *liveupdate_nl_file_compatible(const struct liveupdate_nl_file *f);
uint64_t liveupdate_nl_file_size(const struct liveupdate_nl_file *f);
/* enum liveupdate_nl_fd_state */
uint32_t liveupdate_nl_file_state(const struct liveupdate_nl_file *f);
uint32_t liveupdate_nl_file_owner(const struct liveupdate_nl_file *f);
/* The tokens of the files it depends on: their number, and the i-th. */
size_t liveupdate_nl_file_ndeps(const struct liveupdate_nl_file *f);
uint64_t liveupdate_nl_file_dep(const struct liveupdate_nl_file *f, size_t i);

/* The outgoing side as a whole. out may be NULL. */

int liveupdate_nl_freeze(struct liveupdate_nl *h,
			 struct liveupdate_nl_status **out);
int liveupdate_nl_unfreeze(struct liveupdate_nl *h,
			   struct liveupdate_nl_status **out);
int liveupdate_nl_status_get(struct liveupdate_nl *h,
			     struct liveupdate_nl_status **out);
void liveupdate_nl_status_free(struct liveupdate_nl_status *st);
/* enum liveupdate_nl_state: LIVEUPDATE_NL_STATE_LIVE or _FROZEN. */
uint32_t liveupdate_nl_status_state(const struct liveupdate_nl_status *st);
uint32_t liveupdate_nl_status_sessions(const struct liveupdate_nl_status *st);
uint32_t liveupdate_nl_status_fds(const struct liveupdate_nl_status *st);
uint32_t liveupdate_nl_status_incoming(const struct liveupdate_nl_status *st);
uint64_t liveupdate_nl_status_freeze_ns(const struct liveupdate_nl_status *st);
uint32_t liveupdate_nl_status_record_size(const struct liveupdate_nl_status *st);
uint32_t liveupdate_nl_status_record_max(const struct liveupdate_nl_status *st);

/* Events of the monitor group. */

/* Join the monitor group: 0, -EPERM, or another negative errno. */
int liveupdate_nl_monitor(struct liveupdate_nl *h);
/*
 * The next event within timeout_ms (-1: wait): 0 and *ev to free with
 * liveupdate_nl_event_free(); -ETIMEDOUT; -ENOBUFS once when events were
 * lost (the socket's buffer overran): resynchronize with a dump, and
 * read on; -EAGAIN when what was read held no event: call again;
 * -EINTR from a signal; or another negative errno. A handle that
 * monitors can make requests too: the events that arrive meanwhile are
 * kept for this call.
 */
int liveupdate_nl_next_event(struct liveupdate_nl *h, int timeout_ms,
			     struct liveupdate_nl_event **ev);
void liveupdate_nl_event_free(struct liveupdate_nl_event *ev);
/* LIVEUPDATE_NL_CMD_SESSION_NEW_NTF and the other notifications. */
uint32_t liveupdate_nl_event_cmd(const struct liveupdate_nl_event *ev);
/*
 * What the event describes; NULL for the other kinds, and all three for
 * an event this library does not know (a newer kernel's).
 */
const struct liveupdate_nl_session *
liveupdate_nl_event_session(const struct liveupdate_nl_event *ev);
const struct liveupdate_nl_file *
liveupdate_nl_event_file(const struct liveupdate_nl_event *ev);
const struct liveupdate_nl_status *
liveupdate_nl_event_status(const struct liveupdate_nl_event *ev);
/* The socket's receive buffer, in bytes: 0 or a negative errno. */
int liveupdate_nl_set_rcvbuf(struct liveupdate_nl *h, int bytes);
/* Messages the socket's overruns dropped since it opened, or -errno. */
int64_t liveupdate_nl_dropped(const struct liveupdate_nl *h);

#ifdef __cplusplus
}
#endif

#endif /* LIVEUPDATE_NL_H */
