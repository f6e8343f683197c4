#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Wire this checkout into the cached kernel tree and build one flavour.
#
# Usage: kernel.sh TREE BUILD_DIR FLAVOUR
#   TREE       unpacked kernel source (see fetch-kernel.sh)
#   BUILD_DIR  out-of-tree build directory (O=)
#   FLAVOUR    debug or release
set -euo pipefail

tree=${1:?usage: kernel.sh TREE BUILD_DIR FLAVOUR}
build=${2:?}
flavour=${3:?}
top=$(cd "$(dirname "$0")/.." && pwd)
cfgdir="$top/tools/testing/selftests/liveupdate_nl"
jobs=${JOBS:-$(nproc)}

# LUNL_SERIES=1 builds a tree as it is (series.sh --build: a pristine
# source with the first patches of the series applied), where options of
# patches not applied yet cannot land.
series=${LUNL_SERIES:-}
[ -n "$series" ] || "$top/scripts/prepare-tree.sh" "$tree"

# make goes by mtimes: objects built from another checkout can look newer
# than this one's sources. Rebuild ours when the checkout changed.
mkdir -p "$build"
if [ "$(cat "$build/.lunl-top" 2>/dev/null)" != "$top" ]; then
	rm -rf "$build/net/liveupdate"
	echo "$top" > "$build/.lunl-top"
fi

cc=gcc
command -v ccache >/dev/null && cc="ccache gcc"
export CCACHE_DIR=${CCACHE_DIR:-$(dirname "$build")/ccache}
export CCACHE_BASEDIR=$tree
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
mkdir -p "$build"
km=(make -C "$tree" O="$build" ARCH=x86_64 CC="$cc" HOSTCC=gcc -j"$jobs" -s)

# Regenerate .config only when a fragment changed.
frag="$build/fragments.config"
cat "$cfgdir/config" "$cfgdir/config.$flavour" > "$frag.new"
if ! cmp -s "$frag.new" "$frag" || [ ! -f "$build/.config" ]; then
	echo "kernel: configuring the $flavour flavour" >&2
	"${km[@]}" tinyconfig >/dev/null
	KCONFIG_CONFIG="$build/.config" "$tree/scripts/kconfig/merge_config.sh" \
		-m -O "$build" "$build/.config" "$frag.new" >/dev/null
	"${km[@]}" olddefconfig >/dev/null
	mv "$frag.new" "$frag"
else
	rm -f "$frag.new"
fi

# Every option the fragments ask for must have landed (last one wins).
bad=0
while IFS='=' read -r opt val; do
	if [ "$val" = n ]; then
		grep -q "^$opt=" "$build/.config" && { echo "kernel: $opt is set, wanted off" >&2; bad=1; }
	else
		grep -qx "$opt=$val" "$build/.config" || { echo "kernel: $opt=$val did not land in .config" >&2; bad=1; }
	fi
done < <(awk -F= '/^CONFIG_[A-Za-z0-9_]+=/ { v[$1] = $2; if (!($1 in o)) { o[$1] = n++; k[n - 1] = $1 } }
		  END { for (i = 0; i < n; i++) print k[i] "=" v[k[i]] }' "$frag")
[ "$bad" -eq 0 ] || [ -n "$series" ] || exit 1

echo "kernel: building the $flavour bzImage in $build" >&2
if [ -n "${PROGRESS:-}" ]; then
	# Say how far the build is every half minute (a first build takes
	# about 10 minutes on 2 cores).
	start=$(date +%s)
	"${km[@]}" bzImage &
	pid=$!
	while kill -0 $pid 2>/dev/null; do
		sleep 30
		kill -0 $pid 2>/dev/null || break
		echo "kernel: $(find "$build" -name '*.o' | wc -l) objects built after $(( $(date +%s) - start )) s" >&2
	done
	wait $pid
else
	"${km[@]}" bzImage
fi
# Modules (the test file type of the debug flavour), when there are any.
if grep -q '=m$' "$build/.config"; then
	"${km[@]}" modules
fi
"${km[@]}" headers_install INSTALL_HDR_PATH="$build/usr-headers" >/dev/null
echo "$build/arch/x86/boot/bzImage"
