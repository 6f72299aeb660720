/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A check shared by the VM and vCPU stats tests. Include after
 * kselftest_harness.h: it uses the harness's assertions.
 */
#ifndef OKVM_SELFTEST_STATS_LAYOUT_H
#define OKVM_SELFTEST_STATS_LAYOUT_H

#include "okvm_stats.h"

/* Read @fd afresh and compare everything but the values with @ref. */
static inline void expect_same_layout(struct __test_metadata *_metadata,
				      int fd, const struct okvm_stats *ref)
{
	struct okvm_stats st;
	char err[256];

	ASSERT_EQ(0, okvm_stats_read(fd, &st, err, sizeof(err))) TH_LOG("%s", err);
	EXPECT_EQ(0, memcmp(&st.hdr, &ref->hdr, sizeof(st.hdr)));
	EXPECT_EQ(0, memcmp(st.id, ref->id, st.hdr.name_size));
	EXPECT_EQ(ref->data_size, st.data_size);
	EXPECT_EQ(0, memcmp(st.desc, ref->desc, st.hdr.num_desc * st.desc_size));
	okvm_stats_free(&st);
}

#endif /* OKVM_SELFTEST_STATS_LAYOUT_H */
