/* SPDX-License-Identifier: GPL-2.0 */
/*
 * POWER L2 test guests: instruction encoders (Power ISA 3.0 Book I) and
 * a VM with one memslot at guest address 0 and N vCPUs with
 * KVM_CAP_PPC_PAPR enabled, running real-mode code from that memory.
 */
#ifndef OKVM_SELFTEST_PPC_L2_H
#define OKVM_SELFTEST_PPC_L2_H

#include <linux/kvm.h>
#include <stddef.h>
#include <stdlib.h>
#include <time.h>

#define PPC_MSR_SF	0x8000000000000000ULL
#define PPC_MSR_VEC	0x0000000002000000ULL
#define PPC_MSR_VSX	0x0000000000800000ULL
#define PPC_MSR_EE	0x0000000000008000ULL
#define PPC_MSR_FP	0x0000000000002000ULL
#define PPC_MSR_ME	0x0000000000001000ULL
#define PPC_MSR_LE	0x0000000000000001ULL

#define PPC_SC1		0x44000022U	/* sc 1: hypercall */
#define PPC_B_SELF	0x48000000U	/* b . */

static inline __u32 ppc_dform(int op, int rt, int ra, int d)
{
	return ((__u32)op << 26) | (rt << 21) | (ra << 16) | (d & 0xffff);
}

#define ppc_addi(rt, ra, si)	ppc_dform(14, rt, ra, si)
#define ppc_li(rt, si)		ppc_dform(14, rt, 0, si)
#define ppc_addis(rt, ra, si)	ppc_dform(15, rt, ra, si)
#define ppc_mulli(rt, ra, si)	ppc_dform(7, rt, ra, si)
#define ppc_ori(ra, rs, ui)	ppc_dform(24, rs, ra, ui)
#define ppc_cmpdi(ra, si)	ppc_dform(11, 1, ra, si)	/* cr0, L=1 */
#define ppc_lfd(frt, ra, d)	ppc_dform(50, frt, ra, d)
#define ppc_std(rs, ds, ra)	ppc_dform(62, rs, ra, (ds) & 0xfffc)

/* X-form: opcode 31 */
static inline __u32 ppc_xform(int rt, int ra, int rb, int xo)
{
	return (31U << 26) | (rt << 21) | (ra << 16) | (rb << 11) | (xo << 1);
}

#define ppc_add(rt, ra, rb)	ppc_xform(rt, ra, rb, 266)
/* mr ra, rs is or ra, rs, rs */
static inline __u32 ppc_mr(int ra, int rs)
{
	return ppc_xform(rs, ra, rs, 444);
}

/* mfspr rt, spr: the SPR number's halves are swapped in the field */
static inline __u32 ppc_mfspr(int rt, int spr)
{
	return ppc_xform(rt, spr & 0x1f, spr >> 5, 339);
}

static inline __u32 ppc_mtspr(int spr, int rs)
{
	return ppc_xform(rs, spr & 0x1f, spr >> 5, 467);
}

#define ppc_lvx(vrt, ra, rb)	ppc_xform(vrt, ra, rb, 103)

/* blt cr0 / b to a byte offset from this instruction */
#define ppc_blt(off)		((16U << 26) | (12 << 21) | ((off) & 0xfffc))
#define ppc_b(off)		((18U << 26) | ((off) & 0x3fffffc))

#define PPC_L2_MAX_VCPUS	8

/**
 * struct ppc_l2 - a test L2
 * @sys_fd: the device
 * @vm_fd: the VM
 * @vcpu_fd: its vCPUs
 * @run: their mapped struct kvm_run
 * @run_size: the mapping size
 * @nr_vcpus: how many
 * @mem: the guest memory, guest address 0
 * @mem_size: its size
 */
struct ppc_l2 {
	int sys_fd;
	int vm_fd;
	int vcpu_fd[PPC_L2_MAX_VCPUS];
	struct kvm_run *run[PPC_L2_MAX_VCPUS];
	int run_size;
	int nr_vcpus;
	__u8 *mem;
	size_t mem_size;
};

enum ppc_l2_result {
	PPC_L2_OK,
	PPC_L2_SKIP,		/* not POWER, no device, or vCPUs refused */
	PPC_L2_FAIL,
};

/*
 * Tests that leave an L2 spinning and count on a signal to end KVM_RUN
 * skip when OKVM_NO_SPIN is set: tests/qemu sets it for Debian's kvm_hv,
 * whose v1 KVM_RUN can hold a CPU for many seconds and wedge the boot
 * (Documentation/ppc-nested.rst).
 */
#define PPC_L2_NO_SPIN_REASON	"OKVM_NO_SPIN: L2 spin tests hang this device"

static inline int ppc_l2_no_spin(void)
{
	return !!getenv("OKVM_NO_SPIN");
}

#define PPC_LPCR_ILE	0x2000000ULL	/* L2 interrupts taken little-endian */

/**
 * struct ppc_l2_runner - one KVM_RUN on another thread (ppc_l2_run_once)
 * @fd: the vCPU fd
 * @rc: what KVM_RUN returned
 * @err: errno after it
 */
struct ppc_l2_runner {
	int fd;
	int rc;
	int err;
};

enum ppc_l2_result ppc_l2_create(struct ppc_l2 *l2, size_t mem_size,
				 int nr_vcpus, const char **why);
enum ppc_l2_result ppc_l2_create_spinner(struct ppc_l2 *l2, size_t mem_size,
					 int ile, const char **why);
int ppc_l2_set_entry(struct ppc_l2 *l2, int vcpu, __u64 pc, __u64 msr);
void ppc_l2_destroy(struct ppc_l2 *l2);
int ppc_l2_or_lpcr(struct ppc_l2 *l2, int vcpu, __u64 bits);
int ppc_l2_timer(timer_t *t);
void ppc_l2_arm(timer_t t, long ms);
void *ppc_l2_run_once(void *arg);

#endif /* OKVM_SELFTEST_PPC_L2_H */
