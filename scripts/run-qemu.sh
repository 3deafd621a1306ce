#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot a kernel in QEMU (TCG) with a busybox initramfs that runs one guest
# job, capture the console in a log file and enforce a time limit.
#
# Usage:
#   scripts/run-qemu.sh --job NAME --kernel VMLINUZ --guest SCRIPT
#                       [--append "KERNEL ARGS"] [--timeout SECONDS]
#                       [--env KEY=VALUE]... [--bin PROGRAM]...
#                       [--] MODULE.ko...
#
# The initramfs holds /bin/busybox (from Debian's busybox-static), /init
# (scripts/guest/init), /lib/slabstat.sh (scripts/guest/lib.sh), /job.sh
# (SCRIPT), /etc/slabstat.env (the --env pairs), /modules/*.ko and the
# --bin programs in /bin (static binaries, e.g. tools/slabstat-top).
#
# The console goes to $SLABSTAT_BUILD/logs/NAME.log (carriage returns
# stripped); with V=1 or CI=true it is also copied to stderr as it comes,
# otherwise only the guest's steps and the KUnit suite verdicts are shown.
#
# Exit status: 0 the guest job finished (SLABSTAT:DONE seen; the job's own
# verdict is for the caller to judge from the log), 2 time limit hit,
# 3 QEMU ended without the final marker (panic, crash), 1 other errors.
#
# Environment: SLABSTAT_SMP (vCPUs, default 4), SLABSTAT_MEM (default 2G),
# SLABSTAT_QEMU (default qemu-system-x86_64).
set -eu
. "$(dirname "$0")/lib.sh"

job= kernel= guest= append= timeout=600
envs=() bins=()
while [ $# -gt 0 ]; do
	case $1 in
	--job) job=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--guest) guest=$2; shift 2 ;;
	--append) append=$2; shift 2 ;;
	--timeout) timeout=$2; shift 2 ;;
	--env) envs+=("$2"); shift 2 ;;
	--bin) bins+=("$2"); shift 2 ;;
	--) shift; break ;;
	-*) die "run-qemu.sh: unknown option $1" ;;
	*) break ;;
	esac
done
[ -n "$job" ] && [ -n "$kernel" ] && [ -n "$guest" ] ||
	die "usage: run-qemu.sh --job NAME --kernel VMLINUZ --guest SCRIPT [options] [--] MODULE.ko..."
[ -r "$kernel" ] || die "kernel image $kernel not found"
[ -r "$guest" ] || die "guest script $guest not found"
busybox=/bin/busybox
file -b "$busybox" 2>/dev/null | grep -q dynamic &&
	die "$busybox is dynamically linked; install busybox-static"

# --- initramfs -----------------------------------------------------------
# The kernel's built-in initramfs already provides /dev/console, so no
# device nodes (and no root) are needed here.
root=$SS_BUILD/initramfs/$job
rm -rf "$root"
mkdir -p "$root/bin" "$root/lib" "$root/etc" "$root/modules"
cp "$busybox" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$SS_SCRIPTS/guest/init" "$root/init"
cp "$SS_SCRIPTS/guest/lib.sh" "$root/lib/slabstat.sh"
cp "$guest" "$root/job.sh"
{
	echo "export SLABSTAT_JOB='$job'"
	for kv in "${envs[@]}"; do
		echo "export ${kv%%=*}='${kv#*=}'"
	done
} >"$root/etc/slabstat.env"
for ko in "$@"; do
	[ -r "$ko" ] || die "module $ko not found"
	cp "$ko" "$root/modules/"
done
for b in "${bins[@]}"; do
	[ -x "$b" ] || die "program $b not found"
	install -m 0755 "$b" "$root/bin/"
done
initrd=$SS_BUILD/initramfs/$job.cpio
(cd "$root" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) >"$initrd"

# --- QEMU ------------------------------------------------------------------
mkdir -p "$SS_BUILD/logs"
log=$SS_BUILD/logs/$job.log
qemu=${SLABSTAT_QEMU:-qemu-system-x86_64}
args=(-accel tcg,thread=multi -smp "${SLABSTAT_SMP:-4}" -m "${SLABSTAT_MEM:-2G}"
	-nographic -no-reboot -nic none
	-kernel "$kernel" -initrd "$initrd"
	-append "console=ttyS0 panic=-1 $append")
# qboot starts the kernel faster than SeaBIOS.
[ -r /usr/share/qemu/qboot.rom ] && args+=(-bios /usr/share/qemu/qboot.rom)

info "booting $job: $(basename "$kernel"), ${SLABSTAT_SMP:-4} CPUs, limit ${timeout}s"
info "console log: $log"
start=$(now)
# Carriage returns (the serial console ends lines with CR LF) are dropped.
set +e
if [ "${V:-0}" = 1 ] || [ "${CI:-}" = true ]; then
	timeout -k 10 "$timeout" "$qemu" "${args[@]}" </dev/null 2>&1 |
		tr -d '\r' | tee "$log" >&2
else
	# Progress: the guest's steps and the KUnit suites' verdicts.
	timeout -k 10 "$timeout" "$qemu" "${args[@]}" </dev/null 2>&1 |
		tr -d '\r' | tee "$log" |
		grep --line-buffered -E '^SLABSTAT:(STEP|RC [^0])|^\[ *[0-9.]+\] (not )?ok [0-9]+ ' |
		sed -u -e 's/^SLABSTAT:/    guest: /' -e 's/^\[ *[0-9.]*\] /    kunit: /' >&2
fi
rc=${PIPESTATUS[0]}
set -e
info "$job: QEMU ran for $(elapsed "$start")"

if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	say "TIMEOUT: guest did not finish within $timeout s (log: $log)"
	exit 2
fi
if ! grep -q '^SLABSTAT:DONE' "$log"; then
	say "FAIL: guest ended without finishing its job (QEMU exit status $rc; panic or crash?) (log: $log)"
	exit 3
fi
[ "$rc" = 0 ] || say "note: QEMU exit status $rc after the guest finished"
exit 0
