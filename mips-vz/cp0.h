/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one accessor layer between the MIPS VZ backend and the CPU: root
 * CP0, guest CP0 (MFGC0/MTGC0/DMFGC0/DMTGC0), GuestCtl0/GuestCtl1, the
 * root and guest TLB instructions, hazard barriers, the root hardware
 * page walker and the CPU features the backend asks about.
 *
 * Kernel build: each accessor is the real instruction, through the
 * header-inline wrappers of <asm/mipsregs.h> or an asm statement of our
 * own that uses that header's .set virt / .word fallbacks. Nothing here
 * calls an exported kvm_vz_* helper: Debian's 5kc-malta and mips64r6el
 * kernels have no CONFIG_KVM, so none exist there.
 *
 * Host build (OKVM_MIPS_MODEL, tests/unit): each accessor calls the
 * software model of tests/unit/mips_model.c, which implements the
 * mips_model_*() functions declared below and checks how they are used
 * (hazard barriers, RID with the page walker running, reserved
 * instructions, absent registers).
 *
 * Every VZ instruction here is reachable only after the init gate in
 * arch.c has seen cpu_has_vz: on a CPU without the ASE each of them is a
 * Reserved Instruction exception in kernel mode.
 *
 * Register and bit names follow the MIPS VZ manual (MD00846) as recorded
 * in ../shared/reference/mips-vz-facts.md ("facts §n" below); the kernel
 * build checks each against <asm/mipsregs.h> at compile time.
 */
#ifndef OKVM_MIPS_CP0_H
#define OKVM_MIPS_CP0_H

#include "internal.h"

/* GuestCtl0, root CP0 12,6 (facts §1.2) */
#define OKVM_GCTL0_GM		BIT(31)		/* guest mode */
#define OKVM_GCTL0_RI		BIT(30)
#define OKVM_GCTL0_MC		BIT(29)		/* mode-change trap */
#define OKVM_GCTL0_CP0		BIT(28)		/* guest may use its CP0 */
#define OKVM_GCTL0_AT_SHIFT	26		/* 3: guest MMU under guest control */
#define OKVM_GCTL0_AT		(3U << OKVM_GCTL0_AT_SHIFT)
#define OKVM_GCTL0_GT		BIT(25)		/* guest timer access */
#define OKVM_GCTL0_CG		BIT(24)		/* guest hit-type CACHE ops */
#define OKVM_GCTL0_CF		BIT(23)		/* guest Config writes */
#define OKVM_GCTL0_G1		BIT(22)		/* GuestCtl1 exists (RO) */
#define OKVM_GCTL0_G0E		BIT(19)		/* GuestCtl0Ext exists (RO) */
#define OKVM_GCTL0_PT		BIT(18)
#define OKVM_GCTL0_RAD		BIT(9)		/* root ASID de-aliasing: no GuestID */
#define OKVM_GCTL0_DRG		BIT(8)		/* direct root to guest */
#define OKVM_GCTL0_G2		BIT(7)		/* GuestCtl2 exists (RO) */
#define OKVM_GCTL0_GEXC_SHIFT	2
#define OKVM_GCTL0_GEXC		(0x1fU << OKVM_GCTL0_GEXC_SHIFT)
#define OKVM_GCTL0_SFC2		BIT(1)
#define OKVM_GCTL0_SFC1		BIT(0)

/* GuestCtl1, root CP0 10,4, present when GuestCtl0.G1 (facts §1.4) */
#define OKVM_GCTL1_ID_SHIFT	0
#define OKVM_GCTL1_ID		(0xffU << OKVM_GCTL1_ID_SHIFT)
#define OKVM_GCTL1_RID_SHIFT	16
#define OKVM_GCTL1_RID		(0xffU << OKVM_GCTL1_RID_SHIFT)
#define OKVM_GUESTID_ROOT	0		/* GuestID 0 is the root's */

/* TLB registers, the same layout in root and guest context */
#define OKVM_INDEX_P		BIT(31)		/* TLBP/TLBGP missed */
#define OKVM_ENTRYHI_EHINV	BIT(10)		/* entry invalid (Config4.IE >= 2) */
#define OKVM_WIRED_WIRED	0xffffU		/* R6 keeps Limit in 31:16 */

/* Config registers (facts §1.1, §5) */
#define OKVM_CONF_M		BIT(31)		/* next Config register exists */
#define OKVM_CONF_K0		7U
#define OKVM_CONF_MT_SHIFT	7		/* MMU type */
#define OKVM_CONF_MT		(7U << OKVM_CONF_MT_SHIFT)
#define OKVM_CONF_MT_FTLB	4U		/* VTLB and FTLB */
#define OKVM_CONF_AR_SHIFT	10		/* architecture revision */
#define OKVM_CONF_AR		(7U << OKVM_CONF_AR_SHIFT)
#define OKVM_CONF_AR_R6		2U
#define OKVM_CONF1_MMU_SHIFT	25		/* MMUSize - 1 */
#define OKVM_CONF1_MMU		(0x3fU << OKVM_CONF1_MMU_SHIFT)
#define OKVM_CONF1_FP		BIT(0)
#define OKVM_CONF1_CA		BIT(2)
#define OKVM_CONF1_WR		BIT(3)
#define OKVM_CONF1_PC		BIT(4)
#define OKVM_CONF1_MD		BIT(5)
#define OKVM_CONF1_C2		BIT(6)
#define OKVM_CONF3_TL		BIT(0)
#define OKVM_CONF3_SM		BIT(1)
#define OKVM_CONF3_MT		BIT(2)
#define OKVM_CONF3_CDMM		BIT(3)
#define OKVM_CONF3_SP		BIT(4)
#define OKVM_CONF3_VINT		BIT(5)
#define OKVM_CONF3_VEIC		BIT(6)
#define OKVM_CONF3_LPA		BIT(7)
#define OKVM_CONF3_ITL		BIT(8)
#define OKVM_CONF3_CTXTC	BIT(9)
#define OKVM_CONF3_DSP		BIT(10)
#define OKVM_CONF3_DSP2P	BIT(11)
#define OKVM_CONF3_RXI		BIT(12)
#define OKVM_CONF3_ULRI		BIT(13)
#define OKVM_CONF3_ISA_OE	BIT(16)
#define OKVM_CONF3_PW		BIT(24)
#define OKVM_CONF3_SC		BIT(25)
#define OKVM_CONF3_BI		BIT(26)
#define OKVM_CONF3_BP		BIT(27)
#define OKVM_CONF3_MSA		BIT(28)
#define OKVM_CONF3_BPG		BIT(30)
#define OKVM_CONF4_MMUSIZEEXT	0xffU
#define OKVM_CONF4_FTLBSETS	0xfU		/* log2 of the FTLB sets */
#define OKVM_CONF4_FTLBWAYS_SHIFT 4		/* FTLB ways - 2 */
#define OKVM_CONF4_FTLBWAYS	(0xfU << OKVM_CONF4_FTLBWAYS_SHIFT)
#define OKVM_CONF4_MMUEXTDEF_SHIFT 14
#define OKVM_CONF4_MMUEXTDEF	(3U << OKVM_CONF4_MMUEXTDEF_SHIFT)
#define OKVM_CONF4_EXTDEF_MMUSIZEEXT 1U		/* MMUSizeExt in 7:0 */
#define OKVM_CONF4_EXTDEF_FTLB	2U		/* FTLB fields only */
#define OKVM_CONF4_EXTDEF_VTLBSIZEEXT 3U	/* VTLBSizeExt in 27:24 */
#define OKVM_CONF4_KSCREXIST_SHIFT 16
#define OKVM_CONF4_KSCREXIST	(0xffU << OKVM_CONF4_KSCREXIST_SHIFT)
#define OKVM_CONF4_VTLBSIZEEXT_SHIFT 24
#define OKVM_CONF4_VTLBSIZEEXT	(0xfU << OKVM_CONF4_VTLBSIZEEXT_SHIFT)
#define OKVM_CONF5_UFR		BIT(2)
#define OKVM_CONF5_MRP		BIT(3)
#define OKVM_CONF5_LLB		BIT(4)		/* LLAddr.LLB writable */
#define OKVM_CONF5_SBRI		BIT(6)
#define OKVM_CONF5_FRE		BIT(8)
#define OKVM_CONF5_UFE		BIT(9)
#define OKVM_CONF5_MSAEN	BIT(27)
#define OKVM_CONF5_CV		BIT(29)
#define OKVM_CONF5_K		BIT(30)

/* Status, Cause and EBase (the same layout in root and guest context) */
#define OKVM_ST_IE		BIT(0)
#define OKVM_ST_EXL		BIT(1)
#define OKVM_ST_ERL		BIT(2)
#define OKVM_ST_KSU_USER	BIT(4)
#define OKVM_ST_UX		BIT(5)
#define OKVM_ST_SX		BIT(6)
#define OKVM_ST_KX		BIT(7)
#define OKVM_ST_IM		(0xffU << 8)
#define OKVM_ST_MX		BIT(24)
#define OKVM_ST_FR		BIT(26)
#define OKVM_ST_CU1		BIT(29)
#define OKVM_ST_CU2		BIT(30)
#define OKVM_ST_CU3		BIT(31)
#define OKVM_ST_BEV		BIT(22)
#define OKVM_CAUSE_EXC_SHIFT	2
#define OKVM_CAUSE_EXC		(0x1fU << OKVM_CAUSE_EXC_SHIFT)
#define OKVM_CAUSE_IP0		BIT(8)
#define OKVM_CAUSE_IP1		BIT(9)
#define OKVM_CAUSE_IP(n)	BIT(8 + (n))
#define OKVM_CAUSE_WP		BIT(22)
#define OKVM_CAUSE_IV		BIT(23)
#define OKVM_CAUSE_DC		BIT(27)
#define OKVM_CAUSE_TI		BIT(30)
#define OKVM_CAUSE_BD		BIT(31)
#define OKVM_EBASE_CPUNUM	0x3ffU
#define OKVM_EBASE_WG		BIT(11)

/* GuestCtl2 (root CP0 10,5, when GuestCtl0.G2): VIP = virtual IP2..IP7 */
#define OKVM_GCTL2_VIP_SHIFT	10
#define OKVM_GCTL2_VIP		(0x3fU << OKVM_GCTL2_VIP_SHIFT)

/* Root Cause.ExcCode values seen on a guest exit (facts §6) */
enum okvm_exccode {
	OKVM_EXC_INT = 0,
	OKVM_EXC_MOD = 1,
	OKVM_EXC_TLBL = 2,
	OKVM_EXC_TLBS = 3,
	OKVM_EXC_ADEL = 4,
	OKVM_EXC_ADES = 5,
	OKVM_EXC_SYS = 8,
	OKVM_EXC_BP = 9,
	OKVM_EXC_RI = 10,
	OKVM_EXC_CPU = 11,
	OKVM_EXC_TR = 13,
	OKVM_EXC_MSADIS = 21,
	OKVM_EXC_GE = 27,
};

/* GuestCtl0.GExcCode after a GE (or guest-initiated TLB) exit (facts §7.2) */
enum okvm_gexccode {
	OKVM_GEXC_GPSI = 0,
	OKVM_GEXC_GSFC = 1,
	OKVM_GEXC_HC = 2,
	OKVM_GEXC_GRR = 3,
	OKVM_GEXC_GVA = 8,
	OKVM_GEXC_GHFC = 9,
	OKVM_GEXC_GPA = 10,
};

/* Root EntryLo fields okvm writes for a guest physical page */
#define OKVM_ENTRYLO_G		BIT(0)
#define OKVM_ENTRYLO_V		BIT(1)
#define OKVM_ENTRYLO_D		BIT(2)
#define OKVM_ENTRYLO_C_SHIFT	3
#define OKVM_ENTRYLO_PFN_SHIFT	6

/*
 * Guest CP0 registers reachable with MFGC0/MTGC0, or DMFGC0/DMTGC0 for
 * those that are 64-bit on a 64-bit kernel (facts §1.5). An id is
 * 8 * register + select, which is also the low bits of the
 * KVM_REG_MIPS_CP0_* ONE_REG ids.
 */
#define OKVM_GC0_ID(reg, sel)	((reg) * 8 + (sel))
#define OKVM_GC0_NR_IDS		256

enum okvm_gc0_id {
	OKVM_GC0_INDEX		= OKVM_GC0_ID(0, 0),
	OKVM_GC0_RANDOM		= OKVM_GC0_ID(1, 0),
	OKVM_GC0_ENTRYLO0	= OKVM_GC0_ID(2, 0),
	OKVM_GC0_ENTRYLO1	= OKVM_GC0_ID(3, 0),
	OKVM_GC0_CONTEXT	= OKVM_GC0_ID(4, 0),
	OKVM_GC0_CONTEXTCONFIG	= OKVM_GC0_ID(4, 1),
	OKVM_GC0_USERLOCAL	= OKVM_GC0_ID(4, 2),
	OKVM_GC0_XCONTEXTCONFIG	= OKVM_GC0_ID(4, 3),
	OKVM_GC0_PAGEMASK	= OKVM_GC0_ID(5, 0),
	OKVM_GC0_PAGEGRAIN	= OKVM_GC0_ID(5, 1),
	OKVM_GC0_SEGCTL0	= OKVM_GC0_ID(5, 2),
	OKVM_GC0_SEGCTL1	= OKVM_GC0_ID(5, 3),
	OKVM_GC0_SEGCTL2	= OKVM_GC0_ID(5, 4),
	OKVM_GC0_PWBASE		= OKVM_GC0_ID(5, 5),
	OKVM_GC0_PWFIELD	= OKVM_GC0_ID(5, 6),
	OKVM_GC0_PWSIZE		= OKVM_GC0_ID(5, 7),
	OKVM_GC0_WIRED		= OKVM_GC0_ID(6, 0),
	OKVM_GC0_PWCTL		= OKVM_GC0_ID(6, 6),
	OKVM_GC0_HWRENA		= OKVM_GC0_ID(7, 0),
	OKVM_GC0_BADVADDR	= OKVM_GC0_ID(8, 0),
	OKVM_GC0_BADINSTR	= OKVM_GC0_ID(8, 1),
	OKVM_GC0_BADINSTRP	= OKVM_GC0_ID(8, 2),
	OKVM_GC0_COUNT		= OKVM_GC0_ID(9, 0),
	OKVM_GC0_ENTRYHI	= OKVM_GC0_ID(10, 0),
	OKVM_GC0_COMPARE	= OKVM_GC0_ID(11, 0),
	OKVM_GC0_STATUS		= OKVM_GC0_ID(12, 0),
	OKVM_GC0_INTCTL		= OKVM_GC0_ID(12, 1),
	OKVM_GC0_CAUSE		= OKVM_GC0_ID(13, 0),
	OKVM_GC0_EPC		= OKVM_GC0_ID(14, 0),
	OKVM_GC0_PRID		= OKVM_GC0_ID(15, 0),
	OKVM_GC0_EBASE		= OKVM_GC0_ID(15, 1),
	OKVM_GC0_CONFIG		= OKVM_GC0_ID(16, 0),
	OKVM_GC0_CONFIG1	= OKVM_GC0_ID(16, 1),
	OKVM_GC0_CONFIG2	= OKVM_GC0_ID(16, 2),
	OKVM_GC0_CONFIG3	= OKVM_GC0_ID(16, 3),
	OKVM_GC0_CONFIG4	= OKVM_GC0_ID(16, 4),
	OKVM_GC0_CONFIG5	= OKVM_GC0_ID(16, 5),
	OKVM_GC0_CONFIG6	= OKVM_GC0_ID(16, 6),
	OKVM_GC0_CONFIG7	= OKVM_GC0_ID(16, 7),
	OKVM_GC0_LLADDR		= OKVM_GC0_ID(17, 0),
	OKVM_GC0_XCONTEXT	= OKVM_GC0_ID(20, 0),
	OKVM_GC0_ERROREPC	= OKVM_GC0_ID(30, 0),
	OKVM_GC0_KSCRATCH1	= OKVM_GC0_ID(31, 2),
	OKVM_GC0_KSCRATCH2	= OKVM_GC0_ID(31, 3),
	OKVM_GC0_KSCRATCH3	= OKVM_GC0_ID(31, 4),
	OKVM_GC0_KSCRATCH4	= OKVM_GC0_ID(31, 5),
	OKVM_GC0_KSCRATCH5	= OKVM_GC0_ID(31, 6),
	OKVM_GC0_KSCRATCH6	= OKVM_GC0_ID(31, 7),
};

#ifdef OKVM_MIPS_MODEL

/*
 * The software model's side of the contract (tests/unit/mips_model.c).
 * Root and guest registers are named by OKVM_GC0_ID(reg, sel).
 */
enum mips_model_op {
	MIPS_MODEL_TLBP, MIPS_MODEL_TLBR, MIPS_MODEL_TLBWI, MIPS_MODEL_TLBWR,
	MIPS_MODEL_TLBINVF, MIPS_MODEL_TLBGP, MIPS_MODEL_TLBGR,
	MIPS_MODEL_TLBGWI, MIPS_MODEL_TLBGWR, MIPS_MODEL_TLBGINVF,
	MIPS_MODEL_NR_OPS,
};

enum mips_model_feature {
	MIPS_MODEL_HAS_VZ, MIPS_MODEL_HAS_GUESTID, MIPS_MODEL_HAS_TLBINV,
	MIPS_MODEL_HAS_MMID,
};

unsigned long mips_model_mfc0(unsigned int id);
void mips_model_mtc0(unsigned int id, unsigned long val);
unsigned long mips_model_mfgc0(unsigned int id, bool dword);
void mips_model_mtgc0(unsigned int id, unsigned long val, bool dword);
void mips_model_op(enum mips_model_op op);
void mips_model_ehb(void);
void mips_model_htw_stop(void);
void mips_model_htw_start(void);
bool mips_model_has(enum mips_model_feature f);
unsigned int mips_model_guestid_mask(void);
unsigned int mips_model_root_tlb_size(void);
unsigned int mips_model_vmbits(void);

#define okvm_mfgc0_32(reg, sel)	mips_model_mfgc0(OKVM_GC0_ID(reg, sel), false)
#define okvm_mfgc0_L(reg, sel)	mips_model_mfgc0(OKVM_GC0_ID(reg, sel), true)
#define okvm_mtgc0_32(reg, sel, v) \
	mips_model_mtgc0(OKVM_GC0_ID(reg, sel), (v), false)
#define okvm_mtgc0_L(reg, sel, v) \
	mips_model_mtgc0(OKVM_GC0_ID(reg, sel), (v), true)

#define okvm_read_c0_guestctl0()	((u32)mips_model_mfc0(OKVM_GC0_ID(12, 6)))
#define okvm_write_c0_guestctl0(v)	mips_model_mtc0(OKVM_GC0_ID(12, 6), (u32)(v))
#define okvm_read_c0_guestctl1()	((u32)mips_model_mfc0(OKVM_GC0_ID(10, 4)))
#define okvm_write_c0_guestctl1(v)	mips_model_mtc0(OKVM_GC0_ID(10, 4), (u32)(v))
#define okvm_read_c0_index()		((s32)mips_model_mfc0(OKVM_GC0_ID(0, 0)))
#define okvm_write_c0_index(v)		mips_model_mtc0(OKVM_GC0_ID(0, 0), (u32)(v))
#define okvm_read_c0_entryhi()		mips_model_mfc0(OKVM_GC0_ID(10, 0))
#define okvm_write_c0_entryhi(v)	mips_model_mtc0(OKVM_GC0_ID(10, 0), (v))
#define okvm_write_c0_entrylo0(v)	mips_model_mtc0(OKVM_GC0_ID(2, 0), (v))
#define okvm_write_c0_entrylo1(v)	mips_model_mtc0(OKVM_GC0_ID(3, 0), (v))
#define okvm_read_c0_pagemask()		((u32)mips_model_mfc0(OKVM_GC0_ID(5, 0)))
#define okvm_write_c0_pagemask(v)	mips_model_mtc0(OKVM_GC0_ID(5, 0), (u32)(v))
#define okvm_read_c0_prid()		((u32)mips_model_mfc0(OKVM_GC0_ID(15, 0)))
#define okvm_read_c0_count()		((u32)mips_model_mfc0(OKVM_GC0_ID(9, 0)))
#define okvm_read_c0_gtoffset()		((u32)mips_model_mfc0(OKVM_GC0_ID(12, 7)))
#define okvm_write_c0_gtoffset(v)	mips_model_mtc0(OKVM_GC0_ID(12, 7), (u32)(v))
#define okvm_read_c0_guestctl2()	((u32)mips_model_mfc0(OKVM_GC0_ID(10, 5)))
#define okvm_write_c0_guestctl2(v)	mips_model_mtc0(OKVM_GC0_ID(10, 5), (u32)(v))

#define okvm_tlbp()		mips_model_op(MIPS_MODEL_TLBP)
#define okvm_tlbr()		mips_model_op(MIPS_MODEL_TLBR)
#define okvm_tlbwi()		mips_model_op(MIPS_MODEL_TLBWI)
#define okvm_tlbwr()		mips_model_op(MIPS_MODEL_TLBWR)
#define okvm_tlbgp()		mips_model_op(MIPS_MODEL_TLBGP)
#define okvm_tlbgr()		mips_model_op(MIPS_MODEL_TLBGR)
#define okvm_tlbgwi()		mips_model_op(MIPS_MODEL_TLBGWI)
#define okvm_tlbgwr()		mips_model_op(MIPS_MODEL_TLBGWR)
#define okvm_tlbginvf()		mips_model_op(MIPS_MODEL_TLBGINVF)

/* On R2 and later every one of these is an EHB. */
#define okvm_mtc0_tlbw_hazard()	mips_model_ehb()
#define okvm_mtc0_tlbr_hazard()	mips_model_ehb()
#define okvm_tlb_read_hazard()	mips_model_ehb()
#define okvm_tlb_probe_hazard()	mips_model_ehb()
#define okvm_tlbw_use_hazard()	mips_model_ehb()
#define okvm_back_to_back_c0_hazard() mips_model_ehb()

#define okvm_htw_stop()		mips_model_htw_stop()
#define okvm_htw_start()	mips_model_htw_start()

#define okvm_cpu_has_vz()	mips_model_has(MIPS_MODEL_HAS_VZ)
#define okvm_cpu_has_guestid()	mips_model_has(MIPS_MODEL_HAS_GUESTID)
#define okvm_cpu_has_tlbinv()	mips_model_has(MIPS_MODEL_HAS_TLBINV)
#define okvm_cpu_has_mmid()	mips_model_has(MIPS_MODEL_HAS_MMID)
#define okvm_cpu_guestid_mask()	mips_model_guestid_mask()
#define okvm_root_tlb_size()	mips_model_root_tlb_size()
#define okvm_cpu_vmbits()	mips_model_vmbits()

/* The model's root pages are 4K: PageMask 0, VPN2 steps of 8K. */
#define OKVM_ROOT_PAGEMASK	0U
#define OKVM_ROOT_UNIQUE_SHIFT	13
#define OKVM_HOST_CCA		3U		/* cacheable, noncoherent */

#else /* !OKVM_MIPS_MODEL */

/*
 * MFGC0 and friends with the register and select as "i" operands, so a
 * register id known only as a switch case still names one instruction.
 * The _ASM_SET_* macros of <asm/mipsregs.h> supply ".set virt" or, with
 * an old assembler, .macro definitions that emit the opcode as a .word.
 */
#define okvm_mfgc0_32(reg, sel) ({					\
	int __v;							\
	__asm__ __volatile__(".set\tpush\n\t"				\
			     _ASM_SET_MFGC0				\
			     "mfgc0\t%0, $%1, %2\n\t"			\
			     _ASM_UNSET_MFGC0				\
			     ".set\tpop"				\
			     : "=r" (__v) : "i" (reg), "i" (sel));	\
	(unsigned long)(long)__v;					\
})

#define okvm_mtgc0_32(reg, sel, val)					\
({									\
	__asm__ __volatile__(".set\tpush\n\t"				\
			     _ASM_SET_MTGC0				\
			     "mtgc0\t%z0, $%1, %2\n\t"			\
			     _ASM_UNSET_MTGC0				\
			     ".set\tpop"				\
			     : : "Jr" ((unsigned int)(val)),		\
				 "i" (reg), "i" (sel));			\
})

#ifdef CONFIG_64BIT
#define okvm_mfgc0_L(reg, sel) ({					\
	unsigned long __v;						\
	__asm__ __volatile__(".set\tpush\n\t"				\
			     _ASM_SET_DMFGC0				\
			     "dmfgc0\t%0, $%1, %2\n\t"			\
			     _ASM_UNSET_DMFGC0				\
			     ".set\tpop"				\
			     : "=r" (__v) : "i" (reg), "i" (sel));	\
	__v;								\
})

#define okvm_mtgc0_L(reg, sel, val)					\
({									\
	__asm__ __volatile__(".set\tpush\n\t"				\
			     _ASM_SET_DMTGC0				\
			     "dmtgc0\t%z0, $%1, %2\n\t"			\
			     _ASM_UNSET_DMTGC0				\
			     ".set\tpop"				\
			     : : "Jr" ((unsigned long)(val)),		\
				 "i" (reg), "i" (sel));			\
})
#else
#define okvm_mfgc0_L(reg, sel)		okvm_mfgc0_32(reg, sel)
#define okvm_mtgc0_L(reg, sel, val)	okvm_mtgc0_32(reg, sel, val)
#endif

#define okvm_read_c0_guestctl0()	((u32)read_c0_guestctl0())
#define okvm_write_c0_guestctl0(v)	write_c0_guestctl0(v)
#define okvm_read_c0_guestctl1()	((u32)read_c0_guestctl1())
#define okvm_write_c0_guestctl1(v)	write_c0_guestctl1(v)
#define okvm_read_c0_index()		((s32)read_c0_index())
#define okvm_write_c0_index(v)		write_c0_index(v)
#define okvm_read_c0_entryhi()		read_c0_entryhi()
#define okvm_write_c0_entryhi(v)	write_c0_entryhi(v)
#define okvm_write_c0_entrylo0(v)	write_c0_entrylo0(v)
#define okvm_write_c0_entrylo1(v)	write_c0_entrylo1(v)
#define okvm_read_c0_pagemask()		((u32)read_c0_pagemask())
#define okvm_write_c0_pagemask(v)	write_c0_pagemask(v)
#define okvm_read_c0_prid()		((u32)read_c0_prid())
#define okvm_read_c0_count()		((u32)read_c0_count())
#define okvm_read_c0_gtoffset()		((u32)read_c0_gtoffset())
#define okvm_write_c0_gtoffset(v)	write_c0_gtoffset(v)
#define okvm_read_c0_guestctl2()	((u32)read_c0_guestctl2())
#define okvm_write_c0_guestctl2(v)	write_c0_guestctl2(v)

#define okvm_tlbp()		tlb_probe()
#define okvm_tlbr()		tlb_read()
#define okvm_tlbwi()		tlb_write_indexed()
#define okvm_tlbwr()		tlb_write_random()
#define okvm_tlbgp()		guest_tlb_probe()
#define okvm_tlbgr()		guest_tlb_read()
#define okvm_tlbgwi()		guest_tlb_write_indexed()
#define okvm_tlbgwr()		guest_tlb_write_random()
#define okvm_tlbginvf()		guest_tlbinvf()

#define okvm_mtc0_tlbw_hazard()	mtc0_tlbw_hazard()
#define okvm_mtc0_tlbr_hazard()	mtc0_tlbr_hazard()
#define okvm_tlb_read_hazard()	tlb_read_hazard()
#define okvm_tlb_probe_hazard()	tlb_probe_hazard()
#define okvm_tlbw_use_hazard()	tlbw_use_hazard()
#define okvm_back_to_back_c0_hazard() back_to_back_c0_hazard()

#define okvm_htw_stop()		htw_stop()
#define okvm_htw_start()	htw_start()

#define okvm_cpu_has_vz()	(!!cpu_has_vz)
#define okvm_cpu_has_guestid()	(!!cpu_has_guestid)
#define okvm_cpu_has_tlbinv()	(!!cpu_has_tlbinv)
#define okvm_cpu_has_mmid()	(!!cpu_has_mmid)
#define okvm_cpu_guestid_mask()	(cpu_data[0].guestid_mask)
#define okvm_root_tlb_size()	((unsigned int)current_cpu_data.tlbsize)
#define okvm_cpu_vmbits()	((unsigned int)cpu_vmbits)

/*
 * Root TLB entries okvm invalidates must look like the kernel's own
 * (asm/tlb.h UNIQUE_ENTRYHI: CKSEG0 + index * two pages, default page
 * size), so that no two root entries can ever match the same address.
 */
#define OKVM_ROOT_PAGEMASK	((u32)PM_DEFAULT_MASK)
#define OKVM_ROOT_UNIQUE_SHIFT	(PAGE_SHIFT + 1)
#define OKVM_HOST_CCA		((u32)(_page_cachable_default >> _CACHE_SHIFT))

/* The names above are the manual's; so are the kernel's. */
static_assert(OKVM_GCTL0_GM == MIPS_GCTL0_GM);
static_assert(OKVM_GCTL0_RI == MIPS_GCTL0_RI);
static_assert(OKVM_GCTL0_MC == MIPS_GCTL0_MC);
static_assert(OKVM_GCTL0_PT == MIPS_GCTL0_PT);
static_assert(OKVM_GCTL0_DRG == MIPS_GCTL0_DRG);
static_assert(OKVM_GCTL0_SFC2 == MIPS_GCTL0_SFC2);
static_assert(OKVM_GCTL0_SFC1 == MIPS_GCTL0_SFC1);
static_assert(OKVM_GCTL0_CP0 == MIPS_GCTL0_CP0);
static_assert(OKVM_GCTL0_AT == MIPS_GCTL0_AT);
static_assert(OKVM_GCTL0_GT == MIPS_GCTL0_GT);
static_assert(OKVM_GCTL0_CG == MIPS_GCTL0_CG);
static_assert(OKVM_GCTL0_CF == MIPS_GCTL0_CF);
static_assert(OKVM_GCTL0_G1 == MIPS_GCTL0_G1);
static_assert(OKVM_GCTL0_G0E == MIPS_GCTL0_G0E);
static_assert(OKVM_GCTL0_RAD == MIPS_GCTL0_RAD);
static_assert(OKVM_GCTL0_G2 == MIPS_GCTL0_G2);
static_assert(OKVM_GCTL0_GEXC == MIPS_GCTL0_GEXC);
static_assert(OKVM_GCTL1_ID == MIPS_GCTL1_ID);
static_assert(OKVM_GCTL1_RID == MIPS_GCTL1_RID);
static_assert(OKVM_GUESTID_ROOT == MIPS_GCTL1_ROOT_GUESTID);
static_assert(OKVM_ENTRYHI_EHINV == MIPS_ENTRYHI_EHINV);
static_assert(OKVM_WIRED_WIRED == MIPSR6_WIRED_WIRED);
static_assert(OKVM_CONF_M == MIPS_CONF_M);
static_assert(OKVM_CONF_MT == MIPS_CONF_MT);
static_assert(OKVM_CONF_MT_FTLB << OKVM_CONF_MT_SHIFT == MIPS_CONF_MT_FTLB);
static_assert(OKVM_CONF_AR == MIPS_CONF_AR);
static_assert(OKVM_CONF1_MMU == MIPS_CONF1_TLBS);
static_assert(OKVM_CONF3_CTXTC == MIPS_CONF3_CTXTC);
static_assert(OKVM_CONF3_ULRI == MIPS_CONF3_ULRI);
static_assert(OKVM_CONF3_PW == MIPS_CONF3_PW);
static_assert(OKVM_CONF3_SC == MIPS_CONF3_SC);
static_assert(OKVM_CONF3_BI == MIPS_CONF3_BI);
static_assert(OKVM_CONF3_BP == MIPS_CONF3_BP);
static_assert(OKVM_CONF3_RXI == MIPS_CONF3_RXI);
static_assert(OKVM_CONF3_MSA == MIPS_CONF3_MSA);
static_assert(OKVM_CONF4_MMUSIZEEXT == MIPS_CONF4_MMUSIZEEXT);
static_assert(OKVM_CONF4_MMUEXTDEF == MIPS_CONF4_MMUEXTDEF);
static_assert(OKVM_CONF4_KSCREXIST == MIPS_CONF4_KSCREXIST);
static_assert(OKVM_CONF4_VTLBSIZEEXT == MIPS_CONF4_VTLBSIZEEXT);
static_assert(OKVM_CONF4_FTLBSETS == MIPS_CONF4_FTLBSETS);
static_assert(OKVM_CONF4_FTLBWAYS == MIPS_CONF4_FTLBWAYS);
static_assert(OKVM_CONF5_LLB == MIPS_CONF5_LLB);
static_assert(OKVM_CONF5_MRP == MIPS_CONF5_MRP);
static_assert(OKVM_CONF5_CV == MIPS_CONF5_CV);
static_assert(OKVM_CONF5_K == MIPS_CONF5_K);
static_assert(OKVM_CONF5_MSAEN == MIPS_CONF5_MSAEN);
static_assert(OKVM_CONF5_FRE == MIPS_CONF5_FRE);
static_assert(OKVM_ST_IE == ST0_IE);
static_assert(OKVM_ST_EXL == ST0_EXL);
static_assert(OKVM_ST_ERL == ST0_ERL);
static_assert(OKVM_ST_KSU_USER == KSU_USER);
static_assert(OKVM_ST_UX == ST0_UX);
static_assert(OKVM_ST_SX == ST0_SX);
static_assert(OKVM_ST_KX == ST0_KX);
static_assert(OKVM_ST_IM == ST0_IM);
static_assert(OKVM_ST_MX == ST0_MX);
static_assert(OKVM_ST_FR == ST0_FR);
static_assert(OKVM_ST_CU1 == ST0_CU1);
static_assert(OKVM_ST_BEV == ST0_BEV);
static_assert(OKVM_CAUSE_EXC == CAUSEF_EXCCODE);
static_assert(OKVM_CAUSE_IV == CAUSEF_IV);
static_assert(OKVM_CAUSE_WP == CAUSEF_WP);
static_assert(OKVM_CAUSE_DC == CAUSEF_DC);
static_assert(OKVM_CAUSE_TI == CAUSEF_TI);
static_assert(OKVM_CAUSE_BD == CAUSEF_BD);
static_assert(OKVM_EBASE_CPUNUM == MIPS_EBASE_CPUNUM);
static_assert(OKVM_EBASE_WG == MIPS_EBASE_WG);
static_assert(OKVM_EXC_INT == EXCCODE_INT);
static_assert(OKVM_EXC_MOD == EXCCODE_MOD);
static_assert(OKVM_EXC_TLBL == EXCCODE_TLBL);
static_assert(OKVM_EXC_TLBS == EXCCODE_TLBS);
static_assert(OKVM_EXC_RI == EXCCODE_RI);
static_assert(OKVM_EXC_CPU == EXCCODE_CPU);
static_assert(OKVM_EXC_GE == EXCCODE_GE);
static_assert(OKVM_GEXC_GPSI == MIPS_GCTL0_GEXC_GPSI);
static_assert(OKVM_GEXC_GSFC == MIPS_GCTL0_GEXC_GSFC);
static_assert(OKVM_GEXC_HC == MIPS_GCTL0_GEXC_HC);
static_assert(OKVM_GEXC_GRR == MIPS_GCTL0_GEXC_GRR);
static_assert(OKVM_GEXC_GVA == MIPS_GCTL0_GEXC_GVA);
static_assert(OKVM_GEXC_GHFC == MIPS_GCTL0_GEXC_GHFC);
static_assert(OKVM_GEXC_GPA == MIPS_GCTL0_GEXC_GPA);

#endif /* OKVM_MIPS_MODEL */

/* The EntryHi of the invalid root entry at root TLB index @i. */
#define okvm_root_unique_entryhi(i)					\
	((CKSEG0 + ((unsigned long)(i) << OKVM_ROOT_UNIQUE_SHIFT)) |	\
	 (okvm_cpu_has_tlbinv() ? OKVM_ENTRYHI_EHINV : 0))

/*
 * okvm_gc0_read() and okvm_gc0_write() reach any guest CP0 register by
 * id. With a constant id the switch folds to the one instruction; with a
 * variable one (the save/restore loops) it is a jump table. The same
 * switch runs against the model in tests/unit, so a case naming the
 * wrong register or width fails there.
 */

/**
 * okvm_gc0_read() - read a guest CP0 register from root mode
 * @id: OKVM_GC0_* register id
 *
 * A 32-bit register reads sign-extended, as MFGC0 leaves it in a GPR.
 *
 * Return: the register's value, or 0 for an id not in enum okvm_gc0_id.
 */
static __always_inline unsigned long okvm_gc0_read(unsigned int id)
{
	switch (id) {
	case OKVM_GC0_INDEX:
		return okvm_mfgc0_32(0, 0);
	case OKVM_GC0_RANDOM:
		return okvm_mfgc0_32(1, 0);
	case OKVM_GC0_ENTRYLO0:
		return okvm_mfgc0_L(2, 0);
	case OKVM_GC0_ENTRYLO1:
		return okvm_mfgc0_L(3, 0);
	case OKVM_GC0_CONTEXT:
		return okvm_mfgc0_L(4, 0);
	case OKVM_GC0_CONTEXTCONFIG:
		return okvm_mfgc0_32(4, 1);
	case OKVM_GC0_USERLOCAL:
		return okvm_mfgc0_L(4, 2);
	case OKVM_GC0_XCONTEXTCONFIG:
		return okvm_mfgc0_L(4, 3);
	case OKVM_GC0_PAGEMASK:
		return okvm_mfgc0_32(5, 0);
	case OKVM_GC0_PAGEGRAIN:
		return okvm_mfgc0_32(5, 1);
	case OKVM_GC0_SEGCTL0:
		return okvm_mfgc0_L(5, 2);
	case OKVM_GC0_SEGCTL1:
		return okvm_mfgc0_L(5, 3);
	case OKVM_GC0_SEGCTL2:
		return okvm_mfgc0_L(5, 4);
	case OKVM_GC0_PWBASE:
		return okvm_mfgc0_L(5, 5);
	case OKVM_GC0_PWFIELD:
		return okvm_mfgc0_L(5, 6);
	case OKVM_GC0_PWSIZE:
		return okvm_mfgc0_L(5, 7);
	case OKVM_GC0_WIRED:
		return okvm_mfgc0_32(6, 0);
	case OKVM_GC0_PWCTL:
		return okvm_mfgc0_32(6, 6);
	case OKVM_GC0_HWRENA:
		return okvm_mfgc0_32(7, 0);
	case OKVM_GC0_BADVADDR:
		return okvm_mfgc0_L(8, 0);
	case OKVM_GC0_BADINSTR:
		return okvm_mfgc0_32(8, 1);
	case OKVM_GC0_BADINSTRP:
		return okvm_mfgc0_32(8, 2);
	case OKVM_GC0_COUNT:
		return okvm_mfgc0_32(9, 0);
	case OKVM_GC0_ENTRYHI:
		return okvm_mfgc0_L(10, 0);
	case OKVM_GC0_COMPARE:
		return okvm_mfgc0_32(11, 0);
	case OKVM_GC0_STATUS:
		return okvm_mfgc0_32(12, 0);
	case OKVM_GC0_INTCTL:
		return okvm_mfgc0_32(12, 1);
	case OKVM_GC0_CAUSE:
		return okvm_mfgc0_32(13, 0);
	case OKVM_GC0_EPC:
		return okvm_mfgc0_L(14, 0);
	case OKVM_GC0_PRID:
		return okvm_mfgc0_32(15, 0);
	case OKVM_GC0_EBASE:
		return okvm_mfgc0_32(15, 1);
	case OKVM_GC0_CONFIG:
		return okvm_mfgc0_32(16, 0);
	case OKVM_GC0_CONFIG1:
		return okvm_mfgc0_32(16, 1);
	case OKVM_GC0_CONFIG2:
		return okvm_mfgc0_32(16, 2);
	case OKVM_GC0_CONFIG3:
		return okvm_mfgc0_32(16, 3);
	case OKVM_GC0_CONFIG4:
		return okvm_mfgc0_32(16, 4);
	case OKVM_GC0_CONFIG5:
		return okvm_mfgc0_32(16, 5);
	case OKVM_GC0_CONFIG6:
		return okvm_mfgc0_32(16, 6);
	case OKVM_GC0_CONFIG7:
		return okvm_mfgc0_32(16, 7);
	case OKVM_GC0_LLADDR:
		return okvm_mfgc0_L(17, 0);
	case OKVM_GC0_XCONTEXT:
		return okvm_mfgc0_L(20, 0);
	case OKVM_GC0_ERROREPC:
		return okvm_mfgc0_L(30, 0);
	case OKVM_GC0_KSCRATCH1:
		return okvm_mfgc0_L(31, 2);
	case OKVM_GC0_KSCRATCH2:
		return okvm_mfgc0_L(31, 3);
	case OKVM_GC0_KSCRATCH3:
		return okvm_mfgc0_L(31, 4);
	case OKVM_GC0_KSCRATCH4:
		return okvm_mfgc0_L(31, 5);
	case OKVM_GC0_KSCRATCH5:
		return okvm_mfgc0_L(31, 6);
	case OKVM_GC0_KSCRATCH6:
		return okvm_mfgc0_L(31, 7);
	}
	return 0;
}

/**
 * okvm_gc0_write() - write a guest CP0 register from root mode
 * @id: OKVM_GC0_* register id; any other id is ignored
 * @val: the value (the low 32 bits for a 32-bit register)
 */
static __always_inline void okvm_gc0_write(unsigned int id, unsigned long val)
{
	switch (id) {
	case OKVM_GC0_INDEX:
		okvm_mtgc0_32(0, 0, val);
		break;
	case OKVM_GC0_RANDOM:
		okvm_mtgc0_32(1, 0, val);
		break;
	case OKVM_GC0_ENTRYLO0:
		okvm_mtgc0_L(2, 0, val);
		break;
	case OKVM_GC0_ENTRYLO1:
		okvm_mtgc0_L(3, 0, val);
		break;
	case OKVM_GC0_CONTEXT:
		okvm_mtgc0_L(4, 0, val);
		break;
	case OKVM_GC0_CONTEXTCONFIG:
		okvm_mtgc0_32(4, 1, val);
		break;
	case OKVM_GC0_USERLOCAL:
		okvm_mtgc0_L(4, 2, val);
		break;
	case OKVM_GC0_XCONTEXTCONFIG:
		okvm_mtgc0_L(4, 3, val);
		break;
	case OKVM_GC0_PAGEMASK:
		okvm_mtgc0_32(5, 0, val);
		break;
	case OKVM_GC0_PAGEGRAIN:
		okvm_mtgc0_32(5, 1, val);
		break;
	case OKVM_GC0_SEGCTL0:
		okvm_mtgc0_L(5, 2, val);
		break;
	case OKVM_GC0_SEGCTL1:
		okvm_mtgc0_L(5, 3, val);
		break;
	case OKVM_GC0_SEGCTL2:
		okvm_mtgc0_L(5, 4, val);
		break;
	case OKVM_GC0_PWBASE:
		okvm_mtgc0_L(5, 5, val);
		break;
	case OKVM_GC0_PWFIELD:
		okvm_mtgc0_L(5, 6, val);
		break;
	case OKVM_GC0_PWSIZE:
		okvm_mtgc0_L(5, 7, val);
		break;
	case OKVM_GC0_WIRED:
		okvm_mtgc0_32(6, 0, val);
		break;
	case OKVM_GC0_PWCTL:
		okvm_mtgc0_32(6, 6, val);
		break;
	case OKVM_GC0_HWRENA:
		okvm_mtgc0_32(7, 0, val);
		break;
	case OKVM_GC0_BADVADDR:
		okvm_mtgc0_L(8, 0, val);
		break;
	case OKVM_GC0_BADINSTR:
		okvm_mtgc0_32(8, 1, val);
		break;
	case OKVM_GC0_BADINSTRP:
		okvm_mtgc0_32(8, 2, val);
		break;
	case OKVM_GC0_COUNT:
		okvm_mtgc0_32(9, 0, val);
		break;
	case OKVM_GC0_ENTRYHI:
		okvm_mtgc0_L(10, 0, val);
		break;
	case OKVM_GC0_COMPARE:
		okvm_mtgc0_32(11, 0, val);
		break;
	case OKVM_GC0_STATUS:
		okvm_mtgc0_32(12, 0, val);
		break;
	case OKVM_GC0_INTCTL:
		okvm_mtgc0_32(12, 1, val);
		break;
	case OKVM_GC0_CAUSE:
		okvm_mtgc0_32(13, 0, val);
		break;
	case OKVM_GC0_EPC:
		okvm_mtgc0_L(14, 0, val);
		break;
	case OKVM_GC0_PRID:
		okvm_mtgc0_32(15, 0, val);
		break;
	case OKVM_GC0_EBASE:
		okvm_mtgc0_32(15, 1, val);
		break;
	case OKVM_GC0_CONFIG:
		okvm_mtgc0_32(16, 0, val);
		break;
	case OKVM_GC0_CONFIG1:
		okvm_mtgc0_32(16, 1, val);
		break;
	case OKVM_GC0_CONFIG2:
		okvm_mtgc0_32(16, 2, val);
		break;
	case OKVM_GC0_CONFIG3:
		okvm_mtgc0_32(16, 3, val);
		break;
	case OKVM_GC0_CONFIG4:
		okvm_mtgc0_32(16, 4, val);
		break;
	case OKVM_GC0_CONFIG5:
		okvm_mtgc0_32(16, 5, val);
		break;
	case OKVM_GC0_CONFIG6:
		okvm_mtgc0_32(16, 6, val);
		break;
	case OKVM_GC0_CONFIG7:
		okvm_mtgc0_32(16, 7, val);
		break;
	case OKVM_GC0_LLADDR:
		okvm_mtgc0_L(17, 0, val);
		break;
	case OKVM_GC0_XCONTEXT:
		okvm_mtgc0_L(20, 0, val);
		break;
	case OKVM_GC0_ERROREPC:
		okvm_mtgc0_L(30, 0, val);
		break;
	case OKVM_GC0_KSCRATCH1:
		okvm_mtgc0_L(31, 2, val);
		break;
	case OKVM_GC0_KSCRATCH2:
		okvm_mtgc0_L(31, 3, val);
		break;
	case OKVM_GC0_KSCRATCH3:
		okvm_mtgc0_L(31, 4, val);
		break;
	case OKVM_GC0_KSCRATCH4:
		okvm_mtgc0_L(31, 5, val);
		break;
	case OKVM_GC0_KSCRATCH5:
		okvm_mtgc0_L(31, 6, val);
		break;
	case OKVM_GC0_KSCRATCH6:
		okvm_mtgc0_L(31, 7, val);
		break;
	}
}

#endif /* OKVM_MIPS_CP0_H */
