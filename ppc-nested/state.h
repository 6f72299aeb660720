/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The common vCPU state layer (DESIGN.md): one canonical register file per
 * L2 vCPU, addressed by Guest State Buffer element id (gsb.h), with a
 * valid and a dirty bit per id. Every reader and writer of L2 state goes
 * through okvm_state_get() / okvm_state_set(); the layer asks its transport
 * (transport.h) only for what is missing (sync) or changed (flush), as the
 * seed's lazy-caching rule describes (004, "L1 Implementation details:
 * Caching state").
 *
 * The ids it holds: every per-vCPU register (0x1000-0x1053, 0x2000-0x200E,
 * VSRs 0x3000-0x303F, the interrupt information 0xF000-0xF003), the VPA
 * (0x0C02), and the guest-wide logical PVR and TB offset (0x0003-0x0004,
 * one ONE_REG each per vCPU in KVM). Not the L0 facts (0x0001, 0x0002,
 * 0x08xx), nor what the transport and the MMU own: the run buffers
 * (0x0C00-0x0C01), the partition and process tables (0x0005-0x0006).
 *
 * Values are in CPU form: u32 for 4-byte ids, u64 for 8-byte ids and HEIR,
 * u64[2] for a VSR ([0] the most-significant doubleword).
 *
 * Context: a vCPU's state is used under that vCPU's lock; the layer takes
 * no lock of its own and never sleeps except in the transport hooks.
 */
#ifndef OKVM_PPC_STATE_H
#define OKVM_PPC_STATE_H

#include "internal.h"
#include "gsb.h"

struct okvm_ppc_transport_ops;

/* Ids held (slots) and u64 words of value storage; state.c checks both. */
#define OKVM_STATE_NR_SLOTS	170
#define OKVM_STATE_NR_WORDS	234

/**
 * struct okvm_state - one L2 vCPU's register file
 * @ops: the transport asked for missing or changed values
 * @valid: slots whose value here is the L2's current value
 * @dirty: slots set here and not yet flushed to the L0 (always valid too)
 * @ids: scratch list of ids handed to the transport
 * @val: the values, by slot (see state.c)
 */
struct okvm_state {
	const struct okvm_ppc_transport_ops *ops;
	DECLARE_BITMAP(valid, OKVM_STATE_NR_SLOTS);
	DECLARE_BITMAP(dirty, OKVM_STATE_NR_SLOTS);
	u16 ids[OKVM_STATE_NR_SLOTS];
	u64 val[OKVM_STATE_NR_WORDS];
};

void okvm_state_init(struct okvm_state *st,
		     const struct okvm_ppc_transport_ops *ops);
bool okvm_state_has(u16 id);

int okvm_state_get(struct okvm_state *st, u16 id, void *val,
		   unsigned int size);
int okvm_state_set(struct okvm_state *st, u16 id, const void *val,
		   unsigned int size);
int okvm_state_ensure(struct okvm_state *st, const u16 *ids,
		      unsigned int nr);
int okvm_state_get_u64s(struct okvm_state *st, u16 first, unsigned int nr,
			u64 *vals);
int okvm_state_set_u64s(struct okvm_state *st, u16 first, unsigned int nr,
			const u64 *vals);
int okvm_state_flush(struct okvm_state *st);
int okvm_state_mark_dirty(struct okvm_state *st, u16 id);

void okvm_state_invalidate_all(struct okvm_state *st);
int okvm_state_ids_to_slots(const u16 *ids, unsigned int nr,
			    unsigned long *slots);
void okvm_state_invalidate_slots(struct okvm_state *st,
				 const unsigned long *slots);
int okvm_state_sync_from_output(struct okvm_state *st, const void *buf,
				size_t len, unsigned int scope);

bool okvm_state_is_valid(const struct okvm_state *st, u16 id);
bool okvm_state_is_dirty(const struct okvm_state *st, u16 id);

/* For transports only: raw access, no fetch, no dirty marking. */
int __okvm_state_put(struct okvm_state *st, u16 id, const void *val,
		     unsigned int size);
int __okvm_state_peek(const struct okvm_state *st, u16 id, void *val,
		      unsigned int size);
int okvm_state_put_gsb(const struct okvm_state *st, struct okvm_gsb *b,
		       u16 id);

static inline int okvm_state_get_u64(struct okvm_state *st, u16 id, u64 *v)
{
	return okvm_state_get(st, id, v, sizeof(*v));
}

static inline int okvm_state_get_u32(struct okvm_state *st, u16 id, u32 *v)
{
	return okvm_state_get(st, id, v, sizeof(*v));
}

static inline int okvm_state_set_u64(struct okvm_state *st, u16 id, u64 v)
{
	return okvm_state_set(st, id, &v, sizeof(v));
}

static inline int okvm_state_set_u32(struct okvm_state *st, u16 id, u32 v)
{
	return okvm_state_set(st, id, &v, sizeof(v));
}

#endif /* OKVM_PPC_STATE_H */
