/*
 * Beside the `inject` cell: a heartbeat every millisecond until the prober's
 * abort storm is over.  A stall of this CPU in the hypervisor (a lock the
 * storm holds, a log line per abort) would show as a gap.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#include "shared.h"

#define MAX_BEATS 60000u

static struct progress *const p = (struct progress *)PROGRESS;

TEST(steady, heartbeat_through_the_storm)
{
	uint64_t tick = kit_counter_freq() / 1000;
	/* Bounded: a prober that never finishes fails this. */
	uint64_t worst = kit_heartbeat(&p->done, MAX_BEATS, NULL);

	EXPECT(p->done);
	EXPECT(p->storming);
	/* Late by the other CPUs' turns in QEMU's round robin under the
	 * instruction-count clock (a few ms), never by a stall. */
	EXPECT(worst < 200 * tick);
}

int main(void)
{
	test_run_all();
	return 0;
}
