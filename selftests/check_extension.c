// SPDX-License-Identifier: GPL-2.0
/*
 * check_extension
 *
 * Test KVM_CHECK_EXTENSION on the system fd and on a VM fd: the
 * capabilities every okvm client relies on are advertised with sane
 * relationships (checked as relationships, not exact numbers), an unknown
 * capability reads 0, a VM fd answers as the system fd does, and
 * KVM_CAP_OKVM tells okvm from upstream KVM.
 */
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "vm_fixture.h"

#define CAP(c)	{ c, #c }

static const struct {
	long cap;
	const char *name;
} vm_caps[] = {
	CAP(KVM_CAP_USER_MEMORY),
	CAP(KVM_CAP_IMMEDIATE_EXIT),
	CAP(KVM_CAP_BINARY_STATS_FD),
	CAP(KVM_CAP_NR_VCPUS),
	CAP(KVM_CAP_MAX_VCPUS),
	CAP(KVM_CAP_MAX_VCPU_ID),
	CAP(KVM_CAP_NR_MEMSLOTS),
	CAP(KVM_CAP_READONLY_MEM),
	CAP(KVM_CAP_OKVM),
	CAP(KVM_CAP_OKVM_NESTED_API),
	{ 0x7fffffff, "unknown capability 0x7fffffff" },
};

TEST_F(vm, always_one)
{
	EXPECT_EQ(1, __check_cap(self->sys_fd, KVM_CAP_USER_MEMORY));
	EXPECT_EQ(1, __check_cap(self->sys_fd, KVM_CAP_IMMEDIATE_EXIT));
	EXPECT_EQ(1, __check_cap(self->sys_fd, KVM_CAP_BINARY_STATS_FD));
	EXPECT_EQ(1, __check_cap(self->sys_fd, KVM_CAP_CHECK_EXTENSION_VM));
}

TEST_F(vm, vcpu_limits)
{
	int nr = check_cap(self->sys_fd, KVM_CAP_NR_VCPUS);
	int max = check_cap(self->sys_fd, KVM_CAP_MAX_VCPUS);
	int max_id = check_cap(self->sys_fd, KVM_CAP_MAX_VCPU_ID);

	TH_LOG("NR_VCPUS %d MAX_VCPUS %d MAX_VCPU_ID %d", nr, max, max_id);
	EXPECT_LE(1, nr);
	EXPECT_LE(nr, max);
	EXPECT_LE(max, max_id);
}

TEST_F(vm, nr_memslots)
{
	int nr = check_cap(self->sys_fd, KVM_CAP_NR_MEMSLOTS);

	TH_LOG("NR_MEMSLOTS %d", nr);
	EXPECT_LE(32, nr);
}

TEST_F(vm, unknown)
{
	EXPECT_EQ(0, __check_cap(self->sys_fd, 0x7fffffff));
	EXPECT_EQ(0, __check_cap(self->sys_fd, -1));
	EXPECT_EQ(0, __check_cap(self->vm_fd, 0x7fffffff));
	EXPECT_EQ(0, __check_cap(self->vm_fd, -1));
}

TEST_F(vm, vm_fd_matches_sys_fd)
{
	unsigned int i;
	int sys, vm;

	for (i = 0; i < ARRAY_SIZE(vm_caps); i++) {
		sys = __check_cap(self->sys_fd, vm_caps[i].cap);
		vm = __check_cap(self->vm_fd, vm_caps[i].cap);
		EXPECT_LE(0, sys) TH_LOG("%s on the system fd", vm_caps[i].name);
		EXPECT_EQ(sys, vm)
			TH_LOG("%s: system fd %d, VM fd %d", vm_caps[i].name,
			       sys, vm);
	}
}

TEST_F(vm, okvm_identity)
{
	int abi = check_cap(self->sys_fd, KVM_CAP_OKVM);
	int api = check_cap(self->sys_fd, KVM_CAP_OKVM_NESTED_API);
	bool valid;

	if (!abi) {
		TH_LOG("%s is upstream KVM (KVM_CAP_OKVM reads 0)", okvm_dev_path());
		EXPECT_EQ(0, api);
		return;
	}
	TH_LOG("%s is okvm ABI %d, nested API %d", okvm_dev_path(), abi, api);
	EXPECT_EQ(OKVM_ABI_VERSION, abi);
	/* Which L0 interface is in use on POWER; 0 elsewhere. */
	if (okvm_host_is_ppc64())
		valid = api == OKVM_NESTED_API_V1 || api == OKVM_NESTED_API_V2;
	else
		valid = api == 0;
	EXPECT_TRUE(valid) TH_LOG("KVM_CAP_OKVM_NESTED_API %d", api);
}

TEST_HARNESS_MAIN
