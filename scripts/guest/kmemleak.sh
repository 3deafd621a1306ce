# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for the kmemleak boot of `make check` (kernel booted with
# kmemleak=on).  Forget everything allocated during boot, run the modules
# (the KUnit suites too unless the host set LEAK_TESTS=0), unload them, then
# scan twice and dump what kmemleak suspects.  The suites' KTAP is dumped
# and judged as in the other boots.
#
# Before that, the leak probe: slabstat_leakprobe.ko leaves one slabstat
# object unreferenced and one kmalloc block referenced only from inside
# another slabstat object, and prints their addresses.  After kmemleak's
# minimum object age, a scan must report the first and not the second
# (the host checks the "kmemleak probe" document); unloading the probe
# frees both, so the final scan is clean.
. /lib/slabstat.sh

leak=/sys/kernel/debug/kmemleak
if [ ! -e "$leak" ]; then
	mark "ERROR kmemleak is not enabled ($leak missing)"
	exit 1
fi
echo clear >"$leak"

ins slabstat || exit 1

ins slabstat_leakprobe
sleep 6
# Two scans: an object whose checksum changed since the last scan (a new
# one has none yet) is only reported by the next one.
step "kmemleak probe scan 1" sh -c "echo scan >$leak"
step "kmemleak probe scan 2" sh -c "echo scan >$leak"
dump "kmemleak probe" "$leak"
rm_mod slabstat_leakprobe
[ "${LEAK_TESTS:-1}" = 1 ] && ins_kunit slabstat_test
# Coverage, not load: every object is a kmemleak object here, which costs
# ~100x; the first boot already churned 20000 operations per CPU per cache.
ins slabstat_sample iterations=1000
dump report /sys/kernel/debug/slabstat
rm_mod slabstat_test
rm_mod slabstat_sample
rm_mod slabstat

# kmemleak ignores objects younger than 5 s, and an object must stay
# unreferenced over a full scan before it is reported.
sleep 6
step "kmemleak scan 1" sh -c "echo scan >$leak"
step "kmemleak scan 2" sh -c "echo scan >$leak"
dump kmemleak "$leak"
dump "tainted end" /proc/sys/kernel/tainted
