// SPDX-License-Identifier: GPL-2.0
/*
 * GuestIDs: per CPU, handed out like ASIDs.
 *
 * A GuestID tags the guest's entries in the guest TLB and its guest
 * physical mappings in the root TLB, so a vCPU switch need not flush
 * either (VZ manual §4.5: "GuestID is an optimization, designed to
 * minimize TLB invalidation overhead on a virtual machine context
 * switch"). GuestID 0 is the root's.
 *
 * Each CPU counts "generation | id" in one u64 (okvm_vz_guestid_cache):
 * the bits under guestid_mask are the last id handed out, the bits above
 * the generation. Each vCPU remembers, per CPU, the value it got. A vCPU
 * needs a new id on a CPU when it has none from the current generation
 * there, or when it last ran on another CPU: the guest may have changed
 * its TLB meanwhile, so what this CPU still holds under the old id is
 * stale. Within a generation each id is given to one vCPU only, so no
 * two vCPUs can see each other's entries. When the ids run out, a new
 * generation starts, and no entry tagged in the old one may survive:
 * every guest entry of the root TLB and the whole guest TLB of this CPU
 * are invalidated first. Non-wired guest entries are lost then (as on a
 * TLB flush); wired ones are carried by the vCPUs' own saves.
 *
 * Not shared with an in-kernel KVM (cpu_data[].guestid_cache): okvm and
 * KVM must not both run guests on one machine.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

/* Per CPU; each entry is only touched by its CPU with preemption off. */
static u64 okvm_vz_guestid_cache[NR_CPUS];

/**
 * okvm_vz_guestid_flush_cpu() - forget every GuestID's TLB entries here
 *
 * Invalidates the guest entries of the root TLB (GuestID != 0) and the
 * whole guest TLB of this CPU.
 *
 * Context: preemption disabled.
 */
void okvm_vz_guestid_flush_cpu(void)
{
	okvm_vz_root_tlb_flush_guests();
	okvm_vz_guest_tlb_flush(0, okvm_vz_caps.guest_tlb_size);
}

/* The next id of this CPU, starting a new generation when they run out. */
static u64 okvm_vz_guestid_next(u64 *cache)
{
	u64 mask = okvm_vz_caps.guestid_mask;
	u64 first_version = mask + 1;
	u64 next = *cache;

	/* A CPU's first id: the first generation, as if id 0 was given. */
	if (next < first_version)
		next = first_version;
	next++;
	if (!(next & mask)) {
		okvm_vz_guestid_flush_cpu();
		/* The u64 itself wrapped: start again at the first generation */
		if (!next)
			next = first_version;
		/* Skip id 0, the root's */
		next++;
	}
	*cache = next;
	return next;
}

/**
 * okvm_vz_guestid_load() - make the vCPU's GuestID current on this CPU
 * @v: the vCPU being loaded
 * @cpu: this CPU
 *
 * Gives @v a new GuestID when it has no valid one here (see the file
 * comment) and writes it to GuestCtl1.ID, which guest-mode execution
 * uses. The caller records @cpu as @v's last CPU.
 *
 * Context: preemption disabled, on @cpu.
 * Return: the GuestID, or 0 when the CPU has no GuestIDs.
 */
u32 okvm_vz_guestid_load(struct okvm_vz_vcpu *v, int cpu)
{
	u64 *cache = &okvm_vz_guestid_cache[cpu];
	u64 mask = okvm_vz_caps.guestid_mask;
	u64 gid = v->guestid[cpu];
	u32 guestctl1;

	if (!okvm_vz_caps.guestid)
		return 0;
	if (v->last_cpu != cpu || !(gid & mask) || ((gid ^ *cache) & ~mask)) {
		gid = okvm_vz_guestid_next(cache);
		v->guestid[cpu] = gid;
	}
	guestctl1 = okvm_read_c0_guestctl1() & ~OKVM_GCTL1_ID;
	okvm_write_c0_guestctl1(guestctl1 | (u32)(gid & mask));
	okvm_back_to_back_c0_hazard();
	return gid & mask;
}

/**
 * okvm_vz_guestid_invalidate() - make the vCPU take new GuestIDs
 * @v: the vCPU
 *
 * Its next load on any CPU gives it a new GuestID, so nothing tagged with
 * an old one (guest TLB entries, guest physical mappings in the root TLB)
 * is seen by it again. For a vCPU reset or a change of the guest's
 * physical memory map.
 */
void okvm_vz_guestid_invalidate(struct okvm_vz_vcpu *v)
{
	memset(v->guestid, 0, sizeof(v->guestid));
}
