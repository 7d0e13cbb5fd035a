/*
 * The victim: a heartbeat every millisecond while the thief goes through its
 * lives.  It checks that no beat came late (a stall of the victim's CPU would
 * show as a gap), that its memory was never touched, and reports.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#include "shared.h"

#define PATTERN 0x5eed5eedu
#define MAX_BEATS 20000

static struct progress *const p = (struct progress *)PROGRESS;
static volatile uint32_t guard[1024];

static void beat(unsigned int beats)
{
	kit_printf("beat %u (thief life %u)\n", beats, p->lives);
}

TEST(victim, heartbeat_without_gaps)
{
	uint64_t tick = kit_counter_freq() / 1000;
	/* Until the thief is done (bounded: a stuck thief fails this). */
	uint64_t worst = kit_heartbeat(&p->done, MAX_BEATS, beat);

	EXPECT(p->done);
	EXPECT_EQ(p->lives, ROUNDS);
	/*
	 * The test runs with QEMU's instruction counter as the clock: a beat
	 * is late by what the other CPUs execute in QEMU's round robin (a
	 * few ms), never by a stall of this CPU in the hypervisor while the
	 * thief is stopped and reloaded.
	 */
	EXPECT(worst < 200 * tick);
}

/* Runs after the heartbeat or before it: the thief's attempts are over or
 * not; either way nothing but the victim ever wrote here. */
TEST(victim, memory_untouched)
{
	for (unsigned int i = 0; i < 1024; i++)
		EXPECT_EQ(guard[i], PATTERN);
}

int main(void)
{
	for (unsigned int i = 0; i < 1024; i++)
		guard[i] = PATTERN;
	test_run_all();
	return 0;
}
