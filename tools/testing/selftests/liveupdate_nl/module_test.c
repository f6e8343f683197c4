// SPDX-License-Identifier: GPL-2.0
/*
 * A file handler loaded as a module after boot finds its files.
 *
 * The family reads the previous kernel's sessions at its first request,
 * not at boot, so a handler that is a module (the test file type,
 * lunl_test_type.ko) and is loaded before that request finds the files
 * it handles. stage1_carry leaves a session live with a test file whose
 * value is fresh every run (and is also the session's user data), and
 * asks the next kernel's init not to load the module (lunl.nomod in
 * /tmp/next-cmdline). In that kernel, stage2_load_then_restore runs
 * before any other request to the family: the module is not loaded,
 * the test loads it, and the file is restored with its value; twice,
 * as a restore may be repeated until finish; then the session is
 * finished.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_test_type.h"
#include "kselftest_harness.h"

#define SESSION	"module-carry"
#define MODULE	"/boot/lunl_test_type.ko"
#define TOKEN	7

static struct lunl_session_info s;

TEST(stage1_carry)
{
	struct lunl l;
	uint64_t value;
	FILE *next;
	int t;

	ASSERT_EQ(sizeof(value), getrandom(&value, sizeof(value), 0));
	ASSERT_EQ(0, lunl_open(&l));
	t = lunl_test_new_file(-1, value);
	ASSERT_GE(t, 0);
	ASSERT_EQ(0, lunl_session_new_data(&l, SESSION, 0, &value,
					   sizeof(value), NULL));
	ASSERT_EQ(0, lunl_fd_add(&l, SESSION, t, TOKEN)) {
		TH_LOG("fd-add: %s", l.extack);
	}
	close(t);
	/* The next kernel leaves the module to stage2_load_then_restore. */
	next = fopen("/tmp/next-cmdline", "a");
	ASSERT_NE(NULL, next);
	fprintf(next, " lunl.nomod");
	ASSERT_EQ(0, fclose(next));
	TH_LOG("session %s carries a test file of value %#llx", SESSION,
	       (unsigned long long)value);
	lunl_close(&l);
}

TEST(stage2_load_then_restore)
{
	struct lunl_test_info info;
	struct lunl_fd_info fi;
	uint64_t value;
	struct stat st;
	int mod, fd, i;
	struct lunl l;

	/* init.sh left the module alone; nothing has asked the family yet. */
	ASSERT_EQ(-1, stat("/sys/module/lunl_test_type", &st));
	ASSERT_EQ(ENOENT, errno);
	mod = open(MODULE, O_RDONLY | O_CLOEXEC);
	ASSERT_GE(mod, 0);
	ASSERT_EQ(0, syscall(SYS_finit_module, mod, "", 0)) {
		TH_LOG("finit_module: %s", strerror(errno));
	}
	close(mod);
	ASSERT_EQ(0, stat("/sys/module/lunl_test_type", &st));

	/* The first request reads the session, with the handler there. */
	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_session_get(&l, SESSION, &s)) {
		TH_LOG("session-get: %s", l.extack);
	}
	ASSERT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	ASSERT_EQ(sizeof(value), s.data_len);
	memcpy(&value, s.data, sizeof(value));
	ASSERT_EQ(1, s.nfds);
	EXPECT_EQ(TOKEN, s.fds[0].token);
	EXPECT_STREQ(LUNL_TEST_COMPATIBLE, s.fds[0].compatible);
	EXPECT_NE(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE, s.fds[0].state);
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, lunl_fd_restore(&l, SESSION, TOKEN, 0, &fd, &fi)) {
			TH_LOG("fd-restore %d: %s", i + 1, l.extack);
		}
		ASSERT_EQ(0, lunl_test_info(fd, &info));
		EXPECT_EQ(value, info.value);
		EXPECT_EQ(0, info.dep_id);
		close(fd);
	}
	ASSERT_EQ(0, lunl_session_finish(&l, SESSION, 0)) {
		TH_LOG("session-finish: %s", l.extack);
	}
	EXPECT_EQ(-ENOENT, lunl_session_get(&l, SESSION, &s));
	TH_LOG("the module loaded after boot restored value %#llx twice",
	       (unsigned long long)value);
	lunl_close(&l);
}

TEST_HARNESS_MAIN
