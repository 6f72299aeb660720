/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The v1 L0 interface: H_ENTER_NESTED with struct hv_guest_state and
 * pt_regs, as Linux (asm/hvcall.h) and QEMU (spapr_nested.h) lay them out.
 */
#ifndef OKVM_PPC_V1_H
#define OKVM_PPC_V1_H

#include <asm/processor.h>

#define OKVM_HV_GUEST_STATE_VERSION	2

/*
 * struct okvm_hv_guest_state - L2 hypervisor state for H_ENTER_NESTED,
 * field for field Linux's struct hv_guest_state (asm/hvcall.h).
 *
 * In the L1's byte order (the L0 copies it as it is, or byte-swaps it
 * when the L1 runs the other endianness). Version 2 adds @dawr1 and
 * @dawrx1; QEMU maps the whole 248 bytes whatever the version.
 */
struct okvm_hv_guest_state {
	u64 version;
	u32 lpid;
	u32 vcpu_token;
	u64 lpcr;
	u64 pcr;
	u64 amor;
	u64 dpdes;
	u64 hfscr;
	s64 tb_offset;
	u64 dawr0;
	u64 dawrx0;
	u64 ciabr;
	u64 hdec_expiry;
	u64 purr;
	u64 spurr;
	u64 ic;
	u64 vtb;
	u64 hdar;
	u64 hdsisr;
	u64 heir;
	u64 asdr;
	u64 srr0;
	u64 srr1;
	u64 sprg[4];
	u64 pidr;
	u64 cfar;
	u64 ppr;
	u64 dawr1;
	u64 dawrx1;
};

/*
 * struct okvm_pt_regs - the register frame H_ENTER_NESTED reads and
 * writes back (the first 352 bytes of Linux's struct pt_regs)
 */
struct okvm_pt_regs {
	u64 gpr[32];
	u64 nip;
	u64 msr;
	u64 orig_gpr3;
	u64 ctr;
	u64 link;
	u64 xer;
	u64 ccr;
	u64 softe;
	u64 trap;
	u64 dar;
	u64 dsisr;
	u64 result;
};

/*
 * SPRs v1 does not carry: loaded around the hcall by the L1, in this
 * order (and saved in it). The EBB registers come before FSCR, which may
 * deny them (okvm_v1_enter() enables them for itself first); MMCR0 is
 * last and outside the loop: the counters are frozen while the PMU is
 * switched.
 */
enum okvm_v1_spr {
	OKVM_V1_SPR_AMR,
	OKVM_V1_SPR_IAMR,
	OKVM_V1_SPR_UAMOR,
	OKVM_V1_SPR_TAR,
	OKVM_V1_SPR_DSCR,
	OKVM_V1_SPR_VRSAVE,
	OKVM_V1_SPR_DAR,
	OKVM_V1_SPR_DSISR,
	OKVM_V1_SPR_EBBHR,
	OKVM_V1_SPR_EBBRR,
	OKVM_V1_SPR_BESCR,
	OKVM_V1_SPR_FSCR,
	OKVM_V1_SPR_PSPB,
	OKVM_V1_SPR_MMCR1,
	OKVM_V1_SPR_MMCR2,
	OKVM_V1_SPR_MMCRA,
	OKVM_V1_SPR_SIAR,
	OKVM_V1_SPR_SDAR,
	OKVM_V1_SPR_SIER,
	OKVM_V1_SPR_PMC1,
	OKVM_V1_SPR_PMC2,
	OKVM_V1_SPR_PMC3,
	OKVM_V1_SPR_PMC4,
	OKVM_V1_SPR_PMC5,
	OKVM_V1_SPR_PMC6,
	OKVM_V1_SPR_MMCR0,
	OKVM_V1_NR_SPRS
};

/**
 * struct okvm_v1_vcpu - everything one H_ENTER_NESTED exchanges
 * @hv: the hypervisor state (physically contiguous, passed by address)
 * @regs: the register frame (likewise)
 * @fp: L2 FPRs (VSR 0-31 doubleword 0) and FPSCR
 * @vr: L2 VRs (VSR 32-63) and VSCR
 * @spr: L2 values of the SPRs in enum okvm_v1_spr
 * @dec_expiry: L2 decrementer expiry, L1 timebase (0: none)
 */
struct okvm_v1_vcpu {
	struct okvm_hv_guest_state hv;
	struct okvm_pt_regs regs;
	struct thread_fp_state fp;
	struct thread_vr_state vr;
	u64 spr[OKVM_V1_NR_SPRS];
	u64 dec_expiry;
};

long okvm_v1_enter(struct okvm_v1_vcpu *v, u64 hdec_expiry);

#endif /* OKVM_PPC_V1_H */
