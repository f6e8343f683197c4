#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the family with W=1 and check it with sparse (C=2), as netdev's
# build bots do, and fail on any warning.
#
# Usage: warnings.sh TREE CONFIG_BUILD CHECK_BUILD SPARSE
#   TREE          kernel source with the family wired in (prepare-tree.sh)
#   CONFIG_BUILD  a build directory whose .config to use (the debug one)
#   CHECK_BUILD   a build directory of this check's own, so that the
#                 debug kernel's objects keep their flags and mtimes
#   SPARSE        the sparse binary (fetch-sparse.sh)
set -euo pipefail

usage="usage: warnings.sh TREE CONFIG_BUILD CHECK_BUILD SPARSE"
tree=${1:?$usage}
from=${2:?$usage}
build=${3:?$usage}
sparse=${4:?$usage}
jobs=${JOBS:-$(nproc)}

[ -x "$sparse" ] || { echo "warnings: $sparse is not an executable" >&2; exit 1; }
[ -f "$tree/net/liveupdate/Makefile" ] ||
	{ echo "warnings: no net/liveupdate in $tree" >&2; exit 1; }
[ -f "$from/.config" ] || { echo "warnings: no .config in $from" >&2; exit 1; }

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$build")/ccache}
export CCACHE_BASEDIR=$tree
mkdir -p "$build"
km=(make -C "$tree" O="$build" ARCH=x86_64 CC="$cc" HOSTCC=gcc -j"$jobs")
if ! cmp -s "$from/.config" "$build/.config"; then
	cp "$from/.config" "$build/.config"
	"${km[@]}" -s olddefconfig
fi

# Every file is compiled and checked each time: a warning in a file that
# did not change must still be seen (ccache replays a compiler's
# warnings).
# The test file type, the LUO timing probe and the test hooks live in
# lib/tests/.
tests=(lib/tests/lunl_test_type.o lib/tests/lunl_luo_timing.o
       lib/tests/lunl_test_hooks.o)
rm -rf "$build/net/liveupdate" "${tests[@]/#/$build/}"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "${km[@]}" W=1 C=2 CHECK="$sparse" net/liveupdate/ "${tests[@]}" > "$log" 2>&1; then
	cat "$log"
	exit 1
fi

# Both tools must have run on every source file the config builds.
bad=0
for obj in "$build"/net/liveupdate/*.o "${tests[@]/#/$build/}"; do
	f=${obj#"$build"/}
	f=${f%.o}
	grep -q "CHECK .*$f\.c" "$log" ||
		{ echo "warnings: sparse did not check $f.c" >&2; bad=1; }
	grep -q KBUILD_EXTRA_WARN1 "$(dirname "$obj")/.$(basename "$obj").cmd" ||
		{ echo "warnings: $f.o was not built with W=1" >&2; bad=1; }
done
[ "$(ls "$build"/net/liveupdate/*.o 2>/dev/null | wc -l)" -ge 3 ] ||
	{ echo "warnings: the family's objects were not built" >&2; bad=1; }
if grep -q "sparse is not available" "$log"; then
	echo "warnings: the kernel refused $sparse" >&2
	bad=1
fi
if grep -E 'warning:|error:' "$log"; then
	bad=1
fi
exit $bad
