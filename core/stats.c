// SPDX-License-Identifier: GPL-2.0
/*
 * Binary stats files for VMs and vCPUs, laid out as upstream KVM's
 * (Documentation/virt/kvm/api.rst, KVM_GET_STATS_FD): header, id string,
 * descriptors, data. Each file holds a reference on its VM, so it stays
 * readable after the VM and vCPU fds are closed.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "okvm.h"

/* Each descriptor is followed by its name; 6.12 already counts the name. */
#define OKVM_STATS_DESC_SIZE	(offsetof(struct kvm_stats_desc, name) + \
				 KVM_STATS_NAME_SIZE)

struct okvm_stats_file {
	struct okvm *vm;
	const struct okvm_stats_layout *layout;
	const u64 *data;
	char id[KVM_STATS_NAME_SIZE];
};

static const struct okvm_stat_desc okvm_vm_stat_desc[OKVM_VM_STAT_NR] = {
	[OKVM_VM_STAT_MEMSLOT_UPDATES] = { "memslot_updates", OKVM_STAT_CUMULATIVE },
	[OKVM_VM_STAT_VCPUS] = { "vcpus", OKVM_STAT_INSTANT },
};

static const struct okvm_stat_desc okvm_vcpu_stat_desc[OKVM_VCPU_STAT_NR] = {
	[OKVM_VCPU_STAT_RUNS] = { "runs", OKVM_STAT_CUMULATIVE },
	[OKVM_VCPU_STAT_EXITS] = { "exits", OKVM_STAT_CUMULATIVE },
	[OKVM_VCPU_STAT_SIGNAL_EXITS] = { "signal_exits", OKVM_STAT_CUMULATIVE },
};

struct okvm_stats_layout okvm_vm_stats_layout;
struct okvm_stats_layout okvm_vcpu_stats_layout;

static void okvm_stats_fill(void *desc, unsigned int index,
			    const struct okvm_stat_desc *s)
{
	struct kvm_stats_desc *d = desc + index * OKVM_STATS_DESC_SIZE;

	d->flags = s->flags;
	d->exponent = 0;
	d->size = 1;
	d->offset = index * sizeof(u64);
	d->bucket_size = 0;
	strscpy(d->name, s->name, KVM_STATS_NAME_SIZE);
}

/**
 * okvm_stats_layout_init() - build the descriptor block once
 * @l: layout to fill
 * @core: core counters, data indices 0 .. @nr_core - 1
 * @nr_core: number of core counters
 * @arch: backend counters, following the core ones in the data
 * @nr_arch: number of backend counters
 *
 * Return: 0 or -ENOMEM.
 */
static int okvm_stats_layout_init(struct okvm_stats_layout *l,
				  const struct okvm_stat_desc *core,
				  unsigned int nr_core,
				  const struct okvm_stat_desc *arch,
				  unsigned int nr_arch)
{
	unsigned int i;

	l->nr_desc = nr_core + nr_arch;
	l->desc_size = l->nr_desc * OKVM_STATS_DESC_SIZE;
	l->desc = kzalloc(l->desc_size, GFP_KERNEL);
	if (!l->desc)
		return -ENOMEM;
	for (i = 0; i < nr_core; i++)
		okvm_stats_fill(l->desc, i, &core[i]);
	for (i = 0; i < nr_arch; i++)
		okvm_stats_fill(l->desc, nr_core + i, &arch[i]);
	return 0;
}

static void okvm_stats_layout_free(struct okvm_stats_layout *l)
{
	kfree(l->desc);
	l->desc = NULL;
}

/**
 * okvm_stats_init() - build the VM and vCPU descriptor blocks
 *
 * The vCPU block lists the core counters, then the backend's.
 *
 * Return: 0 or -ENOMEM.
 */
int okvm_stats_init(void)
{
	int r;

	r = okvm_stats_layout_init(&okvm_vm_stats_layout, okvm_vm_stat_desc,
				   OKVM_VM_STAT_NR, NULL, 0);
	if (r)
		return r;
	r = okvm_stats_layout_init(&okvm_vcpu_stats_layout,
				   okvm_vcpu_stat_desc, OKVM_VCPU_STAT_NR,
				   okvm_arch_ops.vcpu_stats,
				   okvm_arch_ops.nr_vcpu_stats);
	if (r)
		okvm_stats_layout_free(&okvm_vm_stats_layout);
	return r;
}

void okvm_stats_exit(void)
{
	okvm_stats_layout_free(&okvm_vcpu_stats_layout);
	okvm_stats_layout_free(&okvm_vm_stats_layout);
}

/* Copy the part of [@src, @src + @len) that lies at file offset @base. */
static ssize_t okvm_stats_copy(char __user **buf, size_t *size, loff_t *pos,
			       loff_t base, const void *src, size_t len)
{
	size_t skip, n;

	if (!*size || *pos < base || *pos >= base + (loff_t)len)
		return 0;
	skip = *pos - base;
	n = min(len - skip, *size);
	if (copy_to_user(*buf, src + skip, n))
		return -EFAULT;
	*buf += n;
	*size -= n;
	*pos += n;
	return n;
}

static ssize_t okvm_stats_read(struct file *file, char __user *buf,
			       size_t size, loff_t *ppos)
{
	struct okvm_stats_file *sf = file->private_data;
	const struct okvm_stats_layout *l = sf->layout;
	size_t data_size = l->nr_desc * sizeof(u64);
	struct kvm_stats_header hdr = {
		.name_size = KVM_STATS_NAME_SIZE,
		.num_desc = l->nr_desc,
		.id_offset = sizeof(hdr),
		.desc_offset = sizeof(hdr) + KVM_STATS_NAME_SIZE,
		.data_offset = sizeof(hdr) + KVM_STATS_NAME_SIZE + l->desc_size,
	};
	loff_t pos = *ppos, start = *ppos;
	u64 *snap;
	ssize_t r;
	unsigned int i;

	if (pos < 0)
		return -EINVAL;

	snap = kmalloc_array(l->nr_desc, sizeof(u64), GFP_KERNEL);
	if (!snap)
		return -ENOMEM;
	for (i = 0; i < l->nr_desc; i++)
		snap[i] = READ_ONCE(sf->data[i]);

	r = okvm_stats_copy(&buf, &size, &pos, 0, &hdr, sizeof(hdr));
	if (r >= 0)
		r = okvm_stats_copy(&buf, &size, &pos, hdr.id_offset, sf->id,
				    KVM_STATS_NAME_SIZE);
	if (r >= 0)
		r = okvm_stats_copy(&buf, &size, &pos, hdr.desc_offset, l->desc,
				    l->desc_size);
	if (r >= 0)
		r = okvm_stats_copy(&buf, &size, &pos, hdr.data_offset, snap,
				    data_size);
	kfree(snap);
	if (r < 0)
		return r;
	*ppos = pos;
	return pos - start;
}

static int okvm_stats_release(struct inode *inode, struct file *file)
{
	struct okvm_stats_file *sf = file->private_data;

	okvm_put_vm(sf->vm);
	kfree(sf);
	return 0;
}

static const struct file_operations okvm_stats_fops = {
	.owner = THIS_MODULE,
	.read = okvm_stats_read,
	.release = okvm_stats_release,
	.llseek = noop_llseek,
};

/**
 * okvm_stats_fd_create() - KVM_GET_STATS_FD
 * @vm: the VM the counters belong to; the file holds a reference
 * @l: descriptor layout
 * @data: the live counters, @l->nr_desc of them, alive as long as @vm
 * @id: id string ("kvm-<pid>" or "kvm-<pid>/vcpu-<id>")
 *
 * Return: the new fd, or a negative errno.
 */
int okvm_stats_fd_create(struct okvm *vm, const struct okvm_stats_layout *l,
			 const u64 *data, const char *id)
{
	struct okvm_stats_file *sf;
	struct file *file;
	int fd, r;

	sf = kzalloc(sizeof(*sf), GFP_KERNEL_ACCOUNT);
	if (!sf)
		return -ENOMEM;
	sf->layout = l;
	sf->data = data;
	strscpy(sf->id, id, sizeof(sf->id));

	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		r = fd;
		goto free_sf;
	}

	okvm_get_vm(vm);
	sf->vm = vm;
	file = anon_inode_getfile("kvm-stats", &okvm_stats_fops, sf, O_RDONLY);
	if (IS_ERR(file)) {
		r = PTR_ERR(file);
		goto put_vm;
	}
	file->f_mode |= FMODE_PREAD;
	fd_install(fd, file);
	return fd;

put_vm:
	okvm_put_vm(vm);
	put_unused_fd(fd);
free_sf:
	kfree(sf);
	return r;
}
