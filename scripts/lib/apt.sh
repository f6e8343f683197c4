# SPDX-License-Identifier: GPL-2.0
#
# Private apt states for fetching from Debian without touching the
# machine's own: sourced by fetch-kernel.sh and fetch-sparse.sh.

# The Debian mirror of the machine's own apt configuration.
apt_mirror() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ { for (i = 2; i <= NF; i++) if ($i ~ /\/debian\/?$/) { print $i; exit } }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\// && $i ~ /\/debian\/?$/) { print $i; exit } }' "$f"
	done
}

# apt_private STATE LINE...: a private apt state in STATE whose sources are
# LINE... ("deb" or "deb-src", then suites; the mirror and the archive key
# are added); sets aptopts for apt-get and apt-cache.
apt_private() {
	local state=$1 mirror line
	shift
	mirror=$(apt_mirror | head -n 1)
	if [ -z "$mirror" ]; then
		echo "apt: no Debian mirror found in the apt configuration" >&2
		return 1
	fi
	mkdir -p "$state/lists/partial" "$state/archives/partial" \
		 "$state/etc/preferences.d"
	for line in "$@"; do
		set -- $line
		echo "$1 [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror ${*:2}"
	done > "$state/sources.list"
	: > "$state/status"
	aptopts=(-o "Dir::State::Lists=$state/lists"
		 -o "Dir::State::status=$state/status"
		 -o "Dir::Etc::sourcelist=$state/sources.list"
		 -o "Dir::Etc::sourceparts=-"
		 -o "Dir::Etc::preferencesparts=$state/etc/preferences.d"
		 -o "Dir::Cache::archives=$state/archives"
		 -o "Dir::Cache::pkgcache=$state/pkgcache.bin"
		 -o "Dir::Cache::srcpkgcache=$state/srcpkgcache.bin"
		 -o "APT::Architecture=amd64"
		 -o "Acquire::Languages=none")
}
