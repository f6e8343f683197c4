// SPDX-License-Identifier: GPL-2.0
/*
 * lunl_bench: the family against LUO's /dev/liveupdate ioctls on the same
 * work, in the same VM run. `make bench` runs it stage by stage across
 * kexec (bench.list) on the release kernel:
 *
 *   lunl_bench live R     the live control (the first touch of a fresh
 *                         memfd, the same code under both names, R
 *                         times); preserve N memfds of 64 KiB (N = 1, 100, 1000,
 *                         10000) R times through the family one request
 *                         per file (nl), 64 requests per sendmsg()
 *                         (nl-batch), as entries of one request
 *                         (nl-entries) and through PRESERVE_FD (luo), the
 *                         four in the orders of a Williams design;
 *                         the same for 1 to 100000 memfds of 4 KiB
 *                         (nl-entries and luo, 3 times, the scaling
 *                         series); a dump of 1000 sessions (ours only);
 *                         function_graph profiles of fd-add and
 *                         PRESERVE_FD, and of the family's freeze
 *   lunl_bench setup S    sets sample S of every kexec case up for both
 *                         APIs, to be frozen on the kexec path (both
 *                         timed there by lib/tests/lunl_luo_timing.c)
 *   lunl_bench restore S  after the kexec: restores every case of sample
 *                         S with both APIs (fd-restore one request per
 *                         file, o; all files in batches of entries, b;
 *                         RETRIEVE_SESSION and RETRIEVE_FD, l), in the
 *                         order of a Williams design, by sample and
 *                         case; reads one byte of every page (the
 *                         control: the same work on both sides), checks
 *                         every byte, and finishes
 *   lunl_bench setup-scale H / restore-scale H
 *                         the same for the scaling series, in two hops
 *                         (H = 1, 2): 1 to 10000 files of 4 KiB, one
 *                         memfd of 1 MiB to 1 GiB
 *
 * Every figure is a line
 *   # LUNL-BENCH op api kind value sample ns
 * (op: preserve, restore, touch, finish, dump; ns: per file for
 * preserve, the case's total otherwise). Freeze times come from the
 * kernel log (lib/tests/lunl_luo_timing.c). Setup lists the sessions it
 * makes, in the order each front end made them, so that the report can
 * match them with the freeze times logged on the kexec path, after a
 * line "# LUNL-BENCH hop":
 *   # LUNL-BENCH session nl|luo kind value api sample
 * and the family's serialized metadata:
 *   # LUNL-BENCH meta nl session|fd bytes
 * Profiles are lines
 *   # LUNL-PROF op api function inclusive-ns calls
 * scripts/bench-report.sh turns all of it into the report. Content is
 * fresh every hop (a random seed in the family's session data) and is
 * checked word by word after the kexec; each run prints one KTAP result.
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
#include <sys/mount.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <linux/liveupdate.h>

#include "lunl_client.h"

#define SMALL		(64 << 10)
#define TINY		4096
#define PAGE		4096
/* Files per session in the scaling series (the family takes 16384). */
#define PER_SESSION	10000
#define LIVE_SESSION	"bench"
#define LUO_SESSION	"bench-luo"
#define TRACING		"/sys/kernel/tracing"
#define TIMING		"/sys/module/lunl_luo_timing/parameters/sessions"
#define CPU1		"/sys/devices/system/cpu/cpu1/online"

static const char *fail_msg;

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
		   uint64_t value, int sample, uint64_t ns)
{
	printf("# LUNL-BENCH %s %s %s %" PRIu64 " %d %" PRIu64 "\n", op, api,
	       kind, value, sample, ns);
	fflush(stdout);
}

/*
 * A case: its files, and the sessions of each API. Kinds: n (value
 * memfds of 64 KiB), size (one memfd of value bytes), zero (the same, all
 * zeros: content must not matter), files (value memfds of 4 KiB, the
 * scaling series), pages (one memfd of value bytes, the scaling series),
 * prof (value memfds of 64 KiB, restored under function_graph).
 * apis: the family's sessions, o restored one request per file, b in
 * batches of entries; LUO's session is always there.
 */
struct bcase {
	const char *kind;
	uint64_t value;
	const char *apis;
};

static const struct bcase kexec_cases[] = {
	{ "n", 1, "ob" }, { "n", 100, "ob" }, { "n", 1000, "ob" },
	{ "size", 1 << 20, "o" }, { "size", 16 << 20, "o" },
	{ "size", 128 << 20, "o" }, { "zero", 128 << 20, "o" },
};

/*
 * The scaling series across kexec, over two hops: under TCG, a next
 * kernel that found about 7 GiB preserved, or 222222 files of 4 KiB
 * (100000 and their smaller series for each API), printed nothing in 5
 * minutes. Preserving 100000 files is timed live (cmd_live()).
 */
static const struct bcase scale1_cases[] = {
	{ "files", 1, "b" }, { "files", 10, "b" }, { "files", 100, "b" },
	{ "files", 1000, "b" }, { "files", 10000, "b" },
	{ "pages", 1 << 20, "o" }, { "pages", 16 << 20, "o" },
	{ "pages", 128 << 20, "o" },
};

static const struct bcase scale2_cases[] = {
	{ "pages", 1ull << 30, "o" },
};

#define CASES(a)	(a), (int)(sizeof(a) / sizeof((a)[0]))

/* The cases of setup-scale H and restore-scale H. */
static const struct {
	const struct bcase *cases;
	int n;
} scale_hops[] = {
	{ CASES(scale1_cases) },
	{ CASES(scale2_cases) },
};

static int case_files(const struct bcase *c)
{
	return strcmp(c->kind, "size") && strcmp(c->kind, "zero") &&
	       strcmp(c->kind, "pages") ? (int)c->value : 1;
}

static uint64_t case_size(const struct bcase *c)
{
	if (!strcmp(c->kind, "n") || !strcmp(c->kind, "prof"))
		return SMALL;
	if (!strcmp(c->kind, "files"))
		return TINY;
	return c->value;
}

static int case_zero(const struct bcase *c)
{
	return !strcmp(c->kind, "zero");
}

/* Sessions of PER_SESSION files at most: how many n files take. */
static int nr_parts(int n)
{
	return (n + PER_SESSION - 1) / PER_SESSION;
}

/* How many of n files go to session @p. */
static int part_files(int n, int p)
{
	return n - p * PER_SESSION < PER_SESSION ? n - p * PER_SESSION :
						   PER_SESSION;
}

static int case_parts(const struct bcase *c)
{
	return nr_parts(case_files(c));
}

static void session_name(char *buf, size_t len, char api,
			 const struct bcase *c, int part)
{
	snprintf(buf, len, "%c-%s-%" PRIu64 "-%d", api, c->kind, c->value,
		 part);
}

/* File i of a hop holds, in each 8-byte word, its offset xor this key. */
static uint64_t file_key(uint64_t seed, char api, int i)
{
	return seed ^ ((uint64_t)api << 56) ^
	       ((uint64_t)i + 1) * 0x9e3779b97f4a7c15ull;
}

static int make_memfd(uint64_t key, uint64_t size, int zero)
{
	static uint64_t buf[(1 << 20) / 8];
	int fd = memfd_create("bench", MFD_CLOEXEC);
	uint64_t off, w;

	if (fd < 0)
		return -1;
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);

		for (w = 0; w < n / 8; w++)
			buf[w] = zero ? 0 : (off + 8 * w) ^ key;
		if (pwrite(fd, buf, n, off) != (ssize_t)n) {
			close(fd);
			return -1;
		}
	}
	return fd;
}

/*
 * The first touch of every page (timed), then every word checked: 0 if
 * all match.
 */
static int touch(int fd, uint64_t key, uint64_t size, int zero, uint64_t *ns)
{
	volatile uint8_t sum = 0;
	uint64_t t0, p, w, bad = 0;
	const uint64_t *words;
	struct stat st;
	uint8_t *m;

	/* All of it, and no hole: a lost page of zeros reads as zeros. */
	if (fstat(fd, &st) || (uint64_t)st.st_size != size ||
	    lseek(fd, 0, SEEK_HOLE) != (off_t)size)
		return 1;
	t0 = now_ns();
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		return -1;
	for (p = 0; p < size; p += PAGE)
		sum += m[p];
	*ns += now_ns() - t0;
	words = (const uint64_t *)m;
	for (w = 0; w < size / 8; w++)
		bad |= words[w] ^ (zero ? 0 : (8 * w) ^ key);
	munmap(m, size);
	return bad != 0;
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
enum { NL_ONE, NL_BATCH, NL_ENTRIES, LUO, NR_APIS };
static const char *const api_names[] = { "nl", "nl-batch", "nl-entries",
					 "luo" };

/* Set: the preserve functions trace the adds they time. */
static int profiling;
static int prof_start(void);
static int prof_stop(const char *op, const char *api);

/*
 * Preserve n files with one API, in sessions of at most PER_SESSION
 * files, then let them go; return the time the adds took, 0 on error.
 */
static uint64_t preserve_nl(struct lunl *l, const int *fds, int n, int how)
{
	int parts = nr_parts(n), p, i, failed, err = 0;
	uint64_t *tokens = calloc(n, sizeof(*tokens)), t = 0, t0;
	int made = 0;
	char name[32];

	if (!tokens)
		return 0;
	for (i = 0; i < n; i++)
		tokens[i] = i + 1;
	for (p = 0; p < parts && !err; p++) {
		int first = p * PER_SESSION;
		int cnt = part_files(n, p);

		snprintf(name, sizeof(name), "%s-%d", LIVE_SESSION, p);
		err = lunl_session_new(l, name, 0, NULL);
		if (!err)
			made++;
		if (!err && profiling)
			err = prof_start();
		t0 = now_ns();
		if (err)
			break;
		if (how == NL_BATCH)
			err = lunl_fd_add_batch(l, name, fds + first,
						tokens + first, cnt, &failed);
		else if (how == NL_ENTRIES)
			err = lunl_fd_add_entries(l, name, fds + first,
						  tokens + first, NULL, cnt,
						  &failed);
		for (i = 0; how == NL_ONE && i < cnt && !err; i++)
			err = lunl_fd_add(l, name, fds[first + i],
					  tokens[first + i]);
		t += now_ns() - t0;
		if (profiling && prof_stop("preserve", api_names[how]))
			err = -EIO;
	}
	if (err)
		fprintf(stderr, "fd add: %s (%s)\n", strerror(-err), l->extack);
	/* Deleting a session unpreserves its files. */
	for (i = 0; i < made; i++) {
		snprintf(name, sizeof(name), "%s-%d", LIVE_SESSION, i);
		err |= lunl_session_del(l, name);
	}
	free(tokens);
	return err ? 0 : t;
}

static uint64_t preserve_luo(const int *fds, int n)
{
	int parts = nr_parts(n), dev = luo_dev();
	int *sfd = calloc(parts, sizeof(*sfd)), p, i, err = dev < 0 || !sfd;
	char name[32];
	uint64_t t = 0, t0;

	for (p = 0; sfd && p < parts; p++)
		sfd[p] = -1;
	for (p = 0; p < parts && !err; p++) {
		int first = p * PER_SESSION;
		int end = first + part_files(n, p);

		snprintf(name, sizeof(name), "%s-%d", LUO_SESSION, p);
		sfd[p] = luo_create(dev, name);
		if (sfd[p] < 0) {
			err = 1;
			break;
		}
		if (profiling && prof_start()) {
			err = 1;
			break;
		}
		t0 = now_ns();
		for (i = first; i < end && !err; i++)
			err = luo_preserve(sfd[p], fds[i], i + 1);
		t += now_ns() - t0;
		if (profiling && prof_stop("preserve", "luo"))
			err = 1;
		if (err)
			perror("PRESERVE_FD");
	}
	/* Closing a session unpreserves its files. */
	for (i = 0; sfd && i < parts; i++)
		if (sfd[i] >= 0)
			close(sfd[i]);
	if (dev >= 0)
		close(dev);
	free(sfd);
	return err ? 0 : t;
}

static uint64_t preserve(struct lunl *l, int api, const int *fds, int n)
{
	return api == LUO ? preserve_luo(fds, n) : preserve_nl(l, fds, n, api);
}

static int write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	size_t len = strlen(s), off = 0;
	int err = 0;

	if (fd < 0)
		return -1;
	/*
	 * An empty string: the truncation is the write (a trace's reset).
	 * tracefs takes a list one name per write(), as echo loops.
	 */
	while (off < len && !err) {
		ssize_t n = write(fd, s + off, len - off);

		if (n <= 0)
			err = n < 0 ? errno : EIO;
		else
			off += n;
	}
	close(fd);
	errno = err;
	return err ? -1 : 0;
}

static int tracing(const char *file, const char *s)
{
	char path[128];

	snprintf(path, sizeof(path), TRACING "/%s", file);
	return write_file(path, s);
}

/* Inclusive time of one function in a function_graph trace. */
struct prof {
	char name[64];
	uint64_t ns;
	uint64_t calls;
};

static int prof_cmp(const void *a, const void *b)
{
	const struct prof *x = a, *y = b;

	return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

/*
 * Read the function_graph trace (funcgraph-tail on): every leaf "f();"
 * and every closing "} /+ f +/" carries its inclusive time in us. Print
 * the 40 functions that took most.
 */
static int prof_report(const char *op, const char *api)
{
	static struct prof p[4096];
	int np = 0, i, lost = 0;
	char line[512];
	FILE *f;

	memset(p, 0, sizeof(p));
	f = fopen(TRACING "/trace", "r");
	CHECK(f, "cannot read the trace: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		char *bar = strchr(line, '|'), *us, *name, *end;
		double dur;

		if (strstr(line, "LOST"))
			lost++;
		if (line[0] == '#' || !bar)
			continue;
		us = strstr(line, " us ");
		if (!us || us > bar)
			continue;
		while (us > line && (us[-1] == '.' || (us[-1] >= '0' && us[-1] <= '9')))
			us--;
		dur = atof(us);
		name = bar + 1;
		while (*name == ' ')
			name++;
		if (*name == '}') {
			name = strstr(name, "/* ");
			if (!name)
				continue;
			name += 3;
			end = strstr(name, " */");
		} else {
			end = strstr(name, "();");
		}
		if (!end || end - name >= (int)sizeof(p[0].name))
			continue;
		*end = 0;
		for (i = 0; i < np && strcmp(p[i].name, name); i++)
			;
		if (i == np) {
			if (np == (int)(sizeof(p) / sizeof(p[0]))) {
				lost++;
				continue;
			}
			snprintf(p[np++].name, sizeof(p[0].name), "%s", name);
		}
		p[i].ns += (uint64_t)(dur * 1000);
		p[i].calls++;
	}
	fclose(f);
	qsort(p, np, sizeof(p[0]), prof_cmp);
	for (i = 0; i < np && i < 40; i++)
		printf("# LUNL-PROF %s %s %s %" PRIu64 " %" PRIu64 "\n", op, api,
		       p[i].name, p[i].ns, p[i].calls);
	CHECK(np > 0 && !lost,
	      "the trace of %s %s has %d functions; %d lost events or names",
	      op, api, np, lost);
	return 0;
}

/* Trace this process's system calls with function_graph. */
static int prof_start(void)
{
	char pid[16];
	const char *const steps[][2] = {
		{ "tracing_on", "0" },
		{ "current_tracer", "nop" },
		{ "buffer_size_kb", "65536" },
		{ "set_ftrace_pid", pid },
		{ "set_graph_function",
		  "__x64_sys_sendmsg __x64_sys_recvmsg __x64_sys_ioctl" },
		{ "current_tracer", "function_graph" },
		{ "options/funcgraph-tail", "1" },
		{ "options/funcgraph-irqs", "0" },
		{ "trace", "" },
		{ "tracing_on", "1" },
	};
	struct stat st;
	unsigned int i;

	if (stat(TRACING "/trace", &st))
		mount("tracefs", TRACING, "tracefs", 0, NULL);
	/*
	 * ftrace patches every function's entry, with int3 on the way: under
	 * TCG another vCPU can still hit one that is gone (an "Oops: int3"
	 * in its timer tick was seen). The profile runs with that vCPU
	 * offline; this process runs on the first one anyway.
	 */
	CHECK(!write_file(CPU1, "0"), "cannot take cpu1 offline: %s",
	      strerror(errno));
	snprintf(pid, sizeof(pid), "%d", getpid());
	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		CHECK(!tracing(steps[i][0], steps[i][1]),
		      "function_graph: writing \"%s\" to %s: %s", steps[i][1],
		      steps[i][0], strerror(errno));
	return 0;
}

static int prof_stop(const char *op, const char *api)
{
	CHECK(!tracing("tracing_on", "0"), "cannot stop tracing");
	if (prof_report(op, api))
		return -1;
	CHECK(!tracing("current_tracer", "nop") && !tracing("trace", ""),
	      "cannot reset tracing");
	CHECK(!write_file(CPU1, "1"), "cannot bring cpu1 back: %s",
	      strerror(errno));
	return 0;
}

/*
 * The API in place @k of repetition @row, out of @n: a Williams design.
 * Over n repetitions (2n for an odd n) every API takes every place
 * equally often and follows every other API equally often, so that
 * neither a place in the order nor the API run just before favours one.
 * Row 0 is 0, 1, n-1, 2, n-2, ...; row r adds r to it (mod n); for an
 * odd n, rows n to 2n-1 are rows 0 to n-1 reversed.
 */
static int williams(int n, int row, int k)
{
	int rows = n % 2 ? 2 * n : n, j;

	row %= rows;
	j = row < n ? k : n - 1 - k;
	j = j % 2 ? (j + 1) / 2 : (n - j / 2) % n;
	return (j + row % n) % n;
}

static int *make_files(int n, uint64_t size)
{
	int *fds = calloc(n, sizeof(*fds)), i;

	for (i = 0; fds && i < n; i++) {
		fds[i] = make_memfd(file_key(0, 'p', i), size, 0);
		if (fds[i] < 0) {
			while (i--)
				close(fds[i]);
			free(fds);
			return NULL;
		}
	}
	return fds;
}

static void close_files(int *fds, int n)
{
	while (n--)
		close(fds[n]);
	free(fds);
}

/* Preserve n files of size bytes with apis[], reps times, in turn. */
static int preserve_series(struct lunl *l, const char *kind, int n,
			   uint64_t size, const int *apis, int napis, int reps)
{
	int *fds = make_files(n, size), r, k;

	CHECK(fds, "%d memfds: %s", n, strerror(errno));
	for (r = 0; r < reps; r++) {
		for (k = 0; k < napis; k++) {
			int api = apis[williams(napis, r, k)];
			uint64_t t = preserve(l, api, fds, n);

			CHECK(t, "preserving %d memfds through %s failed", n,
			      api_names[api]);
			figure("preserve", api_names[api], kind, n, r, t / n);
		}
	}
	close_files(fds, n);
	return 0;
}

static int cmd_live(int reps)
{
	static const int live_apis[] = { NL_ONE, NL_BATCH, NL_ENTRIES, LUO };
	static const int scale_apis[] = { NL_ENTRIES, LUO };
	static const int ns[] = { 1, 100, 1000, 10000 };
	static const int scale_ns[] = { 1, 10, 100, 1000, 10000, 100000 };
	struct lunl_session_info *s;
	int *fds, i, r, err;
	struct lunl l;
	unsigned int k;
	char name[32];
	uint64_t t0;

	CHECK(reps >= 5, "at least 5 repetitions");
	CHECK(!lunl_open(&l), "no liveupdate family");
	/*
	 * The live control: the first touch of a fresh memfd of 1 MiB, the
	 * same code under both names, in turn first.
	 */
	for (r = 0; r < reps; r++) {
		for (k = 0; k < 2; k++) {
			int api = williams(2, r, k) ? LUO : NL_ONE;
			uint64_t ns = 0;

			i = make_memfd(file_key(r, 'c', k), 1 << 20, 0);
			CHECK(i >= 0 && !touch(i, file_key(r, 'c', k), 1 << 20,
					       0, &ns),
			      "live control: %s", strerror(errno));
			close(i);
			figure("touch", api_names[api], "live", 1 << 20, r, ns);
		}
	}
	for (k = 0; k < sizeof(ns) / sizeof(ns[0]); k++)
		if (preserve_series(&l, "n", ns[k], SMALL, live_apis, NR_APIS,
				    reps))
			return -1;
	for (k = 0; k < sizeof(scale_ns) / sizeof(scale_ns[0]); k++)
		if (preserve_series(&l, "files", scale_ns[k], TINY, scale_apis,
				    2, 3))
			return -1;

	/* A dump of 1000 sessions: the family's alone, LUO lists none. */
	s = calloc(1001, sizeof(*s));
	CHECK(s, "out of memory");
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "dump-%d", i);
		CHECK(!lunl_session_new(&l, name, 0, NULL), "session-new: %s",
		      l.extack);
	}
	for (r = 0; r < reps; r++) {
		t0 = now_ns();
		i = lunl_session_dump(&l, s, 1001);
		figure("dump", "nl", "n", 1000, r, now_ns() - t0);
		CHECK(i >= 1000, "dump listed %d of 1000 sessions", i);
	}
	for (i = 0; i < 1000; i++) {
		snprintf(name, sizeof(name), "dump-%d", i);
		CHECK(!lunl_session_del(&l, name), "session-del: %s", l.extack);
	}
	free(s);

	/* Where the time of 32 adds goes, each API alike. */
	fds = make_files(32, SMALL);
	CHECK(fds, "memfds: %s", strerror(errno));
	profiling = 1;
	for (k = 0; k < NR_APIS; k++) {
		t0 = preserve(&l, k, fds, 32);
		if (!t0 && fail_msg)
			return -1;
		CHECK(t0, "profiled preserve through %s failed", api_names[k]);
	}
	profiling = 0;

	/*
	 * The family's freeze request, one session of one memfd: the
	 * family's own share of a freeze (LUO's can only be timed on the
	 * kexec path, lib/tests/lunl_luo_timing.c).
	 */
	CHECK(!lunl_session_new(&l, LIVE_SESSION, 0, NULL) &&
	      !lunl_fd_add(&l, LIVE_SESSION, fds[0], 1),
	      "freeze profile setup: %s", l.extack);
	if (prof_start())
		return -1;
	err = lunl_freeze(&l, NULL);
	if (prof_stop("freeze", "nl"))
		return -1;
	CHECK(!err && !lunl_unfreeze(&l, NULL) &&
	      !lunl_session_del(&l, LIVE_SESSION), "freeze profile: %s",
	      l.extack);
	close_files(fds, 32);
	lunl_close(&l);
	return 0;
}

/* Hold LUO's sessions of @c until kexec: a child keeps their fds open. */
static int luo_hold(const struct bcase *c, uint64_t seed, int sample)
{
	int n = case_files(c), parts = case_parts(c), pfd[2], dev, sfd, p, i;
	uint64_t size = case_size(c);
	char name[64], ok = 0;
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
		for (p = 0; ok == 1 && p < parts; p++)
			printf("# LUNL-BENCH session luo %s %" PRIu64 " l %d\n",
			       c->kind, c->value, sample);
		return ok == 1 ? 0 : -1;
	}
	setsid();
	close(pfd[0]);
	dev = luo_dev();
	if (dev < 0)
		_exit(1);
	for (p = 0; p < parts; p++) {
		int end = p * PER_SESSION + part_files(n, p);

		session_name(name, sizeof(name), 'l', c, p);
		sfd = luo_create(dev, name);
		if (sfd < 0)
			_exit(1);
		for (i = p * PER_SESSION; i < end; i++) {
			int fd = make_memfd(file_key(seed, 'l', i), size,
					    case_zero(c));

			if (fd < 0 || luo_preserve(sfd, fd, i + 1))
				_exit(1);
			close(fd);
		}
	}
	close(dev);
	ok = 1;
	if (write(pfd[1], &ok, 1) != 1)
		_exit(1);
	close(pfd[1]);
	for (;;)
		pause();
}

/* One session of the family for part @p of @c, through API @api. */
static int setup_nl(struct lunl *l, const struct bcase *c, char api, int p,
		    uint64_t seed)
{
	int n = case_files(c), first = p * PER_SESSION, i, failed;
	int cnt = part_files(n, p);
	uint64_t *tokens = calloc(cnt, sizeof(*tokens));
	int *fds = calloc(cnt, sizeof(*fds));
	char name[64];

	CHECK(fds && tokens, "out of memory");
	session_name(name, sizeof(name), api, c, p);
	CHECK(!lunl_session_new_data(l, name, 0, &seed, sizeof(seed), NULL),
	      "session-new %s: %s", name, l->extack);
	for (i = 0; i < cnt; i++) {
		fds[i] = make_memfd(file_key(seed, api, first + i), case_size(c),
				    case_zero(c));
		tokens[i] = first + i + 1;
		CHECK(fds[i] >= 0, "memfd %d: %s", i, strerror(errno));
	}
	CHECK(!lunl_fd_add_entries(l, name, fds, tokens, NULL, cnt, &failed),
	      "fd add %s %d: %s", name, failed, l->extack);
	for (i = 0; i < cnt; i++)
		close(fds[i]);
	free(fds);
	free(tokens);
	return 0;
}

/*
 * The cases of a hop: first one memfd of 64 KiB per API and way of
 * restoring, frozen and restored first, so that no figure pays for TCG
 * translating code that runs for the first time; then @cases; then, if
 * @prof, 32 memfds whose restore is profiled.
 */
#define MAX_HOP_CASES	16
static int hop_cases(const struct bcase *cases, int ncases, int prof,
		     const struct bcase **out)
{
	static const struct bcase warm = { "warm", 1, "ob" };
	static const struct bcase profiled = { "prof", 32, "b" };
	int n = 0, c;

	out[n++] = &warm;
	for (c = 0; c < ncases && n < MAX_HOP_CASES - 1; c++)
		out[n++] = &cases[c];
	if (prof)
		out[n++] = &profiled;
	return n;
}

static int cmd_setup(const struct bcase *all, int nall, int sample, int prof)
{
	const struct bcase *cases[MAX_HOP_CASES];
	struct lunl_status_info st0, st1, st2;
	int c, p, ncases;
	const char *a;
	uint64_t seed;
	struct lunl l;

	ncases = hop_cases(all, nall, prof, cases);
	printf("# LUNL-BENCH hop\n");
	CHECK(getrandom(&seed, sizeof(seed), 0) == sizeof(seed), "getrandom");
	CHECK(!write_file(TIMING, "1"),
	      "cannot ask for the freeze times (%s): CONFIG_LIVEUPDATE_NL_LUO_TIMING",
	      TIMING);
	CHECK(!lunl_open(&l), "no liveupdate family");
	for (c = 0; c < ncases; c++) {
		for (a = cases[c]->apis; *a; a++) {
			for (p = 0; p < case_parts(cases[c]); p++) {
				CHECK(!lunl_status(&l, &st0), "status: %s",
				      l.extack);
				if (setup_nl(&l, cases[c], *a, p, seed))
					return -1;
				CHECK(!lunl_status(&l, &st1), "status: %s",
				      l.extack);
				printf("# LUNL-BENCH session nl %s %" PRIu64 " %c %d\n",
				       cases[c]->kind, cases[c]->value, *a, sample);
			}
		}
		/* The family's record: a session with no file, then 1000. */
		if (!strcmp(cases[c]->kind, "n") && cases[c]->value == 1000) {
			CHECK(!lunl_session_new(&l, "bench-meta", 0, NULL) &&
			      !lunl_status(&l, &st2) &&
			      !lunl_session_del(&l, "bench-meta"),
			      "metadata session: %s", l.extack);
			printf("# LUNL-BENCH meta nl session %u\n",
			       st2.record_size - st1.record_size);
			printf("# LUNL-BENCH meta nl fd %u\n",
			       (st1.record_size - st0.record_size -
				(st2.record_size - st1.record_size)) / 1000);
		}
		CHECK(!luo_hold(cases[c], seed, sample),
		      "LUO sessions of %s %" PRIu64 " failed", cases[c]->kind,
		      cases[c]->value);
	}
	lunl_close(&l);
	return 0;
}

/* Restore, touch and finish one API's sessions of case @c. */
static int restore_nl(struct lunl *l, const struct bcase *c, char api,
		      uint64_t seed, int sample, const char *prof)
{
	int n = case_files(c), parts = case_parts(c), p, i, failed, bad = 0;
	uint64_t t_restore = 0, t_touch = 0, t_finish = 0, t0;
	int *fds = calloc(PER_SESSION, sizeof(*fds));
	uint64_t *tokens = calloc(PER_SESSION, sizeof(*tokens));
	const char *api_name = api == 'o' ? "nl" : "nl-batch";
	char name[64];

	CHECK(fds && tokens, "out of memory");
	if (prof && prof_start())
		return -1;
	for (p = 0; p < parts; p++) {
		int first = p * PER_SESSION;
		int cnt = part_files(n, p);

		session_name(name, sizeof(name), api, c, p);
		for (i = 0; i < cnt; i++)
			tokens[i] = first + i + 1;
		t0 = now_ns();
		if (api == 'b') {
			CHECK(!lunl_fd_restore_entries(l, name, cnt, tokens,
						       NULL, 0, fds, &failed),
			      "restore %s, file %d: %s", name, failed,
			      l->extack);
		} else {
			for (i = 0; i < cnt; i++)
				CHECK(!lunl_fd_restore(l, name, tokens[i], 0,
						       &fds[i], NULL),
				      "restore %s %d: %s", name, i, l->extack);
		}
		t_restore += now_ns() - t0;
		if (prof && prof_stop(prof, api_name))
			return -1;
		for (i = 0; i < cnt; i++) {
			bad |= touch(fds[i], file_key(seed, api, first + i),
				     case_size(c), case_zero(c), &t_touch);
			close(fds[i]);
		}
		t0 = now_ns();
		CHECK(!lunl_session_finish(l, name, 0), "finish %s: %s", name,
		      l->extack);
		t_finish += now_ns() - t0;
	}
	free(fds);
	free(tokens);
	CHECK(!bad, "%s: restored data differs", name);
	if (prof)
		return 0;
	figure("restore", api_name, c->kind, c->value, sample, t_restore);
	figure("touch", api_name, c->kind, c->value, sample, t_touch);
	figure("finish", api_name, c->kind, c->value, sample, t_finish);
	return 0;
}

/*
 * The same through the ioctls: RETRIEVE_SESSION is part of the restore,
 * as the family names the session in every request.
 */
static int restore_luo(const struct bcase *c, uint64_t seed, int sample,
		       const char *prof)
{
	struct liveupdate_session_finish fin = { .size = sizeof(fin) };
	int n = case_files(c), parts = case_parts(c), dev, p, i, bad = 0;
	uint64_t t_restore = 0, t_touch = 0, t_finish = 0, t0;
	int *fds = calloc(PER_SESSION, sizeof(*fds));

	CHECK(fds, "out of memory");
	dev = luo_dev();
	CHECK(dev >= 0, "/dev/liveupdate: %s", strerror(errno));
	if (prof && prof_start())
		return -1;
	for (p = 0; p < parts; p++) {
		struct liveupdate_ioctl_retrieve_session rs = {
			.size = sizeof(rs),
		};
		int first = p * PER_SESSION;
		int cnt = part_files(n, p);

		session_name((char *)rs.name, sizeof(rs.name), 'l', c, p);
		t0 = now_ns();
		CHECK(!ioctl(dev, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &rs),
		      "RETRIEVE_SESSION %s: %s", rs.name, strerror(errno));
		for (i = 0; i < cnt; i++) {
			struct liveupdate_session_retrieve_fd r = {
				.size = sizeof(r), .token = first + i + 1,
			};

			CHECK(!ioctl(rs.fd, LIVEUPDATE_SESSION_RETRIEVE_FD, &r),
			      "RETRIEVE_FD %d: %s", first + i + 1,
			      strerror(errno));
			fds[i] = r.fd;
		}
		t_restore += now_ns() - t0;
		if (prof && prof_stop(prof, "luo"))
			return -1;
		for (i = 0; i < cnt; i++) {
			bad |= touch(fds[i], file_key(seed, 'l', first + i),
				     case_size(c), case_zero(c), &t_touch);
			close(fds[i]);
		}
		t0 = now_ns();
		CHECK(!ioctl(rs.fd, LIVEUPDATE_SESSION_FINISH, &fin),
		      "FINISH: %s", strerror(errno));
		t_finish += now_ns() - t0;
		close(rs.fd);
	}
	close(dev);
	free(fds);
	CHECK(!bad, "LUO's restored data differs");
	if (prof)
		return 0;
	figure("restore", "luo", c->kind, c->value, sample, t_restore);
	figure("touch", "luo", c->kind, c->value, sample, t_touch);
	figure("finish", "luo", c->kind, c->value, sample, t_finish);
	return 0;
}

static int cmd_restore(const struct bcase *all, int nall, int sample,
		       int prof)
{
	struct lunl_session_info *s = calloc(1, sizeof(*s));
	const struct bcase *cases[MAX_HOP_CASES];
	int c, k, napis, err, ncases;
	char order[8], name[64];
	uint64_t seed;
	struct lunl l;

	ncases = hop_cases(all, nall, prof, cases);
	CHECK(s && !lunl_open(&l), "no liveupdate family");
	for (c = 0; c < ncases; c++) {
		/* The hop's seed, in the data of the family's sessions. */
		session_name(name, sizeof(name), cases[c]->apis[0], cases[c],
			     0);
		CHECK(!lunl_session_get(&l, name, s) &&
		      s->data_len == sizeof(seed), "session %s: %s", name,
		      l.extack);
		memcpy(&seed, s->data, sizeof(seed));
		/* Profiled, not timed: the family's batch, then LUO. */
		if (!strcmp(cases[c]->kind, "prof")) {
			if (restore_nl(&l, cases[c], 'b', seed, sample,
				       "restore") ||
			    restore_luo(cases[c], seed, sample, "restore"))
				return -1;
			continue;
		}
		/* Every API in every place, after every other, as often. */
		snprintf(order, sizeof(order), "%sl", cases[c]->apis);
		napis = strlen(order);
		for (k = 0; k < napis; k++) {
			char api = order[williams(napis, sample + c, k)];

			err = api == 'l' ? restore_luo(cases[c], seed, sample,
						       NULL) :
			      restore_nl(&l, cases[c], api, seed, sample, NULL);
			if (err)
				return -1;
		}
	}
	lunl_close(&l);
	free(s);
	return 0;
}

int main(int argc, char **argv)
{
	struct rlimit rl = { 1 << 18, 1 << 18 };
	const char *cmd = argc > 1 ? argv[1] : "";
	int arg = argc > 2 ? atoi(argv[2]) : -1;
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
	if (!strcmp(cmd, "live") && argc == 3)
		err = cmd_live(arg);
	else if (!strcmp(cmd, "setup") && argc == 3)
		err = cmd_setup(CASES(kexec_cases), arg, arg == 1);
	else if (!strcmp(cmd, "restore") && argc == 3)
		err = cmd_restore(CASES(kexec_cases), arg, arg == 1);
	else if (!strcmp(cmd, "setup-scale") && (arg == 1 || arg == 2))
		err = cmd_setup(scale_hops[arg - 1].cases,
				scale_hops[arg - 1].n, 0, 0);
	else if (!strcmp(cmd, "restore-scale") && (arg == 1 || arg == 2))
		err = cmd_restore(scale_hops[arg - 1].cases,
				  scale_hops[arg - 1].n, 0, 0);
	else
		fail_msg = "usage: lunl_bench live R | setup S | restore S | setup-scale 1|2 | restore-scale 1|2";
	if (err && !fail_msg)
		fail_msg = "failed";
	if (fail_msg) {
		printf("# %s\nnot ok 1 lunl_bench.%s\n", fail_msg, cmd);
		return 1;
	}
	printf("ok 1 lunl_bench.%s\n", cmd);
	return 0;
}
