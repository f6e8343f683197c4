#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: a live update an operator can watch. Builds the release
# kernel, boots it in QEMU, runs a key-value service holding 100k keys in
# memfds, carries them across kexec with luctl and checks every key.
#
# Usage: demo.sh CACHE_DIR
set -uo pipefail

cache=${1:?usage: demo.sh CACHE_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
verdict() {
	echo
	echo "demo: $1 ($(( $(date +%s) - t0 )) s)"
	[ "$1" = PASS ]
	exit
}

step "installing missing Debian packages"
"$top/scripts/install-deps.sh" || verdict FAIL
step "fetching the kernel source"
tree=$("$top/scripts/fetch-kernel.sh" "$cache" | tail -n 1) || verdict FAIL
step "building the release kernel"
build="$cache/build-release"
kimg=$(PROGRESS=1 "$top/scripts/kernel.sh" "$tree" "$build" release | tail -n 1) ||
	verdict FAIL
step "booting it in QEMU: stage 1, kexec, stage 2"
out="$cache/demo"
"$top/tools/testing/selftests/liveupdate_nl/vmtest.sh" -k "$kimg" \
	-H "$build/usr-headers/include" -K "$tree" -b "$build" -o "$out" \
	-l "$top/tools/liveupdate/demo/demo.list" -t 900 > "$out.log" 2>&1
rc=$?
echo
sed -n 's/^# DEMO: /  /p' "$out/ktap.log"
if [ $rc -ne 0 ]; then
	sed 's/^/  | /' "$out.log" | tail -n 20
	verdict FAIL
fi
verdict PASS
