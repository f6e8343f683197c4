// SPDX-License-Identifier: GPL-2.0
/*
 * File labels and session user data on the live side: given, listed
 * by do and dump, replaced, used instead of tokens, announced to the
 * monitor group, and every limit refused with its errno and message.
 * chain_test carries both across three kexecs. Leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

/* Sessions of record_budget, and files in its first. */
#define NBUDGET		8

/* The netlink policy's own messages for strings and for binary data. */
#define POLICY_MSG	"Attribute failed policy validation"
#define BINARY_MSG	"binary attribute size out of range"

static int new_memfd(uint64_t size)
{
	int fd = memfd_create("lunl-label", MFD_CLOEXEC);

	if (fd >= 0 && lunl_memfd_fill(fd, size, size)) {
		close(fd);
		return -1;
	}
	return fd;
}

FIXTURE(label) {
	struct lunl l;
	struct lunl_session_info s;
	struct lunl_fd_info f;
};

FIXTURE_SETUP(label)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(label)
{
	lunl_close(&self->l);
}

TEST_F(label, user_data)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX + 1], other[100];
	static struct lunl_session_info all[64];
	int i, n, found = 0;

	lunl_fill_data(data, sizeof(data), 1);
	lunl_fill_data(other, sizeof(other), 2);

	/* The largest user data, with a reply that holds it. */
	ASSERT_EQ(0, lunl_session_new_data(&self->l, "ud", 0, data,
					   LIVEUPDATE_NL_USER_DATA_MAX, &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_USER_DATA_MAX, self->s.data_len);
	EXPECT_EQ(0, memcmp(data, self->s.data, LIVEUPDATE_NL_USER_DATA_MAX));
	ASSERT_EQ(0, lunl_session_get(&self->l, "ud", &self->s));
	EXPECT_EQ(LIVEUPDATE_NL_USER_DATA_MAX, self->s.data_len);
	EXPECT_EQ(0, memcmp(data, self->s.data, LIVEUPDATE_NL_USER_DATA_MAX));
	n = lunl_session_dump(&self->l, all, 64);
	ASSERT_GT(n, 0);
	for (i = 0; i < n && i < 64; i++) {
		if (strcmp(all[i].name, "ud"))
			continue;
		found++;
		EXPECT_EQ(LIVEUPDATE_NL_USER_DATA_MAX, all[i].data_len);
		EXPECT_EQ(0, memcmp(data, all[i].data, all[i].data_len));
	}
	EXPECT_EQ(1, found);

	/* Replaced, then cleared. */
	ASSERT_EQ(0, lunl_session_set(&self->l, "ud", other, sizeof(other),
				      &self->s));
	EXPECT_EQ(sizeof(other), self->s.data_len);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ud", &self->s));
	ASSERT_EQ(sizeof(other), self->s.data_len);
	EXPECT_EQ(0, memcmp(other, self->s.data, sizeof(other)));
	ASSERT_EQ(0, lunl_session_set(&self->l, "ud", other, 0, &self->s));
	EXPECT_EQ(0, self->s.data_len);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ud", &self->s));
	EXPECT_EQ(0, self->s.data_len);

	/* One byte too many, at new and at set; the old data stays. */
	ASSERT_EQ(0, lunl_session_set(&self->l, "ud", other, 1, NULL));
	EXPECT_EQ(-ERANGE, lunl_session_set(&self->l, "ud", data,
					    LIVEUPDATE_NL_USER_DATA_MAX + 1,
					    NULL));
	EXPECT_STREQ(BINARY_MSG, self->l.extack);
	ASSERT_EQ(0, lunl_session_get(&self->l, "ud", &self->s));
	ASSERT_EQ(1, self->s.data_len);
	EXPECT_EQ(other[0], self->s.data[0]);
	EXPECT_EQ(-ERANGE, lunl_session_new_data(&self->l, "ud-big", 0, data,
						 LIVEUPDATE_NL_USER_DATA_MAX + 1,
						 NULL));
	EXPECT_STREQ(BINARY_MSG, self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "ud-big", &self->s));

	/* No such session; frozen. */
	EXPECT_EQ(-ENOENT, lunl_session_set(&self->l, "ud-none", other, 1, NULL));
	EXPECT_STREQ("no outgoing session of that name: create it first",
		     self->l.extack);
	ASSERT_EQ(0, lunl_freeze(&self->l, NULL));
	EXPECT_EQ(-EBUSY, lunl_session_set(&self->l, "ud", other, 2, NULL));
	EXPECT_STREQ("sessions are frozen: unfreeze before setting user data",
		     self->l.extack);
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	ASSERT_EQ(0, lunl_session_get(&self->l, "ud", &self->s));
	EXPECT_EQ(1, self->s.data_len);
	ASSERT_EQ(0, lunl_session_del(&self->l, "ud"));
}

TEST_F(label, labels)
{
	char longest[LIVEUPDATE_NL_LABEL_MAX + 2], other[32];
	static struct lunl_fd_info fds[8];
	uint64_t token = 2;
	int m1 = new_memfd(4096), m2 = new_memfd(10), m3 = new_memfd(0);
	int n;

	ASSERT_GE(m1, 0);
	ASSERT_GE(m2, 0);
	ASSERT_GE(m3, 0);
	lunl_make_label(longest, LIVEUPDATE_NL_LABEL_MAX, 1);
	ASSERT_EQ(0, lunl_session_new(&self->l, "lbl", 0, NULL));

	/* The longest label; a file without one. */
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, "lbl", m1, 1, longest));
	ASSERT_EQ(0, lunl_fd_add(&self->l, "lbl", m2, 2));
	ASSERT_EQ(0, lunl_fd_get(&self->l, "lbl", 1, &self->f));
	EXPECT_EQ(1, self->f.has_label);
	EXPECT_STREQ(longest, self->f.label);
	ASSERT_EQ(0, lunl_fd_get_key(&self->l, "lbl",
				     (struct lunl_fd_key){ .label = longest },
				     &self->f));
	EXPECT_EQ(1, self->f.token);
	EXPECT_EQ(4096, self->f.size);
	ASSERT_EQ(0, lunl_fd_get(&self->l, "lbl", 2, &self->f));
	EXPECT_EQ(0, self->f.has_label);
	n = lunl_fd_dump(&self->l, "lbl", fds, 8);
	ASSERT_EQ(2, n);
	EXPECT_STREQ(longest, fds[0].label);
	EXPECT_EQ(0, fds[1].has_label);
	ASSERT_EQ(0, lunl_session_get(&self->l, "lbl", &self->s));
	ASSERT_EQ(2, self->s.nfds);
	EXPECT_STREQ(longest, self->s.fds[0].label);

	/* One byte too many. */
	lunl_make_label(longest, LIVEUPDATE_NL_LABEL_MAX + 1, 2);
	EXPECT_EQ(-EINVAL, lunl_fd_add_label(&self->l, "lbl", m3, 3, longest));
	EXPECT_STREQ(POLICY_MSG, self->l.extack);
	EXPECT_EQ(LIVEUPDATE_NL_LABEL_MAX, self->l.policy_max_len);
	lunl_make_label(longest, LIVEUPDATE_NL_LABEL_MAX, 1);

	/* Duplicate and empty labels. */
	EXPECT_EQ(-EEXIST, lunl_fd_add_label(&self->l, "lbl", m3, 3, longest));
	EXPECT_STREQ("that label is already in this session: use another label",
		     self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_add_label(&self->l, "lbl", m3, 3, ""));
	EXPECT_STREQ("the label must not be empty: omit it for none",
		     self->l.extack);
	/* The same label in another session is fine. */
	ASSERT_EQ(0, lunl_session_new(&self->l, "lbl-2", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, "lbl-2", m3, 3, longest));

	/* Naming a file by both or neither; an unknown label. */
	EXPECT_EQ(-EINVAL, lunl_fd_get_key(&self->l, "lbl",
					   (struct lunl_fd_key){
						.token = &token,
						.label = longest },
					   &self->f));
	EXPECT_STREQ("name the file by its token or by its label, not both",
		     self->l.extack);
	EXPECT_EQ(-EINVAL, lunl_fd_del_key(&self->l, "lbl",
					   (struct lunl_fd_key){ }));
	EXPECT_STREQ("name the file by its token or by its label",
		     self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_get_key(&self->l, "lbl",
					   (struct lunl_fd_key){ .label = "nope" },
					   &self->f));
	EXPECT_STREQ("the session has no file with that label", self->l.extack);
	EXPECT_EQ(-ENOENT, lunl_fd_del_key(&self->l, "lbl",
					   (struct lunl_fd_key){ .label = "nope" }));
	EXPECT_STREQ("the session has no file with that label", self->l.extack);

	/* Restore by label is for incoming sessions only. */
	EXPECT_EQ(-ENOENT, lunl_fd_restore_key(&self->l, "lbl",
					       (struct lunl_fd_key){ .label = longest },
					       0, &n, NULL));
	EXPECT_STREQ("no incoming session of that name", self->l.extack);

	/* Delete by label; the label is free again. */
	ASSERT_EQ(0, lunl_fd_del_key(&self->l, "lbl",
				     (struct lunl_fd_key){ .label = longest }));
	EXPECT_EQ(-ENOENT, lunl_fd_get(&self->l, "lbl", 1, &self->f));
	snprintf(other, sizeof(other), "%s", "reused");
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, "lbl", m1, 1, longest));
	ASSERT_EQ(0, lunl_fd_get_key(&self->l, "lbl",
				     (struct lunl_fd_key){ .label = longest },
				     &self->f));
	EXPECT_EQ(1, self->f.token);
	EXPECT_EQ(-EEXIST, lunl_fd_add_label(&self->l, "lbl", m3, 1, other));
	EXPECT_STREQ("token 1 is already in this session: use another token",
		     self->l.extack);

	ASSERT_EQ(0, lunl_session_del(&self->l, "lbl"));
	ASSERT_EQ(0, lunl_session_del(&self->l, "lbl-2"));
	close(m1);
	close(m2);
	close(m3);
}

/* A session too big for one message is listed without its files. */
TEST_F(label, big_session)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	static struct lunl_fd_info fds[LUNL_MAX_FDS + 1];
	static struct lunl_session_info all[64];
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	int i, n, fd, found = 0;

	lunl_fill_data(data, sizeof(data), 3);
	ASSERT_EQ(0, lunl_session_new_data(&self->l, "lbl-big", 0, data,
					   sizeof(data), NULL));
	for (i = 0; i < LUNL_MAX_FDS; i++) {
		fd = new_memfd(i);
		ASSERT_GE(fd, 0);
		lunl_make_label(label, LIVEUPDATE_NL_LABEL_MAX, i);
		ASSERT_EQ(0, lunl_fd_add_label(&self->l, "lbl-big", fd, i, label));
		close(fd);
	}
	ASSERT_EQ(0, lunl_session_get(&self->l, "lbl-big", &self->s));
	EXPECT_EQ(LUNL_MAX_FDS, self->s.fd_count);
	EXPECT_EQ(sizeof(data), self->s.data_len);
	EXPECT_EQ(0, memcmp(data, self->s.data, sizeof(data)));
	n = lunl_session_dump(&self->l, all, 64);
	for (i = 0; i < n && i < 64; i++) {
		if (strcmp(all[i].name, "lbl-big"))
			continue;
		found++;
		EXPECT_EQ(sizeof(data), all[i].data_len);
		EXPECT_EQ(0, memcmp(data, all[i].data, sizeof(data)));
	}
	EXPECT_EQ(1, found);
	n = lunl_fd_dump(&self->l, "lbl-big", fds, LUNL_MAX_FDS + 1);
	ASSERT_EQ(LUNL_MAX_FDS, n);
	for (i = 0; i < n; i++) {
		lunl_make_label(label, LIVEUPDATE_NL_LABEL_MAX, i);
		EXPECT_EQ(i, fds[i].token);
		EXPECT_STREQ(label, fds[i].label);
	}
	ASSERT_EQ(0, lunl_session_del(&self->l, "lbl-big"));
}

/*
 * Each session has its own KHO record, one preserved allocation of at
 * most 4 MiB (the scale lane fills one to the byte): status-get adds the
 * records of the outgoing sessions up, to the byte, as they grow past a
 * page with user data and labelled files and shrink back, and freeze
 * writes them as they are.
 */
TEST_F_TIMEOUT(label, record_budget, 600)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	char name[32], label[LIVEUPDATE_NL_LABEL_MAX + 1];
	struct lunl_status_info st0, st;
	int i, fd;

	lunl_fill_data(data, sizeof(data), 4);
	ASSERT_EQ(0, lunl_status(&self->l, &st0));
	for (i = 0; i < NBUDGET; i++) {
		snprintf(name, sizeof(name), "budget-%d", i);
		ASSERT_EQ(0, lunl_session_new_data(&self->l, name, 0, data,
						   sizeof(data), NULL));
	}
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + NBUDGET * (48 + sizeof(data)),
		  st.record_size);
	for (i = 0; i < NBUDGET; i++) {
		fd = new_memfd(i);
		ASSERT_GE(fd, 0);
		lunl_make_label(label, LIVEUPDATE_NL_LABEL_MAX, i);
		ASSERT_EQ(0, lunl_fd_add_label(&self->l, "budget-0", fd, i + 1,
					       label));
		close(fd);
	}
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + NBUDGET * (48 + sizeof(data)) +
		  NBUDGET * (32 + LIVEUPDATE_NL_LABEL_MAX), st.record_size);
	/* Shrinking gives bytes back, growing takes them again. */
	EXPECT_EQ(0, lunl_session_set(&self->l, "budget-0", data, 100, NULL));
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size + NBUDGET * (48 + sizeof(data)) +
		  NBUDGET * (32 + LIVEUPDATE_NL_LABEL_MAX) -
		  (sizeof(data) - 100), st.record_size);
	EXPECT_EQ(0, lunl_session_set(&self->l, "budget-0", data,
				      sizeof(data), NULL));
	ASSERT_EQ(0, lunl_freeze(&self->l, &st));
	EXPECT_EQ(st0.sessions + NBUDGET, st.sessions);
	EXPECT_EQ(st0.record_size + NBUDGET * (48 + sizeof(data)) +
		  NBUDGET * (32 + LIVEUPDATE_NL_LABEL_MAX), st.record_size);
	ASSERT_EQ(0, lunl_unfreeze(&self->l, NULL));
	for (i = 0; i < NBUDGET; i++) {
		snprintf(name, sizeof(name), "budget-%d", i);
		ASSERT_EQ(0, lunl_session_del(&self->l, name));
	}
	ASSERT_EQ(0, lunl_status(&self->l, &st));
	EXPECT_EQ(st0.record_size, st.record_size);
}

TEST_F(label, notifications)
{
	uint8_t data[5] = { 0, 1, 2, 0xfe, 0xff };
	struct lunl_event *ev = calloc(1, sizeof(*ev));
	struct lunl mon;
	int m = new_memfd(100);

	ASSERT_NE(NULL, ev);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_open(&mon));
	ASSERT_EQ(0, lunl_monitor(&mon));

	ASSERT_EQ(0, lunl_session_new_data(&self->l, "lbl-ntf", 0, data, 3,
					   NULL));
	ASSERT_EQ(0, lunl_session_set(&self->l, "lbl-ntf", data, 5, NULL));
	ASSERT_EQ(0, lunl_fd_add_label(&self->l, "lbl-ntf", m, 9, "zone0"));
	ASSERT_EQ(0, lunl_fd_del_key(&self->l, "lbl-ntf",
				     (struct lunl_fd_key){ .label = "zone0" }));
	ASSERT_EQ(0, lunl_session_del(&self->l, "lbl-ntf"));

	ASSERT_EQ(0, lunl_next_event(&mon, ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_NEW_NTF, ev->cmd);
	ASSERT_EQ(3, ev->session.data_len);
	EXPECT_EQ(0, memcmp(data, ev->session.data, 3));
	ASSERT_EQ(0, lunl_next_event(&mon, ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_SET_NTF, ev->cmd);
	EXPECT_STREQ("lbl-ntf", ev->session.name);
	ASSERT_EQ(5, ev->session.data_len);
	EXPECT_EQ(0, memcmp(data, ev->session.data, 5));
	ASSERT_EQ(0, lunl_next_event(&mon, ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_ADD_NTF, ev->cmd);
	EXPECT_EQ(9, ev->fd.token);
	EXPECT_STREQ("zone0", ev->fd.label);
	ASSERT_EQ(0, lunl_next_event(&mon, ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_FD_DEL_NTF, ev->cmd);
	EXPECT_STREQ("zone0", ev->fd.label);
	ASSERT_EQ(0, lunl_next_event(&mon, ev, 2000));
	EXPECT_EQ(LIVEUPDATE_NL_CMD_SESSION_DEL_NTF, ev->cmd);
	EXPECT_EQ(-ETIMEDOUT, lunl_next_event(&mon, ev, 200));
	lunl_close(&mon);
	close(m);
	free(ev);
}

TEST_HARNESS_MAIN
