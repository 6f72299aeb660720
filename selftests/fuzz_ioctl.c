// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_ioctl
 *
 * A bounded, seeded ioctl fuzzer run inside the QEMU L1 (issue
 * "Reliability", after syzkaller's KVM descriptions): several threads
 * share one table of system, VM, vCPU and stats fds and issue random but
 * plausible sequences on them: fds created and closed in any order from
 * any thread, memslots with random flags, sizes and addresses (read-only,
 * unmapped and misaligned user memory included), KVM_RUN with random
 * registers and random L2 code (ended by a per-thread timer signal),
 * ONE_REG with random ids and sizes, stats reads at random offsets, mmap
 * of odd sizes and offsets, KVM_INTERRUPT, KVM_ENABLE_CAP, KVM_IOEVENTFD
 * and the VM ioctls QEMU uses (MMU info, KVM_PPC_CONFIGURE_V3_MMU, TCE
 * tables, KVM_CAP_PPC_ENABLE_HCALL), random ioctl numbers, L0 hcall failures
 * armed at random through okvm's fault injection knobs (H_BUSY,
 * H_LONG_BUSY_*, H_NO_MEM, H_PARAMETER, H_INVALID_ELEMENT_*, H_STATE,
 * H_FUNCTION, ...) and attempts to unload
 * the module, which must be refused while any fd is open. The kernel runs
 * with panic_on_warn: any splat ends the boot; afterwards the harness
 * checks that okvm/objects reads zero.
 *
 * OKVM_FUZZ_SECS (default 20) bounds it; OKVM_FUZZ_SEED replays a run
 * (the seed is printed first).
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define NR_THREADS	4
#define NR_FDS		48
#define POOL_SIZE	0x100000
#define NR_OPS		17
#define TRIPLES		(NR_OPS * NR_OPS * NR_OPS)

enum kind { FREE, SYS, VM, VCPU, STATS };

static struct {
	pthread_mutex_t lock;	/* the table (not the objects) */
	int fd[NR_FDS];
	enum kind kind[NR_FDS];
	__u8 *rw, *ro, *hole;
	int stop;	/* read and written with __atomic */
	int okvm;	/* the device is okvm: fault knobs, module name */
	int unloaded;	/* delete_module() succeeded: a bug */
	__u64 calls, seen[TRIPLES / 64 + 1];
} F = { .lock = PTHREAD_MUTEX_INITIALIZER };

static __u64 rnd(__u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int pick(__u64 *s, enum kind want)
{
	int i, n = rnd(s) % NR_FDS, fd = -1;

	pthread_mutex_lock(&F.lock);
	for (i = 0; i < NR_FDS; i++) {
		int j = (n + i) % NR_FDS;

		if (F.kind[j] != FREE && (want == FREE || F.kind[j] == want)) {
			fd = F.fd[j];
			break;
		}
	}
	pthread_mutex_unlock(&F.lock);
	return fd;
}

static void keep(int fd, enum kind k)
{
	int i;

	if (fd < 0)
		return;
	pthread_mutex_lock(&F.lock);
	for (i = 0; i < NR_FDS && F.kind[i] != FREE; i++)
		;
	if (i < NR_FDS) {
		F.fd[i] = fd;
		F.kind[i] = k;
		fd = -1;
	}
	pthread_mutex_unlock(&F.lock);
	if (fd >= 0)
		close(fd);	/* table full */
}

static void drop(__u64 *s)
{
	int i = rnd(s) % NR_FDS, fd = -1;

	pthread_mutex_lock(&F.lock);
	if (F.kind[i] != FREE) {
		fd = F.fd[i];
		F.kind[i] = FREE;
	}
	pthread_mutex_unlock(&F.lock);
	if (fd >= 0)
		close(fd);
}

/* Some user memory: good, read-only, unmapped, or a misaligned address. */
static __u64 some_uaddr(__u64 *s)
{
	__u64 off = (rnd(s) % (POOL_SIZE / 4096)) * 4096;

	switch (rnd(s) % 5) {
	case 0:
		return (__u64)F.ro + off;
	case 1:
		return (__u64)F.hole + off;
	case 2:
		return (__u64)F.rw + off + (rnd(s) % 4096);
	default:
		return (__u64)F.rw + off;
	}
}

static void op_memslot(__u64 *s)
{
	int vm = pick(s, VM);
	__u64 size = (rnd(s) % 3) ? (rnd(s) % 64) * 4096 : rnd(s);

	if (vm < 0)
		return;
	__set_memslot(vm, rnd(s) % 4 ? rnd(s) % 8 : rnd(s),
		      rnd(s) % 3 ? 0 : rnd(s) & 0xff,
		      rnd(s) % 3 ? (rnd(s) % 64) << 20 : rnd(s), size,
		      some_uaddr(s));
}

/*
 * KVM_RUN ends with the thread's timer signal; periodic, because a signal
 * that fires before the thread enters KVM_RUN (a busy 2-CPU L1 preempts
 * it for longer than 5 ms) is taken in userspace, and a one-shot timer
 * would then leave a spinning L2 running forever.
 */
static void op_run(__u64 *s, timer_t timer)
{
	struct itimerspec it = { .it_value.tv_nsec = 5 * 1000 * 1000,
				 .it_interval.tv_nsec = 5 * 1000 * 1000 };
	int vcpu = pick(s, VCPU);
	struct kvm_regs regs;
	unsigned int i;

	if (vcpu < 0)
		return;
	/* random code at the start of the pool, random registers */
	for (i = 0; i < 64; i++)
		((__u32 *)F.rw)[rnd(s) % (POOL_SIZE / 4)] = rnd(s);
	if (!ioctl(vcpu, KVM_GET_REGS, &regs)) {
		for (i = 0; i < 32; i++)
			regs.gpr[i] = rnd(s) % 2 ? rnd(s) : i;
		regs.pc = rnd(s) % 2 ? (rnd(s) % POOL_SIZE) & ~3ULL : rnd(s);
		regs.msr = rnd(s);
		ioctl(vcpu, KVM_SET_REGS, &regs);
	}
	timer_settime(timer, 0, &it, NULL);
	ioctl(vcpu, KVM_RUN, 0);
	it = (struct itimerspec){};
	timer_settime(timer, 0, &it, NULL);
}

static void op_one_reg(__u64 *s)
{
	static const __u64 sizes[] = { KVM_REG_SIZE_U8, KVM_REG_SIZE_U32,
				       KVM_REG_SIZE_U64, KVM_REG_SIZE_U128,
				       KVM_REG_SIZE_U256, KVM_REG_SIZE_U2048 };
	__u64 buf[256 / 8 + 1] = { rnd(s), rnd(s) };
	int vcpu = pick(s, VCPU);
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC | sizes[rnd(s) % 6] | (rnd(s) % 0x100),
		.addr = rnd(s) % 8 ? (unsigned long)buf : rnd(s),
	};

	if (vcpu < 0)
		return;
	if (rnd(s) % 8 == 0)
		reg.id = rnd(s);
	ioctl(vcpu, rnd(s) % 2 ? KVM_GET_ONE_REG : KVM_SET_ONE_REG, &reg);
}

static void op_stats(__u64 *s)
{
	int fd = pick(s, rnd(s) % 2 ? VM : VCPU), st;
	char buf[512];

	if (fd >= 0) {
		st = ioctl(fd, KVM_GET_STATS_FD, NULL);
		keep(st, STATS);
	}
	st = pick(s, STATS);
	if (st >= 0)
		pread(st, buf, rnd(s) % sizeof(buf),
		      rnd(s) % 2 ? rnd(s) % 4096 : rnd(s));
}

static void op_mmap(__u64 *s)
{
	int fd = pick(s, rnd(s) % 4 ? VCPU : FREE);
	size_t len = rnd(s) % 4 ? 4096 * (1 + rnd(s) % 4) : rnd(s) % 100000;
	void *p;

	if (fd < 0)
		return;
	p = mmap(NULL, len, rnd(s) % 2 ? PROT_READ | PROT_WRITE : PROT_READ,
		 MAP_SHARED, fd, rnd(s) % 4 ? 0 : (rnd(s) % 8) * 4096);
	if (p != MAP_FAILED)
		munmap(p, len);
}

static void op_random_ioctl(__u64 *s)
{
	__u8 buf[4096];
	int fd = pick(s, FREE);
	unsigned long nr;

	if (fd < 0)
		return;
	memset(buf, (int)rnd(s), sizeof(buf));
	/* KVM's type (0xAE), a random number, direction and size <= 4 KiB */
	nr = _IOC(rnd(s) % 4, KVMIO, rnd(s) % 0x100, rnd(s) % 4096);
	ioctl(fd, nr, rnd(s) % 8 ? (unsigned long)buf : rnd(s));
}

/*
 * The VM ioctls QEMU's pseries machine uses, with plausible and hostile
 * arguments: KVM_IOEVENTFD (eventfds closed right after, so only the
 * registration holds them), the MMU queries into random buffers,
 * KVM_PPC_CONFIGURE_V3_MMU with random tables and sizes (v2 under QEMU
 * must refuse the sizes its L0 would abort on) and the hcall/DAWR1 caps.
 */
static void op_vm_ioctls(__u64 *s)
{
	static const __u32 lens[] = { 0, 1, 2, 3, 4, 8, 16 };
	__u8 buf[1024];
	int vm = pick(s, VM), efd;

	if (vm < 0)
		return;
	switch (rnd(s) % 6) {
	case 4: {	/* a TCE table, mapped and kept among the stats fds */
		struct kvm_create_spapr_tce_64 t = {
			.liobn = rnd(s) % 8, .page_shift = 10 + rnd(s) % 28,
			.size = rnd(s) % 4 ? rnd(s) % 4096 : rnd(s),
			.offset = rnd(s) % 4 ? 0 : rnd(s),
			.flags = rnd(s) % 8 ? 0 : rnd(s),
		};
		size_t len = (rnd(s) % 4 + 1) * 4096;
		void *p;

		efd = ioctl(vm, KVM_CREATE_SPAPR_TCE_64, &t);
		if (efd < 0)
			break;
		p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, efd,
			 rnd(s) % 4 ? 0 : (rnd(s) % 4) * 4096);
		if (p != MAP_FAILED) {
			__atomic_store_n((__u64 *)p, rnd(s), __ATOMIC_RELAXED);
			munmap(p, len);
		}
		keep(efd, STATS);
		break;
	}
	case 0: {
		struct kvm_ioeventfd io = {
			.addr = rnd(s) % 2 ? 0x100000 + (rnd(s) % 4) * 8 : rnd(s),
			.len = lens[rnd(s) % ARRAY_SIZE(lens)],
			.flags = rnd(s) % 4 ? rnd(s) % 8 : rnd(s),
			.datamatch = rnd(s) % 4,
		};

		efd = eventfd(0, EFD_NONBLOCK);
		io.fd = rnd(s) % 8 ? efd : (int)(rnd(s) % 64);
		ioctl(vm, KVM_IOEVENTFD, &io);
		if (efd >= 0)
			close(efd);
		break;
	}
	case 1:
		ioctl(vm, rnd(s) % 2 ? KVM_PPC_GET_SMMU_INFO : KVM_PPC_GET_RMMU_INFO,
		      rnd(s) % 8 ? (unsigned long)buf : rnd(s));
		break;
	case 2: {
		struct kvm_ppc_mmuv3_cfg cfg = {
			.flags = rnd(s) % 4 ? 3 : rnd(s),
			.process_table = rnd(s) % 4 ? (1ULL << 63) |
				((rnd(s) % 64) << 20) | rnd(s) % 32 : rnd(s),
		};

		ioctl(vm, KVM_PPC_CONFIGURE_V3_MMU, &cfg);
		break;
	}
	default:
		ioctl(vm, KVM_ENABLE_CAP, &(struct kvm_enable_cap){
			.cap = rnd(s) % 2 ? KVM_CAP_PPC_ENABLE_HCALL :
					    KVM_CAP_PPC_DAWR1,
			.args = { rnd(s) % 2 ? 0x31c : rnd(s) % 2 ? 0xe0 : rnd(s),
				  rnd(s) % 4 ? rnd(s) % 2 : rnd(s) } });
		break;
	}
}

/* L0 hcalls okvm makes (hcall.h) and codes an L0 may answer with. */
static const long fault_hcalls[] = {
	0, 0xf804 /* H_ENTER_NESTED */, 0xf800 /* H_SET_PARTITION_TABLE */,
	0xf808 /* H_TLB_INVALIDATE */, 0x470 /* H_GUEST_CREATE */,
	0x474 /* H_GUEST_CREATE_VCPU */, 0x478 /* H_GUEST_GET_STATE */,
	0x47c /* H_GUEST_SET_STATE */, 0x480 /* H_GUEST_RUN_VCPU */,
	0x488 /* H_GUEST_DELETE */,
};

static const long fault_codes[] = {
	1 /* H_BUSY */, 9900 /* H_LONG_BUSY_ORDER_1_MSEC */,
	9905 /* H_LONG_BUSY_ORDER_100_SEC */, -1 /* H_HARDWARE */,
	-2 /* H_FUNCTION */, -4 /* H_PARAMETER */, -9 /* H_NO_MEM */,
	-75 /* H_STATE */, -79 /* H_INVALID_ELEMENT_ID */,
	-80 /* H_INVALID_ELEMENT_SIZE */, -81 /* H_INVALID_ELEMENT_VALUE */,
	-82 /* H_INPUT_BUFFER_NOT_DEFINED */,
};

/* Arm (or disarm) a random L0 failure; the knobs are global. */
static void op_fault(__u64 *s)
{
	if (!F.okvm)
		return;
	if (rnd(s) % 4 == 0) {
		okvm_fault_write("times", 0);
		return;
	}
	okvm_fault_write("times", 0);
	okvm_fault_write("hcall", fault_hcalls[rnd(s) % ARRAY_SIZE(fault_hcalls)]);
	okvm_fault_write("code", fault_codes[rnd(s) % ARRAY_SIZE(fault_codes)]);
	okvm_fault_write("every", 1 + rnd(s) % 8);
	okvm_fault_write("skip", rnd(s) % 4);
	okvm_fault_write("times", 1 + rnd(s) % 16);
}

/* The module is pinned by F's own fd at least: unloading must fail. */
static void op_unload(void)
{
	if (!F.okvm)
		return;
	if (!syscall(SYS_delete_module, "okvm", O_NONBLOCK))
		__atomic_store_n(&F.unloaded, 1, __ATOMIC_RELAXED);
}

static void one_op(int op, __u64 *s, timer_t timer)
{
	int fd;

	switch (op) {
	case 0:
		keep(okvm_open_dev(), SYS);
		break;
	case 1:
		fd = pick(s, SYS);
		if (fd >= 0)
			keep(ioctl(fd, KVM_CREATE_VM, rnd(s) % 4 ? 0 : rnd(s) % 4),
			     VM);
		break;
	case 2:
		fd = pick(s, VM);
		if (fd >= 0)
			keep(ioctl(fd, KVM_CREATE_VCPU,
				   rnd(s) % 8 ? rnd(s) % 6 : rnd(s)), VCPU);
		break;
	case 3:
		op_memslot(s);
		break;
	case 4:
		op_run(s, timer);
		break;
	case 5:
		op_one_reg(s);
		break;
	case 6:
		op_stats(s);
		break;
	case 7:
		op_mmap(s);
		break;
	case 8:
		fd = pick(s, VCPU);
		if (fd >= 0)
			ioctl(fd, KVM_INTERRUPT,
			      &(struct kvm_interrupt){ .irq = rnd(s) % 4 ?
				      KVM_INTERRUPT_SET : rnd(s) });
		break;
	case 9:
		fd = pick(s, rnd(s) % 2 ? VM : VCPU);
		if (fd >= 0)
			ioctl(fd, KVM_ENABLE_CAP, &(struct kvm_enable_cap){
				.cap = rnd(s) % 2 ? KVM_CAP_PPC_PAPR : rnd(s) % 300,
				.flags = rnd(s) % 8 ? 0 : rnd(s) });
		break;
	case 10:
		fd = pick(s, FREE);
		if (fd >= 0)
			ioctl(fd, KVM_CHECK_EXTENSION, rnd(s) % 300);
		break;
	case 11:
	case 12:
		drop(s);
		break;
	case 13:
		op_fault(s);
		break;
	case 14:
		op_unload();
		break;
	case 15:
		op_vm_ioctls(s);
		break;
	default:
		op_random_ioctl(s);
		break;
	}
}

static void on_signal(int sig)
{
	(void)sig;
}

static void *worker(void *arg)
{
	__u64 seed = (__u64)(unsigned long)arg, calls = 0;
	struct sigevent sev = {
		.sigev_notify = SIGEV_THREAD_ID,
		.sigev_signo = SIGUSR1,
	};
	struct itimerspec guard = { .it_value.tv_nsec = 50 * 1000 * 1000,
				    .it_interval.tv_nsec = 50 * 1000 * 1000 };
	struct itimerspec off = {};
	int prev[2] = { 0, 0 };
	timer_t timer;

	sev._sigev_un._tid = syscall(SYS_gettid);
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer))
		return NULL;
	while (!__atomic_load_n(&F.stop, __ATOMIC_RELAXED)) {
		int op = rnd(&seed) % NR_OPS;
		unsigned int t = (prev[0] * NR_OPS + prev[1]) * NR_OPS + op;

		/* nothing may block for long: a KVM_RUN, a cede, ... */
		timer_settime(timer, 0, &guard, NULL);
		one_op(op, &seed, timer);
		timer_settime(timer, 0, &off, NULL);
		__atomic_fetch_or(&F.seen[t / 64], 1ULL << (t % 64),
				  __ATOMIC_RELAXED);
		prev[0] = prev[1];
		prev[1] = op;
		calls++;
	}
	timer_delete(timer);
	__atomic_fetch_add(&F.calls, calls, __ATOMIC_RELAXED);
	return NULL;
}

FIXTURE(fz) {
	int dummy;
};

FIXTURE_SETUP(fz)
{
	int fd;

	/* Debian's kvm_hv falls over (and takes QEMU's L0 with it) */
	if (getenv("OKVM_NO_SPIN"))
		SKIP(return, "OKVM_NO_SPIN: this device does not survive it");
	fd = okvm_open_dev();

	if (fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, fd);
	close(fd);
}

FIXTURE_TEARDOWN(fz)
{
}

TEST_F_TIMEOUT(fz, random_sequences, 3600)
{
	const char *env = getenv("OKVM_FUZZ_SECS");
	unsigned int secs = env ? atoi(env) : 20, i, distinct = 0;
	long long injected = 0;
	int pin, vm;
	__u64 seed = getenv("OKVM_FUZZ_SEED") ?
		     strtoull(getenv("OKVM_FUZZ_SEED"), NULL, 0) :
		     (__u64)time(NULL) * 2654435761ULL | 1;
	pthread_t t[NR_THREADS];
	struct sigaction sa = { .sa_handler = on_signal };

	printf("# fuzz_ioctl: seed %llu, %u s, %d threads (OKVM_FUZZ_SEED replays)\n",
	       (unsigned long long)seed, secs, NR_THREADS);
	fflush(stdout);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	F.rw = mmap(NULL, POOL_SIZE, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	F.ro = mmap(NULL, POOL_SIZE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	F.hole = mmap(NULL, POOL_SIZE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, F.rw);
	ASSERT_NE(MAP_FAILED, F.ro);
	ASSERT_NE(MAP_FAILED, F.hole);
	munmap(F.hole, POOL_SIZE);	/* now really unmapped */

	/* held to the end: the module must refuse to unload throughout */
	pin = okvm_open_dev();
	ASSERT_LE(0, pin);
	F.okvm = is_okvm(pin) && !access(OKVM_FAULT_DIR "times", W_OK) &&
		 !okvm_fault_write("times", 0);
	if (F.okvm)
		injected = okvm_fault_read("injected");

	for (i = 0; i < NR_THREADS; i++) {
		unsigned long thread_seed = seed + i * 0x9e3779b97f4a7c15ULL;

		ASSERT_EQ(0, pthread_create(&t[i], NULL, worker,
					    (void *)thread_seed));
	}
	sleep(secs);
	__atomic_store_n(&F.stop, 1, __ATOMIC_RELAXED);
	for (i = 0; i < NR_THREADS; i++)
		pthread_join(t[i], NULL);
	for (i = 0; i < NR_FDS; i++)
		if (F.kind[i] != FREE)
			close(F.fd[i]);
	if (F.okvm) {
		okvm_fault_write("times", 0);
		injected = okvm_fault_read("injected") - injected;
		/* an L0 guest whose delete failed is retried at the next one */
		vm = ioctl(pin, KVM_CREATE_VM, 0);
		if (vm >= 0)
			close(vm);
	}
	close(pin);
	for (i = 0; i < TRIPLES; i++)
		distinct += !!(F.seen[i / 64] & (1ULL << (i % 64)));
	printf("# fuzz_ioctl: %llu calls, %u of %u op triples, %lld L0 failures injected\n",
	       (unsigned long long)F.calls, distinct, TRIPLES, injected);
	EXPECT_LT(0, F.calls);
	EXPECT_EQ(0, F.unloaded) TH_LOG("okvm was unloaded while its fds were open");
}

TEST_HARNESS_MAIN
