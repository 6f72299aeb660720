// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_ioeventfd
 *
 * KVM_IOEVENTFD: an L2 store to a registered address signals the eventfd
 * and the L2 goes on (no KVM_EXIT_MMIO); with KVM_IOEVENTFD_FLAG_DATAMATCH
 * only the named value does (others exit as MMIO, as does everything
 * after a deassign); length 0 matches any store width. And every bad
 * request gets the errno api.rst names: -EINVAL for a length, a flag or
 * a non-eventfd fd, -EBADF for a closed fd, -EEXIST for one a store could
 * match together with a registered one (upstream's collision rule),
 * -ENOENT for a deassign that matches nothing; okvm also refuses PIO
 * (POWER has no port I/O bus).
 */
#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define MMIO		0x100000
#define H_DONE		0x200
#define VALUE		0x1234

FIXTURE(io) {
	struct ppc_l2 l2;
	int efd;
};

FIXTURE_SETUP(io)
{
	const char *why = NULL;
	__u32 *c;
	int r;

	self->efd = -1;
	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	if (ioctl(self->l2.sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_IOEVENTFD) <= 0)
		SKIP(return, "no KVM_CAP_IOEVENTFD");
	self->efd = eventfd(0, EFD_NONBLOCK);
	ASSERT_LE(0, self->efd);

	/* 0: r5 = VALUE; r10 = MMIO; stw r5, 0(r10); hcall H_DONE; b 0 */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_li(5, VALUE);
	*c++ = ppc_addis(10, 0, MMIO >> 16);
	*c++ = ppc_dform(36, 5, 10, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c = ppc_b(-20);
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
}

FIXTURE_TEARDOWN(io)
{
	if (self->efd >= 0)
		close(self->efd);
	ppc_l2_destroy(&self->l2);
}

static int ioeventfd(struct ppc_l2 *l2, int fd, __u64 addr, __u32 len,
		     __u32 flags, __u64 datamatch)
{
	struct kvm_ioeventfd io = {
		.datamatch = datamatch, .addr = addr, .len = len,
		.fd = fd, .flags = flags,
	};

	return ioctl(l2->vm_fd, KVM_IOEVENTFD, &io) ? -errno : 0;
}

/* Run to the next exit: 1 for the L2's H_DONE, 2 for an MMIO store. */
static int run_one(struct ppc_l2 *l2)
{
	struct kvm_run *run = l2->run[0];

	if (ioctl(l2->vcpu_fd[0], KVM_RUN, 0))
		return -errno;
	if (run->exit_reason == KVM_EXIT_PAPR_HCALL &&
	    run->papr_hcall.nr == H_DONE) {
		run->papr_hcall.ret = 0;
		return 1;
	}
	if (run->exit_reason == KVM_EXIT_MMIO && run->mmio.is_write &&
	    run->mmio.phys_addr == MMIO && run->mmio.len == 4 &&
	    *(__u32 *)run->mmio.data == VALUE)
		return 2;
	return -1000 - (int)run->exit_reason;
}

static __u64 signals(int efd)
{
	__u64 n = 0;

	if (read(efd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

TEST_F(io, store_signals_instead_of_exiting)
{
	EXPECT_EQ(2, run_one(&self->l2));	/* nothing registered */
	EXPECT_EQ(1, run_one(&self->l2));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4, 0, 0));
	EXPECT_EQ(1, run_one(&self->l2));	/* the store went to the fd */
	EXPECT_EQ(1, signals(self->efd));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DEASSIGN, 0));
	EXPECT_EQ(2, run_one(&self->l2));
	EXPECT_EQ(0, signals(self->efd));
}

TEST_F(io, datamatch_and_any_length)
{
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH, VALUE + 1));
	EXPECT_EQ(2, run_one(&self->l2));	/* another value: MMIO */
	EXPECT_EQ(1, run_one(&self->l2));
	EXPECT_EQ(0, signals(self->efd));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH, VALUE));
	EXPECT_EQ(1, run_one(&self->l2));
	EXPECT_EQ(1, signals(self->efd));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH |
			       KVM_IOEVENTFD_FLAG_DEASSIGN, VALUE));
	/* an 8-byte registration does not take a 4-byte store; 0 does */
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 8, 0, 0));
	EXPECT_EQ(2, run_one(&self->l2));
	EXPECT_EQ(1, run_one(&self->l2));
	if (ioctl(self->l2.sys_fd, KVM_CHECK_EXTENSION,
		  KVM_CAP_IOEVENTFD_ANY_LENGTH) <= 0)
		return;
	/* any length collides with the others until they go */
	EXPECT_EQ(-EEXIST, ioeventfd(&self->l2, self->efd, MMIO, 0, 0, 0));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 8,
			       KVM_IOEVENTFD_FLAG_DEASSIGN, 0));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH |
			       KVM_IOEVENTFD_FLAG_DEASSIGN, VALUE + 1));
	ASSERT_EQ(0, ioeventfd(&self->l2, self->efd, MMIO, 0, 0, 0));
	EXPECT_EQ(1, run_one(&self->l2));
	EXPECT_EQ(1, signals(self->efd));
}

TEST_F(io, bad_requests)
{
	int null = open("/dev/null", O_RDONLY);
	struct ppc_l2 *l2 = &self->l2;

	ASSERT_LE(0, null);
	EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, MMIO, 3, 0, 0));
	EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, MMIO, 16, 0, 0));
	EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, MMIO, 0,
				     KVM_IOEVENTFD_FLAG_DATAMATCH, 0));
	EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, MMIO, 4, 1U << 7, 0));
	EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, -4ULL, 8, 0, 0));
	EXPECT_EQ(-EINVAL, ioeventfd(l2, null, MMIO, 4, 0, 0));
	EXPECT_EQ(-EBADF, ioeventfd(l2, 1000, MMIO, 4, 0, 0));
	EXPECT_EQ(-ENOENT, ioeventfd(l2, self->efd, MMIO, 4,
				     KVM_IOEVENTFD_FLAG_DEASSIGN, 0));
	/* two values at one address; a wildcard would take both */
	ASSERT_EQ(0, ioeventfd(l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH, 7));
	EXPECT_EQ(0, ioeventfd(l2, self->efd, MMIO, 4,
			       KVM_IOEVENTFD_FLAG_DATAMATCH, 8));
	EXPECT_EQ(-EEXIST, ioeventfd(l2, self->efd, MMIO, 4,
				     KVM_IOEVENTFD_FLAG_DATAMATCH, 7));
	EXPECT_EQ(-EEXIST, ioeventfd(l2, self->efd, MMIO, 4, 0, 0));
	EXPECT_EQ(-EEXIST, ioeventfd(l2, self->efd, MMIO, 0, 0, 0));
	EXPECT_EQ(0, ioeventfd(l2, self->efd, MMIO + 4, 4, 0, 0));
	if (is_okvm(l2->sys_fd))
		EXPECT_EQ(-EINVAL, ioeventfd(l2, self->efd, 0x60, 1,
					     KVM_IOEVENTFD_FLAG_PIO, 0));
	close(null);
	/* registrations die with the VM (the objects count checks it) */
}

TEST_HARNESS_MAIN
