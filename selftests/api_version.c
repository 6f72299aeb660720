// SPDX-License-Identifier: GPL-2.0
/*
 * api_version
 *
 * Test KVM_GET_API_VERSION and KVM_GET_VCPU_MMAP_SIZE on the system fd:
 * the API version is 12, the vCPU mmap size is a whole number of pages
 * that holds struct kvm_run, and both refuse a non-zero argument with
 * EINVAL, as upstream KVM does.
 */
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

FIXTURE(sys) {
	int sys_fd;
};

FIXTURE_SETUP(sys)
{
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
}

FIXTURE_TEARDOWN(sys)
{
	okvm_close(&self->sys_fd);
}

TEST_F(sys, api_version)
{
	EXPECT_EQ(KVM_API_VERSION, __sys_ioctl(self->sys_fd, KVM_GET_API_VERSION, 0));
	EXPECT_EQ(12, KVM_API_VERSION);
}

TEST_F(sys, api_version_arg)
{
	EXPECT_ERRNO(EINVAL, __sys_ioctl(self->sys_fd, KVM_GET_API_VERSION, 1));
	EXPECT_ERRNO(EINVAL, __sys_ioctl(self->sys_fd, KVM_GET_API_VERSION, ~0UL));
}

TEST_F(sys, vcpu_mmap_size)
{
	long page = okvm_page_size();
	int size;

	size = sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	EXPECT_LE(sizeof(struct kvm_run), (size_t)size);
	EXPECT_EQ(0, size % page)
		TH_LOG("mmap size %d is not a multiple of the page size %ld",
		       size, page);
	/* Stable answer. */
	EXPECT_EQ(size, __sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0));
}

TEST_F(sys, vcpu_mmap_size_arg)
{
	EXPECT_ERRNO(EINVAL, __sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 1));
}

TEST_HARNESS_MAIN
