// SPDX-License-Identifier: GPL-2.0
/*
 * L0 fault injection: make chosen L0 hcalls fail as if the L0 had
 * answered with a chosen code, so that every error path of okvm can be
 * driven from a test (the L0 in QEMU never returns H_BUSY, H_NO_MEM or
 * H_INVALID_ELEMENT_*, power-nested-facts.md §1).
 *
 * Knobs, in debugfs okvm/fault/ (root only):
 *
 *	hcall	the hcall number to fail (0: every L0 hcall okvm makes)
 *	code	the H_* code to return, e.g. 1 (H_BUSY), -9 (H_NO_MEM),
 *		-79 (H_INVALID_ELEMENT_ID)
 *	every	fail one matching call in @every (1: each one)
 *	skip	matching calls to let through before the first failure
 *	times	failures left; 0 disarms, -1 never runs out
 *	injected	failures injected so far (read-only)
 *
 * Write @times last: it arms the rest. Matching calls are counted only
 * while armed. Failures are injected without calling the L0, so an
 * injected failure of a call that changes L0 state changes nothing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/spinlock.h>
#include <asm/hvcall.h>

#include "hcall.h"

static struct {
	spinlock_t lock;	/* the fields below */
	u64 hcall;
	s64 code;
	u64 every;
	u64 skip;
	s64 times;
	u64 seen;
	u64 injected;
} okvm_fault = {
	.lock = __SPIN_LOCK_UNLOCKED(okvm_fault.lock),
	.every = 1,
};

/**
 * okvm_fault_hcall() - should this L0 hcall fail, and with what?
 * @opcode: the hcall about to be made
 * @rc: where to store the code to return instead
 *
 * Context: any; safe with interrupts hard-disabled.
 * Return: true when the caller must return *@rc without calling the L0.
 */
bool okvm_fault_hcall(unsigned long opcode, long *rc)
{
	unsigned long flags;
	bool fail = false;
	u64 n;

	if (likely(!READ_ONCE(okvm_fault.times)))
		return false;
	spin_lock_irqsave(&okvm_fault.lock, flags);
	if (!okvm_fault.times ||
	    (okvm_fault.hcall && okvm_fault.hcall != opcode))
		goto out;
	n = okvm_fault.seen++;
	if (n < okvm_fault.skip)
		goto out;
	if ((n - okvm_fault.skip) % max_t(u64, okvm_fault.every, 1))
		goto out;
	fail = true;
	*rc = okvm_fault.code;
	okvm_fault.injected++;
	if (okvm_fault.times > 0)
		okvm_fault.times--;
out:
	spin_unlock_irqrestore(&okvm_fault.lock, flags);
	if (fail)
		pr_info_ratelimited("fault injection: %s fails with %ld\n",
				    okvm_hcall_name(opcode), *rc);
	return fail;
}

static int okvm_fault_times_get(void *data, u64 *val)
{
	*val = READ_ONCE(okvm_fault.times);
	return 0;
}

/* Arming restarts the count of matching calls. */
static int okvm_fault_times_set(void *data, u64 val)
{
	unsigned long flags;

	spin_lock_irqsave(&okvm_fault.lock, flags);
	okvm_fault.seen = 0;
	WRITE_ONCE(okvm_fault.times, (s64)val);
	spin_unlock_irqrestore(&okvm_fault.lock, flags);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(okvm_fault_times_fops, okvm_fault_times_get,
				okvm_fault_times_set, "%lld\n");

static int okvm_fault_code_get(void *data, u64 *val)
{
	*val = READ_ONCE(okvm_fault.code);
	return 0;
}

static int okvm_fault_code_set(void *data, u64 val)
{
	WRITE_ONCE(okvm_fault.code, (s64)val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE_SIGNED(okvm_fault_code_fops, okvm_fault_code_get,
				okvm_fault_code_set, "%lld\n");

/**
 * okvm_fault_debugfs_init() - create okvm/fault/
 * @dir: the okvm debugfs directory
 */
void okvm_fault_debugfs_init(struct dentry *dir)
{
	struct dentry *d = debugfs_create_dir("fault", dir);

	debugfs_create_x64("hcall", 0600, d, &okvm_fault.hcall);
	debugfs_create_file_unsafe("code", 0600, d, NULL,
				   &okvm_fault_code_fops);
	debugfs_create_u64("every", 0600, d, &okvm_fault.every);
	debugfs_create_u64("skip", 0600, d, &okvm_fault.skip);
	debugfs_create_file_unsafe("times", 0600, d, NULL,
				   &okvm_fault_times_fops);
	debugfs_create_u64("injected", 0400, d, &okvm_fault.injected);
}
