/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Test helpers: memfd content patterns, running a program, a session
 * of /dev/liveupdate.
 */
#ifndef _LUNL_UTIL_H
#define _LUNL_UTIL_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <linux/liveupdate.h>

/* Deterministic content for the memfd tests. */
static inline uint8_t lunl_pattern(uint64_t seed, uint64_t off)
{
	uint64_t x = (off >> 3) * 0x9e3779b97f4a7c15ULL + seed;

	x ^= x >> 29;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 32;
	return (uint8_t)(x >> (8 * (off & 7)));
}

/* User data with every byte value, NULs included: no C string passes. */
static inline void lunl_fill_data(uint8_t *d, size_t n, unsigned int seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		d[i] = (uint8_t)(i * 131 + seed);
}

/* A label of exactly @n bytes, a path-like name of file @i. */
static inline void lunl_make_label(char *buf, size_t n, int i)
{
	size_t len;

	len = snprintf(buf, n + 1, "/var/lib/vm/zone-%d/", i);
	while (len < n) {
		buf[len] = 'a' + (len + i) % 26;
		len++;
	}
	buf[n] = '\0';
}

/* Fill a memfd of @size bytes with the pattern of @seed; -errno on error. */
static inline int lunl_memfd_fill(int fd, uint64_t size, uint64_t seed)
{
	static uint8_t buf[1 << 16];
	uint64_t off = 0;

	if (ftruncate(fd, size))
		return -errno;
	while (off < size) {
		size_t n = size - off < sizeof(buf) ? size - off : sizeof(buf);
		size_t i;

		for (i = 0; i < n; i++)
			buf[i] = lunl_pattern(seed, off + i);
		if (pwrite(fd, buf, n, off) != (ssize_t)n)
			return -EIO;
		off += n;
	}
	return 0;
}

/* Count the bytes of @fd that differ from the pattern; -errno on error. */
static inline int64_t lunl_memfd_check(int fd, uint64_t size, uint64_t seed,
					       uint64_t *first_bad)
{
	static uint8_t buf[1 << 16];
	uint64_t off = 0;
	int64_t bad = 0;

	while (off < size) {
		ssize_t n = pread(fd, buf, sizeof(buf), off);
		ssize_t i;

		if (n <= 0)
			return -EIO;
		for (i = 0; i < n; i++) {
			if (buf[i] == lunl_pattern(seed, off + i))
				continue;
			if (!bad && first_bad)
				*first_bad = off + i;
			bad++;
		}
		off += n;
	}
	/* Nothing past the size. */
	if (pread(fd, buf, 1, size) != 0)
		return -EFBIG;
	return bad;
}

struct lunl_run {
	int status;
	char out[65536];
	char err[8192];
};

static inline void lunl_drain(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	while (len + 1 < size && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
}

/*
 * Run argv[0] with argv, as user uid unless uid < 0, with at most nofile
 * open descriptors unless nofile is 0; collect stdout and stderr.
 * Returns the exit code, or 128 if it did not exit.
 */
static inline int lunl_run_limited(struct lunl_run *r, int uid, int nofile,
				   const char *const *argv)
{
	struct rlimit lim = { nofile, nofile };
	int out[2], err[2];
	pid_t pid;

	if (pipe(out) || pipe(err))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(out[1], 1);
		dup2(err[1], 2);
		if (uid >= 0 && (setgid(uid) || setuid(uid)))
			_exit(99);
		setenv("PYTHONDONTWRITEBYTECODE", "1", 1);
		/* Only 0, 1 and 2 stay open: the limit is what the program has. */
		if (nofile) {
			int fd;

			for (fd = 3; fd < 1024; fd++)
				close(fd);
			if (setrlimit(RLIMIT_NOFILE, &lim))
				_exit(97);
		}
		execv(argv[0], (char **)argv);
		_exit(98);
	}
	close(out[1]);
	close(err[1]);
	lunl_drain(out[0], r->out, sizeof(r->out));
	lunl_drain(err[0], r->err, sizeof(r->err));
	close(out[0]);
	close(err[0]);
	waitpid(pid, &r->status, 0);
	return WIFEXITED(r->status) ? WEXITSTATUS(r->status) : 128;
}

static inline int lunl_run_as(struct lunl_run *r, int uid,
			      const char *const *argv)
{
	return lunl_run_limited(r, uid, 0, argv);
}

/*
 * A session made through /dev/liveupdate (the device is closed again, so
 * that others can open it): its file descriptor, or a negative errno.
 */
static inline int lunl_luo_create(const char *name)
{
	struct liveupdate_ioctl_create_session c = { .size = sizeof(c) };
	int dev = open("/dev/liveupdate", O_RDWR | O_CLOEXEC), err;

	if (dev < 0)
		return -errno;
	snprintf((char *)c.name, sizeof(c.name), "%s", name);
	err = ioctl(dev, LIVEUPDATE_IOCTL_CREATE_SESSION, &c) ? -errno : c.fd;
	close(dev);
	return err;
}

/*
 * An incoming session retrieved through /dev/liveupdate (the device is
 * closed again): its file descriptor, or a negative errno.
 */
static inline int lunl_luo_retrieve(const char *name)
{
	struct liveupdate_ioctl_retrieve_session r = { .size = sizeof(r) };
	int dev = open("/dev/liveupdate", O_RDWR | O_CLOEXEC), err;

	if (dev < 0)
		return -errno;
	snprintf((char *)r.name, sizeof(r.name), "%s", name);
	err = ioctl(dev, LIVEUPDATE_IOCTL_RETRIEVE_SESSION, &r) ? -errno : r.fd;
	close(dev);
	return err;
}

/*
 * Write @s to the file at @path: 0, the write's negative errno, or -EIO
 * if it was short.
 */
static inline int lunl_write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), err;
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	err = n < 0 ? -errno : n == (ssize_t)strlen(s) ? 0 : -EIO;
	close(fd);
	return err;
}

#define LUNL_FEI "/sys/kernel/debug/fail_function/"

/*
 * Make call number @skip + 1 of @fn, from now on, return @err, once,
 * through fail_function (a "space" of s lets s - 1 calls through).
 */
static inline int lunl_fei_arm(const char *fn, int err, int skip)
{
	char path[128], val[32], space[16];

	snprintf(path, sizeof(path), LUNL_FEI "%s/retval", fn);
	snprintf(val, sizeof(val), "0x%lx", (unsigned long)(long)err);
	snprintf(space, sizeof(space), "%d", skip ? skip + 1 : 0);
	return lunl_write_str(LUNL_FEI "verbose", "0") ?:
	       lunl_write_str(LUNL_FEI "probability", "100") ?:
	       lunl_write_str(LUNL_FEI "interval", "1") ?:
	       lunl_write_str(LUNL_FEI "inject", fn) ?:
	       lunl_write_str(path, val) ?:
	       lunl_write_str(LUNL_FEI "space", space) ?:
	       lunl_write_str(LUNL_FEI "times", "1");
}

/* Disarm: 1 if the armed failure was injected, 0 if not, or -errno. */
static inline int lunl_fei_disarm(void)
{
	char buf[32] = "";
	int fd = open(LUNL_FEI "times", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -EIO;
	return (lunl_write_str(LUNL_FEI "times", "0") ?:
		lunl_write_str(LUNL_FEI "inject", "\n")) ?: atoi(buf) == 0;
}

#endif
