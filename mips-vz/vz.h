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
};

extern struct okvm_vz_caps okvm_vz_caps;

/**
 * struct okvm_vz_tlbe - one guest TLB entry as TLBGR returns it
 * @entryhi: Guest EntryHi (VPN2, ASID, EHINV)
 * @entrylo0: Guest EntryLo0 (even page)
 * @entrylo1: Guest EntryLo1 (odd page)
 * @pagemask: Guest PageMask
 */
struct okvm_vz_tlbe {
	unsigned long entryhi;
	unsigned long entrylo0;
	unsigned long entrylo1;
	u32 pagemask;
};

/**
 * struct okvm_vz_vcpu - the guest context of one vCPU while it is put
 * @vcpu_id: the KVM vCPU id (guest EBase.CPUNum)
 * @gpr: guest general registers
 * @hi: guest HI (pre-R6)
 * @lo: guest LO (pre-R6)
 * @pc: guest PC
 * @prid: guest PRId, a software copy (the hardware's is read-only)
 * @gc0: saved guest CP0, by OKVM_GC0_* id; only ids in okvm_vz_ctx_regs
 *	that exist (okvm_vz_caps.ctx) are meaningful
 * @tlb: saved guest TLB entries, okvm_vz_caps.guest_tlb_size of them
 * @tlb_saved: entries of @tlb that okvm_vz_vcpu_load() writes back:
 *	the guest's wired entries with GuestIDs, all of them without
 * @guestid: per CPU, the GuestID with its generation (0: none yet)
 * @last_cpu: the CPU the vCPU was last loaded on (-1: never)
 * @loaded_cpu: the CPU it is loaded on now (-1: put)
 */
struct okvm_vz_vcpu {
	u32 vcpu_id;
	unsigned long gpr[32];
	unsigned long hi;
	unsigned long lo;
	unsigned long pc;
	u32 prid;
	unsigned long gc0[OKVM_GC0_NR_IDS];
	struct okvm_vz_tlbe *tlb;
	unsigned int tlb_saved;
	u64 guestid[NR_CPUS];
	int last_cpu;
	int loaded_cpu;
};

/* probe.c */
int okvm_vz_probe(void);

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

#endif /* OKVM_MIPS_VZ_H */
