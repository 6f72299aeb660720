// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_hostile
 *
 * L2s that misbehave on purpose: random instruction words and random
 * entry points (seeded: the seed is printed), code that overwrites itself,
 * hypervisor-only SPRs and instructions, unknown hcalls, and a spin with
 * interrupts off. Whatever the L2 does, every KVM_RUN must come back with
 * an exit or EINTR within the time a signal asks, the L1 must stay
 * healthy (the QEMU harness fails the boot on any splat, panic_on_warn),
 * and the VM must tear down with nothing left (okvm/objects).
 *
 * Skipped where an L2 that spins can wedge the device (OKVM_NO_SPIN).
 */
#include <signal.h>
#include <stdio.h>
#include <time.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define H_MARK		0x4242
#define SPR_LPCR	318
#define SPR_HSRR0	314
#define RUNS_PER_SEED	30
#define SEEDS		10
#define SLICE_MS	20

FIXTURE(l2) {
	struct ppc_l2 l2;
	timer_t timer;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	int r;

	r = ppc_l2_create_spinner(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	ASSERT_EQ(0, ppc_l2_timer(&self->timer));
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

static __u64 xorshift(__u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* Each interrupt vector: "li r3, H_MARK + vector; sc 1". */
static void mark_vectors(__u8 *mem)
{
	int v;

	for (v = 0x100; v <= 0xf80; v += 0x20) {
		__u32 *c = (__u32 *)(mem + v);

		c[0] = ppc_li(3, H_MARK + v);
		c[1] = PPC_SC1;
		c[2] = PPC_B_SELF;
	}
}

/*
 * One KVM_RUN under a SLICE_MS timer signal: it must end in an exit or
 * EINTR, and not take more than a second in any case.
 */
static int run_once(struct ppc_l2 *l2, timer_t timer, __u64 *seed)
{
	struct kvm_run *run = l2->run[0];
	struct timespec t0, t1;
	int r, err;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ppc_l2_arm(timer, SLICE_MS);
	r = ioctl(l2->vcpu_fd[0], KVM_RUN, 0);
	err = errno;
	ppc_l2_arm(timer, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000 > 1000)
		return -ETIMEDOUT;
	if (r)
		return err == EINTR ? 0 : -err;
	switch (run->exit_reason) {
	case KVM_EXIT_PAPR_HCALL:
		run->papr_hcall.ret = xorshift(seed);
		return 0;
	case KVM_EXIT_MMIO:
		memcpy(run->mmio.data, &(__u64){ xorshift(seed) }, 8);
		return 0;
	case KVM_EXIT_INTERNAL_ERROR:
		/* nothing to emulate: start the L2 over somewhere */
		return ppc_l2_set_entry(l2, 0, (xorshift(seed) % MEM_SIZE) & ~3ULL,
					PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE) ?
		       -errno : 0;
	default:
		return -1000 - (int)run->exit_reason;
	}
}

TEST_F(l2, random_code)
{
	__u64 seed0 = (__u64)time(NULL) | 1, seed;
	unsigned int s, i;

	printf("# seed %llu (set OKVM_HOSTILE_SEED to replay)\n",
	       (unsigned long long)seed0);
	if (getenv("OKVM_HOSTILE_SEED"))
		seed0 = strtoull(getenv("OKVM_HOSTILE_SEED"), NULL, 0);
	seed = seed0;
	for (s = 0; s < SEEDS; s++) {
		__u32 *w = (__u32 *)self->l2.mem;
		__u64 msr = PPC_MSR_SF | PPC_MSR_ME;

		for (i = 0; i < MEM_SIZE / 4; i++)
			w[i] = xorshift(&seed);
		/* random MSR bits the L2 may hold: EE, IR, DR, LE, FP, VEC */
		msr |= xorshift(&seed) & (PPC_MSR_EE | PPC_MSR_LE | PPC_MSR_FP |
					  PPC_MSR_VEC | 0x30);
		ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0,
					      (xorshift(&seed) % MEM_SIZE) & ~3ULL,
					      msr));
		for (i = 0; i < RUNS_PER_SEED; i++) {
			int r = run_once(&self->l2, self->timer, &seed);

			ASSERT_EQ(0, r) TH_LOG("seed %llu, round %u, run %u",
					       (unsigned long long)seed0, s, i);
		}
	}
}

/* The L2 stores random words over the code it is running. */
TEST_F(l2, self_modifying)
{
	__u64 seed = 12345;
	__u32 *c = (__u32 *)self->l2.mem;
	int i;

	mark_vectors(self->l2.mem);
	/* r5 = address; loop: r6 = r5 * 3 + 7; stw r6, 0(r5); r5 += 4 */
	c = (__u32 *)(self->l2.mem + 0x2000);
	*c++ = ppc_li(5, 0x2000);
	*c++ = ppc_mulli(6, 5, 3);
	*c++ = ppc_addi(6, 6, 7);
	*c++ = ppc_dform(36, 6, 5, 0);	/* stw r6, 0(r5) */
	*c++ = ppc_addi(5, 5, 4);
	*c = ppc_b(-16);
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0x2000, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
	for (i = 0; i < 50; i++)
		ASSERT_EQ(0, run_once(&self->l2, self->timer, &seed));
}

/*
 * Hypervisor SPRs (mtspr LPCR, mfspr HSRR0) and hypervisor-only
 * instructions are not the L2's: it gets a program (or hypervisor
 * emulation) interrupt of its own, and the L1 stays unaffected.
 */
TEST_F(l2, hypervisor_resources)
{
	struct kvm_run *run = self->l2.run[0];
	__u32 insns[] = {
		ppc_mtspr(SPR_LPCR, 0),
		ppc_mfspr(3, SPR_HSRR0),
		0x4c000224,		/* hrfid */
		0x7c0002e4,		/* tlbia */
	};
	__u64 seed = 7, nr;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(insns); i++) {
		__u32 *c = (__u32 *)self->l2.mem;

		mark_vectors(self->l2.mem);
		*c++ = insns[i];
		*c++ = ppc_li(3, H_MARK);
		*c++ = PPC_SC1;
		ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF |
					      PPC_MSR_ME | PPC_MSR_LE));
		ASSERT_EQ(0, run_once(&self->l2, self->timer, &seed));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason)
			TH_LOG("insn %u: exit %u", i, run->exit_reason);
		/*
		 * The L2 took a program (0x700) or hypervisor emulation
		 * (0xe40) interrupt of its own, or (a privileged SPR the ISA
		 * makes a no-op) went on; hrfid and tlbia may not go on.
		 */
		nr = run->papr_hcall.nr;
		TH_LOG("insn %u: vector %#llx", i, (unsigned long long)nr - H_MARK);
		EXPECT_TRUE(nr == H_MARK + 0x700 || nr == H_MARK + 0xe40 ||
			    (i < 2 && nr == H_MARK));
	}
}

/* Unknown hcall numbers go to userspace as they are. */
TEST_F(l2, unknown_hcalls)
{
	static const __u64 nrs[] = { 0, 0x7ffc, 0xf000, 0xdead, 0x4 };
	struct kvm_run *run = self->l2.run[0];
	__u64 seed = 9;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(nrs); i++) {
		__u32 *c = (__u32 *)self->l2.mem;

		*c++ = ppc_li(3, 0);
		*c++ = ppc_ori(3, 3, nrs[i]);
		*c++ = PPC_SC1;
		*c++ = PPC_B_SELF;
		ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF |
					      PPC_MSR_ME | PPC_MSR_LE));
		ASSERT_EQ(0, run_once(&self->l2, self->timer, &seed));
		ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
		EXPECT_EQ(nrs[i], run->papr_hcall.nr);
	}
}

TEST_HARNESS_MAIN
