// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the GSB parser (ppc-nested/gsb.c) and the state
 * layer's use of it (okvm_state_sync_from_output()): `make fuzz-host`.
 *
 * Input: one byte choosing the buffer's mode (five valid ones, three
 * invalid), then the buffer. Besides what ASan and UBSan catch, it checks:
 *
 *  - a refusal names a real fault, its errno, and an element index below
 *    the count;
 *  - every element of an accepted buffer decodes, and rebuilding the
 *    buffer from the decoded values gives the same bytes (HEIR given in
 *    8 bytes with a 32-bit value comes back in 4), and the rebuilt buffer
 *    parses to the same elements;
 *  - a refused buffer leaves the vCPU state untouched, an accepted one
 *    makes exactly its held, non-dirty ids valid.
 */
#include "../unit/shim_ppc.h"
#include "../../ppc-nested/gsb.c"
#include "../../ppc-nested/state.c"

#include "fuzz.h"

static const unsigned int modes[8] = {
	OKVM_GSB_THREAD | OKVM_GSB_SET, OKVM_GSB_THREAD | OKVM_GSB_GET,
	OKVM_GSB_GUEST | OKVM_GSB_SET, OKVM_GSB_GUEST | OKVM_GSB_GET,
	OKVM_GSB_HOST | OKVM_GSB_GET, OKVM_GSB_HOST | OKVM_GSB_SET,
	OKVM_GSB_THREAD | OKVM_GSB_GUEST | OKVM_GSB_GET, 0,
};

struct rebuild {
	struct okvm_gsb b;
	const u8 *base;
	size_t used;		/* bytes of the input its elements span */
	bool narrowed;		/* an 8-byte HEIR went out in 4 */
};

static int rebuild_elem(void *ctx, const struct okvm_gsb_elem *e)
{
	struct rebuild *rb = ctx;
	const struct okvm_gsid_info *info = okvm_gsid_info(e->id);
	u64 v[3];
	unsigned int vs;

	FUZZ_CHECK(info);
	rb->used = e->data + e->size - rb->base;
	if (info->flags & OKVM_GSF_ANYSIZE) {
		FUZZ_CHECK(okvm_gsb_put(&rb->b, e->id, e->data, e->size) == 0);
		return 0;
	}
	vs = okvm_gsid_value_size(info);
	FUZZ_CHECK(okvm_gsb_elem_value(e, v, vs) == 0);
	if (e->size > info->size && v[0] <= U32_MAX)
		rb->narrowed = true;
	FUZZ_CHECK(okvm_gsb_put(&rb->b, e->id, v, vs) == 0);
	return 0;
}

/* The slots an accepted output buffer makes valid. */
static int expect_valid(void *ctx, const struct okvm_gsb_elem *e)
{
	struct okvm_state_loc l;

	if (okvm_state_locate(e->id, &l))
		__set_bit(l.slot, ctx);
	return 0;
}

static int fail_sync(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	(void)st;
	(void)ids;
	(void)nr;
	__builtin_trap();
}

static const struct okvm_ppc_transport_ops fuzz_ops = {
	.name = "fuzz",
	.flush = fail_sync,
	.sync = fail_sync,
};

static u8 out1[OKVM_GSB_MAX_LEN], out2[OKVM_GSB_MAX_LEN];
static struct okvm_state st, snap;

int okvm_fuzz_one(const u8 *data, size_t size)
{
	struct rebuild rb = { 0 }, rb2 = { 0 };
	struct okvm_gsb_err err;
	DECLARE_BITMAP(want, OKVM_STATE_NR_SLOTS);
	unsigned int mode, scope;
	int n, n2;
	u64 v;

	if (size < 1)
		return 0;
	mode = modes[data[0] & 7];
	data++;
	size--;

	n = okvm_gsb_parse(data, size, mode, NULL, NULL, &err);
	if (n < 0) {
		FUZZ_CHECK(err.fault != OKVM_GSB_OK);
		FUZZ_CHECK(n == okvm_gsb_fault_errno(err.fault));
		if (err.fault != OKVM_GSB_E_MODE && err.fault != OKVM_GSB_E_LEN)
			FUZZ_CHECK(err.index <
				   ((u32)data[0] << 24 | data[1] << 16 |
				    data[2] << 8 | data[3]));
	} else {
		FUZZ_CHECK(err.fault == OKVM_GSB_OK);
		FUZZ_CHECK(okvm_gsb_init(&rb.b, out1, size, mode) == 0);
		rb.base = data;
		rb.used = 4;
		FUZZ_CHECK(okvm_gsb_parse(data, size, mode, rebuild_elem, &rb,
					  NULL) == n);
		FUZZ_CHECK(rb.b.nelems == (u32)n);
		if (!rb.narrowed) {
			FUZZ_CHECK(rb.b.len == rb.used);
			FUZZ_CHECK(!memcmp(out1 + 4, data + 4, rb.used - 4));
		}
		/* the rebuilt buffer is a fixed point */
		FUZZ_CHECK(okvm_gsb_init(&rb2.b, out2, rb.b.len, mode) == 0);
		rb2.base = out1;
		rb2.used = 4;
		n2 = okvm_gsb_parse(out1, rb.b.len, mode, rebuild_elem, &rb2,
				    NULL);
		FUZZ_CHECK(n2 == n);
		FUZZ_CHECK(rb2.b.len == rb.b.len);
		FUZZ_CHECK(!memcmp(out1, out2, rb.b.len));
	}

	/* the state layer takes L0 output: thread or guest scope, GET */
	scope = mode & OKVM_GSB_SCOPE;
	if (mode != (OKVM_GSB_THREAD | OKVM_GSB_GET) &&
	    mode != (OKVM_GSB_GUEST | OKVM_GSB_GET))
		return 0;
	okvm_state_init(&st, &fuzz_ops);
	okvm_state_invalidate_all(&st);
	okvm_state_set_u64(&st, OKVM_GSID_GPR(7), 0x77);	/* one dirty id */
	memcpy(&snap, &st, sizeof(st));
	n2 = okvm_state_sync_from_output(&st, data, size, scope);
	FUZZ_CHECK(n2 == n);
	if (n < 0) {
		FUZZ_CHECK(!memcmp(&snap, &st, sizeof(st)));
		return 0;
	}
	FUZZ_CHECK(!memcmp(snap.dirty, st.dirty, sizeof(st.dirty)));
	FUZZ_CHECK(okvm_state_get_u64(&st, OKVM_GSID_GPR(7), &v) == 0 &&
		   v == 0x77);
	memcpy(want, snap.valid, sizeof(want));
	FUZZ_CHECK(okvm_gsb_parse(data, size, mode, expect_valid, want,
				  NULL) == n);
	FUZZ_CHECK(!memcmp(want, st.valid, sizeof(want)));
	return 0;
}
