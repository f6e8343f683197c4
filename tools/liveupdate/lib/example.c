// SPDX-License-Identifier: LGPL-2.1-or-later OR MIT
/*
 * A small program on libliveupdate-nl: keep a memfd in a session, list
 * what the kernel holds, show a refusal, and clean up.
 *
 *   cc -o example example.c $(pkg-config --cflags --libs liveupdate-nl)
 *   ./example NAME	(as root, on a kernel booted with kho=on liveupdate=on)
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <liveupdate-nl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static int print_file(const struct liveupdate_nl_file *f, void *arg)
{
	const char *label = liveupdate_nl_file_label(f);

	printf("  file token %" PRIu64 " label %s size %" PRIu64 " %s\n",
	       liveupdate_nl_file_token(f), label ? label : "-",
	       liveupdate_nl_file_size(f), liveupdate_nl_file_compatible(f));
	return 0;
}

static int print_session(const struct liveupdate_nl_session *s, void *arg)
{
	if (!strcmp(liveupdate_nl_session_name(s), arg))
		printf("session %s: %u files, %" PRIu64 " bytes\n",
		       liveupdate_nl_session_name(s),
		       liveupdate_nl_session_fd_count(s),
		       liveupdate_nl_session_bytes(s));
	return 0;
}

static int fail(struct liveupdate_nl *h, const char *what, int err)
{
	const char *attr = liveupdate_nl_error_attribute(h);

	printf("%s: %s: %s%s%s\n", what, strerror(-err),
	       liveupdate_nl_error_message(h), attr[0] ? ", attribute " : "",
	       attr);
	return 1;
}

int main(int argc, char **argv)
{
	const char *name = argc > 1 ? argv[1] : "example";
	static const char text[] = "kept across kexec";
	struct liveupdate_nl_file *f;
	struct liveupdate_nl *h;
	int err, fd;

	err = liveupdate_nl_open(&h);
	if (err) {
		printf("open: %s\n", strerror(-err));
		return 1;
	}
	fd = memfd_create("example", 0);
	if (fd < 0 || write(fd, text, sizeof(text)) != sizeof(text))
		return 1;
	err = liveupdate_nl_session_new(h, name, 0, "v1", 2, NULL);
	if (err)
		return fail(h, "session-new", err);
	err = liveupdate_nl_fd_add(h, name, fd, 1, "state");
	if (err)
		return fail(h, "fd-add", err);
	err = liveupdate_nl_session_foreach(h, print_session, (void *)name);
	if (!err)
		err = liveupdate_nl_fd_foreach(h, name, print_file, NULL);
	if (err)
		return fail(h, "dump", err);
	/* A refusal names the attribute at fault. */
	err = liveupdate_nl_fd_get(h, name, 7, &f);
	if (err)
		fail(h, "fd-get", err);
	else
		liveupdate_nl_file_free(f);
	err = liveupdate_nl_session_del(h, name);
	if (err)
		return fail(h, "session-del", err);
	liveupdate_nl_close(h);
	printf("done\n");
	return 0;
}
