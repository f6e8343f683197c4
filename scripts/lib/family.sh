# SPDX-License-Identifier: GPL-2.0
#
# Where the family's files go in a kernel tree, and the one-line hooks
# that wire them in: sourced by prepare-tree.sh (which links them into
# the tree the tests build) and series.sh (which copies them into the
# series), so both produce the same tree.

# "TREE_PATH CHECKOUT_PATH PATCH" per file or directory; PATCH is the
# family patch of the series (patches/series/PATCH.msg) that adds it.
family_map() {
	cat <<'MAP'
net/liveupdate net/liveupdate 1-family
include/uapi/linux/liveupdate_nl.h include/uapi/linux/liveupdate_nl.h 1-family
include/linux/kho/abi/liveupdate_nl.h include/linux/kho/abi/liveupdate_nl.h 1-family
include/net/liveupdate_nl.h include/net/liveupdate_nl.h 1-family
include/trace/events/liveupdate_nl.h include/trace/events/liveupdate_nl.h 1-family
Documentation/netlink/specs/liveupdate.yaml tools/ynl-spec/liveupdate.yaml 1-family
Documentation/userspace-api/liveupdate_nl.rst Documentation/userspace-api/liveupdate_nl.rst 2-docs
tools/liveupdate tools/liveupdate 3-luctl
tools/testing/selftests/liveupdate_nl tools/testing/selftests/liveupdate_nl 4-selftests
lib/tests/lunl_test_type.c lib/tests/lunl_test_type.c 4-selftests
lib/tests/lunl_test_type_uapi.h lib/tests/lunl_test_type_uapi.h 4-selftests
lib/tests/lunl_luo_timing.c lib/tests/lunl_luo_timing.c 4-selftests
lib/tests/lunl_test_hooks.c lib/tests/lunl_test_hooks.c 4-selftests
lib/tests/lunl_test_hooks_uapi.h lib/tests/lunl_test_hooks_uapi.h 4-selftests
MAP
}

# "TREE_PATH PATCH" of the kernel files the hooks edit.
family_hooked() {
	cat <<'MAP'
net/Kconfig 1-family
net/Makefile 1-family
Documentation/userspace-api/index.rst 2-docs
lib/tests/Makefile 4-selftests
MAP
}

# family_hook DIR FILE: add the hook of FILE (a family_hooked path) to
# the kernel tree in DIR, once.
family_hook() {
	local f=$1/$2
	case $2 in
	net/Kconfig)
		grep -q '^source "net/liveupdate/Kconfig"' "$f" ||
			printf '\nsource "net/liveupdate/Kconfig"\n' >> "$f" ;;
	net/Makefile)
		grep -q 'CONFIG_LIVEUPDATE_NL)' "$f" ||
			printf 'obj-$(CONFIG_LIVEUPDATE_NL)\t+= liveupdate/\n' >> "$f" ;;
	lib/tests/Makefile)
		# The test file type, the LUO timing probe and the test
		# hooks, beside LUO's test.
		grep -q 'CONFIG_LIVEUPDATE_NL_TEST_TYPE)' "$f" ||
			printf 'obj-$(CONFIG_LIVEUPDATE_NL_TEST_TYPE) += lunl_test_type.o\nobj-$(CONFIG_LIVEUPDATE_NL_LUO_TIMING) += lunl_luo_timing.o\n' >> "$f"
		grep -q 'CONFIG_LIVEUPDATE_NL_TEST)' "$f" ||
			printf 'obj-$(CONFIG_LIVEUPDATE_NL_TEST) += lunl_test_hooks.o\n' >> "$f" ;;
	Documentation/userspace-api/index.rst)
		# The netlink family's page follows LUO's.
		grep -q '^   liveupdate_nl$' "$f" ||
			sed -i 's/^   liveupdate$/&\n   liveupdate_nl/' "$f"
		grep -q '^   liveupdate_nl$' "$f" || {
			echo "family: no \"liveupdate\" entry in $f" >&2
			return 1
		} ;;
	*)
		echo "family: no hook for $2" >&2
		return 1 ;;
	esac
}

# family_hooks DIR: every hook.
family_hooks() {
	local p _
	while read -r p _; do
		family_hook "$1" "$p" || return 1
	done < <(family_hooked)
}

# family_pristine TREE: the pristine source of TREE as a .tar.xz stream
# (the tarball fetch-kernel.sh keeps, or the package the tree came from);
# its members are under "$(basename TREE)/".
family_pristine() {
	local src name deb
	src=$(dirname "$1")
	name=$(basename "$1")
	if [ -f "$src/pristine.tar.xz" ]; then
		cat "$src/pristine.tar.xz"
	else
		deb=$(ls -t "$(dirname "$src")"/dl/"$name"_*.deb | head -n 1)
		dpkg-deb --fsys-tarfile "$deb" | tar -xOf - "./usr/src/$name.tar.xz"
	fi
}

# family_extract TREE DIR PATH...: the pristine version of each PATH, as
# DIR/PATH; a PATH the pristine source lacks (a file a patch creates) is
# left out. Anything else that goes wrong fails, saying what.
family_extract() {
	local tree=$1 dir=$2 name err rc
	shift 2
	name=$(basename "$tree")
	err=$(mktemp)
	family_pristine "$tree" 2>> "$err" |
		tar -C "$dir" --strip-components=1 -xJf - "${@/#/$name/}" 2>> "$err" &&
		rc=0 || rc=$?
	if grep -qv -e 'Not found in archive' -e 'Exiting with failure status' "$err" ||
	   { [ "$rc" -ne 0 ] && ! grep -q 'Not found in archive' "$err"; }; then
		echo "family: cannot read the pristine source of $tree:" >&2
		cat "$err" >&2
		rm -f "$err"
		return 1
	fi
	rm -f "$err"
}
