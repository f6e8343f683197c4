// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 2 of the memfd kexec test: the session came across kexec; list
 * it, restore the memfd and check every byte and the size.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "memfd_common.h"
#include "kselftest_harness.h"

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

TEST_F(nl, dump_lists_incoming)
{
	static struct lunl_session_info s[64];
	int n, i, found = 0, other = 0;

	n = lunl_session_dump(&self->l, s, 64);
	ASSERT_GE(n, 2);
	ASSERT_LE(n, 64);
	for (i = 0; i < n; i++) {
		EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s[i].direction);
		EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s[i].state);
		if (!strcmp(s[i].name, "lunl-other")) {
			EXPECT_EQ(0, s[i].fd_count);
			other = 1;
			continue;
		}
		if (strcmp(s[i].name, MEMFD_SESSION))
			continue;
		found = 1;
		EXPECT_EQ(1, s[i].fd_count);
		EXPECT_EQ(MEMFD_SIZE, s[i].bytes);
		ASSERT_EQ(1, s[i].nfds);
		EXPECT_EQ(MEMFD_TOKEN, s[i].fds[0].token);
		EXPECT_EQ(MEMFD_SIZE, s[i].fds[0].size);
		EXPECT_STREQ(MEMFD_COMPATIBLE, s[i].fds[0].compatible);
	}
	EXPECT_EQ(1, found);
	EXPECT_EQ(1, other);
}

TEST_F(nl, restore_unknown_token)
{
	int fd;

	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, MEMFD_SESSION, 12345, 0,
					   &fd, NULL));
	EXPECT_STREQ("the session has no file with token 12345",
		     self->l.extack);
}

TEST_F(nl, restore_unknown_session)
{
	int fd;

	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, "nope", 1, 0, &fd, NULL));
	EXPECT_STREQ("no incoming session of that name", self->l.extack);
}

/* Bytes of @fd that differ from the pattern; the first in *@first. */
static uint64_t memfd_check(int fd, uint64_t *first)
{
	static uint8_t buf[1 << 16];
	uint64_t off, bad = 0;

	for (off = 0; off < MEMFD_SIZE; ) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);
		ssize_t i;

		if (n <= 0)
			return MEMFD_SIZE - off + bad;
		for (i = 0; i < n; i++) {
			if (buf[i] != memfd_expected(off + i)) {
				if (!bad)
					*first = off + i;
				bad++;
			}
		}
		off += n;
	}
	return bad;
}

TEST_F(nl, restore_memfd_bytes)
{
	struct lunl_fd_info info;
	uint64_t bad = 0, first_bad = 0;
	static uint8_t buf[1 << 16];
	struct stat st;
	int fd, flags;

	ASSERT_EQ(0, lunl_fd_restore(&self->l, MEMFD_SESSION, MEMFD_TOKEN, 0,
				     &fd, &info));
	EXPECT_EQ(MEMFD_TOKEN, info.token);
	EXPECT_EQ(MEMFD_SIZE, info.size);
	EXPECT_STREQ(MEMFD_COMPATIBLE, info.compatible);
	flags = fcntl(fd, F_GETFD);
	EXPECT_TRUE(flags & FD_CLOEXEC);
	ASSERT_EQ(0, fstat(fd, &st));
	ASSERT_EQ(MEMFD_SIZE, (uint64_t)st.st_size);

	bad = memfd_check(fd, &first_bad);
	if (bad)
		TH_LOG("%llu bytes differ, first at offset %llu",
		       (unsigned long long)bad, (unsigned long long)first_bad);
	EXPECT_EQ(0, bad);
	/* Nothing beyond the recorded size. */
	EXPECT_EQ(0, pread(fd, buf, 1, MEMFD_SIZE));
	close(fd);
}

/*
 * The descriptor of the first restore is closed, as by a client that
 * failed after it: restoring again until finish gives a new descriptor
 * of the same file, every byte intact, each time.
 */
TEST_F(nl, restore_again)
{
	struct lunl_session_info s;
	struct stat st1, st2;
	uint64_t bad, first_bad = 0;
	int fd1, fd2;
	char c;

	ASSERT_EQ(0, lunl_session_get(&self->l, MEMFD_SESSION, &s));
	ASSERT_EQ(1, s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, s.fds[0].state);
	ASSERT_EQ(0, lunl_fd_restore(&self->l, MEMFD_SESSION, MEMFD_TOKEN, 0,
				     &fd1, NULL));
	bad = memfd_check(fd1, &first_bad);
	if (bad)
		TH_LOG("%llu bytes differ, first at offset %llu",
		       (unsigned long long)bad, (unsigned long long)first_bad);
	EXPECT_EQ(0, bad);
	ASSERT_EQ(0, lunl_fd_restore(&self->l, MEMFD_SESSION, MEMFD_TOKEN, 0,
				     &fd2, NULL));
	EXPECT_NE(fd1, fd2);
	ASSERT_EQ(0, fstat(fd1, &st1));
	ASSERT_EQ(0, fstat(fd2, &st2));
	EXPECT_EQ(st1.st_dev, st2.st_dev);
	EXPECT_EQ(st1.st_ino, st2.st_ino);
	/* One file: a byte written through one is read through the other. */
	c = (char)~memfd_expected(7);
	ASSERT_EQ(1, pwrite(fd1, &c, 1, 7));
	c = 0;
	ASSERT_EQ(1, pread(fd2, &c, 1, 7));
	EXPECT_EQ((char)~memfd_expected(7), c);
	c = (char)memfd_expected(7);
	ASSERT_EQ(1, pwrite(fd2, &c, 1, 7));
	EXPECT_EQ(0, memfd_check(fd1, &first_bad));
	close(fd1);
	close(fd2);
}

TEST_F(nl, finish)
{
	struct lunl_session_info s;
	int fd;

	/* A restored file stays usable after finish, and can go out again. */
	ASSERT_EQ(0, lunl_session_finish(&self->l, MEMFD_SESSION, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, MEMFD_SESSION, &s));
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, MEMFD_SESSION, MEMFD_TOKEN,
					   0, &fd, NULL));
	ASSERT_EQ(0, lunl_session_finish(&self->l, "lunl-other", 0));
}

TEST_HARNESS_MAIN
