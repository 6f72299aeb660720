// SPDX-License-Identifier: GPL-2.0
/*
 * POWER vCPU register ioctls: KVM_GET_REGS / KVM_SET_REGS (struct
 * kvm_regs of asm/kvm.h) and KVM_ENABLE_CAP on the vCPU fd, through the
 * state layer. Table driven: one row per kvm_regs field.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <asm/reg.h>

#include "ppc.h"

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
	}
	for (i = 0; !r && i < ARRAY_SIZE(okvm_ppc_regs_map); i++)
		r = okvm_ppc_reg_xfer(&pv->st, okvm_ppc_regs_map[i].id,
				      (void *)&regs + okvm_ppc_regs_map[i].offset,
				      okvm_ppc_regs_map[i].size, set);
	for (i = 0; !r && i < 32; i++)
		r = okvm_ppc_reg_xfer(&pv->st, OKVM_GSID_GPR(i), &regs.gpr[i],
				      8, set);
	if (r)
		return r;
	if (!set && copy_to_user(argp, &regs, sizeof(regs)))
		return -EFAULT;
	return 0;
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
	default:
		return -ENOTTY;
	}
}
