#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make kernels` (and a step of `make check`): build the modules with W=1
# against the headers of every Debian kernel flavour slabstat claims:
#
#   6.1 amd64          bookworm's own kernel
#   6.12 amd64         the stock kernel of `make demo` and of DKMS users
#   6.12 rt-amd64      PREEMPT_RT
#   6.12 cloud-amd64   the cloud kernel
#
# For each, the newest linux-headers-<release> apt has is installed through
# scripts/deps.sh, and the ordinary build (slabstat, samples, bench,
# torture; not the KUnit suites, which need CONFIG_KUNIT) is made from
# scratch in a private copy, build/kernel-<series>-<flavour>/
# (scripts/build-modules.sh; make -j$SLABSTAT_JOBS), so that no object of
# an earlier run hides a warning.  A flavour fails if its build fails, prints any warning, lacks
# one of the four modules, or produces a slabstat.ko whose vermagic or
# version (dkms.conf's PACKAGE_VERSION) is not the expected one.  Build
# output: build/logs/kernel-<series>-<flavour>.log.
#
# Prints one line per flavour on stdout, "PASS|FAIL<TAB>name<TAB>detail",
# which scripts/check.sh records as harness checks.  Exit status 0 only if
# every flavour passed.
#
# Usage: scripts/kernels.sh
#        scripts/kernels.sh --release SERIES:FLAVOUR
#            print the release that would be used (e.g. 6.12.117+deb12-amd64)
#
# Environment:
#   SLABSTAT_FLAVOURS  the flavours, "SERIES:FLAVOUR ..." (default:
#                     "6.1:amd64 6.12:amd64 6.12:rt-amd64 6.12:cloud-amd64")
set -eu
. "$(dirname "$0")/lib.sh"

kernels=${SLABSTAT_FLAVOURS:-"6.1:amd64 6.12:amd64 6.12:rt-amd64 6.12:cloud-amd64"}
modules="slabstat/slabstat.ko samples/slabstat_sample.ko bench/slabstat_bench.ko torture/slabstat_torture.ko"

# Does apt have a candidate version for this package?
has_candidate() {
	local c
	c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

# releases SERIES FLAVOUR: the releases apt has a linux-headers package for,
# newest first.  Debian names them 6.1.0-<abi>-<flavour> and
# 6.12.<n>+deb<N>-<flavour>.
releases() {
	local re="^linux-headers-${1//./\\.}\\.[0-9]+(-[0-9]+|\\+deb[0-9]+)-$2\$"

	apt-cache pkgnames "linux-headers-$1." 2>/dev/null | grep -E "$re" |
		sed 's/^linux-headers-//' | sort -Vr
}

# newest_release SERIES FLAVOUR: the newest release whose headers apt can
# install (after one `apt-get update` as root if apt knows none).
newest_release() {
	local r list

	list=$(releases "$1" "$2")
	if [ -z "$list" ] && [ "$(id -u)" = 0 ]; then
		info "apt knows no linux-headers-$1.*-$2: apt-get update"
		apt-get update -q >&2
		list=$(releases "$1" "$2")
	fi
	for r in $list; do
		if has_candidate "linux-headers-$r"; then
			echo "$r"
			return 0
		fi
	done
	return 1
}

if [ "${1:-}" = --release ]; then
	if [ $# != 2 ] || [ "${2#*:}" = "$2" ]; then
		die "usage: kernels.sh --release SERIES:FLAVOUR"
	fi
	newest_release "${2%%:*}" "${2#*:}" ||
		die "apt has no linux-headers-${2%%:*}.*-${2#*:} package"
	exit 0
fi
[ $# = 0 ] || die "usage: kernels.sh [--release SERIES:FLAVOUR]"

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$SS_ROOT/dkms.conf")
[ -n "$version" ] || die "no PACKAGE_VERSION in $SS_ROOT/dkms.conf"

"$SS_SCRIPTS/deps.sh"
mkdir -p "$SS_BUILD/logs"
npass=0 nfail=0

# result PASS|FAIL NAME DETAIL
result() {
	printf '%s\t%s\t%s\n' "$1" "$2" "$3"
	if [ "$1" = PASS ]; then
		npass=$((npass + 1))
		info "$2: $3"
	else
		nfail=$((nfail + 1))
		say "FAIL: $2: $3"
	fi
}

# build_one SERIES FLAVOUR: build against that flavour, print its result.
build_one() {
	local series=$1 flavour=$2 name krel kdir log t0 src warn ko missing vm v
	local hot hsize halign

	name=kernel-$series-$flavour
	if ! krel=$(newest_release "$series" "$flavour"); then
		result FAIL "$name" "apt has no linux-headers-$series.*-$flavour package"
		return
	fi
	kdir=/usr/src/linux-headers-$krel
	if [ ! -e "$kdir/Makefile" ] &&
	   ! "$SS_SCRIPTS/deps.sh" "linux-headers-$krel"; then
		result FAIL "$name" "cannot install linux-headers-$krel"
		return
	fi

	log=$SS_BUILD/logs/$name.log
	info "$name: W=1 build against $krel (log: $log)"
	# From scratch: an up-to-date object would not repeat its warnings.
	rm -rf "${SS_BUILD:?}/$name"
	t0=$(now)
	if ! src=$("$SS_SCRIPTS/build-modules.sh" "$name" "$kdir" W=1 \
		   -j"$SS_JOBS" 2>"$log"); then
		grep -E 'error|warning|Error' "$log" | head -n 40 >&2 || true
		result FAIL "$name" "build against $krel failed, W=1 ($(elapsed "$t0"); log: $log)"
		return
	fi
	# Every line that says "warning", whatever printed it: the compiler,
	# modpost, objtool, make or Kbuild.
	warn=$(grep -ci warning "$log" || true)
	if [ "$warn" != 0 ]; then
		grep -i warning "$log" | head -n 40 >&2
		result FAIL "$name" "$warn warning line(s) building against $krel, W=1 (log: $log)"
		return
	fi
	missing=
	for ko in $modules; do
		[ -e "$src/$ko" ] || missing="$missing $(basename "$ko")"
	done
	if [ -n "$missing" ]; then
		result FAIL "$name" "the build against $krel produced no$missing (log: $log)"
		return
	fi
	vm=$(modinfo -F vermagic "$src/slabstat/slabstat.ko")
	v=$(modinfo -F version "$src/slabstat/slabstat.ko")
	if [ "${vm%% *}" != "$krel" ] || [ "$v" != "$version" ]; then
		result FAIL "$name" "slabstat.ko has vermagic \"$vm\" and version \"$v\", want $krel and $version"
		return
	fi
	# The hit paths' section (slabstat/magazine.c): page aligned and
	# no larger than a page, so that they share one page of text.
	hot=$(readelf -SW "$src/slabstat/slabstat.ko" |
	      awk '{ for (i = 1; i < NF; i++)
			if ($i == ".text.slabstat_hot") print $(i + 4), $NF }')
	if [ -z "$hot" ]; then
		result FAIL "$name" "slabstat.ko has no .text.slabstat_hot section"
		return
	fi
	read -r hsize halign <<<"$hot"
	hsize=$((16#$hsize))
	if [ "$halign" != 4096 ] || [ "$hsize" -gt 4096 ]; then
		result FAIL "$name" "the hit paths do not share one page: .text.slabstat_hot is $hsize bytes, aligned to $halign (want at most 4096, aligned to 4096)"
		return
	fi
	result PASS "$name" "$krel: 4 modules, W=1, 0 warnings, hit paths $hsize bytes in one page, $(elapsed "$t0")"
}

start=$(now)
for k in $kernels; do
	build_one "${k%%:*}" "${k#*:}"
done
info "kernels: $npass passed, $nfail failed ($(elapsed "$start"))"
[ "$nfail" = 0 ]
