#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge a VM run against its manifest (manifest.sh).
#
# Usage: judge.sh MANIFEST KTAP CONSOLE [QEMU_RC [TIMEOUT_S]]
#   MANIFEST  what must report: STAGES, RUN and TEST lines
#   KTAP      the tests' output with init.sh's LUNL-* markers
#   CONSOLE   the kernel's serial log
#
# Every test of the manifest must report exactly once, in its stage, in
# its run, at its number, and pass: a missing, duplicated, skipped,
# misnumbered or unknown result fails, as do a plan that is not
# "1..COUNT", a program that exits non-zero or never exits, a stage that
# does not begin and end in order, a kexec that fails, a module that
# does not load, a kmemleak report
# and any splat in the serial log. A test may print "LUNL-EXPECT-CONSOLE
# TEXT" for a line the kernel must log where the test cannot see it (at
# the kexec that ends its stage): the serial log must then hold TEXT.
# Prints "ok - ..." / "not ok - ..."
# lines, the time of each stage and run ("# time ..."), and ends with
# "judge: N passed, N failed, N skipped"; exits 1 on any failure.
set -euo pipefail

manifest=${1:?usage: judge.sh MANIFEST KTAP CONSOLE [QEMU_RC [TIMEOUT_S]]}
ktap=${2:?}
console=${3:?}
qrc=${4:-0}
timeout_s=${5:-0}

[ -s "$manifest" ] || { echo "not ok - manifest: $manifest is empty"; echo "judge: 0 passed, 1 failed, 0 skipped"; exit 1; }
touch "$ktap" "$console"

out=$(mktemp)
trap 'rm -f "$out" "$out.console"' EXIT
tr -d '\r' < "$ktap" | awk -v qrc="$qrc" -v timeout_s="$timeout_s" '
function fail(msg) { nfail++; print "not ok - " msg; show_diag() }
# The last diagnostic lines ("# ...") a run printed before a failure,
# so that a failing log says why without the KTAP file at hand.
function show_diag(   i) {
	for (i = (nd > NDIAG ? nd - NDIAG : 0); i < nd; i++)
		print "#   " diag[i % NDIAG]
	nd = 0
}
function pass(msg) { npass++; print "ok - " msg }
function where() { return "stage " stage " " prog[stage, sq] }
# The tests of run (s, q) from index i on did not report.
function missing(s, q, i, why) {
	for (; i <= cnt[s, q]; i++)
		fail("stage " s " " prog[s, q] " " tname[s, q, i] ": did not report (" why ")")
}
function close_run(why, exited) {
	if (!exited)
		fail(where() ": did not exit (" why ")")
	if (plan < 0 && !planbad)
		fail(where() ": printed no plan")
	if (next_i <= cnt[stage, sq])
		missing(stage, sq, next_i, why)
	in_run = 0
}
BEGIN { NDIAG = 8 }
FNR == NR {
	if ($1 == "STAGES") stages = $2
	if ($1 == "RUN") { prog[$2, $3] = $4; cnt[$2, $3] = $5; if ($3 > nruns[$2]) nruns[$2] = $3; ntests += $5; allruns++ }
	if ($1 == "TEST") { t = $0; sub(/^TEST [0-9]+ [0-9]+ [0-9]+ /, "", t); tname[$2, $3, $4] = t }
	next
}
/^LUNL-STAGE-BEGIN / {
	if (in_run) close_run("the stage restarted")
	s = $2
	if (s != last + 1 || begun[s])
		fail("stage " s " began out of order (after stage " last ")")
	begun[s] = 1; stage = s; last = s; sq = 0; tbegin[s] = $3
	next
}
/^LUNL-RUN / {
	if (in_run) close_run("it never exited")
	sq++
	in_run = 1; plan = -1; planbad = 0; next_i = 1; rfail = 0; tstart = $3; nd = 0
	if (!((stage, sq) in prog)) {
		fail("stage " stage ": run " sq " (" $2 ") is not in the manifest")
		prog[stage, sq] = $2; cnt[stage, sq] = 0
	} else if (prog[stage, sq] != $2) {
		fail("stage " stage ": run " sq " is " $2 ", the manifest says " prog[stage, sq])
	}
	next
}
/^1\.\./ && in_run {
	if (plan >= 0 || planbad) { fail(where() ": a second plan: " $0); next }
	if ($0 !~ /^1\.\.[0-9]+$/) { fail(where() ": cannot parse the plan \"" $0 "\""); planbad = 1; next }
	plan = substr($0, 4) + 0
	if (plan != cnt[stage, sq])
		fail(where() ": plans " plan " tests, the manifest " cnt[stage, sq])
	next
}
/^(not )?ok / {
	if (!in_run) { fail("stage " stage ": a result outside any run: " $0); next }
	line = $0
	st = (line ~ /^ok /) ? "ok" : "not ok"
	sub(/^(not )?ok /, "", line)
	if (line !~ /^[0-9]+ /) { fail(where() ": cannot parse the result \"" $0 "\""); next }
	num = line; sub(/ .*/, "", num); num += 0
	name = line; sub(/^[0-9]+ /, "", name)
	dir = ""
	if (index(name, " # ")) { dir = substr(name, index(name, " # ") + 3); name = substr(name, 1, index(name, " # ") - 1) }
	if (num != next_i || name != tname[stage, sq, next_i]) {
		for (i = 1; i < next_i; i++)
			if (tname[stage, sq, i] == name) break
		if (i < next_i)
			fail(where() " " name ": reported twice")
		else
			fail(where() ": an unexpected result \"" $0 "\" (expected " next_i " " tname[stage, sq, next_i] ")")
		rfail = 1
		next
	}
	next_i++
	if (st == "ok" && dir == "") {
		pass(where() " " name); nd = 0
	}
	else if (st == "ok" && dir ~ /^SKIP/) {
		fail(where() " " name ": skipped (" dir "); the manifest says it must run"); rfail = 1
	} else {
		fail(where() " " name (dir != "" ? " (" dir ")" : "")); rfail = 1
	}
	next
}
/^#/ && in_run { diag[nd % NDIAG] = $0; nd++; next }
/^LUNL-EXIT / {
	if (!in_run) { fail("stage " stage ": an exit outside any run: " $0); next }
	rc = $3
	if (rc != 0 && !rfail && next_i > cnt[stage, sq])
		fail(where() ": exited " rc)
	close_run("the program died, exit " rc, 1)
	if ($4 != "" && tstart != "") {
		printf "# time stage %s run %d %s: %.1f s\n", stage, sq, prog[stage, sq], $4 - tstart
		texit[stage] = $4
	}
	next
}
# A test that cannot see what it expects the kernel to log (at the
# kexec that ends its stage, say) asks the judge to look.
/^LUNL-EXPECT-CONSOLE / {
	nexpect++
	expect[nexpect] = substr($0, 21)
	expect_where[nexpect] = where()
	next
}
/^LUNL-KMEMLEAK / {
	if (!leak[stage]++) fail("stage " stage " kmemleak: " substr($0, 16))
	next
}
/^LUNL-KEXEC-FAILED / { fail("kexec into stage " $2 " failed"); next }
/^LUNL-MODULE-FAILED / { fail("stage " stage ": loading the module " $2 " failed"); next }
/^LUNL-STAGE-END / {
	if (in_run) close_run("it never exited")
	if ($2 != stage) { fail("stage " $2 " ended while in stage " stage); next }
	ended[stage] = 1; tend[stage] = $3
	for (q = sq + 1; q <= nruns[stage]; q++)
		missing(stage, q, 1, "the run never started")
	next
}
END {
	if (in_run) close_run("the VM stopped first")
	if (qrc == 124) fail("vm: timed out after " timeout_s " s")
	for (s = 1; s <= stages; s++) {
		if (!begun[s])
			for (q = 1; q <= nruns[s]; q++)
				missing(s, q, 1, "stage " s " never began")
		else if (!ended[s]) {
			for (q = sq + 1; q <= nruns[s] && s == stage; q++)
				missing(s, q, 1, "the run never started")
		}
		if (ended[s]) pass("stage " s " completed")
		else fail("stage " s " completed: the stage did not finish")
		if (begun[s] && ended[s] && tbegin[s] != "" && tend[s] != "" && texit[s] != "")
			printf "# time stage %d: boot %.1f s, tests %.1f s, leak scan %.1f s\n", s, tbegin[s], texit[s] - tbegin[s], tend[s] - texit[s]
	}
	for (s = stages + 1; s <= last; s++)
		fail("stage " s " is not in the manifest")
	print "# manifest: " ntests " tests in " allruns " runs over " stages " stages"
	for (i = 1; i <= nexpect; i++)
		print "=expect " expect_where[i] "\t" expect[i]
	print "=counts " npass + 0 " " nfail + 0
}' "$manifest" - > "$out"
grep -v '^=counts \|^=expect ' "$out"
read -r _ pass fail < <(grep '^=counts ' "$out")

# Reports of every detector of the debug kernel (config.debug): WARN and
# BUG (soft lockups, workqueue stalls, KFENCE, sleeping in atomic
# context, bad page state), KASAN, UBSAN, lockdep, DEBUG_LIST,
# DEBUG_OBJECTS, hung tasks, RCU stalls, refcount_t, kmemleak, panics
# and the OOM killer.
splat='WARNING:|BUG:|KASAN:|UBSAN:|KFENCE:|ODEBUG:|Oops|general protection|Kernel panic|kernel BUG'
splat+='|possible recursive locking|possible circular locking|inconsistent lock state'
splat+='|suspicious RCU usage|lock held when returning|DEBUG_LOCKS_WARN_ON|Invalid wait context'
splat+='|list_add corruption|list_del corruption|unreferenced object|Call Trace:'
splat+='|blocked for more than|soft lockup|hard LOCKUP|detected stalls?|self-detected stall'
splat+='|workqueue lockup|refcount_t:|invoked oom-killer|Out of memory|suspected memory leak'
# fault_test injects allocation failures between its two markers; the
# kernel's report of a failed allocation (warn_alloc(): a header line,
# then a stack dump up to </TASK>, at most 60 lines) is the expected
# outcome there, and is not a splat. Anything else there still is.
tr -d '\r' < "$console" |
awk '/liveupdate_nl_fault: begin/ { inj = 1 }
     /liveupdate_nl_fault: end/ { inj = 0 }
     inj && /(page allocation failure|vmalloc error): / { skip = 60 }
     skip { skip--; if (/<\/TASK>/) skip = 0; next }
     { print }' > "$out.console"
# What the tests expected the kernel to log.
while IFS=$'\t' read -r who text; do
	if grep -qF -- "$text" "$out.console"; then
		pass=$((pass + 1))
		echo "ok - ${who#=expect }: the kernel logged \"$text\""
	else
		fail=$((fail + 1))
		echo "not ok - ${who#=expect }: the kernel never logged \"$text\""
	fi
done < <(grep '^=expect ' "$out")

if grep -Eq "$splat" "$out.console"; then
	fail=$((fail + 1))
	echo "not ok - serial log free of splats"
	grep -En "$splat" "$out.console" | head -n 20 | sed 's/^/#   /'
else
	pass=$((pass + 1))
	echo "ok - serial log free of splats"
fi

echo "judge: $pass passed, $fail failed, 0 skipped"
[ "$fail" -eq 0 ]
