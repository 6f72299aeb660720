// SPDX-License-Identifier: GPL-2.0
/*
 * MIPS VZ root backend: gate on the Virtualization ASE and the
 * okvm_arch_ops the core calls.
 *
 * Every VZ instruction is reachable only after okvm_vz_init() has seen
 * cpu_has_vz: on a CPU without the ASE a VZ opcode is a Reserved
 * Instruction exception in kernel mode. Past the gate, probe.c reads
 * what the CPU offers and run.c decides whether vCPUs can run here
 * (GuestIDs, KScratch1/2, BadInstr, a place for the vectors); when they
 * cannot, VMs can still be created but KVM_CREATE_VCPU fails with EINVAL
 * and KVM_CAP_MIPS_VZ / KVM_CAP_ONE_REG read 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include "run.h"
#include "vz.h"

static int okvm_vz_init(void)
{
	const char *why = NULL;
	int r;

	if (!cpu_has_vz) {
		pr_info("this CPU has no MIPS Virtualization ASE (VZ): cannot host guests\n");
		return -ENODEV;
	}
	r = okvm_vz_probe();
	if (r)
		return r;
	r = okvm_vz_run_init(&why);
	if (r == -ENOMEM)
		return r;
	if (!r)
		pr_info("MIPS VZ: guest TLB %u entries, GuestID mask %#x, %s: running vCPUs\n",
			okvm_vz_caps.guest_tlb_size, okvm_vz_caps.guestid_mask,
			okvm_vz_caps.r6 ? "R6" : "R2-R5");
	else
		pr_info("MIPS VZ: guest TLB %u entries, GuestID mask %#x; %s: cannot run vCPUs\n",
			okvm_vz_caps.guest_tlb_size, okvm_vz_caps.guestid_mask,
			why);
	return 0;
}

static void okvm_vz_exit(void)
{
	okvm_vz_run_exit();
}

static long okvm_vz_check_extension(struct okvm *vm, long ext)
{
	switch (ext) {
	case KVM_CAP_MIPS_VZ:
	case KVM_CAP_ONE_REG:
		return okvm_vz_run_ready();
	case KVM_CAP_MIPS_TE:
	case KVM_CAP_MIPS_FPU:
	case KVM_CAP_MIPS_MSA:
		return 0;
	default:
		return -ENOENT;
	}
}

static int okvm_vz_vm_init(struct okvm *vm, unsigned long type)
{
	/* okvm has one machine type: VZ. Upstream's TE type does not exist. */
	if (type != KVM_VM_MIPS_AUTO && type != KVM_VM_MIPS_VZ)
		return -EINVAL;
	return okvm_vz_vm_create(vm);
}

static const struct okvm_stat_desc okvm_vz_vcpu_stats[OKVM_VZ_STAT_NR] = {
	[OKVM_VZ_STAT_INT_EXITS] = { "int_exits", OKVM_STAT_CUMULATIVE },
	[OKVM_VZ_STAT_GE_EXITS] = { "guest_exits", OKVM_STAT_CUMULATIVE },
	[OKVM_VZ_STAT_PAGE_FAULTS] = { "page_faults", OKVM_STAT_CUMULATIVE },
	[OKVM_VZ_STAT_MMIO_EXITS] = { "mmio_exits", OKVM_STAT_CUMULATIVE },
};

const struct okvm_arch_ops okvm_arch_ops = {
	.name = "mips-vz",
	.init = okvm_vz_init,
	.exit = okvm_vz_exit,
	.check_extension = okvm_vz_check_extension,
	.vm_init = okvm_vz_vm_init,
	.vm_destroy = okvm_vz_vm_destroy,
	.memslot_change = okvm_vz_memslot_change,
	.vcpu_create = okvm_vz_vcpu_create,
	.vcpu_destroy = okvm_vz_vcpu_destroy,
	.vcpu_run = okvm_vz_vcpu_run,
	.vcpu_async_ioctl = okvm_vz_vcpu_async_ioctl,
	.vcpu_ioctl = okvm_vz_vcpu_ioctl,
	.max_vcpus = 16,
	.max_vcpu_id = 16,
	.memslot_flags = 0,
	.vcpu_stats = okvm_vz_vcpu_stats,
	.nr_vcpu_stats = OKVM_VZ_STAT_NR,
};
