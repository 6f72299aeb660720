// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-nested/gsb.c: the Guest State Buffer codec.
 *
 * The id table against an independent transcription of the seed's table
 * (004, kvm-nested.rst) plus QEMU's additions; every id round-trips
 * through the builder and the parser in every buffer it may appear in;
 * the wire format is big-endian byte for byte; every malformed buffer is
 * refused with the right fault and element index, before a visitor sees
 * anything; the builder fails cleanly when full.
 */
#include "shim_ppc.h"
#include "../../ppc-nested/gsb.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

#define T	OKVM_GSF_THREAD
#define G	OKVM_GSF_GUEST
#define H	OKVM_GSF_HOST

/* The seed's table (and QEMU's 0x08xx, 0x1053), typed in again. */
static const struct {
	u16 first, last;
	u8 size, flags;
} seed[] = {
	{ 0x0000, 0x0000,  0, T | G | H | OKVM_GSF_ANYSIZE },
	{ 0x0001, 0x0002,  8, G | OKVM_GSF_RO },
	{ 0x0003, 0x0003,  4, G },
	{ 0x0004, 0x0004,  8, G },
	{ 0x0005, 0x0005, 24, G | OKVM_GSF_SETONLY },
	{ 0x0006, 0x0006, 16, G | OKVM_GSF_SETONLY },
	{ 0x0800, 0x0804,  8, H | OKVM_GSF_RO },
	{ 0x0C00, 0x0C01, 16, T | OKVM_GSF_SETONLY },
	{ 0x0C02, 0x0C02,  8, T },
	{ 0x1000, 0x1053,  8, T },
	{ 0x2000, 0x200E,  4, T },
	{ 0x3000, 0x303F, 16, T },
	{ 0xF000, 0xF000,  8, T | OKVM_GSF_RO },
	{ 0xF001, 0xF001,  4, T | OKVM_GSF_RO },
	{ 0xF002, 0xF002,  4, T | OKVM_GSF_RO | OKVM_GSF_WIDE },
	{ 0xF003, 0xF003,  8, T | OKVM_GSF_RO },
};

static const unsigned int modes[] = {
	OKVM_GSB_THREAD | OKVM_GSB_SET, OKVM_GSB_THREAD | OKVM_GSB_GET,
	OKVM_GSB_GUEST | OKVM_GSB_SET, OKVM_GSB_GUEST | OKVM_GSB_GET,
	OKVM_GSB_HOST | OKVM_GSB_GET,
};

static const u16 reserved_ids[] = {
	0x0007, 0x0100, 0x07FF, 0x0805, 0x0BFF, 0x0C03, 0x0FFF, 0x1054,
	0x1FFF, 0x200F, 0x2FFF, 0x3040, 0x8000, 0xEFFF, 0xF004, 0xFFFF,
};

static u8 buf[80 * 1024];
static u8 buf2[80 * 1024];

/* A distinct value for @id in CPU form: @size bytes at @v. */
static void pattern(u16 id, void *v, unsigned int size, u64 salt)
{
	u64 w[3];
	unsigned int i;

	for (i = 0; i < 3; i++)
		w[i] = (0x0102030405060708ULL + id + salt) *
		       (0x9E3779B97F4A7C15ULL + 2 * i);
	if (size <= 8)
		okvm_gsb_store_int(v, size, w[0]);
	else
		memcpy(v, w, size);
}

/* Append a raw element at @p; return its length. */
static size_t raw(u8 *p, u16 id, u16 size, const void *val)
{
	p[0] = id >> 8;
	p[1] = id;
	p[2] = size >> 8;
	p[3] = size;
	if (val)
		memcpy(p + 4, val, size);
	else
		memset(p + 4, 0, size);
	return 4 + size;
}

static void put_count(u8 *p, u32 n)
{
	p[0] = n >> 24;
	p[1] = n >> 16;
	p[2] = n >> 8;
	p[3] = n;
}

/* A mode the element may appear in, SET preferred. */
static unsigned int legal_mode(u16 id, u16 size)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(modes); i++)
		if (okvm_gsb_check_elem(id, size, modes[i]) == OKVM_GSB_OK)
			return modes[i];
	return 0;
}

struct seen {
	unsigned int n;
	struct okvm_gsb_elem e[400];
};

static int record(void *ctx, const struct okvm_gsb_elem *e)
{
	struct seen *s = ctx;

	CHECK(s->n < ARRAY_SIZE(s->e));
	s->e[s->n++] = *e;
	return 0;
}

UNIT_TEST(id_table_matches_seed)
{
	const struct okvm_gsid_info *info;
	unsigned int id, i, known = 0;

	for (id = 0; id <= 0xFFFF; id++) {
		info = okvm_gsid_info(id);
		for (i = 0; i < ARRAY_SIZE(seed); i++)
			if (id >= seed[i].first && id <= seed[i].last)
				break;
		if (i == ARRAY_SIZE(seed)) {
			if (info)
				fprintf(stderr, "  id %#06x should be reserved\n", id);
			CHECK(!info);
			continue;
		}
		if (!info)
			fprintf(stderr, "  id %#06x missing\n", id);
		CHECK(info);
		CHECK_EQ(info->size, seed[i].size);
		CHECK_EQ(info->flags, seed[i].flags);
		known++;
	}
	CHECK_EQ(known, 7 + 5 + 3 + 0x54 + 0x0F + 0x40 + 4);
	CHECK_EQ(okvm_gsid_value_size(okvm_gsid_info(OKVM_GSID_HEIR)), 8);
	CHECK_EQ(okvm_gsid_value_size(okvm_gsid_info(OKVM_GSID_HDSISR)), 4);
	CHECK_EQ(okvm_gsid_value_size(okvm_gsid_info(OKVM_GSID_VSR(7))), 16);
	CHECK_EQ(okvm_gsid_value_size(okvm_gsid_info(OKVM_GSID_PARTITION_TABLE)), 24);
}

/* Every id alone, in every buffer it may be in: put, parse, decode. */
UNIT_TEST(every_id_round_trips_alone)
{
	const struct okvm_gsid_info *info;
	u8 in[24], out[24];
	unsigned int id, m, vs, trips = 0;
	bool tripped;
	struct okvm_gsb b;
	struct seen s;

	for (id = 1; id <= 0xFFFF; id++) {
		info = okvm_gsid_info(id);
		if (!info)
			continue;
		vs = okvm_gsid_value_size(info);
		tripped = false;
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			CHECK_EQ(okvm_gsb_init(&b, buf, 64, modes[m]), 0);
			pattern(id, in, vs, m);
			if (okvm_gsb_check_elem(id, info->size, modes[m])) {
				CHECK(okvm_gsb_put(&b, id, in, vs) < 0);
				CHECK_EQ(b.len, 4);
				continue;
			}
			CHECK_EQ(okvm_gsb_put(&b, id, in, vs), 0);
			s.n = 0;
			CHECK_EQ(okvm_gsb_parse(buf, b.len, modes[m], record, &s,
						NULL), 1);
			CHECK_EQ(s.n, 1);
			CHECK_EQ(s.e[0].id, id);
			memset(out, 0xAA, sizeof(out));
			CHECK_EQ(okvm_gsb_elem_value(&s.e[0], out, vs), 0);
			CHECK(!memcmp(in, out, vs));
			tripped = true;
			trips++;
		}
		if (!tripped)
			fprintf(stderr, "  id %#06x never round-tripped\n", id);
		CHECK(tripped);
	}
	/*
	 * Read/write ids twice (SET and GET): VPA, 0x1000-0x1053,
	 * 0x2000-0x200E, VSRs, logical PVR, TB offset. Once: thread RO (4),
	 * thread set-only (2), guest RO (2), guest set-only (2), host (5).
	 */
	CHECK_EQ(trips, 2 * (1 + 0x54 + 0x0F + 0x40 + 2) + 4 + 2 + 2 + 2 + 5);
}

/* All ids of a mode in one buffer, in order, values intact. */
UNIT_TEST(every_id_round_trips_in_one_buffer)
{
	const struct okvm_gsid_info *info;
	unsigned int id, m, i, n, vs;
	u8 in[24], out[24];
	struct okvm_gsb b;
	static struct seen s;

	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		CHECK_EQ(okvm_gsb_init(&b, buf, sizeof(buf), modes[m]), 0);
		n = 0;
		for (id = 1; id <= 0xFFFF; id++) {
			info = okvm_gsid_info(id);
			if (!info || okvm_gsb_check_elem(id, info->size, modes[m]))
				continue;
			pattern(id, in, okvm_gsid_value_size(info), 7);
			CHECK_EQ(okvm_gsb_put(&b, id, in,
					      okvm_gsid_value_size(info)), 0);
			n++;
		}
		CHECK(n > 0);
		CHECK_EQ(b.nelems, n);
		s.n = 0;
		CHECK_EQ(okvm_gsb_parse(buf, b.len, modes[m], record, &s, NULL),
			 n);
		for (i = 0; i < s.n; i++) {
			info = okvm_gsid_info(s.e[i].id);
			vs = okvm_gsid_value_size(info);
			pattern(s.e[i].id, in, vs, 7);
			CHECK_EQ(okvm_gsb_elem_value(&s.e[i], out, vs), 0);
			CHECK(!memcmp(in, out, vs));
			CHECK(i == 0 || s.e[i].id > s.e[i - 1].id);
		}
	}
}

UNIT_TEST(wire_format_is_big_endian)
{
	static const u8 want[] = {
		0x00, 0x00, 0x00, 0x03,
		0x10, 0x22, 0x00, 0x08,
		0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88,
		0x20, 0x00, 0x00, 0x04,
		0xAA, 0xBB, 0xCC, 0xDD,
		0x30, 0x01, 0x00, 0x10,
		0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,	/* MSD first */
		0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10,
	};
	u64 vsr[2] = { 0x0102030405060708ULL, 0x090A0B0C0D0E0F10ULL }, out[2];
	struct okvm_gsb b;
	struct seen s = { 0 };
	u32 cr;

	CHECK_EQ(okvm_gsb_init(&b, buf, 256, OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_MSR, 0x1122334455667788ULL), 0);
	CHECK_EQ(okvm_gsb_put_u32(&b, OKVM_GSID_CR, 0xAABBCCDD), 0);
	CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_VSR(1), vsr, sizeof(vsr)), 0);
	CHECK_EQ(b.len, sizeof(want));
	CHECK(!memcmp(buf, want, sizeof(want)));

	CHECK_EQ(okvm_gsb_parse(want, sizeof(want),
				OKVM_GSB_THREAD | OKVM_GSB_SET, record, &s,
				NULL), 3);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[1], &cr, 4), 0);
	CHECK_EQ(cr, 0xAABBCCDD);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[2], out, 16), 0);
	CHECK_EQ(out[0], vsr[0]);
	CHECK_EQ(out[1], vsr[1]);
}

/* HEIR: 4 bytes (seed, QEMU), 8 tolerated (Linux); the value is a u64. */
UNIT_TEST(heir_takes_4_or_8_bytes)
{
	static const u8 w4[] = { 0x7C, 0x00, 0x04, 0xAC };
	static const u8 w8[] = { 0x04, 0x00, 0x00, 0x00, 0xE4, 0x20, 0x00, 0x08 };
	const unsigned int get = OKVM_GSB_THREAD | OKVM_GSB_GET;
	struct okvm_gsb_err err;
	struct okvm_gsb b;
	struct seen s = { 0 };
	u64 v;
	u32 v32;

	CHECK_EQ(okvm_gsb_init(&b, buf, 256, get), 0);
	CHECK_EQ(okvm_gsb_put_raw(&b, OKVM_GSID_HEIR, w4, 4), 0);
	CHECK_EQ(okvm_gsb_put_raw(&b, OKVM_GSID_HEIR, w8, 8), 0);
	CHECK_EQ(okvm_gsb_parse(buf, b.len, get, record, &s, NULL), 2);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[0], &v, 8), 0);
	CHECK_EQ(v, 0x7C0004ACULL);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[1], &v, 8), 0);
	CHECK_EQ(v, 0x04000000E4200008ULL);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[0], &v32, 4), -EINVAL);

	/* put: 4 bytes unless the value needs 8 */
	okvm_gsb_reset(&b);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_HEIR, 0x7C0004ACULL), 0);
	CHECK_EQ(b.len, 4 + 4 + 4);
	CHECK(!memcmp(buf + 8, w4, 4));
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_HEIR, 0x04000000E4200008ULL), 0);
	CHECK_EQ(b.len, 12 + 4 + 8);
	CHECK(!memcmp(buf + 16, w8, 8));
	/* any other size is wrong */
	CHECK_EQ(okvm_gsb_put_raw(&b, OKVM_GSID_HEIR, w8, 2), -EINVAL);
	put_count(buf2, 1);
	raw(buf2 + 4, OKVM_GSID_HEIR, 16, NULL);
	CHECK_EQ(okvm_gsb_parse(buf2, 24, get, NULL, NULL, &err), -EINVAL);
	CHECK_EQ(err.fault, OKVM_GSB_E_SIZE);
	/* only HEIR is wide */
	raw(buf2 + 4, OKVM_GSID_HDSISR, 8, NULL);
	CHECK_EQ(okvm_gsb_parse(buf2, 24, get, NULL, NULL, &err), -EINVAL);
	CHECK_EQ(err.fault, OKVM_GSB_E_SIZE);
}

/* Two good elements, then @id/@size: refused at index 2 with @fault. */
static void expect_fault_at_2(u16 id, u16 size, unsigned int mode,
			      enum okvm_gsb_fault fault)
{
	struct okvm_gsb_err err;
	size_t len = 4;
	struct seen s = { 0 };

	len += raw(buf + len, OKVM_GSID_NOP, 0, NULL);
	len += raw(buf + len, OKVM_GSID_NOP, 3, NULL);
	len += raw(buf + len, id, size, NULL);
	put_count(buf, 3);
	CHECK_EQ(okvm_gsb_parse(buf, len, mode, record, &s, &err),
		 okvm_gsb_fault_errno(fault));
	CHECK_EQ(s.n, 0);
	CHECK_EQ(err.fault, fault);
	CHECK_EQ(err.index, 2);
	CHECK_EQ(err.id, id);
	CHECK_EQ(err.size, size);
}

UNIT_TEST(rejects_unknown_ids)
{
	struct okvm_gsb b;
	unsigned int i, m;
	u64 v = 1;

	for (i = 0; i < ARRAY_SIZE(reserved_ids); i++) {
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			expect_fault_at_2(reserved_ids[i], 8, modes[m],
					  OKVM_GSB_E_ID);
			CHECK_EQ(okvm_gsb_init(&b, buf2, 64, modes[m]), 0);
			CHECK_EQ(okvm_gsb_put(&b, reserved_ids[i], &v, 8), -ENOENT);
			CHECK_EQ(okvm_gsb_put_raw(&b, reserved_ids[i], &v, 8),
				 -ENOENT);
			if (modes[m] & OKVM_GSB_GET)
				CHECK_EQ(okvm_gsb_put_request(&b, reserved_ids[i]),
					 -ENOENT);
			CHECK_EQ(b.len, 4);
			CHECK_EQ(buf2[3], 0);
		}
	}
}

UNIT_TEST(rejects_wrong_sizes)
{
	const struct okvm_gsid_info *info;
	unsigned int id, i, mode;
	u8 v[24] = { 0 };
	struct okvm_gsb b;

	for (id = 1; id <= 0xFFFF; id++) {
		info = okvm_gsid_info(id);
		if (!info)
			continue;
		mode = legal_mode(id, info->size);
		CHECK(mode);
		{
			const u16 bad[] = { 0, 1, 2, info->size - 1,
					    info->size + 1, 2 * info->size,
					    info->size + 8, 0xFFFF };

			for (i = 0; i < ARRAY_SIZE(bad); i++) {
				if (bad[i] == info->size ||
				    (id == OKVM_GSID_HEIR && bad[i] == 8))
					continue;
				expect_fault_at_2(id, bad[i], mode,
						  OKVM_GSB_E_SIZE);
			}
		}
		/* the builder takes the CPU-form size */
		CHECK_EQ(okvm_gsb_init(&b, buf2, 64, mode), 0);
		CHECK_EQ(okvm_gsb_put(&b, id, v, okvm_gsid_value_size(info) + 1),
			 -EINVAL);
		CHECK_EQ(okvm_gsb_put(&b, id, v, 2), -EINVAL);
		CHECK_EQ(okvm_gsb_put_raw(&b, id, v, info->size + 1), -EINVAL);
		CHECK_EQ(b.len, 4);
	}
}

UNIT_TEST(rejects_counts_past_the_end)
{
	const unsigned int set = OKVM_GSB_THREAD | OKVM_GSB_SET;
	struct okvm_gsb_err err;
	struct seen s = { 0 };
	u64 v = 5;
	size_t len, i;

	/* shorter than the header, or too long */
	for (i = 0; i < 4; i++) {
		CHECK_EQ(okvm_gsb_parse(buf, i, set, NULL, NULL, &err), -EBADMSG);
		CHECK_EQ(err.fault, OKVM_GSB_E_LEN);
	}
	CHECK_EQ(okvm_gsb_parse(buf, OKVM_GSB_MAX_LEN + 1, set, NULL, NULL,
				&err), -EBADMSG);
	CHECK_EQ(err.fault, OKVM_GSB_E_LEN);

	/* zero elements: fine, whatever follows */
	memset(buf, 0x5A, 64);
	put_count(buf, 0);
	CHECK_EQ(okvm_gsb_parse(buf, 4, set, record, &s, NULL), 0);
	CHECK_EQ(okvm_gsb_parse(buf, 64, set, record, &s, NULL), 0);
	CHECK_EQ(s.n, 0);

	/* one element, count 1..3 and 0xFFFFFFFF */
	len = 4 + raw(buf + 4, OKVM_GSID_GPR(3), 8, &v);
	put_count(buf, 1);
	CHECK_EQ(okvm_gsb_parse(buf, len, set, NULL, NULL, &err), 1);
	put_count(buf, 2);
	CHECK_EQ(okvm_gsb_parse(buf, len, set, NULL, NULL, &err), -EBADMSG);
	CHECK_EQ(err.fault, OKVM_GSB_E_TRUNC);
	CHECK_EQ(err.index, 1);
	put_count(buf, 0xFFFFFFFF);
	CHECK_EQ(okvm_gsb_parse(buf, len, set, record, &s, &err), -EBADMSG);
	CHECK_EQ(err.index, 1);
	CHECK_EQ(s.n, 0);

	/* the element header cut short: 1..3 bytes of it */
	put_count(buf, 2);
	for (i = 1; i < 4; i++) {
		raw(buf + len, OKVM_GSID_GPR(4), 8, &v);
		CHECK_EQ(okvm_gsb_parse(buf, len + i, set, NULL, NULL, &err),
			 -EBADMSG);
		CHECK_EQ(err.fault, OKVM_GSB_E_TRUNC);
		CHECK_EQ(err.index, 1);
	}
	/* the value cut short by one byte, and exactly complete */
	CHECK_EQ(okvm_gsb_parse(buf, len + 11, set, NULL, NULL, &err), -EBADMSG);
	CHECK_EQ(err.fault, OKVM_GSB_E_TRUNC);
	CHECK_EQ(err.id, OKVM_GSID_GPR(4));
	CHECK_EQ(okvm_gsb_parse(buf, len + 12, set, NULL, NULL, &err), 2);
	CHECK_EQ(err.fault, OKVM_GSB_OK);
	/* trailing bytes after the last element are allowed */
	CHECK_EQ(okvm_gsb_parse(buf, len + 40, set, NULL, NULL, &err), 2);

	/* a NOP that claims more than is left */
	put_count(buf, 1);
	raw(buf + 4, OKVM_GSID_NOP, 0xFFFF, NULL);
	CHECK_EQ(okvm_gsb_parse(buf, 100, set, NULL, NULL, &err), -EBADMSG);
	CHECK_EQ(err.fault, OKVM_GSB_E_TRUNC);
	CHECK_EQ(okvm_gsb_parse(buf, 4 + 4 + 0xFFFF, set, NULL, NULL, &err), 1);
}

UNIT_TEST(rejects_elements_of_another_scope)
{
	const struct okvm_gsid_info *info;
	unsigned int id, m;
	struct okvm_gsb b;
	u8 v[24] = { 0 };

	/* the cases the brief names, explicitly */
	expect_fault_at_2(OKVM_GSID_LOGICAL_PVR, 4,
			  OKVM_GSB_THREAD | OKVM_GSB_SET, OKVM_GSB_E_SCOPE);
	expect_fault_at_2(OKVM_GSID_TB_OFFSET, 8,
			  OKVM_GSB_THREAD | OKVM_GSB_GET, OKVM_GSB_E_SCOPE);
	expect_fault_at_2(OKVM_GSID_GPR(0), 8,
			  OKVM_GSB_GUEST | OKVM_GSB_SET, OKVM_GSB_E_SCOPE);
	expect_fault_at_2(OKVM_GSID_VSR(63), 16,
			  OKVM_GSB_GUEST | OKVM_GSB_GET, OKVM_GSB_E_SCOPE);
	expect_fault_at_2(OKVM_GSID_L0_PGTABLE, 8,
			  OKVM_GSB_THREAD | OKVM_GSB_GET, OKVM_GSB_E_SCOPE);
	expect_fault_at_2(OKVM_GSID_HEIR, 4,
			  OKVM_GSB_HOST | OKVM_GSB_GET, OKVM_GSB_E_SCOPE);

	/* and every id against every mode */
	for (id = 0; id <= 0xFFFF; id++) {
		info = okvm_gsid_info(id);
		if (!info)
			continue;
		for (m = 0; m < ARRAY_SIZE(modes); m++) {
			bool in = info->flags & modes[m] & OKVM_GSB_SCOPE;

			if (id == OKVM_GSID_NOP) {
				CHECK_EQ(okvm_gsb_check_elem(id, 5, modes[m]),
					 OKVM_GSB_OK);
				continue;
			}
			CHECK_EQ(okvm_gsb_check_elem(id, info->size, modes[m]) ==
				 OKVM_GSB_E_SCOPE, !in);
			if (in)
				continue;
			CHECK_EQ(okvm_gsb_init(&b, buf2, 64, modes[m]), 0);
			CHECK_EQ(okvm_gsb_put(&b, id, v,
					      okvm_gsid_value_size(info)), -EINVAL);
			CHECK_EQ(b.len, 4);
		}
	}
}

UNIT_TEST(rejects_writes_to_read_only_ids)
{
	const struct okvm_gsid_info *info;
	unsigned int id, ro = 0;
	struct okvm_gsb b;
	u8 v[24] = { 0 };

	for (id = 0; id <= 0xFFFF; id++) {
		unsigned int scope;

		info = okvm_gsid_info(id);
		if (!info || !(info->flags & OKVM_GSF_RO))
			continue;
		ro++;
		scope = info->flags & OKVM_GSB_SCOPE;
		if (scope != OKVM_GSB_HOST) {
			expect_fault_at_2(id, info->size, scope | OKVM_GSB_SET,
					  OKVM_GSB_E_RO);
			CHECK_EQ(okvm_gsb_init(&b, buf2, 64, scope | OKVM_GSB_SET), 0);
			CHECK_EQ(okvm_gsb_put(&b, id, v,
					      okvm_gsid_value_size(info)), -EPERM);
			CHECK_EQ(b.len, 4);
		}
		/* reading is what they are for */
		CHECK_EQ(okvm_gsb_check_elem(id, info->size, scope | OKVM_GSB_GET),
			 OKVM_GSB_OK);
	}
	CHECK_EQ(ro, 2 + 5 + 4);
	/* no host-wide SET buffer at all */
	CHECK_EQ(okvm_gsb_init(&b, buf2, 64, OKVM_GSB_HOST | OKVM_GSB_SET),
		 -EINVAL);
}

/* A GET of these kills QEMU (power-nested-facts.md §3.8). */
UNIT_TEST(never_asks_for_set_only_ids)
{
	static const u16 ids[] = {
		OKVM_GSID_PARTITION_TABLE, OKVM_GSID_PROCESS_TABLE,
		OKVM_GSID_RUN_INPUT, OKVM_GSID_RUN_OUTPUT,
	};
	const struct okvm_gsid_info *info;
	unsigned int i, scope;
	struct okvm_gsb b;

	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		info = okvm_gsid_info(ids[i]);
		scope = info->flags & OKVM_GSB_SCOPE;
		expect_fault_at_2(ids[i], info->size, scope | OKVM_GSB_GET,
				  OKVM_GSB_E_SETONLY);
		CHECK_EQ(okvm_gsb_init(&b, buf2, 64, scope | OKVM_GSB_GET), 0);
		CHECK_EQ(okvm_gsb_put_request(&b, ids[i]), -EPERM);
		CHECK_EQ(b.len, 4);
		CHECK_EQ(okvm_gsb_check_elem(ids[i], info->size,
					     scope | OKVM_GSB_SET), OKVM_GSB_OK);
	}
}

UNIT_TEST(rejects_bad_modes)
{
	static const unsigned int bad[] = {
		0, OKVM_GSB_THREAD, OKVM_GSB_SET, OKVM_GSB_GET,
		OKVM_GSB_THREAD | OKVM_GSB_GUEST | OKVM_GSB_SET,
		OKVM_GSB_SCOPE | OKVM_GSB_GET,
		OKVM_GSB_THREAD | OKVM_GSB_SET | OKVM_GSB_GET,
		OKVM_GSB_HOST | OKVM_GSB_SET,
		OKVM_GSB_THREAD | OKVM_GSB_SET | BIT(3),
		OKVM_GSB_THREAD | OKVM_GSB_SET | BIT(31),
	};
	struct okvm_gsb_err err;
	struct okvm_gsb b;
	unsigned int i;

	put_count(buf, 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_EQ(okvm_gsb_parse(buf, 4, bad[i], NULL, NULL, &err), -EINVAL);
		CHECK_EQ(err.fault, OKVM_GSB_E_MODE);
		CHECK_EQ(okvm_gsb_init(&b, buf, 64, bad[i]), -EINVAL);
		CHECK_EQ(okvm_gsb_check_elem(OKVM_GSID_GPR(0), 8, bad[i]),
			 OKVM_GSB_E_MODE);
	}
}

static int stop_at_second(void *ctx, const struct okvm_gsb_elem *e)
{
	int *calls = ctx;

	(void)e;
	return ++*calls == 2 ? -42 : 0;
}

/* The visitor sees nothing of a bad buffer, and can stop a good one. */
UNIT_TEST(visits_only_validated_buffers)
{
	const unsigned int set = OKVM_GSB_THREAD | OKVM_GSB_SET;
	struct okvm_gsb_err err;
	struct okvm_gsb b;
	struct seen s = { 0 };
	int calls = 0;

	CHECK_EQ(okvm_gsb_init(&b, buf, 256, set), 0);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(1), 1), 0);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(2), 2), 0);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(3), 3), 0);
	/* append an element the builder would refuse: HDAR in a SET */
	raw(buf + b.len, OKVM_GSID_HDAR, 8, NULL);
	put_count(buf, 4);
	CHECK_EQ(okvm_gsb_parse(buf, b.len + 12, set, record, &s, &err), -EPERM);
	CHECK_EQ(err.index, 3);
	CHECK_EQ(s.n, 0);
	/* a validate-only parse agrees */
	CHECK_EQ(okvm_gsb_parse(buf, b.len + 12, set, NULL, NULL, NULL), -EPERM);

	put_count(buf, 3);
	CHECK_EQ(okvm_gsb_parse(buf, b.len, set, stop_at_second, &calls, NULL),
		 -42);
	CHECK_EQ(calls, 2);
}

UNIT_TEST(builder_fails_cleanly_when_full)
{
	const unsigned int set = OKVM_GSB_THREAD | OKVM_GSB_SET;
	struct okvm_gsb b;
	struct seen s = { 0 };
	unsigned int i, n;
	u64 vsr[2] = { 1, 2 }, v;

	CHECK_EQ(okvm_gsb_init(&b, buf, 3, set), -EINVAL);
	CHECK_EQ(okvm_gsb_init(&b, buf, OKVM_GSB_MAX_LEN + 1, set), -EINVAL);

	/* just the header: nothing fits, and the buffer stays valid */
	CHECK_EQ(okvm_gsb_init(&b, buf, 4, set), 0);
	CHECK_EQ(okvm_gsb_put_u32(&b, OKVM_GSID_CR, 1), -ENOSPC);
	CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, NULL, 0), -ENOSPC);
	CHECK_EQ(okvm_gsb_parse(buf, 4, set, NULL, NULL, NULL), 0);

	/* exactly one GPR and one CR fit */
	memset(buf, 0xEE, sizeof(buf));
	CHECK_EQ(okvm_gsb_init(&b, buf, 4 + 12 + 8, set), 0);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(0), 10), 0);
	CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_VSR(0), vsr, 16), -ENOSPC);
	CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(1), 11), -ENOSPC);
	CHECK_EQ(b.len, 16);
	CHECK_EQ(b.nelems, 1);
	CHECK_EQ(buf[16], 0xEE);	/* nothing written past len */
	CHECK_EQ(okvm_gsb_put_u32(&b, OKVM_GSID_CR, 12), 0);
	CHECK_EQ(b.len, b.cap);
	CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, NULL, 0), -ENOSPC);
	CHECK_EQ(buf[b.cap], 0xEE);
	CHECK_EQ(okvm_gsb_parse(buf, b.len, set, NULL, NULL, NULL), 2);

	/* each element size: one byte short fails, exact fit succeeds */
	{
		static const struct { u16 id; unsigned int vsize, need; } e[] = {
			{ OKVM_GSID_NOP, 0, 4 }, { OKVM_GSID_CR, 4, 8 },
			{ OKVM_GSID_LR, 8, 12 }, { OKVM_GSID_VSR(3), 16, 20 },
		};

		for (i = 0; i < ARRAY_SIZE(e); i++) {
			memset(buf, 0xEE, 64);
			CHECK_EQ(okvm_gsb_init(&b, buf, 4 + e[i].need - 1, set), 0);
			CHECK_EQ(okvm_gsb_put(&b, e[i].id, vsr, e[i].vsize), -ENOSPC);
			CHECK_EQ(buf[4], 0xEE);
			CHECK_EQ(okvm_gsb_put_raw(&b, e[i].id, buf2,
						  e[i].need - 4), -ENOSPC);
			CHECK_EQ(buf[4], 0xEE);
			CHECK_EQ(okvm_gsb_init(&b, buf, 4 + e[i].need, set), 0);
			CHECK_EQ(okvm_gsb_put(&b, e[i].id, vsr, e[i].vsize), 0);
			CHECK_EQ(b.len, b.cap);
			CHECK_EQ(buf[b.cap], 0xEE);
		}
		CHECK_EQ(okvm_gsb_init(&b, buf, 4 + 8 - 1,
				       OKVM_GSB_THREAD | OKVM_GSB_GET), 0);
		CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_CR), -ENOSPC);
	}

	/* a 256-byte run input buffer holds 21 GPR-sized elements */
	CHECK_EQ(okvm_gsb_init(&b, buf, 256, set), 0);
	for (i = 0, n = 0; i < 100; i++) {
		int r = okvm_gsb_put_u64(&b, OKVM_GSID_GPR(i % 32), i);

		if (r) {
			CHECK_EQ(r, -ENOSPC);
			continue;
		}
		n++;
	}
	CHECK_EQ(n, (256 - 4) / 12);
	CHECK_EQ(okvm_gsb_parse(buf, 256, set, record, &s, NULL), n);
	for (i = 0; i < n; i++) {
		CHECK_EQ(okvm_gsb_elem_value(&s.e[i], &v, 8), 0);
		CHECK_EQ(v, i);
	}

	/* reset starts over */
	okvm_gsb_reset(&b);
	CHECK_EQ(b.len, 4);
	CHECK_EQ(b.nelems, 0);
	CHECK_EQ(okvm_gsb_parse(buf, 256, set, NULL, NULL, NULL), 0);
}

/* A GET request: ids and sizes, zero values, for the L0 to fill. */
UNIT_TEST(get_requests_carry_ids_and_sizes)
{
	const unsigned int get = OKVM_GSB_THREAD | OKVM_GSB_GET;
	static const u8 want[] = {
		0x00, 0x00, 0x00, 0x03,
		0x10, 0x03, 0x00, 0x08, 0, 0, 0, 0, 0, 0, 0, 0,
		0xF0, 0x02, 0x00, 0x04, 0, 0, 0, 0,
		0x30, 0x05, 0x00, 0x10, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct okvm_gsb b;
	struct seen s = { 0 };
	u64 v[2];

	CHECK_EQ(okvm_gsb_init(&b, buf, 256, OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_GPR(3)), -EINVAL);

	memset(buf, 0xFF, 256);
	CHECK_EQ(okvm_gsb_init(&b, buf, 256, get), 0);
	CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_GPR(3)), 0);
	CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_HEIR), 0);
	CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_VSR(5)), 0);
	CHECK_EQ(okvm_gsb_put_request(&b, OKVM_GSID_LOGICAL_PVR), -EINVAL);
	CHECK_EQ(b.len, sizeof(want));
	CHECK(!memcmp(buf, want, sizeof(want)));

	/* the L0 writes the values in place */
	buf[4 + 4 + 7] = 0x33;
	buf[16 + 4] = 0x7C;
	buf[24 + 4] = 0x80;
	buf[24 + 4 + 15] = 0x01;
	CHECK_EQ(okvm_gsb_parse(buf, b.len, get, record, &s, NULL), 3);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[0], v, 8), 0);
	CHECK_EQ(v[0], 0x33);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[1], v, 8), 0);
	CHECK_EQ(v[0], 0x7C000000ULL);
	CHECK_EQ(okvm_gsb_elem_value(&s.e[2], v, 16), 0);
	CHECK_EQ(v[0], 0x8000000000000000ULL);
	CHECK_EQ(v[1], 1);
}

UNIT_TEST(nop_elements_are_skipped_in_every_scope)
{
	struct okvm_gsb b;
	struct seen s;
	unsigned int m;
	u64 v;

	for (m = 0; m < ARRAY_SIZE(modes); m++) {
		CHECK_EQ(okvm_gsb_init(&b, buf, 256, modes[m]), 0);
		CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, "abc", 3), 0);
		CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, NULL, 0), 0);
		CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, NULL, 17), 0);
		s.n = 0;
		CHECK_EQ(okvm_gsb_parse(buf, b.len, modes[m], record, &s, NULL), 3);
		CHECK_EQ(s.e[0].size, 3);
		CHECK(!memcmp(s.e[0].data, "abc", 3));
		CHECK_EQ(s.e[2].size, 17);
		CHECK_EQ(okvm_gsb_elem_value(&s.e[0], &v, 8), -ENOENT);
	}
	CHECK_EQ(okvm_gsb_put(&b, OKVM_GSID_NOP, NULL, 0x10000), -EINVAL);
}

/* The value coding for every size, 1/2-byte ones included. */
UNIT_TEST(value_coding_of_every_size)
{
	static const unsigned int sizes[] = { 1, 2, 4, 8, 16, 24 };
	u64 in[3] = { 0x1122334455667788ULL, 0x99AABBCCDDEEFF00ULL,
		      0x0123456789ABCDEFULL }, out[3];
	u8 wire[24], want[24];
	unsigned int i, j, k, n;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		n = sizes[i];
		/* expected: big-endian, doubleword by doubleword */
		for (j = 0; j < (n + 7) / 8; j++) {
			unsigned int w = n < 8 ? n : 8;
			u64 d = n < 8 ? okvm_gsb_load_int(&in[0], n) : in[j];

			for (k = 0; k < w; k++)
				want[8 * j + k] = d >> (8 * (w - 1 - k));
		}
		memset(wire, 0, sizeof(wire));
		okvm_gsb_encode(wire, n, in, n);
		CHECK(!memcmp(wire, want, n));
		memset(out, 0, sizeof(out));
		okvm_gsb_decode(out, n, wire, n);
		CHECK(!memcmp(out, in, n));
	}
	/* narrower wire, wider value: zero-extended (HEIR) */
	okvm_gsb_decode(out, 8, (const u8 *)"\x12\x34\x56\x78", 4);
	CHECK_EQ(out[0], 0x12345678ULL);
}

UNIT_TEST(fault_errnos)
{
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_OK), 0);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_MODE), -EINVAL);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_LEN), -EBADMSG);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_TRUNC), -EBADMSG);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_ID), -ENOENT);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_SIZE), -EINVAL);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_SCOPE), -EINVAL);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_RO), -EPERM);
	CHECK_EQ(okvm_gsb_fault_errno(OKVM_GSB_E_SETONLY), -EPERM);
	CHECK_EQ(okvm_gsb_fault_errno(99), -EINVAL);
}
