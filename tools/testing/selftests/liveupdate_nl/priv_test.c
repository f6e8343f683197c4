// SPDX-License-Identifier: GPL-2.0
/*
 * Privilege: every operation and dump is flagged admin-perm, so genetlink
 * refuses it without CAP_NET_ADMIN in the initial user namespace; the
 * family then refuses it without CAP_SYS_ADMIN there, or from another
 * network namespace. Joining the monitor group needs CAP_SYS_ADMIN, and
 * a monitor in another network namespace receives nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define NO_NET_ADMIN \
	"operation requires CAP_NET_ADMIN in the initial user namespace"
#define NO_SYS_ADMIN \
	"live update needs CAP_SYS_ADMIN in the initial user namespace"
#define OTHER_NETNS \
	"live update is reachable from the initial network namespace only"

/* What the child expects: each request's message, joining's result. */
static const char *want_msg;
static int want_join;

/*
 * Every request must fail with EPERM and want_msg, and joining the
 * monitor group must return want_join; returns failures.
 */
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
		EXPECT_STREQ(want_msg, l.extack);		\
	} while (0)
	REFUSED(lunl_session_new(&l, "priv", 0, NULL));
	REFUSED(lunl_session_set(&l, "priv", "x", 1, NULL));
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
	EXPECT_EQ(want_join, lunl_monitor(&l));
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

/* Root keeps every capability but CAP_SYS_ADMIN. */
static int drop_sys_admin(void)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[CAP_TO_INDEX(CAP_SYS_ADMIN)].effective &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	d[CAP_TO_INDEX(CAP_SYS_ADMIN)].permitted &= ~CAP_TO_MASK(CAP_SYS_ADMIN);
	return syscall(SYS_capset, &h, d);
}

TEST(unprivileged_user)
{
	want_msg = NO_NET_ADMIN;
	want_join = -EPERM;
	in_child(_metadata, drop_to_nobody, all_refused);
}

TEST(root_in_user_namespace)
{
	want_msg = NO_NET_ADMIN;
	want_join = -EPERM;
	in_child(_metadata, new_userns, all_refused);
}

/*
 * Its own user namespace lets it join the group of its own network
 * namespace, where nothing is sent (other_netns_monitor_hears_nothing).
 */
TEST(root_in_user_and_net_namespace)
{
	want_msg = NO_NET_ADMIN;
	want_join = 0;
	in_child(_metadata, new_userns_netns, all_refused);
}

TEST(net_admin_without_sys_admin)
{
	want_msg = NO_SYS_ADMIN;
	want_join = -EPERM;
	in_child(_metadata, drop_sys_admin, all_refused);
}

/* Host root, from another network namespace. */
static int new_netns(void)
{
	return unshare(CLONE_NEWNET);
}

TEST(root_in_net_namespace)
{
	want_msg = OTHER_NETNS;
	want_join = 0;
	in_child(_metadata, new_netns, all_refused);
}

/*
 * A monitor in another network namespace hears nothing of a change that
 * one in the initial namespace hears.
 */
TEST(other_netns_monitor_hears_nothing)
{
	int ready[2], done[2], status;
	struct lunl_event ev;
	struct lunl l, mon;
	pid_t pid;
	char c;

	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		struct lunl other;
		int err;

		close(ready[0]);
		close(done[1]);
		if (unshare(CLONE_NEWNET) || lunl_open(&other) ||
		    lunl_monitor(&other))
			_exit(2);
		if (write(ready[1], "r", 1) != 1 || read(done[0], &c, 1) != 1)
			_exit(3);
		err = lunl_next_event(&other, &ev, 500);
		_exit(err == -ETIMEDOUT ? 0 : 4);
	}
	/* Each end in one process only: an exit is seen as EOF. */
	close(ready[1]);
	close(done[0]);
	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(0, lunl_session_new(&l, "priv-netns", 0, NULL));
	ASSERT_EQ(0, lunl_session_del(&l, "priv-netns"));
	/* The initial namespace heard it: the change was multicast. */
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 5000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_NEW_NTF, ev.cmd);
	ASSERT_EQ(1, write(done[1], "d", 1));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	lunl_close(&mon);
	lunl_close(&l);
}

TEST_HARNESS_MAIN
