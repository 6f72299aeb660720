// SPDX-License-Identifier: GPL-2.0
/*
 * The POWER ONE_REG ids okvm serves: upstream's KVM_REG_PPC_* numbers,
 * each backed by one state-layer id, the size checks in upstream's order,
 * and the conversion of a value between userspace's layout and the state
 * layer's. Pure logic: tests/unit and the host fuzzer (tests/fuzz) build
 * it in userspace, so it includes nothing but internal.h and state.h.
 */
#include "internal.h"
#include "reg_ids.h"
#include "state.h"

/*
 * ONE_REG ids served, each backed by one state-layer id. Only registers
 * the L2 really gets are listed: what v1 carries in hv_guest_state /
 * pt_regs or loads around H_ENTER_NESTED. A 4-byte state id behind an
 * 8-byte ONE_REG (PID) is zero-extended.
 */
/* CIABR[PRIV]: 0b11 matches in hypervisor state, which no guest has */
#define OKVM_CIABR_PRIV		0x3ULL

enum okvm_onereg_kind {
	OKVM_ONEREG_PLAIN,	/* one state id */
	OKVM_ONEREG_FPR,	/* FPR n: the high doubleword of VSR n */
	OKVM_ONEREG_VSR,	/* VSR n (0-31) */
	OKVM_ONEREG_VR,		/* VR n: VSR 32 + n */
};

static const struct okvm_onereg {
	u64 id;		/* first id of a range */
	u16 gsid;
	u8 count;	/* ids in the range */
	u8 kind;
} okvm_oneregs[] = {
	{ KVM_REG_PPC_FPR0, OKVM_GSID_VSR(0), 32, OKVM_ONEREG_FPR },
	{ KVM_REG_PPC_VR0, OKVM_GSID_VSR(32), 32, OKVM_ONEREG_VR },
	{ KVM_REG_PPC_VSR0, OKVM_GSID_VSR(0), 32, OKVM_ONEREG_VSR },
	{ KVM_REG_PPC_FPSCR, OKVM_GSID_FPSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VSCR, OKVM_GSID_VSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VRSAVE, OKVM_GSID_VRSAVE, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DSCR, OKVM_GSID_DSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAR, OKVM_GSID_DAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DSISR, OKVM_GSID_DSISR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_AMR, OKVM_GSID_AMR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_UAMOR, OKVM_GSID_UAMOR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_IAMR, OKVM_GSID_IAMR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_TAR, OKVM_GSID_TAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_FSCR, OKVM_GSID_FSCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PSPB, OKVM_GSID_PSPB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PPR, OKVM_GSID_PPR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DPDES, OKVM_GSID_DPDES, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PID, OKVM_GSID_PIDR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_LPCR, OKVM_GSID_LPCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_LPCR_64, OKVM_GSID_LPCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DEC_EXPIRY, OKVM_GSID_DEC_EXPIRY_TB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_TB_OFFSET, OKVM_GSID_TB_OFFSET, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PURR, OKVM_GSID_PURR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SPURR, OKVM_GSID_SPURR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR0, OKVM_GSID_MMCR(0), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR1, OKVM_GSID_MMCR(1), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCRA, OKVM_GSID_MMCRA, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_MMCR2, OKVM_GSID_MMCR(2), 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SIAR, OKVM_GSID_SIAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SDAR, OKVM_GSID_SDAR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_SIER, OKVM_GSID_SIER, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_PMC1, OKVM_GSID_PMC(0), 6, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_EBBHR, OKVM_GSID_EBBHR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_EBBRR, OKVM_GSID_EBBRR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_BESCR, OKVM_GSID_BESCR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWR, OKVM_GSID_DAWR0, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWRX, OKVM_GSID_DAWRX0, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_CIABR, OKVM_GSID_CIABR, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_IC, OKVM_GSID_IC, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_VTB, OKVM_GSID_VTB, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWR1, OKVM_GSID_DAWR1, 1, OKVM_ONEREG_PLAIN },
	{ KVM_REG_PPC_DAWRX1, OKVM_GSID_DAWRX1, 1, OKVM_ONEREG_PLAIN },
};

/**
 * okvm_reg_id_nth() - the ONE_REG ids served, one by one
 * @index: 0, 1, ...
 *
 * The walker behind KVM_GET_REG_LIST: counting and listing use it both.
 *
 * Return: the @index-th id served, or 0 past the end.
 */
u64 okvm_reg_id_nth(unsigned int index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		if (index < okvm_oneregs[i].count)
			return okvm_oneregs[i].id + index;
		index -= okvm_oneregs[i].count;
	}
	return 0;
}

static const struct okvm_onereg *okvm_onereg_find(u64 id, unsigned int *n)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		const struct okvm_onereg *r = &okvm_oneregs[i];

		if (id >= r->id && id < r->id + r->count) {
			*n = array_index_nospec(id - r->id, r->count);
			return r;
		}
	}
	return NULL;
}

/*
 * A plain register: @val holds the user's value (@size 4 or 8 bytes, at
 * its start); the state id may be 4 or 8 bytes wide (zero-extended and
 * truncated as needed: LPCR is served both as U32 and U64, PID is U64
 * over a 4-byte PIDR).
 */
static int okvm_ppc_plain_reg(struct okvm_state *st, u16 gsid, u64 *val,
			      unsigned int size, bool set)
{
	bool narrow = okvm_gsid_value_size(okvm_gsid_info(gsid)) == 4;
	u32 w;
	u64 v;
	int r;

	if (set) {
		if (size == 4) {
			memcpy(&w, val, 4);
			v = w;
		} else {
			v = val[0];
		}
		return narrow ? okvm_state_set_u32(st, gsid, v) :
				okvm_state_set_u64(st, gsid, v);
	}
	if (narrow) {
		r = okvm_state_get_u32(st, gsid, &w);
		v = w;
	} else {
		r = okvm_state_get_u64(st, gsid, &v);
	}
	if (r)
		return r;
	if (size == 4) {
		w = v;
		memcpy(val, &w, 4);
	} else {
		val[0] = v;
	}
	return 0;
}

/**
 * okvm_reg_id_check() - is @id a ONE_REG id okvm serves, at that size?
 * @id: KVM_REG_PPC | size | number, from userspace
 *
 * The checks in upstream's order: another architecture, or an id served
 * with another size, is -EINVAL; an id not served at all -ENOENT.
 *
 * Return: 0, -EINVAL or -ENOENT.
 */
int okvm_reg_id_check(u64 id)
{
	unsigned int n, i;

	if ((id & KVM_REG_ARCH_MASK) != KVM_REG_PPC)
		return -EINVAL;
	if (okvm_onereg_find(id, &n))
		return 0;
	for (i = 0; i < ARRAY_SIZE(okvm_oneregs); i++) {
		u64 first = okvm_oneregs[i].id & ~KVM_REG_SIZE_MASK;
		u64 bare = id & ~KVM_REG_SIZE_MASK;

		if (bare >= first && bare < first + okvm_oneregs[i].count)
			return -EINVAL;
	}
	return -ENOENT;
}

/**
 * okvm_reg_id_xfer() - read or write one ONE_REG value in the state layer
 * @st: the vCPU's state
 * @id: an id okvm_reg_id_check() accepted
 * @val: the value as userspace lays it out: 4 or 8 bytes at its start, or
 *	a 128-bit value as the kernel keeps VSRs (struct thread_fp_state /
 *	thread_vr_state: the high doubleword at TS_FPROFFSET)
 * @set: write @val (true) or fill it (false)
 *
 * The state layer keeps a VSR as [0] = high. A write of CIABR matching
 * in hypervisor state drops that match, as upstream does. A write leaves
 * @val as it was.
 *
 * Return: 0, -ENOENT for an id not served, or the state layer's errno.
 */
int okvm_reg_id_xfer(struct okvm_state *st, u64 id, u64 val[2], bool set)
{
	unsigned int size = 1U << ((id & KVM_REG_SIZE_MASK) >>
				   KVM_REG_SIZE_SHIFT);
	const struct okvm_onereg *r;
	unsigned int n = 0;
	u64 vsr[2];
	u16 gsid;
	int ret;

	r = okvm_onereg_find(id, &n);
	if (!r)
		return -ENOENT;
	gsid = r->gsid + n;

	switch (r->kind) {
	case OKVM_ONEREG_FPR:
		ret = okvm_state_get(st, gsid, vsr, sizeof(vsr));
		if (!ret && set) {
			vsr[0] = val[0];
			ret = okvm_state_set(st, gsid, vsr, sizeof(vsr));
		}
		val[0] = vsr[0];
		break;
	case OKVM_ONEREG_VSR:
	case OKVM_ONEREG_VR:
		if (set) {
			vsr[0] = val[TS_FPROFFSET];
			vsr[1] = val[TS_VSRLOWOFFSET];
			ret = okvm_state_set(st, gsid, vsr, sizeof(vsr));
		} else {
			ret = okvm_state_get(st, gsid, vsr, sizeof(vsr));
			val[TS_FPROFFSET] = vsr[0];
			val[TS_VSRLOWOFFSET] = vsr[1];
		}
		break;
	default:
		/* no breakpoints in hypervisor code, as upstream refuses */
		if (set && gsid == OKVM_GSID_CIABR &&
		    (val[0] & OKVM_CIABR_PRIV) == OKVM_CIABR_PRIV) {
			vsr[0] = val[0] & ~OKVM_CIABR_PRIV;
			ret = okvm_ppc_plain_reg(st, gsid, vsr, size, set);
			break;
		}
		ret = okvm_ppc_plain_reg(st, gsid, val, size, set);
		break;
	}
	return ret;
}
