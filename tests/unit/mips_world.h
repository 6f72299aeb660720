/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A world of vCPU switches over the VZ model, shared by
 * tests/unit/test_mips_switch.c and tests/fuzz/fuzz_mips_tlb.c: one or
 * two model CPUs probed and enabled as okvm does, three vCPUs
 * (mips-vz/cp0_state.c), a guest acting on the vCPU loaded on a CPU, and
 * the checks every vCPU put and load must pass.
 *
 * Each entry vCPU x writes carries x + 1 in the top four bits of its
 * PFNs, its signature, so an entry of one vCPU seen by another is told
 * apart. The world keeps, per vCPU, what its guest sees (struct
 * mw_vcpu.view): refreshed at each load, updated by each guest write.
 * mw_put() and mw_load() check, against the model:
 *
 *  - while a vCPU ran, its guest TLB changed only by its own writes;
 *  - no vCPU ever sees, or has in its saved state, another's entry;
 *  - exact restore: after a load the guest CP0 context is what the vCPU
 *    left, its wired entries (all of them without GuestIDs) read back as
 *    they were, and any other entry it can see is exactly the one it
 *    left there; after a new GuestID it sees no stale entry; after a
 *    reset it sees none at all;
 *  - with GuestIDs a put saves the wired entries only and clears Wired;
 *    without, it saves all and leaves the guest TLB flushed;
 *  - after each put and load GuestCtl1.RID is 0, interrupts are on, and
 *    the model saw no missing hazard barrier, RID with interrupts on or
 *    the walker running, duplicate entry, absent register, reserved
 *    instruction or WARN.
 *
 * Include after mips_model.c and the mips-vz .c files, with MW_CHECK(c)
 * and MW_CHECK_EQ(a, b) defined as the includer's way of failing (unit.h's
 * CHECK and CHECK_EQ, fuzz.h's FUZZ_CHECK); then include mips_world.c.
 */
#ifndef OKVM_UNIT_MIPS_WORLD_H
#define OKVM_UNIT_MIPS_WORLD_H

#if !defined(MW_CHECK) || !defined(MW_CHECK_EQ)
#error "define MW_CHECK() and MW_CHECK_EQ() before including mips_world.h"
#endif

#define MW_NR_CPUS	2
#define MW_NR_VCPUS	3

/**
 * struct mw_config - the machine mw_boot() makes
 * @guestid: the CPUs have GuestIDs
 * @tlbinv: the CPUs have TLBINV (EHINV, TLBINVF, TLBGINVF)
 * @guestid_bits: width of a GuestID, 1..8; 0 for 8
 * @vtlb: guest VTLB entries, 1..256
 * @ftlb_sets_log2: guest FTLB sets, log2
 * @ftlb_ways: guest FTLB ways, 2..17; 0 for no FTLB
 * @nr_cpus: model CPUs, 1..MW_NR_CPUS
 */
struct mw_config {
	bool guestid, tlbinv;
	unsigned int guestid_bits;
	unsigned int vtlb, ftlb_sets_log2, ftlb_ways;
	unsigned int nr_cpus;
};

/**
 * struct mw_vcpu - a vCPU and what its guest saw
 * @v: okvm's vCPU context
 * @ran: it was put at least once since its last reset
 * @reset: it was reset and not loaded since
 * @wired: its guest Wired at its last put, at most the TLB size
 * @view: what its guest's TLBR shows: while loaded, now; while put, at
 *	its last put
 * @ctx: its guest CP0 context at its last put (those mw_preserved())
 */
struct mw_vcpu {
	struct okvm_vz_vcpu v;
	bool ran, reset;
	unsigned int wired;
	struct mm_view view[MM_MAX_TLB];
	u64 ctx[MM_IDS];
};

extern struct mips_model mw_cpus[MW_NR_CPUS];
extern unsigned int mw_nr_cpus;
extern struct mw_vcpu mw_vcpus[MW_NR_VCPUS];

/* Machine */
void mw_boot(const struct mw_config *c);
void mw_shutdown(void);
void mw_check_clean(void);

/* Switches, each checked */
void mw_load(unsigned int x, unsigned int cpu);
void mw_put(unsigned int x);
void mw_reset(unsigned int x);

/* The guest of loaded vCPU @x */
bool mw_guest_write(unsigned int x, unsigned int i, u64 hi, u64 lo0,
		    u64 lo1, u32 mask);
void mw_guest_set_wired(unsigned int x, u32 wired);
bool mw_guest_cp0_writable(const struct mips_model *m, unsigned int id);
void mw_guest_set_cp0(unsigned int x, unsigned int id, u64 val);
void mw_guest_check_entry(unsigned int x, unsigned int i);

/* Views */
bool mw_preserved(const struct mips_model *m, unsigned int id);
unsigned int mw_sig_shift(const struct mips_model *m);
unsigned int mw_sig(const struct mips_model *m, u64 lo);
bool mw_dead_view(const struct mips_model *m, const struct mm_view *v,
		  unsigned int i);
bool mw_view_eq(const struct mm_view *a, const struct mm_view *b);

#endif /* OKVM_UNIT_MIPS_WORLD_H */
