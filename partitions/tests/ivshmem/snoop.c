/*
 * snoop: no peer of the channel, reads its memory at the physical address
 * (nothing is mapped there for it) while ping and pong are busy.  The read
 * must stop the cell: this test prints a line only if it survives.
 */
#include <kit/kit.h>

#include "shared.h"

#define TEST_MAIN
#include <septum/test.h>

/* Late enough to land in the middle of the first round. */
#define ATTACK_DELAY_US 200000u

TEST(snoop, channel_read_stops_it)
{
	kit_udelay(ATTACK_DELAY_US);
	kit_printf("reading the channel at 0x%lx\n", LINK_SHMEM);
	(void)kit_read32(LINK_SHMEM);
	EXPECT(!"the read returned");
}

int main(void)
{
	test_run_all();
	return 0;
}
