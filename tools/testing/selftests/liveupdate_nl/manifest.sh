#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The manifest of a VM run: every (stage, run, test) that must report.
#
# Usage: manifest.sh LIST BINDIR
#   LIST    a stages list ("STAGE PROGRAM [ARGS]" per line; a line
#           "nice N" is vmtest.sh's)
#   BINDIR  where the built test programs are
#
# Each program is asked for its tests with "PROGRAM -l ARGS" (the
# kselftest harness listing: "%-20s %-25s %s" of fixture, variant and
# test); the harness filters among ARGS (-t -T -f -F -v -V -r) are
# applied as test_enabled() in kselftest_harness.h applies them. Prints
#   STAGES N
#   RUN STAGE SEQ PROGRAM COUNT ARGS...
#   TEST STAGE SEQ INDEX NAME
# and fails, saying why, when a program cannot list its tests, a filter
# matches no test, an option is not a harness filter or a line selects
# no test.
set -euo pipefail

list=${1:?usage: manifest.sh LIST BINDIR}
bindir=${2:?usage: manifest.sh LIST BINDIR}
bad=0

stages=$(awk '$1 ~ /^[0-9]+$/ { if ($1 > m) m = $1 } END { print m + 0 }' "$list")
[ "$stages" -gt 0 ] || { echo "manifest: $list names no stage" >&2; exit 1; }
echo "STAGES $stages"

declare -A seq
lineno=0
while read -r st prog args; do
	lineno=$((lineno + 1))
	case "$st" in ''|\#*|nice) continue ;; esac
	if ! [[ "$st" =~ ^[0-9]+$ ]] || [ -z "$prog" ]; then
		echo "manifest: $list:$lineno: not \"STAGE PROGRAM [ARGS]\"" >&2
		bad=1
		continue
	fi
	seq[$st]=$(( ${seq[$st]:-0} + 1 ))
	if [ ! -x "$bindir/$prog" ]; then
		echo "manifest: $list:$lineno: $prog was not built" >&2
		bad=1
		continue
	fi
	rc=0
	# shellcheck disable=SC2086 # ARGS are words
	listing=$("$bindir/$prog" -l $args 2>&1 >/dev/null </dev/null) || rc=$?
	# The harness lists on stderr and exits KSFT_SKIP (4).
	# Matched in the shell: under pipefail, a "| head | grep -q" whose
	# reader exits first can fail the pipeline with SIGPIPE.
	if [ "$rc" -ne 4 ] || [[ "${listing%%$'\n'*}" != "# FIXTURE"* ]]; then
		echo "manifest: $list:$lineno: \"$prog -l\" gave no test listing (exit $rc)" >&2
		bad=1
		continue
	fi
	out=$(printf '%s\n' "$listing" | awk -v args="$args" -v where="$list:$lineno" \
					     -v st="$st" -v sq="${seq[$st]}" -v prog="$prog" '
	function max(a, b) { return a > b ? a : b }
	# Rows: "%-20s %-25s %s\n" of fixture, variant, test; a field is
	# blank where the fixture has no more variants or tests.
	/^# FIXTURE/ || /^-+$/ { next }
	{
		pos = 1
		if (substr($0, 1, 1) != " ") {
			split($0, w, " ")
			fix = w[1]
			nf++
			fname[nf] = fix
			pos = max(length(fix), 20) + 2
		} else {
			pos = 22
		}
		if (!nf) { print "ERR row before any fixture: " $0; next }
		if (substr($0, pos, 1) != " " && pos <= length($0)) {
			v = substr($0, pos)
			sub(/ .*/, "", v)
			nv[nf]++
			vname[nf, nv[nf]] = v
			pos += max(length(v), 25) + 1
		} else {
			pos += 26
		}
		t = substr($0, pos)
		gsub(/^ +| +$/, "", t)
		if (t != "") {
			nt[nf]++
			tname[nf, nt[nf]] = t
		}
	}
	END {
		nopt = 0
		n = split(args, a, " ")
		for (i = 1; i <= n; i++) {
			if (a[i] == "-d")
				continue
			if (a[i] !~ /^-[tTfFvVr]$/) {
				if (a[i] ~ /^-/) {
					print "ERR " a[i] " is not a harness filter"
					bad = 1
				}
				continue
			}
			if (i == n) { print "ERR " a[i] " without a name"; bad = 1; break }
			nopt++
			opt[nopt] = substr(a[i], 2, 1)
			arg[nopt] = a[++i]
			if (opt[nopt] ~ /[tfvr]/)
				positive = 1
		}
		count = 0
		for (f = 1; f <= nf; f++) {
			nvar = nv[f] ? nv[f] : 1
			for (k = 1; k <= nvar; k++) {
				v = nv[f] ? vname[f, k] : ""
				for (j = 1; j <= nt[f]; j++) {
					t = tname[f, j]
					full = fname[f] (v != "" ? "." v : "") "." t
					on = !positive
					for (o = 1; o <= nopt; o++) {
						c = tolower(opt[o])
						hit = (c == "t" && arg[o] == t) ||
						      (c == "f" && arg[o] == fname[f]) ||
						      (c == "v" && arg[o] == v) ||
						      (c == "r" && arg[o] == full)
						if (hit) {
							used[o] = 1
							on = opt[o] ~ /[tfvr]/
							break
						}
					}
					if (on)
						name[++count] = full
				}
			}
		}
		for (o = 1; o <= nopt; o++) {
			if (used[o])
				continue
			# A filter after the deciding one still has to name something.
			for (f = 1; f <= nf && !used[o]; f++) {
				nvar = nv[f] ? nv[f] : 1
				for (k = 1; k <= nvar; k++)
					for (j = 1; j <= nt[f]; j++) {
						v = nv[f] ? vname[f, k] : ""
						full = fname[f] (v != "" ? "." v : "") "." tname[f, j]
						c = tolower(opt[o])
						if ((c == "t" && arg[o] == tname[f, j]) ||
						    (c == "f" && arg[o] == fname[f]) ||
						    (c == "v" && arg[o] == v) ||
						    (c == "r" && arg[o] == full))
							used[o] = 1
					}
			}
			if (!used[o]) {
				print "ERR filter -" opt[o] " " arg[o] " matches no test of " prog
				bad = 1
			}
		}
		if (!count) { print "ERR the line selects no test"; bad = 1 }
		if (bad)
			exit
		print "RUN " st " " sq " " prog " " count (args != "" ? " " args : "")
		for (i = 1; i <= count; i++)
			print "TEST " st " " sq " " i " " name[i]
	}')
	if [[ $'\n'"$out" == *$'\n'"ERR "* ]]; then
		printf '%s\n' "$out" | sed -n "s|^ERR |manifest: $list:$lineno: |p" >&2
		bad=1
		continue
	fi
	printf '%s\n' "$out"
done < "$list"
exit $bad
