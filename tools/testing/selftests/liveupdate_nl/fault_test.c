// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection into every step of the family's requests.
 *
 * - failslab and fail_page_alloc through /proc/thread-self/fail-nth: the
 *   n-th allocation of the next request fails, n = 1, 2, ... until the
 *   request runs without a fault, for session new and set, fd add,
 *   freeze and unfreeze (stage 1), fd restore and session finish
 *   (stage 2).
 * - fail_function on the steps the family marks ALLOW_ERROR_INJECTION
 *   (lunl_fd_preserve, lunl_record_grow, lunl_session_freeze,
 *   lunl_fd_retrieve and lunl_session_release_files): the request must
 *   fail with the injected errno and a message that names the step.
 *
 * After each failure the state must be what it was before the request
 * (sessions, files, their states, the size of the KHO record), and the
 * request must work once no fault hits it. A session carried across the
 * kexec in between must come back byte-exact, and kmemleak closes each
 * stage. The kernel log reports allocation failures between the
 * "liveupdate_nl_fault: begin" and "end" markers; vmtest.sh accepts those
 * reports there and nothing else.
 *
 * kho_add_subtree() WARNs when KHO's debugfs cannot allocate, so the
 * stacktrace filter keeps slab and page faults out of it (the family
 * calls it at boot only, but LUO's file handlers may).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define LIVE		"flt"
#define FEI		"flt-fei"
#define CARRY		"flt-carry"
#define NCARRY		3
#define SIZE		(2 * 4096 + 9)
#define MAX_NTH		400
#define DBG		"/sys/kernel/debug/"

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), ok;

	if (fd < 0)
		return -errno;
	ok = write(fd, s, strlen(s)) == (ssize_t)strlen(s);
	close(fd);
	return ok ? 0 : -EIO;
}

static int write_fmt(const char *path, const char *fmt, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), fmt, v);
	return write_str(path, buf);
}

static long read_long(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? strtol(buf, NULL, 0) : -EIO;
}

/* [start, end) of the text of function @name, from /proc/kallsyms. */
static int ksym_range(const char *name, unsigned long *start,
		      unsigned long *end)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], sym[128], type;
	unsigned long a;

	if (!f)
		return -errno;
	*start = 0;
	*end = ~0UL;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %127s", &a, &type, sym) != 3)
			continue;
		if (!*start && !strcmp(sym, name))
			*start = a;
	}
	rewind(f);
	while (*start && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx %c %127s", &a, &type, sym) != 3)
			continue;
		if (a > *start && a < *end)
			*end = a;
	}
	fclose(f);
	return *start && *end != ~0UL ? 0 : -ENOENT;
}

static void kmsg(const char *s)
{
	write_str("/dev/kmsg", s);
}

/*
 * Sleeping allocations can fail too, faults are not logged, and neither
 * slab nor page faults reach into kho_add_subtree().
 */
static int faults_setup(void)
{
	static const char * const attrs[] = { "failslab", "fail_page_alloc" };
	unsigned long start = 0, end = 0;
	char path[128];
	unsigned int i;
	int err;

	err = ksym_range("kho_add_subtree", &start, &end);
	if (err)
		return err;
	for (i = 0; i < 2; i++) {
#define ATTR(f)	(snprintf(path, sizeof(path), DBG "%s/" f, attrs[i]), path)
		err = write_str(ATTR("ignore-gfp-wait"), "N") ?:
		      write_str(ATTR("verbose"), "0") ?:
		      write_fmt(ATTR("reject-start"), "0x%lx", start) ?:
		      write_fmt(ATTR("reject-end"), "0x%lx", end);
#undef ATTR
		if (err)
			return err;
	}
	return write_str(DBG "fail_function/verbose", "0") ?:
	       write_str(DBG "fail_function/probability", "100") ?:
	       write_str(DBG "fail_function/interval", "1") ?:
	       write_str(DBG "fail_function/times", "0");
}

/* Kept open: closing it could use up the fault before the request. */
static int nth_fd = -1;

static void fail_nth(int n)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%d", n);
	if (nth_fd < 0)
		nth_fd = open("/proc/thread-self/fail-nth", O_RDWR);
	if (pwrite(nth_fd, buf, strlen(buf), 0) != (ssize_t)strlen(buf))
		abort();
}

/* Whether the fault set by fail_nth() was injected (the count ran out). */
static int fault_fired(void)
{
	char buf[16] = "";

	if (pread(nth_fd, buf, sizeof(buf) - 1, 0) <= 0)
		abort();
	return atoi(buf) == 0;
}

/*
 * Make call number skip + 1 of @fn, from now on, return @err; the calls
 * before it run. (A "space" of s lets s - 1 calls through.)
 */
static int fei_arm(const char *fn, int err, int skip)
{
	char path[128];

	snprintf(path, sizeof(path), DBG "fail_function/%s/retval", fn);
	return write_str(DBG "fail_function/inject", fn) ?:
	       write_fmt(path, "0x%lx", (unsigned long)(long)err) ?:
	       write_fmt(DBG "fail_function/space", "%lu", skip ? skip + 1 : 0) ?:
	       write_str(DBG "fail_function/times", "1");
}

/* Disarm; 1 if the armed failure was injected, 0 if not. */
static int fei_disarm(void)
{
	long left = read_long(DBG "fail_function/times");

	write_str(DBG "fail_function/times", "0");
	write_str(DBG "fail_function/inject", "\n");
	return left == 0;
}

/*
 * Run op on a fresh socket l with allocation nth of it failing; err gets
 * its result. True if the fault was injected, false if op ran without
 * reaching allocation nth.
 */
#define NTH_RUN(l, nth, err, op) ({					\
	int __fired;							\
									\
	ASSERT_EQ(0, lunl_open(&l));					\
	fail_nth(nth);							\
	err = (op);							\
	__fired = fault_fired();					\
	fail_nth(0);							\
	lunl_close(&l);							\
	__fired;							\
})

/*
 * Run op on a fresh socket with the n-th allocation failing, n = 1, 2,
 * ... until no fault is left to inject: the request then has to work.
 * A fault the kernel absorbed (the request worked anyway) is undone by
 * undo, which returns nonzero when the request cannot be undone. A
 * kernel errno means the request was refused and must have changed
 * nothing: the statements after undo check that. -EIO means the
 * transport failed (the request or its answer could not be allocated)
 * and the outcome is unknown: if done says it took effect, that counts
 * as success.
 */
#define FAULT_LOOP(l, nth, err, op, done, undo, ...) do {		\
	for (nth = 1; nth <= MAX_NTH; nth++) {				\
		if (!NTH_RUN(l, nth, err, op))				\
			break;						\
		if (!err || (err == -EIO && (done))) {			\
			/* Absorbed: undo it and go on, if it can be. */ \
			err = 0;					\
			if (undo)					\
				break;					\
			continue;					\
		}							\
		self->faults++;						\
		__VA_ARGS__;						\
	}								\
	ASSERT_TRUE(!err || err == -EIO);				\
	ASSERT_LE(nth, MAX_NTH);					\
} while (0)

static int new_memfd(uint64_t seed)
{
	int fd = memfd_create("flt", MFD_CLOEXEC);

	if (fd >= 0 && lunl_memfd_fill(fd, SIZE, seed)) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE(fault) {
	struct lunl l;
	struct lunl_session_info s;
	struct lunl_status_info st;
	uint32_t record;
	int faults;
};

FIXTURE_SETUP(fault)
{
	ASSERT_EQ(0, faults_setup());
	ASSERT_EQ(0, lunl_open(&self->l));
	kmsg("liveupdate_nl_fault: begin");
}

FIXTURE_TEARDOWN(fault)
{
	kmsg("liveupdate_nl_fault: end");
	fei_disarm();
	lunl_close(&self->l);
}

/* The record size now; the state must be live. */
#define RECORD(self) ({							\
	ASSERT_EQ(0, lunl_status(&(self)->l, &(self)->st));		\
	ASSERT_EQ(LIVEUPDATE_NL_STATE_LIVE, (self)->st.state);		\
	(self)->st.record_size;						\
})

TEST_F_TIMEOUT(fault, stage1_nth_alloc, 600)
{
	int nth, err, m1 = new_memfd(1), m2 = new_memfd(2);
	struct lunl *q = &self->l, f;
	uint8_t data[100];

	ASSERT_GE(m1, 0);
	ASSERT_GE(m2, 0);
	memset(data, 0x5a, sizeof(data));

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_session_new_data(&f, LIVE, 0, data,
						      sizeof(data), NULL),
		   !lunl_session_get(q, LIVE, &self->s),
		   lunl_session_del(q, LIVE),
		   ASSERT_EQ(-ENOENT, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(self->record, RECORD(self)));
	TH_LOG("session-new: %d faults, then success", nth - 1);

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_session_set(&f, LIVE, data, 7, NULL),
		   !lunl_session_get(q, LIVE, &self->s) && self->s.data_len == 7,
		   lunl_session_set(q, LIVE, data, sizeof(data), NULL),
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(sizeof(data), self->s.data_len);
		   ASSERT_EQ(self->record, RECORD(self)));
	TH_LOG("session-set: %d faults, then success", nth - 1);

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_fd_add_label(&f, LIVE, m1, 1, "one"),
		   !lunl_session_get(q, LIVE, &self->s) && self->s.fd_count == 1,
		   lunl_fd_del(q, LIVE, 1),
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(0, self->s.fd_count);
		   ASSERT_EQ(self->record, RECORD(self)));
	TH_LOG("fd-add: %d faults, then success", nth - 1);
	ASSERT_EQ(0, lunl_fd_add(&self->l, LIVE, m2, 2));

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_freeze(&f, NULL),
		   !lunl_status(q, &self->st) &&
		   self->st.state == LIVEUPDATE_NL_STATE_FROZEN,
		   lunl_unfreeze(q, NULL),
		   ASSERT_EQ(self->record, RECORD(self));
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(2, self->s.nfds);
		   ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, self->s.fds[0].state);
		   ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, self->s.fds[1].state));
	TH_LOG("freeze: %d faults, then success", nth - 1);

	FAULT_LOOP(f, nth, err, lunl_unfreeze(&f, NULL),
		   !lunl_status(q, &self->st) &&
		   self->st.state == LIVEUPDATE_NL_STATE_LIVE,
		   lunl_freeze(q, NULL),
		   ASSERT_EQ(0, lunl_status(q, &self->st));
		   ASSERT_EQ(LIVEUPDATE_NL_STATE_FROZEN, self->st.state);
		   ASSERT_EQ(self->record, self->st.record_size));
	TH_LOG("unfreeze: %d faults, then success", nth - 1);

	/* Still a working session: delete it, files and all. */
	ASSERT_EQ(0, lunl_session_del(&self->l, LIVE));
	TH_LOG("%d injected faults, all rolled back", self->faults);
	EXPECT_GT(self->faults, 0);
	close(m1);
	close(m2);
}

/* The states of the files of @name, in order, as a string of P, F, ... */
static void fd_states(struct lunl *l, const char *name, char *out)
{
	static const char code[] = {
		[LIVEUPDATE_NL_FD_STATE_PRESERVED] = 'P',
		[LIVEUPDATE_NL_FD_STATE_FROZEN] = 'F',
		[LIVEUPDATE_NL_FD_STATE_INCOMING] = 'I',
		[LIVEUPDATE_NL_FD_STATE_RESTORED] = 'R',
		[LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE] = 'U',
	};
	static struct lunl_session_info s;
	int i;

	*out = '\0';
	if (lunl_session_get(l, name, &s))
		return;
	for (i = 0; i < s.nfds; i++)
		out[i] = code[s.fds[i].state];
	out[i] = '\0';
}

/* Files frozen before those of @name: sessions freeze in listing order. */
static int sessions_before(struct lunl *l, const char *name)
{
	struct lunl_session_info *s = calloc(64, sizeof(*s));
	int n = s ? lunl_session_dump(l, s, 64) : -ENOMEM, i, sum = 0;

	for (i = 0; i < n && i < 64 && strcmp(s[i].name, name); i++)
		if (s[i].direction == LIVEUPDATE_NL_DIRECTION_OUTGOING)
			sum++;
	free(s);
	return n < 0 ? n : i < n && i < 64 ? sum : -ENOENT;
}

TEST_F_TIMEOUT(fault, stage1_fail_function, 300)
{
	static uint8_t big[LIVEUPDATE_NL_USER_DATA_MAX];
	char states[8], want[96], msg[512], name[64];
	int fds[4], i, before, grow, err;
	uint32_t rec0;

	ASSERT_EQ(0, lunl_session_new(&self->l, FEI, 0, NULL));
	for (i = 0; i < 4; i++) {
		fds[i] = new_memfd(0xfe0 + i);
		ASSERT_GE(fds[i], 0);
	}
	for (i = 0; i < 3; i++)
		ASSERT_EQ(0, lunl_fd_add(&self->l, FEI, fds[i], i + 1));
	self->record = RECORD(self);

	/* fd add: the handler's preserve fails; the fd is not kept. */
	ASSERT_EQ(0, fei_arm("lunl_fd_preserve", -EIO, 0));
	EXPECT_EQ(-EIO, lunl_fd_add_label(&self->l, FEI, fds[3], 4, "four"));
	ASSERT_EQ(1, fei_disarm());
	snprintf(want, sizeof(want),
		 "fd %d: the file handler refused to preserve it (-5)", fds[3]);
	EXPECT_STREQ(want, self->l.extack);
	EXPECT_EQ(self->record, RECORD(self));
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("PPP", states);
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, FEI, 4, &self->s.fds[0]));
	self->faults++;
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, FEI, fds[3], 4, "four"));
	self->record = RECORD(self);

	/*
	 * freeze: the file set of this session fails to freeze, after the
	 * sessions before ours froze. A handler refusing one file is
	 * ops_test's rollback case, which names the token.
	 */
	before = sessions_before(&self->l, FEI);
	ASSERT_GE(before, 0);
	ASSERT_EQ(0, fei_arm("lunl_session_freeze", -EIO, before));
	EXPECT_EQ(-EIO, lunl_freeze(&self->l, NULL));
	ASSERT_EQ(1, fei_disarm());
	EXPECT_STREQ("freeze failed (-5), all unfrozen: session " FEI,
		     self->l.extack);
	EXPECT_EQ(self->record, RECORD(self));
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("PPPP", states);
	self->faults++;

	/*
	 * session new: the KHO record cannot grow. It grows by powers of
	 * two, so new sessions of the largest user data reach the point.
	 */
	rec0 = RECORD(self);
	ASSERT_EQ(0, fei_arm("lunl_record_grow", -ENOMEM, 0));
	for (grow = 0, err = 0; !err && grow < LIVEUPDATE_NL_MAX_SESSIONS;
	     grow++) {
		self->record = RECORD(self);
		snprintf(name, sizeof(name), FEI "-%d", grow);
		err = lunl_session_new_data(&self->l, name, 0, big, sizeof(big),
					    NULL);
	}
	ASSERT_EQ(1, fei_disarm());
	ASSERT_EQ(-ENOMEM, err);
	strcpy(msg, self->l.extack);
	EXPECT_EQ(self->record, RECORD(self));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, name, &self->s));
	self->faults++;
	/* Then it works, and the message named the size it has now. */
	ASSERT_EQ(0, lunl_session_new_data(&self->l, name, 0, big, sizeof(big),
					   NULL));
	snprintf(want, sizeof(want),
		 "cannot grow the KHO record to %u bytes (-12)", RECORD(self));
	EXPECT_STREQ(want, msg);
	while (grow--) {
		snprintf(name, sizeof(name), FEI "-%d", grow);
		ASSERT_EQ(0, lunl_session_del(&self->l, name));
	}
	self->record = RECORD(self);
	EXPECT_EQ(rec0, self->record);

	/* Then it all works. */
	ASSERT_EQ(0, lunl_freeze(&self->l, &self->st));
	EXPECT_EQ(self->record, self->st.record_size);
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("FFFF", states);
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("PPPP", states);
	for (i = 0; i < 4; i++) {
		uint64_t first = 0;

		EXPECT_EQ(0, lunl_memfd_check(fds[i], SIZE, 0xfe0 + i, &first));
		close(fds[i]);
	}
	ASSERT_EQ(0, lunl_session_del(&self->l, FEI));
	TH_LOG("fd-add, freeze of a file set, growth of the record at session-new: %d faults, all rolled back",
	       self->faults);
}

/*
 * A restore or a finish cannot be undone, so each fault position after
 * kexec gets a fresh file or session: MANY files for restore, NFIN
 * sessions of one file for finish.
 */
#define MANY		"flt-many"
#define NMANY		64
#define NFIN		32

TEST_F(fault, stage1_carry)
{
	static const uint8_t data[] = "carried across faults\0\xff";
	char name[32];
	int i, fd;

	ASSERT_EQ(0, lunl_session_new_data(&self->l, CARRY, 0, data,
					   sizeof(data), NULL));
	for (i = 1; i <= NCARRY; i++) {
		fd = new_memfd(0xf000 + i);
		ASSERT_GE(fd, 0);
		snprintf(name, sizeof(name), "carry/%d", i);
		ASSERT_EQ(0, lunl_fd_add_label(&self->l, CARRY, fd, i, name));
		close(fd);
	}
	ASSERT_EQ(0, lunl_session_new(&self->l, MANY, 0, NULL));
	for (i = 1; i <= NMANY; i++) {
		fd = new_memfd(0xa000 + i);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, lunl_fd_add(&self->l, MANY, fd, i));
		close(fd);
	}
	for (i = 0; i < NFIN; i++) {
		snprintf(name, sizeof(name), "flt-fin-%02d", i);
		ASSERT_EQ(0, lunl_session_new(&self->l, name, 0, NULL));
		fd = new_memfd(0xb000 + i);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, lunl_fd_add(&self->l, name, fd, 1));
		close(fd);
	}
}

/* The state of token @t of @session. */
static int fd_state(struct lunl *l, const char *session, uint64_t t)
{
	struct lunl_fd_info f;

	return lunl_fd_get(l, session, t, &f) ? -1 : (int)f.state;
}

/* Restore @token of CARRY, check its bytes. */
#define RESTORED(self, token) do {					\
	uint64_t bad_at = 0;						\
	int rfd = -1;							\
									\
	ASSERT_EQ(0, lunl_fd_restore(&(self)->l, CARRY, token, 0, &rfd,	\
				     NULL));				\
	EXPECT_EQ(0, lunl_memfd_check(rfd, SIZE, 0xf000 + (token),	\
				      &bad_at));			\
	close(rfd);							\
} while (0)

TEST_F_TIMEOUT(fault, stage2_restore_finish, 600)
{
	static const uint8_t data[] = "carried across faults\0\xff";
	int nth, err, fd = -1, t, k, fired, clean = 0, lost = 0;
	struct lunl *q = &self->l, f;
	uint64_t first = 0;
	char states[8], name[96];

	ASSERT_EQ(0, lunl_session_get(q, CARRY, &self->s));
	ASSERT_EQ(sizeof(data), self->s.data_len);
	EXPECT_EQ(0, memcmp(data, self->s.data, sizeof(data)));
	fd_states(q, CARRY, states);
	ASSERT_STREQ("III", states);

	/* Restore: allocation n fails, on a file not restored yet. */
	for (nth = 1, t = 1; nth <= MAX_NTH && t <= NMANY && !clean; nth++) {
		fired = NTH_RUN(f, nth, err,
				lunl_fd_restore(&f, MANY, t, 0, &fd, NULL));
		clean = !fired;
		if (!err || (err == -EIO &&
			     fd_state(q, MANY, t) == LIVEUPDATE_NL_FD_STATE_RESTORED)) {
			/* Restored; its descriptor too, unless the reply was lost. */
			ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED,
				  fd_state(q, MANY, t));
			if (fd >= 0) {
				EXPECT_EQ(0, lunl_memfd_check(fd, SIZE, 0xa000 + t,
							      &first));
				close(fd);
			}
			t++;
			continue;
		}
		ASSERT_TRUE(fired);
		ASSERT_EQ(-1, fd);
		if (fd_state(q, MANY, t) == LIVEUPDATE_NL_FD_STATE_INCOMING) {
			self->faults++;
			continue;
		}
		/*
		 * The handler's retrieve failed: final in LUO, the file is
		 * lost and says so; the next position takes the next file.
		 */
		ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
			  fd_state(q, MANY, t));
		snprintf(name, sizeof(name),
			 "token %d lost: restore failed (%d); finish with discard",
			 t, err);
		ASSERT_STREQ(name, f.extack);
		lost++;
		t++;
	}
	ASSERT_TRUE(clean);
	TH_LOG("fd-restore: %d fault positions over %d files, then success; %d lost in their handler's retrieve",
	       nth - 2, t - 1, lost);

	/* A handler's retrieve fails: the file is lost, and listed so. */
	ASSERT_LT(t, NMANY);
	ASSERT_EQ(0, fei_arm("lunl_fd_retrieve", -EIO, 0));
	EXPECT_EQ(-EIO, lunl_fd_restore(q, MANY, NMANY, 0, &fd, NULL));
	ASSERT_EQ(1, fei_disarm());
	snprintf(name, sizeof(name),
		 "token %d lost: restore failed (-5); finish with discard", NMANY);
	EXPECT_STREQ(name, q->extack);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
		  fd_state(q, MANY, NMANY));
	EXPECT_EQ(-EIO, lunl_fd_restore(q, MANY, NMANY, 0, &fd, NULL));
	/* The files never restored, and the lost ones, go with discard. */
	ASSERT_EQ(0, lunl_session_finish(q, MANY, 1));

	/* CARRY comes back whole. */
	RESTORED(self, 1);
	RESTORED(self, 2);
	RESTORED(self, 3);

	/* finish: LUO cannot finish the session's files; all of them stay. */
	ASSERT_EQ(0, fei_arm("lunl_session_release_files", -EAGAIN, 0));
	EXPECT_EQ(-EAGAIN, lunl_session_finish(q, CARRY, 0));
	ASSERT_EQ(1, fei_disarm());
	EXPECT_STREQ("a file handler cannot finish yet (-11): retry later",
		     q->extack);
	fd_states(q, CARRY, states);
	EXPECT_STREQ("RRR", states);
	self->faults++;
	ASSERT_EQ(0, lunl_session_finish(q, CARRY, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(q, CARRY, &self->s));

	/* Finish: allocation n fails, on a session not finished yet. */
	clean = 0;
	for (nth = 1, k = 0; nth <= MAX_NTH && k < NFIN && !clean; nth++) {
		snprintf(name, sizeof(name), "flt-fin-%02d", k);
		fired = NTH_RUN(f, nth, err, lunl_session_finish(&f, name, 1));
		clean = !fired;
		if (!err || (err == -EIO &&
			     lunl_session_get(q, name, &self->s) == -ENOENT)) {
			ASSERT_EQ(-ENOENT, lunl_session_get(q, name, &self->s));
			k++;
			continue;
		}
		ASSERT_TRUE(fired);
		/* Refused: the session and its file are still there. */
		ASSERT_EQ(0, lunl_session_get(q, name, &self->s));
		ASSERT_EQ(1, self->s.nfds);
		self->faults++;
	}
	ASSERT_TRUE(clean);
	TH_LOG("session-finish: %d fault positions over %d sessions, then success",
	       nth - 2, k);
	for (; k < NFIN; k++) {
		snprintf(name, sizeof(name), "flt-fin-%02d", k);
		ASSERT_EQ(0, lunl_session_finish(q, name, 1));
	}
	TH_LOG("%d injected faults rolled back; %d files lost in their handler's retrieve, reported so",
	       self->faults, lost + 1);
}

TEST_HARNESS_MAIN
