// SPDX-License-Identifier: GPL-2.0
/*
 * module_refcount
 *
 * Test that the module serving $OKVM_DEV cannot be unloaded while any of
 * its fds is open: the system fd; a VM fd alone (system fd closed); a
 * stats fd alone (VM and system fds closed); a vCPU fd alone. For each,
 * delete_module(O_NONBLOCK) must fail with EWOULDBLOCK, which is what the
 * kernel answers for a live module whose refcount is held
 * (try_stop_module() in kernel/module/main.c). Once every fd is closed,
 * the module's refcount must come back to where it was.
 *
 * Set OKVM_MODULE to the module's name (e.g. okvm) to run it; otherwise
 * everything SKIPs. The module is never unloaded on purpose: delete_module
 * is only tried when /sys/module/<name>/refcnt shows a reference, and an
 * unreferenced module is reported as a failure instead.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"

/* How long a release may take to drop its reference after close(). */
#define SETTLE_MS	2000

FIXTURE(mod) {
	char name[64];
	char refcnt_path[sizeof("/sys/module//refcnt") + 64];
	char dir[sizeof("/sys/module/") + 64];
	int sys_fd;
	int baseline;
};

/* /sys/module/<name>/refcnt, or -1 with errno set. */
static int read_refcnt(const char *path)
{
	char buf[32] = {};
	int fd, ret;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ret = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (ret <= 0)
		return -1;
	return atoi(buf);
}

FIXTURE_SETUP(mod)
{
	const char *env = getenv("OKVM_MODULE");
	char *c;

	self->sys_fd = -1;
	if (!env || !*env)
		SKIP(return, "set OKVM_MODULE to the module serving %s", okvm_dev_path());
	snprintf(self->name, sizeof(self->name), "%s", env);
	/* Loaded module names use '_' where modprobe accepts '-'. */
	for (c = self->name; *c; c++)
		if (*c == '-')
			*c = '_';
	snprintf(self->dir, sizeof(self->dir), "/sys/module/%s", self->name);
	snprintf(self->refcnt_path, sizeof(self->refcnt_path),
		 "/sys/module/%s/refcnt", self->name);
	ASSERT_EQ(0, access(self->dir, F_OK))
		TH_LOG("module %s is not loaded", self->name);
	self->baseline = read_refcnt(self->refcnt_path);
	if (self->baseline < 0)
		SKIP(return, "%s: %s (built in?)", self->refcnt_path, strerror(errno));

	self->sys_fd = okvm_open_dev();
	if (self->sys_fd < 0 && okvm_open_skippable(errno))
		SKIP(return, "%s", okvm_open_error());
	ASSERT_LE(0, self->sys_fd) TH_LOG("%s", okvm_open_error());
}

FIXTURE_TEARDOWN(mod)
{
	okvm_close(&self->sys_fd);
}

/* Module @name holds a reference and refuses to go. */
static void expect_pinned(struct __test_metadata *_metadata, const char *name,
			  const char *refcnt_path, const char *what)
{
	int refcnt = read_refcnt(refcnt_path);
	long ret;

	ASSERT_LT(0, refcnt)
		TH_LOG("%s: refcnt %d with only %s open; not trying to unload",
		       name, refcnt, what);
	ret = syscall(SYS_delete_module, name, O_NONBLOCK);
	if (ret == -1 && errno == EPERM)
		SKIP(return, "delete_module needs CAP_SYS_MODULE");
	ASSERT_EQ(-1, ret) TH_LOG("%s was UNLOADED with %s open", name, what);
	EXPECT_EQ(EWOULDBLOCK, errno)
		TH_LOG("delete_module(%s) with %s open: %s", name, what,
		       strerror(errno));
}

TEST_F(mod, sys_fd)
{
	expect_pinned(_metadata, self->name, self->refcnt_path, "the system fd");
}

TEST_F(mod, vm_fd_only)
{
	int vm_fd = vm_create(self->sys_fd);

	okvm_close(&self->sys_fd);
	expect_pinned(_metadata, self->name, self->refcnt_path, "a VM fd");
	close(vm_fd);
}

TEST_F(mod, stats_fd_only)
{
	int vm_fd = vm_create(self->sys_fd);
	int stats_fd = get_stats_fd(vm_fd);

	okvm_close(&self->sys_fd);
	close(vm_fd);
	expect_pinned(_metadata, self->name, self->refcnt_path, "a VM stats fd");
	close(stats_fd);
}

TEST_F(mod, vcpu_fd_only)
{
	int vm_fd = vm_create(self->sys_fd);
	int vcpu_fd = __vcpu_create(vm_fd, 0);

	if (vcpu_fd < 0 && okvm_vcpu_refused(self->sys_fd, errno))
		SKIP(return, OKVM_NO_VCPU_REASON);
	ASSERT_LE(0, vcpu_fd) TH_LOG("KVM_CREATE_VCPU(0): %s", strerror(errno));
	okvm_close(&self->sys_fd);
	close(vm_fd);
	expect_pinned(_metadata, self->name, self->refcnt_path, "a vCPU fd");
	close(vcpu_fd);
}

TEST_F(mod, refcount_restored)
{
	struct timespec ms = { .tv_nsec = 1000000 };
	int vm_fd, stats_fd, vcpu_fd, refcnt, i;

	vm_fd = vm_create(self->sys_fd);
	stats_fd = get_stats_fd(vm_fd);
	vcpu_fd = __vcpu_create(vm_fd, 0);
	okvm_close(&self->sys_fd);
	close(vm_fd);
	close(stats_fd);
	if (vcpu_fd >= 0)
		close(vcpu_fd);

	for (i = 0; i < SETTLE_MS; i++) {
		refcnt = read_refcnt(self->refcnt_path);
		if (refcnt <= self->baseline)
			break;
		nanosleep(&ms, NULL);
	}
	EXPECT_EQ(self->baseline, refcnt)
		TH_LOG("%s refcnt %d before, %d after closing every fd",
		       self->name, self->baseline, refcnt);
}

TEST_HARNESS_MAIN
