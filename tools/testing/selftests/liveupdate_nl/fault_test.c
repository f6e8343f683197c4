// SPDX-License-Identifier: GPL-2.0
/*
 * Fault injection into every step of the family's requests, into the
 * parse of incoming sessions (the first request after a kexec makes it),
 * and into a freeze on the kexec path.
 *
 * - failslab and fail_page_alloc through /proc/thread-self/fail-nth, for
 *   sleeping and atomic allocations of every order (min-order 0: single
 *   pages too, such as KHO's radix nodes, the record's first page and
 *   LUO's file-set blocks): allocation n of a request fails, n = 1, 2,
 *   ... until the request runs without a fault, for session new and
 *   set, fd-add of one file and of three as entries of one request,
 *   freeze and unfreeze (stage 1), fd-restore and session finish (stage
 *   2). The first page of a session's record is aimed at as well: its
 *   place among a request's allocations moves from run to run, so a
 *   loop over session-new counts only the allocations under
 *   lunl_record_grow() (the stacktrace filter's require-start and
 *   require-end), and each must refuse the request. Each loop is
 *   strict. A request the kernel refuses fails with
 *   ENOMEM and changes nothing: sessions, files, their states, the size
 *   of the KHO record (fd-add of entries: none of them is left). A
 *   request that fails in transport (EIO: the request or its answer
 *   could not be allocated) either changed nothing or took full effect.
 *   A request that works despite the fault is undone, and the undo must
 *   work. The run without a fault must return exactly 0 with the exact
 *   result. A monitor stays subscribed throughout: after each run it has
 *   seen exactly the notifications of what happened, or, when the fault
 *   hit a notification, ENOBUFS (it lost some and must resync) and only
 *   notifications of what happened, in order.
 * - In stage 2 the stacktrace filter keeps the faults out of
 *   luo_retrieve_file(): a failure in a file handler's retrieve is final
 *   in LUO, so no file may be lost there; fail_function then fails
 *   lunl_fd_retrieve once, and exactly that file is lost, reported as
 *   unrecoverable.
 * - fail_function on the steps the family marks ALLOW_ERROR_INJECTION
 *   (lunl_fd_preserve, lunl_record_grow, lunl_session_freeze,
 *   lunl_fd_retrieve and lunl_session_release_files): the request must
 *   fail with the injected errno and a message that names the step.
 * - The parse of incoming sessions, which the first request after a
 *   kexec makes: the live lane's first stage leaves NPARSE like sessions
 *   live (the reboot path freezes them) and asks the next kernel
 *   (liveupdate_nl_test.fail_incoming, through /tmp/next-cmdline) to
 *   fail allocation i of the parse of session i. Its second stage, whose
 *   first request makes the parse, checks each against the kernel's
 *   report of where the allocation failed: the session is claimed
 *   whole by the next request (its own allocation), has no user data,
 *   is unrecoverable with the files parsed so far (a file's entry), has
 *   every file unrecoverable (LUO's files, read when it is claimed), or
 *   is whole when the allocator absorbed the fault; the sessions whose parse made fewer
 *   allocations than their position are whole. Whole files come back
 *   byte-exact, and every outcome must occur.
 * - The kexec-path freeze: the live lane's second stage holds a session
 *   live with a test file whose freeze fails. liveupdate_reboot() freezes
 *   the family's sessions before LUO commits the kexec, so the kexec is
 *   refused (reboot() returns EIO) and the session stays live, every
 *   byte intact. With the file fixed, the kexec that ends the stage
 *   carries it, and once liveupdate_reboot() has committed, the kernel
 *   refuses session-new, unfreeze and freeze (test.c tries them from a
 *   reboot notifier; the judge finds the refusals in the serial log,
 *   LUNL-EXPECT-CONSOLE). The third stage restores the session.
 *
 * A session carried across the kexec in between must come back
 * byte-exact, and kmemleak closes each stage. The kernel log reports
 * allocation failures between the "liveupdate_nl_fault: begin" and "end"
 * markers (the test writes them, and test.c around each faulted parse);
 * vmtest.sh accepts those reports there and nothing else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kexec.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "lunl_test_hooks_uapi.h"
#include "lunl_test_type.h"
#include "kselftest_harness.h"

#define LIVE		"flt"
#define FEI		"flt-fei"
#define CARRY		"flt-carry"
#define REBOOT		"flt-reboot"
#define NCARRY		3
#define SIZE		(2 * 4096 + 9)
/* Bytes of a session's KHO record before its user data and files. */
#define REC_SESSION	48
#define MAX_NTH		2000
#define DBG		"/sys/kernel/debug/"

static int write_fmt(const char *path, const char *fmt, unsigned long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), fmt, v);
	return lunl_write_str(path, buf);
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
	lunl_write_str("/dev/kmsg", s);
}

/*
 * Set @kind-start and @kind-end ("reject" or "require") of both fault
 * attributes to the text of function @fn, or to @start and @end if NULL.
 */
static int faults_range(const char *kind, const char *fn, unsigned long start,
			unsigned long end)
{
	static const char * const attrs[] = { "failslab", "fail_page_alloc" };
	char path[128];
	unsigned int i;
	int err;

	if (fn) {
		err = ksym_range(fn, &start, &end);
		if (err)
			return err;
	}
	for (i = 0; i < 2; i++) {
		snprintf(path, sizeof(path), DBG "%s/%s-start", attrs[i], kind);
		err = write_fmt(path, "0x%lx", start);
		if (err)
			return err;
		snprintf(path, sizeof(path), DBG "%s/%s-end", attrs[i], kind);
		err = write_fmt(path, "0x%lx", end);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Sleeping allocations and single pages can fail too, and faults are not
 * logged. With @reject, no fault is injected inside that function.
 */
static int faults_setup(const char *reject)
{
	static const char * const attrs[] = { "failslab", "fail_page_alloc" };
	char path[128];
	unsigned int i;
	int err;

	for (i = 0; i < 2; i++) {
#define ATTR(f)	(snprintf(path, sizeof(path), DBG "%s/" f, attrs[i]), path)
		err = lunl_write_str(ATTR("ignore-gfp-wait"), "N") ?:
		      lunl_write_str(ATTR("verbose"), "0") ?:
		      lunl_write_str(ATTR("stacktrace-depth"), "32");
#undef ATTR
		if (err)
			return err;
	}
	return faults_range("reject", reject, 0, 0) ?:
	       lunl_write_str(DBG "fail_page_alloc/min-order", "0") ?:
	       lunl_write_str(DBG "fail_function/verbose", "0") ?:
	       lunl_write_str(DBG "fail_function/probability", "100") ?:
	       lunl_write_str(DBG "fail_function/interval", "1") ?:
	       lunl_write_str(DBG "fail_function/times", "0");
}

/*
 * Count and fail only the allocations made with @fn on the stack (all of
 * them with NULL): fail-nth then numbers that function's allocations
 * alone, whatever the rest of the request allocates.
 */
static int faults_require(const char *fn)
{
	return faults_range("require", fn, 0, ~0UL);
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

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A notification: its command, the session and token it names, and the
 * file's state (NTF_ANY: not compared, or not a file's notification).
 */
struct ntf {
	int cmd;
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	uint64_t token;
	int state;
};

#define NTF_ANY		-1
#define NTF(c, n, t)	{ LIVEUPDATE_NL_CMD_##c##_NTF, n, t, NTF_ANY }
#define NTF_FD(c, n, t, s) \
	{ LIVEUPDATE_NL_CMD_##c##_NTF, n, t, LIVEUPDATE_NL_FD_STATE_##s }
#define MAX_NTF		16

FIXTURE(fault) {
	struct lunl l;
	struct lunl mon;
	struct lunl_session_info s;
	struct lunl_status_info st;
	uint32_t record;
	double start;
	/* Fault positions; requests refused; faults absorbed or undone. */
	int positions, refused, absorbed;
	/* Runs after which the monitor got ENOBUFS; runs that got EIO. */
	int ntf_lost, eio;
	/* The figures when the last step ended. */
	int last[5];
};

FIXTURE_SETUP(fault)
{
	self->start = now_s();
	ASSERT_EQ(0, faults_setup(NULL));
	ASSERT_EQ(0, lunl_open(&self->l));
	kmsg("liveupdate_nl_fault: begin");
}

FIXTURE_TEARDOWN(fault)
{
	kmsg("liveupdate_nl_fault: end");
	lunl_fei_disarm();
	lunl_close(&self->mon);
	lunl_close(&self->l);
	TH_LOG("guest time %.1f s", now_s() - self->start);
}

static void ntf_of(struct ntf *n, const struct lunl_event *ev)
{
	memset(n, 0, sizeof(*n));
	n->cmd = ev->cmd;
	n->state = NTF_ANY;
	switch (ev->cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF:
	case LIVEUPDATE_NL_CMD_SESSION_SET_NTF:
		strcpy(n->name, ev->session.name);
		break;
	case LIVEUPDATE_NL_CMD_FD_ADD_NTF:
	case LIVEUPDATE_NL_CMD_FD_DEL_NTF:
	case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF:
		strcpy(n->name, ev->fd.session);
		n->token = ev->fd.token;
		n->state = ev->fd.state;
		break;
	}
}

static int ntf_eq(const struct ntf *a, const struct ntf *b)
{
	return a->cmd == b->cmd && !strcmp(a->name, b->name) &&
	       a->token == b->token &&
	       (a->state == NTF_ANY || b->state == NTF_ANY ||
		a->state == b->state);
}

/*
 * Read what the monitor has queued: the notifications (at most MAX_NTF
 * kept in @got) and whether it lost some (ENOBUFS). They are queued
 * before the request is answered, so nothing is left to wait for.
 */
static int mon_read(struct lunl *mon, struct ntf *got, int *lost)
{
	static struct lunl_event ev;
	int n = 0, err;

	*lost = 0;
	for (;;) {
		err = lunl_next_event(mon, &ev, 0);
		if (err == -ETIMEDOUT)
			return n;
		if (err == -ENOBUFS) {
			*lost = 1;
			continue;
		}
		if (err == -EAGAIN)
			continue;
		if (err)
			return err;
		if (n < MAX_NTF)
			ntf_of(&got[n], &ev);
		n++;
	}
}

static void mon_start(struct __test_metadata *_metadata,
		      FIXTURE_DATA(fault) *self)
{
	ASSERT_EQ(0, lunl_open(&self->mon));
	ASSERT_EQ(0, lunl_monitor(&self->mon));
}

/*
 * The monitor saw exactly @want, or, if @may_lose, ENOBUFS and some of
 * @want, in order.
 */
static void mon_expect(struct __test_metadata *_metadata,
		       FIXTURE_DATA(fault) *self, const struct ntf *want,
		       int n, int may_lose)
{
	struct ntf got[MAX_NTF];
	int lost, k, i, j;

	k = mon_read(&self->mon, got, &lost);
	ASSERT_GE(k, 0);
	ASSERT_LE(k, MAX_NTF);
	for (i = 0, j = 0; i < k; i++, j++) {
		while (lost && j < n && !ntf_eq(&got[i], &want[j]))
			j++;
		if (j < n && ntf_eq(&got[i], &want[j]))
			continue;
		TH_LOG("notification %d of %d: command %d, %s, token %" PRIu64
		       ", not expected (%d expected%s)", i + 1, k, got[i].cmd,
		       got[i].name, got[i].token, n, lost ? ", ENOBUFS" : "");
		ASSERT_TRUE(0);
	}
	if (!lost) {
		if (k != n)
			TH_LOG("%d notifications, %d expected", k, n);
		ASSERT_EQ(n, k);
		return;
	}
	/* ENOBUFS is for a notification that was lost, and only then. */
	ASSERT_TRUE(may_lose);
	ASSERT_LT(k, n);
	self->ntf_lost++;
}

#define MON_NONE()	mon_expect(_metadata, self, NULL, 0, 0)

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
 * Run op on a fresh socket with allocation nth failing, nth = 1, 2, ...
 * until no fault is left to inject; the run without a fault must return
 * 0, take effect (done) and send the notifications ok (nok of them).
 * After a fault:
 * - op worked (0), or failed in transport (-EIO) but took effect: the
 *   monitor saw ok, or ENOBUFS and part of it; undo (which must return
 *   0) takes it back and sends undone (nundone).
 * - otherwise the kernel refused it (-ENOMEM) or it failed in transport
 *   (-EIO, it did not take effect): the statements given last check that
 *   nothing changed, and what the monitor saw.
 */
#define FAULT_LOOP(l, nth, err, op, done, undo, ok, nok, undone, nundone, \
		   ...) do {						\
	for (nth = 1;; nth++) {						\
		ASSERT_LE(nth, MAX_NTH);				\
		if (!NTH_RUN(l, nth, err, op)) {			\
			ASSERT_EQ(0, err);				\
			ASSERT_TRUE(done);				\
			mon_expect(_metadata, self, ok, nok, 0);	\
			break;						\
		}							\
		self->positions++;					\
		self->eio += err == -EIO;				\
		if (!err || (err == -EIO && (done))) {			\
			ASSERT_TRUE(done);				\
			mon_expect(_metadata, self, ok, nok, 1);	\
			self->absorbed++;				\
			ASSERT_EQ(0, (undo));				\
			mon_expect(_metadata, self, undone, nundone, 0); \
			continue;					\
		}							\
		if (err != -EIO)					\
			ASSERT_EQ(-ENOMEM, err);			\
		self->refused++;					\
		__VA_ARGS__;						\
	}								\
} while (0)

/* Figures of one step, since the last one. */
#define STEP_LOG(self, what) do {					\
	int *__l = (self)->last;					\
									\
	TH_LOG("%s: %d fault positions, %d refused and rolled back, %d absorbed and undone, %d with notifications lost (ENOBUFS), %d EIO in transport; then success", \
	       what, (self)->positions - __l[0], (self)->refused - __l[1], \
	       (self)->absorbed - __l[2], (self)->ntf_lost - __l[3],	\
	       (self)->eio - __l[4]);					\
	__l[0] = (self)->positions;					\
	__l[1] = (self)->refused;					\
	__l[2] = (self)->absorbed;					\
	__l[3] = (self)->ntf_lost;					\
	__l[4] = (self)->eio;						\
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

/* The record size now; the state must be live. */
#define RECORD(self) ({							\
	ASSERT_EQ(0, lunl_status(&(self)->l, &(self)->st));		\
	ASSERT_EQ(LIVEUPDATE_NL_STATE_LIVE, (self)->st.state);		\
	(self)->st.record_size;						\
})

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

/* The entries of fd-add: three files, two of them labelled. */
#define NENT		3
static const uint64_t ent_tokens[NENT] = { 11, 12, 13 };
static const char *const ent_labels[NENT] = { "e11", NULL, "e13" };

/* Remove the files of the entries, newest first; 0 if all went. */
static int ent_del(struct lunl *q)
{
	int i, err = 0;

	for (i = NENT - 1; i >= 0; i--)
		err = err ?: lunl_fd_del(q, LIVE, ent_tokens[i]);
	return err;
}

/*
 * After a refused fd-add of entries: the monitor saw the first k files
 * added and removed again, newest first, k being @failed, the entry the
 * kernel named (or, when the refusal itself was lost, as many as it
 * saw added); or ENOBUFS and part of that.
 */
static void mon_expect_entries(struct __test_metadata *_metadata,
			       FIXTURE_DATA(fault) *self, int failed)
{
	struct ntf want[2 * NENT], got[MAX_NTF];
	int i, k = failed, lost, n;

	if (k < 0) {
		n = mon_read(&self->mon, got, &lost);
		ASSERT_GE(n, 0);
		ASSERT_LE(n, MAX_NTF);
		for (k = 0; k < n && got[k].cmd == LIVEUPDATE_NL_CMD_FD_ADD_NTF;)
			k++;
		ASSERT_LE(k, NENT);
		ASSERT_FALSE(lost);
		ASSERT_EQ(2 * k, n);
		for (i = 0; i < k; i++) {
			ASSERT_EQ(ent_tokens[i], got[i].token);
			ASSERT_EQ(LIVEUPDATE_NL_CMD_FD_DEL_NTF, got[n - 1 - i].cmd);
			ASSERT_EQ(ent_tokens[i], got[n - 1 - i].token);
		}
		return;
	}
	ASSERT_LT(k, NENT);
	for (i = 0; i < k; i++) {
		want[i] = (struct ntf)NTF(FD_ADD, LIVE, ent_tokens[i]);
		want[2 * k - 1 - i] = (struct ntf)NTF(FD_DEL, LIVE, ent_tokens[i]);
	}
	mon_expect(_metadata, self, want, 2 * k, 1);
}

TEST_F_TIMEOUT(fault, stage1_nth_alloc, 1800)
{
	static const struct ntf new_ok[] = { NTF(SESSION_NEW, LIVE, 0) };
	static const struct ntf del_ok[] = { NTF(SESSION_DEL, LIVE, 0) };
	static const struct ntf set_ok[] = { NTF(SESSION_SET, LIVE, 0) };
	static const struct ntf add_ok[] = { NTF(FD_ADD, LIVE, 1) };
	static const struct ntf add_undone[] = { NTF(FD_DEL, LIVE, 1) };
	static const struct ntf add2_ok[] = { NTF(FD_ADD, LIVE, 2) };
	static const struct ntf ent_ok[] = {
		NTF(FD_ADD, LIVE, 11), NTF(FD_ADD, LIVE, 12), NTF(FD_ADD, LIVE, 13),
	};
	static const struct ntf ent_undone[] = {
		NTF(FD_DEL, LIVE, 13), NTF(FD_DEL, LIVE, 12), NTF(FD_DEL, LIVE, 11),
	};
	static const struct ntf freeze_ok[] = { NTF(FREEZE, "", 0) };
	static const struct ntf unfreeze_ok[] = { NTF(UNFREEZE, "", 0) };
	int nth, err, failed = -1, i, ent[NENT], page_refused = 0, aimed;
	int m1 = new_memfd(1), m2 = new_memfd(2);
	struct lunl *q = &self->l, f;
	struct lunl_fd_info fi;
	char states[8];
	uint8_t data[100];

	ASSERT_GE(m1, 0);
	ASSERT_GE(m2, 0);
	for (i = 0; i < NENT; i++) {
		ent[i] = new_memfd(0xe0 + i);
		ASSERT_GE(ent[i], 0);
	}
	memset(data, 0x5a, sizeof(data));
	mon_start(_metadata, self);

	/*
	 * Every session has a record of its own: session-new allocates its
	 * first page (order 0) and preserves it in KHO's radix tree (its
	 * nodes are pages too); a fault there refuses it. Where that
	 * allocation falls among the request's others varies from run to
	 * run (slab refills, LUO's own allocations), so the first loop aims
	 * at it: only the allocations made under lunl_record_grow() count,
	 * and each of them must refuse the request with the message that
	 * says so. The second fails every allocation of the request,
	 * wherever it is made.
	 */
	self->record = RECORD(self);
	for (aimed = 1; aimed >= 0; aimed--) {
		ASSERT_EQ(0, faults_require(aimed ? "lunl_record_grow" : NULL));
		FAULT_LOOP(f, nth, err,
			   lunl_session_new_data(&f, LIVE, 0, data,
						 sizeof(data), NULL),
			   !lunl_session_get(q, LIVE, &self->s),
			   lunl_session_del(q, LIVE), new_ok, 1, del_ok, 1,
			   ASSERT_EQ(-ENOENT, lunl_session_get(q, LIVE,
							       &self->s));
			   ASSERT_EQ(self->record, RECORD(self));
			   ASSERT_TRUE(!aimed ||
				       !strncmp(f.extack,
						"cannot grow the KHO record to ",
						30));
			   page_refused += aimed;
			   MON_NONE());
		if (!aimed)
			break;
		STEP_LOG(self, "session-new, faults in lunl_record_grow()");
		TH_LOG("session-new: %d allocations of the record's first page refused it",
		       page_refused);
		EXPECT_GE(page_refused, 1);
		ASSERT_EQ(0, lunl_session_del(q, LIVE));
		mon_expect(_metadata, self, del_ok, 1, 0);
	}
	STEP_LOG(self, "session-new");

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_session_set(&f, LIVE, data, 7, NULL),
		   !lunl_session_get(q, LIVE, &self->s) && self->s.data_len == 7,
		   lunl_session_set(q, LIVE, data, sizeof(data), NULL),
		   set_ok, 1, set_ok, 1,
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(sizeof(data), self->s.data_len);
		   ASSERT_EQ(self->record, RECORD(self));
		   MON_NONE());
	STEP_LOG(self, "session-set");

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_fd_add_label(&f, LIVE, m1, 1, "one"),
		   !lunl_session_get(q, LIVE, &self->s) && self->s.fd_count == 1,
		   lunl_fd_del(q, LIVE, 1), add_ok, 1, add_undone, 1,
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(0, self->s.fd_count);
		   ASSERT_EQ(self->record, RECORD(self));
		   MON_NONE());
	STEP_LOG(self, "fd-add");
	ASSERT_EQ(0, lunl_fd_add(q, LIVE, m2, 2));
	mon_expect(_metadata, self, add2_ok, 1, 0);

	/* Three files in one request, all or none. */
	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err,
		   lunl_fd_add_entries(&f, LIVE, ent, ent_tokens, ent_labels,
				       NENT, &failed),
		   !lunl_session_get(q, LIVE, &self->s) &&
		   self->s.fd_count == 2 + NENT,
		   ent_del(q), ent_ok, NENT, ent_undone, NENT,
		   ASSERT_EQ(0, lunl_session_get(q, LIVE, &self->s));
		   ASSERT_EQ(2, self->s.fd_count);
		   for (i = 0; i < NENT; i++)
			ASSERT_EQ(-ENOENT, lunl_fd_get(q, LIVE, ent_tokens[i], &fi));
		   ASSERT_EQ(self->record, RECORD(self));
		   mon_expect_entries(_metadata, self,
				      err == -EIO ? -1 : failed));
	STEP_LOG(self, "fd-add of 3 entries");
	fd_states(q, LIVE, states);
	ASSERT_STREQ("PPPPP", states);
	ASSERT_EQ(0, lunl_fd_get(q, LIVE, 13, &fi));
	ASSERT_STREQ("e13", fi.label);

	self->record = RECORD(self);
	FAULT_LOOP(f, nth, err, lunl_freeze(&f, NULL),
		   !lunl_status(q, &self->st) &&
		   self->st.state == LIVEUPDATE_NL_STATE_FROZEN,
		   lunl_unfreeze(q, NULL), freeze_ok, 1, unfreeze_ok, 1,
		   ASSERT_EQ(self->record, RECORD(self));
		   fd_states(q, LIVE, states);
		   ASSERT_STREQ("PPPPP", states);
		   MON_NONE());
	STEP_LOG(self, "freeze");
	fd_states(q, LIVE, states);
	ASSERT_STREQ("FFFFF", states);

	FAULT_LOOP(f, nth, err, lunl_unfreeze(&f, NULL),
		   !lunl_status(q, &self->st) &&
		   self->st.state == LIVEUPDATE_NL_STATE_LIVE,
		   lunl_freeze(q, NULL), unfreeze_ok, 1, freeze_ok, 1,
		   ASSERT_EQ(0, lunl_status(q, &self->st));
		   ASSERT_EQ(LIVEUPDATE_NL_STATE_FROZEN, self->st.state);
		   ASSERT_EQ(self->record, self->st.record_size);
		   fd_states(q, LIVE, states);
		   ASSERT_STREQ("FFFFF", states);
		   MON_NONE());
	STEP_LOG(self, "unfreeze");
	fd_states(q, LIVE, states);
	ASSERT_STREQ("PPPPP", states);

	/* Still a working session: delete it, files and all. */
	ASSERT_EQ(0, lunl_session_del(q, LIVE));
	mon_expect(_metadata, self, del_ok, 1, 0);
	TH_LOG("%d fault positions: %d requests refused and rolled back, %d absorbed and undone, %d runs lost notifications",
	       self->positions, self->refused, self->absorbed, self->ntf_lost);
	EXPECT_GT(self->refused, 0);
	EXPECT_GT(self->ntf_lost, 0);
	close(m1);
	close(m2);
	for (i = 0; i < NENT; i++)
		close(ent[i]);
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
	char states[8], want[96], name[64];
	int fds[4], i, before, err, faults = 0;
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
	ASSERT_EQ(0, lunl_fei_arm("lunl_fd_preserve", -EIO, 0));
	EXPECT_EQ(-EIO, lunl_fd_add_label(&self->l, FEI, fds[3], 4, "four"));
	ASSERT_EQ(1, lunl_fei_disarm());
	snprintf(want, sizeof(want),
		 "fd %d: the file handler refused to preserve it (-5)", fds[3]);
	EXPECT_STREQ(want, self->l.extack);
	EXPECT_EQ(self->record, RECORD(self));
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("PPP", states);
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, FEI, 4, &self->s.fds[0]));
	faults++;
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, FEI, fds[3], 4, "four"));
	self->record = RECORD(self);

	/*
	 * freeze: the file set of this session fails to freeze, after the
	 * sessions before ours froze. A handler refusing one file is
	 * ops_test's rollback case, which names the token.
	 */
	before = sessions_before(&self->l, FEI);
	ASSERT_GE(before, 0);
	ASSERT_EQ(0, lunl_fei_arm("lunl_session_freeze", -EIO, before));
	EXPECT_EQ(-EIO, lunl_freeze(&self->l, NULL));
	ASSERT_EQ(1, lunl_fei_disarm());
	EXPECT_STREQ("freeze failed (-5), all unfrozen: session " FEI,
		     self->l.extack);
	EXPECT_EQ(self->record, RECORD(self));
	fd_states(&self->l, FEI, states);
	EXPECT_STREQ("PPPP", states);
	faults++;

	/* session new: the session's own KHO record cannot be allocated. */
	rec0 = RECORD(self);
	snprintf(name, sizeof(name), FEI "-new");
	ASSERT_EQ(0, lunl_fei_arm("lunl_record_grow", -ENOMEM, 0));
	err = lunl_session_new_data(&self->l, name, 0, big, sizeof(big), NULL);
	ASSERT_EQ(1, lunl_fei_disarm());
	ASSERT_EQ(-ENOMEM, err);
	snprintf(want, sizeof(want),
		 "cannot grow the KHO record to %zu bytes (-12)",
		 REC_SESSION + sizeof(big));
	EXPECT_STREQ(want, self->l.extack);
	EXPECT_EQ(rec0, RECORD(self));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, name, &self->s));
	faults++;
	/* Then it works: its record takes its header and its user data. */
	ASSERT_EQ(0, lunl_session_new_data(&self->l, name, 0, big, sizeof(big),
					   NULL));
	EXPECT_EQ(rec0 + REC_SESSION + sizeof(big), RECORD(self));
	ASSERT_EQ(0, lunl_session_del(&self->l, name));
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
	       faults);
}

/*
 * A restore or a finish cannot be undone, so each fault position after
 * kexec that lets the request through takes a fresh file or session:
 * MANY files for restore, NFIN sessions of one file for finish.
 */
#define MANY		"flt-many"
#define NMANY		64
#define NFIN		32

/*
 * The sessions whose parse fails, PARSE01 to PARSE<NPARSE>:
 * session i, with user data, a labelled memfd (token 1) and two test
 * files, the second depending on the first (tokens 2 and 3), has its
 * allocation i failed. NPARSE is above the allocations a parse makes.
 * PARSE00, parsed first without a fault, takes the allocation of the
 * session table's first node (the second session to come in needs it),
 * so that the others all allocate the same way.
 */
#define PARSE		"flt-p"
#define NPARSE		48
#define PARSE_DATA	24

static void parse_name(char *buf, size_t n, int i)
{
	snprintf(buf, n, PARSE "%02d", i);
}

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

/* Drop whatever the monitor has queued. */
static void mon_flush(struct lunl *mon)
{
	struct ntf got[MAX_NTF];
	int lost;

	mon_read(mon, got, &lost);
}

TEST_F_TIMEOUT(fault, stage2_restore_finish, 1200)
{
	static const uint8_t data[] = "carried across faults\0\xff";
	int nth, err, fd, t, k, fired, state, i, counts[8] = {};
	struct lunl *q = &self->l, f;
	struct ntf want[1];
	uint64_t first = 0;
	char states[8], name[96];

	/* A handler's retrieve that fails is final in LUO: no faults there. */
	ASSERT_EQ(0, faults_setup("luo_retrieve_file"));
	mon_start(_metadata, self);

	ASSERT_EQ(0, lunl_session_get(q, CARRY, &self->s));
	ASSERT_EQ(sizeof(data), self->s.data_len);
	EXPECT_EQ(0, memcmp(data, self->s.data, sizeof(data)));
	fd_states(q, CARRY, states);
	ASSERT_STREQ("III", states);

	/* Restore: allocation n fails, on a file not restored yet. */
	for (nth = 1, t = 1;; nth++) {
		ASSERT_LE(nth, MAX_NTH);
		ASSERT_LT(t, NMANY);
		fd = -1;
		fired = NTH_RUN(f, nth, err,
				lunl_fd_restore(&f, MANY, t, 0, &fd, NULL));
		state = fd_state(q, MANY, t);
		want[0] = (struct ntf)NTF_FD(FD_RESTORE, MANY, t, RESTORED);
		if (!fired || !err ||
		    (err == -EIO && state == LIVEUPDATE_NL_FD_STATE_RESTORED)) {
			/* Restored; its descriptor too, unless the reply was lost. */
			if (!fired)
				ASSERT_EQ(0, err);
			ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_RESTORED, state);
			if (!err) {
				ASSERT_GE(fd, 0);
				EXPECT_EQ(0, lunl_memfd_check(fd, SIZE, 0xa000 + t,
							      &first));
				close(fd);
			}
			mon_expect(_metadata, self, want, 1, fired);
			t++;
			if (!fired)
				break;
			self->positions++;
			self->absorbed++;
			continue;
		}
		/* Refused, and the file is not lost: it can be restored. */
		self->positions++;
		self->refused++;
		self->eio += err == -EIO;
		ASSERT_EQ(-1, fd);
		if (err != -EIO)
			ASSERT_EQ(-ENOMEM, err);
		ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, state);
		MON_NONE();
	}
	STEP_LOG(self, "fd-restore");
	TH_LOG("fd-restore: over %d files, none lost", t - 1);

	/* A handler's retrieve fails: the file is lost, and listed so. */
	ASSERT_EQ(0, lunl_fei_arm("lunl_fd_retrieve", -EIO, 0));
	EXPECT_EQ(-EIO, lunl_fd_restore(q, MANY, NMANY, 0, &fd, NULL));
	ASSERT_EQ(1, lunl_fei_disarm());
	snprintf(name, sizeof(name),
		 "token %d lost: restore failed (-5); finish with discard", NMANY);
	EXPECT_STREQ(name, q->extack);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE,
		  fd_state(q, MANY, NMANY));
	/* Announced once: a retry is refused before it changes anything. */
	EXPECT_EQ(-EIO, lunl_fd_restore(q, MANY, NMANY, 0, &fd, NULL));
	want[0] = (struct ntf)NTF_FD(FD_RESTORE, MANY, NMANY, UNRECOVERABLE);
	mon_expect(_metadata, self, want, 1, 0);
	/* Exactly that one is lost; the others are restored or can be. */
	ASSERT_EQ(0, lunl_session_get(q, MANY, &self->s));
	ASSERT_EQ(NMANY, self->s.nfds);
	for (i = 0; i < NMANY; i++)
		counts[self->s.fds[i].state]++;
	EXPECT_EQ(t - 1, counts[LIVEUPDATE_NL_FD_STATE_RESTORED]);
	EXPECT_EQ(1, counts[LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE]);
	EXPECT_EQ(NMANY - t, counts[LIVEUPDATE_NL_FD_STATE_INCOMING]);
	/* The files never restored, and the lost one, go with discard. */
	ASSERT_EQ(0, lunl_session_finish(q, MANY, 1));
	want[0] = (struct ntf)NTF(SESSION_FINISH, MANY, 0);
	mon_expect(_metadata, self, want, 1, 0);

	/* CARRY comes back whole. */
	RESTORED(self, 1);
	RESTORED(self, 2);
	RESTORED(self, 3);

	/* finish: LUO cannot finish the session's files; all of them stay. */
	ASSERT_EQ(0, lunl_fei_arm("lunl_session_release_files", -EAGAIN, 0));
	EXPECT_EQ(-EAGAIN, lunl_session_finish(q, CARRY, 0));
	ASSERT_EQ(1, lunl_fei_disarm());
	EXPECT_STREQ("a file handler cannot finish yet (-11): retry later",
		     q->extack);
	fd_states(q, CARRY, states);
	EXPECT_STREQ("RRR", states);
	ASSERT_EQ(0, lunl_session_finish(q, CARRY, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(q, CARRY, &self->s));
	mon_flush(&self->mon);

	/* Finish: allocation n fails, on a session not finished yet. */
	for (nth = 1, k = 0;; nth++) {
		ASSERT_LE(nth, MAX_NTH);
		ASSERT_LT(k, NFIN);
		snprintf(name, sizeof(name), "flt-fin-%02d", k);
		fired = NTH_RUN(f, nth, err, lunl_session_finish(&f, name, 1));
		want[0] = (struct ntf)NTF(SESSION_FINISH, "", 0);
		strcpy(want[0].name, name);
		if (!fired || !err ||
		    (err == -EIO &&
		     lunl_session_get(q, name, &self->s) == -ENOENT)) {
			if (!fired)
				ASSERT_EQ(0, err);
			ASSERT_EQ(-ENOENT, lunl_session_get(q, name, &self->s));
			mon_expect(_metadata, self, want, 1, fired);
			k++;
			if (!fired)
				break;
			self->positions++;
			self->absorbed++;
			continue;
		}
		/* Refused: the session and its file are still there. */
		self->positions++;
		self->refused++;
		self->eio += err == -EIO;
		if (err != -EIO)
			ASSERT_EQ(-ENOMEM, err);
		ASSERT_EQ(0, lunl_session_get(q, name, &self->s));
		ASSERT_EQ(1, self->s.nfds);
		ASSERT_EQ(LIVEUPDATE_NL_FD_STATE_INCOMING, self->s.fds[0].state);
		MON_NONE();
	}
	STEP_LOG(self, "session-finish");
	TH_LOG("session-finish: over %d sessions", k);
	for (; k < NFIN; k++) {
		snprintf(name, sizeof(name), "flt-fin-%02d", k);
		ASSERT_EQ(0, lunl_session_finish(q, name, 1));
	}
	TH_LOG("%d fault positions: %d requests refused and rolled back, %d absorbed, %d runs lost notifications; 1 file lost, in the handler's retrieve failed on purpose",
	       self->positions, self->refused, self->absorbed, self->ntf_lost);
}

/*
 * Left live at the end of the stage, these sessions cross the kexec on the
 * reboot path, and the next kernel parses them with faults (parse_check).
 */
TEST_F(fault, parse_setup)
{
	uint8_t pdata[PARSE_DATA];
	char name[32], arg[40];
	int i, fd, t1, t2;
	FILE *next;

	next = fopen("/tmp/next-cmdline", "a");
	ASSERT_NE(NULL, next);
	fprintf(next, " %s=", LUNL_TEST_FAIL_INCOMING);
	for (i = 0; i <= NPARSE; i++) {
		parse_name(name, sizeof(name), i);
		lunl_fill_data(pdata, sizeof(pdata), i);
		ASSERT_EQ(0, lunl_session_new_data(&self->l, name, 0, pdata,
						   sizeof(pdata), NULL));
		fd = new_memfd(0xc000 + i);
		ASSERT_GE(fd, 0);
		ASSERT_EQ(0, lunl_fd_add_label(&self->l, name, fd, 1, "mem"));
		close(fd);
		t1 = lunl_test_new_file(-1, 0xd000 + i);
		ASSERT_GE(t1, 0);
		t2 = lunl_test_new_file(t1, 0xe000 + i);
		ASSERT_GE(t2, 0);
		ASSERT_EQ(0, lunl_fd_add(&self->l, name, t1, 2));
		ASSERT_EQ(0, lunl_fd_add_label(&self->l, name, t2, 3, "dep"));
		close(t1);
		close(t2);
		if (!i)
			continue;
		snprintf(arg, sizeof(arg), "%s%s:%d", i > 1 ? "," : "", name, i);
		fputs(arg, next);
	}
	ASSERT_EQ(0, fclose(next));
}

/* What became of a session whose parse had an allocation failed. */
enum parse_outcome {
	PARSE_WHOLE,		/* the fault missed it, or was absorbed */
	PARSE_RETRIED,		/* lunl_session_alloc(): claimed at the next request */
	PARSE_NO_DATA,		/* lunl_session_store_data(): no user data */
	PARSE_INCOMPLETE,	/* lunl_incoming_fd(): unrecoverable */
	PARSE_SET,		/* luo_file_deserialize(): files unrecoverable */
	PARSE_OUTCOMES
};

static const char *const parse_what[PARSE_OUTCOMES] = {
	"whole", "whole once claimed again", "without user data",
	"unrecoverable", "with every file unrecoverable",
};

/*
 * The outcome a failed allocation leads to, from where it was made (the
 * functions, innermost first, each after a space): that of the innermost
 * function known here. The parse's own code allocates only a file's
 * entry, wherever the compiler inlined it; the session, its user data
 * and LUO's files (read when the family claims the session) are
 * allocated in functions of their own. A session that could not be
 * allocated is not claimed, and the next request claims it whole. The
 * allocator can absorb a fault too (a slab cache that cannot allocate a
 * new per-CPU sheaf takes its slow path), so the session may be whole
 * even then. Its own __GFP_NOWARN allocations (kmemleak, stack depot,
 * debugobjects) are not counted.
 * PARSE_OUTCOMES if no known function is on the stack.
 */
static enum parse_outcome parse_expect(const char *sites)
{
	static const struct {
		const char *fn;
		enum parse_outcome outcome;
	} where[] = {
		{ " lunl_session_store_data", PARSE_NO_DATA },
		{ " lunl_session_alloc", PARSE_RETRIED },
		{ " lunl_incoming_fd", PARSE_INCOMPLETE },
		{ " lunl_incoming_record", PARSE_INCOMPLETE },
		{ " lunl_incoming_session", PARSE_INCOMPLETE },
		{ " lunl_incoming_use", PARSE_INCOMPLETE },
		{ " luo_file_deserialize", PARSE_SET },
	};
	enum parse_outcome o = PARSE_OUTCOMES;
	const char *best = NULL, *p;
	unsigned int i;

	for (i = 0; i < sizeof(where) / sizeof(where[0]); i++) {
		p = strstr(sites, where[i].fn);
		if (p && (!best || p < best)) {
			best = p;
			o = where[i].outcome;
		}
	}
	return o;
}

/* What a parse session looks like, as listed. */
static enum parse_outcome parse_outcome(struct lunl *q, const char *name,
					struct lunl_session_info *s,
					const uint8_t *data, size_t len)
{
	char states[8];

	if (lunl_session_get(q, name, s))
		return PARSE_OUTCOMES;
	fd_states(q, name, states);
	if (s->state == LIVEUPDATE_NL_STATE_UNRECOVERABLE)
		return PARSE_INCOMPLETE;
	if (s->state != LIVEUPDATE_NL_STATE_INCOMING)
		return PARSE_OUTCOMES;
	if (!strcmp(states, "UUU"))
		return PARSE_SET;
	if (strcmp(states, "III"))
		return PARSE_OUTCOMES;
	if (!s->data_len)
		return PARSE_NO_DATA;
	return s->data_len == len && !memcmp(s->data, data, len) ?
	       PARSE_WHOLE : PARSE_OUTCOMES;
}

/* Restore the three files of parse session @i; check what they carry. */
static void parse_restore(struct __test_metadata *_metadata,
			  struct lunl *q, const char *name, int i)
{
	struct lunl_test_info a, b;
	uint64_t first = 0;
	int fd[3], k;

	for (k = 0; k < 3; k++)
		ASSERT_EQ(0, lunl_fd_restore(q, name, k + 1, 0, &fd[k], NULL));
	EXPECT_EQ(0, lunl_memfd_check(fd[0], SIZE, 0xc000 + i, &first));
	ASSERT_EQ(0, lunl_test_info(fd[1], &a));
	ASSERT_EQ(0, lunl_test_info(fd[2], &b));
	EXPECT_EQ(0xd000 + i, a.value);
	EXPECT_EQ(0xe000 + i, b.value);
	EXPECT_EQ(a.id, b.dep_id);
	for (k = 0; k < 3; k++)
		close(fd[k]);
}

/* One line of the kernel's report: "NAME N RESULT ALLOCS FUNCTION...". */
struct parse_report {
	int nth;
	char result[16];
	int allocs;
	char sites[2048];
};

static int parse_report(int i, struct parse_report *r)
{
	static char report[128 * 1024];
	char name[32], *line, *end;
	int fd, n, len;

	fd = open(DBG LUNL_TEST_DEBUGFS_INCOMING_FAULTS, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read(fd, report, sizeof(report) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	report[n] = '\0';
	parse_name(name, sizeof(name), i);
	for (line = report; line && *line; line = end ? end + 1 : NULL) {
		end = strchr(line, '\n');
		if (end)
			*end = '\0';
		if (strncmp(line, name, strlen(name)) ||
		    line[strlen(name)] != ' ')
			continue;
		if (sscanf(line + strlen(name), " %d %15s %d%n", &r->nth,
			   r->result, &r->allocs, &len) != 3)
			return -EINVAL;
		snprintf(r->sites, sizeof(r->sites), "%s",
			 line + strlen(name) + len);
		return 0;
	}
	return -ENOENT;
}

TEST_F_TIMEOUT(fault, parse_check, 600)
{
	static struct lunl_session_info s;
	static struct parse_report r;
	int i, k, fd, seen[PARSE_OUTCOMES] = {}, fired = 0;
	int min_allocs = 1 << 30, max_allocs = 0;
	enum parse_outcome want, o;
	uint8_t pdata[PARSE_DATA];
	struct lunl *q = &self->l;
	char name[32], states[8];

	for (i = 0; i <= NPARSE; i++) {
		parse_name(name, sizeof(name), i);
		lunl_fill_data(pdata, sizeof(pdata), i);
		o = parse_outcome(q, name, &s, pdata, sizeof(pdata));
		if (!i) {
			/* Not faulted. */
			ASSERT_EQ(-ENOENT, parse_report(i, &r));
			want = PARSE_WHOLE;
		} else {
			ASSERT_EQ(0, parse_report(i, &r));
			ASSERT_EQ(i, r.nth);
			if (!strcmp(r.result, "passed")) {
				/* Fewer allocations than its position. */
				ASSERT_LT(r.allocs, r.nth);
				if (r.allocs < min_allocs)
					min_allocs = r.allocs;
				if (r.allocs > max_allocs)
					max_allocs = r.allocs;
				want = PARSE_WHOLE;
			} else {
				ASSERT_STREQ("failed", r.result);
				ASSERT_GE(r.allocs, r.nth);
				fired++;
				want = parse_expect(r.sites);
				/* Listed whole: the second claim worked. */
				if (want == PARSE_RETRIED && o == PARSE_WHOLE)
					o = PARSE_RETRIED;
				TH_LOG("%s: %s, allocation %d failed at%.300s",
				       name, o < PARSE_OUTCOMES ?
				       parse_what[o] : "broken", r.nth, r.sites);
			}
			seen[o < PARSE_OUTCOMES ? o : PARSE_WHOLE]++;
		}
		/* The outcome its failed allocation leads to, or absorbed. */
		ASSERT_NE(PARSE_OUTCOMES, o);
		ASSERT_TRUE(o == want || o == PARSE_WHOLE);

		fd_states(q, name, states);
		switch (o) {
		case PARSE_WHOLE:
		case PARSE_RETRIED:
		case PARSE_NO_DATA:
			ASSERT_STREQ("mem", s.fds[0].label);
			ASSERT_STREQ("dep", s.fds[2].label);
			ASSERT_EQ(1, s.fds[2].ndeps);
			ASSERT_EQ(2, s.fds[2].deps[0]);
			parse_restore(_metadata, q, name, i);
			ASSERT_EQ(0, lunl_session_finish(q, name, 0));
			break;
		case PARSE_INCOMPLETE:
			/* The files parsed before the one that failed. */
			ASSERT_LT(s.nfds, 3);
			ASSERT_EQ((size_t)s.nfds, strlen(states));
			ASSERT_EQ((size_t)s.nfds, strspn(states, "U"));
			for (k = 0; k < s.nfds; k++)
				ASSERT_EQ(k + 1, s.fds[k].token);
			ASSERT_EQ(sizeof(pdata), s.data_len);
			ASSERT_EQ(0, lunl_session_finish(q, name, 1));
			break;
		default:
			ASSERT_EQ(-EIO, lunl_fd_restore(q, name, 1, 0, &fd, NULL));
			ASSERT_STREQ("token 1 is unrecoverable: finish the session with discard",
				     q->extack);
			ASSERT_EQ(0, lunl_session_finish(q, name, 1));
			break;
		}
		ASSERT_EQ(-ENOENT, lunl_session_get(q, name, &s));
	}
	/* The first allocation is the session's; every outcome occurred. */
	ASSERT_EQ(0, parse_report(1, &r));
	ASSERT_EQ(PARSE_RETRIED, parse_expect(r.sites));
	for (o = PARSE_WHOLE; o < PARSE_OUTCOMES; o++) {
		TH_LOG("incoming parse: %d sessions %s", seen[o], parse_what[o]);
		EXPECT_GT(seen[o], 0);
	}
	TH_LOG("incoming parse: %d positions failed, %d sessions passed (their parse made %d to %d allocations)",
	       fired, NPARSE - fired, min_allocs, max_allocs);
	EXPECT_LT(fired, NPARSE);
}

/* Load this kernel for kexec and reboot into it; the error, if refused. */
static int try_kexec(void)
{
	int kfd = open("/boot/bzImage", O_RDONLY | O_CLOEXEC);
	int ifd = open("/boot/base.cpio", O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (kfd < 0 || ifd < 0)
		return -ENOENT;
	if (syscall(SYS_kexec_file_load, kfd, ifd, 1, "", 0UL) ||
	    reboot(LINUX_REBOOT_CMD_KEXEC))
		err = -errno;
	syscall(SYS_kexec_file_load, -1, -1, 0, NULL,
		(unsigned long)KEXEC_FILE_UNLOAD);
	close(kfd);
	close(ifd);
	return err;
}

/*
 * A session whose freeze fails: the kexec is refused, and everything
 * stays live and restorable. Then, its file fixed, the kexec that ends
 * the stage freezes it inside liveupdate_reboot(), and, once that has
 * committed, the kernel refuses every change (test.c tries them).
 */
TEST_F(fault, reboot_freeze_fails)
{
	int m = new_memfd(0x7e), t = lunl_test_new_file(-1, 0x7f);
	static const char *const refused[] = { "session-new", "unfreeze",
					       "freeze" };
	uint64_t first = 0;
	unsigned int i;

	ASSERT_GE(m, 0);
	ASSERT_GE(t, 0);
	ASSERT_EQ(0, lunl_session_new(&self->l, REBOOT, 0, NULL));
	ASSERT_EQ(0, lunl_fd_add(&self->l, REBOOT, m, 1));
	ASSERT_EQ(0, lunl_fd_add(&self->l, REBOOT, t, 2));
	ASSERT_EQ(0, lunl_test_fail_freeze(t, 1));
	/* A freeze request is refused, and names the file. */
	EXPECT_EQ(-EIO, lunl_freeze(&self->l, NULL));
	EXPECT_STREQ("freeze failed (-5), all unfrozen: token 2 of " REBOOT,
		     self->l.extack);
	ASSERT_EQ(0, lunl_session_get(&self->l, REBOOT, &self->s));
	ASSERT_EQ(LIVEUPDATE_NL_STATE_LIVE, self->s.state);

	/* The kexec is refused with the file's error; nothing changed. */
	EXPECT_EQ(-EIO, try_kexec());
	ASSERT_EQ(0, lunl_status(&self->l, &self->st));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, self->st.state);
	ASSERT_EQ(0, lunl_session_get(&self->l, REBOOT, &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, self->s.state);
	ASSERT_EQ(2, self->s.nfds);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, self->s.fds[0].state);
	EXPECT_EQ(LIVEUPDATE_NL_FD_STATE_PRESERVED, self->s.fds[1].state);
	EXPECT_EQ(0, lunl_memfd_check(m, SIZE, 0x7e, &first));
	printf("LUNL-EXPECT-CONSOLE liveupdate_nl: kexec refused: freezing 1 live sessions failed: freeze failed (-5), all unfrozen: token 2 of " REBOOT "\n");
	/* The family works on: a change while live is accepted. */
	ASSERT_EQ(0, lunl_session_set(&self->l, REBOOT, "x", 1, NULL));

	/* Fixed, the session crosses the kexec of init. */
	ASSERT_EQ(0, lunl_test_fail_freeze(t, 0));
	ASSERT_EQ(0, lunl_write_str(DBG LUNL_TEST_DEBUGFS_AFTER_COMMIT, "Y"));
	printf("LUNL-EXPECT-CONSOLE liveupdate_nl: kexec: froze 1 live sessions on the reboot path\n");
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++)
		printf("LUNL-EXPECT-CONSOLE liveupdate_nl_test: after commit: %s: %d: a kexec has committed: nothing changes until the reboot\n",
		       refused[i], -EBUSY);
	fflush(stdout);
	close(m);
	close(t);
}

TEST_F(fault, reboot_carried)
{
	static struct lunl_session_info all[8];
	uint64_t first = 0;
	int fd;

	ASSERT_EQ(0, lunl_status(&self->l, &self->st));
	/* The kexec that was not refused froze and carried it, and only it. */
	EXPECT_EQ(1, self->st.incoming);
	ASSERT_EQ(1, lunl_session_dump(&self->l, all, 8));
	EXPECT_STREQ(REBOOT, all[0].name);
	ASSERT_EQ(1, all[0].data_len);
	EXPECT_EQ('x', all[0].data[0]);
	ASSERT_EQ(0, lunl_fd_restore(&self->l, REBOOT, 1, 0, &fd, NULL));
	EXPECT_EQ(0, lunl_memfd_check(fd, SIZE, 0x7e, &first));
	close(fd);
	EXPECT_EQ(0, lunl_session_finish(&self->l, REBOOT, 1));
	/* The family works on. */
	ASSERT_EQ(0, lunl_session_new(&self->l, REBOOT, 0, NULL));
	ASSERT_EQ(0, lunl_session_del(&self->l, REBOOT));
}

TEST_HARNESS_MAIN
