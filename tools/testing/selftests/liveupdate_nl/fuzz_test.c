// SPDX-License-Identifier: GPL-2.0
/*
 * A netlink fuzzer for the liveupdate family: random and mutated
 * messages (commands, attribute types, lengths, nesting, descriptors,
 * tokens, labels, truncated and oversized messages, bad flags),
 * interleaved with valid operations, freeze and unfreeze. It checks that
 * every request is answered with an error or a reply, that the family
 * still works afterwards, and leaves nothing behind; the harness fails
 * the run on any splat or kmemleak report.
 *
 * A quarter of the messages are what a client would send for the
 * command, give or take an attribute, so that the campaign reaches the
 * checks behind the policy (names, tokens, labels, states) early. It
 * counts the distinct outcomes (command, errno, message template) it
 * reached: 50000 messages reach more of them than 200000 purely random
 * ones did.
 *
 * LUNL_FUZZ_N sets the number of messages (50000 by default),
 * LUNL_FUZZ_SEED the seed (printed, so that a failure can be replayed).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define NAMES		6
#define MEMFDS		4
#define MSG_MAX		(16 << 10)
/* Requests per sendmsg(): the kernel answers them one by one. */
#define BATCH		32
#define OUTCOMES	4096		/* a power of two */

static uint64_t rng;

static uint64_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static unsigned int below(unsigned int n)
{
	return rnd() % n;
}

struct fuzz {
	int sk;
	int family;
	uint32_t seq;
	int memfds[MEMFDS];
	char buf[MSG_MAX];
	char batch[BATCH * MSG_MAX];
	char rx[256 << 10];
	uint32_t first;			/* seq of the batch's first request */
	int answered[BATCH];
	uint8_t cmd[BATCH];		/* the command of each request */
	/* figures */
	unsigned long sent, errors, replies, dropped, valid_ok;
	unsigned long by_errno[140];
	/*
	 * Distinct outcomes (command, errno, extack message with its numbers
	 * masked), a measure of how much of the family's checking the
	 * campaign reached, and the message that brought the last new one.
	 */
	uint64_t outcome[OUTCOMES];
	unsigned long outcomes, last_new;
};

static const uint8_t requests[] = {
	LIVEUPDATE_NL_CMD_SESSION_NEW, LIVEUPDATE_NL_CMD_SESSION_DEL,
	LIVEUPDATE_NL_CMD_SESSION_GET, LIVEUPDATE_NL_CMD_SESSION_FINISH,
	LIVEUPDATE_NL_CMD_SESSION_SET, LIVEUPDATE_NL_CMD_FD_ADD,
	LIVEUPDATE_NL_CMD_FD_DEL, LIVEUPDATE_NL_CMD_FD_GET,
	LIVEUPDATE_NL_CMD_FD_RESTORE, LIVEUPDATE_NL_CMD_FREEZE,
	LIVEUPDATE_NL_CMD_UNFREEZE, LIVEUPDATE_NL_CMD_STATUS_GET,
};

static const char *const names[NAMES] = {
	"fz0", "fz1", "fz2", "", "fz-long-name-0123456789012345678901234567890123456789012345678901234567890", "fz5",
};

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int one = 1, sk;

	sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (sk < 0)
		return -1;
	setsockopt(sk, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(sk, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* Room for the answers to a whole batch, dumps included. */
	one = 16 << 20;
	setsockopt(sk, SOL_SOCKET, SO_RCVBUFFORCE, &one, sizeof(one));
	if (bind(sk, (struct sockaddr *)&sa, sizeof(sa))) {
		close(sk);
		return -1;
	}
	return sk;
}

/* Append an attribute; returns its start so that it can be nested into. */
static struct nlattr *put(char *msg, size_t *len, int type, const void *data,
			  size_t dlen)
{
	struct nlattr *a = (struct nlattr *)(msg + *len);

	if (*len + NLA_HDRLEN + NLA_ALIGN(dlen) > MSG_MAX)
		return NULL;
	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + dlen;
	if (dlen)
		memcpy((char *)a + NLA_HDRLEN, data, dlen);
	memset((char *)a + NLA_HDRLEN + dlen, 0, NLA_ALIGN(dlen) - dlen);
	*len += NLA_HDRLEN + NLA_ALIGN(dlen);
	return a;
}

/* A payload for an attribute: mostly plausible, sometimes garbage. */
static size_t payload(struct fuzz *z, char *p, int type)
{
	size_t n;
	uint64_t v;
	int32_t fd;

	switch (below(9)) {
	case 0: /* a session name, NUL terminated or not */
		n = strlen(names[below(NAMES)]);
		memcpy(p, names[below(NAMES)], n);
		if (below(4))
			p[n++] = '\0';
		return n;
	case 1: /* a small token or a flag word, 4 or 8 bytes */
		v = below(8) ? below(8) : rnd();
		n = below(2) ? 4 : 8;
		memcpy(p, &v, n);
		return n;
	case 2: /* a descriptor: ours, stdin, the socket, or nonsense */
		switch (below(4)) {
		case 0: fd = z->memfds[below(MEMFDS)]; break;
		case 1: fd = below(4); break;
		case 2: fd = z->sk; break;
		default: fd = (int32_t)rnd(); break;
		}
		memcpy(p, &fd, sizeof(fd));
		return sizeof(fd);
	case 3: /* a label: sometimes at, sometimes past the limit */
		n = below(300);
		memset(p, 'a' + below(26), n);
		p[n++] = '\0';
		return n;
	case 4: /* user data up to past its limit */
		n = below(5000);
		memset(p, below(256), n);
		return n;
	case 5: /* empty */
		return 0;
	case 6: /* a nest of random attributes */
	{
		size_t len = 0;
		int i, k = below(4);

		for (i = 0; i < k; i++) {
			v = rnd();
			if (!put(p, &len, below(12), &v, below(9)))
				break;
		}
		return len;
	}
	default: /* random bytes of random length */
		n = below(below(8) ? 16 : 600);
		for (size_t i = 0; i < n; i++)
			p[i] = rnd();
		return n;
	}
}

/* A session name of the pool, NUL terminated. */
static void put_name(char *msg, size_t *len, int type)
{
	const char *n = names[below(NAMES)];

	put(msg, len, type, n, strlen(n) + 1);
}

/* A file attribute set: the fd, a small token and maybe a label. */
static void put_file(struct fuzz *z, char *msg, size_t *len)
{
	int32_t fd = below(8) ? z->memfds[below(MEMFDS)] : (int32_t)below(64);
	uint64_t token = below(6);
	char label[4] = { 'L', '0' + below(4), '\0' };

	if (below(8))
		put(msg, len, LIVEUPDATE_NL_FD_A_FD, &fd, sizeof(fd));
	if (below(8))
		put(msg, len, LIVEUPDATE_NL_FD_A_TOKEN, &token,
		    below(2) ? 8 : 4);
	if (below(2))
		put(msg, len, LIVEUPDATE_NL_FD_A_LABEL, label, sizeof(label));
}

/*
 * The attributes a real client would send with @cmd, each well formed,
 * one sometimes dropped or repeated: so that the fuzzer reaches the
 * family's checks of state, names and tokens, behind the policy.
 */
static void structured(struct fuzz *z, char *msg, size_t *len, uint8_t cmd)
{
	uint32_t flags = below(4) ? 0 : below(4);
	uint8_t data[64];
	struct nlattr *nest;
	size_t start;
	int i, k;

	switch (cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW:
	case LIVEUPDATE_NL_CMD_SESSION_SET:
		if (below(8))
			put_name(msg, len, LIVEUPDATE_NL_SESSION_A_NAME);
		if (below(2))
			put(msg, len, LIVEUPDATE_NL_SESSION_A_FLAGS, &flags,
			    sizeof(flags));
		if (below(2)) {
			memset(data, below(256), sizeof(data));
			put(msg, len, LIVEUPDATE_NL_SESSION_A_USER_DATA, data,
			    below(sizeof(data)));
		}
		break;
	case LIVEUPDATE_NL_CMD_SESSION_DEL:
	case LIVEUPDATE_NL_CMD_SESSION_GET:
	case LIVEUPDATE_NL_CMD_SESSION_FINISH:
		if (below(8))
			put_name(msg, len, LIVEUPDATE_NL_SESSION_A_NAME);
		if (below(2))
			put(msg, len, LIVEUPDATE_NL_SESSION_A_DISCARD, NULL, 0);
		break;
	case LIVEUPDATE_NL_CMD_FD_ADD:
		if (below(8))
			put_name(msg, len, LIVEUPDATE_NL_FD_A_SESSION);
		if (below(2)) {
			put_file(z, msg, len);
			break;
		}
		k = 1 + below(4);
		for (i = 0; i < k; i++) {
			start = *len;
			nest = put(msg, len, LIVEUPDATE_NL_FD_A_ENTRY |
				   NLA_F_NESTED, NULL, 0);
			if (!nest)
				break;
			put_file(z, msg, len);
			nest->nla_len = *len - start;
		}
		break;
	case LIVEUPDATE_NL_CMD_FD_DEL:
	case LIVEUPDATE_NL_CMD_FD_GET:
	case LIVEUPDATE_NL_CMD_FD_RESTORE:
		if (below(8))
			put_name(msg, len, LIVEUPDATE_NL_FD_A_SESSION);
		put_file(z, msg, len);
		if (below(4))
			put(msg, len, LIVEUPDATE_NL_FD_A_FLAGS, &flags,
			    sizeof(flags));
		break;
	default: /* freeze, unfreeze, status: nothing, or a stray name */
		if (!below(4))
			put_name(msg, len, LIVEUPDATE_NL_SESSION_A_NAME);
		break;
	}
}

/* Build a random request in z->buf; returns its length. */
static size_t build(struct fuzz *z, int *malformed)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)z->buf;
	struct genlmsghdr *gh;
	char p[6000];
	size_t len = NLMSG_HDRLEN + GENL_HDRLEN;
	int i, k;

	memset(z->buf, 0, len);
	nlh->nlmsg_type = z->family;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	if (!below(8))
		nlh->nlmsg_flags |= NLM_F_DUMP;
	if (!below(16))
		nlh->nlmsg_flags |= rnd() & 0x0f00;
	nlh->nlmsg_seq = ++z->seq;
	gh = (struct genlmsghdr *)(z->buf + NLMSG_HDRLEN);
	/* Mostly real requests, so that most messages reach the handlers. */
	gh->cmd = below(8) ? requests[below(ARRAY_SIZE(requests))] :
		  below(2) ? below(LIVEUPDATE_NL_CMD_MAX + 2) : rnd();
	gh->version = below(8) ? LIVEUPDATE_FAMILY_VERSION : rnd();

	/* A quarter are what a client would send, give or take. */
	if (!below(4) && gh->cmd >= 1 && gh->cmd <= LIVEUPDATE_NL_CMD_MAX) {
		structured(z, z->buf, &len, gh->cmd);
		nlh->nlmsg_len = len;
		*malformed = 0;
		return len;
	}
	k = below(7);
	for (i = 0; i < k; i++) {
		size_t n = payload(z, p, i);
		int type = below(10) ? 1 + below(12) : rnd() & 0xffff;

		if (!below(32))
			type |= NLA_F_NESTED;
		if (!put(z->buf, &len, type, p, n))
			break;
	}
	nlh->nlmsg_len = len;
	*malformed = 0;
	switch (below(24)) {
	case 0: /* truncated: the kernel drops it */
		nlh->nlmsg_len = len + 1 + below(64);
		*malformed = 1;
		break;
	case 1: /* an attribute longer than the message */
		if (len > NLMSG_HDRLEN + GENL_HDRLEN + NLA_HDRLEN)
			((struct nlattr *)(z->buf + NLMSG_HDRLEN + GENL_HDRLEN))->nla_len +=
				4 + below(200);
		break;
	case 2: /* a cut at a random place */
		nlh->nlmsg_len = NLMSG_HDRLEN + below(len - NLMSG_HDRLEN + 1);
		len = nlh->nlmsg_len;
		break;
	}
	return len;
}

/* The extack message of an error answer, or "". */
static const char *ext_msg(struct nlmsghdr *nlh)
{
	struct nlmsgerr *e = NLMSG_DATA(nlh);
	size_t off = sizeof(*e);
	struct nlattr *a;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return "";
	/* NETLINK_CAP_ACK: the request is not echoed back. */
	while (NLMSG_HDRLEN + off + NLA_HDRLEN <= nlh->nlmsg_len) {
		a = (struct nlattr *)((char *)e + off);
		if (a->nla_len < NLA_HDRLEN ||
		    NLMSG_HDRLEN + off + a->nla_len > nlh->nlmsg_len)
			break;
		if ((a->nla_type & NLA_TYPE_MASK) == NLMSGERR_ATTR_MSG &&
		    a->nla_len > NLA_HDRLEN &&
		    memchr((char *)a + NLA_HDRLEN, '\0', a->nla_len - NLA_HDRLEN))
			return (char *)a + NLA_HDRLEN;
		off += NLA_ALIGN(a->nla_len);
	}
	return "";
}

/* Count the outcome (cmd, err, msg) if it is new. */
static void outcome(struct fuzz *z, uint8_t cmd, int err, const char *msg)
{
	/* Commands the family does not have are one class. */
	uint64_t c = cmd <= LIVEUPDATE_NL_CMD_MAX ? cmd : 0xff;
	uint64_t h = 0xcbf29ce484222325ULL ^ c ^ ((uint64_t)(uint32_t)err << 8);
	const char *start = msg;
	unsigned int i;

	/* A message template: numbers (fds, tokens, sizes) do not count. */
	for (; *msg; msg++) {
		if (*msg >= '0' && *msg <= '9') {
			while (msg[1] >= '0' && msg[1] <= '9')
				msg++;
			h = (h ^ '#') * 0x100000001b3ULL;
			continue;
		}
		h = (h ^ (uint8_t)*msg) * 0x100000001b3ULL;
	}
	h |= 1;
	for (i = h & (OUTCOMES - 1); z->outcome[i]; i = (i + 1) & (OUTCOMES - 1))
		if (z->outcome[i] == h)
			return;
	if (z->outcomes >= OUTCOMES / 2)
		return;
	z->outcome[i] = h;
	z->outcomes++;
	z->last_new = z->sent;
	/* The rare ones say what the generator reaches late. */
	if (z->sent > 20000)
		printf("# new outcome at message %lu: command %u, errno %d, \"%s\"\n",
		       z->sent, cmd, err, start);
}

/*
 * Read answers until every request of the batch from z->first on has
 * its error, ack or dump end, or nothing comes for timeout_ms. Returns
 * how many of the expected answers are missing.
 */
static int drain(struct fuzz *z, int expected, int timeout_ms)
{
	struct pollfd pfd = { .fd = z->sk, .events = POLLIN };
	int got = 0;

	memset(z->answered, 0, sizeof(z->answered));
	while (got < expected && poll(&pfd, 1, timeout_ms) > 0) {
		ssize_t n = recv(z->sk, z->rx, sizeof(z->rx), 0);
		struct nlmsghdr *nlh;

		if (n < 0)
			return expected - got;
		for (nlh = (struct nlmsghdr *)z->rx; NLMSG_OK(nlh, (size_t)n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			uint32_t k = nlh->nlmsg_seq - z->first;
			int err;

			if (k >= BATCH)
				continue;
			if (nlh->nlmsg_type != NLMSG_ERROR &&
			    nlh->nlmsg_type != NLMSG_DONE) {
				z->replies++;
				continue;
			}
			err = nlh->nlmsg_type == NLMSG_ERROR ?
			      ((struct nlmsgerr *)NLMSG_DATA(nlh))->error : 0;
			if (err) {
				z->errors++;
				if (-err > 0 && -err < 140)
					z->by_errno[-err]++;
			}
			outcome(z, z->cmd[k], err,
				nlh->nlmsg_type == NLMSG_ERROR ? ext_msg(nlh) : "");
			if (!z->answered[k]++)
				got++;
		}
	}
	return expected - got;
}

/* Now and then a valid operation, through the libnl client. */
static void valid_op(struct fuzz *z, struct lunl *l)
{
	static struct lunl_session_info s;
	const char *name = names[below(3)];
	uint64_t token = below(6);
	char label[8];
	int ok = 0;

	snprintf(label, sizeof(label), "L%d", (int)below(4));
	switch (below(9)) {
	case 0: ok = !lunl_session_new(l, name, 0, NULL); break;
	case 1: ok = !lunl_session_del(l, name); break;
	case 2: ok = !lunl_fd_add_label(l, name, z->memfds[below(MEMFDS)],
					token, below(2) ? label : NULL); break;
	case 3: ok = !lunl_fd_del(l, name, token); break;
	case 4: ok = !lunl_freeze(l, NULL); break;
	case 5: ok = !lunl_unfreeze(l, NULL); break;
	case 6: ok = lunl_session_dump(l, &s, 1) >= 0; break;
	case 7: ok = !lunl_session_set(l, name, label, below(8), NULL); break;
	default: ok = !lunl_session_get(l, name, &s); break;
	}
	z->valid_ok += ok;
}

FIXTURE(fuzz) {
	struct lunl l;
};

FIXTURE_SETUP(fuzz)
{
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(fuzz)
{
	lunl_close(&self->l);
}

TEST_F_TIMEOUT(fuzz, family, 3000)
{
	static struct fuzz z;
	const char *e = getenv("LUNL_FUZZ_N");
	unsigned long n = e ? strtoul(e, NULL, 0) : 50000, i, silent = 0;
	unsigned long next_report = n / 10;
	struct lunl_status_info st;
	static struct lunl_session_info all[64];
	struct lunl *l = &self->l;
	struct timespec t0, t1;
	double secs;
	int k;

	e = getenv("LUNL_FUZZ_SEED");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rng = e ? strtoull(e, NULL, 0) : (uint64_t)t0.tv_nsec | 1;
	TH_LOG("seed 0x%llx, %lu messages", (unsigned long long)rng, n);

	z.family = l->family;
	/* Everything outgoing at the end is the fuzzer's: start from none. */
	ASSERT_EQ(0, lunl_status(l, &st));
	ASSERT_EQ(0, st.sessions);
	z.sk = nl_open();
	ASSERT_GE(z.sk, 0);
	for (i = 0; i < MEMFDS; i++) {
		z.memfds[i] = memfd_create("fuzz", MFD_CLOEXEC);
		ASSERT_GE(z.memfds[i], 0);
		ASSERT_EQ(0, lunl_memfd_fill(z.memfds[i], 4096 * i + 7, i));
	}

	for (i = 0; i < n;) {
		size_t off = 0;
		int cnt = 0, malformed = 0;

		/* A batch; a truncated request can only be its last. */
		z.first = z.seq + 1;
		while (cnt < BATCH && i < n && !malformed) {
			size_t len = build(&z, &malformed);

			z.cmd[cnt] = ((struct genlmsghdr *)(z.buf + NLMSG_HDRLEN))->cmd;
			memcpy(z.batch + off, z.buf, len);
			memset(z.batch + off + len, 0, NLMSG_ALIGN(len) - len);
			off += malformed ? len : NLMSG_ALIGN(len);
			cnt++;
			i++;
		}
		ASSERT_EQ((ssize_t)off, send(z.sk, z.batch, off, 0));
		z.sent += cnt;
		z.dropped += malformed;
		/* Every well-formed request is answered. */
		silent += drain(&z, cnt - malformed, 2000);
		if (!below(2))
			valid_op(&z, l);
		if (i >= next_report) {
			TH_LOG("%lu messages: %lu distinct outcomes", i,
			       z.outcomes);
			next_report += n / 10;
		}
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	TH_LOG("%lu sent in %.1f s: %lu errors (EINVAL %lu, ENOENT %lu, EBUSY %lu, EOPNOTSUPP %lu, EPERM %lu), %lu replies, %lu dropped as malformed, %lu valid operations succeeded",
	       z.sent, secs, z.errors, z.by_errno[EINVAL], z.by_errno[ENOENT],
	       z.by_errno[EBUSY], z.by_errno[EOPNOTSUPP], z.by_errno[EPERM],
	       z.replies, z.dropped, z.valid_ok);
	TH_LOG("%lu distinct outcomes (command, errno, message), the last new one at message %lu",
	       z.outcomes, z.last_new);
	EXPECT_EQ(0, silent);

	/* The family still works; clean up everything the fuzzer made. */
	lunl_unfreeze(l, NULL);
	k = lunl_session_dump(l, all, 64);
	ASSERT_GE(k, 0);
	ASSERT_LE(k, 64);
	for (i = 0; i < (unsigned long)k; i++)
		if (all[i].direction == LIVEUPDATE_NL_DIRECTION_OUTGOING)
			EXPECT_EQ(0, lunl_session_del(l, all[i].name));
	ASSERT_EQ(0, lunl_status(l, &st));
	EXPECT_EQ(LIVEUPDATE_NL_STATE_LIVE, st.state);
	EXPECT_EQ(0, st.sessions);
	ASSERT_EQ(0, lunl_session_new(l, "fz-after", 0, NULL));
	ASSERT_EQ(0, lunl_fd_add_label(l, "fz-after", z.memfds[1], 1, "after"));
	ASSERT_EQ(0, lunl_freeze(l, &st));
	EXPECT_EQ(1, st.sessions);
	ASSERT_EQ(0, lunl_unfreeze(l, NULL));
	ASSERT_EQ(0, lunl_session_del(l, "fz-after"));
	for (i = 0; i < MEMFDS; i++)
		close(z.memfds[i]);
	close(z.sk);
}

TEST_HARNESS_MAIN
