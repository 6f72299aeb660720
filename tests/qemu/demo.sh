#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/demo.sh - what `make demo` shows
#
# Boots Debian's ppc64el 6.12 kernel as a QEMU pseries L1 with the v1
# nested API (cap-nested-hv, POWER9, TCG), loads build/ppc64le-6.12/okvm.ko,
# runs tests/qemu/demo/okvm-info (a small KVM client) on /dev/okvm, then
# Debian's qemu-system-ppc64 on /dev/okvm boots a Linux L2 to its shell
# (tests/qemu/run-l2-linux.sh with okvm only), and prints each step in a
# few readable lines with the L2's console.
#
# Environment: OKVM_DEMO_API=v2 for the v2 nested API (POWER10).

set -euo pipefail
PROG=demo
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

API=${OKVM_DEMO_API:-v1}
WORK=$OKVM_BUILD/qemu/demo
mkdir -p "$WORK"
powerpc64le-linux-gnu-gcc -static -O2 -Wall -Wextra -Werror \
	-I"$SRCDIR/uapi" -o "$WORK/okvm-info" "$QEMU_DIR/demo/okvm-info.c"

say "booting Debian's kernel as a QEMU pseries L1 ($API nested API, TCG); in it,"
say "Debian's qemu-system-ppc64 boots a Linux L2 through /dev/okvm (takes a minute)..."
rc=0
OKVM_SUITE=demo-l2 OKVM_L2_DEVICES=okvm \
	OKVM_L1_EXTRA="file /bin/okvm-info $WORK/okvm-info 755 0 0" \
	"$QEMU_DIR/run-l2-linux.sh" "$API" > "$WORK/run.log" 2>&1 || rc=$?

# Each framed step: a heading, its output indented, its exit status.
awk '
{ sub(/\r$/, "") }
/^@@ begin (okvmtest|dmesg$)/ { skip = 1; next }
/^@@ begin / { skip = 0; sub(/^@@ begin /, ""); printf "\n$ %s\n", $0; next }
/^@@ end / { if (!skip && $NF != "rc=0") printf "  (exit status %s)\n", substr($NF, 4); next }
/^@@ done/ { next }
!skip && /^\[ *[0-9]+\.[0-9]+\]/ { next }
!skip { print "  " $0 }
' "$OKVM_BUILD/qemu/demo-l2/results.log" |
	sed -e 's/^\$ l2 okvm$/$ qemu-system-ppc64 -M pseries -accel kvm (\/dev\/okvm bound over \/dev\/kvm): the L2 console/'
echo
[ "$rc" -eq 0 ] || { tail -n 30 "$WORK/run.log"; die "the demo failed (see $WORK/run.log)"; }
say "done: the L1 console is in $OKVM_BUILD/qemu/demo-l2/console.log"
