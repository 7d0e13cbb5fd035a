/*
 * forger: no peer of the channel, writes a doorbell for pong where ping's
 * register page is (nothing is mapped there for it) while ping and pong are
 * busy.  The write must stop the cell: this test prints a line only if it
 * survives.
 */
#include <kit/kit.h>

#include "shared.h"

#define TEST_MAIN
#include <septum/test.h>

/* Late enough to land in the middle of the first round. */
#define ATTACK_DELAY_US 300000u

TEST(forger, doorbell_write_stops_it)
{
	uintptr_t doorbell = LINK_REGS + IVSHMEM_REG_DOORBELL;

	kit_udelay(ATTACK_DELAY_US);
	kit_printf("ringing pong's doorbell at 0x%lx\n",
		   (unsigned long)doorbell);
	kit_write32(doorbell, IVSHMEM_DOORBELL(PONG_ID, 0));
	EXPECT(!"the write returned");
}

int main(void)
{
	test_run_all();
	return 0;
}
