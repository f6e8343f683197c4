#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# The report of `make bench` from one VM run's logs: medians, ratios
# ours/LUO, the goals, JSON and PNG plots (gnuplot).
#
# Usage: bench-report.sh VM_OUTDIR RESULT_DIR
set -uo pipefail

vm=${1:?usage: bench-report.sh VM_OUTDIR RESULT_DIR}
res=${2:?usage: bench-report.sh VM_OUTDIR RESULT_DIR}
die() { echo "bench: $*" >&2; exit 1; }

mkdir -p "$res"
rm -f "$res"/*.png "$res"/*.dat
tr -d '\r' < "$vm/ktap.log" | sed -n 's/^# LUNL-BENCH //p' > "$res/raw.txt"
# LUO freezes on the reboot path: one "took" line per kexec, in the
# order of the cases the stages set up.
tr -d '\r' < "$vm/console.log" |
	sed -n 's/.*LUO reboot path took \([0-9]*\) ns (0).*/\1/p' > "$res/luo.txt"
awk '$1 == "case" { print $2, $3 }' "$res/raw.txt" | paste -d' ' - "$res/luo.txt" |
	awk 'NF == 3 { print "freeze luo", $1, $2, $3 }' >> "$res/raw.txt"
[ "$(wc -l < "$res/luo.txt")" -eq "$(grep -c '^case ' "$res/raw.txt")" ] ||
	die "$(wc -l < "$res/luo.txt") LUO reboot-path timings for $(grep -c '^case ' "$res/raw.txt") cases"

# Median, min and max of the repetitions: op api kind value med min max reps
awk '$1 != "case" && $1 != "meta"' "$res/raw.txt" |
	sort -k1,1 -k2,2 -k3,3 -k4,4n -k5,5n |
	awk '{ k = $1 " " $2 " " $3 " " $4; v[k] = v[k] " " $5; c[k]++ }
	     END { for (k in v) { n = split(substr(v[k], 2), a, " ");
		   print k, a[int((n + 1) / 2)], a[1], a[n], n } }' |
	sort -k1,1 -k3,3 -k4,4n -k2,2 > "$res/median.txt"

# One row per case: op kind value nl nl-batch luo nl-entries (median ns,
# - if none).
awk '{ k = $1 " " $3 " " $4; keys[k] = 1; m[k, $2] = $5 }
     END { for (k in keys) print k, (k SUBSEP "nl") in m ? m[k, "nl"] : "-",
		(k SUBSEP "nl-batch") in m ? m[k, "nl-batch"] : "-",
		(k SUBSEP "luo") in m ? m[k, "luo"] : "-",
		(k SUBSEP "nl-entries") in m ? m[k, "nl-entries"] : "-" }' \
	"$res/median.txt" |
	sort -k1,1 -k2,2 -k3,3n > "$res/rows.txt"

meta_fd=$(awk '$1 == "meta" && $3 == "fd" { print $4; exit }' "$res/raw.txt")
meta_session=$(awk '$1 == "meta" && $3 == "session" { print $4; exit }' "$res/raw.txt")

{
	echo "make bench: ours (generic netlink) against LUO's ioctls, same VM run"
	echo "(QEMU TCG; medians of 3 for preserve and dump; ns)"
	echo
	awk 'function r(a, b) { return (a == "-" || b == "-" || b == 0) ? "-" : sprintf("%.2fx", a / b) }
	     BEGIN { printf "%-9s %-5s %10s %12s %12s %12s %12s %8s %8s %8s\n", "op",
		     "kind", "value", "ours", "ours-batch", "ours-entries", "LUO",
		     "ratio", "batched", "entries" }
	     { printf "%-9s %-5s %10s %12s %12s %12s %12s %8s %8s %8s\n", $1, $2, $3,
		      $4, $5, $7, $6, r($4, $6), r($5, $6), r($7, $6) }' "$res/rows.txt"
	echo
	echo "preserve: per fd; batch: 64 fd-add requests per sendmsg(); entries:"
	echo "256 files as entries of one fd-add request. Other ops: total for the"
	echo "case (n memfds of 64 KiB, or one memfd of size bytes). LUO has no"
	echo "listing: its dump is -."
	echo "Serialized metadata of ours, measured from the record size:"
	echo "  $meta_session bytes per session, $meta_fd bytes per fd in the family's"
	echo "  record, plus LUO's own 64-byte entry per fd in the session's file set"
	echo "  (63 to a preserved 4 KiB block: 65 bytes per fd amortized)."
	echo "LUO's by its ABI: 80 bytes per session, 64 per fd (63 per 4 KiB block)."
	echo
	echo "Spread of the samples (max/min of each API's samples of a case;"
	echo "kexec cases: one sample restored first, one second):"
	awk '$8 > 1 && $6 > 0 { r = $7 / $6; n++; s += r; if (r > w) { w = r; at = $1 " " $2 " " $3 " " $4 } }
	     END { if (n) printf "  mean %.2f, worst %.2f (%s) over %d cases\n", s / n, w, at, n }' \
		"$res/median.txt"
} > "$res/bench.txt"

# Goals: the worst ratio over the cases each applies to.
worst() { # op column kind
	awk -v op="$1" -v col="$2" -v kind="$3" \
	    '$1 == op && $2 == kind && $col != "-" && $6 != "-" && $6 > 0 {
		 x = $col / $6; if (x > w) { w = x; at = $3 } }
	     END { if (at == "") print "- -"; else printf "%.2f %s\n", w, at }' "$res/rows.txt"
}
goal() { # name limit worst-ratio at
	local met=no
	[ "$3" != "-" ] && awk -v a="$3" -v b="$2" 'BEGIN { exit !(a <= b) }' && met=yes
	printf '  %-46s %5sx  worst %5sx at %-10s met: %s\n' "$1" "$2" "$3" "$4" "$met"
}
{
	echo
	echo "Goals (worst case over N or size):"
	goal "batched fd add per fd <= LUO preserve" 1.00 $(worst preserve 5 n)
	goal "multi-file fd add per fd <= LUO preserve" 1.00 $(worst preserve 7 n)
	goal "fd add per fd, one request each <= 1.5 x" 1.50 $(worst preserve 4 n)
	goal "freeze, one memfd of each size <= 1.05 x" 1.05 $(worst freeze 4 size)
	goal "restore, one memfd of each size <= 1.05 x" 1.05 $(worst restore 4 size)
	goal "first touch, one memfd of each size <= 1.05 x" 1.05 $(worst touch 4 size)
	echo "  cost per 4 KiB page (linear in folios if flat):"
	awk '$2 == "size" && ($1 == "freeze" || $1 == "restore" || $1 == "touch") {
		 printf "    %-8s %10d bytes: ours %8.1f ns/page, LUO %8.1f ns/page\n",
			$1, $3, $4 / ($3 / 4096), $6 == "-" ? 0 : $6 / ($3 / 4096) }' "$res/rows.txt"
	echo "  independent of content (128 MiB of zeros against stamped pages):"
	awk '$2 == "zero" { z[$1] = $4 " " $6 }
	     $2 == "size" && $3 == 134217728 { p[$1] = $4 " " $6 }
	     END { for (op in z) if (op in p) { split(z[op], a, " "); split(p[op], b, " ");
		   printf "    %-8s ours %.2fx, LUO %s\n", op, a[1] / b[1],
			  (a[2] == "-" || b[2] == "-") ? "-" : sprintf("%.2fx", a[2] / b[2]) } }' \
		"$res/rows.txt" | sort
	# LUO's entries: 63 to a 4 KiB block, one block chain per session.
	per_fd=$(( ${meta_fd:-0} + 65 ))
	printf '  %-46s %5s   ours %s met: %s\n' \
		"family's own metadata per fd <= 64 bytes" 64 "$meta_fd" \
		"$([ "${meta_fd:-65}" -le 64 ] && echo yes || echo no)"
	printf '  %-46s %5s   ours %s + 65 (LUO entry) = %s, LUO 65 met: %s\n' \
		"all metadata per fd <= 64 bytes" 64 "$meta_fd" "$per_fd" \
		"$([ "$per_fd" -le 64 ] && echo yes || echo no)"
} >> "$res/bench.txt"

# JSON: one object per case.
awk -v ms="$meta_session" -v mf="$meta_fd" '
	function v(x) { return x == "-" ? "null" : x }
	function r(a, b) { return (a == "-" || b == "-" || b == 0) ? "null" : sprintf("%.4f", a / b) }
	BEGIN { printf "{\n  \"unit\": \"ns\",\n  \"metadata\": {\"session_bytes\": %s, \"fd_record_bytes\": %s, \"fd_luo_entry_bytes\": 64, \"luo_entries_per_block\": 63},\n  \"cases\": [\n", v(ms), v(mf) }
	{ printf "%s    {\"op\": \"%s\", \"kind\": \"%s\", \"value\": %s, \"ours\": %s, \"ours_batched\": %s, \"ours_entries\": %s, \"luo\": %s, \"ratio\": %s, \"ratio_batched\": %s, \"ratio_entries\": %s}",
		(NR > 1 ? ",\n" : ""), $1, $2, $3, v($4), v($5), v($7), v($6), r($4, $6), r($5, $6), r($7, $6) }
	END { printf "\n  ]\n}\n" }' "$res/rows.txt" > "$res/bench.json"

# Plots.
for p in "preserve n" "freeze n" "freeze size" "restore size" "touch size" "restore n"; do
	set -- $p
	awk -v op="$1" -v kind="$2" '$1 == op && $2 == kind { print $3, $4, $5, $6, $7 }' \
		"$res/rows.txt" > "$res/$1-$2.dat"
done
gnuplot <<EOF || die "gnuplot failed"
set terminal png size 900,600 noenhanced
set logscale xy
set key top left
set grid
set datafile missing "-"
set output "$res/preserve-n.png"
set title "preserve: ns per fd against N memfds of 64 KiB"
set xlabel "N"
set ylabel "ns per fd"
plot "$res/preserve-n.dat" u 1:2 w lp t "ours, one request per fd", \
     "" u 1:3 w lp t "ours, batched", "" u 1:5 w lp t "ours, entries", \
     "" u 1:4 w lp t "LUO PRESERVE_FD"
set output "$res/freeze-n.png"
set title "freeze: ns against N memfds of 64 KiB"
set ylabel "ns"
plot "$res/freeze-n.dat" u 1:2 w lp t "ours (freeze request)", \
     "" u 1:4 w lp t "LUO (reboot path)"
set output "$res/freeze-size.png"
set title "freeze: ns against the size of one memfd"
set xlabel "bytes"
plot "$res/freeze-size.dat" u 1:2 w lp t "ours (freeze request)", \
     "" u 1:4 w lp t "LUO (reboot path)"
set output "$res/restore-size.png"
set title "restore and first touch: ns against the size of one memfd"
plot "$res/restore-size.dat" u 1:2 w lp t "ours, restore", \
     "" u 1:4 w lp t "LUO, RETRIEVE_FD", \
     "$res/touch-size.dat" u 1:2 w lp t "ours, first touch", \
     "" u 1:4 w lp t "LUO, first touch"
set output "$res/restore-n.png"
set title "restore: ns against N memfds of 64 KiB"
set xlabel "N"
plot "$res/restore-n.dat" u 1:2 w lp t "ours", "" u 1:4 w lp t "LUO"
EOF

cat "$res/bench.txt"
echo
