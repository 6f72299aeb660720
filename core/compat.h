/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernel versions okvm builds against
 * (6.1 .. 6.12) lives here and nowhere else.
 */
#ifndef OKVM_CORE_COMPAT_H
#define OKVM_CORE_COMPAT_H

/*
 * Differences are detected by presence where possible: Kbuild greps the
 * target's headers and passes OKVM_HAVE_* defines. The oldest kernel
 * accepted (6.1) is enforced in Kbuild too.
 */

/* 6.1 keeps the stats name size in kvm_host.h; 6.12 has it in uapi. */
#ifndef KVM_STATS_NAME_SIZE
#define KVM_STATS_NAME_SIZE	48
#endif

/*
 * 6.10 renamed kvm_run.immediate_exit to immediate_exit__unsafe for
 * kernel code, so that it is read exactly once per KVM_RUN.
 */
#ifdef OKVM_HAVE_IMMEDIATE_EXIT_UNSAFE
#define okvm_run_immediate_exit(run)	READ_ONCE((run)->immediate_exit__unsafe)
#else
#define okvm_run_immediate_exit(run)	READ_ONCE((run)->immediate_exit)
#endif

/* 6.8 dropped eventfd_signal()'s count: it always added 1. */
#ifdef OKVM_HAVE_EVENTFD_SIGNAL_N
#define okvm_eventfd_signal(ctx)	eventfd_signal((ctx), 1)
#else
#define okvm_eventfd_signal(ctx)	eventfd_signal(ctx)
#endif

#endif /* OKVM_CORE_COMPAT_H */
