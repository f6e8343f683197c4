// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's YNL command line tool, tools/net/ynl/pyynl/cli.py, drives
 * every operation of the family from the spec alone, do and dump, and
 * --subscribe sees the notifications, as run from the checkout:
 * cli.py --spec tools/ynl-spec/liveupdate.yaml. Python, the kernel tree
 * and the checkout come from the host over virtio-9p (see init.sh);
 * /tests/host.env names them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lunl_client.h"
#include "lunl_util.h"
#include "kselftest_harness.h"

#define CARRY		"cli-carry"
#define CARRY_SIZE	40000
#define CARRY_SEED	0xc11

static char cli[1024], spec[1024], ctrl_spec[1024];

static int load_env(void)
{
	char line[600];
	FILE *f = fopen("/tests/host.env", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "KTREE=", 6)) {
			snprintf(cli, sizeof(cli), "%s/tools/net/ynl/pyynl/cli.py",
				 line + 6);
			snprintf(ctrl_spec, sizeof(ctrl_spec),
				 "%s/Documentation/netlink/specs/nlctrl.yaml",
				 line + 6);
		}
		if (!strncmp(line, "REPO=", 5))
			snprintf(spec, sizeof(spec),
				 "%s/tools/ynl-spec/liveupdate.yaml", line + 5);
	}
	fclose(f);
	return cli[0] && !access(cli, R_OK) && !access(spec, R_OK) &&
	       !access(ctrl_spec, R_OK) ? 0 : -1;
}

/*
 * cli.py --spec SPEC --no-schema --output-json MODE OP [--json JSON]
 * The host validates the spec against its schema (make regen); here,
 * under emulation, importing jsonschema would cost most of a minute.
 */
static int cli_run(struct lunl_run *r, const char *mode, const char *op,
		   const char *json)
{
	const char *argv[] = { "/usr/bin/python3", cli, "--spec", spec,
			       "--no-schema", "--output-json", mode, op,
			       json ? "--json" : NULL, json, NULL };

	return lunl_run_as(r, -1, argv);
}

static const char *jstr(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

static int64_t jnum(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : -1;
}

/*
 * cli.py --multi OP JSON ...: the requests go in one message batch, and
 * the replies come back as one JSON list. Python's start-up is most of
 * a cli.py run under emulation, so the tests batch what they can.
 */
static int cli_multi(struct lunl_run *r, const char *const *ops, int n)
{
	const char *argv[32] = { "/usr/bin/python3", cli, "--spec", spec,
				 "--no-schema", "--output-json" };
	int i, k = 6;

	for (i = 0; i < n && k + 3 < 32; i++) {
		argv[k++] = "--multi";
		argv[k++] = ops[2 * i];
		argv[k++] = ops[2 * i + 1];
	}
	argv[k] = NULL;
	return lunl_run_as(r, -1, argv);
}

#define YNL_MULTI(r, ...) do {						\
		const char *const __ops[] = { __VA_ARGS__ };		\
		int __rc = cli_multi(r, __ops, ARRAY_SIZE(__ops) / 2);	\
		if (__rc)						\
			TH_LOG("--multi: exit %d: %s %s", __rc, (r)->out, (r)->err); \
		ASSERT_EQ(0, __rc);					\
	} while (0)

#define YNL_OK(r, mode, op, json) do {					\
		int __rc = cli_run(r, mode, op, json);			\
		if (__rc)						\
			TH_LOG("%s %s: exit %d: %s", mode, op, __rc, (r)->err); \
		ASSERT_EQ(0, __rc);					\
	} while (0)

FIXTURE(cli) {
	struct lunl_run r;
	struct lunl l;
	struct lunl_session_info s;
};

FIXTURE_SETUP(cli)
{
	ASSERT_EQ(0, load_env()) {
		TH_LOG("no cli.py from the host: is the 9p share mounted?");
	}
	ASSERT_EQ(0, lunl_open(&self->l));
}

FIXTURE_TEARDOWN(cli)
{
	lunl_close(&self->l);
}

TEST_F_TIMEOUT(cli, sessions_do_and_dump, 600)
{
	struct json_object *o, *arr;
	struct lunl_run *r = &self->r;
	size_t i;
	int found = 0;

	/*
	 * Three requests in one message batch (--multi), one reply each.
	 * User data is binary with the hex display hint: cli.py takes hex
	 * and prints it as hex bytes separated by spaces.
	 */
	YNL_MULTI(r, "session-new", "{\"name\": \"cli-a\"}",
		  "session-get", "{\"name\": \"cli-a\"}",
		  "session-set", "{\"name\": \"cli-a\", \"user-data\": \"00c0ffee\"}");
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	ASSERT_EQ(3, json_object_array_length(arr));
	o = json_object_array_get_idx(arr, 0);
	EXPECT_STREQ("cli-a", jstr(o, "name"));
	EXPECT_STREQ("live", jstr(o, "state"));
	EXPECT_STREQ("outgoing", jstr(o, "direction"));
	o = json_object_array_get_idx(arr, 1);
	EXPECT_EQ(0, jnum(o, "fd-count"));
	o = json_object_array_get_idx(arr, 2);
	EXPECT_STREQ("00 c0 ff ee", jstr(o, "user-data"));
	json_object_put(arr);

	YNL_OK(r, "--dump", "session-get", NULL);
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (strcmp(jstr(o, "name"), "cli-a"))
			continue;
		found++;
		EXPECT_STREQ("00 c0 ff ee", jstr(o, "user-data"));
	}
	EXPECT_EQ(1, found);
	json_object_put(arr);

	/* A rejection: exit 1 and the kernel's message. */
	EXPECT_EQ(1, cli_run(r, "--do", "session-new", "{\"name\": \"cli-a\"}"));
	EXPECT_NE(NULL, strstr(r->out, "an outgoing session of that name exists: pick another name"));

	YNL_OK(r, "--do", "session-del", "{\"name\": \"cli-a\"}");
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "cli-a", &self->s));
}

TEST_F_TIMEOUT(cli, files_freeze_status, 900)
{
	struct json_object *o, *arr;
	struct lunl_run *r = &self->r;
	char json[128];
	int m;

	/* cli.py inherits the memfd: fd-add takes the caller's descriptor. */
	m = memfd_create("cli", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, 5000, 1));
	snprintf(json, sizeof(json),
		 "{\"session\": \"cli-f\", \"fd\": %d, \"token\": 3, \"label\": \"ram0\"}",
		 m);
	YNL_MULTI(r, "session-new", "{\"name\": \"cli-f\"}",
		  "fd-add", json,
		  "fd-get", "{\"session\": \"cli-f\", \"label\": \"ram0\"}");
	close(m);
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	ASSERT_EQ(3, json_object_array_length(arr));
	o = json_object_array_get_idx(arr, 2);
	EXPECT_EQ(3, jnum(o, "token"));
	EXPECT_STREQ("ram0", jstr(o, "label"));
	EXPECT_EQ(5000, jnum(o, "size"));
	EXPECT_STREQ("preserved", jstr(o, "state"));
	json_object_put(arr);

	YNL_OK(r, "--dump", "fd-get", "{\"session\": \"cli-f\"}");
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	ASSERT_EQ(1, json_object_array_length(arr));
	EXPECT_STREQ("ram0", jstr(json_object_array_get_idx(arr, 0), "label"));
	json_object_put(arr);

	YNL_MULTI(r, "freeze", "{}", "status-get", "{}", "unfreeze", "{}",
		  "fd-del", "{\"session\": \"cli-f\", \"token\": 3}",
		  "session-del", "{\"name\": \"cli-f\"}");
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	ASSERT_EQ(5, json_object_array_length(arr));
	o = json_object_array_get_idx(arr, 0);
	EXPECT_STREQ("frozen", jstr(o, "state"));
	EXPECT_GT(jnum(o, "freeze-ns"), 0);
	o = json_object_array_get_idx(arr, 1);
	EXPECT_STREQ("frozen", jstr(o, "state"));
	EXPECT_GT(jnum(o, "record-size"), 0);
	EXPECT_EQ(4 << 20, jnum(o, "record-max"));
	o = json_object_array_get_idx(arr, 2);
	EXPECT_STREQ("live", jstr(o, "state"));
	json_object_put(arr);
	EXPECT_EQ(-ENOENT, lunl_session_get(&self->l, "cli-f", &self->s));
}

TEST_F_TIMEOUT(cli, subscribe_monitor, 600)
{
	const char *argv[] = { "/usr/bin/python3", cli, "--spec", spec,
			       "--no-schema", "--output-json", "--subscribe", "monitor",
			       "--duration", "120", NULL };
	struct lunl_run *r = &self->r;
	struct lunl l;
	int out[2], seen_new = 0, seen_del = 0, n = 0;
	struct pollfd p;
	char *line;
	pid_t pid;

	ASSERT_EQ(0, pipe(out));
	pid = fork();
	ASSERT_GE(pid, 0);
	if (!pid) {
		dup2(out[1], 1);
		setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
		setenv("PYTHONUNBUFFERED", "1", 1);
		execv(argv[0], (char **)argv);
		_exit(98);
	}
	close(out[1]);
	/*
	 * cli.py starts slowly here: poke until it has reported both kinds.
	 * It may subscribe between a session-new and its session-del, and
	 * then hear the del first.
	 */
	ASSERT_EQ(0, lunl_open(&l));
	p.fd = out[0];
	p.events = POLLIN;
	memset(r->out, 0, sizeof(r->out));
	while (!(seen_new && seen_del) && n < 150) {
		char name[32];

		snprintf(name, sizeof(name), "cli-ntf-%d", n++);
		ASSERT_EQ(0, lunl_session_new(&l, name, 0, NULL));
		ASSERT_EQ(0, lunl_session_del(&l, name));
		if (poll(&p, 1, 2000) > 0) {
			size_t len = strlen(r->out);
			ssize_t k = read(out[0], r->out + len,
					 sizeof(r->out) - 1 - len);

			if (k <= 0)
				break;
			seen_new = !!strstr(r->out, "session-new-ntf");
			seen_del = !!strstr(r->out, "session-del-ntf");
		}
	}
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	lunl_close(&l);
	EXPECT_TRUE(seen_new);
	EXPECT_TRUE(seen_del);
	/* Every line is a JSON notification naming one of our sessions. */
	for (line = strtok(r->out, "\n"); line; line = strtok(NULL, "\n")) {
		struct json_object *o = json_tokener_parse(line), *msg;

		if (!o)
			continue;
		ASSERT_TRUE(json_object_object_get_ex(o, "msg", &msg));
		EXPECT_EQ(0, strncmp(jstr(msg, "name"), "cli-ntf-", 8));
		json_object_put(o);
	}
}

TEST_F(cli, stage1_carry)
{
	struct lunl l;
	int m;

	ASSERT_EQ(0, lunl_open(&l));
	ASSERT_EQ(0, lunl_session_new(&l, CARRY, 0, NULL));
	m = memfd_create("carry", 0);
	ASSERT_GE(m, 0);
	ASSERT_EQ(0, lunl_memfd_fill(m, CARRY_SIZE, CARRY_SEED));
	ASSERT_EQ(0, lunl_fd_add(&l, CARRY, m, 8));
	close(m);
	lunl_close(&l);
}

TEST_F_TIMEOUT(cli, stage2_restore_finish, 600)
{
	struct json_object *o, *arr, *e;
	struct lunl_run *r = &self->r;
	static char many[4096];
	size_t len;
	int i;

	/* Entries: one descriptor per file, in one reply. */
	YNL_OK(r, "--do", "fd-restore",
	       "{\"session\": \"" CARRY "\", \"entry\": [{\"token\": 8}]}");
	o = json_tokener_parse(r->out);
	ASSERT_NE(NULL, o);
	ASSERT_TRUE(json_object_object_get_ex(o, "entry", &arr));
	ASSERT_EQ(1, json_object_array_length(arr));
	e = json_object_array_get_idx(arr, 0);
	EXPECT_GE(jnum(e, "fd"), 0);
	EXPECT_EQ(8, jnum(e, "token"));
	json_object_put(o);
	/* More than a reply can carry: refused, saying what to do. */
	len = snprintf(many, sizeof(many), "{\"session\": \"%s\", \"entry\": [",
		       CARRY);
	for (i = 0; i <= LIVEUPDATE_NL_MAX_RESTORE_ENTRIES; i++)
		len += snprintf(many + len, sizeof(many) - len, "%s{\"token\": 8}",
				i ? ", " : "");
	snprintf(many + len, sizeof(many) - len, "]}");
	EXPECT_EQ(1, cli_run(r, "--do", "fd-restore", many));
	EXPECT_NE(NULL, strstr(r->out, "65 entries: at most 64 files per fd-restore: split the request"));

	YNL_MULTI(r, "session-get", "{\"name\": \"" CARRY "\"}",
		  "fd-restore", "{\"session\": \"" CARRY "\", \"token\": 8}",
		  "session-finish", "{\"name\": \"" CARRY "\"}");
	arr = json_tokener_parse(r->out);
	ASSERT_NE(NULL, arr);
	ASSERT_EQ(3, json_object_array_length(arr));
	o = json_object_array_get_idx(arr, 0);
	EXPECT_STREQ("incoming", jstr(o, "direction"));
	o = json_object_array_get_idx(arr, 1);
	EXPECT_GE(jnum(o, "fd"), 0);
	EXPECT_EQ(CARRY_SIZE, jnum(o, "size"));
	EXPECT_STREQ("memfd-v2", jstr(o, "compatible"));
	json_object_put(arr);
	EXPECT_EQ(1, cli_run(r, "--do", "session-get", "{\"name\": \"" CARRY "\"}"));
	EXPECT_NE(NULL, strstr(r->out, "no session of that name"));
}

/*
 * cli.py finds the spec by family name, as `ynl --family liveupdate`
 * does: the kernel tree keeps it in Documentation/netlink/specs/, and
 * make install puts it in /usr/share/ynl/specs/.
 */
TEST_F(cli, family_by_name)
{
	const char *argv[] = { "/usr/bin/python3", cli, "--family", "liveupdate",
			       "--output-json", "--dump", "session-get", NULL };
	struct json_object *arr, *o;
	size_t i;
	int rc, found = 0;

	ASSERT_EQ(0, lunl_session_new(&self->l, "cli-family", 0, NULL));
	rc = lunl_run_as(&self->r, -1, argv);
	if (rc)
		TH_LOG("--family liveupdate: exit %d: %s", rc, self->r.err);
	ASSERT_EQ(0, rc);
	arr = json_tokener_parse(self->r.out);
	ASSERT_NE(NULL, arr);
	for (i = 0; i < json_object_array_length(arr); i++) {
		o = json_object_array_get_idx(arr, i);
		if (strcmp(jstr(o, "name"), "cli-family"))
			continue;
		found++;
		EXPECT_STREQ("outgoing", jstr(o, "direction"));
		TH_LOG("--family liveupdate --dump session-get: %s",
		       json_object_to_json_string(o));
	}
	EXPECT_EQ(1, found);
	json_object_put(arr);
	EXPECT_EQ(0, lunl_session_del(&self->l, "cli-family"));
}

/*
 * The policy dump of the family (nlctrl's getfamily, through cli.py and
 * the kernel's nlctrl spec) shows admin-perm on every operation, do and
 * dump: genetlink checks the privilege, and anyone can see it does.
 */
TEST_F(cli, ops_need_admin_perm)
{
	const char *argv[] = { "/usr/bin/python3", cli, "--spec", ctrl_spec,
			       "--no-schema", "--output-json", "--do",
			       "getfamily", "--json",
			       "{\"family-name\": \"liveupdate\"}", NULL };
	struct json_object *fam, *ops, *op, *flags;
	int rc, i, j, admin, n;

	rc = lunl_run_as(&self->r, -1, argv);
	if (rc)
		TH_LOG("getfamily: exit %d: %s", rc, self->r.err);
	ASSERT_EQ(0, rc);
	fam = json_tokener_parse(self->r.out);
	ASSERT_NE(NULL, fam);
	ASSERT_TRUE(json_object_object_get_ex(fam, "ops", &ops));
	n = json_object_array_length(ops);
	/*
	 * The twelve requests: session-new, -set, -del, -get, -finish,
	 * fd-add, -del, -get, -restore, freeze, unfreeze, status-get.
	 */
	EXPECT_EQ(12, n);
	for (i = 0; i < n; i++) {
		/* An indexed array: { "INDEX": { "id": ..., "flags": [...] } } */
		op = NULL;
		json_object_object_foreach(json_object_array_get_idx(ops, i), k, v) {
			(void)k;
			op = v;
		}
		ASSERT_NE(NULL, op);
		ASSERT_TRUE(json_object_object_get_ex(op, "flags", &flags))
			TH_LOG("op %d: %s", i, json_object_to_json_string(op));
		admin = 0;
		for (j = 0; j < (int)json_object_array_length(flags); j++)
			admin |= !strcmp("admin-perm", json_object_get_string(
					 json_object_array_get_idx(flags, j)));
		if (i == 0 || !admin)
			TH_LOG("op %" PRId64 ": flags %s", jnum(op, "id"),
			       json_object_to_json_string(flags));
		EXPECT_TRUE(admin);
	}
	json_object_put(fam);
}

TEST_HARNESS_MAIN
