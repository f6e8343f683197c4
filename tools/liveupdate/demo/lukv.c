// SPDX-License-Identifier: GPL-2.0
/*
 * lukv - a small key-value service that keeps all of its state in two
 * memfds, so that a live update can carry it across kexec:
 *
 *   data:  fixed records { key[16], value[48] }, appended in insert order
 *   index: a header, then an open-addressing table of record numbers
 *
 * lukv serve N SOCK        create both memfds, insert N keys, serve SOCK
 * lukv adopt DATA INDEX SOCK
 *                          take over the memfds at descriptors DATA and
 *                          INDEX, check every key, serve SOCK
 * lukv get SOCK KEY        ask a running service for a key
 * lukv now                 print CLOCK_REALTIME in nanoseconds
 *
 * serve and adopt print "lukv: ..." lines, then "ready PID DATA INDEX"
 * once they serve, and run until killed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define LUKV_MAGIC	0x6c756b7631ULL	/* "lukv1" */

struct rec {
	char key[16];
	char val[48];
};

struct index_hdr {
	uint64_t magic;
	uint64_t nkeys;
	uint64_t nslots;	/* power of two */
	uint64_t reserved;
};

struct kv {
	int data_fd, index_fd;
	struct rec *recs;
	struct index_hdr *hdr;
	uint32_t *slots;	/* record number + 1, 0 = empty */
};

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (uint8_t)*s++) * 1099511628211ULL;
	return h;
}

static void key_of(uint64_t i, char *key)
{
	snprintf(key, 16, "key-%09u", (uint32_t)i);
}

static void val_of(uint64_t i, char *val)
{
	snprintf(val, 48, "value-%u-%016" PRIx64, (uint32_t)i,
		 hash("lukv") * (i + 1));
}

static int kv_map(struct kv *kv, uint64_t nkeys, int create)
{
	size_t dsize = nkeys * sizeof(struct rec);
	uint64_t nslots = 1;
	size_t isize;

	if (create) {
		while (nslots < nkeys * 2)
			nslots <<= 1;
		isize = sizeof(struct index_hdr) + nslots * sizeof(uint32_t);
		if (ftruncate(kv->data_fd, dsize) || ftruncate(kv->index_fd, isize))
			return -errno;
	} else {
		struct stat st;

		if (fstat(kv->index_fd, &st))
			return -errno;
		isize = st.st_size;
		if (fstat(kv->data_fd, &st))
			return -errno;
		dsize = st.st_size;
	}
	kv->recs = mmap(NULL, dsize, PROT_READ | PROT_WRITE, MAP_SHARED,
			kv->data_fd, 0);
	kv->hdr = mmap(NULL, isize, PROT_READ | PROT_WRITE, MAP_SHARED,
		       kv->index_fd, 0);
	if (kv->recs == MAP_FAILED || kv->hdr == MAP_FAILED)
		return -errno;
	kv->slots = (uint32_t *)(kv->hdr + 1);
	if (create) {
		kv->hdr->magic = LUKV_MAGIC;
		kv->hdr->nslots = nslots;
	} else if (kv->hdr->magic != LUKV_MAGIC ||
		   isize != sizeof(struct index_hdr) + kv->hdr->nslots * 4 ||
		   dsize < kv->hdr->nkeys * sizeof(struct rec)) {
		return -EINVAL;
	}
	return 0;
}

static void kv_put(struct kv *kv, uint64_t i)
{
	struct rec *r = &kv->recs[i];
	uint64_t s;

	key_of(i, r->key);
	val_of(i, r->val);
	for (s = hash(r->key) & (kv->hdr->nslots - 1); kv->slots[s];
	     s = (s + 1) & (kv->hdr->nslots - 1))
		;
	kv->slots[s] = i + 1;
	kv->hdr->nkeys = i + 1;
}

static const char *kv_get(struct kv *kv, const char *key)
{
	uint64_t s;

	for (s = hash(key) & (kv->hdr->nslots - 1); kv->slots[s];
	     s = (s + 1) & (kv->hdr->nslots - 1)) {
		struct rec *r = &kv->recs[kv->slots[s] - 1];

		if (!strncmp(r->key, key, sizeof(r->key)))
			return r->val;
	}
	return NULL;
}

/* Look every key up through the index and compare its value. */
static uint64_t kv_check(struct kv *kv)
{
	char key[16], val[48];
	uint64_t i, bad = 0;

	for (i = 0; i < kv->hdr->nkeys; i++) {
		const char *got;

		key_of(i, key);
		val_of(i, val);
		got = kv_get(kv, key);
		if (!got || strncmp(got, val, sizeof(val)))
			bad++;
	}
	return bad;
}

static int kv_serve(struct kv *kv, const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int s, c;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	unlink(path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&sun, sizeof(sun)) || listen(s, 8))
		return perror("lukv: socket"), 1;
	printf("ready %d %d %d\n", getpid(), kv->data_fd, kv->index_fd);
	fflush(stdout);
	for (;;) {
		char key[64] = "";
		const char *val;
		ssize_t n;

		c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		n = read(c, key, sizeof(key) - 1);
		if (n > 0) {
			key[strcspn(key, "\n")] = '\0';
			val = kv_get(kv, key);
			dprintf(c, "%s\n", val ? val : "(none)");
		}
		close(c);
	}
}

static int cmd_get(const char *path, const char *key)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char buf[128];
	ssize_t n;
	int s;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	if (s < 0 || connect(s, (struct sockaddr *)&sun, sizeof(sun)))
		return perror("lukv: connect"), 1;
	dprintf(s, "%s\n", key);
	n = read(s, buf, sizeof(buf) - 1);
	if (n <= 0)
		return 1;
	buf[n] = '\0';
	fputs(buf, stdout);
	return strncmp(buf, "(none)", 6) ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct kv kv = { 0 };
	uint64_t t0, i, n, bad;
	int err;

	if (argc == 2 && !strcmp(argv[1], "now")) {
		printf("%" PRIu64 "\n", now_ns());
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "get"))
		return cmd_get(argv[2], argv[3]);
	if (argc == 4 && !strcmp(argv[1], "serve")) {
		n = strtoull(argv[2], NULL, 0);
		kv.data_fd = memfd_create("lukv-data", 0);
		kv.index_fd = memfd_create("lukv-index", 0);
		if (kv.data_fd < 0 || kv.index_fd < 0 || !n || n > UINT32_MAX / 2)
			return fprintf(stderr, "lukv: cannot create the store\n"), 1;
		err = kv_map(&kv, n, 1);
		if (err)
			return fprintf(stderr, "lukv: %s\n", strerror(-err)), 1;
		t0 = now_ns();
		for (i = 0; i < n; i++)
			kv_put(&kv, i);
		printf("lukv: inserted %" PRIu64 " keys in %" PRIu64 " ms\n", n,
		       (now_ns() - t0) / 1000000);
		return kv_serve(&kv, argv[3]);
	}
	if (argc == 5 && !strcmp(argv[1], "adopt")) {
		kv.data_fd = atoi(argv[2]);
		kv.index_fd = atoi(argv[3]);
		err = kv_map(&kv, 0, 0);
		if (err)
			return fprintf(stderr, "lukv: adopt: %s\n", strerror(-err)), 1;
		t0 = now_ns();
		bad = kv_check(&kv);
		printf("lukv: checked %" PRIu64 " keys in %" PRIu64 " ms: %" PRIu64 " wrong\n",
		       kv.hdr->nkeys, (now_ns() - t0) / 1000000, bad);
		fflush(stdout);
		if (bad)
			return 1;
		return kv_serve(&kv, argv[4]);
	}
	fprintf(stderr,
		"usage: lukv serve N SOCK | lukv adopt DATA INDEX SOCK | lukv get SOCK KEY | lukv now\n");
	return 2;
}
