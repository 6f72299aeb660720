/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The v2 L0 interface (PAPR H_GUEST_*): what okvm keeps per VM and per
 * vCPU for it. Documentation/ppc-nested.rst, seed 004 "New PAPR API".
 */
#ifndef OKVM_PPC_V2_H
#define OKVM_PPC_V2_H

#include <linux/bitmap.h>
#include <linux/mutex.h>

#include "gsb.h"

/* vCPU ids an L0 accepts per guest (H_GUEST_CREATE_VCPU: 0-2047). */
#define OKVM_V2_MAX_VCPUS	2048

/**
 * struct okvm_v2_vm - the L0 side of one VM
 * @guest: the L0's guest id (H_GUEST_CREATE), 0 for none
 * @lock: serialises L0 vCPU creation, which must be dense and in order
 * @nr_l0_vcpus: L0 vCPUs created so far (ids 0 .. @nr_l0_vcpus - 1)
 * @idle: L0 vCPUs created but not used by any okvm vCPU (the okvm vCPU
 *	failed later in KVM_CREATE_VCPU); reused before a new one is made
 */
struct okvm_v2_vm {
	u64 guest;
	struct mutex lock;	/* @nr_l0_vcpus, @idle */
	unsigned int nr_l0_vcpus;
	DECLARE_BITMAP(idle, OKVM_V2_MAX_VCPUS);
};

/**
 * struct okvm_v2_vcpu - the L0 side of one vCPU
 * @id: its L0 vCPU id (dense, in creation order; not the KVM vCPU id)
 * @ran: it has been run once: its L0 state is no longer the initial one
 * @staged: @in holds a flushed run input that the next run sends
 * @in_b: the run input buffer being built
 * @in: run input buffer (registered with 0x0C00); between runs, when
 *	nothing is staged, also the buffer of H_GUEST_GET_STATE and
 *	H_GUEST_SET_STATE
 * @out: run output buffer (registered with 0x0C01)
 * @out_size: its size
 */
struct okvm_v2_vcpu {
	unsigned int id;
	bool ran;
	bool staged;
	struct okvm_gsb in_b;
	u8 *in;
	u8 *out;
	u32 out_size;
};

struct seq_file;

int okvm_v2_init(u64 l0_caps);
void okvm_v2_exit(void);
void okvm_v2_show(struct seq_file *m);

#endif /* OKVM_PPC_V2_H */
