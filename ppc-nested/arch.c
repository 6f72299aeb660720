// SPDX-License-Identifier: GPL-2.0
/*
 * POWER nested (L1) backend: probe of the L0 and the okvm_arch_ops the
 * core calls.
 *
 * At load the backend finds out which nested API the L0 offers
 * (Documentation/arch/powerpc/kvm-nested.rst, the seed of
 * Documentation/ppc-nested.rst):
 *
 *  - v2 (PAPR H_GUEST_*): H_GUEST_GET_CAPABILITIES succeeds and names at
 *    least one processor mode;
 *  - v1 (H_SET_PARTITION_TABLE + H_ENTER_NESTED): H_ENTER_NESTED is
 *    called with a guest state whose version no L0 accepts and lpid 0.
 *    An L0 without v1 answers H_FUNCTION; an L0 with v1 but no
 *    partition table registered answers H_NOT_AVAILABLE; any other
 *    answer means another L1 hypervisor (such as kvm_hv) has registered
 *    its partition table, and the single table is not ours to take.
 *
 * The nested= module parameter picks the API (auto: v2 when offered).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <asm/firmware.h>
#include <asm/hvcall.h>
#include <asm/mmu.h>
#include <uapi/linux/okvm.h>

#include "hcall.h"
#include "ppc.h"

static char *nested = "auto";
module_param(nested, charp, 0444);
MODULE_PARM_DESC(nested, "L0 nested API: auto (v2 when offered, else v1), v1 or v2");

/* The API chosen at load: OKVM_NESTED_API_V1 or OKVM_NESTED_API_V2. */
static unsigned int okvm_ppc_api;
static const struct okvm_ppc_transport_ops *okvm_ppc_transport;

enum okvm_ppc_v1_state {
	OKVM_PPC_V1_ABSENT,
	OKVM_PPC_V1_FREE,
	OKVM_PPC_V1_OWNED,
};

/* Sizes the L0 maps for H_ENTER_NESTED: hv_guest_state v2 and pt_regs. */
#define OKVM_PPC_HV_STATE_SIZE	248
#define OKVM_PPC_PT_REGS_SIZE	352

static enum okvm_ppc_v1_state okvm_ppc_probe_v1(void)
{
	u64 *hv, *regs;
	long rc;

	hv = kzalloc(OKVM_PPC_HV_STATE_SIZE, GFP_KERNEL);
	regs = kzalloc(OKVM_PPC_PT_REGS_SIZE, GFP_KERNEL);
	if (!hv || !regs) {
		rc = H_FUNCTION;
		goto out;
	}
	/* version: none an L0 accepts (QEMU: > 2, Linux: > 2); lpid 0. */
	hv[0] = ~0ULL;
	rc = plpar_hcall_norets(OKVM_H_ENTER_NESTED, __pa(hv), __pa(regs));
out:
	kfree(regs);
	kfree(hv);
	if (rc == H_FUNCTION)
		return OKVM_PPC_V1_ABSENT;
	if (rc == H_NOT_AVAILABLE)
		return OKVM_PPC_V1_FREE;
	return OKVM_PPC_V1_OWNED;
}

static bool okvm_ppc_probe_v2(u64 *caps)
{
	unsigned long ret[PLPAR_HCALL_BUFSIZE] = {};
	long rc;

	rc = plpar_hcall(OKVM_H_GUEST_GET_CAPABILITIES, ret, 0);
	if (rc != H_SUCCESS) {
		if (rc != H_FUNCTION)
			pr_debug("H_GUEST_GET_CAPABILITIES: %ld (%d)\n", rc,
				 okvm_hcall_errno(rc));
		return false;
	}
	*caps = ret[0];
	return *caps & OKVM_GUEST_CAP_MODES;
}

static int okvm_ppc_init(void)
{
	bool want_v1 = !strcmp(nested, "v1"), want_v2 = !strcmp(nested, "v2");
	enum okvm_ppc_v1_state v1;
	u64 caps = 0;
	bool v2;
	int r;

	if (!want_v1 && !want_v2 && strcmp(nested, "auto")) {
		pr_info("nested=%s: not auto, v1 or v2\n", nested);
		return -EINVAL;
	}
	if (!firmware_has_feature(FW_FEATURE_LPAR)) {
		pr_info("not running under a hypervisor: no L0 to nest on\n");
		return -ENODEV;
	}
	if (!radix_enabled() || !cpu_has_feature(CPU_FTR_ARCH_300)) {
		pr_info("nested guests need a POWER9 or later radix L1\n");
		return -ENODEV;
	}

	v2 = !want_v1 && okvm_ppc_probe_v2(&caps);
	if (v2) {
		pr_info("L0 offers the v2 nested API (H_GUEST_*, capabilities %#llx): using it\n",
			caps);
		r = okvm_v2_init(caps);
		if (r)
			return r;
		okvm_ppc_api = OKVM_NESTED_API_V2;
		okvm_ppc_transport = &okvm_v2_transport;
		return 0;
	}
	v1 = want_v2 ? OKVM_PPC_V1_ABSENT : okvm_ppc_probe_v1();
	switch (v1) {
	case OKVM_PPC_V1_FREE:
		r = okvm_ppc_mmu_global_init(true);
		if (r)
			return r;
		okvm_v1_init_ids();
		okvm_ppc_api = OKVM_NESTED_API_V1;
		okvm_ppc_transport = &okvm_v1_transport;
		pr_info("L0 offers the v1 nested API (H_ENTER_NESTED): using it\n");
		return 0;
	case OKVM_PPC_V1_OWNED:
		pr_info("the L0's v1 partition table belongs to another hypervisor (unload kvm_hv first)\n");
		return -EBUSY;
	default:
		pr_info("the L0 offers no %snested API: cannot host guests\n",
			want_v1 ? "v1 " : want_v2 ? "v2 " : "");
		return -ENODEV;
	}
}

static void okvm_ppc_exit(void)
{
	if (okvm_ppc_api == OKVM_NESTED_API_V2)
		okvm_v2_exit();
	okvm_ppc_mmu_global_exit();
}

static long okvm_ppc_check_extension(struct okvm *vm, long ext)
{
	switch (ext) {
	case KVM_CAP_OKVM_NESTED_API:
		return okvm_ppc_api;
	case KVM_CAP_PPC_PAPR:
	case KVM_CAP_ONE_REG:
	case KVM_CAP_PPC_IRQ_LEVEL:	/* KVM_INTERRUPT_SET_LEVEL */
	case KVM_CAP_PPC_UNSET_IRQ:	/* KVM_INTERRUPT_UNSET */
	case KVM_CAP_PPC_SEGSTATE:	/* KVM_GET/SET_SREGS (the PVR) */
	case KVM_CAP_PPC_GET_SMMU_INFO:
	case KVM_CAP_PPC_MMU_RADIX:	/* KVM_PPC_GET_RMMU_INFO, CONFIGURE_V3_MMU */
		return 1;
	case KVM_CAP_PPC_ENABLE_HCALL:
	case KVM_CAP_SPAPR_TCE:		/* in-kernel TCE tables (tce.c) */
	case KVM_CAP_SPAPR_TCE_64:
	case KVM_CAP_SPAPR_MULTITCE:
		return 1;
	case KVM_CAP_PPC_DAWR1:
		/* v1's hv_guest_state has DAWR1, but QEMU's L0 drops it */
		return okvm_ppc_api == OKVM_NESTED_API_V2 &&
		       cpu_has_feature(CPU_FTR_DAWR1);
	case KVM_CAP_PPC_AIL_MODE_3:
		/*
		 * An L2's LPCR[AIL] = 3 works where the L0 gives it to its
		 * guests: when it gives it to this L1 (as upstream's L1).
		 */
		return pseries_reloc_on_exception();
	default:
		return -ENOENT;
	}
}

/**
 * okvm_ppc_hcall_bit() - the OKVM_PPC_HC_* bit of an hcall the kernel does
 * @nr: the hcall number
 *
 * Return: the bit, or -1 for an hcall only userspace does.
 */
int okvm_ppc_hcall_bit(u64 nr)
{
	switch (nr) {
	case OKVM_H_CEDE:
		return OKVM_PPC_HC_CEDE;
	case OKVM_H_SET_MODE:
		return OKVM_PPC_HC_SET_MODE;
	case H_GET_TCE:
		return OKVM_PPC_HC_GET_TCE;
	case H_PUT_TCE:
		return OKVM_PPC_HC_PUT_TCE;
	case H_STUFF_TCE:
		return OKVM_PPC_HC_STUFF_TCE;
	case H_PUT_TCE_INDIRECT:
		return OKVM_PPC_HC_PUT_TCE_INDIRECT;
	default:
		return -1;
	}
}

/* KVM_CAP_PPC_ENABLE_HCALL: args[0] an hcall okvm can do, args[1] 0 or 1 */
static int okvm_ppc_enable_hcall(struct okvm_ppc_vm *pvm, const u64 *args)
{
	int bit = okvm_ppc_hcall_bit(args[0]);

	/* not done in the kernel: userspace has it anyway */
	if (args[1] > 1 || bit < 0)
		return -EINVAL;
	assign_bit(bit, &pvm->hcalls, args[1]);
	return 0;
}

/*
 * KVM_ENABLE_CAP on the VM fd. KVM_CAP_PPC_DAWR1: from now on the L2 may
 * set its second watchpoint with H_SET_MODE (exit.c); before, that is
 * H_FUNCTION, as upstream. Its arguments are ignored, as upstream's.
 * KVM_CAP_PPC_ENABLE_HCALL: as upstream, only for hcalls the kernel
 * implements (H_CEDE, H_SET_MODE, the TCE hcalls); -EINVAL for others.
 */
static int okvm_ppc_vm_enable_cap(struct okvm *vm, struct kvm_enable_cap *cap)
{
	struct okvm_ppc_vm *pvm = vm->arch;

	switch (cap->cap) {
	case KVM_CAP_PPC_ENABLE_HCALL:
		return okvm_ppc_enable_hcall(pvm, cap->args);
	case KVM_CAP_PPC_DAWR1:
		if (okvm_ppc_check_extension(vm, cap->cap) != 1)
			return -EINVAL;
		WRITE_ONCE(pvm->dawr1, true);
		return 0;
	default:
		return -EINVAL;
	}
}

static int okvm_ppc_vm_init(struct okvm *vm, unsigned long type)
{
	struct okvm_ppc_vm *pvm;
	int r;

	/* 0 is the default machine type; KVM_VM_PPC_HV names the same one. */
	if (type != 0 && type != KVM_VM_PPC_HV)
		return -EINVAL;
	pvm = kzalloc(sizeof(*pvm), GFP_KERNEL_ACCOUNT);
	if (!pvm)
		return -ENOMEM;
	pvm->vm = vm;
	pvm->ops = okvm_ppc_transport;
	pvm->hcalls = BIT(OKVM_PPC_HC_CEDE) | BIT(OKVM_PPC_HC_GET_TCE) |
		      BIT(OKVM_PPC_HC_PUT_TCE);
	mutex_init(&pvm->tce_lock);
	INIT_LIST_HEAD(&pvm->tce_tables);
	r = okvm_ppc_mmu_init(&pvm->mmu, okvm_ppc_api == OKVM_NESTED_API_V1);
	if (r)
		goto free;
	if (okvm_ppc_transport->guest_create) {
		r = okvm_ppc_transport->guest_create(pvm);
		if (r)
			goto free;
	}
	vm->arch = pvm;
	return 0;

free:
	okvm_ppc_mmu_destroy(&pvm->mmu);
	kfree(pvm);
	return r;
}

static void okvm_ppc_vm_destroy(struct okvm *vm)
{
	struct okvm_ppc_vm *pvm = vm->arch;

	/* The L0 lets go of the tree before it is freed. */
	if (okvm_ppc_transport->destroy)
		okvm_ppc_transport->destroy(pvm);
	okvm_ppc_mmu_destroy(&pvm->mmu);
	kfree(pvm);
}

static void okvm_ppc_memslot_change(struct okvm *vm,
				    const struct okvm_memslot *old)
{
	struct okvm_ppc_vm *pvm = vm->arch;

	if (!old || !okvm_ppc_mmu_unmap_slot(&pvm->mmu, old))
		return;
	okvm_ppc_vm_sync_l2(vm);
	okvm_ppc_mmu_release_slot(&pvm->mmu, old);
}

/*
 * The L2's facilities: FP/VMX/VSX, TAR, DSCR, the PMU and EBB (both
 * transports give the L2 its own values of their registers), as upstream
 * KVM-HV gives them; the rest (TM, msgsndp, BHRB, ...) trap as HFAC and
 * become a program interrupt.
 */
#define OKVM_PPC_HFSCR_DEFAULT	(HFSCR_FP | HFSCR_VECVSX | HFSCR_TAR | \
				 HFSCR_DSCR | HFSCR_PM | HFSCR_EBB)

static int okvm_ppc_vcpu_create(struct okvm_vcpu *vcpu)
{
	struct okvm_ppc_vcpu *pv;
	int r;

	pv = kzalloc(sizeof(*pv), GFP_KERNEL_ACCOUNT);
	if (!pv)
		return -ENOMEM;
	pv->vcpu = vcpu;
	pv->pvm = vcpu->vm->arch;
	init_waitqueue_head(&pv->wq);
	okvm_state_init(&pv->st, okvm_ppc_transport);
	r = okvm_ppc_transport->vcpu_create(pv->pvm, pv);
	if (r)
		goto free;
	/* A new vCPU: the state an L0 starts with, but for these. */
	r = okvm_state_set_u64(&pv->st, OKVM_GSID_HFSCR, OKVM_PPC_HFSCR_DEFAULT);
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_AMOR, ~0ULL);
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_MSR, MSR_SF | MSR_ME);
	if (!r)	/* counters frozen, as at reset and as upstream starts them */
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_MMCR(0), MMCR0_FC);
	if (!r)	/* never armed (transport.h): sent, as an L0 takes 0 as now */
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_DEC_EXPIRY_TB, 0);
	if (r)
		goto destroy;
	vcpu->arch = pv;
	return 0;

destroy:
	okvm_ppc_transport->vcpu_destroy(pv->pvm, pv);
free:
	kfree(pv);
	return r;
}

static void okvm_ppc_vcpu_destroy(struct okvm_vcpu *vcpu)
{
	struct okvm_ppc_vcpu *pv = vcpu->arch;

	okvm_ppc_transport->vcpu_destroy(pv->pvm, pv);
	kfree(pv);
}

/* debugfs okvm/objects: the tree's objects, and the L0's under v2 */
static void okvm_ppc_show(struct seq_file *m)
{
	okvm_ppc_mmu_show(m);
	okvm_ppc_tce_show(m);
	if (okvm_ppc_api == OKVM_NESTED_API_V2)
		okvm_v2_show(m);
}

static const struct okvm_stat_desc okvm_ppc_vcpu_stats[OKVM_PPC_STAT_NR] = {
	[OKVM_PPC_STAT_L0_HCALLS] = { "l0_hcalls", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_HCALL_EXITS] = { "hcall_exits", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_PAGE_FAULTS] = { "page_faults", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_MMIO_EXITS] = { "mmio_exits", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_CEDES] = { "cedes", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_L0_RUNS] = { "l0_runs", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_L0_GET_STATE] = { "l0_get_state", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_L0_SET_STATE] = { "l0_set_state", OKVM_STAT_CUMULATIVE },
	[OKVM_PPC_STAT_GSB_BYTES_TO_L0] = { "gsb_bytes_to_l0",
					    OKVM_STAT_CUMULATIVE_BYTES },
	[OKVM_PPC_STAT_GSB_BYTES_FROM_L0] = { "gsb_bytes_from_l0",
					      OKVM_STAT_CUMULATIVE_BYTES },
	[OKVM_PPC_STAT_DEC_FIXUPS] = { "l0_dec_fixups", OKVM_STAT_CUMULATIVE },
};

void okvm_ppc_vcpu_stat_inc(struct okvm_vcpu *vcpu, enum okvm_ppc_vcpu_stat s)
{
	vcpu->stat[OKVM_VCPU_STAT_NR + s]++;
}

void okvm_ppc_vcpu_stat_add(struct okvm_vcpu *vcpu, enum okvm_ppc_vcpu_stat s,
			    u64 n)
{
	vcpu->stat[OKVM_VCPU_STAT_NR + s] += n;
}

const struct okvm_arch_ops okvm_arch_ops = {
	.name = "ppc-nested",
	.init = okvm_ppc_init,
	.exit = okvm_ppc_exit,
	.check_extension = okvm_ppc_check_extension,
	.vm_init = okvm_ppc_vm_init,
	.vm_destroy = okvm_ppc_vm_destroy,
	.vm_enable_cap = okvm_ppc_vm_enable_cap,
	.vm_ioctl = okvm_ppc_vm_ioctl,
	.memslot_change = okvm_ppc_memslot_change,
	.vcpu_create = okvm_ppc_vcpu_create,
	.vcpu_destroy = okvm_ppc_vcpu_destroy,
	.vcpu_run = okvm_ppc_vcpu_run,
	.vcpu_async_ioctl = okvm_ppc_vcpu_async_ioctl,
	.vcpu_ioctl = okvm_ppc_vcpu_ioctl,
	.debugfs_show = okvm_ppc_show,
	.debugfs_init = okvm_fault_debugfs_init,
	.max_vcpus = 2048,
	.max_vcpu_id = 2048,
	.memslot_flags = 0,
	.ioeventfd = true,
	.vcpu_stats = okvm_ppc_vcpu_stats,
	.nr_vcpu_stats = OKVM_PPC_STAT_NR,
};
