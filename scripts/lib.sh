# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Common helpers for the slabstat harness.  Sourced by the other scripts,
# never run directly.
#
# Environment honoured everywhere:
#   SLABSTAT_CACHE  where kernels, sources and ccache live
#                   (default: ~/.cache/slabstat; outside the work tree)
#   SLABSTAT_BUILD  where logs, initramfs images and scratch files go
#                   (default: <repo>/build)
#   SLABSTAT_JOBS   parallel make jobs (default: nproc)

# Repository root: the parent of this scripts/ directory.
SS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
SS_SCRIPTS=$SS_ROOT/scripts
SS_CACHE=${SLABSTAT_CACHE:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/slabstat}
SS_BUILD=${SLABSTAT_BUILD:-$SS_ROOT/build}
SS_JOBS=${SLABSTAT_JOBS:-$(nproc)}

# The Debian kernel series we target, and the flavour of the stock kernel
# (make demo, make bench): amd64, or rt-amd64 with SLABSTAT_FLAVOUR=rt.
SS_SERIES=6.12
case ${SLABSTAT_FLAVOUR:-} in
"" | amd64) SS_FLAVOUR=amd64 ;;
rt | rt-amd64) SS_FLAVOUR=rt-amd64 ;;
*) printf 'ERROR: SLABSTAT_FLAVOUR=%s: want amd64 or rt\n' "$SLABSTAT_FLAVOUR" >&2; exit 1 ;;
esac

# Messages go to stderr so that scripts can print results on stdout.
say()  { printf '%s\n' "$*" >&2; }
info() { printf '==> %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# now: seconds since the epoch, for timing steps.
now() { date +%s; }

# elapsed START: "Ns" since START.
elapsed() { echo "$(( $(now) - $1 ))s"; }

# stock_kernel: fetch (or reuse) Debian's stock 6.12 image and headers and
# set KREL, KERNEL (the image) and KDIR (the headers' build tree).
stock_kernel() {
	local stock
	stock=$("$SS_SCRIPTS/stock-kernel.sh") || die "cannot get the stock kernel"
	KREL=$(echo "$stock" | sed -n 's/^KREL=//p')
	KERNEL=$(echo "$stock" | sed -n 's/^KERNEL=//p')
	KDIR=$(echo "$stock" | sed -n 's/^KDIR=//p')
	info "stock kernel $KREL"
}
