// SPDX-License-Identifier: GPL-2.0
/*
 * Concurrency: eight threads, each on its own socket, run random valid
 * operations for a bounded time: sessions and files come and go, user
 * data changes, dumps run during mutations, owner sockets close, and
 * any thread may freeze or unfreeze everything at any moment. Each
 * thread works on sessions of its own and keeps a model of them, updated
 * only on success; at the end the kernel's listing must match every
 * model exactly. The harness fails the run on any splat or leak.
 *
 * LUNL_STRESS_SECS sets the duration (20 s by default).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define THREADS		8
#define SESSIONS	4	/* per thread */
#define TOKENS		6	/* per session */

struct model_session {
	int exists;
	uint32_t data_len;
	uint8_t data[8];
	int has[TOKENS];
	int memfd[TOKENS];
};

struct worker {
	pthread_t th;
	int id;
	uint64_t rng;
	double until;
	struct model_session s[SESSIONS];
	unsigned long ops, ok, busy, owned_gone, owned_kept, dumps, intr;
	int failed;
	char why[160];
};

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static unsigned int below(struct worker *w, unsigned int n)
{
	w->rng ^= w->rng << 13;
	w->rng ^= w->rng >> 7;
	w->rng ^= w->rng << 17;
	return w->rng % n;
}

static void name_of(char *buf, size_t n, int thread, int k)
{
	snprintf(buf, n, "st%d-%d", thread, k);
}

#define FAIL(w, ...) do { \
	if (!(w)->failed) \
		snprintf((w)->why, sizeof((w)->why), __VA_ARGS__); \
	(w)->failed = 1; \
} while (0)

/* An error that a concurrent freeze explains; anything else is a bug. */
static int expected_busy(struct worker *w, int err, const char *op)
{
	if (err == -EBUSY) {
		w->busy++;
		return 1;
	}
	FAIL(w, "%s: %d", op, err);
	return 0;
}

static void one_op(struct worker *w, struct lunl *l)
{
	static __thread struct lunl_session_info info;
	int k = below(w, SESSIONS), t = below(w, TOKENS), err, fd;
	struct model_session *m = &w->s[k];
	char name[32], label[16];
	uint8_t data[8];

	name_of(name, sizeof(name), w->id, k);
	snprintf(label, sizeof(label), "t%d", t);
	w->ops++;
	switch (below(w, 12)) {
	case 0:
		err = lunl_session_new(l, name, 0, NULL);
		if (!err) {
			memset(m, 0, sizeof(*m));
			m->exists = 1;
		} else if (m->exists ? err != -EEXIST && err != -EBUSY :
			   !expected_busy(w, err, "session-new")) {
			FAIL(w, "session-new %s: %d", name, err);
		}
		break;
	case 1:
		err = lunl_session_del(l, name);
		if (!err) {
			for (t = 0; t < TOKENS; t++)
				if (m->has[t])
					close(m->memfd[t]);
			memset(m, 0, sizeof(*m));
		} else if (m->exists ? !expected_busy(w, err, "session-del") :
			   err != -ENOENT) {
			FAIL(w, "session-del %s: %d", name, err);
		}
		break;
	case 2:
	case 3:
		if (!m->exists || m->has[t])
			break;
		fd = memfd_create("stress", MFD_CLOEXEC);
		if (fd < 0 || lunl_memfd_fill(fd, 4096 + t, w->id)) {
			FAIL(w, "memfd");
			break;
		}
		err = lunl_fd_add_label(l, name, fd, t, label);
		if (!err) {
			m->has[t] = 1;
			m->memfd[t] = fd;
		} else {
			close(fd);
			expected_busy(w, err, "fd-add");
		}
		break;
	case 4:
		if (!m->exists || !m->has[t])
			break;
		err = lunl_fd_del_key(l, name, (struct lunl_fd_key){ .label = label });
		if (!err) {
			m->has[t] = 0;
			close(m->memfd[t]);
		} else {
			expected_busy(w, err, "fd-del");
		}
		break;
	case 5:
		if (!m->exists)
			break;
		for (t = 0; t < (int)sizeof(data); t++)
			data[t] = below(w, 256);
		t = below(w, sizeof(data) + 1);
		err = lunl_session_set(l, name, data, t, NULL);
		if (!err) {
			m->data_len = t;
			memcpy(m->data, data, t);
		} else {
			expected_busy(w, err, "session-set");
		}
		break;
	case 6:
		err = lunl_freeze(l, NULL);
		if (err && err != -EBUSY)
			FAIL(w, "freeze: %d", err);
		break;
	case 7:
		err = lunl_unfreeze(l, NULL);
		if (err && err != -EINVAL)
			FAIL(w, "unfreeze: %d", err);
		break;
	case 8:
		err = lunl_session_dump(l, &info, 1);
		if (err == -EINTR)
			w->intr++;
		else if (err < 0)
			FAIL(w, "session dump: %d", err);
		else
			w->dumps++;
		break;
	case 9:
	{
		static __thread struct lunl_fd_info fds[TOKENS + 1];

		if (!m->exists)
			break;
		err = lunl_fd_dump(l, name, fds, TOKENS + 1);
		if (err == -EINTR)
			w->intr++;
		else if (err < 0)
			FAIL(w, "fd dump %s: %d", name, err);
		else
			w->dumps++;
		break;
	}
	case 10:
	{
		/* An owned session whose socket closes at once. */
		char owned[32];
		struct lunl o;

		snprintf(owned, sizeof(owned), "st%d-owned", w->id);
		if (lunl_open(&o)) {
			FAIL(w, "open");
			break;
		}
		err = lunl_session_new(&o, owned, LIVEUPDATE_NL_SESSION_FLAGS_OWNED,
				       NULL);
		lunl_close(&o);
		if (err && err != -EBUSY && err != -EEXIST)
			FAIL(w, "owned session-new: %d", err);
		err = lunl_session_get(l, owned, &info);
		if (err == -ENOENT) {
			w->owned_gone++;
		} else if (!err) {
			/* Closed while frozen: kept, without its owner. */
			if (info.flags & LIVEUPDATE_NL_SESSION_FLAGS_OWNED)
				FAIL(w, "closed owner still owns %s", owned);
			w->owned_kept++;
			err = lunl_session_del(l, owned);
			if (err)
				expected_busy(w, err, "session-del owned");
		} else {
			FAIL(w, "session-get owned: %d", err);
		}
		break;
	}
	default:
		err = lunl_session_get(l, name, &info);
		if (m->exists ? err != 0 : err != -ENOENT)
			FAIL(w, "session-get %s: %d, model says %d", name, err,
			     m->exists);
		break;
	}
}

static void *run(void *arg)
{
	struct worker *w = arg;
	struct lunl l;

	if (lunl_open(&l)) {
		FAIL(w, "open");
		return NULL;
	}
	while (!w->failed && now() < w->until)
		one_op(w, &l);
	lunl_close(&l);
	return NULL;
}

FIXTURE(stress) {
	int unused;
};

FIXTURE_SETUP(stress)
{
}

FIXTURE_TEARDOWN(stress)
{
}

TEST_F_TIMEOUT(stress, threads, 900)
{
	static struct worker w[THREADS];
	static struct lunl_session_info info;
	static struct lunl_fd_info fds[TOKENS + 1];
	const char *e = getenv("LUNL_STRESS_SECS");
	int secs = e ? atoi(e) : 20, i, k, t, n;
	unsigned long ops = 0, busy = 0, gone = 0, kept = 0, dumps = 0, intr = 0;
	char name[32], label[16];
	struct lunl l;

	ASSERT_EQ(0, lunl_open(&l));
	for (i = 0; i < THREADS; i++) {
		w[i].id = i;
		w[i].rng = 0x5eed0000 + i * 7919 + (uint64_t)now();
		w[i].until = now() + secs;
		ASSERT_EQ(0, pthread_create(&w[i].th, NULL, run, &w[i]));
	}
	for (i = 0; i < THREADS; i++) {
		pthread_join(w[i].th, NULL);
		if (w[i].failed)
			TH_LOG("thread %d: %s", i, w[i].why);
		EXPECT_EQ(0, w[i].failed);
		ops += w[i].ops;
		busy += w[i].busy;
		gone += w[i].owned_gone;
		kept += w[i].owned_kept;
		dumps += w[i].dumps;
		intr += w[i].intr;
	}
	TH_LOG("%d threads x %d s: %lu operations, %lu refused while frozen, %lu dumps complete, %lu still racing after retries, owned sessions: %lu gone with their socket, %lu kept by a freeze",
	       THREADS, secs, ops, busy, dumps, intr, gone, kept);
	/* Retried dumps complete despite the mutations around them. */
	EXPECT_GT(dumps, 0);

	/* The kernel's view matches every thread's model. */
	lunl_unfreeze(&l, NULL);
	for (i = 0; i < THREADS; i++) {
		for (k = 0; k < SESSIONS; k++) {
			struct model_session *m = &w[i].s[k];

			name_of(name, sizeof(name), i, k);
			n = lunl_session_get(&l, name, &info);
			EXPECT_EQ(m->exists ? 0 : -ENOENT, n);
			if (n)
				continue;
			EXPECT_EQ(m->data_len, info.data_len);
			EXPECT_EQ(0, memcmp(m->data, info.data, m->data_len));
			n = lunl_fd_dump(&l, name, fds, TOKENS + 1);
			for (t = 0; t < TOKENS; t++)
				n -= m->has[t];
			EXPECT_EQ(0, n);
			for (t = 0; t < TOKENS; t++) {
				struct lunl_fd_info f;

				snprintf(label, sizeof(label), "t%d", t);
				n = lunl_fd_get_key(&l, name,
						    (struct lunl_fd_key){ .label = label },
						    &f);
				EXPECT_EQ(m->has[t] ? 0 : -ENOENT, n);
				if (!n)
					EXPECT_EQ((uint64_t)t, f.token);
				if (m->has[t])
					close(m->memfd[t]);
			}
			EXPECT_EQ(0, lunl_session_del(&l, name));
		}
		snprintf(name, sizeof(name), "st%d-owned", i);
		n = lunl_session_del(&l, name);
		EXPECT_TRUE(n == 0 || n == -ENOENT);
	}
	lunl_close(&l);
}

TEST_HARNESS_MAIN
