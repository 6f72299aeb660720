// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_hcall_loop
 *
 * Run a real L2 on POWER: real-mode code at guest address 0 makes N
 * `sc 1` hypercalls, each with its loop index and a magic value as
 * arguments; the test checks every KVM_EXIT_PAPR_HCALL, answers with a
 * value derived from the index, and the L2 stores each answer to its
 * memory, which the test then checks from userspace. Finally the L2's
 * registers are read back with KVM_GET_REGS.
 *
 * This exercises the memslot-backed partition-scoped mapping (the first
 * instruction fetch and the first store fault pages in), hcall exits and
 * their completion, and register access.
 */
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define MEM_SIZE	(64 * 1024)
#define RESULTS		0x1000
#define N_HCALLS	50
#define H_TEST		0x100
#define H_DONE		0x200
#define MAGIC		0x12345678

#define MSR_SF		0x8000000000000000ULL
#define MSR_ME		0x0000000000001000ULL
#define MSR_LE		0x0000000000000001ULL

/* PowerPC instruction encodings (Power ISA 3.0 Book I). */
static __u32 addi(int rt, int ra, int si)
{
	return (14U << 26) | (rt << 21) | (ra << 16) | (si & 0xffff);
}

static __u32 addis(int rt, int ra, int si)
{
	return (15U << 26) | (rt << 21) | (ra << 16) | (si & 0xffff);
}

static __u32 ori(int ra, int rs, int ui)
{
	return (24U << 26) | (rs << 21) | (ra << 16) | (ui & 0xffff);
}

static __u32 mr(int ra, int rs)
{
	return (31U << 26) | (rs << 21) | (ra << 16) | (rs << 11) | (444 << 1);
}

static __u32 mulli(int rt, int ra, int si)
{
	return (7U << 26) | (rt << 21) | (ra << 16) | (si & 0xffff);
}

static __u32 std(int rs, int ds, int ra)
{
	return (62U << 26) | (rs << 21) | (ra << 16) | (ds & 0xfffc);
}

static __u32 cmpdi(int ra, int si)
{
	return (11U << 26) | (1 << 21) | (ra << 16) | (si & 0xffff);
}

/* blt cr0 to a byte offset */
static __u32 blt(int off)
{
	return (16U << 26) | (12 << 21) | (0 << 16) | (off & 0xfffc);
}

#define SC1	0x44000022U
#define B_SELF	0x48000000U

FIXTURE(l2) {
	int sys_fd;
	int vm_fd;
	int vcpu_fd;
	struct kvm_run *run;
	int run_size;
	__u32 *mem;
};

FIXTURE_SETUP(l2)
{
	struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
	__u32 *c;
	int loop;

	self->vm_fd = -1;
	self->vcpu_fd = -1;
	self->run = MAP_FAILED;
	self->mem = MAP_FAILED;
	if (!okvm_host_is_ppc64())
		SKIP(return, "POWER only");
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->vm_fd = vm_create(self->sys_fd);

	self->mem = mmap(NULL, MEM_SIZE, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
	set_memslot(self->vm_fd, 0, 0, 0, MEM_SIZE, (unsigned long)self->mem);

	self->vcpu_fd = __vcpu_create(self->vm_fd, 0);
	if (self->vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, self->vcpu_fd) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));
	ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_ENABLE_CAP, &papr))
		TH_LOG("KVM_ENABLE_CAP(PPC_PAPR): %s", strerror(errno));
	self->run_size = sys_ioctl(self->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	self->run = mmap(NULL, self->run_size, PROT_READ | PROT_WRITE,
			 MAP_SHARED, self->vcpu_fd, 0);
	ASSERT_NE(MAP_FAILED, self->run);

	/*
	 *	li	r20, 0
	 * loop:	li	r3, H_TEST
	 *	mr	r4, r20
	 *	lis	r5, MAGIC@h
	 *	ori	r5, r5, MAGIC@l
	 *	sc	1
	 *	mulli	r6, r20, 8
	 *	std	r3, RESULTS(r6)
	 *	addi	r20, r20, 1
	 *	cmpdi	r20, N_HCALLS
	 *	blt	loop
	 *	li	r3, H_DONE
	 *	sc	1
	 *	b	.
	 */
	c = self->mem;
	*c++ = addi(20, 0, 0);
	loop = (char *)c - (char *)self->mem;
	*c++ = addi(3, 0, H_TEST);
	*c++ = mr(4, 20);
	*c++ = addis(5, 0, MAGIC >> 16);
	*c++ = ori(5, 5, MAGIC & 0xffff);
	*c++ = SC1;
	*c++ = mulli(6, 20, 8);
	*c++ = std(3, RESULTS, 6);
	*c++ = addi(20, 20, 1);
	*c++ = cmpdi(20, N_HCALLS);
	*c = blt(loop - ((char *)c - (char *)self->mem));
	c++;
	*c++ = addi(3, 0, H_DONE);
	*c++ = SC1;
	*c++ = B_SELF;
}

FIXTURE_TEARDOWN(l2)
{
	if (self->run != MAP_FAILED)
		munmap(self->run, self->run_size);
	if (self->mem != MAP_FAILED)
		munmap(self->mem, MEM_SIZE);
	okvm_close(&self->vcpu_fd);
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

TEST_F(l2, hcall_loop)
{
	struct kvm_regs regs = {};
	__u64 *results = (__u64 *)((char *)self->mem + RESULTS);
	int i;

	ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_GET_REGS, &regs));
	regs.pc = 0;
	regs.msr = MSR_SF | MSR_ME | MSR_LE;
	ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_SET_REGS, &regs));

	for (i = 0; i < N_HCALLS; i++) {
		ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_RUN, 0))
			TH_LOG("KVM_RUN %d: %s", i, strerror(errno));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, self->run->exit_reason)
			TH_LOG("hcall %d: exit reason %u (internal %u, data %llx %llx)",
			       i, self->run->exit_reason,
			       self->run->internal.suberror,
			       (unsigned long long)self->run->internal.data[0],
			       (unsigned long long)self->run->internal.data[1]);
		ASSERT_EQ(H_TEST, self->run->papr_hcall.nr);
		ASSERT_EQ(i, self->run->papr_hcall.args[0]);
		ASSERT_EQ(MAGIC, self->run->papr_hcall.args[1]);
		self->run->papr_hcall.ret = 2 * i + 1;
	}
	ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, self->run->exit_reason);
	ASSERT_EQ(H_DONE, self->run->papr_hcall.nr);

	for (i = 0; i < N_HCALLS; i++)
		EXPECT_EQ(2 * i + 1, results[i]) TH_LOG("result %d", i);
	ASSERT_EQ(0, ioctl(self->vcpu_fd, KVM_GET_REGS, &regs));
	EXPECT_EQ(N_HCALLS, regs.gpr[20]);
	EXPECT_EQ(H_DONE, regs.gpr[3]);
	EXPECT_NE(0, regs.msr & MSR_ME);
}

TEST_HARNESS_MAIN
