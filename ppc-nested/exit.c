// SPDX-License-Identifier: GPL-2.0
/*
 * The POWER vCPU run loop and exit handling, common to both transports:
 * the transport runs the L2 once and reports the interrupt vector that
 * ended it; everything here reads and writes L2 state through the state
 * layer only.
 *
 * Handlers return > 0 to re-enter the L2, 0 to return to userspace with
 * run->exit_reason set, < 0 for an error.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <linux/delay.h>
#include <linux/wait.h>
#include <asm/debug.h>
#include <asm/hvcall.h>
#include <asm/reg.h>
#include <asm/time.h>

#include "ppc.h"

#define OKVM_VEC_NONE		0x000	/* v2: "stopped for no given reason" */
#define OKVM_VEC_HDEC		0x980
#define OKVM_VEC_SYSCALL	0xc00
#define OKVM_VEC_HDSI		0xe00
#define OKVM_VEC_HISI		0xe20
#define OKVM_VEC_HEAI		0xe40
#define OKVM_VEC_HDOORBELL	0xe80
#define OKVM_VEC_HVIRT		0xea0
#define OKVM_VEC_HFAC		0xf80
#define OKVM_VEC_PROGRAM	0x700

#define OKVM_VEC_EXTERNAL	0x500

/* SRR1 keeps the MSR but for the interrupt-cause bits 33:36 and 42:47. */
#define OKVM_SRR1_MSR_BITS	(~0x783f0000ULL)

/**
 * okvm_ppc_inject() - deliver an interrupt to the L2 as the ISA does
 * @pv: the vCPU
 * @vector: the interrupt's offset (0x500, 0x700, ...)
 * @srr1_bits: cause bits for SRR1
 *
 * Power ISA 3.0 Book III 7.5: SRR0 = NIA, SRR1 = MSR (less the cause
 * bits) | cause, MSR = SF | ME | (LE if LPCR[ILE]); with LPCR[AIL] = 3
 * and the L2's MMU on, the interrupt is taken with the MMU on at
 * 0xc000000000004000 + vector (7.5.1, "Alternate Interrupt Location").
 *
 * Return: 1 (re-enter the L2), or a negative errno.
 */
static int okvm_ppc_inject(struct okvm_ppc_vcpu *pv, u64 vector, u64 srr1_bits)
{
	static const u16 ids[] = { OKVM_GSID_NIA, OKVM_GSID_MSR,
				   OKVM_GSID_LPCR };
	struct okvm_state *st = &pv->st;
	u64 nia, msr, lpcr, new_msr;
	int r;

	r = okvm_state_ensure(st, ids, ARRAY_SIZE(ids));
	if (!r)
		r = okvm_state_get_u64(st, OKVM_GSID_NIA, &nia);
	if (!r)
		r = okvm_state_get_u64(st, OKVM_GSID_MSR, &msr);
	if (!r)
		r = okvm_state_get_u64(st, OKVM_GSID_LPCR, &lpcr);
	if (r)
		return r;
	new_msr = MSR_SF | MSR_ME | ((lpcr & LPCR_ILE) ? MSR_LE : 0);
	if ((msr & (MSR_IR | MSR_DR)) == (MSR_IR | MSR_DR) &&
	    (lpcr & LPCR_AIL) == LPCR_AIL_3) {
		new_msr |= MSR_IR | MSR_DR;
		vector += 0xc000000000004000ULL;
	}
	r = okvm_state_set_u64(st, OKVM_GSID_SRR0, nia);
	if (!r)
		r = okvm_state_set_u64(st, OKVM_GSID_SRR1,
				       (msr & OKVM_SRR1_MSR_BITS) | srr1_bits);
	if (!r)
		r = okvm_state_set_u64(st, OKVM_GSID_NIA, vector);
	if (!r)
		r = okvm_state_set_u64(st, OKVM_GSID_MSR, new_msr);
	return r ?: 1;
}

static int okvm_ppc_inject_program(struct okvm_ppc_vcpu *pv, u64 srr1_bits)
{
	return okvm_ppc_inject(pv, OKVM_VEC_PROGRAM, srr1_bits);
}

/*
 * A pending external interrupt (KVM_INTERRUPT) is delivered at entry
 * when the L2 has MSR[EE] set; otherwise it waits, and the L1 looks
 * again at every exit (at least every HDEC slice).
 */
static int okvm_ppc_deliver_external(struct okvm_ppc_vcpu *pv)
{
	u64 msr;
	int r;

	if (!READ_ONCE(pv->irq_pending))
		return 0;
	r = okvm_state_get_u64(&pv->st, OKVM_GSID_MSR, &msr);
	if (r || !(msr & MSR_EE))
		return r;
	/* level-triggered: stays pending until KVM_INTERRUPT unsets it */
	r = okvm_ppc_inject(pv, OKVM_VEC_EXTERNAL, 0);
	return r < 0 ? r : 0;
}

/*
 * H_CEDE (PAPR 14.5.4.3.1): the L2 gives up its CPU until an interrupt is
 * pending for it; the call enables MSR[EE] and returns H_SUCCESS. Handled
 * here, not by userspace: the vCPU thread sleeps until KVM_INTERRUPT
 * (which kicks it), its decrementer expiry, or a signal.
 */
static int okvm_ppc_cede(struct okvm_ppc_vcpu *pv)
{
	static const u16 ids[] = { OKVM_GSID_MSR, OKVM_GSID_DEC_EXPIRY_TB };
	u64 msr, expiry, now, us;
	long left = MAX_SCHEDULE_TIMEOUT;
	int r;

	r = okvm_state_ensure(&pv->st, ids, ARRAY_SIZE(ids));
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_MSR, &msr);
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_MSR, msr | MSR_EE);
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(3), H_SUCCESS);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_DEC_EXPIRY_TB, &expiry);
	if (r)
		return r;
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_CEDES);
	if (expiry) {
		now = mftb();
		if (expiry <= now)
			return 1;
		us = div_u64(expiry - now, tb_ticks_per_usec);
		left = usecs_to_jiffies(min_t(u64, us, U32_MAX)) + 1;
	}
	/* woken by a kick; a signal is seen at the top of the run loop */
	wait_event_interruptible_timeout(pv->wq, READ_ONCE(pv->irq_pending),
					 left);
	return 1;
}

/*
 * H_SET_MODE (PAPR 14.5.4.3.14) for the breakpoint resources: they set
 * L2 registers only the hypervisor may write (CIABR, DAWR0/DAWRX0,
 * DAWR1/DAWRX1), so once userspace enables H_SET_MODE (QEMU does, and
 * asserts it then never sees them) they are done here as upstream KVM
 * does them, with its checks and codes. The other resources (interrupt
 * relocation, endianness) go to userspace.
 * Return: 1 when handled (r3 holds the result), 0 to pass it on, or a
 * negative errno.
 */
static int okvm_ppc_set_mode(struct okvm_ppc_vcpu *pv)
{
	u64 mflags, resource, value1, value2;
	u16 reg1, reg2 = 0;
	long rc = H_SUCCESS;
	bool one;
	int r;

	r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(4), &mflags);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(5), &resource);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(6), &value1);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(7), &value2);
	if (r)
		return r;

	switch (resource) {
	case H_SET_MODE_RESOURCE_SET_CIABR:
		reg1 = OKVM_GSID_CIABR;
		if (mflags)
			rc = H_UNSUPPORTED_FLAG_START;
		else if ((value1 & CIABR_PRIV) == CIABR_PRIV_HYPER)
			rc = H_P3;
		break;
	case H_SET_MODE_RESOURCE_SET_DAWR0:
	case H_SET_MODE_RESOURCE_SET_DAWR1:
		one = resource == H_SET_MODE_RESOURCE_SET_DAWR1;
		reg1 = one ? OKVM_GSID_DAWR1 : OKVM_GSID_DAWR0;
		reg2 = one ? OKVM_GSID_DAWRX1 : OKVM_GSID_DAWRX0;
		if (!ppc_breakpoint_available() ||
		    (one && !cpu_has_feature(CPU_FTR_DAWR1)))
			rc = H_P2;
		else if (one && !READ_ONCE(pv->pvm->dawr1))
			rc = H_FUNCTION;
		else if (mflags)
			rc = H_UNSUPPORTED_FLAG_START;
		else if (value2 & DABRX_HYP)
			rc = H_P4;
		break;
	default:
		return 0;
	}
	if (rc == H_SUCCESS) {
		r = okvm_state_set_u64(&pv->st, reg1, value1);
		if (!r && reg2)
			r = okvm_state_set_u32(&pv->st, reg2, value2);
	}
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(3), rc);
	return r ?: 1;
}

static int okvm_ppc_hcall_exit(struct okvm_ppc_vcpu *pv, struct kvm_run *run)
{
	static const u16 ids[] = {
		OKVM_GSID_GPR(3), OKVM_GSID_GPR(4), OKVM_GSID_GPR(5),
		OKVM_GSID_GPR(6), OKVM_GSID_GPR(7), OKVM_GSID_GPR(8),
		OKVM_GSID_GPR(9), OKVM_GSID_GPR(10), OKVM_GSID_GPR(11),
		OKVM_GSID_GPR(12),
	};
	unsigned int i;
	int r, bit;
	u64 v;

	if (!pv->papr)
		return okvm_ppc_inject_program(pv, SRR1_PROGILL);
	/* r3-r12 in one sync (v2: the 0xC00 output carries them) */
	r = okvm_state_ensure(&pv->st, ids, ARRAY_SIZE(ids));
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(3), &v);
	if (r)
		return r;
	if (v == OKVM_H_CEDE && test_bit(OKVM_PPC_HC_CEDE, &pv->pvm->hcalls))
		return okvm_ppc_cede(pv);
	bit = okvm_ppc_hcall_bit(v);
	if (bit >= 0 && bit != OKVM_PPC_HC_CEDE &&
	    test_bit(bit, &pv->pvm->hcalls)) {
		r = bit == OKVM_PPC_HC_SET_MODE ? okvm_ppc_set_mode(pv) :
						  okvm_ppc_tce_hcall(pv, v);
		if (r)
			return r;
	}
	run->papr_hcall.nr = v;
	for (i = 0; i < ARRAY_SIZE(run->papr_hcall.args); i++) {
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(4 + i), &v);
		if (r)
			return r;
		run->papr_hcall.args[i] = v;
	}
	run->exit_reason = KVM_EXIT_PAPR_HCALL;
	pv->hcall_pending = true;
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_HCALL_EXITS);
	return 0;
}

static int okvm_ppc_page_fault(struct okvm_ppc_vcpu *pv, struct kvm_run *run,
			       u64 vector)
{
	static const u16 ids[] = { OKVM_GSID_ASDR, OKVM_GSID_HDSISR };
	u64 gpa;
	u32 hdsisr = 0;
	int r;

	r = okvm_state_ensure(&pv->st, ids, ARRAY_SIZE(ids));
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_ASDR, &gpa);
	if (!r && vector == OKVM_VEC_HDSI)
		r = okvm_state_get_u32(&pv->st, OKVM_GSID_HDSISR, &hdsisr);
	if (r)
		return r;
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_PAGE_FAULTS);
	r = okvm_ppc_mmu_fault(pv->pvm->vm, &pv->pvm->mmu, gpa,
			       hdsisr & DSISR_ISSTORE);
	if (!r || r == -EAGAIN)
		return 1;
	if (r != -ENOENT)
		return r;
	if (vector == OKVM_VEC_HISI) {
		/* executing from outside memory: nothing to emulate */
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
		run->internal.ndata = 2;
		run->internal.data[0] = vector;
		run->internal.data[1] = gpa;
		return 0;
	}
	return okvm_ppc_emulate_mmio(pv, run, gpa);
}

static int okvm_ppc_handle_exit(struct okvm_ppc_vcpu *pv, struct kvm_run *run,
				u64 vector)
{
	switch (vector) {
	case OKVM_VEC_NONE:
	case OKVM_VEC_HDEC:
	case OKVM_VEC_HVIRT:
	case OKVM_VEC_HDOORBELL:
		/* for the L1: its interrupt was taken when it re-enabled */
		return 1;
	case OKVM_VEC_SYSCALL:
		return okvm_ppc_hcall_exit(pv, run);
	case OKVM_VEC_HDSI:
	case OKVM_VEC_HISI:
		return okvm_ppc_page_fault(pv, run, vector);
	case OKVM_VEC_HEAI:
		/* an instruction the L2 may not run: illegal, as the ISA says */
		return okvm_ppc_inject_program(pv, SRR1_PROGILL);
	case OKVM_VEC_HFAC:
		/*
		 * A facility HFSCR keeps from the L2 (TM, msgsndp, BHRB,
		 * ...): okvm offers none of them, so to the L2 the
		 * instruction does not exist, as upstream KVM-HV answers.
		 */
		return okvm_ppc_inject_program(pv, SRR1_PROGILL);
	default:
		run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON;
		run->internal.ndata = 1;
		run->internal.data[0] = vector;
		return 0;
	}
}

/* The results userspace left in kvm_run for the hcall it handled. */
static int okvm_ppc_complete_hcall(struct okvm_ppc_vcpu *pv,
				   const struct kvm_run *run)
{
	unsigned int i;
	int r;

	pv->hcall_pending = false;
	r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(3), run->papr_hcall.ret);
	for (i = 0; !r && i < ARRAY_SIZE(run->papr_hcall.args); i++)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(4 + i),
				       run->papr_hcall.args[i]);
	return r;
}

/**
 * okvm_ppc_vcpu_kick() - make the vCPU leave the L2 and look at its state
 * @pv: the vCPU
 *
 * An IPI to the CPU running the vCPU's thread ends the L2 run (the L0
 * exits with HVIRT or a doorbell) and the run loop then sees what
 * changed before it enters again.
 *
 * Context: any.
 */
void okvm_ppc_vcpu_kick(struct okvm_ppc_vcpu *pv)
{
	struct task_struct *t;

	wake_up_interruptible(&pv->wq);
	rcu_read_lock();
	t = rcu_dereference(pv->task);
	if (t)
		kick_process(t);
	rcu_read_unlock();
}

/**
 * okvm_ppc_vm_sync_l2() - wait until no vCPU uses an old translation
 * @vm: the VM whose partition-scoped tree changed
 *
 * Every vCPU of @vm that is inside the L0's run hcall is kicked out of
 * the L2 and waited for: when this returns, each has switched back to
 * the L1 at least once since the change, and an L0 that flushes its
 * TLB at every switch (QEMU) holds no old translation. A kick that
 * misses still ends at the next HDEC, within OKVM_HDEC_SLICE_US.
 *
 * Context: process context, may sleep; not from a vCPU of @vm.
 */
void okvm_ppc_vm_sync_l2(struct okvm *vm)
{
	struct okvm_vcpu *vcpu;
	unsigned long i, seq;

	xa_for_each(&vm->vcpus, i, vcpu) {
		struct okvm_ppc_vcpu *pv = vcpu->arch;

		/* after the tree change (the caller's smp_mb()) */
		seq = smp_load_acquire(&pv->l2_seq);
		if (!(seq & 1))
			continue;
		okvm_ppc_vcpu_kick(pv);
		/* pairs with okvm_ppc_l2_exit() */
		while (smp_load_acquire(&pv->l2_seq) == seq)
			usleep_range(20, 100);
	}
}

/**
 * okvm_ppc_vcpu_run() - okvm_arch_ops.vcpu_run for POWER
 * @vcpu: the vCPU
 *
 * Context: process context, vcpu->mutex held.
 * Return: 0 with run->exit_reason set, -EINTR (KVM_EXIT_INTR) when a
 * signal is pending, or the transport's errno.
 */
int okvm_ppc_vcpu_run(struct okvm_vcpu *vcpu)
{
	struct okvm_ppc_vcpu *pv = vcpu->arch;
	struct kvm_run *run = vcpu->run;
	u64 vector;
	int r;

	if (pv->hcall_pending) {
		r = okvm_ppc_complete_hcall(pv, run);
		if (r)
			return r;
	}
	if (pv->mmio_pending) {
		r = okvm_ppc_complete_mmio(pv, run);
		if (r)
			return r;
	}
	/* task_structs are freed after a grace period: kicks need no more */
	rcu_assign_pointer(pv->task, current);
	do {
		if (signal_pending(current)) {
			run->exit_reason = KVM_EXIT_INTR;
			r = -EINTR;
			break;
		}
		cond_resched();
		r = okvm_ppc_deliver_external(pv);
		if (!r)
			r = okvm_state_flush(&pv->st);
		if (!r)
			r = pv->st.ops->run(pv, &vector);
		if (!r)
			r = okvm_ppc_handle_exit(pv, run, vector);
	} while (r > 0);
	RCU_INIT_POINTER(pv->task, NULL);
	return r;
}
