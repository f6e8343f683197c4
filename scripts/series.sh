#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The work as it would go upstream: one `git format-patch` series against
# the pristine kernel source, with a cover letter. The patches of
# patches/ come first (LUO, the YNL generator), then the family in the
# order of patches/series/*.msg: the family with its uAPI header and
# spec, its documentation, luctl, the selftests. Files go where
# scripts/lib/family.sh puts them, the same places prepare-tree.sh links
# them to in the tree the tests build.
#
# Usage: series.sh TREE OUTDIR [--check | --build BUILDDIR]
#   TREE     the prepared kernel tree (fetch-kernel.sh, prepare-tree.sh)
#   OUTDIR   where the series is written (emptied first)
#   --check  then apply the series in order to a pristine copy and prove
#            the result is TREE: every file the series writes equals
#            TREE's, and TREE differs from the pristine source nowhere
#            else
#   --build  then build the debug kernel after each patch, in BUILDDIR,
#            on a pristine copy of the whole source (bisectability)
set -euo pipefail

tree=${1:?usage: series.sh TREE OUTDIR [--check | --build BUILDDIR]}
out=${2:?usage: series.sh TREE OUTDIR [--check | --build BUILDDIR]}
mode=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)
. "$top/scripts/lib/family.sh"
[ -d "$tree/kernel/liveupdate" ] || { echo "series: $tree is not a kernel tree with LUO" >&2; exit 1; }
tree=$(cd "$tree" && pwd)
# The tree to compare with is the one the tests build.
[ "$mode" != --check ] || "$top/scripts/prepare-tree.sh" "$tree"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
repo=$work/repo
mkdir -p "$repo"

# Who the series is from, and a date that makes it reproducible: the
# checkout's last commit.
export GIT_AUTHOR_NAME=liveupdate-nl GIT_AUTHOR_EMAIL=liveupdate-nl@localhost
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL
date=$(git -C "$top" log -1 --format=%cI 2>/dev/null || date -u +%FT%TZ)
export GIT_AUTHOR_DATE=$date GIT_COMMITTER_DATE=$date
git() { command git -C "$repo" -c core.autocrlf=false -c init.defaultBranch=series "$@"; }

# The base: the pristine version of every kernel file the series
# changes. Blob ids depend on content only, so a series made against
# these files is byte for byte the one made against the whole tree.
patches=("$top"/patches/*.patch)
mapfile -t base < <({
	sed -n 's#^--- a/\([^[:space:]]*\).*#\1#p' "${patches[@]}"
	family_hooked | cut -d' ' -f1
} | sort -u)
family_extract "$tree" "$repo" "${base[@]}"
git init -q
git add -A
git commit -q -m "$(basename "$tree"): the pristine files the series changes"
git tag base

# patches/, each with its own message and a Signed-off-by.
for p in "${patches[@]}"; do
	git am -q --signoff --committer-date-is-author-date < "$p" ||
		{ echo "series: $(basename "$p") does not apply to the pristine source" >&2; exit 1; }
done

# The family, one patch per patches/series/*.msg: the checkout's files
# (tracked, or new and not ignored) that family_map gives that patch,
# and the hooks family_hooked gives it.
tracked() { # checkout path: its files, relative to it
	command git -C "$top" ls-files --cached --others --exclude-standard -- "$1" |
		while read -r f; do
			[ -f "$top/$f" ] && echo "${f#"$1"}"
		done
}
for msg in "$top"/patches/series/[0-9]*.msg; do
	id=$(basename "$msg" .msg)
	while read -r dst src pid; do
		[ "$pid" = "$id" ] || continue
		while read -r rel; do
			mkdir -p "$(dirname "$repo/$dst$rel")"
			cp "$top/$src$rel" "$repo/$dst$rel"
		done < <(tracked "$src")
	done < <(family_map)
	while read -r p pid; do
		[ "$pid" = "$id" ] && family_hook "$repo" "$p"
	done < <(family_hooked)
	git add -A
	git commit -q -s -F "$msg"
done

rm -rf "$out"
mkdir -p "$out"
git config branch.series.description "$(cat "$top/patches/series/cover.txt")"
git format-patch -q --cover-letter --cover-from-description=subject \
	-o "$out" base..HEAD
# There is no kernel.org commit to name as the base: say what it is.
printf '\nbase: %s, the kernel source of the Debian package\n' "$(basename "$tree")" |
	sed -i '/^-- $/{
r /dev/stdin
N
}' "$out/0000-cover-letter.patch"
n=$(find "$out" -name '0*.patch' ! -name '0000-*' | wc -l)
echo "series: $n patches and a cover letter in $out"

case $mode in
'') exit 0 ;;
--check)
	# Apply in order to a pristine copy: the base commit's files.
	apply=$work/apply
	mkdir -p "$apply"
	git archive base | tar -C "$apply" -xf -
	for p in "$out"/0*.patch; do
		case $(basename "$p") in 0000-*) continue ;; esac
		patch -d "$apply" -p1 -s -f --fuzz=0 --no-backup-if-mismatch -r - < "$p" ||
			{ echo "series: $(basename "$p") does not apply in order" >&2; exit 1; }
	done
	bad=0
	# Every file the series writes is the tree's, byte for byte.
	while read -r f; do
		cmp -s "$apply/$f" "$tree/$f" ||
			{ echo "series: $f differs from the tree the tests ran on" >&2; bad=1; }
	done < <(cd "$apply" && find . -type f | sed 's#^\./##' | sort)
	# The tree changes nothing else: no other file of the pristine source
	# differs, and it has no other file (build and python caches, and the
	# copies prepare-tree.sh keeps of patches/, aside). One pass over the
	# pristine source lists it and compares it with the tree: its member
	# names, "NAME: Size differs" or "...: Contents
	# differ" for a changed file, a warning for a missing one.
	name=$(basename "$tree")
	family_pristine "$tree" |
		tar -C "$(dirname "$tree")" --compare -v -J -f - > "$work/cmp.out" 2> "$work/cmp.err" || :
	{
		sed -n "s#^$name/\(.*\): \(Contents\|Size\|Symlink\) differs\{0,1\}\$#\1#p" "$work/cmp.out"
		sed -n "s#^tar: $name/\(.*\): Warning: Cannot stat: No such file or directory\$#\1#p" "$work/cmp.err"
	} | sort -u > "$work/changed"
	if grep -v -e ': Warning: Cannot stat: No such file or directory$' \
		-e '^tar: Exiting with failure status' "$work/cmp.err" | grep .; then
		echo "series: cannot compare the tree with its pristine source" >&2
		bad=1
	fi
	grep -v ': ' "$work/cmp.out" | sed "s#^$name/##; s#/\$##" | sort -u > "$work/pristine.list"
	[ "$(wc -l < "$work/pristine.list")" -gt 10000 ] ||
		{ echo "series: the pristine source lists $(wc -l < "$work/pristine.list") files" >&2; bad=1; }
	(cd "$tree" && find . \( -name .lunl-patches -o -name __pycache__ \) -prune -o \
		\( -type f -o -type l \) -print | sed 's#^\./##' | sort) > "$work/tree.list"
	{
		cat "$work/changed"
		comm -13 "$work/pristine.list" "$work/tree.list"
	} | sort -u > "$work/tree.changes"
	# A linked directory of the tree stands for the files the series
	# gives it.
	(cd "$apply" && find . -type f | sed 's#^\./##' | sort) > "$work/series.files"
	while read -r f; do
		if [ -L "$tree/$f" ] && [ -d "$tree/$f" ]; then
			grep -q "^$f/" "$work/series.files" ||
				{ echo "series: the tree's $f holds nothing of the series" >&2; bad=1; }
		elif ! grep -qxF "$f" "$work/series.files"; then
			echo "series: the tree changes $f, the series does not" >&2
			bad=1
		fi
	done < "$work/tree.changes"
	[ "$bad" -eq 0 ] || exit 1
	echo "series: applies in order to the pristine source, and gives the tree the tests ran on ($(wc -l < "$work/series.files") files)"
	;;
--build)
	build=${4:?usage: series.sh TREE OUTDIR --build BUILDDIR}
	src=$work/src
	mkdir -p "$src"
	family_pristine "$tree" | tar -C "$src" --strip-components=1 -xJf -
	i=0
	for p in "$out"/0*.patch; do
		case $(basename "$p") in 0000-*) continue ;; esac
		i=$((i + 1))
		patch -d "$src" -p1 -s -f --fuzz=0 --no-backup-if-mismatch -r - < "$p" ||
			{ echo "series: $(basename "$p") does not apply" >&2; exit 1; }
		echo "series: building after patch $i: $(sed -n 's/^Subject: //p' "$p" | head -n 1)" >&2
		LUNL_SERIES=1 "$top/scripts/kernel.sh" "$src" "$build" debug > "$work/build.log" 2>&1 ||
			{ tail -n 30 "$work/build.log"; echo "series: the kernel does not build after $(basename "$p")" >&2; exit 1; }
	done
	echo "series: the debug kernel builds after each of the $i patches"
	;;
*)
	echo "series: unknown mode $mode" >&2
	exit 2 ;;
esac
