// SPDX-License-Identifier: GPL-2.0
/*
 * mips-vz/tlb.c against the VZ model: guest TLB save/restore with
 * TLBGR/TLBGWI keyed on GuestCtl1.RID, guest and root TLB invalidation,
 * and the guest TLB size probe.
 *
 * What it proves, with and without GuestIDs and with and without TLBINV:
 * a save of any count 1..N from any start, with every page size the
 * model has (4K..256M), returns exactly what guest TLBR shows, and a
 * load puts back exactly that, one TLBGR / one TLBGWI per entry and
 * nothing else touched; entries of another GuestID (or the root's) are
 * never saved, only a unique invalid entry in their place; after every
 * call GuestCtl1.RID is 0 and the guest's Index/EntryHi/EntryLo0/
 * EntryLo1/PageMask are what they were; no call misses a hazard barrier,
 * leaves RID set with interrupts on or the walker running, or makes two
 * entries match one address; a flush leaves only invalid entries; the
 * root flush drops exactly the entries with a GuestID and keeps the
 * host's; the guest TLB size is read right for VTLB-only, MMUSizeExt,
 * VTLBSizeExt+FTLB, FTLB-only and R6 geometries.
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
static u32 seed = 0x5eed0001;

static void boot(bool guestid, bool tlbinv, unsigned int n)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.guestid = guestid;
	cfg.tlbinv = tlbinv;
	cfg.gtlb_vtlb = n;
	cfg.gtlb_ext = n > 64 ? 1 : 0;
	mm_init(&cpu, &cfg, 0);
	CHECK_EQ(okvm_vz_probe(), 0);
	CHECK_EQ(okvm_vz_caps.guest_tlb_size, n);
}

static u64 rnd64(void)
{
	return (u64)mm_rand(&seed) << 32 | mm_rand(&seed);
}

static unsigned int sig_shift(void)
{
	return 6 + (cpu.cfg.pabits - 12) - 4;
}

/* A random guest entry whose PFNs carry @sig (1..15) in their top bits. */
static void rand_entry(unsigned int sig, u32 mask, struct mm_view *e)
{
	u64 lo_sig = (u64)sig << sig_shift();
	u64 lo_rnd = mm_lo_wmask(&cpu) & ~(0xfULL << sig_shift()) & ~1ULL;
	u64 r = cpu.cfg.tlbinv ? mm_rand(&seed) % 3 : mm_rand(&seed) % 2;

	/* R = 0, 1 or 3; never CKSEG1 (the unique entries) without TLBINV */
	e->hi = rnd64() & mm_hi_wmask(&cpu) & ~MM_HI_R & ~MM_HI_EHINV;
	e->hi |= (r == 2 ? 3ULL : r) << 62;
	if (cpu.cfg.tlbinv && !(mm_rand(&seed) % 16))
		e->hi |= MM_HI_EHINV;
	e->lo0 = (rnd64() & lo_rnd) | lo_sig;
	e->lo1 = (rnd64() & lo_rnd) | lo_sig;
	if (!(mm_rand(&seed) % 8)) {
		e->lo0 |= 1;
		e->lo1 |= 1;
	}
	e->mask = mask;
}

/* Write a random entry at @i as the guest would, never a duplicate. */
static void guest_fill(unsigned int i, unsigned int sig, u32 mask)
{
	struct mm_view e;

	do {
		rand_entry(sig, mask, &e);
	} while (mm_guest_would_overlap(&cpu, i, e.hi, e.lo0, e.lo1, e.mask));
	mm_guest_tlbwi(&cpu, i, e.hi, e.lo0, e.lo1, e.mask);
}

static void set_guest_id(u32 id)
{
	if (cpu.cfg.guestid)
		cpu.gctl1 = (cpu.gctl1 & ~MM_GCTL1_ID) | id;
}

static bool view_eq(const struct mm_view *a, const struct mm_view *b)
{
	return a->hi == b->hi && a->lo0 == b->lo0 && a->lo1 == b->lo1 &&
	       a->mask == b->mask;
}

static bool tlbe_eq_view(const struct okvm_vz_tlbe *t, const struct mm_view *v)
{
	return t->entryhi == v->hi && t->entrylo0 == v->lo0 &&
	       t->entrylo1 == v->lo1 && t->pagemask == v->mask;
}

/* Entry @i can never translate: EHINV, or the unique flush entry. */
static bool dead(unsigned int i)
{
	const struct mm_tlbe *e = &cpu.gtlb[i];

	if (cpu.cfg.tlbinv)
		return e->hi & MM_HI_EHINV;
	return e->hi == (okvm_vz_guest_unique_entryhi(i) & mm_hi_wmask(&cpu)) &&
	       !e->lo0 && !e->lo1 && !e->g && !e->mask;
}

/* Guest registers a save/load must leave as they were. */
static const unsigned int sentinel_ids[] = {
	OKVM_GC0_INDEX, OKVM_GC0_ENTRYHI, OKVM_GC0_ENTRYLO0,
	OKVM_GC0_ENTRYLO1, OKVM_GC0_PAGEMASK,
};

static u64 sentinel[ARRAY_SIZE(sentinel_ids)];

static void set_sentinels(void)
{
	unsigned int i;

	mm_guest_set_reg(&cpu, OKVM_GC0_INDEX, 5);
	mm_guest_set_reg(&cpu, OKVM_GC0_ENTRYHI, 0x0000001234566000ULL | 0x42);
	mm_guest_set_reg(&cpu, OKVM_GC0_ENTRYLO0, 0x1234567ULL << 6 | 0x1f);
	mm_guest_set_reg(&cpu, OKVM_GC0_ENTRYLO1, 0x7654321ULL << 6 | 0x17);
	mm_guest_set_reg(&cpu, OKVM_GC0_PAGEMASK, 0x1e000);
	for (i = 0; i < ARRAY_SIZE(sentinel_ids); i++)
		sentinel[i] = mm_guest_reg(&cpu, sentinel_ids[i]);
}

/* After any tlb.c call: RID 0, registers back, walker on, IRQs on. */
static void check_clean(void)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sentinel_ids); i++)
		CHECK_EQ(mm_guest_reg(&cpu, sentinel_ids[i]), sentinel[i]);
	CHECK_EQ(cpu.gctl1 & MM_GCTL1_RID, 0);
	CHECK(!cpu.irqs_off);
	CHECK_EQ(cpu.pwen, cpu.cfg.htw);
	CHECK_EQ(cpu.htw_seq, 0);
	if (mm_bad_total(&cpu))
		mm_print_bad(&cpu);
	CHECK_EQ(mm_bad_total(&cpu), 0);
}

static struct okvm_vz_tlbe buf[MM_MAX_TLB];
static struct mm_view before[MM_MAX_TLB];
/* What guest 3 sees of each slot, its own or not. */
static struct mm_view seen[MM_MAX_TLB];

static void one_round_trip(unsigned int n, unsigned int index,
			   unsigned int count, u32 mask, u32 gid)
{
	struct mm_counts c0;
	struct mm_view v;
	unsigned int i;

	set_guest_id(gid);
	for (i = 0; i < n; i++)
		guest_fill(i, 1 + i % 15, mask);
	for (i = 0; i < n; i++)
		mm_guest_view(&cpu, i, &before[i]);
	set_sentinels();

	c0 = cpu.n;
	okvm_vz_guest_tlb_save(buf, index, count, gid);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGR] - c0.op[MIPS_MODEL_TLBGR], count);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGWI] - c0.op[MIPS_MODEL_TLBGWI], 0);
	check_clean();
	for (i = 0; i < count; i++)
		CHECK(tlbe_eq_view(&buf[i], &before[index + i]));

	okvm_vz_guest_tlb_flush(0, n);
	for (i = 0; i < n; i++)
		CHECK(dead(i));
	check_clean();

	c0 = cpu.n;
	okvm_vz_guest_tlb_load(buf, index, count, gid);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGWI] - c0.op[MIPS_MODEL_TLBGWI], count);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBGR] - c0.op[MIPS_MODEL_TLBGR], 0);
	check_clean();
	for (i = 0; i < n; i++) {
		mm_guest_view(&cpu, i, &v);
		if (i >= index && i < index + count) {
			CHECK(view_eq(&v, &before[i]));
			CHECK_EQ(cpu.gtlb[i].gid, cpu.cfg.guestid ? gid : 0);
		} else {
			CHECK(dead(i));
		}
	}
}

static void exact_round_trips(bool guestid, bool tlbinv)
{
	unsigned int n = 48, count, p;

	boot(guestid, tlbinv, n);
	for (count = 1; count <= n; count++) {
		for (p = 0; p < MM_NR_PAGEMASKS; p++) {
			one_round_trip(n, 0, count, mm_pagemasks[p], 7);
			one_round_trip(n, n - count, count, mm_pagemasks[p], 7);
		}
	}
}

UNIT_TEST(save_restore_exact_guestid_tlbinv)
{
	exact_round_trips(true, true);
}

UNIT_TEST(save_restore_exact_guestid_no_tlbinv)
{
	exact_round_trips(true, false);
}

UNIT_TEST(save_restore_exact_no_guestid_tlbinv)
{
	exact_round_trips(false, true);
}

UNIT_TEST(save_restore_exact_no_guestid_no_tlbinv)
{
	exact_round_trips(false, false);
}

UNIT_TEST(save_restore_large_tlb)
{
	boot(true, true, 1024);
	one_round_trip(1024, 0, 1024, 0, 9);
	one_round_trip(1024, 100, 700, 0x7fe000, 9);
}

/* Entries of guests 3 and 5 and of the root, saved by guest 3. */
static void scrub_case(bool tlbinv)
{
	unsigned int n = 64, i, scrubbed = 0;
	static const u32 tags[] = { 3, 5, 3, 0, 5, 5, 3, 0 };

	boot(true, tlbinv, n);
	for (i = 0; i < n; i++) {
		set_guest_id(tags[i % ARRAY_SIZE(tags)]);
		guest_fill(i, tags[i % ARRAY_SIZE(tags)] + 1,
			   mm_pagemasks[i % MM_NR_PAGEMASKS]);
		mm_guest_view(&cpu, i, &before[i]);
	}
	set_guest_id(3);
	for (i = 0; i < n; i++)
		mm_guest_view(&cpu, i, &seen[i]);
	set_sentinels();
	okvm_vz_guest_tlb_save(buf, 0, n, 3);
	check_clean();
	for (i = 0; i < n; i++) {
		u32 tag = tags[i % ARRAY_SIZE(tags)];

		if (tag == 3) {
			CHECK(tlbe_eq_view(&buf[i], &before[i]));
			continue;
		}
		/* never the other guest's contents, only a unique dead entry */
		CHECK_EQ(buf[i].entryhi, okvm_vz_guest_unique_entryhi(i));
		CHECK_EQ(buf[i].entrylo0, 0);
		CHECK_EQ(buf[i].entrylo1, 0);
		CHECK_EQ(buf[i].pagemask, 0);
		CHECK(buf[i].foreign);
		scrubbed++;
	}
	CHECK_EQ(scrubbed, n - n * 3 / 8);
	/* written back under guest 3: the others' slots are left alone */
	okvm_vz_guest_tlb_load(buf, 0, n, 3);
	check_clean();
	for (i = 0; i < n; i++) {
		struct mm_view v;

		CHECK_EQ(cpu.gtlb[i].gid, tags[i % ARRAY_SIZE(tags)]);
		mm_guest_view(&cpu, i, &v);
		CHECK(view_eq(&v, &seen[i]));
	}
}

/*
 * Without TLBINV a unique entry is a valid EntryHi (CKSEG1 + 8K * index)
 * the guest may map itself. A load that wrote one into a wired slot
 * another guest held would make a duplicate, a machine check in root
 * mode (fuzz_mips_tlb's regress/crash-unique-entryhi-overlap-load): the
 * slot is left as it is, and the guest still sees it as before.
 */
UNIT_TEST(load_leaves_another_guests_slot_alone)
{
	u64 hi, lo = (7ULL << sig_shift()) | 2;
	unsigned int n = 16;
	struct mm_view v;

	boot(true, false, n);
	set_guest_id(5);
	guest_fill(1, 6, 0);
	set_guest_id(3);
	guest_fill(0, 4, 0);
	hi = okvm_vz_guest_unique_entryhi(1) & mm_hi_wmask(&cpu);
	CHECK(!mm_guest_would_overlap(&cpu, 9, hi, lo, lo, 0));
	mm_guest_tlbwi(&cpu, 9, hi, lo, lo, 0);
	mm_guest_view(&cpu, 0, &before[0]);
	mm_guest_view(&cpu, 1, &before[1]);
	set_sentinels();
	okvm_vz_guest_tlb_save(buf, 0, 2, 3);
	check_clean();
	CHECK(!buf[0].foreign);
	CHECK(buf[1].foreign);
	okvm_vz_guest_tlb_load(buf, 0, 2, 3);
	check_clean();
	CHECK_EQ(cpu.gtlb[1].gid, 5);
	mm_guest_view(&cpu, 0, &v);
	CHECK(view_eq(&v, &before[0]));
	mm_guest_view(&cpu, 1, &v);
	CHECK(view_eq(&v, &before[1]));
	CHECK_EQ(mm_guest_lookup(&cpu, hi, 0), 9);
}

UNIT_TEST(save_never_takes_another_guests_entry_tlbinv)
{
	scrub_case(true);
}

UNIT_TEST(save_never_takes_another_guests_entry_no_tlbinv)
{
	scrub_case(false);
}

UNIT_TEST(unique_entryhi_is_unique_and_unmapped)
{
	unsigned int i, j;

	boot(true, false, 1024);
	for (i = 0; i < 1024; i++) {
		u64 hi = okvm_vz_guest_unique_entryhi(i);

		CHECK((hi & 0xffffffffe0000000ULL) == CKSEG1);
		for (j = 0; j < i; j += 37)
			CHECK(hi != okvm_vz_guest_unique_entryhi(j));
	}
	okvm_vz_guest_tlb_flush(0, 1024);
	CHECK_EQ(cpu.bad.machine_check, 0);
	boot(true, true, 16);
	CHECK(okvm_vz_guest_unique_entryhi(3) & OKVM_ENTRYHI_EHINV);
}

static void root_flush_case(bool tlbinv)
{
	unsigned int i, n, guests = 0;
	struct mm_tlbe before_r[64];
	struct mm_counts c0;

	boot(true, tlbinv, 64);
	n = cpu.cfg.rtlb_size;
	for (i = 0; i < n; i++) {
		u8 gid = (i % 3 == 0) ? 0 : (i % 5) + 1;
		u64 hi = (i % 2 ? 0x0000000100000000ULL : 0xc000000000000000ULL) +
			 ((u64)i << 16) + gid;

		mm_root_write(&cpu, i, hi, (u64)i << 6 | 0x1e,
			      (u64)(i + 1) << 6 | 0x1e, 0x6000, gid);
		guests += gid != 0;
		before_r[i] = cpu.rtlb[i];
	}
	cpu.r_entryhi = 0x0000000012340000ULL | 0x55;
	cpu.r_pagemask = 0x1e000;
	set_sentinels();
	c0 = cpu.n;
	okvm_vz_root_tlb_flush_guests();
	check_clean();
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBR] - c0.op[MIPS_MODEL_TLBR], n);
	CHECK_EQ(cpu.n.op[MIPS_MODEL_TLBWI] - c0.op[MIPS_MODEL_TLBWI], guests);
	CHECK_EQ(cpu.r_entryhi, 0x0000000012340000ULL | 0x55);
	CHECK_EQ(cpu.r_pagemask, 0x1e000);
	for (i = 0; i < n; i++) {
		struct mm_tlbe *e = &cpu.rtlb[i];

		if (!before_r[i].gid) {
			CHECK(!memcmp(e, &before_r[i], sizeof(*e)));
			continue;
		}
		CHECK_EQ(e->gid, 0);
		CHECK_EQ(e->hi, okvm_root_unique_entryhi(i) & mm_hi_wmask(&cpu));
		CHECK(!e->lo0 && !e->lo1 && !e->mask);
	}
}

UNIT_TEST(root_flush_drops_exactly_the_guest_mappings_tlbinv)
{
	root_flush_case(true);
}

UNIT_TEST(root_flush_drops_exactly_the_guest_mappings_no_tlbinv)
{
	root_flush_case(false);
}

UNIT_TEST(guest_tlb_size_from_config)
{
	static const struct {
		unsigned int vtlb, ext, sets_log2, ways;
		bool r6;
		unsigned int size;
	} g[] = {
		{ 16, 0, 0, 0, false, 16 },
		{ 64, 0, 0, 0, false, 64 },
		{ 256, 1, 0, 0, false, 256 },		/* MMUSizeExt */
		{ 1024, 1, 0, 0, false, 1024 },
		{ 64, 2, 7, 4, false, 64 + 512 },	/* FTLB only */
		{ 128, 3, 7, 4, false, 128 + 512 },	/* VTLBSizeExt + FTLB */
		{ 64, 3, 6, 8, false, 64 + 512 },
		{ 48, 0, 0, 0, true, 48 },		/* R6 without FTLB */
		{ 192, 0, 8, 4, true, 192 + 1024 },	/* R6 with FTLB */
	};
	struct mm_config cfg;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(g); i++) {
		mm_default_config(&cfg);
		cfg.gtlb_vtlb = g[i].vtlb;
		cfg.gtlb_ext = g[i].ext;
		cfg.gtlb_ftlb_sets_log2 = g[i].sets_log2;
		cfg.gtlb_ftlb_ways = g[i].ways;
		cfg.r6 = g[i].r6;
		mm_init(&cpu, &cfg, 0);
		CHECK_EQ(cpu.gtlb_size, g[i].size);
		CHECK_EQ(okvm_vz_guest_tlb_size(), g[i].size);
		CHECK_EQ(okvm_vz_probe(), 0);
		CHECK_EQ(okvm_vz_caps.guest_tlb_size, g[i].size);
		CHECK_EQ(mm_bad_total(&cpu), 0);
	}
}
