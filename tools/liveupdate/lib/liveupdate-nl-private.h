/* SPDX-License-Identifier: LGPL-2.1-or-later OR MIT */
/*
 * What the library keeps to itself, shared with the selftests' client,
 * which is built from the library's source. Not installed; nothing here
 * is exported by the shared library.
 */
#ifndef LIVEUPDATE_NL_PRIVATE_H
#define LIVEUPDATE_NL_PRIVATE_H

#include "liveupdate-nl.h"

struct nl_sock;

struct liveupdate_nl {
	struct nl_sock *sk;
	int family;
	int direction;
	/* The last failure. */
	char msg[256];
	char attr[96];
	bool missing;
	uint32_t bad_off;	/* offset of the refused attribute, 0 if none */
	uint32_t max_len;
	int entry;		/* the entry it was in, -1 if none */
	int entry_base;		/* index of the request's first entry */
	bool busy;		/* a dump is being read */
	bool monitoring;	/* joined the monitor group */
	bool overrun;		/* events were lost: say so once */
	/* Events read while waiting for a reply, oldest first. */
	struct liveupdate_nl_event *queue, **queue_tail;
	unsigned int queued;
};

/*
 * Send n fd-add requests of one file each, many per sendmsg() and
 * without waiting for each answer: 0, or the first error with the index
 * of its file in *failed (the others of its sendmsg() were still tried).
 * For benchmarks: liveupdate_nl_fd_add_many() is the faster way.
 */
int liveupdate_nl__fd_add_pipelined(struct liveupdate_nl *h,
				    const char *session, const int *fds,
				    const uint64_t *tokens, int n, int *failed);

/*
 * fd-del, fd-get or fd-restore (@cmd) of the file named by @token, by
 * @label, by both or by neither (the last two to test the kernel's
 * checks); *fd, if @fd, the descriptor a restore installed.
 */
int liveupdate_nl__fd_op(struct liveupdate_nl *h, int cmd, const char *session,
			 const uint64_t *token, const char *label,
			 uint32_t flags, int *fd);

/* fd-add entries per request, and their bytes at most. */
#define LIVEUPDATE_NL__ENTRIES		256
#define LIVEUPDATE_NL__ENTRIES_BYTES	32768

#endif
