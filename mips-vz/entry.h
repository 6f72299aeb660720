/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The contract between entry.S and C: where entry.S finds things in
 * struct okvm_vz_vcpu (word indices; a word is SZREG bytes, an unsigned
 * long) and how the vector buffer is laid out. vz.h checks every index
 * against offsetof() at compile time, in the kernel and in tests/unit.
 */
#ifndef OKVM_MIPS_ENTRY_H
#define OKVM_MIPS_ENTRY_H

/* Guest registers: gpr[32], hi, lo, pc */
#define OKVM_VZ_W_GPR		0
#define OKVM_VZ_W_HI		32
#define OKVM_VZ_W_LO		33
#define OKVM_VZ_W_PC		34
/* Host registers entry.S saves (struct okvm_vz_host_regs) */
#define OKVM_VZ_W_HOST_S0	35	/* s0 .. s7 */
#define OKVM_VZ_W_HOST_GP	43
#define OKVM_VZ_W_HOST_SP	44
#define OKVM_VZ_W_HOST_FP	45
#define OKVM_VZ_W_HOST_RA	46
#define OKVM_VZ_W_HOST_STATUS	47
#define OKVM_VZ_W_HOST_EBASE	48
#define OKVM_VZ_W_HOST_KSCR1	49
#define OKVM_VZ_W_HOST_KSCR2	50
#define OKVM_VZ_W_HOST_HWRENA	51
/* What C prepares for an entry (struct okvm_vz_entry_regs) */
#define OKVM_VZ_W_ENT_STATUS	52	/* root Status in guest mode */
#define OKVM_VZ_W_ENT_EBASE	53	/* the vector buffer, with WG */
#define OKVM_VZ_W_ENT_EXIT	54	/* address of the common exit code */
#define OKVM_VZ_W_ENT_FLAGS	55	/* OKVM_VZ_F_* */
/* Root registers saved on exit (struct okvm_vz_exit_regs) */
#define OKVM_VZ_W_X_CAUSE	56
#define OKVM_VZ_W_X_BADVADDR	57
#define OKVM_VZ_W_X_CONTEXT	58
#define OKVM_VZ_W_X_XCONTEXT	59
#define OKVM_VZ_W_X_ENTRYHI	60
#define OKVM_VZ_W_X_BADINSTR	61
#define OKVM_VZ_W_X_BADINSTRP	62
#define OKVM_VZ_W_X_GUESTCTL0	63
#define OKVM_VZ_W_NR		64

/* OKVM_VZ_W_ENT_FLAGS */
#define OKVM_VZ_F_BADINSTR	1	/* root BadInstr exists */
#define OKVM_VZ_F_BADINSTRP	2	/* root BadInstrP exists */
#define OKVM_VZ_F_EBASE64	4	/* EBase is written 64-bit, with WG */

/*
 * The vector buffer EBase points at while a vCPU runs. The exit stub
 * (at most OKVM_VZ_STUB_MAX bytes) sits at the TLB refill (0x000), XTLB
 * refill (0x080), cache error (0x100) and general exception (0x180)
 * vectors and in every 32-byte slot from 0x200 up to the last vectored
 * interrupt the largest IntCtl.VS can place (0x200 + 7 * 0x200), so any
 * root exception in guest mode lands on it. The entry/exit body follows.
 */
#define OKVM_VZ_VEC_SIZE	0x2000
#define OKVM_VZ_VEC_STUB_MAX	0x20
#define OKVM_VZ_VEC_INT		0x200
#define OKVM_VZ_VEC_INT_END	0x1200
#define OKVM_VZ_VEC_BODY	0x1200

#ifndef __ASSEMBLY__
/* The code entry.S assembles, copied into the vector buffer by run.c */
extern char okvm_vz_exit_stub[], okvm_vz_exit_stub_end[];
extern char okvm_vz_body_start[], okvm_vz_body_end[];
extern char okvm_vz_enter_guest[], okvm_vz_exit_common[];
#endif

#endif /* OKVM_MIPS_ENTRY_H */
