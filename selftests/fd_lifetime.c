// SPDX-License-Identifier: GPL-2.0
/*
 * fd_lifetime
 *
 * Test that every fd holds what it needs, whatever the close order: the
 * VM fd stays fully usable after the system fd is closed; the system, VM
 * and VM stats fds can be closed in each of the six orders, every fd left
 * open still working after each close; the same for the VM, vCPU and vCPU
 * stats fds and the mmap()ed kvm_run area; and the fds KVM creates are
 * close-on-exec.
 */
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

enum { SYS, VM, STATS, NR_FDS };

static const char * const fd_name[NR_FDS] = { "system", "VM", "stats" };

/* Each fd still does its job. */
static void expect_alive(struct __test_metadata *_metadata, int kind, int fd,
			 void *mem)
{
	struct kvm_stats_header hdr;
	long page = okvm_page_size();

	switch (kind) {
	case SYS:
		EXPECT_EQ(KVM_API_VERSION, __sys_ioctl(fd, KVM_GET_API_VERSION, 0));
		break;
	case VM:
		EXPECT_EQ(1, __check_cap(fd, KVM_CAP_USER_MEMORY));
		EXPECT_EQ(0, __set_memslot(fd, 0, 0, 0, page, (unsigned long)mem))
			TH_LOG("create: %s", strerror(errno));
		EXPECT_EQ(0, __set_memslot(fd, 0, 0, 0, 0, (unsigned long)mem))
			TH_LOG("delete: %s", strerror(errno));
		break;
	case STATS:
		EXPECT_EQ((ssize_t)sizeof(hdr), pread(fd, &hdr, sizeof(hdr), 0))
			TH_LOG("%s", strerror(errno));
		EXPECT_LT(0, hdr.num_desc);
		break;
	}
}

FIXTURE(order) {
	int fd[NR_FDS];
	void *mem;
};

FIXTURE_VARIANT(order) {
	int order[NR_FDS];
};

FIXTURE_VARIANT_ADD(order, sys_vm_stats) { .order = { SYS, VM, STATS } };
FIXTURE_VARIANT_ADD(order, sys_stats_vm) { .order = { SYS, STATS, VM } };
FIXTURE_VARIANT_ADD(order, vm_sys_stats) { .order = { VM, SYS, STATS } };
FIXTURE_VARIANT_ADD(order, vm_stats_sys) { .order = { VM, STATS, SYS } };
FIXTURE_VARIANT_ADD(order, stats_sys_vm) { .order = { STATS, SYS, VM } };
FIXTURE_VARIANT_ADD(order, stats_vm_sys) { .order = { STATS, VM, SYS } };

FIXTURE_SETUP(order)
{
	self->fd[VM] = -1;
	self->fd[STATS] = -1;
	self->mem = mmap(NULL, okvm_page_size(), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
	self->fd[SYS] = okvm_open_dev();
	if (self->fd[SYS] < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->fd[SYS]) TH_LOG("%s", okvm_open_error());
	self->fd[VM] = vm_create(self->fd[SYS]);
	self->fd[STATS] = get_stats_fd(self->fd[VM]);
}

FIXTURE_TEARDOWN(order)
{
	int i;

	for (i = 0; i < NR_FDS; i++)
		okvm_close(&self->fd[i]);
	munmap(self->mem, okvm_page_size());
}

TEST_F(order, close)
{
	int i, j, kind;

	for (i = 0; i < NR_FDS; i++) {
		kind = variant->order[i];
		ASSERT_EQ(0, close(self->fd[kind]))
			TH_LOG("closing the %s fd", fd_name[kind]);
		self->fd[kind] = -1;
		for (j = i + 1; j < NR_FDS; j++)
			expect_alive(_metadata, variant->order[j],
				     self->fd[variant->order[j]], self->mem);
	}
}

FIXTURE(vm) {
	int sys_fd;
	int vm_fd;
	void *mem;
};

FIXTURE_SETUP(vm)
{
	self->vm_fd = -1;
	self->mem = mmap(NULL, okvm_page_size(), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->mem);
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->vm_fd = vm_create(self->sys_fd);
}

FIXTURE_TEARDOWN(vm)
{
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
	munmap(self->mem, okvm_page_size());
}

TEST_F(vm, without_sys_fd)
{
	int stats_fd, vcpu_fd;

	okvm_close(&self->sys_fd);

	expect_alive(_metadata, VM, self->vm_fd, self->mem);
	set_memslot(self->vm_fd, 1, 0, 0, okvm_page_size(),
		    (unsigned long)self->mem);
	stats_fd = get_stats_fd(self->vm_fd);
	expect_alive(_metadata, STATS, stats_fd, NULL);
	close(stats_fd);

	/*
	 * A vCPU needs nothing from the system fd either. (The VM fd answers
	 * KVM_CAP_OKVM as the system fd does.)
	 */
	vcpu_fd = __vcpu_create(self->vm_fd, 0);
	if (vcpu_fd < 0 && okvm_vcpu_refused(self->vm_fd, errno)) {
		TH_LOG("KVM_CREATE_VCPU: %s", OKVM_NO_VCPU_REASON);
	} else {
		EXPECT_LE(0, vcpu_fd) TH_LOG("KVM_CREATE_VCPU: %s", strerror(errno));
		close(vcpu_fd);
	}
}

TEST_F(vm, cloexec)
{
	int stats_fd = get_stats_fd(self->vm_fd);

	EXPECT_EQ(FD_CLOEXEC, fcntl(self->vm_fd, F_GETFD) & FD_CLOEXEC);
	EXPECT_EQ(O_RDWR, fcntl(self->vm_fd, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(FD_CLOEXEC, fcntl(stats_fd, F_GETFD) & FD_CLOEXEC);
	close(stats_fd);
}

/* The six orders of closing the VM, vCPU and vCPU stats fds. */
static const int vcpu_orders[][3] = {
	{ 0, 1, 2 }, { 0, 2, 1 }, { 1, 0, 2 }, { 1, 2, 0 }, { 2, 0, 1 }, { 2, 1, 0 },
};

TEST(vcpu_close_orders)
{
	static const char * const name[3] = { "VM", "vCPU", "vCPU stats" };
	struct kvm_stats_header hdr;
	unsigned int o, i;
	struct kvm_run *run;
	int sys_fd, size;
	int fd[3];

	sys_fd = okvm_open_dev();
	if (sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, sys_fd) TH_LOG("%s", okvm_open_error());
	size = sys_ioctl(sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);

	for (o = 0; o < ARRAY_SIZE(vcpu_orders); o++) {
		fd[0] = vm_create(sys_fd);
		fd[1] = __vcpu_create(fd[0], 0);
		if (fd[1] < 0 && okvm_vcpu_refused(sys_fd, errno))
			SKIP(return, OKVM_NO_VCPU_REASON);
		ASSERT_LE(0, fd[1]) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));
		EXPECT_EQ(FD_CLOEXEC, fcntl(fd[1], F_GETFD) & FD_CLOEXEC);
		fd[2] = get_stats_fd(fd[1]);
		run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd[1], 0);
		ASSERT_NE(MAP_FAILED, run);
		run->immediate_exit = 1;

		for (i = 0; i < 3; i++) {
			ASSERT_EQ(0, close(fd[vcpu_orders[o][i]]))
				TH_LOG("closing the %s fd", name[vcpu_orders[o][i]]);
			fd[vcpu_orders[o][i]] = -1;
			if (fd[0] >= 0)
				EXPECT_EQ(1, __check_cap(fd[0], KVM_CAP_USER_MEMORY));
			if (fd[1] >= 0)
				EXPECT_ERRNO(EINTR, __vcpu_ioctl(fd[1], KVM_RUN, 0));
			if (fd[2] >= 0)
				EXPECT_EQ((ssize_t)sizeof(hdr),
					  pread(fd[2], &hdr, sizeof(hdr), 0));
			/* The run area outlives every fd. */
			EXPECT_EQ(1, run->immediate_exit);
		}
		EXPECT_EQ(0, munmap(run, size));
	}
	close(sys_fd);
}

TEST_HARNESS_MAIN
