// SPDX-License-Identifier: GPL-2.0
/*
 * Running MIPS VZ vCPUs: the vector buffer entry.S runs from, guest
 * physical memory (pinned pages mapped in the root TLB under the vCPU's
 * GuestID), the KVM_RUN loop, the vCPU register ioctls and KVM_INTERRUPT.
 *
 * Every function here executes VZ instructions or calls what does, and
 * is reachable only after okvm_vz_init() saw cpu_has_vz and
 * okvm_vz_run_init() succeeded: without it .vcpu_create refuses.
 *
 * Guest physical memory. A root TLB miss (or invalid entry) in guest mode
 * exits with the GPA (exit.c). A GPA inside a memslot is guest RAM: its
 * page is pinned (FOLL_LONGTERM, written back dirty at unpin) and kept
 * in the VM's @pages xarray by gfn until the slot goes or the VM dies;
 * the even/odd pair it belongs to is then written into the root TLB with
 * RID = the vCPU's GuestID, just before the next entry on the same CPU
 * (okvm_vz_root_map()). Entries are never removed from the root TLB:
 * they become unreachable when the vCPU takes a new GuestID, which every
 * vCPU does before its next entry after a memslot change (@map_gen), and
 * a GuestID generation wrap flushes all of them (guestid.c). A slot
 * change therefore erases the slot's pages from @pages, bumps @map_gen,
 * waits with synchronize_srcu() until no vCPU can still run with an old
 * GuestID (vCPUs hold @srcu from before they check @map_gen until they
 * are out of guest mode) and only then unpins the pages.
 *
 * Lock order: vm->slots_lock --> okvm_mips_vm.map_lock; @srcu is a leaf
 * read side taken by the vCPU thread with no lock held.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <linux/srcu.h>
#include <asm/cacheflush.h>
#include <asm/r4kcache.h>
#include <asm/setup.h>
#include <asm/time.h>

#include "run.h"
#include "vz.h"

static unsigned long okvm_vz_vec_pages;
static unsigned long okvm_vz_vec;
static unsigned long okvm_vz_vec_ebase;
static unsigned long okvm_vz_host_ebase;
static unsigned long okvm_vz_entry_flags;
static void (*okvm_vz_enter)(struct okvm_vz_vcpu *v);

/**
 * struct okvm_mips_vm - a VM's guest physical memory
 * @vm: the core VM
 * @map_lock: serialises changes of @pages against slot changes
 * @pages: pinned pages by gfn, each mapped into root TLBs on demand
 * @map_gen: bumped on every slot change; a vCPU that saw another value
 *	takes new GuestIDs before its next entry
 * @srcu: held by a vCPU from its @map_gen check until it has left guest
 *	mode; a slot change waits for it before unpinning
 */
struct okvm_mips_vm {
	struct okvm *vm;
	struct mutex map_lock;		/* @pages updates */
	struct xarray pages;
	unsigned long map_gen;
	struct srcu_struct srcu;
};

/**
 * struct okvm_mips_vcpu - a vCPU
 * @v: the guest context; first, entry.S is handed &@v
 * @vcpu: the core vCPU
 * @mvm: its VM
 */
struct okvm_mips_vcpu {
	struct okvm_vz_vcpu v;
	struct okvm_vcpu *vcpu;
	struct okvm_mips_vm *mvm;
};

static void okvm_vz_stat_inc(struct okvm_mips_vcpu *mv,
			     enum okvm_vz_vcpu_stat s)
{
	mv->vcpu->stat[OKVM_VCPU_STAT_NR + s]++;
}

/**
 * okvm_vz_run_init() - make running vCPUs possible on this machine
 * @why: set to the reason when it is not
 *
 * Needs GuestIDs (the root TLB holds guests' pages only under their tag),
 * KScratch1 and KScratch2 (entry.S's scratch registers), BadInstr (the
 * instruction an exit is about), and a vector buffer EBase can point at
 * (below 512 MiB without EBase.WG). Copies entry.S into that buffer.
 *
 * Context: process context, after okvm_vz_probe().
 * Return: 0, -ENODEV with @why set, or -ENOMEM.
 */
int okvm_vz_run_init(const char **why)
{
	size_t stub = okvm_vz_exit_stub_end - okvm_vz_exit_stub;
	size_t body = okvm_vz_body_end - okvm_vz_body_start;
	unsigned int order = get_order(OKVM_VZ_VEC_SIZE);
	unsigned long off;
	phys_addr_t pa;

	if (!okvm_vz_caps.guestid) {
		*why = "no GuestIDs";
		return -ENODEV;
	}
	if ((cpu_data[0].kscratch_mask & 0xc) != 0xc) {
		*why = "no KScratch1/KScratch2";
		return -ENODEV;
	}
	if (!cpu_has_badinstr) {
		*why = "no BadInstr";
		return -ENODEV;
	}
	if (WARN_ON(stub > OKVM_VZ_VEC_STUB_MAX ||
		    body > OKVM_VZ_VEC_SIZE - OKVM_VZ_VEC_BODY)) {
		*why = "entry code too large";
		return -ENODEV;
	}
	okvm_vz_vec_pages = __get_free_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!okvm_vz_vec_pages)
		return -ENOMEM;
	pa = __pa(okvm_vz_vec_pages);
	okvm_vz_entry_flags = OKVM_VZ_F_BADINSTR;
	if (cpu_has_badinstrp)
		okvm_vz_entry_flags |= OKVM_VZ_F_BADINSTRP;
	if (cpu_has_ebase_wg) {
		okvm_vz_vec = okvm_vz_vec_pages;
		okvm_vz_vec_ebase = okvm_vz_vec | MIPS_EBASE_WG;
		okvm_vz_host_ebase = ebase | MIPS_EBASE_WG;
		okvm_vz_entry_flags |= OKVM_VZ_F_EBASE64;
	} else if (pa + OKVM_VZ_VEC_SIZE <= 0x20000000) {
		okvm_vz_vec = CKSEG0ADDR(pa);
		okvm_vz_vec_ebase = okvm_vz_vec;
		okvm_vz_host_ebase = ebase;
	} else {
		free_pages(okvm_vz_vec_pages, order);
		okvm_vz_vec_pages = 0;
		*why = "no vector buffer below 512M and no EBase.WG";
		return -ENODEV;
	}
	/* the stub on every vector a root exception in guest mode can use */
	for (off = 0; off < OKVM_VZ_VEC_INT; off += 0x80)
		memcpy((void *)(okvm_vz_vec + off), okvm_vz_exit_stub, stub);
	for (off = OKVM_VZ_VEC_INT; off < OKVM_VZ_VEC_INT_END;
	     off += OKVM_VZ_VEC_STUB_MAX)
		memcpy((void *)(okvm_vz_vec + off), okvm_vz_exit_stub, stub);
	memcpy((void *)(okvm_vz_vec + OKVM_VZ_VEC_BODY), okvm_vz_body_start,
	       body);
	flush_icache_range(okvm_vz_vec, okvm_vz_vec + OKVM_VZ_VEC_SIZE);
	okvm_vz_enter = (void *)(okvm_vz_vec + OKVM_VZ_VEC_BODY +
				 (okvm_vz_enter_guest - okvm_vz_body_start));
	okvm_vz_caps.count_hz = mips_hpt_frequency;
	return 0;
}

/**
 * okvm_vz_run_exit() - free what okvm_vz_run_init() took
 *
 * Context: module unload, no vCPU left.
 */
void okvm_vz_run_exit(void)
{
	if (okvm_vz_vec_pages)
		free_pages(okvm_vz_vec_pages, get_order(OKVM_VZ_VEC_SIZE));
	okvm_vz_vec_pages = 0;
}

/**
 * okvm_vz_run_ready() - can vCPUs run here?
 *
 * Return: true after a successful okvm_vz_run_init().
 */
bool okvm_vz_run_ready(void)
{
	return okvm_vz_vec_pages;
}

/* --- guest physical memory ---------------------------------------------- */

/**
 * okvm_vz_vm_create() - the memory side of a new VM
 * @vm: the core VM
 *
 * Return: 0 or -ENOMEM.
 */
int okvm_vz_vm_create(struct okvm *vm)
{
	struct okvm_mips_vm *mvm;
	int r;

	mvm = kzalloc(sizeof(*mvm), GFP_KERNEL_ACCOUNT);
	if (!mvm)
		return -ENOMEM;
	r = init_srcu_struct(&mvm->srcu);
	if (r) {
		kfree(mvm);
		return r;
	}
	mvm->vm = vm;
	mutex_init(&mvm->map_lock);
	xa_init(&mvm->pages);
	vm->arch = mvm;
	return 0;
}

static void okvm_vz_unpin(struct page *page)
{
	unpin_user_pages_dirty_lock(&page, 1, true);
}

/**
 * okvm_vz_vm_destroy() - unpin every page and free the VM's memory side
 * @vm: the VM; no vCPU is left, so none can run
 */
void okvm_vz_vm_destroy(struct okvm *vm)
{
	struct okvm_mips_vm *mvm = vm->arch;
	struct page *page;
	unsigned long gfn;

	if (!mvm)
		return;
	xa_for_each(&mvm->pages, gfn, page)
		okvm_vz_unpin(page);
	xa_destroy(&mvm->pages);
	cleanup_srcu_struct(&mvm->srcu);
	mutex_destroy(&mvm->map_lock);
	kfree(mvm);
	vm->arch = NULL;
}

/* Pages unpinned per grace period when a slot goes. */
#define OKVM_VZ_UNPIN_BATCH	512

/**
 * okvm_vz_memslot_change() - drop the mappings of a deleted or moved slot
 * @vm: the VM; slots_lock held, the new slots already published
 * @old: the slot as it was, or NULL for a new slot (nothing mapped yet)
 *
 * Erases the slot's pages, makes every vCPU take new GuestIDs (so no
 * root TLB entry of the old mapping is reachable again), waits until no
 * vCPU can be in guest mode with an old one, and unpins.
 */
void okvm_vz_memslot_change(struct okvm *vm, const struct okvm_memslot *old)
{
	struct okvm_mips_vm *mvm = vm->arch;
	struct page *batch[16], **pages = NULL, *page;
	unsigned int max, n, i;
	unsigned long gfn;
	bool more = true;

	if (!old)
		return;
	pages = kmalloc_array(OKVM_VZ_UNPIN_BATCH, sizeof(*pages), GFP_KERNEL);
	max = pages ? OKVM_VZ_UNPIN_BATCH : ARRAY_SIZE(batch);
	if (!pages)
		pages = batch;
	while (more) {
		n = 0;
		mutex_lock(&mvm->map_lock);
		xa_for_each_range(&mvm->pages, gfn, page, old->base_gfn,
				  old->base_gfn + old->npages - 1) {
			if (n == max)
				break;
			xa_erase(&mvm->pages, gfn);
			pages[n++] = page;
		}
		more = n == max;
		WRITE_ONCE(mvm->map_gen, mvm->map_gen + 1);
		mutex_unlock(&mvm->map_lock);
		synchronize_srcu(&mvm->srcu);
		for (i = 0; i < n; i++)
			okvm_vz_unpin(pages[i]);
	}
	if (pages != batch)
		kfree(pages);
}

/**
 * okvm_vz_gpa_is_ram() - is @gpa inside a memslot?
 * @v: the vCPU asking
 * @gpa: a guest physical address
 *
 * Context: any; takes the RCU read lock.
 * Return: true for guest RAM, false for MMIO.
 */
bool okvm_vz_gpa_is_ram(struct okvm_vz_vcpu *v, u64 gpa)
{
	struct okvm_mips_vcpu *mv = container_of(v, struct okvm_mips_vcpu, v);
	struct okvm_memslots *slots;
	bool ram;

	rcu_read_lock();
	slots = rcu_dereference(mv->vcpu->vm->memslots);
	ram = slots && okvm_memslot_lookup(slots, gpa >> PAGE_SHIFT);
	rcu_read_unlock();
	return ram;
}

/* Pin the page of @gpa and record it; the vCPU is put (may sleep). */
static int okvm_vz_pin_gpa(struct okvm_mips_vcpu *mv, u64 gpa)
{
	struct okvm_mips_vm *mvm = mv->mvm;
	const struct okvm_memslot *slot;
	struct okvm_memslots *slots;
	u64 gfn = gpa >> PAGE_SHIFT, gen, hva = 0;
	struct page *page;
	int r;

	if (xa_load(&mvm->pages, gfn))
		return 0;
	rcu_read_lock();
	slots = rcu_dereference(mv->vcpu->vm->memslots);
	slot = slots ? okvm_memslot_lookup(slots, gfn) : NULL;
	if (slot)
		hva = slot->userspace_addr +
		      ((gfn - slot->base_gfn) << PAGE_SHIFT);
	gen = slots ? slots->generation : 0;
	rcu_read_unlock();
	if (!slot)
		return 0;	/* gone meanwhile: the refault sees MMIO */

	r = pin_user_pages_fast(hva, 1, FOLL_WRITE | FOLL_LONGTERM, &page);
	if (r != 1)
		return r < 0 ? r : -EFAULT;
	mutex_lock(&mvm->map_lock);
	rcu_read_lock();
	slots = rcu_dereference(mv->vcpu->vm->memslots);
	if (slots && slots->generation == gen)
		r = xa_insert(&mvm->pages, gfn, page, GFP_KERNEL_ACCOUNT);
	else
		r = -EAGAIN;	/* a slot changed: refault against the new ones */
	rcu_read_unlock();
	mutex_unlock(&mvm->map_lock);
	if (r)
		okvm_vz_unpin(page);
	return r == -ENOMEM ? r : 0;
}

/* The root EntryLo of a guest page: pinned, cached as the host, global. */
static unsigned long okvm_vz_entrylo(struct page *page)
{
	if (!page)
		return OKVM_ENTRYLO_G;
	return ((unsigned long)(page_to_phys(page) >> 12) <<
		OKVM_ENTRYLO_PFN_SHIFT) |
	       (OKVM_HOST_CCA << OKVM_ENTRYLO_C_SHIFT) |
	       OKVM_ENTRYLO_D | OKVM_ENTRYLO_V | OKVM_ENTRYLO_G;
}

/* Just before an entry: put the pending fault's page pair in the root TLB. */
static void okvm_vz_map_pending(struct okvm_mips_vcpu *mv, int cpu)
{
	struct okvm_vz_vcpu *v = &mv->v;
	u64 gfn = (v->fault_gpa >> PAGE_SHIFT) & ~1ULL;
	u32 guestid = v->guestid[cpu] & okvm_vz_caps.guestid_mask;

	v->map_pending = false;
	okvm_vz_root_map(gfn << PAGE_SHIFT,
			 okvm_vz_entrylo(xa_load(&mv->mvm->pages, gfn)),
			 okvm_vz_entrylo(xa_load(&mv->mvm->pages, gfn + 1)),
			 guestid);
}

/**
 * okvm_vz_cache_index_op() - a guest's indexed CACHE op, done on the host
 * @op: the CACHE op field: bits 1:0 the cache, 4:2 the operation
 * @addr: the guest's effective address (only its index bits matter)
 *
 * Index_Invalidate_I and Index_Writeback_Inv_D (operation 0) run on the
 * same index of the host's caches, through an unmapped alias. Secondary
 * and tertiary cache ops and the tag/data ops are ignored: a guest may
 * not see or change cache tags of the host.
 */
void okvm_vz_cache_index_op(unsigned int op, unsigned long addr)
{
	unsigned long va = CKSEG0ADDR(addr & 0x1fffffff);

	if (op >> 2)
		return;
	switch (op & 3) {
	case 0:
		flush_icache_line_indexed(va);
		break;
	case 1:
		flush_dcache_line_indexed(va);
		break;
	}
}

/* --- the run loop ---------------------------------------------------------- */

/* This CPU has okvm's GuestCtl0 controls (again, after CPU hotplug or KVM). */
static void okvm_vz_cpu_check(void)
{
	if ((okvm_read_c0_guestctl0() & OKVM_VZ_GUESTCTL0_CTRL) !=
	    OKVM_VZ_GUESTCTL0)
		okvm_vz_cpu_enable();
}

/*
 * Load the vCPU on this CPU and run it until an exit that needs the host:
 * userspace, a page to pin, a reschedule, a signal or a slot change.
 */
static enum okvm_vz_action okvm_vz_run_loaded(struct okvm_mips_vcpu *mv)
{
	struct okvm_vz_vcpu *v = &mv->v;
	struct okvm_mips_vm *mvm = mv->mvm;
	struct kvm_run *run = mv->vcpu->run;
	enum okvm_vz_action a;
	int idx, cpu;

	idx = srcu_read_lock(&mvm->srcu);
	preempt_disable();
	cpu = smp_processor_id();
	okvm_vz_cpu_check();
	if (v->map_gen != READ_ONCE(mvm->map_gen)) {
		/* root TLB entries of an old slot layout: never again */
		okvm_vz_guestid_invalidate(v);
		v->map_gen = READ_ONCE(mvm->map_gen);
	}
	okvm_vz_vcpu_load(v, cpu);
	okvm_vz_timer_load(v);
	v->ent.exit_handler = okvm_vz_vec + OKVM_VZ_VEC_BODY +
			      (okvm_vz_exit_common - okvm_vz_body_start);
	v->ent.ebase = okvm_vz_vec_ebase;
	v->host.ebase = okvm_vz_host_ebase;
	v->ent.flags = okvm_vz_entry_flags;
	for (;;) {
		local_irq_disable();
		if (v->map_pending)
			okvm_vz_map_pending(mv, cpu);
		okvm_vz_prepare_entry(v);
		v->ent.status = (read_c0_status() & ST0_IM) | ST0_EXL |
				KSU_USER | ST0_IE |
				(IS_ENABLED(CONFIG_64BIT) ? ST0_KX : 0);
		htw_stop();
		okvm_vz_enter(v);
		htw_start();
		/* a host interrupt that made the exit is taken here */
		local_irq_enable();

		a = okvm_vz_handle_exit(v, run);
		switch ((v->x.cause & OKVM_CAUSE_EXC) >> OKVM_CAUSE_EXC_SHIFT) {
		case OKVM_EXC_INT:
			okvm_vz_stat_inc(mv, OKVM_VZ_STAT_INT_EXITS);
			break;
		case OKVM_EXC_GE:
			okvm_vz_stat_inc(mv, OKVM_VZ_STAT_GE_EXITS);
			break;
		default:
			if (a == OKVM_VZ_MAP)
				okvm_vz_stat_inc(mv, OKVM_VZ_STAT_PAGE_FAULTS);
			else if (run->exit_reason == KVM_EXIT_MMIO)
				okvm_vz_stat_inc(mv, OKVM_VZ_STAT_MMIO_EXITS);
		}
		if (a == OKVM_VZ_MAP) {
			v->map_pending = true;
			if (!xa_load(&mvm->pages, v->fault_gpa >> PAGE_SHIFT))
				break;
			a = OKVM_VZ_RESUME;
		}
		if (a != OKVM_VZ_RESUME || need_resched() ||
		    signal_pending(current) ||
		    READ_ONCE(mvm->map_gen) != v->map_gen)
			break;
	}
	okvm_vz_vcpu_put(v);
	preempt_enable();
	srcu_read_unlock(&mvm->srcu, idx);
	return a;
}

/**
 * okvm_vz_vcpu_run() - KVM_RUN
 * @vcpu: the vCPU
 *
 * Completes the exit userspace answered (MMIO load, hypercall), then
 * runs until an exit for userspace, a signal or an error.
 *
 * Context: process context, vcpu->mutex held.
 * Return: 0 with run->exit_reason set, -EINTR on a signal, or -EFAULT /
 * -ENOMEM when guest RAM cannot be pinned.
 */
int okvm_vz_vcpu_run(struct okvm_vcpu *vcpu)
{
	struct okvm_mips_vcpu *mv = vcpu->arch;
	struct okvm_vz_vcpu *v = &mv->v;
	struct kvm_run *run = vcpu->run;
	enum okvm_vz_action a;
	int r;

	okvm_vz_complete_user_exit(v, run);
	run->exit_reason = KVM_EXIT_UNKNOWN;
	for (;;) {
		if (signal_pending(current)) {
			run->exit_reason = KVM_EXIT_INTR;
			return -EINTR;
		}
		if (v->map_pending) {
			r = okvm_vz_pin_gpa(mv, v->fault_gpa);
			if (r)
				return r;
		}
		cond_resched();
		a = okvm_vz_run_loaded(mv);
		if (a != OKVM_VZ_USER)
			continue;
		if (run->exit_reason == KVM_EXIT_INTERNAL_ERROR)
			pr_info_ratelimited("vCPU %u: internal error, root Cause %#llx GuestCtl0 %#llx PC %#llx\n",
					    vcpu->id, run->internal.data[0],
					    run->internal.data[1],
					    run->internal.data[2]);
		return 0;
	}
}

/* --- vCPUs --------------------------------------------------------------- */

/**
 * okvm_vz_vcpu_create() - a new vCPU in the hardware reset state
 * @vcpu: the core vCPU
 *
 * Return: 0, -EINVAL when this machine cannot run vCPUs (the load line
 * said why), or -ENOMEM.
 */
int okvm_vz_vcpu_create(struct okvm_vcpu *vcpu)
{
	struct okvm_mips_vcpu *mv;
	int r;

	if (!okvm_vz_run_ready())
		return -EINVAL;
	/* kmalloc'd: entry.S touches it with Status.EXL set, unmapped only */
	mv = kzalloc(sizeof(*mv), GFP_KERNEL_ACCOUNT);
	if (!mv)
		return -ENOMEM;
	r = okvm_vz_vcpu_init(&mv->v, vcpu->id);
	if (r) {
		kfree(mv);
		return r;
	}
	mv->vcpu = vcpu;
	mv->mvm = vcpu->vm->arch;
	mv->v.map_gen = READ_ONCE(mv->mvm->map_gen);
	vcpu->arch = mv;
	return 0;
}

/**
 * okvm_vz_vcpu_destroy() - free a vCPU
 * @vcpu: the core vCPU, never loaded (it is put at the end of every run)
 */
void okvm_vz_vcpu_destroy(struct okvm_vcpu *vcpu)
{
	struct okvm_mips_vcpu *mv = vcpu->arch;

	okvm_vz_vcpu_uninit(&mv->v);
	kfree(mv);
}

/* --- vCPU ioctls ------------------------------------------------------------ */

static long okvm_vz_get_set_regs(struct okvm_vz_vcpu *v,
				 struct kvm_regs __user *argp, bool set)
{
	struct kvm_regs regs = {};
	unsigned int i;

	if (set) {
		if (copy_from_user(&regs, argp, sizeof(regs)))
			return -EFAULT;
		/* $0 stays 0, as upstream */
		for (i = 1; i < 32; i++)
			v->gpr[i] = regs.gpr[i];
		v->hi = regs.hi;
		v->lo = regs.lo;
		v->pc = regs.pc;
		return 0;
	}
	for (i = 0; i < 32; i++)
		regs.gpr[i] = v->gpr[i];
	regs.hi = v->hi;
	regs.lo = v->lo;
	regs.pc = v->pc;
	return copy_to_user(argp, &regs, sizeof(regs)) ? -EFAULT : 0;
}

static long okvm_vz_one_reg(struct okvm_vz_vcpu *v,
			    struct kvm_one_reg __user *argp, bool set)
{
	struct kvm_one_reg reg;
	void __user *uaddr;
	u64 val = 0;
	u32 val32;
	long r;

	if (copy_from_user(&reg, argp, sizeof(reg)))
		return -EFAULT;
	r = okvm_vz_reg_id_check(reg.id);
	if (r)
		return r;
	uaddr = u64_to_user_ptr(reg.addr);
	if ((reg.id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U32) {
		if (set) {
			if (get_user(val32, (u32 __user *)uaddr))
				return -EFAULT;
			return okvm_vz_reg_set(v, reg.id, val32);
		}
		r = okvm_vz_reg_get(v, reg.id, &val);
		if (!r && put_user((u32)val, (u32 __user *)uaddr))
			r = -EFAULT;
		return r;
	}
	if (set) {
		if (get_user(val, (u64 __user *)uaddr))
			return -EFAULT;
		return okvm_vz_reg_set(v, reg.id, val);
	}
	r = okvm_vz_reg_get(v, reg.id, &val);
	if (!r && put_user(val, (u64 __user *)uaddr))
		r = -EFAULT;
	return r;
}

static long okvm_vz_reg_list(struct kvm_reg_list __user *argp)
{
	struct kvm_reg_list list;
	unsigned int n = 0, i;

	while (okvm_vz_reg_id_nth(n))
		n++;
	if (copy_from_user(&list, argp, sizeof(list)))
		return -EFAULT;
	if (put_user(n, &argp->n))
		return -EFAULT;
	if (list.n < n)
		return -E2BIG;
	for (i = 0; i < n; i++)
		if (put_user(okvm_vz_reg_id_nth(i), &argp->reg[i]))
			return -EFAULT;
	return 0;
}

/**
 * okvm_vz_vcpu_ioctl() - okvm_arch_ops.vcpu_ioctl for MIPS
 * @vcpu: the vCPU (put: only KVM_RUN loads it)
 * @ioctl: the request
 * @arg: its argument
 *
 * Context: vcpu->mutex held.
 * Return: 0, a negative errno, or -ENOTTY for an unknown @ioctl.
 */
long okvm_vz_vcpu_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			unsigned long arg)
{
	struct okvm_mips_vcpu *mv = vcpu->arch;
	void __user *argp = (void __user *)arg;

	switch (ioctl) {
	case KVM_GET_REGS:
		return okvm_vz_get_set_regs(&mv->v, argp, false);
	case KVM_SET_REGS:
		return okvm_vz_get_set_regs(&mv->v, argp, true);
	case KVM_GET_ONE_REG:
		return okvm_vz_one_reg(&mv->v, argp, false);
	case KVM_SET_ONE_REG:
		return okvm_vz_one_reg(&mv->v, argp, true);
	case KVM_GET_REG_LIST:
		return okvm_vz_reg_list(argp);
	default:
		return -ENOTTY;
	}
}

/**
 * okvm_vz_vcpu_async_ioctl() - KVM_INTERRUPT, taken while KVM_RUN may run
 * @vcpu: the vCPU
 * @ioctl: the request
 * @arg: a struct kvm_interrupt: 2, 3, 4 or 6 asserts guest IP2/3/4/6,
 *	the negative number deasserts it (upstream's numbers)
 *
 * The line reaches the guest at its next entry (GuestCtl2.VIP or guest
 * Cause.IP): within one host tick of a running vCPU, as the tick makes
 * it exit.
 *
 * Context: no vCPU lock held; any thread.
 * Return: 0, -EFAULT, -EINVAL, or -ENOIOCTLCMD for other requests.
 */
long okvm_vz_vcpu_async_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			      unsigned long arg)
{
	struct okvm_mips_vcpu *mv = vcpu->arch;
	struct kvm_interrupt irq;
	int n;

	if (ioctl != KVM_INTERRUPT)
		return -ENOIOCTLCMD;
	if (copy_from_user(&irq, (void __user *)arg, sizeof(irq)))
		return -EFAULT;
	n = abs((int)irq.irq);
	if (n != 2 && n != 3 && n != 4 && n != 6)
		return -EINVAL;
	if ((int)irq.irq > 0)
		set_bit(8 + n, &mv->v.irq_pending);
	else
		clear_bit(8 + n, &mv->v.irq_pending);
	return 0;
}
