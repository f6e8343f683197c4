/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The liveupdate netlink family's kernel interface: what a LUO file
 * handler tells it (the files a file of its type depends on), and its
 * per-socket state, which its generated family struct names.
 */

#ifndef _NET_LIVEUPDATE_NL_H
#define _NET_LIVEUPDATE_NL_H

#include <linux/list.h>
#include <linux/types.h>

struct file;

/**
 * struct liveupdate_nl_dep_resolver - Tells which files a file depends on.
 * @compatible: Compatible of the LUO file handler of such files.
 * @match:      Whether @file is of this type.
 * @deps:       Fill @deps with up to @max files @file depends on and
 *              return how many there are, or a negative errno. @max is
 *              %LIVEUPDATE_NL_MAX_DEPS; fd-add refuses a file that has
 *              more with E2BIG.
 * @list:       Entry in the resolver registry.
 *
 * The family preserves a file only after every file it depends on, in
 * the same session, and restores it in the same order. Files of a type
 * without a resolver depend on nothing, and their handler's compatible
 * is known only once frozen; memfd has a resolver that names its
 * handler and reports no dependencies.
 */
struct liveupdate_nl_dep_resolver {
	const char *compatible;
	bool (*match)(struct file *file);
	int (*deps)(struct file *file, struct file **deps, unsigned int max);
	struct list_head list;
};

/**
 * struct liveupdate_nl_sock - The family's private data of a socket that owns
 * sessions.
 * @nr_owned: The outgoing sessions it owns.
 *
 * Genetlink's per-socket private data: made at the socket's first
 * session-new with %LIVEUPDATE_NL_SESSION_FLAGS_OWNED, destroyed when the
 * socket closes, which deletes the sessions it owns
 * (lunl_release_owner()). A socket that never asked for an owned
 * session has none, and its close never reaches the family.
 */
struct liveupdate_nl_sock {
	u32 nr_owned;
};

#if IS_ENABLED(CONFIG_LIVEUPDATE_NL)
void liveupdate_nl_register_dep_resolver(struct liveupdate_nl_dep_resolver *r);
void liveupdate_nl_unregister_dep_resolver(struct liveupdate_nl_dep_resolver *r);
#else
static inline void
liveupdate_nl_register_dep_resolver(struct liveupdate_nl_dep_resolver *r)
{
}

static inline void
liveupdate_nl_unregister_dep_resolver(struct liveupdate_nl_dep_resolver *r)
{
}
#endif

#endif /* _NET_LIVEUPDATE_NL_H */
