/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What stage 1 of the memfd kexec test preserves and stage 2 checks.
 */
#ifndef _LUNL_MEMFD_COMMON_H
#define _LUNL_MEMFD_COMMON_H

#include <stdint.h>

#define MEMFD_SESSION	"lunl-memfd"
#define MEMFD_TOKEN	7
#define MEMFD_SEED	0x1badcafeULL
/* Not a multiple of the page size, and large enough to span folios. */
#define MEMFD_SIZE	((8ULL << 20) + 123)
/* Written after freeze: pages stay live until kexec. */
#define MEMFD_LATE_OFF	(MEMFD_SIZE - 5)
#define MEMFD_LATE_BYTE	0xa5
#define MEMFD_COMPATIBLE "memfd-v2"

static inline uint8_t memfd_expected(uint64_t off)
{
	if (off == MEMFD_LATE_OFF)
		return MEMFD_LATE_BYTE;
	return lunl_pattern(MEMFD_SEED, off);
}

#endif
