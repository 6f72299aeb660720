/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The L0 hypercalls okvm uses, their return codes, and the thin wrappers
 * that turn them into errnos. Numbers are PAPR's (and Linux
 * asm/hvcall.h's); they are defined here because 6.1's hvcall.h lacks the
 * v2 (H_GUEST_*) ones.
 */
#ifndef OKVM_PPC_HCALL_H
#define OKVM_PPC_HCALL_H

#include <linux/bits.h>

/* v1: H_SET_PARTITION_TABLE + H_ENTER_NESTED */
#define OKVM_H_SET_PARTITION_TABLE	0xF800
#define OKVM_H_ENTER_NESTED		0xF804
#define OKVM_H_TLB_INVALIDATE		0xF808

/* v2: PAPR H_GUEST_* */
#define OKVM_H_GUEST_GET_CAPABILITIES	0x460
#define OKVM_H_GUEST_SET_CAPABILITIES	0x464
#define OKVM_H_GUEST_CREATE		0x470
#define OKVM_H_GUEST_CREATE_VCPU	0x474
#define OKVM_H_GUEST_GET_STATE		0x478
#define OKVM_H_GUEST_SET_STATE		0x47C
#define OKVM_H_GUEST_RUN_VCPU		0x480
#define OKVM_H_GUEST_DELETE		0x488

/* H_GUEST_{GET,SET}_STATE flags bit 0, H_GUEST_DELETE flags bit 0 */
#define OKVM_H_GUEST_FLAG_WIDE		BIT_ULL(63)

/* H_GUEST_GET_CAPABILITIES bits (IBM numbering: bit 0 is the MSB) */
#define OKVM_GUEST_CAP_COPY_MEM		BIT_ULL(63)
#define OKVM_GUEST_CAP_POWER9		BIT_ULL(62)
#define OKVM_GUEST_CAP_POWER10		BIT_ULL(61)
#define OKVM_GUEST_CAP_POWER11		BIT_ULL(60)
#define OKVM_GUEST_CAP_MODES		(OKVM_GUEST_CAP_POWER9 | \
					 OKVM_GUEST_CAP_POWER10 | \
					 OKVM_GUEST_CAP_POWER11)

/* Return codes beyond those every 6.1+ hvcall.h defines */
#define OKVM_H_INVALID_ELEMENT_ID	-79
#define OKVM_H_INVALID_ELEMENT_SIZE	-80
#define OKVM_H_INVALID_ELEMENT_VALUE	-81
#define OKVM_H_UNSUPPORTED_FLAG_START	-256
#define OKVM_H_UNSUPPORTED_FLAG_END	-511

int okvm_hcall_errno(long rc);
const char *okvm_hcall_name(unsigned long opcode);
long okvm_hcall(unsigned long opcode, unsigned long *ret, unsigned long a1,
		unsigned long a2, unsigned long a3, unsigned long a4,
		unsigned long a5);

/* L0 fault injection (fault.c): the debugfs knobs under okvm/fault/. */
struct dentry;
bool okvm_fault_hcall(unsigned long opcode, long *rc);
void okvm_fault_debugfs_init(struct dentry *dir);

#endif /* OKVM_PPC_HCALL_H */
