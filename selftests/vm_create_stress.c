// SPDX-License-Identifier: GPL-2.0
/*
 * vm_create_stress
 *
 * Test concurrent VM lifetimes: NR_THREADS threads each create and destroy
 * VMs ITERATIONS times at once. Every round a thread uses a system fd of
 * its own or the one shared by all threads, creates a VM, its stats fd, a
 * memslot and (where the backend allows) a vCPU, checks them, and closes
 * its fds in a random order. The order comes from a seed printed at the
 * start; set OKVM_SEED to replay a run. Nothing may fail or hang, and the
 * shared system fd must still work afterwards.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define NR_THREADS	8
#define ITERATIONS	8

enum { SYS, VM, STATS, VCPU, NR_FDS };

struct worker {
	pthread_t thread;
	pthread_barrier_t *start;
	int shared_sys_fd;
	unsigned int seed;
	void *mem;
	char err[256];
};

/* Record the first failure; the main thread asserts on it. */
#define FAIL_AT(w, fmt, ...) do {						\
	struct worker *__w = (w);						\
										\
	if (!__w->err[0])							\
		snprintf(__w->err, sizeof(__w->err), "line %d: " fmt,		\
			 __LINE__, ##__VA_ARGS__);				\
} while (0)

static void one_round(struct worker *w)
{
	long page = okvm_page_size();
	int fd[NR_FDS] = { -1, -1, -1, -1 };
	bool own_sys = rand_r(&w->seed) & 1;
	int order[NR_FDS] = { SYS, VM, STATS, VCPU };
	int i, j, tmp, sys_fd;

	sys_fd = own_sys ? okvm_open_dev() : w->shared_sys_fd;
	if (sys_fd < 0) {
		FAIL_AT(w, "%s", okvm_open_error());
		return;
	}
	if (own_sys)
		fd[SYS] = sys_fd;

	fd[VM] = __vm_create(sys_fd);
	if (fd[VM] < 0) {
		FAIL_AT(w, "KVM_CREATE_VM: %s", strerror(errno));
		goto close;
	}
	fd[STATS] = __get_stats_fd(fd[VM]);
	if (fd[STATS] < 0)
		FAIL_AT(w, "KVM_GET_STATS_FD: %s", strerror(errno));
	if (__set_memslot(fd[VM], 0, 0, 0, page, (unsigned long)w->mem))
		FAIL_AT(w, "KVM_SET_USER_MEMORY_REGION: %s", strerror(errno));
	fd[VCPU] = __vcpu_create(fd[VM], 0);
	if (fd[VCPU] < 0 && !okvm_vcpu_refused(sys_fd, errno))
		FAIL_AT(w, "KVM_CREATE_VCPU: %s", strerror(errno));

close:
	/* Fisher-Yates shuffle of the close order. */
	for (i = NR_FDS - 1; i > 0; i--) {
		j = rand_r(&w->seed) % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < NR_FDS; i++) {
		if (fd[order[i]] >= 0 && close(fd[order[i]]))
			FAIL_AT(w, "close: %s", strerror(errno));
	}
}

static void *worker_fn(void *arg)
{
	struct worker *w = arg;
	int i;

	pthread_barrier_wait(w->start);
	for (i = 0; i < ITERATIONS && !w->err[0]; i++)
		one_round(w);
	return NULL;
}

static void expect_no_error(struct __test_metadata *_metadata, int i,
			    const struct worker *w)
{
	EXPECT_EQ(0, w->err[0]) TH_LOG("thread %d: %s", i, w->err);
}

TEST(concurrent_create_close)
{
	struct worker w[NR_THREADS] = {};
	unsigned int seed = okvm_seed();
	pthread_barrier_t start;
	long page = okvm_page_size();
	int sys_fd, vm_fd, i;
	void *mem;

	sys_fd = okvm_open_dev();
	if (sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, sys_fd) TH_LOG("%s", okvm_open_error());
	TH_LOG("%d threads x %d rounds, OKVM_SEED=%u", NR_THREADS, ITERATIONS, seed);

	mem = mmap(NULL, NR_THREADS * page, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, mem);
	ASSERT_EQ(0, pthread_barrier_init(&start, NULL, NR_THREADS));
	for (i = 0; i < NR_THREADS; i++) {
		w[i].start = &start;
		w[i].shared_sys_fd = sys_fd;
		w[i].seed = seed + i;
		w[i].mem = (char *)mem + i * page;
		ASSERT_EQ(0, pthread_create(&w[i].thread, NULL, worker_fn, &w[i]));
	}
	for (i = 0; i < NR_THREADS; i++)
		ASSERT_EQ(0, pthread_join(w[i].thread, NULL));
	for (i = 0; i < NR_THREADS; i++)
		expect_no_error(_metadata, i, &w[i]);

	/* The shared system fd survived it all. */
	vm_fd = vm_create(sys_fd);
	close(vm_fd);
	close(sys_fd);
	pthread_barrier_destroy(&start);
	munmap(mem, NR_THREADS * page);
}

TEST_HARNESS_MAIN
