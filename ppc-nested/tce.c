// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel TCE tables (KVM_CREATE_SPAPR_TCE_64, KVM_CREATE_SPAPR_TCE):
 * the L2's DMA windows of emulated PCI devices, shared with the VMM by
 * mmap of the table fd. The L2's H_PUT_TCE, H_GET_TCE, H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT (PAPR 16.4.1) on a registered LIOBN are done here,
 * with upstream's checks and codes, instead of one exit each: a Linux L2
 * clears its whole DMA window at boot, a quarter million TCEs for QEMU's
 * default 1 GiB window. Anything not registered, or that upstream would
 * pass on (H_TOO_HARD: a TCE whose address is not aligned to the table's
 * page size, an unreadable TCE list), exits to userspace as before.
 *
 * Entries are host-endian u64, as upstream's and QEMU's. Tables are
 * emulated-device tables only (no VFIO: KVM_CAP_SPAPR_TCE_VFIO is 0).
 *
 * Lock: pvm->tce_lock (a mutex, a leaf) protects pvm->tce_tables; the
 * hcalls hold it while they read or write a table, and a table's fd
 * release unlinks it under it before freeing it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <linux/anon_inodes.h>
#include <linux/mm.h>
#include <linux/seq_file.h>
#include <linux/vmalloc.h>
#include <asm/hvcall.h>

#include "mmu.h"
#include "ppc.h"
#include "state.h"

#define OKVM_TCE_MAX_ENTRIES	BIT_ULL(22)	/* a 32 MiB table */
#define OKVM_TCE_RW		3ULL		/* TCE_PCI_READ | TCE_PCI_WRITE */
#define OKVM_TCE_LIST_MAX	512		/* H_PUT_TCE_INDIRECT, a 4 KiB list */

/**
 * struct okvm_tce_table - one LIOBN's table
 * @link: in okvm_ppc_vm.tce_tables
 * @pvm: the VM (its reference is held by the table's fd)
 * @liobn: the logical I/O bus number the L2 names it by
 * @page_shift: the IOMMU page size
 * @offset: first IOMMU page number of the window
 * @size: entries
 * @tces: the entries, mapped by the VMM
 */
struct okvm_tce_table {
	struct list_head link;
	struct okvm_ppc_vm *pvm;
	u64 liobn;
	u32 page_shift;
	u64 offset;
	u64 size;
	u64 *tces;
};

static atomic64_t okvm_tce_tables_total;

static int okvm_tce_mmap(struct file *file, struct vm_area_struct *vma)
{
	struct okvm_tce_table *t = file->private_data;

	return remap_vmalloc_range(vma, t->tces, vma->vm_pgoff);
}

static int okvm_tce_release(struct inode *inode, struct file *file)
{
	struct okvm_tce_table *t = file->private_data;
	struct okvm_ppc_vm *pvm = t->pvm;

	mutex_lock(&pvm->tce_lock);
	list_del(&t->link);
	mutex_unlock(&pvm->tce_lock);
	vfree(t->tces);
	kfree(t);
	atomic64_dec(&okvm_tce_tables_total);
	okvm_put_vm(pvm->vm);
	return 0;
}

static const struct file_operations okvm_tce_fops = {
	.owner = THIS_MODULE,
	.mmap = okvm_tce_mmap,
	.release = okvm_tce_release,
	.llseek = noop_llseek,
};

/**
 * okvm_ppc_create_tce() - KVM_CREATE_SPAPR_TCE_64
 * @pvm: the VM
 * @args: the request
 *
 * Return: the table's fd; -EINVAL for flags, a page size outside 4 KiB ..
 * 16 GiB, an empty or too large window (more than 2^22 entries) or one
 * that wraps; -EBUSY when the LIOBN has a table; -ENOMEM.
 */
long okvm_ppc_create_tce(struct okvm_ppc_vm *pvm,
			 const struct kvm_create_spapr_tce_64 *args)
{
	struct okvm_tce_table *t, *o;
	long fd;

	if (args->flags || args->page_shift < 12 || args->page_shift > 34 ||
	    !args->size || args->size > OKVM_TCE_MAX_ENTRIES ||
	    args->offset + args->size < args->offset ||
	    args->offset + args->size > (U64_MAX >> args->page_shift))
		return -EINVAL;
	t = kzalloc(sizeof(*t), GFP_KERNEL_ACCOUNT);
	if (!t)
		return -ENOMEM;
	t->tces = vmalloc_user(PAGE_ALIGN(args->size * sizeof(u64)));
	if (!t->tces) {
		kfree(t);
		return -ENOMEM;
	}
	t->pvm = pvm;
	t->liobn = args->liobn;
	t->page_shift = args->page_shift;
	t->offset = args->offset;
	t->size = args->size;

	mutex_lock(&pvm->tce_lock);
	list_for_each_entry(o, &pvm->tce_tables, link) {
		if (o->liobn == t->liobn) {
			mutex_unlock(&pvm->tce_lock);
			fd = -EBUSY;
			goto free;
		}
	}
	list_add(&t->link, &pvm->tce_tables);
	mutex_unlock(&pvm->tce_lock);

	/* the fd holds a VM reference: the table may outlive the VM fd */
	okvm_get_vm(pvm->vm);
	atomic64_inc(&okvm_tce_tables_total);
	fd = anon_inode_getfd("kvm-spapr-tce", &okvm_tce_fops, t,
			      O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	atomic64_dec(&okvm_tce_tables_total);
	mutex_lock(&pvm->tce_lock);
	list_del(&t->link);
	mutex_unlock(&pvm->tce_lock);
	okvm_put_vm(pvm->vm);
free:
	vfree(t->tces);
	kfree(t);
	return fd;
}

static struct okvm_tce_table *okvm_tce_find(struct okvm_ppc_vm *pvm, u64 liobn)
{
	struct okvm_tce_table *t;

	lockdep_assert_held(&pvm->tce_lock);
	list_for_each_entry(t, &pvm->tce_tables, link)
		if (t->liobn == liobn)
			return t;
	return NULL;
}

/* upstream's kvmppc_ioba_validate(): the entry index, or -1 */
static s64 okvm_tce_index(const struct okvm_tce_table *t, u64 ioba, u64 npages)
{
	u64 idx = ioba >> t->page_shift;

	if ((ioba & ((1ULL << t->page_shift) - 1)) || idx < t->offset ||
	    idx + npages < idx || idx - t->offset + npages > t->size)
		return -1;
	return idx - t->offset;
}

/* A TCE's address must be aligned to the IOMMU page, unless it maps nothing. */
static bool okvm_tce_ok(const struct okvm_tce_table *t, u64 tce)
{
	return !(tce & OKVM_TCE_RW) ||
	       !((tce & ~OKVM_TCE_RW) & ((1ULL << t->page_shift) - 1));
}

/*
 * One TCE hcall on a table: returns the PAPR code, or H_TOO_HARD to let
 * userspace have it. @list holds H_PUT_TCE_INDIRECT's TCEs.
 */
static long okvm_tce_do(struct okvm_tce_table *t, u64 nr, const u64 *a,
			const u64 *list, u64 *r4)
{
	u64 i, npages = 1;
	s64 idx;

	if (nr == H_STUFF_TCE || nr == H_PUT_TCE_INDIRECT)
		npages = a[3];
	idx = okvm_tce_index(t, a[1], npages);
	if (idx < 0)
		return H_PARAMETER;
	switch (nr) {
	case H_GET_TCE:
		*r4 = t->tces[idx];
		return H_SUCCESS;
	case H_PUT_TCE:
		if (!okvm_tce_ok(t, a[2]))
			return H_TOO_HARD;
		t->tces[idx] = a[2];
		return H_SUCCESS;
	case H_STUFF_TCE:
		/* only "no access" entries: userspace may poison its table */
		if (a[2] & OKVM_TCE_RW)
			return H_PARAMETER;
		for (i = 0; i < npages; i++) {
			t->tces[idx + i] = a[2];
			if (!(i % 4096))
				cond_resched();
		}
		return H_SUCCESS;
	default:	/* H_PUT_TCE_INDIRECT */
		for (i = 0; i < npages; i++)
			if (!okvm_tce_ok(t, be64_to_cpu((__force __be64)list[i])))
				return H_TOO_HARD;
		for (i = 0; i < npages; i++)
			t->tces[idx + i] = be64_to_cpu((__force __be64)list[i]);
		return H_SUCCESS;
	}
}

/**
 * okvm_ppc_tce_hcall() - do an L2 TCE hcall in the kernel if it can be
 * @pv: the vCPU, r3..r7 in its state
 * @nr: the hcall (r3)
 *
 * Return: 1 when done (r3, and r4 for H_GET_TCE, hold the result), 0 to
 * send it to userspace, or a negative errno.
 */
int okvm_ppc_tce_hcall(struct okvm_ppc_vcpu *pv, u64 nr)
{
	struct okvm_ppc_vm *pvm = pv->pvm;
	u64 a[4], r4 = 0, *list = NULL;
	struct okvm_tce_table *t;
	unsigned int i;
	long rc;
	int r;

	for (i = 0; i < ARRAY_SIZE(a); i++) {
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(4 + i), &a[i]);
		if (r)
			return r;
	}
	if (nr == H_PUT_TCE_INDIRECT) {
		/* a 4 KiB-aligned list of at most 512 big-endian TCEs */
		if (a[3] > OKVM_TCE_LIST_MAX || (a[2] & (SZ_4K - 1)))
			return okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(3),
						  H_PARAMETER) ?: 1;
		list = kmalloc_array(OKVM_TCE_LIST_MAX, sizeof(u64), GFP_KERNEL);
		if (!list)
			return -ENOMEM;
		if (okvm_ppc_read_guest(pvm->vm, a[2], list, a[3] * sizeof(u64))) {
			kfree(list);
			return 0;
		}
	}
	mutex_lock(&pvm->tce_lock);
	t = okvm_tce_find(pvm, a[0]);
	rc = t ? okvm_tce_do(t, nr, a, list, &r4) : H_TOO_HARD;
	mutex_unlock(&pvm->tce_lock);
	kfree(list);
	if (rc == H_TOO_HARD)
		return 0;
	r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(3), rc);
	if (!r && nr == H_GET_TCE && rc == H_SUCCESS)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(4), r4);
	return r ?: 1;
}

/* debugfs okvm/objects */
void okvm_ppc_tce_show(struct seq_file *m)
{
	seq_printf(m, "tce_tables %lld\n", atomic64_read(&okvm_tce_tables_total));
}
