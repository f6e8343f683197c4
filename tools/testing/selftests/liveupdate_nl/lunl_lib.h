/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Small libnl helpers for the liveupdate_nl selftests.
 */
#ifndef _LUNL_LIB_H
#define _LUNL_LIB_H

#include <stdint.h>
#include <stddef.h>
#include <linux/liveupdate_nl.h>

#define LUNL_MAX_FDS 64

struct nl_sock;
struct nl_msg;

struct lunl {
	struct nl_sock *sk;
	int family;
	char extack[512];	/* message of the last error, "" if none */
};

struct lunl_fd_info {
	uint64_t token;
	uint64_t size;
	char compatible[64];
};

struct lunl_session_info {
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	uint32_t direction;
	uint32_t state;
	uint32_t fd_count;
	uint64_t bytes;
	int nfds;
	struct lunl_fd_info fds[LUNL_MAX_FDS];
};

int lunl_open(struct lunl *l);
void lunl_close(struct lunl *l);

/* All return 0 or a negative errno; l->extack holds the kernel's message. */
int lunl_session_new(struct lunl *l, const char *name,
		     struct lunl_session_info *out);
int lunl_session_get(struct lunl *l, const char *name,
		     struct lunl_session_info *out);
/* Returns the number of sessions (all are counted, max are stored). */
int lunl_session_dump(struct lunl *l, struct lunl_session_info *out, int max);
int lunl_fd_add(struct lunl *l, const char *session, int fd, uint64_t token);
int lunl_fd_restore(struct lunl *l, const char *session, uint64_t token,
		    int *fd, struct lunl_fd_info *info);
int lunl_freeze(struct lunl *l);

/* Deterministic content for the memfd tests. */
static inline uint8_t lunl_pattern(uint64_t seed, uint64_t off)
{
	uint64_t x = (off >> 3) * 0x9e3779b97f4a7c15ULL + seed;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (uint8_t)(x >> (8 * (off & 7)));
}

#endif
