// SPDX-License-Identifier: GPL-2.0
/*
 * /sys/kernel/debug/okvm/objects: live object counts, one "name value"
 * line each; the core's (VMs, vCPUs, memslots) then the backend's. With
 * every okvm fd closed, every count must be 0: the selftests and the QEMU
 * runs check that.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "okvm.h"

atomic_long_t okvm_objects[OKVM_OBJ_NR];

static const char * const okvm_object_names[OKVM_OBJ_NR] = {
	[OKVM_OBJ_VMS] = "vms",
	[OKVM_OBJ_VCPUS] = "vcpus",
	[OKVM_OBJ_MEMSLOTS] = "memslots",
	[OKVM_OBJ_IOEVENTFDS] = "ioeventfds",
};

static struct dentry *okvm_debugfs_dir;

static int okvm_objects_show(struct seq_file *m, void *unused)
{
	unsigned int i;

	for (i = 0; i < OKVM_OBJ_NR; i++)
		seq_printf(m, "%s %ld\n", okvm_object_names[i],
			   atomic_long_read(&okvm_objects[i]));
	if (okvm_arch_ops.debugfs_show)
		okvm_arch_ops.debugfs_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(okvm_objects);

void okvm_debugfs_init(void)
{
	/* debugfs failures are not fatal, and its API says not to check */
	okvm_debugfs_dir = debugfs_create_dir("okvm", NULL);
	debugfs_create_file("objects", 0400, okvm_debugfs_dir, NULL,
			    &okvm_objects_fops);
	if (okvm_arch_ops.debugfs_init)
		okvm_arch_ops.debugfs_init(okvm_debugfs_dir);
}

void okvm_debugfs_exit(void)
{
	debugfs_remove_recursive(okvm_debugfs_dir);
}
