/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory slots: validation of KVM_SET_USER_MEMORY_REGION requests and the
 * immutable, gfn-sorted slot arrays that readers use under RCU.
 *
 * Pure logic: no locking, no allocation policy beyond kvmalloc/kvfree, so
 * tests/unit builds it in userspace.
 */
#ifndef OKVM_CORE_MEMSLOT_H
#define OKVM_CORE_MEMSLOT_H

/**
 * struct okvm_memslot - one guest-physical range backed by user memory
 * @base_gfn: first guest frame number
 * @npages: number of pages, never 0 in a published array
 * @userspace_addr: page-aligned start of the backing user mapping
 * @flags: KVM_MEM_* flags
 * @id: the slot number userspace chose
 */
struct okvm_memslot {
	u64 base_gfn;
	u64 npages;
	u64 userspace_addr;
	u32 flags;
	u16 id;
};

/**
 * struct okvm_memslots - an immutable set of slots
 * @rcu: for deferred freeing once replaced
 * @generation: bumped on every replacement
 * @nr: number of entries in @slot
 * @slot: sorted by @base_gfn, never overlapping
 */
struct okvm_memslots {
	struct rcu_head rcu;
	u64 generation;
	u32 nr;
	struct okvm_memslot slot[];
};

/**
 * enum okvm_mr_change - what a valid request does
 * @OKVM_MR_NONE: request equal to the existing slot, nothing to do
 * @OKVM_MR_CREATE: new slot
 * @OKVM_MR_DELETE: slot removed (memory_size 0)
 * @OKVM_MR_MOVE: slot keeps its memory but gets a new base_gfn
 * @OKVM_MR_FLAGS_ONLY: only KVM_MEM_LOG_DIRTY_PAGES changed
 */
enum okvm_mr_change {
	OKVM_MR_NONE,
	OKVM_MR_CREATE,
	OKVM_MR_DELETE,
	OKVM_MR_MOVE,
	OKVM_MR_FLAGS_ONLY,
};

/**
 * struct okvm_memslot_limits - what the VM accepts
 * @nr_slots: slot ids 0 .. @nr_slots - 1 are valid
 * @valid_flags: KVM_MEM_* flags the backend supports
 * @page_shift: log2 of the page size addresses must be aligned to
 */
struct okvm_memslot_limits {
	u32 nr_slots;
	u32 valid_flags;
	u32 page_shift;
};

/* The largest slot upstream KVM accepts, in pages. */
#define OKVM_MEM_MAX_NR_PAGES	((1ULL << 31) - 1)

int okvm_memslot_check(const struct okvm_memslots *cur,
		       const struct kvm_userspace_memory_region *mem,
		       const struct okvm_memslot_limits *lim,
		       enum okvm_mr_change *change);
struct okvm_memslots *
okvm_memslots_update(const struct okvm_memslots *cur,
		     const struct kvm_userspace_memory_region *mem,
		     u32 page_shift, enum okvm_mr_change change);
const struct okvm_memslot *okvm_memslot_by_id(const struct okvm_memslots *s,
					      u16 id);
const struct okvm_memslot *okvm_memslot_lookup(const struct okvm_memslots *s,
					       u64 gfn);

#endif /* OKVM_CORE_MEMSLOT_H */
