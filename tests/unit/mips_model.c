// SPDX-License-Identifier: GPL-2.0
/*
 * The MIPS VZ CPU model: see mips_model.h for what it covers.
 *
 * Where each behaviour comes from, cited at the code:
 *  [seed §n]  ../shared/seeds/000_3995f463eb19dd5d.txt: notes taken from
 *             the VZ manual (MD00846), with its section numbers
 *  [facts §n] ../shared/reference/mips-vz-facts.md: the VZ rules as Linux
 *             uses them; its [derived] and [unverified] marks carry over
 *  [PRA]      the base MIPS64 privileged architecture (TLBP/TLBR/TLBWI/
 *             TLBWR pseudo-code, PageMask, Index, Wired/Random, EHINV).
 *             No copy was available here: written from memory of the
 *             manual, so [unverified]
 *  [model]    a choice of the model where no source decides; tests do not
 *             depend on the choice in a way that hides a backend bug
 *
 * The model never trusts the backend's bit definitions: it uses its own
 * MM_* names and its own register table, written independently of
 * mips-vz/cp0.h, so that a wrong bit or width there makes a test fail
 * instead of agreeing with itself.
 */
#include "mips_model.h"

struct mips_model *mm_cur;

void mips_model_log(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("# log: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

void mips_model_warn(const char *file, int line)
{
	if (!mm_cur->warn_expected)
		fprintf(stderr, "  WARN at %s:%d\n", file, line);
	mm_cur->bad.warn++;
}

u32 mm_rand(u32 *state)
{
	u32 x = *state;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*state = x;
	return x;
}

/* --- guest CP0 register file ------------------------------------------ */

enum mm_feat {
	MM_F_ALL, MM_F_CONF1, MM_F_CONF2, MM_F_CONF3, MM_F_CONF4, MM_F_CONF5,
	MM_F_CONF6, MM_F_CONF7, MM_F_CTXTC, MM_F_ULRI, MM_F_PG, MM_F_SC,
	MM_F_PW, MM_F_BI, MM_F_BP, MM_F_KSCR, MM_F_LLB,
};

/* Writable bits computed at init from the TLB geometry. */
#define MM_W_INDEX	1ULL
#define MM_W_HI		2ULL
#define MM_W_LO		3ULL
#define MM_W_ALL	(~0ULL)
#define MM_W_32		0xffffffffULL

/*
 * The guest CP0 registers (facts §1.5), when each exists and which bits
 * root may write through MTGC0. Presence follows the guest Config
 * registers [PRA]: Config(n+1) when Config(n).M; ContextConfig and
 * XContextConfig with Config3.CTXTC; UserLocal with ULRI; PageGrain with
 * RXI, SP or LPA; SegCtl with SC; the page walker registers with PW;
 * BadInstr(P) with BI (BP); KScratch n with Config4.KScrExist bit n;
 * LLAddr with Config5.LLB [model: LLAddr is optional].
 */
static const struct {
	u8 reg, sel;
	bool is64;
	u8 feat;
	u64 wmask;
} mm_gregs[] = {
	{  0, 0, false, MM_F_ALL,   MM_W_INDEX },	/* Index */
	{  1, 0, false, MM_F_ALL,   0 },		/* Random: RO */
	{  2, 0, true,  MM_F_ALL,   MM_W_LO },		/* EntryLo0 */
	{  3, 0, true,  MM_F_ALL,   MM_W_LO },		/* EntryLo1 */
	{  4, 0, true,  MM_F_ALL,   ~0xfULL },		/* Context */
	{  4, 1, false, MM_F_CTXTC, MM_W_32 },		/* ContextConfig */
	{  4, 2, true,  MM_F_ULRI,  MM_W_ALL },		/* UserLocal */
	{  4, 3, true,  MM_F_CTXTC, MM_W_ALL },		/* XContextConfig */
	{  5, 0, false, MM_F_ALL,   MM_PAGEMASK_BITS },	/* PageMask */
	{  5, 1, false, MM_F_PG,    0xc8000000ULL },	/* PageGrain RIE XIE IEC */
	{  5, 2, true,  MM_F_SC,    MM_W_ALL },		/* SegCtl0 */
	{  5, 3, true,  MM_F_SC,    MM_W_ALL },		/* SegCtl1 */
	{  5, 4, true,  MM_F_SC,    MM_W_ALL },		/* SegCtl2 */
	{  5, 5, true,  MM_F_PW,    MM_W_ALL },		/* PWBase */
	{  5, 6, true,  MM_F_PW,    MM_W_ALL },		/* PWField */
	{  5, 7, true,  MM_F_PW,    MM_W_ALL },		/* PWSize */
	{  6, 0, false, MM_F_ALL,   MM_W_INDEX },	/* Wired */
	{  6, 6, false, MM_F_PW,    MM_W_32 },		/* PWCtl */
	{  7, 0, false, MM_F_ALL,   0x2000000fULL },	/* HWREna */
	{  8, 0, true,  MM_F_ALL,   MM_W_ALL },		/* BadVAddr */
	{  8, 1, false, MM_F_BI,    MM_W_32 },		/* BadInstr */
	{  8, 2, false, MM_F_BP,    MM_W_32 },		/* BadInstrP */
	{  9, 0, false, MM_F_ALL,   MM_W_32 },		/* Count */
	{ 10, 0, true,  MM_F_ALL,   MM_W_HI },		/* EntryHi */
	{ 11, 0, false, MM_F_ALL,   MM_W_32 },		/* Compare */
	{ 12, 0, false, MM_F_ALL,   MM_W_32 },		/* Status */
	{ 12, 1, false, MM_F_ALL,   0x3e0ULL },		/* IntCtl.VS */
	{ 13, 0, false, MM_F_ALL,   0xfcc0ff7cULL },	/* Cause */
	{ 14, 0, true,  MM_F_ALL,   MM_W_ALL },		/* EPC */
	{ 15, 0, false, MM_F_ALL,   0 },		/* PRId: RO */
	{ 15, 1, false, MM_F_ALL,   0x3ffff3ffULL },	/* EBase */
	{ 16, 0, false, MM_F_ALL,   0x7ULL },		/* Config.K0 */
	{ 16, 1, false, MM_F_CONF1, 0x7fULL },		/* FP EP CA WR PC MD C2 */
	{ 16, 2, false, MM_F_CONF2, 0 },
	{ 16, 3, false, MM_F_CONF3, 0x50013fffULL },	/* optional features */
	{ 16, 4, false, MM_F_CONF4, 0 },
	{ 16, 5, false, MM_F_CONF5, 0x6800034cULL },	/* K CV MSAEn UFE FRE SBRI MRP UFR */
	{ 16, 6, false, MM_F_CONF6, 0 },
	{ 16, 7, false, MM_F_CONF7, 0 },
	{ 17, 0, true,  MM_F_LLB,   MM_W_ALL },		/* LLAddr */
	{ 20, 0, true,  MM_F_ALL,   ~0xfULL },		/* XContext */
	{ 30, 0, true,  MM_F_ALL,   MM_W_ALL },		/* ErrorEPC */
	{ 31, 2, true,  MM_F_KSCR,  MM_W_ALL },		/* KScratch1 */
	{ 31, 3, true,  MM_F_KSCR,  MM_W_ALL },
	{ 31, 4, true,  MM_F_KSCR,  MM_W_ALL },
	{ 31, 5, true,  MM_F_KSCR,  MM_W_ALL },
	{ 31, 6, true,  MM_F_KSCR,  MM_W_ALL },
	{ 31, 7, true,  MM_F_KSCR,  MM_W_ALL },		/* KScratch6 */
};

#define MM_ID(reg, sel)		((reg) * 8 + (sel))
#define MM_G_INDEX		MM_ID(0, 0)
#define MM_G_RANDOM		MM_ID(1, 0)
#define MM_G_ENTRYLO0		MM_ID(2, 0)
#define MM_G_ENTRYLO1		MM_ID(3, 0)
#define MM_G_PAGEMASK		MM_ID(5, 0)
#define MM_G_WIRED		MM_ID(6, 0)
#define MM_G_ENTRYHI		MM_ID(10, 0)
#define MM_G_STATUS		MM_ID(12, 0)
#define MM_G_INTCTL		MM_ID(12, 1)
#define MM_G_PRID		MM_ID(15, 0)
#define MM_G_EBASE		MM_ID(15, 1)
#define MM_G_CONFIG(n)		MM_ID(16, n)

#define MM_R_INDEX		MM_ID(0, 0)
#define MM_R_ENTRYLO0		MM_ID(2, 0)
#define MM_R_ENTRYLO1		MM_ID(3, 0)
#define MM_R_PAGEMASK		MM_ID(5, 0)
#define MM_R_WIRED		MM_ID(6, 0)
#define MM_R_PWCTL		MM_ID(6, 6)
#define MM_R_ENTRYHI		MM_ID(10, 0)
#define MM_R_GUESTCTL1		MM_ID(10, 4)
#define MM_R_GUESTCTL0		MM_ID(12, 6)
#define MM_R_PRID		MM_ID(15, 0)
#define MM_R_COUNT		MM_ID(9, 0)
#define MM_R_GTOFFSET		MM_ID(12, 7)
#define MM_G_COUNT		MM_ID(9, 0)

static unsigned int mm_pow2_mask(unsigned int n)
{
	unsigned int m = 1;

	while (m < n)
		m <<= 1;
	return m - 1;
}

u64 mm_hi_wmask(const struct mips_model *m)
{
	/* R 63:62, VPN2 SEGBITS-1:13, EHINV 10 (Config4.IE=2), ASID 7:0 [PRA] */
	u64 vpn2 = ((1ULL << m->cfg.segbits) - 1) & ~0x1fffULL;

	return MM_HI_R | vpn2 | (m->cfg.tlbinv ? MM_HI_EHINV : 0) | MM_HI_ASID;
}

u64 mm_lo_wmask(const struct mips_model *m)
{
	/* RI 63, XI 62, PFN from bit 6 (PABITS - 12 bits), C D V G [PRA] */
	u64 pfn = ((1ULL << (m->cfg.pabits - 12)) - 1) << 6;

	return (3ULL << 62) | pfn | 0x3fULL;
}

static u64 mm_vpn2_mask(const struct mips_model *m)
{
	return ((1ULL << m->cfg.segbits) - 1) & ~0x1fffULL;
}

static bool mm_feat_present(const struct mips_model *m, u8 feat,
			    unsigned int sel)
{
	const u32 *c = m->cfg.config;
	unsigned int nc = m->cfg.nconfig;

	switch (feat) {
	case MM_F_ALL:
		return true;
	case MM_F_CONF1 ... MM_F_CONF7:
		return feat - MM_F_CONF1 + 1 < nc;
	case MM_F_CTXTC:
		return nc > 3 && (c[3] & MM_CONF3_CTXTC);
	case MM_F_ULRI:
		return nc > 3 && (c[3] & MM_CONF3_ULRI);
	case MM_F_PG:
		return nc > 3 && (c[3] & (MM_CONF3_RXI | (1U << 4) | (1U << 7)));
	case MM_F_SC:
		return nc > 3 && (c[3] & MM_CONF3_SC);
	case MM_F_PW:
		return nc > 3 && (c[3] & MM_CONF3_PW);
	case MM_F_BI:
		return nc > 3 && (c[3] & MM_CONF3_BI);
	case MM_F_BP:
		return nc > 3 && (c[3] & MM_CONF3_BP);
	case MM_F_KSCR:
		return nc > 4 && (c[4] & (1U << (16 + sel)));
	case MM_F_LLB:
		return nc > 5 && (c[5] & MM_CONF5_LLB);
	}
	return false;
}

/* --- configuration ----------------------------------------------------- */

void mm_default_config(struct mm_config *cfg)
{
	/* An R5 core like the P5600: 64-entry guest VTLB, 8-bit GuestIDs. */
	memset(cfg, 0, sizeof(*cfg));
	cfg->vz = true;
	cfg->guestid = true;
	cfg->guestid_bits = 8;
	cfg->tlbinv = true;
	cfg->htw = true;
	cfg->gtlb_vtlb = 64;
	cfg->rtlb_size = 64;
	cfg->segbits = 40;
	cfg->pabits = 40;
	cfg->nconfig = 6;
	cfg->config[0] = 0x00000003;		/* K0 = 3 */
	cfg->config[1] = 0x0000003f;		/* FP EP CA WR PC MD */
	cfg->config[3] = MM_CONF3_CTXTC | MM_CONF3_RXI | MM_CONF3_ULRI |
			 MM_CONF3_SC | MM_CONF3_PW | MM_CONF3_BI |
			 MM_CONF3_BP | (1U << 28) | (1U << 4);	/* MSA, SP */
	cfg->config[4] = 0x00fc0000;		/* KScratch1-6 (sel 2-7) */
	cfg->config[5] = MM_CONF5_LLB | (1U << 27);	/* LLB, MSAEn */
	cfg->prid = 0x0001a800;			/* P5600 */
}

/* Encode the guest TLB geometry in guest Config0/1/4 as the CPU would. */
static void mm_encode_tlb(struct mips_model *m)
{
	const struct mm_config *cfg = &m->cfg;
	unsigned int vtlb = cfg->gtlb_vtlb - 1;
	u32 *c = m->cfg.config;
	bool ftlb = cfg->gtlb_ftlb_ways != 0;

	assert(cfg->gtlb_vtlb >= 1);
	c[0] &= ~((7U << 7) | (7U << 10));
	c[0] |= (ftlb ? 4U : 1U) << 7;			/* MT: VTLB(+FTLB) */
	c[0] |= (cfg->r6 ? 2U : 1U) << 10;		/* AR: R2-R5 or R6 */
	c[1] = (c[1] & ~(0x3fU << 25)) | ((vtlb & 63) << 25);
	c[4] &= ~(0x0f00c0ffU | (3U << 29));
	if (cfg->tlbinv)
		c[4] |= 2U << 29;			/* IE = 2 */
	if (ftlb) {
		assert(cfg->gtlb_ftlb_ways >= 2 && cfg->gtlb_ftlb_ways <= 17);
		c[4] |= cfg->gtlb_ftlb_sets_log2 & 0xf;
		c[4] |= ((cfg->gtlb_ftlb_ways - 2) & 0xf) << 4;
	}
	if (cfg->r6) {
		/* R6 has no MMUExtDef: VTLBSizeExt exists with an FTLB. */
		assert(vtlb < 64 || ftlb);
		if (ftlb)
			c[4] |= (vtlb >> 6) << 24;
		return;
	}
	switch (cfg->gtlb_ext) {
	case 0:
		assert(vtlb < 64 && !ftlb);
		break;
	case 1:
		assert(!ftlb);
		c[4] |= (1U << 14) | (vtlb >> 6);
		break;
	case 2:
		assert(vtlb < 64 && ftlb);
		c[4] |= 2U << 14;
		break;
	case 3:
		c[4] |= (3U << 14) | ((vtlb >> 6) << 24);
		break;
	}
}

void mm_init(struct mips_model *m, const struct mm_config *cfg,
	     unsigned int cpu)
{
	unsigned int i, ftlb;

	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	m->cpu = cpu;
	m->lfsr = 0x2545f491U + cpu;
	ftlb = cfg->gtlb_ftlb_ways ?
	       (1U << cfg->gtlb_ftlb_sets_log2) * cfg->gtlb_ftlb_ways : 0;
	m->gtlb_size = cfg->gtlb_vtlb + ftlb;
	assert(m->gtlb_size <= MM_MAX_TLB && cfg->rtlb_size <= MM_MAX_TLB);
	assert(cfg->guestid_bits >= 1 && cfg->guestid_bits <= 8);
	assert(cfg->nconfig >= 2 && cfg->nconfig <= 8);
	for (i = 0; i < 8; i++) {
		if (i < cfg->nconfig)
			m->cfg.config[i] &= ~MM_CONF_M;
		else
			m->cfg.config[i] = 0;
		if (i + 1 < cfg->nconfig)
			m->cfg.config[i] |= MM_CONF_M;
	}
	mm_encode_tlb(m);

	for (i = 0; i < ARRAY_SIZE(mm_gregs); i++) {
		unsigned int id = MM_ID(mm_gregs[i].reg, mm_gregs[i].sel);
		u64 w = mm_gregs[i].wmask;

		if (w == MM_W_INDEX)
			w = mm_pow2_mask(m->gtlb_size);
		else if (w == MM_W_HI)
			w = mm_hi_wmask(m);
		else if (w == MM_W_LO)
			w = mm_lo_wmask(m);
		m->g_wmask[id] = w;
		m->g_is64[id] = mm_gregs[i].is64;
		m->g_present[id] = mm_feat_present(m, mm_gregs[i].feat,
						   mm_gregs[i].sel);
	}
	/* Hardware reset state [PRA]; "undefined" fields reset to 0 [model]. */
	m->g[MM_G_STATUS] = 0x00400004;			/* BEV | ERL */
	m->g[MM_G_RANDOM] = m->gtlb_size - 1;
	m->g[MM_G_EBASE] = 0x80000000;
	m->g[MM_G_PRID] = cfg->prid;
	m->g[MM_G_INTCTL] = 7U << 29;			/* IPTI: timer on IP7 */
	for (i = 0; i < 8; i++)
		m->g[MM_G_CONFIG(i)] = m->cfg.config[i];

	/* GuestCtl0.G1 and RAD are read-only and say whether GuestIDs exist. */
	m->gctl0 = cfg->guestid ? MM_GCTL0_G1 : MM_GCTL0_RAD;
	m->pwen = cfg->htw;
	/* Reset TLB contents are undefined [PRA]; start all invalid [model]. */
	for (i = 0; i < MM_MAX_TLB; i++) {
		m->gtlb[i].hi = (CKSEG1 + ((u64)i << 13) + MM_HI_EHINV) &
				mm_hi_wmask(m);
		m->rtlb[i].hi = (CKSEG0 + ((u64)i << 13) + MM_HI_EHINV) &
				mm_hi_wmask(m);
	}
	mm_cur = m;
}

unsigned long mm_bad_total(const struct mips_model *m)
{
	const struct mm_bad *b = &m->bad;

	return b->hazard + b->reserved_insn + b->absent_reg +
	       b->unpredictable + b->machine_check + b->rid_htw + b->rid_irq +
	       b->warn;
}

void mm_print_bad(const struct mips_model *m)
{
	const struct mm_bad *b = &m->bad;

	fprintf(stderr, "  cpu%u: hazard %lu reserved_insn %lu absent_reg %lu\n",
		m->cpu, b->hazard, b->reserved_insn, b->absent_reg);
	fprintf(stderr, "  cpu%u: unpredictable %lu machine_check %lu\n",
		m->cpu, b->unpredictable, b->machine_check);
	fprintf(stderr, "  cpu%u: rid_htw %lu rid_irq %lu warn %lu\n",
		m->cpu, b->rid_htw, b->rid_irq, b->warn);
}

/* --- TLB entries --------------------------------------------------------- */

/* Legal PageMask values: 4K, 16K, 64K ... 256M pages, i.e. 0 or pairs of
 * ones from bit 13 up [PRA]; anything else is UNPREDICTABLE in a write.
 */
const u32 mm_pagemasks[MM_NR_PAGEMASKS] = {
	0x00000000, 0x00006000, 0x0001e000, 0x0007e000, 0x001fe000,
	0x007fe000, 0x01ffe000, 0x07ffe000, 0x1fffe000,
};

static bool mm_pagemask_legal(u32 mask)
{
	u32 ones = mask >> 13;

	if (mask & ~MM_PAGEMASK_BITS)
		return false;
	return !(ones & (ones + 1)) && !(__builtin_popcount(ones) & 1);
}

static bool mm_invalid(const struct mips_model *m, const struct mm_tlbe *e)
{
	return m->cfg.tlbinv && (e->hi & MM_HI_EHINV);
}

/* Could @a and @b both match one address? Then the CPU machine-checks. */
static bool mm_overlap(const struct mips_model *m, const struct mm_tlbe *a,
		       const struct mm_tlbe *b)
{
	u64 diff = a->hi ^ b->hi;

	if (a->gid != b->gid || mm_invalid(m, a) || mm_invalid(m, b))
		return false;
	if (diff & MM_HI_R)
		return false;
	if (diff & mm_vpn2_mask(m) & ~(u64)(a->mask | b->mask))
		return false;
	return a->g || b->g || !(diff & MM_HI_ASID);
}

/* Does @e translate EntryHi-format @hi for GuestID @gid? [PRA, facts §2] */
static bool mm_match(const struct mips_model *m, const struct mm_tlbe *e,
		     u64 hi, u8 gid)
{
	u64 diff = e->hi ^ hi;

	if (e->gid != gid || mm_invalid(m, e) || (diff & MM_HI_R))
		return false;
	if (diff & mm_vpn2_mask(m) & ~(u64)e->mask)
		return false;
	return e->g || !(diff & MM_HI_ASID);
}

/*
 * TLBR/TLBGR of one entry [PRA]: EntryHi gets R, VPN2 and ASID, both
 * EntryLo get the entry's G, PageMask its mask. An entry invalidated by
 * EHINV reads as EntryHi.EHINV=1 and zeros elsewhere [PRA, unverified].
 */
void mm_entry_view(const struct mips_model *m, const struct mm_tlbe *e,
		   struct mm_view *v)
{
	if (mm_invalid(m, e)) {
		v->hi = MM_HI_EHINV;
		v->lo0 = 0;
		v->lo1 = 0;
		v->mask = 0;
		return;
	}
	v->hi = e->hi;
	v->lo0 = e->lo0 | (e->g ? MM_LO_G : 0);
	v->lo1 = e->lo1 | (e->g ? MM_LO_G : 0);
	v->mask = e->mask;
}

/*
 * TLBWI/TLBWR/TLBGWI/TLBGWR of one entry [PRA]: VPN2 is stored "and not
 * PageMask", G is EntryLo0.G and EntryLo1.G, the tag is the GuestID the
 * instruction uses (facts §2). An index beyond the TLB or an illegal
 * PageMask is UNPREDICTABLE; a write that makes two entries match one
 * address is a machine check on real CPUs [PRA].
 */
static void mm_tlb_write(struct mips_model *m, struct mm_tlbe *tlb,
			 unsigned int size, unsigned int i, u64 hi, u64 lo0,
			 u64 lo1, u32 mask, u8 gid)
{
	struct mm_tlbe e;
	unsigned int j;

	if (i >= size) {
		m->bad.unpredictable++;
		return;
	}
	if (!mm_pagemask_legal(mask))
		m->bad.unpredictable++;
	e.mask = mask & MM_PAGEMASK_BITS;
	e.hi = hi & ~(u64)e.mask;
	e.g = lo0 & lo1 & MM_LO_G;
	e.lo0 = lo0 & ~MM_LO_G;
	e.lo1 = lo1 & ~MM_LO_G;
	e.gid = gid;
	for (j = 0; j < size; j++) {
		if (j != i && mm_overlap(m, &tlb[j], &e)) {
			m->bad.machine_check++;
			break;
		}
	}
	tlb[i] = e;
}

/* TLBP/TLBGP: the matching index, or -1 [PRA]. */
static int mm_tlb_probe(struct mips_model *m, const struct mm_tlbe *tlb,
			unsigned int size, u64 hi, u8 gid)
{
	int hit = -1;
	unsigned int i;

	for (i = 0; i < size; i++) {
		if (!mm_match(m, &tlb[i], hi, gid))
			continue;
		if (hit >= 0)
			m->bad.machine_check++;
		else
			hit = i;
	}
	return hit;
}

static u8 mm_rid(const struct mips_model *m)
{
	return m->cfg.guestid ? (m->gctl1 & MM_GCTL1_RID) >> MM_GCTL1_RID_SHIFT
			      : 0;
}

/*
 * facts §10.1: while RID is not 0, a root refill or the root page walker
 * would tag host mappings with it, so RID != 0 is only allowed with
 * interrupts off and PWCtl.PWEn clear.
 */
static void mm_check_rid(struct mips_model *m)
{
	if (!mm_rid(m))
		return;
	if (m->pwen)
		m->bad.rid_htw++;
	if (!m->irqs_off)
		m->bad.rid_irq++;
}

/* --- the instructions the backend executes ------------------------------ */

static bool mm_vz_insn(struct mips_model *m)
{
	if (!m->cfg.vz) {
		/* Reserved Instruction in kernel mode: an oops [facts §10.11]. */
		m->bad.reserved_insn++;
		return false;
	}
	return true;
}

static u64 mm_sext32(u64 v)
{
	return (u64)(s64)(s32)(u32)v;
}

/* Registers a TLB instruction reads: a write needs an EHB first [PRA]. */
static bool mm_tlb_input(unsigned int id)
{
	switch (id) {
	case MM_ID(0, 0):	/* Index */
	case MM_ID(2, 0):	/* EntryLo0 */
	case MM_ID(3, 0):	/* EntryLo1 */
	case MM_ID(5, 0):	/* PageMask */
	case MM_ID(6, 0):	/* Wired */
	case MM_ID(10, 0):	/* EntryHi */
	case MM_ID(10, 4):	/* GuestCtl1 (root only) */
		return true;
	}
	return false;
}

unsigned long mips_model_mfc0(unsigned int id)
{
	struct mips_model *m = mm_cur;

	m->n.mfc0++;
	if (m->rd_pending)
		m->bad.hazard++;
	switch (id) {
	case MM_R_INDEX:
		return mm_sext32(m->r_index);
	case MM_R_ENTRYLO0:
		return m->r_entrylo0;
	case MM_R_ENTRYLO1:
		return m->r_entrylo1;
	case MM_R_PAGEMASK:
		return m->r_pagemask;
	case MM_R_WIRED:
		return m->r_wired;
	case MM_R_PWCTL:
		return m->pwen ? 1U << 31 : 0;
	case MM_R_ENTRYHI:
		return m->r_entryhi;
	case MM_R_PRID:
		return m->cfg.prid;
	case MM_R_COUNT:
		return mm_sext32(m->r_count);
	case MM_R_GTOFFSET:
		if (!mm_vz_insn(m))
			return 0;
		return mm_sext32(m->gtoffset);
	case MM_R_GUESTCTL0:
		if (!mm_vz_insn(m))
			return 0;
		return m->gctl0;
	case MM_R_GUESTCTL1:
		if (!mm_vz_insn(m))
			return 0;
		if (!m->cfg.guestid) {
			/* GuestCtl1 exists only with GuestCtl0.G1 [facts §1.4] */
			m->bad.absent_reg++;
			return 0;
		}
		return m->gctl1;
	}
	m->bad.absent_reg++;
	return 0;
}

void mips_model_mtc0(unsigned int id, unsigned long val)
{
	struct mips_model *m = mm_cur;
	u32 idmask = (1U << m->cfg.guestid_bits) - 1;

	m->n.mtc0++;
	if (mm_tlb_input(id))
		m->wr_pending = true;
	switch (id) {
	case MM_R_INDEX:
		/* Index.P is written only by TLBP [PRA] */
		m->r_index = (m->r_index & MM_INDEX_P) |
			     (val & mm_pow2_mask(m->cfg.rtlb_size));
		return;
	case MM_R_ENTRYLO0:
		m->r_entrylo0 = val & mm_lo_wmask(m);
		return;
	case MM_R_ENTRYLO1:
		m->r_entrylo1 = val & mm_lo_wmask(m);
		return;
	case MM_R_PAGEMASK:
		m->r_pagemask = val & MM_PAGEMASK_BITS;
		return;
	case MM_R_ENTRYHI:
		m->r_entryhi = val & mm_hi_wmask(m);
		return;
	case MM_R_GTOFFSET:
		if (!mm_vz_insn(m))
			return;
		/* guest Count = root Count + GTOffset [facts §1.1, derived] */
		m->gtoffset = (u32)val;
		return;
	case MM_R_GUESTCTL0:
		if (!mm_vz_insn(m))
			return;
		/* G1, G0E, RAD, G2, GExcCode are read-only [facts §1.2] */
		m->gctl0 = (m->gctl0 & 0x004802fcU) | (val & ~0x004802fcU);
		return;
	case MM_R_GUESTCTL1:
		if (!mm_vz_insn(m))
			return;
		if (!m->cfg.guestid) {
			m->bad.absent_reg++;
			return;
		}
		/* ID 7:0 and RID 23:16, only the implemented bits [facts §3] */
		m->gctl1 = (val & idmask) |
			   (val & (idmask << MM_GCTL1_RID_SHIFT));
		mm_check_rid(m);
		return;
	}
	m->bad.absent_reg++;
}

unsigned long mips_model_mfgc0(unsigned int id, bool dword)
{
	struct mips_model *m = mm_cur;
	u64 v;

	if (!mm_vz_insn(m))
		return 0;
	m->n.mfgc0++;
	if (m->rd_pending)
		m->bad.hazard++;
	if (id >= MM_IDS || !m->g_present[id]) {
		/* [model] reads 0; the backend must never do it */
		m->bad.absent_reg++;
		return 0;
	}
	/* DMFGC0 of a 32-bit register is UNPREDICTABLE before R6 [PRA] */
	if (dword && !m->g_is64[id])
		m->bad.unpredictable++;
	v = m->g[id];
	/* the guest timer runs: root Count + GTOffset [facts §1.1, derived] */
	if (id == MM_G_COUNT)
		v = (u32)(m->r_count + m->gtoffset);
	if (!m->g_is64[id])
		v = mm_sext32(v);
	/* MFGC0 returns the low word, sign-extended [PRA] */
	return dword ? v : mm_sext32(v);
}

static void mm_greg_write(struct mips_model *m, unsigned int id, u64 val)
{
	u64 w = m->g_wmask[id];

	switch (id) {
	case MM_G_INDEX:
		/* Index.P is written only by TLBP/TLBGP [PRA] */
		m->g[id] = (m->g[id] & MM_INDEX_P) | (val & w);
		return;
	case MM_G_WIRED:
		/* A Wired write sets Random to its upper bound [PRA] */
		m->g[id] = val & w;
		m->g[MM_G_RANDOM] = m->gtlb_size - 1;
		return;
	case MM_G_EBASE:
		/* EBase 31:30 read 10 in a 32-bit EBase [PRA] */
		m->g[id] = 0x80000000U | (val & w);
		return;
	}
	m->g[id] = (m->g[id] & ~w) | (val & w);
	if (!m->g_is64[id])
		m->g[id] &= 0xffffffffULL;
}

void mips_model_mtgc0(unsigned int id, unsigned long val, bool dword)
{
	struct mips_model *m = mm_cur;

	if (!mm_vz_insn(m))
		return;
	m->n.mtgc0++;
	if (id >= MM_IDS || !m->g_present[id]) {
		m->bad.absent_reg++;
		return;
	}
	if (mm_tlb_input(id))
		m->wr_pending = true;
	if (dword && !m->g_is64[id])
		m->bad.unpredictable++;
	/* MTGC0 writes the low word, sign-extended, to a 64-bit register */
	mm_greg_write(m, id, dword ? val : mm_sext32(val));
}

void mips_model_ehb(void)
{
	struct mips_model *m = mm_cur;

	m->n.ehb++;
	m->wr_pending = false;
	m->rd_pending = false;
}

static void mm_load_guest_regs(struct mips_model *m, const struct mm_view *v)
{
	m->g[MM_G_ENTRYHI] = v->hi;
	m->g[MM_G_ENTRYLO0] = v->lo0;
	m->g[MM_G_ENTRYLO1] = v->lo1;
	m->g[MM_G_PAGEMASK] = v->mask;
}

static void mm_tlbgr(struct mips_model *m)
{
	unsigned int i = m->g[MM_G_INDEX] & m->g_wmask[MM_G_INDEX];
	struct mm_view v;

	if (i >= m->gtlb_size) {
		m->bad.unpredictable++;
		return;
	}
	/*
	 * "Read Indexed Guest TLB Entry": the guest TLB entry at
	 * Guest.Index into Guest EntryHi/EntryLo0/EntryLo1/PageMask, and
	 * "if (GuestCtl0_G1 = 1) GuestCtl1_RID <- Guest.TLB[i]_GuestID"
	 * [seed, TLBGR pseudo-code; facts §2].
	 */
	mm_entry_view(m, &m->gtlb[i], &v);
	mm_load_guest_regs(m, &v);
	if (m->cfg.guestid) {
		m->gctl1 = (m->gctl1 & ~MM_GCTL1_RID) |
			   ((u32)m->gtlb[i].gid << MM_GCTL1_RID_SHIFT);
		mm_check_rid(m);
	}
	m->rd_pending = true;
}

/*
 * TLBGWI/TLBGWR: write Guest EntryHi/EntryLo0/EntryLo1/PageMask into
 * the guest TLB, tagged with GuestCtl1.RID [facts §2: "Set root GuestID
 * for root probe and write of guest TLB entry"].
 */
static void mm_tlbgw(struct mips_model *m, unsigned int i)
{
	mm_tlb_write(m, m->gtlb, m->gtlb_size, i, m->g[MM_G_ENTRYHI],
		     m->g[MM_G_ENTRYLO0], m->g[MM_G_ENTRYLO1],
		     (u32)m->g[MM_G_PAGEMASK], mm_rid(m));
}

/* Random counts down from Size-1 to Wired, then wraps [PRA]. */
static unsigned int mm_guest_random_next(struct mips_model *m)
{
	unsigned int r = m->g[MM_G_RANDOM];
	unsigned int wired = m->g[MM_G_WIRED] & 0xffff;

	m->g[MM_G_RANDOM] = (r <= wired || r == 0) ? m->gtlb_size - 1 : r - 1;
	return r;
}

/*
 * TLBINVF/TLBGINVF (Config4.IE=2): invalidate every entry, wired ones
 * too [facts §2, §10.3]. With GuestIDs only entries tagged with RID:
 * "[the Root TLB can] flush either set of mappings in entirety with the
 * TLBINVF instruction" [seed §4.5]; the per-RID scope is [unverified].
 */
static void mm_invf(struct mips_model *m, struct mm_tlbe *tlb,
		    unsigned int size)
{
	unsigned int i;

	if (!m->cfg.tlbinv) {
		m->bad.reserved_insn++;
		return;
	}
	for (i = 0; i < size; i++)
		if (!m->cfg.guestid || tlb[i].gid == mm_rid(m))
			tlb[i].hi |= MM_HI_EHINV;
}

void mips_model_op(enum mips_model_op op)
{
	struct mips_model *m = mm_cur;
	struct mm_view v;
	int hit;
	unsigned int i;

	if (op >= MIPS_MODEL_TLBGP && !mm_vz_insn(m))
		return;
	m->n.op[op]++;
	/* MTC0 of a TLB input → TLB instruction needs an EHB [PRA] */
	if (m->wr_pending)
		m->bad.hazard++;
	mm_check_rid(m);

	switch (op) {
	case MIPS_MODEL_TLBP:
		/* root probe: EntryHi with GuestID RID [facts §2] */
		hit = mm_tlb_probe(m, m->rtlb, m->cfg.rtlb_size, m->r_entryhi,
				   mm_rid(m));
		m->r_index = hit >= 0 ? (u32)hit : (m->r_index | MM_INDEX_P);
		m->rd_pending = true;
		break;
	case MIPS_MODEL_TLBR:
		/* root read; "TLBR may clobber ... GuestCtl1.RID" [facts §1.4] */
		i = m->r_index & mm_pow2_mask(m->cfg.rtlb_size);
		if (i >= m->cfg.rtlb_size) {
			m->bad.unpredictable++;
			break;
		}
		mm_entry_view(m, &m->rtlb[i], &v);
		m->r_entryhi = v.hi;
		m->r_entrylo0 = v.lo0;
		m->r_entrylo1 = v.lo1;
		m->r_pagemask = v.mask;
		if (m->cfg.guestid)
			m->gctl1 = (m->gctl1 & ~MM_GCTL1_RID) |
				   ((u32)m->rtlb[i].gid << MM_GCTL1_RID_SHIFT);
		mm_check_rid(m);
		m->rd_pending = true;
		break;
	case MIPS_MODEL_TLBWI:
		mm_tlb_write(m, m->rtlb, m->cfg.rtlb_size,
			     m->r_index & mm_pow2_mask(m->cfg.rtlb_size),
			     m->r_entryhi, m->r_entrylo0, m->r_entrylo1,
			     m->r_pagemask, mm_rid(m));
		break;
	case MIPS_MODEL_TLBWR:
		/*
		 * Root TLBWR: an index in [Wired, Size) the hardware picks
		 * [PRA]; the model picks it with its LFSR, so a test can
		 * replay it.
		 */
		if (m->r_wired >= m->cfg.rtlb_size) {
			m->bad.unpredictable++;
			break;
		}
		i = m->r_wired + mm_rand(&m->lfsr) %
				 (m->cfg.rtlb_size - m->r_wired);
		mm_tlb_write(m, m->rtlb, m->cfg.rtlb_size, i, m->r_entryhi,
			     m->r_entrylo0, m->r_entrylo1, m->r_pagemask,
			     mm_rid(m));
		break;
	case MIPS_MODEL_TLBINVF:
		mm_invf(m, m->rtlb, m->cfg.rtlb_size);
		break;
	case MIPS_MODEL_TLBGP:
		/* Guest.EntryHi with GuestID RID [facts §2]; miss sets P */
		hit = mm_tlb_probe(m, m->gtlb, m->gtlb_size,
				   m->g[MM_G_ENTRYHI], mm_rid(m));
		m->g[MM_G_INDEX] = hit >= 0 ? (u32)hit :
				   (m->g[MM_G_INDEX] | MM_INDEX_P);
		m->rd_pending = true;
		break;
	case MIPS_MODEL_TLBGR:
		mm_tlbgr(m);
		break;
	case MIPS_MODEL_TLBGWI:
		mm_tlbgw(m, m->g[MM_G_INDEX] & m->g_wmask[MM_G_INDEX]);
		break;
	case MIPS_MODEL_TLBGWR:
		mm_tlbgw(m, mm_guest_random_next(m));
		break;
	case MIPS_MODEL_TLBGINVF:
		mm_invf(m, m->gtlb, m->gtlb_size);
		break;
	case MIPS_MODEL_NR_OPS:
		break;
	}
}

/*
 * The root page walker: htw_stop()/htw_start() nest, and PWCtl.PWEn is
 * cleared by the outermost stop (asm/pgtable.h, facts §4 step 2).
 */
void mips_model_htw_stop(void)
{
	struct mips_model *m = mm_cur;

	if (!m->cfg.htw)
		return;
	if (!m->htw_seq++) {
		m->pwen = false;
		mips_model_ehb();
	}
}

void mips_model_htw_start(void)
{
	struct mips_model *m = mm_cur;

	if (!m->cfg.htw)
		return;
	assert(m->htw_seq > 0);
	if (!--m->htw_seq) {
		m->pwen = true;
		mm_check_rid(m);
		mips_model_ehb();
	}
}

unsigned long mips_model_irq_save(void)
{
	struct mips_model *m = mm_cur;
	unsigned long flags = m->irqs_off;

	m->irqs_off = true;
	return flags;
}

void mips_model_irq_restore(unsigned long flags)
{
	struct mips_model *m = mm_cur;

	m->irqs_off = flags;
	mm_check_rid(m);
}

void mips_model_preempt(int delta)
{
	mm_cur->preempt += delta;
	assert(mm_cur->preempt >= 0);
}

bool mips_model_has(enum mips_model_feature f)
{
	const struct mm_config *cfg = &mm_cur->cfg;

	switch (f) {
	case MIPS_MODEL_HAS_VZ:
		return cfg->vz;
	case MIPS_MODEL_HAS_GUESTID:
		return cfg->vz && cfg->guestid;
	case MIPS_MODEL_HAS_TLBINV:
		return cfg->tlbinv;
	case MIPS_MODEL_HAS_MMID:
		return cfg->mmid;
	}
	return false;
}

unsigned int mips_model_guestid_mask(void)
{
	/* as cpu_probe_guestctl1 finds it: write 0xff, read back [facts §3] */
	return mm_cur->cfg.guestid ? (1U << mm_cur->cfg.guestid_bits) - 1 : 0;
}

unsigned int mips_model_root_tlb_size(void)
{
	return mm_cur->cfg.rtlb_size;
}

unsigned int mips_model_vmbits(void)
{
	return mm_cur->cfg.segbits;
}

/* --- instruments: the tests acting as the guest, or as root refills ---- */

u8 mm_guest_tag(const struct mips_model *m)
{
	/* guest-mode execution uses GuestCtl1.ID [facts §2] */
	return m->cfg.guestid ? m->gctl1 & MM_GCTL1_ID : 0;
}

u64 mm_guest_reg(const struct mips_model *m, unsigned int id)
{
	assert(id < MM_IDS && m->g_present[id]);
	return m->g[id];
}

void mm_guest_set_reg(struct mips_model *m, unsigned int id, u64 val)
{
	assert(id < MM_IDS && m->g_present[id]);
	mm_greg_write(m, id, val);
}

void mm_guest_tlbwi(struct mips_model *m, unsigned int i, u64 hi, u64 lo0,
		    u64 lo1, u32 mask)
{
	mm_tlb_write(m, m->gtlb, m->gtlb_size, i, hi & mm_hi_wmask(m),
		     lo0 & mm_lo_wmask(m), lo1 & mm_lo_wmask(m), mask,
		     mm_guest_tag(m));
}

void mm_guest_tlbwr(struct mips_model *m, u64 hi, u64 lo0, u64 lo1,
		    u32 mask)
{
	mm_guest_tlbwi(m, mm_guest_random_next(m), hi, lo0, lo1, mask);
}

/*
 * What guest-mode TLBR at @i returns. An entry of another GuestID is
 * not the guest's: it reads as an invalid entry [model: the manual's
 * answer was not available; the tests only need "never its contents"].
 */
void mm_guest_view(const struct mips_model *m, unsigned int i,
		   struct mm_view *v)
{
	const struct mm_tlbe *e = &m->gtlb[i];

	assert(i < m->gtlb_size);
	if (e->gid != mm_guest_tag(m)) {
		v->hi = m->cfg.tlbinv ? MM_HI_EHINV : 0;
		v->lo0 = 0;
		v->lo1 = 0;
		v->mask = 0;
		return;
	}
	mm_entry_view(m, e, v);
}

int mm_guest_lookup(const struct mips_model *m, u64 va, u8 asid)
{
	unsigned int i;

	for (i = 0; i < m->gtlb_size; i++)
		if (mm_match(m, &m->gtlb[i], (va & ~0x1fffULL) | asid,
			     mm_guest_tag(m)))
			return i;
	return -1;
}

/* Would guest-mode TLBWI at @i make two of the guest's entries match? */
bool mm_guest_would_overlap(const struct mips_model *m, unsigned int i,
			    u64 hi, u64 lo0, u64 lo1, u32 mask)
{
	struct mm_tlbe e;
	unsigned int j;

	e.mask = mask & MM_PAGEMASK_BITS;
	e.hi = hi & mm_hi_wmask(m) & ~(u64)e.mask;
	e.g = lo0 & lo1 & MM_LO_G;
	e.gid = mm_guest_tag(m);
	for (j = 0; j < m->gtlb_size; j++)
		if (j != i && mm_overlap(m, &m->gtlb[j], &e))
			return true;
	return false;
}

void mm_root_write(struct mips_model *m, unsigned int i, u64 hi, u64 lo0,
		   u64 lo1, u32 mask, u8 gid)
{
	mm_tlb_write(m, m->rtlb, m->cfg.rtlb_size, i, hi & mm_hi_wmask(m),
		     lo0 & mm_lo_wmask(m), lo1 & mm_lo_wmask(m), mask, gid);
}
