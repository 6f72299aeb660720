// SPDX-License-Identifier: GPL-2.0
/*
 * max_memslots
 *
 * Test that KVM_CAP_NR_MEMSLOTS memslots can be created in one VM and that
 * the next slot id is refused with EINVAL. To stay fast under emulation the
 * loop stops at MAX_TESTED slots (upstream x86 advertises 32764); the
 * highest valid id is then still created, on top of the loop's slots.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "vm_fixture.h"

#define MAX_TESTED	512

TEST_F(vm, max_memslots)
{
	int nr = check_cap(self->vm_fd, KVM_CAP_NR_MEMSLOTS);
	long page = okvm_page_size();
	int loop = nr < MAX_TESTED ? nr : MAX_TESTED;
	unsigned long uaddr;
	void *mem;
	int i;

	ASSERT_LE(1, nr);
	if (loop < nr)
		TH_LOG("KVM_CAP_NR_MEMSLOTS %d: creating slots 0..%d and %d only",
		       nr, loop - 1, nr - 1);
	else
		TH_LOG("KVM_CAP_NR_MEMSLOTS %d: creating all of them", nr);

	/* One untouched page of its own for every slot. */
	mem = mmap(NULL, (loop + 1) * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	uaddr = (unsigned long)mem;

	for (i = 0; i < loop; i++)
		set_memslot(self->vm_fd, i, 0, (__u64)i * page, page,
			    uaddr + i * page);
	if (loop < nr)
		set_memslot(self->vm_fd, nr - 1, 0, (__u64)loop * page, page,
			    uaddr + loop * page);

	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, nr, 0,
					   (__u64)(loop + 1) * page, page, uaddr));

	/* A deleted slot frees its id; the limit stays where it was. */
	set_memslot(self->vm_fd, 0, 0, 0, 0, uaddr);
	set_memslot(self->vm_fd, 0, 0, 0, page, uaddr);
	EXPECT_ERRNO(EINVAL, __set_memslot(self->vm_fd, nr, 0,
					   (__u64)(loop + 1) * page, page, uaddr));

	/* Freeing the slots is left to the VM's destruction. */
	okvm_close(&self->vm_fd);
	munmap(mem, (loop + 1) * page);
}

TEST_HARNESS_MAIN
