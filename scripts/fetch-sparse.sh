#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Build sparse from Debian's newest source package (sid) into $CACHE: the
# kernel runs sparse only if it knows __typeof_unqual__, which Debian 12's
# sparse 0.6.4 does not. Built once, with no optional front ends.
#
# Usage: fetch-sparse.sh CACHE_DIR TREE
# Prints the path of the sparse binary on its last line.
set -euo pipefail

cache=${1:?usage: fetch-sparse.sh CACHE_DIR TREE}
tree=${2:?usage: fetch-sparse.sh CACHE_DIR TREE}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)
bin="$cache/sparse/sparse"

# The kernel's own test: does this sparse check this kernel?
valid() {
	[ -x "$bin" ] && [ "$("$tree/scripts/checker-valid.sh" "$bin")" = 1 ]
}
[ -x "$tree/scripts/checker-valid.sh" ] ||
	{ echo "fetch-sparse: $tree has no scripts/checker-valid.sh" >&2; exit 1; }
if valid; then
	echo "$bin"
	exit 0
fi

# shellcheck source=lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_private "$cache/apt-src" "deb-src sid main"
echo "fetch-sparse: updating private source lists" >&2
apt-get "${aptopts[@]}" -qq update >&2

work="$cache/sparse.tmp"
rm -rf "$work"
mkdir -p "$work"
(cd "$work" && apt-get "${aptopts[@]}" -qq source --download-only sparse >&2)
tarball=$(ls "$work"/sparse_*.orig.tar.* | head -n 1)
echo "fetch-sparse: building $(basename "$tarball")" >&2
tar -C "$work" -xf "$tarball"
src=$(ls -d "$work"/sparse-*/ | head -n 1)
make -C "$src" -s -j"$(nproc)" sparse HAVE_LLVM=no HAVE_GTK=no \
	HAVE_LIBXML=no HAVE_SQLITE=no >&2
rm -rf "$cache/sparse"
mkdir -p "$cache/sparse"
cp "$src/sparse" "$bin"
rm -rf "$work"
valid || { echo "fetch-sparse: the sparse built does not check $tree" >&2; exit 1; }
echo "$bin"
