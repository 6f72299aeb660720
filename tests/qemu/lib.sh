# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by tests/qemu/run-*.sh: where things are, initramfs assembly, and
# one QEMU boot with a time limit.  Sourced, not run.
#
# Inputs come from $OKVM_BUILD (default: build/ in the clone) and from
# $OKVM_CACHE (scripts/setup); outputs go to $OKVM_BUILD/qemu/<suite>/ and
# $OKVM_BUILD/results/<suite>.{txt,tally}.

SRCDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU_DIR=$SRCDIR/tests/qemu
OKVM_CACHE=${OKVM_CACHE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.cache}
OKVM_BUILD=${OKVM_BUILD:-$SRCDIR/build}
# shellcheck disable=SC2034 # used by the run-*.sh that source this
RESULTS_DIR=$OKVM_BUILD/results

die() { echo "$PROG: ERROR: $*" >&2; exit 1; }
say() { echo "$PROG: $*"; }

# need FILE WHAT: fail with a hint when an input is missing.
need()
{
	[ -e "$1" ] || die "$1 missing ($2)"
}

# now: seconds since the epoch, with decimals, for durations.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# initramfs_base BUSYBOX [INIT]: spec lines (usr/gen_init_cpio format) for
# the busybox userland and INIT as /init (default tests/qemu/init).
# /dev/console must exist before /init runs: Debian's kernels do not mount
# devtmpfs by themselves.
initramfs_base()
{
	local d

	for d in /bin /dev /proc /sys /tmp /lib /lib/modules; do
		echo "dir $d 755 0 0"
	done
	echo "nod /dev/console 600 0 0 c 5 1"
	echo "file /bin/busybox $1 755 0 0"
	echo "slink /bin/sh busybox 777 0 0"
	echo "file /init ${2:-$QEMU_DIR/init} 755 0 0"
}

# package_spec DIR [PATH...]: spec lines for a program scripts/setup
# unpacked with its libraries (l2-client, udev): each file DIR/files lists,
# from DIR/root, after the directories initramfs_base has not made for them
# and for each PATH (parents first). A symlink is followed inside DIR/root:
# the loader is an absolute one into the package tree.
package_spec()
{
	local dir=$1 f t l

	shift
	# shellcheck disable=SC2046 # one path per word
	dirname $(cat "$dir/files") "$@" | sort -u |
		awk -F/ 'BEGIN { split("/bin /dev /proc /sys /tmp /lib /lib/modules", b, " ")
				 for (i in b) seen[b[i]] }
			{ p = ""; for (i = 1; i <= NF; i++) { p = p "/" $i
				if (!(p in seen)) { seen[p]; print "dir " p " 755 0 0" } } }'
	while read -r f; do
		t=$dir/root/$f
		while [ -L "$t" ]; do
			l=$(readlink "$t")
			case $l in
			/*)	t=$dir/root$l ;;
			*)	t=$(dirname "$t")/$l ;;
			esac
		done
		echo "file /$f $t 755 0 0"
	done < "$dir/files"
}

# mkinitramfs OUT: gzipped newc archive from a spec on stdin.
mkinitramfs()
{
	"$QEMU_DIR/mkinitramfs.py" -z -o "$1" - ||
		die "cannot build $1"
}

# boot NAME TIMEOUT QEMU-ARGS...: run QEMU until the guest powers off, or
# kill it after TIMEOUT seconds.  QEMU's own messages go to $WORK/qemu.log;
# the guest's consoles are files chosen by the caller.  Sets BOOT_SECS and
# BOOT_RC (124: timed out).
boot()
{
	local name=$1 limit=$2 t0 rc
	shift 2

	t0=$(now)
	rc=0
	timeout -k 10 "$limit" "$@" < /dev/null > "$WORK/qemu.log" 2>&1 || rc=$?
	# shellcheck disable=SC2034 # for the caller
	BOOT_RC=$rc
	BOOT_SECS=$(elapsed "$t0")
	case $rc in
	0)	say "$name: guest stopped after ${BOOT_SECS} s" ;;
	124|137)
		say "$name: TIMEOUT: guest still running after $limit s, killed (raise OKVM_QEMU_TIMEOUT?)"
		;;
	*)	say "$name: QEMU exited with status $rc after ${BOOT_SECS} s:"
		sed 's/^/    /' "$WORK/qemu.log" >&2
		;;
	esac
	return 0
}

# ppc_l1_api v1|v2: MACHINE and CPU of the POWER L1 for that nested API.
ppc_l1_api()
{
	case $1 in
	v1)	MACHINE=pseries,cap-nested-hv=on
		CPU=POWER9 ;;
	v2)	MACHINE=pseries,cap-nested-papr=on
		CPU=POWER10 ;;
	*)	echo "usage: $0 v1|v2" >&2
		exit 2 ;;
	esac
}

# ppc_l1_kernel: TARGET and BOOT of the POWER L1 kernel OKVM_L1 names:
# Debian's 6.12 (the default) or 6.1, or debug, the KASAN/kmemleak/lockdep
# kernel of scripts/debug-kernel.
ppc_l1_kernel()
{
	case ${OKVM_L1:-6.12} in
	6.12|6.1)
		TARGET=ppc64le-${OKVM_L1:-6.12}
		BOOT=$OKVM_CACHE/boot/$TARGET ;;
	debug)	TARGET=ppc64le-debug
		BOOT=$(sed -n 's/^KDIR=//p' "$OKVM_CACHE/kdir/$TARGET.mk" \
			2>/dev/null) || BOOT=
		[ -n "$BOOT" ] || { echo "run scripts/debug-kernel" >&2; exit 1; } ;;
	*)	echo "OKVM_L1: 6.12, 6.1 or debug" >&2
		exit 2 ;;
	esac
}

# ppc_l1_modules MODULE BOOTDIR: spec lines for okvm.ko and Debian's kvm
# modules (with the load order scripts/setup worked out).
ppc_l1_modules()
{
	local f

	echo "file /lib/modules/okvm.ko $1 644 0 0"
	echo "dir /lib/modules/kvm 755 0 0"
	for f in "$2"/modules/*; do
		if [ -f "$f" ]; then
			echo "file /lib/modules/kvm/${f##*/} $f 644 0 0"
		fi
	done
}

# boot_ppc_l1 NAME TIMEOUT MEMORY APPEND: boot $BOOT/vmlinux with
# $WORK/initramfs.cpio.gz on $MACHINE/$CPU under TCG, kernel parameters
# APPEND after the console and panic settings.
# x-vof=on: QEMU's minimal Open Firmware instead of SLOF, boots in a second.
# The cap-*=broken/off settings only silence "TCG doesn't support requested
# feature" warnings (speculation mitigations TCG cannot provide anyway).
# threads=1: cap-nested-hv refuses SMT guests.
# hvc0 is the console, hvc1 (the second spapr-vty) carries the results.
boot_ppc_l1()
{
	boot "$1" "$2" \
		"$QEMU" \
		-M "$MACHINE,x-vof=on,cap-cfpc=broken,cap-sbbc=broken,cap-ibs=broken,cap-ccf-assist=off" \
		-cpu "$CPU" -smp 2,threads=1 -m "$3" \
		-accel tcg,thread=multi \
		-nographic -nodefaults -no-reboot \
		-kernel "$BOOT/vmlinux" \
		-initrd "$WORK/initramfs.cpio.gz" \
		-append "console=hvc0 panic_on_warn=1 oops=panic panic=-1 okvmtest.results=/dev/hvc1 $4" \
		-chardev file,id=console,path="$WORK/console.log" \
		-device spapr-vty,chardev=console \
		-chardev file,id=results,path="$WORK/results.log" \
		-device spapr-vty,chardev=results
}

# ppc_results TITLE: the report of the boot in $WORK (results.py ppc).
ppc_results()
{
	exec "$QEMU_DIR/results.py" ppc \
		--suite "$SUITE" --outdir "$RESULTS_DIR" --title "$1" \
		--console "$WORK/console.log" --results "$WORK/results.log" \
		--qemu-rc "$BOOT_RC" --seconds "$BOOT_SECS"
}
