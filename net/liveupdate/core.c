// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions, files, freeze and hand-over of the liveupdate netlink family.
 */

/**
 * DOC: liveupdate netlink sessions
 *
 * A session is a named, ordered group of files. Outgoing sessions are
 * created in this kernel; incoming sessions are rebuilt, at the first
 * request, from the KHO record the previous kernel published. A session
 * carries opaque user data and each file an optional label, unique
 * within its session, so that an agent finds its state after kexec from
 * the listing alone.
 *
 * States of the outgoing side, system-wide:
 *
 * - live: sessions can be created and deleted, files added and removed.
 *   Every file is preserved at once through LUO's file layer
 *   (luo_preserve_file()), in the &struct luo_file_set of its session,
 *   so its handler has done the heavy work (pinning memfd folios) before
 *   freeze; luo_file_unpreserve() takes one file back out of the set.
 *   A file that a registered &struct lunl_dep_resolver says depends on
 *   other files is accepted only once those are in the session; a file
 *   others depend on cannot be removed.
 * - frozen: one freeze request calls luo_file_freeze() on the file set
 *   of every outgoing session, which freezes its files in the order
 *   added, writes the session metadata into the record and points the
 *   KHO root at it. The root is published at boot; the record is one
 *   preserved allocation that grows while live, as sessions and files
 *   are added, so freeze allocates nothing of its own (the file handlers
 *   may). With no outgoing session, freeze writes no record and the next
 *   kernel receives nothing. If any file fails, the sessions already
 *   frozen are unfrozen and the root stays empty: the state stays live.
 *   Unfreeze empties the root and unfreezes every session. While frozen,
 *   every mutation is refused with EBUSY.
 *   A kexec while live freezes inside liveupdate_reboot(), before LUO
 *   serializes its own sessions (liveupdate_register_reboot_notifier()):
 *   if a file cannot freeze, the kexec is refused (reboot() returns the
 *   error) and the sessions are live again, and so they are if LUO
 *   refuses it after us. Once liveupdate_reboot() has committed the
 *   kexec, every change is refused with EBUSY until the reboot.
 * - incoming: after kexec, the first request of any kind (as LUO waits for
 *   the first open of /dev/liveupdate) reads the record back, rebuilds
 *   each session's file set with luo_file_deserialize() and sends
 *   incoming-ntf; so a file handler that a module registers after boot,
 *   before that request, still finds its files. A set that does not deserialize, or whose
 *   entries disagree with ours, makes every file of its session
 *   unrecoverable. Files are restored with luo_retrieve_file(), their
 *   dependencies first, and again as often as asked until finish (a new
 *   reference to the same file each time); a file whose handler fails
 *   to restore it turns unrecoverable, since LUO keeps that error and
 *   the handler may have consumed its record. Finish hands every file
 *   of the session over to its handler for good (luo_file_finish()), at
 *   once or not at all; a file never restored, or unrecoverable, is
 *   discarded then, and only if the caller asks for it. A restored file
 *   can be added to a new outgoing session once its session is finished,
 *   so live updates chain.
 *
 * Locking: &lunl_lock, one mutex, serializes every operation of the
 * family: it protects &lunl_sessions, the system state, every session
 * and every file, the tables that find them (&lunl_session_table,
 * &lunl_fd_table, &lunl_label_table) and the resolver registry. It is
 * taken before any LUO lock (LUO's per-file mutex and
 * luo_register_rwlock are taken inside the luo_* calls) and never inside
 * them. Taken before it, never inside it: genetlink's cb_lock (read)
 * around every request and dump (the family has parallel_ops, so
 * genl_mutex is not taken), and a dump's cb_mutex; on the kexec path,
 * reboot()'s system_transition_mutex and the kexec lock around
 * liveupdate_reboot(), which calls lunl_liveupdate_reboot(); the netlink
 * notifier chain's lock around lunl_release_owner(). Notifications are
 * sent with it held, so a monitor sees changes in the order they
 * happened. Dumps take it per message batch, resume from the session
 * index and mark a batch interrupted (NLM_F_DUMP_INTR) if
 * &lunl_generation moved.
 *
 * Error injection: the steps a file handler or KHO can fail go through
 * lunl_fd_preserve(), lunl_record_grow(), lunl_session_freeze(),
 * lunl_fd_retrieve() and lunl_session_release_files(), which
 * fail_function can fail one at a time; the selftests check that their
 * callers roll back as described above (the record's growth at
 * session-new). With CONFIG_LIVEUPDATE_NL_TEST, the parse of each
 * incoming session is bracketed by lunl_test_incoming_begin() and
 * lunl_test_incoming_end(), so that a boot parameter can fail its
 * allocations one by one.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/error-injection.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/kho/abi/memfd.h>
#include <linux/liveupdate.h>
#include <linux/mm.h>
#include <linux/notifier.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringhash.h>

#include "lunl.h"

/* Serializes the whole family; see the DOC block above. */
DEFINE_MUTEX(lunl_lock);
DEFINE_XARRAY_ALLOC(lunl_sessions);
/* Bumped by every change a dump could observe. */
u32 lunl_generation;

static LIST_HEAD(lunl_resolvers);
/*
 * Sessions by name and direction, files by session and token, labelled
 * files by session and label: every lookup a request makes stays flat
 * at the limits (4096 sessions, 16384 files in a session).
 */
static DEFINE_HASHTABLE(lunl_session_table, 10);
static DEFINE_HASHTABLE(lunl_fd_table, 12);
static DEFINE_HASHTABLE(lunl_label_table, 12);
static bool lunl_frozen;
/* liveupdate_reboot() froze the sessions; they are unfrozen if it aborts. */
static bool lunl_reboot_froze;
/* liveupdate_reboot() committed the kexec: every change is refused. */
static bool lunl_committed;
/* The previous kernel's root, until the first request reads it. */
static phys_addr_t lunl_incoming_phys;
static size_t lunl_incoming_size;
static bool lunl_incoming_pending;
static u64 lunl_freeze_ns;
static u32 lunl_nr_outgoing;
/*
 * Outgoing sessions with an owner socket. Written under &lunl_lock, read
 * without it so that the close of any generic netlink socket does not
 * wait for the lock when no session has an owner.
 */
static u32 lunl_nr_owned;

/*
 * The root is published at boot and says where the record is. The record
 * is one preserved allocation, at most a maximal folio, grown while live
 * so that freeze only fills it in: its size is kept current as outgoing
 * sessions and files come and go, and a mutation that would not fit is
 * refused when it is made, not at freeze or on the reboot path. It is
 * freed when the last outgoing session goes.
 */
#define LUNL_RECORD_MAX		(PAGE_SIZE << MAX_PAGE_ORDER)
static struct lunl_ser_root *lunl_root;
static struct lunl_ser_hdr *lunl_record;
static size_t lunl_record_cap;
static size_t lunl_record_size = sizeof(struct lunl_ser_hdr);

/* Replace the (unused) record with an empty one of at least @size bytes. */
static noinline int lunl_record_grow(size_t size)
{
	size_t cap = PAGE_SIZE << get_order(size);
	void *record = kho_alloc_preserve(cap);

	if (IS_ERR(record))
		return PTR_ERR(record);
	kho_unpreserve_free(lunl_record);
	lunl_record = record;
	lunl_record_cap = cap;
	return 0;
}
ALLOW_ERROR_INJECTION(lunl_record_grow, ERRNO);

static int lunl_record_reserve(size_t bytes, struct netlink_ext_ack *extack)
{
	size_t size = lunl_record_size + bytes;
	int err;

	if (!lunl_root) {
		NL_SET_ERR_MSG(extack,
			       "no KHO root was published at boot: see the kernel log");
		return -ENODEV;
	}
	if (bytes > LUNL_RECORD_MAX - lunl_record_size) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the KHO record would exceed %lu bytes: remove something first",
				   LUNL_RECORD_MAX);
		return -ENOSPC;
	}
	if (size > lunl_record_cap) {
		err = lunl_record_grow(size);
		if (err) {
			NL_SET_ERR_MSG_FMT(extack,
					   "cannot grow the KHO record to %zu bytes (%d)",
					   size, err);
			return err;
		}
	}
	lunl_record_size = size;
	return 0;
}

static void lunl_record_release(size_t bytes)
{
	lunl_record_size -= bytes;
	if (lunl_record_size > sizeof(struct lunl_ser_hdr))
		return;
	kho_unpreserve_free(lunl_record);
	lunl_record = NULL;
	lunl_record_cap = 0;
}

static size_t lunl_session_record(const struct lunl_session *s)
{
	return sizeof(struct lunl_session_ser) + s->data_len;
}

static size_t lunl_fd_record(const struct lunl_fd *f)
{
	return sizeof(struct lunl_fd_ser) + f->nr_deps * sizeof(u64) +
	       (f->label ? strlen(f->label) : 0);
}

/**
 * lunl_register_dep_resolver() - Register a dependency resolver.
 * @r: The resolver; its @compatible, @match and @deps must be set.
 */
void lunl_register_dep_resolver(struct lunl_dep_resolver *r)
{
	guard(mutex)(&lunl_lock);
	list_add_tail(&r->list, &lunl_resolvers);
}
EXPORT_SYMBOL_GPL(lunl_register_dep_resolver);

/**
 * lunl_unregister_dep_resolver() - Unregister a dependency resolver.
 * @r: A resolver passed to lunl_register_dep_resolver().
 */
void lunl_unregister_dep_resolver(struct lunl_dep_resolver *r)
{
	guard(mutex)(&lunl_lock);
	list_del(&r->list);
}
EXPORT_SYMBOL_GPL(lunl_unregister_dep_resolver);

/*
 * memfds depend on nothing; the entry names their handler before freeze.
 * The test is the memfd handler's own can_preserve().
 */
static bool lunl_memfd_match(struct file *file)
{
	return IS_ENABLED(CONFIG_LIVEUPDATE_MEMFD) && shmem_file(file) &&
	       !file_inode(file)->i_nlink;
}

static int lunl_memfd_deps(struct file *file, struct file **deps,
			   unsigned int max)
{
	return 0;
}

static struct lunl_dep_resolver lunl_memfd_resolver = {
	.compatible	= MEMFD_LUO_FH_COMPATIBLE,
	.match		= lunl_memfd_match,
	.deps		= lunl_memfd_deps,
};

static struct lunl_dep_resolver *lunl_resolver(struct file *file)
{
	struct lunl_dep_resolver *r;

	list_for_each_entry(r, &lunl_resolvers, list)
		if (r->match(file))
			return r;
	return NULL;
}

/**
 * lunl_session_state() - State of a session.
 * @s: The session.
 *
 * Context: Called with &lunl_lock held.
 * Return: The &enum liveupdate_nl_state of @s.
 */
enum liveupdate_nl_state lunl_session_state(const struct lunl_session *s)
{
	lockdep_assert_held(&lunl_lock);
	if (s->direction == LIVEUPDATE_NL_DIRECTION_INCOMING)
		return s->state;
	return lunl_frozen ? LIVEUPDATE_NL_STATE_FROZEN : LIVEUPDATE_NL_STATE_LIVE;
}

/**
 * lunl_fd_size() - Size of a file held by a session.
 * @f: The file.
 *
 * Context: Called with &lunl_lock held.
 * Return: The current size of an outgoing file, or the size the previous
 * kernel recorded for an incoming one.
 */
u64 lunl_fd_size(const struct lunl_fd *f)
{
	lockdep_assert_held(&lunl_lock);
	if (f->file)
		return i_size_read(file_inode(f->file));
	return f->size;
}

/**
 * lunl_status() - Figures of the outgoing side.
 * @st: Filled in.
 *
 * Context: Called with &lunl_lock held.
 */
void lunl_status(struct lunl_status *st)
{
	struct lunl_session *s;
	unsigned long id;

	lockdep_assert_held(&lunl_lock);
	memset(st, 0, sizeof(*st));
	st->frozen = lunl_frozen;
	st->freeze_ns = lunl_freeze_ns;
	st->record_size = lunl_record_size;
	st->record_max = LUNL_RECORD_MAX;
	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction == LIVEUPDATE_NL_DIRECTION_INCOMING) {
			st->incoming++;
			continue;
		}
		st->sessions++;
		st->fds += s->nr_fds;
	}
}

static u32 lunl_session_key(const char *name, enum liveupdate_nl_direction dir)
{
	return full_name_hash(NULL, name, strlen(name)) ^ dir;
}

/**
 * lunl_session_find() - Look a session up by name and direction.
 * @name: Session name.
 * @dir:  Direction to look in.
 *
 * Context: Called with &lunl_lock held.
 * Return: The session, or NULL.
 */
struct lunl_session *lunl_session_find(const char *name,
				       enum liveupdate_nl_direction dir)
{
	struct lunl_session *s;

	lockdep_assert_held(&lunl_lock);
	hash_for_each_possible(lunl_session_table, s, hnode,
			       lunl_session_key(name, dir))
		if (s->direction == dir && !strcmp(s->name, name))
			return s;
	return NULL;
}

static u64 lunl_fd_key(const struct lunl_session *s, u64 token)
{
	return token ^ (uintptr_t)s;
}

/**
 * lunl_fd_find() - Look a file of a session up by token.
 * @s:     The session.
 * @token: The token.
 *
 * Context: Called with &lunl_lock held.
 * Return: The file, or NULL.
 */
struct lunl_fd *lunl_fd_find(struct lunl_session *s, u64 token)
{
	struct lunl_fd *f;

	lockdep_assert_held(&lunl_lock);
	hash_for_each_possible(lunl_fd_table, f, hnode, lunl_fd_key(s, token))
		if (f->session == s && f->token == token)
			return f;
	return NULL;
}

static u32 lunl_label_key(const struct lunl_session *s, const char *label)
{
	return full_name_hash(s, label, strlen(label));
}

/* Append @f to its session. */
static void lunl_fd_link(struct lunl_fd *f)
{
	struct lunl_session *s = f->session;

	list_add_tail(&f->list, &s->fds);
	hash_add(lunl_fd_table, &f->hnode, lunl_fd_key(s, f->token));
	if (f->label)
		hash_add(lunl_label_table, &f->lnode,
			 lunl_label_key(s, f->label));
	s->nr_fds++;
}

/**
 * lunl_fd_find_label() - Look a file of a session up by label.
 * @s:     The session.
 * @label: The label.
 *
 * Context: Called with &lunl_lock held.
 * Return: The file, or NULL.
 */
struct lunl_fd *lunl_fd_find_label(struct lunl_session *s, const char *label)
{
	struct lunl_fd *f;

	lockdep_assert_held(&lunl_lock);
	hash_for_each_possible(lunl_label_table, f, lnode,
			       lunl_label_key(s, label))
		if (f->session == s && !strcmp(f->label, label))
			return f;
	return NULL;
}

static struct lunl_session *lunl_session_alloc(const char *name,
					       enum liveupdate_nl_direction dir)
{
	struct lunl_session *s;
	int err;

	s = kzalloc_obj(*s);
	if (!s)
		return ERR_PTR(-ENOMEM);
	strscpy(s->name, name);
	s->direction = dir;
	s->state = dir == LIVEUPDATE_NL_DIRECTION_INCOMING ?
		   LIVEUPDATE_NL_STATE_INCOMING : LIVEUPDATE_NL_STATE_LIVE;
	INIT_LIST_HEAD(&s->fds);
	luo_file_set_init(&s->set);
	err = xa_alloc(&lunl_sessions, &s->id, s, xa_limit_32b, GFP_KERNEL);
	if (err) {
		kfree(s);
		return ERR_PTR(err);
	}
	hash_add(lunl_session_table, &s->hnode, lunl_session_key(name, dir));
	if (dir == LIVEUPDATE_NL_DIRECTION_OUTGOING)
		lunl_nr_outgoing++;
	lunl_generation++;
	return s;
}

static void lunl_session_free(struct lunl_session *s)
{
	xa_erase(&lunl_sessions, s->id);
	hash_del(&s->hnode);
	if (s->direction == LIVEUPDATE_NL_DIRECTION_OUTGOING) {
		lunl_nr_outgoing--;
		lunl_record_release(lunl_session_record(s));
		if (s->flags & LIVEUPDATE_NL_SESSION_F_OWNED)
			WRITE_ONCE(lunl_nr_owned, lunl_nr_owned - 1);
	}
	lunl_generation++;
	luo_file_set_destroy(&s->set);
	kfree(s->data);
	kfree(s);
}

/* Once a kexec has committed, nothing may change until the reboot. */
static int lunl_check_committed(struct netlink_ext_ack *extack)
{
	if (!lunl_committed)
		return 0;
	NL_SET_ERR_MSG(extack,
		       "a kexec has committed: nothing changes until the reboot");
	return -EBUSY;
}

static int lunl_check_live(struct netlink_ext_ack *extack, const char *what)
{
	int err = lunl_check_committed(extack);

	if (err || !lunl_frozen)
		return err;
	NL_SET_ERR_MSG_FMT(extack, "sessions are frozen: unfreeze before %s", what);
	return -EBUSY;
}

/* Replace the user data of @s; @len is within the policy's limit. */
static int lunl_session_store_data(struct lunl_session *s, const void *data,
				   u32 len)
{
	void *copy = NULL;

	if (len) {
		copy = kmemdup(data, len, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
	}
	kfree(s->data);
	s->data = copy;
	s->data_len = len;
	lunl_generation++;
	return 0;
}

/**
 * lunl_session_new() - Create an outgoing session.
 * @name:     Session name, 1 to 63 bytes.
 * @flags:    &enum liveupdate_nl_session_flags.
 * @owner:    Port id of the requesting socket.
 * @data:     User data, or NULL.
 * @data_len: Size of @data, at most %LIVEUPDATE_NL_USER_DATA_MAX.
 * @extack:   Where to report why the session cannot be created.
 *
 * Context: Called with &lunl_lock held.
 * Return: The new session, or an ERR_PTR().
 */
struct lunl_session *lunl_session_new(const char *name, u32 flags, u32 owner,
				      const void *data, u32 data_len,
				      struct netlink_ext_ack *extack)
{
	struct lunl_session *s;
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_live(extack, "creating a session");
	if (err)
		return ERR_PTR(err);
	if (!name[0]) {
		NL_SET_ERR_MSG(extack, "session name must not be empty");
		return ERR_PTR(-EINVAL);
	}
	if (lunl_session_find(name, LIVEUPDATE_NL_DIRECTION_OUTGOING)) {
		NL_SET_ERR_MSG(extack,
			       "an outgoing session of that name exists: pick another name");
		return ERR_PTR(-EEXIST);
	}
	if (lunl_nr_outgoing >= LIVEUPDATE_NL_MAX_SESSIONS) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the system already holds %u outgoing sessions: delete one first",
				   LIVEUPDATE_NL_MAX_SESSIONS);
		return ERR_PTR(-ENOSPC);
	}
	err = lunl_record_reserve(sizeof(struct lunl_session_ser) + data_len,
				  extack);
	if (err)
		return ERR_PTR(err);
	s = lunl_session_alloc(name, LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s)) {
		lunl_record_release(sizeof(struct lunl_session_ser) + data_len);
		NL_SET_ERR_MSG(extack, "out of memory creating the session");
		return s;
	}
	/* Charged above: lunl_session_free() gives it back. */
	err = lunl_session_store_data(s, data, data_len);
	if (err) {
		lunl_record_release(data_len);
		lunl_session_free(s);
		NL_SET_ERR_MSG(extack, "out of memory storing the user data");
		return ERR_PTR(err);
	}
	s->flags = flags;
	s->owner = owner;
	if (flags & LIVEUPDATE_NL_SESSION_F_OWNED)
		WRITE_ONCE(lunl_nr_owned, lunl_nr_owned + 1);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_NEW_NTF);
	return s;
}

/**
 * lunl_session_set_data() - Replace the user data of an outgoing session.
 * @s:        Outgoing session.
 * @data:     User data; ignored if @data_len is 0.
 * @data_len: Size of @data, at most %LIVEUPDATE_NL_USER_DATA_MAX; 0
 *            clears the user data.
 * @extack:   Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or a negative errno; the old data stays then.
 */
int lunl_session_set_data(struct lunl_session *s, const void *data,
			  u32 data_len, struct netlink_ext_ack *extack)
{
	u32 old_len = s->data_len;
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_live(extack, "setting user data");
	if (err)
		return err;
	if (data_len > old_len) {
		err = lunl_record_reserve(data_len - old_len, extack);
		if (err)
			return err;
	}
	err = lunl_session_store_data(s, data, data_len);
	if (err) {
		if (data_len > old_len)
			lunl_record_release(data_len - old_len);
		NL_SET_ERR_MSG(extack, "out of memory storing the user data");
		return err;
	}
	if (data_len < old_len)
		lunl_record_release(old_len - data_len);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_SET_NTF);
	return 0;
}

static void lunl_fd_free(struct lunl_fd *f)
{
	if (f->session->direction == LIVEUPDATE_NL_DIRECTION_OUTGOING)
		lunl_record_release(lunl_fd_record(f));
	list_del(&f->list);
	hash_del(&f->hnode);
	hash_del(&f->lnode);
	f->session->nr_fds--;
	lunl_generation++;
	if (f->file)
		fput(f->file);
	kfree(f->deps);
	kfree(f->label);
	kfree(f);
}

static void lunl_session_destroy(struct lunl_session *s)
{
	struct lunl_fd *f, *tmp;

	/* LUO unpreserves the newest first: dependents before dependencies. */
	luo_file_unpreserve_files(&s->set);
	list_for_each_entry_safe_reverse(f, tmp, &s->fds, list)
		lunl_fd_free(f);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_DEL_NTF);
	lunl_session_free(s);
}

/**
 * lunl_session_del() - Delete an outgoing session and unpreserve its files.
 * @s:      Outgoing session.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or a negative errno.
 */
int lunl_session_del(struct lunl_session *s, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_live(extack, "deleting a session");
	if (err)
		return err;
	lunl_session_destroy(s);
	return 0;
}

/**
 * lunl_release_owner() - Delete the sessions a closing socket owns.
 * @portid: Port id of the socket.
 *
 * Owned sessions survive while frozen: they are about to cross kexec.
 * They lose their owner then.
 *
 * Context: Process context, takes &lunl_lock.
 */
void lunl_release_owner(u32 portid)
{
	struct lunl_session *s;
	unsigned long id;

	/* A socket that created an owned session did so before it closed. */
	if (!READ_ONCE(lunl_nr_owned))
		return;
	guard(mutex)(&lunl_lock);
	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING ||
		    !(s->flags & LIVEUPDATE_NL_SESSION_F_OWNED) ||
		    s->owner != portid)
			continue;
		if (lunl_frozen || lunl_committed) {
			pr_info("owner of frozen session \"%s\" closed; the session stays\n",
				s->name);
			s->flags &= ~LIVEUPDATE_NL_SESSION_F_OWNED;
			s->owner = 0;
			WRITE_ONCE(lunl_nr_owned, lunl_nr_owned - 1);
			continue;
		}
		lunl_session_destroy(s);
	}
}

/*
 * The steps that can fail on a file handler's account: LUO's file-layer
 * calls, one wrapper each so that fail_function can fail exactly that
 * step (ALLOW_ERROR_INJECTION) and the rollback of its callers be tested.
 * Their callers report the error.
 */

/* Preserve @f's file, the one the request looked up. */
static noinline int lunl_fd_preserve(struct lunl_fd *f)
{
	return luo_preserve_file(&f->session->set, f->token, f->file);
}
ALLOW_ERROR_INJECTION(lunl_fd_preserve, ERRNO);

/* Freeze the files of @s; @failed names the file whose handler refused. */
static noinline int lunl_session_freeze(struct lunl_session *s, u64 *failed)
{
	return luo_file_freeze(&s->set, &s->ser, failed);
}
ALLOW_ERROR_INJECTION(lunl_session_freeze, ERRNO);

static noinline int lunl_fd_retrieve(struct lunl_fd *f, struct file **file)
{
	return luo_retrieve_file(&f->session->set, f->token, file);
}
ALLOW_ERROR_INJECTION(lunl_fd_retrieve, ERRNO);

/* Hand every file of incoming @s over to its handler, or none. */
static noinline int lunl_session_release_files(struct lunl_session *s)
{
	return luo_file_finish(&s->set);
}
ALLOW_ERROR_INJECTION(lunl_session_release_files, ERRNO);

/**
 * lunl_session_finish() - Release an incoming session.
 * @s:       Incoming session.
 * @discard: Discard files that were never restored, or are unrecoverable,
 *           instead of refusing.
 * @extack:  Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 once the session is gone, or a negative errno with the
 * session as it was.
 */
int lunl_session_finish(struct lunl_session *s, bool discard,
			struct netlink_ext_ack *extack)
{
	struct lunl_fd *f, *tmp;
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_committed(extack);
	if (err)
		return err;
	if (!discard) {
		list_for_each_entry(f, &s->fds, list) {
			if (f->state == LIVEUPDATE_NL_FD_STATE_INCOMING) {
				NL_SET_ERR_MSG_FMT(extack,
						   "token %llu was never restored: restore it, or finish with discard",
						   f->token);
				return -EBUSY;
			}
			/* Its handler may still hold memory: discard says drop it. */
			if (f->state == LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE) {
				NL_SET_ERR_MSG_FMT(extack,
						   "token %llu is unrecoverable: finish with discard",
						   f->token);
				return -EBUSY;
			}
		}
	}

	if (s->in_luo) {
		err = lunl_session_release_files(s);
		if (err) {
			NL_SET_ERR_MSG_FMT(extack,
					   "a file handler cannot finish yet (%d): retry later",
					   err);
			return err;
		}
		s->in_luo = false;
	}
	list_for_each_entry_safe(f, tmp, &s->fds, list)
		lunl_fd_free(f);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF);
	lunl_session_free(s);
	return 0;
}

static void lunl_preserve_err(struct netlink_ext_ack *extack, int err, int fd)
{
	switch (err) {
	case -EBADF:
		NL_SET_ERR_MSG_FMT(extack, "fd %d is not an open file descriptor",
				   fd);
		break;
	case -ENOENT:
		NL_SET_ERR_MSG_FMT(extack,
				   "fd %d: no live update file handler supports this file type",
				   fd);
		break;
	case -EBUSY:
		NL_SET_ERR_MSG_FMT(extack,
				   "fd %d: the file is already preserved by a liveupdate or LUO session",
				   fd);
		break;
	default:
		NL_SET_ERR_MSG_FMT(extack,
				   "fd %d: the file handler refused to preserve it (%d)",
				   fd, err);
	}
}

/* Record which files of @s @f depends on; all must be in @s already. */
static int lunl_fd_resolve_deps(struct lunl_session *s, struct lunl_fd *f,
				int fd, struct netlink_ext_ack *extack)
{
	struct file *deps[LUNL_MAX_DEPS];
	struct lunl_dep_resolver *r;
	struct lunl_fd *d;
	int i, n;

	r = lunl_resolver(f->file);
	if (!r)
		return 0;
	strscpy(f->compatible, r->compatible);
	n = r->deps(f->file, deps, ARRAY_SIZE(deps));
	if (n < 0) {
		NL_SET_ERR_MSG_FMT(extack, "fd %d: cannot tell what it depends on",
				   fd);
		return n;
	}
	if (!n)
		return 0;
	f->deps = kcalloc(n, sizeof(*f->deps), GFP_KERNEL);
	if (!f->deps) {
		NL_SET_ERR_MSG(extack, "out of memory adding the file");
		return -ENOMEM;
	}
	for (i = 0; i < n; i++) {
		bool found = false;

		list_for_each_entry(d, &s->fds, list) {
			if (d->file == deps[i]) {
				f->deps[f->nr_deps++] = d->token;
				found = true;
				break;
			}
		}
		if (!found) {
			NL_SET_ERR_MSG_FMT(extack,
					   "fd %d depends on a file not in this session: add that file first",
					   fd);
			return -ENOENT;
		}
	}
	return 0;
}

/**
 * lunl_fd_add() - Preserve a caller's file in an outgoing session.
 * @s:      Outgoing session.
 * @fd:     The caller's file descriptor.
 * @token:  Identifier of the file, unique within @s.
 * @label:  Optional label of the file, unique within @s, or NULL.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held, in the caller's context.
 * Return: The new entry, or an ERR_PTR().
 */
struct lunl_fd *lunl_fd_add(struct lunl_session *s, int fd, u64 token,
			    const char *label, struct netlink_ext_ack *extack)
{
	struct lunl_fd *f;
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_live(extack, "adding a file");
	if (err)
		return ERR_PTR(err);
	if (lunl_fd_find(s, token)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu is already in this session: use another token",
				   token);
		return ERR_PTR(-EEXIST);
	}
	if (label && !label[0]) {
		NL_SET_ERR_MSG(extack, "the label must not be empty: omit it for none");
		return ERR_PTR(-EINVAL);
	}
	if (label && lunl_fd_find_label(s, label)) {
		NL_SET_ERR_MSG(extack,
			       "that label is already in this session: use another label");
		return ERR_PTR(-EEXIST);
	}
	if (s->nr_fds >= LIVEUPDATE_NL_MAX_FDS) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the session already holds %u files: use another session",
				   LIVEUPDATE_NL_MAX_FDS);
		return ERR_PTR(-ENOSPC);
	}

	f = kzalloc_obj(*f);
	if (!f) {
		NL_SET_ERR_MSG(extack, "out of memory adding the file");
		return ERR_PTR(-ENOMEM);
	}
	f->session = s;
	f->token = token;
	f->state = LIVEUPDATE_NL_FD_STATE_PRESERVED;
	if (label) {
		f->label = kstrdup(label, GFP_KERNEL);
		if (!f->label) {
			NL_SET_ERR_MSG(extack, "out of memory adding the file");
			err = -ENOMEM;
			goto err_free;
		}
	}
	f->file = fget(fd);
	if (!f->file) {
		err = -EBADF;
		lunl_preserve_err(extack, err, fd);
		goto err_free;
	}

	err = lunl_fd_resolve_deps(s, f, fd, extack);
	if (err)
		goto err_free;
	err = lunl_record_reserve(lunl_fd_record(f), extack);
	if (err)
		goto err_free;

	err = lunl_fd_preserve(f);
	if (err) {
		lunl_preserve_err(extack, err, fd);
		goto err_release;
	}

	lunl_fd_link(f);
	lunl_generation++;
	lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_ADD_NTF);
	return f;

err_release:
	lunl_record_release(lunl_fd_record(f));
err_free:
	if (f->file)
		fput(f->file);
	kfree(f->deps);
	kfree(f->label);
	kfree(f);
	return ERR_PTR(err);
}

static struct lunl_fd *lunl_fd_dependent(struct lunl_fd *f)
{
	struct lunl_fd *d;
	u32 i;

	list_for_each_entry(d, &f->session->fds, list)
		for (i = 0; i < d->nr_deps; i++)
			if (d->deps[i] == f->token)
				return d;
	return NULL;
}

/**
 * lunl_fd_del() - Unpreserve a file of an outgoing session.
 * @f:      The file.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or a negative errno.
 */
int lunl_fd_del(struct lunl_fd *f, struct netlink_ext_ack *extack)
{
	struct lunl_fd *d;
	int err;

	lockdep_assert_held(&lunl_lock);
	err = lunl_check_live(extack, "removing a file");
	if (err)
		return err;
	d = lunl_fd_dependent(f);
	if (d) {
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu is needed by token %llu: remove that first",
				   f->token, d->token);
		return -EBUSY;
	}
	lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_DEL_NTF);
	luo_file_unpreserve(&f->session->set, f->token);
	lunl_fd_free(f);
	return 0;
}

/**
 * lunl_fd_restore() - Restore a file of an incoming session.
 * @f:      The file.
 * @extack: Where to report a rejection.
 *
 * A file can be restored again until its session is finished, as LUO's
 * retrieve allows: each time LUO hands out a new reference to the same
 * file, so a client that fails after a restore (or closes what it got)
 * loses nothing.
 *
 * Context: Called with &lunl_lock held.
 * Return: A reference to the restored file, or an ERR_PTR(). The caller
 * installs it and then marks @f restored.
 */
struct file *lunl_fd_restore(struct lunl_fd *f,
			     struct netlink_ext_ack *extack)
{
	struct lunl_session *s = f->session;
	struct file *file;
	struct lunl_fd *d;
	int err;
	u32 i;

	lockdep_assert_held(&lunl_lock);
	if (lunl_check_committed(extack))
		return ERR_PTR(-EBUSY);
	switch (f->state) {
	case LIVEUPDATE_NL_FD_STATE_INCOMING:
	case LIVEUPDATE_NL_FD_STATE_RESTORED:
		break;
	default:
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu is unrecoverable: finish the session with discard",
				   f->token);
		return ERR_PTR(-EIO);
	}
	for (i = 0; i < f->nr_deps; i++) {
		d = lunl_fd_find(s, f->deps[i]);
		if (d && d->state == LIVEUPDATE_NL_FD_STATE_RESTORED)
			continue;
		if (d && d->state == LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE) {
			NL_SET_ERR_MSG_FMT(extack,
					   "token %llu needs lost token %llu: finish with discard",
					   f->token, f->deps[i]);
			return ERR_PTR(-EIO);
		}
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu depends on token %llu: restore that first",
				   f->token, f->deps[i]);
		return ERR_PTR(-ENOENT);
	}
	err = lunl_fd_retrieve(f, &file);
	if (err) {
		/*
		 * Final: LUO keeps a failed retrieve's error, and the handler
		 * may have consumed its record (memfd's does).
		 */
		f->state = LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE;
		lunl_generation++;
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu lost: restore failed (%d); finish with discard",
				   f->token, err);
		return ERR_PTR(err);
	}
	return file;
}

/*
 * Take each file's handler compatible from LUO's entries of the set of
 * @s, frozen or received; they must list the files of @s, in order.
 */
static bool lunl_session_read_luo(struct lunl_session *s)
{
	struct luo_file_ser *lser;
	struct kho_block_set_it it;
	struct lunl_fd *f;

	kho_block_set_it_init(&it, &s->set.block_set);
	list_for_each_entry(f, &s->fds, list) {
		lser = kho_block_set_it_read_entry(&it);
		if (!lser || lser->token != f->token)
			return false;
		memcpy(f->compatible, lser->compatible, sizeof(f->compatible));
		f->compatible[sizeof(f->compatible) - 1] = '\0';
	}
	return !kho_block_set_it_read_entry(&it);
}

static void lunl_session_set_state(struct lunl_session *s,
				   enum liveupdate_nl_fd_state state)
{
	struct lunl_fd *f;

	list_for_each_entry(f, &s->fds, list)
		f->state = state;
}

static void lunl_unfreeze_files(void)
{
	struct lunl_session *s;
	unsigned long id;

	xa_for_each(&lunl_sessions, id, s) {
		/* LUO fills in the set's record only when it froze it. */
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING ||
		    !s->ser.files)
			continue;
		luo_file_unfreeze(&s->set, &s->ser);
		lunl_session_set_state(s, LIVEUPDATE_NL_FD_STATE_PRESERVED);
	}
}

/* Where the next entries of the KHO record go while freezing. */
struct lunl_ser_cursor {
	struct lunl_fd_ser *fser;
	u64 *deps;
	u64 *dep;
	u8 *pool;
	u32 pool_off;
};

/* Copy @len bytes into the pool; return their offset. */
static u32 lunl_ser_pool(struct lunl_ser_cursor *c, const void *p, u32 len)
{
	u32 off = c->pool_off;

	if (len)
		memcpy(c->pool + off, p, len);
	c->pool_off += len;
	return off;
}

/* Freeze the files of @s into the next entries of the record. */
static int lunl_freeze_session(struct lunl_session *s,
			       struct lunl_ser_cursor *c,
			       struct netlink_ext_ack *extack)
{
	u64 start = ktime_get_ns();
	u64 failed = U64_MAX;
	struct lunl_fd *f;
	int err;

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
	lunl_session_set_state(s, LIVEUPDATE_NL_FD_STATE_FROZEN);
	lunl_session_read_luo(s);
	list_for_each_entry(f, &s->fds, list) {
		struct lunl_fd_ser *fser = c->fser++;

		fser->token = f->token;
		fser->size = lunl_fd_size(f);
		fser->first_dep = c->dep - c->deps;
		fser->nr_deps = f->nr_deps;
		memcpy(c->dep, f->deps, f->nr_deps * sizeof(u64));
		c->dep += f->nr_deps;
		if (f->label) {
			fser->label_len = strlen(f->label);
			fser->label_off = lunl_ser_pool(c, f->label,
							fser->label_len);
		}
	}
	s->freeze_ns = ktime_get_ns() - start;
	return 0;
}

/* Freeze every outgoing session into the record, whose counts are @n. */
static int lunl_freeze_record(const struct lunl_ser_hdr *n, size_t size,
			      struct netlink_ext_ack *extack)
{
	struct lunl_ser_hdr *hdr = lunl_record;
	struct lunl_session_ser *sser;
	struct lunl_ser_cursor c;
	struct lunl_session *s;
	unsigned long id;
	u32 first_fd = 0;
	int err;

	memset(hdr, 0, size);
	*hdr = *n;
	sser = (struct lunl_session_ser *)(hdr + 1);
	c.fser = (struct lunl_fd_ser *)(sser + n->nr_sessions);
	c.deps = (u64 *)(c.fser + n->nr_fds);
	c.dep = c.deps;
	c.pool = (u8 *)(c.deps + n->nr_deps);
	c.pool_off = 0;

	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		strscpy(sser->name, s->name);
		sser->first_fd = first_fd;
		sser->nr_fds = s->nr_fds;
		sser->data_len = s->data_len;
		sser->data_off = lunl_ser_pool(&c, s->data, s->data_len);
		err = lunl_freeze_session(s, &c, extack);
		if (err) {
			lunl_unfreeze_files();
			return err;
		}
		sser->set = s->ser;
		first_fd += s->nr_fds;
		sser++;
	}
	return 0;
}

/**
 * lunl_freeze() - Freeze every outgoing session into KHO, atomically.
 * @extack: Where to report the session and token that failed, or NULL.
 *
 * The record was grown while live, so freeze allocates nothing of its
 * own: it freezes the files, fills the record in and points the root,
 * published at boot, at it.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or a negative errno with everything live again.
 */
int lunl_freeze(struct netlink_ext_ack *extack)
{
	struct lunl_ser_hdr n = {};
	u64 start = ktime_get_ns();
	struct lunl_session *s;
	struct lunl_fd *f;
	unsigned long id;
	size_t size;
	int err;

	lockdep_assert_held(&lunl_lock);
	if (lunl_check_committed(extack))
		return -EBUSY;
	if (lunl_frozen) {
		NL_SET_ERR_MSG(extack, "sessions are already frozen");
		return -EBUSY;
	}

	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		n.nr_sessions++;
		n.nr_fds += s->nr_fds;
		n.pool_size += s->data_len;
		list_for_each_entry(f, &s->fds, list) {
			n.nr_deps += f->nr_deps;
			if (f->label)
				n.pool_size += strlen(f->label);
		}
	}
	if (n.nr_sessions) {
		size = sizeof(n) +
		       n.nr_sessions * sizeof(struct lunl_session_ser) +
		       n.nr_fds * sizeof(struct lunl_fd_ser) +
		       n.nr_deps * sizeof(u64) + n.pool_size;
		/* lunl_record_reserve() counted and grew for all of it. */
		if (WARN_ON_ONCE(size != lunl_record_size ||
				 size > lunl_record_cap)) {
			NL_SET_ERR_MSG(extack,
				       "the KHO record is miscounted, a bug: see the kernel log");
			return -EOVERFLOW;
		}
		err = lunl_freeze_record(&n, size, extack);
		if (err)
			return err;
		lunl_root->size = size;
		lunl_root->record = virt_to_phys(lunl_record);
	}
	lunl_frozen = true;
	lunl_freeze_ns = ktime_get_ns() - start;
	lunl_generation++;
	pr_info("froze %u sessions with %u files in %llu ns\n", n.nr_sessions,
		n.nr_fds, lunl_freeze_ns);
	lunl_notify_status(LIVEUPDATE_NL_CMD_FREEZE_NTF);
	return 0;
}

/**
 * lunl_unfreeze() - Withdraw the KHO record and return to live.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or -EINVAL if not frozen.
 */
int lunl_unfreeze(struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&lunl_lock);
	if (lunl_check_committed(extack))
		return -EBUSY;
	if (!lunl_frozen) {
		NL_SET_ERR_MSG(extack, "sessions are not frozen");
		return -EINVAL;
	}
	if (lunl_root) {
		lunl_root->record = 0;
		lunl_root->size = 0;
	}
	lunl_unfreeze_files();
	lunl_frozen = false;
	lunl_generation++;
	lunl_notify_status(LIVEUPDATE_NL_CMD_UNFREEZE_NTF);
	return 0;
}

#if IS_ENABLED(CONFIG_LIVEUPDATE_NL_TEST)
/**
 * lunl_test_root() - The published KHO root, for tests that damage it.
 *
 * Context: Called with &lunl_lock held.
 * Return: The root while a record is published, or NULL.
 */
struct lunl_ser_root *lunl_test_root(void)
{
	lockdep_assert_held(&lunl_lock);
	return lunl_frozen && lunl_root && lunl_root->record ? lunl_root : NULL;
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

	guard(mutex)(&lunl_lock);
	switch (event) {
	case LIVEUPDATE_REBOOT_PREPARE:
		if (lunl_incoming_pending)
			pr_warn("kexec: no request read the sessions the previous kernel handed over; they are dropped\n");
		if (lunl_frozen || !lunl_nr_outgoing)
			break;
		err = lunl_freeze(&extack);
		if (err) {
			pr_err("kexec refused: freezing %u live sessions failed: %s\n",
			       lunl_nr_outgoing, extack._msg ?: "");
			break;
		}
		lunl_reboot_froze = true;
		pr_info("kexec: froze %u live sessions on the reboot path\n",
			lunl_nr_outgoing);
		break;
	case LIVEUPDATE_REBOOT_ABORT:
		if (lunl_reboot_froze && !lunl_unfreeze(NULL))
			pr_info("kexec refused: the sessions are live again\n");
		lunl_reboot_froze = false;
		break;
	case LIVEUPDATE_REBOOT_COMMIT:
		lunl_committed = true;
		break;
	}
	return notifier_from_errno(err);
}

static struct notifier_block lunl_liveupdate_nb = {
	.notifier_call = lunl_liveupdate_reboot,
};

static bool lunl_ser_valid(const struct lunl_ser_hdr *hdr, size_t size)
{
	size_t need;

	if (size < sizeof(*hdr))
		return false;
	need = sizeof(*hdr) +
	       (size_t)hdr->nr_sessions * sizeof(struct lunl_session_ser) +
	       (size_t)hdr->nr_fds * sizeof(struct lunl_fd_ser) +
	       (size_t)hdr->nr_deps * sizeof(u64) + hdr->pool_size;
	return need == size;
}

/* Whether @len bytes at @off lie in the pool and within @max. */
static bool lunl_pool_valid(const struct lunl_ser_hdr *hdr, u32 off, u32 len,
			    u32 max)
{
	return len <= max && off <= hdr->pool_size &&
	       len <= hdr->pool_size - off;
}

/* Whether a label lies in the pool, within its limit, without a NUL. */
static bool lunl_label_valid(const struct lunl_ser_hdr *hdr, const u8 *pool,
			     u32 off, u32 len)
{
	return lunl_pool_valid(hdr, off, len, LIVEUPDATE_NL_LABEL_MAX) &&
	       !memchr(pool + off, 0, len);
}

static bool lunl_session_ser_valid(const struct lunl_ser_hdr *hdr,
				   const struct lunl_session_ser *sser,
				   const struct lunl_fd_ser *fsers,
				   const u8 *pool)
{
	u32 i;

	if (sser->first_fd > hdr->nr_fds ||
	    sser->nr_fds > hdr->nr_fds - sser->first_fd ||
	    !lunl_pool_valid(hdr, sser->data_off, sser->data_len,
			     LIVEUPDATE_NL_USER_DATA_MAX))
		return false;
	for (i = 0; i < sser->nr_fds; i++) {
		const struct lunl_fd_ser *fser = &fsers[sser->first_fd + i];

		if (fser->nr_deps > LUNL_MAX_DEPS ||
		    fser->first_dep > hdr->nr_deps ||
		    fser->nr_deps > hdr->nr_deps - fser->first_dep ||
		    !lunl_label_valid(hdr, pool, fser->label_off,
				      fser->label_len))
			return false;
	}
	return true;
}

static struct lunl_session *lunl_incoming_broken(const char *name)
{
	struct lunl_session *s;

	s = lunl_session_alloc(name, LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (!IS_ERR(s))
		s->state = LIVEUPDATE_NL_STATE_UNRECOVERABLE;
	return s;
}

static int lunl_incoming_fd(struct lunl_session *s,
			    const struct lunl_fd_ser *fser, const u64 *deps,
			    const u8 *pool)
{
	struct lunl_fd *f;
	int err;

	/* LUO finds a file by its token: two files cannot share one. */
	if (lunl_fd_find(s, fser->token))
		return -EEXIST;
	f = kzalloc_obj(*f);
	if (!f)
		return -ENOMEM;
	f->session = s;
	f->token = fser->token;
	f->size = fser->size;
	f->state = LIVEUPDATE_NL_FD_STATE_INCOMING;
	if (fser->nr_deps) {
		f->deps = kmemdup_array(deps + fser->first_dep, fser->nr_deps,
					sizeof(u64), GFP_KERNEL);
		if (!f->deps) {
			kfree(f);
			return -ENOMEM;
		}
		f->nr_deps = fser->nr_deps;
	}
	if (fser->label_len) {
		f->label = kmemdup_nul(pool + fser->label_off, fser->label_len,
				       GFP_KERNEL);
		/* Labels are unique within a session, as tokens are. */
		err = !f->label ? -ENOMEM :
		      lunl_fd_find_label(s, f->label) ? -EEXIST : 0;
		if (err) {
			kfree(f->label);
			kfree(f->deps);
			kfree(f);
			return err;
		}
	}
	lunl_fd_link(f);
	return 0;
}

/*
 * Hand the file set of @s back to LUO. Its files turn unrecoverable if it
 * does not deserialize or does not list the files of @s, in order.
 */
static void lunl_incoming_set(struct lunl_session *s)
{
	int err;

	/*
	 * LUO trusts its own record: check what it cannot. The count and
	 * the tokens are compared once LUO holds the files, so that finish
	 * can release them.
	 */
	if (!s->ser.files && s->ser.count)
		err = -EINVAL;
	else
		err = luo_file_deserialize(&s->set, &s->ser);
	if (!err) {
		s->in_luo = true;
		if (!lunl_session_read_luo(s))
			err = -EINVAL;
	}
	if (err) {
		pr_warn("session \"%s\": its files are unrecoverable: %pe\n",
			s->name, ERR_PTR(err));
		lunl_session_set_state(s, LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE);
	}
}

static void lunl_incoming_session(const struct lunl_ser_hdr *hdr,
				  const struct lunl_session_ser *sser,
				  const char *name,
				  const struct lunl_fd_ser *fsers,
				  const u64 *deps, const u8 *pool)
{
	struct lunl_session *s;
	u32 i;
	int err;

	/* Requests name sessions: a damaged record may not repeat one. */
	if (lunl_session_find(name, LIVEUPDATE_NL_DIRECTION_INCOMING)) {
		pr_err("incoming session \"%s\" appears twice in the record: the second is ignored\n",
		       name);
		return;
	}
	if (!lunl_session_ser_valid(hdr, sser, fsers, pool)) {
		pr_err("incoming session \"%s\" is malformed: unrecoverable\n",
		       name);
		lunl_incoming_broken(name);
		return;
	}
	s = lunl_session_alloc(name, LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (IS_ERR(s)) {
		pr_err("incoming session \"%s\" lost: %pe\n", name, s);
		return;
	}
	/* Without its user data, a session's files can still be restored. */
	err = lunl_session_store_data(s, pool + sser->data_off, sser->data_len);
	if (err)
		pr_err("incoming session \"%s\" lost its user data: %pe\n",
		       name, ERR_PTR(err));
	err = 0;
	for (i = 0; i < sser->nr_fds; i++) {
		err = lunl_incoming_fd(s, &fsers[sser->first_fd + i], deps,
				       pool);
		if (err)
			break;
	}
	/* LUO takes the files anyway, so that finish releases them. */
	s->ser = sser->set;
	lunl_incoming_set(s);
	if (err) {
		pr_err("incoming session \"%s\" is incomplete: %pe\n", name,
		       ERR_PTR(err));
		s->state = LIVEUPDATE_NL_STATE_UNRECOVERABLE;
		lunl_session_set_state(s, LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE);
	}
}

/* Rebuild the incoming sessions from the record, @size bytes at @hdr. */
static void lunl_incoming_record(const struct lunl_ser_hdr *hdr, size_t size)
{
	const struct lunl_session_ser *sser;
	const struct lunl_fd_ser *fsers;
	const u64 *deps;
	const u8 *pool;
	u32 i;

	if (!lunl_ser_valid(hdr, size)) {
		pr_err("incoming KHO record is malformed: unrecoverable\n");
		lunl_incoming_broken(LUNL_KHO_NAME);
		return;
	}
	sser = (const struct lunl_session_ser *)(hdr + 1);
	fsers = (const struct lunl_fd_ser *)(sser + hdr->nr_sessions);
	deps = (const u64 *)(fsers + hdr->nr_fds);
	pool = (const u8 *)(deps + hdr->nr_deps);
	for (i = 0; i < hdr->nr_sessions; i++) {
		char name[LIVEUPDATE_NL_SESSION_NAME_LEN];

		strscpy(name, sser[i].name);
		lunl_test_incoming_begin(name);
		lunl_incoming_session(hdr, &sser[i], name, fsers, deps, pool);
		lunl_test_incoming_end();
	}
	pr_info("received %u sessions with %u files\n", hdr->nr_sessions,
		hdr->nr_fds);
}

/*
 * Read the root the previous kernel published, and its record. Return
 * whether anything came in: sessions, or the unrecoverable one that
 * stands for a damaged handover.
 */
static bool lunl_incoming_read(void)
{
	const struct lunl_ser_root *root = phys_to_virt(lunl_incoming_phys);
	struct folio *folio = NULL;

	lockdep_assert_held(&lunl_lock);
	if (lunl_incoming_size != sizeof(*root) ||
	    strncmp(root->compatible, LUNL_KHO_COMPATIBLE,
		    sizeof(root->compatible)) ||
	    strncmp(root->luo_compatible, LUO_ABI_COMPATIBLE,
		    sizeof(root->luo_compatible))) {
		pr_err("incoming KHO root is malformed or of another version: unrecoverable\n");
		lunl_incoming_broken(LUNL_KHO_NAME);
	} else if (root->record && (!PAGE_ALIGNED(root->record) ||
				    root->size < sizeof(struct lunl_ser_hdr))) {
		pr_err("incoming KHO root points at no record: unrecoverable\n");
		lunl_incoming_broken(LUNL_KHO_NAME);
	} else if (root->record) {
		folio = kho_restore_folio(root->record);
		if (folio && root->size <= folio_size(folio)) {
			lunl_incoming_record(folio_address(folio), root->size);
		} else {
			pr_err("incoming KHO record is not preserved memory: unrecoverable\n");
			lunl_incoming_broken(LUNL_KHO_NAME);
		}
	}
	if (folio)
		folio_put(folio);
	kho_restore_free((void *)root);
	return !xa_empty(&lunl_sessions);
}

/**
 * lunl_incoming_use() - Rebuild the incoming sessions on first use.
 *
 * LUO deserializes its own sessions when /dev/liveupdate is first opened,
 * not at boot, so that a file handler a module registers after boot, but
 * before that, still takes its files back. The family does the same: the
 * first request after boot, of any kind, reads the previous kernel's
 * record, and sends incoming-ntf if anything came in. A handler missing
 * then stays missing for that session: its files are unrecoverable. Later
 * calls return at once.
 *
 * Context: Process context. Takes &lunl_lock.
 */
void lunl_incoming_use(void)
{
	if (!READ_ONCE(lunl_incoming_pending))
		return;
	guard(mutex)(&lunl_lock);
	if (!lunl_incoming_pending)
		return;
	if (lunl_incoming_read())
		lunl_notify_status(LIVEUPDATE_NL_CMD_INCOMING_NTF);
	WRITE_ONCE(lunl_incoming_pending, false);
}

/* Publish the root that freeze points at the record, as LUO does at boot. */
static void __init lunl_outgoing_setup(void)
{
	struct lunl_ser_root *root;
	int err;

	root = kho_alloc_preserve(sizeof(*root));
	if (IS_ERR(root)) {
		pr_err("cannot allocate the KHO root: %pe\n", root);
		return;
	}
	strscpy(root->compatible, LUNL_KHO_COMPATIBLE);
	strscpy(root->luo_compatible, LUO_ABI_COMPATIBLE);
	err = kho_add_subtree(LUNL_KHO_NAME, root, sizeof(*root));
	if (err) {
		pr_err("cannot publish the KHO root: %pe\n", ERR_PTR(err));
		kho_unpreserve_free(root);
		return;
	}
	guard(mutex)(&lunl_lock);
	lunl_root = root;
}

static int __init lunl_init(void)
{
	liveupdate_register_reboot_notifier(&lunl_liveupdate_nb);
	lunl_register_dep_resolver(&lunl_memfd_resolver);
	if (!liveupdate_enabled())
		return 0;
	/* The previous kernel's root stays preserved until first use. */
	if (!kho_retrieve_subtree(LUNL_KHO_NAME, &lunl_incoming_phys,
				  &lunl_incoming_size)) {
		lunl_incoming_pending = true;
		pr_info("the previous kernel handed sessions over: the first request reads them\n");
	}
	lunl_outgoing_setup();
	return 0;
}
late_initcall_sync(lunl_init);
