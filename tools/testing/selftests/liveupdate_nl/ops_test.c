// SPDX-License-Identifier: GPL-2.0
/*
 * Every operation of the liveupdate family on the live outgoing side:
 * happy paths checked through replies and dumps, every rejection with
 * its errno and message, dependencies, freeze rollback, owned sessions,
 * notifications, a 1000-session dump, and dumps marked interrupted
 * (NLM_F_DUMP_INTR) by a change, the family's or one made through
 * /dev/liveupdate, between two of their batches. Leaves nothing behind. The
 * session and file limits are reached in handover_test (scale.list),
 * where what fills them then crosses a kexec.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "lunl_test_type.h"
#include "kselftest_harness.h"

static int new_memfd(uint64_t size, uint64_t seed)
{
	int fd = memfd_create("lunl-ops", MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd >= 0 && lunl_memfd_fill(fd, size, seed)) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE(ops) {
	struct lunl l;
};

FIXTURE_SETUP(ops)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(ops)
{
	lunl_close(&self->l);
}

TEST_F(ops, session_lifecycle)
{
	struct lunl_session_info s;

	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-life", 0, &s));
	EXPECT_STREQ("ops-life", s.name);
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(0, s.flags);
	EXPECT_EQ(0, s.fd_count);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-life", &s));
	EXPECT_STREQ("ops-life", s.name);
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-life"));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "ops-life", &s));
	EXPECT_STREQ("no session of that name", self->l.extack);
}

/*
 * The dump lists sessions in creation order: a session made after
 * another was deleted comes last, not in the deleted one's place.
 */
TEST_F(ops, dump_in_creation_order)
{
	static const char *const made[] = { "ops-order-a", "ops-order-b" };
	static struct lunl_session_info s[64];
	int i, n, b = -1, c = -1;

	for (i = 0; i < 2; i++)
		ASSERT_EQ(0, lunl_session_new(&self->l, made[i], 0, NULL));
	ASSERT_EQ(0, lunl_session_del(&self->l, "ops-order-a"));
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-order-c", 0, NULL));
	n = lunl_session_dump(&self->l, s, 64);
	ASSERT_GT(n, 0);
	ASSERT_LT(n, 64);
	for (i = 0; i < n; i++) {
		EXPECT_STRNE("ops-order-a", s[i].name);
		if (!strcmp(s[i].name, "ops-order-b"))
			b = i;
		if (!strcmp(s[i].name, "ops-order-c"))
			c = i;
	}
	ASSERT_GE(b, 0);
	ASSERT_GE(c, 0);
	EXPECT_LT(b, c);
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-order-b"));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-order-c"));
}

/*
 * status reports the records the outgoing sessions take, to the byte: a
 * 48-byte header and the user data per session, a 32-byte entry and the
 * label per file; the frozen records are that size.
 */
TEST_F(ops, record_size)
{
	struct lunl_status_info st0, st;
	static const uint8_t data[13] = "record bytes";
	int m = new_memfd(4096, 9);

	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_status(&self->l, &st0));
	EXPECT_EQ(4 << 20, st0.record_max);
	ASSERT_EQ(0, lunl_session_new_data(&self->l, "ops-rec", 0, data,
					   sizeof(data), NULL));
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + 48 + sizeof(data), st.record_size);
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, "ops-rec", m, 1, "lbl"));
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + 48 + sizeof(data) + 32 + 3, st.record_size);
	ASSERT_EQ(0, lunl_freeze(&self->l, &st));
	EXPECT_EQ(st0.record_size + 48 + sizeof(data) + 32 + 3, st.record_size);
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	ASSERT_EQ(0, lunl_session_del(&self->l, "ops-rec"));
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size, st.record_size);
	close(m);
}

/* Many fd-add requests in one sendmsg(): each is answered on its own. */
TEST_F(ops, fd_add_batch)
{
	int fds[3] = { new_memfd(4096, 10), 9999, new_memfd(1, 11) }, failed;
	const uint64_t tokens[3] = { 1, 2, 3 };
	struct lunl_session_info s;

	ASSERT_GE(fds[0], 0);
	ASSERT_GE(fds[2], 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-batch", 0, NULL));
	EXPECT_EQ(-EBADF, lunl_fd_add_batch(&self->l, "ops-batch", fds, tokens,
					    3, &failed));
	EXPECT_EQ(1, failed);
	EXPECT_STREQ("fd 9999 is not an open file descriptor", self->l.extack);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-batch", &s));
	ASSERT_EQ(2, s.nfds);
	EXPECT_EQ(1, s.fds[0].token);
	EXPECT_EQ(3, s.fds[1].token);
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-batch"));
	close(fds[0]);
	close(fds[2]);
}

/*
 * Files as entries of fd-add requests, each all or none. 300 files take
 * two requests; a refused entry is named, its request leaves nothing,
 * and the request before it stays done.
 */
#define NENT	300
TEST_F(ops, fd_add_entries)
{
	static const char *labels[NENT] = { [0] = "e-one", [2] = "e-three" };
	struct lunl_status_info st0, st;
	static struct lunl_session_info s;
	int fds[NENT], failed, i, good;
	uint64_t tokens[NENT];
	struct lunl_fd_info f;
	uint64_t first = 0;

	for (i = 0; i < NENT; i++) {
		fds[i] = new_memfd(4096 + i, 20 + i);
		ASSERT_GE(fds[i], 0);
		tokens[i] = 100 + i;
	}
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-ent", 0, NULL));
	ASSERT_EQ(0, lunl_status(&self->l, &st0));

	/* The third entry reuses the first one's token. */
	tokens[2] = tokens[0];
	EXPECT_EQ(-EEXIST, lunl_fd_add_entries(&self->l, "ops-ent", fds, tokens,
					       labels, 3, &failed));
	EXPECT_EQ(2, failed);
	EXPECT_STREQ("token 100 is already in this session: use another token",
		     self->l.extack);
	tokens[2] = 102;
	/* A bad descriptor in the middle. */
	good = fds[1];
	fds[1] = 9999;
	EXPECT_EQ(-EBADF, lunl_fd_add_entries(&self->l, "ops-ent", fds, tokens,
					      labels, 3, &failed));
	EXPECT_EQ(1, failed);
	EXPECT_STREQ("fd 9999 is not an open file descriptor", self->l.extack);
	fds[1] = good;
	/* No such session: no entry is to blame. */
	EXPECT_EQ(-ENOENT, lunl_fd_add_entries(&self->l, "ops-none", fds,
					       tokens, labels, 3, &failed));
	EXPECT_EQ(-1, failed);
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	/* None of them left a file, nor a byte of the record. */
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-ent", &s));
	EXPECT_EQ(0, s.fd_count);
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size, st.record_size);

	/* The second request fails: the first one's 256 files stay. */
	good = fds[280];
	fds[280] = 9999;
	EXPECT_EQ(-EBADF, lunl_fd_add_entries(&self->l, "ops-ent", fds, tokens,
					      labels, NENT, &failed));
	EXPECT_EQ(280, failed);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-ent", &s));
	EXPECT_EQ(LUNL_ENTRIES, s.fd_count);
	fds[280] = good;
	ASSERT_EQ(0, lunl_fd_add_entries(&self->l, "ops-ent",
					 fds + LUNL_ENTRIES,
					 tokens + LUNL_ENTRIES,
					 labels + LUNL_ENTRIES,
					 NENT - LUNL_ENTRIES, &failed));

	/* Every file, in order, labels kept. */
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-ent", &s));
	EXPECT_EQ(NENT, s.fd_count);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-ent", 100, &f));
	EXPECT_STREQ("e-one", f.label);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-ent", 101, &f));
	EXPECT_EQ(0, f.has_label);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-ent", 102, &f));
	EXPECT_STREQ("e-three", f.label);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-ent", 100 + NENT - 1, &f));
	EXPECT_EQ(4096 + NENT - 1, f.size);
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + NENT * 32 + strlen("e-one") +
		  strlen("e-three"), st.record_size);
	ASSERT_EQ(0, lunl_session_del(&self->l, "ops-ent"));
	for (i = 0; i < NENT; i++) {
		EXPECT_EQ(0, lunl_memfd_check(fds[i], 4096 + i, 20 + i,
					      &first));
		close(fds[i]);
	}
}

TEST_F(ops, session_rejections)
{
	char name[80];

	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-rej", 0, NULL));
	EXPECT_EQ(-EEXIST, lunl_session_new(&self->l, "ops-rej", 0, NULL));
	EXPECT_STREQ("an outgoing session of that name exists: pick another name",
		     self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_session_new(&self->l, "", 0, NULL));
	EXPECT_STREQ("session name must not be empty", self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_session_new(&self->l, "ops-flags", 0x80, NULL));
	EXPECT_STREQ("reserved bit set", self->l.extack);
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	EXPECT_EQ(-EINVAL, lunl_session_new(&self->l, name, 0, NULL));
	EXPECT_STREQ("Attribute failed policy validation", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_session_del(&self->l, "ops-none"));
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_session_finish(&self->l, "ops-rej", 0));
	EXPECT_STREQ("no incoming session of that name", self->l.extack);
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-rej"));
}

TEST_F(ops, fd_lifecycle)
{
	struct lunl_fd_info f[4];
	struct lunl_session_info s;
	int a = new_memfd(3 * 4096 + 1, 1), b = new_memfd(0, 2);

	ASSERT_GE(a, 0);
	ASSERT_GE(b, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-fd", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-fd", a, 10));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-fd", b, 11));
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-fd", &s));
	EXPECT_EQ(2, s.fd_count);
	EXPECT_EQ(3 * 4096 + 1, s.bytes);
	EXPECT_EQ(4, s.pages);
	ASSERT_EQ(2, s.nfds);
	EXPECT_EQ(10, s.fds[0].token);
	EXPECT_EQ(11, s.fds[1].token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, s.fds[0].state);

	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-fd", 10, &f[0]));
	EXPECT_STREQ("ops-fd", f[0].session);
	EXPECT_STREQ("memfd-v2", f[0].compatible);
	EXPECT_EQ(3 * 4096 + 1, f[0].size);
	EXPECT_EQ(0, f[0].ndeps);
	EXPECT_EQ(2, lunl_fd_dump(&self->l, "ops-fd", f, 4));
	EXPECT_EQ(10, f[0].token);
	EXPECT_EQ(11, f[1].token);
	EXPECT_EQ(0, f[1].size);

	/* A file stays preserved after the caller closes it. */
	close(a);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-fd", 10, &f[0]));
	EXPECT_EQ(0, lunl_fd_del(&self->l, "ops-fd", 10));
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, "ops-fd", 10, &f[0]));
	EXPECT_STREQ("the session has no file with token 10", self->l.extack);
	EXPECT_EQ(1, lunl_fd_dump(&self->l, "ops-fd", f, 4));
	/* Deleting the session unpreserves what is left: b can go elsewhere. */
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-fd"));
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-fd2", 0, NULL));
	EXPECT_EQ(0, lunl_fd_add(&self->l, "ops-fd2", b, 1));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-fd2"));
	close(b);
}

TEST_F(ops, fd_rejections)
{
	char msg[160];
	int m = new_memfd(100, 3), p[2];

	ASSERT_GE(m, 0);
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-fdrej", 0, NULL));
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, "ops-none", m, 1));
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	EXPECT_EQ(-EBADF, lunl_fd_add(&self->l, "ops-fdrej", 999, 1));
	EXPECT_STREQ("fd 999 is not an open file descriptor", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, "ops-fdrej", p[0], 1));
	snprintf(msg, sizeof(msg),
		 "fd %d: no live update file handler supports this file type", p[0]);
	EXPECT_STREQ(msg, self->l.extack);
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-fdrej", m, 1));
	EXPECT_EQ(-EEXIST, lunl_fd_add(&self->l, "ops-fdrej", p[0], 1));
	EXPECT_STREQ("token 1 is already in this session: use another token",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, "ops-fdrej", m, 2));
	snprintf(msg, sizeof(msg),
		 "fd %d: the file is already preserved by a liveupdate or LUO session", m);
	EXPECT_STREQ(msg, self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_del(&self->l, "ops-fdrej", 77));
	EXPECT_STREQ("the session has no file with token 77", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_dump(&self->l, "ops-none", NULL, 0));
	EXPECT_STREQ("no session of that name", self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_dump(&self->l, NULL, NULL, 0));
	EXPECT_STREQ("name the session whose files to list", self->l.extack);
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-fdrej"));
	close(m);
	close(p[0]);
	close(p[1]);
}

TEST_F(ops, dependencies)
{
	struct lunl_fd_info f;
	char msg[160];
	int a, b;

	a = lunl_test_new_file(-1, 100);
	ASSERT_GE(a, 0);
	b = lunl_test_new_file(a, 200);
	ASSERT_GE(b, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-deps", 0, NULL));

	/* The dependency first: b alone is refused. */
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, "ops-deps", b, 2));
	snprintf(msg, sizeof(msg),
		 "fd %d depends on a file not in this session: add that file first",
		 b);
	EXPECT_STREQ(msg, self->l.extack);
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-deps", a, 1));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-deps", b, 2));
	ASSERT_EQ(0, lunl_fd_get(&self->l, "ops-deps", 2, &f));
	EXPECT_STREQ("liveupdate-nl-test-v1", f.compatible);
	ASSERT_EQ(1, f.ndeps);
	EXPECT_EQ(1, f.deps[0]);

	/* Nothing may be removed while something depends on it. */
	EXPECT_EQ(-EBUSY, lunl_fd_del(&self->l, "ops-deps", 1));
	EXPECT_STREQ("token 1 is needed by token 2: remove that first",
		     self->l.extack);
	EXPECT_EQ(0, lunl_fd_del(&self->l, "ops-deps", 2));
	EXPECT_EQ(0, lunl_fd_del(&self->l, "ops-deps", 1));
	/* A session holding both is deleted dependents first. */
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-deps", a, 1));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-deps", b, 2));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-deps"));
	close(a);
	close(b);
}

TEST_F(ops, freeze_unfreeze)
{
	struct lunl_status_info st;
	struct lunl_session_info s;
	int m = new_memfd(5000, 4);

	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-frz", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-frz", m, 1));
	ASSERT_EQ(0, lunl_freeze(&self->l, &st));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, st.state);
	EXPECT_GE(st.sessions, 1);
	EXPECT_GE(st.fds, 1);
	EXPECT_GT(st.freeze_ns, 0);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-frz", &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, s.state);
	EXPECT_GT(s.freeze_ns, 0);
	ASSERT_EQ(1, s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_FROZEN, s.fds[0].state);
	EXPECT_STREQ("memfd-v2", s.fds[0].compatible);

	EXPECT_EQ(-EBUSY, lunl_session_new(&self->l, "ops-frz2", 0, NULL));
	EXPECT_STREQ("sessions are frozen: unfreeze before creating a session",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_session_del(&self->l, "ops-frz"));
	EXPECT_STREQ("sessions are frozen: unfreeze before deleting a session",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, "ops-frz", m, 2));
	EXPECT_STREQ("sessions are frozen: unfreeze before adding a file",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_fd_del(&self->l, "ops-frz", 1));
	EXPECT_STREQ("sessions are frozen: unfreeze before removing a file",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_freeze(&self->l, NULL));
	EXPECT_STREQ("sessions are already frozen", self->l.extack);

	ASSERT_EQ(0, lunl_unfreeze(&self->l, &st));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, st.state);
	EXPECT_EQ(-EINVAL, lunl_unfreeze(&self->l, NULL));
	EXPECT_STREQ("sessions are not frozen", self->l.extack);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-frz", &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, s.fds[0].state);
	/* Live again: mutations work. */
	EXPECT_EQ(0, lunl_fd_del(&self->l, "ops-frz", 1));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-frz"));
	close(m);
}

TEST_F(ops, freeze_rollback)
{
	struct lunl_status_info st;
	struct lunl_session_info s;
	int m1 = new_memfd(4096, 5), m2 = new_memfd(1, 6), t;

	ASSERT_GE(m1, 0);
	ASSERT_GE(m2, 0);
	t = lunl_test_new_file(-1, 7);
	ASSERT_GE(t, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-rb-a", 0, NULL));
	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-rb-b", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-rb-a", m1, 1));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-rb-b", m2, 2));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-rb-b", t, 3));
	ASSERT_EQ(0, lunl_test_fail_freeze(t, 1));

	EXPECT_EQ(-EIO, lunl_freeze(&self->l, NULL));
	EXPECT_STREQ("freeze failed (-5), all unfrozen: token 3 of ops-rb-b",
		     self->l.extack);
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, st.state);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-rb-a", &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, s.fds[0].state);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-rb-b", &s));
	ASSERT_EQ(2, s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, s.fds[0].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, s.fds[1].state);
	/* Mutations work after a failed freeze, and a later freeze succeeds. */
	EXPECT_EQ(0, lunl_fd_del(&self->l, "ops-rb-a", 1));
	ASSERT_EQ(0, lunl_test_fail_freeze(t, 0));
	EXPECT_EQ(0, lunl_freeze(&self->l, NULL));
	EXPECT_EQ(0, lunl_unfreeze(&self->l, NULL));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-rb-a"));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-rb-b"));
	close(m1);
	close(m2);
	close(t);
}

TEST_F(ops, owned_session)
{
	struct lunl_session_info s;
	struct lunl owner, other;

	ASSERT_EQ(0, lunl_open(&owner));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-owned",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, &s));
	EXPECT_EQ(LIVEUPDATE_NL_SESSION_FLAGS_OWNED, s.flags);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-owned", &s));
	lunl_close(&owner);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "ops-owned", &s));

	/* Frozen when the owner closes: the session stays, unowned. */
	ASSERT_EQ(0, lunl_open(&owner));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-owned",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, NULL));
	ASSERT_EQ(0, lunl_freeze(&self->l, NULL));
	lunl_close(&owner);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ops-owned", &s));
	EXPECT_EQ(0, s.flags);
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-owned"));

	/*
	 * Two owner sockets: a close deletes the sessions that socket owns
	 * and still holds, not the others, and not its unowned ones.
	 */
	ASSERT_EQ(0, lunl_open(&owner));
	ASSERT_EQ(0, lunl_open(&other));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-owned-a",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, NULL));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-owned-b",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, NULL));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-owned-plain", 0, NULL));
	ASSERT_EQ(0, lunl_session_new(&other, "ops-owned-c",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, NULL));
	ASSERT_EQ(0, lunl_session_del(&owner, "ops-owned-a"));
	lunl_close(&owner);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "ops-owned-b", &s));
	EXPECT_EQ(0, lunl_session_get(&self->l, "ops-owned-plain", &s));
	EXPECT_EQ(0, lunl_session_get(&self->l, "ops-owned-c", &s));
	EXPECT_EQ(LIVEUPDATE_NL_SESSION_FLAGS_OWNED, s.flags);
	lunl_close(&other);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "ops-owned-c", &s));
	EXPECT_EQ(0, lunl_session_del(&self->l, "ops-owned-plain"));
}

TEST_F(ops, restore_flags_rejected)
{
	int fd;

	EXPECT_EQ(-EINVAL, lunl_fd_restore(&self->l, "x", 1, 0x10, &fd, NULL));
	EXPECT_STREQ("reserved bit set", self->l.extack);
}

TEST_F(ops, notifications)
{
	struct lunl mon, owner;
	struct lunl_event ev;
	int m = new_memfd(8192, 8);

	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));

	ASSERT_EQ(0, lunl_session_new(&self->l, "ops-ntf", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-ntf", m, 5));
	ASSERT_EQ(0, lunl_freeze(&self->l, NULL));
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	ASSERT_EQ(0, lunl_fd_del(&self->l, "ops-ntf", 5));
	ASSERT_EQ(0, lunl_session_del(&self->l, "ops-ntf"));

	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_NEW_NTF, ev.cmd);
	EXPECT_STREQ("ops-ntf", ev.session.name);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, ev.session.state);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_ADD_NTF, ev.cmd);
	EXPECT_STREQ("ops-ntf", ev.fd.session);
	EXPECT_EQ(5, ev.fd.token);
	EXPECT_EQ(8192, ev.fd.size);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FREEZE_NTF, ev.cmd);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, ev.status.state);
	EXPECT_GT(ev.status.freeze_ns, 0);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_UNFREEZE_NTF, ev.cmd);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, ev.status.state);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_DEL_NTF, ev.cmd);
	EXPECT_EQ(5, ev.fd.token);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, ev.cmd);
	EXPECT_STREQ("ops-ntf", ev.session.name);
	/* Nothing else. */
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&mon, &ev, 200));

	/* An owner socket closing is announced too. */
	ASSERT_EQ(0, lunl_open(&owner));
	ASSERT_EQ(0, lunl_session_new(&owner, "ops-ntf-owned",
				      LIVEUPDATE_NL_SESSION_FLAGS_OWNED, NULL));
	lunl_close(&owner);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_NEW_NTF, ev.cmd);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, ev.cmd);
	EXPECT_STREQ("ops-ntf-owned", ev.session.name);
	lunl_close(&mon);
	close(m);
}

#define MANY 1000

TEST_F_TIMEOUT(ops, dump_1000_sessions, 600)
{
	static struct lunl_session_info s[MANY + 16];
	static unsigned char seen[MANY];
	char name[32];
	int i, n, mine = 0;

	for (i = 0; i < MANY; i++) {
		int m = new_memfd(i, i);

		ASSERT_GE(m, 0);
		snprintf(name, sizeof(name), "ops-many-%04d", i);
		ASSERT_EQ(0, lunl_session_new(&self->l, name, 0, NULL));
		ASSERT_EQ(0, lunl_fd_add(&self->l, name, m, i));
		close(m);
	}
	n = lunl_session_dump(&self->l, s, MANY + 16);
	ASSERT_GE(n, MANY);
	ASSERT_LE(n, MANY + 16);
	for (i = 0; i < n; i++) {
		int k;

		if (sscanf(s[i].name, "ops-many-%d", &k) != 1)
			continue;
		ASSERT_LT(k, MANY);
		EXPECT_EQ(0, seen[k]);
		seen[k]++;
		mine++;
		ASSERT_EQ(1, s[i].nfds);
		EXPECT_EQ(k, s[i].fds[0].token);
		EXPECT_EQ(k, s[i].fds[0].size);
	}
	EXPECT_EQ(MANY, mine);
	for (i = 0; i < MANY; i++) {
		snprintf(name, sizeof(name), "ops-many-%04d", i);
		ASSERT_EQ(0, lunl_session_del(&self->l, name));
	}
}

/* What a dump read batch by batch saw. */
struct batches {
	int msgs;	/* the family's messages */
	int batches;	/* recv() calls that held some of them */
	int intr;	/* messages marked NLM_F_DUMP_INTR, NLMSG_DONE included */
};

/*
 * A session-get dump (or an fd-get dump of @session) on a socket of its
 * own, read 8192 bytes at a time: the family makes batches of at least
 * that (its min_dump_alloc), and a reader's buffer of that size keeps
 * netlink from making them larger. @change runs once the first batch is
 * read; its result is returned unless the dump fails. 0 or a negative
 * errno.
 */
static int dump_batches(const struct lunl *l, const char *session,
			int (*change)(void *), void *arg, struct batches *b)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char attrs[NLA_HDRLEN + NLA_ALIGN(LIVEUPDATE_NL_SESSION_NAME_LEN)];
	} req = {
		.n.nlmsg_type = l->family,
		.n.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		.n.nlmsg_seq = 1,
		.g.cmd = session ? LIVEUPDATE_NL_CMD_FD_GET :
				   LIVEUPDATE_NL_CMD_SESSION_GET,
		.g.version = LIVEUPDATE_FAMILY_VERSION,
	};
	static union {
		struct nlmsghdr h;
		char c[8192];
	} buf;
	int sk, err = 0, changed = 0, done = 0;

	memset(b, 0, sizeof(*b));
	req.n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	if (session) {
		struct nlattr *a = (struct nlattr *)req.attrs;

		if (strlen(session) >= LIVEUPDATE_NL_SESSION_NAME_LEN)
			return -ENAMETOOLONG;
		a->nla_type = LIVEUPDATE_NL_FD_A_SESSION;
		a->nla_len = NLA_HDRLEN + strlen(session) + 1;
		strcpy((char *)a + NLA_HDRLEN, session);
		req.n.nlmsg_len += NLA_ALIGN(a->nla_len);
	}
	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sk < 0)
		return -errno;
	if (bind(sk, (struct sockaddr *)&sa, sizeof(sa)) ||
	    send(sk, &req, req.n.nlmsg_len, 0) != (ssize_t)req.n.nlmsg_len) {
		err = -errno;
		goto out;
	}
	while (!done) {
		ssize_t n = recv(sk, buf.c, sizeof(buf), MSG_TRUNC);
		struct nlmsghdr *h = &buf.h;
		int len = n;

		if (n < 0 || n > (ssize_t)sizeof(buf)) {
			err = n < 0 ? -errno : -EMSGSIZE;
			goto out;
		}
		if (NLMSG_OK(h, len) && h->nlmsg_type == l->family)
			b->batches++;
		for (; NLMSG_OK(h, len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_flags & NLM_F_DUMP_INTR)
				b->intr++;
			if (h->nlmsg_type == NLMSG_ERROR) {
				err = ((struct nlmsgerr *)NLMSG_DATA(h))->error;
				goto out;
			}
			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == l->family)
				b->msgs++;
		}
		if (b->batches == 1 && change && !changed++)
			err = change(arg);
	}
out:
	close(sk);
	return err;
}

/* The changes made between two batches; 0 or a negative errno. */
static int change_family(void *l)
{
	return lunl_session_new(l, "ops-intr-new", 0, NULL);
}

static int change_device(void *fd)
{
	*(int *)fd = lunl_luo_create("ops-intr-dev");
	return *(int *)fd < 0 ? *(int *)fd : 0;
}

static int change_close(void *fd)
{
	int err = close(*(int *)fd) ? -errno : 0;

	*(int *)fd = -1;
	return err;
}

static int change_fd(void *l)
{
	int m = new_memfd(4096, 99), err;

	if (m < 0)
		return -errno;
	err = lunl_fd_add(l, "ops-intr-000", m, 1000);
	close(m);
	return err;
}

#define INTR_SESSIONS	200
#define INTR_FILES	250

FIXTURE(intr) {
	struct lunl l;
	int dev_fd;
};

FIXTURE_SETUP(intr)
{
	self->dev_fd = -1;
	ASSERT_EQ(0, lunl_open(&self->l));
}

/* Whatever the test got to make, so that a failed assertion leaves none. */
FIXTURE_TEARDOWN(intr)
{
	char name[32];
	int i;

	for (i = 0; i < INTR_SESSIONS; i++) {
		snprintf(name, sizeof(name), "ops-intr-%03d", i);
		lunl_session_del(&self->l, name);
	}
	lunl_session_del(&self->l, "ops-intr-new");
	if (self->dev_fd >= 0)
		close(self->dev_fd);
	lunl_close(&self->l);
}

/*
 * A dump that crosses a change is marked NLM_F_DUMP_INTR (a client runs
 * it again); one that crosses none is not. Each dump takes two batches
 * at least: the change comes after the first is read, and whether the
 * kernel made the second before it or not (it reads ahead while the
 * first is received), the end of the dump is made after it.
 */
TEST_F_TIMEOUT(intr, dump_marked_interrupted, 600)
{
	char name[32];
	struct batches b;
	int i;

	for (i = 0; i < INTR_SESSIONS; i++) {
		snprintf(name, sizeof(name), "ops-intr-%03d", i);
		ASSERT_EQ(0, lunl_session_new(&self->l, name, 0, NULL));
	}
	for (i = 0; i < INTR_FILES; i++) {
		int m = new_memfd(64, i);

		ASSERT_GE(m, 0);
		ASSERT_EQ(0, lunl_fd_add(&self->l, "ops-intr-000", m, i));
		close(m);
	}

	/* Nothing changes: no mark, everything listed. */
	ASSERT_EQ(0, dump_batches(&self->l, NULL, NULL, NULL, &b));
	TH_LOG("session-get: %d messages in %d batches", b.msgs, b.batches);
	EXPECT_GE(b.msgs, INTR_SESSIONS);
	ASSERT_GE(b.batches, 2);
	EXPECT_EQ(0, b.intr);
	ASSERT_EQ(0, dump_batches(&self->l, "ops-intr-000", NULL, NULL, &b));
	TH_LOG("fd-get: %d messages in %d batches", b.msgs, b.batches);
	EXPECT_EQ(INTR_FILES, b.msgs);
	ASSERT_GE(b.batches, 2);
	EXPECT_EQ(0, b.intr);

	/* A session made through the family between two batches. */
	ASSERT_EQ(0, dump_batches(&self->l, NULL, change_family, &self->l, &b));
	EXPECT_GE(b.intr, 1);

	/* One made through /dev/liveupdate (LUO's notifier). */
	ASSERT_EQ(0, dump_batches(&self->l, NULL, change_device, &self->dev_fd,
				  &b));
	EXPECT_GE(b.intr, 1);
	/* Closing its descriptor ends it: a change too. */
	ASSERT_EQ(0, dump_batches(&self->l, NULL, change_close, &self->dev_fd,
				  &b));
	EXPECT_GE(b.intr, 1);

	/* A file added to the session whose files are dumped. */
	ASSERT_EQ(0, dump_batches(&self->l, "ops-intr-000", change_fd,
				  &self->l, &b));
	EXPECT_GE(b.intr, 1);
}

TEST_HARNESS_MAIN
