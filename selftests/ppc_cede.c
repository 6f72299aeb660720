// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_cede
 *
 * H_CEDE from an idle L2 is handled in the kernel: the hcall does not
 * exit to userspace, it enables MSR[EE], and the vCPU sleeps until an
 * interrupt is due: its decrementer (the L2 then takes it at 0x900), or
 * an external interrupt raised with KVM_INTERRUPT from another thread
 * (taken at 0x500). Each vector ends with its own hcall so the test
 * knows which one woke the L2.
 */
#include <pthread.h>
#include <signal.h>
#include <time.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define H_CEDE		0xe0
#define H_BY_EXTERNAL	0x300
#define H_BY_DEC	0x400
#define SPR_DEC		22
#define NO_DEC		0x100	/* entry that leaves DEC alone */

static void handler(__u8 *mem, int vec, int nr)
{
	__u32 *c = (__u32 *)(mem + vec);

	*c++ = ppc_li(3, nr);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
}

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

	/* 0: DEC = 2^22 (8 ms at 512 MHz); NO_DEC: cede, spin */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_addis(5, 0, 0x40);
	*c++ = ppc_mtspr(SPR_DEC, 5);
	*c = ppc_b(NO_DEC - (int)((__u8 *)c - self->l2.mem));
	c = (__u32 *)(self->l2.mem + NO_DEC);
	*c++ = ppc_li(3, H_CEDE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
	handler(self->l2.mem, 0x500, H_BY_EXTERNAL);
	handler(self->l2.mem, 0x900, H_BY_DEC);

	/* a safety net: a vCPU that never wakes fails instead of hanging */
	ASSERT_EQ(0, ppc_l2_timer(&self->timer));
	ppc_l2_arm(self->timer, 10000);
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, woken_by_decrementer)
{
	struct kvm_run *run = self->l2.run[0];

	/* EE off: H_CEDE must turn it on for the DEC to be taken */
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0))
		TH_LOG("%s", strerror(errno));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_BY_DEC, run->papr_hcall.nr);
}

TEST_F(l2, woken_by_kvm_interrupt)
{
	struct kvm_interrupt irq = { .irq = KVM_INTERRUPT_SET };
	struct ppc_l2_runner r = { .fd = self->l2.vcpu_fd[0] };
	struct kvm_run *run = self->l2.run[0];
	__u64 expiry = 0;
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_DEC_EXPIRY,
		.addr = (unsigned long)&expiry,
	};
	pthread_t t;

	/* no decrementer: only the interrupt can end the cede */
	ASSERT_EQ(0, ioctl(r.fd, KVM_SET_ONE_REG, &reg));
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, NO_DEC, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
	ASSERT_EQ(0, pthread_create(&t, NULL, ppc_l2_run_once, &r));
	usleep(300 * 1000);
	ASSERT_EQ(0, ioctl(r.fd, KVM_INTERRUPT, &irq));
	pthread_join(t, NULL);
	ASSERT_EQ(0, r.rc) TH_LOG("%s", strerror(r.err));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_BY_EXTERNAL, run->papr_hcall.nr);
}

TEST_HARNESS_MAIN
