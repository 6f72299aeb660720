// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_concurrency
 *
 * Threads against one running vCPU (issue "Reliability", after upstream
 * KVM selftests' destroy/close-order tests), each with a real L2 spinning
 * in a branch-to-self:
 *
 * - KVM_RUN on one vCPU from two threads: the second waits (the vCPU's
 *   mutex, as upstream KVM) until the first has left, then runs the L2
 *   itself; each returns EINTR when signalled, and neither returns
 *   early;
 * - the VM fd and the system fd closed while a thread is inside KVM_RUN:
 *   the run goes on, ends on a signal, and the vCPU runs again (its fd
 *   holds the VM);
 * - the vCPU fd closed while a thread is inside KVM_RUN: the run goes on
 *   until signalled (the ioctl holds its file);
 * - throughout, unloading the module is refused (EWOULDBLOCK), and once
 *   every fd is closed okvm's debugfs object counts are all zero again.
 */
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define SETTLE_MS	300

struct runner {
	int fd;
	int rc;
	int err;
	int done;	/* read and written with __atomic */
	pthread_t thread;
};

static void on_usr1(int sig)
{
	(void)sig;
}

static void *run_once(void *arg)
{
	struct runner *r = arg;

	r->rc = ioctl(r->fd, KVM_RUN, 0);
	r->err = errno;
	__atomic_store_n(&r->done, 1, __ATOMIC_RELEASE);
	return NULL;
}

static int start(struct runner *r, int fd)
{
	r->fd = fd;
	r->done = 0;
	return pthread_create(&r->thread, NULL, run_once, r);
}

static int done(struct runner *r)
{
	return __atomic_load_n(&r->done, __ATOMIC_ACQUIRE);
}

/* Signal @r's thread (as often as it takes) and wait for it. */
static void stop(struct runner *r)
{
	int i;

	for (i = 0; i < 100 && !done(r); i++) {
		pthread_kill(r->thread, SIGUSR1);
		usleep(20 * 1000);
	}
	pthread_join(r->thread, NULL);
}

/* okvm must refuse to go while anything of it is open. */
static void unload_refused(struct __test_metadata *_metadata, int is_okvm_dev)
{
	long ret;

	if (!is_okvm_dev)
		return;
	ret = syscall(SYS_delete_module, "okvm", O_NONBLOCK);
	if (ret == -1 && errno == EPERM)
		return;		/* no CAP_SYS_MODULE: nothing to learn */
	ASSERT_EQ(-1, ret) TH_LOG("okvm was UNLOADED with a vCPU running");
	EXPECT_EQ(EWOULDBLOCK, errno) TH_LOG("delete_module: %s", strerror(errno));
}

/* Sum of okvm's live object counts, -1 when they cannot be read. */
static long live_objects(void)
{
	char name[64];
	long v, sum = 0;
	FILE *f = fopen("/sys/kernel/debug/okvm/objects", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", name, &v) == 2)
		sum += v;
	fclose(f);
	return sum;
}

/* Every count back to zero (within a second: RCU frees memslots later). */
static void all_freed(struct __test_metadata *_metadata, int is_okvm_dev)
{
	long n = -1;
	int i;

	if (!is_okvm_dev)
		return;
	for (i = 0; i < 100; i++) {
		n = live_objects();
		if (n <= 0)
			break;
		usleep(10 * 1000);
	}
	if (n < 0)
		return;		/* no debugfs: the QEMU harness checks */
	EXPECT_EQ(0, n) TH_LOG("okvm objects still live with every fd closed");
}

FIXTURE(cc) {
	struct ppc_l2 l2;
	int okvm;
};

FIXTURE_SETUP(cc)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	const char *why = NULL;
	int r;

	r = ppc_l2_create_spinner(&self->l2, MEM_SIZE, 0, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	self->okvm = is_okvm(self->l2.sys_fd);
	*(__u32 *)self->l2.mem = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF | PPC_MSR_ME |
				      PPC_MSR_LE));
}

FIXTURE_TEARDOWN(cc)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(cc, two_threads_one_vcpu)
{
	struct runner a, b;

	ASSERT_EQ(0, start(&a, self->l2.vcpu_fd[0]));
	usleep(SETTLE_MS * 1000);
	ASSERT_EQ(0, done(&a)) TH_LOG("KVM_RUN returned without a signal");
	ASSERT_EQ(0, start(&b, self->l2.vcpu_fd[0]));
	usleep(SETTLE_MS * 1000);
	/* b waits for a: neither is back */
	EXPECT_EQ(0, done(&a));
	EXPECT_EQ(0, done(&b)) TH_LOG("second KVM_RUN: %d (%s)", b.rc,
				      strerror(b.err));
	unload_refused(_metadata, self->okvm);

	stop(&a);
	EXPECT_EQ(-1, a.rc);
	EXPECT_EQ(EINTR, a.err) TH_LOG("first KVM_RUN: %s", strerror(a.err));
	/* now b is in the L2 itself */
	usleep(SETTLE_MS * 1000);
	EXPECT_EQ(0, done(&b)) TH_LOG("second KVM_RUN: %d (%s)", b.rc,
				      strerror(b.err));
	stop(&b);
	EXPECT_EQ(-1, b.rc);
	EXPECT_EQ(EINTR, b.err) TH_LOG("second KVM_RUN: %s", strerror(b.err));

	ppc_l2_destroy(&self->l2);
	all_freed(_metadata, self->okvm);
}

TEST_F(cc, vm_fd_closed_first_while_running)
{
	struct runner a;

	ASSERT_EQ(0, start(&a, self->l2.vcpu_fd[0]));
	usleep(SETTLE_MS * 1000);
	okvm_close(&self->l2.vm_fd);
	okvm_close(&self->l2.sys_fd);
	usleep(SETTLE_MS * 1000);
	EXPECT_EQ(0, done(&a)) TH_LOG("KVM_RUN ended with the VM fd: %d (%s)",
				      a.rc, strerror(a.err));
	unload_refused(_metadata, self->okvm);
	stop(&a);
	EXPECT_EQ(EINTR, a.err) TH_LOG("KVM_RUN: %s", strerror(a.err));

	/* the vCPU's fd holds the VM: it runs again */
	ASSERT_EQ(0, start(&a, self->l2.vcpu_fd[0]));
	usleep(SETTLE_MS * 1000);
	EXPECT_EQ(0, done(&a)) TH_LOG("KVM_RUN without the VM fd: %d (%s)",
				      a.rc, strerror(a.err));
	unload_refused(_metadata, self->okvm);
	stop(&a);
	EXPECT_EQ(EINTR, a.err) TH_LOG("KVM_RUN: %s", strerror(a.err));

	ppc_l2_destroy(&self->l2);
	all_freed(_metadata, self->okvm);
}

TEST_F(cc, vcpu_fd_closed_while_running)
{
	struct runner a;
	int fd;

	ASSERT_EQ(0, start(&a, self->l2.vcpu_fd[0]));
	usleep(SETTLE_MS * 1000);
	/* the ioctl holds the file: closing the number ends nothing */
	fd = self->l2.vcpu_fd[0];
	munmap(self->l2.run[0], self->l2.run_size);
	self->l2.run[0] = MAP_FAILED;
	self->l2.vcpu_fd[0] = -1;
	close(fd);
	usleep(SETTLE_MS * 1000);
	EXPECT_EQ(0, done(&a)) TH_LOG("KVM_RUN ended with its fd: %d (%s)",
				      a.rc, strerror(a.err));
	unload_refused(_metadata, self->okvm);
	/* and the VM goes too: only the running ioctl holds anything now */
	ppc_l2_destroy(&self->l2);
	usleep(SETTLE_MS * 1000);
	EXPECT_EQ(0, done(&a));
	unload_refused(_metadata, self->okvm);
	stop(&a);
	EXPECT_EQ(EINTR, a.err) TH_LOG("KVM_RUN: %s", strerror(a.err));
	all_freed(_metadata, self->okvm);
}

TEST_HARNESS_MAIN
