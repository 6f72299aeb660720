// SPDX-License-Identifier: GPL-2.0
/*
 * okvm: module entry, the /dev/okvm misc device and the system fd ioctls
 * (KVM_GET_API_VERSION, KVM_CHECK_EXTENSION, KVM_CREATE_VM,
 * KVM_GET_VCPU_MMAP_SIZE).
 *
 * Init probes the backend first and registers the device last; exit
 * deregisters first. Open files pin the module through fops->owner, so
 * rmmod is refused while any okvm fd exists.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "okvm.h"

unsigned long okvm_vcpu_mmap_size = PAGE_SIZE;

static int okvm_dev_open(struct inode *inode, struct file *file)
{
	/* The KVM structures okvm serves have no 32-bit compat layer. */
	if (in_compat_syscall())
		return -ENODEV;
	return 0;
}

static long okvm_dev_ioctl(struct file *file, unsigned int ioctl,
			   unsigned long arg)
{
	switch (ioctl) {
	case KVM_GET_API_VERSION:
		return arg ? -EINVAL : KVM_API_VERSION;
	case KVM_CHECK_EXTENSION:
		return okvm_check_extension(NULL, arg);
	case KVM_CREATE_VM:
		return okvm_create_vm(arg);
	case KVM_GET_VCPU_MMAP_SIZE:
		return arg ? -EINVAL : okvm_vcpu_mmap_size;
	default:
		return -ENOTTY;
	}
}

static const struct file_operations okvm_dev_fops = {
	.owner = THIS_MODULE,
	.open = okvm_dev_open,
	.unlocked_ioctl = okvm_dev_ioctl,
	.llseek = noop_llseek,
};

/*
 * A dynamic minor, hence no MODULE_ALIAS("devname:okvm") and no
 * MODULE_ALIAS_MISCDEV(): loading on first open needs a fixed minor that
 * upstream assigns (KVM has 232), and okvm has none. Documentation/api.rst,
 * "The device", says why.
 */
static struct miscdevice okvm_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "okvm",
	.fops = &okvm_dev_fops,
	.mode = 0660,
};

static int __init okvm_init(void)
{
	int r;

	r = okvm_arch_ops.init();
	if (r)
		return r;
	r = okvm_stats_init();
	if (r)
		goto arch_exit;
	okvm_debugfs_init();

	/* Publish last: this exposes /dev/okvm to userspace. */
	r = misc_register(&okvm_dev);
	if (r) {
		pr_err("cannot register /dev/okvm (%d)\n", r);
		goto stats_exit;
	}
	pr_info("/dev/okvm ready (%s backend)\n", okvm_arch_ops.name);
	return 0;

stats_exit:
	okvm_debugfs_exit();
	okvm_stats_exit();
arch_exit:
	if (okvm_arch_ops.exit)
		okvm_arch_ops.exit();
	return r;
}

static void __exit okvm_exit(void)
{
	misc_deregister(&okvm_dev);
	okvm_debugfs_exit();
	okvm_stats_exit();
	if (okvm_arch_ops.exit)
		okvm_arch_ops.exit();
}

module_init(okvm_init);
module_exit(okvm_exit);

MODULE_DESCRIPTION("KVM-compatible hypervisor for nested POWER and MIPS VZ");
MODULE_AUTHOR("The okvm authors");
MODULE_LICENSE("GPL");
