// SPDX-License-Identifier: GPL-2.0
/*
 * POWER vCPU register ioctls through the state layer: KVM_GET_REGS /
 * KVM_SET_REGS (struct kvm_regs of asm/kvm.h), KVM_GET_ONE_REG /
 * KVM_SET_ONE_REG / KVM_GET_REG_LIST with upstream's KVM_REG_PPC_* ids,
 * and KVM_ENABLE_CAP on the vCPU fd. Table driven: one row per kvm_regs
 * field, one row (or range) per ONE_REG id, and one walker that both
 * counts and lists the ids, so the two cannot drift apart.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <asm/reg.h>

#include "ppc.h"
#include "reg_ids.h"

static long okvm_ppc_reg_list(struct kvm_reg_list __user *argp)
{
	struct kvm_reg_list list;
	unsigned int n = 0, i;
	u64 id;

	while (okvm_reg_id_nth(n))
		n++;
	if (copy_from_user(&list, argp, sizeof(list)))
		return -EFAULT;
	if (put_user(n, &argp->n))
		return -EFAULT;
	if (list.n < n)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		id = okvm_reg_id_nth(i);
		if (put_user(id, &argp->reg[i]))
			return -EFAULT;
	}
	return 0;
}

/*
 * A ONE_REG value crosses here: at most 16 bytes (128-bit VSRs), the
 * size already checked by okvm_reg_id_check().
 */
static long okvm_ppc_one_reg(struct okvm_ppc_vcpu *pv,
			     const struct kvm_one_reg *reg, bool set)
{
	u64 __user *uaddr = u64_to_user_ptr(reg->addr);
	unsigned int size = 1U << ((reg->id & KVM_REG_SIZE_MASK) >>
				   KVM_REG_SIZE_SHIFT);
	u64 val[2] = {};
	int ret;

	if (size > sizeof(val))
		return -EINVAL;
	if (set && copy_from_user(val, uaddr, size))
		return -EFAULT;
	ret = okvm_reg_id_xfer(&pv->st, reg->id, val, set);
	if (ret)
		return ret;
	if (!set && copy_to_user(uaddr, val, size))
		return -EFAULT;
	return 0;
}

static const struct {
	u16 id;
	u16 offset;
	u8 size;
} okvm_ppc_regs_map[] = {
	{ OKVM_GSID_NIA, offsetof(struct kvm_regs, pc), 8 },
	{ OKVM_GSID_CR, offsetof(struct kvm_regs, cr), 4 },
	{ OKVM_GSID_CTR, offsetof(struct kvm_regs, ctr), 8 },
	{ OKVM_GSID_LR, offsetof(struct kvm_regs, lr), 8 },
	{ OKVM_GSID_XER, offsetof(struct kvm_regs, xer), 8 },
	{ OKVM_GSID_MSR, offsetof(struct kvm_regs, msr), 8 },
	{ OKVM_GSID_SRR0, offsetof(struct kvm_regs, srr0), 8 },
	{ OKVM_GSID_SRR1, offsetof(struct kvm_regs, srr1), 8 },
	{ OKVM_GSID_PIDR, offsetof(struct kvm_regs, pid), 4 },
	{ OKVM_GSID_SPRG(0), offsetof(struct kvm_regs, sprg0), 8 },
	{ OKVM_GSID_SPRG(1), offsetof(struct kvm_regs, sprg1), 8 },
	{ OKVM_GSID_SPRG(2), offsetof(struct kvm_regs, sprg2), 8 },
	{ OKVM_GSID_SPRG(3), offsetof(struct kvm_regs, sprg3), 8 },
};

/*
 * What the L2 may never run with: hypervisor and secure state, and
 * transactional state (no TM here). The L0 forces none of this (QEMU
 * loads the MSR as given), so the L1 does; ME is forced on as the ISA
 * requires for a guest.
 */
static u64 okvm_ppc_sanitize_msr(u64 msr)
{
	return (msr & ~(MSR_HV | MSR_S | MSR_TS_MASK)) | MSR_ME;
}

static int okvm_ppc_reg_xfer(struct okvm_state *st, u16 id, u64 *v, u8 size,
			     bool set)
{
	u32 w;
	int r;

	if (size == 8)
		return set ? okvm_state_set_u64(st, id, *v) :
			     okvm_state_get_u64(st, id, v);
	if (set)
		return okvm_state_set_u32(st, id, *v);
	r = okvm_state_get_u32(st, id, &w);
	*v = w;
	return r;
}

static long okvm_ppc_get_set_regs(struct okvm_ppc_vcpu *pv,
				  struct kvm_regs __user *argp, bool set)
{
	struct kvm_regs regs = {};
	unsigned int i;
	int r = 0;

	if (set) {
		if (copy_from_user(&regs, argp, sizeof(regs)))
			return -EFAULT;
		regs.msr = okvm_ppc_sanitize_msr(regs.msr);
	} else {
		/* every register missing here in one transport sync */
		u16 ids[ARRAY_SIZE(okvm_ppc_regs_map) + 32];

		for (i = 0; i < ARRAY_SIZE(okvm_ppc_regs_map); i++)
			ids[i] = okvm_ppc_regs_map[i].id;
		for (i = 0; i < 32; i++)
			ids[ARRAY_SIZE(okvm_ppc_regs_map) + i] = OKVM_GSID_GPR(i);
		r = okvm_state_ensure(&pv->st, ids, ARRAY_SIZE(ids));
	}
	for (i = 0; !r && i < ARRAY_SIZE(okvm_ppc_regs_map); i++)
		r = okvm_ppc_reg_xfer(&pv->st, okvm_ppc_regs_map[i].id,
				      (void *)&regs + okvm_ppc_regs_map[i].offset,
				      okvm_ppc_regs_map[i].size, set);
	if (!r)
		r = set ? okvm_state_set_u64s(&pv->st, OKVM_GSID_GPR(0), 32,
					      regs.gpr) :
			  okvm_state_get_u64s(&pv->st, OKVM_GSID_GPR(0), 32,
					      regs.gpr);
	if (r)
		return r;
	if (!set && copy_to_user(argp, &regs, sizeof(regs)))
		return -EFAULT;
	return 0;
}

/*
 * KVM_GET_SREGS / KVM_SET_SREGS: on a radix L2 only the PVR means
 * anything (no SDR1, no SLB). An L2 sees the processor's real PVR (the
 * L0 cannot change it; compatibility modes go through PCR), so that is
 * what GET reports and the only value SET accepts, as upstream's HV KVM.
 */
static long okvm_ppc_sregs(struct kvm_sregs __user *argp, bool set)
{
	struct kvm_sregs *sregs;
	long r = 0;

	sregs = kzalloc(sizeof(*sregs), GFP_KERNEL);
	if (!sregs)
		return -ENOMEM;
	if (set) {
		if (copy_from_user(sregs, argp, sizeof(*sregs)))
			r = -EFAULT;
		else if (sregs->pvr != mfspr(SPRN_PVR))
			r = -EINVAL;
	} else {
		sregs->pvr = mfspr(SPRN_PVR);
		if (copy_to_user(argp, sregs, sizeof(*sregs)))
			r = -EFAULT;
	}
	kfree(sregs);
	return r;
}

static long okvm_ppc_vcpu_enable_cap(struct okvm_ppc_vcpu *pv,
				     struct kvm_enable_cap __user *argp)
{
	struct kvm_enable_cap cap;

	if (copy_from_user(&cap, argp, sizeof(cap)))
		return -EFAULT;
	if (cap.flags)
		return -EINVAL;
	switch (cap.cap) {
	case KVM_CAP_PPC_PAPR:
		pv->papr = true;
		return 0;
	default:
		return -EINVAL;
	}
}

/**
 * okvm_ppc_vcpu_async_ioctl() - vCPU ioctls taken while KVM_RUN may run
 * @vcpu: the vCPU
 * @ioctl: the request
 * @arg: its argument
 *
 * KVM_INTERRUPT asserts or clears the L2's external interrupt and kicks
 * the vCPU out of the L2 so that it is looked at now.
 *
 * Context: no vCPU lock held; any thread.
 * Return: 0, -EFAULT, -EINVAL, or -ENOIOCTLCMD for other requests.
 */
long okvm_ppc_vcpu_async_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			       unsigned long arg)
{
	struct okvm_ppc_vcpu *pv = vcpu->arch;
	struct kvm_interrupt irq;

	if (ioctl != KVM_INTERRUPT)
		return -ENOIOCTLCMD;
	if (copy_from_user(&irq, (void __user *)arg, sizeof(irq)))
		return -EFAULT;
	if (irq.irq == KVM_INTERRUPT_UNSET) {
		WRITE_ONCE(pv->irq_pending, false);
		return 0;
	}
	if (irq.irq != KVM_INTERRUPT_SET && irq.irq != KVM_INTERRUPT_SET_LEVEL)
		return -EINVAL;
	WRITE_ONCE(pv->irq_pending, true);
	okvm_ppc_vcpu_kick(pv);
	return 0;
}

/**
 * okvm_ppc_vcpu_ioctl() - okvm_arch_ops.vcpu_ioctl for POWER
 * @vcpu: the vCPU
 * @ioctl: the request
 * @arg: its argument
 *
 * Context: vcpu->mutex held.
 * Return: 0, a negative errno, or -ENOTTY for an unknown @ioctl.
 */
long okvm_ppc_vcpu_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			 unsigned long arg)
{
	struct okvm_ppc_vcpu *pv = vcpu->arch;
	void __user *argp = (void __user *)arg;

	switch (ioctl) {
	case KVM_GET_REGS:
		return okvm_ppc_get_set_regs(pv, argp, false);
	case KVM_SET_REGS:
		return okvm_ppc_get_set_regs(pv, argp, true);
	case KVM_ENABLE_CAP:
		return okvm_ppc_vcpu_enable_cap(pv, argp);
	case KVM_GET_ONE_REG:
	case KVM_SET_ONE_REG: {
		struct kvm_one_reg reg;

		long r;

		if (copy_from_user(&reg, argp, sizeof(reg)))
			return -EFAULT;
		r = okvm_reg_id_check(reg.id);
		return r ?: okvm_ppc_one_reg(pv, &reg, ioctl == KVM_SET_ONE_REG);
	}
	case KVM_GET_REG_LIST:
		return okvm_ppc_reg_list(argp);
	case KVM_GET_SREGS:
		return okvm_ppc_sregs(argp, false);
	case KVM_SET_SREGS:
		return okvm_ppc_sregs(argp, true);
	default:
		return -ENOTTY;
	}
}
