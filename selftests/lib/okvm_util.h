/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by okvm's selftests.
 *
 * Every test opens the device named by $OKVM_DEV (default /dev/okvm), so
 * the same binary runs against /dev/okvm and against upstream's /dev/kvm.
 *
 * Wrappers are named like upstream's KVM selftests: a double-underscore
 * helper (__sys_ioctl(), __vm_create(), ...) returns the raw result and
 * leaves errno alone, for negative tests; the plain name (sys_ioctl(),
 * vm_create(), ...) asserts success and can only be used inside a
 * kselftest_harness.h test, because it needs the test's _metadata.
 */
#ifndef OKVM_SELFTEST_UTIL_H
#define OKVM_SELFTEST_UTIL_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/kvm.h>
#include <linux/okvm.h>

#define OKVM_DEV_DEFAULT	"/dev/okvm"

/* SKIP reason while okvm refuses KVM_CREATE_VCPU on this backend. */
#define OKVM_NO_VCPU_REASON	"okvm backend cannot create vCPUs yet"

/* Memslot flag added after the 6.1 uapi headers (bit 2, 6.8+). */
#ifndef KVM_MEM_GUEST_MEMFD
#define KVM_MEM_GUEST_MEMFD	0x4UL
#endif

const char *okvm_dev_path(void);
int okvm_open_dev(void);
const char *okvm_open_error(void);
bool okvm_open_skippable(int err);
bool is_okvm(int fd);
bool okvm_vcpu_refused(int fd, int err);
long okvm_page_size(void);
bool okvm_host_is_ppc64(void);
void okvm_close(int *fd);
unsigned int okvm_seed(void);

/* okvm's L0 fault injection knobs (debugfs okvm/fault/, POWER only) */
#define OKVM_FAULT_DIR	"/sys/kernel/debug/okvm/fault/"
int okvm_fault_write(const char *knob, long long v);
long long okvm_fault_read(const char *knob);

static inline int __sys_ioctl(int sys_fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(sys_fd, cmd, arg);
}

static inline int __vm_ioctl(int vm_fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(vm_fd, cmd, arg);
}

static inline int __vcpu_ioctl(int vcpu_fd, unsigned long cmd, unsigned long arg)
{
	return ioctl(vcpu_fd, cmd, arg);
}

static inline int __check_cap(int fd, long cap)
{
	return ioctl(fd, KVM_CHECK_EXTENSION, (unsigned long)cap);
}

static inline int __vm_create_type(int sys_fd, unsigned long type)
{
	return __sys_ioctl(sys_fd, KVM_CREATE_VM, type);
}

static inline int __vm_create(int sys_fd)
{
	return __vm_create_type(sys_fd, 0);
}

static inline int __vcpu_create(int vm_fd, unsigned long id)
{
	return __vm_ioctl(vm_fd, KVM_CREATE_VCPU, id);
}

static inline int __get_stats_fd(int fd)
{
	return ioctl(fd, KVM_GET_STATS_FD, 0UL);
}

int __set_memslot(int vm_fd, __u32 slot, __u32 flags, __u64 gpa, __u64 size,
		  __u64 uaddr);

/*
 * Asserting wrappers: they evaluate to the ioctl's result and abort the
 * current test when it fails.
 */
#define __okvm_ioctl(kind, fd, cmd, name, arg) ({				\
	int __ret = ioctl((fd), (cmd), (unsigned long)(arg));			\
	ASSERT_LE(0, __ret)							\
		TH_LOG("%s on the %s fd failed: %s", name, kind,		\
		       strerror(errno));					\
	__ret;									\
})

#define sys_ioctl(fd, cmd, arg)	__okvm_ioctl("system", fd, cmd, #cmd, arg)
#define vm_ioctl(fd, cmd, arg)	__okvm_ioctl("VM", fd, cmd, #cmd, arg)
#define vcpu_ioctl(fd, cmd, arg)	__okvm_ioctl("vCPU", fd, cmd, #cmd, arg)

#define check_cap(fd, cap) ({							\
	int __ret = __check_cap((fd), (cap));					\
	ASSERT_LE(0, __ret)							\
		TH_LOG("KVM_CHECK_EXTENSION(%s) failed: %s", #cap,		\
		       strerror(errno));					\
	__ret;									\
})

#define vm_create(sys_fd) ({							\
	int __fd = __vm_create(sys_fd);						\
	ASSERT_LE(0, __fd)							\
		TH_LOG("KVM_CREATE_VM failed: %s", strerror(errno));		\
	__fd;									\
})

#define get_stats_fd(fd) ({							\
	int __fd = __get_stats_fd(fd);						\
	ASSERT_LE(0, __fd)							\
		TH_LOG("KVM_GET_STATS_FD failed: %s", strerror(errno));		\
	__fd;									\
})

#define set_memslot(vm_fd, slot, flags, gpa, size, uaddr) do {		\
	__u32 __slot = (slot);							\
	int __ret = __set_memslot((vm_fd), __slot, (flags), (gpa), (size),	\
				  (uaddr));					\
	ASSERT_EQ(0, __ret)							\
		TH_LOG("KVM_SET_USER_MEMORY_REGION(slot %#x) failed: %s",	\
		       __slot, strerror(errno));				\
} while (0)

/*
 * EXPECT_ERRNO(err, expr) - @expr must fail: return -1 with errno @err.
 * @expr is evaluated once, before errno is read.
 */
#define EXPECT_ERRNO(err, expr) do {						\
	long __r = (expr);							\
	int __e = errno;							\
	int __want = (err);							\
	EXPECT_EQ(-1, __r)							\
		TH_LOG("%s succeeded, expected %s", #expr, strerror(__want));	\
	if (__r == -1) {							\
		EXPECT_EQ(__want, __e)						\
			TH_LOG("%s: got '%s', expected '%s'", #expr,		\
			       strerror(__e), strerror(__want));		\
	}									\
} while (0)

#define ASSERT_ERRNO(err, expr) do {						\
	long __r = (expr);							\
	int __e = errno;							\
	int __want = (err);							\
	ASSERT_EQ(-1, __r)							\
		TH_LOG("%s succeeded, expected %s", #expr, strerror(__want));	\
	ASSERT_EQ(__want, __e)							\
		TH_LOG("%s: got '%s', expected '%s'", #expr,			\
		       strerror(__e), strerror(__want));			\
} while (0)

#endif /* OKVM_SELFTEST_UTIL_H */
