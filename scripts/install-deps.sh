#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian packages the project needs, only those missing.
#
# Usage: install-deps.sh [luctl]
#   luctl  only what building luctl needs (make luctl)
set -euo pipefail

if [ "${1:-}" = luctl ]; then
	pkgs=(gcc make libc6-dev pkg-config libnl-3-dev libnl-genl-3-dev
	      libjson-c-dev)
else
	pkgs=(build-essential flex bison bc libelf-dev libssl-dev cpio rsync
	      xz-utils kmod ccache qemu-system-x86 busybox-static python3
	      python3-yaml python3-jsonschema libnl-3-dev libnl-genl-3-dev
	      pkg-config perl gawk libjson-c-dev gnuplot-nox patch yamllint)
fi

missing=()
for p in "${pkgs[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages: ${missing[*]}; run as root" >&2
	exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get -qq update
apt-get -qq install -y --no-install-recommends "${missing[@]}" >/dev/null
