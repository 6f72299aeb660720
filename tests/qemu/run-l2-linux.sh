#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/run-l2-linux.sh v1|v2 - a Linux L2 booted by a real VMM
#
# Boots the L1 of run-ppc.sh (Debian's ppc64el 6.12 or 6.1 kernel on QEMU's
# TCG pseries with one nested API) with Debian's ppc64el qemu-system-ppc64 and
# its libraries in the initramfs (scripts/setup l2-client). Inside, that
# QEMU boots Debian's kernel again as an L2, with a busybox initramfs
# (tests/qemu/l2/init), on /dev/okvm bind-mounted over /dev/kvm, then on
# Debian's kvm_hv. tests/qemu/init waits for the L2's shell prompt, types
# `uname -a; grep -m 3 . /proc/cpuinfo` and a marker, checks the output
# and powers the L2 off. results.py prints both consoles and the
# boot-to-prompt times.
#
# Environment:
#   OKVM_CACHE, OKVM_BUILD  see lib.sh
#   OKVM_QEMU_TIMEOUT       seconds for the whole L1 boot (default 1500)
#   OKVM_SUITE              the result name (default qemu-l2-linux-<v>)
#   OKVM_L1                 the L1 (and L2) kernel: 6.12 (default) or 6.1
#   OKVM_L2_DEVICES         okvm, or "okvm kvm_hv" (the default)
#   OKVM_L2_APPEND          the L2's kernel parameters besides console=
#                           (default quiet; one word, e.g. loglevel=8)
#   OKVM_L1_EXTRA           more initramfs spec lines for the L1 (make demo
#                           adds its okvm-info there; init runs it if present)

set -euo pipefail
PROG=run-l2-linux
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API=${1:-}
ppc_l1_api "$API"
SUITE=${OKVM_SUITE:-qemu-l2-linux-$API}
PROG=$SUITE
ppc_l1_kernel
QEMU=$OKVM_CACHE/qemu/bin/qemu-system-ppc64
CLIENT=$OKVM_CACHE/l2-client
BUSYBOX=$OKVM_CACHE/busybox/ppc64el/busybox
MODULE=$OKVM_BUILD/$TARGET/okvm.ko
WORK=$OKVM_BUILD/qemu/$SUITE

need "$QEMU" "run scripts/setup qemu"
need "$BOOT/vmlinux" "run scripts/setup boot"
need "$BUSYBOX" "run scripts/setup busybox"
need "$CLIENT/files" "run scripts/setup l2-client"
need "$MODULE" "run make build"

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS_DIR"

# The L2: Debian's kernel without its symbol table, busybox, l2/init.
powerpc64le-linux-gnu-strip -o "$WORK/l2-vmlinux" "$BOOT/vmlinux"
initramfs_base "$BUSYBOX" "$QEMU_DIR/l2/init" > "$WORK/l2-initramfs.spec"
mkinitramfs "$WORK/l2-initramfs.cpio.gz" < "$WORK/l2-initramfs.spec"

# The L1: run-ppc.sh's modules, the packaged QEMU with the files
# scripts/setup listed, QEMU's VOF firmware and the L2.
{
	initramfs_base "$BUSYBOX"
	ppc_l1_modules "$MODULE" "$BOOT"
	package_spec "$CLIENT" usr/share/qemu/vof.bin
	echo "file /usr/share/qemu/vof.bin $OKVM_CACHE/qemu/root/usr/share/qemu/vof.bin 644 0 0"
	echo "slink /bin/qemu-system-ppc64 /usr/bin/qemu-system-ppc64 777 0 0"
	echo "dir /l2 755 0 0"
	echo "file /l2/vmlinux $WORK/l2-vmlinux 644 0 0"
	echo "file /l2/initramfs.cpio.gz $WORK/l2-initramfs.cpio.gz 644 0 0"
	[ -z "${OKVM_L1_EXTRA:-}" ] || echo "$OKVM_L1_EXTRA"
} > "$WORK/initramfs.spec"
mkinitramfs "$WORK/initramfs.cpio.gz" < "$WORK/initramfs.spec"
say "L1 initramfs: $(du -h "$WORK/initramfs.cpio.gz" | cut -f1)"

say "booting $(cat "$BOOT/release") on $MACHINE, $CPU; its QEMU boots an L2 Linux"
boot_ppc_l1 "$TARGET" "${OKVM_QEMU_TIMEOUT:-1500}" 3G \
	"okvmtest.mode=l2linux okvmtest.nested=$API okvmtest.l2=$(echo ${OKVM_L2_DEVICES:-okvm kvm_hv} | tr ' ' ,)${OKVM_L2_APPEND:+ okvmtest.l2_append=$OKVM_L2_APPEND}"

ppc_results "QEMU in the L1 boots a Linux L2 on okvm and on kvm_hv, $(cat "$BOOT/release"), L0 $MACHINE -cpu $CPU"
