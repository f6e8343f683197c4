// SPDX-License-Identifier: GPL-2.0
/*
 * luctl: every subcommand's text output and parsed JSON, its error paths
 * and exit codes, and a monitor seeing what another process does.
 * Stage 1 also leaves a session that stage 2 restores through luctl.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "liveupdate-nl.h"
#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define LUCTL		"/bin/luctl"
#define CARRY		"luctl-carry"
#define CARRY_SIZE	(2 * 4096 + 77)
#define CARRY_SEED	0x77aa

/* argv: LUCTL, then args (NULL-terminated, at most 30). */
static void luctl_argv(const char **argv, const char *const *args)
{
	int i;

	argv[0] = LUCTL;
	for (i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
}

/* Run luctl with args (NULL-terminated); uid >= 0 drops to that user. */
static int luctl_as(struct lunl_run *r, int uid, const char *const *args)
{
	const char *argv[32];

	luctl_argv(argv, args);
	return lunl_run_as(r, uid, argv);
}

#define LUCTL_RUN(r, ...) luctl_as(r, -1, (const char *const[]){ __VA_ARGS__, NULL })

/* luctl with args and no descriptor to spare: it cannot open a socket. */
static int luctl_nofile(struct lunl_run *r, const char *const *args)
{
	const char *argv[32];

	luctl_argv(argv, args);
	return lunl_run_limited(r, -1, 3, argv);
}

/*
 * luctl with args in the background, its stdout at out[0]: its pid, or
 * -1.
 */
static pid_t luctl_spawn(int out[2], const char *const *args)
{
	const char *argv[32];
	pid_t pid;

	luctl_argv(argv, args);
	if (pipe(out))
		return -1;
	pid = fork();
	if (!pid) {
		dup2(out[1], 1);
		execv(LUCTL, (char **)argv);
		_exit(98);
	}
	close(out[1]);
	return pid;
}

#define LUCTL_NOFILE(r, ...) luctl_nofile(r, (const char *const[]){ __VA_ARGS__, NULL })
#define LUCTL_AS(r, uid, ...) luctl_as(r, uid, (const char *const[]){ __VA_ARGS__, NULL })

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static uint64_t jnum(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_uint64(v) : ~0ULL;
}

static struct json_object *jsession(struct json_object *arr, const char *name)
{
	size_t i;

	for (i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);

		if (!strcmp(jstr(o, "name"), name))
			return o;
	}
	return NULL;
}

TEST(session_text_and_json)
{
	struct json_object *arr, *s, *fds;
	struct lunl_run r;
	char fdarg[16];
	int m;

	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-a"));
	EXPECT_STREQ("session lc-a outgoing live fds 0 bytes 0 pages 0\n", r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "session", "add", "lc-b"));
	s = json_tokener_parse(r.out);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("lc-b", jstr(s, "name"));
	EXPECT_STREQ("outgoing", jstr(s, "direction"));
	EXPECT_STREQ("live", jstr(s, "state"));
	json_object_put(s);

	/* A memfd without close-on-exec is inherited by luctl as fd m. */
	m = memfd_create("lc", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, 12345, 5));
	snprintf(fdarg, sizeof(fdarg), "%d", m);
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "add", "lc-a", "42", "--fd", fdarg));
	EXPECT_STREQ("", r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "show", "lc-a"));
	EXPECT_STREQ("session lc-a outgoing live fds 1 bytes 12345 pages 4\n"
		     "    fd token 42 memfd-v2 size 12345 preserved\n", r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "show", "lc-a"));
	EXPECT_STREQ("fd session lc-a token 42 memfd-v2 size 12345 preserved\n", r.out);

	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "session", "show"));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	s = jsession(arr, "lc-a");
	ASSERT_NE(NULL, s);
	EXPECT_EQ(1, jnum(s, "fd_count"));
	EXPECT_EQ(12345, jnum(s, "bytes"));
	ASSERT_TRUE(json_object_object_get_ex(s, "fds", &fds));
	ASSERT_EQ(1, json_object_array_length(fds));
	EXPECT_EQ(42, jnum(json_object_array_get_idx(fds, 0), "token"));
	EXPECT_STREQ("preserved", jstr(json_object_array_get_idx(fds, 0), "state"));
	EXPECT_NE(NULL, jsession(arr, "lc-b"));
	json_object_put(arr);

	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "fd", "show", "lc-a", "42"));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	EXPECT_STREQ("lc-a", jstr(json_object_array_get_idx(arr, 0), "session"));
	EXPECT_EQ(12345, jnum(json_object_array_get_idx(arr, 0), "size"));
	json_object_put(arr);

	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "del", "lc-a", "42"));
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-a"));
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-b"));
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "show", "lc-a"));
	EXPECT_STREQ("luctl: session show: No such file or directory: no session of that name (attribute name)\n",
		     r.err);
	close(m);
}

TEST(adopt_by_pid)
{
	struct json_object *arr;
	char pidarg[16], fdarg[16];
	int p[2], m;
	struct lunl_run r;
	pid_t holder;

	ASSERT_EQ(0, pipe(p));
	holder = fork();
	ASSERT_GE(holder, 0);
	if (!holder) {
		int fd = memfd_create("held", MFD_CLOEXEC);

		lunl_memfd_fill(fd, 777, 6);
		if (write(p[1], &fd, sizeof(fd)) != sizeof(fd))
			_exit(1);
		for (;;)
			pause();
	}
	ASSERT_EQ(sizeof(m), read(p[0], &m, sizeof(m)));
	snprintf(pidarg, sizeof(pidarg), "%d", holder);
	snprintf(fdarg, sizeof(fdarg), "%d", m);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-pid"));
	EXPECT_EQ(0, LUCTL_RUN(&r, "fd", "add", "lc-pid", "1", "--pid", pidarg,
			       "--fd", fdarg));
	EXPECT_STREQ("", r.err);
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "fd", "show", "lc-pid"));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	EXPECT_EQ(777, jnum(json_object_array_get_idx(arr, 0), "size"));
	json_object_put(arr);
	EXPECT_EQ(5, LUCTL_RUN(&r, "fd", "add", "lc-pid", "2", "--pid", pidarg,
			       "--fd", "900"));
	EXPECT_EQ(0, strncmp(r.err, "luctl: fd 900 of pid ", 21));
	EXPECT_NE(NULL, strstr(r.err, ": Bad file descriptor\n"));
	kill(holder, SIGKILL);
	waitpid(holder, NULL, 0);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-pid"));
}

TEST(status_freeze_unfreeze)
{
	struct json_object *o;
	struct lunl_run r;
	int64_t before;

	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "status"));
	o = json_tokener_parse(r.out);
	ASSERT_NE(NULL, o);
	before = jnum(o, "record_size");
	json_object_put(o);
	ASSERT_GE(before, 0);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-frz"));
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "freeze"));
	o = json_tokener_parse(r.out);
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("frozen", jstr(o, "state"));
	EXPECT_GE(jnum(o, "sessions"), 1);
	/* What was there, and this session's 48-byte record header. */
	EXPECT_EQ(before + 48, jnum(o, "record_size"));
	EXPECT_EQ(4 << 20, jnum(o, "record_max"));
	json_object_put(o);
	ASSERT_EQ(0, LUCTL_RUN(&r, "status"));
	EXPECT_EQ(0, strncmp(r.out, "state frozen sessions ", 22));
	/* Frozen: mutations are refused with the kernel's message. */
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "add", "lc-late"));
	EXPECT_STREQ("luctl: session add: Device or resource busy: sessions are frozen: unfreeze before creating a session\n",
		     r.err);
	ASSERT_EQ(0, LUCTL_RUN(&r, "unfreeze"));
	EXPECT_EQ(0, strncmp(r.out, "state live sessions ", 20));
	EXPECT_EQ(1, LUCTL_RUN(&r, "unfreeze"));
	EXPECT_STREQ("luctl: unfreeze: Invalid argument: sessions are not frozen\n", r.err);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-frz"));
}

TEST(errors_and_exit_codes)
{
	char name[80];
	struct lunl_run r;

	EXPECT_EQ(2, LUCTL_RUN(&r, "bogus"));
	EXPECT_STREQ("luctl: unknown object 'bogus'\nTry 'luctl --help'.\n", r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "session", "add"));
	EXPECT_EQ(2, LUCTL_RUN(&r, "fd", "del", "s", "notanumber"));
	EXPECT_STREQ("luctl: bad token 'notanumber'\nTry 'luctl --help'.\n", r.err);
	/* Numbers are numbers. */
	EXPECT_EQ(2, LUCTL_RUN(&r, "fd", "add", "s", "1", "--fd", "x"));
	EXPECT_STREQ("luctl: bad descriptor number 'x'\nTry 'luctl --help'.\n", r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "fd", "add", "s", "1", "--fd", "3", "--pid", "abc"));
	EXPECT_STREQ("luctl: bad pid 'abc'\nTry 'luctl --help'.\n", r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "--rcvbuf", "-5", "monitor"));
	EXPECT_STREQ("luctl: bad receive buffer size '-5'\nTry 'luctl --help'.\n", r.err);
	EXPECT_EQ(0, LUCTL_RUN(&r, "-V"));
	EXPECT_STREQ("luctl 0.3.0\n", r.out);
	/* Help per object. */
	EXPECT_EQ(0, LUCTL_RUN(&r, "fd", "help"));
	EXPECT_EQ(0, strncmp(r.out, "  luctl fd add ", strlen("  luctl fd add ")));
	EXPECT_EQ(NULL, strstr(r.out, "luctl session"));
	EXPECT_EQ(0, LUCTL_RUN(&r, "help", "session"));
	EXPECT_EQ(0, strncmp(r.out, "  luctl session add ", strlen("  luctl session add ")));
	/*
	 * The command line is checked before the socket opens: with no
	 * descriptor for a socket, a bad one is still exit 2; a good one
	 * cannot reach the family, exit 3, and says why.
	 */
	EXPECT_EQ(2, LUCTL_NOFILE(&r, "session", "add"));
	EXPECT_EQ(2, LUCTL_NOFILE(&r, "fd", "add", "s", "1", "--fd", "x"));
	EXPECT_EQ(5, LUCTL_NOFILE(&r, "status"));
	EXPECT_STREQ("luctl: cannot open a netlink socket: Too many open files\n",
		     r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "fd", "restore", "s", "1=4", "2=4", "--", "/bin/true"));
	EXPECT_STREQ("luctl: descriptor 4 given to two files\nTry 'luctl --help'.\n",
		     r.err);
	EXPECT_EQ(126, LUCTL_NOFILE(&r, "fd", "restore", "s", "1", "--", "/tmp"));
	/* fd restore finds the command first: 127, nothing asked of the kernel. */
	EXPECT_EQ(127, LUCTL_NOFILE(&r, "fd", "restore", "s", "1", "--",
				    "/bin/no-such-command"));
	EXPECT_STREQ("luctl: fd restore: /bin/no-such-command: command not found; nothing restored\n",
		     r.err);
	EXPECT_EQ(0, LUCTL_RUN(&r, "--help"));
	EXPECT_EQ(0, strncmp(r.out, "Usage: luctl", 12));

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "add", name));
	EXPECT_STREQ("luctl: session add: Invalid argument: Attribute failed policy validation (attribute name, at most 63 bytes)\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "add", ""));
	EXPECT_STREQ("luctl: session add: Invalid argument: session name must not be empty (attribute name)\n",
		     r.err);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-err"));
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "del", "lc-err", "999"));
	EXPECT_STREQ("luctl: fd del: No such file or directory: the session has no file with token 999 (attribute token)\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "add", "lc-err", "1", "--fd", "1000"));
	EXPECT_STREQ("luctl: fd add: Bad file descriptor: fd 1000 is not an open file descriptor\n",
		     r.err);

	/* No privilege: exit 4 and the kernel's message. */
	EXPECT_EQ(4, LUCTL_AS(&r, 65534, "session", "show"));
	EXPECT_STREQ("luctl: session show: Operation not permitted: operation requires CAP_NET_ADMIN in the initial user namespace\n",
		     r.err);
	EXPECT_EQ(4, LUCTL_AS(&r, 65534, "freeze"));
	EXPECT_STREQ("luctl: freeze: Operation not permitted: operation requires CAP_NET_ADMIN in the initial user namespace\n",
		     r.err);
	EXPECT_EQ(4, LUCTL_AS(&r, 65534, "monitor"));
	EXPECT_STREQ("luctl: monitor: Operation not permitted\n", r.err);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-err"));
}

TEST(labels_and_user_data)
{
	char fdarg[16], big[LIVEUPDATE_NL_USER_DATA_MAX + 2];
	char label[LIVEUPDATE_NL_LABEL_MAX + 2];
	struct json_object *arr, *o;
	struct lunl_run r;
	int m;

	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-ud", "data", "vm-1 config"));
	EXPECT_STREQ("session lc-ud outgoing live fds 0 bytes 0 pages 0 data \"vm-1 config\"\n",
		     r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "session", "show", "lc-ud"));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	/* Raw bytes in JSON, hex encoded. */
	EXPECT_STREQ("766d2d3120636f6e666967", jstr(jsession(arr, "lc-ud"), "user_data"));
	json_object_put(arr);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "set", "lc-ud", "data-hex", "00ff10"));
	EXPECT_STREQ("session lc-ud outgoing live fds 0 bytes 0 pages 0 data-hex 00ff10\n",
		     r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "session", "set", "lc-ud", "data-hex", "00FF11"));
	o = json_tokener_parse(r.out);
	ASSERT_NE(NULL, o);
	EXPECT_STREQ("00ff11", jstr(o, "user_data"));
	json_object_put(o);
	EXPECT_EQ(2, LUCTL_RUN(&r, "session", "set", "lc-ud", "data-hex", "0g"));
	EXPECT_STREQ("luctl: data-hex needs text, or hex digits in pairs\nTry 'luctl --help'.\n",
		     r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "session", "set", "lc-ud"));
	memset(big, 'd', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	EXPECT_EQ(2, LUCTL_RUN(&r, "session", "set", "lc-ud", "data", big));
	EXPECT_STREQ("luctl: user data is 4097 bytes, at most 4096\nTry 'luctl --help'.\n",
		     r.err);

	m = memfd_create("lc-lbl", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, 5000, 9));
	snprintf(fdarg, sizeof(fdarg), "%d", m);
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "add", "lc-ud", "1", "--fd", fdarg,
			       "--label", "/var/lib/vm/ram0"));
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "show", "lc-ud", "--label", "/var/lib/vm/ram0"));
	EXPECT_STREQ("fd session lc-ud token 1 memfd-v2 size 5000 preserved label /var/lib/vm/ram0\n",
		     r.out);
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "fd", "show", "lc-ud"));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	EXPECT_STREQ("/var/lib/vm/ram0", jstr(json_object_array_get_idx(arr, 0), "label"));
	json_object_put(arr);

	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "add", "lc-ud", "2", "--fd", fdarg,
			       "--label", "/var/lib/vm/ram0"));
	EXPECT_STREQ("luctl: fd add: File exists: that label is already in this session: use another label\n",
		     r.err);
	lunl_make_label(label, LIVEUPDATE_NL_LABEL_MAX + 1, 0);
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "add", "lc-ud", "2", "--fd", fdarg,
			       "--label", label));
	EXPECT_STREQ("luctl: fd add: Invalid argument: Attribute failed policy validation (attribute label, at most 255 bytes)\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "del", "lc-ud", "--label", "nope"));
	EXPECT_STREQ("luctl: fd del: No such file or directory: the session has no file with that label (attribute label)\n",
		     r.err);
	EXPECT_EQ(2, LUCTL_RUN(&r, "fd", "del", "lc-ud", "1", "--label", "x"));
	EXPECT_EQ(0, LUCTL_RUN(&r, "fd", "del", "lc-ud", "--label", "/var/lib/vm/ram0"));
	EXPECT_EQ(0, LUCTL_RUN(&r, "fd", "show", "lc-ud"));
	EXPECT_STREQ("", r.out);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-ud"));
	close(m);
}

TEST(monitor_sees_another_process)
{
	int out[2], i, n = 0;
	char buf[4096];
	const char *lines[3];
	struct pollfd p;
	struct lunl_run r;
	pid_t mon;

	mon = luctl_spawn(out, (const char *const[]){ "-j", "monitor", NULL });
	ASSERT_GE(mon, 0);
	/* Let the monitor join before anything happens. */
	usleep(500 * 1000);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-mon"));
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "del", "lc-mon"));

	p.fd = out[0];
	p.events = POLLIN;
	memset(buf, 0, sizeof(buf));
	while (n < (int)sizeof(buf) - 1 && poll(&p, 1, 3000) > 0) {
		ssize_t k = read(out[0], buf + n, sizeof(buf) - 1 - n);

		if (k <= 0)
			break;
		n += k;
		if (strstr(buf, "session-del"))
			break;
	}
	kill(mon, SIGTERM);
	waitpid(mon, NULL, 0);

	lines[0] = strtok(buf, "\n");
	lines[1] = strtok(NULL, "\n");
	lines[2] = strtok(NULL, "\n");
	ASSERT_NE(NULL, lines[0]);
	ASSERT_NE(NULL, lines[1]);
	EXPECT_EQ(NULL, lines[2]);
	for (i = 0; i < 2; i++) {
		struct json_object *o = json_tokener_parse(lines[i]);

		ASSERT_NE(NULL, o);
		EXPECT_STREQ(i ? "session-del" : "session-new", jstr(o, "event"));
		EXPECT_STREQ("lc-mon", jstr(o, "name"));
		json_object_put(o);
	}
}

/* Read @fd into @buf (from @n) until @want appears after @from, or 20 s. */
static int read_until(int fd, char *buf, int size, int n, int from,
		      const char *want)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	while (!strstr(buf + from, want) && n < size - 1 &&
	       poll(&p, 1, 20000) > 0) {
		ssize_t k = read(fd, buf + n, size - 1 - n);

		if (k <= 0)
			break;
		n += k;
		buf[n] = '\0';
	}
	return n;
}

/*
 * A monitor whose socket overruns says how many events it lost, dumps the
 * state again and goes on: luctl --rcvbuf 4096 monitor --dump (which
 * starts with the state), stopped while a session gets 64 files.
 */
TEST(monitor_overrun_resyncs)
{
	static char buf[1 << 16];
	const char *over, *dump, *after;
	int out[2], i, m, n = 0;
	long long lost = 0;
	struct lunl l;
	pid_t mon;

	mon = luctl_spawn(out, (const char *const[]){ "--rcvbuf", "4096",
						      "monitor", "--dump", NULL });
	ASSERT_GE(mon, 0);
	buf[0] = '\0';
	/* --dump prints the state once the monitor has joined. */
	n = read_until(out[0], buf, sizeof(buf), 0, 0, "[dump] state ");
	EXPECT_NE(NULL, strstr(buf, "[dump] state live "));
	kill(mon, SIGSTOP);
	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_session_new(&l, "lc-ovr", 0, NULL));
	for (i = 1; i <= 64; i++) {
		m = memfd_create("ovr", 0);
		ASSERT_GE(m, 0);
		ASSERT_EQ(0, ftruncate(m, 4096));
		ASSERT_EQ(0, lunl_fd_add(&l, "lc-ovr", m, i));
		close(m);
	}
	kill(mon, SIGCONT);
	/* The resync's dump ends with the state; then one more change. */
	i = n;
	n = read_until(out[0], buf, sizeof(buf), n, i, "[overrun]");
	over = strstr(buf + i, "[overrun]");
	n = read_until(out[0], buf, sizeof(buf), n, over ? over - buf : n,
		       "[dump] state ");
	ASSERT_EQ(0, lunl_session_new(&l, "lc-ovr-after", 0, NULL));
	n = read_until(out[0], buf, sizeof(buf), n, 0,
		       "[session-new] session lc-ovr-after ");
	kill(mon, SIGTERM);
	waitpid(mon, NULL, 0);
	close(out[0]);
	EXPECT_EQ(0, lunl_session_del(&l, "lc-ovr"));
	EXPECT_EQ(0, lunl_session_del(&l, "lc-ovr-after"));
	lunl_close(&l);

	ASSERT_NE(NULL, over) {
		TH_LOG("monitor output: %s", buf);
	}
	ASSERT_EQ(1, sscanf(over, "[overrun] lost %lld events", &lost));
	EXPECT_GT(lost, 0);
	TH_LOG("%.*s", (int)strcspn(over, "\n"), over);
	dump = strstr(over, "[dump] session lc-ovr outgoing live fds 64 ");
	ASSERT_NE(NULL, dump) {
		TH_LOG("monitor output: %s", buf);
	}
	EXPECT_NE(NULL, strstr(dump, "[dump] state live "));
	after = strstr(dump, "[session-new] session lc-ovr-after ");
	EXPECT_NE(NULL, after) {
		TH_LOG("monitor output: %s", buf);
	}
}

/*
 * luctl --DIR -j session show NAME lists NAME in direction DIR with FDS
 * files: 0, or what differs.
 */
static int jshow_dir(const char *dir, const char *name, uint64_t fds)
{
	struct json_object *arr, *s;
	char opt[16];
	struct lunl_run r;
	int bad;

	snprintf(opt, sizeof(opt), "--%s", dir);
	if (LUCTL_RUN(&r, opt, "-j", "session", "show", name))
		return -1;
	arr = json_tokener_parse(r.out);
	s = jsession(arr, name);
	bad = !s ? -2 : strcmp(dir, jstr(s, "direction")) ? -3 :
	      jnum(s, "fd_count") != fds ? -4 : 0;
	json_object_put(arr);
	return bad;
}

/*
 * libliveupdate-nl as an adopter gets it: vmtest.sh installed it into a
 * DESTDIR and built its example (tools/liveupdate/lib/example.c) with
 * pkg-config --cflags --libs liveupdate-nl; the example runs here on the
 * shared library from that DESTDIR and the host's libnl.
 */
TEST(library_example)
{
	const char *argv[] = { "/tests/liveupdate-nl-example", "lib-example",
			       NULL };
	struct lunl_run *r = calloc(1, sizeof(*r));
	struct lunl l;

	ASSERT_NE(NULL, r);
	ASSERT_EQ(0, setenv("LD_LIBRARY_PATH", "/tests/lib", 1));
	EXPECT_EQ(0, lunl_run_as(r, -1, argv));
	unsetenv("LD_LIBRARY_PATH");
	EXPECT_STREQ("", r->err);
	EXPECT_STREQ("session lib-example: 1 files, 18 bytes\n"
		     "  file token 1 label state size 18 memfd-v2\n"
		     "fd-get: No such file or directory: the session has no file with token 7, attribute token\n"
		     "done\n", r->out);
	/* It cleaned up after itself. */
	ASSERT_EQ(0, lunl_open(&l));
	EXPECT_EQ(-ENOENT, lunl_session_del(&l, "lib-example"));
	lunl_close(&l);
	free(r);
}

/* Within an iteration, a request on the same handle: refused. */
static int nested_request(const struct liveupdate_nl_session *s, void *arg)
{
	struct liveupdate_nl_session *got = NULL;
	int err;

	err = liveupdate_nl_session_get(arg, "lib-busy", &got);
	liveupdate_nl_session_free(got);
	return err;
}

/*
 * A handle that monitors and makes requests loses no event: those that
 * arrive while a request waits for its reply are kept for the monitor.
 */
TEST(library_monitor_and_request)
{
	struct lunl_event ev;
	struct lunl l;

	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_monitor(&l));
	ASSERT_EQ(0, lunl_session_new(&l, "lib-mon", 0, NULL));
	ASSERT_EQ(0, lunl_session_del(&l, "lib-mon"));
	ASSERT_EQ(0, lunl_next_event(&l, &ev, 5000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_NEW_NTF, ev.cmd);
	EXPECT_STREQ("lib-mon", ev.session.name);
	ASSERT_EQ(0, lunl_next_event(&l, &ev, 5000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, ev.cmd);
	EXPECT_STREQ("lib-mon", ev.session.name);
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&l, &ev, 0));

	ASSERT_EQ(0, lunl_session_new(&l, "lib-busy", 0, NULL));
	EXPECT_EQ(-EBUSY, liveupdate_nl_session_foreach(l.h, nested_request,
							l.h));
	/* The dump was read to its end: the handle works on. */
	EXPECT_EQ(0, lunl_session_del(&l, "lib-busy"));
	lunl_close(&l);
}

TEST(stage1_carry)
{
	char fdarg[16];
	struct lunl_run r;
	int m;

	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", CARRY, "data", "agent=luctl_test"));
	m = memfd_create("carry", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, CARRY_SIZE, CARRY_SEED));
	snprintf(fdarg, sizeof(fdarg), "%d", m);
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "add", CARRY, "1", "--fd", fdarg));
	close(m);
	m = memfd_create("carry2", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, CARRY_SIZE, CARRY_SEED + 1));
	snprintf(fdarg, sizeof(fdarg), "%d", m);
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "add", CARRY, "2", "--fd", fdarg,
			       "--label", "carry two"));
	close(m);
}

/* Two sessions for stage 2's expiry: one will be claimed, one not. */
TEST(stage1_expire_setup)
{
	const char *names[] = { "lc-claimed", "lc-unclaimed" };
	char fdarg[16];
	struct lunl_run r;
	int i, m;

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", names[i]));
		m = memfd_create(names[i], 0);
		ASSERT_GE(m, 0);
		ASSERT_EQ(0, lunl_memfd_fill(m, CARRY_SIZE, CARRY_SEED));
		snprintf(fdarg, sizeof(fdarg), "%d", m);
		ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "add", names[i], "1", "--fd", fdarg));
		close(m);
	}
}

/*
 * luctl session expire AGE: an incoming session nobody claimed is
 * discarded once AGE has passed since boot, not before; one with a
 * restored file is kept.
 */
/*
 * Several files restored in one request, all or none: a session of five
 * labelled memfds whose content comes from a seed drawn now and kept in
 * the session's user data.
 */
#define BATCH		"lc-batch"
#define BATCH_FILES	5
#define BATCH_SIZE(t)	(4096 * (t) + (t))

TEST(stage1_batch_setup)
{
	char label[8];
	uint64_t seed;
	struct lunl l;
	int m, t;

	ASSERT_EQ(sizeof(seed), getrandom(&seed, sizeof(seed), 0));
	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_session_new_data(&l, BATCH, 0, &seed, sizeof(seed),
					   NULL));
	for (t = 1; t <= BATCH_FILES; t++) {
		m = memfd_create("batch", 0);
		ASSERT_GE(m, 0);
		ASSERT_EQ(0, lunl_memfd_fill(m, BATCH_SIZE(t), seed + t));
		snprintf(label, sizeof(label), "b%d", t);
		ASSERT_EQ(0, lunl_fd_add_label(&l, BATCH, m, t, label));
		close(m);
	}
	lunl_close(&l);
}

/* Descriptors open in this process. */
static int open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += e->d_name[0] != '.';
	if (d)
		closedir(d);
	return n;
}

/* Every file of BATCH in state @state. */
static int batch_state(struct lunl *l, uint32_t state)
{
	struct lunl_fd_info f;
	int t;

	for (t = 1; t <= BATCH_FILES; t++)
		if (lunl_fd_get(l, BATCH, t, &f) || f.state != state)
			return -t;
	return 0;
}

TEST(stage2_batch_restore)
{
	const char *labels[BATCH_FILES] = { NULL, "b2", NULL, "b4", "b5" };
	const uint64_t bad[] = { 1, 2, 999 }, twice[] = { 3, 3 };
	uint64_t tokens[BATCH_FILES] = { 1, 0, 3, 0, 0 }, again[] = { 5, 4 };
	int fds[BATCH_FILES], failed, n0, t;
	struct lunl_session_info *s;
	uint64_t seed;
	struct lunl l;

	s = calloc(1, sizeof(*s));
	ASSERT_NE(NULL, s);
	ASSERT_EQ(0, lunl_open(&l));
	lunl_set_direction(&l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	ASSERT_EQ(0, lunl_session_get(&l, BATCH, s));
	ASSERT_EQ(sizeof(seed), s->data_len);
	memcpy(&seed, s->data, sizeof(seed));
	free(s);
	n0 = open_fds();

	/* The third is missing: none is installed, none is restored. */
	EXPECT_EQ(-ENOENT, lunl_fd_restore_entries(&l, BATCH, 3, bad, NULL, 0,
						   fds, &failed));
	EXPECT_STREQ("the session has no file with token 999", l.extack);
	EXPECT_STREQ("entry 2: token", l.attr);
	EXPECT_EQ(2, failed);
	EXPECT_EQ(n0, open_fds());
	EXPECT_EQ(0, batch_state(&l, LIVEUPDATE_NL_FD_STATE_INCOMING));
	EXPECT_EQ(-EINVAL, lunl_fd_restore_entries(&l, BATCH, 2, twice, NULL, 0,
						   fds, &failed));
	EXPECT_STREQ("token 3 is named twice in the request", l.extack);
	EXPECT_STREQ("entry 1: token", l.attr);
	EXPECT_EQ(1, failed);
	EXPECT_EQ(n0, open_fds());
	EXPECT_EQ(0, batch_state(&l, LIVEUPDATE_NL_FD_STATE_INCOMING));

	/* By token and by label, in one request: every byte is there. */
	ASSERT_EQ(0, lunl_fd_restore_entries(&l, BATCH, BATCH_FILES, tokens,
					     labels, 0, fds, &failed));
	EXPECT_EQ(n0 + BATCH_FILES, open_fds());
	for (t = 1; t <= BATCH_FILES; t++) {
		EXPECT_EQ(FD_CLOEXEC, fcntl(fds[t - 1], F_GETFD));
		EXPECT_EQ(0, lunl_memfd_check(fds[t - 1], BATCH_SIZE(t),
					      seed + t, NULL));
		close(fds[t - 1]);
	}
	EXPECT_EQ(0, batch_state(&l, LIVEUPDATE_NL_FD_STATE_RESTORED));
	/* And again, until the session is finished. */
	ASSERT_EQ(0, lunl_fd_restore_entries(&l, BATCH, 2, again, NULL,
					     LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC,
					     fds, &failed));
	for (t = 0; t < 2; t++) {
		EXPECT_EQ(0, fcntl(fds[t], F_GETFD));
		EXPECT_EQ(0, lunl_memfd_check(fds[t], BATCH_SIZE(again[t]),
					      seed + again[t], NULL));
		close(fds[t]);
	}
	EXPECT_EQ(0, lunl_session_finish(&l, BATCH, 0));
	lunl_close(&l);
}

TEST(stage2_expire_unclaimed)
{
	struct lunl_run r;
	char *line;

	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "expire", "1d", "lc-unclaimed",
			       "lc-claimed"));
	EXPECT_NE(NULL, strstr(r.out, "session lc-unclaimed: unclaimed for ")) {
		TH_LOG("%s", r.out);
	}
	EXPECT_NE(NULL, strstr(r.out, "s, expires after 86400s\n"));
	EXPECT_EQ(0, LUCTL_RUN(&r, "--incoming", "session", "show", "lc-unclaimed"));

	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "restore", "lc-claimed", "1=7", "--",
			       "/tests/luctl_test", "--check-fd"));
	EXPECT_STREQ("fd 7 ok\n", r.out);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "expire", "0", "lc-unclaimed",
			       "lc-claimed"));
	EXPECT_NE(NULL, strstr(r.out, "session lc-unclaimed: expired, unclaimed for "));
	EXPECT_NE(NULL, strstr(r.out, ": 1 files, "));
	EXPECT_NE(NULL, strstr(r.out, "session lc-claimed: kept, a file was restored\n"));
	for (line = strtok(r.out, "\n"); line; line = strtok(NULL, "\n"))
		TH_LOG("expire 0: %s", line);
	EXPECT_EQ(1, LUCTL_RUN(&r, "--incoming", "session", "show", "lc-unclaimed"));
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "expire", "0", "lc-unclaimed"));
	EXPECT_STREQ("luctl: session expire: no incoming session lc-unclaimed\n",
		     r.err);
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "finish", "lc-claimed"));
}

TEST(stage2_restore_to_command)
{
	struct json_object *arr, *s;
	struct lunl_run r;

	/*
	 * An outgoing session of the same name: show needs the direction,
	 * and --incoming and --outgoing reach each.
	 */
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", CARRY, "data", "out"));
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "show", CARRY));
	EXPECT_STREQ("luctl: session show: Invalid argument: an incoming and an outgoing session have that name: give the direction (attribute name)\n",
		     r.err);
	EXPECT_EQ(0, jshow_dir("outgoing", CARRY, 0));
	EXPECT_EQ(1, LUCTL_RUN(&r, "--incoming", "session", "del", CARRY));
	EXPECT_STREQ("luctl: session del: Invalid argument: this request takes an outgoing session (attribute direction)\n",
		     r.err);
	EXPECT_EQ(0, jshow_dir("incoming", CARRY, 2));
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "del", CARRY));

	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "session", "show", CARRY));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	s = jsession(arr, CARRY);
	ASSERT_NE(NULL, s);
	EXPECT_STREQ("incoming", jstr(s, "direction"));
	EXPECT_EQ(2, jnum(s, "fd_count"));
	/* "agent=luctl_test", hex encoded. */
	EXPECT_STREQ("6167656e743d6c7563746c5f74657374", jstr(s, "user_data"));
	json_object_put(arr);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "show", CARRY));
	EXPECT_EQ(0, strncmp(r.out, "session " CARRY " incoming incoming fds 2 ",
			     strlen("session " CARRY " incoming incoming fds 2 ")));
	EXPECT_NE(NULL, strstr(r.out, " data \"agent=luctl_test\"\n"));
	EXPECT_NE(NULL, strstr(r.out, " incoming label carry two\n"));

	/* The command sees token 1 at descriptor 7, byte for byte. */
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "restore", CARRY, "1=7", "--",
			       "/tests/luctl_test", "--check-fd"));
	EXPECT_STREQ("fd 7 ok\n", r.out);
}

/*
 * fd restore checks every name, the socket and the command before it
 * restores anything; then the command gets the files as systemd passes
 * them (LISTEN_FDS, LISTEN_PID, LISTEN_FDNAMES).
 */
TEST(stage2_restore_checks_first)
{
	struct json_object *arr, *f;
	struct lunl_run r;
	int i;

	EXPECT_EQ(127, LUCTL_RUN(&r, "fd", "restore", CARRY, "1", "--label",
				 "carry two", "--", "/tests/no-such-agent"));
	EXPECT_STREQ("luctl: fd restore: /tests/no-such-agent: command not found; nothing restored\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "restore", CARRY, "--label",
			       "carry two", "--label", "carry three", "--",
			       "/tests/luctl_test", "--listen-fds"));
	EXPECT_STREQ("luctl: fd restore: No such file or directory: the session has no file with that label (attribute label)\n",
		     r.err);
	EXPECT_EQ(5, LUCTL_RUN(&r, "fd", "restore", CARRY, "--label",
			       "carry two", "--send-to", "/tmp/nobody.sock"));
	EXPECT_STREQ("luctl: --send-to /tmp/nobody.sock: No such file or directory; nothing restored\n",
		     r.err);
	/* None of these restored "carry two". */
	ASSERT_EQ(0, LUCTL_RUN(&r, "-j", "fd", "show", CARRY));
	arr = json_tokener_parse(r.out);
	ASSERT_NE(NULL, arr);
	for (i = 0; i < (int)json_object_array_length(arr); i++) {
		f = json_object_array_get_idx(arr, i);
		if (!strcmp("carry two", jstr(f, "label")))
			EXPECT_STREQ("incoming", jstr(f, "state"));
	}
	json_object_put(arr);

	/* The retry: descriptors 3 and 4, named 1 and "carry two". */
	ASSERT_EQ(0, LUCTL_RUN(&r, "fd", "restore", CARRY, "1", "--label",
			       "carry two", "--", "/tests/luctl_test",
			       "--listen-fds"));
	EXPECT_STREQ("fd 3 name 1 ok\nfd 4 name carry two ok\n", r.out);
}

TEST(stage2_restore_send_to)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char text[64], cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { text, sizeof(text) - 1 };
	struct msghdr mh = { 0 };
	uint64_t first = 0;
	int s, c, fd;
	struct lunl_run r;
	pid_t pid;

	strcpy(sun.sun_path, "/tmp/luctl-test.sock");
	unlink(sun.sun_path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	ASSERT_GE(s, 0);
	ASSERT_EQ(0, bind(s, (struct sockaddr *)&sun, sizeof(sun)));
	ASSERT_EQ(0, listen(s, 1));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(LUCTL_RUN(&r, "fd", "restore", CARRY, "--label",
				"carry two", "--send-to", "/tmp/luctl-test.sock"));
	c = accept(s, NULL, NULL);
	ASSERT_GE(c, 0);
	memset(text, 0, sizeof(text));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = sizeof(cbuf);
	ASSERT_GT(recvmsg(c, &mh, 0), 0);
	EXPECT_STREQ("2\n", text);
	ASSERT_NE(NULL, CMSG_FIRSTHDR(&mh));
	memcpy(&fd, CMSG_DATA(CMSG_FIRSTHDR(&mh)), sizeof(fd));
	EXPECT_EQ(0, lunl_memfd_check(fd, CARRY_SIZE, CARRY_SEED + 1, &first));
	waitpid(pid, &c, 0);
	EXPECT_EQ(0, WEXITSTATUS(c));
	EXPECT_EQ(0, LUCTL_RUN(&r, "session", "finish", CARRY));
	close(fd);
	close(s);
}

/*
 * Run by luctl fd restore -- luctl_test --listen-fds: find the files as a
 * socket-activated service does (sd_listen_fds_with_names(3)): LISTEN_PID
 * is ours, LISTEN_FDS descriptors from 3 on, named by LISTEN_FDNAMES;
 * each is checked against the file its name stands for.
 */
static int listen_fds(void)
{
	const char *pid = getenv("LISTEN_PID"), *nfds = getenv("LISTEN_FDS");
	const char *names = getenv("LISTEN_FDNAMES");
	char *copy, *name, *save = NULL;
	int i, n, bad = 0;

	if (!pid || !nfds || !names || atoi(pid) != getpid()) {
		printf("no LISTEN_FDS for pid %d\n", getpid());
		return 1;
	}
	n = atoi(nfds);
	copy = strdup(names);
	name = strtok_r(copy, ":", &save);
	for (i = 0; i < n; i++, name = strtok_r(NULL, ":", &save)) {
		uint64_t first = 0, seed = 0;
		int fd = 3 + i, differs;

		if (!name || fcntl(fd, F_GETFD) < 0) {
			printf("fd %d: no name or not open\n", fd);
			return 1;
		}
		if (!strcmp(name, "1"))
			seed = CARRY_SEED;
		else if (!strcmp(name, "carry two"))
			seed = CARRY_SEED + 1;
		differs = !seed || lunl_memfd_check(fd, CARRY_SIZE, seed, &first);
		printf("fd %d name %s %s\n", fd, name, differs ? "differs" : "ok");
		bad |= differs;
	}
	free(copy);
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_FDNAMES");
	return bad;
}

/* Run by luctl fd restore -- luctl_test --check-fd: check descriptor 7. */
int main(int argc, char **argv)
{
	uint64_t first = 0;

	if (argc == 2 && !strcmp(argv[1], "--listen-fds"))
		return listen_fds();

	if (argc == 2 && !strcmp(argv[1], "--check-fd")) {
		int64_t bad = lunl_memfd_check(7, CARRY_SIZE, CARRY_SEED, &first);

		printf("fd 7 %s\n", bad ? "differs" : "ok");
		return bad ? 1 : 0;
	}
	return test_harness_run(argc, argv);
}
