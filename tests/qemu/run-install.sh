#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# tests/qemu/run-install.sh - README's install path, end to end
#
# What a new user following README does, checked in the L1 of run-ppc.sh
# (Debian's ppc64el 6.12 kernel on QEMU's TCG pseries, nested v1):
#
#   host  scripts/dkms-check ppc64le-6.12: Debian's DKMS builds and installs
#         okvm from the sources make dkms-source installs, for that kernel;
#         the module it installed is kept (OKVM_DKMS_KEEP)
#   L1    that module in /lib/modules/<release>/updates/dkms/,
#         packaging/99-okvm.rules in /lib/udev/rules.d/ (README's install
#         line), Debian's systemd-udevd (scripts/setup udev), a group kvm
#         with one member (tester) and a user outside it (nobody);
#         tests/qemu/init (okvmtest.mode=install) runs depmod and
#         modprobe okvm, checks that udev made /dev/okvm root:kvm 0660,
#         that tester runs the api_version selftest on it and that nobody
#         is refused, then unloads okvm.
#
# Environment:
#   OKVM_CACHE, OKVM_BUILD  see lib.sh
#   OKVM_QEMU_TIMEOUT       seconds for the whole boot (default 600)

set -euo pipefail
PROG=run-install
# shellcheck source=tests/qemu/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ppc_l1_api v1
SUITE=${OKVM_SUITE:-qemu-ppc-install}
PROG=$SUITE
TARGET=ppc64le-6.12
BOOT=$OKVM_CACHE/boot/$TARGET
QEMU=$OKVM_CACHE/qemu/bin/qemu-system-ppc64
BUSYBOX=$OKVM_CACHE/busybox/ppc64el/busybox
UDEV=$OKVM_CACHE/udev
SELFTEST=$OKVM_BUILD/selftests/ppc64el/api_version
WORK=$OKVM_BUILD/qemu/$SUITE
TOP=$(cd "$QEMU_DIR/../.." && pwd)
# group kvm's id, which init expects on /dev/okvm
KVM_GID=990

need "$QEMU" "run scripts/setup qemu"
need "$BOOT/vmlinux" "run scripts/setup boot"
need "$BUSYBOX" "run scripts/setup busybox"
need "$UDEV/files" "run scripts/setup udev"
need "$SELFTEST" "build the selftests first"

rm -rf "$WORK"
mkdir -p "$WORK" "$RESULTS_DIR"

release=$(cat "$BOOT/release")
say "dkms: build and install okvm for $release"
OKVM_DKMS_KEEP=$WORK/dkms "$TOP/scripts/dkms-check" "$TARGET" > "$WORK/dkms.log" 2>&1 ||
	{ cat "$WORK/dkms.log" >&2; die "scripts/dkms-check $TARGET failed"; }
KO=lib/modules/$release/updates/dkms/okvm.ko
need "$WORK/dkms/$KO" "dkms-check installed no $KO for the L1's kernel"

cat > "$WORK/passwd" <<EOF
root:x:0:0:root:/:/bin/sh
tester:x:1000:1000:okvm test user:/tmp:/bin/sh
nobody:x:65534:65534:nobody:/nonexistent:/bin/sh
EOF
cat > "$WORK/group" <<EOF
root:x:0:
kvm:x:$KVM_GID:tester
tester:x:1000:
nogroup:x:65534:
EOF

{
	initramfs_base "$BUSYBOX"
	package_spec "$UDEV" lib/systemd/systemd-udevd \
		lib/udev/rules.d/99-okvm.rules "$KO" etc/passwd run/udev \
		selftests/api_version
	echo "slink /lib/systemd/systemd-udevd /bin/udevadm 777 0 0"
	echo "file /lib/udev/rules.d/99-okvm.rules $TOP/packaging/99-okvm.rules 644 0 0"
	echo "file /$KO $WORK/dkms/$KO 644 0 0"
	echo "file /etc/passwd $WORK/passwd 644 0 0"
	echo "file /etc/group $WORK/group 644 0 0"
	echo "file /selftests/api_version $SELFTEST 755 0 0"
} > "$WORK/initramfs.spec"
mkinitramfs "$WORK/initramfs.cpio.gz" < "$WORK/initramfs.spec"

say "booting $release on $MACHINE, $CPU: the DKMS module, udev, a kvm group"
boot_ppc_l1 "$TARGET" "${OKVM_QEMU_TIMEOUT:-600}" 1G \
	"okvmtest.mode=install okvmtest.kvm_gid=$KVM_GID"

ppc_results "README's DKMS install and udev permissions, $release, QEMU $MACHINE -cpu $CPU"
