/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A software model of the parts of a MIPS CPU with the Virtualization
 * ASE (VZ) that okvm's mips-vz backend touches, and the userspace
 * stand-ins that let the backend's pure files (probe.c, tlb.c, guestid.c,
 * cp0_state.c) compile against it (defining OKVM_MIPS_INTERNAL_H keeps
 * mips-vz/internal.h out; OKVM_MIPS_MODEL turns mips-vz/cp0.h's
 * accessors into calls of this model).
 *
 * What is modelled, per CPU (struct mips_model):
 *  - root CP0: GuestCtl0 (G1, RAD read-only), GuestCtl1 (ID, RID),
 *    Index, EntryHi, EntryLo0/1, PageMask, Wired, PWCtl.PWEn, PRId;
 *  - guest CP0: every register of mips-vz/cp0.h's OKVM_GC0_REGS, each
 *    present or not as the guest Config registers say, with its
 *    writable bits and the side effects the backend depends on (Index.P
 *    read-only, Random reset by a Wired write, EHINV only with TLBINV);
 *  - one guest TLB shared by all guests and one root TLB, each entry
 *    tagged with a GuestID;
 *  - the root and guest TLB instructions with the manual's semantics
 *    (each cites where it comes from in mips_model.c);
 *  - what the manual makes the software's job, as counted violations:
 *    a missing hazard barrier, a VZ instruction on a CPU without VZ, an
 *    access to an absent register, an UNPREDICTABLE operand, a write that
 *    makes two entries match the same address (a machine check on real
 *    CPUs), GuestCtl1.RID left non-zero while the root page walker runs
 *    or interrupts are enabled;
 *  - a count of every instruction, for the cost of a vCPU switch.
 *
 * Tests act as the guest through mm_guest_*(): what guest-mode TLBWI,
 * TLBWR and TLBR would do with the current GuestCtl1.ID.
 */
#ifndef OKVM_UNIT_MIPS_MODEL_H
#define OKVM_UNIT_MIPS_MODEL_H

#include "shim.h"

#define OKVM_MIPS_INTERNAL_H
#define OKVM_MIPS_MODEL

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>

/* Stand-ins for mips-vz/internal.h's kernel headers */
typedef __s8 s8;
typedef __s16 s16;
typedef __s32 s32;
typedef __s64 s64;

#define KBUILD_MODNAME		"okvm"
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define NR_CPUS			4
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define CKSEG0			0xffffffff80000000UL
#define CKSEG1			0xffffffffa0000000UL

#define fallthrough		__attribute__((__fallthrough__))
#define READ_ONCE(x)		(x)

static inline unsigned long array_index_nospec(unsigned long i,
					       unsigned long n)
{
	return i < n ? i : 0;
}

static inline void *kvcalloc(size_t n, size_t size, int gfp)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kvzalloc(n * size, gfp);
}

void mips_model_log(const char *fmt, ...);
#define pr_info(fmt, ...)	mips_model_log(pr_fmt(fmt), ##__VA_ARGS__)

void mips_model_warn(const char *file, int line);
#define WARN_ON_ONCE(cond) ({						\
	bool __c = !!(cond);						\
	if (__c)							\
		mips_model_warn(__FILE__, __LINE__);			\
	__c;								\
})

unsigned long mips_model_irq_save(void);
void mips_model_irq_restore(unsigned long flags);
#define local_irq_save(flags)	((flags) = mips_model_irq_save())
#define local_irq_restore(flags) mips_model_irq_restore(flags)

void mips_model_preempt(int delta);
#define preempt_disable()	mips_model_preempt(1)
#define preempt_enable()	mips_model_preempt(-1)

#include "../../mips-vz/cp0.h"

/* The model's limits and its own names for the manual's bits. */
#define MM_MAX_TLB		2048
#define MM_IDS			256		/* 8 * register + select */

#define MM_GCTL0_G1		BIT(22)
#define MM_GCTL0_RAD		BIT(9)
#define MM_GCTL1_ID		0xffU
#define MM_GCTL1_RID_SHIFT	16
#define MM_GCTL1_RID		(0xffU << MM_GCTL1_RID_SHIFT)
#define MM_INDEX_P		BIT(31)
#define MM_HI_EHINV		BIT_ULL(10)
#define MM_HI_ASID		0xffULL
#define MM_HI_R			(3ULL << 62)
#define MM_LO_G			1ULL
#define MM_PAGEMASK_BITS	0x1fffe000U	/* 4K .. 256M pages */
#define MM_NR_PAGEMASKS		9
#define MM_CONF_M		BIT(31)
#define MM_CONF3_CTXTC		BIT(9)
#define MM_CONF3_RXI		BIT(12)
#define MM_CONF3_ULRI		BIT(13)
#define MM_CONF3_PW		BIT(24)
#define MM_CONF3_SC		BIT(25)
#define MM_CONF3_BI		BIT(26)
#define MM_CONF3_BP		BIT(27)
#define MM_CONF5_LLB		BIT(4)

/**
 * struct mm_config - the CPU a model stands for
 * @vz: Config3.VZ: the VZ instructions and registers exist
 * @guestid: GuestCtl0.G1=1 and RAD=0: GuestCtl1 exists, entries are tagged
 * @guestid_bits: width of GuestCtl1.ID and RID (1..8)
 * @tlbinv: Config4.IE=2: EntryHi.EHINV, TLBINVF and TLBGINVF exist
 * @htw: the root hardware page walker exists (PWCtl.PWEn starts at 1)
 * @mmid: the CPU uses MemoryMapIDs instead of ASIDs
 * @gtlb_vtlb: guest VTLB entries (encoded in guest Config1/Config4)
 * @gtlb_ftlb_sets_log2: guest FTLB sets, log2 (with @gtlb_ftlb_ways)
 * @gtlb_ftlb_ways: guest FTLB ways; 0 for no FTLB
 * @gtlb_ext: Config4.MMUExtDef (pre-R6): 1 MMUSizeExt, 2 FTLB only,
 *	3 VTLBSizeExt and FTLB
 * @r6: Release 6 (Config0.AR=2): no MMUExtDef, Config4 describes the FTLB
 * @rtlb_size: root TLB entries
 * @segbits: virtual address bits of a 64-bit segment
 * @pabits: physical address bits
 * @nconfig: guest Config registers present (Config0 .. Config@nconfig-1)
 * @config: guest Config0-7 the hardware offers (M and MMU size are set
 *	by the model from @nconfig and the TLB geometry)
 * @prid: root PRId
 */
struct mm_config {
	bool vz, guestid, tlbinv, htw, mmid;
	unsigned int guestid_bits;
	unsigned int gtlb_vtlb, gtlb_ftlb_sets_log2, gtlb_ftlb_ways;
	unsigned int gtlb_ext;
	bool r6;
	unsigned int rtlb_size;
	unsigned int segbits, pabits;
	unsigned int nconfig;
	u32 config[8];
	u32 prid;
};

/**
 * struct mm_tlbe - one TLB entry as the hardware holds it
 * @hi: R, VPN2 (bits under @mask cleared), EHINV, ASID
 * @lo0: even page: RI, XI, PFN, C, D, V (G is in @g)
 * @lo1: odd page
 * @mask: PageMask.Mask
 * @g: global: EntryLo0.G & EntryLo1.G when written
 * @gid: GuestID tag
 */
struct mm_tlbe {
	u64 hi, lo0, lo1;
	u32 mask;
	bool g;
	u8 gid;
};

/* The TLBR view of an entry: what EntryHi/EntryLo0/EntryLo1/PageMask get. */
struct mm_view {
	u64 hi, lo0, lo1;
	u32 mask;
};

struct mm_counts {
	unsigned long op[MIPS_MODEL_NR_OPS];
	unsigned long mfgc0, mtgc0, mfc0, mtc0, ehb;
};

struct mm_bad {
	unsigned long hazard;		/* CP0 write → TLB op, TLB read → MFC0 */
	unsigned long reserved_insn;	/* VZ instruction or register without VZ */
	unsigned long absent_reg;	/* a register the CPU does not have */
	unsigned long unpredictable;	/* operand out of range, width misuse */
	unsigned long machine_check;	/* two entries match one address */
	unsigned long rid_htw;		/* RID != 0 while PWCtl.PWEn = 1 */
	unsigned long rid_irq;		/* RID != 0 with interrupts enabled */
	unsigned long warn;		/* the backend's WARN_ON_ONCE() fired */
};

struct mips_model {
	struct mm_config cfg;
	unsigned int cpu;
	unsigned int gtlb_size;
	/* root CP0 */
	u32 gctl0, gctl1;
	u32 r_index, r_pagemask, r_wired;
	u32 r_count, gtoffset;
	u64 r_entryhi, r_entrylo0, r_entrylo1;
	bool pwen;
	int htw_seq;
	/* guest CP0, by id */
	u64 g[MM_IDS];
	u64 g_wmask[MM_IDS];
	bool g_present[MM_IDS];
	bool g_is64[MM_IDS];
	/* TLBs */
	struct mm_tlbe gtlb[MM_MAX_TLB];
	struct mm_tlbe rtlb[MM_MAX_TLB];
	/* what the checks need */
	bool wr_pending, rd_pending;
	bool irqs_off;
	bool warn_expected;		/* a test provokes WARN_ON_ONCE() */
	int preempt;
	struct mm_counts n;
	struct mm_bad bad;
	u32 lfsr;
};

/* The CPU the backend is running on. */
extern struct mips_model *mm_cur;

void mm_default_config(struct mm_config *cfg);
void mm_init(struct mips_model *m, const struct mm_config *cfg,
	     unsigned int cpu);
unsigned long mm_bad_total(const struct mips_model *m);
void mm_print_bad(const struct mips_model *m);

/* Guest-mode instruments (the tests acting as the guest). */
u8 mm_guest_tag(const struct mips_model *m);
u64 mm_guest_reg(const struct mips_model *m, unsigned int id);
void mm_guest_set_reg(struct mips_model *m, unsigned int id, u64 val);
void mm_guest_tlbwi(struct mips_model *m, unsigned int i, u64 hi, u64 lo0,
		    u64 lo1, u32 mask);
void mm_guest_tlbwr(struct mips_model *m, u64 hi, u64 lo0, u64 lo1,
		    u32 mask);
void mm_guest_view(const struct mips_model *m, unsigned int i,
		   struct mm_view *v);
void mm_entry_view(const struct mips_model *m, const struct mm_tlbe *e,
		   struct mm_view *v);
int mm_guest_lookup(const struct mips_model *m, u64 va, u8 asid);
bool mm_guest_would_overlap(const struct mips_model *m, unsigned int i,
			    u64 hi, u64 lo0, u64 lo1, u32 mask);

/* Root-side instruments: put entries in the root TLB as a refill would. */
void mm_root_write(struct mips_model *m, unsigned int i, u64 hi, u64 lo0,
		   u64 lo1, u32 mask, u8 gid);

/* Every legal PageMask: 4K, 16K, 64K ... 256M pages. */
extern const u32 mm_pagemasks[MM_NR_PAGEMASKS];

/* Masks the model applies to guest EntryHi/EntryLo writes. */
u64 mm_hi_wmask(const struct mips_model *m);
u64 mm_lo_wmask(const struct mips_model *m);

/* A fixed-seed pseudo-random stream for the tests (xorshift32). */
u32 mm_rand(u32 *state);

#endif /* OKVM_UNIT_MIPS_MODEL_H */
