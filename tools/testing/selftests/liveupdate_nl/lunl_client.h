/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The selftests' client: fixed-size descriptions of sessions and files,
 * easy to assert on, over liveupdate-nl, the library luctl and adopters
 * use (tools/liveupdate/lib), whose source it is built with. The caps
 * below are the tests' own: the library has none.
 */
#ifndef _LUNL_CLIENT_H
#define _LUNL_CLIENT_H

#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <linux/liveupdate_nl.h>

#define LUNL_MAX_FDS	64
#define LUNL_MAX_DEPS	LIVEUPDATE_NL_MAX_DEPS

struct liveupdate_nl;

struct lunl {
	struct liveupdate_nl *h;
	int family;		/* the family's id, for raw requests */
	char extack[512];	/* message of the last error, "" if none */
	char attr[96];		/* the attribute it named, "" if none */
	uint32_t policy_max_len; /* limit of the attribute the policy refused */
	uint32_t bad_off;	/* offset of the attribute refused, 0 if none */
};

struct lunl_fd_info {
	char session[LIVEUPDATE_NL_SESSION_NAME_LEN];
	uint64_t token;
	uint64_t size;
	uint32_t state;
	int fd;			/* fd-restore reply only */
	char compatible[64];
	int ndeps;
	uint64_t deps[LUNL_MAX_DEPS];
	int has_label;
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	uint32_t owner;		/* enum liveupdate_nl_owner */
};

struct lunl_session_info {
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	uint32_t direction;
	uint32_t state;
	uint32_t flags;
	uint32_t fd_count;
	uint64_t bytes;
	uint64_t pages;
	uint64_t freeze_ns;
	uint32_t owner;				/* enum liveupdate_nl_owner */
	uint32_t data_len;			/* 0: no user data */
	uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	/* The first LUNL_MAX_FDS files, from an fd-get dump of the session. */
	int nfds;
	struct lunl_fd_info fds[LUNL_MAX_FDS];
};

struct lunl_status_info {
	uint32_t state;
	uint32_t sessions;
	uint32_t fds;
	uint32_t incoming;
	uint64_t freeze_ns;
	uint32_t record_size;	/* bytes of the KHO record */
	uint32_t record_max;
};

struct lunl_event {
	int cmd;
	struct lunl_session_info session;	/* session-*-ntf */
	struct lunl_fd_info fd;			/* fd-*-ntf */
	struct lunl_status_info status;		/* freeze, unfreeze, incoming */
};

/* 0, -ENOENT if the family is not there, or another negative errno. */
int lunl_open(struct lunl *l);
void lunl_close(struct lunl *l);
/*
 * Requests that name a session (all but session-new, the dumps of every
 * session, freeze, unfreeze and status) name its direction too from now
 * on: LIVEUPDATE_NL_DIRECTION_OUTGOING or _INCOMING, or -1 for none (the
 * default). Needed when an incoming and an outgoing session share a name.
 */
void lunl_set_direction(struct lunl *l, int direction);

/* All return 0 or a negative errno; l->extack holds the kernel's message. */
int lunl_session_new(struct lunl *l, const char *name, uint32_t flags,
		     struct lunl_session_info *out);
/* With user data: len bytes at data (data NULL: no attribute at all). */
int lunl_session_new_data(struct lunl *l, const char *name, uint32_t flags,
			  const void *data, size_t len,
			  struct lunl_session_info *out);
/* Replace the user data; len 0 clears it. */
int lunl_session_set(struct lunl *l, const char *name, const void *data,
		     size_t len, struct lunl_session_info *out);
int lunl_session_del(struct lunl *l, const char *name);
int lunl_session_get(struct lunl *l, const char *name,
		     struct lunl_session_info *out);
/*
 * Dumps return the number of entries (all are counted, max are stored);
 * a dump that raced with a change is run again, and -EINTR is returned
 * if it kept racing.
 */
int lunl_session_dump(struct lunl *l, struct lunl_session_info *out, int max);
int lunl_session_finish(struct lunl *l, const char *name, int discard);
int lunl_fd_add(struct lunl *l, const char *session, int fd, uint64_t token);
/* label NULL: no label attribute. */
int lunl_fd_add_label(struct lunl *l, const char *session, int fd,
		      uint64_t token, const char *label);
/*
 * Add n files, many requests per sendmsg(): 0 if all were added, or the
 * first error, with the index of that file in *failed (the others of its
 * sendmsg() were still tried).
 */
int lunl_fd_add_batch(struct lunl *l, const char *session, const int *fds,
		      const uint64_t *tokens, int n, int *failed);
/*
 * Add n files as entries of fd-add requests, at most LUNL_ENTRIES files
 * and LUNL_ENTRIES_BYTES of entries each, each request all or none
 * (labels NULL: no labels): 0 if all were added, or the error of the
 * first request refused, with the index of the file the kernel named in
 * *failed (-1 if it named none). The requests before it stay done.
 */
#define LUNL_ENTRIES		256
int lunl_fd_add_entries(struct lunl *l, const char *session, const int *fds,
			const uint64_t *tokens, const char *const *labels,
			int n, int *failed);
int lunl_fd_del(struct lunl *l, const char *session, uint64_t token);
int lunl_fd_get(struct lunl *l, const char *session, uint64_t token,
		struct lunl_fd_info *out);

/*
 * How a request names a file: by token, by label, by both or by neither
 * (the last two only to test the kernel's checks).
 */
struct lunl_fd_key {
	const uint64_t *token;
	const char *label;
};
int lunl_fd_del_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key);
int lunl_fd_get_key(struct lunl *l, const char *session,
		    struct lunl_fd_key key, struct lunl_fd_info *out);
int lunl_fd_restore_key(struct lunl *l, const char *session,
			struct lunl_fd_key key, uint32_t flags, int *fd,
			struct lunl_fd_info *info);
int lunl_fd_dump(struct lunl *l, const char *session, struct lunl_fd_info *out,
		 int max);
int lunl_fd_restore(struct lunl *l, const char *session, uint64_t token,
		    uint32_t flags, int *fd, struct lunl_fd_info *info);
/*
 * Restore n files as entries of fd-restore requests, all or none, into
 * fds: see liveupdate_nl_fd_restore_many(). *failed: the index of the
 * file refused.
 */
int lunl_fd_restore_entries(struct lunl *l, const char *session, int n,
			    const uint64_t *tokens, const char *const *labels,
			    uint32_t flags, int *fds, int *failed);
int lunl_freeze(struct lunl *l, struct lunl_status_info *out);
int lunl_unfreeze(struct lunl *l, struct lunl_status_info *out);
int lunl_status(struct lunl *l, struct lunl_status_info *out);

/* Join the monitor group; 0 or a negative errno. */
int lunl_monitor(struct lunl *l);
/*
 * Next notification within timeout_ms: 0, -ETIMEDOUT or a negative errno;
 * -ENOBUFS once when notifications were lost (the kernel could not build
 * one, or the socket's queue was full): the monitor must resync, with a
 * dump, and can read on.
 */
int lunl_next_event(struct lunl *l, struct lunl_event *ev, int timeout_ms);
/* The socket's receive buffer, in bytes: 0, or -1 with errno. */
int lunl_set_rcvbuf(struct lunl *l, int bytes);
/* Messages the socket's overruns dropped since it opened, or -errno. */
long long lunl_dropped(struct lunl *l);

#endif
