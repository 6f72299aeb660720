// SPDX-License-Identifier: GPL-2.0
/*
 * The guest context of a vCPU: guest CP0 reset state, and what a vCPU put
 * saves and a vCPU load restores (guest CP0, GuestID, guest TLB).
 *
 * The VZ manual (§4.6): "Root context software (hypervisor) is required
 * to manage the initial state of writable Guest context registers ... On
 * Guest context save and restore, the hypervisor is required to preserve
 * and re-initialize the Guest state. For virtual boot of a Guest, the
 * hypervisor is required to initialize the Guest state equivalent to the
 * hardware reset state." okvm_vz_vcpu_reset() is that initial state,
 * okvm_vz_vcpu_put()/okvm_vz_vcpu_load() the save and restore.
 *
 * Guest TLB on a switch: with GuestIDs the guest's entries stay in the
 * shared guest TLB under its tag, and only the wired ones (which another
 * guest may overwrite, and which the guest relies on) are saved and
 * written back. Without GuestIDs the guest TLB holds one guest at a time:
 * put saves all of it and flushes it, load writes all of it back.
 *
 * GuestCtl0 (okvm_vz_cpu_enable(), OKVM_VZ_GUESTCTL0): the guest owns
 * its CP0 (CP0=1) and its MMU (AT=3), may run hit-type CACHE ops (CG=1)
 * and write the writable bits of its Config registers (CF=1). GT=0: guest
 * Count/Compare accesses trap (GPSI) until okvm has a guest timer.
 * MC=0, PT=0, DRG=0. So the guest CP0 accesses that trap are those the
 * hardware always gives the root: Count/Compare, the root-only
 * instructions, and GSFC field changes (Status.KX/SX/UX and others, VZ
 * manual §4.7.8).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "vz.h"

/*
 * The guest context okvm saves and restores, in restore order. Config
 * registers first: some cores refuse Status.CU1 unless Config1.FP is
 * set, and Config5 decides how FR and MSA behave. Wired before any TLB
 * write (a Wired write resets Random). Status last. Random is hardware
 * only, PRId is a software copy (okvm_vz_vcpu.prid), Count belongs to
 * the timer, LLAddr is cleared on load instead (an LL of another vCPU
 * must not let this vCPU's SC succeed), Config6/7 are not the guest's to
 * change.
 */
const u8 okvm_vz_ctx_regs[] = {
	OKVM_GC0_CONFIG, OKVM_GC0_CONFIG1, OKVM_GC0_CONFIG2,
	OKVM_GC0_CONFIG3, OKVM_GC0_CONFIG4, OKVM_GC0_CONFIG5,
	OKVM_GC0_WIRED, OKVM_GC0_INDEX, OKVM_GC0_ENTRYLO0,
	OKVM_GC0_ENTRYLO1, OKVM_GC0_CONTEXT, OKVM_GC0_CONTEXTCONFIG,
	OKVM_GC0_USERLOCAL, OKVM_GC0_XCONTEXTCONFIG, OKVM_GC0_PAGEMASK,
	OKVM_GC0_PAGEGRAIN, OKVM_GC0_SEGCTL0, OKVM_GC0_SEGCTL1,
	OKVM_GC0_SEGCTL2, OKVM_GC0_PWBASE, OKVM_GC0_PWFIELD,
	OKVM_GC0_PWSIZE, OKVM_GC0_PWCTL, OKVM_GC0_HWRENA,
	OKVM_GC0_BADVADDR, OKVM_GC0_BADINSTR, OKVM_GC0_BADINSTRP,
	OKVM_GC0_ENTRYHI, OKVM_GC0_COMPARE, OKVM_GC0_INTCTL,
	OKVM_GC0_CAUSE, OKVM_GC0_EPC, OKVM_GC0_EBASE, OKVM_GC0_XCONTEXT,
	OKVM_GC0_ERROREPC, OKVM_GC0_KSCRATCH1, OKVM_GC0_KSCRATCH2,
	OKVM_GC0_KSCRATCH3, OKVM_GC0_KSCRATCH4, OKVM_GC0_KSCRATCH5,
	OKVM_GC0_KSCRATCH6, OKVM_GC0_STATUS,
};

const unsigned int okvm_vz_nr_ctx_regs = ARRAY_SIZE(okvm_vz_ctx_regs);

static_assert(ARRAY_SIZE(okvm_vz_ctx_regs) <= 64);

/**
 * okvm_vz_gc0_present() - does the guest context have this register?
 * @id: OKVM_GC0_* id
 * @gconfig: the hardware's guest Config0-7, 0 for those absent
 *
 * Config(n+1) exists when Config(n).M is set; the optional registers
 * when Config3 (CTXTC, ULRI, RXI/SP/LPA for PageGrain, SC, PW, BI, BP),
 * Config4.KScrExist or Config5.LLB says so.
 *
 * Return: true if MFGC0/MTGC0 of @id reach a register.
 */
static bool okvm_vz_gc0_present(unsigned int id, const u32 *gconfig)
{
	u32 c3 = gconfig[3];

	switch (id) {
	case OKVM_GC0_CONFIG1 ... OKVM_GC0_CONFIG7:
		return gconfig[id - OKVM_GC0_CONFIG - 1] & OKVM_CONF_M;
	case OKVM_GC0_CONTEXTCONFIG:
	case OKVM_GC0_XCONTEXTCONFIG:
		return c3 & OKVM_CONF3_CTXTC;
	case OKVM_GC0_USERLOCAL:
		return c3 & OKVM_CONF3_ULRI;
	case OKVM_GC0_PAGEGRAIN:
		return c3 & (OKVM_CONF3_RXI | OKVM_CONF3_SP | OKVM_CONF3_LPA);
	case OKVM_GC0_SEGCTL0 ... OKVM_GC0_SEGCTL2:
		return c3 & OKVM_CONF3_SC;
	case OKVM_GC0_PWBASE ... OKVM_GC0_PWSIZE:
	case OKVM_GC0_PWCTL:
		return c3 & OKVM_CONF3_PW;
	case OKVM_GC0_BADINSTR:
		return c3 & OKVM_CONF3_BI;
	case OKVM_GC0_BADINSTRP:
		return c3 & OKVM_CONF3_BP;
	case OKVM_GC0_KSCRATCH1 ... OKVM_GC0_KSCRATCH6:
		return gconfig[4] & BIT(OKVM_CONF4_KSCREXIST_SHIFT +
					id - OKVM_GC0_ID(31, 0));
	case OKVM_GC0_LLADDR:
		return gconfig[5] & OKVM_CONF5_LLB;
	}
	return true;
}

/**
 * okvm_vz_ctx_present() - which context registers this guest has
 * @gconfig: the hardware's guest Config0-7, 0 for those absent
 *
 * Return: bit n set when okvm_vz_ctx_regs[n] exists.
 */
u64 okvm_vz_ctx_present(const u32 *gconfig)
{
	u64 present = 0;
	unsigned int i;

	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		if (okvm_vz_gc0_present(okvm_vz_ctx_regs[i], gconfig))
			present |= BIT_ULL(i);
	return present;
}

/*
 * Config bits the reset state clears: features okvm does not give guests
 * yet (FPU, MSA, DSP, coprocessor 2, MIPS MT, EIC and vectored
 * interrupts, CDMM, 1K pages, large physical addresses, trace, SmartMIPS)
 * and guest-writable bits whose reset value is 0.
 */
static const u32 okvm_vz_conf_clear[6] = {
	[1] = OKVM_CONF1_FP | OKVM_CONF1_CA | OKVM_CONF1_WR | OKVM_CONF1_PC |
	      OKVM_CONF1_MD | OKVM_CONF1_C2,
	[3] = OKVM_CONF3_MSA | OKVM_CONF3_BPG | OKVM_CONF3_DSP |
	      OKVM_CONF3_DSP2P | OKVM_CONF3_ISA_OE | OKVM_CONF3_ITL |
	      OKVM_CONF3_LPA | OKVM_CONF3_VEIC | OKVM_CONF3_VINT |
	      OKVM_CONF3_SP | OKVM_CONF3_CDMM | OKVM_CONF3_MT |
	      OKVM_CONF3_SM | OKVM_CONF3_TL,
	[5] = OKVM_CONF5_K | OKVM_CONF5_CV | OKVM_CONF5_MSAEN |
	      OKVM_CONF5_UFE | OKVM_CONF5_FRE | OKVM_CONF5_SBRI |
	      OKVM_CONF5_UFR | OKVM_CONF5_MRP,
};

/**
 * okvm_vz_vcpu_reset() - put the vCPU in the hardware reset state
 * @v: the vCPU, put (not loaded on any CPU)
 *
 * What a guest sees when it starts at the reset vector (PC 0xbfc00000,
 * sign-extended): Status.BEV and ERL set, everything else the reset
 * leaves undefined at 0; Config0-5 the hardware's guest Config, with the
 * features okvm does not give guests cleared (okvm_vz_conf_clear) and K0
 * the host's cacheability; EBase at 0x80000000 with CPUNum the vCPU id;
 * PRId the host's; Wired 0 (so Random starts at the top); ContextConfig
 * and XContextConfig, SegCtl and the page walker fields at their
 * architectural reset values; an empty guest TLB and new GuestIDs.
 */
void okvm_vz_vcpu_reset(struct okvm_vz_vcpu *v)
{
	const struct okvm_vz_caps *c = &okvm_vz_caps;
	u32 cca = OKVM_HOST_CCA;
	unsigned int i;

	memset(v->gpr, 0, sizeof(v->gpr));
	v->hi = 0;
	v->lo = 0;
	v->pc = OKVM_VZ_RESET_PC;
	memset(v->gc0, 0, sizeof(v->gc0));
	for (i = 0; i < ARRAY_SIZE(okvm_vz_conf_clear); i++)
		v->gc0[OKVM_GC0_CONFIG + i] = c->gconfig[i] &
					      ~okvm_vz_conf_clear[i];
	v->gc0[OKVM_GC0_CONFIG] = (v->gc0[OKVM_GC0_CONFIG] & ~OKVM_CONF_K0) |
				  cca;
	v->gc0[OKVM_GC0_STATUS] = OKVM_ST_BEV | OKVM_ST_ERL;
	v->gc0[OKVM_GC0_EBASE] = (unsigned long)(long)(s32)
				 (0x80000000U | (v->vcpu_id & OKVM_EBASE_CPUNUM));
	v->gc0[OKVM_GC0_CONTEXTCONFIG] = 0x007ffff0;
	v->gc0[OKVM_GC0_XCONTEXTCONFIG] = ((1UL << (c->vmbits - 13)) - 1) << 4;
	v->gc0[OKVM_GC0_SEGCTL0] = 0x00200010;
	v->gc0[OKVM_GC0_SEGCTL1] = 0x00000002 | (cca << 16);
	v->gc0[OKVM_GC0_SEGCTL2] = 0x00380438;
	v->gc0[OKVM_GC0_PWFIELD] = 0x0c30c302;
	v->gc0[OKVM_GC0_PWSIZE] = 1 << 6;
	v->prid = c->prid;

	for (i = 0; i < c->guest_tlb_size; i++) {
		v->tlb[i].entryhi = okvm_vz_guest_unique_entryhi(i);
		v->tlb[i].entrylo0 = 0;
		v->tlb[i].entrylo1 = 0;
		v->tlb[i].pagemask = 0;
		v->tlb[i].foreign = false;
	}
	v->tlb_saved = c->guestid ? 0 : c->guest_tlb_size;
	okvm_vz_guestid_invalidate(v);
}

/**
 * okvm_vz_vcpu_init() - set up the guest context of a new vCPU
 * @v: zeroed vCPU context
 * @vcpu_id: its KVM vCPU id
 *
 * Context: process context, after a successful okvm_vz_probe().
 * Return: 0 or -ENOMEM.
 */
int okvm_vz_vcpu_init(struct okvm_vz_vcpu *v, u32 vcpu_id)
{
	v->tlb = kvcalloc(okvm_vz_caps.guest_tlb_size, sizeof(*v->tlb),
			  GFP_KERNEL_ACCOUNT);
	if (!v->tlb)
		return -ENOMEM;
	v->vcpu_id = vcpu_id;
	v->last_cpu = -1;
	v->loaded_cpu = -1;
	okvm_vz_vcpu_reset(v);
	return 0;
}

/**
 * okvm_vz_vcpu_uninit() - free what okvm_vz_vcpu_init() allocated
 * @v: the vCPU, put
 */
void okvm_vz_vcpu_uninit(struct okvm_vz_vcpu *v)
{
	kvfree(v->tlb);
	v->tlb = NULL;
}

/**
 * okvm_vz_vcpu_load() - give this CPU's guest context to the vCPU
 * @v: the vCPU, put
 * @cpu: this CPU
 *
 * Takes a GuestID valid here (which may start a new generation and
 * flush), restores the guest CP0 context, clears LLAddr and writes the
 * saved guest TLB entries back. Afterwards the guest context of this CPU
 * is @v's: guest CP0 as @v left it, its wired TLB entries (all of them
 * without GuestIDs) in place, and nothing of another vCPU visible to it.
 *
 * Context: preemption disabled, on @cpu, which was enabled with
 * okvm_vz_cpu_enable().
 */
void okvm_vz_vcpu_load(struct okvm_vz_vcpu *v, int cpu)
{
	unsigned int i;
	u32 guestid;

	if (WARN_ON_ONCE(v->loaded_cpu >= 0))
		return;
	guestid = okvm_vz_guestid_load(v, cpu);
	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		if (okvm_vz_caps.ctx & BIT_ULL(i))
			okvm_gc0_write(okvm_vz_ctx_regs[i],
				       v->gc0[okvm_vz_ctx_regs[i]]);
	if (okvm_vz_gc0_present(OKVM_GC0_LLADDR, okvm_vz_caps.gconfig))
		okvm_gc0_write(OKVM_GC0_LLADDR, 0);
	okvm_vz_guest_tlb_load(v->tlb, 0, v->tlb_saved, guestid);
	v->last_cpu = cpu;
	v->loaded_cpu = cpu;
}

/**
 * okvm_vz_vcpu_put() - take the guest context of this CPU back from the vCPU
 * @v: the vCPU, loaded on this CPU
 *
 * Saves the guest CP0 context and the guest TLB entries a later load
 * needs: with GuestIDs the wired ones (Guest Wired.Wired, at most the TLB
 * size), after which Guest Wired is cleared so other guests' random
 * writes may use those slots; without GuestIDs all of them, after which
 * the guest TLB is flushed.
 *
 * Context: preemption disabled, on the CPU @v is loaded on.
 */
void okvm_vz_vcpu_put(struct okvm_vz_vcpu *v)
{
	const struct okvm_vz_caps *c = &okvm_vz_caps;
	unsigned int i, wired;
	u32 guestid;

	if (WARN_ON_ONCE(v->loaded_cpu < 0))
		return;
	for (i = 0; i < okvm_vz_nr_ctx_regs; i++)
		if (c->ctx & BIT_ULL(i))
			v->gc0[okvm_vz_ctx_regs[i]] =
				okvm_gc0_read(okvm_vz_ctx_regs[i]);
	if (c->guestid) {
		guestid = v->guestid[v->loaded_cpu] & c->guestid_mask;
		/* more than the TLB is UNPREDICTABLE: save what exists */
		wired = v->gc0[OKVM_GC0_WIRED] & OKVM_WIRED_WIRED;
		if (wired > c->guest_tlb_size)
			wired = c->guest_tlb_size;
		okvm_vz_guest_tlb_save(v->tlb, 0, wired, guestid);
		v->tlb_saved = wired;
		okvm_gc0_write(OKVM_GC0_WIRED,
			       v->gc0[OKVM_GC0_WIRED] & ~OKVM_WIRED_WIRED);
	} else {
		okvm_vz_guest_tlb_save(v->tlb, 0, c->guest_tlb_size, 0);
		okvm_vz_guest_tlb_flush(0, c->guest_tlb_size);
		v->tlb_saved = c->guest_tlb_size;
	}
	v->loaded_cpu = -1;
}

/**
 * okvm_vz_cpu_enable() - make this CPU ready to run okvm's guests
 *
 * Sets okvm's GuestCtl0 controls (see the file comment), clears
 * GuestCtl1 and invalidates every guest entry of the root TLB and the
 * guest TLB, which may hold anything (another hypervisor's guests, or
 * the power-up state).
 *
 * Context: preemption disabled, no vCPU loaded on this CPU.
 */
void okvm_vz_cpu_enable(void)
{
	u32 guestctl0 = okvm_read_c0_guestctl0();

	guestctl0 &= ~OKVM_VZ_GUESTCTL0_CTRL;
	okvm_write_c0_guestctl0(guestctl0 | OKVM_VZ_GUESTCTL0);
	okvm_back_to_back_c0_hazard();
	if (guestctl0 & OKVM_GCTL0_G1) {
		/* ID and RID 0: nothing left over tags or finds guest entries */
		okvm_write_c0_guestctl1(0);
		okvm_back_to_back_c0_hazard();
	}
	if (okvm_vz_caps.guestid)
		okvm_vz_root_tlb_flush_guests();
	okvm_vz_guest_tlb_flush(0, okvm_vz_caps.guest_tlb_size);
}
