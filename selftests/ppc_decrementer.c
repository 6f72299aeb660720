// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_decrementer
 *
 * The L2's decrementer: a value the L2 writes with mtdec counts down and
 * raises the decrementer interrupt (vector 0x900) in the L2 when it goes
 * negative with MSR[EE] set; a DEC_EXPIRY set through ONE_REG in the past
 * makes it due at the next entry; and KVM_GET_ONE_REG(DEC_EXPIRY) after a
 * run reflects what the L2 wrote.
 */
#include <signal.h>
#include <time.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define SPIN		0x100
#define H_TEST		0x100
#define H_DONE		0x200
#define SPR_DEC		22

FIXTURE(l2) {
	struct ppc_l2 l2;
	timer_t timer;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	__u32 *c;
	int r;

	r = ppc_l2_create_spinner(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);

	/* 0: DEC = 2^20 (2 ms at 512 MHz), hcall, spin; 0x900: hcall done */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_addis(5, 0, 0x10);
	*c++ = ppc_mtspr(SPR_DEC, 5);
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c = ppc_b(SPIN - (int)((__u8 *)c - self->l2.mem));
	*(__u32 *)(self->l2.mem + SPIN) = PPC_B_SELF;
	c = (__u32 *)(self->l2.mem + 0x900);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;

	/* a safety net: a missing interrupt fails instead of hanging */
	ASSERT_EQ(0, ppc_l2_timer(&self->timer));
	ppc_l2_arm(self->timer, 10000);
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, l2_written_dec_fires)
{
	__u64 msr = PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE | PPC_MSR_EE;
	struct kvm_one_reg reg = { .id = KVM_REG_PPC_DEC_EXPIRY };
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];
	__u64 expiry = 0;

	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, msr));
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0));
	ASSERT_EQ(H_TEST, run->papr_hcall.nr);
	reg.addr = (unsigned long)&expiry;
	ASSERT_EQ(0, ioctl(fd, KVM_GET_ONE_REG, &reg));
	EXPECT_NE(0, expiry);
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
}

TEST_F(l2, past_expiry_is_due_at_entry)
{
	__u64 msr = PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE | PPC_MSR_EE;
	struct kvm_one_reg reg = { .id = KVM_REG_PPC_DEC_EXPIRY };
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];
	__u64 expiry = 1;

	/* start in the spin loop, with a DEC that expired long ago */
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, SPIN, msr));
	reg.addr = (unsigned long)&expiry;
	ASSERT_EQ(0, ioctl(fd, KVM_SET_ONE_REG, &reg));
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
}

TEST_HARNESS_MAIN
