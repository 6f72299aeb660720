// SPDX-License-Identifier: GPL-2.0
/*
 * What this CPU's VZ offers okvm: GuestIDs, TLBINV, the guest TLB size,
 * the guest Config registers and so which guest CP0 registers a vCPU
 * context holds. Read only: nothing is written to the CPU.
 *
 * All CPUs of the machine are taken to be alike (the kernel assumes the
 * same of cpu_data[0]); okvm_vz_probe() reads the CPU it runs on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

/* More would mean a huge save buffer per vCPU; no VZ core comes close. */
#define OKVM_VZ_MAX_GUEST_TLB	4096

struct okvm_vz_caps okvm_vz_caps;

/**
 * okvm_vz_probe() - learn what this CPU's VZ offers
 *
 * Fills okvm_vz_caps. Refuses a CPU without VZ (silently: the caller's
 * gate says why), and with one pr_info() line a CPU that tags TLB entries
 * with MemoryMapIDs (okvm, like upstream KVM, only knows ASIDs) or whose
 * guest TLB size is implausible.
 *
 * Context: process context. Executes VZ instructions only after seeing
 * the VZ ASE.
 * Return: 0 or -ENODEV.
 */
int okvm_vz_probe(void)
{
	struct okvm_vz_caps c = {};
	unsigned int i;

	/* arch.c has said why; this keeps the function safe to call alone */
	if (!okvm_cpu_has_vz())
		return -ENODEV;
	if (okvm_cpu_has_mmid()) {
		pr_info("this CPU uses MemoryMapIDs, which okvm does not support: cannot host guests\n");
		return -ENODEV;
	}

	preempt_disable();
	c.guestid = okvm_cpu_has_guestid() &&
		    (okvm_read_c0_guestctl0() & OKVM_GCTL0_G1) &&
		    okvm_cpu_guestid_mask();
	c.guestid_mask = c.guestid ? okvm_cpu_guestid_mask() : 0;
	c.tlbinv = okvm_cpu_has_tlbinv();
	c.root_tlb_size = okvm_root_tlb_size();
	c.vmbits = okvm_cpu_vmbits();
	c.prid = okvm_read_c0_prid();
	for (i = 0; i < ARRAY_SIZE(c.gconfig); i++) {
		c.gconfig[i] = okvm_gc0_read(OKVM_GC0_CONFIG + i);
		if (!(c.gconfig[i] & OKVM_CONF_M))
			break;
	}
	c.guest_tlb_size = okvm_vz_guest_tlb_size();
	c.guestctl2 = okvm_read_c0_guestctl0() & OKVM_GCTL0_G2;
	preempt_enable();

	c.r6 = ((c.gconfig[0] & OKVM_CONF_AR) >> OKVM_CONF_AR_SHIFT) >=
	       OKVM_CONF_AR_R6;
	c.count_hz = okvm_vz_caps.count_hz;

	c.ctx = okvm_vz_ctx_present(c.gconfig);
	if (!c.guest_tlb_size || c.guest_tlb_size > OKVM_VZ_MAX_GUEST_TLB) {
		pr_info("this CPU's guest TLB has %u entries: cannot host guests\n",
			c.guest_tlb_size);
		return -ENODEV;
	}
	okvm_vz_caps = c;
	return 0;
}
