/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What each L0 nested API (v1: H_ENTER_NESTED, v2: H_GUEST_*) implements
 * below the common vCPU state layer (state.h).
 *
 * Naming as in arm64's hyp code: "flush" copies L1 → L0, "sync" copies
 * L0 → L1. Register semantics live above the transport; a transport only
 * marshals ids and values and makes hcalls.
 */
#ifndef OKVM_PPC_TRANSPORT_H
#define OKVM_PPC_TRANSPORT_H

#include "internal.h"

struct okvm_state;
struct okvm_ppc_vm;
struct okvm_ppc_vcpu;

/**
 * struct okvm_ppc_transport_ops - one L0 nested API
 * @name: "v1" or "v2", for logs
 * @guest_create: make the L0 side of a new VM (v2: H_GUEST_CREATE and the
 *	guest-wide state; v1: a partition-table entry). Process context.
 * @vcpu_create: make the L0 side of a new vCPU (v2: H_GUEST_CREATE_VCPU
 *	and registering the run buffers). Process context.
 * @vcpu_destroy: undo @vcpu_create.
 * @flush: hand the L0 side the values of @nr ids of @st, in ascending id
 *	order, each once. The transport reads each value with
 *	__okvm_state_peek() (or okvm_state_put_gsb()) and may only stage it:
 *	v2 writes thread-wide ids into the run input buffer and sets
 *	guest-wide ones with H_GUEST_SET_STATE; v1 copies them into its
 *	hv_guest_state / pt_regs / register image. Return 0 only when every
 *	id was taken: the state layer then clears their dirty bits.
 * @run: enter the L2 until it exits; the caller has flushed. Afterwards
 *	the transport has left @st as its API allows: v1 invalidates the
 *	ids its image carries (okvm_state_invalidate_slots()); v2 calls
 *	okvm_state_invalidate_all() then okvm_state_sync_from_output() on the
 *	run output buffer.
 * @sync: fetch the L0's values of @nr ids of @st (none of them valid, in
 *	ascending id order, each once) and store them with
 *	__okvm_state_put() or okvm_state_sync_from_output(): v2 makes one
 *	H_GUEST_GET_STATE for all of them. Return 0 only when every id was
 *	stored.
 * @destroy: undo @guest_create (v2: H_GUEST_DELETE); every vCPU is gone.
 * @set_process_table: the L2's process table, as the second doubleword of
 *	a partition-table entry without GR (PRTB | PRTS), validated by the
 *	caller (v1: the L2's partition-table entry; v2: guest-wide element
 *	0x0006, base and size). Process context.
 *
 * @flush and @sync are what the state layer calls, with the vCPU's lock
 * held; they return 0 or a negative errno. The transport finds its vCPU
 * from @st with container_of().
 */
struct okvm_ppc_transport_ops {
	const char *name;
	int (*guest_create)(struct okvm_ppc_vm *vm);
	int (*vcpu_create)(struct okvm_ppc_vm *vm, struct okvm_ppc_vcpu *vcpu);
	void (*vcpu_destroy)(struct okvm_ppc_vm *vm, struct okvm_ppc_vcpu *vcpu);
	int (*flush)(struct okvm_state *st, const u16 *ids, unsigned int nr);
	int (*run)(struct okvm_ppc_vcpu *vcpu, u64 *exit_vector);
	int (*sync)(struct okvm_state *st, const u16 *ids, unsigned int nr);
	void (*destroy)(struct okvm_ppc_vm *vm);
	int (*set_process_table)(struct okvm_ppc_vm *vm, u64 dw1);
};

/* The second doubleword of a radix partition-table entry (ISA 3.0 5.7.6.2) */
#define OKVM_PATE_GR		BIT_ULL(63)
#define OKVM_PRTB_MASK		0x0ffffffffffff000ULL
#define OKVM_PRTS_MASK		0x1fULL
#define OKVM_PRTS_MAX		24

/*
 * The DEC expiry id (OKVM_GSID_DEC_EXPIRY_TB) is 0 for a decrementer never
 * armed (a new vCPU). Both transports then give the L2 the largest
 * positive 32-bit DEC from the entry on, so a new L2 takes no decrementer
 * interrupt before it sets DEC itself; an L0 would take 0 as "now".
 */
#define OKVM_DEC_MAX		0x7fffffffULL

/* How long the L2 may run before the L1 looks at signals again. */
#define OKVM_HDEC_SLICE_US	10000

#endif /* OKVM_PPC_TRANSPORT_H */
