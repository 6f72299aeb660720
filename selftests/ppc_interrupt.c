// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_interrupt
 *
 * KVM_INTERRUPT on POWER: an asserted external interrupt is delivered to
 * an L2 with MSR[EE] = 1 as the ISA says (vector 0x500, SRR0 = the
 * interrupted address, SRR1 = its MSR); from another thread while the
 * vCPU spins inside KVM_RUN too (the vCPU is kicked, the ioctl does not
 * wait for KVM_RUN to end); and never to an L2 with MSR[EE] = 0.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define OUT		0x900
#define SPIN		8
#define H_TEST		0x100
#define H_DONE		0x200
#define SPR_SRR0	26
#define SPR_SRR1	27

FIXTURE(l2) {
	struct ppc_l2 l2;
	timer_t timer;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	__u32 *c;
	int r;

	r = ppc_l2_create_spinner(&self->l2, MEM_SIZE, 0, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	/* our handler is little-endian code, like the rest */
	ASSERT_EQ(0, ppc_l2_or_lpcr(&self->l2, 0, PPC_LPCR_ILE));
	ASSERT_EQ(0, ppc_l2_timer(&self->timer));

	/* 0: hcall, then spin at SPIN; 0x500: record SRR0/1, hcall done */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
	c = (__u32 *)(self->l2.mem + 0x500);
	*c++ = ppc_mfspr(5, SPR_SRR0);
	*c++ = ppc_std(5, OUT, 0);
	*c++ = ppc_mfspr(6, SPR_SRR1);
	*c++ = ppc_std(6, OUT + 8, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

static int set_irq(int fd, __u32 what)
{
	struct kvm_interrupt irq = { .irq = what };

	return ioctl(fd, KVM_INTERRUPT, &irq);
}

TEST_F(l2, delivered_when_enabled)
{
	__u64 msr = PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE | PPC_MSR_EE;
	__u64 *out = (__u64 *)(self->l2.mem + OUT);
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];

	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, msr));
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	ASSERT_EQ(H_TEST, run->papr_hcall.nr);

	ASSERT_EQ(0, set_irq(fd, KVM_INTERRUPT_SET));
	ppc_l2_arm(self->timer, 5000);	/* a safety net only */
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0)) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
	ppc_l2_arm(self->timer, 0);
	EXPECT_EQ(SPIN, out[0]);
	EXPECT_EQ(msr, out[1] & msr);
	EXPECT_EQ(0, set_irq(fd, KVM_INTERRUPT_UNSET));
	EXPECT_EQ(-1, set_irq(fd, 12345));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(l2, delivered_from_another_thread)
{
	__u64 msr = PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE | PPC_MSR_EE;
	struct kvm_run *run = self->l2.run[0];
	struct ppc_l2_runner r = { .fd = self->l2.vcpu_fd[0] };
	pthread_t t;

	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, SPIN, msr));
	ASSERT_EQ(0, pthread_create(&t, NULL, ppc_l2_run_once, &r));
	usleep(300 * 1000);
	/* must not wait for the spinning KVM_RUN to end */
	ASSERT_EQ(0, set_irq(r.fd, KVM_INTERRUPT_SET));
	pthread_join(t, NULL);
	ASSERT_EQ(0, r.rc) TH_LOG("%s", strerror(r.err));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
}

TEST_F(l2, held_while_disabled)
{
	__u64 msr = PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE;
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];
	struct kvm_regs regs;

	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, SPIN, msr));
	ASSERT_EQ(0, set_irq(fd, KVM_INTERRUPT_SET));
	ppc_l2_arm(self->timer, 300);
	EXPECT_EQ(-1, ioctl(fd, KVM_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	EXPECT_EQ(KVM_EXIT_INTR, run->exit_reason);
	ASSERT_EQ(0, ioctl(fd, KVM_GET_REGS, &regs));
	EXPECT_EQ(SPIN, regs.pc);
	EXPECT_EQ(0, set_irq(fd, KVM_INTERRUPT_UNSET));
}

TEST_HARNESS_MAIN
