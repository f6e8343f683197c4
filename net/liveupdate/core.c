// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions and files of the liveupdate netlink family: its lock and
 * tables, the record budget, the dependency resolvers, and the changes
 * requests make. Freeze and the kexec path are in freeze.c, the incoming
 * side in incoming.c, the netlink glue in netlink.c, the sessions of
 * /dev/liveupdate in device.c, the test hooks in test.c.
 */

/**
 * DOC: liveupdate netlink sessions
 *
 * A session is a named, ordered group of files. Every session of the
 * family is a LUO session that the kernel owns (liveupdate_session_create()
 * and the rest of the API in <linux/liveupdate.h>): one list and one name
 * space with the sessions of /dev/liveupdate, one serialization, one KHO
 * subtree, LUO's. The family keeps, per session, what LUO does not know:
 * file labels, dependencies and sizes, and the session's user data, and
 * hands it over in a record of its own whose address LUO carries as the
 * session's handle (include/linux/kho/abi/liveupdate_nl.h). A session
 * carries opaque user data and each file an optional label, unique within
 * its session, so that an agent finds its state after kexec from the
 * listing alone.
 *
 * States of the outgoing side, system-wide:
 *
 * - live: sessions can be created and deleted, files added and removed.
 *   Every file is preserved at once in its LUO session
 *   (liveupdate_session_preserve(), given the struct file the request
 *   looked up once), so its handler has done the heavy work (pinning
 *   memfd folios) before freeze; liveupdate_session_unpreserve() takes one
 *   file back out. A file that a registered &struct liveupdate_nl_dep_resolver
 *   says depends on other files is accepted only once those are in the
 *   session; a file others depend on cannot be removed. Each session's
 *   record is one preserved allocation that grows as files are added, so
 *   that freeze allocates nothing of its own (the file handlers may).
 * - frozen: one freeze request fills in the record of every outgoing
 *   session and has LUO freeze its files (liveupdate_session_freeze()),
 *   session after session in the order they were created, files in the
 *   order added. If any file fails, the sessions already frozen are
 *   unfrozen: the state stays live. Unfreeze unfreezes every session.
 *   While frozen, every mutation is refused with EBUSY.
 *   A kexec while live freezes inside liveupdate_reboot(), before LUO
 *   serializes its sessions (liveupdate_register_reboot_notifier()): if a
 *   file cannot freeze, the kexec is refused (reboot() returns the error)
 *   and the sessions are live again, and so they are if LUO refuses it
 *   after us. LUO then serializes the family's sessions with its own.
 *   Once liveupdate_reboot() has committed the kexec, every change is
 *   refused with EBUSY until the reboot.
 * - incoming: after kexec, the first request of any kind has LUO read the
 *   sessions the previous kernel handed over (liveupdate_incoming(); LUO
 *   waits for first use, so a file handler that a module registers after
 *   boot, before that request, still finds its files), claims those that
 *   LUO calls the kernel's (liveupdate_session_claim()), rebuilds each
 *   from its record and sends incoming-ntf. A session whose record is
 *   missing or malformed is unrecoverable; one whose files LUO cannot read
 *   back, or whose files disagree with its record, has every file
 *   unrecoverable; finishing either releases what LUO holds. Files are
 *   restored through LUO (liveupdate_session_retrieve()), their
 *   dependencies first, and again as often as asked until finish (a new
 *   reference to the same file each time); a file whose handler fails to
 *   restore it turns unrecoverable, since LUO keeps that error and the
 *   handler may have consumed its record. Finish hands every file of the
 *   session over to its handler for good (liveupdate_session_finish()),
 *   at once or not at all; a file never restored, or unrecoverable, is
 *   discarded then, and only if the caller asks for it. A restored file
 *   can be added to a new outgoing session once its session is finished,
 *   so live updates chain.
 *
 * Locking: one mutex, lunl_mutex (lunl_lock(), guard(lunl)), serializes
 * every operation of the family: it protects the sessions by id
 * (&lunl_sessions, lunl_session_from()), the system state, every session
 * and every file, the tables that find them (&lunl_session_table,
 * &lunl_fd_table, &lunl_label_table) and the resolver registry.
 * Notifications are sent with it held, so a monitor sees changes in the
 * order they happened. Dumps take it per message batch, resume from the
 * session index and mark a batch interrupted (NLM_F_DUMP_INTR) if
 * &lunl_generation moved since the previous one: the family's changes
 * move it under lunl_lock(), those made through /dev/liveupdate from
 * LUO's notifier, just after LUO made them (a batch that reads LUO's
 * lists in between lists the change unmarked; the next batch, or the
 * dump's end, is marked). The order, outermost first:
 *
 * 1. Taken by the callers: genetlink's cb_lock (read) around every
 *    request and dump (the family has parallel_ops, so genl_mutex is not
 *    taken) and a dump's cb_mutex; on the kexec path, reboot()'s
 *    system_transition_mutex, the kexec lock and LUO's reboot notifier
 *    chain, around lunl_liveupdate_reboot(); a socket's release, with
 *    cb_lock (read), around lunl_release_owner().
 * 2. lunl_lock().
 * 3. LUO's, inside the liveupdate_*() calls: the mutex of the first read
 *    of the incoming sessions, the serialization rwsem (read), a session
 *    list's rwsem, a session's mutex, a file's mutex; then the file
 *    handlers' own (memfd: the inode lock).
 *
 * LUO calls its session notifier (changes made through /dev/liveupdate)
 * with its locks held: the family's callback only multicasts, and never
 * takes lunl_lock().
 *
 * Error injection: the steps a file handler or KHO can fail go through
 * lunl_fd_preserve(), lunl_record_grow(), lunl_session_freeze(),
 * lunl_fd_retrieve() and lunl_session_release_files(), which
 * fail_function can fail one at a time; the selftests check that their
 * callers roll back as described above (the record's growth at
 * session-new). The claim and parse of each incoming session is
 * bracketed by the tracepoints liveupdate_nl_incoming_begin and _end, on
 * which the test hooks (CONFIG_LIVEUPDATE_NL_TEST) fail its allocations
 * one by one.
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
#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/stringhash.h>
#include <linux/xarray.h>

#include "lunl.h"

/* Serializes the whole family; see the DOC block above. */
static DEFINE_MUTEX(lunl_mutex);
static DEFINE_XARRAY_ALLOC(lunl_sessions);
/*
 * The id the next session gets. Ids are handed out cyclically, not
 * lowest free first, so that they follow creation: dumps list sessions
 * in id order and resume from an id, and an id is not given to another
 * session while a dump may still hold it, until the 32-bit ids wrap.
 */
static u32 lunl_next_id;

/**
 * lunl_lock() - Take the family's lock.
 *
 * Context: Process context; sleeps.
 */
void lunl_lock(void)
{
	mutex_lock(&lunl_mutex);
}

/**
 * lunl_unlock() - Release the family's lock.
 *
 * Context: Process context, with lunl_lock() held.
 */
void lunl_unlock(void)
{
	mutex_unlock(&lunl_mutex);
}

#ifdef CONFIG_LOCKDEP
/**
 * lockdep_lunl_is_held() - Whether this task holds the family's lock.
 *
 * Return: As lockdep_is_held(), for lunl_assert_held().
 */
bool lockdep_lunl_is_held(void)
{
	return lockdep_is_held(&lunl_mutex);
}
#endif

/**
 * lunl_session_by_id() - Look a session up by id.
 * @id: Its id.
 *
 * Context: Called with lunl_lock() held.
 * Return: The session, or NULL.
 */
struct lunl_session *lunl_session_by_id(u32 id)
{
	lockdep_assert_held(&lunl_mutex);
	return xa_load(&lunl_sessions, id);
}

/**
 * lunl_session_from() - The session of the smallest id from an id on.
 * @id: In: the first id to look at. Out: the session's id.
 *
 * Sessions are in id order; a walk calls it again with *@id + 1.
 *
 * Context: Called with lunl_lock() held.
 * Return: The session, or NULL when none is left.
 */
struct lunl_session *lunl_session_from(unsigned long *id)
{
	lockdep_assert_held(&lunl_mutex);
	return xa_find(&lunl_sessions, id, U32_MAX, XA_PRESENT);
}

/*
 * Moves with every change a dump could observe (lunl_changed()). An
 * atomic_t, not a field under lunl_lock(): LUO's session notifier moves it
 * too, and runs under LUO's locks, which nest inside lunl_lock().
 */
static atomic_t lunl_generation = ATOMIC_INIT(0);

static LIST_HEAD(lunl_resolvers);

/**
 * lunl_changed() - Mark the next batch of every dump running as interrupted.
 *
 * Called after every change a session-get or fd-get dump could list.
 *
 * Context: The family's changes, with lunl_lock() held; those made through
 * /dev/liveupdate, from LUO's session notifier, without it.
 */
void lunl_changed(void)
{
	atomic_inc(&lunl_generation);
}

/**
 * lunl_dump_seq() - The value a dump batch keeps in netlink_callback.seq.
 *
 * Never 0, which nl_dump_check_consistent() takes for "no batch checked
 * yet".
 *
 * Return: The generation of what the family and LUO list.
 */
unsigned int lunl_dump_seq(void)
{
	return ((unsigned int)atomic_read(&lunl_generation) << 1) | 1;
}

/*
 * Sessions by name and direction, files by session and token, labelled
 * files by session and label: every lookup a request makes stays flat
 * at the limits (4096 sessions, 16384 files in a session).
 */
static DEFINE_HASHTABLE(lunl_session_table, 10);
static DEFINE_HASHTABLE(lunl_fd_table, 12);
static DEFINE_HASHTABLE(lunl_label_table, 12);
static u32 lunl_nr_outgoing;

/*
 * Each outgoing session has a record, one preserved allocation of at most
 * a maximal folio, grown while live so that freeze only fills it in: its
 * size is kept current as files come and go, and a mutation that would
 * not fit is refused when it is made, not at freeze or on the reboot
 * path. LUO carries its address with the session.
 */
#define LUNL_RECORD_MAX		(PAGE_SIZE << MAX_PAGE_ORDER)
/* Bytes the records of all outgoing sessions take, for status-get. */
static size_t lunl_record_size;

/* Replace the (unused) record of @s with an empty one of @size bytes. */
static noinline int lunl_record_grow(struct lunl_session *s, size_t size)
{
	size_t cap = PAGE_SIZE << get_order(size);
	void *record = kho_alloc_preserve(cap);

	if (IS_ERR(record))
		return PTR_ERR(record);
	kho_unpreserve_free(s->record);
	s->record = record;
	s->record_cap = cap;
	return 0;
}
ALLOW_ERROR_INJECTION(lunl_record_grow, ERRNO);

static int lunl_record_reserve(struct lunl_session *s, size_t bytes,
			       struct netlink_ext_ack *extack)
{
	size_t size = s->record_size + bytes;
	int err;

	if (bytes > LUNL_RECORD_MAX - s->record_size) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the session's KHO record would exceed %lu bytes: use another session",
				   LUNL_RECORD_MAX);
		return -ENOSPC;
	}
	if (size > s->record_cap) {
		err = lunl_record_grow(s, size);
		if (err) {
			NL_SET_ERR_MSG_FMT(extack,
					   "cannot grow the KHO record to %zu bytes (%d)",
					   size, err);
			return err;
		}
	}
	s->record_size = size;
	lunl_record_size += bytes;
	return 0;
}

static void lunl_record_release(struct lunl_session *s, size_t bytes)
{
	s->record_size -= bytes;
	lunl_record_size -= bytes;
}

/**
 * lunl_fd_record() - Bytes a file takes in its session's KHO record.
 * @f: The file.
 *
 * Return: Its entry, its dependencies and its label.
 */
size_t lunl_fd_record(const struct lunl_fd *f)
{
	return sizeof(struct lunl_fd_ser) + f->nr_deps * sizeof(u64) +
	       (f->label ? strlen(f->label) : 0);
}

/**
 * liveupdate_nl_register_dep_resolver() - Register a dependency resolver.
 * @r: The resolver; its @compatible, @match and @deps must be set.
 */
void liveupdate_nl_register_dep_resolver(struct liveupdate_nl_dep_resolver *r)
{
	guard(lunl)();
	list_add_tail(&r->list, &lunl_resolvers);
}
EXPORT_SYMBOL_GPL(liveupdate_nl_register_dep_resolver);

/**
 * liveupdate_nl_unregister_dep_resolver() - Unregister a dependency resolver.
 * @r: A resolver passed to liveupdate_nl_register_dep_resolver().
 */
void liveupdate_nl_unregister_dep_resolver(struct liveupdate_nl_dep_resolver *r)
{
	guard(lunl)();
	list_del(&r->list);
}
EXPORT_SYMBOL_GPL(liveupdate_nl_unregister_dep_resolver);

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

static struct liveupdate_nl_dep_resolver lunl_memfd_resolver = {
	.compatible	= MEMFD_LUO_FH_COMPATIBLE,
	.match		= lunl_memfd_match,
	.deps		= lunl_memfd_deps,
};

static struct liveupdate_nl_dep_resolver *lunl_resolver(struct file *file)
{
	struct liveupdate_nl_dep_resolver *r;

	list_for_each_entry(r, &lunl_resolvers, list)
		if (r->match(file))
			return r;
	return NULL;
}

/**
 * lunl_session_state() - State of a session.
 * @s: The session.
 *
 * Context: Called with lunl_lock() held.
 * Return: The &enum liveupdate_nl_state of @s.
 */
enum liveupdate_nl_state lunl_session_state(const struct lunl_session *s)
{
	lockdep_assert_held(&lunl_mutex);
	if (s->direction == LIVEUPDATE_NL_DIRECTION_INCOMING)
		return s->state;
	return lunl_is_frozen() ? LIVEUPDATE_NL_STATE_FROZEN :
				  LIVEUPDATE_NL_STATE_LIVE;
}

/**
 * lunl_fd_size() - Size of a file held by a session.
 * @f: The file.
 *
 * Context: Called with lunl_lock() held.
 * Return: The current size of an outgoing file, or the size the previous
 * kernel recorded for an incoming one.
 */
u64 lunl_fd_size(const struct lunl_fd *f)
{
	lockdep_assert_held(&lunl_mutex);
	if (f->file)
		return i_size_read(file_inode(f->file));
	return f->size;
}

/**
 * lunl_nr_outgoing_sessions() - How many outgoing sessions there are.
 *
 * Context: Called with lunl_lock() held.
 * Return: The count.
 */
u32 lunl_nr_outgoing_sessions(void)
{
	lockdep_assert_held(&lunl_mutex);
	return lunl_nr_outgoing;
}

/**
 * lunl_status() - Figures of the outgoing side.
 * @st: Filled in.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_status(struct lunl_status *st)
{
	struct lunl_session *s;
	unsigned long id;

	lockdep_assert_held(&lunl_mutex);
	memset(st, 0, sizeof(*st));
	st->frozen = lunl_is_frozen();
	st->freeze_ns = lunl_freeze_time_ns();
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
 * Context: Called with lunl_lock() held.
 * Return: The session, or NULL.
 */
struct lunl_session *lunl_session_find(const char *name,
				       enum liveupdate_nl_direction dir)
{
	struct lunl_session *s;

	lockdep_assert_held(&lunl_mutex);
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
 * Context: Called with lunl_lock() held.
 * Return: The file, or NULL.
 */
struct lunl_fd *lunl_fd_find(struct lunl_session *s, u64 token)
{
	struct lunl_fd *f;

	lockdep_assert_held(&lunl_mutex);
	hash_for_each_possible(lunl_fd_table, f, hnode, lunl_fd_key(s, token))
		if (f->session == s && f->token == token)
			return f;
	return NULL;
}

static u32 lunl_label_key(const struct lunl_session *s, const char *label)
{
	return full_name_hash(s, label, strlen(label));
}

/**
 * lunl_fd_link() - Append a file to its session and enter it in the
 * tables by token and by label.
 * @f: The file, with @f->session, @f->token and @f->label set.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_fd_link(struct lunl_fd *f)
{
	struct lunl_session *s = f->session;

	lockdep_assert_held(&lunl_mutex);
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
 * Context: Called with lunl_lock() held.
 * Return: The file, or NULL.
 */
struct lunl_fd *lunl_fd_find_label(struct lunl_session *s, const char *label)
{
	struct lunl_fd *f;

	lockdep_assert_held(&lunl_mutex);
	hash_for_each_possible(lunl_label_table, f, lnode,
			       lunl_label_key(s, label))
		if (f->session == s && !strcmp(f->label, label))
			return f;
	return NULL;
}

/**
 * lunl_session_alloc() - Make an empty session and enter it in the tables.
 * @name: Its name, 1 to 63 bytes, not in use in direction @dir.
 * @dir:  &enum liveupdate_nl_direction.
 *
 * Context: Called with lunl_lock() held.
 * Return: The session, or an ERR_PTR().
 */
struct lunl_session *lunl_session_alloc(const char *name,
					enum liveupdate_nl_direction dir)
{
	struct lunl_session *s;
	int err;

	lockdep_assert_held(&lunl_mutex);
	s = kzalloc_obj(*s);
	if (!s)
		return ERR_PTR(-ENOMEM);
	strscpy(s->name, name);
	s->direction = dir;
	s->state = dir == LIVEUPDATE_NL_DIRECTION_INCOMING ?
		   LIVEUPDATE_NL_STATE_INCOMING : LIVEUPDATE_NL_STATE_LIVE;
	INIT_LIST_HEAD(&s->fds);
	err = xa_alloc_cyclic(&lunl_sessions, &s->id, s, xa_limit_32b,
			      &lunl_next_id, GFP_KERNEL);
	if (err < 0) {
		kfree(s);
		return ERR_PTR(err);
	}
	hash_add(lunl_session_table, &s->hnode, lunl_session_key(name, dir));
	if (dir == LIVEUPDATE_NL_DIRECTION_OUTGOING)
		lunl_nr_outgoing++;
	lunl_changed();
	return s;
}

/**
 * lunl_session_free() - Remove a session from the tables and free it.
 * @s: The session, whose files were freed and whose LUO session is gone.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_session_free(struct lunl_session *s)
{
	lockdep_assert_held(&lunl_mutex);
	xa_erase(&lunl_sessions, s->id);
	hash_del(&s->hnode);
	if (s->direction == LIVEUPDATE_NL_DIRECTION_OUTGOING) {
		lunl_nr_outgoing--;
		lunl_record_release(s, s->record_size);
		kho_unpreserve_free(s->record);
		if (s->owner)
			WRITE_ONCE(s->owner->nr_owned, s->owner->nr_owned - 1);
	}
	lunl_changed();
	kfree(s->data);
	kfree(s);
}

/**
 * lunl_session_store_data() - Replace the user data of a session.
 * @s:    The session.
 * @data: The user data, or NULL when @len is 0.
 * @len:  Its size, at most %LIVEUPDATE_NL_USER_DATA_MAX; 0 clears it.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0, or -ENOMEM.
 */
int lunl_session_store_data(struct lunl_session *s, const void *data,
			    u32 len)
{
	void *copy = NULL;

	lockdep_assert_held(&lunl_mutex);
	if (len) {
		copy = kmemdup(data, len, GFP_KERNEL);
		if (!copy)
			return -ENOMEM;
	}
	kfree(s->data);
	s->data = copy;
	s->data_len = len;
	lunl_changed();
	return 0;
}

/**
 * lunl_session_new() - Create an outgoing session.
 * @name:     Session name, 1 to 63 bytes.
 * @name_attr: The attribute that carried @name, blamed when the name is at
 *            fault (empty or taken); NULL if none did.
 * @flags:    &enum liveupdate_nl_session_flags.
 * @owner:    The requesting socket's private data; needed, and only
 *            used, with %LIVEUPDATE_NL_SESSION_FLAGS_OWNED.
 * @data:     User data, or NULL.
 * @data_len: Size of @data, at most %LIVEUPDATE_NL_USER_DATA_MAX.
 * @extack:   Where to report why the session cannot be created.
 *
 * Context: Called with lunl_lock() held.
 * Return: The new session, or an ERR_PTR().
 */
struct lunl_session *lunl_session_new(const char *name,
				      const struct nlattr *name_attr, u32 flags,
				      struct liveupdate_nl_sock *owner,
				      const void *data, u32 data_len,
				      struct netlink_ext_ack *extack)
{
	struct lunl_session *s;
	int err;

	lockdep_assert_held(&lunl_mutex);
	err = lunl_check_live(extack, "creating a session");
	if (err)
		return ERR_PTR(err);
	if (!liveupdate_enabled()) {
		NL_SET_ERR_MSG(extack,
			       "live update is off: boot with kho=on liveupdate=on");
		return ERR_PTR(-ENODEV);
	}
	if (!name[0]) {
		NL_SET_ERR_MSG_ATTR(extack, name_attr,
				    "session name must not be empty");
		return ERR_PTR(-EINVAL);
	}
	if (lunl_session_find(name, LIVEUPDATE_NL_DIRECTION_OUTGOING)) {
		NL_SET_ERR_MSG_ATTR(extack, name_attr,
				    "an outgoing session of that name exists: pick another name");
		return ERR_PTR(-EEXIST);
	}
	if (lunl_nr_outgoing >= LIVEUPDATE_NL_MAX_SESSIONS) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the system already holds %u outgoing sessions: delete one first",
				   LIVEUPDATE_NL_MAX_SESSIONS);
		return ERR_PTR(-ENOSPC);
	}
	s = lunl_session_alloc(name, LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s)) {
		NL_SET_ERR_MSG(extack, "out of memory creating the session");
		return s;
	}
	s->luo = liveupdate_session_create(name);
	if (IS_ERR(s->luo)) {
		err = PTR_ERR(s->luo);
		/* Names are LUO's: /dev/liveupdate may hold this one. */
		if (err == -EEXIST)
			NL_SET_ERR_MSG_ATTR(extack, name_attr,
					    "an outgoing session of that name exists: pick another name");
		else
			NL_SET_ERR_MSG_FMT(extack,
					   "LUO cannot create the session (%d)",
					   err);
		lunl_session_free(s);
		return ERR_PTR(err);
	}
	/* lunl_session_free() gives back what is charged to the record. */
	err = lunl_record_reserve(s, sizeof(struct lunl_ser_hdr) + data_len,
				  extack);
	if (!err) {
		err = lunl_session_store_data(s, data, data_len);
		if (err)
			NL_SET_ERR_MSG(extack, "out of memory storing the user data");
	}
	if (err) {
		liveupdate_session_destroy(s->luo);
		lunl_session_free(s);
		return ERR_PTR(err);
	}
	s->flags = flags;
	if (flags & LIVEUPDATE_NL_SESSION_FLAGS_OWNED) {
		s->owner = owner;
		WRITE_ONCE(owner->nr_owned, owner->nr_owned + 1);
	}
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
 * Context: Called with lunl_lock() held.
 * Return: 0 on success, or a negative errno; the old data stays then.
 */
int lunl_session_set_data(struct lunl_session *s, const void *data,
			  u32 data_len, struct netlink_ext_ack *extack)
{
	u32 old_len = s->data_len;
	int err;

	lockdep_assert_held(&lunl_mutex);
	err = lunl_check_live(extack, "setting user data");
	if (err)
		return err;
	if (data_len > old_len) {
		err = lunl_record_reserve(s, data_len - old_len, extack);
		if (err)
			return err;
	}
	err = lunl_session_store_data(s, data, data_len);
	if (err) {
		if (data_len > old_len)
			lunl_record_release(s, data_len - old_len);
		NL_SET_ERR_MSG(extack, "out of memory storing the user data");
		return err;
	}
	if (data_len < old_len)
		lunl_record_release(s, old_len - data_len);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_SET_NTF);
	return 0;
}

static void lunl_fd_free(struct lunl_fd *f)
{
	if (f->session->direction == LIVEUPDATE_NL_DIRECTION_OUTGOING)
		lunl_record_release(f->session, lunl_fd_record(f));
	list_del(&f->list);
	hash_del(&f->hnode);
	hash_del(&f->lnode);
	f->session->nr_fds--;
	lunl_changed();
	if (f->file)
		fput(f->file);
	kfree(f->deps);
	kfree(f->label);
	kfree(f);
}

static int lunl_session_destroy(struct lunl_session *s)
{
	struct lunl_fd *f, *tmp;
	int err;

	/* LUO unpreserves the newest first: dependents before dependencies. */
	err = liveupdate_session_destroy(s->luo);
	if (err)
		return err;
	list_for_each_entry_safe_reverse(f, tmp, &s->fds, list)
		lunl_fd_free(f);
	lunl_notify_session(s, LIVEUPDATE_NL_CMD_SESSION_DEL_NTF);
	lunl_session_free(s);
	return 0;
}

/**
 * lunl_session_del() - Delete an outgoing session and unpreserve its files.
 * @s:      Outgoing session.
 * @extack: Where to report a rejection.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0 on success, or a negative errno.
 */
int lunl_session_del(struct lunl_session *s, struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&lunl_mutex);
	err = lunl_check_live(extack, "deleting a session");
	if (err)
		return err;
	err = lunl_session_destroy(s);
	if (err)
		NL_SET_ERR_MSG_FMT(extack, "LUO cannot remove the session (%d)",
				   err);
	return err;
}

/* @s loses its owner: it stays until deleted, or is carried. */
static void lunl_session_disown(struct lunl_session *s)
{
	lockdep_assert_held(&lunl_mutex);
	s->flags &= ~LIVEUPDATE_NL_SESSION_FLAGS_OWNED;
	WRITE_ONCE(s->owner->nr_owned, s->owner->nr_owned - 1);
	s->owner = NULL;
	lunl_changed();
}

/**
 * lunl_release_owner() - Delete the sessions a closing socket owns.
 * @owner: The socket's private data, which genetlink destroys next.
 *
 * Owned sessions survive while frozen: they are about to cross kexec.
 * They lose their owner then, as does a session LUO cannot remove. None
 * refers to @owner afterwards.
 *
 * The sessions go before close() returns, as the caller sees them go;
 * meanwhile the socket's release holds genetlink's cb_lock for read,
 * which delays a family's registration (a module load), not requests.
 *
 * Context: Process context, from the socket's release (under genetlink's
 * cb_lock, read); takes lunl_lock() unless the socket owns nothing now.
 */
void lunl_release_owner(struct liveupdate_nl_sock *owner)
{
	struct lunl_session *s;
	unsigned long id;

	/* A dead socket's count only falls, under lunl_lock(). */
	if (!READ_ONCE(owner->nr_owned))
		return;
	guard(lunl)();
	xa_for_each(&lunl_sessions, id, s) {
		if (s->owner != owner)
			continue;
		if (lunl_is_frozen() || lunl_check_committed(NULL)) {
			pr_info("owner of frozen session \"%s\" closed; the session stays\n",
				s->name);
			lunl_session_disown(s);
			continue;
		}
		if (lunl_session_destroy(s)) {
			pr_warn("owner of session \"%s\" closed; LUO cannot remove it, so it stays\n",
				s->name);
			lunl_session_disown(s);
		}
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
	return liveupdate_session_preserve(f->session->luo, f->token, f->file);
}
ALLOW_ERROR_INJECTION(lunl_fd_preserve, ERRNO);

static noinline int lunl_fd_retrieve(struct lunl_fd *f, struct file **file)
{
	return liveupdate_session_retrieve(f->session->luo, f->token, file);
}
ALLOW_ERROR_INJECTION(lunl_fd_retrieve, ERRNO);

/*
 * Hand every file of incoming @s over to its handler, or none; LUO then
 * forgets the session.
 */
static noinline int lunl_session_release_files(struct lunl_session *s)
{
	return liveupdate_session_finish(s->luo);
}
ALLOW_ERROR_INJECTION(lunl_session_release_files, ERRNO);

/**
 * lunl_session_finish() - Release an incoming session.
 * @s:       Incoming session.
 * @discard: Discard files that were never restored, or are unrecoverable,
 *           instead of refusing.
 * @extack:  Where to report a rejection.
 *
 * Context: Called with lunl_lock() held.
 * Return: 0 once the session is gone, or a negative errno with the
 * session as it was.
 */
int lunl_session_finish(struct lunl_session *s, bool discard,
			struct netlink_ext_ack *extack)
{
	struct lunl_fd *f, *tmp;
	int err;

	lockdep_assert_held(&lunl_mutex);
	err = lunl_check_committed(extack);
	if (err)
		return err;
	if (!discard && s->state == LIVEUPDATE_NL_STATE_UNRECOVERABLE) {
		NL_SET_ERR_MSG(extack,
			       "the session is unrecoverable: finish with discard");
		return -EBUSY;
	}
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

	err = lunl_session_release_files(s);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack,
				   "a file handler cannot finish yet (%d): retry later",
				   err);
		return err;
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
	struct file *deps[LIVEUPDATE_NL_MAX_DEPS];
	struct liveupdate_nl_dep_resolver *r;
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
	if (n > ARRAY_SIZE(deps)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "fd %d depends on more than %zu files",
				   fd, ARRAY_SIZE(deps));
		return -E2BIG;
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
 * Context: Called with lunl_lock() held, in the caller's context.
 * Return: The new entry, or an ERR_PTR().
 */
struct lunl_fd *lunl_fd_add(struct lunl_session *s, int fd, u64 token,
			    const char *label, struct netlink_ext_ack *extack)
{
	struct lunl_fd *f;
	int err;

	lockdep_assert_held(&lunl_mutex);
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
	err = lunl_record_reserve(s, lunl_fd_record(f), extack);
	if (err)
		goto err_free;

	err = lunl_fd_preserve(f);
	if (err) {
		lunl_preserve_err(extack, err, fd);
		goto err_release;
	}

	lunl_fd_link(f);
	lunl_changed();
	lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_ADD_NTF);
	return f;

err_release:
	lunl_record_release(s, lunl_fd_record(f));
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
 * Context: Called with lunl_lock() held.
 * Return: 0 on success, or a negative errno.
 */
int lunl_fd_del(struct lunl_fd *f, struct netlink_ext_ack *extack)
{
	struct lunl_fd *d;
	int err;

	lockdep_assert_held(&lunl_mutex);
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
	err = liveupdate_session_unpreserve(f->session->luo, f->token);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack, "LUO cannot take token %llu back (%d)",
				   f->token, err);
		return err;
	}
	lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_DEL_NTF);
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
 * The files @f depends on must be restored, or being restored by the
 * same request (&struct lunl_fd.restoring).
 *
 * Context: Called with lunl_lock() held.
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

	lockdep_assert_held(&lunl_mutex);
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
		if (d && (d->state == LIVEUPDATE_NL_FD_STATE_RESTORED ||
			  d->restoring))
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
		lunl_changed();
		lunl_notify_fd(f, LIVEUPDATE_NL_CMD_FD_RESTORE_NTF);
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu lost: restore failed (%d); finish with discard",
				   f->token, err);
		return ERR_PTR(err);
	}
	return file;
}

/* Where lunl_session_read_luo() is in the files of a session. */
struct lunl_luo_walk {
	struct lunl_session *s;
	struct lunl_fd *f;
	bool mismatch;
};

static int lunl_luo_match(const struct liveupdate_file_info *fi, void *arg)
{
	struct lunl_luo_walk *w = arg;

	if (!w->f || w->f->token != fi->token) {
		w->mismatch = true;
		return 1;
	}
	strscpy(w->f->compatible, fi->compatible);
	w->f = list_is_last(&w->f->list, &w->s->fds) ? NULL :
	       list_next_entry(w->f, list);
	return 0;
}

/**
 * lunl_session_read_luo() - Take each file's handler compatible from
 * LUO's files of a session.
 * @s: The session.
 *
 * Context: Called with lunl_lock() held.
 * Return: Whether LUO's files are the files of @s, in order.
 */
bool lunl_session_read_luo(struct lunl_session *s)
{
	struct lunl_luo_walk w = {
		.s = s,
		.f = list_first_entry_or_null(&s->fds, struct lunl_fd, list),
	};

	lockdep_assert_held(&lunl_mutex);
	liveupdate_session_list_files(s->luo, 0, lunl_luo_match, &w);
	return !w.mismatch && !w.f;
}

/**
 * lunl_session_set_fd_state() - Set the state of every file of a session.
 * @s:     The session.
 * @state: &enum liveupdate_nl_fd_state.
 *
 * Context: Called with lunl_lock() held.
 */
void lunl_session_set_fd_state(struct lunl_session *s,
			       enum liveupdate_nl_fd_state state)
{
	struct lunl_fd *f;

	lockdep_assert_held(&lunl_mutex);
	list_for_each_entry(f, &s->fds, list)
		f->state = state;
}

/**
 * lunl_core_init() - Make the family's state ready for requests.
 *
 * Joins LUO's reboot path (the freeze at liveupdate_reboot()) and
 * registers the memfd resolver. Called once at boot, before the family
 * is registered, so that the first request finds both.
 */
void __init lunl_core_init(void)
{
	lunl_freeze_init();
	liveupdate_nl_register_dep_resolver(&lunl_memfd_resolver);
}

/**
 * lunl_core_exit() - Undo lunl_core_init(), when the family could not
 * be registered.
 */
void __init lunl_core_exit(void)
{
	liveupdate_nl_unregister_dep_resolver(&lunl_memfd_resolver);
	lunl_freeze_exit();
}
