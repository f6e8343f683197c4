// SPDX-License-Identifier: GPL-2.0
/*
 * Chained live updates: eight sealed memfds, 64 MiB in all with sizes
 * from 0 to non-page-multiples, cross three kexecs in a row, with a
 * label on each file (up to the longest allowed) and 4 KiB of session
 * user data. Stage 1 sets everything up in an agent process that exits
 * before kexec: nothing holds the session but the kernel. Each later
 * stage finds the files from the listing alone, restores them by label,
 * checks every byte, the size, the seals, the labels and the user data,
 * finishes the incoming session and carries what it read into a new
 * outgoing one. Stage 2 leaves it live, so the reboot path freezes it;
 * stage 3 freezes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* Label lengths from 1 byte to the longest allowed. */
static const int label_len[NFILES] = {
	1, 17, 40, 64, 100, 128, 200, LIVEUPDATE_NL_LABEL_MAX,
};

static void file_label(char *buf, int i)
{
	lunl_make_label(buf, label_len[i], i);
}

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

/*
 * The agent: its own socket, its own memfds; it exits when done, which
 * closes both. Returns the exit status: 0, or the step that failed.
 */
static int agent(void)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	struct lunl l;
	int i, fd;

	lunl_fill_data(data, sizeof(data), 7);
	if (lunl_open(&l) ||
	    lunl_session_new_data(&l, CHAIN, 0, data, sizeof(data), NULL))
		return 1;
	for (i = 0; i < NFILES; i++) {
		fd = memfd_create("chain", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		if (fd < 0 || lunl_memfd_fill(fd, files[i].size, seed(i)))
			return 2;
		if (files[i].seals && fcntl(fd, F_ADD_SEALS, files[i].seals))
			return 3;
		file_label(label, i);
		if (lunl_fd_add_label(&l, CHAIN, fd, i + 1, label))
			return 4;
	}
	return 0;
}

TEST_F_TIMEOUT(chain, stage1_preserve, 600)
{
	static struct lunl_session_info s;
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	int status, i;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(agent());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* The agent is gone; the kernel alone holds its state. */
	ASSERT_EQ(0, lunl_session_get(&self->l, CHAIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(NFILES, s.fd_count);
	EXPECT_EQ(LIVEUPDATE_NL_USER_DATA_MAX, s.data_len);
	ASSERT_GE(s.bytes, 64ULL << 20);
	ASSERT_EQ(NFILES, s.nfds);
	for (i = 0; i < NFILES; i++) {
		file_label(label, i);
		EXPECT_STREQ(label, s.fds[i].label);
	}
	TH_LOG("agent %d exited; the kernel holds %llu bytes in %d memfds",
	       pid, (unsigned long long)s.bytes, NFILES);
}

/* Restore, check and finish; then preserve again unless last stage. */
TEST_F_TIMEOUT(chain, restore_and_chain, 900)
{
	static uint8_t want[LIVEUPDATE_NL_USER_DATA_MAX];
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	static struct lunl_session_info s, gone;
	int fds[NFILES], i, st = stage();
	uint64_t first = 0, total = 0;
	struct lunl_status_info status;
	struct lunl_fd_info info;

	ASSERT_EQ(0, lunl_session_get(&self->l, CHAIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s.state);
	ASSERT_EQ(NFILES, s.nfds);
	lunl_fill_data(want, sizeof(want), 7);
	ASSERT_EQ(sizeof(want), s.data_len);
	EXPECT_EQ(0, memcmp(want, s.data, sizeof(want)));
	/* Incoming sessions keep what they came with. */
	EXPECT_EQ(-EINVAL, lunl_session_set(&self->l, CHAIN, want, 1, NULL));
	EXPECT_STREQ("incoming sessions keep the data they came with",
		     self->l.extack);
	for (i = 0; i < NFILES; i++) {
		struct stat stb;
		int64_t bad;

		file_label(label, i);
		EXPECT_STREQ(label, s.fds[i].label);
		EXPECT_EQ(i + 1, s.fds[i].token);
		EXPECT_EQ(files[i].size, s.fds[i].size);
		EXPECT_STREQ("memfd-v2", s.fds[i].compatible);
		/* By the label read from the listing, not by token. */
		ASSERT_EQ(0, lunl_fd_restore_key(&self->l, CHAIN,
						 (struct lunl_fd_key){
							.label = s.fds[i].label },
						 0, &fds[i], &info));
		EXPECT_EQ(i + 1, info.token);
		EXPECT_STREQ(label, info.label);
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
	/* Twice by the same label: refused. */
	EXPECT_EQ(-EBUSY, lunl_fd_restore_key(&self->l, CHAIN,
					      (struct lunl_fd_key){
						.label = s.fds[0].label },
					      0, &i, NULL));
	EXPECT_STREQ("token 1 was already restored", self->l.extack);
	TH_LOG("stage %d: %llu bytes, %d labels and %u bytes of user data byte-exact after %d kexecs",
	       st, (unsigned long long)total, NFILES, s.data_len, st - 1);
	ASSERT_EQ(0, lunl_session_finish(&self->l, CHAIN, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, CHAIN, &gone));

	if (st < LAST_STAGE) {
		/* Carry forward what came in, not what this test expects. */
		ASSERT_EQ(0, lunl_session_new_data(&self->l, CHAIN, 0, s.data,
						   s.data_len, NULL));
		for (i = 0; i < NFILES; i++)
			ASSERT_EQ(0, lunl_fd_add_label(&self->l, CHAIN, fds[i],
						       s.fds[i].token,
						       s.fds[i].label));
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
