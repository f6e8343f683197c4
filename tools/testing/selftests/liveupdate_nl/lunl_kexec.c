// SPDX-License-Identifier: GPL-2.0
/*
 * Load a kernel with kexec_file_load() and reboot into it.
 *
 * Usage: lunl_kexec KERNEL INITRD CMDLINE
 */
#include <fcntl.h>
#include <linux/reboot.h>
#include <stdio.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int kfd, ifd;

	if (argc != 4) {
		fprintf(stderr, "usage: %s KERNEL INITRD CMDLINE\n", argv[0]);
		return 2;
	}
	kfd = open(argv[1], O_RDONLY | O_CLOEXEC);
	ifd = open(argv[2], O_RDONLY | O_CLOEXEC);
	if (kfd < 0 || ifd < 0) {
		perror("lunl_kexec: open");
		return 1;
	}
	if (syscall(SYS_kexec_file_load, kfd, ifd, strlen(argv[3]) + 1,
		    argv[3], 0UL)) {
		perror("lunl_kexec: kexec_file_load");
		return 1;
	}
	sync();
	if (reboot(LINUX_REBOOT_CMD_KEXEC)) {
		perror("lunl_kexec: reboot(LINUX_REBOOT_CMD_KEXEC)");
		return 1;
	}
	return 1;
}
