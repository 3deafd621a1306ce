#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl (from the extracted linux-source tree) in
# --strict mode over every .c and .h file of the project.  Any ERROR,
# WARNING or CHECK fails.
set -eu
. "$(dirname "$0")/lib.sh"

srcdir=$("$SS_SCRIPTS/test-kernel.sh" --source)
cd "$SS_ROOT"
# All C sources and headers outside git metadata and build output;
# Kbuild's generated *.mod.c are not ours.
mapfile -t files < <(find . \( -path ./.git -o -path ./build \) -prune -o \
	-type f \( -name '*.c' -o -name '*.h' \) ! -name '*.mod.c' -print |
	sed 's|^\./||' | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || die "checkpatch: no C files found"

rc=0
out=$(perl "$srcdir/scripts/checkpatch.pl" --strict --no-tree --no-summary --quiet \
	--show-types --color=never -f "${files[@]}" 2>&1) || rc=$?
if [ "$rc" = 0 ] && [ -z "$out" ]; then
	info "checkpatch: ${#files[@]} files clean"
	exit 0
fi
echo "$out" >&2
n=$(echo "$out" | grep -cE '^(ERROR|WARNING|CHECK):' || true)
say "checkpatch: $n issue(s) in ${#files[@]} files"
exit 1
