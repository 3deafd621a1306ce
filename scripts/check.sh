#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make check`: the slabstat tests.
#
#  1. build (or reuse) the two test kernels          scripts/test-kernel.sh
#     debug: PREEMPT, KASAN, lockdep (PROVE_RAW_LOCK_NESTING), kmemleak
#     rt:    PREEMPT_RT, lockdep (PROVE_RAW_LOCK_NESTING), atomic-sleep
#  2. build the modules against each with SLABSTAT_TEST=y SLABSTAT_WERROR=y
#  3. checkpatch --strict and sparse                  scripts/checkpatch.sh,
#                                                     scripts/sparse.sh
#     W=1 builds against the Debian kernels we claim  scripts/kernels.sh
#     dkms add/build/install into a scratch tree      scripts/dkms.sh test
#  4. boots, each judged the same way (below):
#     check     debug kernel: slabstat.ko, slabstat_test.ko (KUnit runs
#               during its insmod), each suite's KTAP from debugfs, the
#               sample client, the report, a short torture, unload, taint
#                                                     scripts/guest/check.sh
#     check-rt  the same on the rt kernel
#     nodebugfs debug kernel with debugfs=off: slabstat loads, says the
#               report is unavailable, serves the sample client, unloads
#                                                     scripts/guest/nodebugfs.sh
#     kmemleak  debug kernel with kmemleak=on: the leak probe, then the same
#               modules and suites, unload, scan twice, read the suspects
#                                                     scripts/guest/kmemleak.sh
#  5. judge every boot: each suite's KTAP parsed by the kernel's kunit.py
#     (every expected suite must report), guest steps, the report, the
#     torture, splats anywhere in the console, taint; then the leak probe
#     and the kmemleak report of the kmemleak boot.
#
# The last line is "N passed, N failed": KUnit test cases of every boot plus
# the harness checks listed just above it (builds, checkpatch, sparse, one
# per kernel flavour, dkms, and per boot: boot, suites, steps, splats,
# taint, report, torture (the nodebugfs boot: boot, steps, splats, taint);
# leakprobe, kmemleak), each counted once.  Skipped KUnit
# cases are reported but not counted.  Exit status 0 only if nothing failed.
#
# Environment (the Makefile maps SUITE=, TIMEOUT=, KMEMLEAK=, REBUILD=,
# KERNELS=):
#   SLABSTAT_SUITE     KUnit filter glob ("suite" or "suite.case")
#   SLABSTAT_TIMEOUT   time limit of each boot in seconds (default 1200)
#   SLABSTAT_KERNELS   the test kernels to use (default "debug rt")
#   SLABSTAT_KMEMLEAK  0 to skip the kmemleak boot
#   SLABSTAT_RANGE     0 to skip the kernel-range builds and the DKMS step
#   SLABSTAT_LEAK_TESTS  0 to leave the KUnit module out of the kmemleak boot
#   SLABSTAT_TORTURE_SECONDS  length of the short torture (default 10; 0: none)
set -eu
. "$(dirname "$0")/lib.sh"
. "$SS_SCRIPTS/console.sh"

suite_glob=${SLABSTAT_SUITE:-}
timeout=${SLABSTAT_TIMEOUT:-1200}
kmemleak=${SLABSTAT_KMEMLEAK:-1}
[ -n "$kmemleak" ] || kmemleak=1
logs=$SS_BUILD/logs
ktapdir=$logs/ktap
mkdir -p "$logs"
start=$(now)

# --- bookkeeping -------------------------------------------------------------
# Harness checks: "PASS|FAIL|SKIP<TAB>name<TAB>detail", printed at the end.
items=()
k_pass=0 k_fail=0 k_skip=0
pass() { items+=("PASS	$1	$2"); }
skip() { items+=("SKIP	$1	$2"); }
# fail NAME REASON: record a failed check and say why right away.
fail() {
	items+=("FAIL	$1	$2")
	say "FAIL: $2"
}

summary() {
	local i st name detail np=0 nf=0
	echo
	echo "=== slabstat check summary ($(elapsed "$start")) ==="
	for i in "${items[@]}"; do
		IFS='	' read -r st name detail <<<"$i"
		printf '%-4s  %-10s %s\n' "$st" "$name" "$detail"
		case $st in
		PASS) np=$((np + 1)) ;;
		FAIL) nf=$((nf + 1)) ;;
		esac
	done
	echo "KUnit: $k_pass passed, $k_fail failed, $k_skip skipped (skipped not counted)"
	echo "counted: $((k_pass + k_fail)) KUnit test cases + $((np + nf)) harness checks"
	echo "$((k_pass + np)) passed, $((k_fail + nf)) failed"
	[ $((k_fail + nf)) = 0 ]
}

# --- 1. kernels, 2. modules -------------------------------------------------
"$SS_SCRIPTS/deps.sh"
kernels=${SLABSTAT_KERNELS:-debug rt}
declare -A kdir kimage ksrc kkos
for v in $kernels; do
	case $v in debug | rt) ;; *) die "SLABSTAT_KERNELS: unknown kernel $v (debug, rt)" ;; esac
	kdir[$v]=$("$SS_SCRIPTS/test-kernel.sh" "$v") || die "cannot build the $v test kernel"
	kimage[$v]=${kdir[$v]}/arch/x86/boot/bzImage
	if ksrc[$v]=$("$SS_SCRIPTS/build-modules.sh" "check-$v" "${kdir[$v]}" \
		SLABSTAT_TEST=y SLABSTAT_WERROR=y); then
		pass "build:$v" "modules built with SLABSTAT_TEST=y SLABSTAT_WERROR=y"
	else
		fail "build:$v" "module build failed against the $v kernel (SLABSTAT_TEST=y SLABSTAT_WERROR=y), see above"
		summary
		exit 1
	fi
	# The guest jobs load these three; any other module the build
	# produced is packed too, for guest scripts that want it.
	src=${ksrc[$v]}
	kos=("$src/slabstat/slabstat.ko" "$src/kunit/slabstat_test.ko" "$src/samples/slabstat_sample.ko")
	for ko in "${kos[@]}"; do
		[ -e "$ko" ] || { fail "build:$v" "build produced no $(basename "$ko")"; summary; exit 1; }
	done
	while IFS= read -r ko; do
		case " ${kos[*]} " in *" $ko "*) ;; *) kos+=("$ko") ;; esac
	done < <(find "$src" -name '*.ko' | LC_ALL=C sort)
	kkos[$v]="${kos[*]}"
done
first=${kernels%% *}
srcdir=$(readlink -f "${kdir[$first]}/source")

# tools/slabstat-top, static, into every boot's /bin (scripts/guest/check.sh
# runs it).  Always rebuilt (-B): a binary left by a plain `make tools` was
# not built with -Werror.
tool_bins=()
if make -s -B -C "$SS_ROOT" tools EXTRA_CFLAGS=-Werror >&2; then
	pass build:tools "tools/slabstat-top built (static, -Wall -Wextra -Werror)"
	tool_bins=(--bin "$SS_ROOT/tools/slabstat-top/slabstat-top")
else
	fail build:tools "make tools failed (above)"
fi

# --- 3. static checks ------------------------------------------------------------
if "$SS_SCRIPTS/checkpatch.sh"; then
	pass checkpatch "checkpatch.pl --strict: clean"
else
	fail checkpatch "checkpatch.pl --strict reported issues (above)"
fi
if "$SS_SCRIPTS/sparse.sh"; then
	pass sparse "make C=2 CHECK=sparse: clean"
else
	fail sparse "sparse reported warnings (above; log: $logs/sparse.log)"
fi

# --- 3b. kernel range, DKMS: scripts/kernels.sh, scripts/dkms.sh test -------------
# Each prints "PASS|FAIL|SKIP<TAB>name<TAB>detail" lines on stdout.
# SLABSTAT_RANGE=0 (RANGE=0) skips both, for quick runs while developing.
range_steps=("kernels.sh" "dkms.sh test")
if [ "${SLABSTAT_RANGE:-1}" = 0 ]; then
	range_steps=()
	skip range "RANGE=0: no kernel-range builds, no DKMS"
fi
for step in "${range_steps[@]}"; do
	rc=0
	# shellcheck disable=SC2086 # the step's arguments
	out=$("$SS_SCRIPTS"/$step) || rc=$?
	while IFS='	' read -r st name detail; do
		case $st in
		PASS) pass "$name" "$detail" ;;
		FAIL) fail "$name" "$detail" ;;
		SKIP) skip "$name" "$detail" ;;
		esac
	done <<<"$out"
	if [ "$rc" != 0 ] && ! grep -q '^FAIL' <<<"$out"; then
		fail "${step%%.sh*}" "scripts/$step failed (status $rc), see above"
	fi
done

# --- 4. boots -------------------------------------------------------------------------
append=
[ -z "$suite_glob" ] || append="kunit.filter_glob=$suite_glob"

# boot JOB KERNEL GUEST-SCRIPT EXTRA-APPEND [ENV...]: boot once, record the
# verdict.  Status 1 if the guest did not finish.
boot() {
	local job=$1 v=$2 guest=$3 extra=$4 rc=0 envs=() kos
	shift 4
	for e in "$@"; do envs+=(--env "$e"); done
	read -r -a kos <<<"${kkos[$v]}"
	rm -f "$logs/$job.log"	# no stale logs
	"$SS_SCRIPTS/run-qemu.sh" --job "$job" --kernel "${kimage[$v]}" \
		--guest "$SS_SCRIPTS/guest/$guest" --timeout "$timeout" \
		--append "$append $extra" "${envs[@]}" "${tool_bins[@]}" \
		-- "${kos[@]}" || rc=$?
	case $rc in
	0) pass "boot:$job" "guest finished ($logs/$job.log)"; return 0 ;;
	2) fail "boot:$job" "TIMEOUT: guest did not finish within $timeout s (log: $logs/$job.log)" ;;
	3) fail "boot:$job" "guest died before finishing its job: panic or crash (log: $logs/$job.log)" ;;
	*) fail "boot:$job" "could not run QEMU (status $rc)" ;;
	esac
	return 1
}

# The suites we expect: every `struct kunit_suite x = { .name = "..." }` in
# kunit/*.c, narrowed by the SUITE glob.
expected_suites() {
	local s
	cat "$SS_ROOT"/kunit/*.c 2>/dev/null | awk '
		/struct kunit_suite [A-Za-z0-9_]+ *= *\{/ { want = 1 }
		want && match($0, /\.name *= *"[^"]+"/) {
			s = substr($0, RSTART, RLENGTH)
			sub(/^[^"]*"/, "", s); sub(/"$/, "", s)
			print s; want = 0
		}' | while read -r s; do
		# shellcheck disable=SC2053 # glob match is the point
		[[ -z "$suite_glob" || $s == ${suite_glob%%.*} ]] && echo "$s"
	done
	return 0
}

kunit_py=$srcdir/tools/testing/kunit/kunit.py
# count NAME TEXT: the number after "NAME: " in kunit.py's summary, or 0.
count() { echo "$2" | sed -n "s/.*[ ,]$1: \([0-9]*\).*/\1/p" | tail -n 1 | grep . || echo 0; }

# judge_ktap JOB LOG: every expected suite reported in LOG, each parsed by
# kunit.py; its cases counted.
judge_ktap() {
	local job=$1 log=$2 s ktap parsed line p f c sk e bad cases missing=()
	local dir=$ktapdir/$job suites
	mkdir -p "$dir"
	mapfile -t suites < <(section_tags "$log" "ktap ")
	if [ "${#suites[@]}" = 0 ]; then
		fail "suites:$job" "no KUnit results at all: boot never reached the tests${suite_glob:+ (or SUITE=$suite_glob matches no suite)} (log: $log)"
		return
	fi
	for s in $(expected_suites); do
		printf '%s\n' "${suites[@]}" | grep -qxF "$s" || missing+=("$s")
	done
	if [ "${#missing[@]}" != 0 ]; then
		fail "suites:$job" "suite(s) with no results: ${missing[*]} (log: $log)"
	else
		pass "suites:$job" "${#suites[@]} suite(s) reported"
	fi
	for s in "${suites[@]}"; do
		ktap=$dir/$s.ktap
		parsed=$dir/$s.parsed
		section "$log" "ktap $s" >"$ktap"
		python3 "$kunit_py" parse "$(readlink -f "$ktap")" >"$parsed" 2>&1 || true
		line=$(grep 'Testing complete\.' "$parsed" | tail -n 1 || true)
		p=$(count passed "$line") f=$(count failed "$line")
		c=$(count crashed "$line") sk=$(count skipped "$line") e=$(count errors "$line")
		k_pass=$((k_pass + p)) k_skip=$((k_skip + sk))
		bad=$((f + c))
		if [ -z "$line" ]; then
			bad=$((bad + 1))
			say "FAIL: KUnit suite $s ($job): kunit.py could not parse its results ($parsed)"
		elif [ "$e" != 0 ] && [ "$bad" = 0 ]; then
			# A malformed or truncated document (crash in the middle
			# of the suite) with no failed case still fails once.
			bad=1
		fi
		k_fail=$((k_fail + bad))
		if [ "$bad" != 0 ]; then
			# kunit.py's view, with file names pointing into the work tree.
			sed "s|$ksrc_re/|$SS_ROOT/|g" "$parsed" >&2
			cases=$(sed -n 's/^\[[^]]*\] \[\(FAILED\|CRASHED\)\] \([^ ]*\)$/\2/p' "$parsed" |
				tr '\n' ' ')
			say "FAIL: KUnit suite $s ($job): $f failed, $c crashed, $e parse errors${cases:+: $cases}(KTAP: ${ktap#"$SS_ROOT/"})"
		else
			info "KUnit suite $s ($job): $p passed, $sk skipped"
		fi
	done
}

# judge_log JOB LOG: guest steps, splats and taint of one boot.
judge_log() {
	local job=$1 log=$2 st sp t bad_steps=() found=()
	while IFS= read -r st; do
		[ -n "$st" ] && bad_steps+=("$st")
	done <<<"$(failed_steps "$log")"
	if [ "${#bad_steps[@]}" = 0 ]; then
		pass "steps:$job" "every insmod/rmmod in the guest succeeded"
	else
		fail "steps:$job" "guest step(s) failed: $(printf '%s; ' "${bad_steps[@]}")(log: $log)"
	fi
	while IFS= read -r sp; do
		[ -n "$sp" ] && found+=("$sp")
	done <<<"$(splats "$log")"
	if [ "${#found[@]}" = 0 ]; then
		pass "splats:$job" "no splat in $log"
	else
		for sp in "${found[@]:0:20}"; do
			sp=${sp//"$ksrc_re/"/}
			say "FAIL: splat in console log: ${sp//"$SS_ROOT/"/}"
		done
		[ "${#found[@]}" -le 20 ] || say "FAIL: ... and $((${#found[@]} - 20)) more splat lines"
		sp=${found[0]//"$ksrc_re/"/}
		items+=("FAIL	splats:$job	${#found[@]} splat line(s), first: ${sp//"$SS_ROOT/"/}")
	fi
	if t=$(taint_verdict "$log"); then
		pass "taint:$job" "$t"
	else
		fail "taint:$job" "kernel tainted beyond O/E/N: $t (log: $log)"
	fi
}

# judge_report JOB LOG: the report the guest dumped says check: ok.
judge_report() {
	local job=$1 log=$2 second
	if ! has_section "$log" report; then
		fail "report:$job" "the guest printed no report (log: $log)"
		return
	fi
	second=$(section "$log" report | sed -n 2p)
	if [ "$second" = "check: ok" ]; then
		pass "report:$job" "report after the tests and the sample: check: ok"
	else
		section "$log" report >&2
		fail "report:$job" "report says \"$second\", want \"check: ok\" (log: $log)"
	fi
}

# top_exit LOG WHAT: the exit status slabstat-top had for "top WHAT", or "".
top_exit() {
	sed -n "s/^SLABSTAT:EXIT \([0-9]*\) top $2\$/\1/p" "$1" | tail -n 1
}

# top_vs_report REPORT TOP: compare slabstat-top's table (TOP, a file) with
# the report's cache table (REPORT, a file), by column name.  Every cache in
# both, the same allocs, frees, live and check.  Prints each difference;
# status 1 if any.
top_vs_report() {
	awk -v report="$1" '
		FILENAME == report && $1 == "#" && $2 == "name" {
			for (i = 2; i <= NF; i++) rcol[$i] = i - 1
			inr = 1; next
		}
		FILENAME == report && inr && NF == 0 { inr = 0 }
		FILENAME == report && inr {
			nr++; seen[$1] = 0
			r[$1, "allocs"] = $rcol["allocs"]; r[$1, "frees"] = $rcol["frees"]
			r[$1, "live"] = $rcol["live"]; r[$1, "check"] = $rcol["check"]
			next
		}
		FILENAME != report && $1 == "NAME" {
			for (i = 1; i <= NF; i++) tcol[$i] = i
			intop = 1; next
		}
		FILENAME != report && intop && (NF == 0 || $1 == "...") { intop = 0 }
		FILENAME != report && intop {
			nt++
			if (!($1 in seen)) { print "cache " $1 ": in slabstat-top, not in the report"; bad = 1; next }
			seen[$1] = 1
			split("allocs frees live check", cols, " ")
			for (k = 1; k <= 4; k++) {
				c = cols[k]; v = $tcol[toupper(c)]
				if (v != r[$1, c]) {
					print "cache " $1 ": " c " " v " in slabstat-top, " r[$1, c] " in the report"
					bad = 1
				}
			}
		}
		END {
			for (n in seen)
				if (!seen[n]) { print "cache " n ": in the report, not in slabstat-top"; bad = 1 }
			if (!nr) { print "no cache rows in the report"; bad = 1 }
			if (!nt) { print "no cache rows in slabstat-top -o"; bad = 1 }
			exit bad
		}' "$1" "$2"
}

# judge_top JOB LOG: tools/slabstat-top in the guest.  "top once" (-o, read
# right after the report, nothing running) lists every cache of the report
# with the same allocs, frees, live and check; "top quiesced" (-o -c) says
# the check it ran was ok; the error paths exit 2 (debugfs not mounted) and
# 3 (slabstat not loaded), each with its message.
judge_top() {
	local job=$1 log=$2 rc out n t what want msg why=() d=$SS_BUILD/top/$1
	mkdir -p "$d"
	section "$log" report >"$d/report"
	section "$log" "top once" >"$d/once"
	rc=$(top_exit "$log" once)
	if [ "$rc" != 0 ]; then
		why+=("slabstat-top -o exited with status ${rc:-(not run)}: $(head -n 2 "$d/once" | tr '\n' ' ')")
	elif ! out=$(top_vs_report "$d/report" "$d/once"); then
		echo "$out" >&2
		why+=("slabstat-top -o and the report differ: $(echo "$out" | head -n 1)")
	fi
	section "$log" "top quiesced" >"$d/quiesced"
	rc=$(top_exit "$log" quiesced)
	if [ "$rc" != 0 ] || ! grep -qx 'quiesced check: ok' "$d/quiesced"; then
		why+=("slabstat-top -o -c: status ${rc:-(not run)}, want 0 and \"quiesced check: ok\"")
	fi
	if [ "${#why[@]}" = 0 ]; then
		n=$(awk '$1 == "NAME" { on = 1; next } on && NF' "$d/once" | wc -l)
		pass "top:$job" "slabstat-top -o equals the report: allocs, frees, live, check of $n caches; -c: check ok"
	else
		fail "top:$job" "$(printf '%s; ' "${why[@]}")(log: $log)"
	fi

	why=()
	for t in "nodebugfs 2 debugfs is not mounted" "nomodule 3 slabstat is not loaded"; do
		read -r what want msg <<<"$t"
		rc=$(top_exit "$log" "$what")
		out=$(section "$log" "top $what")
		if [ "$rc" != "$want" ] || ! grep -qF "$msg" <<<"$out"; then
			why+=("$what: status ${rc:-(not run)} (want $want), output \"$(head -n 1 <<<"$out")\" (want \"$msg\")")
		fi
	done
	if [ "${#why[@]}" = 0 ]; then
		pass "top-errors:$job" "slabstat-top: debugfs not mounted: status 2; slabstat not loaded: status 3"
	else
		fail "top-errors:$job" "$(printf '%s; ' "${why[@]}")(log: $log)"
	fi
}

# judge_torture JOB LOG
judge_torture() {
	local t
	if [ "$torture_secs" = 0 ]; then
		skip "torture:$1" "TORTURE_SECONDS=0"
	elif t=$(torture_verdict "$2"); then
		pass "torture:$1" "$torture_secs s: $t"
	else
		fail "torture:$1" "torture: $t (log: $2)"
	fi
}

rm -rf "$ktapdir"
torture_secs=${SLABSTAT_TORTURE_SECONDS:-10}
ksrc_re=$SS_BUILD/check-[a-z]*/src
any_failed=0
for v in $kernels; do
	job=check
	[ "$v" = debug ] || job=check-$v
	ksrc_re=${ksrc[$v]}
	# The debug boot has memory above QEMU's PCI hole (3 to 4 GiB): frees
	# into a hole of the memory map are tested (ss_bad_memory_hole).
	mem=2G
	[ "$v" = debug ] && mem=4G
	if SLABSTAT_MEM=${SLABSTAT_MEM:-$mem} \
		boot "$job" "$v" check.sh "" "TORTURE_SECONDS=$torture_secs"; then
		:
	else
		any_failed=1
	fi
	log=$logs/$job.log
	[ -e "$log" ] || continue
	judge_ktap "$job" "$log"
	judge_log "$job" "$log"
	judge_report "$job" "$log"
	judge_top "$job" "$log"
	judge_torture "$job" "$log"
done

# Without debugfs (debugfs=off): no report and no KUnit results to read,
# so only the guest's steps (load, the log line, the sample's churn,
# unload), splats and taint are judged.
case " $kernels " in
*" debug "*)
	ksrc_re=${ksrc[debug]}
	boot nodebugfs debug nodebugfs.sh "debugfs=off" || true
	[ ! -e "$logs/nodebugfs.log" ] || judge_log nodebugfs "$logs/nodebugfs.log"
	;;
*) skip nodebugfs "the debug kernel is not in SLABSTAT_KERNELS" ;;
esac

leaklog=$logs/kmemleak.log
case " $kernels " in *" debug "*) ;; *) kmemleak=0 kmemleak_why="the debug kernel is not in SLABSTAT_KERNELS" ;; esac
if [ "$kmemleak" != 0 ] && [ "$any_failed" = 1 ]; then
	# A hang or crash would most likely repeat: do not wait for it twice.
	kmemleak=0
	kmemleak_why="not run: a check boot failed"
fi
if [ "$kmemleak" != 0 ]; then
	ksrc_re=${ksrc[debug]}
	boot kmemleak debug kmemleak.sh "kmemleak=on" "LEAK_TESTS=${SLABSTAT_LEAK_TESTS:-1}" || true
	if [ -e "$leaklog" ]; then
		[ "${SLABSTAT_LEAK_TESTS:-1}" = 0 ] || judge_ktap kmemleak "$leaklog"
		judge_log kmemleak "$leaklog"
		judge_report kmemleak "$leaklog"
	fi
fi

# --- judge: the kmemleak probe ------------------------------------------------
# slabstat_leakprobe printed the addresses of 32 slabstat objects nobody
# references and of 8 live ones, each the only reference to a kmalloc block.
# The scan after it must report at least half of the first (kmemleak can
# miss some: a stale copy of an address on a stack or in a per-CPU area
# counts as a reference) and none of the others.
if [ "$kmemleak" = 0 ]; then
	skip leakprobe "${kmemleak_why:-KMEMLEAK=0}"
elif [ ! -e "$leaklog" ]; then
	fail leakprobe "the kmemleak boot left no log"
else
	rep=$(section "$leaklog" "kmemleak probe")
	mapfile -t orphans < <(grep -o 'slabstat_leakprobe: probe: unreferenced 0x[0-9a-f]*' "$leaklog" | awk '{ print $4 }')
	mapfile -t refd < <(grep -o 'slabstat_leakprobe: probe: referenced 0x[0-9a-f]* 0x[0-9a-f]*' "$leaklog" | awk '{ print $4; print $5 }')
	found=0 wrong=0
	for a in "${orphans[@]}"; do
		grep -q "unreferenced object $a " <<<"$rep" && found=$((found + 1))
	done
	for a in "${refd[@]}"; do
		grep -q "unreferenced object $a " <<<"$rep" && wrong=$((wrong + 1))
	done
	if [ "${#orphans[@]}" = 0 ] || [ "${#refd[@]}" = 0 ]; then
		fail leakprobe "the leak probe printed no addresses (log: $leaklog)"
	elif [ "$wrong" != 0 ]; then
		fail leakprobe "kmemleak reported $wrong object(s) a live slabstat object references, or that object (log: $leaklog)"
	elif [ $((found * 2)) -lt "${#orphans[@]}" ]; then
		fail leakprobe "kmemleak reported only $found of ${#orphans[@]} unreferenced slabstat objects (log: $leaklog)"
	else
		pass leakprobe "kmemleak reported $found of ${#orphans[@]} unreferenced slabstat objects and none of ${#refd[@]} referenced"
	fi
fi

# --- judge: kmemleak ------------------------------------------------------------------
if [ "$kmemleak" = 0 ]; then
	skip kmemleak "${kmemleak_why:-KMEMLEAK=0}"
elif ! has_section "$leaklog" kmemleak; then
	fail kmemleak "the kmemleak boot printed no kmemleak report (log: $leaklog)"
else
	leaks=$(section "$leaklog" kmemleak)
	if [ -z "$(echo "$leaks" | tr -d '[:space:]')" ]; then
		pass kmemleak "no suspected leaks after unload"
	else
		echo "$leaks" | head -n 60 >&2
		n=$(echo "$leaks" | grep -c '^unreferenced object' || true)
		fail kmemleak "kmemleak suspects $n leaked object(s) (log: $leaklog)"
	fi
fi

summary
