// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-nested/reg_ids.c: the POWER ONE_REG ids, their checks in upstream's
 * order and the value layout between userspace and the state layer.
 *
 * What it proves: KVM_GET_REG_LIST's walker lists only ids the check
 * accepts, each once; every listed id at another size is -EINVAL, an
 * unknown number -ENOENT, another architecture -EINVAL; every listed id
 * reads back what was written (less what the hardware cannot hold: CIABR's
 * hypervisor match, the upper word of PID and DAWRX); FPR n is the high doubleword of
 * VSR n and leaves the low one alone; VR n is VSR 32 + n; a 128-bit value
 * is laid out with the high doubleword at TS_FPROFFSET.
 */
#include "shim_ppc_uapi.h"
#include "../../ppc-nested/gsb.c"
#include "../../ppc-nested/state.c"
#include "../../ppc-nested/reg_ids.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

/* Nothing is ever fetched: every id is written before it is read. */
static int no_sync(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	(void)st;
	(void)ids;
	(void)nr;
	return -EIO;
}

static const struct okvm_ppc_transport_ops ops = {
	.name = "none",
	.sync = no_sync,
};

static struct okvm_state st;

static unsigned int nr_ids(void)
{
	unsigned int n = 0;

	while (okvm_reg_id_nth(n))
		n++;
	return n;
}

static unsigned int size_of(u64 id)
{
	return 1U << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
}

/* Is @id, served at 8 bytes, backed by a 4-byte state id? */
static bool narrow(u64 id)
{
	const struct okvm_onereg *r;
	unsigned int n = 0;

	r = okvm_onereg_find(id, &n);
	CHECK(r);
	return okvm_gsid_value_size(okvm_gsid_info(r->gsid + n)) == 4;
}

/* Write every listed id once, so that nothing needs the transport. */
static void fill_all(void)
{
	unsigned int i;

	okvm_state_init(&st, &ops);
	for (i = 0; okvm_reg_id_nth(i); i++) {
		u64 v[2] = { 0, 0 };

		CHECK_EQ(okvm_reg_id_xfer(&st, okvm_reg_id_nth(i), v, true), 0);
	}
}

UNIT_TEST(list_is_checked_and_unique)
{
	unsigned int n = nr_ids(), i, j;

	/* 32 FPRs, 32 VRs, 32 VSRs and the SPRs */
	CHECK(n > 96);
	for (i = 0; i < n; i++) {
		u64 id = okvm_reg_id_nth(i);

		CHECK_EQ(id & KVM_REG_ARCH_MASK, KVM_REG_PPC);
		CHECK_EQ(okvm_reg_id_check(id), 0);
		CHECK(size_of(id) == 4 || size_of(id) == 8 ||
		      size_of(id) == 16);
		for (j = 0; j < i; j++)
			CHECK(okvm_reg_id_nth(j) != id);
	}
	CHECK_EQ(okvm_reg_id_nth(n), 0);
	CHECK_EQ(okvm_reg_id_nth(~0U), 0);
}

UNIT_TEST(wrong_size_arch_or_number)
{
	static const u64 sizes[] = {
		KVM_REG_SIZE_U8, KVM_REG_SIZE_U16, KVM_REG_SIZE_U32,
		KVM_REG_SIZE_U64, KVM_REG_SIZE_U128, KVM_REG_SIZE_U256,
		KVM_REG_SIZE_U512, KVM_REG_SIZE_U1024, KVM_REG_SIZE_U2048,
	};
	unsigned int i, s;

	for (i = 0; okvm_reg_id_nth(i); i++) {
		u64 id = okvm_reg_id_nth(i), bare = id & ~KVM_REG_SIZE_MASK;

		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			u64 other = bare | sizes[s];
			int want = 0;

			if (other == id)
				continue;
			/* LPCR is served at both 32 and 64 bits */
			if (bare == (KVM_REG_PPC_LPCR & ~KVM_REG_SIZE_MASK) &&
			    (sizes[s] == KVM_REG_SIZE_U32 ||
			     sizes[s] == KVM_REG_SIZE_U64))
				continue;
			want = -EINVAL;
			CHECK_EQ(okvm_reg_id_check(other), want);
		}
		/* the same number for another architecture */
		CHECK_EQ(okvm_reg_id_check((id & ~KVM_REG_ARCH_MASK) |
					   KVM_REG_ARM64), -EINVAL);
	}
	CHECK_EQ(okvm_reg_id_check(KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xfff),
		 -ENOENT);
	CHECK_EQ(okvm_reg_id_check(KVM_REG_PPC | KVM_REG_SIZE_U32 | 0x0),
		 -ENOENT);
	CHECK_EQ(okvm_reg_id_check(0), -EINVAL);
	/* not listed, not served: a number in a gap of the table */
	CHECK_EQ(okvm_reg_id_check(KVM_REG_PPC_HIOR), -ENOENT);
}

UNIT_TEST(every_id_reads_back)
{
	unsigned int i;

	fill_all();
	for (i = 0; okvm_reg_id_nth(i); i++) {
		u64 id = okvm_reg_id_nth(i), v[2], w[2] = { ~0ULL, ~0ULL };
		u64 want0;

		v[0] = 0x0123456789abcdefULL ^ ((u64)i << 32);
		v[1] = 0xfedcba9876543210ULL ^ i;
		CHECK_EQ(okvm_reg_id_xfer(&st, id, v, true), 0);
		CHECK_EQ(okvm_reg_id_xfer(&st, id, w, false), 0);
		switch (size_of(id)) {
		case 16:
			CHECK(w[0] == v[0] && w[1] == v[1]);
			break;
		case 8:
			want0 = v[0];
			/* PRIV = 0b11 (hypervisor) is dropped */
			if (id == KVM_REG_PPC_CIABR &&
			    (want0 & OKVM_CIABR_PRIV) == OKVM_CIABR_PRIV)
				want0 &= ~OKVM_CIABR_PRIV;
			/* an 8-byte id over a 4-byte register (PID, DAWRX) */
			if (narrow(id))
				want0 &= 0xffffffffULL;
			CHECK(w[0] == want0);
			break;
		default:
			CHECK_EQ(w[0] & 0xffffffffULL, v[0] & 0xffffffffULL);
			break;
		}
	}
}

UNIT_TEST(fpr_vr_vsr_layout)
{
	u64 vsr[2] = { 0x1111111111111111ULL, 0x2222222222222222ULL };
	u64 fpr[2] = { 0x3333333333333333ULL, 0 }, out[2], raw[2];

	fill_all();
	/* VSR 5 in the kernel's layout: high doubleword at TS_FPROFFSET */
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_VSR0 + 5, vsr, true), 0);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(5), raw, sizeof(raw)), 0);
	CHECK(raw[0] == vsr[TS_FPROFFSET] && raw[1] == vsr[TS_VSRLOWOFFSET]);

	/* FPR 5 is the high doubleword; the low one is left alone */
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_FPR0 + 5, fpr, true), 0);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(5), raw, sizeof(raw)), 0);
	CHECK(raw[0] == fpr[0] && raw[1] == vsr[TS_VSRLOWOFFSET]);
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_FPR0 + 5, out, false), 0);
	CHECK(out[0] == fpr[0]);

	/* VR 7 is VSR 39, not VSR 7 */
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_VR0 + 7, vsr, true), 0);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(39), raw, sizeof(raw)), 0);
	CHECK(raw[0] == vsr[TS_FPROFFSET] && raw[1] == vsr[TS_VSRLOWOFFSET]);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(7), raw, sizeof(raw)), 0);
	CHECK(raw[0] == 0 && raw[1] == 0);
}

UNIT_TEST(lpcr_at_both_sizes_and_unknown_xfer)
{
	u64 v[2] = { 0x8000000000401000ULL, 0 }, w[2] = { 0, 0 };

	fill_all();
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_LPCR_64, v, true), 0);
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC_LPCR, w, false), 0);
	CHECK_EQ(w[0] & 0xffffffffULL, 0x00401000);
	CHECK_EQ(okvm_reg_id_xfer(&st, KVM_REG_PPC | KVM_REG_SIZE_U64 | 0xfff,
				  v, false), -ENOENT);
}
