/*
 * The victim: publishes where its guard words are (the thief aims its
 * device's DMA there), keeps a heartbeat every millisecond while the thief
 * goes through its lives, then checks that no beat came late and that its
 * guard words were never written.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#include "shared.h"

#define PATTERN 0x5eed5eedu
#define MAX_BEATS 60000

static struct progress *const p = (struct progress *)PROGRESS;
static volatile uint32_t guard[GUARD_WORDS] __attribute__((aligned(4096)));

static void beat(unsigned int beats)
{
	kit_printf("beat %u (thief life %u)\n", beats, p->lives);
}

TEST(victim, heartbeat_without_gaps)
{
	uint64_t tick = kit_counter_freq() / 1000;
	uint64_t worst = kit_heartbeat(&p->done, MAX_BEATS, beat);

	EXPECT(p->done);
	EXPECT_EQ(p->lives, ROUNDS);
	/* Under the instruction-count clock: late by the other CPUs' turns
	 * in QEMU's round robin, never by a stall of this CPU. */
	EXPECT(worst < 200 * tick);
}

TEST(victim, memory_untouched_by_dma)
{
	for (unsigned int i = 0; i < GUARD_WORDS; i++)
		EXPECT_EQ(guard[i], PATTERN);
}

int main(void)
{
	for (unsigned int i = 0; i < GUARD_WORDS; i++)
		guard[i] = PATTERN;
	__asm__ volatile("dsb sy" : : : "memory");
	p->guard = (uintptr_t)guard;
	test_run_all();
	return 0;
}
