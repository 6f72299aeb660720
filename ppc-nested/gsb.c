// SPDX-License-Identifier: GPL-2.0
/*
 * Guest State Buffer codec: the element id table, a parser that validates
 * a whole buffer before anyone sees an element, and a builder that writes
 * into a fixed, caller-provided buffer.
 *
 * The format and the id table are the seed's (004, kvm-nested.rst "Guest
 * State Buffer"). Where QEMU's L0 (hw/ppc/spapr_nested.c, summarised in
 * power-nested-facts.md §3.3-3.4) adds to it or differs, the table says
 * so next to the entry:
 *
 *  - host-wide ids 0x0800-0x0804 and DPDES 0x1053 are not in the seed;
 *  - HEIR is 4 bytes in the seed and QEMU, 8 in Linux's L1: a 4-byte HEIR
 *    is the low word of the 64-bit HEIR, and 8 bytes are tolerated, so the
 *    value of HEIR is always a u64 here (facts §4.2);
 *  - the seed marks PPR "W" and HDEC expiry "T" in its RW column: both are
 *    read/write in QEMU and Linux, and here;
 *  - a GET of the partition table, the process table or a run buffer
 *    aborts QEMU (facts §3.8): they are set-only here.
 *
 * Validation follows what an L0 checks (QEMU's guest_state_request_check),
 * so nothing okvm builds is refused there, and nothing an L0 returns is
 * used before the whole buffer has been checked: unknown id, wrong size,
 * element of another scope than the buffer's, read-only element in a SET
 * buffer, set-only element in a GET buffer, or a count that runs past the
 * end. Bytes after the last element are allowed (a run output buffer is
 * larger than what the L0 writes into it).
 */
#include "internal.h"
#include "gsb.h"

#define T	OKVM_GSF_THREAD
#define G	OKVM_GSF_GUEST
#define H	OKVM_GSF_HOST
#define RO	OKVM_GSF_RO
#define SETONLY	OKVM_GSF_SETONLY
#define GSI(sz, fl)	{ .size = (sz), .flags = (fl) }

/* 0x0000-0x0006: meta and guest-wide elements */
static const struct okvm_gsid_info okvm_gsid_meta[] = {
	[OKVM_GSID_NOP]				= GSI(0, T | G | H | OKVM_GSF_ANYSIZE),
	[OKVM_GSID_VCPU_STATE_SIZE]		= GSI(8, G | RO),
	[OKVM_GSID_RUN_OUTPUT_MIN_SIZE]		= GSI(8, G | RO),
	[OKVM_GSID_LOGICAL_PVR]			= GSI(4, G),
	[OKVM_GSID_TB_OFFSET]			= GSI(8, G),
	/* be64 root address, be64 address bits, be64 root directory size */
	[OKVM_GSID_PARTITION_TABLE]		= GSI(24, G | SETONLY),
	/* be64 process table address, be64 size */
	[OKVM_GSID_PROCESS_TABLE]		= GSI(16, G | SETONLY),
};

/* 0x0800-0x0804: host-wide L0 statistics (QEMU, not in the seed) */
#define HW(id)	((id) - OKVM_GSID_L0_GUEST_HEAP)
static const struct okvm_gsid_info okvm_gsid_host[] = {
	[HW(OKVM_GSID_L0_GUEST_HEAP)]		= GSI(8, H | RO),
	[HW(OKVM_GSID_L0_GUEST_HEAP_MAX)]	= GSI(8, H | RO),
	[HW(OKVM_GSID_L0_PGTABLE)]		= GSI(8, H | RO),
	[HW(OKVM_GSID_L0_PGTABLE_MAX)]		= GSI(8, H | RO),
	[HW(OKVM_GSID_L0_PGTABLE_RECLAIM)]	= GSI(8, H | RO),
};

/* 0x0C00-0x0C02: run buffers (be64 address, be64 size) and the VPA */
#define RB(id)	((id) - OKVM_GSID_RUN_INPUT)
static const struct okvm_gsid_info okvm_gsid_run[] = {
	[RB(OKVM_GSID_RUN_INPUT)]		= GSI(16, T | SETONLY),
	[RB(OKVM_GSID_RUN_OUTPUT)]		= GSI(16, T | SETONLY),
	[RB(OKVM_GSID_VPA)]			= GSI(8, T),
};

/* 0x1000-0x1053: 8-byte per-vCPU registers */
#define DW(id)	((id) - OKVM_GSID_GPR(0))
static const struct okvm_gsid_info okvm_gsid_dw[] = {
	[DW(OKVM_GSID_GPR(0)) ... DW(OKVM_GSID_GPR(31))] = GSI(8, T),
	[DW(OKVM_GSID_HDEC_EXPIRY_TB)]		= GSI(8, T),
	[DW(OKVM_GSID_NIA)]			= GSI(8, T),
	[DW(OKVM_GSID_MSR)]			= GSI(8, T),
	[DW(OKVM_GSID_LR)]			= GSI(8, T),
	[DW(OKVM_GSID_XER)]			= GSI(8, T),
	[DW(OKVM_GSID_CTR)]			= GSI(8, T),
	[DW(OKVM_GSID_CFAR)]			= GSI(8, T),
	[DW(OKVM_GSID_SRR0)]			= GSI(8, T),
	[DW(OKVM_GSID_SRR1)]			= GSI(8, T),
	[DW(OKVM_GSID_DAR)]			= GSI(8, T),
	[DW(OKVM_GSID_DEC_EXPIRY_TB)]		= GSI(8, T),
	[DW(OKVM_GSID_VTB)]			= GSI(8, T),
	[DW(OKVM_GSID_LPCR)]			= GSI(8, T),
	[DW(OKVM_GSID_HFSCR)]			= GSI(8, T),
	[DW(OKVM_GSID_FSCR)]			= GSI(8, T),
	[DW(OKVM_GSID_FPSCR)]			= GSI(8, T),
	[DW(OKVM_GSID_DAWR0)]			= GSI(8, T),
	[DW(OKVM_GSID_DAWR1)]			= GSI(8, T),
	[DW(OKVM_GSID_CIABR)]			= GSI(8, T),
	[DW(OKVM_GSID_PURR)]			= GSI(8, T),
	[DW(OKVM_GSID_SPURR)]			= GSI(8, T),
	[DW(OKVM_GSID_IC)]			= GSI(8, T),
	[DW(OKVM_GSID_SPRG(0)) ... DW(OKVM_GSID_SPRG(3))] = GSI(8, T),
	[DW(OKVM_GSID_PPR)]			= GSI(8, T),
	/* QEMU accepts MMCR3, SIER2 and SIER3 but ignores them */
	[DW(OKVM_GSID_MMCR(0)) ... DW(OKVM_GSID_MMCR(3))] = GSI(8, T),
	[DW(OKVM_GSID_MMCRA)]			= GSI(8, T),
	[DW(OKVM_GSID_SIER)]			= GSI(8, T),
	[DW(OKVM_GSID_SIER2)]			= GSI(8, T),
	[DW(OKVM_GSID_SIER3)]			= GSI(8, T),
	[DW(OKVM_GSID_BESCR)]			= GSI(8, T),
	[DW(OKVM_GSID_EBBHR)]			= GSI(8, T),
	[DW(OKVM_GSID_EBBRR)]			= GSI(8, T),
	[DW(OKVM_GSID_AMR)]			= GSI(8, T),
	[DW(OKVM_GSID_IAMR)]			= GSI(8, T),
	[DW(OKVM_GSID_AMOR)]			= GSI(8, T),
	[DW(OKVM_GSID_UAMOR)]			= GSI(8, T),
	[DW(OKVM_GSID_SDAR)]			= GSI(8, T),
	[DW(OKVM_GSID_SIAR)]			= GSI(8, T),
	[DW(OKVM_GSID_DSCR)]			= GSI(8, T),
	[DW(OKVM_GSID_TAR)]			= GSI(8, T),
	[DW(OKVM_GSID_DEXCR)]			= GSI(8, T),
	[DW(OKVM_GSID_HDEXCR)]			= GSI(8, T),
	[DW(OKVM_GSID_HASHKEYR)]		= GSI(8, T),
	[DW(OKVM_GSID_HASHPKEYR)]		= GSI(8, T),
	[DW(OKVM_GSID_CTRL)]			= GSI(8, T),
	/* QEMU and Linux, reserved in the seed */
	[DW(OKVM_GSID_DPDES)]			= GSI(8, T),
};

/* 0x2000-0x200E: 4-byte per-vCPU registers */
#define W(id)	((id) - OKVM_GSID_CR)
static const struct okvm_gsid_info okvm_gsid_w[] = {
	[W(OKVM_GSID_CR)]			= GSI(4, T),
	[W(OKVM_GSID_PIDR)]			= GSI(4, T),
	[W(OKVM_GSID_DSISR)]			= GSI(4, T),
	[W(OKVM_GSID_VSCR)]			= GSI(4, T),
	[W(OKVM_GSID_VRSAVE)]			= GSI(4, T),
	[W(OKVM_GSID_DAWRX0)]			= GSI(4, T),
	[W(OKVM_GSID_DAWRX1)]			= GSI(4, T),
	[W(OKVM_GSID_PMC(0)) ... W(OKVM_GSID_PMC(5))] = GSI(4, T),
	/* QEMU accepts WORT but ignores it */
	[W(OKVM_GSID_WORT)]			= GSI(4, T),
	[W(OKVM_GSID_PSPB)]			= GSI(4, T),
};

/* 0x3000-0x303F: VSRs, most-significant doubleword first */
static const struct okvm_gsid_info okvm_gsid_vsr[] = {
	[0 ... 63]				= GSI(16, T),
};

/* 0xF000-0xF003: interrupt information the L0 reports */
#define IN(id)	((id) - OKVM_GSID_HDAR)
static const struct okvm_gsid_info okvm_gsid_intr[] = {
	[IN(OKVM_GSID_HDAR)]			= GSI(8, T | RO),
	[IN(OKVM_GSID_HDSISR)]			= GSI(4, T | RO),
	[IN(OKVM_GSID_HEIR)]			= GSI(4, T | RO | OKVM_GSF_WIDE),
	[IN(OKVM_GSID_ASDR)]			= GSI(8, T | RO),
};

/* The id classes, in id order; everything between them is reserved. */
static const struct okvm_gsid_block {
	u16 first;
	u16 nr;
	const struct okvm_gsid_info *info;
} okvm_gsid_blocks[] = {
	{ OKVM_GSID_NOP, ARRAY_SIZE(okvm_gsid_meta), okvm_gsid_meta },
	{ OKVM_GSID_L0_GUEST_HEAP, ARRAY_SIZE(okvm_gsid_host), okvm_gsid_host },
	{ OKVM_GSID_RUN_INPUT, ARRAY_SIZE(okvm_gsid_run), okvm_gsid_run },
	{ OKVM_GSID_GPR(0), ARRAY_SIZE(okvm_gsid_dw), okvm_gsid_dw },
	{ OKVM_GSID_CR, ARRAY_SIZE(okvm_gsid_w), okvm_gsid_w },
	{ OKVM_GSID_VSR(0), ARRAY_SIZE(okvm_gsid_vsr), okvm_gsid_vsr },
	{ OKVM_GSID_HDAR, ARRAY_SIZE(okvm_gsid_intr), okvm_gsid_intr },
};

/* The table's shorthands end here (tests/unit includes this file). */
#undef T
#undef G
#undef H
#undef RO
#undef SETONLY
#undef GSI
#undef HW
#undef RB
#undef DW
#undef W
#undef IN

/**
 * okvm_gsid_info() - look an element id up in the id table
 * @id: element id
 *
 * Return: its size and flags, or NULL for an id the table does not know
 * (reserved in the seed).
 */
const struct okvm_gsid_info *okvm_gsid_info(u16 id)
{
	const struct okvm_gsid_block *b;
	const struct okvm_gsid_info *info;
	unsigned int i, idx;

	for (i = 0; i < ARRAY_SIZE(okvm_gsid_blocks); i++) {
		b = &okvm_gsid_blocks[i];
		idx = (u16)(id - b->first);
		if (idx >= b->nr)
			continue;
		info = &b->info[array_index_nospec(idx, b->nr)];
		/* a hole in a block is a reserved id */
		return info->flags ? info : NULL;
	}
	return NULL;
}

/**
 * okvm_gsid_value_size() - size of an element's value in CPU form
 * @info: from okvm_gsid_info()
 *
 * What okvm_gsb_put() takes and okvm_gsb_elem_value() gives: the wire size,
 * except for HEIR, whose value is always a u64 (the 64-bit HEIR; a 4-byte
 * HEIR is its low word). 0 for the NOP.
 *
 * Return: the size in bytes.
 */
unsigned int okvm_gsid_value_size(const struct okvm_gsid_info *info)
{
	return info->flags & OKVM_GSF_WIDE ? 8 : info->size;
}

/* Is @size a wire size of the element (HEIR: 4 or 8)? */
static bool okvm_gsid_size_ok(const struct okvm_gsid_info *info,
			      unsigned int size)
{
	return size == info->size || (info->flags & OKVM_GSF_WIDE && size == 8);
}

/* One scope, one direction, nothing else; host-wide state is GET only. */
static bool okvm_gsb_mode_ok(unsigned int mode)
{
	unsigned int scope = mode & OKVM_GSB_SCOPE;
	unsigned int dir = mode & (OKVM_GSB_SET | OKVM_GSB_GET);

	if (mode & ~(OKVM_GSB_SCOPE | OKVM_GSB_SET | OKVM_GSB_GET))
		return false;
	if (!scope || (scope & (scope - 1)))
		return false;
	if (dir != OKVM_GSB_SET && dir != OKVM_GSB_GET)
		return false;
	return !(scope == OKVM_GSB_HOST && dir == OKVM_GSB_SET);
}

/**
 * okvm_gsb_check_elem() - may this element appear in this buffer?
 * @id: element id
 * @size: value size on the wire
 * @mode: the buffer's scope and direction (OKVM_GSB_*)
 *
 * The checks an L0 makes, in its order: id known, size right, scope
 * matching, access allowed. The NOP element passes with any size in any
 * buffer.
 *
 * Return: OKVM_GSB_OK, or why not.
 */
enum okvm_gsb_fault okvm_gsb_check_elem(u16 id, u16 size, unsigned int mode)
{
	const struct okvm_gsid_info *info;

	if (!okvm_gsb_mode_ok(mode))
		return OKVM_GSB_E_MODE;
	info = okvm_gsid_info(id);
	if (!info)
		return OKVM_GSB_E_ID;
	if (info->flags & OKVM_GSF_ANYSIZE)
		return OKVM_GSB_OK;
	if (!okvm_gsid_size_ok(info, size))
		return OKVM_GSB_E_SIZE;
	if (!(info->flags & mode & OKVM_GSB_SCOPE))
		return OKVM_GSB_E_SCOPE;
	if (mode & OKVM_GSB_SET && info->flags & OKVM_GSF_RO)
		return OKVM_GSB_E_RO;
	if (mode & OKVM_GSB_GET && info->flags & OKVM_GSF_SETONLY)
		return OKVM_GSB_E_SETONLY;
	return OKVM_GSB_OK;
}

static const int okvm_gsb_fault_errnos[] = {
	[OKVM_GSB_OK]		= 0,
	[OKVM_GSB_E_MODE]	= -EINVAL,
	[OKVM_GSB_E_LEN]	= -EBADMSG,
	[OKVM_GSB_E_TRUNC]	= -EBADMSG,
	[OKVM_GSB_E_ID]		= -ENOENT,
	[OKVM_GSB_E_SIZE]	= -EINVAL,
	[OKVM_GSB_E_SCOPE]	= -EINVAL,
	[OKVM_GSB_E_RO]		= -EPERM,
	[OKVM_GSB_E_SETONLY]	= -EPERM,
};

/**
 * okvm_gsb_fault_errno() - the errno for a parse or build fault
 * @fault: the fault
 *
 * Return: 0 for OKVM_GSB_OK; -EBADMSG for a malformed buffer (length,
 * count); -ENOENT for an unknown id; -EPERM for an access the element
 * does not allow; -EINVAL otherwise.
 */
int okvm_gsb_fault_errno(enum okvm_gsb_fault fault)
{
	if ((unsigned int)fault >= ARRAY_SIZE(okvm_gsb_fault_errnos))
		return -EINVAL;
	return okvm_gsb_fault_errnos[fault];
}

static u16 okvm_gsb_be16(const u8 *p)
{
	__be16 v;

	memcpy(&v, p, sizeof(v));
	return be16_to_cpu(v);
}

static u32 okvm_gsb_be32(const u8 *p)
{
	__be32 v;

	memcpy(&v, p, sizeof(v));
	return be32_to_cpu(v);
}

static u64 okvm_gsb_be64(const u8 *p)
{
	__be64 v;

	memcpy(&v, p, sizeof(v));
	return be64_to_cpu(v);
}

static void okvm_gsb_put_be16(u8 *p, u16 v)
{
	__be16 b = cpu_to_be16(v);

	memcpy(p, &b, sizeof(b));
}

static void okvm_gsb_put_be32(u8 *p, u32 v)
{
	__be32 b = cpu_to_be32(v);

	memcpy(p, &b, sizeof(b));
}

static void okvm_gsb_put_be64(u8 *p, u64 v)
{
	__be64 b = cpu_to_be64(v);

	memcpy(p, &b, sizeof(b));
}

/* A big-endian integer of 1, 2, 4 or 8 bytes. */
static u64 okvm_gsb_get_int(const u8 *p, unsigned int n)
{
	switch (n) {
	case 1:
		return p[0];
	case 2:
		return okvm_gsb_be16(p);
	case 4:
		return okvm_gsb_be32(p);
	default:
		return okvm_gsb_be64(p);
	}
}

static void okvm_gsb_put_int(u8 *p, unsigned int n, u64 v)
{
	switch (n) {
	case 1:
		p[0] = v;
		break;
	case 2:
		okvm_gsb_put_be16(p, v);
		break;
	case 4:
		okvm_gsb_put_be32(p, v);
		break;
	default:
		okvm_gsb_put_be64(p, v);
		break;
	}
}

/*
 * Wire (@wsize bytes at @p) to CPU form (@vsize bytes at @val). Sizes up to
 * 8 are one integer (a narrower wire value is zero-extended: HEIR); longer
 * ones are doublewords, the most-significant first, stored as a u64 array
 * in the same order.
 */
static void okvm_gsb_decode(void *val, unsigned int vsize, const u8 *p,
			    unsigned int wsize)
{
	unsigned int i;
	u64 d;

	if (vsize <= 8) {
		okvm_gsb_store_int(val, vsize, okvm_gsb_get_int(p, wsize));
		return;
	}
	for (i = 0; i < vsize / 8; i++) {
		d = okvm_gsb_be64(p + 8 * i);
		memcpy((u8 *)val + 8 * i, &d, sizeof(d));
	}
}

static void okvm_gsb_encode(u8 *p, unsigned int wsize, const void *val,
			    unsigned int vsize)
{
	unsigned int i;
	u64 d;

	if (vsize <= 8) {
		okvm_gsb_put_int(p, wsize, okvm_gsb_load_int(val, vsize));
		return;
	}
	for (i = 0; i < vsize / 8; i++) {
		memcpy(&d, (const u8 *)val + 8 * i, sizeof(d));
		okvm_gsb_put_be64(p + 8 * i, d);
	}
}

/**
 * okvm_gsb_parse() - validate a buffer, then visit its elements
 * @buf: the buffer
 * @len: its length in bytes (may exceed what the elements use)
 * @mode: what it must be: one OKVM_GSB_* scope and OKVM_GSB_SET or
 *	OKVM_GSB_GET
 * @visit: called for each element in order, or NULL to validate only
 * @ctx: passed to @visit
 * @err: if not NULL, where and why the buffer was refused
 *
 * Every element is checked before @visit sees the first one, so a caller
 * applying a buffer never applies half of one. Nothing is allocated.
 *
 * Return: the number of elements; a non-zero return of @visit, which
 * stopped the walk; or the okvm_gsb_fault_errno() of the first fault.
 */
int okvm_gsb_parse(const void *buf, size_t len, unsigned int mode,
		   okvm_gsb_visit_t visit, void *ctx, struct okvm_gsb_err *err)
{
	struct okvm_gsb_err e = { .fault = OKVM_GSB_OK };
	const u8 *p = buf, *end;
	struct okvm_gsb_elem el;
	u32 i, n;
	int r;

	if (!okvm_gsb_mode_ok(mode)) {
		e.fault = OKVM_GSB_E_MODE;
		goto bad;
	}
	if (len < OKVM_GSB_HDR_LEN || len > OKVM_GSB_MAX_LEN) {
		e.fault = OKVM_GSB_E_LEN;
		goto bad;
	}
	end = p + len;
	n = okvm_gsb_be32(p);
	p += OKVM_GSB_HDR_LEN;
	for (i = 0; i < n; i++) {
		e.index = i;
		if (end - p < OKVM_GSE_HDR_LEN) {
			e.fault = OKVM_GSB_E_TRUNC;
			goto bad;
		}
		e.id = okvm_gsb_be16(p);
		e.size = okvm_gsb_be16(p + 2);
		e.fault = okvm_gsb_check_elem(e.id, e.size, mode);
		if (e.fault != OKVM_GSB_OK)
			goto bad;
		if (end - p - OKVM_GSE_HDR_LEN < e.size) {
			e.fault = OKVM_GSB_E_TRUNC;
			goto bad;
		}
		p += OKVM_GSE_HDR_LEN + e.size;
	}
	if (err)
		*err = (struct okvm_gsb_err){ .fault = OKVM_GSB_OK };
	if (!visit)
		return n;

	p = (const u8 *)buf + OKVM_GSB_HDR_LEN;
	for (i = 0; i < n; i++) {
		el.id = okvm_gsb_be16(p);
		el.size = okvm_gsb_be16(p + 2);
		el.data = p + OKVM_GSE_HDR_LEN;
		r = visit(ctx, &el);
		if (r)
			return r;
		p += OKVM_GSE_HDR_LEN + el.size;
	}
	return n;

bad:
	if (err)
		*err = e;
	return okvm_gsb_fault_errno(e.fault);
}

/**
 * okvm_gsb_elem_value() - an element's value in CPU form
 * @e: an element of a validated buffer (from the okvm_gsb_parse() visitor)
 * @val: where to store it: a u32 or u64, or an array of u64 for longer
 *	values (a VSR: [0] is the most-significant doubleword)
 * @size: size of @val; must be okvm_gsid_value_size() of the id
 *
 * Return: 0, -ENOENT for an unknown id or the NOP (which has no value),
 * -EINVAL for a size that does not match the id or the wire size.
 */
int okvm_gsb_elem_value(const struct okvm_gsb_elem *e, void *val,
			unsigned int size)
{
	const struct okvm_gsid_info *info = okvm_gsid_info(e->id);

	if (!info || info->flags & OKVM_GSF_ANYSIZE)
		return -ENOENT;
	if (size != okvm_gsid_value_size(info) ||
	    !okvm_gsid_size_ok(info, e->size))
		return -EINVAL;
	okvm_gsb_decode(val, size, e->data, e->size);
	return 0;
}

/**
 * okvm_gsb_init() - start building a buffer in caller-provided memory
 * @b: the builder
 * @buf: the memory, such as a pre-registered run input buffer
 * @cap: its size in bytes
 * @mode: one OKVM_GSB_* scope and OKVM_GSB_SET (values) or OKVM_GSB_GET
 *	(a request: ids and sizes; or, for a stand-in L0, the answer)
 *
 * Writes an empty buffer (count 0) at @buf.
 *
 * Return: 0, or -EINVAL for a bad @mode or a @cap smaller than the header
 * or larger than OKVM_GSB_MAX_LEN.
 */
int okvm_gsb_init(struct okvm_gsb *b, void *buf, size_t cap,
		  unsigned int mode)
{
	if (!okvm_gsb_mode_ok(mode) || cap < OKVM_GSB_HDR_LEN ||
	    cap > OKVM_GSB_MAX_LEN)
		return -EINVAL;
	b->buf = buf;
	b->cap = cap;
	b->mode = mode;
	okvm_gsb_reset(b);
	return 0;
}

/**
 * okvm_gsb_reset() - empty a buffer to build it again
 * @b: the builder, set up by okvm_gsb_init()
 */
void okvm_gsb_reset(struct okvm_gsb *b)
{
	b->len = OKVM_GSB_HDR_LEN;
	b->nelems = 0;
	okvm_gsb_put_be32(b->buf, 0);
}

/*
 * Room for one element of @size value bytes: write its header and return
 * where the value goes, or NULL (and write nothing) when it does not fit.
 */
static u8 *okvm_gsb_reserve(struct okvm_gsb *b, u16 id, u16 size)
{
	u8 *p;

	if (b->cap - b->len < OKVM_GSE_HDR_LEN + (u32)size)
		return NULL;
	p = b->buf + b->len;
	okvm_gsb_put_be16(p, id);
	okvm_gsb_put_be16(p + 2, size);
	return p + OKVM_GSE_HDR_LEN;
}

/* Account for the element okvm_gsb_reserve() started. */
static void okvm_gsb_commit(struct okvm_gsb *b, u16 size)
{
	b->len += OKVM_GSE_HDR_LEN + size;
	b->nelems++;
	okvm_gsb_put_be32(b->buf, b->nelems);
}

/**
 * okvm_gsb_put() - append an element with its value
 * @b: the builder
 * @id: element id
 * @val: the value in CPU form (see okvm_gsb_elem_value()); for the NOP,
 *	@size raw bytes, or NULL for zeros
 * @size: size of @val: okvm_gsid_value_size() of @id (any for the NOP)
 *
 * HEIR goes out as 4 bytes (the seed's size) unless its value needs 8.
 * On failure the buffer is unchanged.
 *
 * Return: 0; -ENOENT for an unknown id; -EINVAL for a wrong @size or an
 * element of another scope; -EPERM for a read-only id in a SET buffer or a
 * set-only one in a GET buffer; -ENOSPC when it does not fit.
 */
int okvm_gsb_put(struct okvm_gsb *b, u16 id, const void *val,
		 unsigned int size)
{
	const struct okvm_gsid_info *info = okvm_gsid_info(id);
	enum okvm_gsb_fault fault;
	unsigned int wsize;
	u8 *p;

	if (!info)
		return -ENOENT;
	if (info->flags & OKVM_GSF_ANYSIZE) {
		if (size > U16_MAX)
			return -EINVAL;
		wsize = size;
	} else {
		if (size != okvm_gsid_value_size(info))
			return -EINVAL;
		wsize = info->size;
		if (info->flags & OKVM_GSF_WIDE &&
		    okvm_gsb_load_int(val, size) > U32_MAX)
			wsize = 8;
	}
	fault = okvm_gsb_check_elem(id, wsize, b->mode);
	if (fault != OKVM_GSB_OK)
		return okvm_gsb_fault_errno(fault);
	p = okvm_gsb_reserve(b, id, wsize);
	if (!p)
		return -ENOSPC;
	if (info->flags & OKVM_GSF_ANYSIZE) {
		if (val)
			memcpy(p, val, wsize);
		else
			memset(p, 0, wsize);
	} else {
		okvm_gsb_encode(p, wsize, val, size);
	}
	okvm_gsb_commit(b, wsize);
	return 0;
}

/**
 * okvm_gsb_put_request() - append an id to a GET request
 * @b: a builder in OKVM_GSB_GET mode
 * @id: element id
 *
 * The element gets the id's size and a zeroed value, for the L0 to fill
 * in. On failure the buffer is unchanged.
 *
 * Return: 0; -EINVAL if @b is not a GET buffer; otherwise as
 * okvm_gsb_put().
 */
int okvm_gsb_put_request(struct okvm_gsb *b, u16 id)
{
	const struct okvm_gsid_info *info = okvm_gsid_info(id);
	enum okvm_gsb_fault fault;
	u8 *p;

	if (!(b->mode & OKVM_GSB_GET))
		return -EINVAL;
	if (!info)
		return -ENOENT;
	fault = okvm_gsb_check_elem(id, info->size, b->mode);
	if (fault != OKVM_GSB_OK)
		return okvm_gsb_fault_errno(fault);
	p = okvm_gsb_reserve(b, id, info->size);
	if (!p)
		return -ENOSPC;
	memset(p, 0, info->size);
	okvm_gsb_commit(b, info->size);
	return 0;
}

/**
 * okvm_gsb_put_raw() - append an element given in wire form
 * @b: the builder
 * @id: element id
 * @data: @size bytes, big-endian as on the wire (may be NULL if @size is 0)
 * @size: value size on the wire
 *
 * For what the other puts cannot express, such as an 8-byte HEIR from a
 * stand-in L0. The element must pass okvm_gsb_check_elem(). On failure the
 * buffer is unchanged.
 *
 * Return: 0, okvm_gsb_fault_errno() of the check, or -ENOSPC.
 */
int okvm_gsb_put_raw(struct okvm_gsb *b, u16 id, const void *data, u16 size)
{
	enum okvm_gsb_fault fault = okvm_gsb_check_elem(id, size, b->mode);
	u8 *p;

	if (fault != OKVM_GSB_OK)
		return okvm_gsb_fault_errno(fault);
	p = okvm_gsb_reserve(b, id, size);
	if (!p)
		return -ENOSPC;
	if (size)
		memcpy(p, data, size);
	okvm_gsb_commit(b, size);
	return 0;
}
