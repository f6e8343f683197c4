// SPDX-License-Identifier: GPL-2.0
/*
 * LUO's /dev/liveupdate sessions and the family's work side by side in
 * the same boot and across kexec, and one file cannot be in both.
 * Stage 1 preserves one memfd each way; stage 2 gets both back.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/liveupdate.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define LUO_SESSION	"coexist-luo"
#define NL_SESSION	"coexist-nl"
#define LUO_SEED	0x1010
#define NL_SEED		0x2020
#define LUO_SIZE	(3 * 4096 + 17)
#define NL_SIZE		(5 * 4096 + 3)

static int luo_create(const char *name)
{
	struct liveupdate_ioctl_create_session c = { .size = sizeof(c) };
	int dev = open("/dev/liveupdate", O_RDWR | O_CLOEXEC);

	if (dev < 0)
		return -errno;
	snprintf((char *)c.name, sizeof(c.name), "%s", name);
	if (ioctl(dev, LIVEUPDATE_IOCTL_CREATE_SESSION, &c)) {
		close(dev);
		return -errno;
	}
	close(dev);
	return c.fd;
}

static int luo_preserve(int session, int fd, uint64_t token)
{
	struct liveupdate_session_preserve_fd p = {
		.size = sizeof(p), .fd = fd, .token = token,
	};

	return ioctl(session, LIVEUPDATE_SESSION_PRESERVE_FD, &p) ? -errno : 0;
}

FIXTURE(coexist) {
	struct lunl l;
};

FIXTURE_SETUP(coexist)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(coexist)
{
	lunl_close(&self->l);
}

TEST_F(coexist, stage1_one_file_one_owner)
{
	int luo, x, y;
	char msg[160];
	pid_t holder;

	luo = luo_create(LUO_SESSION);
	ASSERT_GE(luo, 0);
	x = memfd_create("luo-side", MFD_CLOEXEC);
	y = memfd_create("nl-side", MFD_CLOEXEC);
	ASSERT_GE(x, 0);
	ASSERT_GE(y, 0);
	ASSERT_EQ(0, lunl_memfd_fill(x, LUO_SIZE, LUO_SEED));
	ASSERT_EQ(0, lunl_memfd_fill(y, NL_SIZE, NL_SEED));

	ASSERT_EQ(0, luo_preserve(luo, x, 1));
	ASSERT_EQ(0, lunl_session_new(&self->l, NL_SESSION, 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, NL_SESSION, y, 1));

	/* Each side refuses the other's file. */
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, NL_SESSION, x, 2));
	snprintf(msg, sizeof(msg),
		 "fd %d: the file is already preserved by a liveupdate or LUO session", x);
	EXPECT_STREQ(msg, self->l.extack);
	EXPECT_EQ(-EBUSY, luo_preserve(luo, y, 2));

	/* LUO sessions live as long as their fd: hand it to a holder. */
	holder = fork();
	ASSERT_GE(holder, 0);
	if (!holder) {
		setsid();
		for (;;)
			pause();
	}
	close(luo);
	close(x);
	close(y);
}

TEST_F(coexist, stage2_both_come_back)
{
	struct liveupdate_ioctl_retrieve_session r = { .size = sizeof(r) };
	struct liveupdate_session_retrieve_fd rf = { .size = sizeof(rf) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	uint64_t first = 0;
	int dev, y;

	/* LUO's ioctls. */
	dev = open("/dev/liveupdate", O_RDWR | O_CLOEXEC);
	ASSERT_GE(dev, 0);
	snprintf((char *)r.name, sizeof(r.name), "%s", LUO_SESSION);
	ASSERT_EQ(0, ioctl(dev, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &r));
	rf.token = 1;
	ASSERT_EQ(0, ioctl(r.fd, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
	EXPECT_EQ(0, lunl_memfd_check(rf.fd, LUO_SIZE, LUO_SEED, &first));
	EXPECT_EQ(0, ioctl(r.fd, LIVEUPDATE_SESSION_FINISH, &fin));
	close(rf.fd);
	close(r.fd);
	close(dev);

	/* The family. */
	ASSERT_EQ(0, lunl_fd_restore(&self->l, NL_SESSION, 1, 0, &y, NULL));
	EXPECT_EQ(0, lunl_memfd_check(y, NL_SIZE, NL_SEED, &first));
	EXPECT_EQ(0, lunl_session_finish(&self->l, NL_SESSION, 0));
	close(y);
}

TEST_HARNESS_MAIN
