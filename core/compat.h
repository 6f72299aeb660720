/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernel versions okvm builds against
 * (6.1 .. 6.12) lives here and nowhere else.
 */
#ifndef OKVM_CORE_COMPAT_H
#define OKVM_CORE_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "okvm needs Linux 6.1 or later"
#endif

/*
 * 6.10 renamed kvm_run.immediate_exit to immediate_exit__unsafe for
 * kernel code, so that it is read exactly once per KVM_RUN.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 10, 0)
#define okvm_run_immediate_exit(run)	READ_ONCE((run)->immediate_exit__unsafe)
#else
#define okvm_run_immediate_exit(run)	READ_ONCE((run)->immediate_exit)
#endif

#endif /* OKVM_CORE_COMPAT_H */
