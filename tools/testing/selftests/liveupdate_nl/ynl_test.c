// SPDX-License-Identifier: GPL-2.0
/*
 * The YNL-generated C bindings (tools/liveupdate/liveupdate-user.[ch],
 * with the kernel's tools/net/ynl/lib) drive the family: requests,
 * replies, dumps and the extack message of a rejection.
 */
#include <errno.h>
#include <string.h>

#include <ynl.h>
#include "liveupdate-user.h"
#include "kselftest_harness.h"

FIXTURE(ynl) {
	struct ynl_error yerr;
	struct ynl_sock *ys;
};

FIXTURE_SETUP(ynl)
{
	self->ys = ynl_sock_create(&ynl_liveupdate_family, &self->yerr);
	ASSERT_NE(NULL, self->ys) {
		TH_LOG("ynl_sock_create: %s", self->yerr.msg);
	}
}

FIXTURE_TEARDOWN(ynl)
{
	ynl_sock_destroy(self->ys);
}

TEST_F(ynl, session_roundtrip)
{
	struct liveupdate_session_new_req *req;
	struct liveupdate_session_new_rsp *rsp;
	struct liveupdate_session_get_list *list;
	struct liveupdate_session_del_req *del;
	struct liveupdate_status_get_rsp *st;
	int found = 0;

	req = liveupdate_session_new_req_alloc();
	liveupdate_session_new_req_set_name(req, "ynl-a");
	rsp = liveupdate_session_new(self->ys, req);
	ASSERT_NE(NULL, rsp);
	EXPECT_STREQ("ynl-a", rsp->name);
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_OUTGOING, rsp->direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, rsp->state);
	liveupdate_session_new_rsp_free(rsp);

	/* The same request again: NULL, and the kernel's message. */
	rsp = liveupdate_session_new(self->ys, req);
	EXPECT_EQ(NULL, rsp);
	EXPECT_EQ(EEXIST, self->ys->err.code);
	EXPECT_STREQ("Kernel error: 'an outgoing session of that name exists: pick another name' (bad attribute: .name)",
		     self->ys->err.msg);
	liveupdate_session_new_req_free(req);

	st = liveupdate_status_get(self->ys);
	ASSERT_NE(NULL, st);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, st->state);
	EXPECT_GE(st->sessions, 1);
	liveupdate_status_get_rsp_free(st);

	list = liveupdate_session_get_dump(self->ys);
	ASSERT_NE(NULL, list);
	ynl_dump_foreach(list, it)
		found += !strcmp(it->name, "ynl-a");
	EXPECT_EQ(1, found);
	liveupdate_session_get_list_free(list);

	del = liveupdate_session_del_req_alloc();
	liveupdate_session_del_req_set_name(del, "ynl-a");
	EXPECT_EQ(0, liveupdate_session_del(self->ys, del));
	liveupdate_session_del_req_free(del);
}

/* fd-add with entries, malformed as the client library never sends it. */
TEST_F(ynl, fd_add_entry_rejections)
{
	struct liveupdate_session_new_req *nreq;
	struct liveupdate_session_new_rsp *nrsp;
	struct liveupdate_session_del_req *del;
	struct liveupdate_fd_entry *e;
	struct liveupdate_fd_add_req *req;

	nreq = liveupdate_session_new_req_alloc();
	liveupdate_session_new_req_set_name(nreq, "ynl-ent");
	nrsp = liveupdate_session_new(self->ys, nreq);
	ASSERT_NE(NULL, nrsp);
	liveupdate_session_new_rsp_free(nrsp);
	liveupdate_session_new_req_free(nreq);

	/* An entry without its token. */
	req = liveupdate_fd_add_req_alloc();
	liveupdate_fd_add_req_set_session(req, "ynl-ent");
	e = liveupdate_fd_entry_alloc(1);
	liveupdate_fd_entry_set_fd(&e[0], 0);
	__liveupdate_fd_add_req_set_entry(req, e, 1);
	EXPECT_NE(0, liveupdate_fd_add(self->ys, req));
	EXPECT_EQ(EINVAL, self->ys->err.code);
	EXPECT_STREQ("Kernel error: 'an entry needs both fd and token' (bad attribute: .entry, missing attribute: .entry.token)",
		     self->ys->err.msg);

	/* A whole entry, and a descriptor at the top level too. */
	e = liveupdate_fd_entry_alloc(1);
	liveupdate_fd_entry_set_fd(&e[0], 0);
	liveupdate_fd_entry_set_token(&e[0], 1);
	__liveupdate_fd_add_req_set_entry(req, e, 1);
	liveupdate_fd_add_req_set_fd(req, 0);
	EXPECT_NE(0, liveupdate_fd_add(self->ys, req));
	EXPECT_EQ(EINVAL, self->ys->err.code);
	EXPECT_STREQ("Kernel error: 'give fd, token and label either at the top level or in entries, not both' (bad attribute: .fd)",
		     self->ys->err.msg);
	liveupdate_fd_add_req_free(req);

	del = liveupdate_session_del_req_alloc();
	liveupdate_session_del_req_set_name(del, "ynl-ent");
	EXPECT_EQ(0, liveupdate_session_del(self->ys, del));
	liveupdate_session_del_req_free(del);
}

TEST_HARNESS_MAIN
