// SPDX-License-Identifier: GPL-2.0
/*
 * luctl: every subcommand's text output and parsed JSON, its error paths
 * and exit codes, and a monitor seeing what another process does.
 * Stage 1 also leaves a session that stage 2 restores through luctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define LUCTL		"/bin/luctl"
#define CARRY		"luctl-carry"
#define CARRY_SIZE	(2 * 4096 + 77)
#define CARRY_SEED	0x77aa

/* Run luctl with args (NULL-terminated); uid >= 0 drops to that user. */
static int luctl_as(struct lunl_run *r, int uid, const char *const *args)
{
	const char *argv[32] = { LUCTL };
	int i;

	for (i = 0; args[i] && i < 30; i++)
		argv[i + 1] = args[i];
	argv[i + 1] = NULL;
	return lunl_run_as(r, uid, argv);
}

#define LUCTL_RUN(r, ...) luctl_as(r, -1, (const char *const[]){ __VA_ARGS__, NULL })
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
	EXPECT_STREQ("luctl: session show: No such file or directory: no session of that name\n",
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
	EXPECT_EQ(0, LUCTL_RUN(&r, "--help"));
	EXPECT_EQ(0, strncmp(r.out, "Usage: luctl", 12));

	memset(name, 'n', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "add", name));
	EXPECT_STREQ("luctl: session add: Invalid argument: Attribute failed policy validation (at most 63 bytes)\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "session", "add", ""));
	EXPECT_STREQ("luctl: session add: Invalid argument: session name must not be empty\n",
		     r.err);
	ASSERT_EQ(0, LUCTL_RUN(&r, "session", "add", "lc-err"));
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "del", "lc-err", "999"));
	EXPECT_STREQ("luctl: fd del: No such file or directory: the session has no file with token 999\n",
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
	EXPECT_STREQ("luctl: fd add: Invalid argument: Attribute failed policy validation (at most 255 bytes)\n",
		     r.err);
	EXPECT_EQ(1, LUCTL_RUN(&r, "fd", "del", "lc-ud", "--label", "nope"));
	EXPECT_STREQ("luctl: fd del: No such file or directory: the session has no file with that label\n",
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

	ASSERT_EQ(0, pipe(out));
	mon = fork();
	ASSERT_GE(mon, 0);
	if (!mon) {
		dup2(out[1], 1);
		execl(LUCTL, LUCTL, "-j", "monitor", NULL);
		_exit(98);
	}
	close(out[1]);
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
	EXPECT_STREQ("luctl: session show: Invalid argument: an incoming and an outgoing session have that name: give the direction\n",
		     r.err);
	EXPECT_EQ(0, jshow_dir("outgoing", CARRY, 0));
	EXPECT_EQ(1, LUCTL_RUN(&r, "--incoming", "session", "del", CARRY));
	EXPECT_STREQ("luctl: session del: Invalid argument: this request takes an outgoing session\n",
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

/* Run by luctl fd restore -- luctl_test --check-fd: check descriptor 7. */
int main(int argc, char **argv)
{
	uint64_t first = 0;

	if (argc == 2 && !strcmp(argv[1], "--check-fd")) {
		int64_t bad = lunl_memfd_check(7, CARRY_SIZE, CARRY_SEED, &first);

		printf("fd 7 %s\n", bad ? "differs" : "ok");
		return bad ? 1 : 0;
	}
	return test_harness_run(argc, argv);
}
