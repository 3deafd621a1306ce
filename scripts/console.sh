# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host-side helpers that read a guest console log (see scripts/guest/lib.sh
# for the protocol).  Sourced by demo.sh and check.sh.

# Kernel messages on the console start with a "[    1.234567] " timestamp
# (PRINTK_TIME is on in both kernels); the guest's own lines never do.
SS_KMSG_RE='^\[ *[0-9]+\.[0-9]+\] '

# section LOG TAG: the document the guest framed with BEGIN/END TAG, with
# any kernel messages that interleaved with it removed.
section() {
	awk -v tag="$2" -v kmsg="$SS_KMSG_RE" '
		$0 == "SLABSTAT:BEGIN " tag { on = 1; next }
		$0 == "SLABSTAT:END " tag { exit }
		on && $0 !~ kmsg { print }' "$1"
}

# has_section LOG TAG: did the guest print that document completely?
has_section() {
	grep -qxF "SLABSTAT:END $2" "$1"
}

# section_tags LOG PREFIX: the tags of all documents whose tag starts with
# PREFIX, prefix removed (e.g. "ktap " gives the suite names).
section_tags() {
	awk -v p="SLABSTAT:BEGIN $2" \
		'index($0, p) == 1 { print substr($0, length(p) + 1) }' "$1"
}

# failed_steps LOG: "<description> (rc=N)" for every guest step that failed.
failed_steps() {
	awk '/^SLABSTAT:RC / && $2 != 0 {
		d = $0; sub(/^SLABSTAT:RC [0-9]+ /, "", d); print d " (rc=" $2 ")" }' "$1"
}

# The kernel's ways of saying something went wrong.  Any match anywhere in
# a console log fails the run.
SS_SPLAT_RE='BUG:|WARNING:|KASAN|UBSAN|Oops|general protection fault|Kernel panic'
SS_SPLAT_RE+='|kernel BUG at|Call Trace:'
SS_SPLAT_RE+='|possible circular locking|inconsistent lock state|possible recursive locking'
SS_SPLAT_RE+='|suspicious RCU usage|DEBUG_LOCKS_WARN|scheduling while atomic'
SS_SPLAT_RE+='|sleeping function called from invalid context'
SS_SPLAT_RE+='|self-detected stall|rcu: INFO: .* detected stalls|soft lockup|hard LOCKUP'
# Leaks are judged from the kmemleak report read after unload (check.sh),
# not from kmemleak's "new suspected memory leaks" console line: the
# slabstat_kmemleak suite provokes one on purpose and frees it.
SS_SPLAT_RE+='|hung_task|blocked for more than'

# splats LOG: "text (log: LOG:LINE)" for every line matching SS_SPLAT_RE.
# Exception: the stack trace that fault injection prints after
# "FAULT_INJECTION: forcing a failure" (verbose=2) is an intended failure,
# so a "Call Trace:" within 10 lines of that message is not a splat.
splats() {
	awk -v re="$SS_SPLAT_RE" -v name="$1" '
		/FAULT_INJECTION: forcing a failure/ { fi = NR }
		$0 ~ re {
			if ($0 ~ /Call Trace:/ && fi && NR - fi <= 10)
				next
			print $0 " (log: " name ":" NR ")"
		}' "$1"
}

# Taint bits, in the order of the kernel's taint_flags[] table.
SS_TAINT_LETTERS=PFSRMBUDAWCIOELKXTNJ
# Bits a clean run may show: O (out-of-tree module, 4096), E (unsigned
# module on a kernel with module signing, 8192), N (a KUnit test ran or a
# test module was loaded, 262144).
SS_TAINT_ALLOWED=$(( (1 << 12) | (1 << 13) | (1 << 18) ))

# taint_letters VALUE: the kernel's letters for a taint value, e.g. "OEN".
taint_letters() {
	local v=$1 i out=
	for ((i = 0; i < ${#SS_TAINT_LETTERS}; i++)); do
		if (( v & (1 << i) )); then
			out+=${SS_TAINT_LETTERS:i:1}
		fi
	done
	echo "${out:-none}"
}

# taint_verdict LOG: take the last "tainted <when>" document in LOG, print
# "VALUE (LETTERS, at <when>)" and fail if it has bits outside
# SS_TAINT_ALLOWED (or if the guest never printed it).
taint_verdict() {
	local tag v
	tag=$(section_tags "$1" "tainted " | tail -n 1)
	if [ -z "$tag" ]; then
		echo "no taint value printed"
		return 1
	fi
	v=$(section "$1" "tainted $tag" | tr -dc 0-9)
	if [ -z "$v" ]; then
		echo "empty taint value"
		return 1
	fi
	echo "$v ($(taint_letters "$v"), at $tag)"
	(( (v & ~SS_TAINT_ALLOWED) == 0 ))
}

# torture_verdict LOG: what the torture run in LOG found, on one line;
# status 0 only if its result line says errors=0, the report reader saw no
# bad read, and the report after it says check: ok.
torture_verdict() {
	local res reader second
	res=$(grep -o 'slabstat_torture: result: .*' "$1" | tail -n 1)
	reader=$(grep -o '^SLABSTAT:READER .*' "$1" | tail -n 1)
	if [ -z "$res" ]; then
		echo "no torture result line"
		return 1
	fi
	echo "${res#slabstat_torture: result: }; reader ${reader#SLABSTAT:READER }"
	case $res in *" errors=0") ;; *) return 1 ;; esac
	case $reader in *" bad=0") ;; *) return 1 ;; esac
	second=$(section "$1" "report torture" | sed -n 2p)
	if [ "$second" != "check: ok" ]; then
		echo "report after the torture: $second"
		return 1
	fi
}

# log_problems LOG: one line for each thing wrong in a guest console log:
# a failed guest step, a splat, a taint beyond O/E/N.  Status 1 if any.
log_problems() {
	local s t bad=0
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		echo "guest step failed: $s (log: $1)"
		bad=1
	done <<<"$(failed_steps "$1")"
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		echo "splat in console log: ${s//"$SS_ROOT/"/}"
		bad=1
	done <<<"$(splats "$1")"
	if ! t=$(taint_verdict "$1"); then
		echo "kernel tainted: $t"
		bad=1
	fi
	return "$bad"
}
