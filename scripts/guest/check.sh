# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for the check boots of `make check` (the debug and the
# PREEMPT_RT test kernels).
#
# slabstat.ko (reclaim worker every 50 ms), then slabstat_test.ko: KUnit runs
# the suites synchronously while insmod loads the test module.  Each suite
# the module added is dumped from /sys/kernel/debug/kunit/<suite>/results.
# Then the sample client runs, its caches tracking call sites and every
# slabstat trace event enabled in tracefs (the events must count what the
# statistics count, and slabstat_alloc_traces must show the objects it
# keeps; trace_end and alloc_traces in lib.sh), the report is dumped, a
# short torture runs
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

# The sample's caches track call sites (debug=2, set through sysfs), and
# every slabstat event is on while it churns: the events counted must be
# the statistics (trace_end), and slabstat_alloc_traces must hold the 16
# objects each cache keeps (alloc_traces in lib.sh).
step "debug=2 for the sample's caches" set_debug 2
trace_begin
ins slabstat_sample
trace_end
alloc_traces 16
step "debug=0" set_debug 0
dump report /sys/kernel/debug/slabstat
ss_top once -o
ss_top quiesced -o -c
rm_mod slabstat_test
rm_mod slabstat_sample
[ "${TORTURE_SECONDS:-10}" = 0 ] || torture "${TORTURE_SECONDS:-10}" 3
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
