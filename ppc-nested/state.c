// SPDX-License-Identifier: GPL-2.0
/*
 * The common vCPU state layer: see state.h for what it holds and
 * transport.h for what it asks of v1 and v2.
 *
 * Valid and dirty, per id:
 *
 *  - get: a valid id is read here; an invalid one costs one transport
 *    sync. okvm_state_ensure() gets all the ids an exit handler needs
 *    with one sync for all the missing ones.
 *  - set: stores here and marks the id valid and dirty; no transport call.
 *  - flush (before a run): hands the transport every dirty id at once,
 *    then clears the dirty bits.
 *  - after a run, v2: okvm_state_invalidate_all(), then
 *    okvm_state_sync_from_output() on the run output buffer (seed 004:
 *    "the L1 internally marks all L2 state as invalid", except what the
 *    L0 returned); v1: okvm_state_invalidate_slots() of the ids its
 *    image carries, which its sync then copies from the image (no hcall).
 *
 * What a run invalidates: the L2's registers (ids 0x1000 and up), which
 * running it changes. The other ids it holds (logical PVR, TB offset,
 * VPA) only ever change by the L1's hand, and QEMU's L0 cannot be asked
 * for them anyway (a GET of the TB offset returns 0, of the VPA H_P3:
 * power-nested-facts.md §3.4-3.5), so they stay valid.
 *
 * A pending write of the L1 always wins: values synced from the L0 never
 * overwrite a dirty id, and invalidation keeps dirty ids valid.
 */
#include "internal.h"
#include "state.h"
#include "transport.h"

/*
 * The compact id → slot table: runs of consecutive ids, in id order, with
 * the slot and the first value word of each run's first id. A value takes
 * one u64 word, or two for a VSR.
 */
static const struct okvm_state_run {
	u16 first;
	u16 last;
	u16 slot;
	u16 word;
	u8 words;
} okvm_state_runs[] = {
	{ OKVM_GSID_LOGICAL_PVR, OKVM_GSID_TB_OFFSET,	  0,   0, 1 },
	{ OKVM_GSID_VPA,	 OKVM_GSID_VPA,		  2,   2, 1 },
	{ OKVM_GSID_GPR(0),	 OKVM_GSID_DPDES,	  3,   3, 1 },
	{ OKVM_GSID_CR,		 OKVM_GSID_PSPB,	 87,  87, 1 },
	{ OKVM_GSID_VSR(0),	 OKVM_GSID_VSR(63),	102, 102, 2 },
	{ OKVM_GSID_HDAR,	 OKVM_GSID_ASDR,	166, 230, 1 },
};

/* The first id a run of the L2 changes. */
#define OKVM_STATE_FIRST_VOLATILE	OKVM_GSID_GPR(0)

/**
 * struct okvm_state_loc - where an id lives
 * @info: its entry in the GSB id table
 * @slot: its bit in the bitmaps
 * @word: its first word in okvm_state.val
 * @size: its value size (okvm_gsid_value_size())
 */
struct okvm_state_loc {
	const struct okvm_gsid_info *info;
	unsigned int slot;
	unsigned int word;
	unsigned int size;
};

static bool okvm_state_locate(u16 id, struct okvm_state_loc *loc)
{
	const struct okvm_state_run *r;
	unsigned int i, idx;

	for (i = 0; i < ARRAY_SIZE(okvm_state_runs); i++) {
		r = &okvm_state_runs[i];
		if (id < r->first || id > r->last)
			continue;
		idx = id - r->first;
		loc->info = okvm_gsid_info(id);
		loc->slot = r->slot + idx;
		loc->word = r->word + idx * r->words;
		loc->size = okvm_gsid_value_size(loc->info);
		return true;
	}
	return false;
}

/* The checks of every sized access: -ENOENT unknown, -EINVAL size. */
static int okvm_state_lookup(u16 id, unsigned int size,
			     struct okvm_state_loc *loc)
{
	if (!okvm_state_locate(id, loc))
		return -ENOENT;
	if (size != loc->size)
		return -EINVAL;
	return 0;
}

static u16 okvm_state_slot_id(unsigned int slot)
{
	const struct okvm_state_run *r;
	unsigned int i;

	for (i = ARRAY_SIZE(okvm_state_runs); i-- > 0;) {
		r = &okvm_state_runs[i];
		if (slot >= r->slot)
			return r->first + (slot - r->slot);
	}
	return OKVM_GSID_NOP;
}

static void okvm_state_read(const struct okvm_state *st,
			    const struct okvm_state_loc *l, void *val)
{
	if (l->size <= sizeof(u64))
		okvm_gsb_store_int(val, l->size, st->val[l->word]);
	else
		memcpy(val, &st->val[l->word], l->size);
}

static void okvm_state_write(struct okvm_state *st,
			     const struct okvm_state_loc *l, const void *val)
{
	if (l->size <= sizeof(u64))
		st->val[l->word] = okvm_gsb_load_int(val, l->size);
	else
		memcpy(&st->val[l->word], val, l->size);
}

/**
 * okvm_state_init() - a fresh register file
 * @st: the state
 * @ops: its transport
 *
 * Every value is 0, valid and clean: an L0 creates a vCPU with all its
 * state zero (power-nested-facts.md §3.2), and a v1 entry carries all of
 * it anyway. The caller then sets whatever must differ, and that is what
 * the first flush sends.
 */
void okvm_state_init(struct okvm_state *st,
		     const struct okvm_ppc_transport_ops *ops)
{
	memset(st, 0, sizeof(*st));
	st->ops = ops;
	bitmap_fill(st->valid, OKVM_STATE_NR_SLOTS);
}

/**
 * okvm_state_has() - does the state layer hold this id?
 * @id: GSB element id
 *
 * Return: true for the ids state.h lists.
 */
bool okvm_state_has(u16 id)
{
	struct okvm_state_loc l;

	return okvm_state_locate(id, &l);
}

/*
 * One transport sync for every slot in @want (none of them valid), then
 * check that the transport stored them all.
 */
static int okvm_state_fetch(struct okvm_state *st, const unsigned long *want)
{
	DECLARE_BITMAP(missing, OKVM_STATE_NR_SLOTS);
	unsigned int slot, n = 0;
	int r;

	for_each_set_bit(slot, want, OKVM_STATE_NR_SLOTS)
		st->ids[n++] = okvm_state_slot_id(slot);
	if (!n)
		return 0;
	r = st->ops->sync(st, st->ids, n);
	if (r)
		return r;
	if (bitmap_andnot(missing, want, st->valid, OKVM_STATE_NR_SLOTS))
		return -EIO;
	return 0;
}

/**
 * okvm_state_ensure() - make a list of ids valid, with one sync at most
 * @st: the state
 * @ids: GSB element ids (duplicates and already valid ones are fine)
 * @nr: how many
 *
 * What an exit handler calls first with every id it will read, so that
 * they cost one H_GUEST_GET_STATE together rather than one each.
 *
 * Context: the vCPU's lock held; may sleep in the transport.
 * Return: 0; -ENOENT if an id is not held here (nothing fetched); the
 * transport's error; -EIO if the transport did not deliver every id.
 */
int okvm_state_ensure(struct okvm_state *st, const u16 *ids, unsigned int nr)
{
	DECLARE_BITMAP(want, OKVM_STATE_NR_SLOTS);
	struct okvm_state_loc l;
	unsigned int i;

	bitmap_zero(want, OKVM_STATE_NR_SLOTS);
	for (i = 0; i < nr; i++) {
		if (!okvm_state_locate(ids[i], &l))
			return -ENOENT;
		if (!test_bit(l.slot, st->valid))
			__set_bit(l.slot, want);
	}
	return okvm_state_fetch(st, want);
}

/**
 * okvm_state_get() - read an L2 register
 * @st: the state
 * @id: GSB element id
 * @val: where to store the value in CPU form (u32, u64 or u64[2])
 * @size: size of @val, which must be the id's value size
 *
 * Free when the id is valid; otherwise one transport sync.
 *
 * Context: the vCPU's lock held; may sleep in the transport.
 * Return: 0; -ENOENT for an id not held here; -EINVAL for a wrong @size;
 * the transport's error.
 */
int okvm_state_get(struct okvm_state *st, u16 id, void *val,
		   unsigned int size)
{
	struct okvm_state_loc l;
	int r;

	r = okvm_state_lookup(id, size, &l);
	if (r)
		return r;
	if (!test_bit(l.slot, st->valid)) {
		r = okvm_state_ensure(st, &id, 1);
		if (r)
			return r;
	}
	okvm_state_read(st, &l, val);
	return 0;
}

/**
 * okvm_state_set() - write an L2 register
 * @st: the state
 * @id: GSB element id
 * @val: the value in CPU form
 * @size: size of @val, which must be the id's value size
 *
 * Costs no transport call: the value goes to the L0 with the next flush.
 *
 * Context: the vCPU's lock held.
 * Return: 0; -ENOENT for an id not held here; -EINVAL for a wrong @size;
 * -EPERM for a read-only id (HDAR, HDSISR, HEIR, ASDR).
 */
int okvm_state_set(struct okvm_state *st, u16 id, const void *val,
		   unsigned int size)
{
	struct okvm_state_loc l;
	int r;

	r = okvm_state_lookup(id, size, &l);
	if (r)
		return r;
	if (l.info->flags & OKVM_GSF_RO)
		return -EPERM;
	okvm_state_write(st, &l, val);
	__set_bit(l.slot, st->valid);
	__set_bit(l.slot, st->dirty);
	return 0;
}

/*
 * @first .. @first + @nr - 1: one run of 8-byte ids, consecutive in
 * slots and words (the GPRs, say)? Then @l is where @first lives.
 */
static int okvm_state_locate_run(u16 first, unsigned int nr,
				 struct okvm_state_loc *l)
{
	struct okvm_state_loc e;

	if (!nr || first + nr - 1 > U16_MAX ||
	    !okvm_state_locate(first, l) ||
	    !okvm_state_locate(first + nr - 1, &e))
		return -ENOENT;
	if (l->size != 8 || e.size != 8 || e.slot - l->slot != nr - 1 ||
	    e.word - l->word != nr - 1)
		return -EINVAL;
	return 0;
}

/**
 * okvm_state_get_u64s() - read consecutive 8-byte registers at once
 * @st: the state
 * @first: the first id (such as OKVM_GSID_GPR(0))
 * @nr: how many ids from @first
 * @vals: @nr values
 *
 * okvm_state_get() of each, with one lookup and at most one sync.
 *
 * Context: the vCPU's lock held; may sleep in the transport.
 * Return: 0; -ENOENT / -EINVAL when the ids are not one run of 8-byte ids
 * held here; the transport's error.
 */
int okvm_state_get_u64s(struct okvm_state *st, u16 first, unsigned int nr,
			u64 *vals)
{
	struct okvm_state_loc l;
	unsigned int i;
	int r;

	DECLARE_BITMAP(want, OKVM_STATE_NR_SLOTS);
	bool missing = false;

	r = okvm_state_locate_run(first, nr, &l);
	if (r)
		return r;
	bitmap_zero(want, OKVM_STATE_NR_SLOTS);
	for (i = 0; i < nr; i++) {
		if (test_bit(l.slot + i, st->valid))
			continue;
		__set_bit(l.slot + i, want);
		missing = true;
	}
	if (missing) {
		r = okvm_state_fetch(st, want);
		if (r)
			return r;
	}
	memcpy(vals, &st->val[l.word], nr * sizeof(u64));
	return 0;
}

/**
 * okvm_state_set_u64s() - write consecutive 8-byte registers at once
 * @st: the state
 * @first: the first id
 * @nr: how many ids from @first
 * @vals: @nr values
 *
 * okvm_state_set() of each, with one lookup.
 *
 * Context: the vCPU's lock held.
 * Return: 0; -ENOENT / -EINVAL as okvm_state_get_u64s(); -EPERM if one is
 * read-only.
 */
int okvm_state_set_u64s(struct okvm_state *st, u16 first, unsigned int nr,
			const u64 *vals)
{
	struct okvm_state_loc l;
	unsigned int i;
	int r;

	r = okvm_state_locate_run(first, nr, &l);
	if (r)
		return r;
	for (i = 0; i < nr; i++)
		if (okvm_gsid_info(first + i)->flags & OKVM_GSF_RO)
			return -EPERM;
	memcpy(&st->val[l.word], vals, nr * sizeof(u64));
	for (i = 0; i < nr; i++) {
		__set_bit(l.slot + i, st->valid);
		__set_bit(l.slot + i, st->dirty);
	}
	return 0;
}

/**
 * okvm_state_mark_dirty() - send a valid id with the next flush anyway
 * @st: the state
 * @id: GSB element id
 *
 * For a transport that must send some ids every run (v2: the HDEC
 * expiry, as Linux does).
 *
 * Context: the vCPU's lock held.
 * Return: 0; -ENOENT for an id not held here; -EPERM for a read-only id;
 * -ENODATA if the id is not valid (there is no value to send).
 */
int okvm_state_mark_dirty(struct okvm_state *st, u16 id)
{
	struct okvm_state_loc l;

	if (!okvm_state_locate(id, &l))
		return -ENOENT;
	if (l.info->flags & OKVM_GSF_RO)
		return -EPERM;
	if (!test_bit(l.slot, st->valid))
		return -ENODATA;
	__set_bit(l.slot, st->dirty);
	return 0;
}

/**
 * okvm_state_flush() - hand every dirty id to the transport
 * @st: the state
 *
 * One transport flush with all dirty ids, in ascending order, or none if
 * nothing is dirty. On success nothing is dirty any more; on failure
 * everything stays dirty for the next attempt.
 *
 * Context: the vCPU's lock held; may sleep in the transport.
 * Return: 0 or the transport's error.
 */
int okvm_state_flush(struct okvm_state *st)
{
	unsigned int slot, n = 0;
	int r;

	for_each_set_bit(slot, st->dirty, OKVM_STATE_NR_SLOTS)
		st->ids[n++] = okvm_state_slot_id(slot);
	if (!n)
		return 0;
	r = st->ops->flush(st, st->ids, n);
	if (r)
		return r;
	bitmap_zero(st->dirty, OKVM_STATE_NR_SLOTS);
	return 0;
}

/**
 * okvm_state_invalidate_all() - forget the L2 registers after a v2 run
 * @st: the state
 *
 * Every id from 0x1000 up becomes invalid unless it is dirty; the ids
 * only the L1 changes stay valid (see the top of this file).
 *
 * Context: the vCPU's lock held.
 */
void okvm_state_invalidate_all(struct okvm_state *st)
{
	struct okvm_state_loc l;

	okvm_state_locate(OKVM_STATE_FIRST_VOLATILE, &l);
	bitmap_clear(st->valid, l.slot, OKVM_STATE_NR_SLOTS - l.slot);
	bitmap_or(st->valid, st->valid, st->dirty, OKVM_STATE_NR_SLOTS);
}

/**
 * okvm_state_ids_to_slots() - the slot set of a list of ids
 * @ids: GSB element ids
 * @nr: how many
 * @slots: an OKVM_STATE_NR_SLOTS bitmap; the ids' bits are set
 *
 * For a transport that invalidates the same ids after every run: it
 * computes the set once with this and then calls
 * okvm_state_invalidate_slots().
 *
 * Return: 0, or -ENOENT if an id is not held here.
 */
int okvm_state_ids_to_slots(const u16 *ids, unsigned int nr,
			    unsigned long *slots)
{
	struct okvm_state_loc l;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		if (!okvm_state_locate(ids[i], &l))
			return -ENOENT;
		__set_bit(l.slot, slots);
	}
	return 0;
}

/**
 * okvm_state_invalidate_slots() - forget some registers after a run
 * @st: the state
 * @slots: the slots whose value the L0 may have changed
 *
 * Each becomes invalid unless it is dirty; the transport fetches it again
 * when it is read (v1: from its H_ENTER_NESTED image, without an hcall).
 *
 * Context: the vCPU's lock held.
 */
void okvm_state_invalidate_slots(struct okvm_state *st,
				 const unsigned long *slots)
{
	DECLARE_BITMAP(gone, OKVM_STATE_NR_SLOTS);

	bitmap_andnot(gone, slots, st->dirty, OKVM_STATE_NR_SLOTS);
	bitmap_andnot(st->valid, st->valid, gone, OKVM_STATE_NR_SLOTS);
}

static int okvm_state_sync_elem(void *ctx, const struct okvm_gsb_elem *e)
{
	struct okvm_state *st = ctx;
	u64 v[OKVM_GSB_MAX_VALUE / sizeof(u64)];
	struct okvm_state_loc l;
	int r;

	if (!okvm_state_locate(e->id, &l))
		return 0;	/* the NOP, or nothing the state holds */
	if (test_bit(l.slot, st->dirty))
		return 0;
	r = okvm_gsb_elem_value(e, v, l.size);
	if (r)
		return r;
	okvm_state_write(st, &l, v);
	__set_bit(l.slot, st->valid);
	return 0;
}

/**
 * okvm_state_sync_from_output() - take the values of an L0 output buffer
 * @st: the state
 * @buf: a GSB the L0 wrote: the run output buffer, or a GET_STATE answer
 * @len: its length in bytes
 * @scope: OKVM_GSB_THREAD (run output, vCPU GET) or OKVM_GSB_GUEST
 *
 * The whole buffer is validated first (gsb.c); only then is any value
 * taken, so a bad buffer changes nothing. Each element the state holds
 * becomes valid with the L0's value, unless it is dirty; other elements
 * are skipped.
 *
 * Context: the vCPU's lock held.
 * Return: the number of elements in the buffer, or the parse error.
 */
int okvm_state_sync_from_output(struct okvm_state *st, const void *buf,
				size_t len, unsigned int scope)
{
	if (scope != OKVM_GSB_THREAD && scope != OKVM_GSB_GUEST)
		return -EINVAL;
	return okvm_gsb_parse(buf, len, scope | OKVM_GSB_GET,
			      okvm_state_sync_elem, st, NULL);
}

/**
 * okvm_state_is_valid() - is this id's value current here?
 * @st: the state
 * @id: GSB element id
 *
 * Return: true if held here and valid.
 */
bool okvm_state_is_valid(const struct okvm_state *st, u16 id)
{
	struct okvm_state_loc l;

	return okvm_state_locate(id, &l) && test_bit(l.slot, st->valid);
}

/**
 * okvm_state_is_dirty() - is this id waiting for the next flush?
 * @st: the state
 * @id: GSB element id
 *
 * Return: true if held here and dirty.
 */
bool okvm_state_is_dirty(const struct okvm_state *st, u16 id)
{
	struct okvm_state_loc l;

	return okvm_state_locate(id, &l) && test_bit(l.slot, st->dirty);
}

/**
 * __okvm_state_put() - store a value the L0 gave
 * @st: the state
 * @id: GSB element id (read-only ones included)
 * @val: the value in CPU form
 * @size: size of @val, which must be the id's value size
 *
 * For transports: the id becomes valid and stays clean. A dirty id keeps
 * the L1's value.
 *
 * Context: the vCPU's lock held.
 * Return: 0, -ENOENT or -EINVAL as okvm_state_get().
 */
int __okvm_state_put(struct okvm_state *st, u16 id, const void *val,
		     unsigned int size)
{
	struct okvm_state_loc l;
	int r;

	r = okvm_state_lookup(id, size, &l);
	if (r)
		return r;
	if (test_bit(l.slot, st->dirty))
		return 0;
	okvm_state_write(st, &l, val);
	__set_bit(l.slot, st->valid);
	return 0;
}

/**
 * __okvm_state_peek() - read a value without fetching it
 * @st: the state
 * @id: GSB element id
 * @val: where to store the value in CPU form
 * @size: size of @val, which must be the id's value size
 *
 * For transports marshalling a flush.
 *
 * Context: the vCPU's lock held.
 * Return: 0, -ENOENT or -EINVAL as okvm_state_get(), or -ENODATA if the
 * id is not valid.
 */
int __okvm_state_peek(const struct okvm_state *st, u16 id, void *val,
		      unsigned int size)
{
	struct okvm_state_loc l;
	int r;

	r = okvm_state_lookup(id, size, &l);
	if (r)
		return r;
	if (!test_bit(l.slot, st->valid))
		return -ENODATA;
	okvm_state_read(st, &l, val);
	return 0;
}

/**
 * okvm_state_put_gsb() - append an id and its current value to a buffer
 * @st: the state
 * @b: a GSB being built (such as the run input buffer)
 * @id: GSB element id
 *
 * How a v2 flush marshals a dirty id.
 *
 * Context: the vCPU's lock held.
 * Return: 0; -ENOENT for an id not held here; -ENODATA if it is not
 * valid; okvm_gsb_put()'s error (-ENOSPC when @b is full).
 */
int okvm_state_put_gsb(const struct okvm_state *st, struct okvm_gsb *b,
		       u16 id)
{
	u64 v[OKVM_GSB_MAX_VALUE / sizeof(u64)];
	struct okvm_state_loc l;

	if (!okvm_state_locate(id, &l))
		return -ENOENT;
	if (!test_bit(l.slot, st->valid))
		return -ENODATA;
	okvm_state_read(st, &l, v);
	return okvm_gsb_put(b, id, v, l.size);
}
