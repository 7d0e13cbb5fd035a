/*
 * The bare-metal cell beside the Linux cell of the linux-x86 test: a beat
 * every 100 ms for as long as the system runs, so the test sees that it
 * never stopped while Linux booted and was used.
 */
#include <kit/kit.h>

#define BEAT_US 100000u

int main(void)
{
	for (unsigned int n = 0;; n++) {
		kit_printf("beat %u\n", n);
		kit_udelay(BEAT_US);
	}
}
