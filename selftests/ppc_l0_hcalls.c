// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_l0_hcalls
 *
 * What okvm's state caching costs in L0 hcalls, from its vCPU stats fd
 * (seed 004, "L1 Implementation details: Caching state"):
 *
 *  - an L2 hcall that goes to userspace and back costs one L0 run and
 *    nothing else, over 10,000 round trips (the only extra hcall allowed
 *    is the documented dec_fixup read-back, counted by itself);
 *  - v2: a ONE_REG read after an exit costs one H_GUEST_GET_STATE, a
 *    second read none, and KVM_GET_REGS one in all;
 *  - a ONE_REG write costs no hcall until the next run, which carries it.
 *
 * v1 carries the whole state in every H_ENTER_NESTED, so there the reads
 * cost nothing at all; the v2-only cases skip on v1.
 */
#include "kselftest_harness.h"
#include "okvm_stats.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#include "linux/okvm.h"

#define MEM_SIZE	(64 * 1024)
#define H_TEST		0x100
#define ROUND_TRIPS	10000
#define SPR_VRSAVE	256

enum { RUNS, HCALLS, GETS, SETS, FIXUPS, EXITS, TO_L0, FROM_L0, NR };

static const char *const names[NR] = {
	[RUNS] = "l0_runs",
	[HCALLS] = "l0_hcalls",
	[GETS] = "l0_get_state",
	[SETS] = "l0_set_state",
	[FIXUPS] = "l0_dec_fixups",
	[EXITS] = "hcall_exits",
	[TO_L0] = "gsb_bytes_to_l0",
	[FROM_L0] = "gsb_bytes_from_l0",
};

FIXTURE(l2) {
	struct ppc_l2 l2;
	int stats_fd;
	__u64 s0[NR];
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	__u32 *c, *loop;
	int r;

	self->stats_fd = -1;
	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	if (!is_okvm(self->l2.sys_fd))
		SKIP(return, "okvm's own counters");

	/* loop: r3 = H_TEST, r4 = r20, r5 = VRSAVE; sc 1; r20++ */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_li(20, 0);
	loop = c;
	*c++ = ppc_li(3, H_TEST);
	*c++ = ppc_mr(4, 20);
	*c++ = ppc_mfspr(5, SPR_VRSAVE);
	*c++ = PPC_SC1;
	*c++ = ppc_addi(20, 20, 1);
	*c = ppc_b((int)((loop - c) * 4));

	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
	self->stats_fd = ioctl(self->l2.vcpu_fd[0], KVM_GET_STATS_FD, NULL);
	ASSERT_LE(0, self->stats_fd);
}

FIXTURE_TEARDOWN(l2)
{
	if (self->stats_fd >= 0)
		close(self->stats_fd);
	ppc_l2_destroy(&self->l2);
}

/* One KVM_RUN that must end in the L2's next H_TEST, with r4 = @arg. */
static int round_trip(struct ppc_l2 *l2, __u64 arg)
{
	struct kvm_run *run = l2->run[0];

	if (ioctl(l2->vcpu_fd[0], KVM_RUN, 0))
		return -1;
	if (run->exit_reason != KVM_EXIT_PAPR_HCALL ||
	    run->papr_hcall.nr != H_TEST || run->papr_hcall.args[0] != arg)
		return -1;
	run->papr_hcall.ret = 0;
	return 0;
}

/* Counters since the last call, and a new baseline. */
static void delta(FIXTURE_DATA(l2) * self, __u64 *d)
{
	__u64 now[NR];
	int i;

	if (okvm_stats_sample(self->stats_fd, names, NR, now))
		memset(now, 0xff, sizeof(now));
	for (i = 0; i < NR; i++) {
		d[i] = now[i] - self->s0[i];
		self->s0[i] = now[i];
	}
}

static bool is_v2(int sys_fd)
{
	return ioctl(sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_OKVM_NESTED_API) ==
	       OKVM_NESTED_API_V2;
}

TEST_F(l2, round_trip_costs_one_l0_run)
{
	__u64 d[NR], i;

	/* warm-up: fault the code page in, send the first full state */
	for (i = 0; i < 10; i++)
		ASSERT_EQ(0, round_trip(&self->l2, i));
	delta(self, d);
	for (i = 10; i < 10 + ROUND_TRIPS; i++)
		ASSERT_EQ(0, round_trip(&self->l2, i))
			TH_LOG("round trip %llu", i);
	delta(self, d);
	TH_LOG("%d round trips: %llu L0 runs, %llu L0 hcalls (%llu dec_fixup reads)",
	       ROUND_TRIPS, d[RUNS], d[HCALLS], d[FIXUPS]);
	TH_LOG("GSB bytes: %llu to the L0, %llu from it", d[TO_L0], d[FROM_L0]);
	EXPECT_EQ(ROUND_TRIPS, d[EXITS]);
	/* each round trip enters once; an HDEC slice may add a re-entry */
	EXPECT_LE(ROUND_TRIPS, d[RUNS]);
	EXPECT_GE(ROUND_TRIPS + ROUND_TRIPS / 20, d[RUNS]);
	/* and nothing else reaches the L0 but the runs (and the fix-ups) */
	EXPECT_EQ(d[RUNS] + d[FIXUPS], d[HCALLS]);
	EXPECT_EQ(d[FIXUPS], d[GETS]);
	EXPECT_EQ(0, d[SETS]);
}

TEST_F(l2, read_after_exit_costs_one_get)
{
	__u32 v = 1;
	__u64 d[NR];
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_VRSAVE,
		.addr = (unsigned long)&v,
	};
	struct kvm_regs regs;

	if (!is_v2(self->l2.sys_fd))
		SKIP(return, "v1 carries every register in every run");
	ASSERT_EQ(0, round_trip(&self->l2, 0));
	ASSERT_EQ(0, round_trip(&self->l2, 1));
	delta(self, d);

	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_ONE_REG, &reg));
	EXPECT_EQ(0, v);
	delta(self, d);
	EXPECT_EQ(1, d[GETS]);
	EXPECT_EQ(1, d[HCALLS]);

	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_ONE_REG, &reg));
	delta(self, d);
	EXPECT_EQ(0, d[HCALLS]);

	/* r3-r12 came with the exit; the other registers in one GET */
	ASSERT_EQ(0, round_trip(&self->l2, 2));
	delta(self, d);
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_REGS, &regs));
	delta(self, d);
	EXPECT_EQ(2, regs.gpr[20]);
	EXPECT_EQ(H_TEST, regs.gpr[3]);
	EXPECT_EQ(1, d[GETS]);
	EXPECT_EQ(1, d[HCALLS]);
}

TEST_F(l2, write_costs_nothing_until_the_run)
{
	__u32 v = 0x5000;
	__u64 d[NR];
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_VRSAVE,
		.addr = (unsigned long)&v,
	};

	ASSERT_EQ(0, round_trip(&self->l2, 0));
	delta(self, d);
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_SET_ONE_REG, &reg));
	delta(self, d);
	EXPECT_EQ(0, d[HCALLS]);
	/* the L2 sees the value in its next hcall's r5 */
	ASSERT_EQ(0, round_trip(&self->l2, 1));
	EXPECT_EQ(0x5000, self->l2.run[0]->papr_hcall.args[1]);
	delta(self, d);
	EXPECT_EQ(0, d[SETS]);
	EXPECT_EQ(d[RUNS] + d[FIXUPS], d[HCALLS]);
}

TEST_HARNESS_MAIN
