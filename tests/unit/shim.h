/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-ins for the kernel dependencies core/internal.h gives
 * the pure core files. Defining OKVM_CORE_INTERNAL_H keeps the real
 * header out. Allocation can be made to fail (unit_alloc_fail_after).
 */
#ifndef OKVM_UNIT_SHIM_H
#define OKVM_UNIT_SHIM_H

#define OKVM_CORE_INTERNAL_H

#include <errno.h>
#include <linux/kvm.h>
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef __u64 u64;
typedef __u32 u32;
typedef __u16 u16;
typedef __u8 u8;

#define __user
#define __rcu
#define GFP_KERNEL		0
#define GFP_KERNEL_ACCOUNT	0

struct rcu_head {
	void *next;
	void (*func)(struct rcu_head *head);
};

/* -1: never fail; n: the (n+1)th allocation from now fails. */
extern long unit_alloc_fail_after;
extern long unit_live_allocs;

static inline void *kvzalloc(size_t size, int gfp)
{
	void *p;

	(void)gfp;
	if (unit_alloc_fail_after == 0)
		return NULL;
	if (unit_alloc_fail_after > 0)
		unit_alloc_fail_after--;
	p = calloc(1, size);
	if (p)
		unit_live_allocs++;
	return p;
}

static inline void kvfree(const void *p)
{
	if (p)
		unit_live_allocs--;
	free((void *)p);
}

/* The user address space ends here, as TASK_SIZE does in the kernel. */
extern u64 unit_task_size;

static inline bool unit_access_ok(u64 addr, u64 size)
{
	return size <= unit_task_size && addr <= unit_task_size - size;
}

#define access_ok(addr, size) unit_access_ok((u64)(unsigned long)(addr), (size))

#endif /* OKVM_UNIT_SHIM_H */
