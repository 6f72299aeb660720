// SPDX-License-Identifier: GPL-2.0
/*
 * v1 world switch: one H_ENTER_NESTED.
 *
 * The L0 switches only what hv_guest_state and pt_regs carry (GPRs, NIP,
 * MSR, LR, CTR, XER, CR, LPCR, PCR, DPDES, HFSCR, SRR0/1, SPRG0-3, PIDR,
 * CFAR, PPR, TB offset; a Linux L0 also DAWR/CIABR/PURR/SPURR/IC/VTB,
 * which QEMU ignores; Documentation/ppc-nested.rst). Everything else
 * the L2 can touch (FP/VSX/VMX, the SPRs of enum okvm_v1_spr, DEC) is shared
 * hardware while the L2 runs, so the L1 loads the L2's values before the
 * hcall and saves them after, and puts its own back.
 *
 * The calling thread's user FP/VMX state is saved to its thread_struct
 * first (giveup_all()) and comes back on return to userspace; preemption
 * stays off from there until the L2's registers are saved, so no context
 * switch can ever see (or leak) L2 values. That is where upstream's v1
 * path has been seen to leak L2 FP/VMX registers into the L1 thread.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/preempt.h>
#include <linux/sched.h>
#include <asm/hvcall.h>
#include <asm/reg.h>
#include <asm/switch_to.h>
#include <asm/time.h>

#include "../core/okvm.h"
#include "hcall.h"
#include "ppc.h"

static_assert(sizeof(struct okvm_hv_guest_state) == 248);
static_assert(sizeof(struct okvm_pt_regs) == 352);

#define OKVM_V1_FACILITIES	(MSR_FP | MSR_VEC | MSR_VSX)

/*
 * The L2's DEC is carried as an expiry in L1 timebase, so a value the L2
 * wrote with mtdec keeps counting while the vCPU is out of the L2, and
 * one that expired meanwhile is due at once; 0 is "never armed"
 * (transport.h).
 */
static u64 okvm_v1_dec(u64 expiry, u64 now)
{
	if (!expiry)
		return OKVM_DEC_MAX;
	if (expiry <= now)
		return 0;
	return min(expiry - now, OKVM_DEC_MAX);
}

/* mfspr/mtspr need the SPR number as a constant: one case each. */
static u64 okvm_v1_mfspr(enum okvm_v1_spr i)
{
	switch (i) {
	case OKVM_V1_SPR_AMR:
		return mfspr(SPRN_AMR);
	case OKVM_V1_SPR_IAMR:
		return mfspr(SPRN_IAMR);
	case OKVM_V1_SPR_UAMOR:
		return mfspr(SPRN_UAMOR);
	case OKVM_V1_SPR_TAR:
		return mfspr(SPRN_TAR);
	case OKVM_V1_SPR_DSCR:
		return mfspr(SPRN_DSCR);
	case OKVM_V1_SPR_VRSAVE:
		return mfspr(SPRN_VRSAVE);
	case OKVM_V1_SPR_DAR:
		return mfspr(SPRN_DAR);
	case OKVM_V1_SPR_DSISR:
		return mfspr(SPRN_DSISR);
	case OKVM_V1_SPR_FSCR:
		return mfspr(SPRN_FSCR);
	case OKVM_V1_SPR_PSPB:
		return mfspr(SPRN_PSPB);
	case OKVM_V1_SPR_EBBHR:
		return mfspr(SPRN_EBBHR);
	case OKVM_V1_SPR_EBBRR:
		return mfspr(SPRN_EBBRR);
	case OKVM_V1_SPR_BESCR:
		return mfspr(SPRN_BESCR);
	case OKVM_V1_SPR_MMCR1:
		return mfspr(SPRN_MMCR1);
	case OKVM_V1_SPR_MMCR2:
		return mfspr(SPRN_MMCR2);
	case OKVM_V1_SPR_MMCRA:
		return mfspr(SPRN_MMCRA);
	case OKVM_V1_SPR_SIAR:
		return mfspr(SPRN_SIAR);
	case OKVM_V1_SPR_SDAR:
		return mfspr(SPRN_SDAR);
	case OKVM_V1_SPR_SIER:
		return mfspr(SPRN_SIER);
	case OKVM_V1_SPR_PMC1:
		return mfspr(SPRN_PMC1);
	case OKVM_V1_SPR_PMC2:
		return mfspr(SPRN_PMC2);
	case OKVM_V1_SPR_PMC3:
		return mfspr(SPRN_PMC3);
	case OKVM_V1_SPR_PMC4:
		return mfspr(SPRN_PMC4);
	case OKVM_V1_SPR_PMC5:
		return mfspr(SPRN_PMC5);
	case OKVM_V1_SPR_PMC6:
		return mfspr(SPRN_PMC6);
	case OKVM_V1_SPR_MMCR0:
		return mfspr(SPRN_MMCR0);
	default:
		return 0;
	}
}

static void okvm_v1_mtspr(enum okvm_v1_spr i, u64 v)
{
	switch (i) {
	case OKVM_V1_SPR_AMR:
		mtspr(SPRN_AMR, v);
		break;
	case OKVM_V1_SPR_IAMR:
		mtspr(SPRN_IAMR, v);
		break;
	case OKVM_V1_SPR_UAMOR:
		mtspr(SPRN_UAMOR, v);
		break;
	case OKVM_V1_SPR_TAR:
		mtspr(SPRN_TAR, v);
		break;
	case OKVM_V1_SPR_DSCR:
		mtspr(SPRN_DSCR, v);
		break;
	case OKVM_V1_SPR_VRSAVE:
		mtspr(SPRN_VRSAVE, v);
		break;
	case OKVM_V1_SPR_DAR:
		mtspr(SPRN_DAR, v);
		break;
	case OKVM_V1_SPR_DSISR:
		mtspr(SPRN_DSISR, v);
		break;
	case OKVM_V1_SPR_FSCR:
		mtspr(SPRN_FSCR, v);
		break;
	case OKVM_V1_SPR_PSPB:
		mtspr(SPRN_PSPB, v);
		break;
	case OKVM_V1_SPR_EBBHR:
		mtspr(SPRN_EBBHR, v);
		break;
	case OKVM_V1_SPR_EBBRR:
		mtspr(SPRN_EBBRR, v);
		break;
	case OKVM_V1_SPR_BESCR:
		mtspr(SPRN_BESCR, v);
		break;
	case OKVM_V1_SPR_MMCR1:
		mtspr(SPRN_MMCR1, v);
		break;
	case OKVM_V1_SPR_MMCR2:
		mtspr(SPRN_MMCR2, v);
		break;
	case OKVM_V1_SPR_MMCRA:
		mtspr(SPRN_MMCRA, v);
		break;
	case OKVM_V1_SPR_SIAR:
		mtspr(SPRN_SIAR, v);
		break;
	case OKVM_V1_SPR_SDAR:
		mtspr(SPRN_SDAR, v);
		break;
	case OKVM_V1_SPR_SIER:
		mtspr(SPRN_SIER, v);
		break;
	case OKVM_V1_SPR_PMC1:
		mtspr(SPRN_PMC1, v);
		break;
	case OKVM_V1_SPR_PMC2:
		mtspr(SPRN_PMC2, v);
		break;
	case OKVM_V1_SPR_PMC3:
		mtspr(SPRN_PMC3, v);
		break;
	case OKVM_V1_SPR_PMC4:
		mtspr(SPRN_PMC4, v);
		break;
	case OKVM_V1_SPR_PMC5:
		mtspr(SPRN_PMC5, v);
		break;
	case OKVM_V1_SPR_PMC6:
		mtspr(SPRN_PMC6, v);
		break;
	case OKVM_V1_SPR_MMCR0:
		mtspr(SPRN_MMCR0, v);
		break;
	default:
		break;
	}
}

/*
 * Put @val in SPR @i and return what was there. Writes of the value the
 * register already holds are skipped: under an emulating L0 (QEMU TCG) an
 * SPR write can cost far more than a read (a PMU write makes it recompute
 * its counting state), and the L1's and the L2's values are mostly the
 * same (both PMUs frozen, EBB unused).
 */
static u64 okvm_v1_swap(enum okvm_v1_spr i, u64 val)
{
	u64 old = okvm_v1_mfspr(i);

	if (old != val)
		okvm_v1_mtspr(i, val);
	return old;
}

/**
 * okvm_v1_enter() - run the L2 vCPU once through H_ENTER_NESTED
 * @v: its state; updated with what the L2 left
 * @hdec_expiry: when the L0 must give the L1 back control (L1 timebase)
 *
 * Context: process context, preemption and interrupts enabled; disables
 * both for the switch.
 * Return: the interrupt vector that ended the L2 run (0x980, 0xC00,
 * 0xE00, ...), or the L0's negative H_* error.
 */
long okvm_v1_enter(struct okvm_v1_vcpu *v, u64 hdec_expiry)
{
	u64 host[OKVM_V1_NR_SPRS], now, fscr_ebb, l2_fscr;
	unsigned int i;
	long rc;

	preempt_disable();
	giveup_all(current);
	msr_check_and_set(OKVM_V1_FACILITIES);
	load_fp_state(&v->fp);
	load_vr_state(&v->vr);

	hard_irq_disable();
	/* freeze the L1's counters while switching; let it reach EBB regs */
	host[OKVM_V1_SPR_MMCR0] = okvm_v1_swap(OKVM_V1_SPR_MMCR0,
					       mfspr(SPRN_MMCR0) | MMCR0_FC);
	fscr_ebb = okvm_v1_swap(OKVM_V1_SPR_FSCR, mfspr(SPRN_FSCR) | FSCR_EBB) &
		   FSCR_EBB;
	for (i = 0; i < OKVM_V1_SPR_MMCR0; i++)
		host[i] = okvm_v1_swap(i, v->spr[i]);
	/* the host FSCR as it was, not as made above */
	host[OKVM_V1_SPR_FSCR] &= ~FSCR_EBB;
	host[OKVM_V1_SPR_FSCR] |= fscr_ebb;
	okvm_v1_swap(OKVM_V1_SPR_MMCR0, v->spr[OKVM_V1_SPR_MMCR0]);
	now = mftb();
	mtspr(SPRN_DEC, okvm_v1_dec(v->dec_expiry, now));
	v->hv.hdec_expiry = hdec_expiry;

	rc = okvm_hcall(OKVM_H_ENTER_NESTED, NULL, __pa(&v->hv), __pa(&v->regs),
			0, 0, 0);

	now = mftb();
	v->dec_expiry = now + (u64)(s64)(s32)mfspr(SPRN_DEC);
	v->spr[OKVM_V1_SPR_MMCR0] = okvm_v1_swap(OKVM_V1_SPR_MMCR0,
						 mfspr(SPRN_MMCR0) | MMCR0_FC);
	l2_fscr = okvm_v1_swap(OKVM_V1_SPR_FSCR, mfspr(SPRN_FSCR) | FSCR_EBB);
	for (i = 0; i < OKVM_V1_SPR_MMCR0; i++)
		v->spr[i] = okvm_v1_swap(i, host[i]);
	v->spr[OKVM_V1_SPR_FSCR] = l2_fscr;
	okvm_v1_swap(OKVM_V1_SPR_MMCR0, host[OKVM_V1_SPR_MMCR0]);
	/* The L0 does not give the L1 its DEC back in v1. */
	timer_rearm_host_dec(now);

	store_fp_state(&v->fp);
	store_vr_state(&v->vr);
	__msr_check_and_clear(OKVM_V1_FACILITIES);
	local_irq_enable();
	preempt_enable();
	return rc;
}

/*
 * The v1 transport below the state layer: where each id lives in the
 * H_ENTER_NESTED image. Ids v1 does not carry (PMU, DAWR, VTB, ...) are
 * held by the state layer alone, as the L1 cannot give them to the L2.
 */
#define OKVM_V1_REG(id, field)	{ id, offsetof(struct okvm_v1_vcpu, field), 8 }
#define OKVM_V1_REG32(id, field) { id, offsetof(struct okvm_v1_vcpu, field), 4 }
#define OKVM_V1_SPR(id, n, sz)	{ id, offsetof(struct okvm_v1_vcpu, \
				       spr[OKVM_V1_SPR_##n]), sz }

static const struct okvm_v1_field {
	u16 id;
	u16 offset;
	u8 size;	/* the id's size in the state layer: 4 or 8 */
} okvm_v1_fields[] = {
	OKVM_V1_REG(OKVM_GSID_NIA, regs.nip),
	OKVM_V1_REG(OKVM_GSID_MSR, regs.msr),
	OKVM_V1_REG(OKVM_GSID_LR, regs.link),
	OKVM_V1_REG(OKVM_GSID_XER, regs.xer),
	OKVM_V1_REG(OKVM_GSID_CTR, regs.ctr),
	OKVM_V1_REG32(OKVM_GSID_CR, regs.ccr),
	OKVM_V1_REG(OKVM_GSID_CFAR, hv.cfar),
	OKVM_V1_REG(OKVM_GSID_SRR0, hv.srr0),
	OKVM_V1_REG(OKVM_GSID_SRR1, hv.srr1),
	OKVM_V1_REG(OKVM_GSID_SPRG(0), hv.sprg[0]),
	OKVM_V1_REG(OKVM_GSID_SPRG(1), hv.sprg[1]),
	OKVM_V1_REG(OKVM_GSID_SPRG(2), hv.sprg[2]),
	OKVM_V1_REG(OKVM_GSID_SPRG(3), hv.sprg[3]),
	OKVM_V1_REG(OKVM_GSID_PPR, hv.ppr),
	OKVM_V1_REG(OKVM_GSID_LPCR, hv.lpcr),
	OKVM_V1_REG(OKVM_GSID_HFSCR, hv.hfscr),
	OKVM_V1_REG(OKVM_GSID_DPDES, hv.dpdes),
	OKVM_V1_REG(OKVM_GSID_AMOR, hv.amor),
	OKVM_V1_REG32(OKVM_GSID_PIDR, hv.pidr),
	OKVM_V1_REG(OKVM_GSID_HDAR, hv.hdar),
	OKVM_V1_REG32(OKVM_GSID_HDSISR, hv.hdsisr),
	OKVM_V1_REG(OKVM_GSID_HEIR, hv.heir),
	OKVM_V1_REG(OKVM_GSID_ASDR, hv.asdr),
	OKVM_V1_REG(OKVM_GSID_DEC_EXPIRY_TB, dec_expiry),
	OKVM_V1_REG(OKVM_GSID_TB_OFFSET, hv.tb_offset),
	OKVM_V1_REG(OKVM_GSID_DAWR0, hv.dawr0),
	OKVM_V1_REG32(OKVM_GSID_DAWRX0, hv.dawrx0),
	OKVM_V1_REG(OKVM_GSID_DAWR1, hv.dawr1),
	OKVM_V1_REG32(OKVM_GSID_DAWRX1, hv.dawrx1),
	OKVM_V1_REG(OKVM_GSID_CIABR, hv.ciabr),
	OKVM_V1_REG(OKVM_GSID_PURR, hv.purr),
	OKVM_V1_REG(OKVM_GSID_SPURR, hv.spurr),
	OKVM_V1_REG(OKVM_GSID_IC, hv.ic),
	OKVM_V1_REG(OKVM_GSID_VTB, hv.vtb),
	OKVM_V1_REG(OKVM_GSID_FPSCR, fp.fpscr),
	OKVM_V1_SPR(OKVM_GSID_AMR, AMR, 8),
	OKVM_V1_SPR(OKVM_GSID_IAMR, IAMR, 8),
	OKVM_V1_SPR(OKVM_GSID_UAMOR, UAMOR, 8),
	OKVM_V1_SPR(OKVM_GSID_TAR, TAR, 8),
	OKVM_V1_SPR(OKVM_GSID_DSCR, DSCR, 8),
	OKVM_V1_SPR(OKVM_GSID_DAR, DAR, 8),
	OKVM_V1_SPR(OKVM_GSID_FSCR, FSCR, 8),
	OKVM_V1_SPR(OKVM_GSID_VRSAVE, VRSAVE, 4),
	OKVM_V1_SPR(OKVM_GSID_DSISR, DSISR, 4),
	OKVM_V1_SPR(OKVM_GSID_PSPB, PSPB, 4),
	OKVM_V1_SPR(OKVM_GSID_EBBHR, EBBHR, 8),
	OKVM_V1_SPR(OKVM_GSID_EBBRR, EBBRR, 8),
	OKVM_V1_SPR(OKVM_GSID_BESCR, BESCR, 8),
	OKVM_V1_SPR(OKVM_GSID_MMCR(0), MMCR0, 8),
	OKVM_V1_SPR(OKVM_GSID_MMCR(1), MMCR1, 8),
	OKVM_V1_SPR(OKVM_GSID_MMCR(2), MMCR2, 8),
	OKVM_V1_SPR(OKVM_GSID_MMCRA, MMCRA, 8),
	OKVM_V1_SPR(OKVM_GSID_SIAR, SIAR, 8),
	OKVM_V1_SPR(OKVM_GSID_SDAR, SDAR, 8),
	OKVM_V1_SPR(OKVM_GSID_SIER, SIER, 8),
	OKVM_V1_SPR(OKVM_GSID_PMC(0), PMC1, 4),
	OKVM_V1_SPR(OKVM_GSID_PMC(1), PMC2, 4),
	OKVM_V1_SPR(OKVM_GSID_PMC(2), PMC3, 4),
	OKVM_V1_SPR(OKVM_GSID_PMC(3), PMC4, 4),
	OKVM_V1_SPR(OKVM_GSID_PMC(4), PMC5, 4),
	OKVM_V1_SPR(OKVM_GSID_PMC(5), PMC6, 4),
};

/*
 * Where each id's field is: okvm_v1_fields index + 1 (0: not carried),
 * by id, for the id ranges that have fields (0x0000-0x000F,
 * 0x1000-0x105F, 0x2000-0x200F, 0xF000-0xF00F). Filled at load.
 */
#define OKVM_V1_MAP_G		0x00
#define OKVM_V1_MAP_1		0x10
#define OKVM_V1_MAP_2		0x70
#define OKVM_V1_MAP_F		0x80
#define OKVM_V1_MAP_SIZE	0x90
static u8 okvm_v1_map[OKVM_V1_MAP_SIZE];

static int okvm_v1_map_slot(u16 id)
{
	switch (id >> 12) {
	case 0x0:
		return id < 0x10 ? OKVM_V1_MAP_G + id : -1;
	case 0x1:
		return (id & 0xfff) < 0x60 ? OKVM_V1_MAP_1 + (id & 0xfff) : -1;
	case 0x2:
		return (id & 0xfff) < 0x10 ? OKVM_V1_MAP_2 + (id & 0xfff) : -1;
	case 0xf:
		return (id & 0xfff) < 0x10 ? OKVM_V1_MAP_F + (id & 0xfff) : -1;
	default:
		return -1;
	}
}

static unsigned int okvm_v1_field_of(u16 id)
{
	int slot = okvm_v1_map_slot(id);

	return slot < 0 ? 0 : okvm_v1_map[slot];
}

/* The VSCR word inside the stored vector, and the FPR doubleword. */
#ifdef __LITTLE_ENDIAN__
#define OKVM_VSCR_WORD	0
#else
#define OKVM_VSCR_WORD	3
#endif

/* Move one id between @st and the image; @to_image picks the direction. */
static int okvm_v1_xfer(struct okvm_state *st, struct okvm_v1_vcpu *v, u16 id,
			bool to_image)
{
	u64 vsr[2], *p = NULL, *q;
	unsigned int i, n, size = 8;
	u32 w;

	if (id >= OKVM_GSID_GPR(0) && id <= OKVM_GSID_GPR(31)) {
		p = &v->regs.gpr[id - OKVM_GSID_GPR(0)];
	} else if (id >= OKVM_GSID_VSR(0) && id <= OKVM_GSID_VSR(63)) {
		n = id - OKVM_GSID_VSR(0);
		q = n < 32 ? v->fp.fpr[n] : (u64 *)&v->vr.vr[n - 32];
		/* vsr[0] is the most-significant doubleword */
		if (to_image) {
			if (__okvm_state_peek(st, id, vsr, sizeof(vsr)))
				return -EINVAL;
			q[TS_FPROFFSET] = vsr[0];
			q[TS_VSRLOWOFFSET] = vsr[1];
			return 0;
		}
		vsr[0] = q[TS_FPROFFSET];
		vsr[1] = q[TS_VSRLOWOFFSET];
		return __okvm_state_put(st, id, vsr, sizeof(vsr));
	}
	if (id == OKVM_GSID_VSCR) {
		if (to_image)
			return __okvm_state_peek(st, id, &v->vr.vscr.u[OKVM_VSCR_WORD], 4);
		return __okvm_state_put(st, id, &v->vr.vscr.u[OKVM_VSCR_WORD], 4);
	}
	if (!p) {
		i = okvm_v1_field_of(id);
		if (i) {
			p = (void *)v + okvm_v1_fields[i - 1].offset;
			size = okvm_v1_fields[i - 1].size;
		}
	}
	if (!p)
		return 1;	/* not carried by v1 */

	if (size == 8)
		return to_image ? __okvm_state_peek(st, id, p, 8) :
				  __okvm_state_put(st, id, p, 8);
	if (to_image) {
		if (__okvm_state_peek(st, id, &w, 4))
			return -EINVAL;
		*p = w;
		return 0;
	}
	w = *p;
	return __okvm_state_put(st, id, &w, 4);
}

static struct okvm_v1_vcpu *okvm_v1_of(struct okvm_state *st)
{
	return container_of(st, struct okvm_ppc_vcpu, st)->v1;
}

static int okvm_v1_flush(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	struct okvm_v1_vcpu *v = okvm_v1_of(st);
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (okvm_v1_xfer(st, v, ids[i], true) < 0)
			return -EINVAL;
	return 0;
}

static int okvm_v1_sync(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	struct okvm_v1_vcpu *v = okvm_v1_of(st);
	unsigned int i;

	for (i = 0; i < nr; i++)
		if (okvm_v1_xfer(st, v, ids[i], false) < 0)
			return -EINVAL;
	return 0;
}

/* Every id the image carries, and their state-layer slots. */
static u16 okvm_v1_ids[32 + 64 + 1 + ARRAY_SIZE(okvm_v1_fields)];
static DECLARE_BITMAP(okvm_v1_slots, OKVM_STATE_NR_SLOTS);

static int okvm_v1_run(struct okvm_ppc_vcpu *pv, u64 *exit_vector)
{
	/* Give the L1 back control within a slice to look at signals. */
	u64 hdec = mftb() + OKVM_HDEC_SLICE_US * tb_ticks_per_usec;
	long rc;

	pv->v1->hv.lpid = pv->pvm->mmu.lpid;
	pv->v1->hv.vcpu_token = pv->vcpu->id;
	okvm_ppc_l2_enter(pv);
	rc = okvm_v1_enter(pv->v1, hdec);
	okvm_ppc_l2_exit(pv);
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_HCALLS);
	okvm_ppc_vcpu_stat_inc(pv->vcpu, OKVM_PPC_STAT_L0_RUNS);
	/* vectors are 0x100 and up; H_BUSY and H_LONG_BUSY_* are not */
	if (rc < 0 || rc == H_BUSY || H_IS_LONG_BUSY(rc)) {
		pr_err_ratelimited("H_ENTER_NESTED failed: %ld\n", rc);
		return okvm_hcall_errno(rc);
	}
	*exit_vector = rc;
	/*
	 * The image now holds the L2's registers: each is copied into the
	 * state layer only if something reads it (okvm_v1_sync()), so an
	 * hcall exit copies r3-r12 and not the ~190 ids v1 carries.
	 */
	okvm_state_invalidate_slots(&pv->st, okvm_v1_slots);
	return 0;
}

/**
 * okvm_v1_init_ids() - list the ids the image carries, once at load
 */
void okvm_v1_init_ids(void)
{
	unsigned int i, n = 0;

	for (i = 0; i < 32; i++)
		okvm_v1_ids[n++] = OKVM_GSID_GPR(i);
	for (i = 0; i < 64; i++)
		okvm_v1_ids[n++] = OKVM_GSID_VSR(i);
	okvm_v1_ids[n++] = OKVM_GSID_VSCR;
	BUILD_BUG_ON(ARRAY_SIZE(okvm_v1_fields) >= U8_MAX);
	for (i = 0; i < ARRAY_SIZE(okvm_v1_fields); i++) {
		int slot = okvm_v1_map_slot(okvm_v1_fields[i].id);

		okvm_v1_ids[n++] = okvm_v1_fields[i].id;
		if (!WARN_ON(slot < 0))
			okvm_v1_map[slot] = i + 1;
	}
	WARN_ON(okvm_state_ids_to_slots(okvm_v1_ids, n, okvm_v1_slots));
}

/* The image of a new vCPU: 0 or -ENOMEM. */
static int okvm_v1_vcpu_create(struct okvm_ppc_vm *pvm,
			       struct okvm_ppc_vcpu *pv)
{
	pv->v1 = kzalloc(sizeof(*pv->v1), GFP_KERNEL_ACCOUNT);
	if (!pv->v1)
		return -ENOMEM;
	pv->v1->hv.version = OKVM_HV_GUEST_STATE_VERSION;
	return 0;
}

static void okvm_v1_vcpu_destroy(struct okvm_ppc_vm *pvm,
				 struct okvm_ppc_vcpu *pv)
{
	kfree(pv->v1);
}

/* KVM_PPC_CONFIGURE_V3_MMU: the second doubleword of the L2's entry */
static int okvm_v1_set_process_table(struct okvm_ppc_vm *pvm, u64 dw1)
{
	okvm_ppc_mmu_set_process_table(&pvm->mmu, dw1);
	return 0;
}

const struct okvm_ppc_transport_ops okvm_v1_transport = {
	.name = "v1",
	.vcpu_create = okvm_v1_vcpu_create,
	.vcpu_destroy = okvm_v1_vcpu_destroy,
	.flush = okvm_v1_flush,
	.run = okvm_v1_run,
	.sync = okvm_v1_sync,
	.set_process_table = okvm_v1_set_process_table,
};
