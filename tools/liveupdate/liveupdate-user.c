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
	[LIVEUPDATE_NL_CMD_SESSION_GET] = "session-get",
	[LIVEUPDATE_NL_CMD_FD_ADD] = "fd-add",
	[LIVEUPDATE_NL_CMD_FD_RESTORE] = "fd-restore",
	[LIVEUPDATE_NL_CMD_FREEZE] = "freeze",
};

const char *liveupdate_op_str(int op)
{
	if (op < 0 || op >= (int)YNL_ARRAY_SIZE(liveupdate_op_strmap))
		return NULL;
	return liveupdate_op_strmap[op];
}

static const char * const liveupdate_direction_strmap[] = {
	[0] = "outgoing",
	[1] = "incoming",
};

const char *liveupdate_direction_str(enum liveupdate_nl_direction value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_direction_strmap))
		return NULL;
	return liveupdate_direction_strmap[value];
}

static const char * const liveupdate_state_strmap[] = {
	[0] = "live",
	[1] = "frozen",
	[2] = "incoming",
};

const char *liveupdate_state_str(enum liveupdate_nl_state value)
{
	if (value < 0 || value >= (int)YNL_ARRAY_SIZE(liveupdate_state_strmap))
		return NULL;
	return liveupdate_state_strmap[value];
}

/* Policies */
const struct ynl_policy_attr liveupdate_fd_entry_policy[LIVEUPDATE_NL_FD_A_MAX + 1] = {
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .name = "token", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_FD_A_COMPATIBLE] = { .name = "compatible", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_FD_A_SIZE] = { .name = "size", .type = YNL_PT_UINT, },
};

const struct ynl_policy_nest liveupdate_fd_entry_nest = {
	.max_attr = LIVEUPDATE_NL_FD_A_MAX,
	.table = liveupdate_fd_entry_policy,
};

const struct ynl_policy_attr liveupdate_session_policy[LIVEUPDATE_NL_SESSION_A_MAX + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .name = "name", .type = YNL_PT_NUL_STR, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = { .name = "direction", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_STATE] = { .name = "state", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_FD_COUNT] = { .name = "fd-count", .type = YNL_PT_U32, },
	[LIVEUPDATE_NL_SESSION_A_BYTES] = { .name = "bytes", .type = YNL_PT_UINT, },
	[LIVEUPDATE_NL_SESSION_A_FD] = { .name = "fd", .type = YNL_PT_NEST, .nest = &liveupdate_fd_entry_nest, },
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
};

const struct ynl_policy_nest liveupdate_fd_nest = {
	.max_attr = LIVEUPDATE_NL_FD_A_MAX,
	.table = liveupdate_fd_policy,
};

/* Common nested types */
void liveupdate_fd_entry_free(struct liveupdate_fd_entry *obj)
{
	free(obj->compatible);
}

int liveupdate_fd_entry_parse(struct ynl_parse_arg *yarg,
			      const struct nlattr *nested)
{
	struct liveupdate_fd_entry *dst = yarg->data;
	const struct nlattr *attr;
	unsigned int len;

	ynl_attr_for_each_nested(attr, nested) {
		unsigned int type = ynl_attr_type(attr);

		if (type == LIVEUPDATE_NL_FD_A_TOKEN) {
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
		}
	}

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_SESSION_NEW ============== */
/* LIVEUPDATE_NL_CMD_SESSION_NEW - do */
void liveupdate_session_new_req_free(struct liveupdate_session_new_req *req)
{
	free(req->name);
	free(req);
}

void liveupdate_session_new_rsp_free(struct liveupdate_session_new_rsp *rsp)
{
	unsigned int i;

	free(rsp->name);
	for (i = 0; i < rsp->_count.fd; i++)
		liveupdate_fd_entry_free(&rsp->fd[i]);
	free(rsp->fd);
	free(rsp);
}

int liveupdate_session_new_rsp_parse(const struct nlmsghdr *nlh,
				     struct ynl_parse_arg *yarg)
{
	struct liveupdate_session_new_rsp *dst;
	const struct nlattr *attr;
	struct ynl_parse_arg parg;
	unsigned int n_fd = 0;
	unsigned int len;
	int i;

	dst = yarg->data;
	parg.ys = yarg->ys;

	if (dst->fd)
		return ynl_error_parse(yarg, "attribute already present (session.fd)");

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
		} else if (type == LIVEUPDATE_NL_SESSION_A_FD) {
			n_fd++;
		}
	}

	if (n_fd) {
		dst->fd = calloc(n_fd, sizeof(*dst->fd));
		if (!dst->fd)
			return YNL_PARSE_CB_ERROR;
		dst->_count.fd = n_fd;
		i = 0;
		parg.rsp_policy = &liveupdate_fd_entry_nest;
		ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
			if (ynl_attr_type(attr) == LIVEUPDATE_NL_SESSION_A_FD) {
				parg.data = &dst->fd[i];
				if (liveupdate_fd_entry_parse(&parg, attr))
					return YNL_PARSE_CB_ERROR;
				i++;
			}
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

/* ============== LIVEUPDATE_NL_CMD_SESSION_GET ============== */
/* LIVEUPDATE_NL_CMD_SESSION_GET - do */
void liveupdate_session_get_req_free(struct liveupdate_session_get_req *req)
{
	free(req->name);
	free(req);
}

void liveupdate_session_get_rsp_free(struct liveupdate_session_get_rsp *rsp)
{
	unsigned int i;

	free(rsp->name);
	for (i = 0; i < rsp->_count.fd; i++)
		liveupdate_fd_entry_free(&rsp->fd[i]);
	free(rsp->fd);
	free(rsp);
}

int liveupdate_session_get_rsp_parse(const struct nlmsghdr *nlh,
				     struct ynl_parse_arg *yarg)
{
	struct liveupdate_session_get_rsp *dst;
	const struct nlattr *attr;
	struct ynl_parse_arg parg;
	unsigned int n_fd = 0;
	unsigned int len;
	int i;

	dst = yarg->data;
	parg.ys = yarg->ys;

	if (dst->fd)
		return ynl_error_parse(yarg, "attribute already present (session.fd)");

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
		} else if (type == LIVEUPDATE_NL_SESSION_A_FD) {
			n_fd++;
		}
	}

	if (n_fd) {
		dst->fd = calloc(n_fd, sizeof(*dst->fd));
		if (!dst->fd)
			return YNL_PARSE_CB_ERROR;
		dst->_count.fd = n_fd;
		i = 0;
		parg.rsp_policy = &liveupdate_fd_entry_nest;
		ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
			if (ynl_attr_type(attr) == LIVEUPDATE_NL_SESSION_A_FD) {
				parg.data = &dst->fd[i];
				if (liveupdate_fd_entry_parse(&parg, attr))
					return YNL_PARSE_CB_ERROR;
				i++;
			}
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
		unsigned int i;

		rsp = next;
		next = rsp->next;

		free(rsp->obj.name);
		for (i = 0; i < rsp->obj._count.fd; i++)
			liveupdate_fd_entry_free(&rsp->obj.fd[i]);
		free(rsp->obj.fd);
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

/* ============== LIVEUPDATE_NL_CMD_FD_ADD ============== */
/* LIVEUPDATE_NL_CMD_FD_ADD - do */
void liveupdate_fd_add_req_free(struct liveupdate_fd_add_req *req)
{
	free(req->session);
	free(req);
}

int liveupdate_fd_add(struct ynl_sock *ys, struct liveupdate_fd_add_req *req)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_ADD, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.fd)
		ynl_attr_put_s32(nlh, LIVEUPDATE_NL_FD_A_FD, req->fd);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

/* ============== LIVEUPDATE_NL_CMD_FD_RESTORE ============== */
/* LIVEUPDATE_NL_CMD_FD_RESTORE - do */
void liveupdate_fd_restore_req_free(struct liveupdate_fd_restore_req *req)
{
	free(req->session);
	free(req);
}

void liveupdate_fd_restore_rsp_free(struct liveupdate_fd_restore_rsp *rsp)
{
	free(rsp->compatible);
	free(rsp);
}

int liveupdate_fd_restore_rsp_parse(const struct nlmsghdr *nlh,
				    struct ynl_parse_arg *yarg)
{
	struct liveupdate_fd_restore_rsp *dst;
	const struct nlattr *attr;
	unsigned int len;

	dst = yarg->data;

	ynl_attr_for_each(attr, nlh, yarg->ys->family->hdr_len) {
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
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FD_RESTORE, 1);
	ys->req_policy = &liveupdate_fd_nest;
	ys->req_hdr_len = ys->family->hdr_len;
	yrs.yarg.rsp_policy = &liveupdate_fd_nest;

	if (req->_len.session)
		ynl_attr_put_str(nlh, LIVEUPDATE_NL_FD_A_SESSION, req->session);
	if (req->_present.token)
		ynl_attr_put_uint(nlh, LIVEUPDATE_NL_FD_A_TOKEN, req->token);

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
int liveupdate_freeze(struct ynl_sock *ys)
{
	struct ynl_req_state yrs = { .yarg = { .ys = ys, }, };
	struct nlmsghdr *nlh;
	int err;

	nlh = ynl_gemsg_start_req(ys, ys->family_id, LIVEUPDATE_NL_CMD_FREEZE, 1);
	ys->req_policy = &liveupdate_session_nest;
	ys->req_hdr_len = ys->family->hdr_len;

	err = ynl_exec(ys, nlh, &yrs);
	if (err < 0)
		return -1;

	return 0;
}

const struct ynl_family ynl_liveupdate_family =  {
	.name		= "liveupdate",
	.hdr_len	= sizeof(struct genlmsghdr),
};
