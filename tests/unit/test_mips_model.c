// SPDX-License-Identifier: GPL-2.0
/*
 * The MIPS VZ model itself (mips_model.c), driven through mips-vz/cp0.h's
 * accessors: before the backend is judged against it, the model must do
 * what the manual says and catch what the manual forbids.
 *
 * What it proves: TLBGR with GuestCtl0.G1=1 sets GuestCtl1.RID to the
 * entry's GuestID, and loads the guest TLB registers (seed, TLBGR);
 * TLBGWI tags entries with RID and TLBGP finds only RID's entries, a miss
 * setting Index.P, which MTGC0 cannot write; root TLBR sets RID too;
 * EHINV entries read back as EHINV and zeros and never match, and EHINV
 * does not exist without TLBINV; G is EntryLo0.G & EntryLo1.G and VPN2
 * is stored under PageMask; a Wired write resets Random and TLBGWR
 * stays in [Wired, size); TLBGINVF hits only RID's entries; MFGC0 of a
 * 64-bit register is its sign-extended low word and MTGC0 sign-extends;
 * and the checks fire: a missing EHB, two entries matching one address,
 * RID left non-zero with the walker running or interrupts on, a VZ
 * instruction without VZ, an absent register, DMFGC0 of a 32-bit
 * register, an illegal PageMask.
 */
#include "mips_model.h"
#include "mips_model.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

static struct mips_model cpu;

static void setup(bool guestid, bool tlbinv)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.guestid = guestid;
	cfg.tlbinv = tlbinv;
	cfg.gtlb_vtlb = 16;
	cfg.rtlb_size = 16;
	mm_init(&cpu, &cfg, 0);
}

static void set_rid(u32 rid)
{
	okvm_write_c0_guestctl1((okvm_read_c0_guestctl1() & ~OKVM_GCTL1_RID) |
				rid << OKVM_GCTL1_RID_SHIFT);
}

/* Guest TLBGWI of one entry at @i, done right: IRQs off, walker off. */
static void gwi(unsigned int i, u64 hi, u64 lo0, u64 lo1, u32 mask, u32 rid)
{
	unsigned long flags;

	local_irq_save(flags);
	okvm_htw_stop();
	set_rid(rid);
	okvm_gc0_write(OKVM_GC0_INDEX, i);
	okvm_gc0_write(OKVM_GC0_ENTRYHI, hi);
	okvm_gc0_write(OKVM_GC0_ENTRYLO0, lo0);
	okvm_gc0_write(OKVM_GC0_ENTRYLO1, lo1);
	okvm_gc0_write(OKVM_GC0_PAGEMASK, mask);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbgwi();
	set_rid(0);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	local_irq_restore(flags);
}

/* Guest TLBGR at @i; returns the RID it left. */
static u32 gr(unsigned int i)
{
	unsigned long flags;
	u32 rid;

	local_irq_save(flags);
	okvm_htw_stop();
	okvm_gc0_write(OKVM_GC0_INDEX, i);
	okvm_mtc0_tlbr_hazard();
	okvm_tlbgr();
	okvm_tlb_read_hazard();
	rid = (okvm_read_c0_guestctl1() & OKVM_GCTL1_RID) >>
	      OKVM_GCTL1_RID_SHIFT;
	set_rid(0);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	local_irq_restore(flags);
	return rid;
}

#define VA(n)		(0x0000004000000000ULL + ((u64)(n) << 13))
#define LO(pfn)		(((u64)(pfn) << 6) | (3 << 3) | 0x6)	/* C=3 D V */

UNIT_TEST(tlbgr_sets_rid_from_the_entry_guestid)
{
	setup(true, true);
	gwi(3, VA(1) | 0x11, LO(0x100), LO(0x101), 0, 5);
	gwi(4, VA(2) | 0x22, LO(0x200), LO(0x201), 0, 7);
	CHECK_EQ(gr(3), 5);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYHI), VA(1) | 0x11);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYLO0), LO(0x100));
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYLO1), LO(0x101));
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_PAGEMASK), 0);
	CHECK_EQ(gr(4), 7);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYHI), VA(2) | 0x22);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGR], 2);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGWI], 2);
	CHECK_EQ(mm_bad_total(&cpu), 0);
}

UNIT_TEST(without_guestid_there_is_no_guestctl1)
{
	setup(false, true);
	CHECK(!(okvm_read_c0_guestctl0() & OKVM_GCTL0_G1));
	CHECK(okvm_read_c0_guestctl0() & OKVM_GCTL0_RAD);
	CHECK_EQ(okvm_read_c0_guestctl1(), 0);
	CHECK_EQ(cpu.bad.absent_reg, 1);
}

UNIT_TEST(tlbgp_finds_only_rid_entries_and_sets_p_on_a_miss)
{
	unsigned long flags;

	setup(true, true);
	gwi(2, VA(9) | 0x33, LO(1), LO(2), 0, 4);
	local_irq_save(flags);
	okvm_htw_stop();
	okvm_gc0_write(OKVM_GC0_ENTRYHI, VA(9) | 0x33);
	set_rid(4);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbgp();
	okvm_tlb_probe_hazard();
	CHECK_EQ((s32)okvm_gc0_read(OKVM_GC0_INDEX), 2);
	set_rid(6);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbgp();
	okvm_tlb_probe_hazard();
	CHECK((s32)okvm_gc0_read(OKVM_GC0_INDEX) < 0);
	/* Index.P is the probe's: MTGC0 cannot clear it */
	okvm_gc0_write(OKVM_GC0_INDEX, 1);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_INDEX) & 0xffffffff, OKVM_INDEX_P | 1);
	set_rid(0);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	local_irq_restore(flags);
	CHECK_EQ(mm_bad_total(&cpu), 0);
}

UNIT_TEST(root_tlbr_sets_rid_and_tlbwi_tags_with_it)
{
	unsigned long flags;

	setup(true, true);
	mm_root_write(&cpu, 5, VA(3), LO(7), LO(8), 0, 9);
	local_irq_save(flags);
	okvm_htw_stop();
	okvm_write_c0_index(5);
	okvm_mtc0_tlbr_hazard();
	okvm_tlbr();
	okvm_tlb_read_hazard();
	CHECK_EQ((okvm_read_c0_guestctl1() & OKVM_GCTL1_RID) >>
		 OKVM_GCTL1_RID_SHIFT, 9);
	CHECK_EQ(okvm_read_c0_entryhi(), VA(3));
	okvm_write_c0_index(6);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbwi();
	CHECK_EQ(cpu.rtlb[6].gid, 9);
	set_rid(0);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	local_irq_restore(flags);
	/* the copy at 6 matches the same address as 5: a machine check */
	CHECK_EQ(cpu.bad.machine_check, 1);
}

UNIT_TEST(ehinv_entries_read_as_invalid_and_never_match)
{
	struct mm_view v;

	setup(true, true);
	gwi(1, VA(4) | OKVM_ENTRYHI_EHINV, LO(1), LO(2), 0x6000, 3);
	CHECK_EQ(gr(1), 3);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYHI), OKVM_ENTRYHI_EHINV);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYLO0), 0);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_PAGEMASK), 0);
	/* the same address again elsewhere: no duplicate, EHINV matches nothing */
	gwi(2, VA(4), LO(1), LO(2), 0, 3);
	CHECK_EQ(cpu.bad.machine_check, 0);

	setup(true, false);
	okvm_gc0_write(OKVM_GC0_ENTRYHI, VA(4) | OKVM_ENTRYHI_EHINV);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYHI), VA(4));
	gwi(1, VA(4) | OKVM_ENTRYHI_EHINV, LO(1), LO(2), 0, 3);
	mm_entry_view(&cpu, &cpu.gtlb[1], &v);
	CHECK_EQ(v.hi, VA(4));
	CHECK_EQ(mm_bad_total(&cpu), 0);
}

UNIT_TEST(global_bit_and_vpn2_under_pagemask)
{
	setup(true, true);
	/* G only in EntryLo0: the entry is not global, TLBR shows G=0 */
	gwi(0, VA(5) | 1, LO(1) | 1, LO(2), 0, 2);
	CHECK_EQ(gr(0), 2);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYLO0), LO(1));
	/* both: global, and TLBR shows G in both */
	gwi(1, VA(6) | 1, LO(1) | 1, LO(2) | 1, 0, 2);
	gr(1);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYLO1), LO(2) | 1);
	/* 16K pages: VPN2 bits 14:13 are not stored */
	gwi(2, VA(0x103) | 7, LO(1), LO(2), 0x6000, 2);
	gr(2);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_ENTRYHI), VA(0x100) | 7);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_PAGEMASK), 0x6000);
	CHECK_EQ(mm_bad_total(&cpu), 0);
	/* illegal PageMask (not pairs of ones) is UNPREDICTABLE */
	gwi(3, VA(0x200), LO(1), LO(2), 0x2000, 2);
	CHECK_EQ(cpu.bad.unpredictable, 1);
}

UNIT_TEST(wired_resets_random_and_tlbgwr_stays_above_it)
{
	unsigned int i, n;

	setup(true, true);
	n = cpu.gtlb_size;
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_RANDOM), n - 1);
	mm_guest_tlbwr(&cpu, VA(1), LO(1), LO(2), 0);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_RANDOM), n - 2);
	okvm_gc0_write(OKVM_GC0_WIRED, 5);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_RANDOM), n - 1);
	for (i = 0; i < 3 * n; i++) {
		u32 r = okvm_gc0_read(OKVM_GC0_RANDOM);

		CHECK(r >= 5 && r < n);
		mm_guest_tlbwr(&cpu, VA(100 + i), LO(1), LO(2), 0);
	}
	CHECK_EQ(cpu.bad.unpredictable, 0);
}

UNIT_TEST(tlbginvf_hits_only_rid_entries)
{
	unsigned long flags;

	setup(true, true);
	gwi(0, VA(1), LO(1), LO(2), 0, 3);
	gwi(1, VA(2), LO(1), LO(2), 0, 4);
	local_irq_save(flags);
	okvm_htw_stop();
	set_rid(3);
	okvm_mtc0_tlbw_hazard();
	okvm_tlbginvf();
	set_rid(0);
	okvm_mtc0_tlbw_hazard();
	okvm_htw_start();
	local_irq_restore(flags);
	CHECK(cpu.gtlb[0].hi & OKVM_ENTRYHI_EHINV);
	CHECK(!(cpu.gtlb[1].hi & OKVM_ENTRYHI_EHINV));
	CHECK_EQ(mm_bad_total(&cpu), 0);
	/* no TLBINV: no TLBGINVF either */
	setup(true, false);
	okvm_tlbginvf();
	CHECK_EQ(cpu.bad.reserved_insn, 1);
}

UNIT_TEST(mfgc0_and_mtgc0_widths)
{
	setup(true, true);
	okvm_gc0_write(OKVM_GC0_EPC, 0x123456789abcdef0UL);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_EPC), 0x123456789abcdef0UL);
	CHECK_EQ(mips_model_mfgc0(OKVM_GC0_EPC, false), 0xffffffff9abcdef0UL);
	mips_model_mtgc0(OKVM_GC0_EPC, 0x80001000UL, false);
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_EPC), 0xffffffff80001000UL);
	/* a 32-bit register reads sign-extended */
	CHECK_EQ(okvm_gc0_read(OKVM_GC0_EBASE), 0xffffffff80000000UL);
	CHECK_EQ(mm_bad_total(&cpu), 0);
	mips_model_mfgc0(OKVM_GC0_STATUS, true);
	CHECK_EQ(cpu.bad.unpredictable, 1);
}

UNIT_TEST(missing_ehb_is_a_hazard)
{
	unsigned long flags;

	setup(true, true);
	local_irq_save(flags);
	okvm_htw_stop();
	okvm_gc0_write(OKVM_GC0_INDEX, 1);
	okvm_tlbgr();			/* no EHB after MTGC0 Index */
	CHECK_EQ(cpu.bad.hazard, 1);
	okvm_gc0_read(OKVM_GC0_ENTRYHI);	/* no EHB after TLBGR */
	CHECK_EQ(cpu.bad.hazard, 2);
	okvm_htw_start();
	local_irq_restore(flags);
}

UNIT_TEST(rid_must_not_outlive_irqs_off_or_htw_stop)
{
	unsigned long flags;

	setup(true, true);
	set_rid(2);			/* interrupts on, walker running */
	CHECK_EQ(cpu.bad.rid_htw, 1);
	CHECK_EQ(cpu.bad.rid_irq, 1);
	set_rid(0);
	local_irq_save(flags);
	okvm_htw_stop();
	set_rid(2);
	okvm_htw_start();		/* walker back with RID 2 */
	CHECK_EQ(cpu.bad.rid_htw, 2);
	okvm_htw_stop();
	local_irq_restore(flags);	/* interrupts back with RID 2 */
	CHECK_EQ(cpu.bad.rid_irq, 2);
}

UNIT_TEST(no_vz_means_reserved_instruction)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.vz = false;
	mm_init(&cpu, &cfg, 0);
	okvm_gc0_read(OKVM_GC0_STATUS);
	okvm_tlbgr();
	CHECK_EQ(okvm_read_c0_guestctl0(), 0);
	CHECK_EQ(cpu.bad.reserved_insn, 3);
	CHECK_EQ(cpu.n.mfgc0 + cpu.n.op[MIPS_MODEL_TLBGR], 0);
}

UNIT_TEST(absent_registers_are_flagged)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.nconfig = 3;
	cfg.config[3] = 0;
	mm_init(&cpu, &cfg, 0);
	okvm_gc0_read(OKVM_GC0_CONFIG3);
	okvm_gc0_read(OKVM_GC0_USERLOCAL);
	okvm_gc0_write(OKVM_GC0_KSCRATCH1, 1);
	CHECK_EQ(cpu.bad.absent_reg, 3);
	CHECK(!(okvm_gc0_read(OKVM_GC0_CONFIG2) & OKVM_CONF_M));
	CHECK(okvm_gc0_read(OKVM_GC0_CONFIG1) & OKVM_CONF_M);
}
