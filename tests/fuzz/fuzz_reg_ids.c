// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the POWER ONE_REG id/size decoder and value
 * conversion (ppc-nested/reg_ids.c): `make fuzz-host`.
 *
 * Input: a sequence of 25-byte records: an id selector (8 bytes: either
 * an index into the served list or a raw id), an operation byte and a
 * 16-byte value. Besides what ASan and UBSan catch, it checks:
 *
 *  - the check answers 0, -EINVAL or -ENOENT only, and 0 exactly for the
 *    ids KVM_GET_REG_LIST lists;
 *  - a refused id transfers nothing; an accepted one reads back what was
 *    written (less what the register cannot hold: the upper word of an
 *    8-byte id over a 4-byte register, CIABR's hypervisor match), the
 *    same value a second time, and a write of what was read changes
 *    nothing;
 *  - a transfer never touches the bytes of the value beyond the id's size.
 */
#include "../unit/shim_ppc_uapi.h"
#include "../../ppc-nested/gsb.c"
#include "../../ppc-nested/state.c"
#include "../../ppc-nested/reg_ids.c"
#include "fuzz.h"

#define REC	25

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

static bool listed(u64 id)
{
	unsigned int i;

	for (i = 0; okvm_reg_id_nth(i); i++)
		if (okvm_reg_id_nth(i) == id)
			return true;
	return false;
}

static u64 rd64(const u8 *p)
{
	u64 v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * What a read returns after @v was written to @id: the value, less what
 * the register cannot hold (an 8-byte id over a 4-byte register keeps the
 * low word, CIABR drops a hypervisor-state match).
 */
static const void *expected(u64 id, const u64 *v, unsigned int bytes)
{
	static u64 e[2];
	const struct okvm_onereg *r;
	unsigned int n = 0;

	memcpy(e, v, sizeof(e));
	r = okvm_onereg_find(id, &n);
	FUZZ_CHECK(r);
	if (bytes == 8 && r->kind == OKVM_ONEREG_PLAIN &&
	    okvm_gsid_value_size(okvm_gsid_info(r->gsid + n)) == 4)
		e[0] &= 0xffffffffULL;
	if (id == KVM_REG_PPC_CIABR &&
	    (e[0] & OKVM_CIABR_PRIV) == OKVM_CIABR_PRIV)
		e[0] &= ~OKVM_CIABR_PRIV;
	return e;
}

int okvm_fuzz_one(const u8 *data, size_t size)
{
	static struct okvm_state st;
	unsigned int nr = 0, i;
	size_t off;

	while (okvm_reg_id_nth(nr))
		nr++;
	okvm_state_init(&st, &ops);
	/* every id written once, so that a read never needs the L0 */
	for (i = 0; i < nr; i++) {
		u64 zero[2] = { 0, 0 };

		FUZZ_CHECK(!okvm_reg_id_xfer(&st, okvm_reg_id_nth(i), zero, true));
	}

	for (off = 0; off + REC <= size; off += REC) {
		u64 sel = rd64(data + off), id, v[3], w[3], x[3];
		u8 op = data[off + 8];
		unsigned int bytes;
		int r;

		/* half the time a served id, else anything at all */
		id = op & 1 ? okvm_reg_id_nth(sel % nr) : sel;
		r = okvm_reg_id_check(id);
		FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENOENT);
		FUZZ_CHECK((r == 0) == listed(id));
		v[0] = rd64(data + off + 9);
		v[1] = rd64(data + off + 17);
		v[2] = 0x5a5a5a5a5a5a5a5aULL;	/* never part of a value */
		if (r) {
			memcpy(w, v, sizeof(w));
			FUZZ_CHECK(okvm_reg_id_xfer(&st, id, w, op & 2) == -ENOENT);
			FUZZ_CHECK(!memcmp(w, v, sizeof(w)));
			continue;
		}
		bytes = 1U << ((id & KVM_REG_SIZE_MASK) >> KVM_REG_SIZE_SHIFT);
		FUZZ_CHECK(bytes == 4 || bytes == 8 || bytes == 16);
		if (op & 2) {
			u64 in[3];

			memcpy(in, v, sizeof(in));
			FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, v, true));
			/* a write reads nothing past the size, changes nothing */
			FUZZ_CHECK(!memcmp(in, v, sizeof(in)));
			memset(w, 0, sizeof(w));
			FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, w, false));
			FUZZ_CHECK(!memcmp(w, expected(id, v, bytes), bytes));
		}
		/* read twice: the same value, nothing past its size */
		memset(w, 0xa5, sizeof(w));
		memset(x, 0xa5, sizeof(x));
		FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, w, false));
		FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, x, false));
		FUZZ_CHECK(!memcmp(w, x, sizeof(w)));
		FUZZ_CHECK(!memcmp((u8 *)w + bytes, (u8 *)x + bytes,
				   sizeof(w) - bytes));
		FUZZ_CHECK(w[2] == 0xa5a5a5a5a5a5a5a5ULL);
		if (bytes < 16)
			FUZZ_CHECK(w[1] == 0xa5a5a5a5a5a5a5a5ULL);
		if (bytes == 4)
			FUZZ_CHECK((w[0] >> 32) == 0xa5a5a5a5ULL);
		/* writing back what was read changes nothing */
		FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, x, true));
		memset(x, 0xa5, sizeof(x));
		FUZZ_CHECK(!okvm_reg_id_xfer(&st, id, x, false));
		FUZZ_CHECK(!memcmp(w, x, sizeof(w)));
	}
	return 0;
}
