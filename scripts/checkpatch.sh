#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# checkpatch --strict on our hand-written kernel sources and patches.
# Fails on any finding, and when checkpatch cannot run: it must first
# find the fault in a known-bad snippet, and exit 0 (clean) or 1
# (findings) on every input.
set -euo pipefail
tree=${1:?usage: checkpatch.sh TREE}
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
cp="$tree/scripts/checkpatch.pl"
[ -f "$cp" ] || { echo "checkpatch.sh: $cp does not exist" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

checkpatch() { # name checkpatch-args... (input on stdin for patches)
	local name=$1 rc=0
	shift
	perl "$cp" --no-tree --strict --terse --show-types "$@" > "$work/out" 2>&1 || rc=$?
	if [ "$rc" -gt 1 ]; then
		echo "checkpatch.sh: checkpatch could not run on $name (exit $rc):" >&2
		cat "$work/out" >&2
		exit 1
	fi
	sed -e '/^$/d' -e "s|^-:|$name:|" "$work/out"
	return "$rc"
}

# The canary: a space before a semicolon.
printf '// SPDX-License-Identifier: GPL-2.0\nint f(void)\n{\n\treturn 0 ;\n}\n' > "$work/canary.c"
if checkpatch canary.c -f "$work/canary.c" > "$work/canary" ||
   ! grep -q 'SPACING' "$work/canary"; then
	echo "checkpatch.sh: checkpatch did not find the fault in a known-bad snippet" >&2
	cat "$work/canary" >&2
	exit 1
fi

bad=0
files=$(ls net/liveupdate/*.[ch] include/linux/kho/abi/liveupdate_nl.h \
	include/net/liveupdate_nl.h include/trace/events/liveupdate_nl.h \
	lib/tests/lunl_*.[ch] | grep -v -- '-gen\.[ch]$')
[ -n "$files" ] || { echo "checkpatch.sh: no sources found" >&2; exit 1; }
# shellcheck disable=SC2086 # one word per file
checkpatch net/liveupdate -f $files --ignore FILE_PATH_CHANGES,SPDX_LICENSE_TAG >&2 || bad=1
# The patches to LUO are checked as patches (sign them off when sending),
# through stdin: checkpatch reads a file git tracks as a source file.
for p in patches/*.patch; do
	[ -f "$p" ] || continue
	checkpatch "$p" --no-signoff - < "$p" >&2 || bad=1
done
exit $bad
