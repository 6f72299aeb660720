// SPDX-License-Identifier: GPL-2.0
/* vCPU switches over the VZ model, checked: see mips_world.h. */
#include "mips_world.h"

struct mips_model mw_cpus[MW_NR_CPUS];
unsigned int mw_nr_cpus;
struct mw_vcpu mw_vcpus[MW_NR_VCPUS];

/* The ids mw_preserved() accepts on the booted CPUs, alike on all. */
static u8 mw_ctx_ids[MM_IDS];
static unsigned int mw_nr_ctx_ids;

/*
 * The guest CP0 state a switch must preserve, judged by the model, not
 * by okvm_vz_ctx_regs: all but Random, Count (the timer's) and LLAddr
 * (cleared on purpose).
 */
bool mw_preserved(const struct mips_model *m, unsigned int id)
{
	return m->g_present[id] && id != OKVM_GC0_RANDOM &&
	       id != OKVM_GC0_COUNT && id != OKVM_GC0_LLADDR;
}

/* The signature sits in the top four bits of the PFN. */
unsigned int mw_sig_shift(const struct mips_model *m)
{
	return 6 + (m->cfg.pabits - 12) - 4;
}

unsigned int mw_sig(const struct mips_model *m, u64 lo)
{
	return (lo >> mw_sig_shift(m)) & 0xf;
}

/* A view of an entry at @i that can never translate. */
bool mw_dead_view(const struct mips_model *m, const struct mm_view *v,
		  unsigned int i)
{
	if (m->cfg.tlbinv && (v->hi & MM_HI_EHINV))
		return true;
	return !v->lo0 && !v->lo1 && !v->mask &&
	       (!v->hi || v->hi == (okvm_vz_guest_unique_entryhi(i) &
				    mm_hi_wmask(m)));
}

bool mw_view_eq(const struct mm_view *a, const struct mm_view *b)
{
	return a->hi == b->hi && a->lo0 == b->lo0 && a->lo1 == b->lo1 &&
	       a->mask == b->mask;
}

void mw_boot(const struct mw_config *c)
{
	struct mm_config cfg;
	unsigned int i;

	MW_CHECK(c->nr_cpus >= 1 && c->nr_cpus <= MW_NR_CPUS);
	mm_default_config(&cfg);
	cfg.guestid = c->guestid;
	if (c->guestid_bits)
		cfg.guestid_bits = c->guestid_bits;
	cfg.tlbinv = c->tlbinv;
	cfg.gtlb_vtlb = c->vtlb;
	cfg.gtlb_ext = c->vtlb > 64 ? 1 : 0;
	if (c->ftlb_ways) {
		cfg.gtlb_ext = 3;
		cfg.gtlb_ftlb_sets_log2 = c->ftlb_sets_log2;
		cfg.gtlb_ftlb_ways = c->ftlb_ways;
	}
	mw_nr_cpus = c->nr_cpus;
	for (i = 0; i < mw_nr_cpus; i++)
		mm_init(&mw_cpus[i], &cfg, i);
	mw_nr_ctx_ids = 0;
	for (i = 0; i < MM_IDS; i++)
		if (mw_preserved(&mw_cpus[0], i))
			mw_ctx_ids[mw_nr_ctx_ids++] = i;
	mm_cur = &mw_cpus[0];
	MW_CHECK_EQ(okvm_vz_probe(), 0);
	memset(okvm_vz_guestid_cache, 0, sizeof(okvm_vz_guestid_cache));
	for (i = 0; i < mw_nr_cpus; i++) {
		mm_cur = &mw_cpus[i];
		okvm_vz_cpu_enable();
	}
	for (i = 0; i < MW_NR_VCPUS; i++) {
		okvm_vz_vcpu_uninit(&mw_vcpus[i].v);
		memset(&mw_vcpus[i], 0, sizeof(mw_vcpus[i]));
		MW_CHECK_EQ(okvm_vz_vcpu_init(&mw_vcpus[i].v, i), 0);
	}
}

/* Put every loaded vCPU, then free them all. */
void mw_shutdown(void)
{
	unsigned int x;

	for (x = 0; x < MW_NR_VCPUS; x++) {
		if (mw_vcpus[x].v.loaded_cpu >= 0)
			mw_put(x);
		okvm_vz_vcpu_uninit(&mw_vcpus[x].v);
	}
}

void mw_check_clean(void)
{
	unsigned int i;

	for (i = 0; i < mw_nr_cpus; i++) {
		if (mm_bad_total(&mw_cpus[i]))
			mm_print_bad(&mw_cpus[i]);
		MW_CHECK_EQ(mm_bad_total(&mw_cpus[i]), 0);
		MW_CHECK_EQ(mw_cpus[i].gctl1 & MM_GCTL1_RID, 0);
		MW_CHECK(!mw_cpus[i].irqs_off);
	}
}

/* The CPU vCPU @x is loaded on, made current. */
static struct mips_model *mw_running(unsigned int x)
{
	int cpu = mw_vcpus[x].v.loaded_cpu;

	MW_CHECK(cpu >= 0 && cpu < (int)mw_nr_cpus);
	mm_cur = &mw_cpus[cpu];
	return mm_cur;
}

/* What the guest of @x sees at @i now, against what it should see. */
static void mw_check_seen(unsigned int x, unsigned int i,
			  const struct mm_view *v, bool new_id)
{
	const struct mw_vcpu *t = &mw_vcpus[x];
	const struct mips_model *m = mm_cur;
	unsigned int sig0 = mw_sig(m, v->lo0), sig1 = mw_sig(m, v->lo1);

	/* never another vCPU's entry */
	if ((sig0 && sig0 != x + 1) || (sig1 && sig1 != x + 1))
		fprintf(stderr, "  vCPU %u sees vCPU %u's entry at %u\n",
			x, (sig0 && sig0 != x + 1 ? sig0 : sig1) - 1, i);
	MW_CHECK(!sig0 || sig0 == x + 1);
	MW_CHECK(!sig1 || sig1 == x + 1);
	if (t->reset) {
		MW_CHECK(mw_dead_view(m, v, i));
	} else if (!t->ran) {
		return;
	} else if (!m->cfg.guestid) {
		MW_CHECK(mw_view_eq(v, &t->view[i]));
	} else if (i < t->wired) {
		MW_CHECK(mw_view_eq(v, &t->view[i]) ||
			 (mw_dead_view(m, v, i) &&
			  mw_dead_view(m, &t->view[i], i)));
	} else if (m->gtlb[i].gid == mm_guest_tag(m)) {
		/* a non-wired entry it sees: its own, and unchanged */
		MW_CHECK(!new_id);
		MW_CHECK(mw_view_eq(v, &t->view[i]));
	}
}

/* Load vCPU @x on @cpu and check what it sees against what it left. */
void mw_load(unsigned int x, unsigned int cpu)
{
	struct mw_vcpu *t = &mw_vcpus[x];
	struct mips_model *m = &mw_cpus[cpu];
	u64 old_id = t->v.guestid[cpu];
	struct mm_view v;
	unsigned int i;
	bool new_id;

	MW_CHECK(cpu < mw_nr_cpus && t->v.loaded_cpu < 0);
	mm_cur = m;
	new_id = t->v.last_cpu != (int)cpu;
	okvm_vz_vcpu_load(&t->v, cpu);
	new_id |= t->v.guestid[cpu] != old_id;
	mw_check_clean();

	for (i = 0; i < m->gtlb_size; i++) {
		mm_guest_view(m, i, &v);
		mw_check_seen(x, i, &v, new_id);
		t->view[i] = v;
	}
	if (t->ran)
		for (i = 0; i < mw_nr_ctx_ids; i++)
			MW_CHECK_EQ(mm_guest_reg(m, mw_ctx_ids[i]),
				    t->ctx[mw_ctx_ids[i]]);
	t->reset = false;
}

/* Check what the guest sees, record its context, then put it. */
void mw_put(unsigned int x)
{
	struct mw_vcpu *t = &mw_vcpus[x];
	struct mips_model *m = mw_running(x);
	struct mm_view v;
	unsigned int i;

	for (i = 0; i < m->gtlb_size; i++)
		mw_guest_check_entry(x, i);
	for (i = 0; i < mw_nr_ctx_ids; i++)
		t->ctx[mw_ctx_ids[i]] = mm_guest_reg(m, mw_ctx_ids[i]);
	t->wired = mm_guest_reg(m, OKVM_GC0_WIRED) & 0xffff;
	if (t->wired > m->gtlb_size)
		t->wired = m->gtlb_size;
	t->ran = true;
	okvm_vz_vcpu_put(&t->v);
	mw_check_clean();
	MW_CHECK(t->v.loaded_cpu < 0);

	/* the wired entries or all, and nothing of another vCPU */
	MW_CHECK_EQ(t->v.tlb_saved, m->cfg.guestid ? t->wired : m->gtlb_size);
	for (i = 0; i < t->v.tlb_saved; i++) {
		unsigned int sig0 = mw_sig(m, t->v.tlb[i].entrylo0);
		unsigned int sig1 = mw_sig(m, t->v.tlb[i].entrylo1);

		MW_CHECK(!sig0 || sig0 == x + 1);
		MW_CHECK(!sig1 || sig1 == x + 1);
	}
	if (m->cfg.guestid) {
		MW_CHECK_EQ(mm_guest_reg(m, OKVM_GC0_WIRED) & 0xffff, 0);
		return;
	}
	/* flushed: nothing of the guest left in the TLB */
	for (i = 0; i < m->gtlb_size; i++) {
		mm_entry_view(m, &m->gtlb[i], &v);
		MW_CHECK(mw_dead_view(m, &v, i));
	}
}

/* Reset vCPU @x, put: it must then see an empty TLB at its next load. */
void mw_reset(unsigned int x)
{
	struct mw_vcpu *t = &mw_vcpus[x];

	MW_CHECK(t->v.loaded_cpu < 0);
	okvm_vz_vcpu_reset(&t->v);
	t->ran = false;
	t->reset = true;
}

/*
 * The guest of @x writes an entry at @i with TLBWI: EntryHi as the CPU
 * takes it (R not 2, which is reserved), EntryLo with @x's signature in
 * place of the top PFN bits. A write that would make two of the guest's
 * entries match one address (a machine check) is not done.
 *
 * Return: true if the entry was written.
 */
bool mw_guest_write(unsigned int x, unsigned int i, u64 hi, u64 lo0,
		    u64 lo1, u32 mask)
{
	struct mips_model *m = mw_running(x);
	u64 sig = (u64)(x + 1) << mw_sig_shift(m);
	u64 lo_bits = mm_lo_wmask(m) & ~(0xfULL << mw_sig_shift(m));

	MW_CHECK(i < m->gtlb_size);
	MW_CHECK((hi & MM_HI_R) != 2ULL << 62);
	hi &= mm_hi_wmask(m);
	lo0 = (lo0 & lo_bits) | sig;
	lo1 = (lo1 & lo_bits) | sig;
	if (mm_guest_would_overlap(m, i, hi, lo0, lo1, mask))
		return false;
	mm_guest_tlbwi(m, i, hi, lo0, lo1, mask);
	mm_guest_view(m, i, &mw_vcpus[x].view[i]);
	return true;
}

void mw_guest_set_wired(unsigned int x, u32 wired)
{
	mm_guest_set_reg(mw_running(x), OKVM_GC0_WIRED, wired);
}

/* The CP0 registers a guest may write at random: preserved, not Wired. */
bool mw_guest_cp0_writable(const struct mips_model *m, unsigned int id)
{
	return id < MM_IDS && mw_preserved(m, id) && id != OKVM_GC0_WIRED;
}

void mw_guest_set_cp0(unsigned int x, unsigned int id, u64 val)
{
	struct mips_model *m = mw_running(x);

	if (mw_guest_cp0_writable(m, id))
		mm_guest_set_reg(m, id, val);
}

/* The guest of @x reads entry @i: it is what the guest left there. */
void mw_guest_check_entry(unsigned int x, unsigned int i)
{
	struct mips_model *m = mw_running(x);
	struct mm_view v;

	MW_CHECK(i < m->gtlb_size);
	mm_guest_view(m, i, &v);
	MW_CHECK(mw_view_eq(&v, &mw_vcpus[x].view[i]));
}
