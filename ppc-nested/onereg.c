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

/*
 * ONE_REG ids served, each backed by one state-layer id. Only registers
 * the L2 really gets are listed: what v1 carries in hv_guest_state /
 * pt_regs or loads around H_ENTER_NESTED. A 4-byte state id behind an
 * 8-byte ONE_REG (PID) is zero-extended.
 */
/* CIABR[PRIV]: 0b11 matches in hypervisor state, which no guest has */
#define OKVM_CIABR_PRIV		0x3ULL

enum okvm_onereg_kind {
	OKVM_ONEREG_PLAIN,	/* one state id */
	OKVM_ONEREG_FPR,	/* FPR n: the high doubleword of VSR n */
	OKVM_ONEREG_VSR,	/* VSR n (0-31) */
	OKVM_ONEREG_VR,		/* VR n: VSR 32 + n */
};

static const struct okvm_onereg {
	u64 id;		/* first id of a range */
	u16 gsid;
	u8 count;	/* ids in the range */
	u8 kind;
} okvm_oneregs[] = {
	{ KVM_REG_PPC_FPR0, OKVM_GSID_VSR(0), 32, OKVM_ONEREG_FPR },
	{ KVM_REG_PPC_VR0, OKVM_GSID_VSR(32), 32, OKVM_ONEREG_VR },
	{ KVM_REG_PPC_VSR0, OKVM_GSID_VSR(0), 32, OKVM_ONEREG_VSR },
	{ KVM_REG_PPC_FPSCR, OKVM_GSID_FPSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VSCR, OKVM_GSID_VSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VRSAVE, OKVM_GSID_VRSAVE, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DSCR, OKVM_GSID_DSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAR, OKVM_GSID_DAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DSISR, OKVM_GSID_DSISR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_AMR, OKVM_GSID_AMR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_UAMOR, OKVM_GSID_UAMOR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_IAMR, OKVM_GSID_IAMR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_TAR, OKVM_GSID_TAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_FSCR, OKVM_GSID_FSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PSPB, OKVM_GSID_PSPB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PPR, OKVM_GSID_PPR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DPDES, OKVM_GSID_DPDES, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PID, OKVM_GSID_PIDR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_LPCR, OKVM_GSID_LPCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_LPCR_64, OKVM_GSID_LPCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DEC_EXPIRY, OKVM_GSID_DEC_EXPIRY_TB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_TB_OFFSET, OKVM_GSID_TB_OFFSET, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PURR, OKVM_GSID_PURR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SPURR, OKVM_GSID_SPURR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR0, OKVM_GSID_MMCR(0), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR1, OKVM_GSID_MMCR(1), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCRA, OKVM_GSID_MMCRA, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR2, OKVM_GSID_MMCR(2), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SIAR, OKVM_GSID_SIAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SDAR, OKVM_GSID_SDAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SIER, OKVM_GSID_SIER, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PMC1, OKVM_GSID_PMC(0), 6, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_EBBHR, OKVM_GSID_EBBHR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_EBBRR, OKVM_GSID_EBBRR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_BESCR, OKVM_GSID_BESCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWR, OKVM_GSID_DAWR0, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWRX, OKVM_GSID_DAWRX0, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_CIABR, OKVM_GSID_CIABR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_IC, OKVM_GSID_IC, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VTB, OKVM_GSID_VTB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWR1, OKVM_GSID_DAWR1, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWRX1, OKVM_GSID_DAWRX1, 1, OKVM_ONEREG_PLAIN },
};

/* The walker: the @index-th id served, or 0 past the end. */
static u64 okvm_onereg_nth(unsigned int index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		if (index < okvm_oneregs[i].count)
			return okvm_oneregs[i].id + index;
		index -= okvm_oneregs[i].count;
	}
	return 0;
}

static const struct okvm_onereg *okvm_onereg_find(u64 id, unsigned int *n)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		const struct okvm_onereg *r = &okvm_oneregs[i];

		if (id >= r->id && id < r->id + r->count) {
			*n = array_index_nospec(id - r->id, r->count);
			return r;
		}
	}
	return NULL;
}

/*
 * A plain register: @val holds the user's value (@size 4 or 8 bytes, at
 * its start); the state id may be 4 or 8 bytes wide (zero-extended and
 * truncated as needed: LPCR is served both as U32 and U64, PID is U64
 * over a 4-byte PIDR).
 */
static int okvm_ppc_plain_reg(struct okvm_state *st, u16 gsid, u64 *val,
			      unsigned int size, bool set)
{
	bool narrow = okvm_gsid_value_size(okvm_gsid_info(gsid)) == 4;
	u32 w;
	u64 v;
	int r;

	if (set) {
		if (size == 4) {
			memcpy(&w, val, 4);
			v = w;
		} else {
			v = val[0];
		}
		return narrow ? okvm_state_set_u32(st, gsid, v) :
				okvm_state_set_u64(st, gsid, v);
	}
	if (narrow) {
		r = okvm_state_get_u32(st, gsid, &w);
		v = w;
	} else {
		r = okvm_state_get_u64(st, gsid, &v);
	}
	if (r)
		return r;
	if (size == 4) {
		w = v;
		memcpy(val, &w, 4);
	} else {
		val[0] = v;
	}
	return 0;
}

/*
 * A 128-bit ONE_REG value is laid out as the kernel keeps VSRs (struct
 * thread_fp_state / thread_vr_state): the high doubleword at
 * TS_FPROFFSET. The state layer keeps [0] = high.
 */
static long okvm_ppc_one_reg(struct okvm_ppc_vcpu *pv,
			     const struct kvm_one_reg *reg, bool set)
{
	u64 __user *uaddr = u64_to_user_ptr(reg->addr);
	unsigned int size = 1U << ((reg->id & KVM_REG_SIZE_MASK) >>
				   KVM_REG_SIZE_SHIFT);
	const struct okvm_onereg *r;
	u64 vsr[2], val[2] = {};
	unsigned int n = 0;
	u16 gsid;
	int ret;

	r = okvm_onereg_find(reg->id, &n);
	if (!r)
		return -ENOENT;
	gsid = r->gsid + n;
	if (set && copy_from_user(val, uaddr, size))
		return -EFAULT;

	switch (r->kind) {
	case OKVM_ONEREG_FPR:
		ret = okvm_state_get(&pv->st, gsid, vsr, sizeof(vsr));
		if (!ret && set) {
			vsr[0] = val[0];
			ret = okvm_state_set(&pv->st, gsid, vsr, sizeof(vsr));
		}
		val[0] = vsr[0];
		break;
	case OKVM_ONEREG_VSR:
	case OKVM_ONEREG_VR:
		if (set) {
			vsr[0] = val[TS_FPROFFSET];
			vsr[1] = val[TS_VSRLOWOFFSET];
			ret = okvm_state_set(&pv->st, gsid, vsr, sizeof(vsr));
		} else {
			ret = okvm_state_get(&pv->st, gsid, vsr, sizeof(vsr));
			val[TS_FPROFFSET] = vsr[0];
			val[TS_VSRLOWOFFSET] = vsr[1];
		}
		break;
	default:
		/* no breakpoints in hypervisor code, as upstream refuses */
		if (set && gsid == OKVM_GSID_CIABR &&
		    (val[0] & OKVM_CIABR_PRIV) == OKVM_CIABR_PRIV)
			val[0] &= ~OKVM_CIABR_PRIV;
		ret = okvm_ppc_plain_reg(&pv->st, gsid, val, size, set);
		break;
	}
	if (ret)
		return ret;
	if (!set && copy_to_user(uaddr, val, size))
		return -EFAULT;
	return 0;
}

static long okvm_ppc_reg_list(struct kvm_reg_list __user *argp)
{
	struct kvm_reg_list list;
	unsigned int n = 0, i;
	u64 id;

	while (okvm_onereg_nth(n))
		n++;
	if (copy_from_user(&list, argp, sizeof(list)))
		return -EFAULT;
	if (put_user(n, &argp->n))
		return -EFAULT;
	if (list.n < n)
		return -E2BIG;
	for (i = 0; i < n; i++) {
		id = okvm_onereg_nth(i);
		if (put_user(id, &argp->reg[i]))
			return -EFAULT;
	}
	return 0;
}

/*
 * The checks in upstream's order: an id served with another size is
 * -EINVAL, an id not served at all -ENOENT.
 */
static int okvm_ppc_onereg_check(u64 id)
{
	unsigned int n, i;

	if ((id & KVM_REG_ARCH_MASK) != KVM_REG_PPC)
		return -EINVAL;
	if (okvm_onereg_find(id, &n))
		return 0;
	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		u64 first = okvm_oneregs[i].id & ~KVM_REG_SIZE_MASK;
		u64 bare = id & ~KVM_REG_SIZE_MASK;

		if (bare >= first && bare < first + okvm_oneregs[i].count)
			return -EINVAL;
	}
	return -ENOENT;
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
		r = okvm_ppc_onereg_check(reg.id);
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
