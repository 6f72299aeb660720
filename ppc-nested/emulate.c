// SPDX-License-Identifier: GPL-2.0
/*
 * MMIO emulation for L2 loads and stores outside every memslot.
 *
 * The L0 reports the guest-real address (ASDR) and the effective address
 * (HDAR) of the access, but in v1 not the instruction (QEMU never writes
 * HEIR back, and has no H_COPY_TOFROM_GUEST), so the instruction is read
 * from L2 memory at NIA. Only an L2 fetching in real mode (MSR[IR] = 0) is
 * handled so far: NIA is then a guest-real address; translated fetches
 * end KVM_RUN with KVM_EXIT_INTERNAL_ERROR.
 *
 * Handled: the fixed-point loads and stores of Power ISA 3.0 Book I 3.3.2
 * to 3.3.5 of 1, 2, 4 and 8 bytes: zero- and sign-extending loads, update
 * forms, indexed forms, and the byte-reversed forms. The data travels in
 * kvm_run->mmio as the bytes the access has in memory, so the L2's
 * MSR[LE] (xor byte reversal) decides their order.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "../core/okvm.h"
#include <asm/reg.h>

#include "ppc.h"

#define OKVM_MMIO_STORE		BIT(0)
#define OKVM_MMIO_SIGN		BIT(1)
#define OKVM_MMIO_UPDATE	BIT(2)
#define OKVM_MMIO_BREV		BIT(3)

struct okvm_mmio_op {
	u16 op;		/* primary opcode, or 31 / 58 / 62 with @xo */
	u16 xo;
	u8 len;
	u8 flags;
};

#define S	OKVM_MMIO_STORE
#define SX	OKVM_MMIO_SIGN
#define U	OKVM_MMIO_UPDATE
#define BR	OKVM_MMIO_BREV

static const struct okvm_mmio_op okvm_mmio_ops[] = {
	/* D-form */
	{ 32, 0, 4, 0 }, { 33, 0, 4, U }, { 34, 0, 1, 0 }, { 35, 0, 1, U },
	{ 36, 0, 4, S }, { 37, 0, 4, S | U }, { 38, 0, 1, S },
	{ 39, 0, 1, S | U }, { 40, 0, 2, 0 }, { 41, 0, 2, U },
	{ 42, 0, 2, SX }, { 43, 0, 2, SX | U }, { 44, 0, 2, S },
	{ 45, 0, 2, S | U },
	/* DS-form: xo is the low two bits */
	{ 58, 0, 8, 0 }, { 58, 1, 8, U }, { 58, 2, 4, SX },
	{ 62, 0, 8, S }, { 62, 1, 8, S | U },
	/* X-form */
	{ 31, 23, 4, 0 }, { 31, 55, 4, U }, { 31, 87, 1, 0 },
	{ 31, 119, 1, U }, { 31, 151, 4, S }, { 31, 183, 4, S | U },
	{ 31, 215, 1, S }, { 31, 247, 1, S | U }, { 31, 279, 2, 0 },
	{ 31, 311, 2, U }, { 31, 343, 2, SX }, { 31, 375, 2, SX | U },
	{ 31, 407, 2, S }, { 31, 439, 2, S | U }, { 31, 21, 8, 0 },
	{ 31, 53, 8, U }, { 31, 149, 8, S }, { 31, 181, 8, S | U },
	{ 31, 341, 4, SX }, { 31, 373, 4, SX | U },
	{ 31, 790, 2, BR }, { 31, 534, 4, BR }, { 31, 532, 8, BR },
	{ 31, 918, 2, S | BR }, { 31, 662, 4, S | BR }, { 31, 660, 8, S | BR },
};

#undef S
#undef SX
#undef U
#undef BR

static const struct okvm_mmio_op *okvm_mmio_decode(u32 insn)
{
	unsigned int op = insn >> 26, i;
	unsigned int xo = op == 31 ? (insn >> 1) & 0x3ff :
			  (op == 58 || op == 62) ? insn & 3 : 0;

	for (i = 0; i < ARRAY_SIZE(okvm_mmio_ops); i++)
		if (okvm_mmio_ops[i].op == op && okvm_mmio_ops[i].xo == xo)
			return &okvm_mmio_ops[i];
	return NULL;
}

/* Bytes in memory order <-> register value. */
static void okvm_mmio_to_bytes(u8 *p, u64 v, unsigned int len, bool le)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		p[le ? i : len - 1 - i] = v >> (8 * i);
}

static u64 okvm_mmio_from_bytes(const u8 *p, unsigned int len, bool le)
{
	u64 v = 0;
	unsigned int i;

	for (i = 0; i < len; i++)
		v |= (u64)p[le ? i : len - 1 - i] << (8 * i);
	return v;
}

static int okvm_mmio_fail(struct kvm_run *run, u64 gpa, u64 nia, u32 insn)
{
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = KVM_INTERNAL_ERROR_EMULATION;
	run->internal.ndata = 3;
	run->internal.data[0] = gpa;
	run->internal.data[1] = nia;
	run->internal.data[2] = insn;
	return 0;
}

/**
 * okvm_ppc_emulate_mmio() - start emulating the access that faulted
 * @pv: the vCPU
 * @run: its kvm_run
 * @gpa: the guest-real address of the access (no memslot holds it)
 *
 * Fills run->mmio and remembers what okvm_ppc_complete_mmio() must do; a
 * store a KVM_IOEVENTFD registration takes is completed here instead.
 * Return: 0 (exit to userspace: KVM_EXIT_MMIO, or KVM_EXIT_INTERNAL_ERROR
 * when the access cannot be emulated), 1 (go on running the L2), or a
 * negative errno.
 */
int okvm_ppc_emulate_mmio(struct okvm_ppc_vcpu *pv, struct kvm_run *run,
			  u64 gpa)
{
	static const u16 ids[] = { OKVM_GSID_NIA, OKVM_GSID_MSR,
				   OKVM_GSID_HDAR };
	const struct okvm_mmio_op *op;
	u64 nia, msr, hdar, rs;
	bool le;
	u32 insn = 0;
	int r;

	r = okvm_state_ensure(&pv->st, ids, ARRAY_SIZE(ids));
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_NIA, &nia);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_MSR, &msr);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_HDAR, &hdar);
	if (r)
		return r;

	/* real-mode fetch: the top two EA bits are ignored (ISA 6.7.3) */
	if ((msr & MSR_IR) ||
	    okvm_ppc_read_guest(pv->pvm->vm, nia & ~(3ULL << 62), &insn, 4))
		return okvm_mmio_fail(run, gpa, nia, insn);
	le = msr & MSR_LE;
	insn = le ? le32_to_cpu((__force __le32)insn) :
		    be32_to_cpu((__force __be32)insn);
	op = okvm_mmio_decode(insn);
	if (!op)
		return okvm_mmio_fail(run, gpa, nia, insn);

	pv->mmio.rt = (insn >> 21) & 31;
	pv->mmio.ra = (insn >> 16) & 31;
	pv->mmio.len = op->len;
	pv->mmio.flags = op->flags;
	pv->mmio.le = le ^ !!(op->flags & OKVM_MMIO_BREV);
	pv->mmio.ea = hdar;
	if ((op->flags & OKVM_MMIO_UPDATE) &&
	    (!pv->mmio.ra || (!(op->flags & OKVM_MMIO_STORE) &&
			      pv->mmio.ra == pv->mmio.rt)))
		return okvm_mmio_fail(run, gpa, nia, insn);	/* invalid form */

	memset(run->mmio.data, 0, sizeof(run->mmio.data));
	if (op->flags & OKVM_MMIO_STORE) {
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_GPR(pv->mmio.rt), &rs);
		if (r)
			return r;
		okvm_mmio_to_bytes(run->mmio.data, rs, op->len, pv->mmio.le);
		/* an ioeventfd takes it: done, the L2 goes on */
		if (okvm_ioeventfd_write(pv->pvm->vm, gpa, op->len,
					 run->mmio.data)) {
			r = okvm_ppc_complete_mmio(pv, run);
			return r ?: 1;
		}
	}
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = gpa;
	run->mmio.len = op->len;
	run->mmio.is_write = !!(op->flags & OKVM_MMIO_STORE);
	pv->mmio_pending = true;
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_MMIO_EXITS);
	return 0;
}

/**
 * okvm_ppc_complete_mmio() - finish the access userspace handled
 * @pv: the vCPU
 * @run: its kvm_run, with the loaded data for a load
 *
 * Return: 0 or a negative errno.
 */
int okvm_ppc_complete_mmio(struct okvm_ppc_vcpu *pv, const struct kvm_run *run)
{
	unsigned int bits = 8 * pv->mmio.len;
	u64 v, nia;
	int r = 0;

	pv->mmio_pending = false;
	if (!(pv->mmio.flags & OKVM_MMIO_STORE)) {
		v = okvm_mmio_from_bytes(run->mmio.data, pv->mmio.len,
					 pv->mmio.le);
		if ((pv->mmio.flags & OKVM_MMIO_SIGN) && bits < 64)
			v = (u64)((s64)(v << (64 - bits)) >> (64 - bits));
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(pv->mmio.rt), v);
	}
	if (!r && (pv->mmio.flags & OKVM_MMIO_UPDATE))
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_GPR(pv->mmio.ra),
				       pv->mmio.ea);
	if (!r)
		r = okvm_state_get_u64(&pv->st, OKVM_GSID_NIA, &nia);
	if (!r)
		r = okvm_state_set_u64(&pv->st, OKVM_GSID_NIA, nia + 4);
	return r;
}
