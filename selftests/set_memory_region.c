// SPDX-License-Identifier: GPL-2.0
/*
 * set_memory_region
 *
 * Test the validation of KVM_SET_USER_MEMORY_REGION on a VM fd, case by
 * case against upstream's kvm_vm_ioctl_set_memory_region(),
 * check_memory_region_flags() and __kvm_set_memory_region()
 * (virt/kvm/kvm_main.c, 6.12):
 *
 * - gpa, size and userspace address must be page aligned (EINVAL);
 * - only KVM_MEM_LOG_DIRTY_PAGES, and KVM_MEM_READONLY when
 *   KVM_CAP_READONLY_MEM is advertised, are valid flags (EINVAL);
 * - the slot id must be below KVM_CAP_NR_MEMSLOTS and the address space id
 *   (slot >> 16) below KVM_CAP_MULTI_ADDRESS_SPACE, or 1 (EINVAL);
 * - gpa + size must not wrap, and the userspace range must be access_ok(),
 *   i.e. not a kernel address (EINVAL);
 * - a new or moved slot must not overlap another slot (EEXIST);
 * - deleting (size 0) a slot that does not exist is EINVAL;
 * - an existing slot may move or toggle KVM_MEM_LOG_DIRTY_PAGES, but not
 *   change its size, userspace address or KVM_MEM_READONLY (EINVAL);
 *   setting it again unchanged succeeds.
 *
 * okvm differs in one place, on purpose: it has no dirty logging yet, so
 * it refuses KVM_MEM_LOG_DIRTY_PAGES with EINVAL rather than accept a flag
 * it cannot honour (Documentation/api.rst). Those cases check okvm's
 * answer when KVM_CAP_OKVM says the device is okvm.
 *
 * The userspace memory is anonymous and never touched.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define MEM_PAGES	64

FIXTURE(memslot) {
	int sys_fd;
	int vm_fd;
	__u64 page;
	__u64 uaddr;
};

FIXTURE_SETUP(memslot)
{
	void *mem;

	self->vm_fd = -1;
	self->page = okvm_page_size();
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->vm_fd = vm_create(self->sys_fd);

	mem = mmap(NULL, MEM_PAGES * self->page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	self->uaddr = (unsigned long)mem;
}

FIXTURE_TEARDOWN(memslot)
{
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
	if (self->uaddr)
		munmap((void *)(unsigned long)self->uaddr, MEM_PAGES * self->page);
}

TEST_F(memslot, create_delete_recreate)
{
	__u64 p = self->page;

	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	set_memslot(self->vm_fd, 0, 0, 0, 0, self->uaddr);
	/* Deleted: a second delete finds nothing. */
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 0, self->uaddr));
	/* The id is free again, with any gpa, size and address. */
	set_memslot(self->vm_fd, 0, 0, 8 * p, 2 * p, self->uaddr + p);
	/* The old range is free: another slot can take it. */
	set_memslot(self->vm_fd, 1, 0, 0, 4 * p, self->uaddr);
}

TEST_F(memslot, delete_nonexistent)
{
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 0, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 5, 0, 0, 0, self->uaddr));
	set_memslot(self->vm_fd, 0, 0, 0, self->page, self->uaddr);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 1, 0, 0, 0, self->uaddr));
}

TEST_F(memslot, unaligned_gpa)
{
	__u64 p = self->page;

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 1, p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, p / 2, p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, p + 8, p, self->uaddr));
}

TEST_F(memslot, unaligned_size)
{
	__u64 p = self->page;

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 1, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p / 2, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p + 1, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 2 * p - 1, self->uaddr));
}

TEST_F(memslot, unaligned_uaddr)
{
	__u64 p = self->page;

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p, self->uaddr + 1));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p, self->uaddr + p / 2));
}

TEST_F(memslot, invalid_flags)
{
	__u64 p = self->page;
	unsigned int bit;

	/* Bit 0 is KVM_MEM_LOG_DIRTY_PAGES, bit 1 KVM_MEM_READONLY. */
	for (bit = 2; bit < 32; bit++)
		EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 1U << bit, 0, p,
						   self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, KVM_MEM_GUEST_MEMFD, 0,
					   p, self->uaddr));
	/* Nothing was created by the failures. */
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 0, self->uaddr));

	if (is_okvm(self->vm_fd)) {
		EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0,
						   KVM_MEM_LOG_DIRTY_PAGES, 0, p,
						   self->uaddr));
		return;
	}
	set_memslot(self->vm_fd, 0, KVM_MEM_LOG_DIRTY_PAGES, 0, p, self->uaddr);
}

TEST_F(memslot, readonly)
{
	int cap = check_cap(self->vm_fd, KVM_CAP_READONLY_MEM);
	__u64 p = self->page;

	TH_LOG("KVM_CAP_READONLY_MEM %d", cap);
	if (!cap) {
		EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, KVM_MEM_READONLY,
						   0, p, self->uaddr));
		return;
	}
	set_memslot(self->vm_fd, 0, KVM_MEM_READONLY, 0, p, self->uaddr);
	set_memslot(self->vm_fd, 1, KVM_MEM_READONLY | KVM_MEM_LOG_DIRTY_PAGES,
		    p, p, self->uaddr + p);
}

TEST_F(memslot, readonly_toggle)
{
	__u64 p = self->page;

	/* Whether or not READONLY is supported, it cannot be toggled. */
	set_memslot(self->vm_fd, 0, 0, 0, p, self->uaddr);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, KVM_MEM_READONLY, 0, p,
					   self->uaddr));
	if (!check_cap(self->vm_fd, KVM_CAP_READONLY_MEM))
		return;
	set_memslot(self->vm_fd, 1, KVM_MEM_READONLY, p, p, self->uaddr + p);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 1, 0, p, p, self->uaddr + p));
}

TEST_F(memslot, slot_id_range)
{
	int nr = check_cap(self->vm_fd, KVM_CAP_NR_MEMSLOTS);
	int nr_as = check_cap(self->vm_fd, KVM_CAP_MULTI_ADDRESS_SPACE);
	__u64 p = self->page;

	if (!nr_as)
		nr_as = 1;
	TH_LOG("KVM_CAP_NR_MEMSLOTS %d, address spaces %d", nr, nr_as);
	set_memslot(self->vm_fd, nr - 1, 0, 0, p, self->uaddr);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, nr, 0, p, p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0xffff, 0, p, p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, nr_as << 16, 0, p, p,
					   self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, (nr_as << 16) | 1, 0, p, p,
					   self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0xffffffff, 0, p, p,
					   self->uaddr));
}

TEST_F(memslot, gpa_wrap)
{
	__u64 p = self->page;

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, -p, p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, -p, 2 * p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, -2 * p, 4 * p,
					   self->uaddr));
}

TEST_F(memslot, kernel_uaddr)
{
	/* Aligned for any page size up to 1 MiB; a kernel address everywhere. */
	const __u64 kaddr = 0xfffffffffff00000ULL;
	__u64 p = self->page;

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p, kaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, p,
					   kaddr & ~(1ULL << 63)));
}

TEST_F(memslot, overlap)
{
	__u64 p = self->page;

	set_memslot(self->vm_fd, 0, 0, 4 * p, 4 * p, self->uaddr);
	/* Tail, head, inside, around, identical. */
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 6 * p, 4 * p,
					   self->uaddr));
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 2 * p, 4 * p,
					   self->uaddr));
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 5 * p, p, self->uaddr));
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 0, 16 * p, self->uaddr));
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 4 * p, 4 * p,
					   self->uaddr));
	/* Adjacent on both sides is fine; the userspace range may be shared. */
	set_memslot(self->vm_fd, 1, 0, 8 * p, 4 * p, self->uaddr);
	set_memslot(self->vm_fd, 2, 0, 0, 4 * p, self->uaddr);
}

TEST_F(memslot, move)
{
	__u64 p = self->page;

	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	set_memslot(self->vm_fd, 0, 0, 16 * p, 4 * p, self->uaddr);
	/* The old range is free. */
	set_memslot(self->vm_fd, 1, 0, 0, 4 * p, self->uaddr + 4 * p);
	/* A move may overlap the slot's own current range. */
	set_memslot(self->vm_fd, 0, 0, 18 * p, 4 * p, self->uaddr);
	/* ... but not another slot (1 is at [0, 4p)). */
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 0, 0, 2 * p, 4 * p,
					   self->uaddr));
	/* The failed move left slot 0 where it was. */
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 2, 0, 20 * p, p,
					   self->uaddr));
	set_memslot(self->vm_fd, 2, 0, 16 * p, 2 * p, self->uaddr);
}

TEST_F(memslot, modify)
{
	__u64 p = self->page;

	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	/* Unchanged: a no-op that succeeds. */
	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 8 * p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 2 * p, self->uaddr));
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 0, 4 * p,
					   self->uaddr + p));
	/* Not even together with a move. */
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0, 0, 32 * p, 4 * p,
					   self->uaddr + p));
	/* Slot 0 is still [0, 4p). */
	EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 3 * p, p, self->uaddr));
	set_memslot(self->vm_fd, 1, 0, 4 * p, p, self->uaddr);
}

TEST_F(memslot, dirty_log_toggle)
{
	__u64 p = self->page;

	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	if (is_okvm(self->vm_fd)) {
		/* No dirty logging: the flag is refused and the slot stays. */
		EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, 0,
						   KVM_MEM_LOG_DIRTY_PAGES, 0,
						   4 * p, self->uaddr));
		EXPECT_ERRNO(EEXIST, __set_memslot(self->vm_fd, 1, 0, 0, p,
						   self->uaddr));
		return;
	}
	set_memslot(self->vm_fd, 0, KVM_MEM_LOG_DIRTY_PAGES, 0, 4 * p, self->uaddr);
	set_memslot(self->vm_fd, 0, KVM_MEM_LOG_DIRTY_PAGES, 0, 4 * p, self->uaddr);
	set_memslot(self->vm_fd, 0, 0, 0, 4 * p, self->uaddr);
	/* Flags and a move at once. */
	set_memslot(self->vm_fd, 0, KVM_MEM_LOG_DIRTY_PAGES, 8 * p, 4 * p,
		    self->uaddr);
	set_memslot(self->vm_fd, 0, 0, 8 * p, 0, self->uaddr);
}

TEST_HARNESS_MAIN
