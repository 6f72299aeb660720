// SPDX-License-Identifier: GPL-2.0
/*
 * core/memslot.c: the KVM_SET_USER_MEMORY_REGION validation matrix
 * (upstream's rules and errnos), slot-array construction and lookup, and
 * a randomised comparison against a page-by-page reference model.
 */
#include "shim.h"
#include "../../core/memslot.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

#define PS	4096ULL
#define NSLOTS	32

static const struct okvm_memslot_limits lim = {
	.nr_slots = NSLOTS,
	.valid_flags = KVM_MEM_LOG_DIRTY_PAGES,
	.page_shift = 12,
};

static struct kvm_userspace_memory_region mr(u32 slot, u32 flags, u64 gpa,
					     u64 size, u64 uaddr)
{
	struct kvm_userspace_memory_region m = {
		.slot = slot, .flags = flags, .guest_phys_addr = gpa,
		.memory_size = size, .userspace_addr = uaddr,
	};

	return m;
}

/* Check @m against @s and, when valid, apply it; returns the errno. */
static int apply(struct okvm_memslots **s, struct kvm_userspace_memory_region m,
		 enum okvm_mr_change *change)
{
	enum okvm_mr_change c = OKVM_MR_NONE;
	struct okvm_memslots *next;
	int r;

	r = okvm_memslot_check(*s, &m, &lim, &c);
	if (change)
		*change = c;
	if (r || c == OKVM_MR_NONE)
		return r;
	next = okvm_memslots_update(*s, &m, lim.page_shift, c);
	if (!next)
		return -ENOMEM;
	kvfree(*s);
	*s = next;
	return 0;
}

UNIT_TEST(rejects_bad_requests)
{
	struct okvm_memslots *s = NULL;
	enum okvm_mr_change c;
	u64 u = 0x10000000;

	CHECK_EQ(apply(&s, mr(0, 0x80, 0, PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, KVM_MEM_READONLY, 0, PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0, PS + 1, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0, PS / 2, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0x800, PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0, PS, u + 8), &c), -EINVAL);
	/* user range ending past the user address space */
	CHECK_EQ(apply(&s, mr(0, 0, 0, 2 * PS, unit_task_size - PS), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0, PS, unit_task_size), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0, 0, 0, PS, ~(PS - 1)), &c), -EINVAL);
	/* address space 1, slot id out of range */
	CHECK_EQ(apply(&s, mr(1 << 16, 0, 0, PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(NSLOTS, 0, 0, PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(0xffff, 0, 0, PS, u), &c), -EINVAL);
	/* gpa + size wraps */
	CHECK_EQ(apply(&s, mr(0, 0, ~(PS - 1), 2 * PS, u), &c), -EINVAL);
	/* more pages than a slot may hold */
	CHECK_EQ(apply(&s, mr(0, 0, 0, (1ULL << 31) * PS, u), &c), -EINVAL);
	/* deleting a slot that does not exist */
	CHECK_EQ(apply(&s, mr(3, 0, 0, 0, u), &c), -EINVAL);
	CHECK(!s);
}

UNIT_TEST(largest_slot_accepted)
{
	struct okvm_memslots *s = NULL;
	enum okvm_mr_change c;

	CHECK_EQ(apply(&s, mr(0, 0, 0, ((1ULL << 31) - 1) * PS, PS), &c), 0);
	CHECK_EQ(c, OKVM_MR_CREATE);
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}

UNIT_TEST(overlap_is_eexist)
{
	struct okvm_memslots *s = NULL;
	u64 u = 0x10000000;
	enum okvm_mr_change c;

	CHECK_EQ(apply(&s, mr(0, 0, 16 * PS, 16 * PS, u), &c), 0);
	/* contained, containing, left edge, right edge, exact */
	CHECK_EQ(apply(&s, mr(1, 0, 20 * PS, PS, u), &c), -EEXIST);
	CHECK_EQ(apply(&s, mr(1, 0, 0, 64 * PS, u), &c), -EEXIST);
	CHECK_EQ(apply(&s, mr(1, 0, 8 * PS, 9 * PS, u), &c), -EEXIST);
	CHECK_EQ(apply(&s, mr(1, 0, 31 * PS, 4 * PS, u), &c), -EEXIST);
	CHECK_EQ(apply(&s, mr(1, 0, 16 * PS, 16 * PS, u), &c), -EEXIST);
	/* touching on either side is fine; the same user memory is fine */
	CHECK_EQ(apply(&s, mr(1, 0, 8 * PS, 8 * PS, u), &c), 0);
	CHECK_EQ(apply(&s, mr(2, 0, 32 * PS, 8 * PS, u), &c), 0);
	CHECK_EQ(s->nr, 3);
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}

UNIT_TEST(modify_rules)
{
	struct okvm_memslots *s = NULL;
	u64 u = 0x10000000;
	enum okvm_mr_change c;

	CHECK_EQ(apply(&s, mr(5, 0, 16 * PS, 4 * PS, u), &c), 0);
	CHECK_EQ(apply(&s, mr(6, 0, 64 * PS, 4 * PS, u), &c), 0);
	/* identical request: nothing to do */
	CHECK_EQ(apply(&s, mr(5, 0, 16 * PS, 4 * PS, u), &c), 0);
	CHECK_EQ(c, OKVM_MR_NONE);
	/* size or user address may not change */
	CHECK_EQ(apply(&s, mr(5, 0, 16 * PS, 8 * PS, u), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(5, 0, 16 * PS, 4 * PS, u + PS), &c), -EINVAL);
	/* flags only */
	CHECK_EQ(apply(&s, mr(5, KVM_MEM_LOG_DIRTY_PAGES, 16 * PS, 4 * PS, u), &c), 0);
	CHECK_EQ(c, OKVM_MR_FLAGS_ONLY);
	CHECK_EQ(okvm_memslot_by_id(s, 5)->flags, KVM_MEM_LOG_DIRTY_PAGES);
	/* move: onto its own old range is fine, onto another slot is not */
	CHECK_EQ(apply(&s, mr(5, 0, 18 * PS, 4 * PS, u), &c), 0);
	CHECK_EQ(c, OKVM_MR_MOVE);
	CHECK_EQ(okvm_memslot_by_id(s, 5)->base_gfn, 18);
	CHECK_EQ(apply(&s, mr(5, 0, 62 * PS, 4 * PS, u), &c), -EEXIST);
	/* delete, then the id is free again */
	CHECK_EQ(apply(&s, mr(5, 0, 0, 0, 0), &c), 0);
	CHECK_EQ(c, OKVM_MR_DELETE);
	CHECK(!okvm_memslot_by_id(s, 5));
	CHECK_EQ(apply(&s, mr(5, 0, 0, 0, 0), &c), -EINVAL);
	CHECK_EQ(apply(&s, mr(5, 0, 0, PS, u), &c), 0);
	CHECK_EQ(s->generation, 6);
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}

UNIT_TEST(sorted_and_lookup)
{
	static const u64 gfn[] = { 100, 3, 50, 0, 200, 10 };
	struct okvm_memslots *s = NULL;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(gfn); i++)
		CHECK_EQ(apply(&s, mr(i, 0, gfn[i] * PS, 2 * PS, PS), NULL), 0);
	for (i = 1; i < s->nr; i++)
		CHECK(s->slot[i - 1].base_gfn + s->slot[i - 1].npages <=
		      s->slot[i].base_gfn);
	CHECK_EQ(okvm_memslot_lookup(s, 100)->id, 0);
	CHECK_EQ(okvm_memslot_lookup(s, 101)->id, 0);
	CHECK(!okvm_memslot_lookup(s, 102));
	CHECK_EQ(okvm_memslot_lookup(s, 0)->id, 3);
	CHECK_EQ(okvm_memslot_lookup(s, 4)->id, 1);
	CHECK(!okvm_memslot_lookup(s, 2));
	CHECK(!okvm_memslot_lookup(s, ~0ULL));
	CHECK(!okvm_memslot_lookup(NULL, 0));
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}

UNIT_TEST(allocation_failure_leaves_slots_alone)
{
	struct okvm_memslots *s = NULL;

	CHECK_EQ(apply(&s, mr(0, 0, 0, PS, PS), NULL), 0);
	unit_alloc_fail_after = 0;
	CHECK_EQ(apply(&s, mr(1, 0, PS, PS, PS), NULL), -ENOMEM);
	unit_alloc_fail_after = -1;
	CHECK_EQ(s->nr, 1);
	CHECK_EQ(s->generation, 1);
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}

/*
 * Random requests (fixed seed) against a reference model that records,
 * per slot, its range; after each request every gfn of the space must
 * resolve to the slot the model says, and the errno must match.
 */
#define SPACE	256

struct ref_slot {
	bool used;
	u64 gfn, npages, uaddr;
	u32 flags;
};

static int ref_apply(struct ref_slot *ref, const struct kvm_userspace_memory_region *m)
{
	u16 id = m->slot;
	u64 gfn = m->guest_phys_addr / PS, np = m->memory_size / PS;
	unsigned int i;

	if (id >= NSLOTS)
		return -EINVAL;
	if (!np) {
		if (!ref[id].used)
			return -EINVAL;
		ref[id].used = false;
		return 0;
	}
	if (ref[id].used && (ref[id].npages != np || ref[id].uaddr != m->userspace_addr))
		return -EINVAL;
	for (i = 0; i < NSLOTS; i++)
		if (i != id && ref[i].used && gfn < ref[i].gfn + ref[i].npages &&
		    ref[i].gfn < gfn + np)
			return -EEXIST;
	ref[id] = (struct ref_slot){ true, gfn, np, m->userspace_addr, m->flags };
	return 0;
}

UNIT_TEST(random_against_reference)
{
	struct ref_slot ref[NSLOTS] = {};
	struct okvm_memslots *s = NULL;
	unsigned int iter, g, i;

	srand(12345);
	for (iter = 0; iter < 20000; iter++) {
		u32 id = rand() % (NSLOTS + 2);
		u64 gfn = rand() % SPACE, np = rand() % 5 == 0 ? 0 : 1 + rand() % 16;
		struct kvm_userspace_memory_region m;

		if (id < NSLOTS && ref[id].used && rand() % 2) {
			/* mostly legal modifications of an existing slot */
			np = rand() % 8 ? ref[id].npages : np;
			m = mr(id, rand() % 4 ? 0 : KVM_MEM_LOG_DIRTY_PAGES, gfn * PS,
			       np * PS, rand() % 8 ? ref[id].uaddr : PS);
		} else {
			m = mr(id, 0, gfn * PS, np * PS, PS * (1 + rand() % 4));
		}
		CHECK_EQ(apply(&s, m, NULL), ref_apply(ref, &m));
		for (g = 0; g < SPACE + 16; g++) {
			const struct okvm_memslot *hit = okvm_memslot_lookup(s, g);
			int want = -1;

			for (i = 0; i < NSLOTS; i++)
				if (ref[i].used && g >= ref[i].gfn &&
				    g < ref[i].gfn + ref[i].npages)
					want = i;
			CHECK_EQ(hit ? hit->id : -1, want);
		}
	}
	kvfree(s);
	CHECK_EQ(unit_live_allocs, 0);
}
