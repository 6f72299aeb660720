// SPDX-License-Identifier: GPL-2.0
/*
 * VM objects and the VM fd: KVM_CREATE_VCPU, KVM_SET_USER_MEMORY_REGION,
 * KVM_CHECK_EXTENSION, KVM_ENABLE_CAP, KVM_GET_STATS_FD, KVM_IOEVENTFD;
 * the backend's own VM ioctls after those.
 *
 * A VM is freed when its last reference goes: the VM fd, each vCPU fd and
 * each stats fd hold one. Every such file has THIS_MODULE as owner, so the
 * module cannot be unloaded while a VM exists.
 *
 * Lock order: vm->lock --> vcpu->mutex; vm->slots_lock is a leaf.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "okvm.h"
#include <uapi/linux/okvm.h>

void okvm_get_vm(struct okvm *vm)
{
	refcount_inc(&vm->users);
}

static void okvm_destroy_vm(struct okvm *vm)
{
	struct okvm_memslots *slots;
	struct okvm_vcpu *vcpu;
	unsigned long i;

	xa_for_each(&vm->vcpus, i, vcpu)
		okvm_destroy_vcpu(vcpu);
	xa_destroy(&vm->vcpus);
	okvm_ioeventfds_free(vm);
	if (okvm_arch_ops.vm_destroy)
		okvm_arch_ops.vm_destroy(vm);
	slots = rcu_dereference_protected(vm->memslots, true);
	if (slots) {
		atomic_long_sub(slots->nr, &okvm_objects[OKVM_OBJ_MEMSLOTS]);
		kvfree(slots);
	}
	mutex_destroy(&vm->slots_lock);
	mutex_destroy(&vm->lock);
	mmdrop(vm->mm);
	kfree(vm);
	atomic_long_dec(&okvm_objects[OKVM_OBJ_VMS]);
}

void okvm_put_vm(struct okvm *vm)
{
	if (refcount_dec_and_test(&vm->users))
		okvm_destroy_vm(vm);
}

/* Core answers; the backend is asked first and may override them. */
static long okvm_core_check_extension(struct okvm *vm, long ext)
{
	switch (ext) {
	case KVM_CAP_USER_MEMORY:
	case KVM_CAP_DESTROY_MEMORY_REGION_WORKS:
	case KVM_CAP_JOIN_MEMORY_REGIONS_WORKS:
	case KVM_CAP_IMMEDIATE_EXIT:
	case KVM_CAP_BINARY_STATS_FD:
	case KVM_CAP_CHECK_EXTENSION_VM:
	case KVM_CAP_INTERNAL_ERROR_DATA:
		return 1;
	case KVM_CAP_IOEVENTFD:
	case KVM_CAP_IOEVENTFD_ANY_LENGTH:
		return okvm_arch_ops.ioeventfd;
	case KVM_CAP_NR_VCPUS:
		return min_t(unsigned int, num_online_cpus(),
			     okvm_arch_ops.max_vcpus);
	case KVM_CAP_MAX_VCPUS:
		return okvm_arch_ops.max_vcpus;
	case KVM_CAP_MAX_VCPU_ID:
		return okvm_arch_ops.max_vcpu_id;
	case KVM_CAP_NR_MEMSLOTS:
		return OKVM_MAX_MEMSLOTS;
	case KVM_CAP_OKVM:
		return OKVM_ABI_VERSION;
	default:
		return 0;
	}
}

/**
 * okvm_check_extension() - KVM_CHECK_EXTENSION on the system or a VM fd
 * @vm: the VM, or NULL for the system fd
 * @ext: the capability
 *
 * Return: the capability's value; 0 when it is not supported.
 */
long okvm_check_extension(struct okvm *vm, long ext)
{
	long r = -ENOENT;

	if (okvm_arch_ops.check_extension)
		r = okvm_arch_ops.check_extension(vm, ext);

	return r == -ENOENT ? okvm_core_check_extension(vm, ext) : r;
}

static int okvm_vm_set_memory_region(struct okvm *vm,
				     const struct kvm_userspace_memory_region *mem)
{
	const struct okvm_memslot_limits lim = {
		.nr_slots = OKVM_MAX_MEMSLOTS,
		.valid_flags = okvm_arch_ops.memslot_flags,
		.page_shift = PAGE_SHIFT,
	};
	struct okvm_memslots *cur, *next;
	enum okvm_mr_change change;
	int r;

	mutex_lock(&vm->slots_lock);
	cur = rcu_dereference_protected(vm->memslots,
					lockdep_is_held(&vm->slots_lock));
	r = okvm_memslot_check(cur, mem, &lim, &change);
	if (r || change == OKVM_MR_NONE)
		goto unlock;

	next = okvm_memslots_update(cur, mem, PAGE_SHIFT, change);
	if (!next) {
		r = -ENOMEM;
		goto unlock;
	}
	/*
	 * Publish first: a fault that starts after the backend's unmap then
	 * finds the new slots, and one racing with it sees the unmap.
	 */
	rcu_assign_pointer(vm->memslots, next);
	if (okvm_arch_ops.memslot_change)
		okvm_arch_ops.memslot_change(vm, change == OKVM_MR_CREATE ? NULL :
					     okvm_memslot_by_id(cur, (u16)mem->slot));
	atomic_long_add((long)next->nr - (cur ? cur->nr : 0),
			&okvm_objects[OKVM_OBJ_MEMSLOTS]);
	vm->stat[OKVM_VM_STAT_MEMSLOT_UPDATES]++;
	mutex_unlock(&vm->slots_lock);
	if (cur) {
		synchronize_rcu();
		kvfree(cur);
	}
	return 0;

unlock:
	mutex_unlock(&vm->slots_lock);
	return r;
}

static long okvm_vm_enable_cap(struct okvm *vm, struct kvm_enable_cap *cap)
{
	long r;

	if (cap->flags)
		return -EINVAL;
	if (!okvm_arch_ops.vm_enable_cap)
		return -EINVAL;
	mutex_lock(&vm->lock);
	r = okvm_arch_ops.vm_enable_cap(vm, cap);
	mutex_unlock(&vm->lock);
	return r;
}

static long okvm_vm_ioctl(struct file *file, unsigned int ioctl,
			  unsigned long arg)
{
	struct okvm *vm = file->private_data;
	void __user *argp = (void __user *)arg;
	char id[KVM_STATS_NAME_SIZE];

	if (vm->mm != current->mm)
		return -EIO;

	switch (ioctl) {
	case KVM_CREATE_VCPU:
		return okvm_create_vcpu(vm, arg);
	case KVM_SET_USER_MEMORY_REGION: {
		struct kvm_userspace_memory_region mem = {};

		if (copy_from_user(&mem, argp, sizeof(mem)))
			return -EFAULT;
		return okvm_vm_set_memory_region(vm, &mem);
	}
	case KVM_CHECK_EXTENSION:
		return okvm_check_extension(vm, arg);
	case KVM_ENABLE_CAP: {
		struct kvm_enable_cap cap = {};

		if (copy_from_user(&cap, argp, sizeof(cap)))
			return -EFAULT;
		return okvm_vm_enable_cap(vm, &cap);
	}
	case KVM_GET_STATS_FD:
		snprintf(id, sizeof(id), "kvm-%d", task_pid_nr(current));
		return okvm_stats_fd_create(vm, &okvm_vm_stats_layout,
					    vm->stat, id);
	case KVM_IOEVENTFD: {
		struct kvm_ioeventfd args;

		if (!okvm_arch_ops.ioeventfd)
			return -ENOTTY;
		if (copy_from_user(&args, argp, sizeof(args)))
			return -EFAULT;
		return okvm_vm_ioeventfd(vm, &args);
	}
	default:
		if (okvm_arch_ops.vm_ioctl)
			return okvm_arch_ops.vm_ioctl(vm, ioctl, arg);
		return -ENOTTY;
	}
}

static int okvm_vm_release(struct inode *inode, struct file *file)
{
	okvm_put_vm(file->private_data);
	return 0;
}

static const struct file_operations okvm_vm_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = okvm_vm_ioctl,
	.release = okvm_vm_release,
	.llseek = noop_llseek,
};

/**
 * okvm_create_vm() - KVM_CREATE_VM
 * @type: machine type, validated by the backend
 *
 * Return: the new VM fd, or a negative errno.
 */
long okvm_create_vm(unsigned long type)
{
	struct okvm *vm;
	int r;

	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	refcount_set(&vm->users, 1);
	mutex_init(&vm->lock);
	mutex_init(&vm->slots_lock);
	xa_init(&vm->vcpus);
	spin_lock_init(&vm->ioeventfd_lock);
	INIT_LIST_HEAD(&vm->ioeventfds);
	vm->type = type;
	mmgrab(current->mm);
	vm->mm = current->mm;

	r = okvm_arch_ops.vm_init(vm, type);
	if (r)
		goto drop_mm;

	/*
	 * Publish last: once the fd exists, its ->release owns the
	 * reference and frees the VM.
	 */
	atomic_long_inc(&okvm_objects[OKVM_OBJ_VMS]);
	r = anon_inode_getfd("kvm-vm", &okvm_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (r < 0)
		goto uncount;
	return r;

uncount:
	atomic_long_dec(&okvm_objects[OKVM_OBJ_VMS]);
	if (okvm_arch_ops.vm_destroy)
		okvm_arch_ops.vm_destroy(vm);
drop_mm:
	mmdrop(vm->mm);
	mutex_destroy(&vm->slots_lock);
	mutex_destroy(&vm->lock);
	kfree(vm);
	return r;
}
