#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/demo.sh - what `make demo` shows
#
# Boots Debian's ppc64el 6.12 kernel as a QEMU pseries L1 with the v1
# nested API (cap-nested-hv, POWER9), loads build/ppc64le-6.12/okvm.ko,
# runs tests/qemu/demo/okvm-info (a small KVM client) on /dev/okvm,
# unloads okvm, and prints each step in a few readable lines.

set -euo pipefail
PROG=demo
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TARGET=ppc64le-6.12
BOOT=$OKVM_CACHE/boot/$TARGET
QEMU=$OKVM_CACHE/qemu/bin/qemu-system-ppc64
MODULE=$OKVM_BUILD/$TARGET/okvm.ko
WORK=$OKVM_BUILD/qemu/demo

need "$QEMU" "run scripts/setup qemu"
need "$BOOT/vmlinux" "run scripts/setup boot"
need "$MODULE" "run make build"

rm -rf "$WORK"
mkdir -p "$WORK"
powerpc64le-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
	-I"$SRCDIR/uapi" -o "$WORK/okvm-info" "$QEMU_DIR/demo/okvm-info.c"
{
	initramfs_base "$OKVM_CACHE/busybox/ppc64el/busybox"
	echo "file /lib/modules/okvm.ko $MODULE 644 0 0"
	echo "file /bin/okvm-info $WORK/okvm-info 755 0 0"
} > "$WORK/initramfs.spec"
mkinitramfs "$WORK/initramfs.cpio.gz" < "$WORK/initramfs.spec"

say "booting $(cat "$BOOT/release") as a QEMU pseries L1 (cap-nested-hv, POWER9, TCG)..."
boot "the L1" "${OKVM_QEMU_TIMEOUT:-300}" \
	"$QEMU" \
	-M "pseries,cap-nested-hv=on,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off" \
	-cpu POWER9 -smp 1,threads=1 -m 1G -accel tcg \
	-nographic -nodefaults -no-reboot \
	-kernel "$BOOT/vmlinux" -initrd "$WORK/initramfs.cpio.gz" \
	-append "console=hvc0 panic_on_warn=1 oops=panic panic=-1 okvmtest.mode=demo okvmtest.results=/dev/hvc1" \
	-chardev file,id=console,path="$WORK/console.log" \
	-device spapr-vty,chardev=console \
	-chardev file,id=results,path="$WORK/results.log" \
	-device spapr-vty,chardev=results
[ "$BOOT_RC" -eq 0 ] || die "the L1 did not finish (console: $WORK/console.log)"

# Each framed step: a heading, its output indented, its exit status.
awk '
{ sub(/\r$/, "") }
/^@@ begin okvmtest/ { skip = 1; next }
/^@@ begin / { skip = 0; sub(/^@@ begin /, ""); printf "\n$ %s\n", $0; next }
/^@@ end / { if (!skip && $NF != "rc=0") printf "  (exit status %s)\n", substr($NF, 4); next }
/^@@ done/ { next }
!skip { print "  " $0 }
' "$WORK/results.log"
grep -q '^@@ end rmmod okvm rc=0' "$WORK/results.log" ||
	die "okvm did not load and unload cleanly (console: $WORK/console.log)"
echo
say "done: the whole L1 console is in $WORK/console.log"
