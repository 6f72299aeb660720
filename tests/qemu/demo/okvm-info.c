// SPDX-License-Identifier: GPL-2.0
/*
 * okvm-info: what `make demo` runs inside the POWER L1. It opens the
 * device named by $OKVM_DEV (default /dev/okvm), prints what it offers,
 * creates a VM with a memslot, tries a vCPU, and reads the VM stats fd,
 * in a few readable lines.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/kvm.h>
#include <linux/okvm.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *name;
	long cap;
} caps[] = {
	{ "KVM_CAP_USER_MEMORY", KVM_CAP_USER_MEMORY },
	{ "KVM_CAP_IMMEDIATE_EXIT", KVM_CAP_IMMEDIATE_EXIT },
	{ "KVM_CAP_BINARY_STATS_FD", KVM_CAP_BINARY_STATS_FD },
	{ "KVM_CAP_NR_VCPUS", KVM_CAP_NR_VCPUS },
	{ "KVM_CAP_MAX_VCPUS", KVM_CAP_MAX_VCPUS },
	{ "KVM_CAP_MAX_VCPU_ID", KVM_CAP_MAX_VCPU_ID },
	{ "KVM_CAP_NR_MEMSLOTS", KVM_CAP_NR_MEMSLOTS },
	{ "KVM_CAP_ONE_REG", KVM_CAP_ONE_REG },
	{ "KVM_CAP_OKVM", KVM_CAP_OKVM },
	{ "KVM_CAP_OKVM_NESTED_API", KVM_CAP_OKVM_NESTED_API },
};

static void print_stats(int vm)
{
	struct kvm_stats_header h;
	char *desc, id[64];
	unsigned long long v;
	unsigned int i;
	int fd = ioctl(vm, KVM_GET_STATS_FD, NULL);

	if (fd < 0 || pread(fd, &h, sizeof(h), 0) != sizeof(h)) {
		printf("  stats fd: %s\n", strerror(errno));
		return;
	}
	pread(fd, id, sizeof(id) < h.name_size ? sizeof(id) : h.name_size,
	      h.id_offset);
	id[sizeof(id) - 1] = 0;
	printf("  stats fd \"%s\":", id);
	desc = malloc(sizeof(struct kvm_stats_desc) + h.name_size);
	for (i = 0; desc && i < h.num_desc; i++) {
		struct kvm_stats_desc *d = (void *)desc;
		size_t sz = sizeof(*d) + h.name_size;

		if (pread(fd, d, sz, h.desc_offset + i * sz) != (ssize_t)sz ||
		    pread(fd, &v, 8, h.data_offset + d->offset) != 8)
			break;
		printf(" %s=%llu", d->name, v);
	}
	printf("\n");
	free(desc);
	close(fd);
}

/*
 * A real-mode L2 at guest address 0 (this client is built for POWER
 * only): r3 = 0x100, r4 = i, sc 1, i++, forever. Each hcall exits to
 * us; time N round trips.
 */
static void run_l2(int sys, int vcpu, void *mem)
{
	static const unsigned int code[] = {
		0x3a800000,	/* li r20, 0 */
		0x38600100,	/* li r3, 0x100 */
		0x7e84a378,	/* mr r4, r20 */
		0x44000022,	/* sc 1 */
		0x3a940001,	/* addi r20, r20, 1 */
		0x4bfffff0,	/* b -16 */
	};
	struct kvm_enable_cap papr = { .cap = KVM_CAP_PPC_PAPR };
	int size = ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, 0), i, n = 1000;
	struct kvm_regs regs;
	struct kvm_run *run;
	struct timespec t0, t1;
	double us;

	memcpy(mem, code, sizeof(code));
	run = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
	if (run == MAP_FAILED || ioctl(vcpu, KVM_ENABLE_CAP, &papr) ||
	    ioctl(vcpu, KVM_GET_REGS, &regs)) {
		printf("L2 setup: %s\n", strerror(errno));
		return;
	}
	regs.pc = 0;
	regs.msr = 0x8000000000001001ULL;	/* SF | ME | LE, real mode */
	ioctl(vcpu, KVM_SET_REGS, &regs);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		if (ioctl(vcpu, KVM_RUN, 0) ||
		    run->exit_reason != KVM_EXIT_PAPR_HCALL) {
			printf("KVM_RUN: %s, exit %u\n", strerror(errno),
			       run->exit_reason);
			return;
		}
		if (i < 3)
			printf("  L2 hcall: nr %#llx, r4 %llu\n",
			       (unsigned long long)run->papr_hcall.nr,
			       (unsigned long long)run->papr_hcall.args[0]);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	us = (t1.tv_sec - t0.tv_sec) * 1e6 + (t1.tv_nsec - t0.tv_nsec) / 1e3;
	printf("  ... %d L2 hcall -> userspace -> L2 round trips, %.1f us each on average\n",
	       n, us / n);
}

int main(void)
{
	const char *dev = getenv("OKVM_DEV") ? getenv("OKVM_DEV") : "/dev/okvm";
	struct kvm_userspace_memory_region mr = { .slot = 0 };
	unsigned int i;
	void *mem;
	int sys, vm, vcpu;

	sys = open(dev, O_RDWR | O_CLOEXEC);
	if (sys < 0) {
		printf("open %s: %s\n", dev, strerror(errno));
		return 1;
	}
	printf("%s: KVM API version %d, vCPU mmap size %d\n", dev,
	       ioctl(sys, KVM_GET_API_VERSION, 0),
	       ioctl(sys, KVM_GET_VCPU_MMAP_SIZE, 0));
	for (i = 0; i < ARRAY_SIZE(caps); i++)
		printf("  %-26s %d\n", caps[i].name,
		       ioctl(sys, KVM_CHECK_EXTENSION, caps[i].cap));

	vm = ioctl(sys, KVM_CREATE_VM, 0);
	if (vm < 0) {
		printf("KVM_CREATE_VM: %s\n", strerror(errno));
		return 1;
	}
	mem = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	mr.memory_size = 1 << 20;
	mr.userspace_addr = (unsigned long)mem;
	printf("KVM_CREATE_VM: fd %d; 1 MiB memslot at gpa 0: %s\n", vm,
	       ioctl(vm, KVM_SET_USER_MEMORY_REGION, &mr) ? strerror(errno) : "ok");
	vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
	if (vcpu < 0) {
		printf("KVM_CREATE_VCPU 0: %s%s\n", strerror(errno),
		       errno == EINVAL ? " (the backend cannot run vCPUs yet)" : "");
		print_stats(vm);
		return 0;
	}
	printf("KVM_CREATE_VCPU 0: fd %d\n", vcpu);
	run_l2(sys, vcpu, mem);
	print_stats(vm);
	return 0;
}
