#!/bin/busybox sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the test VM. Runs the tests of the current stage, writing
# their KTAP output and markers to ttyS1 (the kernel log stays on ttyS0),
# scans for leaks, then kexecs into the next stage or powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sys /sys
mount -t devtmpfs dev /dev
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs tmp /tmp

# The host's /usr, kernel tree and checkout, read-only over virtio-9p,
# at the same paths as on the host (see vmtest.sh).
if [ -f /tests/host.env ] && grep -q 9p /proc/filesystems; then
	. /tests/host.env
	for share in usr:/usr ktree:$KTREE repo:$REPO; do
		mkdir -p "${share#*:}"
		# The shares do not change during a run: caching them makes
		# a python start (cli.py) ten times faster under emulation.
		mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose \
			"${share%%:*}" "${share#*:}" 2>/dev/null
	done
	[ -e /lib ] || ln -s usr/lib /lib
	[ -e /lib64 ] || ln -s usr/lib64 /lib64
fi

arg() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
stage=$(arg lunl.stage)
stages=$(arg lunl.stages)
out=/dev/ttyS1
say() { echo "$*" > $out; }
# Seconds since this kernel booted, for the run's time table.
now() { read -r up _ < /proc/uptime; echo "$up"; }

say "LUNL-STAGE-BEGIN $stage $(now)"

# The test file type is a module. Loaded here, before any request, its
# files come back with the rest; with lunl.nomod on the command line (a
# stage wrote it to /tmp/next-cmdline), module_test loads it itself.
if [ -f /boot/lunl_test_type.ko ] && ! grep -qw lunl.nomod /proc/cmdline; then
	insmod /boot/lunl_test_type.ko ||
		say "LUNL-MODULE-FAILED lunl_test_type"
fi

while read -r st bin args; do
	case "$st" in ''|\#*) continue ;; esac
	[ "$st" = "$stage" ] || continue
	say "LUNL-RUN $bin $(now)"
	LUNL_STAGE=$stage /tests/$bin $args > $out 2>&1
	rc=$?
	say "LUNL-EXIT $bin $rc $(now)"
done < /tests/stages.list

if [ -e /sys/kernel/debug/kmemleak ]; then
	# Objects must be unreferenced for a while before kmemleak reports them.
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	echo scan > /sys/kernel/debug/kmemleak
	sed 's/^/LUNL-KMEMLEAK /' /sys/kernel/debug/kmemleak > $out
fi
say "LUNL-STAGE-END $stage $(now)"

if [ "$stage" -lt "$stages" ]; then
	next=$((stage + 1))
	# The next kernel gets the same initramfs: device nodes from the
	# base archive, then every file of this root.
	(cat /boot/base.cpio
	 cd / && find . -xdev -path ./tmp -prune -o -path ./dev -prune -o \
		-path ./proc -prune -o -path ./sys -prune -o -print |
		cpio -o -H newc 2>/dev/null) > /tmp/initrd.cpio
	cmdline=$(sed "s/lunl.stage=$stage/lunl.stage=$next/; s/ lunl.nomod//g" /proc/cmdline)
	# A stage may hand parameters to the next one.
	[ -f /tmp/next-cmdline ] && cmdline="$cmdline $(cat /tmp/next-cmdline)"
	say "LUNL-KEXEC $next"
	# Let the serial ports drain and the shares go idle, so that no
	# device interrupt is pending when the next kernel starts.
	sync
	sleep 1
	/bin/lunl_kexec /boot/bzImage /tmp/initrd.cpio "$cmdline"
	say "LUNL-KEXEC-FAILED $next"
fi
poweroff -f
