/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers for the test file type of CONFIG_LIVEUPDATE_NL_TEST_TYPE
 * (the module lunl_test_type).
 */
#ifndef _LUNL_TEST_TYPE_H
#define _LUNL_TEST_TYPE_H

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "lunl_test_type_uapi.h"

/* A new test file depending on dep_fd (or -1); -errno on error. */
static inline int lunl_test_new_file(int dep_fd, uint64_t value)
{
	struct lunl_test_new arg = { .dep_fd = dep_fd, .fd = -1, .value = value };
	int dfd, err;

	dfd = open("/sys/kernel/debug/" LUNL_TEST_DEBUGFS_NEW, O_RDWR | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	err = ioctl(dfd, LUNL_TEST_IOC_NEW, &arg);
	close(dfd);
	return err ? -errno : arg.fd;
}

static inline int lunl_test_info(int fd, struct lunl_test_info *info)
{
	return ioctl(fd, LUNL_TEST_IOC_INFO, info) ? -errno : 0;
}

static inline int lunl_test_fail_freeze(int fd, uint32_t fail)
{
	return ioctl(fd, LUNL_TEST_IOC_FAIL_FREEZE, &fail) ? -errno : 0;
}

#endif
