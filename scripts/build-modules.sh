#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the slabstat modules for the harness in a private copy of the
# source, so that demo, check and the developer's own in-tree `make` never
# overwrite each other's objects.
#
# Usage: scripts/build-modules.sh NAME KDIR [MAKE-VARIABLE=VALUE...]
#
# The copy lives in $SLABSTAT_BUILD/NAME/src and is kept between runs (only
# files whose content changed are copied, so Kbuild rebuilds only what
# changed).  The copy's path is printed on stdout.  Paths in compiler
# messages are rewritten to point into the work tree.
set -eu
. "$(dirname "$0")/lib.sh"

[ $# -ge 2 ] || die "usage: build-modules.sh NAME KDIR [VAR=VALUE...]"
name=$1
kdir=$2
shift 2
[ -e "$kdir/Makefile" ] || die "no kernel build tree at $kdir"

dst=$SS_BUILD/$name/src
mkdir -p "$dst"

# List the source files of the module tree: everything but the harness,
# the documentation, the userspace tools, git metadata and build products.
list_sources() {
	(cd "$1" && find . \( -path ./.git -o -path ./build -o -path ./scripts \
		-o -path ./Documentation -o -path ./.ci -o -path ./tools \) \
		-prune -o -type f \
		! -name '*.o' ! -name '*.ko' ! -name '*.mod' ! -name '*.mod.c' \
		! -name '*.a' ! -name '.*.cmd' ! -name '.*.d' ! -name '*.symvers' \
		! -name 'modules.order' ! -name '*.orig' ! -name '*.rej' \
		! -name '*~' -print | LC_ALL=C sort)
}

src_list=$(list_sources "$SS_ROOT")
# Copy new and changed files (a fresh mtime makes Kbuild rebuild them).
for f in $src_list; do
	if ! cmp -s "$SS_ROOT/$f" "$dst/$f"; then
		mkdir -p "$dst/$(dirname "$f")"
		cp "$SS_ROOT/$f" "$dst/$f"
	fi
done
# Delete files that are gone from the work tree.
for f in $(list_sources "$dst"); do
	[ -e "$SS_ROOT/$f" ] || rm -f "$dst/$f"
done

info "building modules against $kdir${*:+ ($*)}"
set -o pipefail
make -C "$kdir" M="$dst" "$@" modules 2>&1 |
	sed -e "/^  [A-Z]/!s|$dst/|$SS_ROOT/|g" >&2 ||
	die "module build failed ($name against $kdir)"
echo "$dst"
