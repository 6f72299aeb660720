// SPDX-License-Identifier: GPL-2.0
/*
 * okvm_bench: the workloads of `make bench`, run against one device
 * (OKVM_DEV: /dev/okvm or /dev/kvm) inside the POWER L1. A benchmark: it
 * prints figures, it never passes or fails on them.
 *
 * One line per figure on stdout, for bench/report.py:
 *
 *	<workload> median_us <m> p99_us <p> reps <n>
 *	<workload> value <v> unit <unit>
 *
 * and a progress line per workload on stderr. OKVM_BENCH_QUICK=1 (the
 * QEMU test boots) makes every workload about ten times shorter.
 *
 * Workloads (Documentation/testing.rst, "Benchmarks"):
 *  hcall_roundtrip  L2 `sc 1` -> KVM_EXIT_PAPR_HCALL -> back
 *  mmio_roundtrip   L2 load outside every memslot -> KVM_EXIT_MMIO -> back
 *  fault_in_4k      L2 first store to each 4 KiB page of a 64 MiB slot
 *  vcpu_lifecycle   KVM_CREATE_VCPU + first KVM_RUN to an hcall + close
 *  vm_lifecycle     KVM_CREATE_VM + close
 *  onereg_gpr       KVM_GET_REGS after an exit (POWER has no ONE_REG id
 *                   for a GPR); onereg_one: KVM_GET_ONE_REG of one SPR
 *  l0_hcalls_per_exit, gsb_bytes_per_exit (okvm's stats fd only)
 *  bytes_per_vm, bytes_per_vcpu (MemFree over 64 of each)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "okvm_stats.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define H_TEST		0x100
#define MMIO_GPA	0x10000000ULL
#define SLOT1_GPA	0x4000000ULL
#define SLOT1_SIZE	(64ULL << 20)
#define CHUNK_PAGES	1024
#define MAX_REPS	10000
#define MSR_L2		(PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE)

static int quick;
static __u64 t[MAX_REPS];

#define ppc_ld(rt, ra, ds)	ppc_dform(58, rt, ra, (ds) & 0xfffc)
#define ppc_stb(rs, ra, d)	ppc_dform(38, rs, ra, d)

static int reps(int n)
{
	return quick ? (n + 9) / 10 : n;
}

static __u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	__u64 x = *(const __u64 *)a, y = *(const __u64 *)b;

	return x < y ? -1 : x > y;
}

/* @n times in ns (@scale of them per figure) as median/p99 in us. */
static void report(const char *name, int n, double scale)
{
	qsort(t, n, sizeof(t[0]), cmp_u64);
	printf("%s median_us %.2f p99_us %.2f reps %d\n", name,
	       t[n / 2] / 1000.0 / scale, t[n * 99 / 100] / 1000.0 / scale, n);
	fflush(stdout);
}

static void progress(const char *name)
{
	fprintf(stderr, "okvm_bench: %s ...\n", name);
}

static int fail(const char *what)
{
	printf("# okvm_bench: %s: %s\n", what, strerror(errno));
	return -1;
}

/* The vCPU stats we look at, where the device has them (okvm). */
enum { S_HCALLS, S_BYTES_TO, S_BYTES_FROM, S_NR };
static const char *const stat_names[S_NR] = {
	"l0_hcalls", "gsb_bytes_to_l0", "gsb_bytes_from_l0",
};

struct sampler {
	int fd;
	__u64 v[S_NR];
};

static void sample_start(struct sampler *s, int vcpu_fd)
{
	s->fd = ioctl(vcpu_fd, KVM_GET_STATS_FD, NULL);
	if (s->fd >= 0 && okvm_stats_sample(s->fd, stat_names, S_NR, s->v)) {
		close(s->fd);
		s->fd = -1;
	}
}

/* Per-exit L0 hcalls and GSB bytes since sample_start(), if counted. */
static void sample_end(struct sampler *s, const char *workload, int exits)
{
	__u64 v[S_NR];

	if (s->fd < 0)
		return;
	if (!okvm_stats_sample(s->fd, stat_names, S_NR, v) &&
	    v[S_HCALLS] != ~0ULL) {
		printf("l0_hcalls_per_exit.%s value %.3f unit hcalls\n", workload,
		       (double)(v[S_HCALLS] - s->v[S_HCALLS]) / exits);
		if (v[S_BYTES_TO] != ~0ULL && v[S_BYTES_TO] != s->v[S_BYTES_TO])
			printf("gsb_bytes_per_exit.%s value %.1f unit bytes\n",
			       workload, (double)(v[S_BYTES_TO] - s->v[S_BYTES_TO] +
						  v[S_BYTES_FROM] - s->v[S_BYTES_FROM]) /
			       exits);
	}
	close(s->fd);
}

/* An L2 at 0 looping on H_TEST; vCPU 0 ready to run it. */
static int hcall_l2(struct ppc_l2 *l2, const char **why)
{
	__u32 *c;

	if (ppc_l2_create(l2, 64 * 1024, 1, why) != PPC_L2_OK)
		return -1;
	c = (__u32 *)l2->mem;
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c = ppc_b(-8);
	return ppc_l2_set_entry(l2, 0, 0, MSR_L2);
}

static int run_to(struct ppc_l2 *l2, __u32 reason)
{
	if (ioctl(l2->vcpu_fd[0], KVM_RUN, 0))
		return fail("KVM_RUN");
	if (l2->run[0]->exit_reason != reason) {
		printf("# okvm_bench: exit %u, not %u\n",
		       l2->run[0]->exit_reason, reason);
		return -1;
	}
	return 0;
}

static int bench_hcall(void)
{
	int i, n = reps(2000), r = -1;
	const char *why = "";
	struct ppc_l2 l2;
	struct sampler s;

	progress("hcall_roundtrip");
	if (hcall_l2(&l2, &why)) {
		printf("# okvm_bench: no L2: %s\n", why);
		goto out;
	}
	for (i = 0; i < 100; i++)
		if (run_to(&l2, KVM_EXIT_PAPR_HCALL))
			goto out;
	sample_start(&s, l2.vcpu_fd[0]);
	for (i = 0; i < n; i++) {
		__u64 t0 = now_ns();

		if (run_to(&l2, KVM_EXIT_PAPR_HCALL))
			goto out;
		t[i] = now_ns() - t0;
	}
	sample_end(&s, "hcall_roundtrip", n);
	report("hcall_roundtrip", n, 1);

	progress("onereg_gpr");
	for (i = 0; i < reps(500); i++) {
		struct kvm_regs regs;
		__u64 t0;

		if (run_to(&l2, KVM_EXIT_PAPR_HCALL))
			goto out;
		t0 = now_ns();
		if (ioctl(l2.vcpu_fd[0], KVM_GET_REGS, &regs))
			goto out;
		t[i] = now_ns() - t0;
	}
	report("onereg_gpr", reps(500), 1);

	progress("onereg_one");
	for (i = 0; i < reps(500); i++) {
		__u64 tar, t0;
		struct kvm_one_reg reg = {
			.id = KVM_REG_PPC_TAR, .addr = (unsigned long)&tar,
		};

		if (run_to(&l2, KVM_EXIT_PAPR_HCALL))
			goto out;
		t0 = now_ns();
		if (ioctl(l2.vcpu_fd[0], KVM_GET_ONE_REG, &reg))
			goto out;
		t[i] = now_ns() - t0;
	}
	report("onereg_one", reps(500), 1);
	r = 0;
out:
	ppc_l2_destroy(&l2);
	return r;
}

static int bench_mmio(void)
{
	int i, n = reps(2000), r = -1;
	const char *why = "";
	struct ppc_l2 l2;
	struct sampler s;
	__u32 *c;

	progress("mmio_roundtrip");
	if (ppc_l2_create(&l2, 64 * 1024, 1, &why) != PPC_L2_OK)
		goto out;
	c = (__u32 *)l2.mem;
	*c++ = ppc_addis(12, 0, MMIO_GPA >> 16);
	*c++ = ppc_ld(5, 12, 0);
	*c = ppc_b(-4);
	if (ppc_l2_set_entry(&l2, 0, 0, MSR_L2))
		goto out;
	for (i = 0; i < 100; i++)
		if (run_to(&l2, KVM_EXIT_MMIO))
			goto out;
	sample_start(&s, l2.vcpu_fd[0]);
	for (i = 0; i < n; i++) {
		__u64 t0 = now_ns();

		if (run_to(&l2, KVM_EXIT_MMIO))
			goto out;
		t[i] = now_ns() - t0;
	}
	sample_end(&s, "mmio_roundtrip", n);
	report("mmio_roundtrip", n, 1);
	r = 0;
out:
	ppc_l2_destroy(&l2);
	return r;
}

/* Each KVM_RUN stores once to CHUNK_PAGES fresh pages, then hcalls. */
static int bench_fault_in(void)
{
	int i, chunks = quick ? 1 : SLOT1_SIZE / 4096 / CHUNK_PAGES, r = -1;
	const char *why = "";
	struct ppc_l2 l2;
	void *mem;
	__u32 *c, *outer, *inner;

	progress("fault_in_4k");
	mem = mmap(NULL, SLOT1_SIZE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		return fail("mmap 64 MiB");
	if (ppc_l2_create(&l2, 64 * 1024, 1, &why) != PPC_L2_OK)
		goto out;
	if (__set_memslot(l2.vm_fd, 1, 0, SLOT1_GPA, SLOT1_SIZE,
			  (unsigned long)mem)) {
		fail("memslot");
		goto out;
	}
	c = (__u32 *)l2.mem;
	*c++ = ppc_addis(12, 0, SLOT1_GPA >> 16);
	outer = c;
	*c++ = ppc_li(14, 0);
	inner = c;
	*c++ = ppc_stb(0, 12, 0);
	*c++ = ppc_addi(12, 12, 4096);
	*c++ = ppc_addi(14, 14, 1);
	*c++ = ppc_cmpdi(14, CHUNK_PAGES);
	*c = ppc_blt((int)((inner - c) * 4));
	c++;
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c = ppc_b((int)((outer - c) * 4));
	if (ppc_l2_set_entry(&l2, 0, 0, MSR_L2))
		goto out;
	for (i = 0; i < chunks; i++) {
		__u64 t0 = now_ns();

		if (run_to(&l2, KVM_EXIT_PAPR_HCALL))
			goto out;
		t[i] = now_ns() - t0;
	}
	report("fault_in_4k", chunks, CHUNK_PAGES);
	r = 0;
out:
	ppc_l2_destroy(&l2);
	munmap(mem, SLOT1_SIZE);
	return r;
}

static int bench_vcpu_lifecycle(void)
{
	int i, n = reps(64), r = -1;
	const char *why = "";
	struct ppc_l2 l2;

	progress("vcpu_lifecycle");
	if (hcall_l2(&l2, &why))
		goto out;
	for (i = 0; i < n; i++) {
		struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
		__u64 t0 = now_ns();
		struct kvm_regs regs;
		struct kvm_run *run;
		int fd;

		fd = ioctl(l2.vm_fd, KVM_CREATE_VCPU, 1 + i);
		if (fd < 0) {
			fail("KVM_CREATE_VCPU");
			goto out;
		}
		run = mmap(NULL, l2.run_size, PROT_READ | PROT_WRITE,
			   MAP_SHARED, fd, 0);
		if (run == MAP_FAILED || ioctl(fd, KVM_ENABLE_CAP, &papr) ||
		    ioctl(fd, KVM_GET_REGS, &regs)) {
			fail("vCPU setup");
			goto out;
		}
		regs.pc = 0;
		regs.msr = MSR_L2;
		if (ioctl(fd, KVM_SET_REGS, &regs) || ioctl(fd, KVM_RUN, 0) ||
		    run->exit_reason != KVM_EXIT_PAPR_HCALL) {
			fail("first KVM_RUN");
			goto out;
		}
		munmap(run, l2.run_size);
		close(fd);
		t[i] = now_ns() - t0;
	}
	report("vcpu_lifecycle", n, 1);
	r = 0;
out:
	ppc_l2_destroy(&l2);
	return r;
}

static int bench_vm_lifecycle(int sys_fd)
{
	int i, n = reps(200);

	progress("vm_lifecycle");
	for (i = 0; i < n; i++) {
		__u64 t0 = now_ns();
		int vm = ioctl(sys_fd, KVM_CREATE_VM, 0);

		if (vm < 0)
			return fail("KVM_CREATE_VM");
		close(vm);
		t[i] = now_ns() - t0;
	}
	report("vm_lifecycle", n, 1);
	return 0;
}

static long long mem_free(void)
{
	char line[128];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemFree: %lld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb * 1024;
}

/* MemFree consumed by 64 VMs, then by 64 vCPUs of one VM. */
static int bench_memory(int sys_fd)
{
	enum { N = 64 };
	int vm[N], vcpu[N], i, one;
	long long before;

	progress("bytes_per_vm, bytes_per_vcpu");
	before = mem_free();
	for (i = 0; i < N; i++)
		vm[i] = ioctl(sys_fd, KVM_CREATE_VM, 0);
	printf("bytes_per_vm value %.0f unit bytes\n",
	       (double)(before - mem_free()) / N);
	for (i = 0; i < N; i++)
		if (vm[i] >= 0)
			close(vm[i]);
	one = ioctl(sys_fd, KVM_CREATE_VM, 0);
	if (one < 0)
		return fail("KVM_CREATE_VM");
	before = mem_free();
	for (i = 0; i < N; i++)
		vcpu[i] = ioctl(one, KVM_CREATE_VCPU, i);
	printf("bytes_per_vcpu value %.0f unit bytes\n",
	       (double)(before - mem_free()) / N);
	for (i = 0; i < N; i++)
		if (vcpu[i] >= 0)
			close(vcpu[i]);
	close(one);
	return 0;
}

int main(void)
{
	int sys_fd, bad = 0;

	quick = !!getenv("OKVM_BENCH_QUICK");
	sys_fd = okvm_open_dev();
	if (sys_fd < 0) {
		printf("# okvm_bench: %s\n", okvm_open_error());
		return 1;
	}
	bad |= bench_hcall();
	bad |= bench_mmio();
	bad |= bench_fault_in();
	bad |= bench_vcpu_lifecycle();
	bad |= bench_vm_lifecycle(sys_fd);
	bad |= bench_memory(sys_fd);
	close(sys_fd);
	return bad ? 1 : 0;
}
