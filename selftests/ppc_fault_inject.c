// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_fault_inject
 *
 * okvm's L0 fault injection (debugfs okvm/fault/, ppc-nested/fault.c)
 * stands in for an L0 that answers H_BUSY, H_NO_MEM, H_PARAMETER or
 * H_INVALID_ELEMENT_* where QEMU's never does. Every ioctl whose L0 hcall
 * fails must return the matching errno, leave nothing behind, and work
 * again once the L0 behaves: a VM or vCPU whose creation failed leaves
 * no L0 guest or vCPU id used (QEMU aborts on a gap in vCPU ids), a run
 * that failed loses none of the state it was to carry. The QEMU harness
 * then checks that every okvm object count is back to zero.
 *
 * Needs root and okvm (skips on other devices).
 */
#include <fcntl.h>
#include <signal.h>
#include <time.h>
#include <sys/time.h>
#include <sys/mman.h>
#include <stdio.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#include "linux/okvm.h"

#define MEM_SIZE	(64 * 1024)
#define H_TEST		0x100

/* PAPR return codes and hcall numbers (hcall.h) */
#define H_BUSY			1
#define H_LONG_BUSY_100_SEC	9905
#define H_PARAMETER		-4
#define H_NO_MEM		-9
#define H_INVALID_ELEMENT_ID	-79
#define H_ENTER_NESTED		0xf804
#define H_GUEST_CREATE		0x470
#define H_GUEST_CREATE_VCPU	0x474
#define H_GUEST_GET_STATE	0x478
#define H_GUEST_SET_STATE	0x47c
#define H_GUEST_RUN_VCPU	0x480
#define H_GUEST_DELETE		0x488

/* Fail @times calls of @hcall (0: any) with @code, after @skip. */
static int arm(long hcall, long code, long skip, long times)
{
	return okvm_fault_write("times", 0) || okvm_fault_write("hcall", hcall) ||
	       okvm_fault_write("code", code) || okvm_fault_write("every", 1) ||
	       okvm_fault_write("skip", skip) || okvm_fault_write("times", times);
}

static void disarm(void)
{
	okvm_fault_write("times", 0);
}

FIXTURE(fi) {
	struct ppc_l2 l2;
	int api;
	long long injected;
};

FIXTURE_SETUP(fi)
{
	const char *why = NULL;
	__u32 *c;
	int r;

	self->api = 0;
	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);
	if (!is_okvm(self->l2.sys_fd) || access(OKVM_FAULT_DIR "times", W_OK))
		SKIP(return, "needs okvm's debugfs fault knobs (and root)");
	self->api = ioctl(self->l2.sys_fd, KVM_CHECK_EXTENSION,
			  KVM_CAP_OKVM_NESTED_API);
	self->injected = okvm_fault_read("injected");

	/* 0: r3 = H_TEST, r4 = r20; sc 1; r20++; b 0 */
	c = (__u32 *)self->l2.mem;
	*c++ = ppc_li(3, H_TEST);
	*c++ = ppc_mr(4, 20);
	*c++ = PPC_SC1;
	*c++ = ppc_addi(20, 20, 1);
	*c = ppc_b(-16);
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
}

FIXTURE_TEARDOWN(fi)
{
	if (self->api)
		disarm();
	ppc_l2_destroy(&self->l2);
}

/* KVM_RUN must end in the L2's H_TEST with r4 = @arg. */
static int hcall_exit(struct ppc_l2 *l2, int vcpu, __u64 arg)
{
	struct kvm_run *run = l2->run[vcpu];

	if (ioctl(l2->vcpu_fd[vcpu], KVM_RUN, 0))
		return -errno;
	if (run->exit_reason != KVM_EXIT_PAPR_HCALL ||
	    run->papr_hcall.nr != H_TEST || run->papr_hcall.args[0] != arg)
		return -1000;
	run->papr_hcall.ret = 0;
	return 0;
}

static long run_hcall(int api)
{
	return api == OKVM_NESTED_API_V2 ? H_GUEST_RUN_VCPU : H_ENTER_NESTED;
}

TEST_F(fi, failed_run_keeps_its_state)
{
	__u64 r20 = 41;
	struct kvm_regs regs;

	ASSERT_EQ(0, hcall_exit(&self->l2, 0, 0));
	/* r20 = 41 must reach the L2 even though the first run fails */
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_REGS, &regs));
	regs.gpr[20] = r20;
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_SET_REGS, &regs));

	ASSERT_EQ(0, arm(run_hcall(self->api), H_PARAMETER, 0, 1));
	EXPECT_EQ(-EINVAL, hcall_exit(&self->l2, 0, 42));
	EXPECT_EQ(1, okvm_fault_read("injected") - self->injected);
	disarm();
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 42));
}

TEST_F(fi, busy_l0)
{
	long busy = self->api == OKVM_NESTED_API_V2 ? 0 : -EBUSY;

	ASSERT_EQ(0, hcall_exit(&self->l2, 0, 0));
	/* v2 tries again (bounded); v1's H_ENTER_NESTED reports it */
	ASSERT_EQ(0, arm(run_hcall(self->api), H_BUSY, 0, 3));
	if (busy) {
		EXPECT_EQ(busy, hcall_exit(&self->l2, 0, 1));
		disarm();
	}
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 1));
	disarm();
	/* a busy L0 that never recovers: a clean -EBUSY, then it works */
	ASSERT_EQ(0, arm(run_hcall(self->api), H_BUSY, 0, -1));
	EXPECT_EQ(-EBUSY, hcall_exit(&self->l2, 0, 2));
	disarm();
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 2));
}

static void on_alarm(int sig)
{
	(void)sig;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * An L0 that keeps answering "busy, try in 100 s": v2 retries for 10 s in
 * all, not 100 s per try, and a signal ends the wait at once. v1 reports
 * the first busy answer.
 */
TEST_F(fi, long_busy_l0)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval it = { .it_value.tv_usec = 300 * 1000 };
	double t;

	ASSERT_EQ(0, hcall_exit(&self->l2, 0, 0));
	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, arm(run_hcall(self->api), H_LONG_BUSY_100_SEC, 0, -1));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &it, NULL));
	t = now_s();
	EXPECT_EQ(-EBUSY, hcall_exit(&self->l2, 0, 1));
	EXPECT_GT(3.0, now_s() - t) TH_LOG("a signal must end the wait");
	it.it_value.tv_usec = 0;
	setitimer(ITIMER_REAL, &it, NULL);
	if (self->api == OKVM_NESTED_API_V2) {
		t = now_s();
		EXPECT_EQ(-EBUSY, hcall_exit(&self->l2, 0, 1));
		t = now_s() - t;
		EXPECT_LT(9.0, t);
		EXPECT_GT(20.0, t) TH_LOG("10 s in all, not 100 s a try");
	}
	disarm();
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 1));
}

TEST_F(fi, v2_vm_create)
{
	int vm;

	if (self->api != OKVM_NESTED_API_V2)
		SKIP(return, "v2 only: v1 makes no L0 hcall for a VM");
	ASSERT_EQ(0, arm(H_GUEST_CREATE, H_NO_MEM, 0, 1));
	EXPECT_EQ(-1, ioctl(self->l2.sys_fd, KVM_CREATE_VM, 0));
	EXPECT_EQ(ENOMEM, errno);
	/* the partition table after the guest: the guest is deleted */
	ASSERT_EQ(0, arm(H_GUEST_SET_STATE, H_INVALID_ELEMENT_ID, 0, 1));
	EXPECT_EQ(-1, ioctl(self->l2.sys_fd, KVM_CREATE_VM, 0));
	EXPECT_EQ(EINVAL, errno);
	/* busy twice, then fine: created */
	ASSERT_EQ(0, arm(H_GUEST_CREATE, H_BUSY, 0, 2));
	vm = ioctl(self->l2.sys_fd, KVM_CREATE_VM, 0);
	EXPECT_LE(0, vm);
	EXPECT_EQ(4, okvm_fault_read("injected") - self->injected);
	/* a guest the L0 will not delete now goes with the next delete */
	ASSERT_EQ(0, arm(H_GUEST_DELETE, H_PARAMETER, 0, 1));
	if (vm >= 0)
		close(vm);
}

TEST_F(fi, v2_vcpu_create)
{
	int i;

	if (self->api != OKVM_NESTED_API_V2)
		SKIP(return, "v2 only: v1 makes no L0 hcall for a vCPU");
	/* each failure point of KVM_CREATE_VCPU, in order */
	static const long calls[][2] = {
		{ H_GUEST_CREATE_VCPU, H_NO_MEM },
		{ H_GUEST_GET_STATE, H_INVALID_ELEMENT_ID },
		{ H_GUEST_SET_STATE, H_PARAMETER },
	};
	static const int err[] = { ENOMEM, EINVAL, EINVAL };

	for (i = 0; i < 3; i++) {
		ASSERT_EQ(0, arm(calls[i][0], calls[i][1], 0, 1));
		EXPECT_EQ(-1, ioctl(self->l2.vm_fd, KVM_CREATE_VCPU, 1 + i));
		EXPECT_EQ(err[i], errno) TH_LOG("failure point %d", i);
	}
	disarm();
	/* vCPU 1 gets L0 id 1, with no gap: it must run */
	self->l2.vcpu_fd[1] = ioctl(self->l2.vm_fd, KVM_CREATE_VCPU, 1);
	ASSERT_LE(0, self->l2.vcpu_fd[1]);
	self->l2.nr_vcpus = 2;
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[1], KVM_ENABLE_CAP,
			   &(struct kvm_enable_cap){ .cap = KVM_CAP_PPC_PAPR }));
	self->l2.run[1] = mmap(NULL, self->l2.run_size, PROT_READ | PROT_WRITE,
			       MAP_SHARED, self->l2.vcpu_fd[1], 0);
	ASSERT_NE(MAP_FAILED, self->l2.run[1]);
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 1, 0, PPC_MSR_SF |
				      PPC_MSR_ME | PPC_MSR_LE));
	EXPECT_EQ(0, hcall_exit(&self->l2, 1, 0));
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 0));
}

TEST_F(fi, v2_get_state)
{
	struct kvm_regs regs;

	if (self->api != OKVM_NESTED_API_V2)
		SKIP(return, "v2 only: v1 holds every register");
	ASSERT_EQ(0, hcall_exit(&self->l2, 0, 0));
	ASSERT_EQ(0, arm(H_GUEST_GET_STATE, H_NO_MEM, 0, 1));
	EXPECT_EQ(-1, ioctl(self->l2.vcpu_fd[0], KVM_GET_REGS, &regs));
	EXPECT_EQ(ENOMEM, errno);
	disarm();
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_GET_REGS, &regs));
	EXPECT_EQ(H_TEST, regs.gpr[3]);
	EXPECT_EQ(0, hcall_exit(&self->l2, 0, 1));
}

TEST_HARNESS_MAIN
