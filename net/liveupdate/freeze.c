// SPDX-License-Identifier: GPL-2.0
/*
 * Freeze, unfreeze and the kexec path of the liveupdate netlink family:
 * the outgoing side's system state (live, frozen, a kexec under way or
 * committed), the filling of each session's KHO record, and the hook in
 * LUO's liveupdate_reboot() that freezes what is still live or refuses
 * the kexec.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/cleanup.h>
#include <linux/error-injection.h>
#include <linux/ktime.h>
#include <linux/liveupdate.h>
#include <linux/notifier.h>
#include <linux/string.h>

#include "lunl.h"

/* A freeze request or the kexec path froze the outgoing sessions. */
static bool lunl_frozen;
/* liveupdate_reboot() froze the sessions; they are unfrozen if it aborts. */
static bool lunl_reboot_froze;
/*
 * liveupdate_reboot() is past our freeze: LUO serializes, and refuses
 * every change (-EBUSY) until it aborts or the reboot. Written and read
 * under lunl_lock().
 */
static bool lunl_rebooting;
/*
 * liveupdate_reboot() committed the kexec: every change is refused. Set
 * without lunl_lock() (LUO holds its serialization lock until the reboot,
 * which a request holding lunl_lock() may wait for); read with it.
 */
static bool lunl_committed;
/* What the last successful freeze took, for status-get. */
static u64 lunl_freeze_ns;

/**
 * lunl_check_committed() - Refuse a change once a kexec is under way.
 * @extack: Where to say why, or NULL.
 *
 * Once liveupdate_reboot() serializes, nothing may change until it aborts
 * or, once it has committed, until the reboot.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0, or -EBUSY with a message.
 */
int lunl_check_committed(struct netlink_ext_ack *extack)
{
	lunl_assert_held();
	if (READ_ONCE(lunl_committed)) {
		NL_SET_ERR_MSG(extack,
			       "a kexec has committed: nothing changes until the reboot");
		return -EBUSY;
	}
	if (lunl_rebooting) {
		NL_SET_ERR_MSG(extack,
			       "a kexec is in progress: nothing changes unless it fails");
		return -EBUSY;
	}
	return 0;
}

/**
 * lunl_check_live() - Refuse a change unless the outgoing side is live.
 * @extack: Where to say why.
 * @what:   The change, for the message ("adding a file").
 *
 * Context: Called with lunl_lock() held.
 * Return: 0, or -EBUSY with a message.
 */
int lunl_check_live(struct netlink_ext_ack *extack, const char *what)
{
	int err = lunl_check_committed(extack);

	if (err || !lunl_frozen)
		return err;
	NL_SET_ERR_MSG_FMT(extack, "sessions are frozen: unfreeze before %s", what);
	return -EBUSY;
}

/* Freeze the files of @s; @failed names the file whose handler refused. */
static noinline int lunl_session_freeze(struct lunl_session *s, u64 *failed)
{
	return liveupdate_session_freeze(s->luo, failed);
}
ALLOW_ERROR_INJECTION(lunl_session_freeze, ERRNO);

/* Unfreeze the outgoing sessions up to @last, excluded (NULL: all). */
static void lunl_unfreeze_files(struct lunl_session *last)
{
	struct lunl_session *s;
	unsigned long id;

	for (id = 0; (s = lunl_session_from(&id)); id++) {
		if (s == last)
			break;
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		/* The record may move before the next freeze. */
		liveupdate_session_set_data(s->luo, 0);
		liveupdate_session_unfreeze(s->luo);
		lunl_session_set_fd_state(s, LIVEUPDATE_NL_FD_STATE_PRESERVED);
	}
}

/* Copy @len bytes into the pool of @hdr at *@off; return their offset. */
static u32 lunl_ser_pool(struct lunl_ser_hdr *hdr, u8 *pool, u32 *off,
			 const void *p, u32 len)
{
	u32 at = *off;

	if (len)
		memcpy(pool + at, p, len);
	*off += len;
	hdr->pool_size = *off;
	return at;
}

/*
 * Fill the record of @s in, and hand its address to LUO. It was grown as
 * files came: nothing is allocated.
 */
static int lunl_record_fill(struct lunl_session *s,
			    struct netlink_ext_ack *extack)
{
	size_t size = sizeof(struct lunl_ser_hdr) + s->data_len;
	struct lunl_ser_hdr *hdr = s->record;
	struct lunl_fd_ser *fser;
	u64 *deps, *dep;
	struct lunl_fd *f;
	u32 nr_deps = 0;
	u32 off = 0;
	u8 *pool;

	list_for_each_entry(f, &s->fds, list) {
		nr_deps += f->nr_deps;
		size += lunl_fd_record(f);
	}
	/* lunl_record_reserve() counted and grew for all of it. */
	if (WARN_ON_ONCE(size != s->record_size || size > s->record_cap)) {
		NL_SET_ERR_MSG(extack,
			       "the KHO record is miscounted, a bug: see the kernel log");
		return -EOVERFLOW;
	}
	memset(hdr, 0, size);
	strscpy_pad(hdr->compatible, LUNL_KHO_COMPATIBLE);
	hdr->nr_fds = s->nr_fds;
	hdr->nr_deps = nr_deps;
	fser = (struct lunl_fd_ser *)(hdr + 1);
	deps = (u64 *)(fser + hdr->nr_fds);
	dep = deps;
	pool = (u8 *)(deps + nr_deps);
	hdr->data_len = s->data_len;
	hdr->data_off = lunl_ser_pool(hdr, pool, &off, s->data, s->data_len);
	list_for_each_entry(f, &s->fds, list) {
		fser->token = f->token;
		fser->size = lunl_fd_size(f);
		fser->first_dep = dep - deps;
		fser->nr_deps = f->nr_deps;
		memcpy(dep, f->deps, f->nr_deps * sizeof(u64));
		dep += f->nr_deps;
		if (f->label) {
			fser->label_len = strlen(f->label);
			fser->label_off = lunl_ser_pool(hdr, pool, &off,
							f->label,
							fser->label_len);
		}
		fser++;
	}
	return liveupdate_session_set_data(s->luo, virt_to_phys(hdr));
}

/*
 * Freeze the files of @s, with its record filled in. Not inlined: a
 * benchmark's kretprobe (lib/tests/lunl_luo_timing.c) times each session's
 * freeze here, as it times LUO's in luo_file_freeze().
 */
static noinline int lunl_freeze_session(struct lunl_session *s,
					struct netlink_ext_ack *extack)
{
	u64 start = ktime_get_ns();
	u64 failed = U64_MAX;
	int err;

	err = lunl_record_fill(s, extack);
	if (err)
		return err;
	err = lunl_session_freeze(s, &failed);
	if (err) {
		/* LUO names the file when its handler refused, and logs it. */
		if (lunl_fd_find(s, failed))
			NL_SET_ERR_MSG_FMT(extack,
					   "freeze failed (%d), all unfrozen: token %llu of %s",
					   err, failed, s->name);
		else
			NL_SET_ERR_MSG_FMT(extack,
					   "freeze failed (%d), all unfrozen: session %s",
					   err, s->name);
		pr_warn("freeze failed at session \"%s\": %pe\n", s->name,
			ERR_PTR(err));
		return err;
	}
	lunl_session_set_fd_state(s, LIVEUPDATE_NL_FD_STATE_FROZEN);
	lunl_session_read_luo(s);
	s->freeze_ns = ktime_get_ns() - start;
	return 0;
}

/**
 * lunl_freeze() - Freeze every outgoing session, atomically.
 * @extack: Where to report the session and token that failed, or NULL.
 *
 * The records were grown while live, so freeze allocates nothing of its
 * own: it fills each session's record in and has LUO freeze its files,
 * session after session in the order they were created.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0 on success, or a negative errno with everything live again.
 */
int lunl_freeze(struct netlink_ext_ack *extack)
{
	u64 start = ktime_get_ns();
	struct lunl_session *s;
	u32 sessions = 0, fds = 0;
	unsigned long id;
	int err;

	lunl_assert_held();
	if (lunl_check_committed(extack))
		return -EBUSY;
	if (lunl_frozen) {
		NL_SET_ERR_MSG(extack, "sessions are already frozen");
		return -EBUSY;
	}

	for (id = 0; (s = lunl_session_from(&id)); id++) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		err = lunl_freeze_session(s, extack);
		if (err) {
			lunl_unfreeze_files(s);
			return err;
		}
		sessions++;
		fds += s->nr_fds;
	}
	lunl_frozen = true;
	lunl_freeze_ns = ktime_get_ns() - start;
	lunl_changed();
	pr_info("froze %u sessions with %u files in %llu ns\n", sessions, fds,
		lunl_freeze_ns);
	lunl_notify_status(LIVEUPDATE_NL_CMD_FREEZE_NTF);
	return 0;
}

/**
 * lunl_unfreeze() - Unfreeze every outgoing session and return to live.
 * @extack: Where to report a rejection.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0 on success, or -EINVAL if not frozen.
 */
int lunl_unfreeze(struct netlink_ext_ack *extack)
{
	lunl_assert_held();
	if (lunl_check_committed(extack))
		return -EBUSY;
	if (!lunl_frozen) {
		NL_SET_ERR_MSG(extack, "sessions are not frozen");
		return -EINVAL;
	}
	lunl_unfreeze_files(NULL);
	lunl_frozen = false;
	lunl_changed();
	lunl_notify_status(LIVEUPDATE_NL_CMD_UNFREEZE_NTF);
	return 0;
}

#if IS_ENABLED(CONFIG_LIVEUPDATE_NL_TEST)
/**
 * liveupdate_nl_test_record() - Hand the record of a frozen session to a test.
 * @name:   An outgoing session.
 * @damage: Called with the family's lock held, with the session's KHO
 *          record and the LUO session that carries its handle.
 * @arg:    For @damage.
 *
 * For the test hooks (lib/tests/lunl_test_hooks.c), which damage the
 * record so that the next kernel's checks of it can be tested.
 *
 * Context: Takes lunl_lock(); @damage runs under it and must not call
 * into the family.
 * Return: -ENOENT unless frozen with such a session, else what @damage
 * returned.
 */
int liveupdate_nl_test_record(const char *name,
			      int (*damage)(struct lunl_ser_hdr *hdr,
					    struct liveupdate_session *luo,
					    void *arg),
			      void *arg)
{
	struct lunl_session *s;

	guard(lunl)();
	s = lunl_frozen ?
	    lunl_session_find(name, LIVEUPDATE_NL_DIRECTION_OUTGOING) : NULL;
	if (!s)
		return -ENOENT;
	return damage(s->record, s->luo, arg);
}

/**
 * liveupdate_nl_test_changes() - Try the changes a request could make.
 * @report: Called for session-new, unfreeze and freeze in turn, with the
 *          errno (0 if the change was made) and the extack message.
 *
 * For the test hooks, from a reboot notifier once liveupdate_reboot() has
 * committed the kexec, when every change must be refused.
 *
 * Context: Takes lunl_lock(); @report runs under it and must not call
 * into the family.
 */
void liveupdate_nl_test_changes(void (*report)(const char *op, int err,
					       const char *msg))
{
	struct netlink_ext_ack extack = {};
	struct lunl_session *s;
	int err;

	guard(lunl)();
	s = lunl_session_new("lunl-after-commit", NULL, 0, NULL, NULL, 0,
			     &extack);
	report("session-new", PTR_ERR_OR_ZERO(s), extack._msg ?: "");
	memset(&extack, 0, sizeof(extack));
	err = lunl_unfreeze(&extack);
	report("unfreeze", err, extack._msg ?: "");
	memset(&extack, 0, sizeof(extack));
	err = lunl_freeze(&extack);
	report("freeze", err, extack._msg ?: "");
}
#endif

/*
 * The kexec path, from liveupdate_reboot(): freeze what is live before LUO
 * serializes its own sessions, so that a file that cannot freeze refuses
 * the kexec with everything live again; undo that freeze if the kexec is
 * refused after all; and once it has committed, refuse every change.
 */
static int lunl_liveupdate_reboot(struct notifier_block *nb,
				  unsigned long event, void *data)
{
	struct netlink_ext_ack extack = {};
	int err = 0;

	/* LUO holds its serialization lock from now on: no lunl_lock(). */
	if (event == LIVEUPDATE_REBOOT_COMMIT) {
		WRITE_ONCE(lunl_committed, true);
		return NOTIFY_DONE;
	}
	guard(lunl)();
	switch (event) {
	case LIVEUPDATE_REBOOT_PREPARE:
		if (lunl_frozen || !lunl_nr_outgoing_sessions())
			break;
		err = lunl_freeze(&extack);
		if (err) {
			pr_err("kexec refused: freezing %u live sessions failed: %s\n",
			       lunl_nr_outgoing_sessions(), extack._msg ?: "");
			break;
		}
		lunl_reboot_froze = true;
		pr_info("kexec: froze %u live sessions on the reboot path\n",
			lunl_nr_outgoing_sessions());
		break;
	case LIVEUPDATE_REBOOT_ABORT:
		lunl_rebooting = false;
		if (lunl_reboot_froze && !lunl_unfreeze(NULL))
			pr_info("kexec refused: the sessions are live again\n");
		lunl_reboot_froze = false;
		break;
	}
	/* A PREPARE that fails gets no ABORT. */
	if (event == LIVEUPDATE_REBOOT_PREPARE && !err)
		lunl_rebooting = true;
	return notifier_from_errno(err);
}

static struct notifier_block lunl_liveupdate_nb = {
	.notifier_call = lunl_liveupdate_reboot,
};

/**
 * lunl_is_rebooting() - Whether liveupdate_reboot() is past the family's
 * freeze.
 *
 * Context: Called with lunl_lock() held.
 * Return: true from LUO's PREPARE until its ABORT, or until the reboot.
 */
bool lunl_is_rebooting(void)
{
	lunl_assert_held();
	return lunl_rebooting;
}

/**
 * lunl_is_frozen() - Whether the outgoing sessions are frozen.
 *
 * Context: Called with lunl_lock() held.
 * Return: true from a freeze until the next unfreeze.
 */
bool lunl_is_frozen(void)
{
	lunl_assert_held();
	return lunl_frozen;
}

/**
 * lunl_freeze_time_ns() - How long the last successful freeze took.
 *
 * Context: Called with lunl_lock() held.
 * Return: Nanoseconds, 0 before the first.
 */
u64 lunl_freeze_time_ns(void)
{
	lunl_assert_held();
	return lunl_freeze_ns;
}

/**
 * lunl_freeze_init() - Join LUO's reboot path.
 *
 * The freeze at liveupdate_reboot(), and the latch once it commits.
 */
void __init lunl_freeze_init(void)
{
	liveupdate_register_reboot_notifier(&lunl_liveupdate_nb);
}

/**
 * lunl_freeze_exit() - Undo lunl_freeze_init().
 */
void __init lunl_freeze_exit(void)
{
	liveupdate_unregister_reboot_notifier(&lunl_liveupdate_nb);
}
