#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Check that every Debian package the harness needs is installed.  As root,
# install the missing ones (running `apt-get update` first when apt does not
# know a package yet); otherwise print the exact apt-get line and fail.
#
# Usage: scripts/deps.sh [--bench] [extra-package...]
#   (scripts/stock-kernel.sh passes the linux-headers package it picked;
#   --bench adds what only `make bench` needs.)
set -eu
. "$(dirname "$0")/lib.sh"

packages="
	make gcc libc6-dev bc bison flex libelf-dev libssl-dev cpio dwarves kmod
	xz-utils zstd perl python3 ccache sparse
	busybox-static qemu-system-x86 qemu-system-data seabios
	linux-source-$SS_SERIES
"
# Only for `make bench`: the chart of the ratios.
bench_packages="gnuplot-nox"
if [ "${1:-}" = --bench ]; then
	shift
	packages="$packages $bench_packages"
fi

installed() {
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# Does apt know a candidate version for this package?
has_candidate() {
	c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

missing=
# shellcheck disable=SC2086 # word splitting of the package list is wanted
for p in $packages "$@"; do
	installed "$p" || missing="$missing $p"
done
[ -n "$missing" ] || exit 0

if [ "$(id -u)" != 0 ]; then
	say "missing packages:$missing"
	say "install them with (as root):"
	say "  apt-get install -y --no-install-recommends$missing"
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
need_update=0
for p in $missing; do
	has_candidate "$p" || need_update=1
done
if [ "$need_update" = 1 ]; then
	info "apt-get update"
	apt-get update -q >&2
fi
info "installing:$missing"
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $missing >&2
