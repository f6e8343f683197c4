/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/liveupdate.yaml */
/* YNL-GEN kernel header */
/* To regenerate run: tools/net/ynl/ynl-regen.sh */

#ifndef _LINUX_LIVEUPDATE_GEN_H
#define _LINUX_LIVEUPDATE_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/liveupdate_nl.h>
#include <net/liveupdate_nl.h>

/* Common nested types */
extern const struct nla_policy liveupdate_fd_entry_nl_policy[LIVEUPDATE_NL_FD_A_LABEL + 1];

int liveupdate_nl_pre_doit(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_dump_start(struct netlink_callback *cb);

int liveupdate_nl_session_new_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_session_del_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_session_get_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_session_get_dumpit(struct sk_buff *skb,
				     struct netlink_callback *cb);
int liveupdate_nl_session_finish_doit(struct sk_buff *skb,
				      struct genl_info *info);
int liveupdate_nl_fd_add_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_fd_del_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_fd_get_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_fd_get_dumpit(struct sk_buff *skb,
				struct netlink_callback *cb);
int liveupdate_nl_fd_restore_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_freeze_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_unfreeze_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_status_get_doit(struct sk_buff *skb, struct genl_info *info);
int liveupdate_nl_session_set_doit(struct sk_buff *skb, struct genl_info *info);

enum {
	LIVEUPDATE_NLGRP_MONITOR,
};

extern struct genl_family liveupdate_nl_family;

void liveupdate_nl_sock_priv_init(struct liveupdate_nl_sock *priv);
void liveupdate_nl_sock_priv_destroy(struct liveupdate_nl_sock *priv);

#endif /* _LINUX_LIVEUPDATE_GEN_H */
