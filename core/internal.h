/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one header core .c files include for their kernel dependencies.
 *
 * tests/unit builds some core files in userspace: it defines
 * OKVM_CORE_INTERNAL_H and userspace stand-ins for what is below before it
 * includes the .c file, so this header must stay the only door to the
 * kernel for the pure files (memslot.c).
 */
#ifndef OKVM_CORE_INTERNAL_H
#define OKVM_CORE_INTERNAL_H

#include <linux/anon_inodes.h>
#include <linux/compat.h>
#include <linux/errno.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kvm.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nospec.h>
#include <linux/rcupdate.h>
#include <linux/refcount.h>
#include <linux/sched/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/xarray.h>

#include "compat.h"

#endif /* OKVM_CORE_INTERNAL_H */
