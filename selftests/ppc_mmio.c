// SPDX-License-Identifier: GPL-2.0
/*
 * ppc_mmio
 *
 * L2 loads and stores outside every memslot become KVM_EXIT_MMIO, one per
 * access, with the address, length, direction and data bytes in the
 * order the access has in memory; for a load, what userspace puts in
 * kvm_run->mmio.data lands in the target register, zero- or
 * sign-extended, byte-reversed for the *brx forms; an update form writes
 * the effective address back to its base register. Every width (1, 2, 4,
 * 8 bytes) in both byte orders (the L2 runs little-endian; the
 * byte-reversed forms give big-endian).
 *
 * And: after a memslot is deleted, an L2 access to it is an MMIO exit,
 * not the old memory (no stale translation survives the delete).
 */
#include <pthread.h>
#include <sys/mman.h>

#include "kselftest_harness.h"
#include "okvm_util.h"
#include "ppc_l2.h"

#define MEM_SIZE	(64 * 1024)
#define MMIO		0x100000
#define SLOT1		0x200000
#define SLOT1_SIZE	(64 * 1024)
#define SLOT1_MOVED	0x300000
#define DATA		0x800
#define OUT		0x900
#define H_DONE		0x200
#define H_TEST		0x100

#define R5_VALUE	0x1122334455667788ULL

static __u32 ld(int rt, int ra, int ds)
{
	return ppc_dform(58, rt, ra, ds & 0xfffc);
}

static __u32 lwa(int rt, int ra, int ds)
{
	return ppc_dform(58, rt, ra, (ds & 0xfffc) | 2);
}

struct access {
	int is_write;
	__u64 addr;
	int len;
	__u8 data[8];	/* stores: expected; loads: supplied */
};

static const struct access accesses[] = {
	{ 1, MMIO, 1, { 0x88 } },				/* stb */
	{ 1, MMIO, 2, { 0x88, 0x77 } },				/* sth */
	{ 1, MMIO, 4, { 0x88, 0x77, 0x66, 0x55 } },		/* stw */
	{ 1, MMIO, 8, { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 } },
	{ 1, MMIO, 2, { 0x77, 0x88 } },				/* sthbrx */
	{ 1, MMIO, 4, { 0x55, 0x66, 0x77, 0x88 } },		/* stwbrx */
	{ 1, MMIO, 8, { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88 } },
	{ 0, MMIO, 1, { 0x81 } },				/* lbz */
	{ 0, MMIO, 2, { 0x81, 0x82 } },				/* lhz */
	{ 0, MMIO, 2, { 0x81, 0x82 } },				/* lha */
	{ 0, MMIO, 4, { 0x81, 0x82, 0x83, 0x84 } },		/* lwz */
	{ 0, MMIO, 4, { 0x81, 0x82, 0x83, 0x84 } },		/* lwa */
	{ 0, MMIO, 8, { 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88 } },
	{ 0, MMIO, 2, { 0x81, 0x82 } },				/* lhbrx */
	{ 0, MMIO, 4, { 0x81, 0x82, 0x83, 0x84 } },		/* lwbrx */
	{ 0, MMIO, 8, { 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88 } },
	{ 1, MMIO + 8, 4, { 0x88, 0x77, 0x66, 0x55 } },		/* stwu */
};

/* What each load leaves in its register, in the order of the loads. */
static const __u64 loaded[] = {
	0x81, 0x8281, 0xffffffffffff8281ULL, 0x84838281,
	0xffffffff84838281ULL, 0x8887868584838281ULL,
	0x8182, 0x81828384, 0x8182838485868788ULL,
};

FIXTURE(l2) {
	struct ppc_l2 l2;
};

FIXTURE_SETUP(l2)
{
	static const int load_xo[] = { 790, 534, 532 };
	const char *why = NULL;
	__u32 *c;
	int r, i, out = OUT;

	r = ppc_l2_create(&self->l2, MEM_SIZE, 1, &why);
	if (r == PPC_L2_SKIP)
		SKIP(return, "%s", why);
	ASSERT_EQ(PPC_L2_OK, r) TH_LOG("%s", why);

	*(__u64 *)(self->l2.mem + DATA) = R5_VALUE;
	c = (__u32 *)self->l2.mem;
	*c++ = ld(5, 0, DATA);
	*c++ = ppc_addis(10, 0, MMIO >> 16);
	*c++ = ppc_dform(38, 5, 10, 0);		/* stb */
	*c++ = ppc_dform(44, 5, 10, 0);		/* sth */
	*c++ = ppc_dform(36, 5, 10, 0);		/* stw */
	*c++ = ppc_std(5, 0, 10);
	*c++ = ppc_xform(5, 0, 10, 918);	/* sthbrx */
	*c++ = ppc_xform(5, 0, 10, 662);	/* stwbrx */
	*c++ = ppc_xform(5, 0, 10, 660);	/* stdbrx */
	*c++ = ppc_dform(34, 11, 10, 0);	/* lbz */
	*c++ = ppc_std(11, out, 0);
	out += 8;
	*c++ = ppc_dform(40, 11, 10, 0);	/* lhz */
	*c++ = ppc_std(11, out, 0);
	out += 8;
	*c++ = ppc_dform(42, 11, 10, 0);	/* lha */
	*c++ = ppc_std(11, out, 0);
	out += 8;
	*c++ = ppc_dform(32, 11, 10, 0);	/* lwz */
	*c++ = ppc_std(11, out, 0);
	out += 8;
	*c++ = lwa(11, 10, 0);
	*c++ = ppc_std(11, out, 0);
	out += 8;
	*c++ = ld(11, 10, 0);
	*c++ = ppc_std(11, out, 0);
	out += 8;
	for (i = 0; i < 3; i++) {
		*c++ = ppc_xform(11, 0, 10, load_xo[i]);
		*c++ = ppc_std(11, out, 0);
		out += 8;
	}
	*c++ = ppc_dform(37, 5, 10, 8);		/* stwu r5, 8(r10) */
	*c++ = ppc_std(10, out, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;
	ASSERT_EQ(0, ppc_l2_set_entry(&self->l2, 0, 0,
				      PPC_MSR_SF | PPC_MSR_ME | PPC_MSR_LE));
}

FIXTURE_TEARDOWN(l2)
{
	ppc_l2_destroy(&self->l2);
}

TEST_F(l2, every_width_both_orders)
{
	struct kvm_run *run = self->l2.run[0];
	__u64 *out = (__u64 *)(self->l2.mem + OUT);
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(accesses); i++) {
		const struct access *a = &accesses[i];

		ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
		ASSERT_EQ(KVM_EXIT_MMIO, run->exit_reason)
			TH_LOG("access %u: exit reason %u (data %llx %llx %llx)",
			       i, run->exit_reason,
			       (unsigned long long)run->internal.data[0],
			       (unsigned long long)run->internal.data[1],
			       (unsigned long long)run->internal.data[2]);
		EXPECT_EQ(a->addr, run->mmio.phys_addr) TH_LOG("access %u", i);
		EXPECT_EQ(a->len, run->mmio.len) TH_LOG("access %u", i);
		EXPECT_EQ(a->is_write, run->mmio.is_write) TH_LOG("access %u", i);
		if (a->is_write) {
			EXPECT_EQ(0, memcmp(a->data, run->mmio.data, a->len))
				TH_LOG("access %u: data %02x %02x ..", i,
				       run->mmio.data[0], run->mmio.data[1]);
		} else {
			memcpy(run->mmio.data, a->data, a->len);
		}
	}
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	ASSERT_EQ(H_DONE, run->papr_hcall.nr);
	for (i = 0; i < ARRAY_SIZE(loaded); i++)
		EXPECT_EQ(loaded[i], out[i]) TH_LOG("load %u", i);
	EXPECT_EQ(MMIO + 8, out[ARRAY_SIZE(loaded)]);	/* stwu updated r10 */
}

TEST_F(l2, deleted_slot_is_mmio)
{
	struct kvm_run *run = self->l2.run[0];
	__u64 *out = (__u64 *)(self->l2.mem + OUT);
	__u32 *c = (__u32 *)self->l2.mem;
	__u64 *slot1;

	slot1 = mmap(NULL, SLOT1_SIZE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, slot1);
	slot1[0] = 0xabcdef;
	set_memslot(self->l2.vm_fd, 1, 0, SLOT1, SLOT1_SIZE,
		    (unsigned long)slot1);

	*c++ = ppc_addis(12, 0, SLOT1 >> 16);
	*c++ = ld(11, 12, 0);
	*c++ = ppc_std(11, OUT, 0);
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c++ = ld(11, 12, 0);
	*c++ = ppc_std(11, OUT + 8, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;

	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(0xabcdef, out[0]);

	set_memslot(self->l2.vm_fd, 1, 0, SLOT1, 0, (unsigned long)slot1);
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_MMIO, run->exit_reason)
		TH_LOG("exit reason %u", run->exit_reason);
	EXPECT_EQ(SLOT1, run->mmio.phys_addr);
	EXPECT_EQ(8, run->mmio.len);
	EXPECT_EQ(0, run->mmio.is_write);
	memset(run->mmio.data, 0x42, 8);
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
	EXPECT_EQ(0x4242424242424242ULL, out[1]);
	munmap(slot1, SLOT1_SIZE);
}

/* Slot 1 at SLOT1 with 0xabcdef at its start; its memory, to munmap. */
static __u64 *add_slot1(int vm_fd)
{
	__u64 *slot1 = mmap(NULL, SLOT1_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (slot1 == MAP_FAILED)
		return NULL;
	slot1[0] = 0xabcdef;
	if (__set_memslot(vm_fd, 1, 0, SLOT1, SLOT1_SIZE, (unsigned long)slot1)) {
		munmap(slot1, SLOT1_SIZE);
		return NULL;
	}
	return slot1;
}

TEST_F(l2, moved_slot)
{
	struct kvm_run *run = self->l2.run[0];
	__u64 *out = (__u64 *)(self->l2.mem + OUT);
	__u32 *c = (__u32 *)self->l2.mem;
	__u64 *slot1 = add_slot1(self->l2.vm_fd);

	ASSERT_NE(NULL, slot1);
	/* load SLOT1; hcall; load SLOT1 again, then SLOT1_MOVED */
	*c++ = ppc_addis(12, 0, SLOT1 >> 16);
	*c++ = ppc_addis(13, 0, SLOT1_MOVED >> 16);
	*c++ = ld(11, 12, 0);
	*c++ = ppc_std(11, OUT, 0);
	*c++ = ppc_li(3, H_TEST);
	*c++ = PPC_SC1;
	*c++ = ld(11, 12, 0);
	*c++ = ppc_std(11, OUT + 8, 0);
	*c++ = ld(11, 13, 0);
	*c++ = ppc_std(11, OUT + 16, 0);
	*c++ = ppc_li(3, H_DONE);
	*c++ = PPC_SC1;
	*c++ = PPC_B_SELF;

	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(0xabcdef, out[0]);

	/* same slot, same memory, new guest address */
	ASSERT_EQ(0, __set_memslot(self->l2.vm_fd, 1, 0, SLOT1_MOVED,
				   SLOT1_SIZE, (unsigned long)slot1));
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_MMIO, run->exit_reason)
		TH_LOG("exit reason %u", run->exit_reason);
	EXPECT_EQ(SLOT1, run->mmio.phys_addr);
	memset(run->mmio.data, 0x42, 8);
	ASSERT_EQ(0, ioctl(self->l2.vcpu_fd[0], KVM_RUN, 0));
	ASSERT_EQ(KVM_EXIT_PAPR_HCALL, run->exit_reason);
	EXPECT_EQ(H_DONE, run->papr_hcall.nr);
	EXPECT_EQ(0x4242424242424242ULL, out[1]);
	EXPECT_EQ(0xabcdef, out[2]);
	munmap(slot1, SLOT1_SIZE);
}

/*
 * A slot deleted while a vCPU spins inside the L2 reading it: the delete
 * returns (okvm makes the vCPU leave the L2 before it unpins), and the
 * vCPU's next read is an MMIO exit, not the old page.
 */
TEST_F(l2, slot_deleted_under_a_running_vcpu)
{
	struct ppc_l2_runner r = { .fd = self->l2.vcpu_fd[0] };
	struct kvm_run *run = self->l2.run[0];
	__u32 *c = (__u32 *)self->l2.mem;
	__u64 *slot1;
	pthread_t t;

	if (ppc_l2_no_spin())
		SKIP(return, PPC_L2_NO_SPIN_REASON);
	slot1 = add_slot1(self->l2.vm_fd);
	ASSERT_NE(NULL, slot1);
	*c++ = ppc_addis(12, 0, SLOT1 >> 16);
	*c++ = ld(11, 12, 0);
	*c = ppc_b(-4);

	ASSERT_EQ(0, pthread_create(&t, NULL, ppc_l2_run_once, &r));
	usleep(300 * 1000);
	ASSERT_EQ(0, __set_memslot(self->l2.vm_fd, 1, 0, SLOT1, 0,
				   (unsigned long)slot1));
	/* the pages may go now: nothing maps them any more */
	munmap(slot1, SLOT1_SIZE);
	pthread_join(t, NULL);
	ASSERT_EQ(0, r.rc) TH_LOG("%s", strerror(r.err));
	ASSERT_EQ(KVM_EXIT_MMIO, run->exit_reason);
	EXPECT_EQ(SLOT1, run->mmio.phys_addr);
	EXPECT_EQ(0, run->mmio.is_write);
}

TEST_HARNESS_MAIN
