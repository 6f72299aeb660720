/* SPDX-License-Identifier: GPL-2.0 */
/*
 * L2 partition-scoped translation: the L1's partition table, LPIDs, and
 * one radix tree per VM mapping L2 guest-real addresses to L1 real
 * addresses, filled lazily from the memslots.
 */
#ifndef OKVM_PPC_MMU_H
#define OKVM_PPC_MMU_H

struct okvm;
struct okvm_memslot;

/* Tree geometry (ISA 3.0 radix, as QEMU's walker requires). */
#define OKVM_RADIX_ROOT_BITS	13
#define OKVM_RADIX_LEVEL_BITS	9
#define OKVM_RADIX_PAGE_SHIFT	12
#define OKVM_RADIX_TREE_BITS	52
#define OKVM_RADIX_ROOT_SIZE	(8UL << OKVM_RADIX_ROOT_BITS)

/**
 * struct okvm_ppc_mmu - a VM's partition-scoped tree
 * @lock: serialises changes to the tree and @pinned
 * @pgd: root directory, 2^13 big-endian entries (64 KiB, size-aligned)
 * @lpid: the L2's partition id in the L1's partition table (v1)
 * @seq: bumped by every unmap, so that a fault that looked up a memslot
 *	before it knows not to map what it found
 * @pinned: L2 pages currently mapped, each holding one user-page pin
 * @tables: page-table pages below the root
 */
struct okvm_ppc_mmu {
	struct mutex lock;	/* the tree and @pinned */
	__be64 *pgd;
	unsigned int lpid;
	unsigned long seq;
	unsigned long pinned;
	unsigned long tables;
};

int okvm_ppc_mmu_global_init(bool register_table);
void okvm_ppc_mmu_global_exit(void);
int okvm_ppc_mmu_init(struct okvm_ppc_mmu *mmu, bool v1);
void okvm_ppc_mmu_destroy(struct okvm_ppc_mmu *mmu);
void okvm_ppc_mmu_set_process_table(struct okvm_ppc_mmu *mmu, u64 dw1);
int okvm_ppc_mmu_fault(struct okvm *vm, struct okvm_ppc_mmu *mmu, u64 gpa,
		       bool write);
bool okvm_ppc_mmu_unmap_slot(struct okvm_ppc_mmu *mmu,
			     const struct okvm_memslot *slot);
void okvm_ppc_mmu_release_slot(struct okvm_ppc_mmu *mmu,
			       const struct okvm_memslot *slot);
u64 okvm_ppc_mmu_root(const struct okvm_ppc_mmu *mmu);
struct seq_file;
void okvm_ppc_mmu_show(struct seq_file *m);
int okvm_ppc_read_guest(struct okvm *vm, u64 gpa, void *buf, unsigned int len);

#endif /* OKVM_PPC_MMU_H */
