// SPDX-License-Identifier: GPL-2.0
/*
 * Dependencies across kexec: stage 1 preserves a test file and one that
 * depends on it; stage 2 must restore them dependency first, and finish
 * refuses files never restored unless discard is asked.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "lunl_test_type.h"
#include "kselftest_harness.h"

#define DEPS	"deps"
#define DISCARD	"deps-discard"

FIXTURE(deps) {
	struct lunl l;
};

FIXTURE_SETUP(deps)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(deps)
{
	lunl_close(&self->l);
}

TEST_F(deps, stage1_preserve)
{
	int a, b, m;

	a = lunl_test_new_file(-1, 100);
	ASSERT_GE(a, 0);
	b = lunl_test_new_file(a, 200);
	ASSERT_GE(b, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, DEPS, 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, DEPS, a, 1));
	ASSERT_EQ(0, lunl_fd_add(&self->l, DEPS, b, 2));
	close(a);
	close(b);

	/* A session whose file stage 2 never restores. */
	m = memfd_create("discard", MFD_CLOEXEC);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, 3 << 20, 99));
	ASSERT_EQ(0, lunl_session_new(&self->l, DISCARD, 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, DISCARD, m, 9));
	close(m);
}

TEST_F(deps, stage2_restore_in_order)
{
	struct lunl_test_info ia, ib;
	struct lunl_fd_info f;
	struct lunl_event ev;
	struct lunl mon;
	int a, b;

	ASSERT_EQ(0, lunl_fd_get(&self->l, DEPS, 2, &f));
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, f.state);
	EXPECT_STREQ(LUNL_TEST_COMPATIBLE, f.compatible);
	ASSERT_EQ(1, f.ndeps);
	EXPECT_EQ(1, f.deps[0]);

	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, DEPS, 2, 0, &b, NULL));
	EXPECT_STREQ("token 2 depends on token 1: restore that first",
		     self->l.extack);
	ASSERT_EQ(0, lunl_fd_restore(&self->l, DEPS, 1,
				     LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC, &a, NULL));
	ASSERT_EQ(0, lunl_fd_restore(&self->l, DEPS, 2, 0, &b, NULL));
	EXPECT_EQ(0, fcntl(a, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(FD_CLOEXEC, fcntl(b, F_GETFD) & FD_CLOEXEC);
	ASSERT_EQ(0, lunl_test_info(a, &ia));
	ASSERT_EQ(0, lunl_test_info(b, &ib));
	EXPECT_EQ(100, ia.value);
	EXPECT_EQ(200, ib.value);
	EXPECT_EQ(0, ia.dep_id);
	EXPECT_EQ(ia.id, ib.dep_id);
	ASSERT_EQ(0, lunl_fd_get(&self->l, DEPS, 2, &f));
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, f.state);
	EXPECT_EQ(0, lunl_session_finish(&self->l, DEPS, 0));

	/* The monitor saw both restores, in order, then the finish. */
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_RESTORE_NTF, ev.cmd);
	EXPECT_STREQ(DEPS, ev.fd.session);
	EXPECT_EQ(1, ev.fd.token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, ev.fd.state);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_RESTORE_NTF, ev.cmd);
	EXPECT_EQ(2, ev.fd.token);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF, ev.cmd);
	EXPECT_STREQ(DEPS, ev.session.name);
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&mon, &ev, 200));
	lunl_close(&mon);
	close(a);
	close(b);
}

TEST_F(deps, stage2_incoming_rejections)
{
	struct lunl_session_info s;
	int m, fd;

	ASSERT_EQ(0, lunl_session_get(&self->l, DISCARD, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(3 << 20, s.bytes);
	EXPECT_EQ(768, s.pages);
	EXPECT_EQ(-EINVAL, lunl_session_del(&self->l, DISCARD));
	EXPECT_STREQ("that is an incoming session: finish it instead",
		     self->l.extack);
	m = memfd_create("x", MFD_CLOEXEC);
	ASSERT_GE(m, 0);
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, DISCARD, m, 1));
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	close(m);
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, DISCARD, 1, 0, &fd, NULL));
	EXPECT_STREQ("the session has no file with token 1",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, DISCARD, 0));
	EXPECT_STREQ("token 9 was never restored: restore it, or finish with discard",
		     self->l.extack);
	EXPECT_EQ(0, lunl_session_finish(&self->l, DISCARD, 1));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, DISCARD, &s));
}

TEST_HARNESS_MAIN
