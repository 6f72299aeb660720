// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_one_reg
 *
 * KVM_GET_REG_LIST on a POWER vCPU: the count is reported with E2BIG when
 * the buffer is short, the list has no duplicate and only KVM_REG_PPC
 * ids; every listed id of the plain registers below round-trips through
 * KVM_SET_ONE_REG / KVM_GET_ONE_REG; an unknown id is ENOENT and a known
 * id with the wrong size EINVAL; KVM_GET_SREGS reports the PVR and
 * KVM_SET_SREGS accepts only that one; and the L2 really runs with the values
 * set: it stores TAR, DSCR, VRSAVE, f14 and v20 to memory with
 * mfspr/stfd/stvx, and the test reads them there.
 */
#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define OUT		0x900
#define H_DONE		0x200

#define SPR_DSCR	17
#define SPR_VRSAVE	256
#define SPR_TAR		815
#define SPR_PMC3	789
#define SPR_SDAR	797
#define SPR_EBBHR	804
#define MMCR0_FC	0x80000000ULL
#define FSCR_EBB	0x80ULL

/* Registers that hold what is written (no mask, no side effect). */
static const __u64 plain[] = {
	KVM_REG_PPC_DSCR, KVM_REG_PPC_DAR, KVM_REG_PPC_DSISR,
	KVM_REG_PPC_TAR, KVM_REG_PPC_VRSAVE, KVM_REG_PPC_PPR,
	KVM_REG_PPC_FPR(3), KVM_REG_PPC_FPR(31), KVM_REG_PPC_VR(0),
	KVM_REG_PPC_VR(31), KVM_REG_PPC_VSR(7), KVM_REG_PPC_DEC_EXPIRY,
	KVM_REG_PPC_SIAR, KVM_REG_PPC_SDAR, KVM_REG_PPC_PMC1,
	KVM_REG_PPC_PMC6, KVM_REG_PPC_EBBHR, KVM_REG_PPC_EBBRR,
	KVM_REG_PPC_VTB, KVM_REG_PPC_DAWR,
};

static int get_reg(int fd, __u64 id, void *v)
{
	struct kvm_one_reg r = { .id = id, .addr = (unsigned long)v };

	return ioctl(fd, KVM_GET_ONE_REG, &r);
}

static int set_reg(int fd, __u64 id, const void *v)
{
	struct kvm_one_reg r = { .id = id, .addr = (unsigned long)v };

	return ioctl(fd, KVM_SET_ONE_REG, &r);
}

FIXTURE(l2) {
	struct ppc_l2 l2;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	int r;

	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, reg_list)
{
	struct kvm_reg_list probe = { .n = 0 }, *list;
	int fd = self->l2.vcpu_fd[0];
	__u64 i, j;

	ASSERT_EQ(-1, ioctl(fd, KVM_GET_REG_LIST, &probe));
	ASSERT_EQ(E2BIG, errno);
	ASSERT_LT(0, probe.n);
	list = calloc(1, sizeof(*list) + probe.n * sizeof(__u64));
	ASSERT_NE(NULL, list);
	list->n = probe.n;
	ASSERT_EQ(0, ioctl(fd, KVM_GET_REG_LIST, list));
	EXPECT_EQ(probe.n, list->n);
	for (i = 0; i < list->n; i++) {
		EXPECT_EQ(KVM_REG_PPC, list->reg[i] & KVM_REG_ARCH_MASK);
		for (j = 0; j < i; j++)
			EXPECT_NE(list->reg[i], list->reg[j]);
	}
	TH_LOG("%llu registers listed", (unsigned long long)list->n);
	free(list);
}

TEST_F(l2, round_trip)
{
	int fd = self->l2.vcpu_fd[0];
	__u64 v[2], w[2], old[2];
	unsigned int i, size;

	for (i = 0; i < ARRAY_SIZE(plain); i++) {
		size = 1U << ((plain[i] & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
		ASSERT_EQ(0, get_reg(fd, plain[i], old))
			TH_LOG("get %llx: %s", (unsigned long long)plain[i],
			       strerror(errno));
		v[0] = 0x0123456789abcdefULL ^ ((__u64)i << 40);
		v[1] = ~v[0];
		if (plain[i] == KVM_REG_PPC_DSCR)
			v[0] = 0x11;	/* DSCR has few defined bits */
		memset(w, 0, sizeof(w));
		ASSERT_EQ(0, set_reg(fd, plain[i], v));
		ASSERT_EQ(0, get_reg(fd, plain[i], w));
		EXPECT_EQ(0, memcmp(v, w, size))
			TH_LOG("id %llx: wrote %llx, read %llx",
			       (unsigned long long)plain[i],
			       (unsigned long long)v[0], (unsigned long long)w[0]);
		ASSERT_EQ(0, set_reg(fd, plain[i], old));
	}
}

/* CIABR[PRIV] = 0b11 (hypervisor) is refused by clearing PRIV, as upstream */
TEST_F(l2, ciabr_no_hypervisor_breakpoints)
{
	int fd = self->l2.vcpu_fd[0];
	__u64 v = 0x10000003ULL, w = 0;

	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_CIABR, &v));
	ASSERT_EQ(0, get_reg(fd, KVM_REG_PPC_CIABR, &w));
	EXPECT_EQ(0x10000000ULL, w);
	v = 0x10000001ULL;	/* problem state: kept */
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_CIABR, &v));
	ASSERT_EQ(0, get_reg(fd, KVM_REG_PPC_CIABR, &w));
	EXPECT_EQ(v, w);
}

TEST_F(l2, bad_ids)
{
	int fd = self->l2.vcpu_fd[0];
	__u64 v[2] = {};

	EXPECT_EQ(-1, get_reg(fd, KVM_REG_PPC | KVM_REG_SIZE_U64 | 0x7ffe, v));
	EXPECT_EQ(ENOENT, errno);
	/* TAR is a U64 */
	EXPECT_EQ(-1, get_reg(fd, (KVM_REG_PPC_TAR & ~KVM_REG_SIZE_MASK) |
			      KVM_REG_SIZE_U32, v));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(l2, sregs_pvr)
{
	struct kvm_sregs sregs = {};
	int fd = self->l2.vcpu_fd[0];

	ASSERT_EQ(0, ioctl(fd, KVM_GET_SREGS, &sregs));
	EXPECT_NE(0, sregs.pvr);
	EXPECT_EQ(0, ioctl(fd, KVM_SET_SREGS, &sregs));
	sregs.pvr ^= 0xffff0000;
	EXPECT_EQ(-1, ioctl(fd, KVM_SET_SREGS, &sregs));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(l2, l2_sees_values)
{
	__u64 tar = 0x1111222233334444ULL, dscr = 0x7, f14 = 0x4010203040506070ULL;
	__u64 vr20[2] = { 0xaaaabbbbccccddddULL, 0x1234567812345678ULL };
	__u64 *out = (__u64 *)(self->l2.mem + OUT), got;
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];
	__u32 vrsave = 0xabcd1234, *c = (__u32 *)self->l2.mem;
	__u64 mmcr0 = MMCR0_FC, sdar = 0x5555666677778888ULL;
	__u64 ebbhr = 0x0000000012345670ULL, fscr = FSCR_EBB;
	__u32 pmc3 = 0x7700;

	*c++ = ppc_mfspr(5, SPR_TAR);
	*c++ = ppc_std(5, OUT, 0);
	*c++ = ppc_mfspr(5, SPR_DSCR);
	*c++ = ppc_std(5, OUT + 8, 0);
	*c++ = ppc_mfspr(5, SPR_VRSAVE);
	*c++ = ppc_std(5, OUT + 16, 0);
	*c++ = ppc_dform(54, 14, 0, OUT + 24);		/* stfd f14 */
	*c++ = ppc_li(7, OUT + 32);
	*c++ = ppc_xform(20, 0, 7, 231);		/* stvx v20, 0, r7 */
	*c++ = ppc_mfspr(5, SPR_SDAR);
	*c++ = ppc_std(5, OUT + 48, 0);
	*c++ = ppc_mfspr(5, SPR_EBBHR);
	*c++ = ppc_std(5, OUT + 56, 0);
	*c++ = ppc_mfspr(5, SPR_PMC3);
	*c++ = ppc_std(5, OUT + 64, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE |
				      PPC_MSR_FP | PPC_MSR_VEC | PPC_MSR_VSX));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_TAR, &tar));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_DSCR, &dscr));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_VRSAVE, &vrsave));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_FPR(14), &f14));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_VR(20), vr20));
	/* the PMU frozen (PMC3 holds still), EBB open to the L2 */
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_MMCR0, &mmcr0));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_SDAR, &sdar));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_EBBHR, &ebbhr));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_PMC3, &pmc3));
	ASSERT_EQ(0, set_reg(fd, KVM_REG_PPC_FSCR, &fscr));

	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason)
		TH_LOG("exit reason %u", run->exit_reason);
	EXPECT_EQ(tar, out[0]);
	EXPECT_EQ(dscr, out[1]);
	EXPECT_EQ(vrsave, out[2]);
	EXPECT_EQ(f14, out[3]);
	/* stvx stores the vector as the kernel keeps it: same layout */
	EXPECT_EQ(0, memcmp(vr20, &out[4], 16));
	EXPECT_EQ(sdar, out[6]);
	EXPECT_EQ(ebbhr, out[7]);
	EXPECT_EQ(pmc3, out[8]);
	ASSERT_EQ(0, get_reg(fd, KVM_REG_PPC_TAR, &got));
	EXPECT_EQ(tar, got);
}

TEST_HARNESS_MAIN
