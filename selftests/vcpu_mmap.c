// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_mmap
 *
 * Test mmap() of KVM fds: a vCPU fd maps KVM_GET_VCPU_MMAP_SIZE bytes
 * holding struct kvm_run, shared by every mapping of that vCPU; the
 * system and VM fds cannot be mapped (ENODEV, as for any file without an
 * mmap method).
 *
 * Offsets beyond the kvm_run area are not tested: upstream accepts the
 * mmap() and raises SIGBUS only on access.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "vm_fixture.h"

/* mmap() of @fd fails with ENODEV. */
static void expect_no_mmap(struct __test_metadata *_metadata, int fd)
{
	long page = okvm_page_size();
	void *p;
	int err;

	p = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, 0);
	err = errno;
	if (p != MAP_FAILED)
		munmap(p, page);
	ASSERT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, err) TH_LOG("%s", strerror(err));
}

TEST_F(vm, sys_fd_no_mmap)
{
	expect_no_mmap(_metadata, self->sys_fd);
}

TEST_F(vm, vm_fd_no_mmap)
{
	expect_no_mmap(_metadata, self->vm_fd);
}

TEST_F(vm, vcpu_run_area)
{
	struct kvm_run *run, *run2;
	int size, vcpu_fd;

	size = sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	vcpu_fd = __vcpu_create(self->vm_fd, 0);
	if (vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, vcpu_fd) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));

	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu_fd, 0);
	ASSERT_NE(MAP_FAILED, run) TH_LOG("mmap of %d bytes: %s", size, strerror(errno));
	run2 = mmap(NULL, size, PROT_READ, MAP_SHARED, vcpu_fd, 0);
	ASSERT_NE(MAP_FAILED, run2) TH_LOG("second mmap: %s", strerror(errno));

	/* A vCPU that never ran has no pending exit or request. */
	EXPECT_EQ(0, run->immediate_exit);
	EXPECT_EQ(0, run->request_interrupt_window);
	EXPECT_EQ(KVM_EXIT_UNKNOWN, run->exit_reason);

	/* Both mappings are the same page. */
	run->immediate_exit = 1;
	EXPECT_EQ(1, run2->immediate_exit);
	run->immediate_exit = 0;
	EXPECT_EQ(0, run2->immediate_exit);

	/* The area outlives the vCPU fd. */
	close(vcpu_fd);
	EXPECT_EQ(0, run2->immediate_exit);
	EXPECT_EQ(0, munmap(run, size));
	EXPECT_EQ(0, munmap(run2, size));
}

TEST_HARNESS_MAIN
