// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions, files and freeze of the liveupdate generic netlink family.
 */

/**
 * DOC: liveupdate netlink sessions
 *
 * A session is a named, ordered group of files. Outgoing sessions are
 * created in this kernel; incoming sessions are rebuilt at boot from the
 * KHO subtree the previous kernel published.
 *
 * States, system-wide for the outgoing side:
 *
 * - live: sessions can be created and files added. Every file is
 *   preserved at once through LUO's file layer (luo_preserve_file()), in
 *   a &struct luo_file_set of its own, so each file's handler has done
 *   its heavy work (pinning memfd folios, for instance) before freeze.
 * - frozen: one freeze request calls luo_file_freeze() on every file of
 *   every outgoing session, in the order the files were added, writes
 *   the session metadata into one preserved blob and publishes it with
 *   kho_add_subtree(). If any file fails, the files already frozen are
 *   unfrozen, the blob is freed, and the state stays live: freeze is
 *   atomic. Mutations are refused with EBUSY while frozen.
 * - incoming: after kexec, a late_initcall_sync reads the blob back,
 *   rebuilds the sessions with luo_file_deserialize() and frees the
 *   blob. Files are restored with luo_retrieve_file() and installed in
 *   the caller.
 *
 * Locking: &lunl_lock, a single mutex, serializes every operation of
 * the family and protects &lunl_sessions, &lunl_frozen and every
 * session and file. It is taken before any LUO lock (LUO's per-file
 * mutex and luo_register_rwlock are taken inside the luo_* calls) and
 * never inside them. Netlink dumps take it per batch and resume from
 * the session index, so sessions may come and go between batches.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/io.h>
#include <linux/kexec_handover.h>
#include <linux/ktime.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lunl.h"

/* Serializes the whole family; see the DOC block above. */
DEFINE_MUTEX(lunl_lock);
DEFINE_XARRAY_ALLOC(lunl_sessions);

static bool lunl_frozen;

/**
 * lunl_session_state() - State of a session.
 * @s: The session.
 *
 * Context: Called with &lunl_lock held.
 * Return: The &enum liveupdate_nl_state of @s.
 */
enum liveupdate_nl_state lunl_session_state(const struct lunl_session *s)
{
	if (s->direction == LIVEUPDATE_NL_DIRECTION_INCOMING)
		return LIVEUPDATE_NL_STATE_INCOMING;
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
	if (f->file)
		return i_size_read(file_inode(f->file));
	return f->size;
}

/**
 * lunl_session_bytes() - Sum of the sizes of a session's files.
 * @s: The session.
 *
 * Context: Called with &lunl_lock held.
 * Return: The sum of lunl_fd_size() over the files of @s.
 */
u64 lunl_session_bytes(const struct lunl_session *s)
{
	struct lunl_fd *f;
	u64 bytes = 0;

	list_for_each_entry(f, &s->fds, list)
		bytes += lunl_fd_size(f);
	return bytes;
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
	unsigned long id;

	xa_for_each(&lunl_sessions, id, s)
		if (s->direction == dir && !strcmp(s->name, name))
			return s;
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
	INIT_LIST_HEAD(&s->fds);
	err = xa_alloc(&lunl_sessions, &s->id, s, xa_limit_32b, GFP_KERNEL);
	if (err) {
		kfree(s);
		return ERR_PTR(err);
	}
	return s;
}

/**
 * lunl_session_new() - Create an outgoing session.
 * @name:   Session name, 1 to 63 bytes.
 * @extack: Where to report why the session cannot be created.
 *
 * Context: Called with &lunl_lock held.
 * Return: The new session, or an ERR_PTR().
 */
struct lunl_session *lunl_session_new(const char *name,
				      struct netlink_ext_ack *extack)
{
	struct lunl_session *s;

	if (lunl_frozen) {
		NL_SET_ERR_MSG(extack,
			       "sessions are frozen: unfreeze before creating a session");
		return ERR_PTR(-EBUSY);
	}
	if (!name[0]) {
		NL_SET_ERR_MSG(extack, "session name must not be empty");
		return ERR_PTR(-EINVAL);
	}
	if (lunl_session_find(name, LIVEUPDATE_NL_DIRECTION_OUTGOING)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "outgoing session \"%s\" already exists: pick another name",
				   name);
		return ERR_PTR(-EEXIST);
	}
	s = lunl_session_alloc(name, LIVEUPDATE_NL_DIRECTION_OUTGOING);
	if (IS_ERR(s))
		NL_SET_ERR_MSG(extack, "out of memory creating the session");
	return s;
}

static struct lunl_fd *lunl_fd_find(struct lunl_session *s, u64 token)
{
	struct lunl_fd *f;

	list_for_each_entry(f, &s->fds, list)
		if (f->token == token)
			return f;
	return NULL;
}

static void lunl_fd_set_preserve_err(struct netlink_ext_ack *extack, int err,
				     int fd)
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
		NL_SET_ERR_MSG_FMT(extack, "fd %d: the file handler refused to preserve it",
				   fd);
	}
}

/**
 * lunl_fd_add() - Preserve a caller's file in an outgoing session.
 * @s:      Outgoing session.
 * @fd:     The caller's file descriptor.
 * @token:  Identifier of the file, unique within @s.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held, in the caller's context.
 * Return: 0 on success, or a negative errno.
 */
int lunl_fd_add(struct lunl_session *s, int fd, u64 token,
		struct netlink_ext_ack *extack)
{
	struct lunl_fd *f;
	struct file *file;
	int err;

	if (lunl_frozen) {
		NL_SET_ERR_MSG(extack,
			       "sessions are frozen: unfreeze before adding a file");
		return -EBUSY;
	}
	if (lunl_fd_find(s, token)) {
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu is already used in session \"%s\": use another token",
				   token, s->name);
		return -EEXIST;
	}

	file = fget(fd);
	if (!file) {
		lunl_fd_set_preserve_err(extack, -EBADF, fd);
		return -EBADF;
	}

	f = kzalloc_obj(*f);
	if (!f) {
		fput(file);
		return -ENOMEM;
	}
	f->token = token;
	f->file = file;
	luo_file_set_init(&f->set);

	err = luo_preserve_file(&f->set, token, fd);
	if (err) {
		lunl_fd_set_preserve_err(extack, err, fd);
		goto err_free;
	}

	/* LUO looked the descriptor up again: it must be the same file. */
	err = -EAGAIN;
	{
		struct file *again = fget(fd);

		if (again)
			fput(again);
		if (again != file) {
			NL_SET_ERR_MSG_FMT(extack,
					   "fd %d changed during the request: try again",
					   fd);
			luo_file_unpreserve_files(&f->set);
			goto err_free;
		}
	}

	list_add_tail(&f->list, &s->fds);
	s->nr_fds++;
	return 0;

err_free:
	luo_file_set_destroy(&f->set);
	fput(file);
	kfree(f);
	return err;
}

/**
 * lunl_fd_restore() - Restore a file of an incoming session.
 * @s:      Incoming session.
 * @token:  Token of the file.
 * @fp:     Set to the file's entry on success.
 * @extack: Where to report a rejection.
 *
 * Context: Called with &lunl_lock held.
 * Return: A reference to the restored file, or an ERR_PTR(). The caller
 * installs it and then marks @fp restored.
 */
struct file *lunl_fd_restore(struct lunl_session *s, u64 token,
			     struct lunl_fd **fp,
			     struct netlink_ext_ack *extack)
{
	struct file *file;
	struct lunl_fd *f;
	int err;

	f = lunl_fd_find(s, token);
	if (!f) {
		NL_SET_ERR_MSG_FMT(extack, "session \"%s\" has no file with token %llu",
				   s->name, token);
		return ERR_PTR(-ENOENT);
	}
	if (f->restored) {
		NL_SET_ERR_MSG_FMT(extack,
				   "token %llu of session \"%s\" was already restored",
				   token, s->name);
		return ERR_PTR(-EBUSY);
	}
	err = luo_retrieve_file(&f->set, token, &file);
	if (err) {
		NL_SET_ERR_MSG_FMT(extack,
				   "the %s handler failed to restore token %llu of session \"%s\"",
				   f->compatible, token, s->name);
		return ERR_PTR(err);
	}
	*fp = f;
	return file;
}

/* The compatible of a frozen file's handler, from LUO's serialized block. */
static void lunl_fd_read_compatible(struct lunl_fd *f)
{
	struct kho_block_header_ser *blk;
	struct luo_file_ser *fser;

	if (!f->ser.files || !f->ser.count)
		return;
	blk = phys_to_virt(f->ser.files);
	fser = (struct luo_file_ser *)(blk + 1);
	memcpy(f->compatible, fser->compatible, sizeof(f->compatible));
	f->compatible[sizeof(f->compatible) - 1] = '\0';
}

static void lunl_unfreeze_files(void)
{
	struct lunl_session *s;
	struct lunl_fd *f;
	unsigned long id;

	xa_for_each(&lunl_sessions, id, s) {
		list_for_each_entry(f, &s->fds, list) {
			if (!f->frozen)
				continue;
			luo_file_unfreeze(&f->set, &f->ser);
			f->frozen = false;
		}
	}
}

/**
 * lunl_freeze() - Freeze every outgoing session into KHO, atomically.
 * @extack: Where to report the session and token that failed.
 *
 * Context: Called with &lunl_lock held.
 * Return: 0 on success, or a negative errno with everything live again.
 */
int lunl_freeze(struct netlink_ext_ack *extack)
{
	struct lunl_session_ser *sser;
	u32 nr_sessions = 0, nr_fds = 0;
	struct lunl_ser_hdr *hdr;
	struct lunl_fd_ser *fser;
	struct lunl_session *s;
	struct lunl_fd *f;
	unsigned long id;
	size_t size;
	int err;

	if (lunl_frozen) {
		NL_SET_ERR_MSG(extack, "sessions are already frozen");
		return -EBUSY;
	}

	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		nr_sessions++;
		nr_fds += s->nr_fds;
	}
	size = sizeof(*hdr) + nr_sessions * sizeof(*sser) +
	       nr_fds * sizeof(*fser);
	hdr = kho_alloc_preserve(size);
	if (IS_ERR(hdr)) {
		NL_SET_ERR_MSG(extack, "cannot allocate the KHO record");
		return PTR_ERR(hdr);
	}
	strscpy(hdr->compatible, LUNL_KHO_COMPATIBLE);
	hdr->size = size;
	hdr->nr_sessions = nr_sessions;
	hdr->nr_fds = nr_fds;
	sser = (struct lunl_session_ser *)(hdr + 1);
	fser = (struct lunl_fd_ser *)(sser + nr_sessions);

	nr_fds = 0;
	xa_for_each(&lunl_sessions, id, s) {
		if (s->direction != LIVEUPDATE_NL_DIRECTION_OUTGOING)
			continue;
		strscpy(sser->name, s->name);
		sser->first_fd = nr_fds;
		sser->nr_fds = s->nr_fds;
		list_for_each_entry(f, &s->fds, list) {
			err = luo_file_freeze(&f->set, &f->ser);
			if (err) {
				NL_SET_ERR_MSG_FMT(extack,
						   "freeze failed at session \"%s\" token %llu: everything was unfrozen",
						   s->name, f->token);
				goto err_unfreeze;
			}
			f->frozen = true;
			lunl_fd_read_compatible(f);
			fser->token = f->token;
			fser->size = lunl_fd_size(f);
			fser->set = f->ser;
			memcpy(fser->compatible, f->compatible,
			       sizeof(fser->compatible));
			fser++;
			nr_fds++;
		}
		sser++;
	}

	err = kho_add_subtree(LUNL_KHO_NAME, hdr, size);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot publish the KHO subtree");
		goto err_unfreeze;
	}
	lunl_frozen = true;
	pr_info("froze %u sessions with %u files\n", nr_sessions, nr_fds);
	return 0;

err_unfreeze:
	lunl_unfreeze_files();
	kho_unpreserve_free(hdr);
	return err;
}

static bool lunl_ser_valid(const struct lunl_ser_hdr *hdr, size_t size)
{
	const struct lunl_session_ser *sser;
	size_t need;
	u32 i;

	if (size < sizeof(*hdr) || hdr->size != size ||
	    strncmp(hdr->compatible, LUNL_KHO_COMPATIBLE,
		    sizeof(hdr->compatible)))
		return false;
	need = sizeof(*hdr) +
	       (size_t)hdr->nr_sessions * sizeof(struct lunl_session_ser) +
	       (size_t)hdr->nr_fds * sizeof(struct lunl_fd_ser);
	if (need != size)
		return false;
	sser = (const struct lunl_session_ser *)(hdr + 1);
	for (i = 0; i < hdr->nr_sessions; i++, sser++) {
		if (sser->first_fd > hdr->nr_fds ||
		    sser->nr_fds > hdr->nr_fds - sser->first_fd ||
		    !memchr(sser->name, '\0', sizeof(sser->name)))
			return false;
	}
	return true;
}

static int __init lunl_incoming_one(const struct lunl_session_ser *sser,
				    const struct lunl_fd_ser *fsers)
{
	struct lunl_session *s;
	u32 i;

	s = lunl_session_alloc(sser->name, LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	for (i = 0; i < sser->nr_fds; i++) {
		const struct lunl_fd_ser *fser = &fsers[sser->first_fd + i];
		struct lunl_fd *f;
		int err;

		f = kzalloc_obj(*f);
		if (!f)
			return -ENOMEM;
		f->token = fser->token;
		f->size = fser->size;
		f->ser = fser->set;
		memcpy(f->compatible, fser->compatible, sizeof(f->compatible));
		f->compatible[sizeof(f->compatible) - 1] = '\0';
		luo_file_set_init(&f->set);
		err = luo_file_deserialize(&f->set, &f->ser);
		if (err)
			pr_warn("session \"%s\" token %llu cannot be deserialized: %pe\n",
				s->name, f->token, ERR_PTR(err));
		list_add_tail(&f->list, &s->fds);
		s->nr_fds++;
	}
	return 0;
}

static int __init lunl_incoming_init(void)
{
	const struct lunl_session_ser *sser;
	const struct lunl_fd_ser *fsers;
	struct lunl_ser_hdr *hdr;
	phys_addr_t phys;
	size_t size;
	u32 i;
	int err;

	err = kho_retrieve_subtree(LUNL_KHO_NAME, &phys, &size);
	if (err)
		return 0;

	hdr = phys_to_virt(phys);
	if (!lunl_ser_valid(hdr, size)) {
		pr_err("incoming KHO record is malformed or of another version; ignoring it\n");
		return 0;
	}

	sser = (const struct lunl_session_ser *)(hdr + 1);
	fsers = (const struct lunl_fd_ser *)(sser + hdr->nr_sessions);
	guard(mutex)(&lunl_lock);
	for (i = 0; i < hdr->nr_sessions; i++) {
		err = lunl_incoming_one(&sser[i], fsers);
		if (err)
			pr_err("incoming session \"%s\" lost: %pe\n",
			       sser[i].name, ERR_PTR(err));
	}
	pr_info("received %u sessions with %u files\n", hdr->nr_sessions,
		hdr->nr_fds);
	kho_restore_free(hdr);
	return 0;
}
late_initcall_sync(lunl_incoming_init);
