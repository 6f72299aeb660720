# SPDX-License-Identifier: GPL-2.0
#
# okvm: build, test and demo entry points. kbuild itself reads Kbuild.
#
#   make                     okvm.ko for every pinned Debian kernel, in build/<target>/
#   make ARCH=powerpc KVER=6.12                       one target
#   make ARCH=mips KVER=6.12 FLAVOUR=loongson-3       one MIPS target
#   make KDIR=/lib/modules/$(uname -r)/build          your own kernel, in place
#   make install             okvm.ko (built by make KDIR=...), okvm.h, the udev rule;
#                            DESTDIR=, PREFIX=/usr; make uninstall undoes it
#   make headers_install     only uapi/linux/okvm.h, to $(DESTDIR)$(PREFIX)/include/linux/
#   make dkms-source         the sources + dkms.conf in $(DESTDIR)/usr/src/okvm-$(OKVM_VERSION)/
#   make dkms-check KVER=6.12   Debian's DKMS builds and installs okvm in a throwaway tree
#   make check               everything CI runs; last line "N passed, N failed, N skipped"
#   make fuzz FUZZ_SECS=1800 host libFuzzer targets + in-guest fuzzing, v1 and v2
#   make demo                boot a POWER L1 under QEMU, load okvm, show what it does
#   make htmldocs            Documentation/ as HTML in build/htmldocs/ (Sphinx, -W)
#   make docs / lint / package   suites of make check: htmldocs + kernel-doc;
#                            checkpatch, uapi header, coccicheck, sparse; install + DKMS
#   make qemu-ppc-install    the DKMS-built module and the udev rule in a POWER L1
#   make qemu-ppc-6.1-v1     the POWER selftests on Debian's 6.1 L1 (also -v2)
#   make qemu-l2-linux-v1    QEMU in the L1 boots a Linux L2 (-v2; -6.1-v1/-v2)
#   make bench               okvm against kvm_hv, v1 and v2 boots + MIPS model:
#                            tables, bench/results/latest.json and a plot
#
# Downloads are cached in $(OKVM_CACHE) (default: .cache/ in the clone, ignored by git).

OKVM_CACHE ?= $(CURDIR)/.cache
export OKVM_CACHE

TARGETS := ppc64le-6.1 ppc64le-6.12 mips64el-6.1-5kc-malta \
	   mips64el-6.12-loongson-3 mips64el-6.12-mips64r6el

# Pick one target from ARCH/KVER/FLAVOUR when given.
ifneq ($(KVER),)
ifeq ($(ARCH),powerpc)
TARGETS := ppc64le-$(KVER)
else ifeq ($(ARCH),mips)
TARGETS := mips64el-$(KVER)-$(or $(FLAVOUR),$(if $(filter 6.1,$(KVER)),5kc-malta,loongson-3))
else ifneq ($(MAKECMDGOALS),dkms-check)
$(error KVER needs ARCH=powerpc or ARCH=mips)
endif
endif

SUITES := unit fuzz-host build lint docs package qemu-ppc-install \
	  qemu-ppc-v1 qemu-ppc-v2 qemu-ppc-6.1-v1 qemu-ppc-6.1-v2 \
	  qemu-l2-linux-v1 qemu-l2-linux-v2 \
	  qemu-l2-linux-6.1-v1 qemu-l2-linux-6.1-v2 qemu-mips \
	  fuzz-ppc-v1 fuzz-ppc-v2 qemu-ppc-debug-v1 qemu-ppc-debug-v2

SETUP := scripts/setup
SUITE := scripts/suite

.PHONY: all build modules setup unit fuzz fuzz-host fuzz-ppc-v1 fuzz-ppc-v2 lint checkpatch selftests bench-progs \
	qemu-ppc-v1 qemu-ppc-v2 qemu-ppc-6.1-v1 qemu-ppc-6.1-v2 qemu-ppc-install \
	qemu-mips check demo clean \
	qemu-l2-linux qemu-l2-linux-v1 qemu-l2-linux-v2 \
	qemu-l2-linux-6.1-v1 qemu-l2-linux-6.1-v2 \
	bench bench-ppc-v1 bench-ppc-v2 bench-mips \
	debug-kernel qemu-ppc-debug-v1 qemu-ppc-debug-v2 htmldocs docs \
	install uninstall headers_install package dkms-source dkms-check coccicheck

ifneq ($(KDIR),)
# A kernel of your own: plain kbuild, objects next to the sources.
all modules:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules
clean:
	$(MAKE) -C $(KDIR) M=$(CURDIR) clean
else
all: build

setup:
	$(SETUP)

build:
	@$(SETUP) host-tools kernels
	@$(SUITE) --start build
	@for t in $(TARGETS); do $(SUITE) build "$$t W=1" scripts/build-module $$t; done
	@$(SUITE) --end build

clean:
	rm -rf build
endif

# Installation, as a distribution or a user would do it: okvm.ko through
# kbuild's modules_install (signed and compressed as the kernel's config
# says), okvm.h as headers_install would install a uapi header of the
# kernel's own, and the udev rule that gives /dev/okvm to group kvm.
# depmod runs unless DESTDIR is set (a package runs it when installed).
# MODDIR: where okvm.ko was built (make KDIR=... builds it in place).
DESTDIR ?=
PREFIX ?= /usr
UDEVRULESDIR ?= /lib/udev/rules.d
INSTALL_MOD_DIR ?= updates
INSTALL_KDIR = $(or $(KDIR),/lib/modules/$(shell uname -r)/build)
MODDIR ?= $(CURDIR)
# Debian's 6.1 headers answer "make kernelrelease" without the ABI suffix.
INSTALL_KREL = $(shell sed -n 's/^\#define UTS_RELEASE "\(.*\)"$$/\1/p' \
	$(INSTALL_KDIR)/include/generated/utsrelease.h)
HEADER_DEST := $(DESTDIR)$(PREFIX)/include/linux/okvm.h
RULES_DEST := $(DESTDIR)$(UDEVRULESDIR)/99-okvm.rules

headers_install:
	install -d $(dir $(HEADER_DEST))
	sed -E 's@#(ifndef|define|endif[[:space:]]*/[*])[[:space:]]*_UAPI@#\1 @' \
		uapi/linux/okvm.h > $(HEADER_DEST).tmp
	chmod 644 $(HEADER_DEST).tmp
	mv $(HEADER_DEST).tmp $(HEADER_DEST)

install: headers_install
	@test -f $(MODDIR)/okvm.ko || { echo "install: no $(MODDIR)/okvm.ko: run make KDIR=$(INSTALL_KDIR) first" >&2; exit 1; }
	$(MAKE) -C $(INSTALL_KDIR) M=$(MODDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=$(INSTALL_MOD_DIR) modules_install
	install -D -m 644 packaging/99-okvm.rules $(RULES_DEST)
ifeq ($(DESTDIR),)
	depmod -a $(INSTALL_KREL)
	@echo "install: okvm installed for $(INSTALL_KREL); 'modprobe okvm' loads it, 'udevadm trigger' applies the rule"
endif

uninstall:
	rm -f $(DESTDIR)/lib/modules/$(INSTALL_KREL)/$(INSTALL_MOD_DIR)/okvm.ko \
		$(DESTDIR)/lib/modules/$(INSTALL_KREL)/$(INSTALL_MOD_DIR)/okvm.ko.*
	rm -f $(HEADER_DEST) $(RULES_DEST)
ifeq ($(DESTDIR),)
	depmod -a $(INSTALL_KREL)
endif

# DKMS: what a distribution package of okvm's sources installs. The
# version is okvm's release; dkms.conf gets it as dh_dkms would give it.
OKVM_VERSION ?= 0.1
DKMS_SRC := $(DESTDIR)/usr/src/okvm-$(OKVM_VERSION)
DKMS_FILES := Makefile Kbuild $(wildcard core/*.[chS] ppc-nested/*.[chS] mips-vz/*.[chS] uapi/linux/*.h)

dkms-source:
	@for f in $(DKMS_FILES); do install -D -m 644 $$f $(DKMS_SRC)/$$f || exit 1; done
	sed 's/#MODULE_VERSION#/$(OKVM_VERSION)/' packaging/dkms.conf > $(DKMS_SRC)/dkms.conf

# make dkms-check KVER=6.1|6.12: scripts/dkms-check on that ppc64le target
# (default: both).
dkms-check:
	@$(SETUP) host-tools kernels dkms
	@for t in $(if $(KVER),ppc64le-$(KVER),$(PACKAGE_TARGETS)); do \
		scripts/dkms-check $$t || exit 1; done

# The packaging, tried in throwaway trees: install and uninstall, DKMS.
PACKAGE_TARGETS := ppc64le-6.1 ppc64le-6.12

package:
	@$(SETUP) host-tools kernels dkms
	@$(SUITE) --start package
	@for t in $(PACKAGE_TARGETS); do \
		$(SUITE) package "$$t make install/uninstall" scripts/install-check $$t; done
	@for t in $(PACKAGE_TARGETS); do \
		$(SUITE) package "$$t dkms add/build/install/remove" scripts/dkms-check $$t; done
	@$(SUITE) --end package

unit:
	@$(SUITE) --start unit
	@$(MAKE) -s -C tests/unit run

# Fuzzing (Documentation/testing.rst): FUZZ_SECS per POWER mode for the
# in-guest ioctl fuzzer, L0 fault injection and hostile L2s (make check:
# 300), a tenth of it (at least 20 s) per host libFuzzer target.
FUZZ_SECS ?= 300
FUZZ_HOST_SECS ?= $(shell s=$$(( $(FUZZ_SECS) / 10 )); echo $$(( s < 20 ? 20 : s )))
FUZZ_HOST_TARGETS := fuzz_gsb fuzz_reg_ids fuzz_memslot fuzz_mips_tlb
FUZZ_GUEST_TESTS := fuzz_*,ppc_fault_inject,ppc_hostile

fuzz:
	-@$(MAKE) --no-print-directory fuzz-host
	-@$(MAKE) --no-print-directory fuzz-ppc-v1
	-@$(MAKE) --no-print-directory fuzz-ppc-v2
	@scripts/summary fuzz-host fuzz-ppc-v1 fuzz-ppc-v2

fuzz-host:
	@$(SETUP) host-tools
	@$(SUITE) --start fuzz-host
	@for t in $(FUZZ_HOST_TARGETS); do $(SUITE) fuzz-host "$$t $(FUZZ_HOST_SECS) s" \
		$(MAKE) -s -C tests/fuzz run TARGETS=$$t FUZZ_SECS=$(FUZZ_HOST_SECS); done
	@$(SUITE) --end fuzz-host

fuzz-ppc-v1 fuzz-ppc-v2: fuzz-ppc-%: selftests bench-progs
	@$(SETUP) host-tools kernels boot qemu busybox
	@test -f build/ppc64le-6.12/okvm.ko || scripts/build-module ppc64le-6.12
	@OKVM_TESTS='$(FUZZ_GUEST_TESTS)' OKVM_BENCH=none OKVM_SUITE=fuzz-ppc-$* \
		FUZZ_SECS=$(FUZZ_SECS) OKVM_QEMU_TIMEOUT=$$(( $(FUZZ_SECS) + 900 )) \
		tests/qemu/run-ppc.sh $*

checkpatch:
	@$(SETUP) source
	@scripts/checkpatch

lint:
	@$(SETUP) host-tools kernels source uapi coccinelle
	@$(SUITE) --start lint
	@$(SUITE) lint "checkpatch --strict" scripts/checkpatch
	@$(SUITE) lint "okvm.h: SPDX, headers_install, C90, C++98" scripts/uapi-check
	@$(SUITE) lint "coccicheck MODE=report" scripts/cocci-check
	@for t in $(TARGETS); do $(SUITE) lint "$$t W=1 C=2 (sparse)" scripts/build-module $$t lint; done
	@$(SUITE) --end lint

# Documentation: Sphinx with warnings as errors, and kernel-doc over the
# sources (the comments Documentation/ relies on), as one suite.
htmldocs:
	@$(SETUP) host-tools docs
	@scripts/htmldocs

docs:
	@$(SETUP) host-tools source docs
	@$(SUITE) --start docs
	@$(SUITE) docs "htmldocs -W" scripts/htmldocs
	@$(SUITE) docs "kernel-doc -Wall" scripts/kernel-doc-check
	@$(SUITE) --end docs

# The kernel's make coccicheck M=... MODE=report over the module (in lint).
coccicheck:
	@$(SETUP) host-tools kernels source coccinelle
	@scripts/cocci-check

selftests:
	@$(SETUP) host-tools source
	@$(MAKE) -s -C selftests

bench-progs:
	@$(SETUP) host-tools
	@$(MAKE) -s -C bench

qemu-ppc-v1 qemu-ppc-v2: qemu-ppc-%: selftests bench-progs
	@$(SETUP) host-tools kernels boot qemu busybox
	@test -f build/ppc64le-6.12/okvm.ko || scripts/build-module ppc64le-6.12
	@OKVM_SKIP='fuzz_*' tests/qemu/run-ppc.sh $*

# The same selftests on Debian's 6.1 (bookworm) as the L1, okvm then
# kvm_hv, without the benchmark: the oldest kernel okvm supports, booted.
qemu-ppc-6.1-v1 qemu-ppc-6.1-v2: qemu-ppc-6.1-%: selftests
	@$(SETUP) host-tools kernels boot qemu busybox
	@test -f build/ppc64le-6.1/okvm.ko || scripts/build-module ppc64le-6.1
	@OKVM_L1=6.1 OKVM_SUITE=qemu-ppc-6.1-$* OKVM_BENCH=none \
		OKVM_SKIP='fuzz_*' tests/qemu/run-ppc.sh $*

# README's DKMS install, udev rule and permissions in the L1.
qemu-ppc-install: selftests
	@$(SETUP) host-tools kernels boot qemu busybox dkms udev
	@tests/qemu/run-install.sh

qemu-l2-linux: qemu-l2-linux-v1 qemu-l2-linux-v2

qemu-l2-linux-v1 qemu-l2-linux-v2: qemu-l2-linux-%:
	@$(SETUP) host-tools kernels boot qemu busybox l2-client
	@test -f build/ppc64le-6.12/okvm.ko || scripts/build-module ppc64le-6.12
	@tests/qemu/run-l2-linux.sh $*

# The same on Debian's 6.1 L1, which is also the L2's kernel.
qemu-l2-linux-6.1-v1 qemu-l2-linux-6.1-v2: qemu-l2-linux-6.1-%:
	@$(SETUP) host-tools kernels boot qemu busybox l2-client
	@test -f build/ppc64le-6.1/okvm.ko || scripts/build-module ppc64le-6.1
	@OKVM_L1=6.1 OKVM_SUITE=qemu-l2-linux-6.1-$* tests/qemu/run-l2-linux.sh $*

qemu-mips:
	@$(SETUP) host-tools kernels boot qemu busybox
	@for t in $(filter mips64el-%,$(TARGETS)); do \
		test -f build/$$t/okvm.ko || scripts/build-module $$t || exit 1; done
	@tests/qemu/run-mips.sh

# Every suite runs even when an earlier one fails; the summary decides.
check:
	@$(SETUP)
	-@$(MAKE) --no-print-directory unit
	-@$(MAKE) --no-print-directory fuzz-host
	-@$(MAKE) --no-print-directory build
	-@$(MAKE) --no-print-directory lint
	-@$(MAKE) --no-print-directory docs
	-@$(MAKE) --no-print-directory package
	-@$(MAKE) --no-print-directory qemu-ppc-install
	-@$(MAKE) --no-print-directory qemu-ppc-v1
	-@$(MAKE) --no-print-directory qemu-ppc-v2
	-@$(MAKE) --no-print-directory qemu-ppc-6.1-v1
	-@$(MAKE) --no-print-directory qemu-ppc-6.1-v2
	-@$(MAKE) --no-print-directory qemu-l2-linux-v1
	-@$(MAKE) --no-print-directory qemu-l2-linux-v2
	-@$(MAKE) --no-print-directory qemu-l2-linux-6.1-v1
	-@$(MAKE) --no-print-directory qemu-l2-linux-6.1-v2
	-@$(MAKE) --no-print-directory qemu-mips
	-@$(MAKE) --no-print-directory fuzz-ppc-v1
	-@$(MAKE) --no-print-directory fuzz-ppc-v2
	-@$(MAKE) --no-print-directory qemu-ppc-debug-v1
	-@$(MAKE) --no-print-directory qemu-ppc-debug-v2
	@scripts/summary $(SUITES)

demo:
	@$(SETUP) host-tools kernels boot qemu busybox l2-client
	@test -f build/ppc64le-6.12/okvm.ko || scripts/build-module ppc64le-6.12
	@tests/qemu/demo.sh

# Benchmarks: figures, never pass/fail (Documentation/testing.rst). One
# QEMU boot per POWER API runs okvm_bench on kvm_hv and on okvm; the MIPS
# figures come from the unit tests' CP0/TLB model.
BENCH_REPORT := python3 bench/report.py
BENCH_LOG = build/qemu/bench-ppc-$(1)/results.log

bench-ppc-v1 bench-ppc-v2: bench-ppc-%: bench-progs
	@$(SETUP) host-tools kernels boot qemu busybox bench-tools
	@test -f build/ppc64le-6.12/okvm.ko || scripts/build-module ppc64le-6.12
	@OKVM_TESTS=none OKVM_BENCH=full OKVM_SUITE=bench-ppc-$* \
		tests/qemu/run-ppc.sh $* > build/bench-ppc-$*.log 2>&1 || \
		{ tail -n 20 build/bench-ppc-$*.log; exit 1; }
	@$(BENCH_REPORT) --$*=$(call BENCH_LOG,$*)

bench-mips:
	@$(SETUP) host-tools bench-tools
	@$(MAKE) -s -C tests/unit run > /dev/null
	@$(BENCH_REPORT) --mips=build/unit/test_mips_switch.out

bench: bench-progs
	-@$(MAKE) --no-print-directory bench-ppc-v1
	-@$(MAKE) --no-print-directory bench-ppc-v2
	@$(MAKE) -s -C tests/unit run > /dev/null
	@$(BENCH_REPORT) --v1=$(call BENCH_LOG,v1) --v2=$(call BENCH_LOG,v2) \
		--mips=build/unit/test_mips_switch.out

# The debug L1 (KASAN, kmemleak, lockdep, UBSAN): built once from Debian's
# linux-source into $(OKVM_CACHE)/debug-kernel, then the same boots.
DEBUG_FUZZ_SECS ?= 60
debug-kernel:
	@$(SETUP) host-tools source
	@scripts/debug-kernel

qemu-ppc-debug-v1 qemu-ppc-debug-v2: qemu-ppc-debug-%: selftests bench-progs debug-kernel
	@$(SETUP) host-tools kernels boot qemu busybox
	@scripts/build-module ppc64le-debug
	@OKVM_L1=debug OKVM_SUITE=qemu-ppc-debug-$* OKVM_QEMU_TIMEOUT=1500 \
		FUZZ_SECS=$(DEBUG_FUZZ_SECS) tests/qemu/run-ppc.sh $*
