# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for `make torture` (the KUnit/KASAN/lockdep test kernel): load
# slabstat with a 20 ms reclaim interval and run the torture (see torture()
# in scripts/guest/lib.sh) for $TORTURE_SECONDS seconds.
. /lib/slabstat.sh

dump "tainted boot" /proc/sys/kernel/tainted
ins slabstat reap_interval_ms=20 || exit 1
torture "${TORTURE_SECONDS:-60}" "${TORTURE_FAULT_PCT:-3}"
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
