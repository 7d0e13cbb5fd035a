/* Release images run no self-tests: see septum/selftest.h. */
#include <septum/selftest.h>

void selftest_run(const struct boot_info *boot)
{
	(void)boot;
}
