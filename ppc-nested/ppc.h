/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The POWER backend's VM and vCPU objects (vm->arch, vcpu->arch).
 */
#ifndef OKVM_PPC_PPC_H
#define OKVM_PPC_PPC_H

#include <linux/wait.h>

#include "mmu.h"
#include "state.h"
#include "transport.h"
#include "v1.h"
#include "v2.h"

/**
 * struct okvm_ppc_vm - vm->arch
 * @vm: the core VM
 * @ops: the L0 API's transport (v1 or v2)
 * @mmu: the L2's partition-scoped tree
 * @v2: the L0's guest and vCPU ids (v2 transport only)
 * @dawr1: KVM_CAP_PPC_DAWR1 enabled: H_SET_MODE may set DAWR1
 * @hcalls: OKVM_PPC_HC_* bits: hcalls the kernel handles, not userspace
 *	(KVM_CAP_PPC_ENABLE_HCALL)
 * @tce_lock: protects @tce_tables
 * @tce_tables: the in-kernel TCE tables (tce.c)
 */
struct okvm_ppc_vm {
	struct okvm *vm;
	const struct okvm_ppc_transport_ops *ops;
	struct okvm_ppc_mmu mmu;
	struct okvm_v2_vm v2;
	bool dawr1;
	unsigned long hcalls;
	struct mutex tce_lock;	/* tce_tables */
	struct list_head tce_tables;
};

/*
 * The hcalls okvm can do in the kernel, for KVM_CAP_PPC_ENABLE_HCALL:
 * H_CEDE, H_GET_TCE and H_PUT_TCE on from the start (as in upstream's
 * default list), H_SET_MODE's breakpoint resources, H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT once userspace enables them (QEMU does).
 */
#define OKVM_H_CEDE		0xe0
#define OKVM_H_SET_MODE		0x31c
enum {
	OKVM_PPC_HC_CEDE,
	OKVM_PPC_HC_SET_MODE,
	OKVM_PPC_HC_GET_TCE,
	OKVM_PPC_HC_PUT_TCE,
	OKVM_PPC_HC_STUFF_TCE,
	OKVM_PPC_HC_PUT_TCE_INDIRECT,
	OKVM_PPC_HC_NR,
};

int okvm_ppc_hcall_bit(u64 nr);
long okvm_ppc_create_tce(struct okvm_ppc_vm *pvm,
			 const struct kvm_create_spapr_tce_64 *args);
int okvm_ppc_tce_hcall(struct okvm_ppc_vcpu *pv, u64 nr);
void okvm_ppc_tce_show(struct seq_file *m);

/**
 * struct okvm_ppc_vcpu - vcpu->arch
 * @vcpu: the core vCPU
 * @pvm: the VM's backend state
 * @st: the L2 register file (every reader and writer goes through it)
 * @v1: what H_ENTER_NESTED exchanges (v1 transport only)
 * @v2: the L0 vCPU and its buffers (v2 transport only)
 * @l2_seq: odd while the thread is inside the L0's run hcall, bumped on
 *	entry and exit: okvm_ppc_vm_sync_l2() waits for it to move
 * @papr: KVM_CAP_PPC_PAPR enabled: L2 hcalls exit to userspace
 * @hcall_pending: the last exit was KVM_EXIT_PAPR_HCALL; its results go
 *	into r3..r12 on the next KVM_RUN
 * @irq_pending: an external interrupt is asserted (KVM_INTERRUPT)
 * @task: the thread in KVM_RUN, or NULL (for kicks; under RCU)
 * @wq: where the vCPU thread sleeps in H_CEDE
 * @mmio_pending: the last exit was KVM_EXIT_MMIO; @mmio says how to finish
 * @mmio: the access being emulated: target/base registers, length,
 *	OKVM_MMIO_* flags, data byte order, effective address
 */
struct okvm_ppc_vcpu {
	struct okvm_vcpu *vcpu;
	struct okvm_ppc_vm *pvm;
	struct okvm_state st;
	struct okvm_v1_vcpu *v1;
	struct okvm_v2_vcpu *v2;
	unsigned long l2_seq;
	bool papr;
	bool hcall_pending;
	bool irq_pending;
	struct task_struct __rcu *task;
	wait_queue_head_t wq;
	bool mmio_pending;
	struct {
		u8 rt;
		u8 ra;
		u8 len;
		u8 flags;
		bool le;
		u64 ea;
	} mmio;
};

/* Backend counters in the vCPU stats fd, after the core's. */
enum okvm_ppc_vcpu_stat {
	OKVM_PPC_STAT_L0_HCALLS,
	OKVM_PPC_STAT_HCALL_EXITS,
	OKVM_PPC_STAT_PAGE_FAULTS,
	OKVM_PPC_STAT_MMIO_EXITS,
	OKVM_PPC_STAT_CEDES,
	OKVM_PPC_STAT_L0_RUNS,
	OKVM_PPC_STAT_L0_GET_STATE,
	OKVM_PPC_STAT_L0_SET_STATE,
	OKVM_PPC_STAT_GSB_BYTES_TO_L0,
	OKVM_PPC_STAT_GSB_BYTES_FROM_L0,
	OKVM_PPC_STAT_DEC_FIXUPS,
	OKVM_PPC_STAT_NR,
};

/*
 * Around the L0's run hcall: @l2_seq is odd from before the L2 can use
 * the VM's partition-scoped tree until after the L0 gave the CPU back.
 * okvm_ppc_vm_sync_l2() pairs with the barriers.
 */
static inline void okvm_ppc_l2_enter(struct okvm_ppc_vcpu *pv)
{
	WRITE_ONCE(pv->l2_seq, pv->l2_seq + 1);
	/* odd before the L0 reads the tree; pairs with okvm_ppc_vm_sync_l2() */
	smp_mb();
}

static inline void okvm_ppc_l2_exit(struct okvm_ppc_vcpu *pv)
{
	/* even once the L0 is done with the tree; okvm_ppc_vm_sync_l2() */
	smp_store_release(&pv->l2_seq, pv->l2_seq + 1);
}

extern const struct okvm_ppc_transport_ops okvm_v1_transport;
extern const struct okvm_ppc_transport_ops okvm_v2_transport;

void okvm_v1_init_ids(void);
int okvm_ppc_vcpu_run(struct okvm_vcpu *vcpu);
long okvm_ppc_vm_ioctl(struct okvm *vm, unsigned int ioctl, unsigned long arg);
long okvm_ppc_vcpu_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			 unsigned long arg);
long okvm_ppc_vcpu_async_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			       unsigned long arg);
void okvm_ppc_vcpu_kick(struct okvm_ppc_vcpu *pv);
int okvm_ppc_emulate_mmio(struct okvm_ppc_vcpu *pv, struct kvm_run *run,
			  u64 gpa);
int okvm_ppc_complete_mmio(struct okvm_ppc_vcpu *pv, const struct kvm_run *run);
void okvm_ppc_vcpu_stat_inc(struct okvm_vcpu *vcpu, enum okvm_ppc_vcpu_stat s);
void okvm_ppc_vcpu_stat_add(struct okvm_vcpu *vcpu, enum okvm_ppc_vcpu_stat s,
			    u64 n);
void okvm_ppc_vm_sync_l2(struct okvm *vm);

#endif /* OKVM_PPC_PPC_H */
