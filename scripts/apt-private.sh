#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# A private APT configuration under $OKVM_CACHE/apt: Debian bookworm,
# bookworm-updates and bookworm-backports for amd64, ppc64el and mips64el,
# with its own package lists and an empty dpkg status, so apt-get download /
# apt-cache work without root and without touching the system's APT.
#
# bookworm-security is left out on purpose: its ppc64el index fails to
# download and it has no mips64el index at all, so "apt-get update" would
# fail.  Nothing okvm pins comes from it.
#
# Sourced by scripts/setup.  Run directly, it runs one command with this
# configuration, which is how to look up versions when bumping
# scripts/deps.lock:
#
#     scripts/apt-private.sh apt-get update
#     scripts/apt-private.sh apt-cache policy linux-image-6.12.95+deb12-powerpc64le:ppc64el

OKVM_CACHE=${OKVM_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache}
APT_PRIVATE_DIR=$OKVM_CACHE/apt
APT_PRIVATE_MIRROR=${OKVM_DEBIAN_MIRROR:-http://deb.debian.org/debian}
APT_PRIVATE_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg

# apt_private_init: create the configuration if it is missing or stale.
apt_private_init()
{
	local d=$APT_PRIVATE_DIR suite conf

	mkdir -p "$d/etc/preferences.d" "$d/lists/partial" \
		 "$d/archives/partial"
	[ -e "$d/status" ] || : > "$d/status"

	if [ ! -r "$APT_PRIVATE_KEYRING" ]; then
		echo "apt-private: $APT_PRIVATE_KEYRING missing" \
		     "(install debian-archive-keyring)" >&2
		return 1
	fi

	for suite in bookworm bookworm-updates bookworm-backports; do
		echo "deb [arch=amd64,ppc64el,mips64el signed-by=$APT_PRIVATE_KEYRING] $APT_PRIVATE_MIRROR $suite main"
	done > "$d/etc/sources.list.new"

	# APT::Sandbox::User root: as root, apt-get download would otherwise
	# hand the download to user _apt, which cannot write into $HOME.
	conf=$(cat <<-EOF
	Dir::Etc::SourceList "$d/etc/sources.list";
	Dir::Etc::SourceParts "/nonexistent";
	Dir::Etc::Preferences "$d/etc/preferences";
	Dir::Etc::PreferencesParts "$d/etc/preferences.d";
	Dir::State "$d";
	Dir::State::Lists "$d/lists";
	Dir::State::status "$d/status";
	Dir::Cache "$d";
	Dir::Cache::Archives "$d/archives";
	APT::Architecture "amd64";
	APT::Architectures { "amd64"; "ppc64el"; "mips64el"; };
	APT::Sandbox::User "root";
	Acquire::Languages "none";
	Acquire::Retries "3";
	EOF
	)

	# Rewrite only on change, so the lists stay valid across runs.
	if ! cmp -s "$d/etc/sources.list.new" "$d/etc/sources.list"; then
		mv "$d/etc/sources.list.new" "$d/etc/sources.list"
		rm -f "$d/lists/"*_Packages* "$d/lists/"*Release*
	else
		rm -f "$d/etc/sources.list.new"
	fi
	if [ "$conf" != "$(cat "$d/apt.conf" 2>/dev/null)" ]; then
		printf '%s\n' "$conf" > "$d/apt.conf"
	fi
}

# apt_private CMD...: run an APT command with the private configuration.
apt_private()
{
	APT_CONFIG=$APT_PRIVATE_DIR/apt.conf "$@"
}

# apt_private_have_lists: true if every suite's index has been fetched.
apt_private_have_lists()
{
	local n

	n=$(find "$APT_PRIVATE_DIR/lists" -maxdepth 1 -name '*_InRelease' | wc -l)
	[ "$n" -ge 3 ]
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -euo pipefail
	if [ $# -eq 0 ]; then
		echo "usage: $0 apt-get|apt-cache ARGS..." >&2
		exit 2
	fi
	apt_private_init
	apt_private "$@"
fi
