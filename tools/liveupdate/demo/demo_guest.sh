#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The guest side of `make demo`: a key-value service keeps 100k keys in
# two memfds; luctl adopts them by pid with labels, keeps the service's
# settings as session user data, freezes, and after kexec restores them by
# label into a restarted service that checks every key. Prints KTAP, with
# the narrative as "# DEMO:" lines.
# The manifest of the VM run asks for the test it must see (-l STAGE),
# in the kselftest harness's listing format.
if [ "$1" = -l ]; then
	printf '%-20s %-25s %s\n%-20s %-25s %s\n' "# FIXTURE" VARIANT TEST \
		demo "" "stage$2" >&2
	exit 4
fi
stage=$1
keys=100000
sock=/tmp/kv.sock
say() { echo "# DEMO: $*"; }
ms() { echo $(( ($2 - $1) / 1000000 )); }
jget() { sed -n "s/.*\"$1\":\([0-9]*\).*/\1/p"; }

echo "TAP version 13"
echo "1..1"
if [ "$stage" = 1 ]; then
	lukv serve $keys $sock > /tmp/kv.log 2>&1 &
	while ! grep -q '^ready' /tmp/kv.log; do
		kill -0 $! 2>/dev/null || { echo "not ok 1 demo.stage1"; exit 1; }
		sleep 0.2
	done
	set -- $(grep '^ready' /tmp/kv.log)
	pid=$2 data=$3 index=$4
	say "$(grep inserted /tmp/kv.log | sed 's/^lukv: //') (pid $pid)"
	say "key-000012345 = $(lukv get $sock key-000012345)"
	luctl session add kv data "keys=$keys sock=$sock" > /dev/null &&
	luctl fd add kv 1 --pid $pid --fd $data --label kv/data &&
	luctl fd add kv 2 --pid $pid --fd $index --label kv/index ||
		{ echo "not ok 1 demo.stage1"; exit 1; }
	bytes=$(luctl -j session show kv | jget bytes)
	say "session kv: the service's 2 memfds adopted by pid, $bytes bytes"
	out=$(luctl -j freeze) || { echo "not ok 1 demo.stage1"; exit 1; }
	freeze_ns=$(echo "$out" | jget freeze_ns)
	say "freeze: $((freeze_ns / 1000)) us for all sessions"
	# Stage 2 gets the time of the kexec on its command line.
	echo "lunl.demo_t0=$(lukv now) lunl.demo_bytes=$bytes" > /tmp/next-cmdline
	say "kexec into the new kernel; the service is not stopped"
	echo "ok 1 demo.stage1"
	exit 0
fi

arg() { sed -n "s/.*\<$1=\([^ ]*\).*/\1/p" /proc/cmdline; }
t0=$(arg lunl.demo_t0)
t1=$(lukv now)
say "new kernel up; sessions found:"
luctl session show | sed 's/^/# DEMO:   /'
# The listing alone says which memfd is which: restore by label.
luctl fd restore kv --label kv/data=3 --label kv/index=4 -- \
	lukv adopt 3 4 $sock > /tmp/kv2.log 2>&1 &
while ! grep -q '^ready' /tmp/kv2.log; do
	kill -0 $! 2>/dev/null || break
	sleep 0.1
done
t2=$(lukv now)
checked=$(grep checked /tmp/kv2.log | sed 's/^lukv: //')
say "kexec to restore: $(ms $t0 $t1) ms (the clock restarts from the RTC: +-1 s)"
say "restore into a restarted service and check: $(ms $t1 $t2) ms; $checked"
v=$(lukv get $sock key-000012345)
say "key-000012345 = $v"
luctl session finish kv || { echo "not ok 1 demo.stage2"; exit 1; }
say "bytes carried: $(arg lunl.demo_bytes)"
case "$v" in value-12345-*) served=1 ;; *) served=0 ;; esac
if grep -q ': 0 wrong' /tmp/kv2.log && grep -q '^ready' /tmp/kv2.log &&
   [ $served = 1 ]; then
	say "every one of $keys keys came back"
	echo "ok 1 demo.stage2"
else
	cat /tmp/kv2.log | sed 's/^/# /'
	echo "not ok 1 demo.stage2"
fi
