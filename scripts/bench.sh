#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make bench`: slabstat against the kernel's kmem_cache, side by side in one
# kernel (Documentation/benchmarks.rst).  Builds the modules twice against
# Debian's stock 6.12 headers (normal, and SLABSTAT_NO_STATS=y for the
# stats_tax phase), then boots the stock kernel in QEMU with 4 vCPUs and
# slab_nomerge three times:
#
#   ioa1    init_on_alloc=1 (Debian's default): every test, stats_tax,
#           check_read
#   ioa0    init_on_alloc=0: the same
#   insns   init_on_alloc=1 under `-icount shift=0`: one guest instruction
#           is one virtual nanosecond, so the single-CPU tests report
#           instructions per object, exactly and without host noise, and
#           check_read the guest's own work in its pauses (the boot that
#           judges the pause targets, Documentation/benchmarks.rst)
#
# Writes $SLABSTAT_BUILD/bench/results.json, results.md (the tables, also
# printed) and bench-ratios.png; the console logs are
# $SLABSTAT_BUILD/logs/bench-*.log.  The module builds are in
# $SLABSTAT_BUILD/bench/src and $SLABSTAT_BUILD/bench-nostats/src.  Exits non-zero if a boot or a guest
# step failed or the kernel complained; missed performance targets are
# reported, not failed.
#
# Environment:
#   SLABSTAT_BENCH_REPS    repetitions per side (default 9, at least 5)
#   SLABSTAT_BENCH_OPS     objects per measurement (default 100000)
#   SLABSTAT_BENCH_TESTS   tests of the main phase (default all); the insns
#                          boot runs those of them it can (see $single)
#   SLABSTAT_BENCH_ICOUNT  0 skips the instruction-count boot
#   SLABSTAT_BENCH_TAX     0 skips the stats_tax phases
#   SLABSTAT_BENCH_TAX_REPS  repetitions in the stats_tax phases (default 21)
#   SLABSTAT_BENCH_BUDGET  hard limit for all boots together, seconds
#                          (default 840); each boot gets what is left
# plus what scripts/run-qemu.sh and scripts/stock-kernel.sh honour.
set -eu
. "$(dirname "$0")/lib.sh"
. "$SS_SCRIPTS/console.sh"

start=$(now)
budget=${SLABSTAT_BENCH_BUDGET:-840}
reps=${SLABSTAT_BENCH_REPS:-9}
ops=${SLABSTAT_BENCH_OPS:-100000}
tests=${SLABSTAT_BENCH_TESTS:-all}
out=$SS_BUILD/bench

# gnuplot only for the benchmark: `make check` does not need it.
"$SS_SCRIPTS/deps.sh" --bench
stock_kernel

src=$("$SS_SCRIPTS/build-modules.sh" bench "$KDIR")
nostats=$("$SS_SCRIPTS/build-modules.sh" bench-nostats "$KDIR" SLABSTAT_NO_STATS=y)

# $out/src is build-modules.sh's copy: remove only this script's output.
rm -rf "$out/ko" "$out/ioa1" "$out/ioa0" "$out/insns" "$out/results.json" \
	"$out/results.md" "$out/ratios.dat" "$out/bench-ratios.png"
mkdir -p "$out/ko"
# The initramfs keeps one file per name: the no-stats pair gets its own.
cp "$nostats/slabstat/slabstat.ko" "$out/ko/slabstat_nostats.ko"
cp "$nostats/bench/slabstat_bench.ko" "$out/ko/slabstat_bench_nostats.ko"
modules=("$src/slabstat/slabstat.ko" "$src/bench/slabstat_bench.ko"
	 "$out/ko/slabstat_nostats.ko" "$out/ko/slabstat_bench_nostats.ko")

# QEMU with -icount: run-qemu.sh starts "$SLABSTAT_QEMU" with its usual
# arguments; this wrapper makes TCG single-threaded (icount requires it)
# and counts instructions.
cat >"$out/qemu-icount" <<EOF
#!/bin/bash
args=()
for a in "\$@"; do
	[ "\$a" = tcg,thread=multi ] && a=tcg,thread=single
	args+=("\$a")
done
exec ${SLABSTAT_QEMU:-qemu-system-x86_64} -icount shift=0,sleep=off "\${args[@]}"
EOF
chmod +x "$out/qemu-icount"

fail=0
boots=()
# boot NAME TIMEOUT-SHARE KERNEL-ARGS [--env K=V]...: one boot; its failures
# are reported with FAIL and fail the run, or with SOFT_FAIL=1 reported as
# notes and returned (status 1) for the caller to retry.
boot() {
	local name=$1 want=$2 append=$3 left rc=0 log bad=0 what=FAIL problems p
	shift 3
	[ "${SOFT_FAIL:-0}" = 1 ] && what=note
	left=$(( budget - ($(now) - start) ))
	if [ "$left" -lt 60 ]; then
		say "FAIL: no time left for the $name boot (budget ${budget}s)"
		fail=1
		return 1
	fi
	[ "$want" -le "$left" ] || want=$left
	"$SS_SCRIPTS/run-qemu.sh" --job "bench-$name" --kernel "$KERNEL" \
		--guest "$SS_SCRIPTS/guest/bench.sh" --timeout "$want" \
		--append "slab_nomerge $append" \
		--env "SSB_REPS=$reps" --env "SSB_OPS=$ops" \
		--env "SSB_TAX_REPS=${SLABSTAT_BENCH_TAX_REPS:-21}" "$@" \
		-- "${modules[@]}" || rc=$?
	log=$SS_BUILD/logs/bench-$name.log
	[ "$rc" = 0 ] || bad=1
	mkdir -p "$out/$name"
	for tag in main tax-on1 tax-off tax-on2; do
		section "$log" "bench $tag" >"$out/$name/$tag.txt"
		[ -s "$out/$name/$tag.txt" ] || rm -f "$out/$name/$tag.txt"
	done
	section "$log" cpu >"$out/$name/cpu.txt"
	if ! problems=$(log_problems "$log"); then
		while IFS= read -r p; do say "$what: $name: $p"; done <<<"$problems"
		bad=1
	fi
	if grep -q "clocksource .tsc. as unstable" "$log"; then
		say "note: $name: the guest marked the TSC unstable; timings are suspect"
	fi
	if [ "$bad" = 1 ] && [ "$what" = note ]; then
		return 1
	fi
	[ "$bad" = 0 ] || fail=1
	boots+=("$name")
}

# The insns boot: the tests whose figure is one CPU's own work.  check_read
# times the machine-wide stop and the audit; under -icount that is the
# instructions the guest executes in them, all vCPUs together.
single="pair,batch10,batch100,batch1000,shuffle1000,bulk64,prims,check_read"
if [ "$tests" != all ]; then
	pick=
	for t in ${single//,/ }; do
		case ",$tests," in *",$t,"*) pick=$pick${pick:+,}$t ;; esac
	done
	single=$pick
fi
tax=${SLABSTAT_BENCH_TAX:-1}
boot ioa1 360 "init_on_alloc=1" --env "SSB_TESTS=$tests" --env "SSB_TAX=$tax" || true
boot ioa0 360 "init_on_alloc=0" --env "SSB_TESTS=$tests" --env "SSB_TAX=$tax" || true
if [ "${SLABSTAT_BENCH_ICOUNT:-1}" != 0 ] && [ -n "$single" ]; then
	# QEMU 7.2's icount mode once faulted the guest inside SLUB's
	# cmpxchg16b fast path (a double fault with an impossible RFLAGS):
	# an emulator fault, so this diagnostic boot gets a second chance.
	if ! SOFT_FAIL=1 SLABSTAT_QEMU=$out/qemu-icount boot insns 240 \
		"init_on_alloc=1" --env "SSB_TESTS=$single" --env "SSB_TAX=$tax"; then
		mv "$SS_BUILD/logs/bench-insns.log" "$SS_BUILD/logs/bench-insns.failed.log"
		say "note: the insns boot failed (log: $SS_BUILD/logs/bench-insns.failed.log); once more"
		if ! SOFT_FAIL=1 SLABSTAT_QEMU=$out/qemu-icount boot insns 240 \
			"init_on_alloc=1" --env "SSB_TESTS=$single" \
			--env "SSB_TAX=$tax"; then
			# The same emulator fault again (seen twice in a row):
			# report no instruction counts rather than fail the
			# timed results.  A crash anywhere else is ours.
			log=$SS_BUILD/logs/bench-insns.log
			if grep -q "RIP: 0010:kmem_cache_alloc" "$log"; then
				say "note: no instruction counts: QEMU's icount mode faulted the guest in SLUB's kmem_cache_alloc again (log: $log)"
			else
				say "FAIL: insns: the instruction-count boot crashed outside SLUB's fast path (log: $log)"
				fail=1
			fi
		fi
	fi
fi

python3 "$SS_SCRIPTS/bench-report.py" --dir "$out" --kernel "$KREL" \
	--qemu "$(${SLABSTAT_QEMU:-qemu-system-x86_64} --version | head -n 1)" \
	"${boots[@]}" >"$out/results.md" || fail=1
cat "$out/results.md"

if [ -s "$out/ratios.dat" ]; then
	gnuplot -e "datafile='$out/ratios.dat'; outfile='$out/bench-ratios.png'" \
		"$SS_SCRIPTS/bench-ratios.gp" || fail=1
fi

echo
info "results: $out/results.json, $out/results.md, $out/bench-ratios.png"
if [ "$fail" = 0 ]; then
	info "bench done on $KREL in $(elapsed "$start")"
else
	info "bench FAILED after $(elapsed "$start") (console logs: $SS_BUILD/logs/bench-*.log)"
fi
exit "$fail"
