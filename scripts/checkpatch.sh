#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on our hand-written kernel sources and patches.
set -euo pipefail
tree=${1:?usage: checkpatch.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
files=$(ls net/liveupdate/*.[ch] | grep -v -- '-gen\.[ch]$')
perl "$tree/scripts/checkpatch.pl" --no-tree --strict --terse --show-types \
	--ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG -f $files | tee /dev/stderr |
	{ ! grep -Eq 'ERROR|WARNING|CHECK'; }
# The patches to LUO, as patches (sign them off when sending).
for p in patches/*.patch; do
	[ -f "$p" ] || continue
	perl "$tree/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types --no-signoff "$p" | tee /dev/stderr |
		{ ! grep -Eq 'ERROR|WARNING|CHECK'; }
done
