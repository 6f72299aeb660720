/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest entry and exit for the MIPS VZ backend.
 *
 * None of this code runs where the assembler put it. run.c copies the
 * exit stub onto every root exception vector of a buffer in unmapped
 * memory (KSEG0/XKPHYS) and the body (okvm_vz_body_start ..
 * okvm_vz_body_end, position independent: PC-relative branches only)
 * behind them (entry.h gives the layout), then calls
 * okvm_vz_enter_guest() in its copy. From the moment Root.Status.EXL is
 * set until it is clear again a TLB refill could not be handled, so every
 * instruction and every datum touched in between (the vCPU, which is
 * kmalloc'd) is unmapped: module text is mapped on MIPS64, hence the copy.
 *
 * Entry (VZ manual §4.4.3.2, the seed): "The recommended method of
 * entering Guest mode is by executing an ERET instruction when
 * Root.GuestCtl0.GM=1, Root.Status.EXL=1, Root.Status.ERL=0 and
 * Root.Debug.DM=0". okvm_vz_enter_guest() saves the host's callee-saved
 * registers, Status, KScratch1/2 and HWREna in the vCPU, puts the vCPU in
 * KScratch1, sets Status.BEV|EXL, points EBase at the buffer, loads the
 * Status prepared for guest mode (EXL, KSU=user, IE, KX, the host's IM,
 * never ERL: the kernel never runs with it, nor in debug mode, so DM=0),
 * EPC = guest PC, GuestCtl0.GM = 1, the guest GPRs (HI/LO before R6) and
 * ERET. Guest CP0 needs no loading here: it stays in the hardware's guest
 * context from vCPU load to put.
 *
 * Exit (§4.4.3.3): any root exception in guest mode is taken in root
 * mode with EXL set at one of the buffer's vectors; the stub parks guest
 * k1 in KScratch2, takes the vCPU from KScratch1, saves guest k0 and
 * jumps to okvm_vz_exit_common. That saves the guest GPRs, then first of
 * all the root exception context (EPC into the guest PC, Cause,
 * BadVAddr, Context, XContext, EntryHi, BadInstr, BadInstrP, GuestCtl0
 * with GExcCode), clears GuestCtl0.GM while EXL is still set, puts the
 * kernel's EBase back (BEV around the switch), restores KScratch1/2,
 * HWREna, the callee-saved registers and Status (EXL clear, interrupts
 * still off) and returns to okvm_vz_enter_guest()'s caller, which
 * handles the exit in C.
 *
 * KScratch1 and KScratch2 (sel 2 and 3) must exist (run.c checks): the
 * host's values are saved and restored around the run, so which of them
 * the kernel uses (its pgd, its refill scratch) does not matter.
 */
#include <asm/asm.h>
#include <asm/mipsregs.h>
#include <asm/regdef.h>

#include "entry.h"

#define W(n)		((n) * SZREG)
#define GPR(n)		W(OKVM_VZ_W_GPR + (n))
#define EHB		sll	zero, zero, 3

	.text
	.set	push
	.set	noreorder
	.set	noat

/*
 * The exit stub, at most OKVM_VZ_VEC_STUB_MAX bytes: copied to each
 * vector. k0/k1 are the guest's until saved.
 */
	.globl	okvm_vz_exit_stub
okvm_vz_exit_stub:
	MTC0	k1, $31, 3			/* guest k1 -> KScratch2 */
	MFC0	k1, $31, 2			/* the vCPU */
	LONG_S	k0, GPR(26)(k1)
	LONG_L	k0, W(OKVM_VZ_W_ENT_EXIT)(k1)
	jr	k0
	 nop
	.globl	okvm_vz_exit_stub_end
okvm_vz_exit_stub_end:

	.globl	okvm_vz_body_start
okvm_vz_body_start:

/*
 * void okvm_vz_enter_guest(struct okvm_vz_vcpu *v)
 * Called (in the buffer) with interrupts off, preemption off, the vCPU
 * loaded and the root page walker stopped. Returns after the next exit.
 */
	.globl	okvm_vz_enter_guest
okvm_vz_enter_guest:
	LONG_S	s0, W(OKVM_VZ_W_HOST_S0 + 0)(a0)
	LONG_S	s1, W(OKVM_VZ_W_HOST_S0 + 1)(a0)
	LONG_S	s2, W(OKVM_VZ_W_HOST_S0 + 2)(a0)
	LONG_S	s3, W(OKVM_VZ_W_HOST_S0 + 3)(a0)
	LONG_S	s4, W(OKVM_VZ_W_HOST_S0 + 4)(a0)
	LONG_S	s5, W(OKVM_VZ_W_HOST_S0 + 5)(a0)
	LONG_S	s6, W(OKVM_VZ_W_HOST_S0 + 6)(a0)
	LONG_S	s7, W(OKVM_VZ_W_HOST_S0 + 7)(a0)
	LONG_S	gp, W(OKVM_VZ_W_HOST_GP)(a0)
	LONG_S	sp, W(OKVM_VZ_W_HOST_SP)(a0)
	LONG_S	fp, W(OKVM_VZ_W_HOST_FP)(a0)
	LONG_S	ra, W(OKVM_VZ_W_HOST_RA)(a0)
	mfc0	t0, $12				/* Status */
	LONG_S	t0, W(OKVM_VZ_W_HOST_STATUS)(a0)
	MFC0	t1, $31, 2			/* KScratch1 */
	LONG_S	t1, W(OKVM_VZ_W_HOST_KSCR1)(a0)
	MFC0	t1, $31, 3			/* KScratch2 */
	LONG_S	t1, W(OKVM_VZ_W_HOST_KSCR2)(a0)
	mfc0	t1, $7				/* HWREna */
	LONG_S	t1, W(OKVM_VZ_W_HOST_HWRENA)(a0)

	/* EXL: no root exception is the kernel's from here; BEV: EBase may move */
	li	t1, ST0_BEV | ST0_EXL
	or	t1, t0, t1
	mtc0	t1, $12
	EHB
	MTC0	a0, $31, 2			/* the vectors find the vCPU here */
	LONG_L	t1, W(OKVM_VZ_W_ENT_EBASE)(a0)
	LONG_L	t2, W(OKVM_VZ_W_ENT_FLAGS)(a0)
	andi	t2, t2, OKVM_VZ_F_EBASE64
	beqz	t2, 1f
	 nop
	MTC0	t1, $15, 1			/* EBase, 64-bit with WG */
	b	2f
	 nop
1:	mtc0	t1, $15, 1			/* EBase, in KSEG0 */
2:	EHB
	LONG_L	t1, W(OKVM_VZ_W_ENT_STATUS)(a0)	/* EXL, KSU=user, IE, KX, IM */
	mtc0	t1, $12
	mtc0	zero, $7			/* HWREna */
	LONG_L	t1, W(OKVM_VZ_W_PC)(a0)
	MTC0	t1, $14				/* EPC: where ERET goes */
	mfc0	t1, $12, 6			/* GuestCtl0.GM = 1 */
	lui	t2, 0x8000
	or	t1, t1, t2
	mtc0	t1, $12, 6
	EHB

	move	k1, a0
#ifndef CONFIG_CPU_MIPSR6
	LONG_L	t0, W(OKVM_VZ_W_HI)(k1)
	mthi	t0
	LONG_L	t0, W(OKVM_VZ_W_LO)(k1)
	mtlo	t0
#endif
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		   18, 19, 20, 21, 22, 23, 24, 25, 28, 29, 30, 31
	LONG_L	$\n, GPR(\n)(k1)
	.endr
	LONG_L	k0, GPR(26)(k1)
	LONG_L	k1, GPR(27)(k1)
	eret

/*
 * The common exit: k1 = the vCPU, guest k0 saved, guest k1 in KScratch2,
 * Status.EXL = 1, still GuestCtl0.GM = 1 and the buffer's EBase.
 */
	.globl	okvm_vz_exit_common
okvm_vz_exit_common:
	.irp	n, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, \
		   18, 19, 20, 21, 22, 23, 24, 25, 28, 29, 30, 31
	LONG_S	$\n, GPR(\n)(k1)
	.endr
	MFC0	t0, $31, 3			/* guest k1 */
	LONG_S	t0, GPR(27)(k1)
#ifndef CONFIG_CPU_MIPSR6
	mfhi	t0
	LONG_S	t0, W(OKVM_VZ_W_HI)(k1)
	mflo	t0
	LONG_S	t0, W(OKVM_VZ_W_LO)(k1)
#endif

	/* The root exception context, before anything can change it (§4.4.3.3) */
	MFC0	t0, $14				/* EPC */
	LONG_S	t0, W(OKVM_VZ_W_PC)(k1)
	mfc0	t0, $13				/* Cause */
	LONG_S	t0, W(OKVM_VZ_W_X_CAUSE)(k1)
	MFC0	t0, $8				/* BadVAddr */
	LONG_S	t0, W(OKVM_VZ_W_X_BADVADDR)(k1)
	MFC0	t0, $4				/* Context */
	LONG_S	t0, W(OKVM_VZ_W_X_CONTEXT)(k1)
#ifdef CONFIG_64BIT
	MFC0	t0, $20				/* XContext */
	LONG_S	t0, W(OKVM_VZ_W_X_XCONTEXT)(k1)
#endif
	MFC0	t0, $10				/* EntryHi */
	LONG_S	t0, W(OKVM_VZ_W_X_ENTRYHI)(k1)
	LONG_L	t1, W(OKVM_VZ_W_ENT_FLAGS)(k1)
	andi	t2, t1, OKVM_VZ_F_BADINSTR
	beqz	t2, 1f
	 move	t0, zero
	mfc0	t0, $8, 1			/* BadInstr */
1:	LONG_S	t0, W(OKVM_VZ_W_X_BADINSTR)(k1)
	andi	t2, t1, OKVM_VZ_F_BADINSTRP
	beqz	t2, 2f
	 move	t0, zero
	mfc0	t0, $8, 2			/* BadInstrP */
2:	LONG_S	t0, W(OKVM_VZ_W_X_BADINSTRP)(k1)
	mfc0	t0, $12, 6			/* GuestCtl0, with GExcCode */
	LONG_S	t0, W(OKVM_VZ_W_X_GUESTCTL0)(k1)

	/* Leave guest mode while EXL is still set */
	lui	t2, 0x8000
	nor	t2, t2, zero
	and	t0, t0, t2
	mtc0	t0, $12, 6			/* GuestCtl0.GM = 0 */
	EHB

	/* The kernel's EBase back, with BEV set around the switch */
	mfc0	t0, $12
	li	t2, ST0_BEV
	or	t0, t0, t2
	mtc0	t0, $12
	EHB
	LONG_L	t0, W(OKVM_VZ_W_HOST_EBASE)(k1)
	andi	t2, t1, OKVM_VZ_F_EBASE64
	beqz	t2, 3f
	 nop
	MTC0	t0, $15, 1
	b	4f
	 nop
3:	mtc0	t0, $15, 1
4:	EHB

	LONG_L	t0, W(OKVM_VZ_W_HOST_HWRENA)(k1)
	mtc0	t0, $7
	LONG_L	t0, W(OKVM_VZ_W_HOST_KSCR2)(k1)
	MTC0	t0, $31, 3
	LONG_L	t0, W(OKVM_VZ_W_HOST_KSCR1)(k1)
	MTC0	t0, $31, 2
	LONG_L	s0, W(OKVM_VZ_W_HOST_S0 + 0)(k1)
	LONG_L	s1, W(OKVM_VZ_W_HOST_S0 + 1)(k1)
	LONG_L	s2, W(OKVM_VZ_W_HOST_S0 + 2)(k1)
	LONG_L	s3, W(OKVM_VZ_W_HOST_S0 + 3)(k1)
	LONG_L	s4, W(OKVM_VZ_W_HOST_S0 + 4)(k1)
	LONG_L	s5, W(OKVM_VZ_W_HOST_S0 + 5)(k1)
	LONG_L	s6, W(OKVM_VZ_W_HOST_S0 + 6)(k1)
	LONG_L	s7, W(OKVM_VZ_W_HOST_S0 + 7)(k1)
	LONG_L	gp, W(OKVM_VZ_W_HOST_GP)(k1)
	LONG_L	sp, W(OKVM_VZ_W_HOST_SP)(k1)
	LONG_L	fp, W(OKVM_VZ_W_HOST_FP)(k1)
	LONG_L	ra, W(OKVM_VZ_W_HOST_RA)(k1)
	/* Kernel mode again: EXL and BEV clear, interrupts still off */
	LONG_L	t0, W(OKVM_VZ_W_HOST_STATUS)(k1)
	mtc0	t0, $12
	EHB
	jr	ra
	 nop
	.globl	okvm_vz_body_end
okvm_vz_body_end:

	.set	pop
