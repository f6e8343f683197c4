#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire this checkout into the cached kernel tree: link our files in, apply
# patches/ (once; a patch already in the tree is skipped) and add the two
# one-line Kconfig/Makefile hooks. kernel.sh builds on it, and regen.sh
# runs the tree's generator, which patches/ may change.
#
# Usage: prepare-tree.sh TREE
set -euo pipefail

tree=${1:?usage: prepare-tree.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$tree/Makefile" ] && [ -d "$tree/kernel/liveupdate" ] ||
	{ echo "prepare-tree: $tree is not a kernel tree with LUO" >&2; exit 1; }

# Our files enter the tree as symlinks; two one-line hooks wire them in.
ln -sfn "$top/net/liveupdate" "$tree/net/liveupdate"
ln -sfn "$top/include/uapi/linux/liveupdate_nl.h" "$tree/include/uapi/linux/liveupdate_nl.h"
mkdir -p "$tree/Documentation/userspace-api"
if [ -f "$top/Documentation/userspace-api/liveupdate_nl.rst" ]; then
	ln -sfn "$top/Documentation/userspace-api/liveupdate_nl.rst" \
		"$tree/Documentation/userspace-api/liveupdate_nl.rst"
fi
# Changes to LUO and to the YNL generator, one patch each (upstream them
# with the family). The tree keeps a copy of what it has applied, in
# order: new patches are applied on top; if one it has changed, went away
# or moved, every file any of them touches is restored from the pristine
# source first, and all are applied again.
state="$tree/.lunl-patches"

# Files a patch reads or writes.
touched() {
	sed -n 's#^--- a/\([^[:space:]]*\).*#\1#p; s#^+++ b/\([^[:space:]]*\).*#\1#p' "$@" |
		sort -u
}

# Put back the pristine version of each path, or remove it if the
# pristine source has none: from the tarball fetch-kernel.sh keeps, or
# from the package the tree came from.
pristine_restore() {
	local src name tmp deb p rc

	src=$(dirname "$tree")
	name=$(basename "$tree")
	tmp=$(mktemp -d)
	: > "$tmp.err"
	# tar fails for the paths the pristine source lacks (files a patch
	# creates); anything else that goes wrong stops here, before a file
	# of the tree is touched.
	{
		if [ -f "$src/pristine.tar.xz" ]; then
			cat "$src/pristine.tar.xz"
		else
			deb=$(ls -t "$(dirname "$src")"/dl/"$name"_*.deb | head -n 1)
			dpkg-deb --fsys-tarfile "$deb" |
				tar -xOf - "./usr/src/$name.tar.xz"
		fi
	} 2>> "$tmp.err" | tar -C "$tmp" -xJf - "${@/#/$name/}" 2>> "$tmp.err" &&
		rc=0 || rc=$?
	if grep -qv -e 'Not found in archive' -e 'Exiting with failure status' "$tmp.err" ||
	   { [ "$rc" -ne 0 ] && ! grep -q 'Not found in archive' "$tmp.err"; }; then
		echo "prepare-tree: cannot read the pristine source of $tree:" >&2
		cat "$tmp.err" >&2
		rm -rf "$tmp" "$tmp.err"
		return 1
	fi
	for p in "$@"; do
		if [ -f "$tmp/$name/$p" ]; then
			cp "$tmp/$name/$p" "$tree/$p"
		else
			rm -f "$tree/$p"
		fi
	done
	rm -rf "$tmp" "$tmp.err"
}

want=()
for p in "$top"/patches/*.patch; do
	[ -f "$p" ] && want+=("$p")
done
have=()
for p in "$state"/*.patch; do
	[ -f "$p" ] && have+=("$p")
done
k=0
while [ "$k" -lt "${#have[@]}" ] && [ "$k" -lt "${#want[@]}" ] &&
      cmp -s "${have[$k]}" "${want[$k]}"; do
	k=$((k + 1))
done
if [ ! -d "$state" ] || [ "$k" -lt "${#have[@]}" ]; then
	mapfile -t paths < <(touched "${have[@]}" "${want[@]}" /dev/null)
	if [ "${#paths[@]}" -gt 0 ]; then
		echo "prepare-tree: patches/ changed: restoring ${#paths[@]} files from the pristine source" >&2
		pristine_restore "${paths[@]}"
	fi
	rm -rf "$state"
	mkdir -p "$state"
	k=0
fi
for ((i = k; i < ${#want[@]}; i++)); do
	p=${want[$i]}
	if ! patch -d "$tree" -p1 -s -f --dry-run < "$p" >/dev/null 2>&1; then
		echo "prepare-tree: $(basename "$p") does not apply to $tree" >&2
		exit 1
	fi
	echo "prepare-tree: applying $(basename "$p")" >&2
	patch -d "$tree" -p1 -s -f --no-backup-if-mismatch < "$p" >&2
	cp "$p" "$state/$(printf %04d "$i")-$(basename "$p")"
done
grep -q '^source "net/liveupdate/Kconfig"' "$tree/net/Kconfig" ||
	printf '\nsource "net/liveupdate/Kconfig"\n' >> "$tree/net/Kconfig"
grep -q 'CONFIG_LIVEUPDATE_NL)' "$tree/net/Makefile" ||
	printf 'obj-$(CONFIG_LIVEUPDATE_NL)\t+= liveupdate/\n' >> "$tree/net/Makefile"
