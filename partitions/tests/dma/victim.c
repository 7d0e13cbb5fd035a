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

TEST(victim, heartbeat_without_gaps)
{
	uint64_t tick = kit_counter_freq() / 1000, worst = 0;
	uint64_t last = kit_counter();
	unsigned int beats = 0;

	while (!p->done && beats < MAX_BEATS) {
		uint64_t now;

		while ((now = kit_counter()) - last < tick)
			;
		if (now - last > worst)
			worst = now - last;
		last = now;
		if (++beats % 100 == 0)
			kit_printf("beat %u (thief life %u)\n", beats, p->lives);
	}
	kit_printf("%u beats, longest interval %llu us\n", beats,
		   (unsigned long long)(worst * 1000000 / kit_counter_freq()));
	EXPECT(p->done);
	EXPECT_EQ(p->lives, ROUNDS);
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
