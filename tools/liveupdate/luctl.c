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

#include "liveupdate-nl.h"

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

/* The connection, opened by the first request. */
struct conn {
	struct liveupdate_nl *h;
};

/*
 * Open the family's socket once every argument has been checked, so that
 * a bad command line is reported as one (exit 2) on any kernel.
 */
static int reach(struct conn *l)
{
	int err;

	if (l->h)
		return 0;
	err = liveupdate_nl_open(&l->h);
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
	liveupdate_nl_set_direction(l->h, direction);
	return 0;
}

#define REACH(l) do {				\
		int __rc = reach(l);		\
		if (__rc)			\
			return __rc;		\
	} while (0)

/* Requests of @l name sessions in direction @dir from now on. */
static void set_dir(struct conn *l, int dir)
{
	liveupdate_nl_set_direction(l->h, dir);
}

/*
 * Report a failed request: the kernel's message, with the attribute it
 * refused (the policy's length limit too) when it named one.
 */
static int fail(struct conn *l, int err, const char *what)
{
	const char *msg = l && l->h ? liveupdate_nl_error_message(l->h) : "";
	const char *attr = l && l->h ? liveupdate_nl_error_attribute(l->h) : "";
	uint32_t max = l && l->h ? liveupdate_nl_error_max_len(l->h) : 0;

	fprintf(stderr, "luctl: %s: %s", what, strerror(-err));
	if (msg[0])
		fprintf(stderr, ": %s", msg);
	if (attr[0])
		fprintf(stderr, " (%s %s%s", liveupdate_nl_error_missing(l->h) ?
			"missing attribute" : "attribute", attr, max ? "" : ")");
	if (max)
		fprintf(stderr, "%sat most %u bytes)", attr[0] ? ", " : " (", max);
	fprintf(stderr, "\n");
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

static struct json_object *fd_json(const struct liveupdate_nl_file *f,
				   int with_session)
{
	struct json_object *o = json_object_new_object();
	struct json_object *deps = json_object_new_array();
	const char *compatible = liveupdate_nl_file_compatible(f);
	const char *label = liveupdate_nl_file_label(f);
	size_t i;

	if (with_session)
		json_object_object_add(o, "session",
				       json_object_new_string(liveupdate_nl_file_session(f)));
	json_object_object_add(o, "token",
			       json_object_new_uint64(liveupdate_nl_file_token(f)));
	if (compatible[0])
		json_object_object_add(o, "compatible",
				       json_object_new_string(compatible));
	json_object_object_add(o, "size",
			       json_object_new_uint64(liveupdate_nl_file_size(f)));
	json_object_object_add(o, "state",
			       json_object_new_string(fd_state_str(liveupdate_nl_file_state(f))));
	for (i = 0; i < liveupdate_nl_file_ndeps(f); i++)
		json_object_array_add(deps,
				      json_object_new_uint64(liveupdate_nl_file_dep(f, i)));
	json_object_object_add(o, "depends", deps);
	if (label)
		json_object_object_add(o, "label", json_object_new_string(label));
	json_object_object_add(o, "owner",
			       json_object_new_string(owner_str(liveupdate_nl_file_owner(f))));
	return o;
}

/* The files are added as "fds" if @fds. */
static struct json_object *session_json(const struct liveupdate_nl_session *s,
					struct liveupdate_nl_file **fds,
					size_t nfds)
{
	struct json_object *o = json_object_new_object();
	struct json_object *flags = json_object_new_array();
	uint64_t freeze_ns = liveupdate_nl_session_freeze_ns(s);
	const void *data;
	size_t i, len;

	data = liveupdate_nl_session_data(s, &len);
	json_object_object_add(o, "name",
			       json_object_new_string(liveupdate_nl_session_name(s)));
	json_object_object_add(o, "direction",
			       json_object_new_string(direction_str(liveupdate_nl_session_direction(s))));
	json_object_object_add(o, "state",
			       json_object_new_string(state_str(liveupdate_nl_session_state(s))));
	if (liveupdate_nl_session_flags(s) & LIVEUPDATE_NL_SESSION_FLAGS_OWNED)
		json_object_array_add(flags, json_object_new_string("owned"));
	json_object_object_add(o, "flags", flags);
	json_object_object_add(o, "owner",
			       json_object_new_string(owner_str(liveupdate_nl_session_owner(s))));
	json_object_object_add(o, "fd_count",
			       json_object_new_uint64(liveupdate_nl_session_fd_count(s)));
	json_object_object_add(o, "bytes",
			       json_object_new_uint64(liveupdate_nl_session_bytes(s)));
	json_object_object_add(o, "pages",
			       json_object_new_uint64(liveupdate_nl_session_pages(s)));
	if (freeze_ns)
		json_object_object_add(o, "freeze_ns",
				       json_object_new_uint64(freeze_ns));
	if (len) {
		char *h = hex(data, len);

		/* Raw bytes, hex encoded: JSON strings cannot hold any byte. */
		json_object_object_add(o, "user_data", json_object_new_string(h));
		free(h);
	}
	if (fds) {
		struct json_object *a = json_object_new_array();

		for (i = 0; i < nfds; i++)
			json_object_array_add(a, fd_json(fds[i], 0));
		json_object_object_add(o, "fds", a);
	}
	return o;
}

static struct json_object *status_json(const struct liveupdate_nl_status *st)
{
	struct json_object *o = json_object_new_object();
	uint64_t freeze_ns = liveupdate_nl_status_freeze_ns(st);

	json_object_object_add(o, "state",
			       json_object_new_string(state_str(liveupdate_nl_status_state(st))));
	json_object_object_add(o, "sessions",
			       json_object_new_uint64(liveupdate_nl_status_sessions(st)));
	json_object_object_add(o, "fds",
			       json_object_new_uint64(liveupdate_nl_status_fds(st)));
	json_object_object_add(o, "incoming",
			       json_object_new_uint64(liveupdate_nl_status_incoming(st)));
	json_object_object_add(o, "record_size",
			       json_object_new_uint64(liveupdate_nl_status_record_size(st)));
	json_object_object_add(o, "record_max",
			       json_object_new_uint64(liveupdate_nl_status_record_max(st)));
	if (freeze_ns)
		json_object_object_add(o, "freeze_ns",
				       json_object_new_uint64(freeze_ns));
	return o;
}

static void fd_text(const struct liveupdate_nl_file *f, const char *indent,
		    int with_session)
{
	const char *compatible = liveupdate_nl_file_compatible(f);
	const char *label = liveupdate_nl_file_label(f);
	size_t i;

	printf("%sfd", indent);
	if (with_session)
		printf(" session %s", liveupdate_nl_file_session(f));
	printf(" token %" PRIu64 " %s size %" PRIu64 " %s",
	       liveupdate_nl_file_token(f), compatible[0] ? compatible : "-",
	       liveupdate_nl_file_size(f),
	       fd_state_str(liveupdate_nl_file_state(f)));
	for (i = 0; i < liveupdate_nl_file_ndeps(f); i++)
		printf("%s%" PRIu64, i ? "," : " depends ",
		       liveupdate_nl_file_dep(f, i));
	if (label)
		printf(" label %s", label);
	printf("\n");
}

static void session_text(const struct liveupdate_nl_session *s)
{
	uint64_t freeze_ns = liveupdate_nl_session_freeze_ns(s);
	const uint8_t *data;
	size_t len;

	data = liveupdate_nl_session_data(s, &len);
	printf("session %s %s %s%s%s fds %u bytes %" PRIu64 " pages %" PRIu64,
	       liveupdate_nl_session_name(s),
	       direction_str(liveupdate_nl_session_direction(s)),
	       state_str(liveupdate_nl_session_state(s)),
	       liveupdate_nl_session_flags(s) & LIVEUPDATE_NL_SESSION_FLAGS_OWNED ?
	       " owned" : "",
	       liveupdate_nl_session_owner(s) == LIVEUPDATE_NL_OWNER_DEVICE ?
	       " device" : "",
	       liveupdate_nl_session_fd_count(s), liveupdate_nl_session_bytes(s),
	       liveupdate_nl_session_pages(s));
	if (freeze_ns)
		printf(" freeze-ns %" PRIu64, freeze_ns);
	if (len && printable(data, len)) {
		printf(" data \"%.*s\"", (int)len, (const char *)data);
	} else if (len) {
		char *h = hex(data, len);

		printf(" data-hex %s", h);
		free(h);
	}
	printf("\n");
}

static void status_text(const struct liveupdate_nl_status *st)
{
	uint64_t freeze_ns = liveupdate_nl_status_freeze_ns(st);

	printf("state %s sessions %u fds %u incoming %u record %u/%u bytes",
	       state_str(liveupdate_nl_status_state(st)),
	       liveupdate_nl_status_sessions(st), liveupdate_nl_status_fds(st),
	       liveupdate_nl_status_incoming(st),
	       liveupdate_nl_status_record_size(st),
	       liveupdate_nl_status_record_max(st));
	if (freeze_ns)
		printf(" freeze-ns %" PRIu64, freeze_ns);
	printf("\n");
}

/* Objects kept from a dump, as many as it had. */
struct list {
	void **v;
	size_t n, size;
	void *(*dup)(const void *);
};

static int list_keep(struct list *a, const void *o)
{
	void *c, **v;

	if (a->n == a->size) {
		a->size = a->size ? 2 * a->size : 16;
		v = realloc(a->v, a->size * sizeof(*v));
		if (!v)
			return -ENOMEM;
		a->v = v;
	}
	c = a->dup(o);
	if (!c)
		return -ENOMEM;
	a->v[a->n++] = c;
	return 0;
}

static void list_free(struct list *a, void (*free_one)(void *))
{
	while (a->n)
		free_one(a->v[--a->n]);
	free(a->v);
	a->v = NULL;
	a->size = 0;
}

static int keep_file(const struct liveupdate_nl_file *f, void *arg)
{
	return list_keep(arg, f);
}

static int keep_session(const struct liveupdate_nl_session *s, void *arg)
{
	return list_keep(arg, s);
}

static void *dup_file(const void *f)
{
	return liveupdate_nl_file_dup(f);
}

static void *dup_session(const void *s)
{
	return liveupdate_nl_session_dup(s);
}

static void free_file(void *f)
{
	liveupdate_nl_file_free(f);
}

static void free_session(void *s)
{
	liveupdate_nl_session_free(s);
}

/* Dumps that race with a change (-EINTR) are run again, this often. */
#define DUMP_TRIES	20

/* Every file of a session, through an fd-get dump; list_free() them. */
static int list_fds(struct conn *l, const char *session, struct list *out)
{
	int err, tries = 0;

	*out = (struct list){ .dup = dup_file };
	do {
		list_free(out, free_file);
		err = liveupdate_nl_fd_foreach(l->h, session, keep_file, out);
	} while (err == -EINTR && ++tries < DUMP_TRIES);
	return err;
}

/* Every session, through a session-get dump; list_free() them. */
static int list_sessions(struct conn *l, struct list *out)
{
	int err, tries = 0;

	*out = (struct list){ .dup = dup_session };
	do {
		list_free(out, free_session);
		err = liveupdate_nl_session_foreach(l->h, keep_session, out);
	} while (err == -EINTR && ++tries < DUMP_TRIES);
	return err;
}

#define FILE_AT(list, i)	((struct liveupdate_nl_file *)(list).v[i])
#define SESSION_AT(list, i)	((struct liveupdate_nl_session *)(list).v[i])

/* A session and its files, as text or into @arr; the files in its direction. */
static int show_one_session(struct conn *l,
			    const struct liveupdate_nl_session *s,
			    struct json_object *arr)
{
	struct list fds;
	size_t i;
	int err;

	set_dir(l, liveupdate_nl_session_direction(s));
	err = list_fds(l, liveupdate_nl_session_name(s), &fds);
	set_dir(l, direction);
	if (err) {
		list_free(&fds, free_file);
		return err;
	}
	if (arr) {
		json_object_array_add(arr, session_json(s,
				(struct liveupdate_nl_file **)fds.v, fds.n));
	} else {
		session_text(s);
		for (i = 0; i < fds.n; i++)
			fd_text(FILE_AT(fds, i), "    ", 0);
	}
	list_free(&fds, free_file);
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

static int stop_at_restored(const struct liveupdate_nl_file *f, void *arg)
{
	return liveupdate_nl_file_state(f) == LIVEUPDATE_NL_FD_STATE_RESTORED;
}

/* Whether any file of incoming session @name was restored: 1, 0 or -errno. */
static int session_claimed(struct conn *l, const char *name)
{
	int err, tries = 0;

	set_dir(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	do {
		err = liveupdate_nl_fd_foreach(l->h, name, stop_at_restored,
					       NULL);
	} while (err == -EINTR && ++tries < DUMP_TRIES);
	set_dir(l, direction);
	return err;
}

/*
 * session expire AGE [NAME...]: finish, discarding them, the incoming
 * sessions (all, or those named) that nobody claimed (no file restored)
 * once AGE has passed since boot, when the previous kernel handed them
 * over; until finished they pin the memory they carry. Sessions of
 * /dev/liveupdate are left to their owner.
 */
static int session_expire(struct conn *l, int argc, char **argv)
{
	int k, rc = 0, err, *seen;
	long long age, waited;
	struct timespec now;
	struct list ss;
	size_t i;

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
	err = list_sessions(l, &ss);
	if (err)
		rc = fail(l, err, "session expire");
	for (i = 0; i < ss.n && !rc; i++) {
		const struct liveupdate_nl_session *s = SESSION_AT(ss, i);
		const char *name = liveupdate_nl_session_name(s);
		int named = argc == 2;

		if (liveupdate_nl_session_direction(s) !=
		    LIVEUPDATE_NL_DIRECTION_INCOMING)
			continue;
		for (k = 2; k < argc; k++)
			if (!strcmp(argv[k], name))
				named = seen[k] = 1;
		if (!named)
			continue;
		if (liveupdate_nl_session_owner(s) == LIVEUPDATE_NL_OWNER_DEVICE) {
			printf("session %s: made through /dev/liveupdate, left to its owner\n",
			       name);
			continue;
		}
		err = session_claimed(l, name);
		if (err == -ENOENT)	/* finished meanwhile */
			continue;
		if (err < 0) {
			rc = fail(l, err, "session expire");
			break;
		}
		if (err) {
			printf("session %s: kept, a file was restored\n", name);
			continue;
		}
		if (waited < age) {
			printf("session %s: unclaimed for %llds, expires after %llds\n",
			       name, waited, age);
			continue;
		}
		set_dir(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
		err = liveupdate_nl_session_finish(l->h, name, true);
		set_dir(l, direction);
		if (err == -ENOENT)
			continue;
		if (err) {
			rc = fail(l, err, "session expire");
			break;
		}
		printf("session %s: expired, unclaimed for %llds: %u files, %" PRIu64
		       " bytes discarded\n", name, waited,
		       liveupdate_nl_session_fd_count(s),
		       liveupdate_nl_session_bytes(s));
	}
	for (k = 2; k < argc && !rc; k++)
		if (!seen[k]) {
			fprintf(stderr, "luctl: session expire: no incoming session %s\n",
				argv[k]);
			rc = EXIT_REFUSED;
		}
	free(seen);
	list_free(&ss, free_session);
	return rc;
}

static int cmd_session(struct conn *l, int argc, char **argv)
{
	struct liveupdate_nl_session *s = NULL;
	struct json_object *arr;
	int err, i, rc = 0;
	struct list ss;
	size_t k;

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
		if (set)
			err = liveupdate_nl_session_set_data(l->h, argv[1], data,
							     len, &s);
		else
			err = liveupdate_nl_session_new(l->h, argv[1], flags,
							has_data ? data : NULL,
							len, &s);
		if (err)
			return fail(l, err, set ? "session set" : "session add");
		if (json_out) {
			struct json_object *o = session_json(s, NULL, 0);

			json_print(o);
			json_object_put(o);
		} else {
			session_text(s);
		}
		liveupdate_nl_session_free(s);
		return 0;
	}
	if (!strcmp(argv[0], "del")) {
		if (argc != 2)
			return bad_usage("%s", "usage: session del NAME");
		REACH(l);
		err = liveupdate_nl_session_del(l->h, argv[1]);
		return err ? fail(l, err, "session del") : 0;
	}
	if (!strcmp(argv[0], "finish")) {
		bool discard = false;

		if (argc < 2 || argc > 3)
			return bad_usage("%s", "usage: session finish NAME [discard]");
		if (argc == 3) {
			if (strcmp(argv[2], "discard"))
				return bad_usage("unknown finish option '%s'", argv[2]);
			discard = true;
		}
		REACH(l);
		err = liveupdate_nl_session_finish(l->h, argv[1], discard);
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
		err = liveupdate_nl_session_get(l->h, argv[1], &s);
		if (!err)
			err = show_one_session(l, s, arr);
		if (err)
			rc = fail(l, err, "session show");
		liveupdate_nl_session_free(s);
	} else {
		err = list_sessions(l, &ss);
		/* A session gone since the dump: its notification says so. */
		for (k = 0; k < ss.n && !err; k++) {
			err = show_one_session(l, SESSION_AT(ss, k), arr);
			if (err == -ENOENT)
				err = 0;
		}
		if (err)
			rc = fail(l, err, "session show");
		list_free(&ss, free_session);
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

static int cmd_fd_restore(struct conn *l, int argc, char **argv)
{
	const char *send_to = NULL, *session, **labels;
	int n = 0, i, k, err, rc, next = 3, sock = -1;
	size_t at;
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
		set_dir(l, LIVEUPDATE_NL_DIRECTION_INCOMING);
	for (i = 0; i < n; i++) {
		struct liveupdate_nl_file *f;
		uint32_t state;

		err = labels[i] ?
		      liveupdate_nl_fd_get_label(l->h, session, labels[i], &f) :
		      liveupdate_nl_fd_get(l->h, session, tokens[i], &f);
		if (err)
			return fail(l, err, "fd restore");
		state = liveupdate_nl_file_state(f);
		tokens[i] = liveupdate_nl_file_token(f);
		/* LISTEN_FDNAMES: the file's own label, however it was named. */
		if (liveupdate_nl_file_label(f))
			names[i] = strdup(liveupdate_nl_file_label(f));
		liveupdate_nl_file_free(f);
		if (state == LIVEUPDATE_NL_FD_STATE_UNRECOVERABLE) {
			fprintf(stderr,
				"luctl: fd restore: token %" PRIu64 " cannot be restored (unrecoverable); nothing restored\n",
				tokens[i]);
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

	/*
	 * All or none, in as few requests as the kernel allows, by the
	 * tokens the check found. Descriptors that cross exec must not be
	 * close-on-exec.
	 */
	err = liveupdate_nl_fd_restore_many(l->h, session, n, tokens, NULL,
					    cmd ? LIVEUPDATE_NL_RESTORE_FLAGS_NO_CLOEXEC : 0,
					    got, &at);
	if (err) {
		rc = fail(l, err, "fd restore");
		if (sock >= 0)
			close(sock);
		say_retry();
		return rc;
	}
	for (i = 0; i < n && !json_out && !cmd; i++)
		fprintf(stderr, "luctl: restored token %" PRIu64 "%s%s\n",
			tokens[i], labels[i] ? " label " : "",
			labels[i] ? labels[i] : "");
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
	liveupdate_nl_close(l->h);
	l->h = NULL;
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
 * "SESSION TOKEN" or "SESSION --label LABEL": how a command names a file
 * (*token, or the label). 0, -1 for a bad command line, -2 for a bad
 * token.
 */
static int parse_key(int nargs, char **args, const char *label,
		     uint64_t *token)
{
	if (label && nargs == 1)
		return 0;
	if (label || nargs != 2)
		return -1;
	if (parse_u64(args[1], token))
		return -2;
	return 0;
}

static void fds_print(struct liveupdate_nl_file **fds, size_t n)
{
	size_t i;

	if (json_out) {
		struct json_object *arr = json_object_new_array();

		for (i = 0; i < n; i++)
			json_object_array_add(arr, fd_json(fds[i], 1));
		json_print(arr);
		json_object_put(arr);
	} else {
		for (i = 0; i < n; i++)
			fd_text(fds[i], "", 1);
	}
}

static int cmd_fd(struct conn *l, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "fd", required_argument, NULL, 'f' },
		{ "pid", required_argument, NULL, 'P' },
		{ "label", required_argument, NULL, 'L' },
		{ }
	};
	struct liveupdate_nl_file *f = NULL;
	const char *label = NULL, *op;
	long fd = -1, pid = 0;	/* parse_int() */
	int err, c, nargs;
	struct list fds;
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
		err = liveupdate_nl_fd_add(l->h, args[0], use, token, label);
		if (pid > 0)
			close(use);
		return err ? fail(l, err, "fd add") : 0;
	}
	if (!strcmp(op, "del")) {
		err = parse_key(nargs, args, label, &token);
		if (err == -2)
			return bad_usage("bad token '%s'", args[1]);
		if (err)
			return bad_usage("%s", "usage: fd del SESSION TOKEN | --label LABEL");
		REACH(l);
		err = label ? liveupdate_nl_fd_del_label(l->h, args[0], label) :
			      liveupdate_nl_fd_del(l->h, args[0], token);
		return err ? fail(l, err, "fd del") : 0;
	}
	if (strcmp(op, "show") && strcmp(op, "list"))
		return bad_usage("unknown fd command '%s'", op);
	if (nargs == 1 && !label) {
		REACH(l);
		err = list_fds(l, args[0], &fds);
		if (!err)
			fds_print((struct liveupdate_nl_file **)fds.v, fds.n);
		list_free(&fds, free_file);
		return err ? fail(l, err, "fd show") : 0;
	}
	err = parse_key(nargs, args, label, &token);
	if (err == -2)
		return bad_usage("bad token '%s'", args[1]);
	if (err)
		return bad_usage("%s",
				 "usage: fd show SESSION [TOKEN | --label LABEL]");
	REACH(l);
	err = label ? liveupdate_nl_fd_get_label(l->h, args[0], label, &f) :
		      liveupdate_nl_fd_get(l->h, args[0], token, &f);
	if (err)
		return fail(l, err, "fd show");
	fds_print(&f, 1);
	liveupdate_nl_file_free(f);
	return 0;
}

static int cmd_system(struct conn *l, const char *what)
{
	struct liveupdate_nl_status *st;
	int err;

	REACH(l);
	if (!strcmp(what, "freeze"))
		err = liveupdate_nl_freeze(l->h, &st);
	else if (!strcmp(what, "unfreeze"))
		err = liveupdate_nl_unfreeze(l->h, &st);
	else
		err = liveupdate_nl_status_get(l->h, &st);
	if (err)
		return fail(l, err, what);
	if (json_out) {
		struct json_object *o = status_json(st);

		json_print(o);
		json_object_put(o);
	} else {
		status_text(st);
	}
	liveupdate_nl_status_free(st);
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
	struct liveupdate_nl_status *st;
	struct conn d = { };
	struct list ss, fds;
	size_t i, k;
	int err, rc;

	rc = reach(&d);
	if (rc)
		return rc;
	err = list_sessions(&d, &ss);
	if (err)
		rc = fail(&d, err, "monitor: dump");
	for (i = 0; i < ss.n && !rc; i++) {
		const struct liveupdate_nl_session *s = SESSION_AT(ss, i);

		set_dir(&d, liveupdate_nl_session_direction(s));
		err = list_fds(&d, liveupdate_nl_session_name(s), &fds);
		if (err && err != -ENOENT)
			rc = fail(&d, err, "monitor: dump");
		/* -ENOENT: gone since the session dump: an event says so. */
		if (err) {
			list_free(&fds, free_file);
			continue;
		}
		if (json_out) {
			monitor_json(session_json(s,
					(struct liveupdate_nl_file **)fds.v,
					fds.n), "dump");
		} else {
			printf("[dump] ");
			session_text(s);
			for (k = 0; k < fds.n; k++)
				fd_text(FILE_AT(fds, k), "    ", 0);
		}
		list_free(&fds, free_file);
	}
	list_free(&ss, free_session);
	set_dir(&d, LIVEUPDATE_NL_ANY_DIRECTION);
	if (!rc) {
		err = liveupdate_nl_status_get(d.h, &st);
		if (err) {
			rc = fail(&d, err, "monitor: dump");
		} else if (json_out) {
			monitor_json(status_json(st), "dump");
		} else {
			printf("[dump] ");
			status_text(st);
		}
		if (!err)
			liveupdate_nl_status_free(st);
	}
	liveupdate_nl_close(d.h);
	return rc;
}

/*
 * The socket's buffer overran: the kernel dropped notifications, and the
 * socket counts them. Say how many, then dump the state again; what was
 * queued before is dropped too, as the dump supersedes it.
 */
static int monitor_overrun(struct conn *l, int64_t *dropped)
{
	struct liveupdate_nl_event *ev;
	int64_t now, lost;
	int queued = 0;

	/*
	 * What is still queued happened before the dump, which shows it.
	 * Bounded: a steady stream of changes must not keep us here.
	 */
	while (queued++ < 4096 &&
	       liveupdate_nl_next_event(l->h, 0, &ev) != -ETIMEDOUT)
		liveupdate_nl_event_free(ev);
	now = liveupdate_nl_dropped(l->h);
	lost = now >= 0 ? now - *dropped : -1;

	if (now >= 0)
		*dropped = now;
	if (json_out) {
		struct json_object *o = json_object_new_object();

		if (lost >= 0)
			json_object_object_add(o, "lost", json_object_new_int64(lost));
		monitor_json(o, "overrun");
	} else if (lost >= 0) {
		printf("[overrun] lost %" PRId64 " events; dumping the state again\n",
		       lost);
	} else {
		printf("[overrun] lost events; dumping the state again\n");
	}
	return monitor_dump();
}

/* One event, as a line of text or of JSON. */
static void monitor_print(const struct liveupdate_nl_event *ev)
{
	const struct liveupdate_nl_session *s = liveupdate_nl_event_session(ev);
	const struct liveupdate_nl_file *f = liveupdate_nl_event_file(ev);
	const struct liveupdate_nl_status *st = liveupdate_nl_event_status(ev);
	const char *name = event_name(liveupdate_nl_event_cmd(ev));

	if (json_out) {
		monitor_json(s ? session_json(s, NULL, 0) :
			     f ? fd_json(f, 1) :
			     st ? status_json(st) : json_object_new_object(),
			     name);
		return;
	}
	printf("[%s] ", name);
	if (s)
		session_text(s);
	else if (f)
		fd_text(f, "", 1);
	else if (st)
		status_text(st);
	else	/* a newer kernel's event */
		printf("command %u\n", liveupdate_nl_event_cmd(ev));
}

static int cmd_monitor(struct conn *l, int argc, char **argv)
{
	struct liveupdate_nl_event *ev;
	int64_t dropped = 0;
	int err, i, dump = 0;

	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--dump"))
			return bad_usage("unknown monitor argument '%s'", argv[i]);
		dump = 1;
	}
	REACH(l);
	if (rcvbuf) {
		err = liveupdate_nl_set_rcvbuf(l->h, rcvbuf);
		if (err) {
			fprintf(stderr, "luctl: --rcvbuf %d: %s\n", rcvbuf,
				strerror(-err));
			return EXIT_SYSTEM;
		}
	}
	/* Join first: a change made during the dump is then reported too. */
	err = liveupdate_nl_monitor(l->h);
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
		err = liveupdate_nl_next_event(l->h, -1, &ev);
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
		monitor_print(ev);
		liveupdate_nl_event_free(ev);
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
	struct conn l = { };
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
	liveupdate_nl_close(l.h);
	return rc;
}
