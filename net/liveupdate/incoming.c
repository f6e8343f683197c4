// SPDX-License-Identifier: GPL-2.0
/*
 * The incoming sessions of the liveupdate netlink family: on first use,
 * claim from LUO the sessions the previous kernel's family handed over,
 * check each session's record before trusting a byte of it, and rebuild
 * the sessions and files it describes.
 */

#define pr_fmt(fmt) "liveupdate_nl: " fmt

#include <linux/cleanup.h>
#include <linux/err.h>
#include <linux/kexec_handover.h>
#include <linux/liveupdate.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "lunl.h"

#define CREATE_TRACE_POINTS
#include <trace/events/liveupdate_nl.h>

/* Whether the record of @size bytes at @hdr adds up. */
static bool lunl_ser_valid(const struct lunl_ser_hdr *hdr, size_t size)
{
	size_t need;

	if (size < sizeof(*hdr) ||
	    strncmp(hdr->compatible, LUNL_KHO_COMPATIBLE,
		    sizeof(hdr->compatible)))
		return false;
	need = sizeof(*hdr) + (size_t)hdr->nr_fds * sizeof(struct lunl_fd_ser) +
	       (size_t)hdr->nr_deps * sizeof(u64) + hdr->pool_size;
	return need <= size;
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

static bool lunl_fds_valid(const struct lunl_ser_hdr *hdr,
			   const struct lunl_fd_ser *fsers, const u8 *pool)
{
	u32 i;

	if (hdr->nr_fds > LIVEUPDATE_NL_MAX_FDS ||
	    !lunl_pool_valid(hdr, hdr->data_off, hdr->data_len,
			     LIVEUPDATE_NL_USER_DATA_MAX))
		return false;
	for (i = 0; i < hdr->nr_fds; i++) {
		const struct lunl_fd_ser *fser = &fsers[i];

		if (fser->nr_deps > LIVEUPDATE_NL_MAX_DEPS ||
		    fser->first_dep > hdr->nr_deps ||
		    fser->nr_deps > hdr->nr_deps - fser->first_dep ||
		    !lunl_label_valid(hdr, pool, fser->label_off,
				      fser->label_len))
			return false;
	}
	return true;
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
 * Rebuild the files and user data of incoming @s from its record, @size
 * bytes at @hdr. Return 0, or the error that left the session incomplete.
 */
static int lunl_incoming_record(struct lunl_session *s,
				const struct lunl_ser_hdr *hdr, size_t size)
{
	const struct lunl_fd_ser *fsers;
	const u64 *deps;
	const u8 *pool;
	int err;
	u32 i;

	if (!lunl_ser_valid(hdr, size))
		return -EINVAL;
	fsers = (const struct lunl_fd_ser *)(hdr + 1);
	deps = (const u64 *)(fsers + hdr->nr_fds);
	pool = (const u8 *)(deps + hdr->nr_deps);
	if (!lunl_fds_valid(hdr, fsers, pool))
		return -EINVAL;
	/* Without its user data, a session's files can still be restored. */
	err = lunl_session_store_data(s, pool + hdr->data_off, hdr->data_len);
	if (err)
		pr_err("incoming session \"%s\" lost its user data: %pe\n",
		       s->name, ERR_PTR(err));
	for (i = 0; i < hdr->nr_fds; i++) {
		err = lunl_incoming_fd(s, &fsers[i], deps, pool);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Claim the incoming LUO session @si, ours, and rebuild it from the
 * record its handle points at. Return -ENOMEM to try again at the next
 * request (nothing was claimed), or 0: the session is listed then, whole
 * or unrecoverable.
 */
static int lunl_incoming_session(const struct liveupdate_session_info *si,
				 u32 *fds)
{
	struct folio *folio = NULL;
	struct lunl_session *s;
	int files_err, err;
	u64 phys;

	s = lunl_session_alloc(si->name, LIVEUPDATE_NL_DIRECTION_INCOMING);
	if (IS_ERR(s))
		return PTR_ERR(s);
	s->luo = liveupdate_session_claim(si->id, &phys, &files_err);
	if (IS_ERR(s->luo)) {
		err = PTR_ERR(s->luo);
		lunl_session_free(s);
		return err;
	}
	if (phys && PAGE_ALIGNED(phys))
		folio = kho_restore_folio(phys);
	if (!folio) {
		pr_err("incoming session \"%s\" has no record: unrecoverable\n",
		       s->name);
		err = -EINVAL;
	} else {
		err = lunl_incoming_record(s, folio_address(folio),
					   folio_size(folio));
		folio_put(folio);
	}
	*fds += s->nr_fds;
	if (err) {
		pr_err("incoming session \"%s\" is %s: unrecoverable\n",
		       s->name, err == -ENOMEM ? "incomplete" : "malformed");
		s->state = LIVEUPDATE_NL_STATE_UNRECOVERABLE;
		lunl_session_set_fd_state(s, LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE);
		return 0;
	}
	/* LUO took the files anyway, so that finish releases them. */
	if (files_err || !lunl_session_read_luo(s)) {
		pr_warn("session \"%s\": its files are unrecoverable: %pe\n",
			s->name, ERR_PTR(files_err ?: -EINVAL));
		lunl_session_set_fd_state(s, LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE);
	}
	return 0;
}

/* Whether every incoming session of ours was claimed. */
static bool lunl_incoming_done;

/**
 * lunl_incoming_use() - Rebuild the incoming sessions on first use.
 *
 * LUO reads the sessions of the previous kernel on first use, not at
 * boot, so that a file handler a module registers after boot, but before
 * that, still takes its files back: the first request of any kind, or
 * the first open of /dev/liveupdate. The family then claims its own
 * (those LUO calls the kernel's) and sends incoming-ntf if any came in.
 * One that cannot be claimed for lack of memory is tried again at the
 * next request. Later calls return at once.
 *
 * Context: Process context. Takes lunl_lock().
 */
void lunl_incoming_use(void)
{
	struct liveupdate_session_info si;
	u32 claimed = 0, fds = 0;
	bool again = false;
	u64 pos = 0;
	int err;

	if (READ_ONCE(lunl_incoming_done))
		return;
	guard(lunl)();
	/* After the commit LUO's lock is held until the reboot. */
	if (lunl_incoming_done || lunl_is_rebooting())
		return;
	err = liveupdate_incoming();
	if (err)
		pr_err("LUO cannot read the sessions the previous kernel handed over: %pe\n",
		       ERR_PTR(err));
	while (!liveupdate_session_next(true, LIVEUPDATE_SESSION_OWNER_KERNEL,
					&pos, &si)) {
		if (lunl_session_find(si.name, LIVEUPDATE_NL_DIRECTION_INCOMING))
			continue;
		trace_liveupdate_nl_incoming_begin(si.name);
		err = lunl_incoming_session(&si, &fds);
		trace_liveupdate_nl_incoming_end(si.name, err);
		if (err == -ENOMEM)
			again = true;
		else if (!err)
			claimed++;
	}
	if (claimed) {
		pr_info("received %u sessions with %u files\n", claimed, fds);
		lunl_notify_status(LIVEUPDATE_NL_CMD_INCOMING_NTF);
	}
	WRITE_ONCE(lunl_incoming_done, !again);
}
