#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# LUO's own kexec selftests (tools/testing/selftests/liveupdate), run
# unmodified across the kexec of a VM lane and reported as KTAP.
#
# Each upstream program runs twice: "-s 1" before a kexec (it preserves
# its sessions and leaves a child holding them) and "-s 2" after it (it
# retrieves, checks byte for byte and finishes them). Upstream judges
# stage 1 by its exit status and stage 2 by its exit status and the
# "TEST PASSED" line it prints last; so does this wrapper. The tests of
# this program are "<program>_stage<N>"; "-l" lists them the way
# kselftest_harness.h does, so manifest.sh and judge.sh treat it as any
# other program of a list, and "-t NAME" selects.
#
# The programs this script runs, for vmtest.sh to copy beside it:
# LUNL-NEEDS: luo_kexec_simple luo_multi_session luo_stress_sessions luo_stress_files

progs="luo_kexec_simple luo_multi_session luo_stress_sessions luo_stress_files"
fixture=upstream
here=$(dirname "$0")

all() {
	for p in $progs; do
		echo "${p}_stage1"
		echo "${p}_stage2"
	done
}

if [ "$1" = "-l" ]; then
	{
		printf '%-20s %-25s %s\n' "# FIXTURE" VARIANT TEST
		first=1
		for t in $(all); do
			if [ $first = 1 ]; then
				printf '%-20s %-25s %s\n' "$fixture" "" "$t"
				first=0
			else
				printf '%-20s %-25s %s\n' "" "" "$t"
			fi
		done
	} >&2
	exit 4
fi

# -t NAME selects (repeatable); no filter selects all, in listing order.
want=""
while [ $# -gt 0 ]; do
	case $1 in
	-t)
		[ $# -ge 2 ] || { echo "$0: -t needs a test name" >&2; exit 2; }
		all | grep -qx -- "$2" || { echo "$0: no test $2" >&2; exit 2; }
		want="$want $2"
		shift 2
		;;
	*)
		echo "$0: unknown option $1 (only -l and -t NAME)" >&2
		exit 2
		;;
	esac
done
sel=""
for t in $(all); do
	if [ -z "$want" ] || echo "$want" | grep -qw -- "$t"; then
		sel="$sel $t"
	fi
done
set -- $sel

echo "TAP version 13"
echo "1..$#"
log=/tmp/luo_upstream.$$
n=0 failed=0
for t in "$@"; do
	n=$((n + 1))
	prog=${t%_stage*}
	stage=${t##*_stage}
	echo "#  RUN           $fixture.$t ..."
	rc=0
	"$here/$prog" -s "$stage" > "$log" 2>&1 || rc=$?
	sed 's/^/# /' "$log"
	why=""
	if [ "$rc" -eq 4 ]; then
		echo "ok $n $fixture.$t # SKIP $prog -s $stage exited 4 (skip)"
		continue
	elif [ "$rc" -ne 0 ]; then
		why="$prog -s $stage exited $rc"
	elif [ "$stage" = 2 ] && ! grep -q 'TEST PASSED' "$log"; then
		why="$prog -s $stage never printed TEST PASSED"
	fi
	if [ -n "$why" ]; then
		failed=$((failed + 1))
		echo "#      FAIL  $fixture.$t: $why"
		echo "not ok $n $fixture.$t"
	else
		echo "#            OK  $fixture.$t"
		echo "ok $n $fixture.$t"
	fi
done
rm -f "$log"
echo "# Totals: pass:$(($# - failed)) fail:$failed"
[ "$failed" -eq 0 ]
