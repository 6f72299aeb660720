/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small host-side test harness for okvm's pure logic. Each test binary
 * links unit.c and one test_*.c that #includes the real kernel .c file
 * behind the userspace shim (shim.h), as tools/testing/vma does.
 *
 * Output: one "PASS <binary>/<test>" or "FAIL <binary>/<test>" line per
 * test, diagnostics on stderr, then "N passed, N failed"; the exit code is
 * non-zero when anything failed.
 */
#ifndef OKVM_UNIT_H
#define OKVM_UNIT_H

#include <stdbool.h>
#include <stdio.h>

void unit_register(const char *name, void (*fn)(void));
/* Never returns: jumps back to the runner, which marks the test failed. */
void unit_fail(const char *file, int line, const char *expr);

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* A test is a function registered before main() runs. */
#define UNIT_TEST(name)							\
	static void unit_fn_##name(void);				\
	__attribute__((constructor)) static void unit_reg_##name(void)	\
	{								\
		unit_register(#name, unit_fn_##name);			\
	}								\
	static void unit_fn_##name(void)

/* Fail the current test: unit_fail() jumps back to the runner. */
#define CHECK(cond)							\
	do {								\
		if (!(cond))						\
			unit_fail(__FILE__, __LINE__, #cond);		\
	} while (0)

#define CHECK_EQ(a, b)	unit_check_eq(__FILE__, __LINE__, #a " == " #b, \
				      (long long)(a), (long long)(b))

static inline void unit_check_eq(const char *file, int line, const char *expr,
				 long long a, long long b)
{
	if (a != b) {
		fprintf(stderr, "  %lld != %lld\n", a, b);
		unit_fail(file, line, expr);
	}
}

#endif /* OKVM_UNIT_H */
