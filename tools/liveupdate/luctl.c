// SPDX-License-Identifier: GPL-2.0
/*
 * luctl - control Linux live update sessions over generic netlink.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lunl_client.h"

/* luctl -V; the family it speaks is LIVEUPDATE_FAMILY_VERSION. */
#define LUCTL_VERSION	"0.3.0"

/* Exit codes, see luctl(8). */
enum {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,	/* the kernel refused the request */
	EXIT_USAGE = 2,		/* bad command line */
	EXIT_NOFAMILY = 3,	/* no liveupdate family in this kernel */
	EXIT_PERM = 4,		/* not privileged enough */
	EXIT_SYSTEM = 5,	/* a local system call failed */
	EXIT_NOEXEC = 126,	/* fd restore: the command cannot run */
	EXIT_NOCMD = 127,	/* fd restore: the command does not exist */
};

/* Most descriptors one SCM_RIGHTS message carries (SCM_MAX_FD). */
#define MAX_SEND	253

static int json_out;
static int pretty;
static int direction = -1;
static int rcvbuf;

static const char usage_session[] =
"  luctl session add NAME [owned] [data TEXT | data-hex HEX]\n"
"  luctl session set NAME data TEXT | data-hex HEX\n"
"  luctl session show [NAME]\n"
"  luctl session del NAME\n"
"  luctl session finish NAME [discard]\n"
"  luctl session expire AGE [NAME...]\n";

static const char usage_fd[] =
"  luctl fd add SESSION TOKEN --fd N [--pid PID] [--label LABEL]\n"
"  luctl fd show SESSION [TOKEN | --label LABEL]\n"
"  luctl fd del SESSION TOKEN | --label LABEL\n"
"  luctl fd restore SESSION {TOKEN[=FD] | --label LABEL[=FD]}...\n"
"                   [--send-to PATH] [-- CMD [ARGS]]\n";

static const char usage_system[] =
"  luctl freeze\n"
"  luctl unfreeze\n"
"  luctl status\n"
"  luctl monitor [--dump]\n";

static void usage(FILE *f)
{
	fprintf(f, "Usage: luctl [OPTIONS] OBJECT COMMAND [ARGS]\n"
		"       luctl OBJECT help\n\n%s%s%s", usage_session, usage_fd,
		usage_system);
	fprintf(f,
"\n"
"Options:\n"
"  -j, --json     JSON output (one object per line for monitor)\n"
"  -p, --pretty   indent JSON output\n"
"  --incoming, --outgoing\n"
"                 the session named is the incoming (outgoing) one: needed\n"
"                 when sessions of both directions share its name\n"
"  -r, --rcvbuf SIZE\n"
"                 the socket's receive buffer, in bytes (monitor)\n"
"  -V, --version  the version of luctl\n"
"  -h, --help     this help\n"
"\n"
"Exit status: 0 success, 1 refused by the kernel, 2 usage error,\n"
"3 no liveupdate family, 4 permission denied, 5 local system error;\n"
"fd restore: 126 the command cannot run, 127 it does not exist.\n");
}

static int bad_usage(const char *fmt, const char *arg);

/* luctl OBJECT help */
static int object_help(const char *object)
{
	if (!strcmp(object, "session"))
		fputs(usage_session, stdout);
	else if (!strcmp(object, "fd"))
		fputs(usage_fd, stdout);
	else if (!strcmp(object, "freeze") || !strcmp(object, "unfreeze") ||
		 !strcmp(object, "status") || !strcmp(object, "monitor"))
		fputs(usage_system, stdout);
	else
		return bad_usage("unknown object '%s'", object);
	return EXIT_OK;
}

/*
 * Open the family's socket once every argument has been checked, so that
 * a bad command line is reported as one (exit 2) on any kernel.
 */
static int reach(struct lunl *l)
{
	int err;

	if (l->sk)
		return 0;
	err = lunl_open(l);
	if (err == -ENOENT) {
		fprintf(stderr,
			"luctl: no liveupdate netlink family in this kernel: it needs CONFIG_LIVEUPDATE_NL, and booting with kho=on liveupdate=on\n");
		return EXIT_NOFAMILY;
	}
	if (err) {
		fprintf(stderr, "luctl: cannot open a netlink socket: %s\n",
			strerror(-err));
		return EXIT_SYSTEM;
	}
	lunl_set_direction(l, direction);
	return 0;
}

#define REACH(l) do {				\
		int __rc = reach(l);		\
		if (__rc)			\
			return __rc;		\
	} while (0)

static int fail(struct lunl *l, int err, const char *what)
{
	if (l && l->extack[0] && l->policy_max_len)
		fprintf(stderr, "luctl: %s: %s: %s (at most %u bytes)\n", what,
			strerror(-err), l->extack, l->policy_max_len);
	else if (l && l->extack[0])
		fprintf(stderr, "luctl: %s: %s: %s\n", what, strerror(-err),
			l->extack);
	else
		fprintf(stderr, "luctl: %s: %s\n", what, strerror(-err));
	if (err == -EPERM)
		return EXIT_PERM;
	return EXIT_REFUSED;
}

static int bad_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "luctl: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'luctl --help'.\n");
	return EXIT_USAGE;
}

static int parse_u64(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	return errno || !*s || *end || *s == '-' ? -1 : 0;
}

/* A decimal number from min to max, nothing else. */
static int parse_int(const char *s, long min, long max, long *v)
{
	char *end;

	errno = 0;
	*v = strtol(s, &end, 10);
	return errno || !*s || *end || *v < min || *v > max ? -1 : 0;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * User data arguments: "data TEXT" or "data-hex HEX". 0, -1 if malformed,
 * or the size if too large.
 */
static int parse_data(const char *kind, const char *arg, uint8_t *buf,
		      size_t *len)
{
	size_t n = strlen(arg), i;

	if (!strcmp(kind, "data")) {
		if (n > LIVEUPDATE_NL_USER_DATA_MAX)
			return n;
		memcpy(buf, arg, n);
		*len = n;
		return 0;
	}
	if (strcmp(kind, "data-hex") || n % 2)
		return -1;
	if (n / 2 > LIVEUPDATE_NL_USER_DATA_MAX)
		return n / 2;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(arg[2 * i]), lo = hexval(arg[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return -1;
		buf[i] = hi << 4 | lo;
	}
	*len = n / 2;
	return 0;
}

static int printable(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < 0x20 || p[i] > 0x7e)
			return 0;
	return 1;
}

static char *hex(const uint8_t *p, size_t n)
{
	char *out = malloc(2 * n + 1);
	size_t i;

	if (!out)
		exit(EXIT_SYSTEM);
	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", p[i]);
	out[2 * n] = '\0';
	return out;
}

static const char *owner_str(uint32_t o)
{
	return o == LIVEUPDATE_NL_OWNER_DEVICE ? "device" : "netlink";
}

static const char *direction_str(uint32_t d)
{
	return d == LIVEUPDATE_NL_DIRECTION_INCOMING ? "incoming" : "outgoing";
}

static const char *state_str(uint32_t s)
{
	static const char * const names[] = {
		[LIVEUPDATE_NL_STATE_LIVE] = "live",
		[LIVEUPDATE_NL_STATE_FROZEN] = "frozen",
		[LIVEUPDATE_NL_STATE_INCOMING] = "incoming",
		[LIVEUPDATE_NL_STATE_UNRECOVERABLE] = "unrecoverable",
	};

	return s < sizeof(names) / sizeof(names[0]) && names[s] ? names[s] : "unknown";
}

static const char *fd_state_str(uint32_t s)
{
	static const char * const names[] = {
		[LIVEUPDATE_NL_FD_STATE_PRESERVED] = "preserved",
		[LIVEUPDATE_NL_FD_STATE_FROZEN] = "frozen",
		[LIVEUPDATE_NL_FD_STATE_INCOMING] = "incoming",
		[LIVEUPDATE_NL_FD_STATE_RESTORED] = "restored",
		[LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE] = "unrecoverable",
	};

	return s < sizeof(names) / sizeof(names[0]) && names[s] ? names[s] : "unknown";
}

static void json_print(struct json_object *o)
{
	int flags = pretty ? JSON_C_TO_STRING_PRETTY : JSON_C_TO_STRING_PLAIN;

	puts(json_object_to_json_string_ext(o, flags | JSON_C_TO_STRING_NOSLASHESCAPE));
	fflush(stdout);
}

static struct json_object *fd_json(const struct lunl_fd_info *f, int with_session)
{
	struct json_object *o = json_object_new_object();
	struct json_object *deps = json_object_new_array();
	int i;

	if (with_session)
		json_object_object_add(o, "session", json_object_new_string(f->session));
	json_object_object_add(o, "token", json_object_new_uint64(f->token));
	if (f->compatible[0])
		json_object_object_add(o, "compatible",
				       json_object_new_string(f->compatible));
	json_object_object_add(o, "size", json_object_new_uint64(f->size));
	json_object_object_add(o, "state", json_object_new_string(fd_state_str(f->state)));
	for (i = 0; i < f->ndeps; i++)
		json_object_array_add(deps, json_object_new_uint64(f->deps[i]));
	json_object_object_add(o, "depends", deps);
	if (f->has_label)
		json_object_object_add(o, "label", json_object_new_string(f->label));
	json_object_object_add(o, "owner", json_object_new_string(owner_str(f->owner)));
	return o;
}

static struct json_object *session_json(const struct lunl_session_info *s,
					const struct lunl_fd_info *fds, int nfds)
{
	struct json_object *o = json_object_new_object();
	struct json_object *flags = json_object_new_array();
	int i;

	json_object_object_add(o, "name", json_object_new_string(s->name));
	json_object_object_add(o, "direction",
			       json_object_new_string(direction_str(s->direction)));
	json_object_object_add(o, "state", json_object_new_string(state_str(s->state)));
	if (s->flags & LIVEUPDATE_NL_SESSION_FLAGS_OWNED)
		json_object_array_add(flags, json_object_new_string("owned"));
	json_object_object_add(o, "flags", flags);
	json_object_object_add(o, "owner", json_object_new_string(owner_str(s->owner)));
	json_object_object_add(o, "fd_count", json_object_new_uint64(s->fd_count));
	json_object_object_add(o, "bytes", json_object_new_uint64(s->bytes));
	json_object_object_add(o, "pages", json_object_new_uint64(s->pages));
	if (s->freeze_ns)
		json_object_object_add(o, "freeze_ns",
				       json_object_new_uint64(s->freeze_ns));
	if (s->data_len) {
		char *h = hex(s->data, s->data_len);

		/* Raw bytes, hex encoded: JSON strings cannot hold any byte. */
		json_object_object_add(o, "user_data", json_object_new_string(h));
		free(h);
	}
	if (fds) {
		struct json_object *a = json_object_new_array();

		for (i = 0; i < nfds; i++)
			json_object_array_add(a, fd_json(&fds[i], 0));
		json_object_object_add(o, "fds", a);
	}
	return o;
}

static struct json_object *status_json(const struct lunl_status_info *st)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "state", json_object_new_string(state_str(st->state)));
	json_object_object_add(o, "sessions", json_object_new_uint64(st->sessions));
	json_object_object_add(o, "fds", json_object_new_uint64(st->fds));
	json_object_object_add(o, "incoming", json_object_new_uint64(st->incoming));
	json_object_object_add(o, "record_size",
			       json_object_new_uint64(st->record_size));
	json_object_object_add(o, "record_max",
			       json_object_new_uint64(st->record_max));
	if (st->freeze_ns)
		json_object_object_add(o, "freeze_ns",
				       json_object_new_uint64(st->freeze_ns));
	return o;
}

static void fd_text(const struct lunl_fd_info *f, const char *indent,
		    int with_session)
{
	int i;

	printf("%sfd", indent);
	if (with_session)
		printf(" session %s", f->session);
	printf(" token %" PRIu64 " %s size %" PRIu64 " %s",
	       f->token, f->compatible[0] ? f->compatible : "-", f->size,
	       fd_state_str(f->state));
	for (i = 0; i < f->ndeps; i++)
		printf("%s%" PRIu64, i ? "," : " depends ", f->deps[i]);
	if (f->has_label)
		printf(" label %s", f->label);
	printf("\n");
}

static void session_text(const struct lunl_session_info *s)
{
	printf("session %s %s %s%s%s fds %u bytes %" PRIu64 " pages %" PRIu64,
	       s->name, direction_str(s->direction), state_str(s->state),
	       s->flags & LIVEUPDATE_NL_SESSION_FLAGS_OWNED ? " owned" : "",
	       s->owner == LIVEUPDATE_NL_OWNER_DEVICE ? " device" : "",
	       s->fd_count, s->bytes, s->pages);
	if (s->freeze_ns)
		printf(" freeze-ns %" PRIu64, s->freeze_ns);
	if (s->data_len && printable(s->data, s->data_len)) {
		printf(" data \"%.*s\"", (int)s->data_len, (const char *)s->data);
	} else if (s->data_len) {
		char *h = hex(s->data, s->data_len);

		printf(" data-hex %s", h);
		free(h);
	}
	printf("\n");
}

static void status_text(const struct lunl_status_info *st)
{
	printf("state %s sessions %u fds %u incoming %u record %u/%u bytes",
	       state_str(st->state), st->sessions, st->fds, st->incoming,
	       st->record_size, st->record_max);
	if (st->freeze_ns)
		printf(" freeze-ns %" PRIu64, st->freeze_ns);
	printf("\n");
}

/* Every file of a session, through an fd-get dump (no size limit). */
static int list_fds(struct lunl *l, const char *session,
		    struct lunl_fd_info **out)
{
	int n, max = 64;

	for (;;) {
		*out = calloc(max, sizeof(**out));
		if (!*out)
			return -ENOMEM;
		n = lunl_fd_dump(l, session, *out, max);
		if (n < 0 || n <= max)
			return n;
		free(*out);
		max = n + 64;
	}
}

/* Every session, through a session-get dump; the caller frees *out. */
static int list_sessions(struct lunl *l, struct lunl_session_info **out)
{
	int n, max = 256;

	for (;;) {
		*out = calloc(max, sizeof(**out));
		if (!*out)
			return -ENOMEM;
		n = lunl_session_dump(l, *out, max);
		if (n < 0 || n <= max)
			return n;
		free(*out);
		max = n + 256;
	}
}

static int show_one_session(struct lunl *l, const struct lunl_session_info *s,
			    struct json_object *arr)
{
	struct lunl_fd_info *fds;
	int n, i;

	n = list_fds(l, s->name, &fds);
	if (n < 0)
		return fail(l, n, "fd show");
	if (arr) {
		json_object_array_add(arr, session_json(s, fds, n));
	} else {
		session_text(s);
		for (i = 0; i < n; i++)
			fd_text(&fds[i], "    ", 0);
	}
	free(fds);
	return 0;
}

/* "90", "90s", "15m", "2h" or "1d", in seconds; -1 for anything else. */
static long long parse_age(const char *s)
{
	static const struct { char unit; long long secs; } units[] = {
		{ 's', 1 }, { 'm', 60 }, { 'h', 3600 }, { 'd', 86400 },
	};
	unsigned long long v;
	char *end;
	size_t i;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v > LLONG_MAX / 86400)
		return -1;
	if (!*end)
		return v;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (end[0] == units[i].unit && !end[1])
			return v * units[i].secs;
	if (!strcmp(end, "min"))
		return v * 60;
	return -1;
}

/* Whether any file of incoming session @s was restored: 1, 0 or -errno. */
static int session_claimed(struct lunl *l, const struct lunl_session_info *s)
{
	struct lunl_fd_info *fds;
	int n, i, claimed = 0;

	lunl_set_direction(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	n = list_fds(l, s->name, &fds);
	lunl_set_direction(l, direction);
	for (i = 0; i < n; i++)
		claimed |= fds[i].state == LIVEUPDATE_NL_FD_STATE_RESTORED;
	free(fds);
	return n < 0 ? n : claimed;
}

/*
 * session expire AGE [NAME...]: finish, discarding them, the incoming
 * sessions (all, or those named) that nobody claimed (no file restored)
 * once AGE has passed since boot, when the previous kernel handed them
 * over; until finished they pin the memory they carry. Sessions of
 * /dev/liveupdate are left to their owner.
 */
static int session_expire(struct lunl *l, int argc, char **argv)
{
	struct lunl_session_info *ss = NULL;
	int n, i, k, rc = 0, err, *seen;
	long long age, waited;
	struct timespec now;

	if (argc < 2)
		return bad_usage("%s", "usage: session expire AGE [NAME...]");
	age = parse_age(argv[1]);
	if (age < 0)
		return bad_usage("bad age '%s' (seconds, or with s, m, h or d)",
				 argv[1]);
	REACH(l);
	clock_gettime(CLOCK_BOOTTIME, &now);
	waited = now.tv_sec;
	seen = calloc(argc, sizeof(*seen));
	if (!seen)
		return EXIT_SYSTEM;
	n = list_sessions(l, &ss);
	if (n < 0)
		rc = fail(l, n, "session expire");
	for (i = 0; i < n && !rc; i++) {
		const struct lunl_session_info *s = &ss[i];
		int named = argc == 2;

		if (s->direction != LIVEUPDATE_NL_DIRECTION_INCOMING)
			continue;
		for (k = 2; k < argc; k++)
			if (!strcmp(argv[k], s->name))
				named = seen[k] = 1;
		if (!named)
			continue;
		if (s->owner == LIVEUPDATE_NL_OWNER_DEVICE) {
			printf("session %s: made through /dev/liveupdate, left to its owner\n",
			       s->name);
			continue;
		}
		err = session_claimed(l, s);
		if (err == -ENOENT)	/* finished meanwhile */
			continue;
		if (err < 0) {
			rc = fail(l, err, "session expire");
			break;
		}
		if (err) {
			printf("session %s: kept, a file was restored\n", s->name);
			continue;
		}
		if (waited < age) {
			printf("session %s: unclaimed for %llds, expires after %llds\n",
			       s->name, waited, age);
			continue;
		}
		lunl_set_direction(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
		err = lunl_session_finish(l, s->name, 1);
		lunl_set_direction(l, direction);
		if (err == -ENOENT)
			continue;
		if (err) {
			rc = fail(l, err, "session expire");
			break;
		}
		printf("session %s: expired, unclaimed for %llds: %u files, %" PRIu64
		       " bytes discarded\n", s->name, waited, s->fd_count,
		       s->bytes);
	}
	for (k = 2; k < argc && !rc; k++)
		if (!seen[k]) {
			fprintf(stderr, "luctl: session expire: no incoming session %s\n",
				argv[k]);
			rc = EXIT_REFUSED;
		}
	free(seen);
	free(ss);
	return rc;
}

static int cmd_session(struct lunl *l, int argc, char **argv)
{
	struct lunl_session_info *ss;
	struct json_object *arr;
	int err, n, i, rc = 0;

	if (argc < 1)
		return bad_usage("%s", "session: missing command");
	if (!strcmp(argv[0], "add") || !strcmp(argv[0], "set")) {
		static uint8_t data[LIVEUPDATE_NL_USER_DATA_MAX];
		int set = !strcmp(argv[0], "set"), has_data = 0;
		uint32_t flags = 0;
		size_t len = 0;

		if (argc < 2)
			return bad_usage("usage: session %s NAME ...", argv[0]);
		for (i = 2; i < argc; i++) {
			if (!set && !strcmp(argv[i], "owned")) {
				flags = LIVEUPDATE_NL_SESSION_FLAGS_OWNED;
			} else if (!strcmp(argv[i], "data") ||
				   !strcmp(argv[i], "data-hex")) {
				int big = i + 1 < argc ?
					  parse_data(argv[i], argv[i + 1], data, &len) : -1;

				if (big > 0) {
					char msg[64];

					snprintf(msg, sizeof(msg),
						 "user data is %d bytes, at most %d",
						 big, LIVEUPDATE_NL_USER_DATA_MAX);
					return bad_usage("%s", msg);
				}
				if (big < 0)
					return bad_usage("%s needs text, or hex digits in pairs",
							 argv[i]);
				has_data = 1;
				i++;
			} else {
				return bad_usage("unknown session argument '%s'",
						 argv[i]);
			}
		}
		if (set && !has_data)
			return bad_usage("%s", "usage: session set NAME data TEXT | data-hex HEX");
		REACH(l);
		ss = calloc(1, sizeof(*ss));
		if (!ss)
			return EXIT_SYSTEM;
		if (set)
			err = lunl_session_set(l, argv[1], data, len, ss);
		else
			err = lunl_session_new_data(l, argv[1], flags,
						    has_data ? data : NULL, len, ss);
		if (err)
			return free(ss), fail(l, err, set ? "session set" : "session add");
		if (json_out) {
			struct json_object *o = session_json(ss, NULL, 0);

			json_print(o);
			json_object_put(o);
		} else {
			session_text(ss);
		}
		free(ss);
		return 0;
	}
	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			return bad_usage("%s", "usage: session del NAME");
		REACH(l);
		err = lunl_session_del(l, argv[1]);
		return err ? fail(l, err, "session del") : 0;
	}
	if (!strcmp(argv[0], "finish")) {
		int discard = 0;

		if (argc < 2 || argc > 3)
			return bad_usage("%s", "usage: session finish NAME [discard]");
		if (argc == 3) {
			if (strcmp(argv[2], "discard"))
				return bad_usage("unknown finish option '%s'", argv[2]);
			discard = 1;
		}
		REACH(l);
		err = lunl_session_finish(l, argv[1], discard);
		return err ? fail(l, err, "session finish") : 0;
	}
	if (!strcmp(argv[0], "expire"))
		return session_expire(l, argc, argv);
	if (strcmp(argv[0], "show") && strcmp(argv[0], "list"))
		return bad_usage("unknown session command '%s'", argv[0]);
	if (argc > 2)
		return bad_usage("%s", "usage: session show [NAME]");

	REACH(l);
	arr = json_out ? json_object_new_array() : NULL;
	if (argc == 2) {
		ss = calloc(1, sizeof(*ss));
		err = lunl_session_get(l, argv[1], ss);
		if (err)
			rc = fail(l, err, "session show");
		else
			rc = show_one_session(l, ss, arr);
		free(ss);
	} else {
		n = list_sessions(l, &ss);
		if (n < 0)
			rc = fail(l, n, "session show");
		for (i = 0; i < n && !rc; i++)
			rc = show_one_session(l, &ss[i], arr);
		free(ss);
	}
	if (arr) {
		if (!rc)
			json_print(arr);
		json_object_put(arr);
	}
	return rc;
}

/* Take a copy of another process's descriptor. */
static int adopt_fd(pid_t pid, int fd)
{
	int pidfd, got;

	pidfd = syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return -errno;
	got = syscall(SYS_pidfd_getfd, pidfd, fd, 0);
	if (got < 0)
		got = -errno;
	close(pidfd);
	return got;
}

/* Send the restored descriptors over a unix socket with SCM_RIGHTS. */
/* A stream socket connected to the unix socket at @path, or -errno. */
static int connect_unix(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s, err;

	if (strlen(path) >= sizeof(sun.sun_path))
		return -ENAMETOOLONG;
	strcpy(sun.sun_path, path);
	s = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return -errno;
	if (connect(s, (struct sockaddr *)&sun, sizeof(sun))) {
		err = -errno;
		close(s);
		return err;
	}
	return s;
}

/* One message on @s: the tokens, space separated, and the descriptors. */
static int send_fds(int s, const int *fds, const uint64_t *tokens, int n)
{
	char text[MAX_SEND * 21 + 2], cbuf[CMSG_SPACE(sizeof(int) * MAX_SEND)];
	struct msghdr mh = { 0 };
	struct cmsghdr *c;
	struct iovec iov;
	int i, len = 0;

	/* MAX_SEND tokens of at most 20 digits and a space fit. */
	for (i = 0; i < n; i++)
		len += snprintf(text + len, sizeof(text) - len, "%s%" PRIu64,
				i ? " " : "", tokens[i]);
	len += snprintf(text + len, sizeof(text) - len, "\n");
	iov.iov_base = text;
	iov.iov_len = len;
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = cbuf;
	mh.msg_controllen = CMSG_SPACE(sizeof(int) * n);
	c = CMSG_FIRSTHDR(&mh);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int) * n);
	memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	return sendmsg(s, &mh, MSG_NOSIGNAL) < 0 ? -errno : 0;
}

/* 0 if @path is an executable regular file, else 127 or 126. */
static int runnable(const char *path)
{
	struct stat st;

	if (stat(path, &st))
		return EXIT_NOCMD;
	return S_ISREG(st.st_mode) && !access(path, X_OK) ? 0 : EXIT_NOEXEC;
}

/*
 * Where execvp() would find @cmd: 0, or the exit code of a shell that
 * cannot run it (127 not found, 126 found but not executable).
 */
static int command_runs(const char *cmd)
{
	const char *path = getenv("PATH"), *p, *end;
	char buf[PATH_MAX];
	int found = 0, rc;

	if (strchr(cmd, '/'))
		return runnable(cmd);
	for (p = path ? path : "/bin:/usr/bin"; ; p = end + 1) {
		end = strchrnul(p, ':');
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(end - p), p,
			 end > p ? "/" : "", cmd);
		rc = runnable(buf);
		if (!rc)
			return 0;
		if (rc == EXIT_NOEXEC)
			found = 1;
		if (!*end)
			break;
	}
	return found ? EXIT_NOEXEC : EXIT_NOCMD;
}

/*
 * LISTEN_FDNAMES names a file by its label, or by its token if it has no
 * label that systemd accepts as a name (printable, no ':', at most 255).
 */
static void listen_name(char *out, size_t size, const char *label,
			uint64_t token)
{
	const char *c;

	if (label && strlen(label) <= 255) {
		for (c = label; *c && *c != ':' && isprint((unsigned char)*c); c++)
			;
		if (!*c) {
			snprintf(out, size, "%s", label);
			return;
		}
	}
	snprintf(out, size, "%" PRIu64, token);
}

/*
 * The command gets the files the way systemd passes them (sd_listen_fds(3)):
 * descriptors from 3 on, LISTEN_FDS, LISTEN_PID and LISTEN_FDNAMES. When
 * TOKEN=FD put them elsewhere, none of these is set.
 */
static int set_listen_env(const int *want, const char **labels,
			  const uint64_t *tokens, int n)
{
	char num[32], *names, name[256];
	size_t len = 0, size = (size_t)n * 257 + 1;
	int i;

	unsetenv("LISTEN_FDS");
	unsetenv("LISTEN_PID");
	unsetenv("LISTEN_FDNAMES");
	for (i = 0; i < n; i++)
		if (want[i] != 3 + i)
			return 0;
	names = malloc(size);
	if (!names)
		return -ENOMEM;
	names[0] = '\0';
	for (i = 0; i < n; i++) {
		listen_name(name, sizeof(name), labels[i], tokens[i]);
		len += snprintf(names + len, size - len, "%s%s", i ? ":" : "",
				name);
	}
	snprintf(num, sizeof(num), "%d", n);
	setenv("LISTEN_FDS", num, 1);
	/* exec keeps the pid. */
	snprintf(num, sizeof(num), "%d", (int)getpid());
	setenv("LISTEN_PID", num, 1);
	setenv("LISTEN_FDNAMES", names, 1);
	free(names);
	return 0;
}

/* After a failure that followed a restore: nothing is lost. */
static void say_retry(void)
{
	fprintf(stderr,
		"luctl: fd restore: the files stay in the session and can be restored again until it is finished: fix the cause and run the same command\n");
}

static int cmd_fd_restore(struct lunl *l, int argc, char **argv)
{
	const char *send_to = NULL, *session, **labels;
	int n = 0, i, k, err, rc, next = 3, sock = -1;
	char fdstr[12], **names;
	char **cmd = NULL;
	uint64_t *tokens;
	int *want, *got;

	if (argc < 3)
		return bad_usage("%s",
				 "usage: fd restore SESSION {TOKEN[=FD] | --label LABEL[=FD]}... [--send-to PATH] [-- CMD [ARGS]]");
	session = argv[1];
	tokens = calloc(argc, sizeof(*tokens));
	labels = calloc(argc, sizeof(*labels));
	want = calloc(argc, sizeof(*want));
	got = calloc(argc, sizeof(*got));
	names = calloc(argc, sizeof(*names));
	if (!tokens || !labels || !want || !got || !names)
		return EXIT_SYSTEM;
	for (i = 2; i < argc; i++) {
		char *eq;

		if (!strcmp(argv[i], "--")) {
			cmd = &argv[i + 1];
			break;
		}
		if (!strcmp(argv[i], "--send-to")) {
			if (++i >= argc)
				return bad_usage("%s", "--send-to needs a path");
			send_to = argv[i];
			continue;
		}
		if (!strcmp(argv[i], "--label")) {
			if (++i >= argc || !argv[i][0])
				return bad_usage("%s", "--label needs a label");
			labels[n] = argv[i];
		}
		/* A label may hold '=': the descriptor number is after the last. */
		eq = strrchr(argv[i], '=');
		if (eq && labels[n] && !isdigit((unsigned char)eq[1]))
			eq = NULL;
		if (eq)
			*eq = '\0';
		if (!labels[n] && parse_u64(argv[i], &tokens[n]))
			return bad_usage("bad token '%s'", argv[i]);
		if (eq) {
			uint64_t fdnum;

			if (parse_u64(eq + 1, &fdnum) || fdnum < 3 || fdnum > 1023)
				return bad_usage("bad descriptor number '%s' (3 to 1023)",
						 eq + 1);
			want[n] = (int)fdnum;
		} else {
			want[n] = next;
		}
		next = want[n] + 1;
		for (k = 0; k < n; k++) {
			if (want[k] == want[n]) {
				snprintf(fdstr, sizeof(fdstr), "%d", want[n]);
				return bad_usage("descriptor %s given to two files",
						 fdstr);
			}
		}
		if (want[n] > 1023)
			return bad_usage("%s", "fd restore: descriptors go up to 1023");
		n++;
	}
	if (!n)
		return bad_usage("%s", "fd restore: name at least one token or label");
	if (cmd && !cmd[0])
		return bad_usage("%s", "fd restore: missing command after --");
	if (!cmd && !send_to)
		return bad_usage("%s",
				 "fd restore: give a command after -- or --send-to PATH");
	if (send_to && n > MAX_SEND)
		return bad_usage("%s", "fd restore: --send-to passes at most 253 files");

	/* What can fail is checked before any file is restored. */
	if (cmd) {
		rc = command_runs(cmd[0]);
		if (rc) {
			fprintf(stderr, "luctl: fd restore: %s: %s; nothing restored\n",
				cmd[0], rc == EXIT_NOCMD ? "command not found"
							 : "cannot be run");
			return rc;
		}
	}
	REACH(l);
	/* Restore takes an incoming session: so does the check. */
	if (direction < 0)
		lunl_set_direction(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	for (i = 0; i < n; i++) {
		struct lunl_fd_key key = { .token = &tokens[i] };
		struct lunl_fd_info info;

		if (labels[i])
			key = (struct lunl_fd_key){ .label = labels[i] };
		err = lunl_fd_get_key(l, session, key, &info);
		if (err)
			return fail(l, err, "fd restore");
		if (info.state == LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE) {
			fprintf(stderr,
				"luctl: fd restore: token %" PRIu64 " cannot be restored (unrecoverable); nothing restored\n",
				info.token);
			return EXIT_REFUSED;
		}
	}
	if (send_to) {
		sock = connect_unix(send_to);
		if (sock < 0) {
			fprintf(stderr, "luctl: --send-to %s: %s; nothing restored\n",
				send_to, strerror(-sock));
			return EXIT_SYSTEM;
		}
	}

	for (i = 0; i < n; i++) {
		struct lunl_fd_key key = { .token = &tokens[i] };
		struct lunl_fd_info info;

		if (labels[i])
			key = (struct lunl_fd_key){ .label = labels[i] };
		/* Descriptors that cross exec must not be close-on-exec. */
		err = lunl_fd_restore_key(l, session, key,
					  cmd ? LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC : 0,
					  &got[i], &info);
		if (err) {
			rc = fail(l, err, "fd restore");
			while (i--)
				close(got[i]);
			if (sock >= 0)
				close(sock);
			say_retry();
			return rc;
		}
		tokens[i] = info.token;
		/* LISTEN_FDNAMES: the file's own label, however it was named. */
		if (info.has_label)
			names[i] = strdup(info.label);
		if (!json_out && !cmd)
			fprintf(stderr, "luctl: restored token %" PRIu64 "%s%s\n",
				tokens[i], labels[i] ? " label " : "",
				labels[i] ? labels[i] : "");
	}
	if (send_to) {
		err = send_fds(sock, got, tokens, n);
		close(sock);
		if (err) {
			fprintf(stderr, "luctl: --send-to %s: %s\n", send_to,
				strerror(-err));
			say_retry();
			return EXIT_SYSTEM;
		}
		if (!cmd)
			return 0;
	}
	if (set_listen_env(want, (const char **)names, tokens, n)) {
		perror("luctl: fd restore");
		say_retry();
		return EXIT_SYSTEM;
	}
	/*
	 * Move every descriptor to its number without clobbering another:
	 * first above every target, then into place.
	 */
	for (i = 0, next = 3; i < n; i++)
		if (want[i] >= next)
			next = want[i] + 1;
	for (i = 0; i < n; i++) {
		int tmp = fcntl(got[i], F_DUPFD, next);

		if (tmp < 0) {
			perror("luctl: fd restore: fcntl");
			say_retry();
			return EXIT_SYSTEM;
		}
		close(got[i]);
		got[i] = tmp;
	}
	lunl_close(l);
	for (i = 0; i < n; i++) {
		if (dup2(got[i], want[i]) < 0) {
			perror("luctl: fd restore: dup2");
			say_retry();
			return EXIT_SYSTEM;
		}
		close(got[i]);
	}
	execvp(cmd[0], cmd);
	rc = errno == ENOENT ? EXIT_NOCMD : EXIT_NOEXEC;
	fprintf(stderr, "luctl: cannot run %s: %s\n", cmd[0], strerror(errno));
	say_retry();
	return rc;
}

/*
 * "SESSION TOKEN" or "SESSION --label LABEL": how a command names a file.
 * 0, -1 for a bad command line, -2 for a bad token.
 */
static int parse_key(int nargs, char **args, const char *label,
		     uint64_t *token, struct lunl_fd_key *key)
{
	if (label && nargs == 1) {
		*key = (struct lunl_fd_key){ .label = label };
		return 0;
	}
	if (label || nargs != 2)
		return -1;
	if (parse_u64(args[1], token))
		return -2;
	*key = (struct lunl_fd_key){ .token = token };
	return 0;
}

static void fds_print(const struct lunl_fd_info *fds, int n)
{
	int i;

	if (json_out) {
		struct json_object *arr = json_object_new_array();

		for (i = 0; i < n; i++)
			json_object_array_add(arr, fd_json(&fds[i], 1));
		json_print(arr);
		json_object_put(arr);
	} else {
		for (i = 0; i < n; i++)
			fd_text(&fds[i], "", 1);
	}
}

static int cmd_fd(struct lunl *l, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fd", required_argument, NULL, 'f' },
		{ "pid", required_argument, NULL, 'P' },
		{ "label", required_argument, NULL, 'L' },
		{ }
	};
	const char *label = NULL, *op;
	struct lunl_fd_info *fds;
	long fd = -1, pid = 0;	/* parse_int() */
	struct lunl_fd_key key;
	int err, n, c, nargs;
	uint64_t token;
	char **args;

	if (argc < 1)
		return bad_usage("%s", "fd: missing command");
	op = argv[0];
	if (!strcmp(op, "restore"))
		return cmd_fd_restore(l, argc, argv);
	/* Options may follow SESSION and TOKEN: let getopt permute. */
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c == 'f' && parse_int(optarg, 0, INT_MAX, &fd))
			return bad_usage("bad descriptor number '%s'", optarg);
		if (c == 'P' && parse_int(optarg, 1, INT_MAX, &pid))
			return bad_usage("bad pid '%s'", optarg);
		if (c == 'L')
			label = optarg;
		if (c == '?')
			return bad_usage("bad option or missing value: '%s'",
					 optopt ? (char[]){ '-', optopt, 0 } :
					 argv[optind - 1]);
	}
	args = argv + optind;
	nargs = argc - optind;
	if (strcmp(op, "add") && (fd >= 0 || pid))
		return bad_usage("%s", "--fd and --pid go with fd add only");

	if (!strcmp(op, "add")) {
		int use;

		if (nargs != 2 || fd < 0)
			return bad_usage("%s",
					 "usage: fd add SESSION TOKEN --fd N [--pid PID] [--label LABEL]");
		if (parse_u64(args[1], &token))
			return bad_usage("bad token '%s'", args[1]);
		REACH(l);
		use = fd;
		if (pid > 0) {
			use = adopt_fd(pid, fd);
			if (use < 0) {
				fprintf(stderr, "luctl: fd %ld of pid %ld: %s\n", fd,
					pid, strerror(-use));
				return use == -EPERM ? EXIT_PERM : EXIT_SYSTEM;
			}
		}
		err = lunl_fd_add_label(l, args[0], use, token, label);
		if (pid > 0)
			close(use);
		return err ? fail(l, err, "fd add") : 0;
	}
	if (!strcmp(op, "del")) {
		err = parse_key(nargs, args, label, &token, &key);
		if (err == -2)
			return bad_usage("bad token '%s'", args[1]);
		if (err)
			return bad_usage("%s", "usage: fd del SESSION TOKEN | --label LABEL");
		REACH(l);
		err = lunl_fd_del_key(l, args[0], key);
		return err ? fail(l, err, "fd del") : 0;
	}
	if (strcmp(op, "show") && strcmp(op, "list"))
		return bad_usage("unknown fd command '%s'", op);
	if (nargs == 1 && !label) {
		REACH(l);
		n = list_fds(l, args[0], &fds);
	} else {
		err = parse_key(nargs, args, label, &token, &key);
		if (err == -2)
			return bad_usage("bad token '%s'", args[1]);
		if (err)
			return bad_usage("%s",
					 "usage: fd show SESSION [TOKEN | --label LABEL]");
		REACH(l);
		fds = calloc(1, sizeof(*fds));
		if (!fds)
			return EXIT_SYSTEM;
		err = lunl_fd_get_key(l, args[0], key, fds);
		n = err ? err : 1;
	}
	if (n < 0) {
		free(fds);
		return fail(l, n, "fd show");
	}
	fds_print(fds, n);
	free(fds);
	return 0;
}

static int cmd_system(struct lunl *l, const char *what)
{
	struct lunl_status_info st;
	int err;

	REACH(l);
	if (!strcmp(what, "freeze"))
		err = lunl_freeze(l, &st);
	else if (!strcmp(what, "unfreeze"))
		err = lunl_unfreeze(l, &st);
	else
		err = lunl_status(l, &st);
	if (err)
		return fail(l, err, what);
	if (json_out) {
		struct json_object *o = status_json(&st);

		json_print(o);
		json_object_put(o);
	} else {
		status_text(&st);
	}
	return 0;
}

static const char *event_name(int cmd)
{
	switch (cmd) {
	case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF: return "session-new";
	case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF: return "session-del";
	case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF: return "session-finish";
	case LIVEUPDATE_NL_CMD_SESSION_SET_NTF: return "session-set";
	case LIVEUPDATE_NL_CMD_FD_ADD_NTF: return "fd-add";
	case LIVEUPDATE_NL_CMD_FD_DEL_NTF: return "fd-del";
	case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF: return "fd-restore";
	case LIVEUPDATE_NL_CMD_FREEZE_NTF: return "freeze";
	case LIVEUPDATE_NL_CMD_UNFREEZE_NTF: return "unfreeze";
	case LIVEUPDATE_NL_CMD_INCOMING_NTF: return "incoming";
	}
	return "unknown";
}

/* Print one monitor line of JSON, tagged with its event. */
static void monitor_json(struct json_object *o, const char *event)
{
	json_object_object_add(o, "event", json_object_new_string(event));
	json_print(o);
	json_object_put(o);
}

/*
 * The state a monitor starts from (--dump), or resynchronizes to after an
 * overrun: every session with its files, then the status, each line
 * tagged [dump] ("event": "dump"). It has a socket of its own: the
 * monitor's carries the notifications meanwhile.
 */
static int monitor_dump(void)
{
	struct lunl d = { .direction = -1, .monitor_grp = -1 };
	struct lunl_session_info *ss = NULL;
	struct lunl_status_info st;
	int n, i, k, nf, rc;

	rc = reach(&d);
	if (rc)
		return rc;
	n = list_sessions(&d, &ss);
	if (n < 0)
		rc = fail(&d, n, "monitor: dump");
	for (i = 0; i < n && !rc; i++) {
		struct lunl_fd_info *fds;

		lunl_set_direction(&d, ss[i].direction);
		nf = list_fds(&d, ss[i].name, &fds);
		if (nf == -ENOENT) {
			/* Gone since the session dump: a notification says so. */
			free(fds);
			continue;
		}
		if (nf < 0) {
			free(fds);
			rc = fail(&d, nf, "monitor: dump");
			break;
		}
		if (json_out) {
			monitor_json(session_json(&ss[i], fds, nf), "dump");
		} else {
			printf("[dump] ");
			session_text(&ss[i]);
			for (k = 0; k < nf; k++)
				fd_text(&fds[k], "    ", 0);
		}
		free(fds);
	}
	free(ss);
	lunl_set_direction(&d, -1);
	if (!rc) {
		n = lunl_status(&d, &st);
		if (n) {
			rc = fail(&d, n, "monitor: dump");
		} else if (json_out) {
			monitor_json(status_json(&st), "dump");
		} else {
			printf("[dump] ");
			status_text(&st);
		}
	}
	lunl_close(&d);
	return rc;
}

/*
 * The socket's buffer overran: the kernel dropped notifications, and the
 * socket counts them. Say how many, then dump the state again; what was
 * queued before is dropped too, as the dump supersedes it.
 */
static int monitor_overrun(struct lunl *l, long long *dropped)
{
	struct lunl_event ev;
	long long now, lost;

	int queued = 0;

	/*
	 * What is still queued happened before the dump, which shows it.
	 * Bounded: a steady stream of changes must not keep us here.
	 */
	while (queued++ < 4096 && lunl_next_event(l, &ev, 0) != -ETIMEDOUT)
		;
	now = lunl_dropped(l);
	lost = now >= 0 ? now - *dropped : -1;

	if (now >= 0)
		*dropped = now;
	if (json_out) {
		struct json_object *o = json_object_new_object();

		if (lost >= 0)
			json_object_object_add(o, "lost", json_object_new_int64(lost));
		monitor_json(o, "overrun");
	} else if (lost >= 0) {
		printf("[overrun] lost %lld events; dumping the state again\n",
		       lost);
	} else {
		printf("[overrun] lost events; dumping the state again\n");
	}
	return monitor_dump();
}

static int cmd_monitor(struct lunl *l, int argc, char **argv)
{
	long long dropped = 0;
	struct lunl_event ev;
	int err, i, dump = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--dump"))
			return bad_usage("unknown monitor argument '%s'", argv[i]);
		dump = 1;
	}
	REACH(l);
	if (rcvbuf && lunl_set_rcvbuf(l, rcvbuf)) {
		fprintf(stderr, "luctl: --rcvbuf %d: %s\n", rcvbuf, strerror(errno));
		return EXIT_SYSTEM;
	}
	/* Join first: a change made during the dump is then reported too. */
	err = lunl_monitor(l);
	if (err)
		return fail(l, err, "monitor");
	setvbuf(stdout, NULL, _IOLBF, 0);
	pretty = 0;
	if (dump) {
		err = monitor_dump();
		if (err)
			return err;
	}
	for (;;) {
		err = lunl_next_event(l, &ev, -1);
		if (err == -EAGAIN || err == -ETIMEDOUT)
			continue;
		if (err == -ENOBUFS) {
			err = monitor_overrun(l, &dropped);
			if (err)
				return err;
			continue;
		}
		if (err)
			return fail(l, err, "monitor");
		if (json_out) {
			struct json_object *o;

			switch (ev.cmd) {
			case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF:
			case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF:
			case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF:
			case LIVEUPDATE_NL_CMD_SESSION_SET_NTF:
				o = session_json(&ev.session, NULL, 0);
				break;
			case LIVEUPDATE_NL_CMD_FD_ADD_NTF:
			case LIVEUPDATE_NL_CMD_FD_DEL_NTF:
			case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF:
				o = fd_json(&ev.fd, 1);
				break;
			default:
				o = status_json(&ev.status);
			}
			monitor_json(o, event_name(ev.cmd));
			continue;
		}
		printf("[%s] ", event_name(ev.cmd));
		switch (ev.cmd) {
		case LIVEUPDATE_NL_CMD_SESSION_NEW_NTF:
		case LIVEUPDATE_NL_CMD_SESSION_DEL_NTF:
		case LIVEUPDATE_NL_CMD_SESSION_FINISH_NTF:
		case LIVEUPDATE_NL_CMD_SESSION_SET_NTF:
			session_text(&ev.session);
			break;
		case LIVEUPDATE_NL_CMD_FD_ADD_NTF:
		case LIVEUPDATE_NL_CMD_FD_DEL_NTF:
		case LIVEUPDATE_NL_CMD_FD_RESTORE_NTF:
			fd_text(&ev.fd, "", 1);
			break;
		default:
			status_text(&ev.status);
		}
	}
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "pretty", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ "rcvbuf", required_argument, NULL, 'r' },
		{ "incoming", no_argument, NULL, 'I' },
		{ "outgoing", no_argument, NULL, 'O' },
		{ }
	};
	struct lunl l = { .direction = -1, .monitor_grp = -1 };
	const char *object;
	int c, rc;
	long v;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jphVr:", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			json_out = 1;
			break;
		case 'p':
			pretty = 1;
			break;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case 'V':
			printf("luctl %s\n", LUCTL_VERSION);
			return EXIT_OK;
		case 'r':
			if (parse_int(optarg, 1, INT_MAX, &v))
				return bad_usage("bad receive buffer size '%s'", optarg);
			rcvbuf = v;
			break;
		case 'I':
			direction = LIVEUPDATE_NL_DIRECTION_INCOMING;
			break;
		case 'O':
			direction = LIVEUPDATE_NL_DIRECTION_OUTGOING;
			break;
		default:
			return bad_usage("bad option or missing value: '%s'",
					 optopt ? (char[]){ '-', optopt, 0 } :
					 argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EXIT_USAGE;
	}
	object = argv[0];
	if (!strcmp(object, "help")) {
		if (argc > 1)
			return object_help(argv[1]);
		usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(object, "session") && strcmp(object, "fd") &&
	    strcmp(object, "freeze") && strcmp(object, "unfreeze") &&
	    strcmp(object, "status") && strcmp(object, "monitor"))
		return bad_usage("unknown object '%s'", object);
	if (argc > 1 && (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") ||
			 !strcmp(argv[1], "-h")))
		return object_help(object);

	/* Each command opens the socket once its arguments are checked. */
	if (!strcmp(object, "session"))
		rc = cmd_session(&l, argc - 1, argv + 1);
	else if (!strcmp(object, "fd"))
		rc = cmd_fd(&l, argc - 1, argv + 1);
	else if (!strcmp(object, "monitor"))
		rc = cmd_monitor(&l, argc - 1, argv + 1);
	else if (argc > 1)
		rc = bad_usage("%s: takes no arguments", object);
	else
		rc = cmd_system(&l, object);
	lunl_close(&l);
	return rc;
}
