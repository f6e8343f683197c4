// SPDX-License-Identifier: GPL-2.0
/*
 * What crosses a kexec, and what does not, at the edges of the model:
 *
 * - an incoming session left unfinished across the next kexec: it is not
 *   carried, and an outgoing session of the same name created meanwhile
 *   is the only one the kernel after that sees;
 * - an incoming and an outgoing session of one name at once: both are
 *   listed, and each request picks the direction it works on;
 * - an owned session, whose owner is alive at kexec: it comes back
 *   unowned;
 * - finish without discard while a file is unrecoverable: refused, the
 *   session stays, and finish with discard releases it;
 * - fd-restore when the caller has no free descriptor: refused, and the
 *   file stays restorable;
 * - finish with discard gives the preserved memory back to the system;
 * - the incoming count, against what the kernel says it received at boot;
 * - an empty freeze: the next kernel receives nothing;
 * - scale: LIVEUPDATE_NL_MAX_SESSIONS outgoing sessions, one of them with
 *   LIVEUPDATE_NL_MAX_FDS files, and the KHO record filled to its largest
 *   size, cross one kexec and come back byte-exact.
 *
 * The tests run in phases, each in its own boot (see the stage lists):
 * setup_* preserve (setup_freeze freezes; without it the kexec freezes
 * on the reboot path), check_* run after the first kexec, again_* and
 * empty_freeze after the second, empty_received after the third. The
 * scale cases (the setup and check of the maxima and of the record, and
 * setup_freeze) take long under emulation and run in a list of their
 * own, scale.list. The file contents, user data and labels derive from
 * a random nonce drawn at setup, so stale memory cannot pass for them;
 * the nonce and the user data lengths reach the later phases through a
 * file of the root file system, which the VM carries to the next boot.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define STATE_PATH	"/lunl-handover.state"

#define TWIN		"h-twin"
#define UNFIN		"h-unfinished"
#define OWNED		"h-owned"
#define LOST		"h-lost"
#define NOFD		"h-nofd"
#define DISCARD		"h-discard"
#define BIG		"h-big"
#define SMALL_FMT	"h-s-%04u"

/* The memfds finish with discard releases: 64 MiB in all. */
#define NDISCARD	16
#define DISCARD_SIZE	(4ULL << 20)

#define MAX_SESS	LIVEUPDATE_NL_MAX_SESSIONS
#define NBIG		LIVEUPDATE_NL_MAX_FDS
#define MAX_LABEL	LIVEUPDATE_NL_LABEL_MAX
#define SESSION_BYTES	48	/* struct lunl_ser_hdr, one per session */
#define FD_BYTES	32	/* struct lunl_fd_ser */
/* The largest record of a session, which BIG reaches. */
#define RECORD_MAX	(4 << 20)
/*
 * BIG's labels take what its file entries and BIG_DATA bytes of user data
 * leave of RECORD_MAX: BIG_LABEL bytes each, one more for the first
 * BIG_LONG files.
 */
#define BIG_DATA	(LIVEUPDATE_NL_USER_DATA_MAX - 1)
#define BIG_LABELS	(RECORD_MAX - SESSION_BYTES - NBIG * FD_BYTES - BIG_DATA)
#define BIG_LABEL	(BIG_LABELS / NBIG)
#define BIG_LONG	(BIG_LABELS % NBIG)

/* Which setup_* tests ran, for check_incoming. */
enum {
	RAN_TWIN	= 1 << 0,
	RAN_UNFIN	= 1 << 1,
	RAN_LOST	= 1 << 2,
	RAN_NOFD	= 1 << 3,
	RAN_DISCARD	= 1 << 4,
	RAN_OWNED	= 1 << 5,
	RAN_BIG		= 1 << 6,
	RAN_SMALL	= 1 << 7,
};

/* What setup hands to the later phases. */
struct h_state {
	char magic[8];
	char boot_id[40];		/* of the boot that ran setup */
	uint64_t nonce;
	uint32_t ran;			/* RAN_* */
	uint32_t first;			/* first SMALL_FMT index of ours */
	uint32_t nsmall;		/* SMALL_FMT sessions: first..MAX_SESS-1 */
	uint32_t record_size;		/* the records' size at freeze */
	uint32_t data_len[MAX_SESS];	/* of SMALL_FMT session i */
};

static struct h_state st;

static uint64_t mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The seed of file @b of session @a of kind @kind, for this run. */
static uint64_t seed(uint32_t kind, uint64_t a, uint64_t b)
{
	return mix(st.nonce ^ mix(((uint64_t)kind << 48) ^ (a << 24) ^ b));
}

static void boot_id(char *buf)
{
	int fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, 39) : -1;

	buf[n > 0 ? n : 0] = '\0';
	if (fd >= 0)
		close(fd);
}

static int state_write(void)
{
	int fd = open(STATE_PATH, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, &st, sizeof(st));
	close(fd);
	return n == sizeof(st) ? 0 : -EIO;
}

static int state_read(void)
{
	int fd = open(STATE_PATH, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, &st, sizeof(st));
	close(fd);
	return n == sizeof(st) && !memcmp(st.magic, "lunlho1", 8) ? 0 : -EINVAL;
}

/*
 * Setup: the state of this boot, made on first use. Later phases: the
 * state setup left, which must come from another boot.
 */
static int state_setup(void)
{
	char id[40];

	boot_id(id);
	if (!state_read() && !strcmp(st.boot_id, id))
		return 0;
	memset(&st, 0, sizeof(st));
	memcpy(st.magic, "lunlho1", 8);
	strcpy(st.boot_id, id);
	if (getrandom(&st.nonce, sizeof(st.nonce), 0) != sizeof(st.nonce))
		return -EIO;
	return state_write();
}

/* Setup test @bit is done. */
static int state_ran(uint32_t bit)
{
	int err = state_read();

	if (err)
		return err;
	st.ran |= bit;
	return state_write();
}

static int state_after_kexec(void)
{
	char id[40];
	int err = state_read();

	if (err)
		return err;
	boot_id(id);
	return strcmp(st.boot_id, id) ? 0 : -ESTALE;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * The time each of the first and of the last @k of @n steps took, so
 * that a cost growing with the number of sessions or files shows.
 */
struct pace {
	int n, k;
	double t[4];
};

static void pace_step(struct pace *p, int i)
{
	if (i == 0)
		p->t[0] = now_s();
	if (i == p->k)
		p->t[1] = now_s();
	if (i == p->n - p->k)
		p->t[2] = now_s();
	if (i == p->n)
		p->t[3] = now_s();
}

#define PACE_FMT	"first %d: %.2f ms each, last %d: %.2f ms each"
#define PACE_ARGS(p)	(p).k, ((p).t[1] - (p).t[0]) * 1e3 / (p).k,	\
			(p).k, ((p).t[3] - (p).t[2]) * 1e3 / (p).k

/* A memfd of @size bytes of the pattern of @seed, or -1. */
static int new_memfd(uint64_t size, uint64_t seed)
{
	int fd = memfd_create("lunl-ho", MFD_CLOEXEC);

	if (fd >= 0 && lunl_memfd_fill(fd, size, seed)) {
		close(fd);
		return -1;
	}
	return fd;
}

/* A session of @n memfds with labels "@name/<token>", tokens 1 to n. */
static int preserve(struct lunl *l, const char *name, const char *data,
		    int n, const uint64_t *size, uint32_t kind)
{
	char label[64];
	int i, fd, err;

	err = lunl_session_new_data(l, name, 0, data, strlen(data), NULL);
	for (i = 0; !err && i < n; i++) {
		fd = new_memfd(size[i], seed(kind, 0, i + 1));
		if (fd < 0)
			return -EIO;
		snprintf(label, sizeof(label), "%s/%d", name, i + 1);
		err = lunl_fd_add_label(l, name, fd, i + 1, label);
		close(fd);
	}
	return err;
}

/*
 * Restore @token of @session and count the bytes that differ from the
 * pattern of @seed over @size bytes: 0 if byte-exact, or a negative
 * errno. The descriptor goes to *@fdp if given, else it is closed.
 */
static int64_t restore_check(struct lunl *l, const char *session,
			     uint64_t token, uint64_t size, uint64_t seed,
			     int *fdp)
{
	struct lunl_fd_info info;
	uint64_t first = 0;
	int64_t bad;
	int fd, err;

	err = lunl_fd_restore(l, session, token, 0, &fd, &info);
	if (err)
		return err;
	bad = info.size == size ? lunl_memfd_check(fd, size, seed, &first) :
				  -EFBIG;
	if (fdp)
		*fdp = fd;
	else
		close(fd);
	return bad;
}

static int fd_state(struct lunl *l, const char *session, uint64_t token)
{
	struct lunl_fd_info f;

	return lunl_fd_get(l, session, token, &f) ? -1 : (int)f.state;
}

/* A field of /proc/meminfo, in kB, or -1. */
static long meminfo(const char *field)
{
	char line[128];
	size_t n = strlen(field);
	long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}

/*
 * Free memory in kB as the page allocator holds it: MemFree, after the
 * per-CPU counter deltas are folded in (vm.stat_refresh), plus the pages
 * waiting on the per-CPU free lists, which MemFree does not count; a
 * large free may leave megabytes there. -1 if a file cannot be read.
 */
static long free_kb(void)
{
	long kb, pages = 0, page_kb = sysconf(_SC_PAGESIZE) / 1024;
	char line[256];
	FILE *f;
	int fd;

	fd = open("/proc/sys/vm/stat_refresh", O_WRONLY);
	if (fd < 0)
		return -1;
	if (write(fd, "1", 1) != 1) {
		close(fd);
		return -1;
	}
	close(fd);
	f = fopen("/proc/zoneinfo", "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		const char *p = line + strspn(line, " ");

		if (!strncmp(p, "count:", 6))
			pages += strtol(p + 6, NULL, 10);
	}
	fclose(f);
	kb = meminfo("MemFree");
	return kb < 0 ? -1 : kb + pages * page_kb;
}

/*
 * The kernel log of this boot: count the lines starting with @prefix and
 * keep the last in @out. *@whole tells whether the log still holds this
 * boot's first line, so that an absence means something.
 */
static int kmsg_grep(const char *prefix, char *out, size_t size, int *whole)
{
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK);
	char rec[4096];
	int found = 0, first = 1;

	*whole = 0;
	if (fd < 0)
		return -errno;
	for (;;) {
		ssize_t n = read(fd, rec, sizeof(rec) - 1);
		unsigned long long seq;
		char *msg, *end;

		if (n < 0 && errno == EPIPE) {
			first = 0;	/* records were overwritten */
			continue;
		}
		if (n <= 0)
			break;
		rec[n] = '\0';
		msg = strchr(rec, ';');
		if (!msg || sscanf(rec, "%*u,%llu,", &seq) != 1)
			continue;
		if (first)
			*whole = seq == 0;
		first = 0;
		msg++;
		end = strchr(msg, '\n');
		if (end)
			*end = '\0';
		if (strncmp(msg, prefix, strlen(prefix)))
			continue;
		found++;
		snprintf(out, size, "%s", msg);
	}
	close(fd);
	return found;
}

/*
 * The sessions of the listing, and the files of any session that has
 * more than the listing carries.
 */
static struct lunl_session_info *dump_all(struct lunl *l, int *n)
{
	int max = MAX_SESS + 64;
	struct lunl_session_info *s = calloc(max, sizeof(*s));

	*n = s ? lunl_session_dump(l, s, max) : -ENOMEM;
	if (*n > max)
		*n = -E2BIG;
	return s;
}

/* The sessions named @name in @s, @n of them; the first in *@out. */
static int count_named(struct lunl_session_info *s, int n, const char *name,
		       uint32_t dir, struct lunl_session_info **out)
{
	int i, k = 0;

	for (i = 0; i < n; i++) {
		if (strcmp(s[i].name, name) || s[i].direction != dir)
			continue;
		if (!k++ && out)
			*out = &s[i];
	}
	return k;
}

/* Sizes of the scale files: 1 byte to 1 page. */
static uint64_t small_size(uint32_t i)
{
	return 1 + seed(7, i, 0) % 4096;
}

static uint64_t big_size(uint32_t i)
{
	return 1 + seed(8, i, 0) % 4096;
}

/* The label of file @i of BIG: BIG_LABEL or BIG_LABEL + 1 bytes. */
static int big_label(char *buf, uint32_t i)
{
	int len = BIG_LABEL + (i < BIG_LONG), k;

	k = snprintf(buf, len + 1, "b%05u/", i);
	for (; k < len; k++)
		buf[k] = 'a' + (char)(seed(10, i, k) % 26);
	buf[len] = '\0';
	return len;
}

/* The user data of SMALL_FMT session @i: its first @len bytes. */
static void small_data(uint8_t *d, uint32_t i, uint32_t len)
{
	uint32_t j;

	for (j = 0; j < len; j++)
		d[j] = lunl_pattern(seed(11, i, 0), j);
}

FIXTURE(ho) {
	struct lunl l;
};

FIXTURE_SETUP(ho)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(ho)
{
	lunl_close(&self->l);
}

/* ---- setup, in the first boot ---- */

static const uint64_t twin_in[2] = { 5000, 1 };
static const uint64_t twin_out[2] = { 7000, 2 };	/* tokens 1 and 3 */
static const uint64_t unfin_in[3] = { 4096, 12345, 1 };
static const uint64_t lost_sz[2] = { 3 * 4096 + 1, 100 };
static const uint64_t nofd_sz[1] = { 2 * 4096 + 7 };
static const uint64_t owned_sz = 8191;

TEST_F(ho, setup_twin)
{
	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, preserve(&self->l, TWIN, "twin-in", 2, twin_in, 1));
	ASSERT_EQ(0, state_ran(RAN_TWIN));
}

TEST_F(ho, setup_unfinished)
{
	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, preserve(&self->l, UNFIN, "unfinished-1", 3, unfin_in, 2));
	ASSERT_EQ(0, state_ran(RAN_UNFIN));
}

TEST_F(ho, setup_lost)
{
	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, preserve(&self->l, LOST, "lost", 2, lost_sz, 3));
	ASSERT_EQ(0, state_ran(RAN_LOST));
}

TEST_F(ho, setup_nofd)
{
	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, preserve(&self->l, NOFD, "nofd", 1, nofd_sz, 4));
	ASSERT_EQ(0, state_ran(RAN_NOFD));
}

TEST_F_TIMEOUT(ho, setup_discard, 300)
{
	uint64_t size[NDISCARD];
	int i;

	for (i = 0; i < NDISCARD; i++)
		size[i] = DISCARD_SIZE;
	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, preserve(&self->l, DISCARD, "discard", NDISCARD, size, 5));
	ASSERT_EQ(0, state_ran(RAN_DISCARD));
}

/*
 * The owner: creates the owned session and holds its socket until the
 * kexec ends it, outside the harness's process group.
 */
static void owner_daemon(int ready)
{
	static const uint8_t data[] = "owned";
	struct lunl l;
	int fd, null;

	setsid();
	null = open("/dev/null", O_RDWR);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	fd = new_memfd(owned_sz, seed(6, 0, 1));
	if (fd < 0 || lunl_open(&l) ||
	    lunl_session_new_data(&l, OWNED, LIVEUPDATE_NL_SESSION_FLAGS_OWNED,
				  data, sizeof(data), NULL) ||
	    lunl_fd_add_label(&l, OWNED, fd, 1, "owned/1"))
		_exit(1);
	if (write(ready, "k", 1) != 1)
		_exit(2);
	close(ready);
	for (;;)
		pause();
}

TEST_F(ho, setup_owned)
{
	struct lunl_session_info s;
	int p[2], status;
	struct lunl other;
	char c = 0;
	pid_t pid;

	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, pipe(p));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		close(p[0]);
		/* Twice, so that init reaps the owner, not the harness. */
		if (!fork())
			owner_daemon(p[1]);
		_exit(0);
	}
	close(p[1]);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(1, read(p[0], &c, 1));
	ASSERT_EQ('k', c);
	close(p[0]);

	ASSERT_EQ(0, lunl_session_get(&self->l, OWNED, &s));
	EXPECT_EQ(LIVEUPDATE_NL_SESSION_FLAGS_OWNED, s.flags);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	/* Another socket closing leaves it alone. */
	ASSERT_EQ(0, lunl_open(&other));
	lunl_close(&other);
	ASSERT_EQ(0, lunl_session_get(&self->l, OWNED, &s));
	EXPECT_EQ(LIVEUPDATE_NL_SESSION_FLAGS_OWNED, s.flags);
	ASSERT_EQ(0, state_ran(RAN_OWNED));
}

/*
 * NBIG files in one session, as entries of fd-add requests, LUNL_ENTRIES
 * at a time; each file is written after it is preserved, so that the
 * pages the kernel pinned carry the content, not a copy.
 */
TEST_F_TIMEOUT(ho, setup_max_fds, 900)
{
	static char label[LUNL_ENTRIES][MAX_LABEL + 1];
	const char *labels[LUNL_ENTRIES];
	uint64_t tokens[LUNL_ENTRIES];
	int fds[LUNL_ENTRIES], failed, i, k, n;
	struct pace p = { .n = NBIG, .k = 1024 };
	double t0 = now_s();
	char msg[128];

	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, lunl_session_new(&self->l, BIG, 0, NULL));
	for (i = 0; i < NBIG; i += n) {
		pace_step(&p, i);
		n = NBIG - i < LUNL_ENTRIES ? NBIG - i : LUNL_ENTRIES;
		for (k = 0; k < n; k++) {
			fds[k] = memfd_create("lunl-ho-big", MFD_CLOEXEC);
			ASSERT_GE(fds[k], 0);
			ASSERT_EQ(0, ftruncate(fds[k], big_size(i + k)));
			tokens[k] = i + k + 1;
			labels[k] = big_label(label[k], i + k) ? label[k] : NULL;
		}
		ASSERT_EQ(0, lunl_fd_add_entries(&self->l, BIG, fds, tokens,
						 labels, n, &failed))
			TH_LOG("file %d: %s", i + failed, self->l.extack);
		for (k = 0; k < n; k++) {
			ASSERT_EQ(0, lunl_memfd_fill(fds[k], big_size(i + k),
						     seed(12, i + k, 0)));
			close(fds[k]);
		}
	}
	pace_step(&p, i);
	fds[0] = new_memfd(1, 0);
	ASSERT_GE(fds[0], 0);
	EXPECT_EQ(-ENOSPC, lunl_fd_add(&self->l, BIG, fds[0], NBIG + 1));
	snprintf(msg, sizeof(msg),
		 "the session already holds %d files: use another session", NBIG);
	EXPECT_STREQ(msg, self->l.extack);
	close(fds[0]);
	ASSERT_EQ(0, state_ran(RAN_BIG));
	TH_LOG("%d files preserved in one session in %.1f s; " PACE_FMT,
	       NBIG, now_s() - t0, PACE_ARGS(p));
}

/* Up to LIVEUPDATE_NL_MAX_SESSIONS outgoing sessions, one file each. */
TEST_F_TIMEOUT(ho, setup_max_sessions, 900)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	struct lunl_status_info status;
	double t0 = now_s();
	char name[32], msg[128];
	struct pace p;
	uint32_t i, len;
	int fd;

	ASSERT_EQ(0, state_setup());
	ASSERT_EQ(0, lunl_status(&self->l, &status));
	ASSERT_LT(status.sessions, MAX_SESS / 2);
	st.first = status.sessions;
	st.nsmall = MAX_SESS - st.first;
	p = (struct pace){ .n = st.nsmall, .k = 256 };
	for (i = st.first; i < MAX_SESS; i++) {
		pace_step(&p, i - st.first);
		len = seed(13, i, 0) % 700;
		small_data(data, i, len);
		snprintf(name, sizeof(name), SMALL_FMT, i);
		ASSERT_EQ(0, lunl_session_new_data(&self->l, name, 0, data, len,
						   NULL))
			TH_LOG("%s: %s", name, self->l.extack);
		st.data_len[i] = len;
		fd = memfd_create("lunl-ho-small", MFD_CLOEXEC);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, ftruncate(fd, small_size(i)));
		ASSERT_EQ(0, lunl_fd_add(&self->l, name, fd, 1))
			TH_LOG("%s: %s", name, self->l.extack);
		ASSERT_EQ(0, lunl_memfd_fill(fd, small_size(i), seed(14, i, 0)));
		close(fd);
	}
	pace_step(&p, i - st.first);
	st.ran |= RAN_SMALL;
	ASSERT_EQ(0, state_write());
	ASSERT_EQ(0, lunl_status(&self->l, &status));
	EXPECT_EQ(MAX_SESS, status.sessions);
	EXPECT_EQ(-ENOSPC, lunl_session_new(&self->l, "h-s-over", 0, NULL));
	snprintf(msg, sizeof(msg),
		 "the system already holds %d outgoing sessions: delete one first",
		 MAX_SESS);
	EXPECT_STREQ(msg, self->l.extack);
	TH_LOG("%u sessions of one file each in %.1f s (%u were there); " PACE_FMT,
	       st.nsmall, now_s() - t0, st.first, PACE_ARGS(p));
}

/* The record bytes of the sessions of @dir, from the listing. */
static int64_t record_bytes(struct __test_metadata *_metadata, struct lunl *l,
			    uint32_t dir, const char *only)
{
	static struct lunl_fd_info f[NBIG];
	struct lunl_session_info *s;
	int64_t bytes = 0;
	int n, i, j, k;

	s = dump_all(l, &n);
	for (i = 0; i < n; i++) {
		if (s[i].direction != dir || (only && strcmp(s[i].name, only)))
			continue;
		bytes += SESSION_BYTES + s[i].data_len +
			 (int64_t)FD_BYTES * s[i].fd_count;
		if (s[i].nfds == (int)s[i].fd_count) {
			for (j = 0; j < s[i].nfds; j++)
				bytes += strlen(s[i].fds[j].label);
			continue;
		}
		k = lunl_fd_dump(l, s[i].name, f, NBIG);
		EXPECT_EQ(s[i].fd_count, k);
		for (j = 0; j < k; j++)
			bytes += strlen(f[j].label);
	}
	free(s);
	return n < 0 ? n : bytes;
}

/*
 * Grow the user data of BIG until its record is exactly at its largest
 * size; any growth is then refused, and nothing changes.
 */
TEST_F_TIMEOUT(ho, setup_record_max, 300)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	struct lunl_status_info status;
	char msg[128];

	ASSERT_EQ(0, state_read());
	ASSERT_TRUE(st.ran & RAN_BIG);
	ASSERT_EQ(0, lunl_status(&self->l, &status));
	ASSERT_EQ(RECORD_MAX, status.record_max);
	ASSERT_EQ(RECORD_MAX - BIG_DATA,
		  record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING, BIG));
	small_data(data, MAX_SESS, sizeof(data));
	ASSERT_EQ(0, lunl_session_set(&self->l, BIG, data, BIG_DATA, NULL))
		TH_LOG("%s", self->l.extack);
	ASSERT_EQ(RECORD_MAX,
		  record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING, BIG));

	/* Full: one more byte of user data is refused. */
	snprintf(msg, sizeof(msg),
		 "the session's KHO record would exceed %u bytes: use another session",
		 RECORD_MAX);
	EXPECT_EQ(-ENOSPC, lunl_session_set(&self->l, BIG, data,
					    BIG_DATA + 1, NULL));
	EXPECT_STREQ(msg, self->l.extack);
	ASSERT_EQ(RECORD_MAX,
		  record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING, BIG));

	/* status-get adds every session's record up. */
	ASSERT_EQ(0, lunl_status(&self->l, &status));
	EXPECT_EQ(record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_OUTGOING, NULL),
		  status.record_size);
	st.record_size = status.record_size;
	ASSERT_EQ(0, state_write());
	TH_LOG("BIG's record at %u bytes; %u bytes in all", RECORD_MAX,
	       status.record_size);
}

/*
 * Freeze it all, the record at its largest. (Without this test, the
 * kexec freezes it on the reboot path.)
 */
TEST_F_TIMEOUT(ho, setup_freeze, 300)
{
	struct lunl_status_info status;

	ASSERT_EQ(0, state_read());
	ASSERT_EQ(RAN_BIG | RAN_SMALL, st.ran & (RAN_BIG | RAN_SMALL));
	ASSERT_EQ(0, lunl_freeze(&self->l, &status));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, status.state);
	EXPECT_EQ(MAX_SESS, status.sessions);
	EXPECT_EQ(st.record_size, status.record_size);
	EXPECT_GE(status.fds, NBIG + st.nsmall);
	TH_LOG("froze %u sessions, %u files, %u bytes of records in %.3f s",
	       status.sessions, status.fds, status.record_size,
	       status.freeze_ns / 1e9);
}

/* ---- after the first kexec ---- */

/*
 * The incoming count: every incoming session, and what the kernel said
 * it received, before anything is finished. This is the first request
 * of the boot (first in its stage of stages.list and scale.list): it
 * makes the family read the record, and a monitor subscribed before it
 * gets incoming-ntf with the counts of the status reply, once.
 */
TEST_F_TIMEOUT(ho, check_incoming, 300)
{
	static const struct {
		uint32_t ran;
		const char *name;
	} named[] = {
		{ RAN_TWIN, TWIN }, { RAN_UNFIN, UNFIN }, { RAN_LOST, LOST },
		{ RAN_NOFD, NOFD }, { RAN_DISCARD, DISCARD },
		{ RAN_OWNED, OWNED }, { RAN_BIG, BIG },
	};
	unsigned int got_s, got_f, fds = 0, incoming = 0, mine, ntf;
	struct lunl_status_info status;
	struct lunl_session_info *s;
	struct lunl_event ev;
	char line[256] = "";
	struct lunl mon;
	int n, i, whole;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));
	ASSERT_EQ(0, kmsg_grep("liveupdate_nl: received ", line, sizeof(line),
			       &whole));
	ASSERT_EQ(0, lunl_status(&self->l, &status));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, status.state);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 5000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_INCOMING_NTF, ev.cmd);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, ev.status.state);
	EXPECT_EQ(status.incoming, ev.status.incoming);
	EXPECT_EQ(status.sessions, ev.status.sessions);
	EXPECT_EQ(status.record_size, ev.status.record_size);
	ntf = ev.status.incoming;
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	for (i = 0; i < n; i++) {
		if (s[i].direction != LIVEUPDATE_NL_DIRECTION_INCOMING)
			continue;
		EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s[i].state);
		incoming++;
		fds += s[i].fd_count;
	}
	EXPECT_EQ(incoming, status.incoming);
	EXPECT_EQ(n - incoming, status.sessions);
	/* Every session of ours that setup made came in, once. */
	ASSERT_NE(0, st.ran);
	for (i = 0; i < (int)ARRAY_SIZE(named); i++) {
		if (!(st.ran & named[i].ran))
			continue;
		EXPECT_EQ(1, count_named(s, n, named[i].name,
					 LIVEUPDATE_NL_DIRECTION_INCOMING, NULL))
			TH_LOG("%s", named[i].name);
	}
	if (st.ran & RAN_SMALL) {
		for (i = 0, mine = 0; i < n; i++)
			mine += !strncmp(s[i].name, "h-s-", 4) &&
				s[i].direction == LIVEUPDATE_NL_DIRECTION_INCOMING;
		EXPECT_EQ(st.nsmall, mine);
	}
	ASSERT_EQ(1, kmsg_grep("liveupdate_nl: received ", line, sizeof(line),
			       &whole));
	ASSERT_EQ(2, sscanf(line, "liveupdate_nl: received %u sessions with %u files",
			    &got_s, &got_f));
	EXPECT_EQ(incoming, got_s);
	EXPECT_EQ(fds, got_f);
	/* Read once: the requests since sent nothing more. */
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&mon, &ev, 200));
	lunl_close(&mon);
	TH_LOG("%u incoming sessions with %u files; the kernel said \"%s\" at the first request, and incoming-ntf said %u",
	       incoming, fds, line, ntf);
	free(s);
}

/*
 * BIG's record came back at its largest, its user data with it; every
 * incoming session adds up to the size it had when frozen.
 */
TEST_F_TIMEOUT(ho, check_record_max, 300)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	struct lunl_session_info s;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_TRUE(st.ran & RAN_BIG);
	ASSERT_EQ(0, lunl_session_get(&self->l, BIG, &s));
	ASSERT_EQ(BIG_DATA, s.data_len);
	small_data(data, MAX_SESS, sizeof(data));
	EXPECT_EQ(0, memcmp(data, s.data, BIG_DATA));
	EXPECT_EQ(RECORD_MAX,
		  record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_INCOMING, BIG));
	EXPECT_EQ(st.record_size,
		  record_bytes(_metadata, &self->l,
			       LIVEUPDATE_NL_DIRECTION_INCOMING, NULL));
}

#define TWIN_AMBIGUOUS \
	"an incoming and an outgoing session have that name: give the direction"

/*
 * An incoming and an outgoing session of one name: a dump lists both;
 * session-get, fd-get and fd dumps need the direction and reach either;
 * session-set, fd-add and fd-del work on the outgoing one, fd-restore
 * and session-finish on the incoming one, and refuse the other direction
 * when it is given; a file is looked up in the session picked, not in
 * the other.
 */
TEST_F_TIMEOUT(ho, check_twin, 120)
{
	struct lunl_session_info *s, *in = NULL, *out = NULL, one;
	struct lunl_fd_info f[4];
	int fds[2], n, i, fd;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_session_new_data(&self->l, TWIN, 0, "twin-out", 8,
					   &one));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, one.direction);
	for (i = 0; i < 2; i++) {
		fds[i] = new_memfd(twin_out[i], seed(21, 0, 2 * i + 1));
		ASSERT_GE(fds[i], 0);
	}
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, TWIN, fds[0], 1, "twin-out/1"));
	ASSERT_EQ(0, lunl_fd_add(&self->l, TWIN, fds[1], 3));
	EXPECT_EQ(-EEXIST, lunl_session_new(&self->l, TWIN, 0, NULL));
	EXPECT_STREQ("an outgoing session of that name exists: pick another name",
		     self->l.extack);

	/* The dump: both, each with its own files and data. */
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	ASSERT_EQ(1, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_INCOMING,
				 &in));
	ASSERT_EQ(1, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_OUTGOING,
				 &out));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, in->state);
	ASSERT_EQ(7, in->data_len);
	EXPECT_EQ(0, memcmp("twin-in", in->data, 7));
	ASSERT_EQ(2, in->nfds);
	EXPECT_EQ(1, in->fds[0].token);
	EXPECT_EQ(twin_in[0], in->fds[0].size);
	EXPECT_STREQ(TWIN "/1", in->fds[0].label);
	EXPECT_EQ(2, in->fds[1].token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, in->fds[1].state);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, out->state);
	ASSERT_EQ(8, out->data_len);
	EXPECT_EQ(0, memcmp("twin-out", out->data, 8));
	ASSERT_EQ(2, out->nfds);
	EXPECT_EQ(1, out->fds[0].token);
	EXPECT_EQ(twin_out[0], out->fds[0].size);
	EXPECT_STREQ("twin-out/1", out->fds[0].label);
	EXPECT_EQ(3, out->fds[1].token);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, out->fds[1].state);
	free(s);

	/* session-get and fd-get: the name alone is ambiguous. */
	EXPECT_EQ(-EINVAL, lunl_session_get(&self->l, TWIN, &one));
	EXPECT_STREQ(TWIN_AMBIGUOUS, self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_get(&self->l, TWIN, 1, &f[0]));
	EXPECT_STREQ(TWIN_AMBIGUOUS, self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_dump(&self->l, TWIN, f, 4));
	EXPECT_STREQ(TWIN_AMBIGUOUS, self->l.extack);

	/* With the direction: the outgoing one, and only it... */
	lunl_set_direction(&self->l, LIVEUPDATE_NL_DIRECTION_OUTGOING);
	ASSERT_EQ(0, lunl_session_get(&self->l, TWIN, &one));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, one.direction);
	ASSERT_EQ(8, one.data_len);
	EXPECT_EQ(0, memcmp("twin-out", one.data, 8));
	ASSERT_EQ(0, lunl_fd_get(&self->l, TWIN, 1, &f[0]));
	EXPECT_EQ(twin_out[0], f[0].size);
	EXPECT_STREQ("twin-out/1", f[0].label);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, f[0].state);
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, TWIN, 2, &f[0]));
	EXPECT_STREQ("the session has no file with token 2", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_get_key(&self->l, TWIN,
					   (struct lunl_fd_key){
						.label = TWIN "/1" }, &f[0]));
	EXPECT_STREQ("the session has no file with that label", self->l.extack);
	ASSERT_EQ(2, lunl_fd_dump(&self->l, TWIN, f, 4));
	EXPECT_EQ(1, f[0].token);
	EXPECT_EQ(twin_out[0], f[0].size);
	EXPECT_EQ(3, f[1].token);
	/* ... and a request of the other direction refuses it. */
	EXPECT_EQ(-EINVAL, lunl_fd_restore(&self->l, TWIN, 1, 0, &fd, NULL));
	EXPECT_STREQ("this request takes an incoming session", self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_session_finish(&self->l, TWIN, 1));
	EXPECT_STREQ("this request takes an incoming session", self->l.extack);

	/* ... the incoming one, and only it. */
	lunl_set_direction(&self->l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	ASSERT_EQ(0, lunl_session_get(&self->l, TWIN, &one));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, one.direction);
	ASSERT_EQ(7, one.data_len);
	EXPECT_EQ(0, memcmp("twin-in", one.data, 7));
	ASSERT_EQ(0, lunl_fd_get(&self->l, TWIN, 2, &f[0]));
	EXPECT_EQ(twin_in[1], f[0].size);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, f[0].state);
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, TWIN, 3, &f[0]));
	EXPECT_STREQ("the session has no file with token 3", self->l.extack);
	ASSERT_EQ(0, lunl_fd_get_key(&self->l, TWIN,
				     (struct lunl_fd_key){
					.label = TWIN "/1" }, &f[0]));
	EXPECT_EQ(1, f[0].token);
	ASSERT_EQ(2, lunl_fd_dump(&self->l, TWIN, f, 4));
	EXPECT_EQ(1, f[0].token);
	EXPECT_EQ(twin_in[0], f[0].size);
	EXPECT_EQ(2, f[1].token);
	EXPECT_EQ(-EINVAL, lunl_session_del(&self->l, TWIN));
	EXPECT_STREQ("this request takes an outgoing session", self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_del(&self->l, TWIN, 1));
	EXPECT_STREQ("this request takes an outgoing session", self->l.extack);
	lunl_set_direction(&self->l, -1);

	/* session-set, fd-del: the outgoing one. */
	ASSERT_EQ(0, lunl_session_set(&self->l, TWIN, "twin-out2", 9, &one));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, one.direction);
	EXPECT_EQ(-ENOENT, lunl_fd_del(&self->l, TWIN, 2));
	EXPECT_STREQ("the session has no file with token 2", self->l.extack);

	/* fd-restore: the incoming one, and only it. */
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, TWIN, 3, 0, &fd, NULL));
	EXPECT_STREQ("the session has no file with token 3", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_restore_key(&self->l, TWIN,
					       (struct lunl_fd_key){
						.label = "twin-out/1" },
					       0, &fd, NULL));
	EXPECT_STREQ("the session has no file with that label", self->l.extack);
	EXPECT_EQ(0, restore_check(&self->l, TWIN, 1, twin_in[0],
				   seed(1, 0, 1), NULL));

	/* session-finish: the incoming one. */
	EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, TWIN, 0));
	EXPECT_STREQ("token 2 was never restored: restore it, or finish with discard",
		     self->l.extack);
	EXPECT_EQ(0, restore_check(&self->l, TWIN, 2, twin_in[1],
				   seed(1, 0, 2), NULL));
	ASSERT_EQ(0, lunl_session_finish(&self->l, TWIN, 0));

	/* Only the outgoing one is left; it crosses the next kexec. */
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	EXPECT_EQ(0, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_INCOMING,
				 NULL));
	EXPECT_EQ(1, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_OUTGOING,
				 NULL));
	free(s);
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, TWIN, 1, 0, &fd, NULL));
	EXPECT_STREQ("no incoming session of that name", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_session_finish(&self->l, TWIN, 1));
	EXPECT_STREQ("no incoming session of that name", self->l.extack);
	/* The outgoing files were written after they were added. */
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, lunl_memfd_fill(fds[i], twin_out[i],
					     seed(22, 0, 2 * i + 1)));
		close(fds[i]);
	}
}

/*
 * An incoming session left unfinished: a file restored from it stays
 * LUO's until it is finished, so it cannot go out again; a new outgoing
 * session of the same name can, and session-del picks that one.
 */
TEST_F_TIMEOUT(ho, check_unfinished, 120)
{
	struct lunl_session_info s;
	char msg[160];
	int fd, m;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_session_get(&self->l, UNFIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	ASSERT_EQ(12, s.data_len);
	EXPECT_EQ(0, memcmp("unfinished-1", s.data, 12));
	ASSERT_EQ(3, s.nfds);
	EXPECT_EQ(0, restore_check(&self->l, UNFIN, 1, unfin_in[0],
				   seed(2, 0, 1), &fd));
	ASSERT_GE(fd, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, "h-carry", 0, NULL));
	EXPECT_EQ(-EBUSY, lunl_fd_add(&self->l, "h-carry", fd, 1));
	snprintf(msg, sizeof(msg),
		 "fd %d: the file is already preserved by a liveupdate or LUO session",
		 fd);
	EXPECT_STREQ(msg, self->l.extack);
	ASSERT_EQ(0, lunl_session_del(&self->l, "h-carry"));
	close(fd);

	/* session-del takes the outgoing session of the name. */
	ASSERT_EQ(0, lunl_session_new(&self->l, UNFIN, 0, NULL));
	ASSERT_EQ(0, lunl_session_del(&self->l, UNFIN));
	ASSERT_EQ(0, lunl_session_get(&self->l, UNFIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(-EINVAL, lunl_session_del(&self->l, UNFIN));
	EXPECT_STREQ("that is an incoming session: finish it instead",
		     self->l.extack);
	/* Left unfinished: token 1 restored, 2 and 3 never. */
	ASSERT_EQ(3, s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, s.fds[0].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, s.fds[1].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, s.fds[2].state);

	/* What the next kernel is to see under this name. */
	m = new_memfd(3000, seed(23, 0, 9));
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_session_new_data(&self->l, UNFIN, 0, "unfinished-2",
					   12, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, UNFIN, m, 9));
	close(m);
}

/* The owner was alive at kexec; the session comes back, unowned. */
TEST_F(ho, check_owned)
{
	struct lunl_session_info s;
	struct lunl other;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_session_get(&self->l, OWNED, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s.state);
	EXPECT_EQ(0, s.flags);
	ASSERT_EQ(6, s.data_len);
	EXPECT_EQ(0, memcmp("owned", s.data, 6));
	ASSERT_EQ(1, s.nfds);
	EXPECT_STREQ("owned/1", s.fds[0].label);
	/* No socket's close touches it. */
	ASSERT_EQ(0, lunl_open(&other));
	lunl_close(&other);
	ASSERT_EQ(0, lunl_session_get(&self->l, OWNED, &s));
	EXPECT_EQ(0, restore_check(&self->l, OWNED, 1, owned_sz, seed(6, 0, 1),
				   NULL));
	ASSERT_EQ(0, lunl_session_finish(&self->l, OWNED, 0));
}

/*
 * A file whose handler failed to restore it is unrecoverable: finish
 * without discard is refused and leaves the session as it was; finish
 * with discard releases it.
 */
TEST_F(ho, check_lost)
{
	struct lunl_status_info before, after;
	struct lunl_session_info s;
	int fd;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_fei_arm("lunl_fd_retrieve", -EIO, 0));
	EXPECT_EQ(-EIO, lunl_fd_restore(&self->l, LOST, 1, 0, &fd, NULL));
	ASSERT_EQ(1, lunl_fei_disarm());
	EXPECT_STREQ("token 1 lost: restore failed (-5); finish with discard",
		     self->l.extack);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
		  fd_state(&self->l, LOST, 1));
	EXPECT_EQ(0, restore_check(&self->l, LOST, 2, lost_sz[1], seed(3, 0, 2),
				   &fd));

	ASSERT_EQ(0, lunl_status(&self->l, &before));
	EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, LOST, 0));
	EXPECT_STREQ("token 1 is unrecoverable: finish with discard",
		     self->l.extack);
	ASSERT_EQ(0, lunl_session_get(&self->l, LOST, &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s.state);
	ASSERT_EQ(2, s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE, s.fds[0].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, s.fds[1].state);
	ASSERT_EQ(0, lunl_status(&self->l, &after));
	EXPECT_EQ(before.incoming, after.incoming);

	ASSERT_EQ(0, lunl_session_finish(&self->l, LOST, 1));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, LOST, &s));
	ASSERT_EQ(0, lunl_status(&self->l, &after));
	EXPECT_EQ(before.incoming - 1, after.incoming);
	/* The restored file is the caller's, whole. */
	EXPECT_EQ(0, lunl_memfd_check(fd, lost_sz[1], seed(3, 0, 2), NULL));
	close(fd);
}

/*
 * fd-restore with every descriptor slot of the caller in use: refused,
 * the file stays incoming, and restores once a slot is free.
 */
TEST_F(ho, check_nofd)
{
	struct rlimit rl = { 64, 64 };
	int fd, last = -1, k, null;

	ASSERT_EQ(0, state_after_kexec());
	null = open("/dev/null", O_RDONLY);
	ASSERT_GE(null, 0);
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	while ((k = dup(null)) >= 0)
		last = k;
	ASSERT_EQ(EMFILE, errno);
	ASSERT_GE(last, 0);
	EXPECT_EQ(-EMFILE, lunl_fd_restore(&self->l, NOFD, 1, 0, &fd, NULL));
	EXPECT_STREQ("no free file descriptor in the caller", self->l.extack);
	EXPECT_EQ(-1, fd);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, fd_state(&self->l, NOFD, 1));
	/* Again, to see that the refusal left nothing behind. */
	EXPECT_EQ(-EMFILE, lunl_fd_restore(&self->l, NOFD, 1, 0, &fd, NULL));
	close(last);
	EXPECT_EQ(0, restore_check(&self->l, NOFD, 1, nofd_sz[0], seed(4, 0, 1),
				   &fd));
	EXPECT_EQ(last, fd);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, fd_state(&self->l, NOFD, 1));
	ASSERT_EQ(0, lunl_session_finish(&self->l, NOFD, 0));
	EXPECT_EQ(0, lunl_memfd_check(fd, nofd_sz[0], seed(4, 0, 1), NULL));
}

/*
 * Finish with discard gives the preserved memory back. Until then the
 * pages of the files never restored are reserved, outside MemTotal;
 * KHO's restore adds each page back to the managed pages and the handler
 * frees it. So MemTotal grows by the 64 MiB of content plus the pages of
 * the handler's own records (a page for each file's record, and its
 * folio list: 16 bytes per 4 KiB page and a page of index), at most 8
 * pages a file. Free memory (free_kb(): MemFree and the per-CPU free
 * lists) grows by about as much; other allocations go on meanwhile, so
 * it is held to 8 MiB either way.
 */
TEST_F_TIMEOUT(ho, check_discard, 120)
{
	const long want = NDISCARD * DISCARD_SIZE / 1024;
	long total0, free0, total1, free1, dtotal, dfree;
	struct lunl_session_info s;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_session_get(&self->l, DISCARD, &s));
	ASSERT_EQ(NDISCARD, s.fd_count);
	EXPECT_EQ(NDISCARD * DISCARD_SIZE, s.bytes);

	total0 = meminfo("MemTotal");
	free0 = free_kb();
	EXPECT_EQ(-EBUSY, lunl_session_finish(&self->l, DISCARD, 0));
	EXPECT_STREQ("token 1 was never restored: restore it, or finish with discard",
		     self->l.extack);
	EXPECT_EQ(total0, meminfo("MemTotal"));
	ASSERT_EQ(0, lunl_session_finish(&self->l, DISCARD, 1));
	total1 = meminfo("MemTotal");
	free1 = free_kb();
	ASSERT_GT(total0, 0);
	ASSERT_GT(free0, 0);
	ASSERT_GT(free1, 0);
	dtotal = total1 - total0;
	dfree = free1 - free0;
	TH_LOG("finish with discard: MemTotal +%ld kB, free +%ld kB (content %ld kB)",
	       dtotal, dfree, want);
	EXPECT_GE(dtotal, want);
	EXPECT_LE(dtotal, want + NDISCARD * 8 * 4);
	EXPECT_GE(dfree, want - 8192);
	EXPECT_LE(dfree, want + 8192);
}

/* Every scale session: its name, its data and its file, byte-exact. */
TEST_F_TIMEOUT(ho, check_max_sessions, 900)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	struct lunl_session_info *s;
	double t0 = now_s(), t1;
	int n, i, mine = 0;
	struct pace p;
	char *seen;
	uint32_t k;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_GT(st.nsmall, 0);
	p = (struct pace){ .n = st.nsmall, .k = 256 };
	seen = calloc(MAX_SESS, 1);
	ASSERT_NE(NULL, seen);
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	for (i = 0; i < n; i++) {
		char name[32];

		if (sscanf(s[i].name, "h-s-%u", &k) != 1)
			continue;
		snprintf(name, sizeof(name), SMALL_FMT, k);
		ASSERT_STREQ(name, s[i].name);
		ASSERT_GE(k, st.first);
		ASSERT_LT(k, MAX_SESS);
		EXPECT_EQ(0, seen[k]);
		seen[k] = 1;
		mine++;
		EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s[i].direction);
		EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s[i].state);
		EXPECT_EQ(0, s[i].flags);
		small_data(data, k, st.data_len[k]);
		ASSERT_EQ(st.data_len[k], s[i].data_len);
		EXPECT_EQ(0, memcmp(data, s[i].data, s[i].data_len));
		ASSERT_EQ(1, s[i].nfds);
		EXPECT_EQ(1, s[i].fds[0].token);
		EXPECT_EQ(small_size(k), s[i].fds[0].size);
		EXPECT_STREQ("memfd-v2", s[i].fds[0].compatible);
	}
	EXPECT_EQ(st.nsmall, mine);
	t1 = now_s();
	for (k = st.first; k < MAX_SESS; k++) {
		char name[32];

		pace_step(&p, k - st.first);
		snprintf(name, sizeof(name), SMALL_FMT, k);
		ASSERT_EQ(0, restore_check(&self->l, name, 1, small_size(k),
					   seed(14, k, 0), NULL))
			TH_LOG("%s: %s", name, self->l.extack);
		ASSERT_EQ(0, lunl_session_finish(&self->l, name, 0))
			TH_LOG("%s: %s", name, self->l.extack);
	}
	pace_step(&p, k - st.first);
	TH_LOG("%d sessions listed in %.1f s, restored and finished in %.1f s; " PACE_FMT,
	       mine, t1 - t0, now_s() - t1, PACE_ARGS(p));
	free(seen);
	free(s);
}

/* Every file of the big session: token, size, label, bytes. */
TEST_F_TIMEOUT(ho, check_max_fds, 900)
{
	static struct lunl_fd_info f[NBIG + 1];
	char label[MAX_LABEL + 1];
	struct pace p = { .n = NBIG, .k = 1024 };
	struct lunl_session_info s;
	double t0 = now_s(), t1;
	int n, i, fd, by_label = 0;

	ASSERT_EQ(0, state_after_kexec());
	ASSERT_EQ(0, lunl_session_get(&self->l, BIG, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(NBIG, s.fd_count);
	n = lunl_fd_dump(&self->l, BIG, f, NBIG + 1);
	ASSERT_EQ(NBIG, n);
	for (i = 0; i < n; i++) {
		ASSERT_EQ(i + 1, f[i].token);
		EXPECT_EQ(big_size(i), f[i].size);
		EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, f[i].state);
		EXPECT_STREQ("memfd-v2", f[i].compatible);
		if (big_label(label, i)) {
			EXPECT_EQ(1, f[i].has_label);
			EXPECT_STREQ(label, f[i].label);
		} else {
			EXPECT_EQ(0, f[i].has_label);
		}
	}
	t1 = now_s();
	for (i = 0; i < n; i++) {
		pace_step(&p, i);
		/* Every 16th by the label the listing gave, if it has one. */
		if (!f[i].has_label || i % 16) {
			ASSERT_EQ(0, restore_check(&self->l, BIG, i + 1,
						   big_size(i),
						   seed(12, i, 0), NULL))
				TH_LOG("token %d: %s", i + 1, self->l.extack);
			continue;
		}
		by_label++;
		ASSERT_EQ(0, lunl_fd_restore_key(&self->l, BIG,
						 (struct lunl_fd_key){
							.label = f[i].label },
						 0, &fd, NULL))
			TH_LOG("token %d: %s", i + 1, self->l.extack);
		ASSERT_EQ(0, lunl_memfd_check(fd, big_size(i), seed(12, i, 0),
					      NULL));
		close(fd);
	}
	pace_step(&p, i);
	ASSERT_EQ(0, lunl_session_finish(&self->l, BIG, 0));
	TH_LOG("%d files listed in %.1f s, restored (%d by label) and finished in %.1f s; " PACE_FMT,
	       n, t1 - t0, by_label, now_s() - t1, PACE_ARGS(p));
}

/* ---- after the second kexec ---- */

/* Only what was outgoing under the twin's name came across: once. */
TEST_F(ho, again_twin)
{
	struct lunl_session_info *s, *in = NULL;
	int n;

	ASSERT_EQ(0, state_after_kexec());
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	ASSERT_EQ(1, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_INCOMING,
				 &in));
	EXPECT_EQ(0, count_named(s, n, TWIN, LIVEUPDATE_NL_DIRECTION_OUTGOING,
				 NULL));
	ASSERT_EQ(9, in->data_len);
	EXPECT_EQ(0, memcmp("twin-out2", in->data, 9));
	ASSERT_EQ(2, in->nfds);
	EXPECT_STREQ("twin-out/1", in->fds[0].label);
	EXPECT_EQ(0, in->fds[1].has_label);
	EXPECT_EQ(0, restore_check(&self->l, TWIN, 1, twin_out[0],
				   seed(22, 0, 1), NULL));
	EXPECT_EQ(0, restore_check(&self->l, TWIN, 3, twin_out[1],
				   seed(22, 0, 3), NULL));
	ASSERT_EQ(0, lunl_session_finish(&self->l, TWIN, 0));
	free(s);
}

/*
 * The incoming session left unfinished did not cross the kexec: the
 * session of that name that came is the outgoing one made beside it.
 */
TEST_F(ho, again_unfinished)
{
	struct lunl_session_info *s, *in = NULL;
	int n;

	ASSERT_EQ(0, state_after_kexec());
	s = dump_all(&self->l, &n);
	ASSERT_GT(n, 0);
	ASSERT_EQ(1, count_named(s, n, UNFIN, LIVEUPDATE_NL_DIRECTION_INCOMING,
				 &in));
	EXPECT_EQ(0, count_named(s, n, UNFIN, LIVEUPDATE_NL_DIRECTION_OUTGOING,
				 NULL));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, in->state);
	ASSERT_EQ(12, in->data_len);
	EXPECT_EQ(0, memcmp("unfinished-2", in->data, 12));
	ASSERT_EQ(1, in->nfds);
	EXPECT_EQ(9, in->fds[0].token);
	EXPECT_EQ(3000, in->fds[0].size);
	free(s);
	EXPECT_EQ(0, restore_check(&self->l, UNFIN, 9, 3000, seed(23, 0, 9),
				   NULL));
	EXPECT_EQ(-ENOENT, lunl_fd_restore(&self->l, UNFIN, 1, 0, &n, NULL));
	EXPECT_STREQ("the session has no file with token 1", self->l.extack);
	ASSERT_EQ(0, lunl_session_finish(&self->l, UNFIN, 0));
	s = dump_all(&self->l, &n);
	ASSERT_GE(n, 0);
	EXPECT_EQ(0, count_named(s, n, UNFIN, LIVEUPDATE_NL_DIRECTION_INCOMING,
				 NULL));
	free(s);
}

/*
 * Freeze with no outgoing session: nothing is written, and a monitor
 * sees a freeze of nothing.
 */
TEST_F(ho, empty_freeze)
{
	struct lunl_status_info status;
	struct lunl_event ev;
	struct lunl mon;

	ASSERT_EQ(0, lunl_status(&self->l, &status));
	ASSERT_EQ(0, status.sessions);
	EXPECT_EQ(0, status.fds);
	EXPECT_EQ(0, status.record_size);
	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));
	ASSERT_EQ(0, lunl_freeze(&self->l, &status));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, status.state);
	EXPECT_EQ(0, status.sessions);
	EXPECT_EQ(0, status.fds);
	EXPECT_EQ(0, status.record_size);
	ASSERT_EQ(0, lunl_next_event(&mon, &ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FREEZE_NTF, ev.cmd);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, ev.status.state);
	EXPECT_EQ(0, ev.status.sessions);
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&mon, &ev, 200));
	lunl_close(&mon);
}

/* ---- after the third kexec ---- */

/* The next kernel received nothing, and says nothing about it. */
TEST_F(ho, empty_received)
{
	struct lunl_status_info status;
	char line[256] = "";
	int whole;

	ASSERT_EQ(0, lunl_status(&self->l, &status));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, status.state);
	EXPECT_EQ(0, status.sessions);
	EXPECT_EQ(0, status.fds);
	EXPECT_EQ(0, status.incoming);
	EXPECT_EQ(0, status.record_size);
	EXPECT_EQ(0, status.freeze_ns);
	EXPECT_EQ(0, lunl_session_dump(&self->l, NULL, 0));
	EXPECT_EQ(0, kmsg_grep("liveupdate_nl: received", line, sizeof(line),
			       &whole));
	EXPECT_EQ(0, kmsg_grep("liveupdate_nl: incoming", line, sizeof(line),
			       &whole));
	/* Absent from a log that holds this boot from its first line. */
	EXPECT_EQ(1, whole);
}

TEST_HARNESS_MAIN
