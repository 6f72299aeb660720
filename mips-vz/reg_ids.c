// SPDX-License-Identifier: GPL-2.0
/*
 * The MIPS ONE_REG ids okvm serves: upstream's KVM_REG_MIPS_* numbers
 * (arch/mips/include/uapi/asm/kvm.h for the GPRs, HI, LO and PC;
 * KVM_REG_MIPS_CP0_* of arch/mips/include/asm/kvm_host.h, id = 8 * reg +
 * sel, for guest CP0), each backed by a field of struct okvm_vz_vcpu.
 * The vCPU is never loaded during a ONE_REG ioctl (it is only loaded
 * inside KVM_RUN), so the saved context is the truth.
 *
 * One walker (okvm_vz_reg_desc()) lists the ids in a fixed order, so the
 * count, KVM_GET_REG_LIST and the lookups cannot drift apart. An id is
 * served only if the register exists: HI and LO not on Release 6 (as
 * upstream), an optional guest CP0 register only if the probe found it
 * in the guest context (okvm_vz_caps.ctx).
 *
 * Checks in the order upstream's generic code and STYLE.md give: another
 * architecture or a served register at another size is -EINVAL, an id
 * not served -ENOENT. (Upstream's MIPS code answers -EINVAL for both.)
 *
 * Pure logic: tests/unit builds it against the CPU model.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

#define OKVM_MIPS_SET_GP	0x0000000000000000ULL
#define OKVM_MIPS_SET_CP0	0x0000000000010000ULL
#define OKVM_MIPS_GP(n)		(KVM_REG_MIPS | OKVM_MIPS_SET_GP | \
				 KVM_REG_SIZE_U64 | (n))
#define OKVM_MIPS_HI		OKVM_MIPS_GP(32)
#define OKVM_MIPS_LO		OKVM_MIPS_GP(33)
#define OKVM_MIPS_PC		OKVM_MIPS_GP(34)
#define OKVM_MIPS_CP0(size, id)	(KVM_REG_MIPS | OKVM_MIPS_SET_CP0 | \
				 (size) | (id))

enum okvm_vz_reg_kind {
	OKVM_VZ_REG_GPR,	/* gpr[n] */
	OKVM_VZ_REG_HI,
	OKVM_VZ_REG_LO,
	OKVM_VZ_REG_PC,
	OKVM_VZ_REG_CP0,	/* gc0[id], present per okvm_vz_caps.ctx */
	OKVM_VZ_REG_PRID,	/* the software PRId */
	OKVM_VZ_REG_COUNT,	/* root Count + GTOffset */
	OKVM_VZ_REG_WIRED,	/* gc0[Wired]: only the Wired field */
	OKVM_VZ_REG_CONFIG,	/* gc0[Config n]: only user-writable bits */
};

static const struct okvm_vz_cp0_reg {
	u8 gc0;
	bool is64;
	u8 kind;
} okvm_vz_cp0_regs[] = {
	{ OKVM_GC0_INDEX, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_ENTRYLO0, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_ENTRYLO1, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_CONTEXT, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_CONTEXTCONFIG, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_USERLOCAL, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_XCONTEXTCONFIG, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PAGEMASK, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PAGEGRAIN, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_SEGCTL0, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_SEGCTL1, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_SEGCTL2, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PWBASE, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PWFIELD, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PWSIZE, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_WIRED, false, OKVM_VZ_REG_WIRED },
	{ OKVM_GC0_PWCTL, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_HWRENA, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_BADVADDR, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_BADINSTR, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_BADINSTRP, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_COUNT, false, OKVM_VZ_REG_COUNT },
	{ OKVM_GC0_ENTRYHI, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_COMPARE, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_STATUS, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_INTCTL, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_CAUSE, false, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_EPC, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_PRID, false, OKVM_VZ_REG_PRID },
	{ OKVM_GC0_EBASE, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_CONFIG, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_CONFIG1, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_CONFIG2, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_CONFIG3, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_CONFIG4, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_CONFIG5, false, OKVM_VZ_REG_CONFIG },
	{ OKVM_GC0_XCONTEXT, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_ERROREPC, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH1, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH2, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH3, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH4, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH5, true, OKVM_VZ_REG_CP0 },
	{ OKVM_GC0_KSCRATCH6, true, OKVM_VZ_REG_CP0 },
};

/*
 * Config bits userspace may change (upstream's *_user_wrmask, less what
 * okvm does not give guests: FPU, MSA, ULRI/CTXTC switches): Config.K0,
 * Config3.ISAOnExc, Config5.K/CV/SBRI. The rest reads as the hardware's
 * guest Config and writes of it are ignored, as upstream.
 */
static const u32 okvm_vz_config_user_wrmask[6] = {
	[0] = OKVM_CONF_K0,
	[3] = OKVM_CONF3_ISA_OE,
	[5] = OKVM_CONF5_K | OKVM_CONF5_CV | OKVM_CONF5_SBRI,
};

/* Is guest CP0 register @id in the context this CPU's guests have? */
static bool okvm_vz_ctx_has(unsigned int id)
{
	unsigned int i;

	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		if (okvm_vz_ctx_regs[i] == id)
			return okvm_vz_caps.ctx & BIT_ULL(i);
	return false;
}

struct okvm_vz_regdesc {
	u64 id;
	u8 kind;
	u8 n;		/* GPR number or OKVM_GC0_* id */
	bool is64;
};

/*
 * The @index-th id served: R0-R31, HI and LO (not R6), PC, then the
 * guest CP0 registers of okvm_vz_cp0_regs that exist.
 */
static bool okvm_vz_reg_desc(unsigned int index, struct okvm_vz_regdesc *d)
{
	const struct okvm_vz_cp0_reg *c;
	unsigned int i;

	d->is64 = true;
	if (index < 32) {
		d->id = OKVM_MIPS_GP(index);
		d->kind = OKVM_VZ_REG_GPR;
		d->n = index;
		return true;
	}
	index -= 32;
	if (!okvm_vz_caps.r6) {
		if (index < 2) {
			d->id = index ? OKVM_MIPS_LO : OKVM_MIPS_HI;
			d->kind = index ? OKVM_VZ_REG_LO : OKVM_VZ_REG_HI;
			d->n = 0;
			return true;
		}
		index -= 2;
	}
	if (!index) {
		d->id = OKVM_MIPS_PC;
		d->kind = OKVM_VZ_REG_PC;
		d->n = 0;
		return true;
	}
	index--;
	for (i = 0; i < ARRAY_SIZE(okvm_vz_cp0_regs); i++) {
		c = &okvm_vz_cp0_regs[i];
		if (c->kind != OKVM_VZ_REG_PRID &&
		    c->kind != OKVM_VZ_REG_COUNT && !okvm_vz_ctx_has(c->gc0))
			continue;
		if (index--)
			continue;
		d->id = OKVM_MIPS_CP0(c->is64 ? KVM_REG_SIZE_U64 :
				      KVM_REG_SIZE_U32, c->gc0);
		d->kind = c->kind;
		d->n = c->gc0;
		d->is64 = c->is64;
		return true;
	}
	return false;
}

/**
 * okvm_vz_reg_id_nth() - the ONE_REG ids served, one by one
 * @index: 0, 1, ...
 *
 * The walker behind KVM_GET_REG_LIST: counting and listing use it both.
 *
 * Return: the @index-th id, or 0 past the end.
 */
u64 okvm_vz_reg_id_nth(unsigned int index)
{
	struct okvm_vz_regdesc d;

	return okvm_vz_reg_desc(index, &d) ? d.id : 0;
}

/* Find @id's register, at any size: 0, -EINVAL (other size), -ENOENT. */
static int okvm_vz_reg_find(u64 id, struct okvm_vz_regdesc *d)
{
	unsigned int i;

	if ((id & KVM_REG_ARCH_MASK) != KVM_REG_MIPS)
		return -EINVAL;
	for (i = 0; okvm_vz_reg_desc(i, d); i++) {
		if ((d->id & ~KVM_REG_SIZE_MASK) != (id & ~KVM_REG_SIZE_MASK))
			continue;
		return d->id == id ? 0 : -EINVAL;
	}
	return -ENOENT;
}

/**
 * okvm_vz_reg_id_check() - is @id served, at that size?
 * @id: KVM_REG_MIPS | size | set | number, from userspace
 *
 * Return: 0; -EINVAL for another architecture or a served register at
 * another size; -ENOENT for an id not served.
 */
int okvm_vz_reg_id_check(u64 id)
{
	struct okvm_vz_regdesc d;

	return okvm_vz_reg_find(id, &d);
}

/**
 * okvm_vz_reg_get() - read a ONE_REG register of a put vCPU
 * @v: the vCPU (not loaded)
 * @id: the id
 * @val: the value; a 32-bit register reads sign-extended, of which the
 *	caller copies the low 4 bytes for a U32 id
 *
 * Return: 0, -EINVAL or -ENOENT as okvm_vz_reg_id_check().
 */
int okvm_vz_reg_get(struct okvm_vz_vcpu *v, u64 id, u64 *val)
{
	struct okvm_vz_regdesc d;
	int r = okvm_vz_reg_find(id, &d);

	if (r)
		return r;
	switch (d.kind) {
	case OKVM_VZ_REG_GPR:
		*val = v->gpr[array_index_nospec(d.n, 32)];
		break;
	case OKVM_VZ_REG_HI:
		*val = v->hi;
		break;
	case OKVM_VZ_REG_LO:
		*val = v->lo;
		break;
	case OKVM_VZ_REG_PC:
		*val = v->pc;
		break;
	case OKVM_VZ_REG_PRID:
		*val = (u64)(s64)(s32)v->prid;
		break;
	case OKVM_VZ_REG_COUNT:
		*val = (u64)(s64)(s32)(okvm_read_c0_count() + v->gtoffset);
		break;
	default:
		*val = v->gc0[array_index_nospec(d.n, OKVM_GC0_NR_IDS)];
		if (!d.is64)
			*val = (u64)(s64)(s32)*val;
		break;
	}
	return 0;
}

/**
 * okvm_vz_reg_set() - write a ONE_REG register of a put vCPU
 * @v: the vCPU (not loaded)
 * @id: the id
 * @val: the value (the low 32 bits for a U32 id, stored sign-extended
 *	as MTGC0 would leave it)
 *
 * R0 writes are ignored (upstream too). Wired takes only its Wired
 * field, at most the guest TLB size; Config0-5 only the bits userspace
 * may change; PRId goes to the software copy; Count to GTOffset.
 *
 * Return: 0, -EINVAL (also for a Wired beyond the TLB) or -ENOENT.
 */
int okvm_vz_reg_set(struct okvm_vz_vcpu *v, u64 id, u64 val)
{
	struct okvm_vz_regdesc d;
	int r = okvm_vz_reg_find(id, &d);
	unsigned long old, change;
	unsigned int n;

	if (r)
		return r;
	if (!d.is64)
		val = (u64)(s64)(s32)val;
	n = array_index_nospec(d.n, OKVM_GC0_NR_IDS);
	switch (d.kind) {
	case OKVM_VZ_REG_GPR:
		if (d.n)
			v->gpr[array_index_nospec(d.n, 32)] = val;
		break;
	case OKVM_VZ_REG_HI:
		v->hi = val;
		break;
	case OKVM_VZ_REG_LO:
		v->lo = val;
		break;
	case OKVM_VZ_REG_PC:
		v->pc = val;
		break;
	case OKVM_VZ_REG_PRID:
		v->prid = val;
		break;
	case OKVM_VZ_REG_COUNT:
		v->gtoffset = (u32)val - okvm_read_c0_count();
		v->last_count = val;
		break;
	case OKVM_VZ_REG_WIRED:
		if ((val & OKVM_WIRED_WIRED) > okvm_vz_caps.guest_tlb_size)
			return -EINVAL;
		v->gc0[n] = (v->gc0[n] & ~(unsigned long)OKVM_WIRED_WIRED) |
			    (val & OKVM_WIRED_WIRED);
		break;
	case OKVM_VZ_REG_CONFIG:
		old = v->gc0[n];
		change = (old ^ val) &
			 okvm_vz_config_user_wrmask[n - OKVM_GC0_CONFIG];
		v->gc0[n] = old ^ change;
		break;
	default:
		v->gc0[n] = val;
		break;
	}
	return 0;
}
