// SPDX-License-Identifier: GPL-2.0
/*
 * L2 partition-scoped radix trees.
 *
 * The L0 (QEMU TCG, or KVM-HV) walks these tables itself for every L2
 * access, with no shadow copy, so they use exactly the radix geometry
 * the ISA and Linux use (Documentation/ppc-nested.rst): a 52-bit tree
 * whose root has 2^13 entries, then three levels of 2^9, with 4 KiB
 * leaves, all entries big-endian. An L2 guest-real address (gpa) maps to
 * an L1 real address (the host page pinned for it).
 *
 * Pinning policy: an L2 page is mapped on its first HDSI/HISI by pinning
 * the memslot's user page (FOLL_LONGTERM) and stays pinned until the slot
 * is deleted or moved or the VM dies; the L1 process unmapping the memory
 * does not unmap it from the L2. Every leaf holds exactly one pin, and
 * @pinned counts them, so "no page stays pinned" is checkable.
 *
 * Unmapping a slot is done in two passes so that no L2 can reach a page
 * once it is unpinned: okvm_ppc_mmu_unmap_slot() clears the valid bit of
 * each leaf but keeps its address, and tells the L0 (H_TLB_INVALIDATE in
 * v1); the caller then waits until every vCPU of the VM that was inside
 * the L2 has left it (QEMU's L0 drops its TLB at every switch and ignores
 * H_TLB_INVALIDATE, power-nested-facts.md §2.6); only then does
 * okvm_ppc_mmu_release_slot() unpin. A fault racing with the unmap sees
 * @seq move and maps nothing.
 *
 * v1 also owns the L1's single partition table (H_SET_PARTITION_TABLE):
 * 4096 entries of 16 bytes, entry = LPID. LPIDs are allocated here.
 *
 * Lock order: okvm_ppc_mmu->lock is a leaf (taken under vm->slots_lock by
 * okvm_ppc_mmu_unmap_slot()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <linux/idr.h>
#include <linux/io.h>
#include <linux/seq_file.h>
#include <asm/hvcall.h>

#include "hcall.h"
#include "mmu.h"
#include "transport.h"

#define OKVM_RADIX_TABLE_SIZE	(8UL << OKVM_RADIX_LEVEL_BITS)

/* Entry bits (big-endian numbering in the ISA; values as u64 here). */
#define OKVM_RPTE_VALID		BIT_ULL(63)
#define OKVM_RPTE_LEAF		BIT_ULL(62)
#define OKVM_RPTE_RPN_MASK	0x01fffffffffff000ULL
#define OKVM_RPTE_R		0x100ULL	/* referenced */
#define OKVM_RPTE_C		0x080ULL	/* changed */
#define OKVM_RPTE_READ		0x004ULL
#define OKVM_RPTE_RW		0x002ULL
#define OKVM_RPTE_EXEC		0x001ULL
#define OKVM_RPDE_NLB_MASK	0x0fffffffffffff00ULL

/* Partition table entry fields (ISA 3.0 6.7.6.1). */
#define OKVM_PATE_HR		BIT_ULL(63)
/* RTS = tree bits - 31 = 21, split as RTS1 (bits 61-62) and RTS2 (5-7). */
#define OKVM_PATE_RTS		((2ULL << 61) | (5ULL << 5))

/* The L1's partition table: 2^(PATS + 12) bytes, PATS 4: 4096 LPIDs. */
#define OKVM_PATB_PATS		4
#define OKVM_PATB_ENTRIES	(1U << (OKVM_PATB_PATS + 8))

/* H_TLB_INVALIDATE: RIC=2 (all), PRS=0, R=1 over a whole LPID. */
#define OKVM_TLBIE_ALL_LPID	((2UL << 18) | (1UL << 16))
#define OKVM_TLBIE_SET_LPID	0x800

static __be64 *okvm_patb;
static DEFINE_IDA(okvm_lpid_ida);
static atomic64_t okvm_pinned_total;
static atomic64_t okvm_tables_total;
static atomic64_t okvm_lpids_total;

/**
 * okvm_ppc_mmu_global_init() - set up what every VM shares
 * @register_table: v1: allocate the partition table and register it with
 *	H_SET_PARTITION_TABLE
 *
 * Return: 0, -ENOMEM, or the errno of the L0's answer.
 */
int okvm_ppc_mmu_global_init(bool register_table)
{
	long rc;

	if (!register_table)
		return 0;
	/* Power-of-two kmalloc sizes are naturally aligned. */
	okvm_patb = kzalloc(OKVM_PATB_ENTRIES * 16, GFP_KERNEL);
	if (!okvm_patb)
		return -ENOMEM;
	rc = plpar_hcall_norets(OKVM_H_SET_PARTITION_TABLE,
				__pa(okvm_patb) | OKVM_PATB_PATS);
	if (rc != H_SUCCESS) {
		pr_info("H_SET_PARTITION_TABLE failed: %ld\n", rc);
		kfree(okvm_patb);
		okvm_patb = NULL;
		return okvm_hcall_errno(rc);
	}
	return 0;
}

void okvm_ppc_mmu_global_exit(void)
{
	if (!okvm_patb)
		return;
	plpar_hcall_norets(OKVM_H_SET_PARTITION_TABLE, 0);
	kfree(okvm_patb);
	okvm_patb = NULL;
}

/**
 * okvm_ppc_mmu_show() - the MMU's live objects, for debugfs okvm/objects
 * @m: the file
 */
void okvm_ppc_mmu_show(struct seq_file *m)
{
	seq_printf(m, "pinned_pages %lld\n", atomic64_read(&okvm_pinned_total));
	seq_printf(m, "page_tables %lld\n", atomic64_read(&okvm_tables_total));
	seq_printf(m, "lpids %lld\n", atomic64_read(&okvm_lpids_total));
}

static void okvm_ppc_flush_lpid(unsigned int lpid)
{
	/* QEMU flushes on every L1<->L2 switch; a Linux L0 needs telling. */
	plpar_hcall_norets(OKVM_H_TLB_INVALIDATE, OKVM_TLBIE_ALL_LPID, lpid,
			   OKVM_TLBIE_SET_LPID);
}

static void okvm_ppc_set_pate(unsigned int lpid, u64 dw0, u64 dw1)
{
	okvm_patb[2 * lpid] = cpu_to_be64(dw0);
	okvm_patb[2 * lpid + 1] = cpu_to_be64(dw1);
	/* The L0 reads the entry from memory: order it before the flush. */
	asm volatile("ptesync" : : : "memory");
	okvm_ppc_flush_lpid(lpid);
}

/**
 * okvm_ppc_mmu_init() - allocate a VM's tree (and, in v1, an LPID)
 * @mmu: zeroed
 * @v1: take an LPID and fill its partition-table entry
 *
 * Return: 0, -ENOMEM, or -ENOSPC when every LPID is in use.
 */
int okvm_ppc_mmu_init(struct okvm_ppc_mmu *mmu, bool v1)
{
	int lpid;

	mutex_init(&mmu->lock);
	mmu->pgd = kzalloc(OKVM_RADIX_ROOT_SIZE, GFP_KERNEL_ACCOUNT);
	if (!mmu->pgd)
		return -ENOMEM;
	atomic64_inc(&okvm_tables_total);
	if (!v1)
		return 0;

	lpid = ida_alloc_range(&okvm_lpid_ida, 1, OKVM_PATB_ENTRIES - 1,
			       GFP_KERNEL);
	if (lpid < 0) {
		kfree(mmu->pgd);
		mmu->pgd = NULL;
		atomic64_dec(&okvm_tables_total);
		return lpid;
	}
	mmu->lpid = lpid;
	atomic64_inc(&okvm_lpids_total);
	okvm_ppc_set_pate(lpid, OKVM_PATE_HR | OKVM_PATE_RTS | __pa(mmu->pgd) |
			  OKVM_RADIX_ROOT_BITS, OKVM_PATE_GR);
	return 0;
}

/**
 * okvm_ppc_mmu_set_process_table() - the L2's registered process table
 * @mmu: the VM's tree (v1 only)
 * @dw1: second partition-table doubleword without GR (PRTB | PRTS)
 */
void okvm_ppc_mmu_set_process_table(struct okvm_ppc_mmu *mmu, u64 dw1)
{
	okvm_ppc_set_pate(mmu->lpid, be64_to_cpu(okvm_patb[2 * mmu->lpid]),
			  OKVM_PATE_GR | dw1);
}

static unsigned int okvm_radix_index(u64 gpa, int level)
{
	/* level 0 is the root; leaves are level 3 */
	unsigned int shift = OKVM_RADIX_PAGE_SHIFT +
			     (3 - level) * OKVM_RADIX_LEVEL_BITS;

	return (gpa >> shift) & ((1U << (level ? OKVM_RADIX_LEVEL_BITS :
					 OKVM_RADIX_ROOT_BITS)) - 1);
}

static void okvm_ppc_unpin_leaf(struct okvm_ppc_mmu *mmu, u64 pte)
{
	unpin_user_page(pfn_to_page((pte & OKVM_RPTE_RPN_MASK) >> PAGE_SHIFT));
	mmu->pinned--;
	atomic64_dec(&okvm_pinned_total);
}

/* Walk to the leaf entry of @gpa, allocating tables when @alloc. */
static __be64 *okvm_ppc_walk(struct okvm_ppc_mmu *mmu, u64 gpa, bool alloc)
{
	__be64 *table = mmu->pgd;
	int level;

	lockdep_assert_held(&mmu->lock);
	for (level = 0; level < 3; level++) {
		__be64 *e = &table[okvm_radix_index(gpa, level)];
		u64 pde = be64_to_cpu(*e);

		if (!(pde & OKVM_RPTE_VALID)) {
			void *next;

			if (!alloc)
				return NULL;
			next = kzalloc(OKVM_RADIX_TABLE_SIZE, GFP_KERNEL_ACCOUNT);
			if (!next)
				return NULL;
			mmu->tables++;
			atomic64_inc(&okvm_tables_total);
			pde = OKVM_RPTE_VALID | __pa(next) | OKVM_RADIX_LEVEL_BITS;
			WRITE_ONCE(*e, cpu_to_be64(pde));
		}
		table = __va(pde & OKVM_RPDE_NLB_MASK);
	}
	return &table[okvm_radix_index(gpa, 3)];
}

/* Map the n 4 KiB L2 pages of host @page at @gpa; one pin each, given. */
static int okvm_ppc_map_host_page(struct okvm_ppc_mmu *mmu, u64 gpa,
				  struct page *page, unsigned int *pins)
{
	const unsigned int n = PAGE_SIZE >> OKVM_RADIX_PAGE_SHIFT;
	unsigned int i;

	lockdep_assert_held(&mmu->lock);
	for (i = 0; i < n && *pins; i++) {
		__be64 *leaf = okvm_ppc_walk(mmu, gpa + (i << 12), true);
		u64 old = leaf ? be64_to_cpu(*leaf) : 0;

		if (!leaf)
			return -ENOMEM;
		if (old && !(old & OKVM_RPTE_VALID))
			return -EAGAIN;	/* being unmapped */
		if (old & OKVM_RPTE_VALID)
			continue;	/* another vCPU got there first */
		WRITE_ONCE(*leaf, cpu_to_be64(OKVM_RPTE_VALID | OKVM_RPTE_LEAF |
					      (page_to_phys(page) + (i << 12)) |
					      OKVM_RPTE_R | OKVM_RPTE_C |
					      OKVM_RPTE_READ | OKVM_RPTE_RW |
					      OKVM_RPTE_EXEC));
		(*pins)--;
		mmu->pinned++;
		atomic64_inc(&okvm_pinned_total);
	}
	return 0;
}

/* Give each of the @nr pages n - 1 more pins (n 4 KiB leaves each). */
static void okvm_ppc_pin_more(unsigned long uaddr, struct page **pages,
			      unsigned int nr, unsigned int *pins)
{
	const unsigned int n = PAGE_SIZE >> OKVM_RADIX_PAGE_SHIFT;
	unsigned int i, j;

	for (i = 0; i < nr; i++) {
		pins[i] = 1;
		for (j = 1; j < n; j++) {
			struct page *again;

			if (pin_user_pages_fast(uaddr + i * PAGE_SIZE, 1,
						FOLL_WRITE | FOLL_LONGTERM,
						&again) != 1)
				break;
			if (again != pages[i]) {
				unpin_user_page(again);
				break;
			}
			pins[i]++;
		}
	}
}

/* Most host pages one fault maps: a PMD-sized (2 MiB) folio of 4 KiB pages. */
#define OKVM_FAULT_MAX_PAGES	512

/**
 * okvm_ppc_mmu_fault() - map the L2 page at @gpa after an HDSI/HISI
 * @vm: the VM, for its memslots
 * @mmu: its tree
 * @gpa: the L2 guest-real address the L0 reported (ASDR)
 * @write: the access was a store
 *
 * Maps the whole host page (and, when it is part of a transparent huge
 * page, as much of that as lies in the slot, up to 2 MiB), each 4 KiB
 * leaf holding one pin of its page.
 *
 * Context: process context, may sleep.
 * Return: 0 when mapped (or already mapped), -ENOENT when @gpa is in no
 * memslot (the caller emulates MMIO), -EAGAIN when a memslot change raced
 * with the fault (re-enter: the L2 faults again), -EFAULT when the user
 * memory behind the slot cannot be pinned, -ENOMEM.
 */
int okvm_ppc_mmu_fault(struct okvm *vm, struct okvm_ppc_mmu *mmu, u64 gpa,
		       bool write)
{
	const struct okvm_memslot *slot;
	unsigned long uaddr, ustart = 0, uend = 0, seq;
	struct page *page, **pages = &page;
	unsigned int one_pin, *pins = &one_pin, nr = 1, i;
	u64 gpa0;
	int r;

	if (gpa >> OKVM_RADIX_TREE_BITS)
		return -ENOENT;
	/* pairs with the unmap: its slots are published before @seq moves */
	seq = smp_load_acquire(&mmu->seq);
	rcu_read_lock();
	slot = okvm_memslot_lookup(rcu_dereference(vm->memslots),
				   gpa >> PAGE_SHIFT);
	if (slot) {
		ustart = slot->userspace_addr;
		uend = ustart + slot->npages * PAGE_SIZE;
		gpa0 = slot->base_gfn << PAGE_SHIFT;
	}
	rcu_read_unlock();
	if (!slot)
		return -ENOENT;
	uaddr = ustart + ((gpa & PAGE_MASK) - gpa0);

	/*
	 * Not pin_user_pages_unlocked(): before 6.2 it warns on (and
	 * refuses) FOLL_LONGTERM. The fast variant takes the mmap lock
	 * itself when the page is not present yet, on every kernel.
	 */
	r = pin_user_pages_fast(uaddr, 1, FOLL_WRITE | FOLL_LONGTERM, &page);
	if (r != 1)
		return r < 0 ? r : -EFAULT;

	/*
	 * A large folio (a transparent huge page): map all of it that is in
	 * the slot now, as kvm_hv maps a huge page, rather than take a fault
	 * per 4 KiB. Its pages are present, so pinning them is cheap.
	 */
	if (folio_test_large(page_folio(page))) {
		struct folio *folio = page_folio(page);
		unsigned long first = uaddr - folio_page_idx(folio, page) *
					      PAGE_SIZE;
		unsigned long last = first + folio_nr_pages(folio) * PAGE_SIZE;

		first = max(first, ustart);
		last = min3(last, uend, first + OKVM_FAULT_MAX_PAGES * PAGE_SIZE);
		nr = (last - first) >> PAGE_SHIFT;
		pages = kmalloc_array(nr, sizeof(*pages) + sizeof(*pins),
				      GFP_KERNEL);
		if (pages) {
			pins = (unsigned int *)(pages + nr);
			r = pin_user_pages_fast(first, nr, FOLL_WRITE |
						FOLL_LONGTERM, pages);
		}
		if (!pages || r <= 0) {
			kfree(pages);
			pages = &page;
			pins = &one_pin;
			nr = 1;
		} else {
			nr = r;
			unpin_user_page(page);	/* pages[] pinned it again */
			uaddr = first;
		}
	}
	okvm_ppc_pin_more(uaddr, pages, nr, pins);

	gpa = gpa0 + (uaddr - ustart);
	mutex_lock(&mmu->lock);
	r = mmu->seq == seq ? 0 : -EAGAIN;	/* an unmap ran: look again */
	for (i = 0; !r && i < nr; i++)
		r = okvm_ppc_map_host_page(mmu, gpa + i * PAGE_SIZE, pages[i],
					   &pins[i]);
	mutex_unlock(&mmu->lock);
	for (i = 0; i < nr; i++)
		while (pins[i]--)
			unpin_user_page(pages[i]);
	if (pages != &page)
		kfree(pages);
	return r;
}

/**
 * okvm_ppc_read_guest() - copy L2 memory through its memslot
 * @vm: the VM; the caller runs in its process
 * @gpa: guest-real address
 * @buf: destination
 * @len: bytes, not crossing a page
 *
 * Return: 0, -ENOENT outside every memslot, -EFAULT.
 */
int okvm_ppc_read_guest(struct okvm *vm, u64 gpa, void *buf, unsigned int len)
{
	const struct okvm_memslot *slot;
	unsigned long uaddr = 0;

	if ((gpa & (PAGE_SIZE - 1)) + len > PAGE_SIZE)
		return -EFAULT;
	rcu_read_lock();
	slot = okvm_memslot_lookup(rcu_dereference(vm->memslots),
				   gpa >> PAGE_SHIFT);
	if (slot)
		uaddr = slot->userspace_addr +
			(gpa - (slot->base_gfn << PAGE_SHIFT));
	rcu_read_unlock();
	if (!slot)
		return -ENOENT;
	return copy_from_user(buf, (void __user *)uaddr, len) ? -EFAULT : 0;
}

/**
 * okvm_ppc_mmu_unmap_slot() - unmap a memslot, first pass
 * @mmu: the VM's tree
 * @slot: the slot deleted or moved (no longer in the published slots)
 *
 * Clears the valid bit of every leaf of @slot, keeping the address for
 * okvm_ppc_mmu_release_slot(), and tells the L0 (v1).
 *
 * Context: vm->slots_lock held.
 * Return: true when something was unmapped: the caller must make every
 * vCPU leave the L2, then call okvm_ppc_mmu_release_slot().
 */
bool okvm_ppc_mmu_unmap_slot(struct okvm_ppc_mmu *mmu,
			     const struct okvm_memslot *slot)
{
	u64 gpa = slot->base_gfn << PAGE_SHIFT;
	u64 end = gpa + (slot->npages << PAGE_SHIFT);
	bool unmapped = false;

	mutex_lock(&mmu->lock);
	/* after the new slots were published; read by okvm_ppc_mmu_fault() */
	smp_store_release(&mmu->seq, mmu->seq + 1);
	for (; gpa < end; gpa += 1ULL << OKVM_RADIX_PAGE_SHIFT) {
		__be64 *leaf = okvm_ppc_walk(mmu, gpa, false);
		u64 pte = leaf ? be64_to_cpu(*leaf) : 0;

		if (!(pte & OKVM_RPTE_VALID))
			continue;
		WRITE_ONCE(*leaf, cpu_to_be64(pte & ~OKVM_RPTE_VALID));
		unmapped = true;
	}
	mutex_unlock(&mmu->lock);
	/* the cleared leaves before any vCPU's l2_seq is read */
	smp_mb();
	if (unmapped && mmu->lpid)
		okvm_ppc_flush_lpid(mmu->lpid);
	return unmapped;
}

/**
 * okvm_ppc_mmu_release_slot() - unmap a memslot, second pass: unpin
 * @mmu: the VM's tree
 * @slot: the slot okvm_ppc_mmu_unmap_slot() unmapped
 *
 * Context: vm->slots_lock held; no vCPU is still in the L2 with a
 * translation from before the first pass.
 */
void okvm_ppc_mmu_release_slot(struct okvm_ppc_mmu *mmu,
			       const struct okvm_memslot *slot)
{
	u64 gpa = slot->base_gfn << PAGE_SHIFT;
	u64 end = gpa + (slot->npages << PAGE_SHIFT);

	mutex_lock(&mmu->lock);
	for (; gpa < end; gpa += 1ULL << OKVM_RADIX_PAGE_SHIFT) {
		__be64 *leaf = okvm_ppc_walk(mmu, gpa, false);
		u64 pte = leaf ? be64_to_cpu(*leaf) : 0;

		if (!pte || (pte & OKVM_RPTE_VALID))
			continue;
		WRITE_ONCE(*leaf, 0);
		okvm_ppc_unpin_leaf(mmu, pte);
	}
	mutex_unlock(&mmu->lock);
}

/**
 * okvm_ppc_mmu_root() - the real address of a VM's tree (v2: 0x0005)
 * @mmu: the VM's tree
 *
 * Return: the L1 real address of the root directory.
 */
u64 okvm_ppc_mmu_root(const struct okvm_ppc_mmu *mmu)
{
	return __pa(mmu->pgd);
}

static void okvm_ppc_free_table(struct okvm_ppc_mmu *mmu, __be64 *table,
				int level)
{
	unsigned int i, n = 1U << (level ? OKVM_RADIX_LEVEL_BITS :
				   OKVM_RADIX_ROOT_BITS);

	for (i = 0; i < n; i++) {
		u64 e = be64_to_cpu(table[i]);

		if (!(e & OKVM_RPTE_VALID))
			continue;
		if (level == 3) {
			okvm_ppc_unpin_leaf(mmu, e);
		} else {
			okvm_ppc_free_table(mmu, __va(e & OKVM_RPDE_NLB_MASK),
					    level + 1);
			mmu->tables--;
			atomic64_dec(&okvm_tables_total);
		}
	}
	if (level)
		kfree(table);
}

/**
 * okvm_ppc_mmu_destroy() - unpin everything, free the tree and the LPID
 * @mmu: the VM's tree; no vCPU of the VM runs any more
 */
void okvm_ppc_mmu_destroy(struct okvm_ppc_mmu *mmu)
{
	if (!mmu->pgd)
		return;
	if (mmu->lpid) {
		okvm_ppc_set_pate(mmu->lpid, 0, 0);
		ida_free(&okvm_lpid_ida, mmu->lpid);
		atomic64_dec(&okvm_lpids_total);
	}
	mutex_lock(&mmu->lock);
	okvm_ppc_free_table(mmu, mmu->pgd, 0);
	mutex_unlock(&mmu->lock);
	WARN_ON_ONCE(mmu->pinned || mmu->tables);
	kfree(mmu->pgd);
	mmu->pgd = NULL;
	atomic64_dec(&okvm_tables_total);
	mutex_destroy(&mmu->lock);
}
