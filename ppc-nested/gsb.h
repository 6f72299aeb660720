/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest State Buffer (GSB) codec for the PAPR v2 nested API.
 *
 * Format (seed 004, kvm-nested.rst "Guest State Buffer"), all big-endian:
 *
 *	be32 number of elements
 *	elements, packed back to back: { be16 id, be16 size, u8 value[size] }
 *
 * A value of 1, 2, 4 or 8 bytes is one big-endian integer; a longer value
 * is a sequence of big-endian doublewords, the most-significant doubleword
 * first (a VSR: for VSR0-31 that doubleword is the FPR).
 *
 * Pure code: no allocation, no locking, no hcalls, so tests/unit builds it
 * in userspace (and fuzzes the parser).
 */
#ifndef OKVM_PPC_GSB_H
#define OKVM_PPC_GSB_H

#include "internal.h"

/*
 * Element ids: the seed's table, plus what QEMU's L0 also defines
 * (host-wide 0x0800-0x0804 and DPDES 0x1053, both in Linux's
 * asm/guest-state-buffer.h too).
 */
#define OKVM_GSID_NOP			0x0000
#define OKVM_GSID_VCPU_STATE_SIZE	0x0001	/* L0 vCPU state size */
#define OKVM_GSID_RUN_OUTPUT_MIN_SIZE	0x0002
#define OKVM_GSID_LOGICAL_PVR		0x0003
#define OKVM_GSID_TB_OFFSET		0x0004
#define OKVM_GSID_PARTITION_TABLE	0x0005
#define OKVM_GSID_PROCESS_TABLE		0x0006

#define OKVM_GSID_L0_GUEST_HEAP		0x0800
#define OKVM_GSID_L0_GUEST_HEAP_MAX	0x0801
#define OKVM_GSID_L0_PGTABLE		0x0802
#define OKVM_GSID_L0_PGTABLE_MAX	0x0803
#define OKVM_GSID_L0_PGTABLE_RECLAIM	0x0804

#define OKVM_GSID_RUN_INPUT		0x0C00
#define OKVM_GSID_RUN_OUTPUT		0x0C01
#define OKVM_GSID_VPA			0x0C02

#define OKVM_GSID_GPR(n)		(0x1000 + (n))	/* n = 0..31 */
#define OKVM_GSID_HDEC_EXPIRY_TB	0x1020
#define OKVM_GSID_NIA			0x1021
#define OKVM_GSID_MSR			0x1022
#define OKVM_GSID_LR			0x1023
#define OKVM_GSID_XER			0x1024
#define OKVM_GSID_CTR			0x1025
#define OKVM_GSID_CFAR			0x1026
#define OKVM_GSID_SRR0			0x1027
#define OKVM_GSID_SRR1			0x1028
#define OKVM_GSID_DAR			0x1029
#define OKVM_GSID_DEC_EXPIRY_TB		0x102A
#define OKVM_GSID_VTB			0x102B
#define OKVM_GSID_LPCR			0x102C
#define OKVM_GSID_HFSCR			0x102D
#define OKVM_GSID_FSCR			0x102E
#define OKVM_GSID_FPSCR			0x102F
#define OKVM_GSID_DAWR0			0x1030
#define OKVM_GSID_DAWR1			0x1031
#define OKVM_GSID_CIABR			0x1032
#define OKVM_GSID_PURR			0x1033
#define OKVM_GSID_SPURR			0x1034
#define OKVM_GSID_IC			0x1035
#define OKVM_GSID_SPRG(n)		(0x1036 + (n))	/* n = 0..3 */
#define OKVM_GSID_PPR			0x103A
#define OKVM_GSID_MMCR(n)		(0x103B + (n))	/* n = 0..3 */
#define OKVM_GSID_MMCRA			0x103F
#define OKVM_GSID_SIER			0x1040
#define OKVM_GSID_SIER2			0x1041
#define OKVM_GSID_SIER3			0x1042
#define OKVM_GSID_BESCR			0x1043
#define OKVM_GSID_EBBHR			0x1044
#define OKVM_GSID_EBBRR			0x1045
#define OKVM_GSID_AMR			0x1046
#define OKVM_GSID_IAMR			0x1047
#define OKVM_GSID_AMOR			0x1048
#define OKVM_GSID_UAMOR			0x1049
#define OKVM_GSID_SDAR			0x104A
#define OKVM_GSID_SIAR			0x104B
#define OKVM_GSID_DSCR			0x104C
#define OKVM_GSID_TAR			0x104D
#define OKVM_GSID_DEXCR			0x104E
#define OKVM_GSID_HDEXCR		0x104F
#define OKVM_GSID_HASHKEYR		0x1050
#define OKVM_GSID_HASHPKEYR		0x1051
#define OKVM_GSID_CTRL			0x1052
#define OKVM_GSID_DPDES			0x1053

#define OKVM_GSID_CR			0x2000
#define OKVM_GSID_PIDR			0x2001
#define OKVM_GSID_DSISR			0x2002
#define OKVM_GSID_VSCR			0x2003
#define OKVM_GSID_VRSAVE		0x2004
#define OKVM_GSID_DAWRX0		0x2005
#define OKVM_GSID_DAWRX1		0x2006
#define OKVM_GSID_PMC(n)		(0x2007 + (n))	/* n = 0..5: PMC1-6 */
#define OKVM_GSID_WORT			0x200D
#define OKVM_GSID_PSPB			0x200E

#define OKVM_GSID_VSR(n)		(0x3000 + (n))	/* n = 0..63 */

#define OKVM_GSID_HDAR			0xF000
#define OKVM_GSID_HDSISR		0xF001
#define OKVM_GSID_HEIR			0xF002
#define OKVM_GSID_ASDR			0xF003

/*
 * Element flags (struct okvm_gsid_info). The three scope flags have the
 * values of the buffer scopes (OKVM_GSB_THREAD...), so a scope check is
 * one AND.
 */
#define OKVM_GSF_THREAD		BIT(0)	/* per vCPU ("T" in the seed) */
#define OKVM_GSF_GUEST		BIT(1)	/* guest-wide ("G") */
#define OKVM_GSF_HOST		BIT(2)	/* host-wide: L0 information */
#define OKVM_GSF_SCOPE		(OKVM_GSF_THREAD | OKVM_GSF_GUEST | OKVM_GSF_HOST)
#define OKVM_GSF_RO		BIT(3)	/* the L1 may read it, never set it */
/*
 * The L1 sets it and never gets it: QEMU's L0 asserts (killing the whole
 * machine) on a GET of the partition table, the process table or the run
 * buffers (power-nested-facts.md §3.8), though the seed calls them RW.
 */
#define OKVM_GSF_SETONLY	BIT(4)
/* Also accepted as 8 bytes: HEIR (4 in the seed and QEMU, 8 in Linux). */
#define OKVM_GSF_WIDE		BIT(5)
#define OKVM_GSF_ANYSIZE	BIT(6)	/* NOP: any size, value ignored */

/**
 * struct okvm_gsid_info - what the id table knows of one element id
 * @size: the value size on the wire, in bytes (0 for the NOP)
 * @flags: OKVM_GSF_*
 */
struct okvm_gsid_info {
	u8 size;
	u8 flags;
};

/*
 * What a buffer is for: exactly one scope and one direction. A scope
 * other than thread needs the matching flag bit of H_GUEST_{GET,SET}_STATE.
 */
#define OKVM_GSB_THREAD		OKVM_GSF_THREAD
#define OKVM_GSB_GUEST		OKVM_GSF_GUEST
#define OKVM_GSB_HOST		OKVM_GSF_HOST	/* GET only */
#define OKVM_GSB_SCOPE		OKVM_GSF_SCOPE
/* values the L1 sends: H_GUEST_SET_STATE, the run input buffer */
#define OKVM_GSB_SET		BIT(8)
/* ids the L1 asks for, values the L0 returns: GET_STATE, run output */
#define OKVM_GSB_GET		BIT(9)

/* The largest buffer okvm builds or parses (QEMU asserts above 1 MiB). */
#define OKVM_GSB_MAX_LEN	BIT(20)
#define OKVM_GSB_HDR_LEN	4	/* be32 element count */
#define OKVM_GSE_HDR_LEN	4	/* be16 id, be16 size */
#define OKVM_GSB_MAX_VALUE	24	/* the longest fixed-size value */

/**
 * enum okvm_gsb_fault - why a buffer or an element is refused
 * @OKVM_GSB_OK: nothing wrong
 * @OKVM_GSB_E_MODE: not one scope and one direction, or host-wide SET
 * @OKVM_GSB_E_LEN: the buffer is shorter than its header or over
 *	OKVM_GSB_MAX_LEN
 * @OKVM_GSB_E_TRUNC: the count runs past the end of the buffer
 * @OKVM_GSB_E_ID: an id the table does not know
 * @OKVM_GSB_E_SIZE: a size the id does not have
 * @OKVM_GSB_E_SCOPE: an element of another scope than the buffer's
 * @OKVM_GSB_E_RO: a read-only element in a SET buffer
 * @OKVM_GSB_E_SETONLY: a set-only element in a GET buffer
 */
enum okvm_gsb_fault {
	OKVM_GSB_OK,
	OKVM_GSB_E_MODE,
	OKVM_GSB_E_LEN,
	OKVM_GSB_E_TRUNC,
	OKVM_GSB_E_ID,
	OKVM_GSB_E_SIZE,
	OKVM_GSB_E_SCOPE,
	OKVM_GSB_E_RO,
	OKVM_GSB_E_SETONLY,
};

/**
 * struct okvm_gsb_err - where and why a parse failed
 * @fault: the reason
 * @index: index of the element at fault (0 for buffer-wide faults)
 * @id: its id, when it could be read
 * @size: its size, when it could be read
 */
struct okvm_gsb_err {
	enum okvm_gsb_fault fault;
	u32 index;
	u16 id;
	u16 size;
};

/**
 * struct okvm_gsb_elem - one element of a validated buffer
 * @id: element id
 * @size: value size on the wire
 * @data: the value, big-endian as on the wire (not aligned)
 */
struct okvm_gsb_elem {
	u16 id;
	u16 size;
	const u8 *data;
};

/**
 * struct okvm_gsb - a buffer being built in caller-provided memory
 * @buf: the memory (such as the pre-registered run input buffer)
 * @cap: its capacity in bytes
 * @len: bytes used, header included; @buf is a valid GSB of @len bytes
 *	after every successful put
 * @nelems: elements written
 * @mode: one OKVM_GSB_* scope and one direction
 */
struct okvm_gsb {
	u8 *buf;
	u32 cap;
	u32 len;
	u32 nelems;
	unsigned int mode;
};

/*
 * A parse visitor: called once per element, in order, only once the whole
 * buffer has been validated. A non-zero return stops the walk and is
 * returned by okvm_gsb_parse().
 */
typedef int (*okvm_gsb_visit_t)(void *ctx, const struct okvm_gsb_elem *e);

const struct okvm_gsid_info *okvm_gsid_info(u16 id);
unsigned int okvm_gsid_value_size(const struct okvm_gsid_info *info);
enum okvm_gsb_fault okvm_gsb_check_elem(u16 id, u16 size, unsigned int mode);
int okvm_gsb_fault_errno(enum okvm_gsb_fault fault);

int okvm_gsb_parse(const void *buf, size_t len, unsigned int mode,
		   okvm_gsb_visit_t visit, void *ctx, struct okvm_gsb_err *err);
int okvm_gsb_elem_value(const struct okvm_gsb_elem *e, void *val,
			unsigned int size);

int okvm_gsb_init(struct okvm_gsb *b, void *buf, size_t cap,
		  unsigned int mode);
void okvm_gsb_reset(struct okvm_gsb *b);
int okvm_gsb_put(struct okvm_gsb *b, u16 id, const void *val,
		 unsigned int size);
int okvm_gsb_put_request(struct okvm_gsb *b, u16 id);
int okvm_gsb_put_raw(struct okvm_gsb *b, u16 id, const void *data, u16 size);

/*
 * A value of 1, 2, 4 or 8 bytes in CPU form (u8, u16, u32 or u64 at @val)
 * as a u64, and back. Values are moved with memcpy(), so @val needs no
 * particular alignment.
 */
static inline u64 okvm_gsb_load_int(const void *val, unsigned int size)
{
	u8 b;
	u16 h;
	u32 w;
	u64 d;

	switch (size) {
	case 1:
		memcpy(&b, val, 1);
		return b;
	case 2:
		memcpy(&h, val, 2);
		return h;
	case 4:
		memcpy(&w, val, 4);
		return w;
	default:
		memcpy(&d, val, 8);
		return d;
	}
}

static inline void okvm_gsb_store_int(void *val, unsigned int size, u64 v)
{
	u8 b = v;
	u16 h = v;
	u32 w = v;

	switch (size) {
	case 1:
		memcpy(val, &b, 1);
		break;
	case 2:
		memcpy(val, &h, 2);
		break;
	case 4:
		memcpy(val, &w, 4);
		break;
	default:
		memcpy(val, &v, 8);
		break;
	}
}

static inline int okvm_gsb_put_u64(struct okvm_gsb *b, u16 id, u64 val)
{
	return okvm_gsb_put(b, id, &val, sizeof(val));
}

static inline int okvm_gsb_put_u32(struct okvm_gsb *b, u16 id, u32 val)
{
	return okvm_gsb_put(b, id, &val, sizeof(val));
}

#endif /* OKVM_PPC_GSB_H */
