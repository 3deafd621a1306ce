# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest job for the no-debugfs boot of `make check` (the debug test kernel
# booted with debugfs=off): slabstat must load, say once in the log that
# the report is unavailable, serve a client and unload.  /init's mount of
# debugfs fails here, so there is no report and no KUnit results (those
# are read from debugfs); the host judges the steps, splats and taint.
. /lib/slabstat.sh

dump "tainted boot" /proc/sys/kernel/tainted
step "debugfs is off" sh -c '! grep -qw debugfs /proc/filesystems'
ins slabstat || exit 1
step "the log says the report is unavailable" \
	sh -c 'dmesg | grep -q "slabstat: debugfs unavailable"'
step "no report file" sh -c '[ ! -e /sys/kernel/debug/slabstat ]'
# The sample creates caches and churns them on every CPU at load.
ins slabstat_sample iterations=2000
step "the sample allocated" \
	sh -c 'dmesg | grep -q "slabstat_sample: churned .* [1-9][0-9]* operations"'
rm_mod slabstat_sample
rm_mod slabstat
dump "tainted end" /proc/sys/kernel/tainted
