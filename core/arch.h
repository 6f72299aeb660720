/* SPDX-License-Identifier: GPL-2.0 */
/*
 * struct okvm_arch_ops: the only door from the arch-neutral core into an
 * architecture backend (ppc-nested/ or mips-vz/). Exactly one backend is
 * linked into the module and defines okvm_arch_ops.
 */
#ifndef OKVM_CORE_ARCH_H
#define OKVM_CORE_ARCH_H

struct okvm;
struct okvm_vcpu;
struct okvm_memslot;
struct okvm_stat_desc;
struct seq_file;
struct dentry;

/**
 * struct okvm_arch_ops - what an architecture backend provides
 * @name: short backend name for log lines ("ppc-nested", "mips-vz")
 * @init: probe the hardware or the L0 and take what the backend needs.
 *	Return 0, or -ENODEV (or another errno) after printing exactly one
 *	pr_info() line that says why. Runs before /dev/okvm exists.
 * @exit: undo @init. Runs after /dev/okvm is gone and every VM is freed.
 *	May be NULL when @init takes nothing.
 * @check_extension: answer KVM_CHECK_EXTENSION for @ext on the system fd
 *	(@vm NULL) or a VM fd. Return the value, or -ENOENT when the backend
 *	has no opinion (the core then answers, or says 0). May be NULL.
 * @vm_init: validate the KVM_CREATE_VM @type and set up @vm->arch.
 *	Return 0 or -EINVAL for an unknown type.
 * @vm_destroy: free @vm->arch; every vCPU is already destroyed. May be
 *	NULL when @vm_init allocates nothing.
 * @vm_enable_cap: KVM_ENABLE_CAP on a VM fd; NULL means none (-EINVAL).
 * @vm_ioctl: every VM ioctl the core does not handle (KVM_PPC_* ...).
 *	Context: no VM lock held. Return -ENOTTY for an unknown @ioctl. May
 *	be NULL.
 * @memslot_change: a slot has been deleted or moved (@old, still
 *	readable; the new slots are already published) or created (@old
 *	NULL); the backend drops any mapping of @old before it returns, and
 *	no vCPU may use one afterwards. Called with the VM's slots_lock
 *	held. May be NULL.
 * @vcpu_create: set up @vcpu->arch. NULL means this backend cannot run
 *	vCPUs yet: KVM_CREATE_VCPU then fails with -EINVAL.
 * @vcpu_destroy: free @vcpu->arch.
 * @vcpu_run: run the vCPU until an exit for userspace, a signal or an
 *	error. Context: process context, vcpu->mutex held. Return 0 with
 *	run->exit_reason set, or a negative errno (-EINTR for a signal,
 *	with run->exit_reason KVM_EXIT_INTR).
 * @vcpu_async_ioctl: vCPU ioctls that must work while another thread is
 *	in KVM_RUN (KVM_INTERRUPT), tried first, without vcpu->mutex.
 *	Return -ENOIOCTLCMD for anything else. May be NULL.
 * @vcpu_ioctl: every vCPU ioctl the core does not handle. Context:
 *	vcpu->mutex held. Return -ENOTTY for an unknown @ioctl.
 * @max_vcpus: most vCPUs per VM (KVM_CAP_MAX_VCPUS).
 * @max_vcpu_id: vCPU ids are 0 .. @max_vcpu_id - 1 (KVM_CAP_MAX_VCPU_ID).
 * @memslot_flags: KVM_MEM_* flags accepted in KVM_SET_USER_MEMORY_REGION.
 * @ioeventfd: the backend offers its MMIO stores to okvm_ioeventfd_write()
 *	before it exits with them: KVM_IOEVENTFD works
 *	(KVM_CAP_IOEVENTFD and KVM_CAP_IOEVENTFD_ANY_LENGTH are 1).
 * @debugfs_show: print the backend's live object counts ("name value"
 *	lines) into debugfs okvm/objects. May be NULL.
 * @debugfs_init: add the backend's own files to the okvm debugfs
 *	directory @dir (removed with it at unload). May be NULL.
 * @vcpu_stats: descriptors of the backend's per-vCPU counters, appended
 *	to the core's in the vCPU stats fd.
 * @nr_vcpu_stats: number of entries in @vcpu_stats.
 */
struct okvm_arch_ops {
	const char *name;
	int (*init)(void);
	void (*exit)(void);
	long (*check_extension)(struct okvm *vm, long ext);
	int (*vm_init)(struct okvm *vm, unsigned long type);
	void (*vm_destroy)(struct okvm *vm);
	int (*vm_enable_cap)(struct okvm *vm, struct kvm_enable_cap *cap);
	long (*vm_ioctl)(struct okvm *vm, unsigned int ioctl,
			 unsigned long arg);
	void (*memslot_change)(struct okvm *vm, const struct okvm_memslot *old);
	int (*vcpu_create)(struct okvm_vcpu *vcpu);
	void (*vcpu_destroy)(struct okvm_vcpu *vcpu);
	int (*vcpu_run)(struct okvm_vcpu *vcpu);
	long (*vcpu_async_ioctl)(struct okvm_vcpu *vcpu, unsigned int ioctl,
				 unsigned long arg);
	long (*vcpu_ioctl)(struct okvm_vcpu *vcpu, unsigned int ioctl,
			   unsigned long arg);
	void (*debugfs_show)(struct seq_file *m);
	void (*debugfs_init)(struct dentry *dir);
	unsigned int max_vcpus;
	unsigned int max_vcpu_id;
	u32 memslot_flags;
	bool ioeventfd;
	const struct okvm_stat_desc *vcpu_stats;
	unsigned int nr_vcpu_stats;
};

extern const struct okvm_arch_ops okvm_arch_ops;

bool okvm_ioeventfd_write(struct okvm *vm, u64 addr, u32 len,
			  const void *data);

#endif /* OKVM_CORE_ARCH_H */
