# SPDX-License-Identifier: GPL-2.0
#
# slabstat: out-of-tree kernel module.
#
#   make                  build the modules against KDIR (default: the
#                         running kernel's headers)
#   make clean            remove build products (and build/: logs, copies)
#   make modules_install  install into /lib/modules/<release>/updates
#   make demo             boot Debian's stock 6.12 in QEMU, load, report
#   make check            the tests: KUnit kernel, splat scan, kmemleak,
#                         checkpatch, sparse, a short torture; last line
#                         "N passed, N failed"
#   make torture          the long torture run (DURATION=secs, default 300)
#   make kernels          W=1 builds against every Debian kernel flavour we
#                         support (6.1 amd64; 6.12 amd64, rt-amd64, cloud-amd64)
#   make dkms-install     add, build and install through DKMS, for the
#                         running kernel or KVER=<release>
#   make dkms-remove      remove it from DKMS (from KVER=<release> only)
#   make tools            build tools/slabstat-top/slabstat-top (static)
#   make help             all targets and variables
#
# The Kbuild file next to this Makefile is what the kernel's build system
# reads; this Makefile only drives it and the harness in scripts/.

KDIR ?= /lib/modules/$(shell uname -r)/build
PWD := $(CURDIR)
# The release: PACKAGE_VERSION in dkms.conf, the one place it is written
# (slabstat/Kbuild and scripts/ read it there too).
VERSION := $(shell sed -n 's/^PACKAGE_VERSION="\(.*\)"$$/\1/p' $(CURDIR)/dkms.conf)

# Harness knobs, passed to scripts/ as SLABSTAT_* environment variables.
#   SUITE=glob      run only matching KUnit suites (kunit.filter_glob)
#   TIMEOUT=secs    time limit of each QEMU boot
#   SMP=n           guest CPUs (default 4)
#   KERNELS=list    test kernels of `make check` (default "debug rt")
#   KMEMLEAK=0      skip the kmemleak boot of `make check`
#   RANGE=0         skip its kernel-range builds and DKMS step
#   FLAVOUR=rt      `make demo` on Debian's stock PREEMPT_RT kernel
#   REBUILD=1       rebuild the cached test kernel from scratch
#   DURATION=secs   torture length: make torture (default 300), the short
#                   one in make check (default 10; 0 skips it)
#   V=1             copy the guest console to the terminal as it runs
#   DKMS=1          make demo loads the slabstat.ko dkms built (scripts/dkms.sh)
# (Only when given, so that SLABSTAT_* set in the environment still work.)
ifdef SUITE
export SLABSTAT_SUITE := $(SUITE)
endif
ifdef TIMEOUT
export SLABSTAT_TIMEOUT := $(TIMEOUT)
endif
ifdef SMP
export SLABSTAT_SMP := $(SMP)
endif
ifdef KMEMLEAK
export SLABSTAT_KMEMLEAK := $(KMEMLEAK)
endif
ifdef KERNELS
export SLABSTAT_KERNELS := $(KERNELS)
endif
ifdef RANGE
export SLABSTAT_RANGE := $(RANGE)
endif
ifdef FLAVOUR
export SLABSTAT_FLAVOUR := $(FLAVOUR)
endif
ifdef REBUILD
export SLABSTAT_REBUILD := $(REBUILD)
endif
ifdef DURATION
export SLABSTAT_TORTURE_SECONDS := $(DURATION)
endif
ifdef DKMS
export SLABSTAT_DKMS := $(DKMS)
endif
export V

.PHONY: all modules clean modules_install demo check torture bench checkpatch \
	sparse test-kernel stock-kernel deps help kdir-check kernels \
	dkms-install dkms-remove version tools

all: modules

kdir-check:
	@if [ ! -e "$(KDIR)/Makefile" ]; then \
		echo "No kernel build tree at KDIR=$(KDIR)."; \
		echo "Install the headers of the running kernel (Debian:"; \
		echo "  apt-get install linux-headers-$$(uname -r)), pass"; \
		echo "  KDIR=/path/to/kernel/build, or try 'make demo', which"; \
		echo "  boots Debian's stock 6.12 kernel in QEMU instead."; \
		exit 1; \
	fi

modules: kdir-check
	$(MAKE) -C $(KDIR) M=$(PWD) modules

modules_install: kdir-check
	$(MAKE) -C $(KDIR) M=$(PWD) modules_install

# Works without a kernel tree too: Kbuild's clean needs KDIR, the
# fallback removes the usual products by name.
clean:
	@if [ -e "$(KDIR)/Makefile" ]; then \
		$(MAKE) -C $(KDIR) M=$(PWD) clean; \
	else \
		find . \( -path ./.git -o -path ./build \) -prune -o -type f \
			\( -name '*.o' -o -name '*.ko' -o -name '*.mod' \
			-o -name '*.mod.c' -o -name '.*.cmd' -o -name '*.a' \
			-o -name modules.order -o -name Module.symvers \) \
			-print0 | xargs -0 rm -f; \
	fi
	$(MAKE) -C tools/slabstat-top clean
	rm -rf build

# A userspace view of the caches (Documentation/observability.rst).
tools:
	$(MAKE) -C tools/slabstat-top

demo:
	scripts/demo.sh

check:
	scripts/check.sh

torture:
	scripts/torture.sh

checkpatch:
	scripts/checkpatch.sh

sparse:
	scripts/sparse.sh

test-kernel:
	scripts/deps.sh
	scripts/test-kernel.sh debug
	scripts/test-kernel.sh rt

stock-kernel:
	scripts/deps.sh
	scripts/stock-kernel.sh

deps:
	scripts/deps.sh

# The kernel range, also a step of make check: scripts/kernels.sh.
kernels:
	scripts/kernels.sh

# Through Debian's dkms, as dkms.conf says (scripts/dkms.sh).
dkms-install:
	scripts/dkms.sh install $(KVER)

dkms-remove:
	scripts/dkms.sh remove $(KVER)

version:
	@echo $(VERSION)

# Documentation/benchmarks.rst; results in build/bench/.
bench:
	scripts/bench.sh

help:
	@sed -n '3,23p' Makefile | sed 's/^# \{0,1\}//'
	@echo
	@echo "Other targets: checkpatch sparse test-kernel stock-kernel deps bench version"
	@echo "Variables: KDIR=dir KVER=release SUITE=glob TIMEOUT=secs SMP=n KERNELS=list KMEMLEAK=0 RANGE=0 FLAVOUR=rt REBUILD=1 DURATION=secs V=1 DKMS=1"
	@echo "See Documentation/testing.rst."
