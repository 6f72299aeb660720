// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_qemu_abi
 *
 * What QEMU's pseries machine asks of the kernel before and while it
 * boots a Linux guest (target/ppc/kvm.c, hw/ppc/spapr*.c), checked the
 * way QEMU uses it:
 *
 *  - the capabilities it requires or probes: KVM_CAP_INTERNAL_ERROR_DATA,
 *    KVM_CAP_IOEVENTFD, KVM_CAP_PPC_IRQ_LEVEL, KVM_CAP_PPC_UNSET_IRQ,
 *    KVM_CAP_PPC_SEGSTATE, KVM_CAP_PPC_GET_SMMU_INFO, KVM_CAP_PPC_MMU_RADIX;
 *  - KVM_PPC_GET_SMMU_INFO: every hash page size of POWER7 and later with
 *    its ISA encodings (QEMU refuses to start on any mismatch);
 *  - KVM_PPC_GET_RMMU_INFO: the 4 KiB and 64 KiB radix geometries;
 *  - KVM_PPC_CONFIGURE_V3_MMU: what H_REGISTER_PROC_TBL hands down, and
 *    -EINVAL for what cannot be (unknown flags, a radix table without GR);
 *  - KVM_CAP_PPC_ENABLE_HCALL, and H_SET_MODE for the breakpoint
 *    registers, done by the kernel with PAPR's codes once enabled (QEMU
 *    enables it and asserts it never gets them), the other resources
 *    left to userspace.
 */
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define OUT		0x800
#define H_DONE		0x200
#define H_SET_MODE	0x31c
#define H_FUNCTION	-2
#define H_P2		-55
#define H_P3		-56
#define H_P4		-57
#define SET_CIABR	1
#define SET_DAWR0	2
#define ADDR_TRANS	3
#define SET_DAWR1	5

FIXTURE(abi) {
	struct ppc_l2 l2;
};

FIXTURE_SETUP(abi)
{
	const char *why = NULL;
	int r;

	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(abi)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(abi, capabilities)
{
	static const long caps[] = {
		KVM_CAP_INTERNAL_ERROR_DATA, KVM_CAP_IOEVENTFD,
		KVM_CAP_IOEVENTFD_ANY_LENGTH, KVM_CAP_PPC_IRQ_LEVEL,
		KVM_CAP_PPC_UNSET_IRQ, KVM_CAP_PPC_SEGSTATE,
		KVM_CAP_PPC_GET_SMMU_INFO, KVM_CAP_PPC_MMU_RADIX,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(caps); i++)
		EXPECT_EQ(1, ioctl(self->l2.vm_fd, KVM_CHECK_EXTENSION, caps[i]))
			TH_LOG("capability %ld", caps[i]);
	/* no HPT guests: QEMU must not try one */
	if (is_okvm(self->l2.sys_fd))
		EXPECT_EQ(0, ioctl(self->l2.vm_fd, KVM_CHECK_EXTENSION,
				   KVM_CAP_PPC_MMU_HASH_V3));
}

TEST_F(abi, smmu_info)
{
	/* QEMU's POWER7+ hash model (target/ppc/mmu-hash64.c) */
	static const struct { __u32 shift, slb_enc, ps, pte_enc; } want[] = {
		{ 12, 0x000, 12, 0x0 }, { 12, 0x000, 16, 0x7 },
		{ 12, 0x000, 24, 0x38 }, { 16, 0x110, 16, 0x1 },
		{ 16, 0x110, 24, 0x8 }, { 24, 0x100, 24, 0x0 },
		{ 34, 0x120, 34, 0x3 },
	};
	struct kvm_ppc_smmu_info info;
	unsigned int i, j, k;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, ioctl(self->l2.vm_fd, KVM_PPC_GET_SMMU_INFO, &info));
	EXPECT_TRUE(info.flags & KVM_PPC_1T_SEGMENTS);
	EXPECT_LE(32, info.slb_size);
	if (!is_okvm(self->l2.sys_fd))
		return;		/* kvm_hv lists its host's sizes */
	EXPECT_TRUE(info.flags & KVM_PPC_NO_HASH);
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		for (j = 0; j < KVM_PPC_PAGE_SIZES_MAX_SZ; j++)
			if (info.sps[j].page_shift == want[i].shift)
				break;
		ASSERT_GT(KVM_PPC_PAGE_SIZES_MAX_SZ, j);
		EXPECT_EQ(want[i].slb_enc, info.sps[j].slb_enc);
		for (k = 0; k < KVM_PPC_PAGE_SIZES_MAX_SZ; k++)
			if (info.sps[j].enc[k].page_shift == want[i].ps)
				break;
		ASSERT_GT(KVM_PPC_PAGE_SIZES_MAX_SZ, k);
		EXPECT_EQ(want[i].pte_enc, info.sps[j].enc[k].pte_enc);
	}
	/* the rest is zero, as QEMU's loops expect */
	EXPECT_EQ(0, info.sps[0].enc[7].page_shift);
	EXPECT_EQ(0, info.sps[7].page_shift);
}

TEST_F(abi, rmmu_info)
{
	struct kvm_ppc_rmmu_info info;
	unsigned int i, seen = 0;

	memset(&info, 0xa5, sizeof(info));
	ASSERT_EQ(0, ioctl(self->l2.vm_fd, KVM_PPC_GET_RMMU_INFO, &info));
	EXPECT_EQ(12, info.geometries[0].page_shift);
	EXPECT_EQ(9, info.geometries[0].level_bits[0]);
	EXPECT_EQ(13, info.geometries[0].level_bits[3]);
	EXPECT_EQ(16, info.geometries[1].page_shift);
	for (i = 0; i < 8; i++)
		seen |= 1U << (info.ap_encodings[i] & 0x3f) % 32;
	EXPECT_TRUE(seen & (1U << 12));
	EXPECT_TRUE(seen & (1U << 16));
}

static int v3_mmu(int vm, __u64 flags, __u64 process_table)
{
	struct kvm_ppc_mmuv3_cfg cfg = { flags, process_table };

	return ioctl(vm, KVM_PPC_CONFIGURE_V3_MMU, &cfg) ? -errno : 0;
}

TEST_F(abi, configure_v3_mmu)
{
	const __u64 gr = 1ULL << 63, radix = KVM_PPC_MMUV3_RADIX,
		    gtse = KVM_PPC_MMUV3_GTSE, table = 0x8000;
	int vm = self->l2.vm_fd;

	EXPECT_EQ(-EINVAL, v3_mmu(vm, 4, gr | table));
	EXPECT_EQ(-EINVAL, v3_mmu(vm, radix, table));	/* radix without GR */
	EXPECT_EQ(0, v3_mmu(vm, radix | gtse, gr | table));
	EXPECT_EQ(0, v3_mmu(vm, radix, gr | table | 12));	/* Linux's */
	if (is_okvm(self->l2.sys_fd)) {
		/* 64 KiB: fine for v1; v2 refuses it when the L0 is QEMU */
		int r = v3_mmu(vm, radix, gr | table | 4);

		EXPECT_TRUE(!r || r == -EINVAL);
		EXPECT_EQ(-EINVAL, v3_mmu(vm, 0, 0));	/* no HPT */
		EXPECT_EQ(-EINVAL, v3_mmu(vm, radix, gr | table | 25));
		EXPECT_EQ(-EINVAL, v3_mmu(vm, radix, gr | table | (1 << 8)));
	}
	/* the L2 still runs in real mode with a process table set */
	if (ppc_l2_no_spin())
		return;
	EXPECT_EQ(0, v3_mmu(vm, radix | gtse, gr | table));
	*(__u32 *)self->l2.mem = ppc_li(3, H_DONE);
	((__u32 *)self->l2.mem)[1] = PPC_SC1;
	((__u32 *)self->l2.mem)[2] = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	EXPECT_EQ(KVM_EXIT_PAPR_HCALL, self->l2.run[0]->exit_reason);
	EXPECT_EQ(H_DONE, self->l2.run[0]->papr_hcall.nr);
}

/* Emit: r3..r7 = H_SET_MODE, 0, resource, value1, value2; sc 1; std r3 */
static __u32 *set_mode(__u32 *c, int resource, int v1, int v2, int *out)
{
	*c++ = ppc_li(3, H_SET_MODE);
	*c++ = ppc_li(4, 0);
	*c++ = ppc_li(5, resource);
	*c++ = ppc_li(6, v1);
	*c++ = ppc_li(7, v2);
	*c++ = PPC_SC1;
	*c++ = ppc_std(3, *out, 0);
	*out += 8;
	return c;
}

static __u64 one_reg(int vcpu, __u64 id)
{
	__u64 v = 0xdead;
	struct kvm_one_reg reg = { .id = id, .addr = (__u64)(unsigned long)&v };

	ioctl(vcpu, KVM_GET_ONE_REG, &reg);
	return v;
}

static int enable_hcall(int vm, __u64 hcall, __u64 on)
{
	struct kvm_enable_cap cap = {
		.cap = KVM_CAP_PPC_ENABLE_HCALL, .args = { hcall, on },
	};

	return ioctl(vm, KVM_ENABLE_CAP, &cap) ? -errno : 0;
}

/* H_SET_MODE is userspace's until it enables it; then the kernel's. */
TEST_F(abi, enable_hcall)
{
	struct kvm_run *run = self->l2.run[0];
	int out = OUT, vm = self->l2.vm_fd;
	__u32 *c = (__u32 *)self->l2.mem;

	ASSERT_EQ(1, ioctl(vm, KVM_CHECK_EXTENSION, KVM_CAP_PPC_ENABLE_HCALL));
	EXPECT_EQ(-EINVAL, enable_hcall(vm, H_SET_MODE, 2));
	EXPECT_EQ(-EINVAL, enable_hcall(vm, H_SET_MODE + 1, 1));
	if (is_okvm(self->l2.sys_fd))	/* H_LOGICAL_CI_LOAD: QEMU's */
		EXPECT_EQ(-EINVAL, enable_hcall(vm, 0x3c, 1));
	c = set_mode(c, SET_CIABR, 0x4002, 0, &out);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_SET_MODE, run->papr_hcall.nr);
	run->papr_hcall.ret = 0;
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);

	ASSERT_EQ(0, enable_hcall(vm, H_SET_MODE, 1));
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
	EXPECT_EQ(0x4002, one_reg(self->l2.vcpu_fd[0], KVM_REG_PPC_CIABR));
}

TEST_F(abi, h_set_mode_breakpoints)
{
	struct kvm_run *run = self->l2.run[0];
	__s64 *res = (__s64 *)(self->l2.mem + OUT);
	int out = OUT;
	__u32 *c = (__u32 *)self->l2.mem;

	ASSERT_EQ(0, enable_hcall(self->l2.vm_fd, H_SET_MODE, 1));
	c = set_mode(c, SET_DAWR0, 0x1000, 3, &out);	/* 0 or H_P2 */
	c = set_mode(c, SET_DAWR0, 0x2000, 4, &out);	/* DAWRX_HYP: H_P4 */
	c = set_mode(c, SET_CIABR, 0x3003, 0, &out);	/* hyper: H_P3 */
	c = set_mode(c, SET_CIABR, 0x4002, 0, &out);	/* 0 */
	c = set_mode(c, SET_DAWR1, 0x5000, 3, &out);	/* not enabled */
	c = set_mode(c, ADDR_TRANS, 3, 0, &out);	/* userspace's */
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));

	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_SET_MODE, run->papr_hcall.nr);
	EXPECT_EQ(ADDR_TRANS, run->papr_hcall.args[1]);
	run->papr_hcall.ret = 0;
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);

	if (res[0] == 0) {
		EXPECT_EQ(0x1000, one_reg(self->l2.vcpu_fd[0], KVM_REG_PPC_DAWR));
		EXPECT_EQ(3, one_reg(self->l2.vcpu_fd[0], KVM_REG_PPC_DAWRX));
		EXPECT_EQ(H_P4, res[1]);
	} else {
		EXPECT_EQ(H_P2, res[0]) TH_LOG("no DAWR0 here");
	}
	EXPECT_EQ(H_P3, res[2]);
	EXPECT_EQ(0, res[3]);
	EXPECT_EQ(0x4002, one_reg(self->l2.vcpu_fd[0], KVM_REG_PPC_CIABR));
	/* no DAWR1 (POWER9) or not enabled by the VMM */
	EXPECT_TRUE(res[4] == H_P2 || res[4] == H_FUNCTION)
		TH_LOG("H_SET_MODE(DAWR1): %lld", (long long)res[4]);
	EXPECT_EQ(0, res[5]);
}

TEST_HARNESS_MAIN
