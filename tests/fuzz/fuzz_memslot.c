// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for KVM_SET_USER_MEMORY_REGION validation and the slot
 * arrays (core/memslot.c): `make fuzz-host`.
 *
 * Input: a sequence of 29-byte requests (slot, flags, guest address, size,
 * user address, and a byte that may make the next allocation fail), each
 * checked and, when valid, applied as the core does. Besides what ASan
 * and UBSan catch, it checks after every request:
 *
 *  - the answer is 0, -EINVAL, -EEXIST or (allocation failure) -ENOMEM,
 *    and a refused request leaves the array as it was;
 *  - the array is sorted by guest frame, never overlapping, every slot
 *    page-aligned, non-empty, within the slot limit and the user address
 *    space, its id unique and found by id and by each end's frame, and
 *    never by the frames just outside it;
 *  - an accepted request did what it said: the slot now has the requested
 *    range (or is gone), and nothing else changed;
 *  - at the end every allocation has been freed.
 */
#include "../unit/shim.h"
#include "../../core/memslot.c"
#include "fuzz.h"

#define REC		29
#define PAGE_SHIFT_	12
#define NSLOTS		16

static const struct okvm_memslot_limits lim = {
	.nr_slots = NSLOTS,
	.valid_flags = KVM_MEM_LOG_DIRTY_PAGES | KVM_MEM_READONLY,
	.page_shift = PAGE_SHIFT_,
};

static u64 rd(const u8 *p, unsigned int n)
{
	u64 v = 0;

	memcpy(&v, p, n);
	return v;
}

static void check_array(const struct okvm_memslots *s)
{
	u32 i, j;

	if (!s)
		return;
	FUZZ_CHECK(s->nr <= NSLOTS);
	for (i = 0; i < s->nr; i++) {
		const struct okvm_memslot *m = &s->slot[i];
		u64 end = m->base_gfn + m->npages;

		FUZZ_CHECK(m->npages && m->npages <= OKVM_MEM_MAX_NR_PAGES);
		FUZZ_CHECK(end > m->base_gfn);
		FUZZ_CHECK(!(m->userspace_addr & ((1ULL << PAGE_SHIFT_) - 1)));
		FUZZ_CHECK(unit_access_ok(m->userspace_addr,
					  m->npages << PAGE_SHIFT_));
		FUZZ_CHECK(m->id < NSLOTS);
		FUZZ_CHECK(i == 0 || s->slot[i - 1].base_gfn +
					     s->slot[i - 1].npages <= m->base_gfn);
		for (j = 0; j < i; j++)
			FUZZ_CHECK(s->slot[j].id != m->id);
		FUZZ_CHECK(okvm_memslot_by_id(s, m->id) == m);
		FUZZ_CHECK(okvm_memslot_lookup(s, m->base_gfn) == m);
		FUZZ_CHECK(okvm_memslot_lookup(s, end - 1) == m);
		FUZZ_CHECK(!m->base_gfn ||
			   okvm_memslot_lookup(s, m->base_gfn - 1) != m);
		FUZZ_CHECK(okvm_memslot_lookup(s, end) != m);
	}
}

static bool same_slot(const struct okvm_memslot *a, const struct okvm_memslot *b)
{
	return a->base_gfn == b->base_gfn && a->npages == b->npages &&
	       a->userspace_addr == b->userspace_addr &&
	       a->flags == b->flags && a->id == b->id;
}

/* @next holds @cur's slots but @id's, which is as @mem asked. */
static void check_applied(const struct okvm_memslots *cur,
			  const struct okvm_memslots *next,
			  const struct kvm_userspace_memory_region *mem)
{
	const struct okvm_memslot *m = okvm_memslot_by_id(next, (u16)mem->slot);
	u32 i;

	if (!mem->memory_size) {
		FUZZ_CHECK(!m);
	} else {
		FUZZ_CHECK(m);
		FUZZ_CHECK(m->base_gfn == mem->guest_phys_addr >> PAGE_SHIFT_);
		FUZZ_CHECK(m->npages == mem->memory_size >> PAGE_SHIFT_);
		FUZZ_CHECK(m->userspace_addr == mem->userspace_addr);
		FUZZ_CHECK(m->flags == mem->flags);
	}
	for (i = 0; cur && i < cur->nr; i++) {
		const struct okvm_memslot *o = &cur->slot[i];

		if (o->id != (u16)mem->slot)
			FUZZ_CHECK(okvm_memslot_by_id(next, o->id) &&
				   same_slot(okvm_memslot_by_id(next, o->id), o));
	}
	FUZZ_CHECK(next->nr == (cur ? cur->nr : 0) + !!m -
		   !!okvm_memslot_by_id(cur, (u16)mem->slot));
}

int okvm_fuzz_one(const u8 *data, size_t size)
{
	struct okvm_memslots *s = NULL, *next;
	size_t off;

	for (off = 0; off + REC <= size; off += REC) {
		const u8 *p = data + off;
		u8 shape = p[28];
		struct kvm_userspace_memory_region m = {
			.slot = rd(p, 2) | (shape & 0x80 ? rd(p + 2, 2) << 16 : 0),
			.flags = shape & 0x40 ? p[4] : p[4] & 3,
			.guest_phys_addr = rd(p + 5, 8),
			.memory_size = rd(p + 13, 8),
			.userspace_addr = rd(p + 21, 7),
		};
		enum okvm_mr_change c = OKVM_MR_NONE;
		int r;

		/* mostly small, page-granular values, so that slots get made */
		if (!(shape & 1)) {
			m.slot %= NSLOTS + 2;
			m.guest_phys_addr = (m.guest_phys_addr % 512) << PAGE_SHIFT_;
			m.memory_size = (m.memory_size % 64) << PAGE_SHIFT_;
			m.userspace_addr = (m.userspace_addr % 4096) << PAGE_SHIFT_;
		}
		unit_alloc_fail_after = shape & 2 ? 0 : -1;
		r = okvm_memslot_check(s, &m, &lim, &c);
		FUZZ_CHECK(r == 0 || r == -EINVAL || r == -EEXIST);
		if (!r && c != OKVM_MR_NONE) {
			next = okvm_memslots_update(s, &m, PAGE_SHIFT_, c);
			FUZZ_CHECK(next || (shape & 2));
			if (next) {
				check_applied(s, next, &m);
				FUZZ_CHECK(next->generation ==
					   (s ? s->generation : 0) + 1);
				kvfree(s);
				s = next;
			}
		}
		unit_alloc_fail_after = -1;
		check_array(s);
	}
	kvfree(s);
	FUZZ_CHECK(unit_live_allocs == 0);
	return 0;
}
