// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_tce
 *
 * In-kernel TCE tables (KVM_CREATE_SPAPR_TCE_64): the table fd maps the
 * entries; the L2's H_PUT_TCE, H_GET_TCE, H_STUFF_TCE and
 * H_PUT_TCE_INDIRECT on the registered LIOBN are done without an exit,
 * with PAPR's codes (H_PARAMETER for a misaligned or out-of-window I/O
 * address, a STUFF that grants access, a bad TCE list); a TCE whose
 * address is not aligned to the IOMMU page, and any other LIOBN, exit to
 * userspace as before. Bad creations fail with EINVAL/EBUSY, and the
 * table outlives the VM fd.
 */
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define LIOBN		0x1234
#define OTHER		0x4321
#define ENTRIES		64
#define LIST		0x3000
#define OUT		0x800
#define H_DONE		0x200
#define H_GET_TCE	0x1c
#define H_PUT_TCE	0x20
#define H_STUFF_TCE	0x138
#define H_PUT_TCE_INDIRECT 0x13c
#define H_PARAMETER	-4

FIXTURE(tce) {
	struct ppc_l2 l2;
	int fd;
	__u64 *tces;
};

/* the table rounded up to whole L1 pages, as the kernel allocates it */
static size_t table_bytes(void)
{
	size_t page = sysconf(_SC_PAGESIZE);

	return (ENTRIES * 8 + page - 1) / page * page;
}

static int create(int vm, __u64 liobn, __u32 shift, __u32 flags, __u64 size)
{
	struct kvm_create_spapr_tce_64 a = {
		.liobn = liobn, .page_shift = shift, .flags = flags,
		.size = size,
	};
	int fd = ioctl(vm, KVM_CREATE_SPAPR_TCE_64, &a);

	return fd < 0 ? -errno : fd;
}

static int enable_hcall(int vm, __u64 hcall)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_PPC_ENABLE_HCALL, .args = { hcall, 1 },
	};

	return ioctl(vm, KVM_ENABLE_CAP, &cap);
}

/* r3 = nr; r4..r7 = up to four 16-bit unsigned args; sc 1; std r3, r4 */
static __u32 *hcall(__u32 *c, int nr, const int *args, int n, int *out)
{
	int i;

	*c++ = ppc_li(3, 0);
	*c++ = ppc_ori(3, 3, nr);
	for (i = 0; i < n; i++) {
		*c++ = ppc_li(4 + i, 0);
		*c++ = ppc_ori(4 + i, 4 + i, args[i]);
	}
	*c++ = PPC_SC1;
	*c++ = ppc_std(3, *out, 0);
	*c++ = ppc_std(4, *out + 8, 0);
	*out += 16;
	return c;
}

FIXTURE_SETUP(tce)
{
	const char *why = NULL;
	int r;

	self->fd = -1;
	self->tces = MAP_FAILED;
	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	if (ioctl(self->l2.vm_fd, KVM_CHECK_EXTENSION, KVM_CAP_SPAPR_TCE_64) <= 0)
		SKIP(return, "no KVM_CAP_SPAPR_TCE_64");
	self->fd = create(self->l2.vm_fd, LIOBN, 12, 0, ENTRIES);
	ASSERT_LE(0, self->fd);
	self->tces = mmap(NULL, ENTRIES * 8, PROT_READ | PROT_WRITE,
			  MAP_SHARED, self->fd, 0);
	ASSERT_NE(MAP_FAILED, self->tces);
}

FIXTURE_TEARDOWN(tce)
{
	if (self->tces != MAP_FAILED)
		munmap(self->tces, ENTRIES * 8);
	if (self->fd >= 0)
		close(self->fd);
	ppc_l2_destroy(&self->l2);
}

TEST_F(tce, hcalls_in_the_kernel)
{
	static const __u64 list[] = { 0x6001, 0x7002, 0x8003 };
	struct kvm_run *run = self->l2.run[0];
	__s64 *res = (__s64 *)(self->l2.mem + OUT);
	__u32 *c = (__u32 *)self->l2.mem;
	int out = OUT, i;

	for (i = 0; i < 3; i++)	/* the list is big-endian, as PAPR says */
		((__u64 *)(self->l2.mem + LIST))[i] = __builtin_bswap64(list[i]);
	self->tces[4] = 0x1111;
	self->tces[5] = 0x1111;
	ASSERT_EQ(0, enable_hcall(self->l2.vm_fd, H_STUFF_TCE));
	ASSERT_EQ(0, enable_hcall(self->l2.vm_fd, H_PUT_TCE_INDIRECT));

	c = hcall(c, H_PUT_TCE, (int[]){ LIOBN, 0x2000, 0x5003 }, 3, &out);
	c = hcall(c, H_GET_TCE, (int[]){ LIOBN, 0x2000 }, 2, &out);
	c = hcall(c, H_STUFF_TCE, (int[]){ LIOBN, 0x4000, 0, 2 }, 4, &out);
	c = hcall(c, H_STUFF_TCE, (int[]){ LIOBN, 0x4000, 1, 2 }, 4, &out);
	c = hcall(c, H_PUT_TCE, (int[]){ LIOBN, 0x2008, 0x5003 }, 3, &out);
	c = hcall(c, H_STUFF_TCE, (int[]){ LIOBN, 0xf000, 0, ENTRIES - 14 }, 4,
		  &out);
	c = hcall(c, H_PUT_TCE_INDIRECT, (int[]){ LIOBN, 0x8000, LIST, 3 }, 4,
		  &out);
	c = hcall(c, H_PUT_TCE_INDIRECT, (int[]){ LIOBN, 0x8000, LIST + 8, 3 },
		  4, &out);
	/* userspace's: a TCE not aligned to the IOMMU page, another LIOBN */
	c = hcall(c, H_PUT_TCE, (int[]){ LIOBN, 0x3000, 0x5803 }, 3, &out);
	c = hcall(c, H_PUT_TCE, (int[]){ OTHER, 0x3000, 0x5003 }, 3, &out);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));

	for (i = 0; i < 2; i++) {
		ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
		EXPECT_EQ(H_PUT_TCE, run->papr_hcall.nr);
		EXPECT_EQ(i ? OTHER : LIOBN, run->papr_hcall.args[0]);
		run->papr_hcall.ret = 0;
	}
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);

	EXPECT_EQ(0, res[0]);		/* H_PUT_TCE */
	EXPECT_EQ(0x5003, self->tces[2]);
	EXPECT_EQ(0, res[2]);		/* H_GET_TCE */
	EXPECT_EQ(0x5003, res[3]);
	EXPECT_EQ(0, res[4]);		/* H_STUFF_TCE */
	EXPECT_EQ(0, self->tces[4]);
	EXPECT_EQ(0, self->tces[5]);
	EXPECT_EQ(H_PARAMETER, res[6]);	/* STUFF granting access */
	EXPECT_EQ(H_PARAMETER, res[8]);	/* misaligned I/O address */
	EXPECT_EQ(H_PARAMETER, res[10]);	/* past the window */
	EXPECT_EQ(0, res[12]);		/* H_PUT_TCE_INDIRECT */
	for (i = 0; i < 3; i++)
		EXPECT_EQ(list[i], self->tces[8 + i]);
	EXPECT_EQ(H_PARAMETER, res[14]);	/* a list not 4 KiB aligned */
}

TEST_F(tce, bad_creations_and_lifetime)
{
	size_t page = sysconf(_SC_PAGESIZE);
	int vm = self->l2.vm_fd;

	EXPECT_EQ(-EINVAL, create(vm, 1, 12, 1, ENTRIES));
	EXPECT_EQ(-EINVAL, create(vm, 1, 11, 0, ENTRIES));
	EXPECT_EQ(-EINVAL, create(vm, 1, 12, 0, 0));
	EXPECT_EQ(-EBUSY, create(vm, LIOBN, 12, 0, ENTRIES));
	/* one page past the table's pages (4 KiB or 64 KiB L1 pages) */
	if (is_okvm(self->l2.sys_fd))	/* kvm_hv maps on fault */
		EXPECT_EQ(MAP_FAILED, mmap(NULL, table_bytes() + page,
					   PROT_READ, MAP_SHARED, self->fd, 0));
	/* the table fd keeps the VM: the mapping stays usable */
	ppc_l2_destroy(&self->l2);
	self->tces[1] = 42;
	EXPECT_EQ(42, self->tces[1]);
}

TEST_HARNESS_MAIN
