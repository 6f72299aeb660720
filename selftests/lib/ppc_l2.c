// SPDX-License-Identifier: GPL-2.0
/* POWER L2 test guests: see ppc_l2.h. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "okvm_util.h"
#include "ppc_l2.h"

static const char *ppc_l2_errno(const char *what)
{
	static char buf[128];

	snprintf(buf, sizeof(buf), "%s: %s", what, strerror(errno));
	return buf;
}

/**
 * ppc_l2_create() - a VM with @mem_size bytes at guest address 0 and
 * @nr_vcpus vCPUs, KVM_CAP_PPC_PAPR enabled on each
 * @l2: filled in; ppc_l2_destroy() it whatever the result
 * @mem_size: guest memory, a multiple of the page size
 * @nr_vcpus: at most PPC_L2_MAX_VCPUS
 * @why: set to the reason on SKIP or FAIL
 */
enum ppc_l2_result ppc_l2_create(struct ppc_l2 *l2, size_t mem_size,
				 int nr_vcpus, const char **why)
{
	struct kvm_userspace_memory_region mr = { .slot = 0 };
	struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
	int i;

	memset(l2, 0, sizeof(*l2));
	l2->sys_fd = -1;
	l2->vm_fd = -1;
	l2->mem = MAP_FAILED;
	for (i = 0; i < PPC_L2_MAX_VCPUS; i++) {
		l2->vcpu_fd[i] = -1;
		l2->run[i] = MAP_FAILED;
	}
	if (!okvm_host_is_ppc64()) {
		*why = "POWER only";
		return PPC_L2_SKIP;
	}
	l2->sys_fd = okvm_open_dev();
	if (l2->sys_fd < 0) {
		*why = okvm_open_error();
		return okvm_open_skippable(errno) ? PPC_L2_SKIP : PPC_L2_FAIL;
	}
	l2->vm_fd = ioctl(l2->sys_fd, KVM_CREATE_VM, 0);
	if (l2->vm_fd < 0) {
		*why = ppc_l2_errno("KVM_CREATE_VM");
		return PPC_L2_FAIL;
	}
	l2->mem_size = mem_size;
	l2->mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (l2->mem == MAP_FAILED) {
		*why = ppc_l2_errno("mmap");
		return PPC_L2_FAIL;
	}
	mr.memory_size = mem_size;
	mr.userspace_addr = (unsigned long)l2->mem;
	if (ioctl(l2->vm_fd, KVM_SET_USER_MEMORY_REGION, &mr)) {
		*why = ppc_l2_errno("KVM_SET_USER_MEMORY_REGION");
		return PPC_L2_FAIL;
	}
	l2->run_size = ioctl(l2->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	for (i = 0; i < nr_vcpus; i++) {
		l2->vcpu_fd[i] = ioctl(l2->vm_fd, KVM_CREATE_VCPU, i);
		if (l2->vcpu_fd[i] < 0) {
			if (okvm_vcpu_refused(l2->sys_fd, errno)) {
				*why = OKVM_NO_VCPU_REASON;
				return PPC_L2_SKIP;
			}
			*why = ppc_l2_errno("KVM_CREATE_VCPU");
			return PPC_L2_FAIL;
		}
		l2->nr_vcpus++;
		if (ioctl(l2->vcpu_fd[i], KVM_ENABLE_CAP, &papr)) {
			*why = ppc_l2_errno("KVM_ENABLE_CAP(KVM_CAP_PPC_PAPR)");
			return PPC_L2_FAIL;
		}
		l2->run[i] = mmap(NULL, l2->run_size, PROT_READ | PROT_WRITE,
				  MAP_SHARED, l2->vcpu_fd[i], 0);
		if (l2->run[i] == MAP_FAILED) {
			*why = ppc_l2_errno("mmap(vcpu)");
			return PPC_L2_FAIL;
		}
	}
	return PPC_L2_OK;
}

/**
 * ppc_l2_set_entry() - start @vcpu at @pc with @msr (and everything
 * else as the vCPU was created)
 */
int ppc_l2_set_entry(struct ppc_l2 *l2, int vcpu, __u64 pc, __u64 msr)
{
	struct kvm_regs regs;

	if (ioctl(l2->vcpu_fd[vcpu], KVM_GET_REGS, &regs))
		return -1;
	regs.pc = pc;
	regs.msr = msr;
	return ioctl(l2->vcpu_fd[vcpu], KVM_SET_REGS, &regs);
}

void ppc_l2_destroy(struct ppc_l2 *l2)
{
	int i;

	for (i = 0; i < PPC_L2_MAX_VCPUS; i++) {
		if (l2->run[i] != MAP_FAILED)
			munmap(l2->run[i], l2->run_size);
		l2->run[i] = MAP_FAILED;
		okvm_close(&l2->vcpu_fd[i]);
	}
	if (l2->mem != MAP_FAILED)
		munmap(l2->mem, l2->mem_size);
	l2->mem = MAP_FAILED;
	okvm_close(&l2->vm_fd);
	okvm_close(&l2->sys_fd);
}

/* Set @bits in @vcpu's LPCR (through ONE_REG, as a VMM would). */
/**
 * ppc_l2_create_spinner() - one-vCPU L2 for a test that may leave it spinning
 * @l2: as ppc_l2_create()
 * @mem_size: as ppc_l2_create()
 * @ile: set LPCR[ILE] (the test's interrupt handlers are little-endian)
 * @why: as ppc_l2_create()
 *
 * Return: PPC_L2_SKIP as well when OKVM_NO_SPIN marks a device that such
 * tests wedge.
 */
enum ppc_l2_result ppc_l2_create_spinner(struct ppc_l2 *l2, size_t mem_size,
					 int ile, const char **why)
{
	enum ppc_l2_result r;

	/* 0 vCPUs: an l2 that ppc_l2_destroy() takes, or a device skipped */
	r = ppc_l2_create(l2, mem_size, ppc_l2_no_spin() ? 0 : 1, why);
	if (r == PPC_L2_OK && ppc_l2_no_spin()) {
		*why = PPC_L2_NO_SPIN_REASON;
		return PPC_L2_SKIP;
	}
	if (r == PPC_L2_OK && ile && ppc_l2_or_lpcr(l2, 0, PPC_LPCR_ILE)) {
		*why = ppc_l2_errno("LPCR[ILE]");
		return PPC_L2_FAIL;
	}
	return r;
}

int ppc_l2_or_lpcr(struct ppc_l2 *l2, int vcpu, __u64 bits)
{
	__u64 lpcr;
	struct kvm_one_reg reg = {
		.id = KVM_REG_PPC_LPCR_64,
		.addr = (unsigned long)&lpcr,
	};

	if (ioctl(l2->vcpu_fd[vcpu], KVM_GET_ONE_REG, &reg))
		return -1;
	lpcr |= bits;
	return ioctl(l2->vcpu_fd[vcpu], KVM_SET_ONE_REG, &reg);
}

static void ppc_l2_on_alarm(int sig)
{
	(void)sig;
}

/*
 * A timer whose SIGALRM interrupts a blocked KVM_RUN (no SA_RESTART):
 * for tests that need a signal, and as a safety net in those that would
 * otherwise hang when an interrupt never comes.
 */
int ppc_l2_timer(timer_t *t)
{
	struct sigaction sa = { .sa_handler = ppc_l2_on_alarm };
	struct sigevent sev = {
		.sigev_notify = SIGEV_SIGNAL,
		.sigev_signo = SIGALRM,
	};

	if (sigaction(SIGALRM, &sa, NULL))
		return -1;
	return timer_create(CLOCK_MONOTONIC, &sev, t);
}

/* Fire @t once in @ms milliseconds (0: disarm). */
void ppc_l2_arm(timer_t t, long ms)
{
	struct itimerspec its = {
		.it_value = { .tv_sec = ms / 1000, .tv_nsec = (ms % 1000) * 1000000 },
	};

	timer_settime(t, 0, &its, NULL);
}

/* pthread body: one KVM_RUN of a struct ppc_l2_runner's vCPU. */
void *ppc_l2_run_once(void *arg)
{
	struct ppc_l2_runner *r = arg;

	r->rc = ioctl(r->fd, KVM_RUN, 0);
	r->err = errno;
	return NULL;
}
