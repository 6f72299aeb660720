// SPDX-License-Identifier: GPL-2.0
/* The runner of tests/unit: see unit.h. */
#include <libgen.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

#include "unit.h"

#define UNIT_MAX_TESTS 256

static struct {
	const char *name;
	void (*fn)(void);
} unit_tests[UNIT_MAX_TESTS];
static int unit_nr;
static bool unit_cur_failed;
static jmp_buf unit_jmp;

void unit_register(const char *name, void (*fn)(void))
{
	if (unit_nr == UNIT_MAX_TESTS) {
		fprintf(stderr, "too many tests\n");
		exit(2);
	}
	unit_tests[unit_nr].name = name;
	unit_tests[unit_nr].fn = fn;
	unit_nr++;
}

void unit_fail(const char *file, int line, const char *expr)
{
	fprintf(stderr, "  %s:%d: check failed: %s\n", file, line, expr);
	unit_cur_failed = true;
	longjmp(unit_jmp, 1);
}

/* Run test @i; a failed check longjmps back here. Return true if it passed. */
static bool unit_run(int i)
{
	unit_cur_failed = false;
	if (!setjmp(unit_jmp))
		unit_tests[i].fn();
	return !unit_cur_failed;
}

int main(int argc, char **argv)
{
	const char *bin = basename(argv[0]);
	int i, passed = 0, failed = 0;

	for (i = 0; i < unit_nr; i++) {
		if (argc > 1 && strcmp(argv[1], unit_tests[i].name))
			continue;
		if (unit_run(i)) {
			printf("PASS %s/%s\n", bin, unit_tests[i].name);
			passed++;
		} else {
			printf("FAIL %s/%s\n", bin, unit_tests[i].name);
			failed++;
		}
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
