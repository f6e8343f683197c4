#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# kernel-doc warnings on our kernel sources (every non-static function
# and every documented structure). Fails on any warning, and when
# kernel-doc cannot run: it must first warn about a known-bad snippet.
set -euo pipefail
tree=${1:?usage: kdoc.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
kd="$tree/scripts/kernel-doc"
[ -e "$kd" ] || { echo "kdoc.sh: $kd does not exist" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The canary: a parameter its comment does not describe.
printf '/**\n * f() - Do it.\n *\n * Return: 0.\n */\nint f(int a)\n{\n\treturn 0;\n}\n' > "$work/canary.c"
canary=$("$kd" -none -Wall "$work/canary.c" 2>&1)
if ! printf '%s\n' "$canary" | grep -q "parameter 'a' not described"; then
	echo "kdoc.sh: kernel-doc did not warn about a known-bad snippet:" >&2
	printf '%s\n' "$canary" >&2
	exit 1
fi

out=$("$kd" -none -Wall net/liveupdate/*.[ch] include/linux/kho/abi/liveupdate_nl.h \
	include/net/liveupdate_nl.h include/trace/events/liveupdate_nl.h \
	lib/tests/lunl_*.[ch] 2>&1)
echo "$out"
[ -z "$out" ]
