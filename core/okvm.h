/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Core objects: the VM and the vCPU, shared by every core file and
 * visible to backends (which own only the ->arch pointers).
 *
 * Lock order (see Documentation/locking.rst):
 *	vm->lock --> vcpu->mutex
 *	vm->slots_lock is a leaf
 *	vm->ioeventfd_lock (a spinlock) is a leaf
 */
#ifndef OKVM_CORE_OKVM_H
#define OKVM_CORE_OKVM_H

#include "internal.h"
#include "arch.h"
#include "memslot.h"
#include "stats.h"

#define OKVM_MAX_MEMSLOTS	512

/**
 * struct okvm - one virtual machine
 * @users: references: the VM fd, each vCPU fd and each stats fd
 * @mm: the creating process's mm; ioctls from another mm get -EIO
 * @lock: serialises vCPU creation and KVM_ENABLE_CAP
 * @slots_lock: serialises memslot updates
 * @memslots: current slots, read under RCU or @slots_lock
 * @vcpus: vCPUs by id
 * @nr_vcpus: vCPUs created (and reserved during creation), under @lock
 * @ioeventfd_lock: protects @ioeventfds and @nr_ioeventfds
 * @ioeventfds: KVM_IOEVENTFD registrations (ioeventfd.c)
 * @nr_ioeventfds: entries in @ioeventfds
 * @stat: VM counters
 * @type: the KVM_CREATE_VM type
 * @arch: backend state
 */
struct okvm {
	refcount_t users;
	struct mm_struct *mm;
	struct mutex lock;		/* vCPU creation, ENABLE_CAP */
	struct mutex slots_lock;	/* memslot updates */
	struct okvm_memslots __rcu *memslots;
	struct xarray vcpus;
	unsigned int nr_vcpus;
	spinlock_t ioeventfd_lock;	/* ioeventfds, nr_ioeventfds */
	struct list_head ioeventfds;
	unsigned int nr_ioeventfds;
	u64 stat[OKVM_VM_STAT_NR];
	unsigned long type;
	void *arch;
};

/**
 * struct okvm_vcpu - one virtual CPU
 * @vm: owning VM; the vCPU lives as long as the VM
 * @id: the KVM vCPU id userspace chose
 * @mutex: held across every vCPU ioctl, KVM_RUN included
 * @run: the shared struct kvm_run page (mmap offset 0)
 * @sigset: signal mask while in KVM_RUN (KVM_SET_SIGNAL_MASK)
 * @sigset_active: whether @sigset applies
 * @stat: core counters followed by the backend's
 * @arch: backend state
 */
struct okvm_vcpu {
	struct okvm *vm;
	u32 id;
	struct mutex mutex;		/* every vCPU ioctl */
	struct kvm_run *run;
	sigset_t sigset;
	bool sigset_active;
	u64 *stat;
	void *arch;
};

/* vm.c */
long okvm_create_vm(unsigned long type);
void okvm_get_vm(struct okvm *vm);
void okvm_put_vm(struct okvm *vm);
long okvm_check_extension(struct okvm *vm, long ext);

/* vcpu.c */
int okvm_create_vcpu(struct okvm *vm, unsigned long id);
void okvm_destroy_vcpu(struct okvm_vcpu *vcpu);

/* ioeventfd.c */
int okvm_vm_ioeventfd(struct okvm *vm, const struct kvm_ioeventfd *args);
void okvm_ioeventfds_free(struct okvm *vm);

/* debugfs.c: live objects, see okvm_objects_show() */
enum okvm_object {
	OKVM_OBJ_VMS,
	OKVM_OBJ_VCPUS,
	OKVM_OBJ_MEMSLOTS,
	OKVM_OBJ_IOEVENTFDS,
	OKVM_OBJ_NR,
};

extern atomic_long_t okvm_objects[OKVM_OBJ_NR];
void okvm_debugfs_init(void);
void okvm_debugfs_exit(void);

/* main.c */
extern unsigned long okvm_vcpu_mmap_size;

#endif /* OKVM_CORE_OKVM_H */
