#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire this checkout into the cached kernel tree: link our files in, apply
# patches/ (once; a patch already in the tree is skipped) and add the
# one-line hooks (scripts/lib/family.sh). kernel.sh builds on it, and regen.sh
# runs the tree's generator, which patches/ may change.
#
# Usage: prepare-tree.sh TREE
set -euo pipefail

tree=${1:?usage: prepare-tree.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$tree/Makefile" ] && [ -d "$tree/kernel/liveupdate" ] ||
	{ echo "prepare-tree: $tree is not a kernel tree with LUO" >&2; exit 1; }

# Our files enter the tree as symlinks, where the series puts them
# (scripts/lib/family.sh); one-line hooks wire them in, after patches/.
. "$top/scripts/lib/family.sh"
while read -r dst src _; do
	mkdir -p "$(dirname "$tree/$dst")"
	ln -sfn "$top/$src" "$tree/$dst"
done < <(family_map)
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
# pristine source has none.
pristine_restore() {
	local tmp p

	tmp=$(mktemp -d)
	family_extract "$tree" "$tmp" "$@" || { rm -rf "$tmp"; return 1; }
	for p in "$@"; do
		if [ -f "$tmp/$p" ]; then
			cp "$tmp/$p" "$tree/$p"
		else
			rm -f "$tree/$p"
		fi
	done
	rm -rf "$tmp"
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
family_hooks "$tree"
