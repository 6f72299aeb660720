#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/run-mips.sh - okvm must refuse, cleanly, on CPUs without VZ
#
# No emulator here implements the MIPS Virtualization ASE, so on each of
# Debian's three MIPS kernels the module built for that flavour must fail
# to load with ENODEV and say why in one kernel log line, without ever
# executing a VZ instruction (that would be "Reserved instruction in
# kernel code") and without any other splat.
#
#   mips64el-6.1-5kc-malta     -M malta -cpu MIPS64R2-generic
#   mips64el-6.12-loongson-3   -M loongson3-virt
#   mips64el-6.12-mips64r6el   -M boston -cpu I6400
#
# Writes build/results/qemu-mips.{txt,tally}; exits non-zero on failure.
# Environment: OKVM_CACHE, OKVM_BUILD (see lib.sh), OKVM_QEMU_TIMEOUT
# (seconds per boot, default 120).

# shellcheck disable=SC2054 # commas separate QEMU suboptions

set -euo pipefail
PROG=qemu-mips
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SUITE=qemu-mips
QEMU=$OKVM_CACHE/qemu/bin/qemu-system-mips64el
BUSYBOX=$OKVM_CACHE/busybox/mips64el/busybox
BOARDS=(mips64el-6.1-5kc-malta mips64el-6.12-loongson-3 mips64el-6.12-mips64r6el)

# Where loongson3-virt and boston get the initramfs: QEMU's -initrd does
# not work there, so it is placed with -device loader and passed to the
# kernel as rd_start= (a CKSEG0 address) and rd_size=.
INITRD_PHYS=0x0a000000
INITRD_VIRT=0xffffffff8a000000

need "$QEMU" "run scripts/setup qemu"
need "$BUSYBOX" "run scripts/setup busybox"
for b in "${BOARDS[@]}"; do
	need "$OKVM_CACHE/boot/$b/vmlinuz" "run scripts/setup boot"
	need "$OKVM_BUILD/$b/okvm.ko" "run make build"
done
mkdir -p "$RESULTS_DIR"

# boot_board BOARD: build its initramfs, boot it; sets BOOT_SECS.
boot_board()
{
	local b=$1 cmdline args size

	WORK=$OKVM_BUILD/qemu/$SUITE/$b
	rm -rf "$WORK"
	mkdir -p "$WORK"
	{
		initramfs_base "$BUSYBOX"
		echo "file /lib/modules/okvm.ko $OKVM_BUILD/$b/okvm.ko 644 0 0"
	} | mkinitramfs "$WORK/initramfs.cpio.gz"
	size=$(stat -c %s "$WORK/initramfs.cpio.gz")

	# The console is the first UART; results go to a second channel:
	# malta's second UART (its kernel has virtio-console only as a
	# module), a virtio console (hvc0) elsewhere.
	cmdline="panic_on_warn=1 oops=panic panic=-1 okvmtest.mode=mips"
	args=(-nographic -nodefaults -no-reboot -m 1G
	      -kernel "$OKVM_CACHE/boot/$b/vmlinuz"
	      -chardev file,id=console,path="$WORK/console.log"
	      -chardev file,id=results,path="$WORK/results.log"
	      -serial chardev:console)
	case $b in
	*-5kc-malta)
		args+=(-M malta -cpu MIPS64R2-generic -nic none -vga none
		       -initrd "$WORK/initramfs.cpio.gz"
		       -serial chardev:results)
		cmdline+=" console=ttyS0 okvmtest.results=/dev/ttyS1"
		;;
	*-loongson-3)
		args+=(-M loongson3-virt
		       -device "loader,file=$WORK/initramfs.cpio.gz,addr=$INITRD_PHYS,force-raw=on"
		       -device virtio-serial-pci
		       -device virtconsole,chardev=results)
		cmdline+=" console=ttyS0 okvmtest.results=/dev/hvc0"
		cmdline+=" rd_start=$INITRD_VIRT rd_size=$size"
		;;
	*-mips64r6el)
		# The virtio device must sit behind one of boston's PCIe root
		# ports (bus pci.0), not next to it.  ieee754=relaxed lets the
		# busybox built for R2 (legacy NaN encoding) run on this
		# NaN2008-only CPU.
		args+=(-M boston -cpu I6400
		       -device "loader,file=$WORK/initramfs.cpio.gz,addr=$INITRD_PHYS,force-raw=on"
		       -device virtio-serial-pci,bus=pci.0,addr=0
		       -device virtconsole,chardev=results)
		cmdline+=" console=ttyS0 ieee754=relaxed okvmtest.results=/dev/hvc0"
		cmdline+=" rd_start=$INITRD_VIRT rd_size=$size"
		;;
	esac

	boot "$b" "${OKVM_QEMU_TIMEOUT:-120}" "$QEMU" "${args[@]}" -append "$cmdline"
}

report=()
for b in "${BOARDS[@]}"; do
	boot_board "$b"
	report+=(--board "$b" "$WORK/console.log" "$WORK/results.log" "$BOOT_SECS")
done

exec "$QEMU_DIR/results.py" mips --suite "$SUITE" --outdir "$RESULTS_DIR" \
	--title "okvm refuses without VZ on Debian's MIPS kernels" "${report[@]}"
