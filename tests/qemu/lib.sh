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
