#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make test`: set the machine up, build the debug kernel, run the host
# checks and the VM suite across kexec, and print one summary line.
#
# Usage: test.sh CACHE_DIR [STAGES_LIST...]
#   STAGES_LIST defaults to the selftests' live.list, stages.list and
#   scale.list: three lanes, three VMs at once (make fuzz gives its own
#   list).
set -uo pipefail

cache=${1:?usage: test.sh CACHE_DIR [STAGES_LIST]}
top=$(cd "$(dirname "$0")/.." && pwd)
sel="$top/tools/testing/selftests/liveupdate_nl"
shift
lists=("$@")
[ ${#lists[@]} -gt 0 ] || lists=("$sel/live.list" "$sel/stages.list" "$sel/scale.list")
pass=0 fail=0 skip=0
t0=$(date +%s)

check() { # name command...
	local name=$1 log
	shift
	log=$(mktemp)
	if "$@" > "$log" 2>&1; then
		pass=$((pass + 1)); echo "ok - host: $name"
	else
		fail=$((fail + 1)); echo "not ok - host: $name"
		sed 's/^/#   /' "$log" | head -n 40
	fi
	rm -f "$log"
}

# Seconds per step, for the summary.
times=()
lap=$t0
timed() { times+=("$1 $(( $(date +%s) - lap )) s"); lap=$(date +%s); }

summary() {
	timed "${step_name:-start}"
	echo "time per step: $(IFS=';'; echo "${times[*]}" | sed 's/;/, /g')"
	[ -f "$cache/vmtest/times" ] && sed 's/^# time /time: /' "$cache/vmtest/times"
	echo "make test: $(( $(date +%s) - t0 )) s"
	echo "$pass passed, $fail failed, $skip skipped"
	[ "$fail" -eq 0 ]
	exit
}

step() { # label text
	[ -n "${step_name:-}" ] && timed "$step_name"
	step_name=$1
	shift
	echo "== $* ($(( $(date +%s) - t0 )) s)"
}

# Every host check must fail when its tool cannot run.
tools_fail() {
	local none
	none=$(mktemp -d)
	! "$top/scripts/checkpatch.sh" "$none" &&
	! "$top/scripts/kdoc.sh" "$none" &&
	! "$top/scripts/regen.sh" "$none" --check &&
	! "$top/scripts/warnings.sh" "$none" "$none" "$none/build" "$none/sparse" &&
	! "$top/scripts/series.sh" "$none" "$none/series" --check
	local rc=$?
	rm -rf "$none"
	return $rc
}

rm -f "$cache/vmtest/times"
step packages "installing missing Debian packages"
"$top/scripts/install-deps.sh" || { fail=$((fail + 1)); echo "not ok - host: install packages"; summary; }

step source "fetching the kernel source"
tree=$("$top/scripts/fetch-kernel.sh" "$cache" | tail -n 1) ||
	{ fail=$((fail + 1)); echo "not ok - host: fetch kernel source"; summary; }
echo "kernel source: $tree"

# make install into a DESTDIR: luctl that runs, its man page, the systemd
# units and the spec where the kernel's YNL tools look for it by name;
# the library with its soname, every exported symbol versioned, its
# header, pkg-config file and man page.
install_check() {
	local d rc=0 f so

	d=$(mktemp -d) || return 1
	make -s -C "$top/tools/liveupdate" O="$d" DESTDIR="$d/root" PREFIX=/usr \
		install || rc=1
	for f in sbin/luctl share/man/man8/luctl.8 \
		 lib/systemd/system/luctl-expire.service \
		 lib/systemd/system/luctl-expire.timer \
		 lib/libliveupdate-nl.so.1 lib/libliveupdate-nl.a \
		 lib/pkgconfig/liveupdate-nl.pc \
		 include/liveupdate-nl/liveupdate-nl.h \
		 include/liveupdate-nl/linux/liveupdate_nl.h \
		 share/man/man3/liveupdate-nl.3; do
		[ -s "$d/root/usr/$f" ] || { echo "install: no /usr/$f" >&2; rc=1; }
	done
	so="$d/root/usr/lib/libliveupdate-nl.so.1"
	readelf -d "$so" | grep -q 'Library soname: \[libliveupdate-nl.so.1\]' ||
		{ echo "install: the library's soname is wrong" >&2; rc=1; }
	[ "$(nm -D --defined-only "$so" | awk '$3 !~ /^liveupdate_nl_[a-z_]+@@LIVEUPDATE_NL_1.0$/ && $3 != "LIVEUPDATE_NL_1.0"' | wc -l)" = 0 ] &&
	[ "$(nm -D --defined-only "$so" | grep -c '@@LIVEUPDATE_NL_1.0$')" -gt 60 ] ||
		{ echo "install: the library exports unversioned or foreign symbols" >&2; rc=1; }
	[ "$(PKG_CONFIG_PATH="$d/root/usr/lib/pkgconfig" pkg-config --define-prefix \
		--cflags --libs liveupdate-nl | sed 's/ *$//')" = \
	  "-I$d/root/usr/include/liveupdate-nl -L$d/root/usr/lib -lliveupdate-nl" ] ||
		{ echo "install: pkg-config does not find the library in DESTDIR" >&2; rc=1; }
	cmp "$top/tools/ynl-spec/liveupdate.yaml" \
		"$d/root/usr/share/ynl/specs/liveupdate.yaml" || rc=1
	"$d/root/usr/sbin/luctl" -V | grep -q '^luctl [0-9]' || rc=1
	rm -rf "$d"
	return $rc
}

step "host checks" "host checks"
check "generated files match the spec" "$top/scripts/regen.sh" "$tree" --check
# As the kernel's own "make -C tools/net/ynl lint" checks its specs.
check "the spec is yamllint clean" yamllint -s "$top/tools/ynl-spec/liveupdate.yaml"
check "checkpatch --strict clean" "$top/scripts/checkpatch.sh" "$tree"
check "kernel-doc clean" "$top/scripts/kdoc.sh" "$tree"
check "the checks fail when their tool cannot run" tools_fail
check "the judge finds every hole in crafted runs" "$sel/judge_test.sh"
check "make install puts luctl, the library, its .pc, man pages, units and the spec in DESTDIR" \
	install_check

step kernel "building the debug kernel (about 35 minutes from scratch on 2 cores)"
build="$cache/build-debug"
if ! kimg=$("$top/scripts/kernel.sh" "$tree" "$build" debug 2> "$cache/kernel-debug.log" | tail -n 1); then
	tail -n 40 "$cache/kernel-debug.log"
	fail=$((fail + 1)); echo "not ok - host: build the debug kernel (log: $cache/kernel-debug.log)"
	summary
fi
pass=$((pass + 1)); echo "ok - host: build the debug kernel"

# W=1 and sparse on the family, in a build directory of their own.
sparse=$("$top/scripts/fetch-sparse.sh" "$cache" "$tree" 2> "$cache/sparse.log" | tail -n 1) ||
	{ tail -n 20 "$cache/sparse.log"; sparse=""; }
check "W=1 and sparse clean" "$top/scripts/warnings.sh" "$tree" "$build" \
	"$cache/build-check" "${sparse:-no-sparse}"

# The work as it would go upstream (make series), against the tree the
# tests run on.
check "the series applies in order and gives the tree the tests ran on" \
	"$top/scripts/series.sh" "$tree" "$cache/series" --check

check "uAPI header builds beside linux/liveupdate.h" \
	gcc -fsyntax-only -Wall -Werror -isystem "$build/usr-headers/include" \
	"$sel/uapi_coexist.c"

step "VM suite" "VM suite across kexec"
largs=()
for l in "${lists[@]}"; do
	largs+=(-l "$l")
done
"$sel/vmtest.sh" -k "$kimg" -H "$build/usr-headers/include" -K "$tree" \
	-b "$build" -o "$cache/vmtest" "${largs[@]}"
if [ -f "$cache/vmtest/result" ]; then
	read -r p f s < "$cache/vmtest/result"
	pass=$((pass + p)); fail=$((fail + f)); skip=$((skip + s))
	rm -f "$cache/vmtest/result"
else
	fail=$((fail + 1)); echo "not ok - vm: the suite did not run"
fi
summary
