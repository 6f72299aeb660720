// SPDX-License-Identifier: GPL-2.0
/*
 * MIPS VZ root backend: gate on the Virtualization ASE and the
 * okvm_arch_ops the core calls.
 *
 * Every VZ instruction is reachable only after okvm_vz_init() has seen
 * cpu_has_vz: on a CPU without the ASE a VZ opcode is a Reserved
 * Instruction exception in kernel mode.
 *
 * What runs today: the gate and a read-only probe (probe.c). The guest
 * context code (tlb.c, guestid.c, cp0_state.c) is built in and proven
 * against a model of the CPU in tests/unit, but nothing enters guest mode
 * yet, so .vcpu_create stays NULL and KVM_CREATE_VCPU fails with EINVAL.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include "vz.h"

static int okvm_vz_init(void)
{
	int r;

	if (!cpu_has_vz) {
		pr_info("this CPU has no MIPS Virtualization ASE (VZ): cannot host guests\n");
		return -ENODEV;
	}
	r = okvm_vz_probe();
	if (r)
		return r;
	if (okvm_vz_caps.guestid)
		pr_info("MIPS VZ: guest TLB %u entries, GuestID mask %#x; running vCPUs is not implemented yet\n",
			okvm_vz_caps.guest_tlb_size, okvm_vz_caps.guestid_mask);
	else
		pr_info("MIPS VZ: guest TLB %u entries, no GuestIDs; running vCPUs is not implemented yet\n",
			okvm_vz_caps.guest_tlb_size);
	return 0;
}

static int okvm_vz_vm_init(struct okvm *vm, unsigned long type)
{
	/* okvm has one machine type: VZ. Upstream's TE type does not exist. */
	if (type != KVM_VM_MIPS_AUTO && type != KVM_VM_MIPS_VZ)
		return -EINVAL;
	return 0;
}

const struct okvm_arch_ops okvm_arch_ops = {
	.name = "mips-vz",
	.init = okvm_vz_init,
	.vm_init = okvm_vz_vm_init,
	.max_vcpus = 16,
	.max_vcpu_id = 16,
	.memslot_flags = 0,
};
