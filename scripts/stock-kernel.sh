#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Find Debian's newest stock 6.12 kernel that has matching headers, make
# sure the headers are installed and the image is in the cache, and print
# three lines on stdout:
#
#   KREL=<kernel release, e.g. 6.12.117+deb12-amd64>
#   KERNEL=<path of the vmlinuz in the cache>
#   KDIR=<headers directory to build modules against>
#
# The image is fetched with `apt-get download` and unpacked with dpkg-deb
# into $SLABSTAT_CACHE/stock/<release>/: the host's /boot is not touched.
# The headers are installed with apt-get (they need the /usr/src symlinks).
#
# Environment:
#   SLABSTAT_STOCK_KREL  use this release (e.g. 6.12.113+deb12-amd64)
#                        instead of the newest one
set -eu
. "$(dirname "$0")/lib.sh"

# List "6.12.N+deb12" versions for which apt has an image package.
list_versions() {
	apt-cache search --names-only \
		"^linux-image-$SS_SERIES\.[0-9]+\+deb[0-9]+-$SS_FLAVOUR-unsigned\$" 2>/dev/null |
		sed -n "s/^linux-image-\([^ ]*\)-$SS_FLAVOUR-unsigned .*/\1/p"
}

known() { apt-cache show "$1" >/dev/null 2>&1; }

if [ -n "${SLABSTAT_STOCK_KREL:-}" ]; then
	krel=$SLABSTAT_STOCK_KREL
else
	versions=$(list_versions)
	if [ -z "$versions" ] && [ "$(id -u)" = 0 ]; then
		info "apt knows no linux-image-$SS_SERIES.*: apt-get update"
		apt-get update -q >&2
		versions=$(list_versions)
	fi
	[ -n "$versions" ] || die "apt knows no linux-image-$SS_SERIES.*-$SS_FLAVOUR-unsigned package (run apt-get update as root; is bookworm-backports or the 6.12 security archive in sources.list?)"
	krel=
	# Newest first; take the first whose headers package exists too.
	for v in $(echo "$versions" | sort -Vr); do
		if known "linux-headers-$v-$SS_FLAVOUR"; then
			krel=$v-$SS_FLAVOUR
			break
		fi
		say "note: linux-image-$v-$SS_FLAVOUR-unsigned has no matching headers package, skipping"
	done
	[ -n "$krel" ] || die "no linux-image-$SS_SERIES.* with matching linux-headers-* found"
fi

# Headers (installed through the dependency checker, which uses apt-get).
kdir=/usr/src/linux-headers-$krel
if [ ! -e "$kdir/Makefile" ]; then
	"$SS_SCRIPTS/deps.sh" "linux-headers-$krel" || die "cannot install linux-headers-$krel"
fi
[ -e "$kdir/Makefile" ] || die "headers for $krel not found in $kdir"

# Image, unpacked into the cache.
imgdir=$SS_CACHE/stock/$krel
kernel=$imgdir/vmlinuz-$krel
if [ ! -e "$kernel" ]; then
	info "fetching linux-image-$krel-unsigned into $imgdir"
	mkdir -p "$SS_CACHE/stock"
	tmp=$(mktemp -d)
	trap 'rm -rf "$tmp"' EXIT
	# The _apt user must be able to write there (so not under /root), or apt
	# warns about an unsandboxed download.
	chmod 0777 "$tmp"
	(cd "$tmp" && apt-get download -q "linux-image-$krel-unsigned" >&2) ||
		die "apt-get download linux-image-$krel-unsigned failed"
	# Only the kernel and its config are needed: our initramfs carries
	# the few modules we load.
	mkdir -p "$tmp/x"
	dpkg-deb --fsys-tarfile "$tmp"/linux-image-*.deb |
		tar -x -C "$tmp/x" "./boot/vmlinuz-$krel" "./boot/config-$krel"
	mkdir -p "$tmp/out"
	mv "$tmp/x/boot/vmlinuz-$krel" "$tmp/x/boot/config-$krel" "$tmp/out/"
	rm -rf "$imgdir"
	mv "$tmp/out" "$imgdir"
fi

echo "KREL=$krel"
echo "KERNEL=$kernel"
echo "KDIR=$kdir"
