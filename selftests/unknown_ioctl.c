// SPDX-License-Identifier: GPL-2.0
/*
 * unknown_ioctl
 *
 * Test that the system, VM and vCPU fds refuse ioctls they do not serve:
 * numbers KVM never defined, a defined number with the wrong size or
 * direction, another driver's ioctl type, and real KVM ioctls sent to the
 * wrong kind of fd.
 *
 * okvm answers ENOTTY to all of them. Upstream KVM hands them to its arch
 * hook, which answers EINVAL (system and vCPU fds on ppc64 and x86) or
 * ENOTTY (VM fd), so against upstream both are accepted and what it
 * answered is logged.
 */
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

struct ioctl_case {
	unsigned long cmd;
	const char *name;
	bool ptr;	/* pass a pointer to a zeroed buffer, else 0 */
};

#define IOCTL(c, p)	{ c, #c, p }

/* Never defined by KVM, or defined with a different encoding. */
static const struct ioctl_case unknown[] = {
	IOCTL(_IO(KVMIO, 0xff), false),
	IOCTL(_IOWR(KVMIO, 0xff, __u64), true),
	IOCTL(_IOR(KVMIO, 0x00, __u32), true),	/* KVM_GET_API_VERSION's nr */
	IOCTL(_IOW(KVMIO, 0x46, __u64), true),	/* KVM_SET_USER_MEMORY_REGION's nr */
	IOCTL(_IO('x', 0x7f), false),
};

static const struct ioctl_case not_sys[] = {
	IOCTL(KVM_CREATE_VCPU, false),
	IOCTL(KVM_SET_USER_MEMORY_REGION, true),
	IOCTL(KVM_RUN, false),
	IOCTL(KVM_GET_STATS_FD, false),
};

static const struct ioctl_case not_vm[] = {
	IOCTL(KVM_GET_API_VERSION, false),
	IOCTL(KVM_CREATE_VM, false),
	IOCTL(KVM_GET_VCPU_MMAP_SIZE, false),
	IOCTL(KVM_RUN, false),
	IOCTL(KVM_GET_REGS, true),
};

static const struct ioctl_case not_vcpu[] = {
	IOCTL(KVM_GET_API_VERSION, false),
	IOCTL(KVM_CREATE_VM, false),
	IOCTL(KVM_GET_VCPU_MMAP_SIZE, false),
	IOCTL(KVM_CREATE_VCPU, false),
	IOCTL(KVM_SET_USER_MEMORY_REGION, true),
};

FIXTURE(fds) {
	int sys_fd;
	int vm_fd;
	bool okvm;
};

FIXTURE_SETUP(fds)
{
	self->vm_fd = -1;
	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
	self->okvm = is_okvm(self->sys_fd);
	self->vm_fd = vm_create(self->sys_fd);
}

FIXTURE_TEARDOWN(fds)
{
	okvm_close(&self->vm_fd);
	okvm_close(&self->sys_fd);
}

static void check_refused(struct __test_metadata *_metadata, bool okvm, int fd,
			  const char *kind, const struct ioctl_case *cases,
			  unsigned int n)
{
	__u64 buf[512] = {};
	unsigned long arg;
	unsigned int i;
	int ret, err;

	for (i = 0; i < n; i++) {
		arg = 0;
		if (cases[i].ptr)
			arg = (unsigned long)buf;
		ret = ioctl(fd, cases[i].cmd, arg);
		err = errno;
		EXPECT_EQ(-1, ret)
			TH_LOG("%s on the %s fd returned %d", cases[i].name, kind, ret);
		if (ret != -1)
			continue;
		if (okvm) {
			EXPECT_EQ(ENOTTY, err)
				TH_LOG("%s on the %s fd: %s, expected ENOTTY",
				       cases[i].name, kind, strerror(err));
			continue;
		}
		EXPECT_TRUE(err == ENOTTY || err == EINVAL)
			TH_LOG("%s on the %s fd: %s", cases[i].name, kind,
			       strerror(err));
		TH_LOG("upstream answers %s to %s on the %s fd",
		       err == ENOTTY ? "ENOTTY" : err == EINVAL ? "EINVAL" : strerror(err),
		       cases[i].name, kind);
	}
}

TEST_F(fds, sys_unknown)
{
	check_refused(_metadata, self->okvm, self->sys_fd, "system", unknown,
		      ARRAY_SIZE(unknown));
}

TEST_F(fds, sys_wrong_fd)
{
	check_refused(_metadata, self->okvm, self->sys_fd, "system", not_sys,
		      ARRAY_SIZE(not_sys));
}

TEST_F(fds, vm_unknown)
{
	check_refused(_metadata, self->okvm, self->vm_fd, "VM", unknown,
		      ARRAY_SIZE(unknown));
}

TEST_F(fds, vm_wrong_fd)
{
	check_refused(_metadata, self->okvm, self->vm_fd, "VM", not_vm,
		      ARRAY_SIZE(not_vm));
}

TEST_F(fds, vcpu_unknown)
{
	int vcpu_fd = __vcpu_create(self->vm_fd, 0);

	if (vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, vcpu_fd) TH_LOG("KVM_CREATE_VCPU: %s", strerror(errno));
	check_refused(_metadata, self->okvm, vcpu_fd, "vCPU", unknown,
		      ARRAY_SIZE(unknown));
	close(vcpu_fd);
}

TEST_F(fds, vcpu_wrong_fd)
{
	int vcpu_fd = __vcpu_create(self->vm_fd, 0);

	if (vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, vcpu_fd) TH_LOG("KVM_CREATE_VCPU: %s", strerror(errno));
	check_refused(_metadata, self->okvm, vcpu_fd, "vCPU", not_vcpu,
		      ARRAY_SIZE(not_vcpu));
	close(vcpu_fd);
}

TEST_HARNESS_MAIN
