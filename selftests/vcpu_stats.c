// SPDX-License-Identifier: GPL-2.0
/*
 * vcpu_stats
 *
 * Test KVM_GET_STATS_FD on a vCPU fd, with the checks of upstream's
 * kvm_binary_stats_test: a valid header with a "kvm-" id, valid
 * descriptors, a readable data block, the same layout through a second fd,
 * and the fd keeps working after the vCPU, VM and system fds are closed.
 *
 * SKIPs while okvm's backend cannot create vCPUs.
 */
#include <fcntl.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "okvm_stats.h"
#include "stats_layout.h"

FIXTURE(stats) {
	int sys_fd;
	int vm_fd;
	int vcpu_fd;
	int stats_fd;
	struct okvm_stats st;
	char err[256];
};

FIXTURE_SETUP(stats)
{
	self->vm_fd = -1;
	self->vcpu_fd = -1;
	self->stats_fd = -1;
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	ASSERT_EQ(1, check_cap(self->sys_fd, KVM_CAP_BINARY_STATS_FD));
	self->vm_fd = vm_create(self->sys_fd);

	self->vcpu_fd = __vcpu_create(self->vm_fd, 0);
	if (self->vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, self->vcpu_fd) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));

	self->stats_fd = get_stats_fd(self->vcpu_fd);
	ASSERT_EQ(0, okvm_stats_read(self->stats_fd, &self->st, self->err,
				     sizeof(self->err)))
		TH_LOG("%s", self->err);
}

FIXTURE_TEARDOWN(stats)
{
	okvm_stats_free(&self->st);
	okvm_close(&self->stats_fd);
	okvm_close(&self->vcpu_fd);
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

TEST_F(stats, layout)
{
	int ret = okvm_stats_check(&self->st, self->err, sizeof(self->err));

	if (ret)
		okvm_stats_dump(&self->st, stderr);
	ASSERT_EQ(0, ret) TH_LOG("%s", self->err);
	TH_LOG("id '%s', %u stats, %zu data bytes", self->st.id,
	       self->st.hdr.num_desc, self->st.data_size);
}

TEST_F(stats, second_fd)
{
	int fd = get_stats_fd(self->vcpu_fd);

	EXPECT_NE(self->stats_fd, fd);
	expect_same_layout(_metadata, fd, &self->st);
	close(fd);
	expect_same_layout(_metadata, self->stats_fd, &self->st);
	EXPECT_EQ(FD_CLOEXEC, fcntl(self->stats_fd, F_GETFD) & FD_CLOEXEC);
}

TEST_F(stats, past_end)
{
	char buf[64];

	EXPECT_EQ(0, pread(self->stats_fd, buf, sizeof(buf),
			   okvm_stats_end(&self->st)));
}

TEST_F(stats, outlives_vcpu_and_vm)
{
	okvm_close(&self->vcpu_fd);
	expect_same_layout(_metadata, self->stats_fd, &self->st);
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
	expect_same_layout(_metadata, self->stats_fd, &self->st);
}

TEST_HARNESS_MAIN
