// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege: without CAP_SYS_ADMIN in the initial user namespace every
 * operation, every dump and the monitor group are refused; in another
 * network namespace the family does not exist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define NOPERM "live update needs CAP_SYS_ADMIN in the initial user namespace"

/* Every request must fail with EPERM and the message; returns failures. */
static int all_refused(struct __test_metadata *_metadata)
{
	struct lunl_session_info s;
	struct lunl_fd_info f;
	struct lunl l;
	int fd, m;

	ASSERT_EQ(0, lunl_open(&l));
	m = memfd_create("priv", MFD_CLOEXEC);
	ASSERT_GE(m, 0);
#define REFUSED(call) do {					\
		EXPECT_EQ(-EPERM, (call));			\
		EXPECT_STREQ(NOPERM, l.extack);			\
	} while (0)
	REFUSED(lunl_session_new(&l, "priv", 0, NULL));
	REFUSED(lunl_session_del(&l, "priv"));
	REFUSED(lunl_session_get(&l, "priv", &s));
	REFUSED(lunl_session_dump(&l, &s, 1));
	REFUSED(lunl_session_finish(&l, "priv", 1));
	REFUSED(lunl_fd_add(&l, "priv", m, 1));
	REFUSED(lunl_fd_del(&l, "priv", 1));
	REFUSED(lunl_fd_get(&l, "priv", 1, &f));
	REFUSED(lunl_fd_dump(&l, "priv", &f, 1));
	REFUSED(lunl_fd_restore(&l, "priv", 1, 0, &fd, NULL));
	REFUSED(lunl_freeze(&l, NULL));
	REFUSED(lunl_unfreeze(&l, NULL));
	REFUSED(lunl_status(&l, NULL));
	EXPECT_EQ(-EPERM, lunl_monitor(&l));
	lunl_close(&l);
	close(m);
	return 0;
}

/* Run fn in a child that first drops privilege with drop. */
static void in_child(struct __test_metadata *_metadata, int (*drop)(void),
		     int (*fn)(struct __test_metadata *))
{
	pid_t pid = fork();
	int status;

	ASSERT_GE(pid, 0);
	if (!pid) {
		if (drop())
			_exit(2);
		_exit(fn(_metadata) ?: _metadata->exit_code);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

static int drop_to_nobody(void)
{
	return setgid(65534) || setuid(65534);
}

static int new_userns(void)
{
	return unshare(CLONE_NEWUSER);
}

static int new_userns_netns(void)
{
	return unshare(CLONE_NEWUSER | CLONE_NEWNET);
}

/* In another network namespace the family is not there at all. */
static int family_absent(struct __test_metadata *_metadata)
{
	struct lunl l;

	return lunl_open(&l) == -ENOENT ? 0 : 1;
}

TEST(unprivileged_user)
{
	in_child(_metadata, drop_to_nobody, all_refused);
}

TEST(root_in_user_namespace)
{
	in_child(_metadata, new_userns, all_refused);
}

TEST(root_in_user_and_net_namespace)
{
	in_child(_metadata, new_userns_netns, family_absent);
}

TEST_HARNESS_MAIN
