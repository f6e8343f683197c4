// SPDX-License-Identifier: GPL-2.0
/*
 * Chained live updates: eight sealed memfds, 64 MiB in all with sizes
 * from 0 to non-page-multiples, cross three kexecs in a row, with a
 * label on each file (up to the longest allowed) and 4 KiB of session
 * user data. Stage 1 sets everything up in an agent process that exits
 * before kexec: nothing holds the session but the kernel. Each later
 * stage finds the files from the listing alone, restores them by label,
 * checks every byte, the size, the seals, the labels and the user data,
 * finishes the incoming session and carries what it read into a new
 * outgoing one. Stage 2 leaves it live, so the reboot path freezes it;
 * stage 3 freezes it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define CHAIN		"chain"
#define NFILES		8
#define LAST_STAGE	4

static const struct {
	uint64_t size;
	int seals;
} files[NFILES] = {
	{ 0, 0 },
	{ 1, F_SEAL_GROW },
	{ 4095, F_SEAL_SHRINK },
	{ 4097, F_SEAL_GROW | F_SEAL_SHRINK },
	{ (1 << 20) + 3, F_SEAL_WRITE },
	{ 8 << 20, 0 },
	{ (16 << 20) + 5, F_SEAL_GROW | F_SEAL_SHRINK | F_SEAL_WRITE },
	{ (39 << 20) + 4093, F_SEAL_SEAL | F_SEAL_GROW },
};

/* Label lengths from 1 byte to the longest allowed. */
static const int label_len[NFILES] = {
	1, 17, 40, 64, 100, 128, 200, LIVEUPDATE_NL_LABEL_MAX,
};

static void file_label(char *buf, int i)
{
	lunl_make_label(buf, label_len[i], i);
}

static int stage(void)
{
	const char *s = getenv("LUNL_STAGE");

	return s ? atoi(s) : 1;
}

static uint64_t seed(int i)
{
	return 0xc4a1000 + i;
}

#define PAGE		4096
#define STAMP_MAGIC	0x4c55535455ULL	/* "USTUL" */

/* The stamp stage @st writes at the start of the page at @page. */
struct stamp {
	uint64_t magic;
	uint32_t stage;
	uint32_t file;
	uint64_t page;
	uint64_t seed;
};

static void make_stamp(struct stamp *sp, int st, int i, uint64_t page)
{
	*sp = (struct stamp){
		.magic = STAMP_MAGIC, .stage = st, .file = i, .page = page,
		.seed = seed(i),
	};
}

/* Byte @off of file @i as stage @st left it: the pattern, stamped. */
static uint8_t expect(int st, int i, uint64_t off)
{
	uint64_t in_page = off % PAGE;
	struct stamp sp;

	if (in_page >= sizeof(sp))
		return lunl_pattern(seed(i), off);
	make_stamp(&sp, st, i, off - in_page);
	return ((uint8_t *)&sp)[in_page];
}

/* Stamp every page of @fd (@size bytes) for stage @st. */
static int stamp_file(int fd, uint64_t size, int st, int i)
{
	uint64_t page;
	struct stamp sp;

	for (page = 0; page < size; page += PAGE) {
		size_t n = size - page < sizeof(sp) ? size - page : sizeof(sp);

		make_stamp(&sp, st, i, page);
		if (pwrite(fd, &sp, n, page) != (ssize_t)n)
			return -errno;
	}
	return 0;
}

/*
 * The bytes of @fd that differ from what stage @st wrote; -errno on
 * error. The stage whose stamp the first page holds goes to @found.
 */
static int64_t check_file(int fd, uint64_t size, int st, int i,
			  uint64_t *first_bad, int *found)
{
	static uint8_t buf[1 << 16];
	uint64_t off = 0;
	int64_t bad = 0;

	*found = -1;
	while (off < size) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);
		ssize_t k;

		if (n <= 0)
			return -EIO;
		if (!off && n >= (ssize_t)sizeof(struct stamp))
			*found = ((struct stamp *)buf)->stage;
		for (k = 0; k < n; k++) {
			if (buf[k] == expect(st, i, off + k))
				continue;
			if (!bad)
				*first_bad = off + k;
			bad++;
		}
		off += n;
	}
	if (pread(fd, buf, 1, size) != 0)
		return -EFBIG;
	return bad;
}

/*
 * A file with the content stage @st writes: @fd itself, stamped anew,
 * or for a file sealed against writes a new memfd with its content, the
 * new stamps and the same seals. Returns the file to preserve, or -1.
 */
static int refresh(int fd, int st, int i)
{
	static uint8_t buf[1 << 16];
	uint64_t off = 0;
	int nfd;

	if (!(files[i].seals & F_SEAL_WRITE))
		return stamp_file(fd, files[i].size, st, i) ? -1 : fd;
	nfd = memfd_create("chain", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (nfd < 0 || ftruncate(nfd, files[i].size))
		return -1;
	while (off < files[i].size) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);

		if (n <= 0 || pwrite(nfd, buf, n, off) != n)
			return -1;
		off += n;
	}
	if (stamp_file(nfd, files[i].size, st, i) ||
	    fcntl(nfd, F_ADD_SEALS, files[i].seals))
		return -1;
	close(fd);
	return nfd;
}

FIXTURE(chain) {
	struct lunl l;
};

FIXTURE_SETUP(chain)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(chain)
{
	lunl_close(&self->l);
}

/*
 * The agent: its own socket, its own memfds; it exits when done, which
 * closes both. Returns the exit status: 0, or the step that failed.
 */
static int agent(void)
{
	static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	struct lunl l;
	int i, fd;

	lunl_fill_data(data, sizeof(data), 7);
	if (lunl_open(&l) ||
	    lunl_session_new_data(&l, CHAIN, 0, data, sizeof(data), NULL))
		return 1;
	for (i = 0; i < NFILES; i++) {
		fd = memfd_create("chain", MFD_CLOEXEC | MFD_ALLOW_SEALING);
		if (fd < 0 || lunl_memfd_fill(fd, files[i].size, seed(i)) ||
		    stamp_file(fd, files[i].size, 1, i))
			return 2;
		if (files[i].seals && fcntl(fd, F_ADD_SEALS, files[i].seals))
			return 3;
		file_label(label, i);
		if (lunl_fd_add_label(&l, CHAIN, fd, i + 1, label))
			return 4;
	}
	return 0;
}

TEST_F_TIMEOUT(chain, stage1_preserve, 600)
{
	static struct lunl_session_info s;
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	int status, i;
	pid_t pid;

	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid)
		_exit(agent());
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(0, WEXITSTATUS(status));

	/* The agent is gone; the kernel alone holds its state. */
	ASSERT_EQ(0, lunl_session_get(&self->l, CHAIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, s.state);
	EXPECT_EQ(NFILES, s.fd_count);
	EXPECT_EQ(LIVEUPDATE_NL_USER_DATA_MAX, s.data_len);
	ASSERT_GE(s.bytes, 64ULL << 20);
	ASSERT_EQ(NFILES, s.nfds);
	for (i = 0; i < NFILES; i++) {
		file_label(label, i);
		EXPECT_STREQ(label, s.fds[i].label);
	}
	TH_LOG("agent %d exited; the kernel holds %llu bytes in %d memfds",
	       pid, (unsigned long long)s.bytes, NFILES);
}

/* Restore, check and finish; then preserve again unless last stage. */
TEST_F_TIMEOUT(chain, restore_and_chain, 900)
{
	static uint8_t want[LIVEUPDATE_NL_USER_DATA_MAX];
	char label[LIVEUPDATE_NL_LABEL_MAX + 1];
	static struct lunl_session_info s, gone;
	int fds[NFILES], i, st = stage();
	uint64_t first = 0, total = 0;
	struct lunl_status_info status;
	struct lunl_fd_info info;
	struct stat sa, sb;

	ASSERT_EQ(0, lunl_session_get(&self->l, CHAIN, &s));
	EXPECT_EQ(LIVEUPDATE_NL_DIRECTION_INCOMING, s.direction);
	EXPECT_EQ(LIVEUPDATE_NL_STATE_INCOMING, s.state);
	ASSERT_EQ(NFILES, s.nfds);
	lunl_fill_data(want, sizeof(want), 7);
	ASSERT_EQ(sizeof(want), s.data_len);
	EXPECT_EQ(0, memcmp(want, s.data, sizeof(want)));
	/* Incoming sessions keep what they came with. */
	EXPECT_EQ(-EINVAL, lunl_session_set(&self->l, CHAIN, want, 1, NULL));
	EXPECT_STREQ("incoming sessions keep the data they came with",
		     self->l.extack);
	for (i = 0; i < NFILES; i++) {
		struct stat stb;
		int64_t bad;
		int found;

		file_label(label, i);
		EXPECT_STREQ(label, s.fds[i].label);
		EXPECT_EQ(i + 1, s.fds[i].token);
		EXPECT_EQ(files[i].size, s.fds[i].size);
		EXPECT_STREQ("memfd-v2", s.fds[i].compatible);
		/* By the label read from the listing, not by token. */
		ASSERT_EQ(0, lunl_fd_restore_key(&self->l, CHAIN,
						 (struct lunl_fd_key){
							.label = s.fds[i].label },
						 0, &fds[i], &info));
		EXPECT_EQ(i + 1, info.token);
		EXPECT_STREQ(label, info.label);
		ASSERT_EQ(0, fstat(fds[i], &stb));
		EXPECT_EQ(files[i].size, (uint64_t)stb.st_size);
		EXPECT_EQ(files[i].seals, fcntl(fds[i], F_GET_SEALS));
		/* Exactly what the previous stage wrote. */
		bad = check_file(fds[i], files[i].size, st - 1, i, &first,
				 &found);
		if (bad)
			TH_LOG("token %d: %lld bytes differ from stage %d's, first at %llu; page 0 has stage %d's stamp",
			       i + 1, (long long)bad, st - 1,
			       (unsigned long long)first, found);
		EXPECT_EQ(0, bad);
		total += files[i].size;
	}
	/* Again by the same label: a new descriptor of the same file. */
	ASSERT_EQ(0, lunl_fd_restore_key(&self->l, CHAIN,
					 (struct lunl_fd_key){
						.label = s.fds[0].label },
					 0, &i, &info));
	EXPECT_EQ(1, info.token);
	EXPECT_NE(fds[0], i);
	ASSERT_EQ(0, fstat(fds[0], &sa));
	ASSERT_EQ(0, fstat(i, &sb));
	EXPECT_EQ(sa.st_ino, sb.st_ino);
	EXPECT_EQ(sa.st_dev, sb.st_dev);
	close(i);
	TH_LOG("stage %d: %llu bytes as stage %d wrote them, %d labels and %u bytes of user data byte-exact after %d kexecs",
	       st, (unsigned long long)total, st - 1, NFILES, s.data_len,
	       st - 1);
	ASSERT_EQ(0, lunl_session_finish(&self->l, CHAIN, 0));
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, CHAIN, &gone));

	if (st < LAST_STAGE) {
		/* Carry forward what came in, not what this test expects. */
		ASSERT_EQ(0, lunl_session_new_data(&self->l, CHAIN, 0, s.data,
						   s.data_len, NULL));
		for (i = 0; i < NFILES; i++) {
			/* Fresh content: this stage's stamps. */
			fds[i] = refresh(fds[i], st, i);
			ASSERT_GE(fds[i], 0);
			ASSERT_EQ(0, lunl_fd_add_label(&self->l, CHAIN, fds[i],
						       s.fds[i].token,
						       s.fds[i].label));
		}
		/* Stage 2 leaves it live: the reboot path must freeze it. */
		if (st == 3) {
			ASSERT_EQ(0, lunl_freeze(&self->l, &status));
			EXPECT_EQ(LIVEUPDATE_NL_STATE_FROZEN, status.state);
		}
	}
	for (i = 0; i < NFILES; i++)
		close(fds[i]);
}

TEST_HARNESS_MAIN
