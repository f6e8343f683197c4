// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN user source */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#include <stdlib.h>
#include <string.h>
#include "liveupdate-user.h"
#include "ynl.h"
#include <linux/liveupdate_nl.h>

#include <linux/genetlink.h>

/* Enums */
static const char * const liveupdate_op_strmap[] = {
	[LIVEUPDATE_NL_CMD_SESSION_NEW] = "session-new",
	[LIVEUPDATE_NL_CMD_SESSION_DEL] = "session-del",
	[LIVEUPDATE_NL_CMD_SESSION_GET] = "session-get",
	[LIVEUPDATE_NL_CMD_SESSION_FINISH] = "session-finish",
	[LIVEUPDATE_NL_CMD_FD_ADD] = "fd-add",
	[LIVEUPDATE_NL_CMD_FD_DEL] = "fd-del",
	[LIVEUPDATE_NL_CMD_FD_GET] = "fd-get",
	[LIVEUPDATE_NL_CMD_FD_RESTORE] = "fd-restore",
	[LIVEUPDATE_NL_CMD_FREEZE] = "freeze",
	[LIVEUPDATE_NL_CMD_UNFREEZE] = "unfreeze",
	[LIVEUPDATE_NL_CMD_STATUS_GET] = "status-get",
	[LIVEUPDATE_NL_CMD_SESSION_NEW_NTF] = "session-new-ntf",
	[LIVEUPDATE_NL_CMD_SESSION_DEL_NTF] = "session-del-ntf",
	[LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF] = "session-finish-ntf",
	[LIVEUPDATE_NL_CMD_FD_ADD_NTF] = "fd-add-ntf",
	[LIVEUPDATE_NL_CMD_FD_DEL_NTF] = "fd-del-ntf",
	[LIVEUPDATE_NL_CMD_FD_RESTORE_NTF] = "fd-restore-ntf",
	[LIVEUPDATE_NL_CMD_FREEZE_NTF] = "freeze-ntf",
	[LIVEUPDATE_NL_CMD_UNFREEZE_NTF] = "unfreeze-ntf",
	[LIVEUPDATE_NL_CMD_INCOMING_NTF] = "incoming-ntf",
	[LIVEUPDATE_NL_CMD_SESSION_SET] = "session-set",
	[LIVEUPDATE_NL_CMD_SESSION_SET_NTF] = "session-set-ntf",
};

const char *liveupdate_op_str(int op)
{
	if (op < 0 || op >= (int)YNL_ARRAY_SIZE(liveupdate_op_strmap))
		return NULL;
	return liveupdate_op_strmap[op];
}

static const char * const liveupdate_nl_direction_strmap[] = {
	[0] = "outgoing",
	[1] = "incoming",
};

const char *liveupdate_nl_direction_str(enum liveupdate_nl_direction value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_direction_strmap))
		return NULL;
	return liveupdate_nl_direction_strmap[value];
}

static const char * const liveupdate_nl_owner_strmap[] = {
	[0] = "netlink",
	[1] = "device",
};

const char *liveupdate_nl_owner_str(enum liveupdate_nl_owner value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_owner_strmap))
		return NULL;
	return liveupdate_nl_owner_strmap[value];
}

static const char * const liveupdate_nl_state_strmap[] = {
	[0] = "live",
	[1] = "frozen",
	[2] = "incoming",
	[3] = "unrecoverable",
};

const char *liveupdate_nl_state_str(enum liveupdate_nl_state value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_state_strmap))
		return NULL;
	return liveupdate_nl_state_strmap[value];
}

static const char * const liveupdate_nl_fd_state_strmap[] = {
	[0] = "preserved",
	[1] = "frozen",
	[2] = "incoming",
	[3] = "restored",
	[4] = "unrecoverable",
};

const char *liveupdate_nl_fd_state_str(enum liveupdate_nl_fd_state value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_fd_state_strmap))
		return NULL;
	return liveupdate_nl_fd_state_strmap[value];
}

static const char * const liveupdate_nl_session_flags_strmap[] = {
	[0] = "owned",
};

const char *
liveupdate_nl_session_flags_str(enum liveupdate_nl_session_flags value)
{
	value = ffs(value) - 1;
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_session_flags_strmap))
		return NULL;
	return liveupdate_nl_session_flags_strmap[value];
}

static const char * const liveupdate_nl_restore_flags_strmap[] = {
	[0] = "no-cloexec",
};

const char *
liveupdate_nl_restore_flags_str(enum liveupdate_nl_restore_flags value)
{
	value = ffs(value) - 1;
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_nl_restore_flags_strmap))
		return NULL;
	return liveupdate_nl_restore_flags_strmap[value];
}

/* Policies */
const struct ynl_policy_attr liveupdate_fd_entry_policy[LIVEUPDATE_NL_FD_A_MAX + 1] = {
	[LIVEUPDATE_NL_FD_A_FD] = { .name = "fd", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .name = "token", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .name = "label", .type = YNL_PT_NUL_STR, },
};

const struct ynl_policy_nest liveupdate_fd_entry_nest = {
	.max_attr = LIVEUPDATE_NL_FD_A_MAX,
	.table = liveupdate_fd_entry_policy,
};

const struct ynl_policy_attr liveupdate_session_policy[LIVEUPDATE_NL_SESSION_A_MAX + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .name = "name", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = { .name = "direction", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_STATE] = { .name = "state", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_FLAGS] = { .name = "flags", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_FD_COUNT] = { .name = "fd-count", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_BYTES] = { .name = "bytes", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_SESSION_A_PAGES] = { .name = "pages", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_SESSION_A_FREEZE_NS] = { .name = "freeze-ns", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_SESSION_A_DISCARD] = { .name = "discard", .type = YNL_PT_FLAG, },
	[LIVEUPDATE_NL_SESSION_A_USER_DATA] = { .name = "user-data", .type = YNL_PT_BINARY,},
	[LIVEUPDATE_NL_SESSION_A_OWNER] = { .name = "owner", .type = YNL_PT_U32, },
};

const struct ynl_policy_nest liveupdate_session_nest = {
	.max_attr = LIVEUPDATE_NL_SESSION_A_MAX,
	.table = liveupdate_session_policy,
};

const struct ynl_policy_attr liveupdate_fd_policy[LIVEUPDATE_NL_FD_A_MAX + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .name = "session", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_FD_A_FD] = { .name = "fd", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .name = "token", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_FD_A_COMPATIBLE] = { .name = "compatible", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_FD_A_SIZE] = { .name = "size", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_FD_A_STATE] = { .name = "state", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_FD_A_DEPENDS] = { .name = "depends", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_FD_A_FLAGS] = { .name = "flags", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .name = "label", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_FD_A_ENTRY] = { .name = "entry", .type = YNL_PT_NEST, .nest = &liveupdate_fd_entry_nest, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = { .name = "direction", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_FD_A_OWNER] = { .name = "owner", .type = YNL_PT_U32, },
};

const struct ynl_policy_nest liveupdate_fd_nest = {
	.max_attr = LIVEUPDATE_NL_FD_A_MAX,
	.table = liveupdate_fd_policy,
};

const struct ynl_policy_attr liveupdate_system_policy[LIVEUPDATE_NL_SYSTEM_A_MAX + 1] = {
	[LIVEUPDATE_NL_SYSTEM_A_STATE] = { .name = "state", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SYSTEM_A_SESSIONS] = { .name = "sessions", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SYSTEM_A_FDS] = { .name = "fds", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS] = { .name = "freeze-ns", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_SYSTEM_A_INCOMING] = { .name = "incoming", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE] = { .name = "record-size", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX] = { .name = "record-max", .type = YNL_PT_U32, },
};

const struct ynl_policy_nest liveupdate_system_nest = {
	.max_attr = LIVEUPDATE_NL_SYSTEM_A_MAX,
	.table = liveupdate_system_policy,
};

/* Common nested types */
void liveupdate_fd_entry_free(struct liveupdate_fd_entry *obj)
{
	free(obj->label);
}

int liveupdate_fd_entry_put(struct nlmsghdr *nlh, unsigned int attr_type,
			    struct liveupdate_fd_entry *obj)
{
	struct nlattr *nest;

	nest = ynl_attr_nest_start(nlh, attr_type);
	if (obj->_present.fd)
		ynl_attr_put_s32(nlh, LIVEUPDATE_NL_FD_A_FD, obj->fd);
	if (obj->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, obj->token);
	if (obj->_len.label)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_LABEL, obj->label);
	ynl_attr_nest_end(nlh, nest);

	return 0;
}

int liveupdate_fd_entry_parse(struct ynl_parse_arg *yarg,
			      const struct nlattr *nested)
{
	struct liveupdate_fd_entry *dst = yarg->data;
	const struct nlattr *attr;
	unsigned int len;

	ynl_attr_for_each_nested(attr, nested) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_FD_A_FD) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fd = 1;
			dst->fd = ynl_attr_get_s32(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_TOKEN) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.token = 1;
			dst->token = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_LABEL) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->label = malloc(len + 1);
			if (!dst->label)
				return YNL_PARSE_CB_ERROR;
			dst->_len.label = len;
			memcpy(dst->label, ynl_attr_get_str(attr), len);
			dst->label[len] = 0;
		}
	}

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_NEW ============== */
/* LIVEUPDATE_NL_CMD_SESSION_NEW - do */
void liveupdate_session_new_req_free(struct liveupdate_session_new_req *req)
{
	free(req->name);
	free(req->user_data);
	free(req);
}

void liveupdate_session_new_rsp_free(struct liveupdate_session_new_rsp *rsp)
{
	free(rsp->name);
	free(rsp->user_data);
	free(rsp);
}

int liveupdate_session_new_rsp_parse(const struct nlmsghdr *nlh,
				     struct ynl_parse_arg *yarg)
{
	struct liveupdate_session_new_rsp *dst;
	const struct nlattr *attr;
	unsigned int len;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SESSION_A_NAME) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->name = malloc(len + 1);
			if (!dst->name)
				return YNL_PARSE_CB_ERROR;
			dst->_len.name = len;
			memcpy(dst->name, ynl_attr_get_str(attr), len);
			dst->name[len] = 0;
		} else if (type == LIVEUPDATE_NL_SESSION_A_DIRECTION) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.direction = 1;
			dst->direction = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FLAGS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.flags = 1;
			dst->flags = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FD_COUNT) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fd_count = 1;
			dst->fd_count = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_BYTES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.bytes = 1;
			dst->bytes = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_PAGES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.pages = 1;
			dst->pages = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_USER_DATA) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = ynl_attr_data_len(attr);
			dst->user_data = malloc(len);
			if (!dst->user_data)
				return YNL_PARSE_CB_ERROR;
			dst->_len.user_data = len;
			memcpy(dst->user_data, ynl_attr_data(attr), len);
		} else if (type == LIVEUPDATE_NL_SESSION_A_OWNER) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.owner = 1;
			dst->owner = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_session_new_rsp *
liveupdate_session_new(struct ynl_sock *ys,
		       struct liveupdate_session_new_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_session_new_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_NEW, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_session_nest;

	if (req->_len.name)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_SESSION_A_NAME, req->name);
	if (req->_present.flags)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_SESSION_A_FLAGS, req->flags);
	if (req->_len.user_data)
		ynl_attr_put(nlh, LIVEUPDATE_NL_SESSION_A_USER_DATA, req->user_data, req->_len.user_data);

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_session_new_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_SESSION_NEW;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_session_new_rsp_free(rsp);
	return NULL;
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_DEL ============== */
/* LIVEUPDATE_NL_CMD_SESSION_DEL - do */
void liveupdate_session_del_req_free(struct liveupdate_session_del_req *req)
{
	free(req->name);
	free(req);
}

int liveupdate_session_del(struct ynl_sock *ys,
			   struct liveupdate_session_del_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_DEL, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.name)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_SESSION_A_NAME, req->name);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_SESSION_A_DIRECTION, req->direction);

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_GET ============== */
/* LIVEUPDATE_NL_CMD_SESSION_GET - do */
void liveupdate_session_get_req_free(struct liveupdate_session_get_req *req)
{
	free(req->name);
	free(req);
}

void liveupdate_session_get_rsp_free(struct liveupdate_session_get_rsp *rsp)
{
	free(rsp->name);
	free(rsp->user_data);
	free(rsp);
}

int liveupdate_session_get_rsp_parse(const struct nlmsghdr *nlh,
				     struct ynl_parse_arg *yarg)
{
	struct liveupdate_session_get_rsp *dst;
	const struct nlattr *attr;
	unsigned int len;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SESSION_A_NAME) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->name = malloc(len + 1);
			if (!dst->name)
				return YNL_PARSE_CB_ERROR;
			dst->_len.name = len;
			memcpy(dst->name, ynl_attr_get_str(attr), len);
			dst->name[len] = 0;
		} else if (type == LIVEUPDATE_NL_SESSION_A_DIRECTION) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.direction = 1;
			dst->direction = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FLAGS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.flags = 1;
			dst->flags = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FD_COUNT) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fd_count = 1;
			dst->fd_count = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_BYTES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.bytes = 1;
			dst->bytes = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_PAGES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.pages = 1;
			dst->pages = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_USER_DATA) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = ynl_attr_data_len(attr);
			dst->user_data = malloc(len);
			if (!dst->user_data)
				return YNL_PARSE_CB_ERROR;
			dst->_len.user_data = len;
			memcpy(dst->user_data, ynl_attr_data(attr), len);
		} else if (type == LIVEUPDATE_NL_SESSION_A_OWNER) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.owner = 1;
			dst->owner = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_session_get_rsp *
liveupdate_session_get(struct ynl_sock *ys,
		       struct liveupdate_session_get_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_session_get_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_GET, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_session_nest;

	if (req->_len.name)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_SESSION_A_NAME, req->name);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_SESSION_A_DIRECTION, req->direction);

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_session_get_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_SESSION_GET;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_session_get_rsp_free(rsp);
	return NULL;
}

/* LIVEUPDATE_NL_CMD_SESSION_GET - dump */
void liveupdate_session_get_list_free(struct liveupdate_session_get_list *rsp)
{
	struct liveupdate_session_get_list *next = rsp;

	if (!next)
		return;

	while ((void *)next != YNL_LIST_END) {
		rsp = next;
		next = rsp->next;

		free(rsp->obj.name);
		free(rsp->obj.user_data);
		free(rsp);
	}
}

struct liveupdate_session_get_list *
liveupdate_session_get_dump(struct ynl_sock *ys)
{
	struct ynl_dump_state yds = {};
	struct nlmsghdr *nlh;
	int err;

	yds.yarg.ys = ys;
	yds.yarg.rsp_policy = &liveupdate_session_nest;
	yds.yarg.data = NULL;
	yds.alloc_sz = sizeof(struct liveupdate_session_get_list);
	yds.cb = liveupdate_session_get_rsp_parse;
	yds.rsp_cmd = LIVEUPDATE_NL_CMD_SESSION_GET;

	nlh = ynl_gemsg_start_dump(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_GET, 1);

	err = ynl_exec_dump(ys, nlh, &yds);
	if (err < 0)
		goto free_list;

	return yds.first;

free_list:
	liveupdate_session_get_list_free(yds.first);
	return NULL;
}

/* LIVEUPDATE_NL_CMD_SESSION_GET - notify */
void liveupdate_session_get_ntf_free(struct liveupdate_session_get_ntf *rsp)
{
	free(rsp->obj.name);
	free(rsp->obj.user_data);
	free(rsp);
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_FINISH ============== */
/* LIVEUPDATE_NL_CMD_SESSION_FINISH - do */
void
liveupdate_session_finish_req_free(struct liveupdate_session_finish_req *req)
{
	free(req->name);
	free(req);
}

int liveupdate_session_finish(struct ynl_sock *ys,
			      struct liveupdate_session_finish_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_FINISH, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.name)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_SESSION_A_NAME, req->name);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_SESSION_A_DIRECTION, req->direction);
	if (req->_present.discard)
		ynl_attr_put(nlh, LIVEUPDATE_NL_SESSION_A_DISCARD, NULL, 0);

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_FD_ADD ============== */
/* LIVEUPDATE_NL_CMD_FD_ADD - do */
void liveupdate_fd_add_req_free(struct liveupdate_fd_add_req *req)
{
	unsigned int i;

	free(req->session);
	free(req->label);
	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_free(&req->entry[i]);
	free(req->entry);
	free(req);
}

int liveupdate_fd_add(struct ynl_sock *ys, struct liveupdate_fd_add_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	unsigned int i;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_ADD, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_DIRECTION, req->direction);
	if (req->_present.fd)
		ynl_attr_put_s32(nlh, LIVEUPDATE_NL_FD_A_FD, req->fd);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);
	if (req->_len.label)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_LABEL, req->label);
	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_put(nlh, LIVEUPDATE_NL_FD_A_ENTRY, &req->entry[i]);

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_FD_DEL ============== */
/* LIVEUPDATE_NL_CMD_FD_DEL - do */
void liveupdate_fd_del_req_free(struct liveupdate_fd_del_req *req)
{
	free(req->session);
	free(req->label);
	free(req);
}

int liveupdate_fd_del(struct ynl_sock *ys, struct liveupdate_fd_del_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_DEL, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_DIRECTION, req->direction);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);
	if (req->_len.label)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_LABEL, req->label);

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_FD_GET ============== */
/* LIVEUPDATE_NL_CMD_FD_GET - do */
void liveupdate_fd_get_req_free(struct liveupdate_fd_get_req *req)
{
	free(req->session);
	free(req->label);
	free(req);
}

void liveupdate_fd_get_rsp_free(struct liveupdate_fd_get_rsp *rsp)
{
	free(rsp->session);
	free(rsp->compatible);
	free(rsp->depends);
	free(rsp->label);
	free(rsp);
}

int liveupdate_fd_get_rsp_parse(const struct nlmsghdr *nlh,
				struct ynl_parse_arg *yarg)
{
	struct liveupdate_fd_get_rsp *dst;
	unsigned int n_depends = 0;
	const struct nlattr *attr;
	unsigned int len;
	int i;

	dst = yarg->data;

	if (dst->depends)
		return ynl_error_parse(yarg, "attribute already present (fd.depends)");

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_FD_A_SESSION) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->session = malloc(len + 1);
			if (!dst->session)
				return YNL_PARSE_CB_ERROR;
			dst->_len.session = len;
			memcpy(dst->session, ynl_attr_get_str(attr), len);
			dst->session[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_TOKEN) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.token = 1;
			dst->token = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_COMPATIBLE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->compatible = malloc(len + 1);
			if (!dst->compatible)
				return YNL_PARSE_CB_ERROR;
			dst->_len.compatible = len;
			memcpy(dst->compatible, ynl_attr_get_str(attr), len);
			dst->compatible[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_SIZE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.size = 1;
			dst->size = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_DEPENDS) {
			n_depends++;
		} else if (type == LIVEUPDATE_NL_FD_A_LABEL) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->label = malloc(len + 1);
			if (!dst->label)
				return YNL_PARSE_CB_ERROR;
			dst->_len.label = len;
			memcpy(dst->label, ynl_attr_get_str(attr), len);
			dst->label[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_OWNER) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.owner = 1;
			dst->owner = ynl_attr_get_u32(attr);
		}
	}

	if (n_depends) {
		dst->depends = calloc(n_depends, sizeof(*dst->depends));
		if (!dst->depends)
			return YNL_PARSE_CB_ERROR;
		dst->_count.depends = n_depends;
		i = 0;
		ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
			if (ynl_attr_type(attr) == LIVEUPDATE_NL_FD_A_DEPENDS) {
				dst->depends[i] = ynl_attr_get_uint(attr);
				i++;
			}
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_fd_get_rsp *
liveupdate_fd_get(struct ynl_sock *ys, struct liveupdate_fd_get_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_fd_get_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_GET, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_fd_nest;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_DIRECTION, req->direction);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);
	if (req->_len.label)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_LABEL, req->label);

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_fd_get_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_FD_GET;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_fd_get_rsp_free(rsp);
	return NULL;
}

/* LIVEUPDATE_NL_CMD_FD_GET - dump */
void liveupdate_fd_get_req_dump_free(struct liveupdate_fd_get_req_dump *req)
{
	free(req->session);
	free(req);
}

void liveupdate_fd_get_list_free(struct liveupdate_fd_get_list *rsp)
{
	struct liveupdate_fd_get_list *next = rsp;

	if (!next)
		return;

	while ((void *)next != YNL_LIST_END) {
		rsp = next;
		next = rsp->next;

		free(rsp->obj.session);
		free(rsp->obj.compatible);
		free(rsp->obj.depends);
		free(rsp->obj.label);
		free(rsp);
	}
}

struct liveupdate_fd_get_list *
liveupdate_fd_get_dump(struct ynl_sock *ys,
		       struct liveupdate_fd_get_req_dump *req)
{
	struct ynl_dump_state yds = {};
	struct nlmsghdr *nlh;
	int err;

	yds.yarg.ys = ys;
	yds.yarg.rsp_policy = &liveupdate_fd_nest;
	yds.yarg.data = NULL;
	yds.alloc_sz = sizeof(struct liveupdate_fd_get_list);
	yds.cb = liveupdate_fd_get_rsp_parse;
	yds.rsp_cmd = LIVEUPDATE_NL_CMD_FD_GET;

	nlh = ynl_gemsg_start_dump(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_GET, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_DIRECTION, req->direction);

	err = ynl_exec_dump(ys, nlh, &yds);
	if (err < 0)
		goto free_list;

	return yds.first;

free_list:
	liveupdate_fd_get_list_free(yds.first);
	return NULL;
}

/* LIVEUPDATE_NL_CMD_FD_GET - notify */
void liveupdate_fd_get_ntf_free(struct liveupdate_fd_get_ntf *rsp)
{
	free(rsp->obj.session);
	free(rsp->obj.compatible);
	free(rsp->obj.depends);
	free(rsp->obj.label);
	free(rsp);
}

/* ============== LIVEUPDATE_NL_CMD_FD_RESTORE ============== */
/* LIVEUPDATE_NL_CMD_FD_RESTORE - do */
void liveupdate_fd_restore_req_free(struct liveupdate_fd_restore_req *req)
{
	unsigned int i;

	free(req->session);
	free(req->label);
	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_free(&req->entry[i]);
	free(req->entry);
	free(req);
}

void liveupdate_fd_restore_rsp_free(struct liveupdate_fd_restore_rsp *rsp)
{
	unsigned int i;

	free(rsp->session);
	free(rsp->compatible);
	free(rsp->label);
	for (i = 0; i < rsp->_count.entry; i++)
		liveupdate_fd_entry_free(&rsp->entry[i]);
	free(rsp->entry);
	free(rsp);
}

int liveupdate_fd_restore_rsp_parse(const struct nlmsghdr *nlh,
				    struct ynl_parse_arg *yarg)
{
	struct liveupdate_fd_restore_rsp *dst;
	const struct nlattr *attr;
	struct ynl_parse_arg parg;
	unsigned int n_entry = 0;
	unsigned int len;
	int i;

	dst = yarg->data;
	parg.ys = yarg->ys;

	if (dst->entry)
		return ynl_error_parse(yarg, "attribute already present (fd.entry)");

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_FD_A_SESSION) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->session = malloc(len + 1);
			if (!dst->session)
				return YNL_PARSE_CB_ERROR;
			dst->_len.session = len;
			memcpy(dst->session, ynl_attr_get_str(attr), len);
			dst->session[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_FD) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fd = 1;
			dst->fd = ynl_attr_get_s32(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_TOKEN) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.token = 1;
			dst->token = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_COMPATIBLE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->compatible = malloc(len + 1);
			if (!dst->compatible)
				return YNL_PARSE_CB_ERROR;
			dst->_len.compatible = len;
			memcpy(dst->compatible, ynl_attr_get_str(attr), len);
			dst->compatible[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_SIZE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.size = 1;
			dst->size = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_FD_A_LABEL) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->label = malloc(len + 1);
			if (!dst->label)
				return YNL_PARSE_CB_ERROR;
			dst->_len.label = len;
			memcpy(dst->label, ynl_attr_get_str(attr), len);
			dst->label[len] = 0;
		} else if (type == LIVEUPDATE_NL_FD_A_ENTRY) {
			n_entry++;
		}
	}

	if (n_entry) {
		dst->entry = calloc(n_entry, sizeof(*dst->entry));
		if (!dst->entry)
			return YNL_PARSE_CB_ERROR;
		dst->_count.entry = n_entry;
		i = 0;
		parg.rsp_policy = &liveupdate_fd_entry_nest;
		ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
			if (ynl_attr_type(attr) == LIVEUPDATE_NL_FD_A_ENTRY) {
				parg.data = &dst->entry[i];
				if (liveupdate_fd_entry_parse(&parg, attr))
					return YNL_PARSE_CB_ERROR;
				i++;
			}
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_fd_restore_rsp *
liveupdate_fd_restore(struct ynl_sock *ys,
		      struct liveupdate_fd_restore_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_fd_restore_rsp *rsp;
	struct nlmsghdr *nlh;
	unsigned int i;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_RESTORE, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_fd_nest;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_DIRECTION, req->direction);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);
	if (req->_len.label)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_LABEL, req->label);
	if (req->_present.flags)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_FD_A_FLAGS, req->flags);
	for (i = 0; i < req->_count.entry; i++)
		liveupdate_fd_entry_put(nlh, LIVEUPDATE_NL_FD_A_ENTRY, &req->entry[i]);

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_fd_restore_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_FD_RESTORE;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_fd_restore_rsp_free(rsp);
	return NULL;
}

/* ============== LIVEUPDATE_NL_CMD_FREEZE ============== */
/* LIVEUPDATE_NL_CMD_FREEZE - do */
void liveupdate_freeze_rsp_free(struct liveupdate_freeze_rsp *rsp)
{
	free(rsp);
}

int liveupdate_freeze_rsp_parse(const struct nlmsghdr *nlh,
				struct ynl_parse_arg *yarg)
{
	struct liveupdate_freeze_rsp *dst;
	const struct nlattr *attr;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SYSTEM_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_SESSIONS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.sessions = 1;
			dst->sessions = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FDS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fds = 1;
			dst->fds = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_INCOMING) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.incoming = 1;
			dst->incoming = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_size = 1;
			dst->record_size = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_max = 1;
			dst->record_max = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_freeze_rsp *liveupdate_freeze(struct ynl_sock *ys)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_freeze_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FREEZE, 1);
	ys->req_policy = &liveupdate_system_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_system_nest;

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_freeze_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_FREEZE;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_freeze_rsp_free(rsp);
	return NULL;
}

/* ============== LIVEUPDATE_NL_CMD_UNFREEZE ============== */
/* LIVEUPDATE_NL_CMD_UNFREEZE - do */
void liveupdate_unfreeze_rsp_free(struct liveupdate_unfreeze_rsp *rsp)
{
	free(rsp);
}

int liveupdate_unfreeze_rsp_parse(const struct nlmsghdr *nlh,
				  struct ynl_parse_arg *yarg)
{
	struct liveupdate_unfreeze_rsp *dst;
	const struct nlattr *attr;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SYSTEM_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_SESSIONS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.sessions = 1;
			dst->sessions = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FDS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fds = 1;
			dst->fds = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_INCOMING) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.incoming = 1;
			dst->incoming = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_size = 1;
			dst->record_size = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_max = 1;
			dst->record_max = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_unfreeze_rsp *liveupdate_unfreeze(struct ynl_sock *ys)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_unfreeze_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_UNFREEZE, 1);
	ys->req_policy = &liveupdate_system_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_system_nest;

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_unfreeze_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_UNFREEZE;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_unfreeze_rsp_free(rsp);
	return NULL;
}

/* ============== LIVEUPDATE_NL_CMD_STATUS_GET ============== */
/* LIVEUPDATE_NL_CMD_STATUS_GET - do */
void liveupdate_status_get_rsp_free(struct liveupdate_status_get_rsp *rsp)
{
	free(rsp);
}

int liveupdate_status_get_rsp_parse(const struct nlmsghdr *nlh,
				    struct ynl_parse_arg *yarg)
{
	struct liveupdate_status_get_rsp *dst;
	const struct nlattr *attr;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SYSTEM_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_SESSIONS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.sessions = 1;
			dst->sessions = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FDS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fds = 1;
			dst->fds = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_INCOMING) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.incoming = 1;
			dst->incoming = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_SIZE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_size = 1;
			dst->record_size = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SYSTEM_A_RECORD_MAX) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.record_max = 1;
			dst->record_max = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_status_get_rsp *liveupdate_status_get(struct ynl_sock *ys)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_status_get_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_STATUS_GET, 1);
	ys->req_policy = &liveupdate_system_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_system_nest;

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_status_get_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_STATUS_GET;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_status_get_rsp_free(rsp);
	return NULL;
}

/* LIVEUPDATE_NL_CMD_STATUS_GET - notify */
void liveupdate_status_get_ntf_free(struct liveupdate_status_get_ntf *rsp)
{
	free(rsp);
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_SET ============== */
/* LIVEUPDATE_NL_CMD_SESSION_SET - do */
void liveupdate_session_set_req_free(struct liveupdate_session_set_req *req)
{
	free(req->name);
	free(req->user_data);
	free(req);
}

void liveupdate_session_set_rsp_free(struct liveupdate_session_set_rsp *rsp)
{
	free(rsp->name);
	free(rsp->user_data);
	free(rsp);
}

int liveupdate_session_set_rsp_parse(const struct nlmsghdr *nlh,
				     struct ynl_parse_arg *yarg)
{
	struct liveupdate_session_set_rsp *dst;
	const struct nlattr *attr;
	unsigned int len;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_SESSION_A_NAME) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = strnlen(ynl_attr_get_str(attr), ynl_attr_data_len(attr));
			dst->name = malloc(len + 1);
			if (!dst->name)
				return YNL_PARSE_CB_ERROR;
			dst->_len.name = len;
			memcpy(dst->name, ynl_attr_get_str(attr), len);
			dst->name[len] = 0;
		} else if (type == LIVEUPDATE_NL_SESSION_A_DIRECTION) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.direction = 1;
			dst->direction = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_STATE) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.state = 1;
			dst->state = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FLAGS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.flags = 1;
			dst->flags = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FD_COUNT) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.fd_count = 1;
			dst->fd_count = ynl_attr_get_u32(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_BYTES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.bytes = 1;
			dst->bytes = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_PAGES) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.pages = 1;
			dst->pages = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_FREEZE_NS) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.freeze_ns = 1;
			dst->freeze_ns = ynl_attr_get_uint(attr);
		} else if (type == LIVEUPDATE_NL_SESSION_A_USER_DATA) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;

			len = ynl_attr_data_len(attr);
			dst->user_data = malloc(len);
			if (!dst->user_data)
				return YNL_PARSE_CB_ERROR;
			dst->_len.user_data = len;
			memcpy(dst->user_data, ynl_attr_data(attr), len);
		} else if (type == LIVEUPDATE_NL_SESSION_A_OWNER) {
			if (ynl_attr_validate(yarg, attr))
				return YNL_PARSE_CB_ERROR;
			dst->_present.owner = 1;
			dst->owner = ynl_attr_get_u32(attr);
		}
	}

	return YNL_PARSE_CB_OK;
}

struct liveupdate_session_set_rsp *
liveupdate_session_set(struct ynl_sock *ys,
		       struct liveupdate_session_set_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct liveupdate_session_set_rsp *rsp;
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_SESSION_SET, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_session_nest;

	if (req->_len.name)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_SESSION_A_NAME, req->name);
	if (req->_present.direction)
		ynl_attr_put_u32(nlh, LIVEUPDATE_NL_SESSION_A_DIRECTION, req->direction);
	if (req->_len.user_data)
		ynl_attr_put(nlh, LIVEUPDATE_NL_SESSION_A_USER_DATA, req->user_data, req->_len.user_data);

	rsp = calloc(1, sizeof(*rsp));
	if (!rsp)
		return NULL;
	yrs.yarg.data = rsp;
	yrs.cb = liveupdate_session_set_rsp_parse;
	yrs.rsp_cmd = LIVEUPDATE_NL_CMD_SESSION_SET;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		goto err_free;

	return rsp;

err_free:
	liveupdate_session_set_rsp_free(rsp);
	return NULL;
}

static const struct ynl_ntf_info liveupdate_ntf_info[] =  {
	[LIVEUPDATE_NL_CMD_SESSION_NEW_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_session_get_ntf),
		.cb		= liveupdate_session_get_rsp_parse,
		.policy		= &liveupdate_session_nest,
		.free		= (void *)liveupdate_session_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_SESSION_DEL_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_session_get_ntf),
		.cb		= liveupdate_session_get_rsp_parse,
		.policy		= &liveupdate_session_nest,
		.free		= (void *)liveupdate_session_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_session_get_ntf),
		.cb		= liveupdate_session_get_rsp_parse,
		.policy		= &liveupdate_session_nest,
		.free		= (void *)liveupdate_session_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_FD_ADD_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_fd_get_ntf),
		.cb		= liveupdate_fd_get_rsp_parse,
		.policy		= &liveupdate_fd_nest,
		.free		= (void *)liveupdate_fd_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_FD_DEL_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_fd_get_ntf),
		.cb		= liveupdate_fd_get_rsp_parse,
		.policy		= &liveupdate_fd_nest,
		.free		= (void *)liveupdate_fd_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_FD_RESTORE_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_fd_get_ntf),
		.cb		= liveupdate_fd_get_rsp_parse,
		.policy		= &liveupdate_fd_nest,
		.free		= (void *)liveupdate_fd_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_FREEZE_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_status_get_ntf),
		.cb		= liveupdate_status_get_rsp_parse,
		.policy		= &liveupdate_system_nest,
		.free		= (void *)liveupdate_status_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_UNFREEZE_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_status_get_ntf),
		.cb		= liveupdate_status_get_rsp_parse,
		.policy		= &liveupdate_system_nest,
		.free		= (void *)liveupdate_status_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_INCOMING_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_status_get_ntf),
		.cb		= liveupdate_status_get_rsp_parse,
		.policy		= &liveupdate_system_nest,
		.free		= (void *)liveupdate_status_get_ntf_free,
	},
	[LIVEUPDATE_NL_CMD_SESSION_SET_NTF] =  {
		.alloc_sz	= sizeof(struct liveupdate_session_get_ntf),
		.cb		= liveupdate_session_get_rsp_parse,
		.policy		= &liveupdate_session_nest,
		.free		= (void *)liveupdate_session_get_ntf_free,
	},
};

const struct ynl_family ynl_liveupdate_family =  {
	.name		= "liveupdate",
	.hdr_len	= sizeof(struct genlmsghdr),
	.ntf_info	= liveupdate_ntf_info,
	.ntf_info_size	= YNL_ARRAY_SIZE(liveupdate_ntf_info),
};
