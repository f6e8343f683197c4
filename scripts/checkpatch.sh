#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on our hand-written kernel sources and patches.
set -euo pipefail
tree=${1:?usage: checkpatch.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
files=$(ls net/liveupdate/*.[ch] | grep -v -- '-gen\.[ch]$')
# The patches to LUO are checked as patches (sign them off when sending),
# through stdin: checkpatch reads a file git tracks as a source file.
out=$( { perl "$tree/scripts/checkpatch.pl" --no-tree --strict --terse \
	--show-types --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files
	for p in patches/*.patch; do
		[ -f "$p" ] || continue
		perl "$tree/scripts/checkpatch.pl" --no-tree --strict --terse \
			--show-types --no-signoff - < "$p" | sed "s|^-:|$p:|"
	done; } 2>&1 || true)
printf '%s\n' "$out" | sed '/^$/d' >&2
! printf '%s\n' "$out" | grep -Eq 'ERROR|WARNING|CHECK'
