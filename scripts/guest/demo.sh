# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for `make demo` (stock Debian kernel): load slabstat and the
# sample client, print the report and tools/slabstat-top's view, unload both.
. /lib/slabstat.sh

dump "tainted boot" /proc/sys/kernel/tainted
ins slabstat || exit 1
# The sample churns caches from every CPU while it loads.
ins slabstat_sample
dump report /sys/kernel/debug/slabstat
ss_top demo -o
rm_mod slabstat_sample
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
