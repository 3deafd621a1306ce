# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for `make bench` (stock Debian kernel, see scripts/bench.sh and
# Documentation/benchmarks.rst).  Each phase loads a slabstat.ko and the
# benchmark module fresh; insmod of the benchmark runs the tests, then its
# results file is printed between "SLABSTAT:BEGIN bench <phase>" and
# "SLABSTAT:END bench <phase>".
#
#   main      slabstat.ko (statistics on), every test
#   tax-on1   slabstat.ko, pair and batch100 only        (stats_tax)
#   tax-off   the SLABSTAT_NO_STATS=y build, the same    (stats_tax)
#   tax-on2   slabstat.ko again, the same: shows drift   (stats_tax)
#
# Environment from the host: SSB_REPS, SSB_OPS, SSB_TESTS (main phase),
# SSB_TAX (0 skips the stats_tax phases), SSB_TAX_REPS (repetitions of the
# stats_tax phases, default 21: they compare phases run apart, so they
# need a steadier median than the main phase).
. /lib/slabstat.sh
. /etc/slabstat.env

params="reps=${SSB_REPS:-9} ops=${SSB_OPS:-100000}"

# phase TAG SLABSTAT-MODULE BENCH-MODULE [BENCH-PARAM...]
phase() {
	_tag=$1
	_ss=$2
	_bench=$3
	shift 3
	rm_mod slabstat_bench
	rm_mod slabstat
	ins "$_ss" || return 1
	# shellcheck disable=SC2086 # $params is a list of words
	if ins "$_bench" label="$_tag" $params "$@"; then
		dump "bench $_tag" /sys/kernel/debug/slabstat_bench
	fi
	[ "$_tag" = main ] && dump report /sys/kernel/debug/slabstat
	rm_mod slabstat_bench
	rm_mod slabstat
}

dump "tainted boot" /proc/sys/kernel/tainted
dump cmdline /proc/cmdline
# SLUB's fast path is cmpxchg16b when the CPU has it (flag cx16).
grep -m 2 -E '^(model name|flags)' /proc/cpuinfo >/tmp/cpu
dump cpu /tmp/cpu

phase main slabstat slabstat_bench tests="${SSB_TESTS:-all}"
if [ "${SSB_TAX:-1}" != 0 ]; then
	tax="tests=pair,batch100 reps=${SSB_TAX_REPS:-21}"
	# shellcheck disable=SC2086 # $tax is a list of words
	phase tax-on1 slabstat slabstat_bench $tax
	# shellcheck disable=SC2086
	phase tax-off slabstat_nostats slabstat_bench_nostats $tax
	# shellcheck disable=SC2086
	phase tax-on2 slabstat slabstat_bench $tax
fi
dump "tainted end" /proc/sys/kernel/tainted
