#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: build the modules against Debian's stock 6.12 headers, boot
# the stock kernel in QEMU, load slabstat and the sample client, print the
# report, then what `slabstat-top -o` (tools/slabstat-top, `make tools`)
# shows, then a few lines of slabstat's trace events, which were on in
# tracefs while the sample ran (their counts must match the statistics).  `make demo FLAVOUR=rt` (SLABSTAT_FLAVOUR=rt) does the same on
# Debian's stock PREEMPT_RT kernel.  Exits 0 only if the report's second line is "check: ok", every
# guest step succeeded, slabstat-top exited 0 and the console shows no
# kernel splat.  No kernel is built.
#
# With SLABSTAT_DKMS=1 (`make demo DKMS=1`) the slabstat.ko it loads is the
# one dkms built and installed for the same kernel into the scratch tree of
# `scripts/dkms.sh test` (build/dkms/); the sample client still comes from
# the ordinary build.
#
# Environment: SLABSTAT_TIMEOUT (seconds, default 300), SLABSTAT_DKMS, plus
# what scripts/run-qemu.sh and scripts/stock-kernel.sh honour.
set -eu
. "$(dirname "$0")/lib.sh"
. "$SS_SCRIPTS/console.sh"

start=$(now)
"$SS_SCRIPTS/deps.sh"
stock_kernel

# A stock build: no SLABSTAT_TEST hooks, no -Werror.
job=demo
[ "$SS_FLAVOUR" = amd64 ] || job=demo-$SS_FLAVOUR
src=$("$SS_SCRIPTS/build-modules.sh" "$job" "$KDIR")
ko=$src/slabstat/slabstat.ko
if [ "${SLABSTAT_DKMS:-0}" = 1 ]; then
	"$SS_SCRIPTS/dkms.sh" test "$KREL" >/dev/null || die "the DKMS build failed"
	ko=$SS_BUILD/dkms/slabstat.ko
	info "loading the slabstat.ko dkms built and installed: $ko"
fi

make -s -C "$SS_ROOT" tools >&2 || die "make tools failed"
top=$SS_ROOT/tools/slabstat-top/slabstat-top

rc=0
"$SS_SCRIPTS/run-qemu.sh" --job "$job" --kernel "$KERNEL" \
	--guest "$SS_SCRIPTS/guest/demo.sh" --timeout "${SLABSTAT_TIMEOUT:-300}" \
	--bin "$top" -- "$ko" "$src/samples/slabstat_sample.ko" || rc=$?
log=$SS_BUILD/logs/$job.log
[ "$rc" = 0 ] || exit 1

fail=0
# The report, as the guest printed it.
report=$(section "$log" report)
echo
echo "$report"
echo
if ! has_section "$log" report; then
	say "FAIL: the guest printed no report (log: $log)"
	fail=1
elif [ "$(echo "$report" | sed -n 2p)" != "check: ok" ]; then
	say "FAIL: report says \"$(echo "$report" | sed -n 2p)\", want \"check: ok\""
	fail=1
fi
# slabstat-top -o, as the guest ran it after the report.
echo "# slabstat-top -o"
section "$log" "top demo"
echo
# The trace events, enabled in tracefs while the sample churned: per cache
# the events counted against the statistics, then a few lines of each kind.
echo "# trace events (tracefs events/slabstat) against slabstat_caches"
section "$log" "trace counts"
echo
echo "# cat /sys/kernel/tracing/trace (two lines of each event)"
section "$log" "trace lines"
echo
top_rc=$(sed -n 's/^SLABSTAT:EXIT \([0-9]*\) top demo$/\1/p' "$log")
if [ "$top_rc" != 0 ]; then
	say "FAIL: slabstat-top -o exited with status ${top_rc:-(not run)}"
	fail=1
fi
if ! problems=$(log_problems "$log"); then
	while IFS= read -r p; do say "FAIL: $p"; done <<<"$problems"
	fail=1
fi

if [ "$fail" = 0 ]; then
	info "demo OK on $KREL${SLABSTAT_DKMS:+ (DKMS=$SLABSTAT_DKMS)} in $(elapsed "$start") (console log: $log)"
else
	info "demo FAILED (console log: $log)"
fi
exit "$fail"
