#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: the family against LUO's /dev/liveupdate ioctls on the
# same work, on the release kernel, in one VM run of 9 stages
# (tools/testing/selftests/liveupdate_nl/bench.list, lunl_bench.c).
# Prints the controls, the goal table and the scaling series, and writes
# out/bench/ in the checkout: bench.txt, bench.json, raw.txt (every
# sample of the run), stats.txt, profile.txt and PNG plots.
#
# Usage: bench.sh CACHE_DIR
set -uo pipefail

cache=${1:?usage: bench.sh CACHE_DIR}
top=$(cd "$(dirname "$0")/.." && pwd)
st="$top/tools/testing/selftests/liveupdate_nl"
res="$top/out/bench"
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
die() { echo "bench: $*" >&2; exit 1; }

step "installing missing Debian packages"
"$top/scripts/install-deps.sh" || die "cannot install the packages"
step "fetching the kernel source"
tree=$("$top/scripts/fetch-kernel.sh" "$cache" | tail -n 1) ||
	die "cannot fetch the kernel source"
step "building the release kernel"
build="$cache/build-release"
kimg=$(PROGRESS=1 "$top/scripts/kernel.sh" "$tree" "$build" release | tail -n 1) ||
	die "the release kernel does not build"
nst=$(awk '$1 ~ /^[0-9]+$/ { if ($1 > m) m = $1 } END { print m }' "$st/bench.list")
step "one VM run: $nst stages, $((nst - 1)) kexecs"
vm="$cache/bench"
if ! "$st/vmtest.sh" -k "$kimg" -H "$build/usr-headers/include" -K "$tree" \
	-b "$build" -o "$vm" -l "$st/bench.list" -m 18G -t 5400 > "$vm.log" 2>&1; then
	tail -n 30 "$vm.log"
	die "the bench run failed; logs in $vm"
fi

step "report"
"$top/scripts/bench-report.sh" "$vm" "$res" || exit 1
echo
echo "bench: table, JSON and plots in out/bench/ ($(( $(date +%s) - t0 )) s)"
