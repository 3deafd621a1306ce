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
#   SLABSTAT:DONE rc=<rc>                 the job script finished
#
# Captured documents are the slabstat report (tag "report"), each KUnit
# suite's results (tag "ktap <suite>"), /proc/sys/kernel/tainted (tag
# "tainted <when>") and the kmemleak report (tag "kmemleak").

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
