#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-doc warnings on our kernel sources (every non-static function
# and every documented structure).
set -euo pipefail
tree=${1:?usage: kdoc.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=$("$tree/scripts/kernel-doc" -none -Wall net/liveupdate/*.[ch] 2>&1)
echo "$out"
[ -z "$out" ]
