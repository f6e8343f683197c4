#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The report of `make bench` from one VM run's logs: for every case the
# median and interquartile range of each API's samples and of the paired
# ratios ours/LUO; the first-touch control first; the goals, judged only
# when the control and the spread allow; the scaling series; the
# profiles; JSON and PNG plots (gnuplot).
#
# Usage: bench-report.sh VM_LANE_DIR RESULT_DIR
#   VM_LANE_DIR  the lane's logs (ktap.log and console.log)
set -uo pipefail

vm=${1:?usage: bench-report.sh VM_LANE_DIR RESULT_DIR}
res=${2:?usage: bench-report.sh VM_LANE_DIR RESULT_DIR}
die() { echo "bench: $*" >&2; exit 1; }

[ -f "$vm/ktap.log" ] && [ -f "$vm/console.log" ] || die "no logs in $vm"
mkdir -p "$res"
rm -f "$res"/*.png "$res"/*.dat "$res"/*.txt "$res"/*.json
tr -d '\r' < "$vm/ktap.log" | sed -n 's/^# LUNL-BENCH //p' > "$res/ktap.txt"
tr -d '\r' < "$vm/ktap.log" | sed -n 's/^# LUNL-PROF //p' > "$res/profile.txt"
tr -d '\r' < "$vm/console.log" |
	sed -n -e 's/.*bench: freeze \(nl\|nl-luo\|luo\) \([0-9]*\) ns (\(-\?[0-9]*\)).*/freeze \1 \2 \3/p' \
	       -e 's/.*LUO reboot path took \([0-9]*\) ns (\(-\?[0-9]*\)).*/reboot \1 \2/p' \
	> "$res/console.txt"

# The freeze times, matched with the sessions: the n-th of a front end in
# a hop's console lines is the n-th session it made in that hop's setup
# (nl-luo: LUO's luo_file_freeze() within the family's freeze, the same
# code on the same files as LUO's own). raw.txt: every figure, op api
# kind value sample ns, without the warm-up and the profiled cases.
awk '
	FNR == 1 { file++ }
	file == 1 && $1 == "hop" { hop++; nn[hop] = nl[hop] = 0; next }
	file == 1 && $1 == "session" {
		i = $2 == "nl" ? ++nn[hop] : ++nl[hop]
		key[hop, $2, i] = $3 " " $4 " " $5 " " $6
		next
	}
	file == 1 && $1 != "meta" { if ($3 != "warm" && $3 != "prof") print; next }
	file == 2 && $1 == "reboot" { if ($3 != 0) bad = "a kexec was refused"; chop++; next }
	file == 2 && $1 == "freeze" {
		h = chop + 1
		i = $2 == "nl" ? ++cn[h] : $2 == "nl-luo" ? ++ci[h] : ++cl[h]
		if ($4 != 0) bad = "a freeze failed"
		fe = $2 == "nl-luo" ? "nl" : $2
		if (!((h, fe, i) in key)) { bad = "freeze " $2 " #" i " of hop " h " has no session"; next }
		split(key[h, fe, i], k, " ")
		api = $2 == "nl" && k[3] == "b" ? "nl-batch" : $2 == "nl-luo" && k[3] == "b" ? "nl-batch-luo" : $2
		if (k[1] != "warm" && k[1] != "prof")
			sum["freeze " api " " k[1] " " k[2] " " k[4]] += $3
		seen[h, $2, i] = 1
	}
	END {
		for (x in key) {
			split(x, y, SUBSEP)
			if (!(x in seen)) bad = "no freeze time for session " y[2] " #" y[3] " of hop " y[1]
			if (y[2] == "nl" && !((y[1], "nl-luo", y[3]) in seen)) bad = "no luo_file_freeze() time in session nl #" y[3] " of hop " y[1]
		}
		for (s in sum) print s, sum[s]
		if (bad != "") { print "bench: " bad > "/dev/stderr"; exit 1 }
	}' "$res/ktap.txt" "$res/console.txt" > "$res/raw.txt" ||
	die "the freeze times do not match the sessions"
grep -q '^freeze ' "$res/raw.txt" || die "no freeze time in the console log"
! grep -q 'bench: [0-9]* freeze times lost' "$vm/console.log" ||
	die "the kernel lost freeze times (lib/tests/lunl_luo_timing.c LUNL_TIMES)"

meta_fd=$(awk '$1 == "meta" && $3 == "fd" { print $4; exit }' "$res/ktap.txt")
meta_session=$(awk '$1 == "meta" && $3 == "session" { print $4; exit }' "$res/ktap.txt")

# stats.txt: op kind value api n median q1 q3 luo-median luo-q1 luo-q3
#            ratio-of-medians pairs ratio-q1 ratio-median ratio-q3
# (luo and ratio fields "-" where LUO has no figure).
awk '
	function sortn(a, n,   i, j, t) {
		for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
	}
	# Quantile q of a[1..n], sorted, interpolated between ranks.
	function qt(a, n, q,   h, l) {
		if (n == 1) return a[1]
		h = (n - 1) * q + 1; l = int(h)
		return l >= n ? a[n] : a[l] + (h - l) * (a[l + 1] - a[l])
	}
	{
		k = $1 " " $3 " " $4; api[k, $2] = 1; keys[k] = 1
		v[k, $2, $5] = $6; s[k, $2] = s[k, $2] " " $5
	}
	END {
		for (k in keys) for (ka in api) {
			split(ka, kk, SUBSEP); if (kk[1] != k || kk[2] == "luo") continue
			a = kk[2]; n = split(substr(s[k, a], 2), smp, " ")
			for (i = 1; i <= n; i++) x[i] = v[k, a, smp[i]]
			sortn(x, n)
			line = sprintf("%s %s %d %.0f %.0f %.0f", k, a, n, qt(x, n, .5), qt(x, n, .25), qt(x, n, .75))
			if ((k SUBSEP "luo") in api) {
				m = split(substr(s[k, "luo"], 2), ls, " ")
				for (i = 1; i <= m; i++) y[i] = v[k, "luo", ls[i]]
				sortn(y, m)
				lm = qt(y, m, .5)
				np = 0
				for (i = 1; i <= n; i++)
					if ((k SUBSEP "luo" SUBSEP smp[i]) in v && v[k, "luo", smp[i]] > 0)
						r[++np] = v[k, a, smp[i]] / v[k, "luo", smp[i]]
				sortn(r, np)
				line = sprintf("%s %.0f %.0f %.0f %s %d %s", line, lm, qt(y, m, .25), qt(y, m, .75),
					       (lm > 0 ? sprintf("%.4f", qt(x, n, .5) / lm) : "-"), np,
					       (np ? sprintf("%.4f %.4f %.4f", qt(r, np, .25), qt(r, np, .5), qt(r, np, .75)) : "- - -"))
			} else {
				line = line " - - - - 0 - - -"
			}
			print line
		}
	}' "$res/raw.txt" | sort -k1,1 -k2,2 -k3,3n -k4,4 > "$res/stats.txt"

# Quantiles of a column of numbers: n q1 median q3 ("0 - - -" if none).
quartiles() {
	sort -g | awk '{ a[NR] = $1 }
	     function qt(q,   h, l) { h = (NR - 1) * q + 1; l = int(h); return l >= NR ? a[NR] : a[l] + (h - l) * (a[l + 1] - a[l]) }
	     END { if (NR) printf "%d %.3f %.3f %.3f\n", NR, qt(.25), qt(.5), qt(.75); else print "0 - - -" }'
}
# The paired ratios API/luo of one op over the samples of some kinds.
pairs() { # op api kind-regex
	awk -v op="$1" -v api="$2" -v kinds="$3" '$1 == op && $3 ~ kinds {
		k = $3 " " $4 " " $5; if ($2 == api) o[k] = $6; if ($2 == "luo") l[k] = $6 }
	     END { for (k in o) if (k in l && l[k] > 0) print o[k] / l[k] }' "$res/raw.txt"
}
# A control passes when its median ratio is within 0.9-1.1 and its IQR
# holds 1.0 (the same work cannot tell the two apart).
control_ok() { # n q1 median q3
	awk -v n="$1" -v q1="$2" -v m="$3" -v q3="$4" \
		'BEGIN { print (n >= 5 && m >= 0.9 && m <= 1.1 && q1 <= 1 && q3 >= 1) ? "yes" : "no" }'
}
# Kexec control: the first touch of every restored page, the same work on
# both sides (the family's session restored one request per file). Live
# control: the first touch of a fresh memfd, the same code under both
# names. Freeze control: LUO's luo_file_freeze() within the family's
# freeze and in LUO's own.
read -r k_n k_q1 k_med k_q3 < <(pairs touch nl '^(n|size|zero)$' | quartiles)
read -r l_n l_q1 l_med l_q3 < <(pairs touch nl '^live$' | quartiles)
read -r f_n f_q1 f_med f_q3 < <({ pairs freeze nl-luo '^(n|size|zero)$'; pairs freeze nl-batch-luo '^n$'; } | quartiles)
k_ok=$(control_ok "$k_n" "$k_q1" "$k_med" "$k_q3")
l_ok=$(control_ok "$l_n" "$l_q1" "$l_med" "$l_q3")
f_ok=$(control_ok "$f_n" "$f_q1" "$f_med" "$f_q3")

# A goal's verdict: met when the ratio of the medians and the paired
# ratios' IQR all lie at or under the limit, missed when all lie over
# it, else not judgeable; never with fewer than 5 pairs or a failed
# control.
verdict() { # limit ratio q1 q3 pairs control-ok...
	local lim=$1 r=$2 q1=$3 q3=$4 np=$5 c
	shift 5
	[ "$r" = - ] && { echo "no figure"; return; }
	for c in "$@"; do
		[ "$c" = yes ] || { echo "not judgeable (control)"; return; }
	done
	awk -v lim="$lim" -v r="$r" -v q1="$q1" -v q3="$q3" -v np="$np" 'BEGIN {
		if (np < 5) { print "not judgeable (" np " pairs)"; exit }
		if (r <= lim && q3 <= lim) print "met"
		else if (r > lim && q1 > lim) print "missed"
		else print "not judgeable (spread across " lim ")" }'
}
goal_rows() { # limit title op kind api min-value controls...
	local lim=$1 title=$2 gop=$3 gkind=$4 gapi=$5 gmin=$6
	shift 6
	awk -v op="$gop" -v kind="$gkind" -v api="$gapi" -v min="$gmin" \
		'$1 == op && $2 == kind && $4 == api && $3 >= min' "$res/stats.txt" |
	while read -r op kind value api n med q1 q3 lm lq1 lq3 ratio np rq1 rmed rq3; do
		printf '  %-38s %-8s %10s  %6s  [%s, %s]  n=%s  %s\n' "$title" "$op" "$value" \
			"$([ "$ratio" = - ] && echo - || printf '%.2fx' "$ratio")" \
			"$([ "$rq1" = - ] && echo - || printf '%.2f' "$rq1")" \
			"$([ "$rq3" = - ] && echo - || printf '%.2f' "$rq3")" "$np" \
			"$(verdict "$lim" "$ratio" "$rq1" "$rq3" "$np" "$@")"
	done
}
# Within a side: paired ratio of two cases of the same sample, judged
# against a band [lo, hi]: met when median and IQR lie inside it.
band_row() { # title op api kind-a value-a kind-b value-b scale lo hi
	read -r n q1 med q3 < <(awk -v op="$2" -v api="$3" -v ka="$4" -v va="$5" -v kb="$6" -v vb="$7" -v sc="$8" \
		'$1 == op && $2 == api && $3 == ka && $4 == va { a[$5] = $6 }
		 $1 == op && $2 == api && $3 == kb && $4 == vb { b[$5] = $6 }
		 END { for (x in a) if (x in b && b[x] > 0) print a[x] / (b[x] * sc) }' "$res/raw.txt" | quartiles)
	printf '    %-30s %-8s median %s [%s, %s] n=%s: %s\n' "$1" "$3" "$med" "$q1" "$q3" "$n" \
		"$(awk -v n="$n" -v q1="$q1" -v m="$med" -v q3="$q3" -v lo="$9" -v hi="${10}" -v ok="$k_ok" 'BEGIN {
			if (n < 5) { print "not judgeable (" n " pairs)"; exit }
			if (ok != "yes") { print "not judgeable (control)"; exit }
			if (q1 >= lo && q3 <= hi) print "met"
			else if (q3 < lo || q1 > hi) print "missed"
			else print "not judgeable (spread across " lo "-" hi ")" }')"
}


{
	echo "make bench: ours (generic netlink) against LUO's ioctls, same VM run"
	echo "(QEMU TCG; medians and interquartile ranges [q1, q3] of the samples;"
	echo "ratios are ours/LUO: the ratio of the medians, and the IQR of the"
	echo "ratios of the samples paired by repetition or by kexec)"
	echo
	echo "Controls (the same work on both sides; ratio ours/LUO, median [IQR]"
	echo "over the pairs; a control passes within 0.9-1.1 with 1.0 in its IQR):"
	printf '  kexec, first touch of restored pages  %sx [%s, %s] n=%s: %s\n' "$k_med" "$k_q1" "$k_q3" "$k_n" \
		"$([ "$k_ok" = yes ] && echo "passes: restore and freeze goals judged" || echo "FAILS: restore and freeze goals not judged")"
	printf '  live, first touch of a fresh memfd    %sx [%s, %s] n=%s: %s\n' "$l_med" "$l_q1" "$l_q3" "$l_n" \
		"$([ "$l_ok" = yes ] && echo "passes: fd-add goals judged" || echo "FAILS: fd-add goals not judged")"
	printf '  freeze, luo_file_freeze() in both     %sx [%s, %s] n=%s: %s\n' "$f_med" "$f_q1" "$f_q3" "$f_n" \
		"$([ "$f_ok" = yes ] && echo "passes: freeze goals judged" || echo "FAILS: freeze goals not judged")"
	echo "  per case (kexec control, and LUO's freeze within the family's):"
	awk '$1 == "touch" && $2 != "files" && $2 != "pages" && $4 == "nl" {
		printf "    touch  %-5s %10s  ours %10s [%s, %s]  LUO %10s [%s, %s]  ratio %.2fx [%.2f, %.2f]\n",
			$2, $3, $6, $7, $8, $9, $10, $11, $12, $14, $16 }
	     $1 == "freeze" && ($4 == "nl-luo" || $4 == "nl-batch-luo") && $2 != "files" && $2 != "pages" {
		printf "    freeze %-5s %10s  ours %10s [%s, %s]  LUO %10s [%s, %s]  ratio %.2fx [%.2f, %.2f] (%s)\n",
			$2, $3, $6, $7, $8, $9, $10, $11, $12, $14, $16, $4 }' "$res/stats.txt"
	echo
	echo "Goals: ratio of medians, [IQR of the paired ratios], pairs, verdict."
	echo "Met or missed only when the ratio and the IQR lie on one side of the"
	echo "limit, with at least 5 pairs and the control of the goal passing."
	goal_rows 0.8 "entries fd-add per fd <= 0.8x, N>=100" preserve n nl-entries 100 "$l_ok"
	goal_rows 0.8 "batched fd-add per fd <= 0.8x, N>=100" preserve n nl-batch 100 "$l_ok"
	goal_rows 0.8 "batch restore per fd <= 0.8x, N>=100" restore n nl-batch 100 "$k_ok"
	goal_rows 1.3 "fd-add, one request per fd <= 1.3x" preserve n nl 1 "$l_ok"
	goal_rows 1.3 "fd-restore, one request per fd <= 1.3x" restore n nl 1 "$k_ok"
	goal_rows 1.05 "freeze, one memfd <= 1.05x" freeze size nl 1 "$k_ok" "$f_ok"
	goal_rows 1.05 "restore, one memfd <= 1.05x" restore size nl 1 "$k_ok"
	echo "  flat in content (128 MiB of zeros / stamped, same sample, 0.9-1.1):"
	for op in freeze restore touch; do
		for api in nl luo; do
			band_row "$op zeros/stamped" "$op" "$api" zero 134217728 size 134217728 1 0.9 1.1
		done
	done
	echo "  linear in folios (ns per page at 128 MiB / at 16 MiB, same sample, <= 1.1):"
	for op in freeze restore touch; do
		for api in nl luo; do
			band_row "$op per page" "$op" "$api" size 134217728 size 16777216 8 0 1.1
		done
	done
	if [ -n "${meta_fd:-}" ]; then
		per_fd=$(( meta_fd + 64 ))
		printf '  %-38s ours %s bytes + 64 of LUO'"'"'s entry = %s (LUO alone 64): %s\n' \
			"all metadata per fd <= 64 bytes" "$meta_fd" "$per_fd" \
			"$([ "$per_fd" -le 64 ] && echo met || echo missed)"
		echo "    (LUO's entry is sizeof(struct luo_file_ser), 64 bytes by its ABI:"
		echo "    any metadata of the family's own misses this goal)"
	else
		echo "  all metadata per fd <= 64 bytes: no figure"
	fi
	printf '  %-38s %s bytes per session of ours\n' "" "${meta_session:--}"
	echo
	echo "Every case (median [q1, q3] of each side; ratio [paired IQR]):"
	awk '$2 != "files" && $2 != "pages" {
		printf "  %-8s %-5s %10s %-10s ours %10s [%s, %s]  LUO %10s  ratio %s [%s, %s] n=%s\n",
			$1, $2, $3, $4, $6, $7, $8, $9, ($12 == "-" ? "-" : sprintf("%.2fx", $12)),
			($14 == "-" ? "-" : sprintf("%.2f", $14)), ($16 == "-" ? "-" : sprintf("%.2f", $16)), $5 }' \
		"$res/stats.txt"
	echo
	echo "Scaling (one kexec; preserve: 3 live repetitions; per file or per page):"
	awk '$2 == "files" {
		printf "  %-8s %7d files of 4 KiB  ours %-10s %10.0f ns/file  LUO %10.0f ns/file\n",
			$1, $3, $4, ($1 == "preserve" ? $6 : $6 / $3), ($9 == "-" ? 0 : ($1 == "preserve" ? $9 : $9 / $3)) }
	     $2 == "pages" {
		printf "  %-8s %10d bytes       ours %-10s %10.1f ns/page  LUO %10.1f ns/page\n",
			$1, $3, $4, $6 / ($3 / 4096), ($9 == "-" ? 0 : $9 / ($3 / 4096)) }' "$res/stats.txt"
	echo "  ns per page of the largest memfd against 16 MiB (one sample each,"
	echo "  two boots: shown, not judged; the goal is judged above):"
	awk '$2 == "pages" && $4 == "nl" && $1 != "finish" { pp = $6 / ($3 / 4096); if ($3 == 16777216) base[$1] = pp; if ($3 >= big[$1]) { big[$1] = $3; top[$1] = pp } }
	     END { for (op in base) printf "    %-8s ours %.2fx at %d bytes\n", op, top[op] / base[op], big[op] }' \
		"$res/stats.txt" | sort
	echo
	echo "Dump of 1000 sessions (ours; LUO has no listing):"
	awk '$1 == "dump" { printf "  median %s ns [%s, %s], n=%s\n", $6, $7, $8, $5 }' "$res/stats.txt"
	echo
	echo "Where the time goes (function_graph in the guest, inclusive time of"
	echo "the top functions under the system calls that preserve or restore 32"
	echo "files, or freeze one; TCG and the tracer inflate every figure alike):"
	awk '{ k = $1 " " $2; if (!(k in top)) { top[k] = $4; c[k] = 0 }
	       if (c[k]++ < 16) printf "  %-22s %-30s %6.1f%% %8d calls\n", k, $3, 100 * $4 / top[k], $5 }' \
		"$res/profile.txt"
	echo "  The work both APIs share (LUO's luo_preserve_file() and"
	echo "  luo_retrieve_file(), the memfd handler within) bounds the ratio:"
	awk '$3 ~ /^__x64_sys_(sendmsg|recvmsg|ioctl)$/ { tot[$1, $2] += $4 }
	     ($1 == "preserve" && $3 == "luo_preserve_file") || ($1 == "restore" && $3 == "luo_retrieve_file") {
		sh[$1, $2] = $4; fn[$1] = $3 }
	     END { for (k in tot) { split(k, x, SUBSEP); if (x[2] == "luo" || !((x[1], "luo") in tot)) continue
		   printf "    %-8s %-10s %5.1f%% of its time in %s (LUO: %.1f%%);", x[1], x[2],
			  100 * sh[k] / tot[k], fn[x[1]], 100 * sh[x[1], "luo"] / tot[x[1], "luo"]
		   printf " with no cost of its own, ours would be %.2fx\n", sh[k] / tot[x[1], "luo"] } }' \
		"$res/profile.txt" | sort
	echo
	echo "Freeze: both timed on the kexec path by kretprobes of the same make"
	echo "(lib/tests/lunl_luo_timing.c): ours lunl_freeze_session(), LUO's"
	echo "luo_file_freeze(); the family's freeze also fires the latter's probe."
	echo "Restore: the family's requests against RETRIEVE_SESSION and"
	echo "RETRIEVE_FD; opening the socket or /dev/liveupdate is not counted."
} > "$res/bench.txt"

# JSON: one object per row of stats.txt.
awk -v ms="${meta_session:-null}" -v mf="${meta_fd:-null}" -v cm="$k_med" -v cq1="$k_q1" -v cq3="$k_q3" -v cj="$k_ok" '
	function v(x) { return x == "-" ? "null" : x }
	BEGIN { printf "{\n  \"unit\": \"ns\",\n  \"control\": {\"median\": %s, \"q1\": %s, \"q3\": %s, \"judgeable\": %s},\n  \"metadata\": {\"session_bytes\": %s, \"fd_record_bytes\": %s, \"fd_luo_entry_bytes\": 64},\n  \"cases\": [\n", v(cm), v(cq1), v(cq3), cj == "yes" ? "true" : "false", ms, mf }
	{ printf "%s    {\"op\": \"%s\", \"kind\": \"%s\", \"value\": %s, \"api\": \"%s\", \"samples\": %s, \"median\": %s, \"q1\": %s, \"q3\": %s, \"luo_median\": %s, \"luo_q1\": %s, \"luo_q3\": %s, \"ratio\": %s, \"pairs\": %s, \"ratio_q1\": %s, \"ratio_median\": %s, \"ratio_q3\": %s}",
		(NR > 1 ? ",\n" : ""), $1, $2, $3, $4, $5, $6, $7, $8, v($9), v($10), v($11), v($12), $13, v($14), v($15), v($16) }
	END { printf "\n  ]\n}\n" }' "$res/stats.txt" > "$res/bench.json"

# Plots: the scaling series, per file and per page.
awk '$2 == "files" && $4 !~ /-luo$/ { print $1, $3, ($1 == "preserve" ? $6 : $6 / $3), ($9 == "-" ? "-" : ($1 == "preserve" ? $9 : $9 / $3)) }' \
	"$res/stats.txt" > "$res/files.dat"
awk '$2 == "pages" && $4 !~ /-luo$/ { print $1, $3, $6 / ($3 / 4096), ($9 == "-" ? "-" : $9 / ($3 / 4096)) }' \
	"$res/stats.txt" > "$res/pages.dat"
awk '$2 == "n" && $1 == "preserve" { print $3, $4, $7, $6, $8, $10, $9, $11 }' "$res/stats.txt" > "$res/preserve-n.dat"
# One gnuplot plot of ours and LUO's line for each op: file op:name...
plot_ops() {
	local dat=$1 sep=plot op name
	shift
	for p in "$@"; do
		op=${p%%:*} name=${p#*:}
		printf '%s "< grep ^%s %s" u 2:3 w lp t "ours, %s", "" u 2:4 w lp t "LUO, %s"' \
			"$sep" "$op" "$dat" "$name" "$name"
		sep=,
	done
	echo
}
gnuplot <<EOF || die "gnuplot failed"
set terminal png size 900,600 noenhanced
set logscale xy
set key top right
set grid
set datafile missing "-"
set output "$res/scale-files.png"
set title "cost per file against the number of files (4 KiB memfds)"
set xlabel "files"
set ylabel "ns per file"
$(plot_ops "$res/files.dat" "preserve:preserve" freeze:freeze "restore:restore")
set output "$res/scale-pages.png"
set title "cost per 4 KiB page against the size of one memfd"
set xlabel "bytes"
set ylabel "ns per page"
$(plot_ops "$res/pages.dat" freeze:freeze restore:restore "touch:first touch")
set output "$res/preserve-n.png"
set title "preserve: ns per fd against N memfds of 64 KiB (median, IQR)"
set xlabel "N"
set ylabel "ns per fd"
plot "< grep ' nl ' $res/preserve-n.dat" u 1:4:3:5 w yerrorlines t "ours, one request per fd", \
     "< grep ' nl-batch ' $res/preserve-n.dat" u 1:4:3:5 w yerrorlines t "ours, 64 per sendmsg", \
     "< grep ' nl-entries ' $res/preserve-n.dat" u 1:4:3:5 w yerrorlines t "ours, entries", \
     "< grep ' nl ' $res/preserve-n.dat" u 1:7:6:8 w yerrorlines t "LUO PRESERVE_FD"
EOF

cat "$res/bench.txt"
echo
