// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU switches (mips-vz/cp0_state.c put/load over tlb.c and guestid.c)
 * against the VZ model, with the guest acting in between: random guest
 * TLBWI/TLBWR, Wired changes and CP0 writes, as a running guest would.
 *
 * What it proves, in all four CPU kinds (GuestIDs or not, TLBINV or not):
 *  - no leak: over 10,000 randomised interleaved switches (fixed seed) of
 *    two vCPUs on one CPU, and of three vCPUs migrating over two CPUs,
 *    no vCPU ever sees, or has in its saved state, a TLB entry another
 *    vCPU wrote (each vCPU's entries carry its signature in the PFNs);
 *  - exact restore: after each load the guest CP0 context is bit for bit
 *    what the vCPU left, its wired entries (all entries without GuestIDs)
 *    read back as they were, and any other entry it can see is exactly
 *    the one it left there; after a new GuestID it sees no stale entry;
 *  - without GuestIDs every put leaves the guest TLB flushed;
 *  - after every put and load RID is 0 and the model saw no missing
 *    hazard barrier, no RID with interrupts on or the walker running, no
 *    duplicate entry, no absent register, no reserved instruction;
 *  - property: for random TLB contents (every page size, global and
 *    EHINV entries, random Wired) and a second vCPU overwriting the whole
 *    TLB in between, what the guest sees after the restore is what it
 *    saw before the save (wired: exactly; others: exactly or not at all);
 *  - the cost of a switch, printed as a "# " table: TLBGR/TLBGWI per
 *    put+load against guest TLB size and wired count, with and without
 *    GuestIDs, checked against W_out / W_in and N / 2N.
 *
 * The machine, the vCPUs and the checks of each put and load are
 * mips_world.[ch], which tests/fuzz/fuzz_mips_tlb.c drives too; this file
 * brings the fixed-seed randomness and the cost table.
 */
#include "mips_model.h"
#include "mips_model.c"
#include "../../mips-vz/probe.c"
#include "../../mips-vz/tlb.c"
#include "../../mips-vz/guestid.c"
#include "../../mips-vz/cp0_state.c"
#include "unit.h"

#define MW_CHECK(c)		CHECK(c)
#define MW_CHECK_EQ(a, b)	CHECK_EQ(a, b)
#include "mips_world.h"
#include "mips_world.c"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

static u32 seed;

static void boot(bool guestid, bool tlbinv, unsigned int vtlb,
		 unsigned int ftlb_sets_log2, unsigned int ncpus)
{
	const struct mw_config c = {
		.guestid = guestid,
		.tlbinv = tlbinv,
		.vtlb = vtlb,
		.ftlb_sets_log2 = ftlb_sets_log2,
		.ftlb_ways = ftlb_sets_log2 ? 4 : 0,
		.nr_cpus = ncpus,
	};

	mw_boot(&c);
}

static u64 rnd64(void)
{
	return (u64)mm_rand(&seed) << 32 | mm_rand(&seed);
}

/* The guest of @x writes a random entry of its own at @i (or at Random). */
static void guest_write(unsigned int x, int i)
{
	struct mips_model *m = mm_cur;
	u64 r, hi, lo0, lo1;
	u32 mask;

	if (i < 0)
		i = mm_guest_random_next(m);
	do {
		r = m->cfg.tlbinv ? mm_rand(&seed) % 3 : mm_rand(&seed) % 2;
		hi = rnd64() & ~MM_HI_R & ~MM_HI_EHINV;
		hi |= (r == 2 ? 3ULL : r) << 62;
		if (m->cfg.tlbinv && !(mm_rand(&seed) % 16))
			hi |= MM_HI_EHINV;
		lo0 = rnd64() & ~MM_LO_G;
		lo1 = rnd64() & ~MM_LO_G;
		if (!(mm_rand(&seed) % 8)) {
			lo0 |= MM_LO_G;
			lo1 |= MM_LO_G;
		}
		mask = mm_pagemasks[mm_rand(&seed) % MM_NR_PAGEMASKS];
	} while (!mw_guest_write(x, i, hi, lo0, lo1, mask));
}

/* The guest of @x writes a few of its CP0 context registers. */
static void guest_cp0(unsigned int x)
{
	unsigned int k, id;

	for (k = mm_rand(&seed) % 4; k; k--) {
		id = mm_rand(&seed) % MM_IDS;
		if (!mw_guest_cp0_writable(mm_cur, id))
			continue;
		mw_guest_set_cp0(x, id, rnd64());
	}
}

/* One switch: @x runs on @cpu for a while, doing what a guest does. */
static void run_once(unsigned int x, unsigned int cpu)
{
	unsigned int k, n;

	mw_load(x, cpu);
	n = mm_cur->gtlb_size;
	for (k = mm_rand(&seed) % 8; k; k--) {
		switch (mm_rand(&seed) % 6) {
		case 0:
		case 1:
			guest_write(x, mm_rand(&seed) % n);
			break;
		case 2:
			guest_write(x, -1);
			break;
		case 3:
			mw_guest_set_wired(x, mm_rand(&seed) %
					      (n < 12 ? n + 1 : 13));
			break;
		default:
			guest_cp0(x);
			break;
		}
	}
	mw_put(x);
}

static void random_switches(bool guestid, bool tlbinv, unsigned int nvcpus,
			    unsigned int ncpus, u32 s)
{
	unsigned int i;

	seed = s;
	boot(guestid, tlbinv, 32, 0, ncpus);
	for (i = 0; i < 10000; i++) {
		unsigned int x = mm_rand(&seed) % nvcpus;
		unsigned int cpu = ncpus > 1 && !(mm_rand(&seed) % 4) ?
				   mm_rand(&seed) % ncpus : x % ncpus;

		run_once(x, cpu);
	}
}

UNIT_TEST(switches_2_vcpus_guestid_tlbinv)
{
	random_switches(true, true, 2, 1, 0x1001);
}

UNIT_TEST(switches_2_vcpus_guestid_no_tlbinv)
{
	random_switches(true, false, 2, 1, 0x1002);
}

UNIT_TEST(switches_2_vcpus_no_guestid_tlbinv)
{
	random_switches(false, true, 2, 1, 0x1003);
}

UNIT_TEST(switches_2_vcpus_no_guestid_no_tlbinv)
{
	random_switches(false, false, 2, 1, 0x1004);
}

UNIT_TEST(switches_3_vcpus_2_cpus_guestid)
{
	random_switches(true, true, 3, 2, 0x2001);
}

UNIT_TEST(switches_3_vcpus_2_cpus_no_guestid)
{
	random_switches(false, false, 3, 2, 0x2002);
}

/* A small GuestID space: generations turn over all the time. */
UNIT_TEST(switches_3_vcpus_2_cpus_2bit_guestids)
{
	const struct mw_config c = {
		.guestid = true,
		.tlbinv = true,
		.guestid_bits = 2,
		.vtlb = 32,
		.nr_cpus = 2,
	};
	unsigned int i;

	seed = 0x3001;
	mw_boot(&c);
	CHECK_EQ(okvm_vz_caps.guestid_mask, 3);
	for (i = 0; i < 10000; i++) {
		unsigned int x = mm_rand(&seed) % 3;

		run_once(x, mm_rand(&seed) % 2);
	}
}

/* Fill the whole TLB with @x's entries, with a random Wired. */
static void fill_all(unsigned int x)
{
	unsigned int i, n = mm_cur->gtlb_size;

	for (i = 0; i < n; i++)
		guest_write(x, i);
	mw_guest_set_wired(x, mm_rand(&seed) % (n + 1));
	guest_cp0(x);
}

UNIT_TEST(property_restore_shows_what_was_saved)
{
	unsigned int trial;

	seed = 0x4001;
	for (trial = 0; trial < 400; trial++) {
		bool guestid = trial & 1, tlbinv = trial & 2;
		unsigned int n = 1 + mm_rand(&seed) % 96;

		boot(guestid, tlbinv, n, 0, 1);
		mw_load(0, 0);
		fill_all(0);
		mw_put(0);
		mw_load(1, 0);
		fill_all(1);
		mw_put(1);
		mw_load(0, 0);		/* checks what vCPU 0 sees */
		mw_put(0);
	}
}

static void cost(bool guestid, unsigned int vtlb, unsigned int ftlb,
		 unsigned int w)
{
	struct mips_model *m;
	struct mm_counts c0;
	unsigned int x, n, i;
	unsigned long gr, gwi;

	seed = 0x5001;
	boot(guestid, true, vtlb, ftlb, 1);
	m = &mw_cpus[0];
	n = m->gtlb_size;
	for (x = 0; x < 2; x++) {
		mw_load(x, 0);
		for (i = 0; i < w; i++)
			guest_write(x, i);
		mw_guest_set_wired(x, w);
		mw_put(x);
	}
	/* steady state: A is put, B loaded; both have GuestIDs already */
	mw_load(0, 0);
	c0 = m->n;
	mw_put(0);
	mw_load(1, 0);
	gr = m->n.op[MIPS_MODEL_TLBGR] - c0.op[MIPS_MODEL_TLBGR];
	gwi = m->n.op[MIPS_MODEL_TLBGWI] - c0.op[MIPS_MODEL_TLBGWI];
	fprintf(stderr, "# %-11s %5u %5u %7lu %7lu %7lu %7lu %7lu %7lu\n",
		guestid ? "GuestID" : "no GuestID", n, w, gr, gwi,
		m->n.mfgc0 - c0.mfgc0, m->n.mtgc0 - c0.mtgc0,
		m->n.mfc0 + m->n.mtc0 - c0.mfc0 - c0.mtc0,
		m->n.ehb - c0.ehb);
	if (guestid) {
		CHECK_EQ(gr, w);
		CHECK_EQ(gwi, w);
	} else {
		CHECK_EQ(gr, n);
		CHECK_EQ(gwi, 2 * n);
	}
	mw_put(1);
}

UNIT_TEST(switch_cost_table)
{
	static const struct {
		unsigned int vtlb, ftlb_sets_log2;
	} geo[] = { { 16, 0 }, { 64, 0 }, { 256, 0 }, { 64, 7 } };
	static const unsigned int wired[] = { 0, 1, 4, 8, 15, 16, 32 };
	unsigned int g, w, mode;

	fprintf(stderr, "# one vCPU switch = put(A) + load(B), steady state, model counts\n");
	fprintf(stderr, "# %-11s %5s %5s %7s %7s %7s %7s %7s %7s\n", "mode", "N",
		"W", "TLBGR", "TLBGWI", "MFGC0", "MTGC0", "M[FT]C0", "EHB");
	for (mode = 0; mode < 2; mode++)
		for (g = 0; g < ARRAY_SIZE(geo); g++)
			for (w = 0; w < ARRAY_SIZE(wired); w++)
				if (wired[w] < geo[g].vtlb)
					cost(!mode, geo[g].vtlb,
					     geo[g].ftlb_sets_log2, wired[w]);
	fprintf(stderr, "# N: guest TLB entries (576: 64 VTLB + 128x4 FTLB)\n");
	fprintf(stderr, "# W: guest Wired of both vCPUs\n");
}
