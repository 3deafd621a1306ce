#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# slabstat through DKMS (Debian's `dkms` package, installed through
# scripts/deps.sh), as dkms.conf describes it.
#
# Usage:
#   scripts/dkms.sh install [KVER]   `make dkms-install`: copy the sources to
#                                    /usr/src/slabstat-<version>, then dkms
#                                    add, build and install for KVER
#                                    (default: the running kernel)
#   scripts/dkms.sh remove [KVER]    `make dkms-remove`: dkms remove every
#                                    version of slabstat from every kernel and
#                                    delete its /usr/src copies; with KVER,
#                                    only from that kernel
#   scripts/dkms.sh test [KVER]      a step of `make check`, and `make demo
#                                    DKMS=1`: dkms add, build and install for
#                                    KVER (default: Debian's newest 6.12
#                                    amd64 headers) into a scratch tree,
#                                    build/dkms/, leaving the machine's own
#                                    DKMS tree, /usr/src and /lib/modules alone
#
# `test` runs dkms with --dkmstree, --sourcetree and --installtree in
# build/dkms/ and --no-depmod (dkms would run depmod on /lib/modules/KVER),
# and sets mok_signing_key and mok_certificate in the environment (dkms 3
# takes them from there when /etc/dkms/framework.conf does not set them), so
# that the key dkms generates to sign modules is a scratch one, not
# /var/lib/dkms/mok.key.  It then runs depmod on the scratch tree, checks the
# installed module (version, vermagic, signature), checks that
# /var/lib/dkms, /lib/modules/KVER and /usr/src/slabstat-* did not change,
# and leaves an uncompressed copy of the module dkms installed in
# build/dkms/slabstat.ko, which `make demo DKMS=1` loads.  It prints one
# line on stdout, "PASS|FAIL|SKIP<TAB>dkms<TAB>detail", which
# scripts/check.sh records; dkms's output is in build/logs/dkms.log.
set -eu
. "$(dirname "$0")/lib.sh"

version=$(sed -n 's/^PACKAGE_VERSION="\(.*\)"$/\1/p' "$SS_ROOT/dkms.conf")
[ -n "$version" ] || die "no PACKAGE_VERSION in $SS_ROOT/dkms.conf"
mv=slabstat/$version

# Does apt have a candidate version for this package?
has_candidate() {
	local c
	c=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ { print $2 }')
	[ -n "$c" ] && [ "$c" != "(none)" ]
}

# headers KVER: make sure /lib/modules/KVER/build is there (installing
# linux-headers-KVER through deps.sh if apt has it).
headers() {
	[ -e "/lib/modules/$1/build/Makefile" ] && return 0
	has_candidate "linux-headers-$1" ||
		die "no headers for $1 in /lib/modules/$1/build, and apt has no linux-headers-$1 (pass KVER=<release>)"
	"$SS_SCRIPTS/deps.sh" "linux-headers-$1" || die "cannot install linux-headers-$1"
	[ -e "/lib/modules/$1/build/Makefile" ] || die "linux-headers-$1 has no /lib/modules/$1/build"
}

# stage DIR: DIR becomes a clean copy of the module sources, dkms.conf at
# its top: what scripts/build-modules.sh copies (no harness, documentation,
# tools, git metadata or build products).  dkms's own `dkms add <dir>` would
# copy build/ and everything else in the work tree.
stage() {
	rm -rf "$1"
	mkdir -p "$1"
	tar -C "$SS_ROOT" -cf - \
		--exclude=./.git --exclude=./build --exclude=./scripts \
		--exclude=./Documentation --exclude=./.ci --exclude=./tools \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
		--exclude='*.mod.c' --exclude='*.a' --exclude='.*.cmd' \
		--exclude='.*.d' --exclude='*.symvers' --exclude=modules.order \
		--exclude='*.orig' --exclude='*.rej' --exclude='*~' . |
		tar -C "$1" -xf -
}

# versions: the versions of slabstat the machine's DKMS tree knows.
versions() {
	dkms status slabstat 2>/dev/null |
		sed -n 's|^slabstat/\([^,:]*\)[,:].*|\1|p' | sort -u
}

cmd_install() {
	local kver=${1:-$(uname -r)} rc=0

	[ "$(id -u)" = 0 ] || die "dkms installs as root: sudo make dkms-install"
	"$SS_SCRIPTS/deps.sh" dkms
	headers "$kver"
	info "slabstat $version: /usr/src/slabstat-$version"
	stage "/usr/src/slabstat-$version"
	if [ -z "$(dkms status "$mv")" ]; then
		dkms add "$mv"
	fi
	# --force: build and install again what this version's sources now say.
	dkms build "$mv" -k "$kver" -j "$SS_JOBS" --force || rc=$?
	[ "$rc" != 77 ] ||
		die "dkms skipped $kver: slabstat supports 6.1 to 6.12 (BUILD_EXCLUSIVE_KERNEL in dkms.conf)"
	[ "$rc" = 0 ] || die "dkms build failed for $kver (see above)"
	dkms install "$mv" -k "$kver" --force
	dkms status slabstat
	info "installed: $(modinfo -k "$kver" -n slabstat) (version $(modinfo -k "$kver" -F version slabstat)); load it with: modprobe slabstat"
}

cmd_remove() {
	local kver=${1:-} v

	[ "$(id -u)" = 0 ] || die "dkms removes as root: sudo make dkms-remove"
	command -v dkms >/dev/null || die "dkms is not installed: nothing to remove"
	for v in $(versions); do
		if [ -n "$kver" ]; then
			if [ -n "$(dkms status "slabstat/$v" -k "$kver")" ]; then
				dkms remove "slabstat/$v" -k "$kver"
			fi
		else
			dkms remove "slabstat/$v" --all
		fi
	done
	# Sources dkms no longer knows: dkms never deletes them.
	for v in /usr/src/slabstat-*; do
		[ -e "$v/dkms.conf" ] || continue
		grep -qx 'PACKAGE_NAME="slabstat"' "$v/dkms.conf" || continue
		if [ -z "$(dkms status "slabstat/${v#/usr/src/slabstat-}")" ]; then
			info "removing $v"
			rm -rf "$v"
		fi
	done
	[ -z "$(versions)" ] || dkms status slabstat
	info "slabstat: $(versions | wc -l) version(s) left in DKMS"
}

# host_state KVER: what `test` must leave unchanged on the machine.
host_state() {
	find /var/lib/dkms "/lib/modules/$1" /usr/src/slabstat-* \
		-printf '%p %y %s %T@ %l\n' 2>/dev/null | LC_ALL=C sort
}

cmd_test() {
	local kver=${1:-} root log start before ko n warn signer vm v detail

	start=$(now)
	if [ "$(id -u)" != 0 ]; then
		printf 'SKIP\tdkms\t%s\n' "dkms install needs root"
		return 0
	fi
	[ -n "$kver" ] || kver=$("$SS_SCRIPTS/kernels.sh" --release 6.12:amd64) ||
		die "cannot find Debian's 6.12 amd64 headers"
	"$SS_SCRIPTS/deps.sh" dkms
	headers "$kver"
	# The one framework setting that would act on this machine.
	if grep -qs '^[[:space:]]*modprobe_on_install=..*' \
	   /etc/dkms/framework.conf /etc/dkms/framework.conf.d/*.conf; then
		die "/etc/dkms sets modprobe_on_install: a dkms install would load modules here"
	fi

	root=$SS_BUILD/dkms
	log=$SS_BUILD/logs/dkms.log
	rm -rf "$root"
	mkdir -p "$root/var/lib/dkms" "$root/usr/src" "$root/lib/modules/$kver" \
		"$root/tmp" "$SS_BUILD/logs"
	before=$(host_state "$kver")
	stage "$root/usr/src/slabstat-$version"

	local opts=(--dkmstree "$root/var/lib/dkms" --sourcetree "$root/usr/src"
		    --installtree "$root/lib/modules" --no-depmod)
	info "dkms add, build, install $mv for $kver into $root (log: $log)"
	: >"$log"
	if ! (export mok_signing_key=$root/mok.key mok_certificate=$root/mok.pub \
		     TMPDIR=$root/tmp
	      set -x
	      dkms add "$mv" "${opts[@]}"
	      dkms build "$mv" -k "$kver" -j "$SS_JOBS" "${opts[@]}"
	      dkms install "$mv" -k "$kver" "${opts[@]}"
	      dkms status "$mv" "${opts[@]}") >>"$log" 2>&1; then
		tail -n 30 "$log" >&2
		find "$root/var/lib/dkms" -name make.log -exec tail -n 30 {} + >&2 || true
		printf 'FAIL\tdkms\tdkms add/build/install %s for %s failed (log: %s)\n' \
			"$mv" "$kver" "$log"
		return 1
	fi

	detail=
	if ! grep -q "^$mv, $kver, [^:]*: installed" "$log"; then
		detail="dkms status does not say installed (log: $log)"
	fi
	ko=$(find "$root/lib/modules/$kver/updates/dkms" -name 'slabstat.ko*' 2>/dev/null)
	n=$(echo "$ko" | grep -c . || true)
	if [ -z "$detail" ] && [ "$n" != 1 ]; then
		detail="want one slabstat.ko* in $root/lib/modules/$kver/updates/dkms, found $n"
	fi
	if [ -z "$detail" ]; then
		case $ko in
		*.ko) cp "$ko" "$root/slabstat.ko" ;;
		*.ko.xz) xz -dc "$ko" >"$root/slabstat.ko" ;;
		*.ko.gz) gzip -dc "$ko" >"$root/slabstat.ko" ;;
		*.ko.zst) zstd -qdc "$ko" >"$root/slabstat.ko" ;;
		esac
		# The scratch tree is a module tree modprobe could use (with
		# empty lists of the kernel's own modules, which depmod wants).
		touch "$root/lib/modules/$kver/modules.order" \
			"$root/lib/modules/$kver/modules.builtin" \
			"$root/lib/modules/$kver/modules.builtin.modinfo"
		depmod -b "$root" "$kver" >>"$log" 2>&1 || detail="depmod -b $root failed (log: $log)"
	fi
	if [ -z "$detail" ] &&
	   ! grep -q "^updates/dkms/slabstat\.ko[.a-z]*:" "$root/lib/modules/$kver/modules.dep"; then
		detail="depmod did not list updates/dkms/slabstat.ko in the scratch modules.dep"
	fi
	if [ -z "$detail" ]; then
		vm=$(modinfo -F vermagic "$root/slabstat.ko")
		v=$(modinfo -F version "$root/slabstat.ko")
		signer=$(modinfo -F signer "$root/slabstat.ko")
		if [ "${vm%% *}" != "$kver" ] || [ "$v" != "$version" ]; then
			detail="the module dkms installed has vermagic \"$vm\" and version \"$v\", want $kver and $version"
		fi
	fi
	warn=$(find "$root/var/lib/dkms" -name make.log -exec cat {} + | grep -ci warning || true)
	if [ -z "$detail" ] && [ "$warn" != 0 ]; then
		detail="$warn warning line(s) in dkms's make.log ($(find "$root/var/lib/dkms" -name make.log))"
	fi
	if [ "$before" != "$(host_state "$kver")" ]; then
		diff <(echo "$before") <(host_state "$kver") | head -n 20 >&2 || true
		detail="${detail:+$detail; }the machine's /var/lib/dkms, /lib/modules/$kver or /usr/src/slabstat-* changed"
	fi
	if [ -n "$detail" ]; then
		printf 'FAIL\tdkms\t%s\n' "$detail"
		say "FAIL: dkms: $detail"
		return 1
	fi
	detail="$mv for $kver: dkms add, build, install into build/dkms: ${ko#"$root"/}, version $v, ${signer:+signed by \"$signer\", }0 warnings; host DKMS and module trees unchanged ($(elapsed "$start"))"
	printf 'PASS\tdkms\t%s\n' "$detail"
	info "dkms: $detail"
}

case ${1:-} in
install) shift; cmd_install "$@" ;;
remove) shift; cmd_remove "$@" ;;
test) shift; cmd_test "$@" ;;
*) die "usage: dkms.sh install|remove|test [KVER]" ;;
esac
