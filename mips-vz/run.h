/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel-only side of the MIPS VZ backend (run.c): what arch.c hands
 * to the core in okvm_arch_ops.
 */
#ifndef OKVM_MIPS_RUN_H
#define OKVM_MIPS_RUN_H

struct okvm;
struct okvm_vcpu;
struct okvm_memslot;

/* Per-vCPU counters, after the core's in the vCPU stats fd */
enum okvm_vz_vcpu_stat {
	OKVM_VZ_STAT_INT_EXITS,
	OKVM_VZ_STAT_GE_EXITS,
	OKVM_VZ_STAT_PAGE_FAULTS,
	OKVM_VZ_STAT_MMIO_EXITS,
	OKVM_VZ_STAT_NR,
};

int okvm_vz_run_init(const char **why);
void okvm_vz_run_exit(void);
bool okvm_vz_run_ready(void);
int okvm_vz_vm_create(struct okvm *vm);
void okvm_vz_vm_destroy(struct okvm *vm);
void okvm_vz_memslot_change(struct okvm *vm, const struct okvm_memslot *old);
int okvm_vz_vcpu_create(struct okvm_vcpu *vcpu);
void okvm_vz_vcpu_destroy(struct okvm_vcpu *vcpu);
int okvm_vz_vcpu_run(struct okvm_vcpu *vcpu);
long okvm_vz_vcpu_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			unsigned long arg);
long okvm_vz_vcpu_async_ioctl(struct okvm_vcpu *vcpu, unsigned int ioctl,
			      unsigned long arg);

#endif /* OKVM_MIPS_RUN_H */
