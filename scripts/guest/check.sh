# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for the check boots of `make check` (the debug and the
# PREEMPT_RT test kernels).
#
# slabstat.ko (reclaim worker every 50 ms), then slabstat_test.ko: KUnit runs
# the suites synchronously while insmod loads the test module.  Each suite
# the module added is dumped from /sys/kernel/debug/kunit/<suite>/results.
# Then the sample client runs with every slabstat trace event enabled in
# tracefs (the events must count what the statistics count, trace_end in
# lib.sh), the report is dumped, a short torture runs
# ($TORTURE_SECONDS, see torture() in lib.sh), and everything is unloaded.
# tools/slabstat-top runs before slabstat is loaded, once with debugfs
# unmounted (its error paths), and after the report, while nothing runs
# (the host compares its figures with the report's).
. /lib/slabstat.sh

dump "tainted boot" /proc/sys/kernel/tainted
if umount /sys/kernel/debug; then
	ss_top nodebugfs -o
	mount -t debugfs debugfs /sys/kernel/debug
fi
ss_top nomodule -o
ins slabstat reap_interval_ms=50 || exit 1
ins_kunit slabstat_test
dump "tainted tests" /proc/sys/kernel/tainted

# Every slabstat event on while the sample churns: the events counted
# must be the statistics (trace_end).
trace_begin
ins slabstat_sample
trace_end
dump report /sys/kernel/debug/slabstat
ss_top once -o
ss_top quiesced -o -c
rm_mod slabstat_test
rm_mod slabstat_sample
[ "${TORTURE_SECONDS:-10}" = 0 ] || torture "${TORTURE_SECONDS:-10}" 3
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
