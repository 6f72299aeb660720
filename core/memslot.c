// SPDX-License-Identifier: GPL-2.0
/*
 * Memory slot validation and slot-array construction.
 *
 * The rules are upstream KVM's (virt/kvm/kvm_main.c,
 * __kvm_set_memory_region()), in the same order, so that every request
 * gets the errno a KVM client expects:
 *
 *  - unknown flags, unaligned size/gpa/userspace address, a user range
 *    that is not access_ok(), an address space other than 0, a slot id out
 *    of range, a gpa range that wraps, a slot over the page limit: -EINVAL;
 *  - deleting a slot that does not exist: -EINVAL;
 *  - changing the size, user address or READONLY flag of a slot: -EINVAL;
 *  - a new or moved slot overlapping another one: -EEXIST.
 */
#include "internal.h"
#include "memslot.h"

const struct okvm_memslot *okvm_memslot_by_id(const struct okvm_memslots *s,
					      u16 id)
{
	u32 i;

	if (!s)
		return NULL;
	for (i = 0; i < s->nr; i++)
		if (s->slot[i].id == id)
			return &s->slot[i];
	return NULL;
}

/**
 * okvm_memslot_lookup() - find the slot holding a guest frame
 * @s: slot array (may be NULL: no slots)
 * @gfn: guest frame number
 *
 * Context: caller holds whatever keeps @s alive (RCU or the slots lock).
 * Return: the slot, or NULL when @gfn lies in no slot.
 */
const struct okvm_memslot *okvm_memslot_lookup(const struct okvm_memslots *s,
					       u64 gfn)
{
	u32 lo = 0, hi;

	if (!s)
		return NULL;
	hi = s->nr;
	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct okvm_memslot *m = &s->slot[mid];

		if (gfn < m->base_gfn)
			hi = mid;
		else if (gfn - m->base_gfn >= m->npages)
			lo = mid + 1;
		else
			return m;
	}
	return NULL;
}

static bool okvm_memslot_overlaps(const struct okvm_memslots *s, u16 id,
				  u64 start, u64 end)
{
	u32 i;

	if (!s)
		return false;
	for (i = 0; i < s->nr; i++) {
		const struct okvm_memslot *m = &s->slot[i];

		if (m->id == id)
			continue;
		if (start < m->base_gfn + m->npages && m->base_gfn < end)
			return true;
	}
	return false;
}

/**
 * okvm_memslot_check() - validate a KVM_SET_USER_MEMORY_REGION request
 * @cur: the VM's current slots (may be NULL)
 * @mem: the request, as copied from userspace
 * @lim: the VM's limits
 * @change: set to what the request does when it is valid
 *
 * Return: 0 when valid, -EINVAL or -EEXIST as upstream KVM answers.
 */
int okvm_memslot_check(const struct okvm_memslots *cur,
		       const struct kvm_userspace_memory_region *mem,
		       const struct okvm_memslot_limits *lim,
		       enum okvm_mr_change *change)
{
	u64 page_mask = (1ULL << lim->page_shift) - 1;
	const struct okvm_memslot *old;
	u16 as_id = mem->slot >> 16;
	u16 id = (u16)mem->slot;
	u64 base_gfn, npages;

	if (mem->flags & ~lim->valid_flags)
		return -EINVAL;
	if (mem->memory_size & page_mask)
		return -EINVAL;
	if (mem->guest_phys_addr & page_mask)
		return -EINVAL;
	if ((mem->userspace_addr & page_mask) ||
	    !access_ok((void __user *)(unsigned long)mem->userspace_addr,
		       mem->memory_size))
		return -EINVAL;
	if (as_id != 0 || id >= lim->nr_slots)
		return -EINVAL;
	if (mem->guest_phys_addr + mem->memory_size < mem->guest_phys_addr)
		return -EINVAL;
	if ((mem->memory_size >> lim->page_shift) > OKVM_MEM_MAX_NR_PAGES)
		return -EINVAL;

	old = okvm_memslot_by_id(cur, id);
	if (!mem->memory_size) {
		if (!old)
			return -EINVAL;
		*change = OKVM_MR_DELETE;
		return 0;
	}

	base_gfn = mem->guest_phys_addr >> lim->page_shift;
	npages = mem->memory_size >> lim->page_shift;
	if (!old) {
		*change = OKVM_MR_CREATE;
	} else {
		if (mem->userspace_addr != old->userspace_addr ||
		    npages != old->npages ||
		    ((mem->flags ^ old->flags) & KVM_MEM_READONLY))
			return -EINVAL;
		if (base_gfn != old->base_gfn)
			*change = OKVM_MR_MOVE;
		else if (mem->flags != old->flags)
			*change = OKVM_MR_FLAGS_ONLY;
		else
			*change = OKVM_MR_NONE;
	}

	if ((*change == OKVM_MR_CREATE || *change == OKVM_MR_MOVE) &&
	    okvm_memslot_overlaps(cur, id, base_gfn, base_gfn + npages))
		return -EEXIST;
	return 0;
}

/* A slot array of @nr entries; @nr is at most the VM's slot limit. */
static size_t okvm_memslots_size(u32 nr)
{
	return sizeof(struct okvm_memslots) + (size_t)nr * sizeof(struct okvm_memslot);
}

/**
 * okvm_memslots_update() - build the slot array that results from a request
 * @cur: current slots (may be NULL)
 * @mem: a request okvm_memslot_check() accepted
 * @page_shift: log2 of the page size
 * @change: what okvm_memslot_check() said the request does
 *
 * @cur is left untouched; the caller publishes the result and frees @cur
 * once no reader can see it.
 *
 * Return: the new array, or NULL when out of memory.
 */
struct okvm_memslots *
okvm_memslots_update(const struct okvm_memslots *cur,
		     const struct kvm_userspace_memory_region *mem,
		     u32 page_shift, enum okvm_mr_change change)
{
	u32 nr_cur = cur ? cur->nr : 0, nr_new = nr_cur, i, j = 0;
	struct okvm_memslot new = {
		.base_gfn = mem->guest_phys_addr >> page_shift,
		.npages = mem->memory_size >> page_shift,
		.userspace_addr = mem->userspace_addr,
		.flags = mem->flags,
		.id = (u16)mem->slot,
	};
	bool add = change != OKVM_MR_DELETE, placed = false;
	struct okvm_memslots *s;

	if (change == OKVM_MR_CREATE)
		nr_new++;
	else if (change == OKVM_MR_DELETE)
		nr_new--;

	s = kvzalloc(okvm_memslots_size(nr_new), GFP_KERNEL_ACCOUNT);
	if (!s)
		return NULL;
	s->generation = (cur ? cur->generation : 0) + 1;
	s->nr = nr_new;

	for (i = 0; i < nr_cur; i++) {
		const struct okvm_memslot *m = &cur->slot[i];

		if (m->id == new.id)
			continue;
		if (add && !placed && new.base_gfn < m->base_gfn) {
			s->slot[j++] = new;
			placed = true;
		}
		s->slot[j++] = *m;
	}
	if (add && !placed)
		s->slot[j++] = new;
	return s;
}
