/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Binary statistics (KVM_GET_STATS_FD) in upstream KVM's format: a
 * struct kvm_stats_header, the id string, the descriptors, then the data
 * as u64 values, all read with read()/pread() at byte offsets.
 */
#ifndef OKVM_CORE_STATS_H
#define OKVM_CORE_STATS_H

struct okvm;

/**
 * struct okvm_stat_desc - one counter
 * @name: name shown to userspace (at most KVM_STATS_NAME_SIZE - 1 chars)
 * @flags: KVM_STATS_TYPE_* | KVM_STATS_UNIT_* | KVM_STATS_BASE_*
 */
struct okvm_stat_desc {
	const char *name;
	u32 flags;
};

#define OKVM_STAT_CUMULATIVE	(KVM_STATS_TYPE_CUMULATIVE | \
				 KVM_STATS_UNIT_NONE | KVM_STATS_BASE_POW10)
#define OKVM_STAT_CUMULATIVE_BYTES (KVM_STATS_TYPE_CUMULATIVE | \
				    KVM_STATS_UNIT_BYTES | KVM_STATS_BASE_POW2)
#define OKVM_STAT_INSTANT	(KVM_STATS_TYPE_INSTANT | \
				 KVM_STATS_UNIT_NONE | KVM_STATS_BASE_POW10)

enum okvm_vm_stat {
	OKVM_VM_STAT_MEMSLOT_UPDATES,
	OKVM_VM_STAT_VCPUS,
	OKVM_VM_STAT_NR,
};

enum okvm_vcpu_stat {
	OKVM_VCPU_STAT_RUNS,
	OKVM_VCPU_STAT_EXITS,
	OKVM_VCPU_STAT_SIGNAL_EXITS,
	OKVM_VCPU_STAT_NR,
};

/**
 * struct okvm_stats_layout - the fixed part of a stats file
 * @nr_desc: number of descriptors
 * @desc: @nr_desc struct kvm_stats_desc, each followed by its name
 * @desc_size: bytes at @desc
 */
struct okvm_stats_layout {
	unsigned int nr_desc;
	void *desc;
	size_t desc_size;
};

int okvm_stats_init(void);
void okvm_stats_exit(void);
int okvm_stats_fd_create(struct okvm *vm, const struct okvm_stats_layout *l,
			 const u64 *data, const char *id);

extern struct okvm_stats_layout okvm_vm_stats_layout;
extern struct okvm_stats_layout okvm_vcpu_stats_layout;

#endif /* OKVM_CORE_STATS_H */
