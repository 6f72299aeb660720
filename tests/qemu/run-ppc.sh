#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/run-ppc.sh v1|v2 - okvm as a nested hypervisor on QEMU pseries
#
# Boots Debian's ppc64el 6.12 (or 6.1) kernel as an L1 guest of QEMU's TCG
# L0 with one nested API offered:
#
#   v1: -M pseries,cap-nested-hv=on   -cpu POWER9   (H_ENTER_NESTED)
#   v2: -M pseries,cap-nested-papr=on -cpu POWER10  (H_GUEST_* hcalls)
#
# In one boot, tests/qemu/init loads build/<target>/okvm.ko, runs every
# binary of build/selftests/ppc64el/ on /dev/okvm, unloads okvm, loads
# Debian's kvm.ko + kvm-hv.ko and runs the same binaries on /dev/kvm.
# tests/qemu/results.py prints them side by side and writes
# build/results/qemu-ppc-<v>.{txt,tally}.  Exits non-zero on any failure.
#
# Environment:
#   OKVM_CACHE, OKVM_BUILD  see lib.sh
#   OKVM_QEMU_TIMEOUT       seconds for the whole boot (default 600)
#   OKVM_TESTS              comma-separated shell patterns: run only the
#                           selftest binaries matching one, e.g. 'ppc_*'
#   OKVM_SKIP               ... and not those matching one of these
#   OKVM_BENCH              quick or full: benchmark length; none: no bench
#   OKVM_L1                 the L1 kernel: 6.12 (default) or 6.1, Debian's;
#                           debug, the kernel of scripts/debug-kernel
#   FUZZ_SECS               how long fuzz_* selftests run (default 60)
#   OKVM_SUITE              the result name
#   OKVM_TEST_TIMEOUT       seconds per selftest binary (default 120)

set -euo pipefail
PROG=run-ppc
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API=${1:-}
ppc_l1_api "$API"
SUITE=${OKVM_SUITE:-qemu-ppc-$API}
PROG=$SUITE
ppc_l1_kernel
QEMU=$OKVM_CACHE/qemu/bin/qemu-system-ppc64
MODULE=$OKVM_BUILD/$TARGET/okvm.ko
SELFTESTS=$OKVM_BUILD/selftests/ppc64el
WORK=$OKVM_BUILD/qemu/$SUITE

need "$QEMU" "run scripts/setup qemu"
need "$BOOT/vmlinux" "run scripts/setup boot"
need "$OKVM_CACHE/busybox/ppc64el/busybox" "run scripts/setup busybox"
need "$MODULE" "run make build"
need "$SELFTESTS" "build the selftests first"

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS_DIR"

# The initramfs: busybox, /init, okvm.ko, Debian's kvm modules (with the
# load order scripts/setup worked out) and every executable selftest.
nselftests=0
{
	initramfs_base "$OKVM_CACHE/busybox/ppc64el/busybox"
	ppc_l1_modules "$MODULE" "$BOOT"
	echo "dir /bench 755 0 0"
	for f in "$OKVM_BUILD"/bench/*; do
		if [ -f "$f" ] && [ -x "$f" ]; then
			echo "file /bench/${f##*/} $f 755 0 0"
		fi
	done
	echo "dir /selftests 755 0 0"
	for f in "$SELFTESTS"/*; do
		if [ -f "$f" ] && [ -x "$f" ]; then
			echo "file /selftests/${f##*/} $f 755 0 0"
		fi
	done
} > "$WORK/initramfs.spec"
nselftests=$(grep -c '^file /selftests/' "$WORK/initramfs.spec") || true
[ "$nselftests" -gt 0 ] || say "warning: no selftest binaries in $SELFTESTS"
mkinitramfs "$WORK/initramfs.cpio.gz" < "$WORK/initramfs.spec"

say "booting $(cat "$BOOT/release") on $MACHINE, $CPU ($nselftests selftest binaries)"
boot_ppc_l1 "$TARGET" "${OKVM_QEMU_TIMEOUT:-600}" 2G \
	"okvmtest.mode=ppc okvmtest.timeout=${OKVM_TEST_TIMEOUT:-120} okvmtest.nested=$API${OKVM_TESTS:+ okvmtest.only=$OKVM_TESTS}${OKVM_SKIP:+ okvmtest.skip=$OKVM_SKIP} okvmtest.bench=${OKVM_BENCH:-quick} okvmtest.fuzz_secs=${FUZZ_SECS:-60}"

ppc_results "okvm vs kvm_hv, $(cat "$BOOT/release"), QEMU $MACHINE -cpu $CPU"
