// SPDX-License-Identifier: GPL-2.0
/*
 * mips-vz/exit.c (and the root GPA map of tlb.c) against the VZ model:
 * what each guest exit becomes, with the vCPU loaded on the model CPU as
 * it is in the kernel's run loop.
 *
 * What it proves:
 *  - MMIO: every load/store encoding okvm emulates decodes to the right
 *    size, sign and register, before and in Release 6; the unaligned,
 *    atomic, FPU and R6-removed encodings are refused; a store exit
 *    carries the guest's bytes, a load's completion writes the register
 *    sign- or zero-extended (never $0); the PC moves past the access,
 *    or to the branch target when it sat in a delay slot (taken and not
 *    taken, linking branches write ra, R6 refuses branch-likely);
 *  - guest RAM faults become a map request with the PC unchanged, a GVA
 *    in an unmapped segment is converted, a mapped GVA is an error;
 *  - GPSI: Count/Compare/PRId emulation on the guest CP0 context (Count
 *    through GTOffset, a Compare write clears Cause.TI), WAIT, RDHWR CC,
 *    indexed CACHE (both encodings); anything else injects a Reserved
 *    Instruction into the guest (EPC, Cause.BD/ExcCode, Status.EXL,
 *    vector from EBase or BEV), never touching the host;
 *  - GSFC: the accept/refuse policy field by field (KX/SX/UX accepted,
 *    CU1/FR/MX refused, Cause.DC refused, WP only cleared, Config5);
 *  - hypercalls follow upstream's numbers and registers;
 *  - every other exit is KVM_EXIT_INTERNAL_ERROR with the root Cause in
 *    data[0];
 *  - the timer and KVM_INTERRUPT lines reach guest Cause before entry;
 *  - okvm_vz_root_map() tags the root entry with the GuestID, rewrites a
 *    pair in place, never duplicates, leaves RID 0 and EntryHi intact;
 *  - the model saw no missing hazard barrier, absent register or RID
 *    left set anywhere.
 */
#include "mips_model.h"
#include "mips_model.c"
#include "../../mips-vz/probe.c"
#include "../../mips-vz/tlb.c"
#include "../../mips-vz/guestid.c"
#include "../../mips-vz/cp0_state.c"
#include "../../mips-vz/exit.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

/* Guest RAM for these tests: [0, 256M) */
#define RAM_END		0x10000000ULL

static struct mips_model cpu;
static struct okvm_vz_vcpu vc;
static struct kvm_run run;
static unsigned int cache_ops;
static unsigned int cache_last_op;
static unsigned long cache_last_addr;

bool okvm_vz_gpa_is_ram(struct okvm_vz_vcpu *v, u64 gpa)
{
	(void)v;
	return gpa < RAM_END;
}

void okvm_vz_cache_index_op(unsigned int op, unsigned long addr)
{
	cache_ops++;
	cache_last_op = op;
	cache_last_addr = addr;
}

/* Instruction encodings */
#define I_TYPE(op, rs, rt, imm)	(((u32)(op) << 26) | ((rs) << 21) | \
				 ((rt) << 16) | ((imm) & 0xffff))
#define MFC0(rt, rd, sel)	(0x40000000U | (rt) << 16 | (rd) << 11 | (sel))
#define DMFC0(rt, rd, sel)	(0x40200000U | (rt) << 16 | (rd) << 11 | (sel))
#define MTC0(rt, rd, sel)	(0x40800000U | (rt) << 16 | (rd) << 11 | (sel))
#define WAIT			0x42000020U
#define HYPCALL(code)		(0x42000028U | (code) << 11)
#define RDHWR(rt, rd)		(0x7c00003bU | (rt) << 16 | (rd) << 11)
#define JR(rs)			((rs) << 21 | 0x08)
#define JALR(rd, rs)		((rs) << 21 | (rd) << 11 | 0x09)
#define JAL(t)			(0x0c000000U | (((t) >> 2) & 0x03ffffff))
#define SLL_NOP			0U

static void setup_cfg(const struct mm_config *cfg)
{
	mm_init(&cpu, cfg, 0);
	memset(okvm_vz_guestid_cache, 0, sizeof(okvm_vz_guestid_cache));
	CHECK_EQ(okvm_vz_probe(), 0);
	okvm_vz_caps.count_hz = 100000000;
	okvm_vz_cpu_enable();
	okvm_vz_vcpu_uninit(&vc);
	memset(&vc, 0, sizeof(vc));
	CHECK_EQ(okvm_vz_vcpu_init(&vc, 1), 0);
	vc.ent.flags = OKVM_VZ_F_BADINSTR | OKVM_VZ_F_BADINSTRP;
	okvm_vz_vcpu_load(&vc, 0);
	okvm_vz_timer_load(&vc);
	memset(&run, 0, sizeof(run));
	cache_ops = 0;
	/* a guest kernel running normally: EXL clear, BEV clear */
	mm_guest_set_reg(&cpu, MM_ID(12, 0), 0x000000e0);
	mm_guest_set_reg(&cpu, MM_ID(15, 1), 0x80001000);
	vc.pc = 0xffffffff80100000UL;
}

static void setup(bool r6)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.r6 = r6;
	setup_cfg(&cfg);
	CHECK_EQ(okvm_vz_caps.r6, r6);
}

static void check_clean(void)
{
	if (mm_bad_total(&cpu))
		mm_print_bad(&cpu);
	CHECK_EQ(mm_bad_total(&cpu), 0);
	CHECK_EQ(cpu.gctl1 & MM_GCTL1_RID, 0);
}

static void exit_ge(unsigned int gexc, u32 insn)
{
	vc.x.cause = OKVM_EXC_GE << OKVM_CAUSE_EXC_SHIFT;
	vc.x.guestctl0 = cpu.gctl0 | gexc << OKVM_GCTL0_GEXC_SHIFT;
	vc.x.badinstr = insn;
	vc.x.badinstrp = 0;
}

static void exit_tlb(unsigned int exc, unsigned int gexc, u64 addr,
		     u32 insn)
{
	vc.x.cause = exc << OKVM_CAUSE_EXC_SHIFT;
	vc.x.guestctl0 = cpu.gctl0 | gexc << OKVM_GCTL0_GEXC_SHIFT;
	vc.x.badvaddr = addr;
	vc.x.badinstr = insn;
	vc.x.badinstrp = 0;
}

static void delay_slot(u32 branch)
{
	vc.x.cause |= OKVM_CAUSE_BD;
	vc.x.badinstrp = branch;
}

/* --- MMIO decode ------------------------------------------------------- */

UNIT_TEST(ldst_decode_pre_r6_and_r6)
{
	static const struct {
		unsigned int op;
		bool store, sign;
		u8 len;
	} ok[] = {
		{ 0x20, false, true, 1 },	/* LB */
		{ 0x24, false, false, 1 },	/* LBU */
		{ 0x21, false, true, 2 },	/* LH */
		{ 0x25, false, false, 2 },	/* LHU */
		{ 0x23, false, true, 4 },	/* LW */
		{ 0x27, false, false, 4 },	/* LWU */
		{ 0x37, false, false, 8 },	/* LD */
		{ 0x28, true, false, 1 },	/* SB */
		{ 0x29, true, false, 2 },	/* SH */
		{ 0x2b, true, false, 4 },	/* SW */
		{ 0x3f, true, false, 8 },	/* SD */
	};
	/* LWL LWR SWL SWR LDL LDR SDL SDR LL SC LLD SCD LWC1 SWC1 LDC1, R6 PCREL */
	static const unsigned int bad[] = {
		0x22, 0x26, 0x2a, 0x2e, 0x1a, 0x1b, 0x2c, 0x2d, 0x30, 0x38,
		0x34, 0x3c, 0x31, 0x39, 0x35, 0x3b, 0x0f, 0x00,
	};
	struct okvm_vz_ldst d;
	unsigned int i, r6;

	for (r6 = 0; r6 < 2; r6++) {
		for (i = 0; i < ARRAY_SIZE(ok); i++) {
			memset(&d, 0xa5, sizeof(d));
			CHECK_EQ(okvm_vz_decode_ldst(I_TYPE(ok[i].op, 4, 9, 0x10),
						     r6, &d), 0);
			CHECK_EQ(d.store, ok[i].store);
			CHECK_EQ(d.sign, ok[i].sign);
			CHECK_EQ(d.len, ok[i].len);
			CHECK_EQ(d.rt, 9);
		}
		for (i = 0; i < ARRAY_SIZE(bad); i++)
			CHECK_EQ(okvm_vz_decode_ldst(I_TYPE(bad[i], 4, 9, 0),
						     r6, &d), -EINVAL);
	}
}

UNIT_TEST(mmio_store_exit_carries_the_guest_bytes)
{
	static const struct {
		unsigned int op;
		u8 len;
		u8 bytes[8];
	} st[] = {
		{ 0x28, 1, { 0x88 } },
		{ 0x29, 2, { 0x88, 0x77 } },
		{ 0x2b, 4, { 0x88, 0x77, 0x66, 0x55 } },
		{ 0x3f, 8, { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 } },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(st); i++) {
		setup(i & 1);
		vc.gpr[8] = 0x1122334455667788UL;
		exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GPA, 0x1fe00010,
			 I_TYPE(st[i].op, 4, 8, 0x10));
		CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
		CHECK_EQ(run.exit_reason, KVM_EXIT_MMIO);
		CHECK_EQ(run.mmio.phys_addr, 0x1fe00010);
		CHECK_EQ(run.mmio.len, st[i].len);
		CHECK_EQ(run.mmio.is_write, 1);
		CHECK(!memcmp(run.mmio.data, st[i].bytes, st[i].len));
		CHECK_EQ(vc.pc, 0xffffffff80100004UL);
		CHECK(!vc.mmio_pending);
		check_clean();
	}
}

UNIT_TEST(mmio_load_completion_extends_and_spares_zero)
{
	static const struct {
		unsigned int op;
		u64 want;
	} ld[] = {
		{ 0x20, 0xfffffffffffffff0ULL },	/* LB  0xf0 */
		{ 0x24, 0xf0ULL },			/* LBU */
		{ 0x21, 0xffffffffffffdef0ULL },	/* LH  0xdef0 */
		{ 0x25, 0xdef0ULL },			/* LHU */
		{ 0x23, 0xffffffff9abcdef0ULL },	/* LW  0x9abcdef0 */
		{ 0x27, 0x9abcdef0ULL },		/* LWU */
		{ 0x37, 0x123456789abcdef0ULL },	/* LD */
	};
	const u64 val = 0x123456789abcdef0ULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ld); i++) {
		setup(false);
		vc.gpr[9] = 0xdead;
		exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
			 I_TYPE(ld[i].op, 4, 9, 0));
		CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
		CHECK_EQ(run.exit_reason, KVM_EXIT_MMIO);
		CHECK_EQ(run.mmio.is_write, 0);
		CHECK_EQ(vc.gpr[9], 0xdead);	/* not before completion */
		CHECK(vc.mmio_pending);
		memcpy(run.mmio.data, &val, 8);
		okvm_vz_complete_user_exit(&vc, &run);
		CHECK_EQ(vc.gpr[9], ld[i].want);
		CHECK(!vc.mmio_pending);
		/* a second completion changes nothing */
		vc.gpr[9] = 1;
		okvm_vz_complete_user_exit(&vc, &run);
		CHECK_EQ(vc.gpr[9], 1);
	}
	/* a load into $0 leaves it 0 */
	setup(true);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000, I_TYPE(0x23, 4, 0, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	memcpy(run.mmio.data, &val, 8);
	okvm_vz_complete_user_exit(&vc, &run);
	CHECK_EQ(vc.gpr[0], 0);
	check_clean();
}

UNIT_TEST(mmio_unaligned_or_undecodable_is_an_internal_error)
{
	setup(false);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00002,
		 I_TYPE(0x23, 4, 9, 2));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	CHECK_EQ(vc.pc, 0xffffffff80100000UL);
	/* an instruction fetch from MMIO: BadInstr is no load/store */
	setup(false);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fc00000, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	CHECK_EQ(run.internal.suberror, KVM_INTERNAL_ERROR_EMULATION);
	/* no BadInstr on this CPU: cannot emulate */
	setup(false);
	vc.ent.flags = 0;
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x2b, 4, 9, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	check_clean();
}

UNIT_TEST(mmio_in_a_delay_slot_follows_the_branch)
{
	const unsigned long pc = 0xffffffff80100000UL;

	/* BEQ a0, a1 taken: target pc + 4 + 0x40 */
	setup(false);
	vc.gpr[4] = 7;
	vc.gpr[5] = 7;
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x2b, 6, 9, 0));
	delay_slot(I_TYPE(0x04, 4, 5, 0x10));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_MMIO);
	CHECK_EQ(vc.pc, pc + 4 + 0x40);
	/* BNE not taken: pc + 8 */
	setup(false);
	vc.gpr[4] = 7;
	vc.gpr[5] = 7;
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x2b, 6, 9, 0));
	delay_slot(I_TYPE(0x05, 4, 5, 0x10));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(vc.pc, pc + 8);
	/* JAL: target in the 256M region, ra = pc + 8 */
	setup(false);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(JAL(0x00200000));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(vc.pc, 0xffffffff80200000UL);
	CHECK_EQ(vc.gpr[31], pc + 8);
	/* JR ra (pre-R6) and JALR (R6's JR is JALR $0) */
	setup(false);
	vc.gpr[31] = 0xffffffff80300000UL;
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(JR(31));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(vc.pc, 0xffffffff80300000UL);
	setup(true);
	vc.gpr[31] = 0xffffffff80300000UL;
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(JR(31));		/* funct 8: removed in R6 */
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	CHECK_EQ(vc.pc, pc);
	setup(true);
	vc.gpr[25] = 0xffffffff80400000UL;
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(JALR(31, 25));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_MMIO);
	CHECK_EQ(vc.pc, 0xffffffff80400000UL);
	CHECK_EQ(vc.gpr[31], pc + 8);
	/* BGEZAL pre-R6 links even when not taken; R6 allows only BAL */
	setup(false);
	vc.gpr[4] = (unsigned long)-1;
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(I_TYPE(0x01, 4, 0x11, 0x10));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(vc.pc, pc + 8);
	CHECK_EQ(vc.gpr[31], pc + 8);
	setup(true);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(I_TYPE(0x01, 4, 0x11, 0x10));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	/* BEQL: fine before R6, a compact-branch opcode in R6 */
	setup(false);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(I_TYPE(0x14, 0, 0, 0x8));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_MMIO);
	CHECK_EQ(vc.pc, pc + 4 + 0x20);
	setup(true);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(I_TYPE(0x14, 0, 0, 0x8));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	/* no BadInstrP: a delay-slot exit cannot be emulated */
	setup(false);
	vc.ent.flags = OKVM_VZ_F_BADINSTR;
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x1fe00000,
		 I_TYPE(0x23, 6, 9, 0));
	delay_slot(JR(31));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	check_clean();
}

/* --- guest physical faults -------------------------------------------- */

UNIT_TEST(ram_fault_asks_for_a_map_and_keeps_the_pc)
{
	u64 gpa;

	setup(false);
	exit_tlb(OKVM_EXC_TLBL, OKVM_GEXC_GPA, 0x00123450, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_MAP);
	CHECK_EQ(vc.fault_gpa, 0x00123450);
	CHECK_EQ(vc.pc, 0xffffffff80100000UL);
	exit_tlb(OKVM_EXC_MOD, OKVM_GEXC_GPA, 0x00200000, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_MAP);
	/* GVA: CKSEG0/CKSEG1 and XKPHYS convert, mapped segments do not */
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GVA, 0xffffffffa0300000UL, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_MAP);
	CHECK_EQ(vc.fault_gpa, 0x00300000);
	CHECK_EQ(okvm_vz_gva_to_gpa(0x9800000001000000UL, &gpa), 0);
	CHECK_EQ(gpa, 0x01000000);
	CHECK_EQ(okvm_vz_gva_to_gpa(0xffffffff9fc00000UL, &gpa), 0);
	CHECK_EQ(gpa, 0x1fc00000);
	CHECK_EQ(okvm_vz_gva_to_gpa(0xffffffffc0000000UL, &gpa), -EINVAL);
	CHECK_EQ(okvm_vz_gva_to_gpa(0x0000000000400000UL, &gpa), -EINVAL);
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GVA, 0x400000, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	/* a TLB exit with another GExcCode is not understood */
	exit_tlb(OKVM_EXC_TLBS, OKVM_GEXC_GPSI, 0x400000, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	check_clean();
}

UNIT_TEST(root_map_tags_rewrites_in_place_and_restores)
{
	unsigned long entryhi = 0xc000000000002000UL | 0x42;
	u32 gid, lo0, lo1;
	unsigned int i, n = 0, found = 0;

	setup(false);
	gid = vc.guestid[0] & okvm_vz_caps.guestid_mask;
	CHECK(gid);
	cpu.r_entryhi = entryhi & mm_hi_wmask(&cpu);
	cpu.r_pagemask = 0;
	cpu.r_wired = 4;
	lo0 = (0x1234 << 6) | (3 << 3) | 7;
	lo1 = 1;			/* G only: the odd page not there yet */
	okvm_vz_root_map(0x00400000, lo0, lo1, gid);
	check_clean();
	CHECK_EQ(cpu.r_entryhi, entryhi & mm_hi_wmask(&cpu));
	okvm_vz_root_map(0x00400000, lo0, (0x5678 << 6) | (3 << 3) | 7, gid);
	okvm_vz_root_map(0x00400000, lo0, (0x5678 << 6) | (3 << 3) | 7,
			 gid == 1 ? 2 : 1);
	check_clean();
	for (i = 0; i < cpu.cfg.rtlb_size; i++) {
		if ((cpu.rtlb[i].hi & MM_HI_EHINV) ||
		    (cpu.rtlb[i].hi & ~0x1fffULL) != 0x00400000)
			continue;
		n++;
		CHECK(i >= 4);		/* never over a root wired entry */
		CHECK(cpu.rtlb[i].g);
		if (cpu.rtlb[i].gid == gid) {
			found++;
			CHECK_EQ(cpu.rtlb[i].lo1 >> 6, 0x5678);
			CHECK_EQ(cpu.rtlb[i].lo0 >> 6, 0x1234);
		}
	}
	CHECK_EQ(n, 2);
	CHECK_EQ(found, 1);
}

/* --- GPSI --------------------------------------------------------------- */

UNIT_TEST(gpsi_emulates_the_timer_and_prid_on_the_guest_context)
{
	setup(false);
	cpu.r_count = 1000;
	/* MTC0 t0, Count: guest Count becomes t0, through GTOffset */
	vc.gpr[8] = 50000;
	exit_ge(OKVM_GEXC_GPSI, MTC0(8, 9, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(cpu.gtoffset, 49000);
	cpu.r_count = 1500;
	exit_ge(OKVM_GEXC_GPSI, MFC0(9, 9, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[9], 50500);
	CHECK_EQ(vc.pc, 0xffffffff80100008UL);
	/* MTC0 Compare clears a pending timer interrupt */
	mm_guest_set_reg(&cpu, MM_ID(13, 0),
			 mm_guest_reg(&cpu, MM_ID(13, 0)) | OKVM_CAUSE_TI);
	vc.gpr[8] = 0x80000000;
	exit_ge(OKVM_GEXC_GPSI, MTC0(8, 11, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(mm_guest_reg(&cpu, MM_ID(11, 0)), 0x80000000);
	CHECK(!(mm_guest_reg(&cpu, MM_ID(13, 0)) & OKVM_CAUSE_TI));
	exit_ge(OKVM_GEXC_GPSI, MFC0(10, 11, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[10], 0xffffffff80000000UL);	/* sign-extended */
	/* PRId: the software copy; DMFC0 too */
	vc.prid = 0x0001a820;
	exit_ge(OKVM_GEXC_GPSI, MFC0(11, 15, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[11], 0x0001a820);
	exit_ge(OKVM_GEXC_GPSI, DMFC0(12, 15, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[12], 0x0001a820);
	/* MFC0 into $0 writes nothing */
	exit_ge(OKVM_GEXC_GPSI, MFC0(0, 9, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[0], 0);
	check_clean();
}

UNIT_TEST(gpsi_wait_rdhwr_and_cache)
{
	unsigned long pc;

	setup(false);
	pc = vc.pc;
	exit_ge(OKVM_GEXC_GPSI, WAIT);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.pc, pc + 4);
	cpu.r_count = 77;
	exit_ge(OKVM_GEXC_GPSI, RDHWR(3, 2));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[3], 77 + cpu.gtoffset);
	/* CACHE Index_Writeback_Inv_D, 0x40(a0), pre-R6 encoding */
	vc.gpr[4] = 0xffffffff80000000UL;
	exit_ge(OKVM_GEXC_GPSI, I_TYPE(0x2f, 4, 0x01, 0x40));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(cache_ops, 1);
	CHECK_EQ(cache_last_op, 0x01);
	CHECK_EQ(cache_last_addr, 0xffffffff80000040UL);
	/* R6: CACHE is SPECIAL3 func 0x25 with a 9-bit offset; 0x2f is not */
	setup(true);
	vc.gpr[4] = 0xffffffff80000000UL;
	exit_ge(OKVM_GEXC_GPSI, (0x1fU << 26) | (4 << 21) | (0x00 << 16) |
				((0x1f8 & 0x1ff) << 7) | 0x25);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(cache_ops, 1);
	CHECK_EQ(cache_last_addr, 0xffffffff80000000UL - 8);
	pc = vc.pc;
	exit_ge(OKVM_GEXC_GPSI, I_TYPE(0x2f, 4, 0x01, 0x40));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(cache_ops, 1);
	CHECK_EQ((mm_guest_reg(&cpu, MM_ID(13, 0)) >> 2) & 0x1f, OKVM_EXC_RI);
	CHECK_EQ(mm_guest_reg(&cpu, MM_ID(14, 0)), pc);
	check_clean();
}

UNIT_TEST(gpsi_unknown_injects_reserved_instruction)
{
	u64 status;
	unsigned long pc;

	/* MFC0 of Diag (22,0): not emulated; guest Status.EXL clear */
	setup(false);
	pc = vc.pc;
	exit_ge(OKVM_GEXC_GPSI, MFC0(8, 22, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(mm_guest_reg(&cpu, MM_ID(14, 0)), pc);
	CHECK_EQ((mm_guest_reg(&cpu, MM_ID(13, 0)) >> 2) & 0x1f, OKVM_EXC_RI);
	CHECK(!(mm_guest_reg(&cpu, MM_ID(13, 0)) & OKVM_CAUSE_BD));
	status = mm_guest_reg(&cpu, MM_ID(12, 0));
	CHECK(status & OKVM_ST_EXL);
	CHECK_EQ(vc.pc, 0xffffffff80001180UL);
	CHECK_EQ(run.exit_reason, 0);
	/* in a delay slot: EPC is the branch, Cause.BD set */
	setup(false);
	pc = vc.pc;
	exit_ge(OKVM_GEXC_GPSI, RDHWR(3, 29));
	delay_slot(JR(31));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(mm_guest_reg(&cpu, MM_ID(14, 0)), pc);
	CHECK(mm_guest_reg(&cpu, MM_ID(13, 0)) & OKVM_CAUSE_BD);
	/* already in an exception (EXL): EPC is kept; BEV vector */
	setup(false);
	mm_guest_set_reg(&cpu, MM_ID(12, 0), OKVM_ST_BEV | OKVM_ST_EXL);
	mm_guest_set_reg(&cpu, MM_ID(14, 0), 0x1234);
	exit_ge(OKVM_GEXC_GPSI, MTC0(8, 16, 7));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(mm_guest_reg(&cpu, MM_ID(14, 0)), 0x1234);
	CHECK_EQ(vc.pc, 0xffffffffbfc00380UL);
	/* a malformed MFC0 (bits 10:3 set) and a non-COP0 opcode */
	setup(false);
	exit_ge(OKVM_GEXC_GPSI, MFC0(8, 9, 0) | 0x40);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ((mm_guest_reg(&cpu, MM_ID(13, 0)) >> 2) & 0x1f, OKVM_EXC_RI);
	setup(false);
	exit_ge(OKVM_GEXC_GPSI, I_TYPE(0x23, 4, 9, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ((mm_guest_reg(&cpu, MM_ID(13, 0)) >> 2) & 0x1f, OKVM_EXC_RI);
	check_clean();
}

/* --- GSFC --------------------------------------------------------------- */

static u64 gsfc(unsigned int rd, unsigned int sel, u64 old, u64 val)
{
	mm_guest_set_reg(&cpu, MM_ID(rd, sel), old);
	vc.gpr[8] = val;
	exit_ge(OKVM_GEXC_GSFC, MTC0(8, rd, sel));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	return mm_guest_reg(&cpu, MM_ID(rd, sel));
}

UNIT_TEST(gsfc_policy_field_by_field)
{
	unsigned long pc;

	setup(false);
	pc = vc.pc;
	/* Status: KX SX UX and the rest accepted */
	CHECK_EQ(gsfc(12, 0, 0x00000001, 0x000000e1), 0x000000e1);
	CHECK_EQ(vc.pc, pc + 4);
	CHECK_EQ(gsfc(12, 0, 0x000000e1, 0x00000001), 0x00000001);
	/* CU1, CU2, CU3, FR, MX refused; the other changes still made */
	CHECK_EQ(gsfc(12, 0, 0x00000000, 0xe50000e0), 0x000000e0);
	CHECK_EQ(gsfc(12, 0, 0x20000000, 0x00000000), 0x20000000);
	/* Cause: IV, IP0, IP1 accepted; DC refused; WP cleared, not set */
	CHECK_EQ(gsfc(13, 0, 0, OKVM_CAUSE_IV | OKVM_CAUSE_IP0 |
			     OKVM_CAUSE_IP1 | OKVM_CAUSE_DC),
		 OKVM_CAUSE_IV | OKVM_CAUSE_IP0 | OKVM_CAUSE_IP1);
	CHECK_EQ(gsfc(13, 0, 0, OKVM_CAUSE_WP), 0);
	CHECK_EQ(gsfc(13, 0, OKVM_CAUSE_WP, 0), 0);
	/* IntCtl: written as is (the model keeps the VS field) */
	CHECK_EQ(gsfc(12, 1, 0xe0000000, 0xe0000040) & 0x3e0, 0x40);
	/* Config5: K, CV, SBRI accepted; MSAEn refused */
	CHECK_EQ(gsfc(16, 5, 0, OKVM_CONF5_K | OKVM_CONF5_MSAEN) &
		 (OKVM_CONF5_K | OKVM_CONF5_MSAEN), OKVM_CONF5_K);
	check_clean();
	/* a GSFC on any other register: internal error, PC kept */
	pc = vc.pc;
	exit_ge(OKVM_GEXC_GSFC, MTC0(8, 15, 1));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	CHECK_EQ(vc.pc, pc);
	exit_ge(OKVM_GEXC_GSFC, MFC0(8, 12, 0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
}

/* --- hypercalls ---------------------------------------------------------- */

UNIT_TEST(hypercalls_follow_upstream)
{
	unsigned long pc;

	setup(false);
	pc = vc.pc;
	vc.gpr[2] = 6;			/* GET_CLOCK_FREQ */
	exit_ge(OKVM_GEXC_HC, HYPCALL(0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ(vc.gpr[2], 100000000);
	CHECK_EQ(vc.pc, pc + 4);
	vc.gpr[2] = 8;			/* CONSOLE_OUTPUT */
	vc.gpr[4] = 0;
	vc.gpr[5] = 0x1000;
	vc.gpr[6] = 12;
	exit_ge(OKVM_GEXC_HC, HYPCALL(0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_HYPERCALL);
	CHECK_EQ(run.hypercall.nr, 8);
	CHECK_EQ(run.hypercall.args[1], 0x1000);
	CHECK_EQ(run.hypercall.args[2], 12);
	CHECK_EQ((long long)run.hypercall.ret, -1000);
	run.hypercall.ret = 12;
	okvm_vz_complete_user_exit(&vc, &run);
	CHECK_EQ(vc.gpr[2], 12);
	CHECK_EQ(vc.pc, pc + 8);
	vc.gpr[2] = 7;			/* EXIT_VM */
	exit_ge(OKVM_GEXC_HC, HYPCALL(0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_SYSTEM_EVENT);
	CHECK_EQ(run.system_event.type, KVM_SYSTEM_EVENT_SHUTDOWN);
	vc.gpr[2] = 99;			/* unknown: -KVM_ENOSYS */
	exit_ge(OKVM_GEXC_HC, HYPCALL(0));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	CHECK_EQ((long)vc.gpr[2], -1000);
	/* a non-zero code is not upstream's hypercall */
	pc = vc.pc;
	exit_ge(OKVM_GEXC_HC, HYPCALL(5));
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	CHECK_EQ(vc.pc, pc);
	check_clean();
}

/* --- everything else ----------------------------------------------------- */

UNIT_TEST(unexpected_exits_are_internal_errors_with_the_cause)
{
	static const unsigned int exc[] = {
		OKVM_EXC_ADEL, OKVM_EXC_ADES, OKVM_EXC_SYS, OKVM_EXC_BP,
		OKVM_EXC_RI, OKVM_EXC_CPU, OKVM_EXC_TR, OKVM_EXC_MSADIS, 31,
	};
	static const unsigned int gexc[] = {
		OKVM_GEXC_GRR, OKVM_GEXC_GVA, OKVM_GEXC_GPA, 4, 31,
	};
	unsigned int i;

	setup(false);
	for (i = 0; i < ARRAY_SIZE(exc); i++) {
		memset(&run, 0, sizeof(run));
		vc.x.cause = exc[i] << OKVM_CAUSE_EXC_SHIFT | OKVM_CAUSE_BD;
		CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
		CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
		CHECK_EQ(run.internal.suberror,
			 KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
		CHECK_EQ(run.internal.ndata, 6);
		CHECK_EQ(run.internal.data[0], vc.x.cause);
		CHECK_EQ(run.internal.data[2], vc.pc);
	}
	for (i = 0; i < ARRAY_SIZE(gexc); i++) {
		memset(&run, 0, sizeof(run));
		exit_ge(gexc[i], SLL_NOP);
		CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
		CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
		CHECK_EQ(run.internal.data[1], vc.x.guestctl0);
	}
	/* a host interrupt and a hardware field change just resume */
	vc.x.cause = OKVM_EXC_INT << OKVM_CAUSE_EXC_SHIFT;
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	exit_ge(OKVM_GEXC_GHFC, SLL_NOP);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_RESUME);
	/* GE without BadInstr cannot be emulated */
	vc.ent.flags = 0;
	exit_ge(OKVM_GEXC_GPSI, WAIT);
	CHECK_EQ(okvm_vz_handle_exit(&vc, &run), OKVM_VZ_USER);
	CHECK_EQ(run.exit_reason, KVM_EXIT_INTERNAL_ERROR);
	check_clean();
}

/* --- before entry: timer and interrupts ------------------------------- */

UNIT_TEST(timer_crossing_is_modular)
{
	CHECK(okvm_vz_timer_crossed(10, 20, 15));
	CHECK(okvm_vz_timer_crossed(10, 20, 20));
	CHECK(!okvm_vz_timer_crossed(10, 20, 10));
	CHECK(!okvm_vz_timer_crossed(10, 20, 21));
	CHECK(!okvm_vz_timer_crossed(10, 10, 10));
	CHECK(okvm_vz_timer_crossed(0xfffffff0U, 0x10, 0));
	CHECK(okvm_vz_timer_crossed(0xfffffff0U, 0x10, 0xfffffff8U));
	CHECK(!okvm_vz_timer_crossed(0xfffffff0U, 0x10, 0x11));
}

UNIT_TEST(prepare_entry_raises_timer_and_lines)
{
	u64 cause;

	setup(false);
	cpu.r_count = 100;
	cpu.gtoffset = 0;
	vc.last_count = 100;
	mm_guest_set_reg(&cpu, MM_ID(11, 0), 150);
	okvm_vz_prepare_entry(&vc);
	CHECK(!(mm_guest_reg(&cpu, MM_ID(13, 0)) & OKVM_CAUSE_TI));
	cpu.r_count = 160;
	okvm_vz_prepare_entry(&vc);
	CHECK(mm_guest_reg(&cpu, MM_ID(13, 0)) & OKVM_CAUSE_TI);
	CHECK_EQ(vc.last_count, 160);
	/* KVM_INTERRUPT lines IP2 and IP4 on, then IP2 off */
	vc.irq_pending = OKVM_CAUSE_IP(2) | OKVM_CAUSE_IP(4);
	okvm_vz_prepare_entry(&vc);
	cause = mm_guest_reg(&cpu, MM_ID(13, 0));
	CHECK_EQ(cause & OKVM_VZ_IRQ_MASK, OKVM_CAUSE_IP(2) | OKVM_CAUSE_IP(4));
	vc.irq_pending = OKVM_CAUSE_IP(4);
	okvm_vz_prepare_entry(&vc);
	cause = mm_guest_reg(&cpu, MM_ID(13, 0));
	CHECK_EQ(cause & OKVM_VZ_IRQ_MASK, OKVM_CAUSE_IP(4));
	/* IP7 (timer) and IP0/1 (software) are not the lines' to touch */
	CHECK(cause & OKVM_CAUSE_TI);
	check_clean();
}
