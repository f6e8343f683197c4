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

mirror_from_apt() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\// && $i ~ /\/debian\/?$/) { print $i; exit } }' "$f"
	done
}

mirror=$(mirror_from_apt | head -n 1)
if [ -z "$mirror" ]; then
	echo "fetch-kernel: no Debian mirror found in the apt configuration" >&2
	exit 1
fi

state="$cache/apt"
mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/preferences.d"
cat > "$state/sources.list" <<SRC
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie-backports main
deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror sid main
SRC
: > "$state/status"

aptopts=(-o "Dir::State::Lists=$state/lists"
	 -o "Dir::State::status=$state/status"
	 -o "Dir::Etc::sourcelist=$state/sources.list"
	 -o "Dir::Etc::sourceparts=-"
	 -o "Dir::Etc::preferencesparts=$state/etc/preferences.d"
	 -o "Dir::Cache::archives=$state/archives"
	 -o "Dir::Cache::pkgcache=$state/pkgcache.bin"
	 -o "Dir::Cache::srcpkgcache=$state/srcpkgcache.bin"
	 -o "APT::Architecture=amd64"
	 -o "Acquire::Languages=none")

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
rm -rf "$cache/src.tmp/deb"
rm -rf "$cache/src"
mv "$cache/src.tmp" "$cache/src"
tree="$cache/src/$pkg"
echo "$tree" > "$cache/src/.unpacked"
echo "$tree"
