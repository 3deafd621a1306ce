# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for `make demo` (stock Debian kernel): load slabstat and the
# sample client with slabstat's trace events on, print the report,
# tools/slabstat-top's view and a few trace lines, unload both.
. /lib/slabstat.sh

dump "tainted boot" /proc/sys/kernel/tainted
ins slabstat || exit 1
# The sample churns caches from every CPU while it loads, traced.
trace_begin
ins slabstat_sample
dump report /sys/kernel/debug/slabstat
ss_top demo -o
trace_end
rm_mod slabstat_sample
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
