// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN kernel source */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "liveupdate-gen.h"

#include <uapi/linux/liveupdate_nl.h>
#include <net/liveupdate_nl.h>

/* Common nested types */
const struct nla_policy liveupdate_fd_entry_nl_policy[LIVEUPDATE_NL_FD_A_LABEL + 1] = {
	[LIVEUPDATE_NL_FD_A_FD] = { .type = NLA_S32, },
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .type = NLA_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_LABEL_MAX, },
};

/* LIVEUPDATE_NL_CMD_SESSION_NEW - do */
static const struct nla_policy liveupdate_session_new_nl_policy[LIVEUPDATE_NL_SESSION_A_USER_DATA + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_SESSION_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
	[LIVEUPDATE_NL_SESSION_A_USER_DATA] = NLA_POLICY_MAX_LEN(LIVEUPDATE_NL_USER_DATA_MAX),
};

/* LIVEUPDATE_NL_CMD_SESSION_DEL - do */
static const struct nla_policy liveupdate_session_del_nl_policy[LIVEUPDATE_NL_SESSION_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* LIVEUPDATE_NL_CMD_SESSION_GET - do */
static const struct nla_policy liveupdate_session_get_nl_policy[LIVEUPDATE_NL_SESSION_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* LIVEUPDATE_NL_CMD_SESSION_FINISH - do */
static const struct nla_policy liveupdate_session_finish_nl_policy[LIVEUPDATE_NL_SESSION_A_DISCARD + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_SESSION_A_DISCARD] = { .type = NLA_FLAG, },
};

/* LIVEUPDATE_NL_CMD_FD_ADD - do */
static const struct nla_policy liveupdate_fd_add_nl_policy[LIVEUPDATE_NL_FD_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_FD_A_FD] = { .type = NLA_S32, },
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .type = NLA_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_LABEL_MAX, },
	[LIVEUPDATE_NL_FD_A_ENTRY] = NLA_POLICY_NESTED(liveupdate_fd_entry_nl_policy),
};

/* LIVEUPDATE_NL_CMD_FD_DEL - do */
static const struct nla_policy liveupdate_fd_del_nl_policy[LIVEUPDATE_NL_FD_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .type = NLA_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_LABEL_MAX, },
};

/* LIVEUPDATE_NL_CMD_FD_GET - do */
static const struct nla_policy liveupdate_fd_get_do_nl_policy[LIVEUPDATE_NL_FD_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .type = NLA_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_LABEL_MAX, },
};

/* LIVEUPDATE_NL_CMD_FD_GET - dump */
static const struct nla_policy liveupdate_fd_get_dump_nl_policy[LIVEUPDATE_NL_FD_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
};

/* LIVEUPDATE_NL_CMD_FD_RESTORE - do */
static const struct nla_policy liveupdate_fd_restore_nl_policy[LIVEUPDATE_NL_FD_A_DIRECTION + 1] = {
	[LIVEUPDATE_NL_FD_A_SESSION] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_FD_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_FD_A_TOKEN] = { .type = NLA_UINT, },
	[LIVEUPDATE_NL_FD_A_LABEL] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_LABEL_MAX, },
	[LIVEUPDATE_NL_FD_A_FLAGS] = NLA_POLICY_MASK(NLA_U32, 0x1),
	[LIVEUPDATE_NL_FD_A_ENTRY] = NLA_POLICY_NESTED(liveupdate_fd_entry_nl_policy),
};

/* LIVEUPDATE_NL_CMD_SESSION_SET - do */
static const struct nla_policy liveupdate_session_set_nl_policy[LIVEUPDATE_NL_SESSION_A_USER_DATA + 1] = {
	[LIVEUPDATE_NL_SESSION_A_NAME] = { .type = NLA_NUL_STRING, .len = LIVEUPDATE_NL_SESSION_NAME_MAX, },
	[LIVEUPDATE_NL_SESSION_A_DIRECTION] = NLA_POLICY_MAX(NLA_U32, 1),
	[LIVEUPDATE_NL_SESSION_A_USER_DATA] = NLA_POLICY_MAX_LEN(LIVEUPDATE_NL_USER_DATA_MAX),
};

/* Ops table for liveupdate */
static const struct genl_split_ops liveupdate_nl_ops[] = {
	{
		.cmd		= LIVEUPDATE_NL_CMD_SESSION_NEW,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_session_new_doit,
		.policy		= liveupdate_session_new_nl_policy,
		.maxattr	= LIVEUPDATE_NL_SESSION_A_USER_DATA,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_SESSION_DEL,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_session_del_doit,
		.policy		= liveupdate_session_del_nl_policy,
		.maxattr	= LIVEUPDATE_NL_SESSION_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_SESSION_GET,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_session_get_doit,
		.policy		= liveupdate_session_get_nl_policy,
		.maxattr	= LIVEUPDATE_NL_SESSION_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd	= LIVEUPDATE_NL_CMD_SESSION_GET,
		.start	= liveupdate_nl_dump_start,
		.dumpit	= liveupdate_nl_session_get_dumpit,
		.flags	= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_SESSION_FINISH,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_session_finish_doit,
		.policy		= liveupdate_session_finish_nl_policy,
		.maxattr	= LIVEUPDATE_NL_SESSION_A_DISCARD,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FD_ADD,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_fd_add_doit,
		.policy		= liveupdate_fd_add_nl_policy,
		.maxattr	= LIVEUPDATE_NL_FD_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FD_DEL,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_fd_del_doit,
		.policy		= liveupdate_fd_del_nl_policy,
		.maxattr	= LIVEUPDATE_NL_FD_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FD_GET,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_fd_get_doit,
		.policy		= liveupdate_fd_get_do_nl_policy,
		.maxattr	= LIVEUPDATE_NL_FD_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FD_GET,
		.start		= liveupdate_nl_dump_start,
		.dumpit		= liveupdate_nl_fd_get_dumpit,
		.policy		= liveupdate_fd_get_dump_nl_policy,
		.maxattr	= LIVEUPDATE_NL_FD_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FD_RESTORE,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_fd_restore_doit,
		.policy		= liveupdate_fd_restore_nl_policy,
		.maxattr	= LIVEUPDATE_NL_FD_A_DIRECTION,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_FREEZE,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_freeze_doit,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_UNFREEZE,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_unfreeze_doit,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_STATUS_GET,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_status_get_doit,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= LIVEUPDATE_NL_CMD_SESSION_SET,
		.pre_doit	= liveupdate_nl_pre_doit,
		.doit		= liveupdate_nl_session_set_doit,
		.policy		= liveupdate_session_set_nl_policy,
		.maxattr	= LIVEUPDATE_NL_SESSION_A_USER_DATA,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};

static const struct genl_multicast_group liveupdate_nl_mcgrps[] = {
	[LIVEUPDATE_NLGRP_MONITOR] = { .name = "monitor", .flags = GENL_MCAST_CAP_SYS_ADMIN, },
};

static void __liveupdate_nl_sock_priv_init(void *priv)
{
	liveupdate_nl_sock_priv_init(priv);
}

static void __liveupdate_nl_sock_priv_destroy(void *priv)
{
	liveupdate_nl_sock_priv_destroy(priv);
}

struct genl_family liveupdate_nl_family __ro_after_init = {
	.name		= LIVEUPDATE_FAMILY_NAME,
	.version	= LIVEUPDATE_FAMILY_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= liveupdate_nl_ops,
	.n_split_ops	= ARRAY_SIZE(liveupdate_nl_ops),
	.mcgrps		= liveupdate_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(liveupdate_nl_mcgrps),
	.sock_priv_size	= sizeof(struct liveupdate_nl_sock),
	.sock_priv_init	= __liveupdate_nl_sock_priv_init,
	.sock_priv_destroy = __liveupdate_nl_sock_priv_destroy,
};
