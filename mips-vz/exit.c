// SPDX-License-Identifier: GPL-2.0
/*
 * What a guest exit means and what okvm does about it: the decode of the
 * root registers entry.S saved (struct okvm_vz_exit_regs), the emulation
 * of the guest instructions that trapped, the guest-physical faults, the
 * MMIO and hypercall exits to userspace and their completion, interrupt
 * and timer delivery before an entry.
 *
 * Pure logic: the guest CP0 context is reached only through cp0.h (the
 * vCPU is loaded while its exits are handled), the VM only through
 * okvm_vz_gpa_is_ram() and okvm_vz_cache_index_op(); tests/unit runs this
 * file against the CPU model.
 *
 * Return contract of the handlers: OKVM_VZ_RESUME to enter the guest
 * again, OKVM_VZ_USER with run->exit_reason set to return to userspace,
 * OKVM_VZ_MAP when okvm_vz_vcpu.fault_gpa is guest RAM to map first.
 * Nothing a guest does reaches anything but its own context, an exit to
 * userspace or KVM_EXIT_INTERNAL_ERROR.
 *
 * The instruction that trapped is root BadInstr; when it sits in a
 * branch delay slot (root Cause.BD), the branch is BadInstrP and the PC
 * (root EPC) is the branch's: after emulating, the PC becomes the
 * branch's target (okvm_vz_branch_target()). Without BadInstr (or
 * BadInstrP in a delay slot) okvm cannot emulate: internal error.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

/* MIPS instruction fields */
#define OKVM_INSN_OP(i)		((i) >> 26)
#define OKVM_INSN_RS(i)		(((i) >> 21) & 0x1f)
#define OKVM_INSN_RT(i)		(((i) >> 16) & 0x1f)
#define OKVM_INSN_RD(i)		(((i) >> 11) & 0x1f)
#define OKVM_INSN_FUNC(i)	((i) & 0x3f)
#define OKVM_INSN_SIMM(i)	((long)(s16)((i) & 0xffff))

enum {
	OKVM_OP_SPECIAL = 0x00, OKVM_OP_REGIMM = 0x01, OKVM_OP_J = 0x02,
	OKVM_OP_JAL = 0x03, OKVM_OP_BEQ = 0x04, OKVM_OP_BNE = 0x05,
	OKVM_OP_BLEZ = 0x06, OKVM_OP_BGTZ = 0x07, OKVM_OP_COP0 = 0x10,
	OKVM_OP_BEQL = 0x14, OKVM_OP_BNEL = 0x15, OKVM_OP_BLEZL = 0x16,
	OKVM_OP_BGTZL = 0x17, OKVM_OP_SPECIAL3 = 0x1f,
	OKVM_OP_LB = 0x20, OKVM_OP_LH = 0x21, OKVM_OP_LW = 0x23,
	OKVM_OP_LBU = 0x24, OKVM_OP_LHU = 0x25, OKVM_OP_LWU = 0x27,
	OKVM_OP_SB = 0x28, OKVM_OP_SH = 0x29, OKVM_OP_SW = 0x2b,
	OKVM_OP_CACHE = 0x2f, OKVM_OP_LD = 0x37, OKVM_OP_SD = 0x3f,
};

#define OKVM_FUNC_JR		0x08
#define OKVM_FUNC_JALR		0x09
#define OKVM_FUNC3_CACHE_R6	0x25
#define OKVM_FUNC3_RDHWR	0x3b
#define OKVM_COP0_CO		BIT(25)
#define OKVM_COP0_MF		0x00
#define OKVM_COP0_DMF		0x01
#define OKVM_COP0_MT		0x04
#define OKVM_COP0_DMT		0x05
#define OKVM_COP0_FUNC_WAIT	0x20
#define OKVM_HWR_CC		2
#define OKVM_REGIMM_BLTZ	0x00
#define OKVM_REGIMM_BGEZ	0x01
#define OKVM_REGIMM_BLTZL	0x02
#define OKVM_REGIMM_BGEZL	0x03
#define OKVM_REGIMM_BLTZAL	0x10
#define OKVM_REGIMM_BGEZAL	0x11
#define OKVM_REGIMM_BLTZALL	0x12
#define OKVM_REGIMM_BGEZALL	0x13

/* Upstream's MIPS hypercall numbers and error (include/uapi/linux/kvm_para.h) */
#define OKVM_HC_MIPS_GET_CLOCK_FREQ	6
#define OKVM_HC_MIPS_EXIT_VM		7
#define OKVM_HC_MIPS_CONSOLE_OUTPUT	8
#define OKVM_KVM_ENOSYS			1000

/* Guest registers by ABI name */
#define OKVM_REG_V0	2
#define OKVM_REG_A0	4
#define OKVM_REG_RA	31

static unsigned long okvm_sext32(unsigned long v)
{
	return (unsigned long)(long)(s32)(u32)v;
}

static void okvm_vz_set_gpr(struct okvm_vz_vcpu *v, unsigned int rt,
			    unsigned long val)
{
	if (rt)
		v->gpr[rt] = val;
}

static bool okvm_vz_in_delay_slot(const struct okvm_vz_vcpu *v)
{
	return v->x.cause & OKVM_CAUSE_BD;
}

/**
 * okvm_vz_branch_target() - where a branch goes, for a delay-slot exit
 * @v: the vCPU; @v->pc is the branch's address
 * @insn: the branch (root BadInstrP)
 * @r6: decode as Release 6 (no branch-likely; BLEZ/BGTZ with rt != 0 and
 *	the BLTZAL family are compact or reserved there)
 * @next: the PC after the branch and its delay slot
 *
 * The branch had not completed when its delay slot trapped: its link
 * register is written here, as the hardware would have.
 *
 * Return: 0, or -EINVAL for an instruction that is not a branch with a
 * delay slot okvm knows (FPU and MSA branches included: guests get none).
 */
int okvm_vz_branch_target(struct okvm_vz_vcpu *v, u32 insn, bool r6,
			  unsigned long *next)
{
	unsigned long pc = v->pc, taken = pc + 4 + OKVM_INSN_SIMM(insn) * 4;
	long rs = (long)v->gpr[OKVM_INSN_RS(insn)];
	long rt = (long)v->gpr[OKVM_INSN_RT(insn)];
	unsigned int op = OKVM_INSN_OP(insn);
	bool likely = false, link = false, cond;
	unsigned long target;

	switch (op) {
	case OKVM_OP_SPECIAL:
		if (OKVM_INSN_FUNC(insn) == OKVM_FUNC_JR && !r6) {
			*next = rs;
			return 0;
		}
		if (OKVM_INSN_FUNC(insn) != OKVM_FUNC_JALR)
			return -EINVAL;
		/* JALR (and R6's JR, which is JALR $0): rs read before rd */
		okvm_vz_set_gpr(v, OKVM_INSN_RD(insn), pc + 8);
		*next = rs;
		return 0;
	case OKVM_OP_J:
	case OKVM_OP_JAL:
		target = ((pc + 4) & ~0x0fffffffUL) | ((insn & 0x03ffffff) << 2);
		if (op == OKVM_OP_JAL)
			okvm_vz_set_gpr(v, OKVM_REG_RA, pc + 8);
		*next = target;
		return 0;
	case OKVM_OP_REGIMM:
		switch (OKVM_INSN_RT(insn)) {
		case OKVM_REGIMM_BLTZ:
			cond = rs < 0;
			break;
		case OKVM_REGIMM_BGEZ:
			cond = rs >= 0;
			break;
		case OKVM_REGIMM_BLTZL:
			cond = rs < 0;
			likely = true;
			break;
		case OKVM_REGIMM_BGEZL:
			cond = rs >= 0;
			likely = true;
			break;
		case OKVM_REGIMM_BLTZAL:
			/* R6: only NAL (rs = 0) is left */
			if (r6 && OKVM_INSN_RS(insn))
				return -EINVAL;
			cond = rs < 0;
			link = true;
			break;
		case OKVM_REGIMM_BGEZAL:
			/* R6: only BAL (rs = 0) is left */
			if (r6 && OKVM_INSN_RS(insn))
				return -EINVAL;
			cond = rs >= 0;
			link = true;
			break;
		case OKVM_REGIMM_BLTZALL:
			cond = rs < 0;
			link = true;
			likely = true;
			break;
		case OKVM_REGIMM_BGEZALL:
			cond = rs >= 0;
			link = true;
			likely = true;
			break;
		default:
			return -EINVAL;
		}
		break;
	case OKVM_OP_BEQ:
	case OKVM_OP_BEQL:
		cond = rs == rt;
		likely = op == OKVM_OP_BEQL;
		break;
	case OKVM_OP_BNE:
	case OKVM_OP_BNEL:
		cond = rs != rt;
		likely = op == OKVM_OP_BNEL;
		break;
	case OKVM_OP_BLEZ:
	case OKVM_OP_BLEZL:
		/* rt != 0: R6 compact branches (no delay slot), else reserved */
		if (OKVM_INSN_RT(insn))
			return -EINVAL;
		cond = rs <= 0;
		likely = op == OKVM_OP_BLEZL;
		break;
	case OKVM_OP_BGTZ:
	case OKVM_OP_BGTZL:
		if (OKVM_INSN_RT(insn))
			return -EINVAL;
		cond = rs > 0;
		likely = op == OKVM_OP_BGTZL;
		break;
	default:
		return -EINVAL;
	}
	/* Release 6 has no branch-likely: those opcodes are compact branches */
	if (likely && r6)
		return -EINVAL;
	if (link)
		okvm_vz_set_gpr(v, OKVM_REG_RA, pc + 8);
	*next = cond ? taken : pc + 8;
	return 0;
}

/* Step over the emulated instruction (and the branch it is the slot of). */
static int okvm_vz_advance_pc(struct okvm_vz_vcpu *v)
{
	unsigned long next;
	int r;

	if (!okvm_vz_in_delay_slot(v)) {
		v->pc += 4;
		return 0;
	}
	if (!(v->ent.flags & OKVM_VZ_F_BADINSTRP))
		return -EINVAL;
	r = okvm_vz_branch_target(v, (u32)v->x.badinstrp, okvm_vz_caps.r6,
				  &next);
	if (!r)
		v->pc = next;
	return r;
}

static enum okvm_vz_action okvm_vz_internal_error(struct okvm_vz_vcpu *v,
						  struct kvm_run *run,
						  u32 suberror)
{
	run->exit_reason = KVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = 6;
	run->internal.data[0] = (u32)v->x.cause;
	run->internal.data[1] = (u32)v->x.guestctl0;
	run->internal.data[2] = v->pc;
	run->internal.data[3] = v->x.badvaddr;
	run->internal.data[4] = (u32)v->x.badinstr;
	run->internal.data[5] = (u32)v->x.badinstrp;
	return OKVM_VZ_USER;
}

/**
 * okvm_vz_inject_exception() - deliver a synchronous exception to the guest
 * @v: the vCPU, loaded; @v->pc is the faulting instruction (or the
 *	branch, with root Cause.BD)
 * @exccode: the guest Cause.ExcCode (e.g. OKVM_EXC_RI)
 *
 * What the hardware does for a guest-context exception: unless guest
 * Status.EXL is already set, guest EPC takes the PC and guest Cause.BD
 * the delay-slot flag; Cause.ExcCode is set, Status.EXL set, and the
 * guest continues at its general exception vector (EBase + 0x180, or
 * 0xbfc00380 while Status.BEV).
 */
void okvm_vz_inject_exception(struct okvm_vz_vcpu *v, unsigned int exccode)
{
	u32 status = okvm_gc0_read(OKVM_GC0_STATUS);
	u32 cause = okvm_gc0_read(OKVM_GC0_CAUSE);
	unsigned long base;

	if (!(status & OKVM_ST_EXL)) {
		okvm_gc0_write(OKVM_GC0_EPC, v->pc);
		cause &= ~OKVM_CAUSE_BD;
		if (okvm_vz_in_delay_slot(v))
			cause |= OKVM_CAUSE_BD;
	}
	cause = (cause & ~OKVM_CAUSE_EXC) | exccode << OKVM_CAUSE_EXC_SHIFT;
	okvm_gc0_write(OKVM_GC0_CAUSE, cause);
	okvm_gc0_write(OKVM_GC0_STATUS, status | OKVM_ST_EXL);
	if (status & OKVM_ST_BEV)
		base = okvm_sext32(0xbfc00200);
	else
		base = okvm_sext32(okvm_gc0_read(OKVM_GC0_EBASE) & ~0xfffUL);
	v->pc = base + 0x180;
}

/* MFC0/DMFC0 of a register that trapped (GuestCtl0.GT=0: the timer). */
static int okvm_vz_emul_mfc0(struct okvm_vz_vcpu *v, unsigned int id,
			     unsigned long *val)
{
	switch (id) {
	case OKVM_GC0_COUNT:
	case OKVM_GC0_COMPARE:
		*val = okvm_gc0_read(id);
		return 0;
	case OKVM_GC0_PRID:
		*val = okvm_sext32(v->prid);
		return 0;
	}
	return -EINVAL;
}

static int okvm_vz_emul_mtc0(struct okvm_vz_vcpu *v, unsigned int id,
			     unsigned long val)
{
	u32 now;

	switch (id) {
	case OKVM_GC0_COUNT:
		/* guest Count = root Count + GTOffset */
		v->gtoffset = (u32)val - okvm_read_c0_count();
		okvm_write_c0_gtoffset(v->gtoffset);
		v->last_count = (u32)val;
		return 0;
	case OKVM_GC0_COMPARE:
		/* a Compare write acknowledges the timer interrupt */
		okvm_gc0_write(OKVM_GC0_COMPARE, (u32)val);
		okvm_gc0_write(OKVM_GC0_CAUSE,
			       okvm_gc0_read(OKVM_GC0_CAUSE) & ~OKVM_CAUSE_TI);
		now = okvm_gc0_read(OKVM_GC0_COUNT);
		v->last_count = now;
		return 0;
	case OKVM_GC0_PRID:
		/* read-only */
		return 0;
	}
	return -EINVAL;
}

/*
 * GPSI: a guest privileged sensitive instruction. With okvm's GuestCtl0
 * (CP0=1, AT=3, CG=1, CF=1, GT=0) that is a guest access to the timer,
 * to PRId, RDHWR of the cycle counter, WAIT, or an indexed CACHE op.
 * What okvm does not emulate is a Reserved Instruction for the guest.
 */
static enum okvm_vz_action okvm_vz_gpsi(struct okvm_vz_vcpu *v,
					struct kvm_run *run, u32 insn)
{
	unsigned int rt = OKVM_INSN_RT(insn), id, op;
	bool r6 = okvm_vz_caps.r6;
	unsigned long val, addr;
	int r = -EINVAL;

	switch (OKVM_INSN_OP(insn)) {
	case OKVM_OP_COP0:
		if (insn & OKVM_COP0_CO) {
			/* WAIT may return at once; the host tick ends it anyway */
			if (OKVM_INSN_FUNC(insn) == OKVM_COP0_FUNC_WAIT)
				r = 0;
			break;
		}
		/* bits 10:3 must be zero; sel in 2:0 */
		if (insn & 0x7f8)
			break;
		id = OKVM_GC0_ID(OKVM_INSN_RD(insn), insn & 7);
		switch (OKVM_INSN_RS(insn)) {
		case OKVM_COP0_MF:
		case OKVM_COP0_DMF:
			r = okvm_vz_emul_mfc0(v, id, &val);
			if (!r)
				okvm_vz_set_gpr(v, rt,
						OKVM_INSN_RS(insn) == OKVM_COP0_MF ?
						okvm_sext32(val) : val);
			break;
		case OKVM_COP0_MT:
			r = okvm_vz_emul_mtc0(v, id, okvm_sext32(v->gpr[rt]));
			break;
		case OKVM_COP0_DMT:
			r = okvm_vz_emul_mtc0(v, id, v->gpr[rt]);
			break;
		}
		break;
	case OKVM_OP_SPECIAL3:
		if (OKVM_INSN_FUNC(insn) == OKVM_FUNC3_RDHWR) {
			/* RDHWR rt, $2 (CC), sel 0 */
			if (OKVM_INSN_RS(insn) || (insn & 0x7c0) ||
			    OKVM_INSN_RD(insn) != OKVM_HWR_CC)
				break;
			okvm_vz_set_gpr(v, rt,
					okvm_gc0_read(OKVM_GC0_COUNT));
			r = 0;
		} else if (r6 && OKVM_INSN_FUNC(insn) == OKVM_FUNC3_CACHE_R6) {
			/* R6 CACHE: 9-bit offset in 15:7 */
			op = rt;
			addr = v->gpr[OKVM_INSN_RS(insn)] +
			       (((long)(s32)(insn << 16)) >> 23);
			okvm_vz_cache_index_op(op, addr);
			r = 0;
		}
		break;
	case OKVM_OP_CACHE:
		if (r6)
			break;
		op = rt;
		addr = v->gpr[OKVM_INSN_RS(insn)] + OKVM_INSN_SIMM(insn);
		okvm_vz_cache_index_op(op, addr);
		r = 0;
		break;
	}
	if (r) {
		okvm_vz_inject_exception(v, OKVM_EXC_RI);
		return OKVM_VZ_RESUME;
	}
	if (okvm_vz_advance_pc(v))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	return OKVM_VZ_RESUME;
}

/*
 * GSFC: the guest's MTC0 changed a field the root watches (VZ manual
 * §4.7.8; the seed: "Guest access to KX,SX,UX will trigger a GPSI
 * exception as per Section 4.7.8"). okvm completes the write with what
 * it allows, field by field:
 *  - Status: everything but the coprocessor enables CU1-3, FR and MX
 *    (okvm gives guests no FPU, DSP or CP2). KX, SX and UX, the guest's
 *    own 64-bit segments, are accepted: the onion model still checks
 *    every access against the root context.
 *  - Cause: IV, IP0 and IP1 (software interrupts), and WP only cleared.
 *    DC is refused: the guest Count is the root's plus GTOffset.
 *  - IntCtl: as written (the hardware keeps read-only fields).
 *  - Config5: K, CV and SBRI, the bits a guest may set itself.
 * Any other register is not a GSFC okvm knows: internal error.
 */
static int okvm_vz_gsfc_write(unsigned int id, u32 val)
{
	u32 old, change;

	switch (id) {
	case OKVM_GC0_STATUS:
		old = okvm_gc0_read(id);
		change = (old ^ val) & ~(OKVM_ST_CU1 | OKVM_ST_CU2 |
					 OKVM_ST_CU3 | OKVM_ST_FR |
					 OKVM_ST_MX);
		okvm_gc0_write(id, old ^ change);
		return 0;
	case OKVM_GC0_CAUSE:
		old = okvm_gc0_read(id);
		change = (old ^ val) & (OKVM_CAUSE_IV | OKVM_CAUSE_IP0 |
					OKVM_CAUSE_IP1 | OKVM_CAUSE_WP);
		if (val & OKVM_CAUSE_WP)
			change &= ~OKVM_CAUSE_WP;
		okvm_gc0_write(id, old ^ change);
		return 0;
	case OKVM_GC0_INTCTL:
		okvm_gc0_write(id, val);
		return 0;
	case OKVM_GC0_CONFIG5:
		old = okvm_gc0_read(id);
		change = (old ^ val) & (OKVM_CONF5_K | OKVM_CONF5_CV |
					OKVM_CONF5_SBRI);
		okvm_gc0_write(id, old ^ change);
		return 0;
	}
	return -EINVAL;
}

static enum okvm_vz_action okvm_vz_gsfc(struct okvm_vz_vcpu *v,
					struct kvm_run *run, u32 insn)
{
	unsigned int id = OKVM_GC0_ID(OKVM_INSN_RD(insn), insn & 7);

	if (OKVM_INSN_OP(insn) != OKVM_OP_COP0 ||
	    OKVM_INSN_RS(insn) != OKVM_COP0_MT || (insn & 0x7f8) ||
	    okvm_vz_gsfc_write(id, (u32)v->gpr[OKVM_INSN_RT(insn)]) ||
	    okvm_vz_advance_pc(v))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	return OKVM_VZ_RESUME;
}

/*
 * HYPCALL with code 0, upstream MIPS KVM's convention
 * (arch/mips/kvm/hypcall.c, asm/kvm_para.h): number in v0, arguments in
 * a0-a3, result in v0. GET_CLOCK_FREQ answers the guest Count frequency,
 * EXIT_VM is a shutdown exit, CONSOLE_OUTPUT goes to userspace as
 * KVM_EXIT_HYPERCALL (ret preset to -KVM_ENOSYS, put in v0 by the next
 * KVM_RUN); any other number returns -KVM_ENOSYS to the guest.
 */
static enum okvm_vz_action okvm_vz_hypercall(struct okvm_vz_vcpu *v,
					     struct kvm_run *run, u32 insn)
{
	unsigned long nr = v->gpr[OKVM_REG_V0];
	unsigned int i;

	if (OKVM_INSN_OP(insn) != OKVM_OP_COP0 || !(insn & OKVM_COP0_CO) ||
	    ((insn >> 11) & 0x3ff) || okvm_vz_advance_pc(v))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	switch (nr) {
	case OKVM_HC_MIPS_GET_CLOCK_FREQ:
		v->gpr[OKVM_REG_V0] = okvm_sext32(okvm_vz_caps.count_hz);
		return OKVM_VZ_RESUME;
	case OKVM_HC_MIPS_EXIT_VM:
		memset(&run->system_event, 0, sizeof(run->system_event));
		run->exit_reason = KVM_EXIT_SYSTEM_EVENT;
		run->system_event.type = KVM_SYSTEM_EVENT_SHUTDOWN;
		return OKVM_VZ_USER;
	case OKVM_HC_MIPS_CONSOLE_OUTPUT:
		run->exit_reason = KVM_EXIT_HYPERCALL;
		memset(&run->hypercall, 0, sizeof(run->hypercall));
		run->hypercall.nr = nr;
		for (i = 0; i < 3; i++)
			run->hypercall.args[i] = v->gpr[OKVM_REG_A0 + i];
		run->hypercall.ret = -OKVM_KVM_ENOSYS;
		v->hcall_pending = true;
		return OKVM_VZ_USER;
	}
	v->gpr[OKVM_REG_V0] = -OKVM_KVM_ENOSYS;
	return OKVM_VZ_RESUME;
}

/**
 * okvm_vz_decode_ldst() - decode a guest load or store for MMIO
 * @insn: the instruction (root BadInstr)
 * @r6: the ISA is Release 6
 * @d: the decoded access
 *
 * LB, LBU, LH, LHU, LW, SB, SH, SW and, on 64-bit, LWU, LD, SD: the
 * same opcodes before and in Release 6. Unaligned (LWL/LWR/LDL/LDR/
 * SWL/SWR/SDL/SDR, gone in R6), atomic (LL/SC), FPU/MSA/COP2 and
 * PC-relative (R6) accesses to MMIO are not emulated.
 *
 * Return: 0, or -EINVAL for anything else.
 */
int okvm_vz_decode_ldst(u32 insn, bool r6, struct okvm_vz_ldst *d)
{
	bool is64 = sizeof(long) == 8;

	(void)r6;
	d->rt = OKVM_INSN_RT(insn);
	d->sign = false;
	d->store = false;
	switch (OKVM_INSN_OP(insn)) {
	case OKVM_OP_LB:
		d->sign = true;
		fallthrough;
	case OKVM_OP_LBU:
		d->len = 1;
		return 0;
	case OKVM_OP_LH:
		d->sign = true;
		fallthrough;
	case OKVM_OP_LHU:
		d->len = 2;
		return 0;
	case OKVM_OP_LW:
		d->sign = true;
		d->len = 4;
		return 0;
	case OKVM_OP_LWU:
		d->len = 4;
		return is64 ? 0 : -EINVAL;
	case OKVM_OP_LD:
		d->len = 8;
		return is64 ? 0 : -EINVAL;
	case OKVM_OP_SB:
		d->len = 1;
		break;
	case OKVM_OP_SH:
		d->len = 2;
		break;
	case OKVM_OP_SW:
		d->len = 4;
		break;
	case OKVM_OP_SD:
		d->len = 8;
		if (!is64)
			return -EINVAL;
		break;
	default:
		return -EINVAL;
	}
	d->store = true;
	return 0;
}

/**
 * okvm_vz_gva_to_gpa() - the guest physical address of an unmapped GVA
 * @gva: a guest virtual address in an unmapped segment
 * @gpa: its guest physical address
 *
 * For a root TLB exit that reports a GVA (GExcCode GVA) rather than a
 * GPA: CKSEG0/CKSEG1 and XKPHYS are the guest's own unmapped windows
 * (with a legacy segment configuration).
 *
 * Return: 0, or -EINVAL for a mapped address (which okvm does not walk).
 */
int okvm_vz_gva_to_gpa(unsigned long gva, u64 *gpa)
{
	long s = (long)gva;

	if (s >= (long)(s32)0x80000000 && s < (long)(s32)0xc0000000) {
		*gpa = gva & 0x1fffffff;
		return 0;
	}
	if (sizeof(long) == 8 && ((u64)gva >> 62) == 2) {
		*gpa = gva & 0x07ffffffffffffffULL;
		return 0;
	}
	return -EINVAL;
}

/* A root TLB exception in guest mode: guest RAM to map, or MMIO. */
static enum okvm_vz_action okvm_vz_tlb_exit(struct okvm_vz_vcpu *v,
					    struct kvm_run *run)
{
	unsigned int gexc = (v->x.guestctl0 & OKVM_GCTL0_GEXC) >>
			    OKVM_GCTL0_GEXC_SHIFT;
	struct okvm_vz_ldst d;
	union {
		u8 b;
		u16 h;
		u32 w;
		u64 d;
	} data;
	u64 gpa;

	if (gexc == OKVM_GEXC_GPA)
		gpa = v->x.badvaddr;
	else if (gexc != OKVM_GEXC_GVA ||
		 okvm_vz_gva_to_gpa(v->x.badvaddr, &gpa))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	if (okvm_vz_gpa_is_ram(v, gpa)) {
		v->fault_gpa = gpa;
		return OKVM_VZ_MAP;
	}
	/* MMIO: the instruction must be a load or store okvm decodes */
	if (!(v->ent.flags & OKVM_VZ_F_BADINSTR) ||
	    okvm_vz_decode_ldst((u32)v->x.badinstr, okvm_vz_caps.r6, &d) ||
	    (gpa & (d.len - 1)) || okvm_vz_advance_pc(v))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	memset(&run->mmio, 0, sizeof(run->mmio));
	run->exit_reason = KVM_EXIT_MMIO;
	run->mmio.phys_addr = gpa;
	run->mmio.len = d.len;
	run->mmio.is_write = d.store;
	if (d.store) {
		/* the bytes as the guest's store puts them in memory */
		switch (d.len) {
		case 1:
			data.b = v->gpr[d.rt];
			break;
		case 2:
			data.h = v->gpr[d.rt];
			break;
		case 4:
			data.w = v->gpr[d.rt];
			break;
		default:
			data.d = v->gpr[d.rt];
			break;
		}
		memcpy(run->mmio.data, &data, d.len);
	} else {
		v->mmio = d;
		v->mmio_pending = true;
	}
	return OKVM_VZ_USER;
}

/**
 * okvm_vz_complete_user_exit() - finish the exit userspace answered
 * @v: the vCPU
 * @run: the kvm_run page, as userspace left it
 *
 * An MMIO load takes its value from run->mmio.data, sign- or
 * zero-extended as the instruction says, into its register; a console
 * hypercall returns run->hypercall.ret in v0. The PC was already moved
 * past the instruction when the exit was made. Called at the start of
 * every KVM_RUN.
 */
void okvm_vz_complete_user_exit(struct okvm_vz_vcpu *v,
				const struct kvm_run *run)
{
	union {
		u8 b;
		u16 h;
		u32 w;
		u64 d;
	} data = {};
	unsigned long val;

	if (v->hcall_pending) {
		v->gpr[OKVM_REG_V0] = run->hypercall.ret;
		v->hcall_pending = false;
	}
	if (!v->mmio_pending)
		return;
	v->mmio_pending = false;
	memcpy(&data, run->mmio.data, v->mmio.len);
	switch (v->mmio.len) {
	case 1:
		val = v->mmio.sign ? (unsigned long)(long)(s8)data.b : data.b;
		break;
	case 2:
		val = v->mmio.sign ? (unsigned long)(long)(s16)data.h : data.h;
		break;
	case 4:
		val = v->mmio.sign ? okvm_sext32(data.w) : data.w;
		break;
	default:
		val = data.d;
		break;
	}
	okvm_vz_set_gpr(v, v->mmio.rt, val);
}

/**
 * okvm_vz_handle_exit() - act on the exit entry.S just saved
 * @v: the vCPU, still loaded; @v->x and @v->pc as entry.S left them
 * @run: the kvm_run page, filled for an exit to userspace
 *
 * Root ExcCode INT (a host interrupt, already serviced when this runs)
 * resumes; TLBL/TLBS/MOD are guest physical faults; GE is dispatched on
 * GuestCtl0.GExcCode (GPSI, GSFC, HC; GHFC resumes); anything else is
 * KVM_EXIT_INTERNAL_ERROR with the root Cause in run->internal.data[0].
 *
 * Context: preemption disabled, vCPU loaded, interrupts enabled.
 * Return: what the run loop does next.
 */
enum okvm_vz_action okvm_vz_handle_exit(struct okvm_vz_vcpu *v,
					struct kvm_run *run)
{
	unsigned int exccode = (v->x.cause & OKVM_CAUSE_EXC) >>
			       OKVM_CAUSE_EXC_SHIFT;
	u32 insn = (u32)v->x.badinstr;

	switch (exccode) {
	case OKVM_EXC_INT:
		return OKVM_VZ_RESUME;
	case OKVM_EXC_MOD:
	case OKVM_EXC_TLBL:
	case OKVM_EXC_TLBS:
		return okvm_vz_tlb_exit(v, run);
	case OKVM_EXC_GE:
		break;
	default:
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
	}
	if (!(v->ent.flags & OKVM_VZ_F_BADINSTR))
		return okvm_vz_internal_error(v, run,
					      KVM_INTERNAL_ERROR_EMULATION);
	switch ((v->x.guestctl0 & OKVM_GCTL0_GEXC) >> OKVM_GCTL0_GEXC_SHIFT) {
	case OKVM_GEXC_GPSI:
		return okvm_vz_gpsi(v, run, insn);
	case OKVM_GEXC_GSFC:
		return okvm_vz_gsfc(v, run, insn);
	case OKVM_GEXC_HC:
		return okvm_vz_hypercall(v, run, insn);
	case OKVM_GEXC_GHFC:
		return OKVM_VZ_RESUME;
	}
	return okvm_vz_internal_error(v, run,
				      KVM_INTERNAL_ERROR_UNEXPECTED_EXIT_REASON);
}

/**
 * okvm_vz_timer_crossed() - did the guest Count pass Compare?
 * @last: guest Count when last looked at
 * @now: guest Count now
 * @compare: guest Compare
 *
 * Return: true when Count reached @compare in (@last, @now], modulo 2^32.
 */
bool okvm_vz_timer_crossed(u32 last, u32 now, u32 compare)
{
	return compare - last - 1 < now - last;
}

/**
 * okvm_vz_timer_load() - give this CPU's guest timer to the vCPU
 * @v: the vCPU, just loaded
 *
 * Root GTOffset is per CPU: guest Count = root Count + GTOffset.
 *
 * Context: preemption disabled, vCPU loaded.
 */
void okvm_vz_timer_load(struct okvm_vz_vcpu *v)
{
	okvm_write_c0_gtoffset(v->gtoffset);
	okvm_back_to_back_c0_hazard();
}

/**
 * okvm_vz_prepare_entry() - interrupts and timer, just before an entry
 * @v: the vCPU, loaded
 *
 * With GuestCtl0.GT=0 the guest's Count/Compare accesses trap and okvm
 * raises the timer interrupt itself: when the guest Count has passed
 * Compare since the last look, guest Cause.TI is set (the guest routes
 * it to an IP line with IntCtl.IPTI; a Compare write clears it). So a
 * timer interrupt is seen at the next exit after it is due: at worst one
 * host tick late. The KVM_INTERRUPT lines (IP2-IP6) go to GuestCtl2.VIP
 * when the CPU has GuestCtl2, else to guest Cause.IP.
 *
 * Context: preemption and interrupts disabled, vCPU loaded.
 */
void okvm_vz_prepare_entry(struct okvm_vz_vcpu *v)
{
	u32 now = okvm_gc0_read(OKVM_GC0_COUNT);
	u32 cause = okvm_gc0_read(OKVM_GC0_CAUSE), want = cause;
	u32 irqs = READ_ONCE(v->irq_pending) & OKVM_VZ_IRQ_MASK;
	u32 gctl2;

	if (okvm_vz_timer_crossed(v->last_count, now,
				  okvm_gc0_read(OKVM_GC0_COMPARE)))
		want |= OKVM_CAUSE_TI;
	v->last_count = now;
	if (okvm_vz_caps.guestctl2) {
		gctl2 = okvm_read_c0_guestctl2();
		if ((gctl2 & OKVM_VZ_IRQ_MASK) != irqs)
			okvm_write_c0_guestctl2((gctl2 & ~OKVM_VZ_IRQ_MASK) |
						irqs);
	} else {
		want = (want & ~OKVM_VZ_IRQ_MASK) | irqs;
	}
	if (want != cause)
		okvm_gc0_write(OKVM_GC0_CAUSE, want);
}
