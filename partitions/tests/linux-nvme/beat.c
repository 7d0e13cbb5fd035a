/*
 * The bare-metal cell beside the NVMe Linux cell: a beat every millisecond
 * of the counter, numbered every 100th ("beat N", N counting up by one),
 * for as long as the machine runs.  The test checks that the numbers never
 * skip while Linux makes its file system, restarts and reads it back.
 */
#include <kit/kit.h>

static const volatile uint32_t never;	/* nothing ends it */

static void beat(unsigned int beats)
{
	kit_printf("beat %u\n", beats / 100);
}

int main(void)
{
	kit_heartbeat(&never, ~0u, beat);
	return 0;
}
