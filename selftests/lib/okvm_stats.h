/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading and checking a KVM binary stats fd (KVM_GET_STATS_FD), shared by
 * the VM and vCPU stats tests. The checks mirror upstream's
 * tools/testing/selftests/kvm/kvm_binary_stats_test.c and add the layout
 * rules of Documentation/virt/kvm/api.rst (unique names, no overlapping
 * blocks or values).
 */
#ifndef OKVM_SELFTEST_STATS_H
#define OKVM_SELFTEST_STATS_H

#include <stddef.h>
#include <stdio.h>
#include <linux/kvm.h>

/*
 * Size of every name in a stats fd. It is kernel-internal
 * (include/linux/kvm_host.h) but fixed by the ABI: userspace reads it from
 * the header's name_size, and every KVM so far has used 48.
 */
#define KVM_STATS_NAME_SIZE	48

/**
 * struct okvm_stats - one snapshot of a stats fd
 * @hdr: the header at offset 0
 * @id: the id string, @hdr.name_size bytes read at @hdr.id_offset
 * @desc: the descriptor block, @hdr.num_desc * @desc_size bytes
 * @desc_size: size of one descriptor including its name
 * @data_size: size of the data block implied by the descriptors, in bytes
 * @data: the data block, @data_size bytes read at @hdr.data_offset
 */
struct okvm_stats {
	struct kvm_stats_header hdr;
	char *id;
	char *desc;
	size_t desc_size;
	size_t data_size;
	__u64 *data;
};

int okvm_stats_read(int fd, struct okvm_stats *st, char *err, size_t len);
int okvm_stats_check(const struct okvm_stats *st, char *err, size_t len);
const struct kvm_stats_desc *okvm_stats_desc(const struct okvm_stats *st,
					     unsigned int i);
size_t okvm_stats_end(const struct okvm_stats *st);
void okvm_stats_dump(const struct okvm_stats *st, FILE *f);
void okvm_stats_free(struct okvm_stats *st);
__u64 okvm_stats_value(const struct okvm_stats *st, const char *name);
int okvm_stats_sample(int fd, const char *const *names, unsigned int n,
		      __u64 *vals);

#endif /* OKVM_SELFTEST_STATS_H */
