#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel in QEMU, run the liveupdate_nl tests stage by stage across
# kexec, and judge the run from the KTAP output and the serial log.
#
# Usage: vmtest.sh -k BZIMAGE -H HEADERS -K TREE -b BUILD -o OUTDIR
#                  [-l STAGES_LIST]... [-t TIMEOUT_S] [-m MEM]
#   BZIMAGE  kernel to boot and to kexec into
#   HEADERS  installed uAPI headers of that kernel
#   TREE     kernel source (kselftest_harness.h)
#   BUILD    kernel build directory (usr/gen_init_cpio)
#   OUTDIR   work directory; the serial logs stay there
#   -l       a list of stages; each list given is a lane, its own VM,
#            and the lanes run at the same time (OUTDIR/LANE/ holds the
#            logs of each, LANE the list's name without .list); a line
#            "nice N" in a list runs its lane's VM at that niceness
#
# Prints one line per test (judge.sh judges the logs against the
# manifest that manifest.sh makes of the list), the time of each stage
# and run, and ends with "vmtest: N passed, N failed, N skipped"; exits
# non-zero on any failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../../.." && pwd)
lists=()
timeout_s=3600
mem=3G
kimg="" hdrs="" ktree="" kbuild="" out=""
while getopts "k:H:K:b:o:l:t:m:" o; do
	case $o in
	k) kimg=$OPTARG ;;
	H) hdrs=$OPTARG ;;
	K) ktree=$OPTARG ;;
	b) kbuild=$OPTARG ;;
	o) out=$OPTARG ;;
	l) lists+=("$(cd "$(dirname "$OPTARG")" && pwd)/$(basename "$OPTARG")") ;;
	t) timeout_s=$OPTARG ;;
	m) mem=$OPTARG ;;
	*) sed -n '5,20p' "$0"; exit 2 ;;
	esac
done
[ -n "$kimg" ] && [ -n "$hdrs" ] && [ -n "$ktree" ] && [ -n "$kbuild" ] && [ -n "$out" ] ||
	{ sed -n '5,20p' "$0"; exit 2; }
[ ${#lists[@]} -gt 0 ] || lists=("$here/stages.list")

mkdir -p "$out"
out=$(cd "$out" && pwd)
rm -f "$out/result" "$out/times"

# Test binaries and helpers, static.
make -s -C "$here" KHDR="$hdrs" KTREE="$ktree" O="$out" > "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; echo "vmtest: building the test binaries failed"; exit 1; }
# luctl and the demo workload, static.
make -s -C "$top/tools/liveupdate" STATIC=1 KHDR="$hdrs" O="$out" all demo \
	>> "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; echo "vmtest: building luctl failed"; exit 1; }
# The library as an adopter gets it: installed into a DESTDIR, and its
# example built with pkg-config (luctl_test's library_example runs it).
rm -rf "$out/dest"
{ make -s -C "$top/tools/liveupdate" KHDR="$hdrs" O="$out" DESTDIR="$out/dest" \
	PREFIX=/usr install &&
  cc -Wall -Werror -o "$out/liveupdate-nl-example" \
	"$out/dest/usr/share/doc/liveupdate-nl/example.c" \
	$(PKG_CONFIG_PATH="$out/dest/usr/lib/pkgconfig" \
	  pkg-config --define-prefix --cflags --libs liveupdate-nl); } \
	>> "$out/build.log" 2>&1 ||
	{ cat "$out/build.log"; echo "vmtest: installing the library or building its example failed"; exit 1; }

# Device nodes come from a small archive made without root privileges;
# the guest reuses it to rebuild its own initramfs before each kexec.
cat > "$out/base.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
nod /dev/null 0666 0 0 c 1 3
dir /proc 0755 0 0
dir /sys 0755 0 0
dir /tmp 1777 0 0
LIST
"$kbuild/usr/gen_init_cpio" "$out/base.list" > "$out/base.cpio"
ktree_abs=$(cd "$ktree" && pwd)

# The root and the manifest of one lane, in $1.
prepare() { # dir list
	local dir=$1 list=$2 root="$1/root" listdir t
	rm -rf "$root"
	mkdir -p "$root"/{bin,boot,tests,proc,sys,dev,tmp}
	cp "$out/luctl" "$out/lukv" "$out/lunl_kexec" "$root/bin/"
	mkdir -p "$root/tests/lib"
	cp -P "$out"/dest/usr/lib/libliveupdate-nl.so* "$root/tests/lib/"
	cp "$out/liveupdate-nl-example" "$root/tests/"
	# A program of the list is a script beside it or a binary built above.
	listdir=$(dirname "$list")
	# A script names the built programs it runs on a "LUNL-NEEDS:" line.
	for t in $(awk '$1 ~ /^[0-9]+$/ { print $2 }' "$list" | sort -u); do
		if [ -f "$listdir/$t" ]; then
			cp "$listdir/$t" "$root/tests/"
			for n in $(sed -n 's/^# LUNL-NEEDS://p' "$listdir/$t"); do
				cp "$out/$n" "$root/tests/"
			done
		else
			cp "$out/$t" "$root/tests/"
		fi
	done
	cp "$list" "$root/tests/stages.list"
	# What must report: every test each line selects, from the programs'
	# own listings. A filter that matches nothing fails here, before boot.
	"$here/manifest.sh" "$list" "$root/tests" > "$dir/manifest" ||
		{ echo "vmtest: $(basename "$list") does not make a manifest"; return 1; }
	# The host's /usr (python3 for YNL's cli.py), the kernel tree and this
	# checkout are shared read-only over virtio-9p, at the same paths.
	printf 'KTREE=%s\nREPO=%s\n' "$ktree_abs" "$top" > "$root/tests/host.env"
	# The fuzzer's campaign size and seed, for the guest (make fuzz).
	for v in LUNL_FUZZ_N LUNL_FUZZ_SEED; do
		if [ -n "${!v:-}" ]; then
			echo "export $v=${!v}" >> "$root/tests/host.env"
		fi
	done
	cp /bin/busybox "$root/bin/busybox"
	cp "$here/init.sh" "$root/init"
	chmod 755 "$root/init"
	cp "$kimg" "$root/boot/bzImage"
	# The test file type, a module: init.sh loads it at boot, unless a
	# stage asked the next one to leave it to a test (lunl.nomod).
	if [ -f "$kbuild/lib/tests/lunl_test_type.ko" ]; then
		cp "$kbuild/lib/tests/lunl_test_type.ko" "$root/boot/"
	fi
	cp "$out/base.cpio" "$root/boot/base.cpio"
	(cat "$root/boot/base.cpio"
	 cd "$root" && find . -path ./dev -prune -o -print |
		cpio -o -H newc -R 0:0 --quiet) > "$dir/initrd.cpio"
}

cmdline="console=ttyS0 earlyprintk=serial,ttyS0 kho=on liveupdate=on"
cmdline+=" kho_scratch=64M,512M,256M panic=-1 oops=panic"
# 4-level paging: with QEMU's la57, an interrupt that arrives while
# identify_cpu() clears boot_cpu_data's feature bits (the previous
# kernel's LAPIC timer can fire that early after kexec) makes KASAN see
# the 5-level direct map as wild memory, a false report outside this
# project's code.
cmdline+=" no5lvl"
# Extra kernel parameters, for debugging a run.
cmdline+="${LUNL_APPEND:+ $LUNL_APPEND}"

# LUNL_ACCEL=kvm runs on hardware virtualization (benchmarks on real
# machines); the default, TCG, works everywhere.
case ${LUNL_ACCEL:-tcg} in
kvm) accel="-accel kvm -cpu host" ;;
*) accel="-accel tcg -cpu max" ;;
esac

# One lane: boot, run its stages, judge; results in $dir.
lane() { # name dir list
	local name=$1 dir=$2 list=$3 stages qrc start prio
	stages=$(awk '$1 ~ /^[0-9]+$/ { if ($1 > m) m = $1 } END { print m + 0 }' "$list")
	prio=$(awk '$1 == "nice" { n = $2 } END { print n + 0 }' "$list")
	rm -f "$dir/console.log" "$dir/ktap.log"
	start=$(date +%s)
	set +e
	nice -n "$prio" timeout --foreground -k 10 "$timeout_s" qemu-system-x86_64 \
		-machine q35 $accel -smp 2 -m "$mem" -nodefaults \
		-display none -monitor none -no-reboot \
		-serial "file:$dir/console.log" -serial "file:$dir/ktap.log" \
		-virtfs "local,path=/usr,mount_tag=usr,security_model=none,readonly=on" \
		-virtfs "local,path=$ktree_abs,mount_tag=ktree,security_model=none,readonly=on" \
		-virtfs "local,path=$top,mount_tag=repo,security_model=none,readonly=on" \
		-kernel "$kimg" -initrd "$dir/initrd.cpio" \
		-append "$cmdline lunl.stage=1 lunl.stages=$stages"
	qrc=$?
	echo "vmtest: $name: QEMU exited with $qrc after $(( $(date +%s) - start )) s"
	"$here/judge.sh" "$dir/manifest" "$dir/ktap.log" "$dir/console.log" \
		"$qrc" "$timeout_s" > "$dir/judge.log"
	set -e
}

names=() dirs=()
for list in "${lists[@]}"; do
	name=$(basename "$list" .list)
	dir="$out"
	[ ${#lists[@]} -gt 1 ] && dir="$out/$name"
	mkdir -p "$dir"
	prepare "$dir" "$list"
	names+=("$name") dirs+=("$dir")
	echo "vmtest: $name: $(awk '$1 == "TEST"' "$dir/manifest" | wc -l) tests must report," \
	     "$(awk '$1 == "STAGES" { print $2 }' "$dir/manifest") stage(s); logs in $dir"
done

echo "vmtest: booting $(basename "$kimg") in ${#lists[@]} VM(s) at once (${LUNL_ACCEL:-tcg})"
pids=()
for i in "${!names[@]}"; do
	lane "${names[$i]}" "${dirs[$i]}" "${lists[$i]}" > "${dirs[$i]}/lane.log" 2>&1 &
	pids+=($!)
done
for pid in "${pids[@]}"; do
	wait "$pid" || :
done

# Judge every lane against its manifest.
pass=0 fail=0 skip=0
for i in "${!names[@]}"; do
	dir=${dirs[$i]}
	label=""
	[ ${#lists[@]} -gt 1 ] && label="${names[$i]}: "
	cat "$dir/lane.log"
	p="" f="" s=""
	if [ -f "$dir/judge.log" ]; then
		grep -v '^judge: ' "$dir/judge.log" | sed "s/^\(not \)\{0,1\}ok - /&$label/; s/^# time /# time $label/"
		grep '^# time ' "$dir/judge.log" | sed "s/^# time /# time $label/" >> "$out/times" || :
		read -r p f s < <(sed -n 's/^judge: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/p' "$dir/judge.log") || p=""
	fi
	if [ -z "$p" ]; then
		p=0 f=1 s=0
		echo "not ok - ${label}the judge printed no summary"
	fi
	pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done
echo "vmtest: $pass passed, $fail failed, $skip skipped"
echo "$pass $fail $skip" > "$out/result"
if [ "$fail" -ne 0 ]; then
	for dir in "${dirs[@]}"; do
		echo "vmtest: serial console log: $dir/console.log"
		echo "vmtest: test output log:    $dir/ktap.log"
	done
	exit 1
fi
