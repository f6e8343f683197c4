// SPDX-License-Identifier: GPL-2.0
/*
 * LUO's /dev/liveupdate sessions and the family's work side by side in
 * the same boot and across kexec, with one name space (the family's
 * sessions are LUO sessions that the kernel owns), and one file cannot
 * be in both. Stage 1 preserves one memfd each way; stage 2 gets both
 * back (/dev/liveupdate cannot retrieve the family's).
 *
 * The family lists sessions of /dev/liveupdate and reports their changes.
 * stage1_systemd_style makes one the way systemd's FD store does: one
 * session, "systemd", whose memfd at token 0 maps names to the tokens of
 * the others; their contents are fresh every run, and the map carries
 * the seeds. The session-get and fd-get dumps list it, owned by the
 * device; luctl shows it and luctl monitor reports its creation and each
 * file; every request that would change it is refused. After kexec
 * (whose first request to the family read LUO's sessions as well),
 * stage2_systemd_style finds it incoming and unretrieved, still refused
 * to the family, then gets it back through the ioctls, byte for byte,
 * and the monitor sees each file restored, then the session finished
 * and gone. stage2_retrieve_fails fails a handler's retrieve through
 * the ioctl: the monitor hears of the lost file once.
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
#include <sys/random.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/liveupdate.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "lunl_test_type.h"
#include "kselftest_harness.h"

#define LUO_SESSION	"coexist-luo"
#define NL_SESSION	"coexist-nl"
#define LUO_SEED	0x1010
#define NL_SEED		0x2020
#define LUO_SIZE	(3 * 4096 + 17)
#define NL_SIZE		(5 * 4096 + 3)
#define SD_SESSION	"systemd"
#define LOST_SESSION	"coexist-lost"
#define LOST_SIZE	(3 * 4096 + 5)
#define SD_FILES	2
#define SD_SIZE(i)	((i) * 7 * 4096 + 1234)
#define MON_OUT		"/tmp/luo_coexist.monitor"
static struct lunl_session_info self_s;

#define OWNED_MSG	"the session belongs to /dev/liveupdate: change it through its file descriptor"

static int luo_preserve(int session, int fd, uint64_t token)
{
	struct liveupdate_session_preserve_fd p = {
		.size = sizeof(p), .fd = fd, .token = token,
	};

	return ioctl(session, LIVEUPDATE_SESSION_PRESERVE_FD, &p) ? -errno : 0;
}

/*
 * A LUO session lives as long as its fd: a child that keeps this
 * process's descriptors holds them until the kexec. The child's pid.
 */
static pid_t hold_until_kexec(void)
{
	pid_t holder = fork();

	if (!holder) {
		setsid();
		for (;;)
			pause();
	}
	return holder;
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

	luo = lunl_luo_create(LUO_SESSION);
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

	/* One name space: each side refuses the other's session name. */
	EXPECT_EQ(-EEXIST, lunl_session_new(&self->l, LUO_SESSION, 0, NULL));
	EXPECT_STREQ("an outgoing session of that name exists: pick another name",
		     self->l.extack);
	EXPECT_EQ(-EEXIST, lunl_luo_create(NL_SESSION));

	/* Each side refuses the other's file. */
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, NL_SESSION, x, 2));
	snprintf(msg, sizeof(msg),
		 "fd %d: the file is already preserved by a liveupdate or LUO session", x);
	EXPECT_STREQ(msg, self->l.extack);
	EXPECT_EQ(-EBUSY, luo_preserve(luo, y, 2));

	/* LUO sessions live as long as their fd: hand it to a holder. */
	ASSERT_GE(hold_until_kexec(), 0);
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
	/* The family's session is LUO's too, but only the family takes it. */
	snprintf((char *)r.name, sizeof(r.name), "%s", NL_SESSION);
	EXPECT_EQ(-1, ioctl(dev, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &r));
	EXPECT_EQ(EBUSY, errno);
	close(dev);

	/* The family. */
	ASSERT_EQ(0, lunl_fd_restore(&self->l, NL_SESSION, 1, 0, &y, NULL));
	EXPECT_EQ(0, lunl_memfd_check(y, NL_SIZE, NL_SEED, &first));
	EXPECT_EQ(0, lunl_session_finish(&self->l, NL_SESSION, 0));
	close(y);
}

/* Run luctl with @args, its standard output in @out; its exit status. */
static int luctl(char *out, size_t size, const char *args)
{
	char cmd[256];
	size_t n = 0;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "/bin/luctl %s 2>&1", args);
	p = popen(cmd, "r");
	if (!p)
		return -1;
	while (n + 1 < size && fgets(out + n, size - n, p))
		n += strlen(out + n);
	out[n] = '\0';
	return pclose(p);
}

/* Length of the first line of @s, for a log line. */
static int first_line_len(const char *s)
{
	return (int)strcspn(s, "\n");
}

/* Wait up to 20 s for @text in the file @path. */
static int wait_for(const char *path, const char *text)
{
	static char buf[1 << 14];
	int i, fd;
	ssize_t n;

	for (i = 0; i < 200; i++) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0) {
			n = read(fd, buf, sizeof(buf) - 1);
			close(fd);
			buf[n > 0 ? n : 0] = '\0';
			if (strstr(buf, text))
				return 0;
		}
		usleep(100000);
	}
	return -1;
}

TEST_F(coexist, stage1_systemd_style)
{
	static struct lunl_session_info all[64], *sd;
	static struct lunl_fd_info fds[8];
	char map[256], out[4096], line[160];
	uint64_t seed[SD_FILES + 1];
	int luo, i, n, fd[SD_FILES + 1];
	pid_t mon;

	/* luctl monitor, subscribed before anything happens. */
	unlink(MON_OUT);
	mon = fork();
	ASSERT_GE(mon, 0);
	if (!mon) {
		int o = open(MON_OUT, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(o, 1);
		execl("/bin/luctl", "luctl", "monitor", NULL);
		_exit(127);
	}
	for (i = 0; i < 50; i++) {
		ASSERT_EQ(0, lunl_session_new(&self->l, "sd-sync", 0, NULL));
		ASSERT_EQ(0, lunl_session_del(&self->l, "sd-sync"));
		if (!wait_for(MON_OUT, "session sd-sync"))
			break;
	}
	ASSERT_LT(i, 50);

	/* The FD store: token 0 names the others, the others hold data. */
	ASSERT_EQ(sizeof(seed), getrandom(seed, sizeof(seed), 0));
	luo = lunl_luo_create(SD_SESSION);
	ASSERT_GE(luo, 0);
	n = 0;
	for (i = 1; i <= SD_FILES; i++) {
		n += snprintf(map + n, sizeof(map) - n, "%d unit-%d.service %llu\n",
			      i, i, (unsigned long long)seed[i]);
		fd[i] = memfd_create("sd-data", MFD_CLOEXEC);
		ASSERT_GE(fd[i], 0);
		ASSERT_EQ(0, lunl_memfd_fill(fd[i], SD_SIZE(i), seed[i]));
	}
	fd[0] = memfd_create("sd-map", MFD_CLOEXEC);
	ASSERT_GE(fd[0], 0);
	ASSERT_EQ(n, write(fd[0], map, n));
	for (i = 0; i <= SD_FILES; i++)
		ASSERT_EQ(0, luo_preserve(luo, fd[i], i));

	/* Listed, owned by the device, in both dumps and by luctl. */
	n = lunl_session_dump(&self->l, all, 64);
	ASSERT_GT(n, 0);
	for (sd = NULL, i = 0; i < n; i++)
		if (!strcmp(all[i].name, SD_SESSION))
			sd = &all[i];
	ASSERT_NE(NULL, sd);
	EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, sd->owner);
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, sd->direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, sd->state);
	EXPECT_EQ(SD_FILES + 1, sd->fd_count);
	EXPECT_EQ(strlen(map) + SD_SIZE(1) + SD_SIZE(2), sd->bytes);
	ASSERT_EQ(SD_FILES + 1, lunl_fd_dump(&self->l, SD_SESSION, fds, 8));
	for (i = 0; i <= SD_FILES; i++) {
		EXPECT_EQ(i, fds[i].token);
		EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, fds[i].owner);
		EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, fds[i].state);
		EXPECT_EQ(i ? SD_SIZE(i) : strlen(map), fds[i].size);
		EXPECT_EQ(0, strncmp(fds[i].compatible, "memfd", 5));
	}
	EXPECT_EQ(0, luctl(out, sizeof(out), "session show " SD_SESSION));
	snprintf(line, sizeof(line),
		 "session %s outgoing live device fds %d bytes %llu",
		 SD_SESSION, SD_FILES + 1,
		 (unsigned long long)(strlen(map) + SD_SIZE(1) + SD_SIZE(2)));
	EXPECT_EQ(0, strncmp(out, line, strlen(line)));
	TH_LOG("before kexec: luctl session show: %.*s", first_line_len(out), out);

	/* luctl monitor saw it made and filled. */
	EXPECT_EQ(0, wait_for(MON_OUT, "[session-new] session " SD_SESSION " outgoing live device"));
	for (i = 0; i <= SD_FILES; i++) {
		snprintf(line, sizeof(line), "[fd-add] fd session %s token %d", SD_SESSION, i);
		EXPECT_EQ(0, wait_for(MON_OUT, line)) {
			TH_LOG("monitor lacks \"%s\"", line);
		}
	}
	kill(mon, SIGTERM);
	waitpid(mon, NULL, 0);

	/* Its file descriptor owns it: the family changes nothing of it. */
	EXPECT_EQ(-EBUSY, lunl_fd_del(&self->l, SD_SESSION, 1));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_session_del(&self->l, SD_SESSION));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_session_set(&self->l, SD_SESSION, "x", 1, NULL));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);
	n = memfd_create("sd-more", MFD_CLOEXEC);
	ASSERT_GE(n, 0);
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, SD_SESSION, n, 9));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);
	close(n);
	ASSERT_EQ(SD_FILES + 1, lunl_fd_dump(&self->l, SD_SESSION, fds, 8));

	/* systemd keeps the session open until the kexec. */
	ASSERT_GE(hold_until_kexec(), 0);
	close(luo);
	for (i = 0; i <= SD_FILES; i++)
		close(fd[i]);
}

TEST_F(coexist, stage2_systemd_style)
{
	struct liveupdate_session_retrieve_fd rf = { .size = sizeof(rf) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	static struct lunl_fd_info fds[8];
	unsigned long long seed;
	char out[4096];
	uint64_t order[SD_FILES + 1], first = 0;
	struct lunl_event ev;
	struct lunl mon;
	char map[256];
	int sess, i, n, tok, got = 0;
	const char *name;
	FILE *m;

	/* Listed, incoming and not retrieved yet. */
	ASSERT_EQ(0, lunl_session_get(&self->l, SD_SESSION, &self_s));
	EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, self_s.owner);
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, self_s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, self_s.state);
	EXPECT_EQ(SD_FILES + 1, self_s.fd_count);
	ASSERT_EQ(SD_FILES + 1, lunl_fd_dump(&self->l, SD_SESSION, fds, 8));
	for (i = 0; i <= SD_FILES; i++) {
		EXPECT_EQ(i, fds[i].token);
		EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, fds[i].state);
		EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, fds[i].owner);
	}
	EXPECT_EQ(0, luctl(out, sizeof(out), "session show " SD_SESSION));
	EXPECT_EQ(0, strncmp(out, "session " SD_SESSION " incoming incoming device fds 3 ",
			     strlen("session " SD_SESSION " incoming incoming device fds 3 ")));
	TH_LOG("after kexec: luctl session show: %.*s", first_line_len(out), out);
	EXPECT_EQ(-EBUSY, lunl_fd_restore(&self->l, SD_SESSION, 1, 0, &n, NULL));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);
	EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, SD_SESSION, 1));
	EXPECT_STREQ(OWNED_MSG, self->l.extack);

	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));

	/* systemd gets it back: the map first, then what it names. */
	sess = lunl_luo_retrieve(SD_SESSION);
	ASSERT_GE(sess, 0);
	rf.token = 0;
	ASSERT_EQ(0, ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
	order[0] = 0;
	n = pread(rf.fd, map, sizeof(map) - 1, 0);
	ASSERT_GT(n, 0);
	map[n] = '\0';
	close(rf.fd);
	m = fmemopen(map, n, "r");
	ASSERT_NE(NULL, m);
	while (fscanf(m, "%d %*s %llu", &tok, &seed) == 2) {
		ASSERT_LT(got, SD_FILES);
		order[got + 1] = tok;
		rf.token = tok;
		ASSERT_EQ(0, ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
		EXPECT_EQ(0, lunl_memfd_check(rf.fd, SD_SIZE(tok), seed, &first)) {
			TH_LOG("token %d differs from byte %llu", tok,
			       (unsigned long long)first);
		}
		close(rf.fd);
		got++;
	}
	fclose(m);
	EXPECT_EQ(SD_FILES, got);
	ASSERT_EQ(SD_FILES + 1, lunl_fd_dump(&self->l, SD_SESSION, fds, 8));
	for (i = 0; i <= SD_FILES; i++)
		EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, fds[i].state);
	EXPECT_EQ(0, ioctl(sess, LIVEUPDATE_SESSION_FINISH, &fin));
	close(sess);

	/*
	 * The monitor saw each file restored, in the order of the ioctls,
	 * then the session finished, then gone.
	 */
	for (i = 0, n = 0; i < SD_FILES + 3 && n < 40; n++) {
		if (lunl_next_event(&mon, &ev, 1000))
			continue;
		name = ev.cmd == LIVEUPDATE_NL_CMD_FD_RESTORE_NTF ?
		       ev.fd.session : ev.session.name;
		if (strcmp(name, SD_SESSION))
			continue;
		if (i <= SD_FILES) {
			ASSERT_EQ(LIVEUPDATE_NL_CMD_FD_RESTORE_NTF, ev.cmd);
			EXPECT_EQ(order[i], ev.fd.token);
			EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, ev.fd.state);
			EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, ev.fd.owner);
			i++;
			continue;
		}
		if (i == SD_FILES + 1) {
			EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF, ev.cmd);
		} else {
			EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, ev.cmd);
		}
		EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, ev.session.owner);
		EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, ev.session.direction);
		i++;
	}
	EXPECT_EQ(SD_FILES + 3, i);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, SD_SESSION, &self_s));
	lunl_close(&mon);
}

/*
 * A /dev/liveupdate session with a test file (token 1) and a memfd
 * (token 2), for stage2_retrieve_fails.
 */
TEST_F(coexist, stage1_retrieve_fails)
{
	int luo, t, m;

	luo = lunl_luo_create(LOST_SESSION);
	ASSERT_GE(luo, 0);
	t = lunl_test_new_file(-1, 41);
	ASSERT_GE(t, 0);
	m = memfd_create("lost-side", MFD_CLOEXEC);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, LOST_SIZE, LUO_SEED + 7));
	ASSERT_EQ(0, luo_preserve(luo, t, 1));
	ASSERT_EQ(0, luo_preserve(luo, m, 2));
	ASSERT_GE(hold_until_kexec(), 0);
	close(luo);
	close(t);
	close(m);
}

/*
 * Its handler fails to retrieve token 1 through the ioctl: the monitor
 * hears of it once, as fd-restore-ntf in state unrecoverable, and not of
 * the retry that fails with the kept error; the dump lists it
 * unrecoverable. Token 2 is retrieved byte for byte and announced
 * restored; then the session is finished and gone.
 */
TEST_F(coexist, stage2_retrieve_fails)
{
	struct liveupdate_session_retrieve_fd rf = { .size = sizeof(rf) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	static const struct {
		int cmd;
		uint64_t token;
		uint32_t state;
	} want[] = {
		{ LIVEUPDATE_NL_CMD_FD_RESTORE_NTF, 1,
		  LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE },
		{ LIVEUPDATE_NL_CMD_FD_RESTORE_NTF, 2,
		  LIVEUPDATE_NL_FD_STATE_RESTORED },
		{ LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF, 0, 0 },
		{ LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, 0, 0 },
	};
	static struct lunl_fd_info fds[4];
	uint64_t first = 0;
	struct lunl_event ev;
	const char *name;
	struct lunl mon;
	int sess, i, n;

	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));
	sess = lunl_luo_retrieve(LOST_SESSION);
	ASSERT_GE(sess, 0);

	rf.token = 1;
	ASSERT_EQ(0, lunl_fei_arm("lunl_test_retrieve", -EIO, 0));
	EXPECT_EQ(-1, ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
	EXPECT_EQ(EIO, errno);
	ASSERT_EQ(1, lunl_fei_disarm());
	EXPECT_EQ(-1, ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
	EXPECT_EQ(EIO, errno);
	rf.token = 2;
	ASSERT_EQ(0, ioctl(sess, LIVEUPDATE_SESSION_RETRIEVE_FD, &rf));
	EXPECT_EQ(0, lunl_memfd_check(rf.fd, LOST_SIZE, LUO_SEED + 7, &first));
	close(rf.fd);

	ASSERT_EQ(2, lunl_fd_dump(&self->l, LOST_SESSION, fds, 4));
	EXPECT_EQ(1, fds[0].token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE, fds[0].state);
	EXPECT_EQ(2, fds[1].token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, fds[1].state);
	EXPECT_EQ(0, ioctl(sess, LIVEUPDATE_SESSION_FINISH, &fin));
	close(sess);

	/* Exactly these events of the session, in this order. */
	for (i = 0, n = 0; i < 4 && n < 40; n++) {
		if (lunl_next_event(&mon, &ev, 1000))
			continue;
		name = ev.cmd == LIVEUPDATE_NL_CMD_FD_RESTORE_NTF ?
		       ev.fd.session : ev.session.name;
		if (strcmp(name, LOST_SESSION))
			continue;
		ASSERT_EQ(want[i].cmd, ev.cmd);
		if (ev.cmd == LIVEUPDATE_NL_CMD_FD_RESTORE_NTF) {
			EXPECT_EQ(want[i].token, ev.fd.token);
			EXPECT_EQ(want[i].state, ev.fd.state);
			EXPECT_EQ(LIVEUPDATE_NL_OWNER_DEVICE, ev.fd.owner);
		}
		i++;
	}
	EXPECT_EQ(4, i);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, LOST_SESSION, &self_s));
	lunl_close(&mon);
}

TEST_HARNESS_MAIN
