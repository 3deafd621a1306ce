#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run sparse over the project's C files through Kbuild (make C=2
# CHECK=sparse) against the KUnit test kernel, with the same options as
# `make check` builds use.  Any sparse warning or error fails.
set -eu
. "$(dirname "$0")/lib.sh"

kdir=$("$SS_SCRIPTS/test-kernel.sh")
mkdir -p "$SS_BUILD/logs"
log=$SS_BUILD/logs/sparse.log
rc=0
"$SS_SCRIPTS/build-modules.sh" check "$kdir" SLABSTAT_TEST=y SLABSTAT_WERROR=y \
	C=2 CHECK=sparse >/dev/null 2>"$log" || rc=$?
# Kbuild prints "  CHECK   file.c" per file; everything sparse says is
# "file:line:col: warning|error: ...".
issues=$(grep -E ':[0-9]+:[0-9]+: (warning|error):' "$log" || true)
if [ "$rc" != 0 ]; then
	cat "$log" >&2
	die "sparse: the build failed (log: $log)"
fi
if [ -n "$issues" ]; then
	grep -vE '^make|^  [A-Z]' "$log" >&2 || true
	say "sparse: $(echo "$issues" | wc -l) warning(s) (log: $log)"
	exit 1
fi
info "sparse: clean ($(grep -c '^  CHECK' "$log" || true) files checked)"
