// SPDX-License-Identifier: GPL-2.0
/*
 * KVM_IOEVENTFD: a guest store to a registered guest-physical address
 * signals an eventfd instead of exiting to userspace with KVM_EXIT_MMIO
 * (Documentation/virt/kvm/api.rst, 4.59 KVM_IOEVENTFD, is the contract).
 *
 * Only the MMIO bus exists: neither POWER nor MIPS has port I/O, so
 * KVM_IOEVENTFD_FLAG_PIO (and the s390-only VIRTIO_CCW_NOTIFY) answer
 * -EINVAL. A registration matches a store of its length (any length when
 * it is 0) at its address, and with KVM_IOEVENTFD_FLAG_DATAMATCH only the
 * value it names: the stored bytes, as kvm_run->mmio.data would carry
 * them, read as a native integer of that length (upstream's rule).
 *
 * Lock order: vm->ioeventfd_lock is a leaf (a spinlock: the vCPU run loop
 * looks registrations up with it held and eventfd_signal() is safe there).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/slab.h>

#include "okvm.h"

#define OKVM_MAX_IOEVENTFDS	1000	/* upstream's NR_IOBUS_DEVS */

/**
 * struct okvm_ioeventfd - one KVM_IOEVENTFD registration
 * @link: in okvm.ioeventfds
 * @addr: guest-physical address
 * @len: access length, 0 for any
 * @datamatch: the value a store must write, when @wildcard is false
 * @wildcard: any value matches
 * @ctx: the eventfd to signal
 */
struct okvm_ioeventfd {
	struct list_head link;
	u64 addr;
	u32 len;
	u64 datamatch;
	bool wildcard;
	struct eventfd_ctx *ctx;
};

/* The value of a @len-byte store, as upstream reads it. */
static u64 okvm_ioeventfd_value(const void *data, u32 len)
{
	u8 b;
	u16 h;
	u32 w;
	u64 d;

	switch (len) {
	case 1:
		memcpy(&b, data, 1);
		return b;
	case 2:
		memcpy(&h, data, 2);
		return h;
	case 4:
		memcpy(&w, data, 4);
		return w;
	default:
		memcpy(&d, data, 8);
		return d;
	}
}

/*
 * Two registrations collide when one store could match both: the same
 * address, and a length of 0 on either side, or the same length with a
 * wildcard on either side or the same value (upstream's rule, so that a
 * store never has two owners).
 */
static bool okvm_ioeventfd_collide(const struct okvm_ioeventfd *a,
				   const struct okvm_ioeventfd *b)
{
	return a->addr == b->addr &&
	       (!a->len || !b->len ||
		(a->len == b->len && (a->wildcard || b->wildcard ||
				      a->datamatch == b->datamatch)));
}

/* A deassign names its registration exactly. */
static bool okvm_ioeventfd_same(const struct okvm_ioeventfd *a,
				const struct okvm_ioeventfd *b)
{
	return a->ctx == b->ctx && a->addr == b->addr && a->len == b->len &&
	       a->wildcard == b->wildcard &&
	       (a->wildcard || a->datamatch == b->datamatch);
}

static int okvm_ioeventfd_check(const struct kvm_ioeventfd *args)
{
	if (args->flags & ~(__u32)(KVM_IOEVENTFD_FLAG_DATAMATCH |
				   KVM_IOEVENTFD_FLAG_DEASSIGN))
		return -EINVAL;	/* PIO, VIRTIO_CCW_NOTIFY, unknown */
	if (memchr_inv(args->pad, 0, sizeof(args->pad)))
		return -EINVAL;
	switch (args->len) {
	case 0:
		if (args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH)
			return -EINVAL;
		break;
	case 1:
	case 2:
	case 4:
	case 8:
		break;
	default:
		return -EINVAL;
	}
	if (args->addr + args->len < args->addr)
		return -EINVAL;
	return 0;
}

static int okvm_ioeventfd_assign(struct okvm *vm, struct okvm_ioeventfd *p)
{
	struct okvm_ioeventfd *q;
	int r = 0;

	spin_lock(&vm->ioeventfd_lock);
	if (vm->nr_ioeventfds >= OKVM_MAX_IOEVENTFDS) {
		r = -ENOSPC;
		goto unlock;
	}
	list_for_each_entry(q, &vm->ioeventfds, link) {
		if (okvm_ioeventfd_collide(p, q)) {
			r = -EEXIST;
			goto unlock;
		}
	}
	list_add_tail(&p->link, &vm->ioeventfds);
	vm->nr_ioeventfds++;
	atomic_long_inc(&okvm_objects[OKVM_OBJ_IOEVENTFDS]);
unlock:
	spin_unlock(&vm->ioeventfd_lock);
	return r;
}

static int okvm_ioeventfd_deassign(struct okvm *vm,
				   const struct okvm_ioeventfd *p)
{
	struct okvm_ioeventfd *q, *found = NULL;

	spin_lock(&vm->ioeventfd_lock);
	list_for_each_entry(q, &vm->ioeventfds, link) {
		if (okvm_ioeventfd_same(p, q)) {
			list_del(&q->link);
			vm->nr_ioeventfds--;
			found = q;
			break;
		}
	}
	spin_unlock(&vm->ioeventfd_lock);
	if (!found)
		return -ENOENT;
	atomic_long_dec(&okvm_objects[OKVM_OBJ_IOEVENTFDS]);
	eventfd_ctx_put(found->ctx);
	kfree(found);
	return 0;
}

/**
 * okvm_vm_ioeventfd() - KVM_IOEVENTFD
 * @vm: the VM
 * @args: the request, copied from userspace
 *
 * Return: 0; -EINVAL for a bad flag, length or address; -EBADF or
 * -EINVAL when @args->fd is no eventfd; -EEXIST when a store could match
 * this and a registered one; -ENOENT when a deassign finds nothing;
 * -ENOSPC past OKVM_MAX_IOEVENTFDS registrations; -ENOMEM.
 */
int okvm_vm_ioeventfd(struct okvm *vm, const struct kvm_ioeventfd *args)
{
	struct okvm_ioeventfd *p;
	int r;

	r = okvm_ioeventfd_check(args);
	if (r)
		return r;
	p = kzalloc(sizeof(*p), GFP_KERNEL_ACCOUNT);
	if (!p)
		return -ENOMEM;
	p->addr = args->addr;
	p->len = args->len;
	p->wildcard = !(args->flags & KVM_IOEVENTFD_FLAG_DATAMATCH);
	if (!p->wildcard)	/* only the access's bytes can match */
		p->datamatch = args->len == 8 ? args->datamatch :
			       args->datamatch & (BIT_ULL(8 * args->len) - 1);
	p->ctx = eventfd_ctx_fdget(args->fd);
	if (IS_ERR(p->ctx)) {
		r = PTR_ERR(p->ctx);
		goto free;
	}
	if (args->flags & KVM_IOEVENTFD_FLAG_DEASSIGN) {
		r = okvm_ioeventfd_deassign(vm, p);
		goto put;
	}
	r = okvm_ioeventfd_assign(vm, p);
	if (!r)
		return 0;
put:
	eventfd_ctx_put(p->ctx);
free:
	kfree(p);
	return r;
}

/**
 * okvm_ioeventfd_write() - let a registration take a guest store
 * @vm: the VM
 * @addr: guest-physical address of the store
 * @len: its length in bytes (1, 2, 4 or 8)
 * @data: the stored bytes, in memory order (kvm_run->mmio.data)
 *
 * Called by a backend before it exits with a KVM_EXIT_MMIO store.
 * Context: any; takes a spinlock.
 * Return: true when an eventfd was signalled: the store is complete and
 * userspace is not told.
 */
bool okvm_ioeventfd_write(struct okvm *vm, u64 addr, u32 len, const void *data)
{
	struct okvm_ioeventfd *p;
	bool hit = false;
	u64 v;

	if (len != 1 && len != 2 && len != 4 && len != 8)
		return false;
	v = okvm_ioeventfd_value(data, len);
	spin_lock(&vm->ioeventfd_lock);
	list_for_each_entry(p, &vm->ioeventfds, link) {
		if (p->addr != addr || (p->len && p->len != len) ||
		    (!p->wildcard && p->datamatch != v))
			continue;
		okvm_eventfd_signal(p->ctx);
		hit = true;
		break;
	}
	spin_unlock(&vm->ioeventfd_lock);
	return hit;
}

/**
 * okvm_ioeventfds_free() - drop every registration of a dying VM
 * @vm: the VM, with no vCPU left
 */
void okvm_ioeventfds_free(struct okvm *vm)
{
	struct okvm_ioeventfd *p, *n;

	list_for_each_entry_safe(p, n, &vm->ioeventfds, link) {
		atomic_long_dec(&okvm_objects[OKVM_OBJ_IOEVENTFDS]);
		eventfd_ctx_put(p->ctx);
		kfree(p);
	}
	INIT_LIST_HEAD(&vm->ioeventfds);
	vm->nr_ioeventfds = 0;
}
