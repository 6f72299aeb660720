// SPDX-License-Identifier: GPL-2.0
/*
 * mips-vz/reg_ids.c: the KVM_REG_MIPS_* ONE_REG ids, against the VZ
 * model's probe of a rich and a minimal guest, before and in Release 6.
 *
 * What it proves: the list is upstream's numbering (R0-R31, HI, LO, PC
 * in the GP set; CP0 ids 8 * reg + sel, U32 or U64 as upstream sizes
 * them), without duplicates, in a stable order, and exactly the
 * registers this guest context has (HI/LO absent on R6, optional CP0
 * registers only when probed); every listed id passes the check and
 * reads back what was set; a served register at another size, another
 * architecture's id, a malformed id are -EINVAL, an id not served
 * -ENOENT, and nothing is written on failure; 32-bit registers read
 * sign-extended; R0 ignores writes; Wired takes only its field and at
 * most the TLB size; Config keeps the bits userspace may not change;
 * PRId and Count have their own backing (software copy, GTOffset).
 */
#include "mips_model.h"
#include "mips_model.c"
#include "../../mips-vz/probe.c"
#include "../../mips-vz/tlb.c"
#include "../../mips-vz/guestid.c"
#include "../../mips-vz/cp0_state.c"
#include "../../mips-vz/reg_ids.c"
#include "unit.h"

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

#define GP(n)		(KVM_REG_MIPS | KVM_REG_SIZE_U64 | (n))
#define CP0_32(r, s)	(KVM_REG_MIPS | KVM_REG_SIZE_U32 | 0x10000 | (8 * (r) + (s)))
#define CP0_64(r, s)	(KVM_REG_MIPS | KVM_REG_SIZE_U64 | 0x10000 | (8 * (r) + (s)))

static struct mips_model cpu;
static struct okvm_vz_vcpu vc;

static void setup(bool rich, bool r6)
{
	struct mm_config cfg;

	mm_default_config(&cfg);
	cfg.r6 = r6;
	if (!rich) {
		cfg.nconfig = 4;
		cfg.config[3] = 0;
	}
	mm_init(&cpu, &cfg, 0);
	CHECK_EQ(okvm_vz_probe(), 0);
	okvm_vz_vcpu_uninit(&vc);
	memset(&vc, 0, sizeof(vc));
	CHECK_EQ(okvm_vz_vcpu_init(&vc, 2), 0);
}

static unsigned int nr_ids(void)
{
	unsigned int n = 0;

	while (okvm_vz_reg_id_nth(n))
		n++;
	return n;
}

static bool listed(u64 id)
{
	unsigned int i;

	for (i = 0; okvm_vz_reg_id_nth(i); i++)
		if (okvm_vz_reg_id_nth(i) == id)
			return true;
	return false;
}

UNIT_TEST(list_is_upstreams_numbering_and_unique)
{
	unsigned int i, j, n, k;

	for (k = 0; k < 4; k++) {
		setup(k & 1, k & 2);
		n = nr_ids();
		CHECK(n > 35);
		for (i = 0; i < 32; i++)
			CHECK_EQ(okvm_vz_reg_id_nth(i), GP(i));
		CHECK_EQ(listed(GP(32)), !(k & 2));	/* HI */
		CHECK_EQ(listed(GP(33)), !(k & 2));	/* LO */
		CHECK(listed(GP(34)));			/* PC */
		for (i = 0; i < n; i++) {
			CHECK_EQ(okvm_vz_reg_id_check(okvm_vz_reg_id_nth(i)), 0);
			for (j = i + 1; j < n; j++)
				CHECK(okvm_vz_reg_id_nth(i) !=
				      okvm_vz_reg_id_nth(j));
		}
		CHECK_EQ(okvm_vz_reg_id_nth(n), 0);
		/* upstream's examples (facts §8) */
		CHECK(listed(0x7020000000010060ULL));	/* Status */
		CHECK(listed(0x7030000000010070ULL));	/* EPC */
		CHECK(listed(0x7030000000010079ULL));	/* EBase */
		CHECK(listed(CP0_32(9, 0)));		/* Count */
		CHECK(listed(CP0_32(15, 0)));		/* PRId */
		CHECK(listed(CP0_32(16, 0)));		/* Config */
		/* optional registers follow the probe */
		CHECK_EQ(listed(CP0_64(4, 2)), k & 1);	/* UserLocal */
		CHECK_EQ(listed(CP0_64(5, 2)), k & 1);	/* SegCtl0 */
		CHECK_EQ(listed(CP0_32(8, 1)), k & 1);	/* BadInstr */
		CHECK_EQ(listed(CP0_64(31, 2)), k & 1);	/* KScratch1 */
		CHECK_EQ(listed(CP0_32(16, 4)), k & 1);	/* Config4 */
		/* never served: Random, LLAddr, Config6/7 */
		CHECK(!listed(CP0_32(1, 0)));
		CHECK(!listed(CP0_64(17, 0)));
		CHECK(!listed(CP0_32(16, 6)));
	}
	/*
	 * The rich guest has every CP0 register okvm serves: 44 of them
	 * (Config0-5, KScratch1-6, SegCtl, the walker, BadInstr(P), ...).
	 */
	setup(true, false);
	CHECK(listed(CP0_64(31, 7)));
	CHECK(listed(CP0_32(16, 5)));
	CHECK_EQ(nr_ids(), 32 + 3 + 44);
	setup(true, true);
	CHECK_EQ(nr_ids(), 32 + 1 + 44);
}

UNIT_TEST(bad_ids_sizes_and_arches)
{
	u64 val = 0x5a5a;

	setup(true, false);
	/* a served register at another size */
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_MIPS | KVM_REG_SIZE_U32 | 5),
		 -EINVAL);
	CHECK_EQ(okvm_vz_reg_id_check(CP0_64(12, 0)), -EINVAL);
	CHECK_EQ(okvm_vz_reg_id_check(CP0_32(14, 0)), -EINVAL);
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_MIPS | KVM_REG_SIZE_U128 |
				      0x10000 | 96), -EINVAL);
	/* another architecture */
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_PPC | KVM_REG_SIZE_U64 | 1),
		 -EINVAL);
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_ARM64 | KVM_REG_SIZE_U64 | 1),
		 -EINVAL);
	CHECK_EQ(okvm_vz_reg_id_check(0), -EINVAL);
	/* not served */
	CHECK_EQ(okvm_vz_reg_id_check(GP(35)), -ENOENT);
	CHECK_EQ(okvm_vz_reg_id_check(CP0_32(22, 0)), -ENOENT);
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_MIPS | KVM_REG_SIZE_U64 |
				      0x20000), -ENOENT);	/* COUNT_CTL */
	CHECK_EQ(okvm_vz_reg_id_check(KVM_REG_MIPS | KVM_REG_SIZE_U64 |
				      0x30000), -ENOENT);	/* FPU */
	CHECK_EQ(okvm_vz_reg_id_check(GP(0) | 0x100000000ULL), -ENOENT);
	/* get/set refuse the same, and write nothing */
	CHECK_EQ(okvm_vz_reg_get(&vc, CP0_64(12, 0), &val), -EINVAL);
	CHECK_EQ(val, 0x5a5a);
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_64(12, 0), 0), -EINVAL);
	CHECK_EQ(vc.gc0[OKVM_GC0_STATUS], OKVM_ST_BEV | OKVM_ST_ERL);
	/* R6: HI/LO are gone */
	setup(true, true);
	CHECK_EQ(okvm_vz_reg_id_check(GP(32)), -ENOENT);
	CHECK_EQ(okvm_vz_reg_set(&vc, GP(33), 1), -ENOENT);
	/* minimal guest: UserLocal is not there */
	setup(false, false);
	CHECK_EQ(okvm_vz_reg_id_check(CP0_64(4, 2)), -ENOENT);
}

UNIT_TEST(every_id_reads_back_what_was_set)
{
	unsigned int i, k;
	u64 id, val, want;

	for (k = 0; k < 4; k++) {
		setup(k & 1, k & 2);
		cpu.r_count = 12345;
		for (i = 0; (id = okvm_vz_reg_id_nth(i)); i++) {
			bool u32 = (id & KVM_REG_SIZE_MASK) == KVM_REG_SIZE_U32;

			if (id == CP0_32(6, 0) || (id >= CP0_32(16, 0) &&
						   id <= CP0_32(16, 7)))
				continue;	/* masked: below */
			want = 0x8765432187654321ULL ^ id;
			if (id == GP(0))
				want = 0;
			CHECK_EQ(okvm_vz_reg_set(&vc, id, want), 0);
			if (u32)
				want = (u64)(s64)(s32)want;
			CHECK_EQ(okvm_vz_reg_get(&vc, id, &val), 0);
			if (val != want)
				fprintf(stderr, "  id %#llx: %#llx != %#llx\n",
					(unsigned long long)id,
					(unsigned long long)val,
					(unsigned long long)want);
			CHECK_EQ(val, want);
		}
	}
}

UNIT_TEST(special_registers)
{
	u64 val;

	setup(true, false);
	/* R0 ignores writes */
	CHECK_EQ(okvm_vz_reg_set(&vc, GP(0), 7), 0);
	CHECK_EQ(okvm_vz_reg_get(&vc, GP(0), &val), 0);
	CHECK_EQ(val, 0);
	/* the reset state reads through: PC, Status, PRId */
	CHECK_EQ(okvm_vz_reg_get(&vc, GP(34), &val), 0);
	CHECK_EQ(val, 0xffffffffbfc00000ULL);
	CHECK_EQ(okvm_vz_reg_get(&vc, CP0_32(12, 0), &val), 0);
	CHECK_EQ(val, 0x00400004);
	CHECK_EQ(okvm_vz_reg_get(&vc, CP0_32(15, 0), &val), 0);
	CHECK_EQ(val, cpu.cfg.prid);
	/* Count: root Count + GTOffset */
	cpu.r_count = 1000;
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(9, 0), 5000), 0);
	CHECK_EQ(vc.gtoffset, 4000);
	cpu.r_count = 1100;
	CHECK_EQ(okvm_vz_reg_get(&vc, CP0_32(9, 0), &val), 0);
	CHECK_EQ(val, 5100);
	/* Wired: only the field, at most the TLB */
	vc.gc0[OKVM_GC0_WIRED] = 0x00200000;	/* an R6 Limit */
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(6, 0), 0xffff0008), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_WIRED], 0x00200008);
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(6, 0),
				 okvm_vz_caps.guest_tlb_size + 1), -EINVAL);
	CHECK_EQ(vc.gc0[OKVM_GC0_WIRED], 0x00200008);
	/* Config: K0 yes, the M bit and MMU size no; Config5.K yes, MSAEn no */
	val = vc.gc0[OKVM_GC0_CONFIG];
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(16, 0), (val & ~7ULL) | 2), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_CONFIG], (val & ~7ULL) | 2);
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(16, 0), 2), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_CONFIG], (val & ~7ULL) | 2);
	val = vc.gc0[OKVM_GC0_CONFIG1];
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(16, 1), 0), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_CONFIG1], val);
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(16, 5), OKVM_CONF5_K |
				 OKVM_CONF5_MSAEN), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_CONFIG5] & (OKVM_CONF5_K | OKVM_CONF5_MSAEN),
		 OKVM_CONF5_K);
	/* a U32 register is stored sign-extended, as MTGC0 leaves it */
	CHECK_EQ(okvm_vz_reg_set(&vc, CP0_32(13, 0), 0x80000000), 0);
	CHECK_EQ(vc.gc0[OKVM_GC0_CAUSE], 0xffffffff80000000UL);
}
