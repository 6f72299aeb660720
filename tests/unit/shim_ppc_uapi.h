/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The POWER KVM uapi on the x86 build host, for the pure files that use
 * it (ppc-nested/reg_ids.c: the KVM_REG_PPC_* ids): the ppc64el
 * <asm/kvm.h> of Debian's linux-libc-dev-ppc64el-cross (a host-tools
 * package, the Makefile passes its path as OKVM_PPC_ASM_KVM_H) stands in
 * for the host's own, which <linux/kvm.h> would otherwise pull in. Include
 * this before anything else.
 */
#ifndef OKVM_UNIT_SHIM_PPC_UAPI_H
#define OKVM_UNIT_SHIM_PPC_UAPI_H

#ifndef OKVM_PPC_ASM_KVM_H
#error "build with -DOKVM_PPC_ASM_KVM_H=<the ppc64el asm/kvm.h>"
#endif

#define _ASM_X86_KVM_H		/* keep the host's asm/kvm.h out */
#include OKVM_PPC_ASM_KVM_H

#include "shim_ppc.h"

/* asm/processor.h: where the high doubleword of a VSR sits (LE) */
#define TS_FPROFFSET		1
#define TS_VSRLOWOFFSET		0

#endif /* OKVM_UNIT_SHIM_PPC_UAPI_H */
