// SPDX-License-Identifier: GPL-2.0
/*
 * mips-vz/probe.c and cp0_state.c against the VZ model: the probe, the
 * guest CP0 reset state, put/load of the guest CP0 context, the CPU
 * enable.
 *
 * What it proves: without VZ the probe refuses and executes no VZ
 * instruction at all, and an MMID CPU is refused; the probe reads
 * GuestIDs, TLBINV, the guest Config chain and which context registers
 * exist exactly as the model has them; a new vCPU starts in the hardware
 * reset state the manual asks for (Status.BEV|ERL, PC 0xbfc00000, EBase
 * 0x80000000 | vCPU id, Wired 0 so Random at the top, Config0-5 the
 * hardware's minus what okvm does not offer, PRId the host's, an empty
 * TLB) and that state reaches the hardware on the first load; every
 * context register comes back bit for bit after another vCPU ran, with
 * and without GuestIDs; an absent register is never touched, on a rich
 * and on a minimal guest; LLAddr is cleared on load; put clears Guest
 * Wired with GuestIDs; the CPU enable sets exactly okvm's GuestCtl0
 * controls, clears GuestCtl1 and flushes the guest entries.
 */
#include "mips_model.h"
#include "mips_model.c"
#include "../../mips-vz/probe.c"
#include "../../mips-vz/tlb.c"
#include "../../mips-vz/guestid.c"
#include "../../mips-vz/cp0_state.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

static struct mips_model cpu;
static struct okvm_vz_vcpu va, vb;
static u32 seed = 0xc0ffee;

static void boot_cfg(const struct mm_config *cfg)
{
	mm_init(&cpu, cfg, 0);
	memset(okvm_vz_guestid_cache, 0, sizeof(okvm_vz_guestid_cache));
	CHECK_EQ(okvm_vz_probe(), 0);
	okvm_vz_cpu_enable();
	okvm_vz_vcpu_uninit(&va);
	okvm_vz_vcpu_uninit(&vb);
	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
	CHECK_EQ(okvm_vz_vcpu_init(&va, 3), 0);
	CHECK_EQ(okvm_vz_vcpu_init(&vb, 4), 0);
}

static void boot(bool guestid)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.guestid = guestid;
	boot_cfg(&cfg);
}

static void check_clean(void)
{
	if (mm_bad_total(&cpu))
		mm_print_bad(&cpu);
	CHECK_EQ(mm_bad_total(&cpu), 0);
	CHECK_EQ(cpu.gctl1 & MM_GCTL1_RID, 0);
}

static bool ctx_has(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		if (okvm_vz_ctx_regs[i] == id)
			return okvm_vz_caps.ctx & BIT_ULL(i);
	return false;
}

UNIT_TEST(probe_without_vz_executes_nothing)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.vz = false;
	mm_init(&cpu, &cfg, 0);
	CHECK_EQ(okvm_vz_probe(), -ENODEV);
	CHECK_EQ(cpu.n.mfgc0 + cpu.n.mtgc0 + cpu.n.mfc0 + cpu.n.mtc0, 0);
	CHECK_EQ(cpu.bad.reserved_insn, 0);
}

UNIT_TEST(probe_refuses_mmid)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.mmid = true;
	mm_init(&cpu, &cfg, 0);
	CHECK_EQ(okvm_vz_probe(), -ENODEV);
	CHECK_EQ(cpu.n.mfgc0 + cpu.n.mfc0, 0);
}

static void probe_matches_model(void)
{
	unsigned int i;

	CHECK_EQ(okvm_vz_caps.guestid, cpu.cfg.guestid);
	CHECK_EQ(okvm_vz_caps.guestid_mask,
		 cpu.cfg.guestid ? (1U << cpu.cfg.guestid_bits) - 1 : 0);
	CHECK_EQ(okvm_vz_caps.tlbinv, cpu.cfg.tlbinv);
	CHECK_EQ(okvm_vz_caps.guest_tlb_size, cpu.gtlb_size);
	CHECK_EQ(okvm_vz_caps.root_tlb_size, cpu.cfg.rtlb_size);
	CHECK_EQ(okvm_vz_caps.prid, cpu.cfg.prid);
	for (i = 0; i < 8; i++)
		CHECK_EQ(okvm_vz_caps.gconfig[i], cpu.cfg.config[i]);
	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		CHECK_EQ(!!(okvm_vz_caps.ctx & BIT_ULL(i)),
			 cpu.g_present[okvm_vz_ctx_regs[i]]);
	check_clean();
}

UNIT_TEST(probe_reads_what_the_cpu_has)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.config[4] = 0x000c0000;
	boot_cfg(&cfg);
	probe_matches_model();
	/* Config4.KScrExist bits 2 and 3: KScratch1 (31,2), KScratch2 (31,3) */
	CHECK(ctx_has(OKVM_GC0_KSCRATCH1) && ctx_has(OKVM_GC0_KSCRATCH2));
	CHECK(!ctx_has(OKVM_GC0_KSCRATCH3) && !ctx_has(OKVM_GC0_KSCRATCH6));

	/* a minimal guest: Config0 and Config1 only */
	mm_default_config(&cfg);
	cfg.nconfig = 2;
	cfg.tlbinv = false;
	boot_cfg(&cfg);
	probe_matches_model();
	CHECK(!ctx_has(OKVM_GC0_CONFIG2) && !ctx_has(OKVM_GC0_USERLOCAL));
	CHECK(ctx_has(OKVM_GC0_STATUS) && ctx_has(OKVM_GC0_ENTRYHI));
}

UNIT_TEST(reset_state_matches_the_manual)
{
	const u32 *hw = cpu.cfg.config;
	unsigned int i;

	boot(true);
	CHECK_EQ(va.pc, 0xffffffffbfc00000UL);
	for (i = 0; i < 32; i++)
		CHECK_EQ(va.gpr[i], 0);
	CHECK_EQ(va.prid, cpu.cfg.prid);
	CHECK_EQ(va.tlb_saved, 0);
	okvm_vz_vcpu_load(&va, 0);
	/* what the guest reads after the first load */
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_STATUS), 0x00400004);	/* BEV ERL */
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_EBASE), 0x80000003);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_WIRED), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_RANDOM), cpu.gtlb_size - 1);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_INDEX), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_ENTRYHI), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_PAGEMASK), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_CAUSE), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_LLADDR), 0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_CONTEXTCONFIG), 0x007ffff0);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_XCONTEXTCONFIG),
		 ((1ULL << (cpu.cfg.segbits - 13)) - 1) << 4);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_SEGCTL0), 0x00200010);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_SEGCTL1), 0x00030002);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_SEGCTL2), 0x00380438);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_CONFIG), (hw[0] & ~7U) | 3);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_CONFIG1), hw[1] & ~0x7dU);
	CHECK(!(mm_guest_reg(&cpu, OKVM_GC0_CONFIG3) & OKVM_CONF3_MSA));
	CHECK(!(mm_guest_reg(&cpu, OKVM_GC0_CONFIG3) & OKVM_CONF3_SP));
	CHECK(mm_guest_reg(&cpu, OKVM_GC0_CONFIG3) & OKVM_CONF3_ULRI);
	CHECK(!(mm_guest_reg(&cpu, OKVM_GC0_CONFIG5) & OKVM_CONF5_MSAEN));
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_CONFIG4), hw[4]);
	CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_PRID), cpu.cfg.prid);
	/* no guest TLB entry is the new vCPU's */
	for (i = 0; i < cpu.gtlb_size; i++)
		CHECK(cpu.gtlb[i].gid != mm_guest_tag(&cpu));
	okvm_vz_vcpu_put(&va);
	check_clean();
}

/*
 * The guest state a switch must preserve: every guest CP0 register the
 * model has, judged independently of okvm_vz_ctx_regs, but Random (the
 * hardware's), Count (the timer's, not done yet) and LLAddr (cleared on
 * purpose).
 */
static bool preserved(unsigned int id)
{
	return cpu.g_present[id] && id != OKVM_GC0_RANDOM &&
	       id != OKVM_GC0_COUNT && id != OKVM_GC0_LLADDR;
}

/* Random guest writes to every preserved register, as the guest would. */
static void scribble_ctx(void)
{
	unsigned int id;

	for (id = 0; id < MM_IDS; id++) {
		u64 v = (u64)mm_rand(&seed) << 32 | mm_rand(&seed);

		if (!preserved(id))
			continue;
		if (id == OKVM_GC0_WIRED)
			v %= 9;
		mm_guest_set_reg(&cpu, id, v);
	}
}

static void snapshot_ctx(u64 *snap)
{
	unsigned int id;

	for (id = 0; id < MM_IDS; id++)
		if (preserved(id))
			snap[id] = mm_guest_reg(&cpu, id);
}

static void check_ctx(const u64 *snap)
{
	u64 now[MM_IDS];
	unsigned int id;

	snapshot_ctx(now);
	for (id = 0; id < MM_IDS; id++) {
		if (!preserved(id) || now[id] == snap[id])
			continue;
		fprintf(stderr, "  guest CP0 (%u, %u) lost\n", id / 8, id % 8);
		CHECK(0);
	}
}

static void context_round_trips(const struct mm_config *cfg)
{
	u64 snap_a[MM_IDS], snap_b[MM_IDS];
	unsigned int round;

	boot_cfg(cfg);
	okvm_vz_vcpu_load(&vb, 0);
	scribble_ctx();
	snapshot_ctx(snap_b);
	okvm_vz_vcpu_put(&vb);
	for (round = 0; round < 200; round++) {
		okvm_vz_vcpu_load(&va, 0);
		if (round)
			check_ctx(snap_a);
		scribble_ctx();
		snapshot_ctx(snap_a);
		okvm_vz_vcpu_put(&va);
		if (okvm_vz_caps.guestid)
			CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_WIRED) & 0xffff, 0);

		okvm_vz_vcpu_load(&vb, 0);
		check_ctx(snap_b);
		if (cpu.g_present[OKVM_GC0_LLADDR])
			CHECK_EQ(mm_guest_reg(&cpu, OKVM_GC0_LLADDR), 0);
		scribble_ctx();
		snapshot_ctx(snap_b);
		okvm_vz_vcpu_put(&vb);
	}
	check_clean();
}

UNIT_TEST(context_comes_back_exactly_with_guestid)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	context_round_trips(&cfg);
}

UNIT_TEST(context_comes_back_exactly_without_guestid)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.guestid = false;
	context_round_trips(&cfg);
}

UNIT_TEST(context_of_a_minimal_guest_touches_no_absent_register)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.nconfig = 4;
	cfg.config[3] = 0;
	cfg.tlbinv = false;
	cfg.htw = false;
	context_round_trips(&cfg);
}

UNIT_TEST(cpu_enable_sets_guestctl0_and_flushes)
{
	unsigned int i;

	boot(true);
	cpu.gctl0 |= 0xe2040103;	/* GM RI MC GT PT DRG SFC2 SFC1 */
	cpu.gctl1 = 0x00050005;
	for (i = 0; i < cpu.gtlb_size; i++) {
		cpu.gctl1 = 1 + i % 5;
		mm_guest_tlbwi(&cpu, i, (u64)i << 20, 0x1006, 0x1046, 0);
	}
	mm_root_write(&cpu, 7, 0x40000000, 0x1006, 0x1046, 0, 2);
	mm_root_write(&cpu, 8, 0xc000000040000000ULL, 0x1006, 0x1046, 0, 0);
	cpu.gctl1 = 0;
	okvm_vz_cpu_enable();
	/* CP0 | AT=3 | CG | CF, plus the read-only G1 */
	CHECK_EQ(cpu.gctl0, 0x1d800000 | MM_GCTL0_G1);
	CHECK_EQ(cpu.gctl1, 0);
	for (i = 0; i < cpu.gtlb_size; i++)
		CHECK(cpu.gtlb[i].hi & MM_HI_EHINV);
	CHECK(cpu.rtlb[7].hi & MM_HI_EHINV);
	CHECK(!(cpu.rtlb[8].hi & MM_HI_EHINV));
	check_clean();
}

UNIT_TEST(put_without_load_and_double_load_are_refused)
{
	boot(true);
	cpu.warn_expected = true;
	okvm_vz_vcpu_put(&va);
	CHECK_EQ(cpu.bad.warn, 1);
	okvm_vz_vcpu_load(&va, 0);
	okvm_vz_vcpu_load(&va, 0);
	CHECK_EQ(cpu.bad.warn, 2);
	okvm_vz_vcpu_put(&va);
	cpu.bad.warn = 0;
	cpu.warn_expected = false;
	check_clean();
}

UNIT_TEST(init_failure_and_uninit_leave_nothing)
{
	struct okvm_vz_vcpu v = {};

	boot(true);
	unit_alloc_fail_after = 0;
	CHECK_EQ(okvm_vz_vcpu_init(&v, 9), -ENOMEM);
	unit_alloc_fail_after = -1;
	okvm_vz_vcpu_uninit(&va);
	okvm_vz_vcpu_uninit(&vb);
	CHECK_EQ(unit_live_allocs, 0);
	memset(&va, 0, sizeof(va));
	memset(&vb, 0, sizeof(vb));
}
