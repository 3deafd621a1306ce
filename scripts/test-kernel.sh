#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) a slabstat KUnit test kernel and print its build
# directory on stdout.  With --source, only extract the kernel source (for
# checkpatch.pl and kunit.py) and print the source directory.
#
# Usage: scripts/test-kernel.sh [--source | VARIANT]
#   debug  (default) PREEMPT, KASAN, lockdep with PROVE_RAW_LOCK_NESTING,
#          kmemleak, debug objects, fault injection
#   rt     PREEMPT_RT, lockdep with PROVE_RAW_LOCK_NESTING, atomic-sleep
#          and preempt checks, fault injection (no KASAN, no kmemleak)
#
# Recipe: Debian's linux-source-6.12 tarball, extracted into the cache;
# `make tinyconfig`; the variant's fragments (scripts/config/base.config,
# kunit.config and VARIANT.config) merged with the kernel's
# scripts/kconfig/merge_config.sh; `make olddefconfig`; then every option the
# fragments ask for is verified (Kconfig silently drops options whose
# dependencies are missing); then `make` (vmlinux, bzImage, modules).
#
# The result lives in $SLABSTAT_CACHE/kernels/VARIANT-<kver>-<key>, where
# <key> hashes the fragments, the compiler version, the source package
# version and the recipe version below, so changing any of them builds a new
# kernel.  Each variant keeps one kernel.
#
# Environment:
#   SLABSTAT_KSRC_TAR   source tarball (default /usr/src/linux-source-6.12.tar.xz)
#   SLABSTAT_REBUILD=1  throw away the cached kernel for this key and rebuild
#   SLABSTAT_NO_CCACHE=1  do not use ccache even if installed
set -eu
. "$(dirname "$0")/lib.sh"

# Bump when the build steps below change in a way the key does not see.
RECIPE_VERSION=1

tarball=${SLABSTAT_KSRC_TAR:-/usr/src/linux-source-$SS_SERIES.tar.xz}
[ -r "$tarball" ] || die "kernel source $tarball not found (install linux-source-$SS_SERIES; scripts/deps.sh does)"

# Identify the source: the Debian package version if the tarball is the
# packaged one, else the tarball's size and mtime.
srcver=$(dpkg-query -W -f='${Version}' "linux-source-$SS_SERIES" 2>/dev/null || true)
[ -n "$srcver" ] || srcver=$(stat -c '%s-%Y' "$tarball")

variant=debug
case ${1:-} in
--source | "") ;;
debug | rt) variant=$1 ;;
*) die "usage: test-kernel.sh [--source | debug | rt]" ;;
esac
fragments="$SS_SCRIPTS/config/base.config $SS_SCRIPTS/config/kunit.config $SS_SCRIPTS/config/$variant.config"
key=$( {
	echo "recipe $RECIPE_VERSION"
	echo "source $srcver"
	gcc --version | head -n 1
	for f in $fragments; do echo "== $(basename "$f")"; cat "$f"; done
} | sha256sum | cut -c1-12)

mkdir -p "$SS_CACHE/src" "$SS_CACHE/kernels"

# --- source tree ---------------------------------------------------------
# Locks keep parallel runs (two `make check`, or checkpatch during a
# kernel build) from racing on the same directories.
srcdir=$SS_CACHE/src/$(echo "$srcver" | tr -c 'A-Za-z0-9.+\n-' '_')
exec 8>"$SS_CACHE/src/.lock"
flock 8
if [ ! -e "$srcdir/.slabstat-extracted" ]; then
	info "extracting $tarball into $srcdir"
	rm -rf "$srcdir"
	mkdir -p "$srcdir"
	tar -xf "$tarball" -C "$srcdir" --strip-components=1
	touch "$srcdir/.slabstat-extracted"
fi
exec 8>&-
if [ "${1:-}" = --source ]; then
	echo "$srcdir"
	exit 0
fi
kver=$(make -s -C "$srcdir" kernelversion)

exec 9>"$SS_CACHE/kernels/.lock"
flock 9

out=$SS_CACHE/kernels/$variant-$kver-$key
if [ "${SLABSTAT_REBUILD:-0}" = 1 ] && [ -e "$out" ]; then
	info "SLABSTAT_REBUILD=1: removing $out"
	rm -rf "$out"
fi
if [ -e "$out/.slabstat-complete" ]; then
	touch "$out/.slabstat-complete"	# last used: see the clean-up below
	info "$variant test kernel: $out (cached)"
	echo "$out"
	exit 0
fi

# --- configuration -----------------------------------------------------------
# Reproducible build metadata, so that ccache hits on a rebuild.
export KBUILD_BUILD_TIMESTAMP='Thu Jan  1 00:00:00 UTC 2015'
export KBUILD_BUILD_USER=slabstat
export KBUILD_BUILD_HOST=slabstat
export KBUILD_BUILD_VERSION=1
cc=gcc
if [ "${SLABSTAT_NO_CCACHE:-0}" != 1 ] && command -v ccache >/dev/null; then
	cc="ccache gcc"
	export CCACHE_DIR=$SS_CACHE/ccache
	mkdir -p "$CCACHE_DIR"
	ccache -M 5G >/dev/null
fi
kmake() { make -C "$srcdir" O="$out" ARCH=x86_64 CC="$cc" HOSTCC="$cc" "$@"; }

start=$(now)
info "building the $variant test kernel $kver (key $key) in $out"
rm -rf "$out"
mkdir -p "$out"
kmake -s tinyconfig
# shellcheck disable=SC2086 # $fragments is a list of paths without spaces
"$srcdir/scripts/kconfig/merge_config.sh" -m -O "$out" "$out/.config" $fragments >"$out/merge_config.log"
kmake -s olddefconfig

# Verify: every CONFIG_X=v asked for is in .config exactly; every
# "# CONFIG_X is not set" is not set.
missing=0
for f in $fragments; do
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			if ! grep -qxF -- "$line" "$out/.config"; then
				opt=${line%%=*}
				got=$(grep -E "^(# )?$opt[= ]" "$out/.config" || echo "absent")
				say "config: $(basename "$f") wants $line, got: $got"
				missing=1
			fi ;;
		"# CONFIG_"*" is not set")
			opt=${line#\# }
			opt=${opt%% *}
			if grep -q "^$opt=" "$out/.config"; then
				say "config: $(basename "$f") wants $opt unset, got: $(grep "^$opt=" "$out/.config")"
				missing=1
			fi ;;
		esac
	done <"$f"
done
[ "$missing" = 0 ] || die "the test kernel config lacks requested options (see above; $out/.config). Fix scripts/config/*.config."

# --- build -------------------------------------------------------------------
log=$out/build.log
if ! kmake -j"$SS_JOBS" all >"$log" 2>&1; then
	tail -n 40 "$log" >&2
	die "test kernel build failed (full log: $log)"
fi
touch "$out/.slabstat-complete"

# Drop this variant's kernels of other keys (old fragments or compilers)
# that no run has used for a day; ccache makes going back cheap.  Kept
# while in use, so that worktrees on different fragments do not rebuild
# each other's kernel in turn.
for old in "$SS_CACHE"/kernels/"$variant"-* "$SS_CACHE"/kernels/test-*; do
	[ -e "$old" ] || continue
	[ "$old" = "$out" ] && continue
	if [ -z "$(find "$old/.slabstat-complete" -mmin -1440 2>/dev/null)" ]; then
		rm -rf "$old"
	fi
done
info "$variant test kernel built in $(elapsed "$start"): $out"
echo "$out"
