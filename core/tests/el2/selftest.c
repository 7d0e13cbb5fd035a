/*
 * The self-test image's driver: picks what to run from the boot command line
 * ("septum.test=<what>"; QEMU's -append sets it):
 *
 *   (absent), all    run every registered EL2 test, then power off (all
 *                    passed) or fail the system with POWER_FAIL_TEST
 *   fault            read an unmapped address: the fatal-exception report
 *   stack-overflow   recurse until the stack's guard page: the report must
 *                    still appear, taken on the exception stack
 *   panic            a plain panic
 */
#include <septum/console.h>
#define TEST_PRINTF console_printf
#define TEST_MAIN
#include <septum/test.h>

#include <septum/arch/trap.h>
#include <septum/drivers/power.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/selftest.h>

const struct boot_info *selftest_boot;

/* Keeps the recursion below from being proven infinite or turned into a loop. */
static volatile unsigned int recursion_limit = ~0u;

static __attribute__((noinline)) unsigned int recurse(unsigned int depth)
{
	volatile uint8_t frame[512];

	frame[0] = (uint8_t)depth;
	if (depth == recursion_limit)
		return frame[0];
	return recurse(depth + 1) + frame[0];
}

static bool word_is(const char *s, const char *word)
{
	while (*word && *s == *word) {
		s++;
		word++;
	}
	return !*word && (*s == '\0' || *s == ' ');
}

/* The value of "septum.test=" in the boot command line, or "all". */
static const char *requested(const char *args)
{
	static const char key[] = "septum.test=";

	for (; args && *args; args++) {
		unsigned int i = 0;

		while (key[i] && args[i] == key[i])
			i++;
		if (!key[i])
			return args + i;
	}
	return "all";
}

void selftest_run(const struct boot_info *boot)
{
	const char *what = requested(boot->cmdline);

	selftest_boot = boot;
	if (word_is(what, "fault")) {
		log_info("self-test: reading an unmapped address at EL2");
		arch_trap_provoke_fault();
	}
	if (word_is(what, "stack-overflow")) {
		log_info("self-test: overflowing the stack into its guard page");
		(void)recurse(0);
	}
	if (word_is(what, "panic"))
		panic("self-test: panic requested");
	if (!word_is(what, "all"))
		panic("self-test: unknown septum.test=%s", what);
	if (test_run_all() == 0)
		power_off();
	power_fail(POWER_FAIL_TEST);
}
