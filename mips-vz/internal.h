/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header the pure mips-vz files (probe.c, tlb.c, guestid.c,
 * cp0_state.c, exit.c, reg_ids.c) include for their kernel dependencies.
 *
 * tests/unit builds those files in userspace against a model of the CPU:
 * tests/unit/mips_model.h defines OKVM_MIPS_INTERNAL_H, OKVM_MIPS_MODEL
 * and userspace stand-ins for what is below before it includes the .c
 * files, so this header must stay their only door to the kernel. The
 * instructions themselves go through cp0.h.
 */
#ifndef OKVM_MIPS_INTERNAL_H
#define OKVM_MIPS_INTERNAL_H

#include <linux/build_bug.h>
#include <linux/bug.h>
#include <linux/cpumask.h>
#include <linux/errno.h>
#include <linux/irqflags.h>
#include <linux/kvm.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/nospec.h>
#include <linux/percpu.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/smp.h>
#include <linux/string.h>
#include <linux/types.h>

#include <asm/addrspace.h>
#include <asm/cpu-features.h>
#include <asm/cpu-info.h>
#include <asm/hazards.h>
#include <asm/mipsregs.h>
#include <asm/pgtable.h>

#endif /* OKVM_MIPS_INTERNAL_H */
