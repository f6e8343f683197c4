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

# The control: the first touch of every restored page, the same work on
# both sides, over every pair of the kexec samples (the family's session
# restored one request per file).
read -r c_n c_q1 c_med c_q3 < <(awk '$1 == "touch" && $3 != "files" && $3 != "pages"' "$res/raw.txt" |
	awk '{ k = $3 " " $4 " " $5; if ($2 == "nl") o[k] = $6; if ($2 == "luo") l[k] = $6 }
	     END { for (k in o) if (k in l && l[k] > 0) print o[k] / l[k] }' | sort -g |
	awk '{ a[NR] = $1 }
	     function qt(q,   h, l) { h = (NR - 1) * q + 1; l = int(h); return l >= NR ? a[NR] : a[l] + (h - l) * (a[l + 1] - a[l]) }
	     END { if (NR) printf "%d %.3f %.3f %.3f\n", NR, qt(.25), qt(.5), qt(.75); else print "0 - - -" }')
judgeable=$(awk -v m="$c_med" 'BEGIN { print (m != "-" && m >= 0.9 && m <= 1.1) ? "yes" : "no" }')

# A goal's verdict from one row of stats.txt: the ratio of the medians
# against the limit, unless the control failed or the paired ratios'
# IQR straddles the limit.
verdict() { # limit ratio q1 q3
	awk -v lim="$1" -v r="$2" -v q1="$3" -v q3="$4" -v ok="$judgeable" 'BEGIN {
		if (r == "-") { print "no figure"; exit }
		if (ok != "yes") { print "not judgeable (control)"; exit }
		if (q1 <= lim && q3 > lim) { print "not judgeable (IQR straddles " lim ")"; exit }
		print r <= lim ? "met" : "missed" }'
}
goal_rows() { # limit title op kind api min-value
	awk -v op="$3" -v kind="$4" -v api="$5" -v min="$6" \
		'$1 == op && $2 == kind && $4 == api && $3 >= min' "$res/stats.txt" |
	while read -r op kind value api n med q1 q3 lm lq1 lq3 ratio np rq1 rmed rq3; do
		printf '  %-38s %-8s %10s  %6s  [%s, %s]  n=%s  %s\n' "$2" "$op" "$value" \
			"$(printf '%.2fx' "$ratio" 2>/dev/null || echo -)" \
			"$(printf '%.2f' "$rq1" 2>/dev/null || echo -)" \
			"$(printf '%.2f' "$rq3" 2>/dev/null || echo -)" "$np" \
			"$(verdict "$1" "$ratio" "$rq1" "$rq3")"
	done
}

fmt() { awk -v x="$1" 'BEGIN { if (x == "-") print "-"; else if (x >= 1e9) printf "%.2f s", x / 1e9; else if (x >= 1e6) printf "%.2f ms", x / 1e6; else if (x >= 1e3) printf "%.1f us", x / 1e3; else printf "%d ns", x }'; }

{
	echo "make bench: ours (generic netlink) against LUO's ioctls, same VM run"
	echo "(QEMU TCG; medians and interquartile ranges [q1, q3] of the samples;"
	echo "ratios are ours/LUO: the ratio of the medians, and the IQR of the"
	echo "ratios of the samples paired by repetition or by kexec)"
	echo
	echo "Control, first touch of every restored page (same work both sides):"
	printf '  median ratio %sx, IQR [%s, %s] over %s pairs: goals %s\n' "$c_med" "$c_q1" "$c_q3" "$c_n" \
		"$([ "$judgeable" = yes ] && echo "can be judged (median within 0.9-1.1)" ||
			echo "are NOT judged on this run (median outside 0.9-1.1)")"
	awk '$1 == "touch" && $2 != "files" && $2 != "pages" && $4 == "nl" {
		printf "  %-6s %10s  ours %s [%s, %s]  LUO %s [%s, %s]  ratio %.2fx [%.2f, %.2f]\n",
			$2, $3, $6, $7, $8, $9, $10, $11, $12, $14, $16 }' "$res/stats.txt"
	echo "Second control, LUO's luo_file_freeze() on the same files, inside the"
	echo "family's freeze (nl-luo) and in LUO's own (same code, same probe):"
	awk '$1 == "freeze" && ($4 == "nl-luo" || $4 == "nl-batch-luo") && $2 != "files" && $2 != "pages" {
		printf "  %-6s %10s %-12s ours %10s  LUO %10s  ratio %.2fx [%.2f, %.2f]\n",
			$2, $3, $4, $6, $9, $12, $14, $16 }' "$res/stats.txt"
	echo
	echo "Goals: ratio of medians, [IQR of the paired ratios], pairs, verdict."
	echo "A verdict needs the control's median within 0.9-1.1 and the IQR on"
	echo "one side of the limit."
	goal_rows 0.8 "entries fd-add per fd <= 0.8x, N>=100" preserve n nl-entries 100
	goal_rows 0.8 "batched fd-add per fd <= 0.8x, N>=100" preserve n nl-batch 100
	goal_rows 0.8 "batch restore per fd <= 0.8x, N>=100" restore n nl-batch 100
	goal_rows 1.3 "fd-add, one request per fd <= 1.3x" preserve n nl 1
	goal_rows 1.3 "fd-restore, one request per fd <= 1.3x" restore n nl 1
	goal_rows 1.05 "freeze, one memfd <= 1.05x" freeze size nl 1
	goal_rows 1.05 "restore, one memfd <= 1.05x" restore size nl 1
	echo "  flat in content (128 MiB of zeros against stamped pages, ours):"
	awk '$2 == "zero" || ($2 == "size" && $3 == 134217728)' "$res/stats.txt" |
		awk '$4 == "nl" { m[$1, $2] = $6 } END {
			for (k in m) { split(k, x, SUBSEP); if (x[2] == "zero" && (x[1] SUBSEP "size") in m) {
				r = m[k] / m[x[1], "size"]
				printf "    %-8s zeros/stamped %.2fx: %s\n", x[1], r, (r >= 0.9 && r <= 1.1) ? "met" : "missed" } } }' | sort
	per_fd=$(( ${meta_fd:-0} + 64 ))
	printf '  %-38s ours %s bytes + 64 of LUO'"'"'s entry = %s (LUO alone 64): %s\n' \
		"all metadata per fd <= 64 bytes" "${meta_fd:--}" "$per_fd" \
		"$([ "$per_fd" -le 64 ] && echo met || echo missed)"
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
	echo "  linear in folios (ns per page of the largest memfd against 16 MiB, ours):"
	awk '$2 == "pages" && $4 == "nl" && $1 != "finish" { pp = $6 / ($3 / 4096); if ($3 == 16777216) base[$1] = pp; if ($3 >= big[$1]) { big[$1] = $3; top[$1] = pp } }
	     END { for (op in base) { r = top[op] / base[op]
		   printf "    %-8s %.2fx at %d bytes: %s\n", op, r, big[op], r <= 1.25 ? "met (flat or falling)" : "missed" } }' \
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
awk -v ms="${meta_session:-null}" -v mf="${meta_fd:-null}" -v cm="$c_med" -v cq1="$c_q1" -v cq3="$c_q3" -v cj="$judgeable" '
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
plot "< grep ^preserve $res/files.dat" u 2:3 w lp t "ours, fd-add entries", \
     "" u 2:4 w lp t "LUO, PRESERVE_FD", \
     "< grep ^freeze $res/files.dat" u 2:3 w lp t "ours, freeze", \
     "" u 2:4 w lp t "LUO, freeze", \
     "< grep ^restore $res/files.dat" u 2:3 w lp t "ours, batch fd-restore", \
     "" u 2:4 w lp t "LUO, RETRIEVE_FD"
set output "$res/scale-pages.png"
set title "cost per 4 KiB page against the size of one memfd"
set xlabel "bytes"
set ylabel "ns per page"
plot "< grep ^freeze $res/pages.dat" u 2:3 w lp t "ours, freeze", \
     "" u 2:4 w lp t "LUO, freeze", \
     "< grep ^restore $res/pages.dat" u 2:3 w lp t "ours, fd-restore", \
     "" u 2:4 w lp t "LUO, RETRIEVE_FD", \
     "< grep ^touch $res/pages.dat" u 2:3 w lp t "ours, first touch", \
     "" u 2:4 w lp t "LUO, first touch"
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
