// SPDX-License-Identifier: GPL-2.0
/*
 * The POWER backend's VM ioctls: what the MMU offers an L2
 * (KVM_PPC_GET_SMMU_INFO, KVM_PPC_GET_RMMU_INFO) and the L2's choice
 * (KVM_PPC_CONFIGURE_V3_MMU), and its DMA windows (KVM_CREATE_SPAPR_TCE*,
 * tce.c), as QEMU's pseries machine asks them
 * (target/ppc/kvm.c: kvm_check_mmu(), kvmppc_configure_v3_mmu()).
 *
 * okvm runs radix L2s only: the L0 walks the L2's own process-scoped
 * tables and okvm's partition-scoped tree; an HPT would need the L1 to
 * shadow it, which okvm does not do. So the hash description below is
 * the architecture's, flagged KVM_PPC_NO_HASH, and KVM_PPC_ALLOCATE_HTAB
 * is not served.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"

#include "ppc.h"
#include "transport.h"

/* Hash page sizes of POWER7 and later (ISA 3.0 5.7.7.1, PAPR "ibm,segment-page-sizes") */
static const struct kvm_ppc_one_seg_page_size okvm_ppc_hash_sizes[] = {
	{ .page_shift = 12, .slb_enc = 0x000,
	  .enc = { { 12, 0x0 }, { 16, 0x7 }, { 24, 0x38 } } },
	{ .page_shift = 16, .slb_enc = 0x110,
	  .enc = { { 16, 0x1 }, { 24, 0x8 } } },
	{ .page_shift = 24, .slb_enc = 0x100, .enc = { { 24, 0x0 } } },
	{ .page_shift = 34, .slb_enc = 0x120, .enc = { { 34, 0x3 } } },
};

static long okvm_ppc_get_smmu_info(void __user *argp)
{
	struct kvm_ppc_smmu_info info = {
		.flags = KVM_PPC_1T_SEGMENTS | KVM_PPC_NO_HASH,
		.slb_size = 32,
	};

	BUILD_BUG_ON(ARRAY_SIZE(okvm_ppc_hash_sizes) > ARRAY_SIZE(info.sps));
	memcpy(info.sps, okvm_ppc_hash_sizes, sizeof(okvm_ppc_hash_sizes));
	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

/*
 * Radix trees an L2 may build (ISA 3.0 5.7.10): 52-bit addresses, a
 * 13-bit root, 9-bit levels down to 4 KiB leaves or 5-bit last level for
 * 64 KiB ones; and the AP encodings of the page sizes tlbie takes.
 */
static long okvm_ppc_get_rmmu_info(void __user *argp)
{
	struct kvm_ppc_rmmu_info info = {
		.geometries = {
			{ .page_shift = 12, .level_bits = { 9, 9, 9, 13 } },
			{ .page_shift = 16, .level_bits = { 5, 9, 9, 13 } },
		},
		.ap_encodings = {
			(0U << 29) | 12, (5U << 29) | 16,
			(1U << 29) | 21, (2U << 29) | 30,
		},
	};

	return copy_to_user(argp, &info, sizeof(info)) ? -EFAULT : 0;
}

static long okvm_ppc_configure_v3_mmu(struct okvm *vm, void __user *argp)
{
	struct okvm_ppc_vm *pvm = vm->arch;
	struct kvm_ppc_mmuv3_cfg cfg;
	u64 dw1;
	long r;

	if (copy_from_user(&cfg, argp, sizeof(cfg)))
		return -EFAULT;
	if (cfg.flags & ~(u64)(KVM_PPC_MMUV3_RADIX | KVM_PPC_MMUV3_GTSE))
		return -EINVAL;
	/* hash (an HPT) is not offered: KVM_CAP_PPC_MMU_HASH_V3 is 0 */
	if (!(cfg.flags & KVM_PPC_MMUV3_RADIX) ||
	    !(cfg.process_table & OKVM_PATE_GR))
		return -EINVAL;
	dw1 = cfg.process_table & ~OKVM_PATE_GR;
	if (dw1 & ~(OKVM_PRTB_MASK | OKVM_PRTS_MASK) ||
	    (dw1 & OKVM_PRTS_MASK) > OKVM_PRTS_MAX)
		return -EINVAL;
	mutex_lock(&vm->lock);
	r = pvm->ops->set_process_table(pvm, dw1);
	mutex_unlock(&vm->lock);
	return r;
}

/**
 * okvm_ppc_vm_ioctl() - okvm_arch_ops.vm_ioctl for POWER
 * @vm: the VM
 * @ioctl: the request
 * @arg: its argument
 *
 * Context: process context, no VM lock held.
 * Return: 0, -EFAULT, -EINVAL, an L0 failure's errno, or -ENOTTY for an
 * unknown @ioctl.
 */
long okvm_ppc_vm_ioctl(struct okvm *vm, unsigned int ioctl, unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (ioctl) {
	case KVM_PPC_GET_SMMU_INFO:
		return okvm_ppc_get_smmu_info(argp);
	case KVM_PPC_GET_RMMU_INFO:
		return okvm_ppc_get_rmmu_info(argp);
	case KVM_PPC_CONFIGURE_V3_MMU:
		return okvm_ppc_configure_v3_mmu(vm, argp);
	case KVM_CREATE_SPAPR_TCE_64: {
		struct kvm_create_spapr_tce_64 args;

		if (copy_from_user(&args, argp, sizeof(args)))
			return -EFAULT;
		return okvm_ppc_create_tce(vm->arch, &args);
	}
	case KVM_CREATE_SPAPR_TCE: {
		/* the 32-bit window of old VMMs: 4 KiB pages from 0 */
		struct kvm_create_spapr_tce old;
		struct kvm_create_spapr_tce_64 args = { .page_shift = 12 };

		if (copy_from_user(&old, argp, sizeof(old)))
			return -EFAULT;
		args.liobn = old.liobn;
		args.size = old.window_size >> 12;
		return okvm_ppc_create_tce(vm->arch, &args);
	}
	default:
		return -ENOTTY;
	}
}
