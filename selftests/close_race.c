// SPDX-License-Identifier: GPL-2.0
/*
 * close_race
 *
 * Test closing an fd while another thread is using it. An ioctl that
 * races with close() either completes normally (it holds its own
 * reference to the file) or, once the fd number is gone, fails with EBADF;
 * nothing else, and nothing hangs (the harness timeout catches a hang):
 *
 * - a thread issues KVM_CHECK_EXTENSION and memslot create/delete on a VM
 *   fd while the main thread closes it;
 * - a thread issues KVM_CREATE_VM on a system fd while the main thread
 *   closes it: every VM created still works afterwards;
 * - a thread reads a VM's stats fd while the main thread closes the VM
 *   fd: every read succeeds.
 *
 * Each round closes after a random number of calls; set OKVM_SEED (printed)
 * to replay a run.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

#define ROUNDS		8
#define MAX_VMS		16
/* Reads the stats thread still does once the VM fd is closed. */
#define READS_AFTER	64

struct racer {
	pthread_t thread;
	int fd;
	void *mem;
	atomic_int calls;
	atomic_bool closed;
	bool bad;
	int bad_ret;
	int bad_errno;
	int vm_fds[MAX_VMS];
	int nr_vms;
};

static void wait_calls(struct racer *r, int target)
{
	while (atomic_load(&r->calls) < target)
		sched_yield();
}

static void *vm_ioctl_fn(void *arg)
{
	struct racer *r = arg;
	long page = okvm_page_size();
	int n, ret, want;

	for (n = 0;; n++) {
		/* Mostly cheap calls, with a memslot created and deleted. */
		switch (n % 8) {
		case 3:
			ret = __set_memslot(r->fd, 0, 0, 0, page, (unsigned long)r->mem);
			want = 0;
			break;
		case 7:
			ret = __set_memslot(r->fd, 0, 0, 0, 0, (unsigned long)r->mem);
			want = 0;
			break;
		default:
			ret = __check_cap(r->fd, KVM_CAP_USER_MEMORY);
			want = 1;
			break;
		}
		if (ret == -1 && errno == EBADF)
			break;
		if (ret != want) {
			r->bad = true;
			r->bad_ret = ret;
			r->bad_errno = errno;
			break;
		}
		atomic_fetch_add(&r->calls, 1);
	}
	atomic_store(&r->calls, 1 << 30);
	return NULL;
}

static void *create_vm_fn(void *arg)
{
	struct racer *r = arg;
	int vm_fd;

	while (r->nr_vms < MAX_VMS) {
		vm_fd = __vm_create(r->fd);
		if (vm_fd == -1 && errno == EBADF)
			break;
		if (vm_fd < 0) {
			r->bad = true;
			r->bad_ret = vm_fd;
			r->bad_errno = errno;
			break;
		}
		r->vm_fds[r->nr_vms++] = vm_fd;
		/* The system fd's number was freed and reused by this VM. */
		if (vm_fd == r->fd)
			break;
		atomic_fetch_add(&r->calls, 1);
	}
	atomic_store(&r->calls, 1 << 30);
	return NULL;
}

static void *stats_read_fn(void *arg)
{
	struct racer *r = arg;
	struct kvm_stats_header hdr;
	int after = 0;
	ssize_t ret;

	while (after < READS_AFTER) {
		if (atomic_load(&r->closed))
			after++;
		ret = pread(r->fd, &hdr, sizeof(hdr), 0);
		if (ret != sizeof(hdr)) {
			r->bad = true;
			r->bad_ret = ret;
			r->bad_errno = errno;
			break;
		}
		atomic_fetch_add(&r->calls, 1);
	}
	atomic_store(&r->calls, 1 << 30);
	return NULL;
}

FIXTURE(race) {
	int sys_fd;
	void *mem;
	unsigned int seed;
};

FIXTURE_SETUP(race)
{
	self->mem = mmap(NULL, okvm_page_size(), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->seed = okvm_seed();
	TH_LOG("%d rounds, OKVM_SEED=%u", ROUNDS, self->seed);
}

FIXTURE_TEARDOWN(race)
{
	okvm_close(&self->sys_fd);
	munmap(self->mem, okvm_page_size());
}

TEST_F(race, close_vm_during_ioctls)
{
	struct racer r;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		memset(&r, 0, sizeof(r));
		r.mem = self->mem;
		r.fd = vm_create(self->sys_fd);
		ASSERT_EQ(0, pthread_create(&r.thread, NULL, vm_ioctl_fn, &r));
		wait_calls(&r, 1 + rand_r(&self->seed) % 64);
		ASSERT_EQ(0, close(r.fd));
		ASSERT_EQ(0, pthread_join(r.thread, NULL));
		ASSERT_FALSE(r.bad)
			TH_LOG("round %d: VM ioctl returned %d: %s", round,
			       r.bad_ret, strerror(r.bad_errno));
	}
}

TEST_F(race, close_sys_during_create_vm)
{
	struct racer r;
	int round, i, sys_fd;

	for (round = 0; round < ROUNDS; round++) {
		memset(&r, 0, sizeof(r));
		sys_fd = okvm_open_dev();
		ASSERT_LE(0, sys_fd) TH_LOG("%s", okvm_open_error());
		r.fd = sys_fd;
		ASSERT_EQ(0, pthread_create(&r.thread, NULL, create_vm_fn, &r));
		wait_calls(&r, 1 + rand_r(&self->seed) % 4);
		ASSERT_EQ(0, close(sys_fd));
		ASSERT_EQ(0, pthread_join(r.thread, NULL));
		EXPECT_FALSE(r.bad)
			TH_LOG("round %d: KVM_CREATE_VM returned %d: %s", round,
			       r.bad_ret, strerror(r.bad_errno));
		for (i = 0; i < r.nr_vms; i++) {
			EXPECT_EQ(1, __check_cap(r.vm_fds[i], KVM_CAP_USER_MEMORY))
				TH_LOG("round %d: VM %d of %d: %s", round, i,
				       r.nr_vms, strerror(errno));
			EXPECT_EQ(0, __set_memslot(r.vm_fds[i], 0, 0, 0,
						   okvm_page_size(),
						   (unsigned long)self->mem));
			close(r.vm_fds[i]);
		}
	}
}

TEST_F(race, close_vm_during_stats_read)
{
	struct racer r;
	int round;

	for (round = 0; round < ROUNDS; round++) {
		int vm_fd = vm_create(self->sys_fd);

		memset(&r, 0, sizeof(r));
		r.fd = get_stats_fd(vm_fd);
		ASSERT_EQ(0, pthread_create(&r.thread, NULL, stats_read_fn, &r));
		wait_calls(&r, 1 + rand_r(&self->seed) % 64);
		ASSERT_EQ(0, close(vm_fd));
		atomic_store(&r.closed, true);
		ASSERT_EQ(0, pthread_join(r.thread, NULL));
		EXPECT_FALSE(r.bad)
			TH_LOG("round %d: stats pread returned %d: %s", round,
			       r.bad_ret, strerror(r.bad_errno));
		close(r.fd);
	}
}

TEST_HARNESS_MAIN
