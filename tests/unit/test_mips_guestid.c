// SPDX-License-Identifier: GPL-2.0
/*
 * mips-vz/guestid.c against the VZ model (two CPUs): GuestID allocation
 * with generations, the flush on wrap, migration.
 *
 * What it proves: GuestIDs are never 0 (the root's) and never wider than
 * the CPU's GuestCtl1.ID; within a generation no two vCPUs share one on
 * a CPU; a vCPU reloaded on the same CPU keeps its id, so its untouched
 * entries are still there; a vCPU that ran on another CPU meanwhile gets
 * a fresh one, so stale entries under the old id are never seen again;
 * running out of ids flushes exactly the guest entries (every guest TLB
 * entry and every root TLB entry with a GuestID, no host entry), costs
 * one TLBR per root entry, one TLBWI per guest mapping and one TLBGWI per
 * guest TLB entry, and then every old-generation vCPU gets a new id; the
 * counter's own u64 wrap restarts at the first generation; invalidation
 * forces new ids; and without GuestIDs GuestCtl1 is never touched.
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

#define NR_TEST_CPUS	2
#define NR_TEST_VCPUS	8

static struct mips_model cpus[NR_TEST_CPUS];
static struct okvm_vz_vcpu vcpus[NR_TEST_VCPUS];

static void boot(bool guestid, unsigned int guestid_bits)
{
	struct mm_config cfg;
	unsigned int i;

	mm_default_config(&cfg);
	cfg.guestid = guestid;
	cfg.guestid_bits = guestid_bits;
	cfg.gtlb_vtlb = 32;
	cfg.rtlb_size = 32;
	for (i = 0; i < NR_TEST_CPUS; i++)
		mm_init(&cpus[i], &cfg, i);
	mm_cur = &cpus[0];
	CHECK_EQ(okvm_vz_probe(), 0);
	memset(okvm_vz_guestid_cache, 0, sizeof(okvm_vz_guestid_cache));
	for (i = 0; i < NR_TEST_CPUS; i++) {
		mm_cur = &cpus[i];
		okvm_vz_cpu_enable();
	}
	for (i = 0; i < NR_TEST_VCPUS; i++) {
		okvm_vz_vcpu_uninit(&vcpus[i]);
		memset(&vcpus[i], 0, sizeof(vcpus[i]));
		CHECK_EQ(okvm_vz_vcpu_init(&vcpus[i], i), 0);
	}
}

static void check_clean(void)
{
	unsigned int i;

	for (i = 0; i < NR_TEST_CPUS; i++) {
		if (mm_bad_total(&cpus[i]))
			mm_print_bad(&cpus[i]);
		CHECK_EQ(mm_bad_total(&cpus[i]), 0);
		CHECK_EQ(cpus[i].gctl1 & MM_GCTL1_RID, 0);
	}
}

/* Load vCPU @v on CPU @cpu, return the GuestID it runs with, put it. */
static u32 run(unsigned int v, unsigned int cpu)
{
	u32 id;

	mm_cur = &cpus[cpu];
	okvm_vz_vcpu_load(&vcpus[v], cpu);
	id = mm_guest_tag(mm_cur);
	if (okvm_vz_caps.guestid)
		CHECK_EQ(id, vcpus[v].guestid[cpu] & okvm_vz_caps.guestid_mask);
	okvm_vz_vcpu_put(&vcpus[v]);
	return id;
}

UNIT_TEST(ids_are_nonzero_distinct_and_stable)
{
	u32 id[NR_TEST_VCPUS];
	unsigned int i, j;

	boot(true, 8);
	for (i = 0; i < NR_TEST_VCPUS; i++) {
		id[i] = run(i, 0);
		CHECK(id[i] != 0 && id[i] <= 0xff);
		for (j = 0; j < i; j++)
			CHECK(id[i] != id[j]);
	}
	for (i = 0; i < NR_TEST_VCPUS; i++)
		CHECK_EQ(run(i, 0), id[i]);
	check_clean();
}

UNIT_TEST(a_reloaded_vcpu_still_sees_its_entries)
{
	u32 id;

	boot(true, 8);
	mm_cur = &cpus[0];
	okvm_vz_vcpu_load(&vcpus[0], 0);
	id = mm_guest_tag(mm_cur);
	mm_guest_tlbwi(mm_cur, 20, 0x10000000, 0x1006, 0x1046, 0);
	okvm_vz_vcpu_put(&vcpus[0]);
	CHECK_EQ(run(1, 0), id + 1);
	okvm_vz_vcpu_load(&vcpus[0], 0);
	CHECK_EQ(mm_guest_tag(mm_cur), id);
	CHECK_EQ(mm_guest_lookup(mm_cur, 0x10000000, 0), 20);
	okvm_vz_vcpu_put(&vcpus[0]);
	check_clean();
}

UNIT_TEST(migration_gets_a_fresh_id)
{
	u32 a, b;

	boot(true, 8);
	mm_cur = &cpus[0];
	okvm_vz_vcpu_load(&vcpus[0], 0);
	a = mm_guest_tag(mm_cur);
	mm_guest_tlbwi(mm_cur, 20, 0x10000000, 0x1006, 0x1046, 0);
	okvm_vz_vcpu_put(&vcpus[0]);
	run(0, 1);
	/* back on CPU 0: its old entry there is stale and must stay unseen */
	mm_cur = &cpus[0];
	okvm_vz_vcpu_load(&vcpus[0], 0);
	b = mm_guest_tag(mm_cur);
	CHECK(b != a && b != 0);
	CHECK_EQ(mm_guest_lookup(mm_cur, 0x10000000, 0), -1);
	okvm_vz_vcpu_put(&vcpus[0]);
	check_clean();
}

UNIT_TEST(wrap_flushes_exactly_the_guest_entries)
{
	struct mips_model *m = &cpus[0];
	struct mm_tlbe host[32];
	unsigned int i, guest_maps = 0;
	struct mm_counts c0;

	/* 2-bit GuestIDs: ids 1, 2, 3, then a new generation */
	boot(true, 2);
	for (i = 0; i < 3; i++) {
		mm_cur = m;
		okvm_vz_vcpu_load(&vcpus[i], 0);
		CHECK_EQ(mm_guest_tag(m), i + 1);
		mm_guest_tlbwi(m, 10 + i, 0x10000000, 0x1006, 0x1046, 0);
		mm_guest_tlbwi(m, 20 + i, 0x20000000, 0x2006, 0x2046, 0);
		okvm_vz_vcpu_put(&vcpus[i]);
	}
	/* the root TLB: host mappings and guest physical mappings */
	for (i = 0; i < 32; i++) {
		u8 gid = i % 4;

		mm_root_write(m, i, 0xc000000000000000ULL + ((u64)i << 14), 0x6,
			      0x46, 0, gid);
		guest_maps += gid != 0;
		host[i] = m->rtlb[i];
	}
	c0 = m->n;
	mm_cur = m;
	okvm_vz_vcpu_load(&vcpus[3], 0);
	/* generation 2 starts at id 1 again, 0 is skipped */
	CHECK_EQ(mm_guest_tag(m), 1);
	CHECK_EQ(m->n.op[MIPS_MODEL_TLBR] - c0.op[MIPS_MODEL_TLBR], 32);
	CHECK_EQ(m->n.op[MIPS_MODEL_TLBWI] - c0.op[MIPS_MODEL_TLBWI],
		 guest_maps);
	CHECK_EQ(m->n.op[MIPS_MODEL_TLBGWI] - c0.op[MIPS_MODEL_TLBGWI], 32);
	for (i = 0; i < 32; i++) {
		CHECK(m->gtlb[i].hi & MM_HI_EHINV);
		if (host[i].gid)
			CHECK(m->rtlb[i].hi & MM_HI_EHINV);
		else
			CHECK(!memcmp(&m->rtlb[i], &host[i], sizeof(host[i])));
	}
	okvm_vz_vcpu_put(&vcpus[3]);
	/* old-generation vCPUs get new ids, none shared with vCPU 3's */
	CHECK_EQ(run(0, 0), 2);
	CHECK_EQ(run(1, 0), 3);
	CHECK_EQ(run(3, 0), 1);
	check_clean();
}

UNIT_TEST(many_generations_never_share_an_id)
{
	u32 owner[8];
	unsigned int round, v, wraps = 0;
	u32 seed = 77;
	u64 gen = 0;

	boot(true, 3);
	for (round = 0; round < 5000; round++) {
		u32 id;

		v = mm_rand(&seed) % NR_TEST_VCPUS;
		id = run(v, 0);
		CHECK(id >= 1 && id <= 7);
		if (okvm_vz_guestid_cache[0] >> 3 != gen) {
			gen = okvm_vz_guestid_cache[0] >> 3;
			memset(owner, 0xff, sizeof(owner));
			wraps++;
		}
		/* within a generation an id belongs to one vCPU */
		CHECK(owner[id] == 0xffffffff || owner[id] == v);
		owner[id] = v;
	}
	CHECK(wraps > 100);
	check_clean();
}

UNIT_TEST(u64_counter_wrap_restarts_at_the_first_generation)
{
	boot(true, 8);
	okvm_vz_guestid_cache[0] = ~0ULL;
	CHECK_EQ(run(0, 0), 1);
	CHECK_EQ(okvm_vz_guestid_cache[0], 0x101);
	check_clean();
}

UNIT_TEST(invalidate_forces_new_ids)
{
	u32 a;

	boot(true, 8);
	a = run(0, 0);
	CHECK_EQ(run(0, 0), a);
	okvm_vz_guestid_invalidate(&vcpus[0]);
	CHECK(run(0, 0) != a);
	check_clean();
}

UNIT_TEST(without_guestids_guestctl1_is_never_touched)
{
	unsigned int i;

	boot(false, 8);
	for (i = 0; i < 20; i++)
		CHECK_EQ(run(i % NR_TEST_VCPUS, i % NR_TEST_CPUS), 0);
	CHECK_EQ(okvm_vz_guestid_cache[0], 0);
	check_clean();
	for (i = 0; i < NR_TEST_VCPUS; i++)
		okvm_vz_vcpu_uninit(&vcpus[i]);
	CHECK_EQ(unit_live_allocs, 0);
}
