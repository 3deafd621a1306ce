#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make torture`: the long torture run on the KUnit/KASAN/lockdep test
# kernel (the one `make check` builds and caches).  Boots it with slabstat
# (reclaim every 20 ms) and runs slabstat_torture.ko for
# $SLABSTAT_TORTURE_SECONDS (default 300) with fault injection, memory
# pressure, CPU hotplug, interrupt-context allocations and a report reader
# (scripts/guest/torture.sh, torture() in scripts/guest/lib.sh).  Passes
# only if the torture reports errors=0, every report read said check: ok,
# the console shows no splat and the taint is only O/E.
set -eu
. "$(dirname "$0")/lib.sh"
. "$SS_SCRIPTS/console.sh"

secs=${SLABSTAT_TORTURE_SECONDS:-300}
pct=${SLABSTAT_TORTURE_FAULT_PCT:-3}
start=$(now)
"$SS_SCRIPTS/deps.sh"
kdir=$("$SS_SCRIPTS/test-kernel.sh") || die "cannot build the test kernel"
# The torture uses only the public API: a normal build, no test hooks.
src=$("$SS_SCRIPTS/build-modules.sh" torture "$kdir" SLABSTAT_WERROR=y)
log=$SS_BUILD/logs/torture.log
rm -f "$log"

np=0 nf=0
ok() { np=$((np + 1)); printf 'PASS  %-8s %s\n' "$1" "$2"; }
bad() { nf=$((nf + 1)); printf 'FAIL  %-8s %s\n' "$1" "$2"; }

info "torture: $secs s, $pct % of slab page and magazine allocations failing"
rc=0
"$SS_SCRIPTS/run-qemu.sh" --job torture --kernel "$kdir/arch/x86/boot/bzImage" \
	--guest "$SS_SCRIPTS/guest/torture.sh" \
	--timeout "${SLABSTAT_TIMEOUT:-$((secs + 600))}" \
	--env "TORTURE_SECONDS=$secs" --env "TORTURE_FAULT_PCT=$pct" \
	-- "$src/slabstat/slabstat.ko" "$src/torture/slabstat_torture.ko" || rc=$?
echo
echo "=== slabstat torture ($(elapsed "$start"), log: $log) ==="
case $rc in
0) ok boot "guest finished" ;;
2) bad boot "TIMEOUT: guest did not finish" ;;
*) bad boot "guest died or QEMU failed (status $rc)" ;;
esac
if t=$(torture_verdict "$log"); then ok torture "$t"; else bad torture "$t"; fi
steps=$(failed_steps "$log")
if [ -z "$steps" ]; then ok steps "every insmod/rmmod succeeded"; else bad steps "$steps"; fi
sp=$(splats "$log")
if [ -z "$sp" ]; then ok splats "none"; else bad splats "$(echo "$sp" | head -n 1)"; fi
if t=$(taint_verdict "$log"); then ok taint "$t"; else bad taint "$t"; fi
echo "$np passed, $nf failed"
[ "$nf" = 0 ]
