// SPDX-License-Identifier: GPL-2.0
/*
 * Helpers shared by okvm's selftests: opening $OKVM_DEV, telling okvm from
 * upstream KVM, and the raw (double-underscore) ioctl wrappers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "okvm_util.h"

static char open_error[256];

/**
 * okvm_dev_path() - the device the tests talk to
 *
 * Return: $OKVM_DEV if set and non-empty, else /dev/okvm.
 */
const char *okvm_dev_path(void)
{
	const char *path = getenv("OKVM_DEV");

	return path && *path ? path : OKVM_DEV_DEFAULT;
}

/**
 * okvm_open_dev() - open the system fd
 *
 * Return: the fd, or -1 with errno set; okvm_open_error() then says why.
 */
int okvm_open_dev(void)
{
	const char *path = okvm_dev_path();
	int fd, err;

	fd = open(path, O_RDWR | O_CLOEXEC);
	if (fd >= 0)
		return fd;

	err = errno;
	snprintf(open_error, sizeof(open_error),
		 "cannot open %s: %s (%s)", path, strerror(err),
		 err == ENOENT ? "module not loaded? set OKVM_DEV to test another device" :
		 err == EACCES ? "root or group kvm required" : "unexpected error");
	errno = err;
	return -1;
}

const char *okvm_open_error(void)
{
	return open_error;
}

/**
 * okvm_open_skippable() - does this open failure mean "nothing to test"?
 * @err: errno from okvm_open_dev()
 *
 * As upstream's KVM selftests do, a missing device or missing permission
 * is a SKIP; any other failure is a FAIL.
 */
bool okvm_open_skippable(int err)
{
	return err == ENOENT || err == EACCES;
}

/**
 * is_okvm() - is @fd served by okvm rather than upstream KVM?
 * @fd: system fd, or VM fd (both answer KVM_CHECK_EXTENSION)
 *
 * Upstream KVM answers 0 for KVM_CAP_OKVM. errno is preserved.
 */
bool is_okvm(int fd)
{
	int err = errno;
	bool ret = __check_cap(fd, KVM_CAP_OKVM) > 0;

	errno = err;
	return ret;
}

/**
 * okvm_vcpu_refused() - is a KVM_CREATE_VCPU failure okvm's known refusal?
 * @fd: system or VM fd
 * @err: errno of the failed KVM_CREATE_VCPU
 *
 * Until okvm's backends can run vCPUs, okvm refuses every KVM_CREATE_VCPU
 * with EINVAL instead of faking success. Tests that need a vCPU SKIP on
 * that, and only on that: the same failure from upstream KVM is a FAIL.
 */
bool okvm_vcpu_refused(int fd, int err)
{
	return err == EINVAL && is_okvm(fd);
}

long okvm_page_size(void)
{
	return sysconf(_SC_PAGESIZE);
}

/* Is this a 64-bit POWER kernel (where KVM_VM_PPC_* VM types exist)? */
bool okvm_host_is_ppc64(void)
{
	struct utsname u;

	return !uname(&u) && !strncmp(u.machine, "ppc64", 5);
}

/* Close *@fd if it is open and mark it closed. */
void okvm_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/**
 * okvm_fault_write() - set one of okvm's L0 fault injection knobs
 * @knob: file name in OKVM_FAULT_DIR ("hcall", "code", "every", ...)
 * @v: the value
 *
 * Return: 0, or -1 with errno set (ENOENT: not okvm, or not POWER).
 */
int okvm_fault_write(const char *knob, long long v)
{
	char path[128], buf[32];
	int fd, n, r;

	snprintf(path, sizeof(path), OKVM_FAULT_DIR "%s", knob);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "%lld", v);
	r = write(fd, buf, n) == n ? 0 : -1;
	close(fd);
	return r;
}

/**
 * okvm_fault_read() - read one of okvm's L0 fault injection knobs
 * @knob: file name in OKVM_FAULT_DIR
 *
 * Return: its value, 0 when it cannot be read.
 */
long long okvm_fault_read(const char *knob)
{
	char path[128], buf[32] = "";
	int fd;

	snprintf(path, sizeof(path), OKVM_FAULT_DIR "%s", knob);
	fd = open(path, O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		buf[0] = '\0';
	if (fd >= 0)
		close(fd);
	return strtoll(buf, NULL, 0);
}

/**
 * okvm_seed() - seed for the randomised tests
 *
 * Return: $OKVM_SEED if set, else a time-based value. Tests print it so a
 * failing run can be repeated.
 */
unsigned int okvm_seed(void)
{
	const char *env = getenv("OKVM_SEED");
	struct timespec ts;

	if (env && *env)
		return strtoul(env, NULL, 0);
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned int)(ts.tv_nsec ^ ts.tv_sec ^ getpid());
}

int __set_memslot(int vm_fd, __u32 slot, __u32 flags, __u64 gpa, __u64 size,
		  __u64 uaddr)
{
	struct kvm_userspace_memory_region region = {
		.slot = slot,
		.flags = flags,
		.guest_phys_addr = gpa,
		.memory_size = size,
		.userspace_addr = uaddr,
	};

	return __vm_ioctl(vm_fd, KVM_SET_USER_MEMORY_REGION,
			  (unsigned long)&region);
}
