// SPDX-License-Identifier: GPL-2.0
/*
 * immediate_exit
 *
 * Test KVM_CAP_IMMEDIATE_EXIT: with kvm_run->immediate_exit set, KVM_RUN
 * returns EINTR at once, every time, without entering the guest (none is
 * set up) and without clearing the flag.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define RUNS	4

FIXTURE(vcpu) {
	int sys_fd;
	int vm_fd;
	int vcpu_fd;
	int size;
	struct kvm_run *run;
};

FIXTURE_SETUP(vcpu)
{
	self->vm_fd = -1;
	self->vcpu_fd = -1;
	self->run = MAP_FAILED;
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	ASSERT_EQ(1, check_cap(self->sys_fd, KVM_CAP_IMMEDIATE_EXIT));
	self->vm_fd = vm_create(self->sys_fd);

	self->vcpu_fd = __vcpu_create(self->vm_fd, 0);
	if (self->vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, self->vcpu_fd) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));

	self->size = sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	self->run = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED,
			 self->vcpu_fd, 0);
	ASSERT_NE(MAP_FAILED, self->run) TH_LOG("mmap: %s", strerror(errno));
}

FIXTURE_TEARDOWN(vcpu)
{
	if (self->run != MAP_FAILED)
		munmap(self->run, self->size);
	okvm_close(&self->vcpu_fd);
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

TEST_F(vcpu, eintr)
{
	int i;

	self->run->immediate_exit = 1;
	for (i = 0; i < RUNS; i++) {
		EXPECT_ERRNO(EINTR, __vcpu_ioctl(self->vcpu_fd, KVM_RUN, 0));
		EXPECT_EQ(1, self->run->immediate_exit);
	}
}

TEST_HARNESS_MAIN
