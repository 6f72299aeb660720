/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * okvm: additions to the KVM ioctl ABI served on /dev/okvm.
 *
 * Everything okvm serves that also exists in upstream KVM keeps the
 * numbers and structures of <linux/kvm.h>. This header only holds what
 * okvm adds on top. Capability numbers live far above upstream's range so
 * that upstream KVM answers 0 ("not supported") when asked about them,
 * which is how a client tells /dev/okvm from /dev/kvm.
 */
#ifndef _UAPI_LINUX_OKVM_H
#define _UAPI_LINUX_OKVM_H

/**
 * DOC: okvm capabilities
 *
 * Queried with ``KVM_CHECK_EXTENSION`` on the system fd or a VM fd.
 *
 * %KVM_CAP_OKVM
 *	The okvm ABI revision (currently %OKVM_ABI_VERSION). Upstream KVM
 *	answers 0, so a non-zero answer identifies okvm.
 *
 * %KVM_CAP_OKVM_NESTED_API
 *	POWER only: which L0 interface the module uses to run L2 guests,
 *	one of %OKVM_NESTED_API_V1 (``H_SET_PARTITION_TABLE`` +
 *	``H_ENTER_NESTED``) or %OKVM_NESTED_API_V2 (PAPR ``H_GUEST_*``).
 *	0 on other architectures.
 */
#define KVM_CAP_OKVM			0x4f4b0000
#define KVM_CAP_OKVM_NESTED_API		0x4f4b0001

#define OKVM_ABI_VERSION		1

#define OKVM_NESTED_API_V1		1
#define OKVM_NESTED_API_V2		2

#endif /* _UAPI_LINUX_OKVM_H */
