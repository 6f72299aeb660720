/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header the pure ppc-nested files (gsb.c, state.c, reg_ids.c)
 * include for their kernel dependencies.
 *
 * tests/unit builds those files in userspace: tests/unit/shim_ppc.h
 * defines OKVM_PPC_INTERNAL_H and userspace stand-ins for what is below
 * before it includes the .c file, so this header must stay their only door
 * to the kernel (as core/internal.h is for core/memslot.c).
 */
#ifndef OKVM_PPC_INTERNAL_H
#define OKVM_PPC_INTERNAL_H

#include <linux/bitmap.h>
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/kvm.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/nospec.h>
#include <linux/string.h>
#include <linux/types.h>
#include <asm/byteorder.h>
#include <asm/processor.h>
#include <asm/setup.h>

#endif /* OKVM_PPC_INTERNAL_H */
