/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The POWER ONE_REG id table (reg_ids.c): pure logic shared by the
 * KVM_*_ONE_REG ioctls (onereg.c), tests/unit and the host fuzzer.
 */
#ifndef OKVM_PPC_REG_IDS_H
#define OKVM_PPC_REG_IDS_H

struct okvm_state;

u64 okvm_reg_id_nth(unsigned int index);
int okvm_reg_id_check(u64 id);
int okvm_reg_id_xfer(struct okvm_state *st, u64 id, u64 val[2], bool set);

#endif /* OKVM_PPC_REG_IDS_H */
