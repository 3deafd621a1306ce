# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=sh
#
# Guest-side helpers (busybox sh), installed as /lib/slabstat.sh.
#
# The console protocol: every line the host looks for starts with
# "SLABSTAT:" so that it cannot be confused with kernel messages:
#
#   SLABSTAT:BOOTED <release> cpus=<n>   userspace is up
#   SLABSTAT:STEP <description>           a step begins
#   SLABSTAT:RC <rc> <description>        a step ended with exit status <rc>
#   SLABSTAT:BEGIN <tag>                  a captured document begins ...
#   SLABSTAT:END <tag>                    ... and ends
#   SLABSTAT:EXIT <rc> <tag>              exit status of the program whose
#                                         output is the document <tag>
#   SLABSTAT:DONE rc=<rc>                 the job script finished
#
# Captured documents are the slabstat report (tag "report"), each KUnit
# suite's results (tag "ktap <suite>"), /proc/sys/kernel/tainted (tag
# "tainted <when>"), the kmemleak report (tag "kmemleak") and the output of
# tools/slabstat-top (tag "top <what>", see ss_top).

mark() {
	echo "SLABSTAT:$*"
}

# step DESCRIPTION COMMAND [ARG...]: run a command as a numbered step.
step() {
	_desc=$1
	shift
	mark "STEP $_desc"
	"$@"
	_rc=$?
	mark "RC $_rc $_desc"
	return $_rc
}

# dump TAG FILE: print a file between marker lines.  awk ends the last
# line with a newline even if the file does not.
dump() {
	mark "BEGIN $1"
	awk '{ print }' "$2"
	mark "END $1"
}

# ss_top WHAT [ARG...]: run slabstat-top (packed into /bin by the host)
# with ARGs; its output, stdout and stderr, is the document "top WHAT" and
# its exit status the line "SLABSTAT:EXIT <rc> top WHAT".  Not a step: the
# host judges the status, which is non-zero on purpose for the error paths.
ss_top() {
	_what=$1
	shift
	slabstat-top "$@" >/tmp/top.out 2>&1
	_rc=$?
	dump "top $_what" /tmp/top.out
	mark "EXIT $_rc top $_what"
}

# ins MODULE [PARAM...]: insmod one of the modules the host packed.
ins() {
	_m=$1
	shift
	step "insmod $_m.ko" insmod "/modules/$_m.ko" "$@"
}

# rm_mod MODULE: unload a module if it is loaded.
rm_mod() {
	if grep -q "^$1 " /proc/modules; then
		step "rmmod $1" rmmod "$1"
	fi
}

# ins_kunit MODULE [PARAM...]: insmod a KUnit test module (its suites run
# during the insmod) and dump the KTAP results of every suite it added, from
# /sys/kernel/debug/kunit/<suite>/results, as "ktap <suite>" documents.
ins_kunit() {
	_kunit=/sys/kernel/debug/kunit
	ls "$_kunit" >/tmp/suites.before 2>/dev/null
	ins "$@"
	for _dir in "$_kunit"/*; do
		[ -e "$_dir/results" ] || continue
		_suite=${_dir##*/}
		grep -qxF "$_suite" /tmp/suites.before && continue
		dump "ktap $_suite" "$_dir/results"
	done
}

# torture SECONDS FAULT_PCT: the torture run, with slabstat loaded.
#
# Sets up what the torture module cannot do itself: fault injection at
# FAULT_PCT percent on slabstat's slab pages and magazines, memory pressure
# (a tmpfs hog and drop_caches in a loop) and a reader of the report in a
# loop; then loads slabstat_torture.ko, which runs for SECONDS and prints
# "slabstat_torture: result: ... errors=N".  The reader prints
# "SLABSTAT:READER reads=N bad=N"; the report afterwards is dumped as
# "report torture".  The host requires errors=0, bad=0 and check: ok.
torture() {
	_secs=$1
	_pct=$2
	mkdir -p /hog
	mount -t tmpfs -o size=50% tmpfs /hog
	rm -f /tmp/torture.stop
	(
		while [ ! -e /tmp/torture.stop ]; do
			# Fill up to 400 MiB in 16 MiB steps, so the hog
			# notices the stop file soon.
			_i=0
			while [ "$_i" -lt 25 ] && [ ! -e /tmp/torture.stop ]; do
				head -c 16m /dev/zero >>/hog/fill 2>/dev/null
				_i=$((_i + 1))
			done
			rm -f /hog/fill
			echo 2 >/proc/sys/vm/drop_caches
		done
	) &
	_hog=$!
	(
		_n=0
		_bad=0
		while [ ! -e /tmp/torture.stop ]; do
			_l=$(head -n 2 /sys/kernel/debug/slabstat | tail -n 1)
			if [ "$_l" != "check: ok" ]; then
				_bad=$((_bad + 1))
				echo "reader saw: $_l"
			fi
			_n=$((_n + 1))
		done
		mark "READER reads=$_n bad=$_bad"
	) &
	_reader=$!

	torture_faults "$_pct"
	ins slabstat_torture duration_s="$_secs"
	torture_faults 0
	touch /tmp/torture.stop
	wait "$_hog"
	wait "$_reader"
	umount /hog
	dump "report torture" /sys/kernel/debug/slabstat
	rm_mod slabstat_torture
}

# torture_faults PCT: fail PCT percent of slabstat's page and magazine
# allocations (quietly), or none with 0.
torture_faults() {
	for _a in fail_slabstat_page fail_slabstat_magazine; do
		_d=/sys/kernel/debug/$_a
		[ -d "$_d" ] || continue
		echo 0 >"$_d/verbose"
		echo 1 >"$_d/interval"
		echo -1 >"$_d/times"
		echo "$1" >"$_d/probability"
	done
}

# The trace events, through tracefs as a user would (Documentation/
# observability.rst): trace_begin before a workload, trace_end after it.
SS_TRACE=/sys/kernel/tracing

# trace_begin: mount tracefs, make the ring buffers large enough for the
# sample client's churn (8 MiB a CPU), clear them and enable every
# slabstat event.  A step.
trace_begin() {
	step "tracefs: enable events/slabstat" trace_enable
}

trace_enable() {
	[ -e "$SS_TRACE/trace" ] || mount -t tracefs nodev "$SS_TRACE" ||
		return 1
	echo 8192 >"$SS_TRACE/buffer_size_kb" &&
		echo >"$SS_TRACE/trace" &&
		echo 1 >"$SS_TRACE/events/slabstat/enable"
}

# trace_end: disable the events; the step "trace: events match the
# statistics" requires, for every cache in slabstat_caches, as many alloc
# and free events naming it as its allocs and frees (caches created while
# tracing, so counted from zero), and no event lost; the document "trace
# counts" shows the comparison and "trace lines" a few events of each kind.
trace_end() {
	echo 0 >"$SS_TRACE/events/slabstat/enable"
	step "trace: events match the statistics" trace_match
	dump "trace counts" /tmp/trace.counts
	awk '!/^#/ && match($0, / [a-z_]+: cache=/) {
		ev = substr($0, RSTART + 1, RLENGTH - 8)
		if (shown[ev]++ < 2) print
	}' "$SS_TRACE/trace" >/tmp/trace.lines
	dump "trace lines" /tmp/trace.lines
}

# Count alloc and free events per cache name and compare them with
# slabstat_caches (name objsize allocs frees ...).  Status 1 on any
# difference, on lost events, or when no cache was compared.
trace_match() {
	awk '
	FNR == NR {
		if (/^#/) {
			if (match($0, /entries-in-buffer\/entries-written: [0-9]+\/[0-9]+/)) {
				split(substr($0, RSTART + 35, RLENGTH - 35), e, "/")
				lost = e[2] - e[1]
			}
			next
		}
		if (match($0, / (alloc|free): cache=[^ ]+ /)) {
			s = substr($0, RSTART + 1, RLENGTH - 2)
			split(s, f, ": cache=")
			n[f[2], f[1]]++
		}
		next
	}
	/^#/ { next }
	{
		a = n[$1, "alloc"] + 0
		f = n[$1, "free"] + 0
		ok = (a == $3 && f == $4) ? "ok" : "MISMATCH"
		if (ok != "ok")
			bad++
		seen++
		printf "%s alloc_events=%d allocs=%s free_events=%d frees=%s %s\n",
		       $1, a, $3, f, $4, ok
	}
	END {
		printf "caches=%d mismatches=%d lost_events=%d\n", seen, bad, lost
		exit (bad || lost || !seen)
	}' "$SS_TRACE/trace" /sys/kernel/debug/slabstat_caches >/tmp/trace.counts
}

# set_debug MASK: the module parameter debug (1 poison and red zones, 2
# call sites, 3 both) for the caches created from now on.
set_debug() {
	echo "$1" >/sys/module/slabstat/parameters/debug
}

# alloc_traces KEEP: dump /sys/kernel/debug/slabstat_alloc_traces as the
# document "alloc traces"; the step requires every sample-* cache in it with
# KEEP live objects in all (summed over its call sites).
alloc_traces() {
	dump "alloc traces" /sys/kernel/debug/slabstat_alloc_traces
	step "alloc traces: $1 live objects per sample cache" awk -v keep="$1" '
	/^#/ { next }
	$1 ~ /^sample-/ { n[$1] += $2 }
	END {
		for (c in n) {
			seen++
			if (n[c] != keep) {
				printf "%s: %d live objects, want %d\n", c, n[c], keep
				bad++
			}
		}
		exit (bad || seen != 4)
	}' /sys/kernel/debug/slabstat_alloc_traces
}
