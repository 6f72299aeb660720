// SPDX-License-Identifier: GPL-2.0
/*
 * create_vm
 *
 * Test KVM_CREATE_VM: type 0 creates a VM, an unknown type is EINVAL,
 * on ppc64 type KVM_VM_PPC_HV is valid (KVM_VM_PPC_PR may be refused), and
 * one system fd can hold several independent VMs.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define NR_VMS	8

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

TEST_F(sys, type_0)
{
	int vm_fd = vm_create(self->sys_fd);

	EXPECT_EQ(1, __check_cap(vm_fd, KVM_CAP_USER_MEMORY));
	EXPECT_EQ(0, close(vm_fd));
}

TEST_F(sys, invalid_type)
{
	EXPECT_ERRNO(EINVAL, __vm_create_type(self->sys_fd, 0xdead));
	EXPECT_ERRNO(EINVAL, __vm_create_type(self->sys_fd, 0x7fffffff));
}

TEST_F(sys, ppc_types)
{
	int vm_fd;

	if (!okvm_host_is_ppc64())
		SKIP(return, "KVM_VM_PPC_* types are ppc64 only");
	vm_fd = __vm_create_type(self->sys_fd, KVM_VM_PPC_HV);
	ASSERT_LE(0, vm_fd)
		TH_LOG("KVM_CREATE_VM(KVM_VM_PPC_HV): %s", strerror(errno));
	close(vm_fd);

	vm_fd = __vm_create_type(self->sys_fd, KVM_VM_PPC_PR);
	if (vm_fd < 0) {
		EXPECT_EQ(EINVAL, errno);
		TH_LOG("KVM_VM_PPC_PR refused: %s", strerror(errno));
	} else {
		TH_LOG("KVM_VM_PPC_PR accepted");
		close(vm_fd);
	}
}

TEST_F(sys, many_vms)
{
	long page = okvm_page_size();
	int vm_fd[NR_VMS];
	void *mem;
	int i, j;

	mem = mmap(NULL, page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	for (i = 0; i < NR_VMS; i++) {
		vm_fd[i] = vm_create(self->sys_fd);
		for (j = 0; j < i; j++)
			ASSERT_NE(vm_fd[j], vm_fd[i]);
	}
	/* Each VM has its own memslots: slot 0 at the same gpa in all. */
	for (i = 0; i < NR_VMS; i++)
		set_memslot(vm_fd[i], 0, 0, 0, page, (unsigned long)mem);
	for (i = 0; i < NR_VMS; i++)
		EXPECT_EQ(0, close(vm_fd[i]));
	munmap(mem, page);
}

TEST_HARNESS_MAIN
