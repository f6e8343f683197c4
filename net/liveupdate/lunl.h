/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internal interfaces of the liveupdate generic netlink family.
 */

#ifndef _NET_LIVEUPDATE_LUNL_H
#define _NET_LIVEUPDATE_LUNL_H

#include <linux/cleanup.h>
#include <linux/list.h>
#include <linux/liveupdate.h>
#include <linux/lockdep.h>
#include <linux/netlink.h>
#include <linux/kho/abi/liveupdate_nl.h>
#include <linux/types.h>
#include <net/liveupdate_nl.h>
#include <uapi/linux/liveupdate_nl.h>

struct lunl_session;

/**
 * struct lunl_fd - A file held by a session.
 * @list:       Entry in &struct lunl_session.fds, in the order added.
 * @hnode:      Entry in the table of files by session and token.
 * @lnode:      Entry in the table of files by session and label, if
 *              labelled.
 * @session:    The session holding the file.
 * @token:      User token, unique within the session.
 * @label:      Optional label, unique within the session, or NULL.
 * @file:       Outgoing: our own reference to the preserved file, for its
 *              size and its dependencies. Incoming: NULL.
 * @size:       Incoming: size recorded by the previous kernel.
 * @compatible: Handler compatible, known once frozen, when incoming and
 *              LUO's entries match the session's files, or at add for
 *              file types with a dependency resolver; empty otherwise.
 * @state:      &enum liveupdate_nl_fd_state.
 * @nr_deps:    Number of entries in @deps.
 * @deps:       Tokens of the files of @session this file depends on.
 * @restoring:  Restored by the multi-file fd-restore in progress, not
 *              installed yet: the files after it may depend on it.
 */
struct lunl_fd {
	struct list_head list;
	struct hlist_node hnode;
	struct hlist_node lnode;
	struct lunl_session *session;
	u64 token;
	char *label;
	struct file *file;
	u64 size;
	char compatible[LIVEUPDATE_HNDL_COMPAT_LENGTH];
	enum liveupdate_nl_fd_state state;
	u32 nr_deps;
	u64 *deps;
	bool restoring;
};

/**
 * struct lunl_session - A named group of files.
 * @id:        Its id, given in creation order; dumps resume from it.
 * @hnode:     Entry in the table of sessions by name and direction.
 * @name:      Session name.
 * @direction: &enum liveupdate_nl_direction.
 * @state:     Incoming sessions: %LIVEUPDATE_NL_STATE_INCOMING or
 *             %LIVEUPDATE_NL_STATE_UNRECOVERABLE. Outgoing sessions
 *             follow the system state.
 * @flags:     &enum liveupdate_nl_session_flags.
 * @owner:     The socket that owns it, if %LIVEUPDATE_NL_SESSION_FLAGS_OWNED;
 *             NULL otherwise.
 * @fds:       List of &struct lunl_fd, in the order added.
 * @nr_fds:    Number of entries in @fds.
 * @luo:       The LUO session, owned by the kernel, that holds the files
 *             of @fds, in the same order: made with the session
 *             (outgoing) or claimed from LUO (incoming).
 * @record:    Outgoing: the session's KHO record, preserved memory whose
 *             physical address LUO carries across kexec as the session's
 *             handle; @record_cap bytes, @record_size of them in use.
 * @record_cap:  Size of @record.
 * @record_size: Bytes the record of the session takes.
 * @freeze_ns: Time the last successful freeze spent on @fds.
 * @data:      User data, @data_len bytes, or NULL.
 * @data_len:  Size of @data, at most %LIVEUPDATE_NL_USER_DATA_MAX.
 */
struct lunl_session {
	u32 id;
	struct hlist_node hnode;
	char name[LIVEUPDATE_NL_SESSION_NAME_LEN];
	enum liveupdate_nl_direction direction;
	enum liveupdate_nl_state state;
	u32 flags;
	struct liveupdate_nl_sock *owner;
	struct list_head fds;
	u32 nr_fds;
	struct liveupdate_session *luo;
	void *record;
	size_t record_cap;
	size_t record_size;
	u64 freeze_ns;
	void *data;
	u32 data_len;
};

/**
 * struct lunl_status - Figures of the outgoing side.
 * @frozen:    Whether the outgoing sessions are frozen.
 * @sessions:  Number of outgoing sessions.
 * @fds:       Number of files in outgoing sessions.
 * @incoming:  Number of incoming sessions not finished yet.
 * @freeze_ns: Duration of the last successful freeze.
 * @record_size: Bytes the KHO records of the outgoing sessions take.
 * @record_max:  Largest KHO record of a session, in bytes.
 */
struct lunl_status {
	bool frozen;
	u32 sessions;
	u32 fds;
	u32 incoming;
	u64 freeze_ns;
	u32 record_size;
	u32 record_max;
};

/* The family's lock: see the DOC block of core.c. */
void lunl_lock(void);
void lunl_unlock(void);
#ifdef CONFIG_LOCKDEP
bool lockdep_lunl_is_held(void);
#else
static inline bool lockdep_lunl_is_held(void)
{
	return true;
}
#endif
DEFINE_LOCK_GUARD_0(lunl, lunl_lock(), lunl_unlock())
#define lunl_assert_held()	lockdep_assert(lockdep_lunl_is_held())

struct lunl_session *lunl_session_by_id(u32 id);
struct lunl_session *lunl_session_from(unsigned long *id);

void lunl_changed(void);
unsigned int lunl_dump_seq(void);

enum liveupdate_nl_state lunl_session_state(const struct lunl_session *s);
u64 lunl_fd_size(const struct lunl_fd *f);
void lunl_status(struct lunl_status *st);
struct lunl_session *lunl_session_find(const char *name,
				       enum liveupdate_nl_direction dir);
struct lunl_fd *lunl_fd_find(struct lunl_session *s, u64 token);
struct lunl_fd *lunl_fd_find_label(struct lunl_session *s, const char *label);
struct lunl_session *lunl_session_new(const char *name,
				      const struct nlattr *name_attr, u32 flags,
				      struct liveupdate_nl_sock *owner,
				      const void *data, u32 data_len,
				      struct netlink_ext_ack *extack);
int lunl_session_set_data(struct lunl_session *s, const void *data,
			  u32 data_len, struct netlink_ext_ack *extack);
int lunl_session_del(struct lunl_session *s, struct netlink_ext_ack *extack);
int lunl_session_finish(struct lunl_session *s, bool discard,
			struct netlink_ext_ack *extack);
void lunl_release_owner(struct liveupdate_nl_sock *owner);
void lunl_incoming_use(void);
u32 lunl_nr_outgoing_sessions(void);
size_t lunl_fd_record(const struct lunl_fd *f);

/* freeze.c: the system state and the kexec path. */
bool lunl_is_frozen(void);
bool lunl_is_rebooting(void);
u64 lunl_freeze_time_ns(void);
int lunl_check_committed(struct netlink_ext_ack *extack);
int lunl_check_live(struct netlink_ext_ack *extack, const char *what);
void lunl_freeze_init(void);
void lunl_freeze_exit(void);

/* Shared by core.c and incoming.c. */
struct lunl_session *lunl_session_alloc(const char *name,
					enum liveupdate_nl_direction dir);
void lunl_session_free(struct lunl_session *s);
int lunl_session_store_data(struct lunl_session *s, const void *data,
			    u32 len);
void lunl_session_set_fd_state(struct lunl_session *s,
			       enum liveupdate_nl_fd_state state);
bool lunl_session_read_luo(struct lunl_session *s);
void lunl_fd_link(struct lunl_fd *f);
void lunl_core_init(void);
void lunl_core_exit(void);
struct lunl_fd *lunl_fd_add(struct lunl_session *s, int fd, u64 token,
			    const char *label, struct netlink_ext_ack *extack);
int lunl_fd_del(struct lunl_fd *f, struct netlink_ext_ack *extack);
struct file *lunl_fd_restore(struct lunl_fd *f,
			     struct netlink_ext_ack *extack);
int lunl_freeze(struct netlink_ext_ack *extack);
int lunl_unfreeze(struct netlink_ext_ack *extack);

/* Notifications, sent with lunl_lock() held so that they keep their order. */
void lunl_notify_session(struct lunl_session *s, u8 cmd);
void lunl_notify_fd(struct lunl_fd *f, u8 cmd);
void lunl_notify_status(u8 cmd);

/* Either direction: the request's direction attribute, if any, says. */
#define LUNL_ANY_DIRECTION	-1

struct genl_info;
struct sk_buff;

/* netlink.c: notifications to the monitor group. */
void lunl_multicast(struct sk_buff *msg, int err);
bool lunl_listened(void);

/* Forget the message of a lookup that another lookup answered. */
static inline void lunl_extack_clear(struct netlink_ext_ack *extack)
{
	extack->_msg = NULL;
	extack->bad_attr = NULL;
}

/**
 * struct lunl_dev_walk - A walk over the files of a /dev/liveupdate session.
 * @skb:      The message being filled.
 * @si:       The session.
 * @portid:   Port of a dump's or a reply's messages.
 * @seq:      Their sequence number.
 * @flags:    Their flags.
 * @token:    fd-get: the file to describe.
 * @done:     Files described so far (fd-get: 1 once it was found).
 * @bytes:    Their size.
 * @pages:    Their pages.
 */
struct lunl_dev_walk {
	struct sk_buff *skb;
	const struct liveupdate_session_info *si;
	u32 portid;
	u32 seq;
	int flags;
	u64 token;
	u64 done;
	u64 bytes;
	u64 pages;
};

/* device.c: the sessions of /dev/liveupdate. */
int lunl_dev_lookup(const struct genl_info *info, int attr, int dir_attr,
		    int dir, struct liveupdate_session_info *si);
int lunl_dev_put_fd(const struct liveupdate_file_info *fi, void *arg);
int lunl_dev_put_session(struct sk_buff *skb,
			 const struct liveupdate_session_info *si,
			 u32 portid, u32 seq, int flags, u8 cmd);
int lunl_reply_dev_session(struct genl_info *info, struct sk_buff *msg);
int lunl_reply_dev_fd(struct genl_info *info);
void lunl_dev_init(void);
void lunl_dev_exit(void);

/*
 * Test-only, for the test hooks in lib/tests/lunl_test_hooks.c, which
 * include this header the way LUO's own test in lib/tests/ includes
 * LUO's internal header.
 */
int liveupdate_nl_test_record(const char *name,
			      int (*damage)(struct lunl_ser_hdr *hdr,
					    struct liveupdate_session *luo,
					    void *arg),
			      void *arg);
void liveupdate_nl_test_changes(void (*report)(const char *op, int err,
					       const char *msg));

#endif /* _NET_LIVEUPDATE_LUNL_H */
