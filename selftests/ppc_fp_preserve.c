// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_fp_preserve
 *
 * The L1 thread's floating-point and vector registers are bit-identical
 * after KVM_RUN, even though the L2 loads its own values into the same
 * registers and the thread is preempted while it runs: a busy thread is
 * pinned to the same CPU for the whole test. Checked for the callee-saved
 * FPRs f14-f31 and VRs v20-v31 (the ones the ABI says survive a call),
 * over N_RUNS hcall round trips, with the ioctl made by a raw `sc` between
 * loading and storing those registers, so nothing else touches them.
 *
 * Upstream's v1 path has been seen leaking L2 FP/VMX values into the L1
 * thread when it is preempted inside KVM_RUN; okvm must not.
 */
#include <assert.h>
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define L2_FPR		0x2000
#define L2_VR		0x3000
#define N_RUNS		1000
#define H_TEST		0x100

#define NFPR	18	/* f14-f31 */
#define NVR	12	/* v20-v31 */

struct regset {
	__u64 fpr[NFPR];
	__u8 vr[NVR][16];	/* 16-aligned: lvx/stvx ignore the low bits */
};

/* Load @in into f14-f31/v20-v31, KVM_RUN by `sc`, store them to @out. */
static long run_keeping_regs(int vcpu_fd, const struct regset *in,
			     struct regset *out)
{
	register long r0 asm("r0") = __NR_ioctl;
	register long r3 asm("r3") = vcpu_fd;
	register long r4 asm("r4") = KVM_RUN;
	register long r5 asm("r5") = 0;

	asm volatile("lfd 14, 0(%[fin])\n"
		"lfd 15, 8(%[fin])\n"
		"lfd 16, 16(%[fin])\n"
		"lfd 17, 24(%[fin])\n"
		"lfd 18, 32(%[fin])\n"
		"lfd 19, 40(%[fin])\n"
		"lfd 20, 48(%[fin])\n"
		"lfd 21, 56(%[fin])\n"
		"lfd 22, 64(%[fin])\n"
		"lfd 23, 72(%[fin])\n"
		"lfd 24, 80(%[fin])\n"
		"lfd 25, 88(%[fin])\n"
		"lfd 26, 96(%[fin])\n"
		"lfd 27, 104(%[fin])\n"
		"lfd 28, 112(%[fin])\n"
		"lfd 29, 120(%[fin])\n"
		"lfd 30, 128(%[fin])\n"
		"lfd 31, 136(%[fin])\n"
		"li 9, 0\n"
		"lvx 20, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 21, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 22, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 23, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 24, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 25, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 26, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 27, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 28, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 29, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 30, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"lvx 31, %[vin], 9\n"
		"addi 9, 9, 16\n"
		"sc\n"
		"stfd 14, 0(%[fout])\n"
		"stfd 15, 8(%[fout])\n"
		"stfd 16, 16(%[fout])\n"
		"stfd 17, 24(%[fout])\n"
		"stfd 18, 32(%[fout])\n"
		"stfd 19, 40(%[fout])\n"
		"stfd 20, 48(%[fout])\n"
		"stfd 21, 56(%[fout])\n"
		"stfd 22, 64(%[fout])\n"
		"stfd 23, 72(%[fout])\n"
		"stfd 24, 80(%[fout])\n"
		"stfd 25, 88(%[fout])\n"
		"stfd 26, 96(%[fout])\n"
		"stfd 27, 104(%[fout])\n"
		"stfd 28, 112(%[fout])\n"
		"stfd 29, 120(%[fout])\n"
		"stfd 30, 128(%[fout])\n"
		"stfd 31, 136(%[fout])\n"
		"li 9, 0\n"
		"stvx 20, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 21, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 22, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 23, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 24, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 25, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 26, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 27, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 28, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 29, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 30, %[vout], 9\n"
		"addi 9, 9, 16\n"
		"stvx 31, %[vout], 9\n"
		"addi 9, 9, 16\n"
		: "+r"(r0), "+r"(r3), "+r"(r4), "+r"(r5)
		: [fin] "b"(in->fpr), [fout] "b"(out->fpr),
		  [vin] "b"(in->vr), [vout] "b"(out->vr)
		: "r6", "r7", "r8", "r9", "r10", "r11", "r12", "cr0", "ctr",
		  "xer", "memory",
		  "fr14", "fr15", "fr16", "fr17", "fr18", "fr19", "fr20",
		  "fr21", "fr22", "fr23", "fr24", "fr25", "fr26", "fr27",
		  "fr28", "fr29", "fr30", "fr31", "v20", "v21", "v22", "v23",
		  "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31");
	return r3;
}

static int spin_stop;

static void *spin(void *arg)
{
	(void)arg;
	while (!__atomic_load_n(&spin_stop, __ATOMIC_RELAXED))
		;
	return NULL;
}

static void pin_to_cpu0(pthread_t t)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	pthread_setaffinity_np(t, sizeof(set), &set);
}

FIXTURE(l2) {
	struct ppc_l2 l2;
};

FIXTURE_SETUP(l2)
{
	const char *why = NULL;
	int r;
	__u8 *mem;
	__u32 *c;
	int i;

	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	mem = self->l2.mem;

	/* L2 values: every byte 0xa5 (FPRs) or 0x5a (VRs) ^ register number */
	for (i = 0; i < 32 * 16; i++)
		mem[L2_FPR + i] = 0xa5 ^ (i / 8);
	for (i = 0; i < 32 * 16; i++)
		mem[L2_VR + i] = 0x5a ^ (i / 16);

	/* loop: lfd f0-f31; lvx v0-v31; li r3, H_TEST; sc 1; b loop */
	c = (__u32 *)mem;
	for (i = 0; i < 32; i++)
		*c++ = ppc_lfd(i, 0, L2_FPR + 8 * i);
	*c++ = ppc_li(7, L2_VR);
	for (i = 0; i < 32; i++) {
		*c++ = ppc_lvx(i, 0, 7);
		*c++ = ppc_addi(7, 7, 16);
	}
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c = ppc_b(-(int)((__u8 *)c - mem));
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE |
				      PPC_MSR_FP | PPC_MSR_VEC | PPC_MSR_VSX));
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, l1_registers_survive_preemption)
{
	struct regset *in, *out;
	pthread_t spinner;
	int i, j, bad = 0;
	long r;

	static_assert(offsetof(struct regset, vr) % 16 == 0, "vr alignment");
	in = aligned_alloc(16, sizeof(*in));
	out = aligned_alloc(16, sizeof(*out));
	ASSERT_TRUE(in && out);
	for (j = 0; j < NFPR; j++)
		in->fpr[j] = 0x0123456789abcdefULL ^ ((__u64)j << 56);
	for (j = 0; j < NVR; j++)
		memset(in->vr[j], 0x30 + j, 16);

	pin_to_cpu0(pthread_self());
	ASSERT_EQ(0, pthread_create(&spinner, NULL, spin, NULL));
	pin_to_cpu0(spinner);

	for (i = 0; i < N_RUNS && !bad; i++) {
		memset(out, 0, sizeof(*out));
		r = run_keeping_regs(self->l2.vcpu_fd[0], in, out);
		if (r) {
			TH_LOG("KVM_RUN %d: %ld", i, r);
			bad = 1;
			break;
		}
		if (self->l2.run[0]->exit_reason != KVM_EXIT_PAPR_HCALL) {
			TH_LOG("run %d: exit reason %u", i, self->l2.run[0]->exit_reason);
			bad = 1;
			break;
		}
		for (j = 0; j < NFPR; j++)
			if (out->fpr[j] != in->fpr[j]) {
				TH_LOG("run %d: f%d = %llx, not %llx", i, 14 + j,
				       (unsigned long long)out->fpr[j],
				       (unsigned long long)in->fpr[j]);
				bad = 1;
			}
		for (j = 0; j < NVR; j++)
			if (memcmp(out->vr[j], in->vr[j], 16)) {
				TH_LOG("run %d: v%d = %02x.., not %02x..", i, 20 + j,
				       out->vr[j][0], in->vr[j][0]);
				bad = 1;
			}
	}
	__atomic_store_n(&spin_stop, 1, __ATOMIC_RELAXED);
	pthread_join(spinner, NULL);
	free(in);
	free(out);
	EXPECT_EQ(0, bad);
	TH_LOG("%d KVM_RUNs checked", i);
}

TEST_HARNESS_MAIN
