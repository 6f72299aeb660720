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

#define NR_CPUS_MAX	2
#define NR_VCPUS_MAX	3

static struct mips_model cpus[NR_CPUS_MAX];
static unsigned int nr_cpus;
static unsigned int guestid_bits = 8;
static u32 seed;

/* What each vCPU left at its last put, as the guest saw it. */
static struct vcpu_t {
	struct okvm_vz_vcpu v;
	bool ran;
	unsigned int wired;
	struct mm_view view[MM_MAX_TLB];
	u64 ctx[MM_IDS];
} vc[NR_VCPUS_MAX];

/*
 * The guest CP0 state a switch must preserve, judged by the model, not
 * by okvm_vz_ctx_regs: all but Random, Count (the timer's) and LLAddr
 * (cleared on purpose).
 */
static bool preserved(const struct mips_model *m, unsigned int id)
{
	return m->g_present[id] && id != OKVM_GC0_RANDOM &&
	       id != OKVM_GC0_COUNT && id != OKVM_GC0_LLADDR;
}

static const u32 pagemasks[] = {
	0x00000000, 0x00006000, 0x0001e000, 0x0007e000, 0x001fe000,
	0x007fe000, 0x01ffe000, 0x07ffe000, 0x1fffe000,
};

static void boot(bool guestid, bool tlbinv, unsigned int vtlb,
		 unsigned int ftlb_sets_log2, unsigned int ncpus)
{
	struct mm_config cfg;
	unsigned int i;

	mm_default_config(&cfg);
	cfg.guestid = guestid;
	cfg.guestid_bits = guestid_bits;
	cfg.tlbinv = tlbinv;
	cfg.gtlb_vtlb = vtlb;
	cfg.gtlb_ext = vtlb > 64 ? 1 : 0;
	if (ftlb_sets_log2) {
		cfg.gtlb_ext = 3;
		cfg.gtlb_ftlb_sets_log2 = ftlb_sets_log2;
		cfg.gtlb_ftlb_ways = 4;
	}
	nr_cpus = ncpus;
	for (i = 0; i < ncpus; i++)
		mm_init(&cpus[i], &cfg, i);
	mm_cur = &cpus[0];
	CHECK_EQ(okvm_vz_probe(), 0);
	memset(okvm_vz_guestid_cache, 0, sizeof(okvm_vz_guestid_cache));
	for (i = 0; i < ncpus; i++) {
		mm_cur = &cpus[i];
		okvm_vz_cpu_enable();
	}
	for (i = 0; i < NR_VCPUS_MAX; i++) {
		okvm_vz_vcpu_uninit(&vc[i].v);
		memset(&vc[i], 0, sizeof(vc[i]));
		CHECK_EQ(okvm_vz_vcpu_init(&vc[i].v, i), 0);
	}
}

static u64 rnd64(void)
{
	return (u64)mm_rand(&seed) << 32 | mm_rand(&seed);
}

static unsigned int sig_shift(void)
{
	return 6 + (mm_cur->cfg.pabits - 12) - 4;
}

static unsigned int sig_of(const struct mm_view *v)
{
	return (v->lo0 >> sig_shift()) & 0xf;
}

/* A view of an entry that can never translate. */
static bool dead_view(const struct mm_view *v, unsigned int i)
{
	if (mm_cur->cfg.tlbinv && (v->hi & MM_HI_EHINV))
		return true;
	return !v->lo0 && !v->lo1 && !v->mask &&
	       (!v->hi || v->hi == (okvm_vz_guest_unique_entryhi(i) &
				    mm_hi_wmask(mm_cur)));
}

static bool view_eq(const struct mm_view *a, const struct mm_view *b)
{
	return a->hi == b->hi && a->lo0 == b->lo0 && a->lo1 == b->lo1 &&
	       a->mask == b->mask;
}

/* The guest writes a random entry of its own at @i (or at Random). */
static void guest_write(unsigned int x, int i)
{
	struct mips_model *m = mm_cur;
	u64 lo_sig = (u64)(x + 1) << sig_shift();
	u64 lo_rnd = mm_lo_wmask(m) & ~(0xfULL << sig_shift()) & ~1ULL;
	u64 r, hi, lo0, lo1;
	u32 mask;

	if (i < 0)
		i = mm_guest_random_next(m);
	do {
		r = m->cfg.tlbinv ? mm_rand(&seed) % 3 : mm_rand(&seed) % 2;
		hi = rnd64() & mm_hi_wmask(m) & ~MM_HI_R & ~MM_HI_EHINV;
		hi |= (r == 2 ? 3ULL : r) << 62;
		if (m->cfg.tlbinv && !(mm_rand(&seed) % 16))
			hi |= MM_HI_EHINV;
		lo0 = (rnd64() & lo_rnd) | lo_sig;
		lo1 = (rnd64() & lo_rnd) | lo_sig;
		if (!(mm_rand(&seed) % 8)) {
			lo0 |= 1;
			lo1 |= 1;
		}
		mask = pagemasks[mm_rand(&seed) % ARRAY_SIZE(pagemasks)];
	} while (mm_guest_would_overlap(m, i, hi, lo0, lo1, mask));
	mm_guest_tlbwi(m, i, hi, lo0, lo1, mask);
}

static void guest_set_wired(unsigned int w)
{
	mm_guest_set_reg(mm_cur, OKVM_GC0_WIRED, w);
}

/* The guest writes a few of its CP0 context registers. */
static void guest_cp0(void)
{
	unsigned int k, id;

	for (k = mm_rand(&seed) % 4; k; k--) {
		id = mm_rand(&seed) % MM_IDS;
		if (!preserved(mm_cur, id) || id == OKVM_GC0_WIRED)
			continue;
		mm_guest_set_reg(mm_cur, id, rnd64());
	}
}

static void check_clean(void)
{
	unsigned int i;

	for (i = 0; i < nr_cpus; i++) {
		if (mm_bad_total(&cpus[i]))
			mm_print_bad(&cpus[i]);
		CHECK_EQ(mm_bad_total(&cpus[i]), 0);
		CHECK_EQ(cpus[i].gctl1 & MM_GCTL1_RID, 0);
		CHECK(!cpus[i].irqs_off);
	}
}

/* Load vCPU @x on @cpu and check what it sees against what it left. */
static void load(unsigned int x, unsigned int cpu)
{
	struct vcpu_t *t = &vc[x];
	struct mips_model *m = &cpus[cpu];
	u64 old_id = t->v.guestid[cpu];
	bool new_id;
	struct mm_view v;
	unsigned int i;

	mm_cur = m;
	new_id = t->v.last_cpu != (int)cpu;
	okvm_vz_vcpu_load(&t->v, cpu);
	new_id |= t->v.guestid[cpu] != old_id;
	check_clean();

	for (i = 0; i < m->gtlb_size; i++) {
		mm_guest_view(m, i, &v);
		/* never another vCPU's entry */
		if (sig_of(&v) && sig_of(&v) != x + 1) {
			fprintf(stderr, "  vCPU %u sees vCPU %u's entry at %u\n",
				x, sig_of(&v) - 1, i);
			CHECK(0);
		}
		if (!t->ran)
			continue;
		if (!m->cfg.guestid) {
			CHECK(view_eq(&v, &t->view[i]));
		} else if (i < t->wired) {
			CHECK(view_eq(&v, &t->view[i]) ||
			      (dead_view(&v, i) && dead_view(&t->view[i], i)));
		} else if (m->gtlb[i].gid == mm_guest_tag(m)) {
			/* a non-wired entry it sees: its own, and unchanged */
			CHECK(!new_id);
			CHECK(view_eq(&v, &t->view[i]));
		}
	}
	if (t->ran)
		for (i = 0; i < MM_IDS; i++)
			if (preserved(m, i))
				CHECK_EQ(mm_guest_reg(m, i), t->ctx[i]);
}

/* Record what the guest sees, then put it. */
static void put(unsigned int x)
{
	struct vcpu_t *t = &vc[x];
	struct mips_model *m = mm_cur;
	unsigned int i;

	for (i = 0; i < m->gtlb_size; i++)
		mm_guest_view(m, i, &t->view[i]);
	for (i = 0; i < MM_IDS; i++)
		if (preserved(m, i))
			t->ctx[i] = mm_guest_reg(m, i);
	t->wired = mm_guest_reg(m, OKVM_GC0_WIRED) & 0xffff;
	if (t->wired > m->gtlb_size)
		t->wired = m->gtlb_size;
	t->ran = true;
	okvm_vz_vcpu_put(&t->v);
	check_clean();

	/* the saved state holds nothing of another vCPU */
	for (i = 0; i < t->v.tlb_saved; i++) {
		unsigned int sig = (t->v.tlb[i].entrylo0 >> sig_shift()) & 0xf;

		CHECK(!sig || sig == x + 1);
	}
	if (!m->cfg.guestid) {
		/* flushed: nothing of the guest left in the TLB */
		for (i = 0; i < m->gtlb_size; i++) {
			struct mm_view v;

			mm_entry_view(m, &m->gtlb[i], &v);
			CHECK(dead_view(&v, i));
		}
	} else {
		CHECK_EQ(mm_guest_reg(m, OKVM_GC0_WIRED) & 0xffff, 0);
	}
}

/* One switch: @x runs on @cpu for a while, doing what a guest does. */
static void run_once(unsigned int x, unsigned int cpu)
{
	unsigned int k, n;

	load(x, cpu);
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
			guest_set_wired(mm_rand(&seed) % (n < 12 ? n + 1 : 13));
			break;
		default:
			guest_cp0();
			break;
		}
	}
	put(x);
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
	unsigned int i;

	seed = 0x3001;
	guestid_bits = 2;
	boot(true, true, 32, 0, 2);
	guestid_bits = 8;
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
	guest_set_wired(mm_rand(&seed) % (n + 1));
	guest_cp0();
}

UNIT_TEST(property_restore_shows_what_was_saved)
{
	unsigned int trial;

	seed = 0x4001;
	for (trial = 0; trial < 400; trial++) {
		bool guestid = trial & 1, tlbinv = trial & 2;
		unsigned int n = 1 + mm_rand(&seed) % 96;

		boot(guestid, tlbinv, n, 0, 1);
		load(0, 0);
		fill_all(0);
		put(0);
		load(1, 0);
		fill_all(1);
		put(1);
		load(0, 0);		/* checks what vCPU 0 sees */
		put(0);
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
	m = &cpus[0];
	n = m->gtlb_size;
	for (x = 0; x < 2; x++) {
		load(x, 0);
		for (i = 0; i < w; i++)
			guest_write(x, i);
		guest_set_wired(w);
		put(x);
	}
	/* steady state: A is put, B loaded; both have GuestIDs already */
	load(0, 0);
	c0 = m->n;
	put(0);
	load(1, 0);
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
	put(1);
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
