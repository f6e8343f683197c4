// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 1 of the memfd kexec test: create a session, preserve a memfd
 * filled with a known pattern, check the rejections, and freeze.
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
#include "memfd_common.h"
#include "kselftest_harness.h"

/*
 * Every test runs in a child of the harness; the memfd is created before
 * they fork, at MEMFD_FD, so each test sees the same file.
 */
#define MEMFD_FD 100

static void __attribute__((constructor)) make_memfd(void)
{
	uint8_t *buf = malloc(MEMFD_SIZE);
	uint64_t i;
	int fd;

	fd = memfd_create("lunl-test", 0);
	if (fd < 0 || !buf || dup2(fd, MEMFD_FD) != MEMFD_FD)
		exit(KSFT_FAIL);
	for (i = 0; i < MEMFD_SIZE; i++)
		buf[i] = lunl_pattern(MEMFD_SEED, i);
	if (pwrite(fd, buf, MEMFD_SIZE, 0) != (ssize_t)MEMFD_SIZE)
		exit(KSFT_FAIL);
	free(buf);
	close(fd);
}

FIXTURE(nl) {
	struct lunl l;
};

FIXTURE_SETUP(nl)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(nl)
{
	lunl_close(&self->l);
}

TEST_F(nl, session_new)
{
	struct lunl_session_info s;

	ASSERT_EQ(0, lunl_session_new(&self->l, MEMFD_SESSION, 0, &s));
	EXPECT_STREQ(MEMFD_SESSION, s.name);
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(0, s.fd_count);
	EXPECT_EQ(0, s.nfds);
}

TEST_F(nl, session_new_duplicate)
{
	EXPECT_EQ(-EEXIST, lunl_session_new(&self->l, MEMFD_SESSION, 0, NULL));
	EXPECT_STREQ("an outgoing session of that name exists: pick another name", self->l.extack);
}

TEST_F(nl, session_new_empty_name)
{
	EXPECT_EQ(-EINVAL, lunl_session_new(&self->l, "", 0, NULL));
	EXPECT_STREQ("session name must not be empty", self->l.extack);
}

TEST_F(nl, session_new_name_too_long)
{
	char name[80];

	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	EXPECT_EQ(-EINVAL, lunl_session_new(&self->l, name, 0, NULL));
	EXPECT_STREQ("Attribute failed policy validation", self->l.extack);
}

TEST_F(nl, session_get_unknown)
{
	struct lunl_session_info s;

	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "no-such-session", &s));
	EXPECT_STREQ("no session of that name", self->l.extack);
}

TEST_F(nl, fd_add_unknown_session)
{
	int fd = memfd_create("x", MFD_CLOEXEC);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, "no-such-session", fd, 1));
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	close(fd);
}

TEST_F(nl, fd_add_bad_fd)
{
	EXPECT_EQ(-EBADF, lunl_fd_add(&self->l, MEMFD_SESSION, 999, 1));
	EXPECT_STREQ("fd 999 is not an open file descriptor", self->l.extack);
}

TEST_F(nl, fd_add_unsupported_type)
{
	int p[2];
	char msg[128];

	ASSERT_EQ(0, pipe(p));
	EXPECT_EQ(-ENOENT, lunl_fd_add(&self->l, MEMFD_SESSION, p[0], 1));
	snprintf(msg, sizeof(msg),
		 "fd %d: no live update file handler supports this file type", p[0]);
	EXPECT_STREQ(msg, self->l.extack);
	close(p[0]);
	close(p[1]);
}

TEST_F(nl, fd_add_memfd)
{
	struct lunl_session_info s;

	ASSERT_EQ(0, lunl_fd_add(&self->l, MEMFD_SESSION, MEMFD_FD, MEMFD_TOKEN));
	ASSERT_EQ(0, lunl_session_get(&self->l, MEMFD_SESSION, &s));
	EXPECT_EQ(1, s.fd_count);
	EXPECT_EQ(MEMFD_SIZE, s.bytes);
	ASSERT_EQ(1, s.nfds);
	EXPECT_EQ(MEMFD_TOKEN, s.fds[0].token);
	EXPECT_EQ(MEMFD_SIZE, s.fds[0].size);
}

TEST_F(nl, fd_add_same_file_twice)
{
	char msg[128];

	ASSERT_EQ(0, lunl_session_new(&self->l, "lunl-other", 0, NULL));
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, "lunl-other", MEMFD_FD, 1));
	snprintf(msg, sizeof(msg),
		 "fd %d: the file is already preserved by a liveupdate or LUO session",
		 MEMFD_FD);
	EXPECT_STREQ(msg, self->l.extack);
}

TEST_F(nl, fd_add_duplicate_token)
{
	int fd = memfd_create("dup", MFD_CLOEXEC);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-EEXIST, lunl_fd_add(&self->l, MEMFD_SESSION, fd, MEMFD_TOKEN));
	EXPECT_STREQ("token 7 is already in this session: use another token",
		     self->l.extack);
	close(fd);
}

TEST_F(nl, freeze)
{
	static struct lunl_session_info s[64];
	uint8_t b = MEMFD_LATE_BYTE;
	int n, i, found = 0;

	ASSERT_EQ(0, lunl_freeze(&self->l, NULL));
	n = lunl_session_dump(&self->l, s, 64);
	ASSERT_GE(n, 2);
	ASSERT_LE(n, 64);
	for (i = 0; i < n; i++) {
		/* /dev/liveupdate's sessions freeze on the reboot path. */
		if (s[i].owner == LIVEUPDATE_NL_OWNER_DEVICE)
			continue;
		EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, s[i].state);
		if (strcmp(s[i].name, MEMFD_SESSION))
			continue;
		found = 1;
		ASSERT_EQ(1, s[i].nfds);
		EXPECT_STREQ(MEMFD_COMPATIBLE, s[i].fds[0].compatible);
	}
	EXPECT_EQ(1, found);
	/* Pages stay live after freeze: this byte must cross too. */
	ASSERT_EQ(1, pwrite(MEMFD_FD, &b, 1, MEMFD_LATE_OFF));
}

TEST_F(nl, frozen_rejects_mutations)
{
	int fd = memfd_create("late", MFD_CLOEXEC);

	ASSERT_GE(fd, 0);
	EXPECT_EQ(-EBUSY, lunl_session_new(&self->l, "lunl-late", 0, NULL));
	EXPECT_STREQ("sessions are frozen: unfreeze before creating a session",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, MEMFD_SESSION, fd, 99));
	EXPECT_STREQ("sessions are frozen: unfreeze before adding a file",
		     self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_freeze(&self->l, NULL));
	EXPECT_STREQ("sessions are already frozen", self->l.extack);
	close(fd);
}

TEST_HARNESS_MAIN
