/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MIPS VZ backend: what the CPU offers (probe.c), guest TLB save/restore
 * (tlb.c), GuestIDs (guestid.c) and the guest context a vCPU carries
 * across put/load (cp0_state.c).
 *
 * These files are pure: they reach the CPU only through cp0.h and the
 * kernel only through internal.h, so tests/unit compiles the same .c
 * files against a model of the CPU.
 *
 * Context rules: every function that touches guest CP0 or a TLB runs on
 * one CPU with preemption disabled (vCPU load/put, CPU enable), and
 * disables interrupts itself while GuestCtl1.RID is not 0.
 */
#ifndef OKVM_MIPS_VZ_H
#define OKVM_MIPS_VZ_H

#include "internal.h"
#include "cp0.h"
#include "entry.h"

/**
 * struct okvm_vz_caps - what this CPU's VZ offers, from okvm_vz_probe()
 * @guestid: GuestIDs exist (GuestCtl0.G1=1, RAD=0): guest TLB entries are
 *	tagged and only the wired ones are saved on a switch
 * @guestid_mask: the GuestCtl1.ID bits that exist (the GuestID width)
 * @tlbinv: EntryHi.EHINV and TLBINV/TLBINVF exist (Config4.IE >= 2)
 * @guest_tlb_size: guest TLB entries, from guest Config1 and Config4
 * @root_tlb_size: root TLB entries
 * @vmbits: virtual address bits (SEGBITS) of a 64-bit segment
 * @prid: the root PRId, which the guest sees as its own
 * @gconfig: the guest Config0-7 the hardware offers (0 when absent)
 * @ctx: bit n set when okvm_vz_ctx_regs[n] exists in the guest context
 * @r6: the guest (and so the root) ISA is Release 6 (guest Config0.AR)
 * @guestctl2: GuestCtl2 exists (GuestCtl0.G2): interrupts go to the
 *	guest through GuestCtl2.VIP, else through guest Cause.IP
 * @count_hz: guest Count frequency, the root's (set by run.c, not probed)
 */
struct okvm_vz_caps {
	bool guestid;
	u32 guestid_mask;
	bool tlbinv;
	unsigned int guest_tlb_size;
	unsigned int root_tlb_size;
	unsigned int vmbits;
	u32 prid;
	u32 gconfig[8];
	u64 ctx;
	bool r6;
	bool guestctl2;
	u32 count_hz;
};

extern struct okvm_vz_caps okvm_vz_caps;

/**
 * struct okvm_vz_tlbe - one guest TLB entry as TLBGR returns it
 * @entryhi: Guest EntryHi (VPN2, ASID, EHINV)
 * @entrylo0: Guest EntryLo0 (even page)
 * @entrylo1: Guest EntryLo1 (odd page)
 * @pagemask: Guest PageMask
 * @foreign: with GuestIDs, the slot held another guest's (or the root's)
 *	entry when it was saved: it is saved as a unique invalid entry, and a
 *	load leaves the slot as it finds it (the guest cannot see an entry
 *	of another GuestID, so it sees what it saw before the save)
 */
struct okvm_vz_tlbe {
	unsigned long entryhi;
	unsigned long entrylo0;
	unsigned long entrylo1;
	u32 pagemask;
	bool foreign;
};

/**
 * struct okvm_vz_host_regs - what entry.S saves of the host around a run
 * @s: callee-saved s0-s7
 * @gp: gp (the thread_info pointer)
 * @sp: the stack pointer
 * @fp: s8/fp
 * @ra: the return address into okvm_vz_run_once()
 * @status: root Status (interrupts off)
 * @ebase: the kernel's EBase, as written back (with WG when it has one)
 * @kscratch1: root KScratch1, which holds the vCPU pointer in guest mode
 * @kscratch2: root KScratch2, which holds guest k1 on the way out
 * @hwrena: root HWREna
 */
struct okvm_vz_host_regs {
	unsigned long s[8];
	unsigned long gp;
	unsigned long sp;
	unsigned long fp;
	unsigned long ra;
	unsigned long status;
	unsigned long ebase;
	unsigned long kscratch1;
	unsigned long kscratch2;
	unsigned long hwrena;
};

/**
 * struct okvm_vz_entry_regs - what C prepares for entry.S
 * @status: root Status in guest mode: EXL, KSU=user, IE, KX, host IM
 * @ebase: the vector buffer as EBase takes it (WG set when 64-bit)
 * @exit_handler: where the exit stub jumps (the common exit code)
 * @flags: OKVM_VZ_F_*
 */
struct okvm_vz_entry_regs {
	unsigned long status;
	unsigned long ebase;
	unsigned long exit_handler;
	unsigned long flags;
};

/**
 * struct okvm_vz_exit_regs - root registers entry.S saves on a guest exit
 * @cause: root Cause (ExcCode, BD)
 * @badvaddr: root BadVAddr (a GPA or GVA on a TLB exit, GuestCtl0.GExcCode)
 * @context: root Context
 * @xcontext: root XContext (64-bit kernels)
 * @entryhi: root EntryHi
 * @badinstr: root BadInstr: the instruction that caused the exit
 * @badinstrp: root BadInstrP: the branch before it when Cause.BD
 * @guestctl0: GuestCtl0 as the exit left it (GExcCode)
 *
 * The seed (§4.4.3.3 "Exit from Guest mode"): the exception is taken in
 * root mode with the root context registers, "so we should preserve
 * these root register before entering the host". Root EPC goes to the
 * guest PC.
 */
struct okvm_vz_exit_regs {
	unsigned long cause;
	unsigned long badvaddr;
	unsigned long context;
	unsigned long xcontext;
	unsigned long entryhi;
	unsigned long badinstr;
	unsigned long badinstrp;
	unsigned long guestctl0;
};

/**
 * struct okvm_vz_ldst - a decoded guest load or store
 * @store: a store (else a load)
 * @len: bytes: 1, 2, 4 or 8
 * @sign: a load that sign-extends
 * @rt: the GPR loaded or stored
 */
struct okvm_vz_ldst {
	bool store;
	u8 len;
	bool sign;
	u8 rt;
};

/**
 * struct okvm_vz_vcpu - the guest context of one vCPU
 * @gpr: guest general registers
 * @hi: guest HI (pre-R6)
 * @lo: guest LO (pre-R6)
 * @pc: guest PC
 * @host: host registers saved by entry.S around a run
 * @ent: what entry.S needs to enter
 * @x: root registers saved by entry.S on the last exit
 * @vcpu_id: the KVM vCPU id (guest EBase.CPUNum)
 * @prid: guest PRId, a software copy (the hardware's is read-only)
 * @gc0: saved guest CP0, by OKVM_GC0_* id; only ids in okvm_vz_ctx_regs
 *	that exist (okvm_vz_caps.ctx) are meaningful
 * @tlb: saved guest TLB entries, okvm_vz_caps.guest_tlb_size of them
 * @tlb_saved: entries of @tlb that okvm_vz_vcpu_load() writes back:
 *	the guest's wired entries with GuestIDs, all of them without
 * @guestid: per CPU, the GuestID with its generation (0: none yet)
 * @last_cpu: the CPU the vCPU was last loaded on (-1: never)
 * @loaded_cpu: the CPU it is loaded on now (-1: put)
 * @gtoffset: root GTOffset for this vCPU: guest Count - root Count
 * @last_count: guest Count when the timer was last looked at
 * @irq_pending: guest Cause.IP2-IP6 bits asserted with KVM_INTERRUPT
 * @mmio: the load a KVM_EXIT_MMIO waits for, when @mmio_pending
 * @mmio_pending: the next KVM_RUN completes @mmio from run->mmio.data
 * @hcall_pending: the next KVM_RUN puts run->hypercall.ret in v0
 * @fault_gpa: the guest physical address of the last RAM fault
 * @map_pending: @fault_gpa is to be mapped in the root TLB before entry
 * @map_gen: the VM's mapping generation the GuestIDs were taken in
 *
 * entry.S reaches @gpr .. @x by the OKVM_VZ_W_* indices of entry.h:
 * they come first and in this order.
 */
struct okvm_vz_vcpu {
	unsigned long gpr[32];
	unsigned long hi;
	unsigned long lo;
	unsigned long pc;
	struct okvm_vz_host_regs host;
	struct okvm_vz_entry_regs ent;
	struct okvm_vz_exit_regs x;
	u32 vcpu_id;
	u32 prid;
	unsigned long gc0[OKVM_GC0_NR_IDS];
	struct okvm_vz_tlbe *tlb;
	unsigned int tlb_saved;
	u64 guestid[NR_CPUS];
	int last_cpu;
	int loaded_cpu;
	u32 gtoffset;
	u32 last_count;
	unsigned long irq_pending;
	struct okvm_vz_ldst mmio;
	bool mmio_pending;
	bool hcall_pending;
	u64 fault_gpa;
	bool map_pending;
	unsigned long map_gen;
};

#define OKVM_VZ_W(field)	(offsetof(struct okvm_vz_vcpu, field) / \
				 sizeof(unsigned long))
static_assert(OKVM_VZ_W(gpr) == OKVM_VZ_W_GPR);
static_assert(OKVM_VZ_W(hi) == OKVM_VZ_W_HI);
static_assert(OKVM_VZ_W(lo) == OKVM_VZ_W_LO);
static_assert(OKVM_VZ_W(pc) == OKVM_VZ_W_PC);
static_assert(OKVM_VZ_W(host.s) == OKVM_VZ_W_HOST_S0);
static_assert(OKVM_VZ_W(host.gp) == OKVM_VZ_W_HOST_GP);
static_assert(OKVM_VZ_W(host.sp) == OKVM_VZ_W_HOST_SP);
static_assert(OKVM_VZ_W(host.fp) == OKVM_VZ_W_HOST_FP);
static_assert(OKVM_VZ_W(host.ra) == OKVM_VZ_W_HOST_RA);
static_assert(OKVM_VZ_W(host.status) == OKVM_VZ_W_HOST_STATUS);
static_assert(OKVM_VZ_W(host.ebase) == OKVM_VZ_W_HOST_EBASE);
static_assert(OKVM_VZ_W(host.kscratch1) == OKVM_VZ_W_HOST_KSCR1);
static_assert(OKVM_VZ_W(host.kscratch2) == OKVM_VZ_W_HOST_KSCR2);
static_assert(OKVM_VZ_W(host.hwrena) == OKVM_VZ_W_HOST_HWRENA);
static_assert(OKVM_VZ_W(ent.status) == OKVM_VZ_W_ENT_STATUS);
static_assert(OKVM_VZ_W(ent.ebase) == OKVM_VZ_W_ENT_EBASE);
static_assert(OKVM_VZ_W(ent.exit_handler) == OKVM_VZ_W_ENT_EXIT);
static_assert(OKVM_VZ_W(ent.flags) == OKVM_VZ_W_ENT_FLAGS);
static_assert(OKVM_VZ_W(x.cause) == OKVM_VZ_W_X_CAUSE);
static_assert(OKVM_VZ_W(x.badvaddr) == OKVM_VZ_W_X_BADVADDR);
static_assert(OKVM_VZ_W(x.context) == OKVM_VZ_W_X_CONTEXT);
static_assert(OKVM_VZ_W(x.xcontext) == OKVM_VZ_W_X_XCONTEXT);
static_assert(OKVM_VZ_W(x.entryhi) == OKVM_VZ_W_X_ENTRYHI);
static_assert(OKVM_VZ_W(x.badinstr) == OKVM_VZ_W_X_BADINSTR);
static_assert(OKVM_VZ_W(x.badinstrp) == OKVM_VZ_W_X_BADINSTRP);
static_assert(OKVM_VZ_W(x.guestctl0) == OKVM_VZ_W_X_GUESTCTL0);
static_assert(OKVM_VZ_W(vcpu_id) == OKVM_VZ_W_NR);

/* probe.c */
int okvm_vz_probe(void);

/* tlb.c: the root TLB half of guest physical memory */
void okvm_vz_root_map(unsigned long gpa, unsigned long entrylo0,
		      unsigned long entrylo1, u32 guestid);

/* tlb.c */
unsigned int okvm_vz_guest_tlb_size(void);
unsigned long okvm_vz_guest_unique_entryhi(unsigned int index);
void okvm_vz_guest_tlb_save(struct okvm_vz_tlbe *buf, unsigned int index,
			    unsigned int count, u32 guestid);
void okvm_vz_guest_tlb_load(const struct okvm_vz_tlbe *buf,
			    unsigned int index, unsigned int count,
			    u32 guestid);
void okvm_vz_guest_tlb_flush(unsigned int index, unsigned int count);
void okvm_vz_root_tlb_flush_guests(void);

/* guestid.c */
u32 okvm_vz_guestid_load(struct okvm_vz_vcpu *v, int cpu);
void okvm_vz_guestid_invalidate(struct okvm_vz_vcpu *v);
void okvm_vz_guestid_flush_cpu(void);

/* cp0_state.c */
#define OKVM_VZ_RESET_PC	((unsigned long)(long)(s32)0xbfc00000)
#define OKVM_VZ_GUESTCTL0	(OKVM_GCTL0_CP0 | OKVM_GCTL0_AT | \
				 OKVM_GCTL0_CG | OKVM_GCTL0_CF)
/* The GuestCtl0 controls okvm sets: every writable bit but GExcCode */
#define OKVM_VZ_GUESTCTL0_CTRL	(OKVM_GCTL0_GM | OKVM_GCTL0_RI | \
				 OKVM_GCTL0_MC | OKVM_GCTL0_CP0 | \
				 OKVM_GCTL0_AT | OKVM_GCTL0_GT | \
				 OKVM_GCTL0_CG | OKVM_GCTL0_CF | \
				 OKVM_GCTL0_PT | OKVM_GCTL0_DRG | \
				 OKVM_GCTL0_SFC2 | OKVM_GCTL0_SFC1)

extern const u8 okvm_vz_ctx_regs[];
extern const unsigned int okvm_vz_nr_ctx_regs;

u64 okvm_vz_ctx_present(const u32 *gconfig);
int okvm_vz_vcpu_init(struct okvm_vz_vcpu *v, u32 vcpu_id);
void okvm_vz_vcpu_uninit(struct okvm_vz_vcpu *v);
void okvm_vz_vcpu_reset(struct okvm_vz_vcpu *v);
void okvm_vz_vcpu_load(struct okvm_vz_vcpu *v, int cpu);
void okvm_vz_vcpu_put(struct okvm_vz_vcpu *v);
void okvm_vz_cpu_enable(void);

/* exit.c: what a guest exit means, pure logic over cp0.h */

/**
 * enum okvm_vz_action - what the run loop does after an exit
 * @OKVM_VZ_RESUME: enter the guest again
 * @OKVM_VZ_USER: return to userspace, run->exit_reason says why
 * @OKVM_VZ_MAP: okvm_vz_vcpu.fault_gpa is guest RAM: map it, then resume
 */
enum okvm_vz_action {
	OKVM_VZ_RESUME,
	OKVM_VZ_USER,
	OKVM_VZ_MAP,
};

/* Guest Cause.IP bits KVM_INTERRUPT may assert: IP2 .. IP6 */
#define OKVM_VZ_IRQ_MASK	(OKVM_CAUSE_IP(2) | OKVM_CAUSE_IP(3) | \
				 OKVM_CAUSE_IP(4) | OKVM_CAUSE_IP(5) | \
				 OKVM_CAUSE_IP(6))

int okvm_vz_decode_ldst(u32 insn, bool r6, struct okvm_vz_ldst *d);
int okvm_vz_branch_target(struct okvm_vz_vcpu *v, u32 insn, bool r6,
			  unsigned long *next);
int okvm_vz_gva_to_gpa(unsigned long gva, u64 *gpa);
void okvm_vz_inject_exception(struct okvm_vz_vcpu *v, unsigned int exccode);
enum okvm_vz_action okvm_vz_handle_exit(struct okvm_vz_vcpu *v,
					struct kvm_run *run);
void okvm_vz_complete_user_exit(struct okvm_vz_vcpu *v,
				const struct kvm_run *run);
void okvm_vz_timer_load(struct okvm_vz_vcpu *v);
void okvm_vz_prepare_entry(struct okvm_vz_vcpu *v);
bool okvm_vz_timer_crossed(u32 last, u32 now, u32 compare);

/* Provided by run.c in the kernel and by the tests on the host */
bool okvm_vz_gpa_is_ram(struct okvm_vz_vcpu *v, u64 gpa);
void okvm_vz_cache_index_op(unsigned int op, unsigned long addr);

/* reg_ids.c: KVM_REG_MIPS_* ONE_REG ids */
u64 okvm_vz_reg_id_nth(unsigned int index);
int okvm_vz_reg_id_check(u64 id);
int okvm_vz_reg_get(struct okvm_vz_vcpu *v, u64 id, u64 *val);
int okvm_vz_reg_set(struct okvm_vz_vcpu *v, u64 id, u64 val);

#endif /* OKVM_MIPS_VZ_H */
