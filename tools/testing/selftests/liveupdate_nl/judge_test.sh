#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The judge judged: manifest.sh and judge.sh on crafted stage lists and
# logs. One run is sound and must be judged green; every other case
# carries one hole a harness can miss (a run that never happened, a
# skipped plan, a stray or duplicated result, a filter with a typo, a
# program that died, every kind of kernel report, ...) and must be
# judged red. Runs on the host, in a second or two.
#
# Usage: judge_test.sh
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
nfail=0 npass=0

# Three programs that list their tests the way kselftest_harness.h does
# ("%-20s %-25s %s"): a fixture, TEST()s (fixture "global") and a
# fixture with two variants, whose rows pair variants and tests.
mkprog() { # name listing-rows...
	local f="$work/bin/$1"
	shift
	mkdir -p "$work/bin"
	{
		echo '#!/bin/sh'
		echo '[ "$1" = -l ] || exit 1'
		printf 'printf "%%-20s %%-25s %%s\\n" "# FIXTURE" VARIANT TEST >&2\n'
		for row in "$@"; do
			# shellcheck disable=SC2086 # row is "fixture|variant|test"
			IFS='|' read -r fx va te <<< "$row"
			printf 'printf "%%-20s %%-25s %%s\\n" "%s" "%s" "%s" >&2\n' "$fx" "$va" "$te"
		done
		echo 'exit 4'
	} > "$f"
	chmod +x "$f"
}
mkprog prog_a "fa||t1" "||t2" "||t3"
mkprog prog_b "global||x" "||y"
mkprog prog_v "fv|v1|a" "|v2|b"
# A fixture name longer than its column.
mkprog prog_long "a_fixture_name_longer_than_twenty||only"
printf '#!/bin/sh\necho not a harness\nexit 0\n' > "$work/bin/plain"
chmod +x "$work/bin/plain"

cat > "$work/good.list" <<'EOF'
# stage program filters
1 prog_a
1 prog_b -t y
2 prog_a -t t2
2 prog_v -T a -v v2
2 prog_long
EOF

# The sound run: boot and exit times, comments, a test's own log lines.
good_ktap() {
	cat <<'EOF'
LUNL-STAGE-BEGIN 1 20.50
LUNL-RUN prog_a 20.60
TAP version 13
1..3
# Starting 3 tests from 1 test cases.
#  RUN           fa.t1 ...
#            OK  fa.t1
ok 1 fa.t1
ok 2 fa.t2
# fa.t3: a log line that says ok 3 fa.t3
ok 3 fa.t3
# PASSED: 3 / 3 tests passed.
LUNL-EXIT prog_a 0 30.75
LUNL-RUN prog_b 30.80
TAP version 13
1..1
ok 1 global.y
LUNL-EXIT prog_b 0 31.00
LUNL-STAGE-END 1 40.00
LUNL-KEXEC 2
LUNL-STAGE-BEGIN 2 18.00
LUNL-RUN prog_a 18.10
1..1
ok 1 fa.t2
LUNL-EXIT prog_a 0 19.00
LUNL-RUN prog_v 19.10
1..1
ok 1 fv.v2.b
LUNL-EXIT prog_v 0 20.00
LUNL-RUN prog_long 20.10
1..1
ok 1 a_fixture_name_longer_than_twenty.only
LUNL-EXIT prog_long 0 20.20
LUNL-STAGE-END 2 28.00
EOF
}

good_console() {
	cat <<'EOF'
[    0.000000] Linux version 7.3.4
[    1.000000] kfence: initialized - using 2097152 bytes for 255 objects
[   20.000000] liveupdate_nl: received 0 sessions with 0 files
[   21.000000] liveupdate_nl_fault: begin
[   21.100000] fault_test: page allocation failure: order:0, mode:0x40cc0(GFP_KERNEL|__GFP_COMP), nodemask=(null)
[   21.100001] CPU: 0 UID: 0 PID: 80 Comm: fault_test Not tainted 7.3.4 #1
[   21.100002] Call Trace:
[   21.100003]  <TASK>
[   21.100004]  dump_stack_lvl+0x5d/0x80
[   21.100005]  </TASK>
[   21.200000] liveupdate_nl_fault: end
[   22.000000] liveupdate_nl: kexec with 1 live sessions: froze them on the reboot path
EOF
}

# judge: run a case; want is green or red.
judge() { # name want list ktap console [qrc]
	local name=$1 want=$2 list=$3 ktap=$4 console=$5 qrc=${6:-0} got=red
	if "$here/manifest.sh" "$list" "$work/bin" > "$work/manifest" 2> "$work/manifest.err" &&
	   "$here/judge.sh" "$work/manifest" "$ktap" "$console" "$qrc" 60 > "$work/judge.out" 2>&1; then
		got=green
	fi
	if [ "$got" = "$want" ]; then
		npass=$((npass + 1))
		echo "ok - $name judged $got"
	else
		nfail=$((nfail + 1))
		echo "not ok - $name judged $got, should be $want"
		sed 's/^/#   /' "$work/manifest.err" "$work/judge.out" | head -n 30
	fi
}

# A case: good logs edited by a sed script (ktap) or with console lines.
kcase() { # name sed-script
	good_ktap | sed "$2" > "$work/k.log"
	good_console > "$work/c.log"
	judge "$1" red "$work/good.list" "$work/k.log" "$work/c.log"
}
ccase() { # name console-line
	good_ktap > "$work/k.log"
	{ good_console; echo "[   30.000000] $2"; } > "$work/c.log"
	judge "$1" red "$work/good.list" "$work/k.log" "$work/c.log"
}
lcase() { # name list-line (added to the good list)
	{ cat "$work/good.list"; echo "$2"; } > "$work/l.list"
	good_ktap > "$work/k.log"
	good_console > "$work/c.log"
	judge "$1" red "$work/l.list" "$work/k.log" "$work/c.log"
}

good_ktap > "$work/k.log"
good_console > "$work/c.log"
judge "the sound run" green "$work/good.list" "$work/k.log" "$work/c.log"
if ! grep -q '^# time stage 1 run 1 prog_a: 10.1 s$' "$work/judge.out" ||
   ! grep -q '^# time stage 2: boot 18.0 s, tests 2.2 s, leak scan 7.8 s$' "$work/judge.out" ||
   ! grep -q '^judge: 10 passed, 0 failed, 0 skipped$' "$work/judge.out"; then
	nfail=$((nfail + 1))
	echo "not ok - the sound run's times and counts"
	sed 's/^/#   /' "$work/judge.out"
else
	npass=$((npass + 1))
	echo "ok - the sound run's times and counts"
fi

# Holes in what ran.
kcase "a listed run that never ran" '/^LUNL-RUN prog_b/,/^LUNL-EXIT prog_b/d'
kcase "a plan 1..0 # SKIP" '0,/^1\.\.3$/s//1..0 # SKIP no kernel support/; /^ok [123] fa\.t[123]$/d'
kcase "a plan with fewer tests" '0,/^1\.\.3$/s//1..2/; /^ok 3 fa.t3$/d'
kcase "a plan that does not parse" '0,/^1\.\.3$/s//1..3x/'
kcase "no plan" '0,/^1\.\.3$/{/^1\.\.3$/d}'
kcase "a module that does not load" '0,/^LUNL-STAGE-BEGIN 2 /s//LUNL-MODULE-FAILED lunl_test_type\n&/'
kcase "two plans" '0,/^1\.\.3$/s//1..3\n1..3/'
kcase "a stray ok line" '/^ok 2 fa.t2$/a ok 2 fa.t2 from a child'
kcase "a stray ok with the next number" '/^ok 1 global.y$/a ok 2 global.z'
kcase "a result reported twice" '/^ok 3 fa.t3$/a ok 3 fa.t3'
kcase "a result out of order" 's/^ok 2 fa.t2$/ok 2 fa.t3/; s/^ok 3 fa.t3$/ok 3 fa.t2/'
kcase "a misnumbered result" 's/^ok 2 fa.t2$/ok 5 fa.t2/'
kcase "a result that does not parse" 's/^ok 2 fa.t2$/ok fa.t2/'
kcase "a skipped test" 's/^ok 2 fa.t2$/ok 2 fa.t2 # SKIP no memfd/'
kcase "a failed test" 's/^ok 1 global.y$/not ok 1 global.y/'
kcase "an XFAIL result" 's/^ok 1 fv.v2.b$/ok 1 fv.v2.b # XFAIL/'
kcase "a program that died" '/^ok 3 fa.t3$/d; s/^LUNL-EXIT prog_a 0 30.75$/LUNL-EXIT prog_a 139 30.75/'
kcase "a program that never exited" '/^LUNL-EXIT prog_b/d'
kcase "a non-zero exit after passes" 's/^LUNL-EXIT prog_b 0/LUNL-EXIT prog_b 1/'
kcase "another program in a run's place" 's/^LUNL-RUN prog_b /LUNL-RUN prog_c /'
kcase "a run not in the manifest" '/^LUNL-STAGE-END 2/i LUNL-RUN prog_b 21\n1..1\nok 1 global.y\nLUNL-EXIT prog_b 0 22'
kcase "a result outside any run" '/^LUNL-STAGE-END 1/i ok 1 global.x'
kcase "a stage that never ended" '/^LUNL-STAGE-END 2/d'
kcase "a stage that never began" '/^LUNL-KEXEC 2/,$d'
kcase "a stage that began twice" '/^LUNL-KEXEC 2/a LUNL-STAGE-BEGIN 1 2.0'
kcase "a stage not in the manifest" '$a LUNL-STAGE-BEGIN 3 5.0\nLUNL-STAGE-END 3 6.0'
kcase "a kmemleak report" '/^LUNL-STAGE-END 1/i LUNL-KMEMLEAK unreferenced object 0xffff888003a1b000 (size 64):'
kcase "a failed kexec" '/^LUNL-KEXEC 2/a LUNL-KEXEC-FAILED 2'
kcase "an empty test log" '1,$d'
good_ktap > "$work/k.log"
good_console > "$work/c.log"
judge "a VM that timed out" red "$work/good.list" "$work/k.log" "$work/c.log" 124

# A failed test shows the diagnostics its run printed before it, and
# only those: not the ones of a test that passed earlier.
good_ktap | sed '0,/^ok 2 fa.t2$/s//# fa.t2: Test terminated by timeout\nnot ok 2 fa.t2/' > "$work/k.log"
good_console > "$work/c.log"
judge "a failed test, with its diagnostics" red "$work/good.list" "$work/k.log" "$work/c.log"
if grep -q '^#   # fa.t2: Test terminated by timeout$' "$work/judge.out" &&
   ! grep -q 'OK  fa.t1' "$work/judge.out"; then
	npass=$((npass + 1))
	echo "ok - a failed test's diagnostics are shown"
else
	nfail=$((nfail + 1))
	echo "not ok - a failed test's diagnostics are shown"
	sed 's/^/#   /' "$work/judge.out"
fi

# A kernel line a test expected and the kernel never logged; and one it did.
kcase "an expected kernel line missing" '/^ok 2 fa.t2$/i LUNL-EXPECT-CONSOLE liveupdate_nl: kexec with 1 live sessions: freezing them failed (-5); they are lost'
good_ktap | sed '/^ok 2 fa.t2$/i LUNL-EXPECT-CONSOLE liveupdate_nl: kexec with 1 live sessions: froze them on the reboot path' > "$work/k.log"
good_console > "$work/c.log"
judge "an expected kernel line present" green "$work/good.list" "$work/k.log" "$work/c.log"

# Holes in what the list asks for.
lcase "a -t filter with a typo" "1 prog_a -t t1 -t t9"
lcase "a -T filter with a typo" "1 prog_a -T t9"
lcase "a -v filter with a typo" "2 prog_v -v v3"
lcase "an option that is no filter" "1 prog_a -x t1"
lcase "a filter without its name" "1 prog_a -t"
lcase "a line that selects no test" "1 prog_a -T t1 -T t2 -T t3"
lcase "a program that does not list" "1 plain"
lcase "a program that was not built" "1 prog_none"
lcase "a line without a program" "3"

# Every detector's report in the serial log.
ccase "a WARN" "WARNING: CPU: 1 PID: 90 at net/liveupdate/core.c:200 lunl_freeze+0x1/0x2"
ccase "a BUG" "kernel BUG at mm/slub.c:100!"
ccase "a KASAN report" "BUG: KASAN: slab-use-after-free in lunl_fd_del+0x20/0x90"
ccase "a UBSAN report" "UBSAN: array-index-out-of-bounds in net/liveupdate/core.c:300:5"
ccase "a KFENCE report" "BUG: KFENCE: out-of-bounds read in lunl_session_get+0x10/0x20"
ccase "an ODEBUG report" "ODEBUG: free active (active state 0) object: 00000000a1b2c3d4 object type: timer_list hint: 0x0"
ccase "a hung task" "INFO: task lunl_test:92 blocked for more than 60 seconds."
ccase "a soft lockup" "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [ops_test:77]"
ccase "an RCU stall" "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:"
ccase "an RCU self-detected stall" "rcu: INFO: rcu_preempt self-detected stall on CPU"
ccase "a workqueue stall" "BUG: workqueue lockup - pool cpus=0 node=0 flags=0x0 nice=0 stuck for 31s!"
ccase "a refcount_t report" "refcount_t: underflow; use-after-free."
ccase "a lockdep report" "WARNING: possible circular locking dependency detected"
ccase "a lockdep wait context" "[ BUG: Invalid wait context ]"
ccase "a DEBUG_LIST report" "list_del corruption. prev->next should be ffff888003a1b000"
ccase "a kmemleak report" "kmemleak: 1 new suspected memory leaks (see /sys/kernel/debug/kmemleak)"
ccase "sleeping in atomic context" "BUG: sleeping function called from invalid context at mm/slub.c:4000"
ccase "an oops" "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000001: 0000 [#1] SMP KASAN"
ccase "a panic" "Kernel panic - not syncing: hung_task: blocked tasks"
ccase "an OOM kill" "ops_test invoked oom-killer: gfp_mask=0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), order=0"
ccase "a bad page" "BUG: Bad page state in process ops_test  pfn:0a1b2"
# A report inside fault_test's window that is not an allocation failure.
good_ktap > "$work/k.log"
good_console | sed '/liveupdate_nl_fault: end/i [   21.150000] WARNING: CPU: 0 PID: 80 at mm/page_alloc.c:4000 __alloc_pages+0x1/0x2' > "$work/c.log"
judge "a WARN inside the fault window" red "$work/good.list" "$work/k.log" "$work/c.log"
# An allocation failure report outside the window.
good_ktap > "$work/k.log"
good_console | sed '/liveupdate_nl_fault: begin/d' > "$work/c.log"
judge "an allocation failure outside the fault window" red "$work/good.list" "$work/k.log" "$work/c.log"

# luo_upstream.sh, the KTAP wrapper of LUO's own kexec selftests, over
# stand-ins for the upstream programs: each exits 0 and prints what the
# real one prints last, unless LUO_FAKE (PROG:STAGE:RC:TEXT ...) says
# otherwise for it.
cp "$here/luo_upstream.sh" "$work/bin/"
for p in $(sed -n 's/^# LUNL-NEEDS://p' "$here/luo_upstream.sh"); do
	cat > "$work/bin/$p" <<'EOF'
#!/bin/sh
me=$(basename "$0")
[ "$1" = -s ] || exit 9
rc=0 text="--- $me TEST PASSED ---"
[ "$2" = 1 ] && text="[STAGE 1] You may now perform kexec reboot."
for f in $LUO_FAKE; do
	case $f in "$me:$2:"*)
		rc=$(echo "$f" | cut -d: -f3)
		text=$(echo "$f" | cut -d: -f4- | tr _ ' ') ;;
	esac
done
echo "# $text"
exit "$rc"
EOF
	chmod +x "$work/bin/$p"
done
cat > "$work/luo.list" <<'EOF'
1 luo_upstream.sh -t luo_kexec_simple_stage1 -t luo_stress_files_stage1
2 luo_upstream.sh -t luo_kexec_simple_stage2 -t luo_stress_files_stage2
EOF
luo_run() { # LUO_FAKE
	local s rc
	for s in 1 2; do
		echo "LUNL-STAGE-BEGIN $s 1.0"
		echo "LUNL-RUN luo_upstream.sh 1.1"
		rc=0
		# shellcheck disable=SC2046 # the filters are words
		LUO_FAKE=$1 "$work/bin/luo_upstream.sh" \
			$(awk -v s=$s '$1 == s { $1 = $2 = ""; print }' "$work/luo.list") || rc=$?
		echo "LUNL-EXIT luo_upstream.sh $rc 2.0"
		echo "LUNL-STAGE-END $s 3.0"
	done
}
good_console | sed '/liveupdate_nl_fault: begin/,/liveupdate_nl_fault: end/d' > "$work/c.log"
luo_run "" > "$work/k.log"
judge "LUO's kexec tests, all passing" green "$work/luo.list" "$work/k.log" "$work/c.log"
luo_run "luo_stress_files:1:1:Bail_out!" > "$work/k.log"
judge "LUO's kexec tests, stage 1 fails" red "$work/luo.list" "$work/k.log" "$work/c.log"
luo_run "luo_kexec_simple:2:0:verified_nothing" > "$work/k.log"
judge "LUO's kexec tests, stage 2 exits 0 without TEST PASSED" red "$work/luo.list" "$work/k.log" "$work/c.log"
luo_run "luo_kexec_simple:2:4:no_device" > "$work/k.log"
judge "LUO's kexec tests, a program skips" red "$work/luo.list" "$work/k.log" "$work/c.log"
echo "1 luo_upstream.sh -t luo_kexec_simple_stage3" > "$work/l.list"
judge "LUO's kexec tests, a test that does not exist" red "$work/l.list" "$work/k.log" "$work/c.log"

echo "judge_test: $npass passed, $nfail failed"
[ "$nfail" -eq 0 ]
