// SPDX-License-Identifier: GPL-2.0
/*
 * lunl_bench: the family against LUO's /dev/liveupdate ioctls on the same
 * work, in the same VM run. `make bench` runs it stage by stage across
 * kexec (bench.list) on the release kernel:
 *
 *   lunl_bench preserve          per-fd cost of preserving N memfds of
 *                                64 KiB, N = 1, 100, 1000, 10000: ours one
 *                                request per fd, batched (64 requests
 *                                per sendmsg()) and as entries (256 files
 *                                per request), LUO's PRESERVE_FD
 *   lunl_bench dump N            dump of N sessions (ours; LUO lists none)
 *   lunl_bench setup n|size|zero V
 *                                one case for both APIs, left for kexec:
 *                                V memfds of 64 KiB, or one of V bytes
 *                                (zero: all its bytes zero, to compare);
 *                                ours frozen now (timed in the kernel),
 *                                LUO's on the reboot path (lunl_probe)
 *   lunl_bench restore n|size|zero V [luo-first]
 *                                after kexec: list, restore, first touch
 *                                of every page, and finish, for both;
 *                                ours first unless luo-first (bench.list
 *                                runs every case in both orders)
 *
 * Every figure is a line
 *   # LUNL-BENCH op api kind value ns
 * (op: preserve, freeze, list, restore, touch, finish, dump; api: nl,
 * nl-batch, nl-entries or luo; kind n or size; ns: total for the case, per fd for
 * preserve), or
 *   # LUNL-BENCH meta api session|fd bytes
 * for serialized metadata. scripts/bench.sh turns them into the report.
 * Each run also checks what it measured (stamps in the data survive,
 * errors fail it) and prints one KTAP result.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include <linux/liveupdate.h>

#include "lunl_client.h"

#define SMALL		(64 << 10)
#define REPS		3
#define NL_SESSION	"bench"
#define LUO_SESSION	"bench-luo"
#define PAGE		4096

static const char *fail_msg;
/* The case's memfds hold zeros instead of stamps. */
static int zero;

#define CHECK(cond, ...) do {						\
	if (!(cond)) {							\
		static char m[1024];					\
		snprintf(m, sizeof(m), __VA_ARGS__);			\
		fail_msg = m;						\
		return -1;						\
	}								\
} while (0)

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static void figure(const char *op, const char *api, const char *kind,
		   uint64_t value, uint64_t ns)
{
	printf("# LUNL-BENCH %s %s %s %" PRIu64 " %" PRIu64 "\n", op, api, kind,
	       value, ns);
	fflush(stdout);
}

/*
 * A memfd of @size bytes whose every page starts with its file offset
 * xor @id (content the restore can check, cheap to write), or zeros.
 */
static int make_memfd(uint64_t id, uint64_t size)
{
	static uint8_t buf[1 << 20];
	int fd = memfd_create("bench", MFD_CLOEXEC);
	uint64_t off, p;

	if (fd < 0)
		return -1;
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		for (p = 0; p < n; p += PAGE)
			*(uint64_t *)(buf + p) = zero ? 0 : (off + p) ^ id;
		if (pwrite(fd, buf, n, off) != (ssize_t)n) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/* Read one byte of every page, then check the stamps; 0 if all match. */
static int touch(int fd, uint64_t id, uint64_t size, uint64_t *ns)
{
	volatile uint8_t sum = 0;
	uint64_t t0, p;
	uint8_t *m;
	int bad = 0;

	t0 = now_ns();
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -1;
	for (p = 0; p < size; p += PAGE)
		sum += m[p];
	*ns += now_ns() - t0;
	for (p = 0; p + 8 <= size; p += PAGE)
		bad |= *(uint64_t *)(m + p) != (zero ? 0 : p ^ id);
	munmap(m, size);
	return bad;
}

static int luo_dev(void)
{
	return open("/dev/liveupdate", O_RDWR | O_CLOEXEC);
}

static int luo_create(int dev, const char *name)
{
	struct liveupdate_ioctl_create_session cs = { .size = sizeof(cs) };

	snprintf((char *)cs.name, sizeof(cs.name), "%s", name);
	return ioctl(dev, LIVEUPDATE_IOCTL_CREATE_SESSION, &cs) ? -1 : cs.fd;
}

static int luo_preserve(int sfd, int fd, uint64_t token)
{
	struct liveupdate_session_preserve_fd p = {
		.size = sizeof(p), .fd = fd, .token = token,
	};

	return ioctl(sfd, LIVEUPDATE_SESSION_PRESERVE_FD, &p);
}

/* How preserve_nl() sends its fd-adds. */
enum { NL_ONE, NL_BATCH, NL_ENTRIES };

/* Preserve n files with one API; return the total time, or 0 on error. */
static uint64_t preserve_nl(struct lunl *l, const int *fds, int n, int how)
{
	uint64_t *tokens = calloc(n, sizeof(*tokens)), t0, t;
	int i, failed, err = 0;

	if (!tokens || lunl_session_new(l, NL_SESSION, 0, NULL))
		return 0;
	for (i = 0; i < n; i++)
		tokens[i] = i + 1;
	t0 = now_ns();
	if (how == NL_BATCH)
		err = lunl_fd_add_batch(l, NL_SESSION, fds, tokens, n, &failed);
	else if (how == NL_ENTRIES)
		err = lunl_fd_add_entries(l, NL_SESSION, fds, tokens, NULL, n,
					  &failed);
	for (i = 0; how == NL_ONE && i < n && !err; i++)
		err = lunl_fd_add(l, NL_SESSION, fds[i], tokens[i]);
	t = now_ns() - t0;
	free(tokens);
	if (err)
		fprintf(stderr, "fd add: %s (%s)\n", strerror(-err), l->extack);
	return lunl_session_del(l, NL_SESSION) || err ? 0 : t;
}

static uint64_t preserve_luo(const int *fds, int n)
{
	int dev = luo_dev(), sfd, i, err = 0;
	uint64_t t0, t;

	sfd = dev < 0 ? -1 : luo_create(dev, LUO_SESSION);
	if (sfd < 0)
		return 0;
	t0 = now_ns();
	for (i = 0; i < n && !err; i++)
		err = luo_preserve(sfd, fds[i], i + 1);
	t = now_ns() - t0;
	if (err)
		perror("PRESERVE_FD");
	/* Closing the session unpreserves its files. */
	close(sfd);
	close(dev);
	return err ? 0 : t;
}

static int cmd_preserve(void)
{
	static const int ns[] = { 1, 100, 1000, 10000 };
	struct lunl l;
	unsigned int k;
	int i, r, *fds;

	CHECK(!lunl_open(&l), "no liveupdate family");
	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++) {
		int n = ns[k];

		fds = calloc(n, sizeof(*fds));
		CHECK(fds, "out of memory");
		for (i = 0; i < n; i++) {
			fds[i] = make_memfd(i + 1, SMALL);
			CHECK(fds[i] >= 0, "memfd %d: %s", i, strerror(errno));
		}
		/* Interleaved, so that drift hits every API alike. */
		for (r = 0; r < REPS; r++) {
			uint64_t a = preserve_nl(&l, fds, n, NL_ONE);
			uint64_t b = preserve_nl(&l, fds, n, NL_BATCH);
			uint64_t e = preserve_nl(&l, fds, n, NL_ENTRIES);
			uint64_t c = preserve_luo(fds, n);

			CHECK(a && b && e && c, "preserving %d memfds failed", n);
			figure("preserve", "nl", "n", n, a / n);
			figure("preserve", "nl-batch", "n", n, b / n);
			figure("preserve", "nl-entries", "n", n, e / n);
			figure("preserve", "luo", "n", n, c / n);
		}
		for (i = 0; i < n; i++)
			close(fds[i]);
		free(fds);
	}
	lunl_close(&l);
	return 0;
}

static int cmd_dump(int n)
{
	struct lunl_session_info *s = calloc(n + 1, sizeof(*s));
	char name[32];
	struct lunl l;
	uint64_t t0;
	int i, r, got;

	CHECK(s && !lunl_open(&l), "no liveupdate family");
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "dump-%d", i);
		CHECK(!lunl_session_new(&l, name, 0, NULL), "session-new: %s",
		      l.extack);
	}
	for (r = 0; r < REPS; r++) {
		t0 = now_ns();
		got = lunl_session_dump(&l, s, n + 1);
		figure("dump", "nl", "n", n, now_ns() - t0);
		CHECK(got >= n, "dump listed %d of %d sessions", got, n);
	}
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "dump-%d", i);
		CHECK(!lunl_session_del(&l, name), "session-del: %s", l.extack);
	}
	lunl_close(&l);
	free(s);
	return 0;
}

/* The files of a case: n of 64 KiB, or one of size bytes. */
static void case_files(const char *kind, uint64_t v, int *n, uint64_t *size)
{
	zero = !strcmp(kind, "zero");
	*n = strcmp(kind, "n") ? 1 : (int)v;
	*size = strcmp(kind, "n") ? v : SMALL;
}

/* Hold LUO's session until kexec: a child keeps its fd open. */
static int luo_hold(int n, uint64_t size)
{
	int pfd[2], dev, sfd, i, fd;
	char ok = 0;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid) {
		close(pfd[1]);
		if (read(pfd[0], &ok, 1) != 1)
			ok = 0;
		close(pfd[0]);
		return ok == 1 ? 0 : -1;
	}
	setsid();
	close(pfd[0]);
	dev = luo_dev();
	sfd = dev < 0 ? -1 : luo_create(dev, LUO_SESSION);
	for (i = 0; sfd >= 0 && i < n; i++) {
		fd = make_memfd(i + 1, size);
		if (fd < 0 || luo_preserve(sfd, fd, i + 1))
			_exit(1);
		close(fd);
	}
	if (sfd < 0)
		_exit(1);
	close(dev);
	ok = 1;
	if (write(pfd[1], &ok, 1) != 1)
		_exit(1);
	close(pfd[1]);
	for (;;)
		pause();
}

static int cmd_setup(const char *kind, uint64_t v)
{
	struct lunl_status_info st0, st1, st;
	uint64_t *tokens, size;
	int n, i, *fds, failed;
	struct lunl l;

	case_files(kind, v, &n, &size);
	CHECK(!lunl_open(&l), "no liveupdate family");
	CHECK(!lunl_status(&l, &st0), "status: %s", l.extack);
	CHECK(!lunl_session_new(&l, NL_SESSION, 0, NULL), "session-new: %s",
	      l.extack);
	CHECK(!lunl_status(&l, &st1), "status: %s", l.extack);
	fds = calloc(n, sizeof(*fds));
	tokens = calloc(n, sizeof(*tokens));
	CHECK(fds && tokens, "out of memory");
	for (i = 0; i < n; i++) {
		fds[i] = make_memfd(i + 1, size);
		tokens[i] = i + 1;
		CHECK(fds[i] >= 0, "memfd %d: %s", i, strerror(errno));
	}
	CHECK(!lunl_fd_add_batch(&l, NL_SESSION, fds, tokens, n, &failed),
	      "fd add %d: %s", failed, l.extack);
	for (i = 0; i < n; i++)
		close(fds[i]);
	free(fds);
	free(tokens);
	CHECK(!lunl_freeze(&l, &st), "freeze: %s", l.extack);
	figure("freeze", "nl", kind, v, st.freeze_ns);
	printf("# LUNL-BENCH meta nl session %u\n",
	       st1.record_size - st0.record_size);
	printf("# LUNL-BENCH meta nl fd %u\n",
	       (st.record_size - st1.record_size) / n);
	lunl_close(&l);
	/* LUO's freeze runs on the reboot path; lunl_probe times it. */
	CHECK(!luo_hold(n, size), "LUO session setup failed");
	printf("# LUNL-BENCH case %s %" PRIu64 "\n", kind, v);
	return 0;
}

static int cmd_restore_nl(const char *kind, uint64_t v)
{
	struct lunl_session_info *s = calloc(64, sizeof(*s));
	uint64_t t0, t_list, t_restore, t_touch = 0, size;
	int n, i, got, fd, bad = 0;
	struct lunl_fd_info *f;
	struct lunl l;

	case_files(kind, v, &n, &size);
	f = calloc(n + 1, sizeof(*f));
	CHECK(s && f && !lunl_open(&l), "no liveupdate family");
	t0 = now_ns();
	got = lunl_session_dump(&l, s, 64);
	i = lunl_fd_dump(&l, NL_SESSION, f, n + 1);
	t_list = now_ns() - t0;
	CHECK(got >= 1 && i == n, "listed %d sessions, %d of %d files", got, i,
	      n);
	t_restore = 0;
	for (i = 0; i < n; i++) {
		t0 = now_ns();
		CHECK(!lunl_fd_restore(&l, NL_SESSION, i + 1, 0, &fd, NULL),
		      "restore %d: %s", i + 1, l.extack);
		t_restore += now_ns() - t0;
		bad |= touch(fd, i + 1, size, &t_touch);
		close(fd);
	}
	CHECK(!bad, "restored data differs");
	t0 = now_ns();
	CHECK(!lunl_session_finish(&l, NL_SESSION, 0), "finish: %s", l.extack);
	figure("list", "nl", kind, v, t_list);
	figure("restore", "nl", kind, v, t_restore);
	figure("touch", "nl", kind, v, t_touch);
	figure("finish", "nl", kind, v, now_ns() - t0);
	lunl_close(&l);
	free(s);
	free(f);
	return 0;
}

static int cmd_restore_luo(const char *kind, uint64_t v)
{
	struct liveupdate_ioctl_retrieve_session rs = { .size = sizeof(rs) };
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	uint64_t t0, t_list, t_restore = 0, t_touch = 0, size;
	int n, i, dev, bad = 0;

	case_files(kind, v, &n, &size);
	t0 = now_ns();
	dev = luo_dev();
	CHECK(dev >= 0, "/dev/liveupdate: %s", strerror(errno));
	snprintf((char *)rs.name, sizeof(rs.name), "%s", LUO_SESSION);
	CHECK(!ioctl(dev, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &rs),
	      "RETRIEVE_SESSION: %s", strerror(errno));
	t_list = now_ns() - t0;
	for (i = 0; i < n; i++) {
		struct liveupdate_session_retrieve_fd r = {
			.size = sizeof(r), .token = i + 1,
		};

		t0 = now_ns();
		CHECK(!ioctl(rs.fd, LIVEUPDATE_SESSION_RETRIEVE_FD, &r),
		      "RETRIEVE_FD %d: %s", i + 1, strerror(errno));
		t_restore += now_ns() - t0;
		bad |= touch(r.fd, i + 1, size, &t_touch);
		close(r.fd);
	}
	CHECK(!bad, "restored data differs");
	t0 = now_ns();
	CHECK(!ioctl(rs.fd, LIVEUPDATE_SESSION_FINISH, &fin), "FINISH: %s",
	      strerror(errno));
	figure("list", "luo", kind, v, t_list);
	figure("restore", "luo", kind, v, t_restore);
	figure("touch", "luo", kind, v, t_touch);
	figure("finish", "luo", kind, v, now_ns() - t0);
	close(rs.fd);
	close(dev);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 1 << 16, 1 << 16 };
	const char *cmd = argc > 1 ? argv[1] : "";
	cpu_set_t one;
	int err = -1;

	/* The manifest of a VM run asks every program for its tests. */
	if (argc > 1 && !strcmp(argv[1], "-l")) {
		cmd = argc > 2 ? argv[2] : "";
		fprintf(stderr, "%-20s %-25s %s\n%-20s %-25s %s\n", "# FIXTURE",
			"VARIANT", "TEST", "lunl_bench", "", cmd);
		return 4;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	/*
	 * One vCPU for both APIs: a process that ran on both pays a TLB
	 * shootdown on every munmap(), which TCG makes very dear.
	 */
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	sched_setaffinity(0, sizeof(one), &one);
	printf("TAP version 13\n1..1\n");
	if (!strcmp(cmd, "preserve"))
		err = cmd_preserve();
	else if (!strcmp(cmd, "dump") && argc == 3)
		err = cmd_dump(atoi(argv[2]));
	else if (!strcmp(cmd, "setup") && argc == 4)
		err = cmd_setup(argv[2], strtoull(argv[3], NULL, 0));
	else if (!strcmp(cmd, "restore") && argc == 4)
		err = cmd_restore_nl(argv[2], strtoull(argv[3], NULL, 0)) ?:
		      cmd_restore_luo(argv[2], strtoull(argv[3], NULL, 0));
	else if (!strcmp(cmd, "restore") && argc == 5 &&
		 !strcmp(argv[4], "luo-first"))
		err = cmd_restore_luo(argv[2], strtoull(argv[3], NULL, 0)) ?:
		      cmd_restore_nl(argv[2], strtoull(argv[3], NULL, 0));
	else
		fail_msg = "usage: lunl_bench preserve | dump N | setup n|size|zero V | restore n|size|zero V [luo-first]";
	if (err && !fail_msg)
		fail_msg = "failed";
	if (fail_msg) {
		printf("# %s\nnot ok 1 lunl_bench.%s\n", fail_msg, cmd);
		return 1;
	}
	printf("ok 1 lunl_bench.%s\n", cmd);
	return 0;
}
