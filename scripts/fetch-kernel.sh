#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Fetch Debian's linux-source-7.x package (7.3, or the newest 7.x >= 7.3)
# with a private apt state directory and unpack it into $CACHE.
# The mirror is derived from the machine's own apt configuration.
#
# Usage: fetch-kernel.sh CACHE_DIR
# Prints the path of the unpacked source tree on its last line.
set -euo pipefail

cache=${1:?usage: fetch-kernel.sh CACHE_DIR}
want_major=7
want_minor=3
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

if [ -f "$cache/src/.unpacked" ]; then
	cat "$cache/src/.unpacked"
	exit 0
fi

# shellcheck source=lib/apt.sh
. "$(dirname "$0")/lib/apt.sh"
apt_private "$cache/apt" "deb trixie-backports main" "deb sid main"

echo "fetch-kernel: updating private package lists" >&2
apt-get "${aptopts[@]}" -qq update >&2

# Pick linux-source-7.3, else the newest linux-source-7.N with N >= 3.
pkg=""
if apt-cache "${aptopts[@]}" show "linux-source-$want_major.$want_minor" >/dev/null 2>&1; then
	pkg="linux-source-$want_major.$want_minor"
else
	pkg=$(apt-cache "${aptopts[@]}" pkgnames linux-source-$want_major. |
	      awk -F. -v m="$want_minor" '$2 ~ /^[0-9]+$/ && $2 >= m' |
	      sort -t. -k2,2n | tail -n 1)
	[ -n "$pkg" ] || { echo "fetch-kernel: no linux-source-$want_major.x >= $want_major.$want_minor offered" >&2; exit 1; }
	echo "fetch-kernel: linux-source-$want_major.$want_minor is not offered; using $pkg" >&2
fi
ver=$(apt-cache "${aptopts[@]}" policy "$pkg" | awk '/Candidate:/ { print $2 }')
echo "fetch-kernel: using $pkg $ver" >&2

dl="$cache/dl"
mkdir -p "$dl"
(cd "$dl" && apt-get "${aptopts[@]}" -qq download "$pkg=$ver" >&2)
deb=$(ls -t "$dl"/"${pkg}"_*.deb | head -n 1)

rm -rf "$cache/src.tmp"
mkdir -p "$cache/src.tmp"
dpkg-deb -x "$deb" "$cache/src.tmp/deb"
tarball=$(ls "$cache"/src.tmp/deb/usr/src/"$pkg".tar.* | head -n 1)
echo "fetch-kernel: unpacking $(basename "$tarball")" >&2
tar -C "$cache/src.tmp" -xf "$tarball"
# Kept: prepare-tree.sh restores files from it when patches/ changes.
mv "$tarball" "$cache/src.tmp/pristine.tar.xz"
rm -rf "$cache/src.tmp/deb"
rm -rf "$cache/src"
mv "$cache/src.tmp" "$cache/src"
tree="$cache/src/$pkg"
echo "$tree" > "$cache/src/.unpacked"
echo "$tree"
