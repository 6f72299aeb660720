// SPDX-License-Identifier: GPL-2.0
/*
 * ppc-nested/state.c: the common vCPU state layer, against a stand-in
 * transport that counts its calls and behaves like v2 (a sync is one
 * GET_STATE: a request GSB the "L0" fills in, parsed back; a flush builds
 * the run input buffer).
 *
 * What it proves: a read after invalidation costs exactly one sync and a
 * second read none; a batch of N missing ids costs one sync naming
 * exactly them; writes cost nothing until the flush, which hands over
 * exactly the dirty ids, once; the run output buffer makes what it holds
 * valid, all or nothing; a pending L1 write is never lost; and the id →
 * slot table is complete and consistent with the GSB id table.
 */
#include "shim_ppc.h"
#include "../../ppc-nested/gsb.c"
#include "../../ppc-nested/state.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

/* The stand-in L0's value of @id, in CPU form. */
static void l0_value(u16 id, void *v, unsigned int size)
{
	u64 w[2] = { 0xC0DE000000000000ULL | id, 0x5EED000000000000ULL | id };

	if (size <= 8)
		okvm_gsb_store_int(v, size, w[0]);
	else
		memcpy(v, w, size);
}

static struct {
	int syncs, flushes;
	int sync_ret, flush_ret;
	bool sync_short;		/* deliver all but the last id */
	unsigned int nr;
	u16 ids[OKVM_STATE_NR_SLOTS];
	u8 req[8192];			/* the GET_STATE buffer */
	u8 in[4096];			/* the run input buffer */
	u32 in_len;
	unsigned int guest_wide;	/* guest-wide ids in the last flush */
} fk;

static void record_ids(const u16 *ids, unsigned int nr)
{
	CHECK(nr <= OKVM_STATE_NR_SLOTS);
	memcpy(fk.ids, ids, nr * sizeof(*ids));
	fk.nr = nr;
}

/* One H_GUEST_GET_STATE: request, L0 fills in, parse the answer. */
static int fake_sync(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	const struct okvm_gsid_info *info;
	struct okvm_gsb b;
	unsigned int i;
	u64 v[3];
	u8 *p;

	fk.syncs++;
	record_ids(ids, nr);
	if (fk.sync_ret)
		return fk.sync_ret;
	CHECK_EQ(okvm_gsb_init(&b, fk.req, sizeof(fk.req),
			       OKVM_GSB_THREAD | OKVM_GSB_GET), 0);
	for (i = 0; i < nr - fk.sync_short; i++)
		CHECK_EQ(okvm_gsb_put_request(&b, ids[i]), 0);
	/* the L0 writes each value in place */
	for (i = 0, p = fk.req + 4; i < b.nelems; i++) {
		u16 id = p[0] << 8 | p[1], size = p[2] << 8 | p[3];

		info = okvm_gsid_info(id);
		l0_value(id, v, okvm_gsid_value_size(info));
		okvm_gsb_encode(p + 4, size, v, okvm_gsid_value_size(info));
		p += 4 + size;
	}
	CHECK_EQ(okvm_state_sync_from_output(st, fk.req, b.len,
					     OKVM_GSB_THREAD), b.nelems);
	return 0;
}

/* v2: thread-wide ids into the run input buffer; guest-wide counted. */
static int fake_flush(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	struct okvm_gsb b;
	unsigned int i;

	fk.flushes++;
	record_ids(ids, nr);
	if (fk.flush_ret)
		return fk.flush_ret;
	CHECK_EQ(okvm_gsb_init(&b, fk.in, sizeof(fk.in),
			       OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	fk.guest_wide = 0;
	for (i = 0; i < nr; i++) {
		if (okvm_gsid_info(ids[i])->flags & OKVM_GSF_GUEST) {
			fk.guest_wide++;
			continue;
		}
		CHECK_EQ(okvm_state_put_gsb(st, &b, ids[i]), 0);
	}
	fk.in_len = b.len;
	return 0;
}

static const struct okvm_ppc_transport_ops fake_ops = {
	.name = "fake",
	.flush = fake_flush,
	.sync = fake_sync,
};

static struct okvm_state st;

static void setup(void)
{
	memset(&fk, 0, sizeof(fk));
	okvm_state_init(&st, &fake_ops);
}

static u64 get64(u16 id)
{
	u64 v = ~0ULL;

	CHECK_EQ(okvm_state_get_u64(&st, id, &v), 0);
	return v;
}

static u64 l0_64(u16 id)
{
	u64 v;

	l0_value(id, &v, 8);
	return v;
}

UNIT_TEST(slot_table_is_complete_and_consistent)
{
	static bool slot_used[OKVM_STATE_NR_SLOTS];
	static bool word_used[OKVM_STATE_NR_WORDS];
	const struct okvm_gsid_info *info;
	struct okvm_state_loc l;
	unsigned int id, i, held = 0;

	for (id = 0; id <= 0xFFFF; id++) {
		bool want;

		info = okvm_gsid_info(id);
		/* state.h: all per-vCPU ids but the run buffers, LPVR, TB offset */
		want = info && ((info->flags & OKVM_GSF_THREAD &&
				 !(info->flags & OKVM_GSF_GUEST) &&
				 id != OKVM_GSID_RUN_INPUT &&
				 id != OKVM_GSID_RUN_OUTPUT) ||
				id == OKVM_GSID_LOGICAL_PVR ||
				id == OKVM_GSID_TB_OFFSET);
		CHECK_EQ(okvm_state_has(id), want);
		if (!want)
			continue;
		held++;
		CHECK(okvm_state_locate(id, &l));
		CHECK(l.info == info);
		CHECK_EQ(l.size, okvm_gsid_value_size(info));
		CHECK(l.slot < OKVM_STATE_NR_SLOTS);
		CHECK(!slot_used[l.slot]);
		slot_used[l.slot] = true;
		CHECK_EQ(okvm_state_slot_id(l.slot), id);
		for (i = 0; i < (l.size + 7) / 8; i++) {
			CHECK(l.word + i < OKVM_STATE_NR_WORDS);
			CHECK(!word_used[l.word + i]);
			word_used[l.word + i] = true;
		}
	}
	CHECK_EQ(held, OKVM_STATE_NR_SLOTS);
	for (i = 0; i < OKVM_STATE_NR_WORDS; i++)
		CHECK(word_used[i]);
}

UNIT_TEST(fresh_state_is_zero_valid_and_clean)
{
	u64 vsr[2] = { 1, 1 };
	u32 cr = 1;

	setup();
	CHECK_EQ(get64(OKVM_GSID_MSR), 0);
	CHECK_EQ(okvm_state_get_u32(&st, OKVM_GSID_CR, &cr), 0);
	CHECK_EQ(cr, 0);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(63), vsr, 16), 0);
	CHECK(!vsr[0] && !vsr[1]);
	CHECK_EQ(okvm_state_flush(&st), 0);
	CHECK_EQ(fk.syncs, 0);
	CHECK_EQ(fk.flushes, 0);
}

UNIT_TEST(read_after_invalidate_costs_one_sync_then_none)
{
	u64 vsr[2];
	u32 cr;

	setup();
	okvm_state_invalidate_all(&st);
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_GPR(3)));
	CHECK_EQ(get64(OKVM_GSID_GPR(3)), l0_64(OKVM_GSID_GPR(3)));
	CHECK_EQ(fk.syncs, 1);
	CHECK_EQ(fk.nr, 1);
	CHECK_EQ(fk.ids[0], OKVM_GSID_GPR(3));
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_GPR(3)));
	CHECK_EQ(get64(OKVM_GSID_GPR(3)), l0_64(OKVM_GSID_GPR(3)));
	CHECK_EQ(fk.syncs, 1);

	/* 4-byte, 16-byte and HEIR (4 bytes on the wire) the same way */
	CHECK_EQ(okvm_state_get_u32(&st, OKVM_GSID_CR, &cr), 0);
	CHECK_EQ(cr, (u32)l0_64(OKVM_GSID_CR));
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(9), vsr, 16), 0);
	CHECK_EQ(vsr[0], 0xC0DE000000000000ULL | OKVM_GSID_VSR(9));
	CHECK_EQ(vsr[1], 0x5EED000000000000ULL | OKVM_GSID_VSR(9));
	CHECK_EQ(get64(OKVM_GSID_HEIR), l0_64(OKVM_GSID_HEIR) & 0xFFFFFFFF);
	CHECK_EQ(fk.syncs, 4);
	CHECK_EQ(okvm_state_get_u32(&st, OKVM_GSID_CR, &cr), 0);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(9), vsr, 16), 0);
	get64(OKVM_GSID_HEIR);
	CHECK_EQ(fk.syncs, 4);
	CHECK_EQ(fk.flushes, 0);
}

UNIT_TEST(a_batch_of_missing_ids_costs_one_sync)
{
	static const u16 ids[] = {
		OKVM_GSID_NIA, OKVM_GSID_MSR, OKVM_GSID_GPR(3), OKVM_GSID_SRR0,
		OKVM_GSID_MSR, OKVM_GSID_GPR(4), OKVM_GSID_HDAR, OKVM_GSID_VSR(0),
		OKVM_GSID_CR, OKVM_GSID_ASDR, OKVM_GSID_GPR(3),
	};
	static const u16 sorted_missing[] = {
		OKVM_GSID_GPR(3), OKVM_GSID_NIA, OKVM_GSID_MSR, OKVM_GSID_SRR0,
		OKVM_GSID_CR, OKVM_GSID_VSR(0), OKVM_GSID_HDAR, OKVM_GSID_ASDR,
	};
	unsigned int i;

	setup();
	okvm_state_invalidate_all(&st);
	/* GPR4 already valid: the L0 put it in the run output */
	CHECK_EQ(__okvm_state_put(&st, OKVM_GSID_GPR(4), &(u64){ 4 }, 8), 0);
	CHECK_EQ(okvm_state_ensure(&st, ids, ARRAY_SIZE(ids)), 0);
	CHECK_EQ(fk.syncs, 1);
	CHECK_EQ(fk.nr, ARRAY_SIZE(sorted_missing));
	for (i = 0; i < fk.nr; i++)
		CHECK_EQ(fk.ids[i], sorted_missing[i]);
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		CHECK(okvm_state_is_valid(&st, ids[i]));
	CHECK_EQ(get64(OKVM_GSID_NIA), l0_64(OKVM_GSID_NIA));
	CHECK_EQ(get64(OKVM_GSID_GPR(4)), 4);
	CHECK_EQ(okvm_state_ensure(&st, ids, ARRAY_SIZE(ids)), 0);
	CHECK_EQ(fk.syncs, 1);

	/* the whole register file at once: still one */
	okvm_state_invalidate_all(&st);
	for (i = 0; i < OKVM_STATE_NR_SLOTS; i++)
		fk.ids[i] = okvm_state_slot_id(i);
	{
		u16 all[OKVM_STATE_NR_SLOTS];

		memcpy(all, fk.ids, sizeof(all));
		CHECK_EQ(okvm_state_ensure(&st, all, OKVM_STATE_NR_SLOTS), 0);
	}
	CHECK_EQ(fk.syncs, 2);
	/* everything but the ids a run cannot change */
	CHECK_EQ(fk.nr, OKVM_STATE_NR_SLOTS - 3);
	CHECK_EQ(okvm_state_ensure(&st, NULL, 0), 0);
	CHECK_EQ(fk.syncs, 2);
}

UNIT_TEST(writes_cost_nothing_until_the_flush)
{
	u64 vsr[2] = { 0x1111, 0x2222 }, out[2];

	setup();
	okvm_state_invalidate_all(&st);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(5), 55), 0);
	CHECK_EQ(okvm_state_set_u32(&st, OKVM_GSID_CR, 0x22), 0);
	CHECK_EQ(okvm_state_set(&st, OKVM_GSID_VSR(33), vsr, 16), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(5), 56), 0);
	/* a write makes the id valid: reading it back is free too */
	CHECK_EQ(get64(OKVM_GSID_GPR(5)), 56);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(33), out, 16), 0);
	CHECK(!memcmp(out, vsr, 16));
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_CR));
	CHECK_EQ(fk.syncs, 0);
	CHECK_EQ(fk.flushes, 0);
}

struct seen {
	unsigned int n;
	u16 id[8];
	u64 v[8][2];
};

static int collect(void *ctx, const struct okvm_gsb_elem *el)
{
	struct seen *sn = ctx;

	CHECK(sn->n < ARRAY_SIZE(sn->id));
	sn->id[sn->n] = el->id;
	CHECK_EQ(okvm_gsb_elem_value(el, sn->v[sn->n],
				     okvm_gsid_value_size(okvm_gsid_info(el->id))),
		 0);
	sn->n++;
	return 0;
}

UNIT_TEST(flush_hands_over_exactly_the_dirty_ids_once)
{
	struct seen s = { 0 };
	u64 vsr[2] = { 0xAAAA, 0xBBBB };

	setup();
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_NIA, 0x100), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(3), 3), 0);
	CHECK_EQ(okvm_state_set(&st, OKVM_GSID_VSR(2), vsr, 16), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(3), 33), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_TB_OFFSET, 1000), 0);
	CHECK_EQ(okvm_state_flush(&st), 0);
	CHECK_EQ(fk.flushes, 1);
	CHECK_EQ(fk.nr, 4);
	CHECK_EQ(fk.ids[0], OKVM_GSID_TB_OFFSET);
	CHECK_EQ(fk.ids[1], OKVM_GSID_GPR(3));
	CHECK_EQ(fk.ids[2], OKVM_GSID_NIA);
	CHECK_EQ(fk.ids[3], OKVM_GSID_VSR(2));
	CHECK_EQ(fk.guest_wide, 1);
	CHECK(!okvm_state_is_dirty(&st, OKVM_GSID_GPR(3)));
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_GPR(3)));

	/* the run input buffer holds the three thread-wide ids, last values */
	CHECK_EQ(okvm_gsb_parse(fk.in, fk.in_len, OKVM_GSB_THREAD | OKVM_GSB_SET,
				collect, &s, NULL), 3);
	CHECK_EQ(s.id[0], OKVM_GSID_GPR(3));
	CHECK_EQ(s.v[0][0], 33);
	CHECK_EQ(s.id[1], OKVM_GSID_NIA);
	CHECK_EQ(s.v[1][0], 0x100);
	CHECK_EQ(s.id[2], OKVM_GSID_VSR(2));
	CHECK_EQ(s.v[2][0], 0xAAAA);
	CHECK_EQ(s.v[2][1], 0xBBBB);

	/* nothing dirty: no call at all */
	CHECK_EQ(okvm_state_flush(&st), 0);
	CHECK_EQ(fk.flushes, 1);
	CHECK_EQ(fk.syncs, 0);
}

UNIT_TEST(failed_flush_keeps_everything_dirty)
{
	setup();
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_LR, 1), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_CTR, 2), 0);
	fk.flush_ret = -EIO;
	CHECK_EQ(okvm_state_flush(&st), -EIO);
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_LR));
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_CTR));
	fk.flush_ret = 0;
	CHECK_EQ(okvm_state_flush(&st), 0);
	CHECK_EQ(fk.flushes, 2);
	CHECK_EQ(fk.nr, 2);
	CHECK(!okvm_state_is_dirty(&st, OKVM_GSID_LR));
}

UNIT_TEST(failed_or_short_sync_leaves_ids_invalid)
{
	static const u16 ids[] = { OKVM_GSID_LR, OKVM_GSID_CTR };
	u64 v = 77;

	setup();
	okvm_state_invalidate_all(&st);
	fk.sync_ret = -ENOMEM;
	CHECK_EQ(okvm_state_get_u64(&st, OKVM_GSID_LR, &v), -ENOMEM);
	CHECK_EQ(v, 77);
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_LR));
	/* a transport that does not deliver every id is caught */
	fk.sync_ret = 0;
	fk.sync_short = true;
	CHECK_EQ(okvm_state_ensure(&st, ids, 2), -EIO);
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_LR));
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_CTR));
	CHECK_EQ(fk.syncs, 2);
	fk.sync_short = false;
	CHECK_EQ(get64(OKVM_GSID_CTR), l0_64(OKVM_GSID_CTR));
	CHECK_EQ(fk.syncs, 3);
	CHECK_EQ(fk.nr, 1);
}

/* The 0xC00 (hcall) output of QEMU: GPR3..12, nothing else. */
static u32 hcall_output(u8 *out, size_t cap)
{
	struct okvm_gsb b;
	unsigned int i;

	CHECK_EQ(okvm_gsb_init(&b, out, cap, OKVM_GSB_THREAD | OKVM_GSB_GET), 0);
	for (i = 3; i <= 12; i++)
		CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_GPR(i), 0x300 + i), 0);
	return b.len;
}

UNIT_TEST(run_output_makes_its_ids_valid)
{
	static u8 out[4096];
	unsigned int i;
	u32 len;

	setup();
	len = hcall_output(out, sizeof(out));
	okvm_state_invalidate_all(&st);
	/* a run output buffer is bigger than what the L0 wrote */
	CHECK_EQ(okvm_state_sync_from_output(&st, out, sizeof(out),
					     OKVM_GSB_THREAD), 10);
	for (i = 3; i <= 12; i++)
		CHECK_EQ(get64(OKVM_GSID_GPR(i)), 0x300 + i);
	CHECK_EQ(fk.syncs, 0);
	/* what it did not hold costs a sync */
	CHECK_EQ(get64(OKVM_GSID_NIA), l0_64(OKVM_GSID_NIA));
	CHECK_EQ(fk.syncs, 1);

	/* 0xE40 (HEA): HEIR in 4 bytes, NIA, MSR */
	{
		struct okvm_gsb b;

		okvm_state_invalidate_all(&st);
		CHECK_EQ(okvm_gsb_init(&b, out, sizeof(out),
				       OKVM_GSB_THREAD | OKVM_GSB_GET), 0);
		CHECK_EQ(okvm_gsb_put_raw(&b, OKVM_GSID_HEIR, "\x7c\x00\x04\xac", 4), 0);
		CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_NIA, 0x2000), 0);
		CHECK_EQ(okvm_gsb_put_u64(&b, OKVM_GSID_MSR, 0x8000000000001033ULL), 0);
		CHECK_EQ(okvm_state_sync_from_output(&st, out, b.len,
						     OKVM_GSB_THREAD), 3);
		CHECK_EQ(get64(OKVM_GSID_HEIR), 0x7C0004AC);
		CHECK_EQ(get64(OKVM_GSID_NIA), 0x2000);
		CHECK_EQ(get64(OKVM_GSID_MSR), 0x8000000000001033ULL);
		CHECK_EQ(fk.syncs, 1);
		(void)len;
	}
}

UNIT_TEST(bad_run_output_changes_nothing)
{
	static u8 out[4096];
	u32 len;

	setup();
	okvm_state_set_u64(&st, OKVM_GSID_GPR(3), 1);
	okvm_state_flush(&st);
	len = hcall_output(out, sizeof(out));
	okvm_state_invalidate_all(&st);

	/* cut short in the last element */
	CHECK_EQ(okvm_state_sync_from_output(&st, out, len - 1,
					     OKVM_GSB_THREAD), -EBADMSG);
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_GPR(3)));
	/* a guest-wide id in a vCPU buffer */
	out[4] = OKVM_GSID_TB_OFFSET >> 8;
	out[5] = OKVM_GSID_TB_OFFSET & 0xFF;
	CHECK_EQ(okvm_state_sync_from_output(&st, out, len, OKVM_GSB_THREAD),
		 -EINVAL);
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_GPR(4)));
	/* and scopes other than thread or guest */
	CHECK_EQ(okvm_state_sync_from_output(&st, out, len, OKVM_GSB_HOST),
		 -EINVAL);
	CHECK_EQ(okvm_state_sync_from_output(&st, out, len, 0), -EINVAL);
	CHECK_EQ(fk.syncs, 0);
}

/* A pending write of the L1 is never lost or overwritten by the L0's. */
UNIT_TEST(dirty_ids_survive_invalidation_and_output)
{
	static u8 out[4096];
	u32 len;

	setup();
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(4), 0xD1D1), 0);
	okvm_state_invalidate_all(&st);
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_GPR(4)));
	len = hcall_output(out, sizeof(out));
	CHECK_EQ(okvm_state_sync_from_output(&st, out, len, OKVM_GSB_THREAD), 10);
	CHECK_EQ(get64(OKVM_GSID_GPR(4)), 0xD1D1);
	CHECK_EQ(get64(OKVM_GSID_GPR(5)), 0x305);
	CHECK_EQ(__okvm_state_put(&st, OKVM_GSID_GPR(4), &(u64){ 1 }, 8), 0);
	CHECK_EQ(get64(OKVM_GSID_GPR(4)), 0xD1D1);
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_GPR(4)));
	CHECK_EQ(fk.syncs, 0);
}

/* LPVR, TB offset and VPA change only by the L1's hand (and QEMU cannot
 * be asked for them): a run does not invalidate them.
 */
UNIT_TEST(l1_owned_ids_stay_valid_across_runs)
{
	setup();
	CHECK_EQ(okvm_state_set_u32(&st, OKVM_GSID_LOGICAL_PVR, 0x0F000006), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_TB_OFFSET, 123), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_VPA, 0x4000), 0);
	CHECK_EQ(okvm_state_flush(&st), 0);
	okvm_state_invalidate_all(&st);
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_LOGICAL_PVR));
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_TB_OFFSET));
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_VPA));
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_GPR(0)));
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_ASDR));
	CHECK_EQ(get64(OKVM_GSID_TB_OFFSET), 123);
	CHECK_EQ(fk.syncs, 0);
}

/*
 * v1: after a run only the ids the transport carries become invalid (and
 * not the dirty ones); the others keep their value, and each carried id
 * is fetched once, when read.
 */
UNIT_TEST(invalidate_slots_only_touches_the_set)
{
	static const u16 carried[] = { OKVM_GSID_GPR(3), OKVM_GSID_GPR(4),
				       OKVM_GSID_CR, OKVM_GSID_VSR(40) };
	DECLARE_BITMAP(slots, OKVM_STATE_NR_SLOTS);
	u64 v;

	setup();
	bitmap_zero(slots, OKVM_STATE_NR_SLOTS);
	CHECK_EQ(okvm_state_ids_to_slots(carried, ARRAY_SIZE(carried), slots), 0);
	CHECK_EQ(okvm_state_ids_to_slots(&(u16){ 0x0007 }, 1, slots), -ENOENT);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(4), 44), 0);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_PSPB, 0), -EINVAL);
	okvm_state_invalidate_slots(&st, slots);
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_GPR(3)));
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_CR));
	CHECK(!okvm_state_is_valid(&st, OKVM_GSID_VSR(40)));
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_GPR(4)));	/* dirty */
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_GPR(5)));	/* not carried */
	CHECK(okvm_state_is_valid(&st, OKVM_GSID_PSPB));
	CHECK_EQ(get64(OKVM_GSID_GPR(4)), 44);
	CHECK_EQ(fk.syncs, 0);
	CHECK_EQ(okvm_state_get_u64(&st, OKVM_GSID_GPR(3), &v), 0);
	CHECK_EQ(fk.syncs, 1);
	CHECK_EQ(okvm_state_get_u64(&st, OKVM_GSID_GPR(3), &v), 0);
	CHECK_EQ(fk.syncs, 1);
}

/* Runs of 8-byte ids (the GPRs) in one call: one lookup, one sync. */
UNIT_TEST(u64s_get_and_set_runs)
{
	u64 v[32], w[33];
	unsigned int i;

	setup();
	for (i = 0; i < 32; i++)
		v[i] = 3 * i + 1;
	CHECK_EQ(okvm_state_set_u64s(&st, OKVM_GSID_GPR(0), 32, v), 0);
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_GPR(0)));
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_GPR(31)));
	CHECK(!okvm_state_is_dirty(&st, OKVM_GSID_HDEC_EXPIRY_TB));
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_GPR(0), 32, w), 0);
	CHECK_EQ(memcmp(v, w, sizeof(v)), 0);
	CHECK_EQ(fk.syncs, 0);

	/* not one run of 8-byte ids held here */
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_GPR(0), 0, w), -ENOENT);
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_DPDES, 2, w), -ENOENT);
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_CR, 1, w), -EINVAL);
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_VSR(0), 1, w), -EINVAL);
	CHECK_EQ(okvm_state_get_u64s(&st, 0xFFFF, 2, w), -ENOENT);
	CHECK_EQ(okvm_state_set_u64s(&st, OKVM_GSID_HDAR, 1, w), -EPERM);

	/* after a flush and a run: only the missing ones, in one sync */
	CHECK_EQ(okvm_state_flush(&st), 0);
	okvm_state_invalidate_all(&st);
	CHECK_EQ(get64(OKVM_GSID_GPR(5)), l0_64(OKVM_GSID_GPR(5)));
	CHECK_EQ(fk.syncs, 1);
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_GPR(0), 32, w), 0);
	CHECK_EQ(fk.syncs, 2);
	CHECK_EQ(fk.nr, 31);
	for (i = 0; i < 32; i++)
		CHECK_EQ(w[i], l0_64(OKVM_GSID_GPR(i)));
	CHECK_EQ(okvm_state_get_u64s(&st, OKVM_GSID_GPR(0), 32, w), 0);
	CHECK_EQ(fk.syncs, 2);
}

UNIT_TEST(bad_ids_sizes_and_access)
{
	static const u16 not_held[] = {
		OKVM_GSID_NOP, OKVM_GSID_VCPU_STATE_SIZE,
		OKVM_GSID_RUN_OUTPUT_MIN_SIZE, OKVM_GSID_PARTITION_TABLE,
		OKVM_GSID_PROCESS_TABLE, OKVM_GSID_L0_GUEST_HEAP,
		OKVM_GSID_RUN_INPUT, OKVM_GSID_RUN_OUTPUT, 0x0007, 0x1054,
		0x200F, 0x3040, 0xF004, 0xFFFF,
	};
	u64 v[3] = { 0 };
	u8 b1 = 0;
	u16 h = 0;
	unsigned int i;
	struct okvm_gsb gsb;

	setup();
	okvm_state_invalidate_all(&st);
	for (i = 0; i < ARRAY_SIZE(not_held); i++) {
		CHECK_EQ(okvm_state_get(&st, not_held[i], v, 8), -ENOENT);
		CHECK_EQ(okvm_state_set(&st, not_held[i], v, 8), -ENOENT);
		CHECK_EQ(okvm_state_ensure(&st, &not_held[i], 1), -ENOENT);
		CHECK_EQ(okvm_state_mark_dirty(&st, not_held[i]), -ENOENT);
		CHECK_EQ(__okvm_state_put(&st, not_held[i], v, 8), -ENOENT);
		CHECK(!okvm_state_is_valid(&st, not_held[i]));
	}
	/* sizes: each id has exactly one */
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_GPR(0), v, 4), -EINVAL);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_CR, v, 8), -EINVAL);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_VSR(0), v, 8), -EINVAL);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_HEIR, v, 4), -EINVAL);
	CHECK_EQ(okvm_state_get(&st, OKVM_GSID_CR, &b1, 1), -EINVAL);
	CHECK_EQ(okvm_state_set(&st, OKVM_GSID_CR, &h, 2), -EINVAL);
	CHECK_EQ(okvm_state_set(&st, OKVM_GSID_VSR(0), v, 24), -EINVAL);
	CHECK_EQ(__okvm_state_peek(&st, OKVM_GSID_GPR(0), v, 16), -EINVAL);
	/* read-only ids */
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_HDAR, 1), -EPERM);
	CHECK_EQ(okvm_state_set_u32(&st, OKVM_GSID_HDSISR, 1), -EPERM);
	CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_HEIR, 1), -EPERM);
	CHECK_EQ(okvm_state_mark_dirty(&st, OKVM_GSID_ASDR), -EPERM);
	/* no value to peek at, send or mark */
	CHECK_EQ(__okvm_state_peek(&st, OKVM_GSID_GPR(0), v, 8), -ENODATA);
	CHECK_EQ(okvm_state_mark_dirty(&st, OKVM_GSID_GPR(0)), -ENODATA);
	CHECK_EQ(okvm_gsb_init(&gsb, fk.in, 64, OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	CHECK_EQ(okvm_state_put_gsb(&st, &gsb, OKVM_GSID_GPR(0)), -ENODATA);
	CHECK_EQ(okvm_state_put_gsb(&st, &gsb, OKVM_GSID_RUN_INPUT), -ENOENT);
	CHECK_EQ(fk.syncs, 0);
	CHECK_EQ(fk.flushes, 0);
}

/* v2 sends the HDEC expiry every run, dirty or not. */
UNIT_TEST(mark_dirty_forces_an_id_into_the_flush)
{
	setup();
	CHECK_EQ(okvm_state_mark_dirty(&st, OKVM_GSID_HDEC_EXPIRY_TB), 0);
	CHECK_EQ(okvm_state_flush(&st), 0);
	CHECK_EQ(fk.flushes, 1);
	CHECK_EQ(fk.nr, 1);
	CHECK_EQ(fk.ids[0], OKVM_GSID_HDEC_EXPIRY_TB);
}

/* A full run input buffer is reported, and the flush can be retried. */
UNIT_TEST(put_gsb_reports_a_full_buffer)
{
	struct okvm_gsb b;
	u64 vsr[2] = { 5, 6 };

	setup();
	CHECK_EQ(okvm_state_set(&st, OKVM_GSID_VSR(1), vsr, 16), 0);
	CHECK_EQ(okvm_gsb_init(&b, fk.in, 4 + 4 + 15,
			       OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	CHECK_EQ(okvm_state_put_gsb(&st, &b, OKVM_GSID_VSR(1)), -ENOSPC);
	CHECK_EQ(b.len, 4);
	CHECK(okvm_state_is_dirty(&st, OKVM_GSID_VSR(1)));
	CHECK_EQ(okvm_gsb_init(&b, fk.in, 4 + 4 + 16,
			       OKVM_GSB_THREAD | OKVM_GSB_SET), 0);
	CHECK_EQ(okvm_state_put_gsb(&st, &b, OKVM_GSID_VSR(1)), 0);
}

/* The steady state of DESIGN.md: exit → userspace → re-enter, in counts. */
UNIT_TEST(hcall_round_trip_costs_no_transport_call)
{
	static u8 out[4096];
	u64 r3;
	u32 len;
	int i;

	setup();
	for (i = 0; i < 1000; i++) {
		/* the run: flush, enter, exit with the hcall output */
		CHECK_EQ(okvm_state_flush(&st), 0);
		len = hcall_output(out, sizeof(out));
		okvm_state_invalidate_all(&st);
		CHECK_EQ(okvm_state_sync_from_output(&st, out, len,
						     OKVM_GSB_THREAD), 10);
		/* KVM_EXIT_PAPR_HCALL: nr = r3, args r4..r12; ret → r3 */
		CHECK_EQ(okvm_state_get_u64(&st, OKVM_GSID_GPR(3), &r3), 0);
		CHECK_EQ(get64(OKVM_GSID_GPR(12)), 0x30C);
		CHECK_EQ(okvm_state_set_u64(&st, OKVM_GSID_GPR(3), 0), 0);
	}
	CHECK_EQ(fk.syncs, 0);
	CHECK_EQ(fk.flushes, 999);
	CHECK_EQ(fk.nr, 1);
}
