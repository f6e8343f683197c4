// SPDX-License-Identifier: GPL-2.0
/*
 * Chained live updates: eight sealed memfds, 64 MiB in all with sizes
 * from 0 to non-page-multiples, cross three kexecs in a row. Each stage
 * checks every byte, the size and the seals, finishes the incoming
 * session and adds the restored files to a new outgoing one. Stage 2
 * leaves it live, so the reboot path freezes it; stage 3 freezes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define CHAIN		"chain"
#define NFILES		8
#define LAST_STAGE	4

static const struct {
	uint64_t size;
	int seals;
} files[NFILES] = {
	{ 0, 0 },
	{ 1, F_SEAL_GROW },
	{ 4095, F_SEAL_SHRINK },
	{ 4097, F_SEAL_GROW | F_SEAL_SHRINK },
	{ (1 << 20) + 3, F_SEAL_WRITE },
	{ 8 << 20, 0 },
	{ (16 << 20) + 5, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE },
	{ (39 << 20) + 4093, F_SEAL_SEAL | F_SEAL_GROW },
};

static int stage(void)
{
	const char *s = getenv("LUNL_STAGE");

	return s ? atoi(s) : 1;
}

static uint64_t seed(int i)
{
	return 0xc4a1000 + i;
}

FIXTURE(chain) {
	struct lunl l;
};

FIXTURE_SETUP(chain)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(chain)
{
	lunl_close(&self->l);
}

TEST_F_TIMEOUT(chain, stage1_preserve, 600)
{
	uint64_t total = 0;
	int i, fd;

	ASSERT_EQ(0, lunl_session_new(&self->l, CHAIN, 0, NULL));
	for (i = 0; i < NFILES; i++) {
		fd = memfd_create("chain", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, lunl_memfd_fill(fd, files[i].size, seed(i)));
		if (files[i].seals)
			ASSERT_EQ(0, fcntl(fd, F_ADD_SEALS, files[i].seals));
		ASSERT_EQ(0, lunl_fd_add(&self->l, CHAIN, fd, i + 1));
		close(fd);
		total += files[i].size;
	}
	ASSERT_GE(total, 64ULL << 20);
	TH_LOG("preserved %llu bytes in %d memfds",
	       (unsigned long long)total, NFILES);
}

/* Restore, check and finish; then preserve again unless last stage. */
TEST_F_TIMEOUT(chain, restore_and_chain, 900)
{
	static struct lunl_session_info s;
	int fds[NFILES], i, st = stage();
	uint64_t first = 0, total = 0;
	struct lunl_status_info status;

	ASSERT_EQ(0, lunl_session_get(&self->l, CHAIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s.state);
	ASSERT_EQ(NFILES, s.nfds);
	for (i = 0; i < NFILES; i++) {
		struct stat stb;
		int64_t bad;

		EXPECT_EQ(i + 1, s.fds[i].token);
		EXPECT_EQ(files[i].size, s.fds[i].size);
		EXPECT_STREQ("memfd-v2", s.fds[i].compatible);
		ASSERT_EQ(0, lunl_fd_restore(&self->l, CHAIN, i + 1, 0, &fds[i],
					     NULL));
		ASSERT_EQ(0, fstat(fds[i], &stb));
		EXPECT_EQ(files[i].size, (uint64_t)stb.st_size);
		EXPECT_EQ(files[i].seals, fcntl(fds[i], F_GET_SEALS));
		bad = lunl_memfd_check(fds[i], files[i].size, seed(i), &first);
		if (bad)
			TH_LOG("token %d: %lld bytes differ, first at %llu", i + 1,
			       (long long)bad, (unsigned long long)first);
		EXPECT_EQ(0, bad);
		total += files[i].size;
	}
	TH_LOG("stage %d: %llu bytes byte-exact after %d kexecs", st,
	       (unsigned long long)total, st - 1);
	ASSERT_EQ(0, lunl_session_finish(&self->l, CHAIN, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, CHAIN, &s));

	if (st < LAST_STAGE) {
		ASSERT_EQ(0, lunl_session_new(&self->l, CHAIN, 0, NULL));
		for (i = 0; i < NFILES; i++)
			ASSERT_EQ(0, lunl_fd_add(&self->l, CHAIN, fds[i], i + 1));
		/* Stage 2 leaves it live: the reboot path must freeze it. */
		if (st == 3) {
			ASSERT_EQ(0, lunl_freeze(&self->l, &status));
			EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, status.state);
		}
	}
	for (i = 0; i < NFILES; i++)
		close(fds[i]);
}

TEST_HARNESS_MAIN
