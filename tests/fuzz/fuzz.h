/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every host fuzz target shares: the shim's globals and a check that
 * crashes (so that libFuzzer saves the input) with the failed expression.
 *
 * Each target defines okvm_fuzz_one(const u8 *data, size_t size); the
 * Makefile gives it libFuzzer's name at link time (--defsym), which keeps
 * checkpatch's CamelCase check quiet. Include after the shim and the .c
 * files under test.
 */
#ifndef OKVM_FUZZ_H
#define OKVM_FUZZ_H

#include <stdio.h>

long unit_alloc_fail_after = -1;
long unit_live_allocs;
u64 unit_task_size = 1ULL << 47;

#define FUZZ_CHECK(c)							\
	do {								\
		if (!(c)) {						\
			fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #c); \
			__builtin_trap();				\
		}							\
	} while (0)

int okvm_fuzz_one(const u8 *data, size_t size);

#endif /* OKVM_FUZZ_H */
