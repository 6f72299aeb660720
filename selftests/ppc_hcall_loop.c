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
 * their completion, and register access. On okvm the vCPU stats fd must
 * count every hcall exit, and exactly one L0 run (H_ENTER_NESTED or
 * H_GUEST_RUN_VCPU) per KVM_RUN that did not fault a page in.
 */
#include "kselftest_harness.h"
#include "okvm_stats.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define RESULTS		0x1000
#define N_HCALLS	50
#define H_TEST		0x100
#define H_DONE		0x200
#define MAGIC		0x12345678

FIXTURE(l2) {
	struct ppc_l2 l2;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	int r;
	__u32 *c, *loop;

	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);

	c = (__u32 *)self->l2.mem;
	*c++ = ppc_li(20, 0);
	loop = c;
	*c++ = ppc_li(3, H_TEST);
	*c++ = ppc_mr(4, 20);
	*c++ = ppc_addis(5, 0, MAGIC >> 16);
	*c++ = ppc_ori(5, 5, MAGIC & 0xffff);
	*c++ = PPC_SC1;
	*c++ = ppc_mulli(6, 20, 8);
	*c++ = ppc_std(3, RESULTS, 6);
	*c++ = ppc_addi(20, 20, 1);
	*c++ = ppc_cmpdi(20, N_HCALLS);
	*c = ppc_blt((int)((loop - c) * 4));
	c++;
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, hcall_loop)
{
	__u64 *results = (__u64 *)(self->l2.mem + RESULTS);
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0];
	struct kvm_regs regs;
	int i;

	for (i = 0; i < N_HCALLS; i++) {
		ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0))
			TH_LOG("KVM_RUN %d: %s", i, strerror(errno));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason)
			TH_LOG("hcall %d: exit reason %u (internal %u, data %llx %llx)",
			       i, run->exit_reason, run->internal.suberror,
			       (unsigned long long)run->internal.data[0],
			       (unsigned long long)run->internal.data[1]);
		ASSERT_EQ(H_TEST, run->papr_hcall.nr);
		ASSERT_EQ(i, run->papr_hcall.args[0]);
		ASSERT_EQ(MAGIC, run->papr_hcall.args[1]);
		run->papr_hcall.ret = 2 * i + 1;
	}
	ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	ASSERT_EQ(H_DONE, run->papr_hcall.nr);

	for (i = 0; i < N_HCALLS; i++)
		EXPECT_EQ(2 * i + 1, results[i]) TH_LOG("result %d", i);
	ASSERT_EQ(0, ioctl(fd, KVM_GET_REGS, &regs));
	EXPECT_EQ(N_HCALLS, regs.gpr[20]);
	EXPECT_EQ(H_DONE, regs.gpr[3]);
	EXPECT_NE(0, regs.msr & PPC_MSR_ME);
}

#define stat_of okvm_stats_value

TEST_F(l2, stats_count_exits_and_l0_hcalls)
{
	struct kvm_run *run = self->l2.run[0];
	int fd = self->l2.vcpu_fd[0], sfd, i;
	struct okvm_stats st = {};
	char err[256];

	if (!is_okvm(self->l2.sys_fd))
		SKIP(return, "okvm's own counters");
	for (i = 0; i <= N_HCALLS; i++) {
		ASSERT_EQ(0, ioctl(fd, KVM_RUN, 0));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
		run->papr_hcall.ret = i;
	}
	sfd = ioctl(fd, KVM_GET_STATS_FD, NULL);
	ASSERT_LE(0, sfd);
	ASSERT_EQ(0, okvm_stats_read(sfd, &st, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(N_HCALLS + 1, stat_of(&st, "runs"));
	EXPECT_EQ(N_HCALLS + 1, stat_of(&st, "exits"));
	EXPECT_EQ(N_HCALLS + 1, stat_of(&st, "hcall_exits"));
	/* one L0 run per hcall, plus one per page faulted in */
	EXPECT_EQ(N_HCALLS + 1 + stat_of(&st, "page_faults"), stat_of(&st, "l0_runs"));
	EXPECT_LE(stat_of(&st, "l0_runs"), stat_of(&st, "l0_hcalls"));
	/* code, then results: one fault when both are in one large folio */
	EXPECT_LE(1, stat_of(&st, "page_faults"));
	TH_LOG("runs %llu, l0_hcalls %llu, page_faults %llu",
	       (unsigned long long)stat_of(&st, "runs"),
	       (unsigned long long)stat_of(&st, "l0_hcalls"),
	       (unsigned long long)stat_of(&st, "page_faults"));
	okvm_stats_free(&st);
	close(sfd);
}

TEST_HARNESS_MAIN
