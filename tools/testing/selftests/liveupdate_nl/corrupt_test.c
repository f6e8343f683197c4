// SPDX-License-Identifier: GPL-2.0
/*
 * Corrupt handover: a test-only debugfs file damages the frozen KHO
 * record of a session before kexec. Stage 4 damages single sessions
 * (another version, a handle in LUO that points inside the record, bogus
 * file counts and indices, user data and label out of bounds, too many
 * dependencies, a file whose token is no longer the one in LUO's entry,
 * two files with one token) next to undamaged sessions; stage 5 checks
 * that the new kernel came up, lists the damaged sessions as
 * unrecoverable, finishes them (LUO releases their files; kmemleak
 * checks the stage), and gives back every undamaged byte (LUO's own
 * sessions are checked by luo_coexist in the same stage).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "lunl_test_hooks_uapi.h"
#include "kselftest_harness.h"

#define SIZE		(3 * 4096 + 5)

static const char *const damaged[][2] = {
	{ "bad-compatible", "compatible" },
	{ "bad-record", "record" },
	{ "bad-fds", "fds" },
	{ "bad-first", "first" },
	{ "bad-data", "data" },
	{ "bad-label", "label" },
	{ "bad-deps", "deps" },
};

static int damage(const char *what)
{
	return lunl_write_str("/sys/kernel/debug/" LUNL_TEST_DEBUGFS_CORRUPT, what);
}

/* A session of n memfds with labels and user data; seeds from base. */
static int preserve(struct lunl *l, const char *name, int n, uint64_t base)
{
	char label[32];
	int i, fd, err;

	err = lunl_session_new_data(l, name, 0, name, strlen(name), NULL);
	for (i = 0; !err && i < n; i++) {
		fd = memfd_create(name, MFD_CLOEXEC);
		if (fd < 0 || lunl_memfd_fill(fd, SIZE + i, base + i))
			return -EIO;
		snprintf(label, sizeof(label), "%s/%d", name, i);
		err = lunl_fd_add_label(l, name, fd, i + 1, label);
		close(fd);
	}
	return err;
}

/* Restore file token of session name and check every byte. */
static int64_t restore_check(struct lunl *l, const char *name, int token,
			     uint64_t seed)
{
	uint64_t first = 0;
	int64_t bad;
	int fd, err;

	err = lunl_fd_restore(l, name, token, 0, &fd, NULL);
	if (err)
		return err;
	bad = lunl_memfd_check(fd, SIZE + token - 1, seed, &first);
	close(fd);
	return bad;
}

FIXTURE(corrupt) {
	struct lunl l;
	struct lunl_session_info s;
};

FIXTURE_SETUP(corrupt)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(corrupt)
{
	lunl_close(&self->l);
}

TEST_F(corrupt, stage4_damage_sessions)
{
	char cmd[64];
	size_t i;

	ASSERT_EQ(0, preserve(&self->l, "good", 2, 0x600d));
	ASSERT_EQ(0, preserve(&self->l, "bad-token", 2, 0x70c));
	ASSERT_EQ(0, preserve(&self->l, "bad-dup", 2, 0xd0b));
	for (i = 0; i < ARRAY_SIZE(damaged); i++)
		ASSERT_EQ(0, preserve(&self->l, damaged[i][0], 1, 0xbad));
	/* Only while frozen. */
	EXPECT_EQ(-ENOENT, damage("compatible good"));
	ASSERT_EQ(0, lunl_freeze(&self->l, NULL));
	for (i = 0; i < ARRAY_SIZE(damaged); i++) {
		snprintf(cmd, sizeof(cmd), "%s %s", damaged[i][1], damaged[i][0]);
		ASSERT_EQ(0, damage(cmd));
	}
	ASSERT_EQ(0, damage("token bad-token"));
	ASSERT_EQ(0, damage("dup bad-dup"));
	EXPECT_EQ(-ENOENT, damage("fds no-such-session"));
}

TEST_F(corrupt, stage5_check_sessions)
{
	const char *name = "bad-token";
	char label[32];
	size_t i;
	int fd;

	/* Undamaged sessions lose nothing. */
	ASSERT_EQ(0, lunl_session_get(&self->l, "good", &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, self->s.state);
	ASSERT_EQ(4, self->s.data_len);
	EXPECT_EQ(0, memcmp("good", self->s.data, 4));
	EXPECT_EQ(0, restore_check(&self->l, "good", 1, 0x600d));
	EXPECT_EQ(0, restore_check(&self->l, "good", 2, 0x600d + 1));
	EXPECT_EQ(0, lunl_session_finish(&self->l, "good", 0));

	/*
	 * A session whose LUO files disagree with our entries: its files
	 * are listed, unrecoverable, and discarded by finish (LUO releases
	 * what it holds); its user data survives.
	 */
	ASSERT_EQ(0, lunl_session_get(&self->l, name, &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, self->s.state);
	EXPECT_EQ(strlen(name), self->s.data_len);
	ASSERT_EQ(2, self->s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
		  self->s.fds[0].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
		  self->s.fds[1].state);
	snprintf(label, sizeof(label), "%s/1", name);
	EXPECT_STREQ(label, self->s.fds[1].label);
	EXPECT_EQ(-EIO, lunl_fd_restore(&self->l, name, 2, 0, &fd,
					NULL));
	EXPECT_STREQ("token 2 is unrecoverable: finish the session with discard",
		     self->l.extack);
	EXPECT_EQ(0, lunl_session_finish(&self->l, name, 1));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, name, &self->s));

	/*
	 * Two files with one token: the session stops at the second, is
	 * unrecoverable, and finish releases both from LUO.
	 */
	ASSERT_EQ(0, lunl_session_get(&self->l, "bad-dup", &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_UNRECOVERABLE, self->s.state);
	ASSERT_EQ(1, self->s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE, self->s.fds[0].state);
	EXPECT_EQ(2, self->s.fds[0].token);
	EXPECT_EQ(-EIO, lunl_fd_restore(&self->l, "bad-dup", 2, 0, &fd, NULL));
	EXPECT_EQ(0, lunl_session_finish(&self->l, "bad-dup", 1));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "bad-dup", &self->s));

	/*
	 * Damaged records: listed, unrecoverable, finished only with
	 * discard (LUO still holds files nobody can see).
	 */
	for (i = 0; i < ARRAY_SIZE(damaged); i++) {
		ASSERT_EQ(0, lunl_session_get(&self->l, damaged[i][0], &self->s));
		EXPECT_EQ(LIVEUPDATE_NL_STATE_UNRECOVERABLE, self->s.state);
		EXPECT_EQ(0, self->s.fd_count);
		EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, damaged[i][0], 0));
		EXPECT_STREQ("the session is unrecoverable: finish with discard",
			     self->l.extack);
		EXPECT_EQ(0, lunl_session_finish(&self->l, damaged[i][0], 1));
		EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, damaged[i][0],
						    &self->s));
	}
}

TEST_HARNESS_MAIN
