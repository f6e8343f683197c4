#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Regenerate the uAPI header, the kernel policy/ops tables and the user
# bindings from tools/ynl-spec/liveupdate.yaml with the kernel's own
# ynl_gen_c.py.
#
# Usage: regen.sh TREE [--check]
#   --check  do not touch the checkout; fail if anything would change
set -euo pipefail

tree=${1:?usage: regen.sh TREE [--check]}
check=${2:-}
top=$(cd "$(dirname "$0")/.." && pwd)
py=/usr/bin/python3
gen="$tree/tools/net/ynl/pyynl/ynl_gen_c.py"
[ -f "$gen" ] || { echo "regen: $gen does not exist" >&2; exit 1; }
# patches/ may change the generator too.
"$top/scripts/prepare-tree.sh" "$tree"

# The generator finds its schemas relative to the spec: prepare-tree.sh
# links the spec into the kernel tree where upstream keeps specs.
spec="$tree/Documentation/netlink/specs/liveupdate.yaml"
# ... and so does cli.py: with this link (not committed), the kernel's
# cli.py --spec tools/ynl-spec/liveupdate.yaml finds the schema too.
ln -sfn "$tree/Documentation/netlink/genetlink.yaml" "$top/tools/genetlink.yaml"

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# name mode kind
outputs=(
	"include/uapi/linux/liveupdate_nl.h uapi --header"
	"net/liveupdate/liveupdate-gen.h kernel --header"
	"net/liveupdate/liveupdate-gen.c kernel --source"
	"tools/liveupdate/liveupdate-user.h user --header"
	"tools/liveupdate/liveupdate-user.c user --source"
)

for o in "${outputs[@]}"; do
	set -- $o
	mkdir -p "$out/$(dirname "$1")"
	(cd "$out/$(dirname "$1")" &&
	 "$py" "$gen" --mode "$2" "$3" --spec "$spec" -o "$(basename "$1")")
	# A generator that ran must have written something.
	[ -s "$out/$1" ] || { echo "regen: the generator wrote no $1" >&2; exit 1; }
done

rc=0
for o in "${outputs[@]}"; do
	set -- $o
	if ! cmp -s "$out/$1" "$top/$1"; then
		if [ "$check" = --check ]; then
			echo "regen: $1 does not match the spec (run 'make regen')" >&2
			diff -u "$top/$1" "$out/$1" | head -n 20 >&2 || true
			rc=1
		else
			mkdir -p "$top/$(dirname "$1")"
			cp "$out/$1" "$top/$1"
			echo "regen: updated $1" >&2
		fi
	fi
done
exit $rc
