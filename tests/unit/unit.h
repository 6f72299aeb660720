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
void unit_fail(const char *file, int line, const char *expr);
bool unit_failed(void);

#define UNIT_TEST(name)							\
	static void name(void);						\
	__attribute__((constructor)) static void register_##name(void)	\
	{								\
		unit_register(#name, name);				\
	}								\
	static void name(void)

/* Fail the current test and leave it. */
#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			unit_fail(__FILE__, __LINE__, #cond);		\
			return;						\
		}							\
	} while (0)

#define CHECK_EQ(a, b)							\
	do {								\
		long long __a = (long long)(a), __b = (long long)(b);	\
		if (__a != __b) {					\
			fprintf(stderr, "  %s = %lld, %s = %lld\n",	\
				#a, __a, #b, __b);			\
			unit_fail(__FILE__, __LINE__, #a " == " #b);	\
			return;						\
		}							\
	} while (0)

#endif /* OKVM_UNIT_H */
