/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN user header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _LINUX_LIVEUPDATE_GEN_H
#define _LINUX_LIVEUPDATE_GEN_H

#include <stdlib.h>
#include <string.h>
#include <linux/types.h>
#include <linux/liveupdate_nl.h>

struct ynl_sock;

extern const struct ynl_family ynl_liveupdate_family;

/* Enums */
const char *liveupdate_op_str(int op);
const char *liveupdate_nl_direction_str(enum liveupdate_nl_direction value);
const char *liveupdate_nl_owner_str(enum liveupdate_nl_owner value);
const char *liveupdate_nl_state_str(enum liveupdate_nl_state value);
const char *liveupdate_nl_fd_state_str(enum liveupdate_nl_fd_state value);
const char *
liveupdate_nl_session_flags_str(enum liveupdate_nl_session_flags value);
const char *
liveupdate_nl_restore_flags_str(enum liveupdate_nl_restore_flags value);

/* Common nested types */
struct liveupdate_fd_entry {
	struct {
		__u32 fd:1;
		__u32 token:1;
	} _present;
	struct {
		__u32 label;
	} _len;

	__s32 fd;
	__u64 token;
	char *label;
};

static inline struct liveupdate_fd_entry *
liveupdate_fd_entry_alloc(unsigned int n)
{
	return calloc(n, sizeof(struct liveupdate_fd_entry));
}

void liveupdate_fd_entry_free(struct liveupdate_fd_entry *obj);

static inline void
liveupdate_fd_entry_set_fd(struct liveupdate_fd_entry *obj, __s32 fd)
{
	obj->_present.fd = 1;
	obj->fd = fd;
}
static inline void
liveupdate_fd_entry_set_token(struct liveupdate_fd_entry *obj, __u64 token)
{
	obj->_present.token = 1;
	obj->token = token;
}
static inline void
liveupdate_fd_entry_set_label(struct liveupdate_fd_entry *obj,
			      const char *label)
{
	free(obj->label);
	obj->_len.label = strlen(label);
	obj->label = malloc(obj->_len.label + 1);
	memcpy(obj->label, label, obj->_len.label);
	obj->label[obj->_len.label] = 0;
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_NEW ============== */
/* LIVEUPDATE_NL_CMD_SESSION_NEW - do */
struct liveupdate_session_new_req {
	struct {
		__u32 flags:1;
	} _present;
	struct {
		__u32 name;
		__u32 user_data;
	} _len;

	char *name;
	__u32 flags;
	void *user_data;
};

static inline struct liveupdate_session_new_req *
liveupdate_session_new_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_session_new_req));
}
void liveupdate_session_new_req_free(struct liveupdate_session_new_req *req);

static inline void
liveupdate_session_new_req_set_name(struct liveupdate_session_new_req *req,
				    const char *name)
{
	free(req->name);
	req->_len.name = strlen(name);
	req->name = malloc(req->_len.name + 1);
	memcpy(req->name, name, req->_len.name);
	req->name[req->_len.name] = 0;
}
static inline void
liveupdate_session_new_req_set_flags(struct liveupdate_session_new_req *req,
				     __u32 flags)
{
	req->_present.flags = 1;
	req->flags = flags;
}
static inline void
liveupdate_session_new_req_set_user_data(struct liveupdate_session_new_req *req,
					 const void *user_data, size_t len)
{
	free(req->user_data);
	req->_len.user_data = len;
	req->user_data = malloc(req->_len.user_data);
	memcpy(req->user_data, user_data, req->_len.user_data);
}

struct liveupdate_session_new_rsp {
	struct {
		__u32 direction:1;
		__u32 state:1;
		__u32 flags:1;
		__u32 fd_count:1;
		__u32 bytes:1;
		__u32 pages:1;
		__u32 freeze_ns:1;
		__u32 owner:1;
	} _present;
	struct {
		__u32 name;
		__u32 user_data;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
	enum liveupdate_nl_state state;
	__u32 flags;
	__u32 fd_count;
	__u64 bytes;
	__u64 pages;
	__u64 freeze_ns;
	void *user_data;
	enum liveupdate_nl_owner owner;
};

void liveupdate_session_new_rsp_free(struct liveupdate_session_new_rsp *rsp);

/*
 * Create an outgoing session. Refused with EEXIST if an outgoing
session of that name exists, with ENOSPC past nl-max-sessions and
with EBUSY while frozen. The reply describes the new session.

 */
struct liveupdate_session_new_rsp *
liveupdate_session_new(struct ynl_sock *ys,
		       struct liveupdate_session_new_req *req);

/* ============== LIVEUPDATE_NL_CMD_SESSION_DEL ============== */
/* LIVEUPDATE_NL_CMD_SESSION_DEL - do */
struct liveupdate_session_del_req {
	struct {
		__u32 direction:1;
	} _present;
	struct {
		__u32 name;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
};

static inline struct liveupdate_session_del_req *
liveupdate_session_del_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_session_del_req));
}
void liveupdate_session_del_req_free(struct liveupdate_session_del_req *req);

static inline void
liveupdate_session_del_req_set_name(struct liveupdate_session_del_req *req,
				    const char *name)
{
	free(req->name);
	req->_len.name = strlen(name);
	req->name = malloc(req->_len.name + 1);
	memcpy(req->name, name, req->_len.name);
	req->name[req->_len.name] = 0;
}
static inline void
liveupdate_session_del_req_set_direction(struct liveupdate_session_del_req *req,
					 enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}

/*
 * Delete an outgoing session and unpreserve its files, last added
first. Refused with EBUSY while frozen.

 */
int liveupdate_session_del(struct ynl_sock *ys,
			   struct liveupdate_session_del_req *req);

/* ============== LIVEUPDATE_NL_CMD_SESSION_GET ============== */
/* LIVEUPDATE_NL_CMD_SESSION_GET - do */
struct liveupdate_session_get_req {
	struct {
		__u32 direction:1;
	} _present;
	struct {
		__u32 name;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
};

static inline struct liveupdate_session_get_req *
liveupdate_session_get_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_session_get_req));
}
void liveupdate_session_get_req_free(struct liveupdate_session_get_req *req);

static inline void
liveupdate_session_get_req_set_name(struct liveupdate_session_get_req *req,
				    const char *name)
{
	free(req->name);
	req->_len.name = strlen(name);
	req->name = malloc(req->_len.name + 1);
	memcpy(req->name, name, req->_len.name);
	req->name[req->_len.name] = 0;
}
static inline void
liveupdate_session_get_req_set_direction(struct liveupdate_session_get_req *req,
					 enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}

struct liveupdate_session_get_rsp {
	struct {
		__u32 direction:1;
		__u32 state:1;
		__u32 flags:1;
		__u32 fd_count:1;
		__u32 bytes:1;
		__u32 pages:1;
		__u32 freeze_ns:1;
		__u32 owner:1;
	} _present;
	struct {
		__u32 name;
		__u32 user_data;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
	enum liveupdate_nl_state state;
	__u32 flags;
	__u32 fd_count;
	__u64 bytes;
	__u64 pages;
	__u64 freeze_ns;
	void *user_data;
	enum liveupdate_nl_owner owner;
};

void liveupdate_session_get_rsp_free(struct liveupdate_session_get_rsp *rsp);

/*
 * Describe one session (do: the one of that name, in the direction
given; without direction, refused with EINVAL if an incoming and
an outgoing session share the name) or every session (dump: in
creation order, incoming sessions first after a kexec, each with
its direction). The files of a session are listed by fd-get.

 */
struct liveupdate_session_get_rsp *
liveupdate_session_get(struct ynl_sock *ys,
		       struct liveupdate_session_get_req *req);

/* LIVEUPDATE_NL_CMD_SESSION_GET - dump */
struct liveupdate_session_get_list {
	struct liveupdate_session_get_list *next;
	struct liveupdate_session_get_rsp obj __attribute__((aligned(8)));
};

void liveupdate_session_get_list_free(struct liveupdate_session_get_list *rsp);

struct liveupdate_session_get_list *
liveupdate_session_get_dump(struct ynl_sock *ys);

/* LIVEUPDATE_NL_CMD_SESSION_GET - notify */
struct liveupdate_session_get_ntf {
	__u16 family;
	__u8 cmd;
	struct ynl_ntf_base_type *next;
	void (*free)(struct liveupdate_session_get_ntf *ntf);
	struct liveupdate_session_get_rsp obj __attribute__((aligned(8)));
};

void liveupdate_session_get_ntf_free(struct liveupdate_session_get_ntf *rsp);

/* ============== LIVEUPDATE_NL_CMD_SESSION_FINISH ============== */
/* LIVEUPDATE_NL_CMD_SESSION_FINISH - do */
struct liveupdate_session_finish_req {
	struct {
		__u32 direction:1;
		__u32 discard:1;
	} _present;
	struct {
		__u32 name;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
};

static inline struct liveupdate_session_finish_req *
liveupdate_session_finish_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_session_finish_req));
}
void
liveupdate_session_finish_req_free(struct liveupdate_session_finish_req *req);

static inline void
liveupdate_session_finish_req_set_name(struct liveupdate_session_finish_req *req,
				       const char *name)
{
	free(req->name);
	req->_len.name = strlen(name);
	req->name = malloc(req->_len.name + 1);
	memcpy(req->name, name, req->_len.name);
	req->name[req->_len.name] = 0;
}
static inline void
liveupdate_session_finish_req_set_direction(struct liveupdate_session_finish_req *req,
					    enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_session_finish_req_set_discard(struct liveupdate_session_finish_req *req)
{
	req->_present.discard = 1;
}

/*
 * Release an incoming session: every file's handler completes its
hand-over and the session disappears. Refused with EBUSY while
files were never restored, unless discard is set, in which case
their preserved memory is freed.

 */
int liveupdate_session_finish(struct ynl_sock *ys,
			      struct liveupdate_session_finish_req *req);

/* ============== LIVEUPDATE_NL_CMD_FD_ADD ============== */
/* LIVEUPDATE_NL_CMD_FD_ADD - do */
struct liveupdate_fd_add_req {
	struct {
		__u32 direction:1;
		__u32 fd:1;
		__u32 token:1;
	} _present;
	struct {
		__u32 session;
		__u32 label;
	} _len;
	struct {
		__u32 entry;
	} _count;

	char *session;
	enum liveupdate_nl_direction direction;
	__s32 fd;
	__u64 token;
	char *label;
	struct liveupdate_fd_entry *entry;
};

static inline struct liveupdate_fd_add_req *liveupdate_fd_add_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_fd_add_req));
}
void liveupdate_fd_add_req_free(struct liveupdate_fd_add_req *req);

static inline void
liveupdate_fd_add_req_set_session(struct liveupdate_fd_add_req *req,
				  const char *session)
{
	free(req->session);
	req->_len.session = strlen(session);
	req->session = malloc(req->_len.session + 1);
	memcpy(req->session, session, req->_len.session);
	req->session[req->_len.session] = 0;
}
static inline void
liveupdate_fd_add_req_set_direction(struct liveupdate_fd_add_req *req,
				    enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_fd_add_req_set_fd(struct liveupdate_fd_add_req *req, __s32 fd)
{
	req->_present.fd = 1;
	req->fd = fd;
}
static inline void
liveupdate_fd_add_req_set_token(struct liveupdate_fd_add_req *req, __u64 token)
{
	req->_present.token = 1;
	req->token = token;
}
static inline void
liveupdate_fd_add_req_set_label(struct liveupdate_fd_add_req *req,
				const char *label)
{
	free(req->label);
	req->_len.label = strlen(label);
	req->label = malloc(req->_len.label + 1);
	memcpy(req->label, label, req->_len.label);
	req->label[req->_len.label] = 0;
}
static inline void
__liveupdate_fd_add_req_set_entry(struct liveupdate_fd_add_req *req,
				  struct liveupdate_fd_entry *entry,
				  unsigned int n_entry)
{
	unsigned int i;

	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_free(&req->entry[i]);
	free(req->entry);
	req->entry = entry;
	req->_count.entry = n_entry;
}

/*
 * Preserve the caller's file descriptor fd in an outgoing session
under token, optionally with a label; or several, one per entry,
all or none. The file must be of a type a LUO file handler
supports, must not be preserved elsewhere (EBUSY), and every file
it depends on must already be in the session, or come earlier in
the same request (ENOENT). A token or label already in the
session is refused with EEXIST.

 */
int liveupdate_fd_add(struct ynl_sock *ys, struct liveupdate_fd_add_req *req);

/* ============== LIVEUPDATE_NL_CMD_FD_DEL ============== */
/* LIVEUPDATE_NL_CMD_FD_DEL - do */
struct liveupdate_fd_del_req {
	struct {
		__u32 direction:1;
		__u32 token:1;
	} _present;
	struct {
		__u32 session;
		__u32 label;
	} _len;

	char *session;
	enum liveupdate_nl_direction direction;
	__u64 token;
	char *label;
};

static inline struct liveupdate_fd_del_req *liveupdate_fd_del_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_fd_del_req));
}
void liveupdate_fd_del_req_free(struct liveupdate_fd_del_req *req);

static inline void
liveupdate_fd_del_req_set_session(struct liveupdate_fd_del_req *req,
				  const char *session)
{
	free(req->session);
	req->_len.session = strlen(session);
	req->session = malloc(req->_len.session + 1);
	memcpy(req->session, session, req->_len.session);
	req->session[req->_len.session] = 0;
}
static inline void
liveupdate_fd_del_req_set_direction(struct liveupdate_fd_del_req *req,
				    enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_fd_del_req_set_token(struct liveupdate_fd_del_req *req, __u64 token)
{
	req->_present.token = 1;
	req->token = token;
}
static inline void
liveupdate_fd_del_req_set_label(struct liveupdate_fd_del_req *req,
				const char *label)
{
	free(req->label);
	req->_len.label = strlen(label);
	req->label = malloc(req->_len.label + 1);
	memcpy(req->label, label, req->_len.label);
	req->label[req->_len.label] = 0;
}

/*
 * Unpreserve a file of an outgoing session, named by token or by
label. Refused with EBUSY while another file of the session
depends on it, and while frozen.

 */
int liveupdate_fd_del(struct ynl_sock *ys, struct liveupdate_fd_del_req *req);

/* ============== LIVEUPDATE_NL_CMD_FD_GET ============== */
/* LIVEUPDATE_NL_CMD_FD_GET - do */
struct liveupdate_fd_get_req {
	struct {
		__u32 direction:1;
		__u32 token:1;
	} _present;
	struct {
		__u32 session;
		__u32 label;
	} _len;

	char *session;
	enum liveupdate_nl_direction direction;
	__u64 token;
	char *label;
};

static inline struct liveupdate_fd_get_req *liveupdate_fd_get_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_fd_get_req));
}
void liveupdate_fd_get_req_free(struct liveupdate_fd_get_req *req);

static inline void
liveupdate_fd_get_req_set_session(struct liveupdate_fd_get_req *req,
				  const char *session)
{
	free(req->session);
	req->_len.session = strlen(session);
	req->session = malloc(req->_len.session + 1);
	memcpy(req->session, session, req->_len.session);
	req->session[req->_len.session] = 0;
}
static inline void
liveupdate_fd_get_req_set_direction(struct liveupdate_fd_get_req *req,
				    enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_fd_get_req_set_token(struct liveupdate_fd_get_req *req, __u64 token)
{
	req->_present.token = 1;
	req->token = token;
}
static inline void
liveupdate_fd_get_req_set_label(struct liveupdate_fd_get_req *req,
				const char *label)
{
	free(req->label);
	req->_len.label = strlen(label);
	req->label = malloc(req->_len.label + 1);
	memcpy(req->label, label, req->_len.label);
	req->label[req->_len.label] = 0;
}

struct liveupdate_fd_get_rsp {
	struct {
		__u32 token:1;
		__u32 size:1;
		__u32 state:1;
		__u32 owner:1;
	} _present;
	struct {
		__u32 session;
		__u32 compatible;
		__u32 label;
	} _len;
	struct {
		__u32 depends;
	} _count;

	char *session;
	__u64 token;
	char *compatible;
	__u64 size;
	enum liveupdate_nl_fd_state state;
	__u64 *depends;
	char *label;
	enum liveupdate_nl_owner owner;
};

void liveupdate_fd_get_rsp_free(struct liveupdate_fd_get_rsp *rsp);

/*
 * Describe one file, named by token or by label (do), or every file
of a session (dump). When an incoming and an outgoing session
share the name, direction says which (EINVAL without it).

 */
struct liveupdate_fd_get_rsp *
liveupdate_fd_get(struct ynl_sock *ys, struct liveupdate_fd_get_req *req);

/* LIVEUPDATE_NL_CMD_FD_GET - dump */
struct liveupdate_fd_get_req_dump {
	struct {
		__u32 direction:1;
	} _present;
	struct {
		__u32 session;
	} _len;

	char *session;
	enum liveupdate_nl_direction direction;
};

static inline struct liveupdate_fd_get_req_dump *
liveupdate_fd_get_req_dump_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_fd_get_req_dump));
}
void liveupdate_fd_get_req_dump_free(struct liveupdate_fd_get_req_dump *req);

static inline void
liveupdate_fd_get_req_dump_set_session(struct liveupdate_fd_get_req_dump *req,
				       const char *session)
{
	free(req->session);
	req->_len.session = strlen(session);
	req->session = malloc(req->_len.session + 1);
	memcpy(req->session, session, req->_len.session);
	req->session[req->_len.session] = 0;
}
static inline void
liveupdate_fd_get_req_dump_set_direction(struct liveupdate_fd_get_req_dump *req,
					 enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}

struct liveupdate_fd_get_list {
	struct liveupdate_fd_get_list *next;
	struct liveupdate_fd_get_rsp obj __attribute__((aligned(8)));
};

void liveupdate_fd_get_list_free(struct liveupdate_fd_get_list *rsp);

struct liveupdate_fd_get_list *
liveupdate_fd_get_dump(struct ynl_sock *ys,
		       struct liveupdate_fd_get_req_dump *req);

/* LIVEUPDATE_NL_CMD_FD_GET - notify */
struct liveupdate_fd_get_ntf {
	__u16 family;
	__u8 cmd;
	struct ynl_ntf_base_type *next;
	void (*free)(struct liveupdate_fd_get_ntf *ntf);
	struct liveupdate_fd_get_rsp obj __attribute__((aligned(8)));
};

void liveupdate_fd_get_ntf_free(struct liveupdate_fd_get_ntf *rsp);

/* ============== LIVEUPDATE_NL_CMD_FD_RESTORE ============== */
/* LIVEUPDATE_NL_CMD_FD_RESTORE - do */
struct liveupdate_fd_restore_req {
	struct {
		__u32 direction:1;
		__u32 token:1;
		__u32 flags:1;
	} _present;
	struct {
		__u32 session;
		__u32 label;
	} _len;
	struct {
		__u32 entry;
	} _count;

	char *session;
	enum liveupdate_nl_direction direction;
	__u64 token;
	char *label;
	__u32 flags;
	struct liveupdate_fd_entry *entry;
};

static inline struct liveupdate_fd_restore_req *
liveupdate_fd_restore_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_fd_restore_req));
}
void liveupdate_fd_restore_req_free(struct liveupdate_fd_restore_req *req);

static inline void
liveupdate_fd_restore_req_set_session(struct liveupdate_fd_restore_req *req,
				      const char *session)
{
	free(req->session);
	req->_len.session = strlen(session);
	req->session = malloc(req->_len.session + 1);
	memcpy(req->session, session, req->_len.session);
	req->session[req->_len.session] = 0;
}
static inline void
liveupdate_fd_restore_req_set_direction(struct liveupdate_fd_restore_req *req,
					enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_fd_restore_req_set_token(struct liveupdate_fd_restore_req *req,
				    __u64 token)
{
	req->_present.token = 1;
	req->token = token;
}
static inline void
liveupdate_fd_restore_req_set_label(struct liveupdate_fd_restore_req *req,
				    const char *label)
{
	free(req->label);
	req->_len.label = strlen(label);
	req->label = malloc(req->_len.label + 1);
	memcpy(req->label, label, req->_len.label);
	req->label[req->_len.label] = 0;
}
static inline void
liveupdate_fd_restore_req_set_flags(struct liveupdate_fd_restore_req *req,
				    __u32 flags)
{
	req->_present.flags = 1;
	req->flags = flags;
}
static inline void
__liveupdate_fd_restore_req_set_entry(struct liveupdate_fd_restore_req *req,
				      struct liveupdate_fd_entry *entry,
				      unsigned int n_entry)
{
	unsigned int i;

	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_free(&req->entry[i]);
	free(req->entry);
	req->entry = entry;
	req->_count.entry = n_entry;
}

struct liveupdate_fd_restore_rsp {
	struct {
		__u32 fd:1;
		__u32 token:1;
		__u32 size:1;
	} _present;
	struct {
		__u32 session;
		__u32 compatible;
		__u32 label;
	} _len;
	struct {
		__u32 entry;
	} _count;

	char *session;
	__s32 fd;
	__u64 token;
	char *compatible;
	__u64 size;
	char *label;
	struct liveupdate_fd_entry *entry;
};

void liveupdate_fd_restore_rsp_free(struct liveupdate_fd_restore_rsp *rsp);

/*
 * Restore the file preserved under token, or under label, in an
incoming session and install it in the caller, with O_CLOEXEC
unless no-cloexec is set; or several, one per entry (at most
nl-max-restore-entries), all or none: the descriptors are
installed only once every file was restored, and on a refusal
none is, and the files stay restorable. The files a file depends
on must be restored first, or come earlier in the same request
(ENOENT). The reply carries the new file descriptor, or one
entry per file. A file can be restored again until its session
is finished: each time a new descriptor of the same file, as
LUO's retrieve gives. If the file's handler fails, the file turns
unrecoverable and later attempts get EIO.

 */
struct liveupdate_fd_restore_rsp *
liveupdate_fd_restore(struct ynl_sock *ys,
		      struct liveupdate_fd_restore_req *req);

/* ============== LIVEUPDATE_NL_CMD_FREEZE ============== */
/* LIVEUPDATE_NL_CMD_FREEZE - do */

struct liveupdate_freeze_rsp {
	struct {
		__u32 state:1;
		__u32 sessions:1;
		__u32 fds:1;
		__u32 freeze_ns:1;
		__u32 incoming:1;
		__u32 record_size:1;
		__u32 record_max:1;
	} _present;

	enum liveupdate_nl_state state;
	__u32 sessions;
	__u32 fds;
	__u64 freeze_ns;
	__u32 incoming;
	__u32 record_size;
	__u32 record_max;
};

void liveupdate_freeze_rsp_free(struct liveupdate_freeze_rsp *rsp);

/*
 * Freeze every outgoing session atomically: each file is frozen by
its handler, in the order added, and the sessions are serialized
into KHO. If any file fails, everything already frozen is unfrozen
and the error names the session and token. Only frozen sessions
cross kexec; a kexec while live freezes them inside
liveupdate_reboot(), and is refused if a file cannot freeze.

 */
struct liveupdate_freeze_rsp *liveupdate_freeze(struct ynl_sock *ys);

/* ============== LIVEUPDATE_NL_CMD_UNFREEZE ============== */
/* LIVEUPDATE_NL_CMD_UNFREEZE - do */

struct liveupdate_unfreeze_rsp {
	struct {
		__u32 state:1;
		__u32 sessions:1;
		__u32 fds:1;
		__u32 freeze_ns:1;
		__u32 incoming:1;
		__u32 record_size:1;
		__u32 record_max:1;
	} _present;

	enum liveupdate_nl_state state;
	__u32 sessions;
	__u32 fds;
	__u64 freeze_ns;
	__u32 incoming;
	__u32 record_size;
	__u32 record_max;
};

void liveupdate_unfreeze_rsp_free(struct liveupdate_unfreeze_rsp *rsp);

/*
 * Withdraw the KHO record and return every outgoing session to
live.

 */
struct liveupdate_unfreeze_rsp *liveupdate_unfreeze(struct ynl_sock *ys);

/* ============== LIVEUPDATE_NL_CMD_STATUS_GET ============== */
/* LIVEUPDATE_NL_CMD_STATUS_GET - do */

struct liveupdate_status_get_rsp {
	struct {
		__u32 state:1;
		__u32 sessions:1;
		__u32 fds:1;
		__u32 freeze_ns:1;
		__u32 incoming:1;
		__u32 record_size:1;
		__u32 record_max:1;
	} _present;

	enum liveupdate_nl_state state;
	__u32 sessions;
	__u32 fds;
	__u64 freeze_ns;
	__u32 incoming;
	__u32 record_size;
	__u32 record_max;
};

void liveupdate_status_get_rsp_free(struct liveupdate_status_get_rsp *rsp);

/*
 * Describe the outgoing side as a whole.
 */
struct liveupdate_status_get_rsp *liveupdate_status_get(struct ynl_sock *ys);

/* LIVEUPDATE_NL_CMD_STATUS_GET - notify */
struct liveupdate_status_get_ntf {
	__u16 family;
	__u8 cmd;
	struct ynl_ntf_base_type *next;
	void (*free)(struct liveupdate_status_get_ntf *ntf);
	struct liveupdate_status_get_rsp obj __attribute__((aligned(8)));
};

void liveupdate_status_get_ntf_free(struct liveupdate_status_get_ntf *rsp);

/* ============== LIVEUPDATE_NL_CMD_SESSION_SET ============== */
/* LIVEUPDATE_NL_CMD_SESSION_SET - do */
struct liveupdate_session_set_req {
	struct {
		__u32 direction:1;
	} _present;
	struct {
		__u32 name;
		__u32 user_data;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
	void *user_data;
};

static inline struct liveupdate_session_set_req *
liveupdate_session_set_req_alloc(void)
{
	return calloc(1, sizeof(struct liveupdate_session_set_req));
}
void liveupdate_session_set_req_free(struct liveupdate_session_set_req *req);

static inline void
liveupdate_session_set_req_set_name(struct liveupdate_session_set_req *req,
				    const char *name)
{
	free(req->name);
	req->_len.name = strlen(name);
	req->name = malloc(req->_len.name + 1);
	memcpy(req->name, name, req->_len.name);
	req->name[req->_len.name] = 0;
}
static inline void
liveupdate_session_set_req_set_direction(struct liveupdate_session_set_req *req,
					 enum liveupdate_nl_direction direction)
{
	req->_present.direction = 1;
	req->direction = direction;
}
static inline void
liveupdate_session_set_req_set_user_data(struct liveupdate_session_set_req *req,
					 const void *user_data, size_t len)
{
	free(req->user_data);
	req->_len.user_data = len;
	req->user_data = malloc(req->_len.user_data);
	memcpy(req->user_data, user_data, req->_len.user_data);
}

struct liveupdate_session_set_rsp {
	struct {
		__u32 direction:1;
		__u32 state:1;
		__u32 flags:1;
		__u32 fd_count:1;
		__u32 bytes:1;
		__u32 pages:1;
		__u32 freeze_ns:1;
		__u32 owner:1;
	} _present;
	struct {
		__u32 name;
		__u32 user_data;
	} _len;

	char *name;
	enum liveupdate_nl_direction direction;
	enum liveupdate_nl_state state;
	__u32 flags;
	__u32 fd_count;
	__u64 bytes;
	__u64 pages;
	__u64 freeze_ns;
	void *user_data;
	enum liveupdate_nl_owner owner;
};

void liveupdate_session_set_rsp_free(struct liveupdate_session_set_rsp *rsp);

/*
 * Replace the user data of an outgoing session; an empty value
clears it. Refused with EBUSY while frozen; incoming sessions
keep what the previous kernel carried. The reply describes the
session.

 */
struct liveupdate_session_set_rsp *
liveupdate_session_set(struct ynl_sock *ys,
		       struct liveupdate_session_set_req *req);

#endif /* _LINUX_LIVEUPDATE_GEN_H */
