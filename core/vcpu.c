// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU objects and the vCPU fd: KVM_RUN (immediate_exit, signals,
 * KVM_SET_SIGNAL_MASK), the mmap'd struct kvm_run, KVM_GET_STATS_FD, and
 * dispatch of everything else to the backend.
 *
 * A vCPU lives as long as its VM; its fd holds a VM reference. Every
 * vCPU ioctl runs under vcpu->mutex, taken killable.
 *
 * Lock order: vm->lock --> vcpu->mutex.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "okvm.h"

static vm_fault_t okvm_vcpu_fault(struct vm_fault *vmf)
{
	struct okvm_vcpu *vcpu = vmf->vma->vm_file->private_data;
	struct page *page;

	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	page = virt_to_page(vcpu->run);
	get_page(page);
	vmf->page = page;
	return 0;
}

static const struct vm_operations_struct okvm_vcpu_vm_ops = {
	.fault = okvm_vcpu_fault,
};

static int okvm_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff != 0 ||
	    vma->vm_end - vma->vm_start > okvm_vcpu_mmap_size)
		return -EINVAL;
	vma->vm_ops = &okvm_vcpu_vm_ops;
	return 0;
}

static long okvm_vcpu_set_signal_mask(struct okvm_vcpu *vcpu,
				      struct kvm_signal_mask __user *argp)
{
	struct kvm_signal_mask kmask;
	sigset_t set;

	if (!argp) {
		vcpu->sigset_active = false;
		return 0;
	}
	if (copy_from_user(&kmask, argp, sizeof(kmask)))
		return -EFAULT;
	if (kmask.len != sizeof(set))
		return -EINVAL;
	if (copy_from_user(&set, &argp->sigset, sizeof(set)))
		return -EFAULT;
	sigdelsetmask(&set, sigmask(SIGKILL) | sigmask(SIGSTOP));
	vcpu->sigset = set;
	vcpu->sigset_active = true;
	return 0;
}

static long okvm_vcpu_run(struct okvm_vcpu *vcpu)
{
	struct kvm_run *run = vcpu->run;
	sigset_t saved;
	long r;

	vcpu->stat[OKVM_VCPU_STAT_RUNS]++;
	if (okvm_run_immediate_exit(run)) {
		run->exit_reason = KVM_EXIT_INTR;
		return -EINTR;
	}

	if (vcpu->sigset_active)
		sigprocmask(SIG_SETMASK, &vcpu->sigset, &saved);
	r = okvm_arch_ops.vcpu_run(vcpu);
	if (!r)
		vcpu->stat[OKVM_VCPU_STAT_EXITS]++;
	else if (r == -EINTR)
		vcpu->stat[OKVM_VCPU_STAT_SIGNAL_EXITS]++;
	if (vcpu->sigset_active)
		sigprocmask(SIG_SETMASK, &saved, NULL);
	return r;
}

static long okvm_vcpu_ioctl(struct file *file, unsigned int ioctl,
			    unsigned long arg)
{
	struct okvm_vcpu *vcpu = file->private_data;
	char id[KVM_STATS_NAME_SIZE];
	long r;

	if (vcpu->vm->mm != current->mm)
		return -EIO;
	if (_IOC_TYPE(ioctl) != KVMIO)
		return -ENOTTY;
	if (okvm_arch_ops.vcpu_async_ioctl) {
		r = okvm_arch_ops.vcpu_async_ioctl(vcpu, ioctl, arg);
		if (r != -ENOIOCTLCMD)
			return r;
	}
	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;

	switch (ioctl) {
	case KVM_RUN:
		r = arg ? -EINVAL : okvm_vcpu_run(vcpu);
		break;
	case KVM_SET_SIGNAL_MASK:
		r = okvm_vcpu_set_signal_mask(vcpu, (void __user *)arg);
		break;
	case KVM_GET_STATS_FD:
		snprintf(id, sizeof(id), "kvm-%d/vcpu-%u",
			 task_pid_nr(current), vcpu->id);
		r = okvm_stats_fd_create(vcpu->vm, &okvm_vcpu_stats_layout,
					 vcpu->stat, id);
		break;
	default:
		r = okvm_arch_ops.vcpu_ioctl(vcpu, ioctl, arg);
		break;
	}
	mutex_unlock(&vcpu->mutex);
	return r;
}

static int okvm_vcpu_release(struct inode *inode, struct file *file)
{
	struct okvm_vcpu *vcpu = file->private_data;

	okvm_put_vm(vcpu->vm);
	return 0;
}

static const struct file_operations okvm_vcpu_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = okvm_vcpu_ioctl,
	.mmap = okvm_vcpu_mmap,
	.release = okvm_vcpu_release,
	.llseek = noop_llseek,
};

static void okvm_free_vcpu(struct okvm_vcpu *vcpu)
{
	free_page((unsigned long)vcpu->run);
	kfree(vcpu->stat);
	mutex_destroy(&vcpu->mutex);
	kfree(vcpu);
}

/**
 * okvm_destroy_vcpu() - free a vCPU when its VM dies
 * @vcpu: the vCPU; no fd references it any more
 */
void okvm_destroy_vcpu(struct okvm_vcpu *vcpu)
{
	okvm_arch_ops.vcpu_destroy(vcpu);
	okvm_free_vcpu(vcpu);
	atomic_long_dec(&okvm_objects[OKVM_OBJ_VCPUS]);
}

/**
 * okvm_create_vcpu() - KVM_CREATE_VCPU
 * @vm: the VM
 * @id: the vCPU id userspace chose
 *
 * Return: the vCPU fd, or -EINVAL (id out of range, too many vCPUs, or a
 * backend that cannot run vCPUs), -EEXIST (id in use), -ENOMEM.
 */
int okvm_create_vcpu(struct okvm *vm, unsigned long id)
{
	unsigned int nr_stats = okvm_vcpu_stats_layout.nr_desc;
	struct okvm_vcpu *vcpu;
	char name[24];
	int r;

	if (id >= okvm_arch_ops.max_vcpu_id)
		return -EINVAL;
	if (!okvm_arch_ops.vcpu_create)
		return -EINVAL;

	mutex_lock(&vm->lock);
	if (vm->nr_vcpus >= okvm_arch_ops.max_vcpus) {
		mutex_unlock(&vm->lock);
		return -EINVAL;
	}
	vm->nr_vcpus++;
	mutex_unlock(&vm->lock);

	r = -ENOMEM;
	vcpu = kzalloc(sizeof(*vcpu), GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		goto unreserve;
	mutex_init(&vcpu->mutex);
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->stat = kcalloc(nr_stats, sizeof(u64), GFP_KERNEL_ACCOUNT);
	if (!vcpu->stat)
		goto free_vcpu;
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->run)
		goto free_vcpu;

	r = okvm_arch_ops.vcpu_create(vcpu);
	if (r)
		goto free_vcpu;

	mutex_lock(&vm->lock);
	r = xa_insert(&vm->vcpus, id, vcpu, GFP_KERNEL_ACCOUNT);
	if (r == -EBUSY)
		r = -EEXIST;
	if (r)
		goto unlock_destroy;

	/* Now it is all set up: let userspace reach it. */
	okvm_get_vm(vm);
	snprintf(name, sizeof(name), "kvm-vcpu:%lu", id);
	r = anon_inode_getfd(name, &okvm_vcpu_fops, vcpu, O_RDWR | O_CLOEXEC);
	if (r < 0)
		goto erase;
	vm->stat[OKVM_VM_STAT_VCPUS]++;
	atomic_long_inc(&okvm_objects[OKVM_OBJ_VCPUS]);
	mutex_unlock(&vm->lock);
	return r;

erase:
	xa_erase(&vm->vcpus, id);
	/* The caller still holds the VM fd's reference: this never frees. */
	refcount_dec(&vm->users);
unlock_destroy:
	mutex_unlock(&vm->lock);
	okvm_arch_ops.vcpu_destroy(vcpu);
free_vcpu:
	okvm_free_vcpu(vcpu);
unreserve:
	mutex_lock(&vm->lock);
	vm->nr_vcpus--;
	mutex_unlock(&vm->lock);
	return r;
}
