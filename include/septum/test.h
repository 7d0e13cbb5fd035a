/*
 * Tiny in-tree test framework shared by host unit tests, EL2 self-tests and
 * bare-metal test guests.
 *
 * A test is a function declared with TEST(suite, name).  EXPECT*() record a failure
 * (with file:line and the expression) and carry on, so one run shows every broken
 * expectation.  test_run_all() runs every registered test and prints one line per
 * test, which ci/step and ci/runner.py parse:
 *
 *     TEST <suite>.<name> PASS
 *     TEST <suite>.<name> FAIL
 *
 * The including environment defines TEST_PRINTF (a printf-like function) before
 * including this header; it defaults to printf.  Tests register themselves in the
 * `septum_tests` linker section: that auto-registration is allowed in tests only.
 * Exactly one file of a test program defines TEST_MAIN before including this
 * header, which instantiates test_run_all().
 */
#ifndef SEPTUM_TEST_H
#define SEPTUM_TEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef TEST_PRINTF
#include <stdio.h>
#define TEST_PRINTF printf
#endif

/* Aligned as placed, so the section is an array of them on 32-bit targets too. */
struct test_case {
	const char *suite;
	const char *name;
	void (*fn)(void);
	const char *file;
	int line;
} __attribute__((aligned(8)));

/* Failures of the test currently running; reset by test_run_all() per test. */
extern unsigned int test_failures;

#define TEST(suite, name)                                                      \
	static void test_##suite##_##name(void);                               \
	static const struct test_case test_case_##suite##_##name               \
		__attribute__((used, section("septum_tests"), aligned(8))) = { \
			#suite, #name, test_##suite##_##name, __FILE__,        \
			__LINE__ };                                            \
	static void test_##suite##_##name(void)

static inline bool test_check(bool ok, const char *what, const char *file,
			      int line)
{
	if (!ok) {
		test_failures++;
		TEST_PRINTF("  %s:%d: expected %s\n", file, line, what);
	}
	return ok;
}

static inline bool test_check_eq(uint64_t got, uint64_t want, const char *what,
				 const char *file, int line)
{
	if (got != want) {
		test_failures++;
		TEST_PRINTF("  %s:%d: %s: got 0x%llx, want 0x%llx\n", file, line,
			    what, (unsigned long long)got,
			    (unsigned long long)want);
	}
	return got == want;
}

/* Both return whether the expectation held, so a test can stop early on it. */
#define EXPECT(cond) test_check(!!(cond), #cond, __FILE__, __LINE__)
#define EXPECT_EQ(got, want)                                                  \
	test_check_eq((uint64_t)(got), (uint64_t)(want), #got " == " #want,   \
		      __FILE__, __LINE__)

#ifdef TEST_MAIN
extern const struct test_case __start_septum_tests[];
extern const struct test_case __stop_septum_tests[];

unsigned int test_failures;

#define TEST_MAX 512

static bool test_same_file(const struct test_case *a, const struct test_case *b)
{
	const char *x = a->file, *y = b->file;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	return *x == *y;
}

/*
 * Run every registered test, files in link order and each file's tests in
 * source order (compilers may emit them in any order); print one TEST line
 * each and a closing "N passed, M failed" line.  Returns the number of
 * failed tests.
 */
static unsigned int test_run_all(void)
{
	static const struct test_case *order[TEST_MAX];
	unsigned int passed = 0, failed = 0;
	/* Count by address: the two bounds are distinct linker symbols. */
	size_t count = ((uintptr_t)__stop_septum_tests -
			(uintptr_t)__start_septum_tests) /
		       sizeof(struct test_case);

	if (count > TEST_MAX)
		count = TEST_MAX;
	for (size_t i = 0; i < count; i++) {
		size_t j = i;

		/* Insertion sort; a test's file groups with its first test. */
		while (j > 0 && test_same_file(&__start_septum_tests[i], order[j - 1]) &&
		       __start_septum_tests[i].line < order[j - 1]->line)
			j--;
		for (size_t k = i; k > j; k--)
			order[k] = order[k - 1];
		order[j] = &__start_septum_tests[i];
	}
	for (size_t i = 0; i < count; i++) {
		const struct test_case *t = order[i];

		test_failures = 0;
		t->fn();
		TEST_PRINTF("TEST %s.%s %s\n", t->suite, t->name,
			    test_failures ? "FAIL" : "PASS");
		if (test_failures)
			failed++;
		else
			passed++;
	}
	TEST_PRINTF("%u passed, %u failed\n", passed, failed);
	return failed;
}
#endif

#endif /* SEPTUM_TEST_H */
