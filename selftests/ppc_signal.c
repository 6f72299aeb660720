// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_signal
 *
 * An L2 spinning in `b .` never exits by itself: KVM_RUN must still come
 * back when the thread gets a signal (a POSIX timer here), with EINTR and
 * KVM_EXIT_INTR, promptly; the vCPU must be runnable again afterwards,
 * still in its loop; and immediate_exit must work on a real vCPU.
 */
#include <signal.h>
#include <time.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

FIXTURE(l2) {
	struct ppc_l2 l2;
	timer_t timer;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	int r;

	r = ppc_l2_create_spinner(&self->l2, MEM_SIZE, 0, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	*(__u32 *)self->l2.mem = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, ppc_l2_timer(&self->timer));
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, timer_signal_interrupts_run)
{
	struct kvm_run *run = self->l2.run[0];
	struct kvm_regs regs;
	double t0, dt;
	int i;

	for (i = 0; i < 3; i++) {
		ppc_l2_arm(self->timer, 200);
		t0 = now_s();
		EXPECT_EQ(-1, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
		EXPECT_EQ(EINTR, errno);
		dt = now_s() - t0;
		EXPECT_EQ(KVM_EXIT_INTR, run->exit_reason);
		/* 200 ms asked; allow for a slow emulated machine */
		EXPECT_LT(dt, 10.0) TH_LOG("KVM_RUN took %.2f s", dt);
		EXPECT_GT(dt, 0.15) TH_LOG("KVM_RUN took %.2f s", dt);
	}
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_REGS, &regs));
	EXPECT_EQ(0, regs.pc);
}

TEST_F(l2, immediate_exit)
{
	struct kvm_run *run = self->l2.run[0];

	run->immediate_exit = 1;
	EXPECT_EQ(-1, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	run->immediate_exit = 0;
	ppc_l2_arm(self->timer, 100);
	EXPECT_EQ(-1, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	EXPECT_EQ(EINTR, errno);
	EXPECT_EQ(KVM_EXIT_INTR, run->exit_reason);
}

TEST_HARNESS_MAIN
