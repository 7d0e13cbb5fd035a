/*
 * Ending the whole system, implemented by the board's power driver
 * (drivers/power/<name>.c, one linked per board).
 */
#ifndef SEPTUM_DRIVERS_POWER_H
#define SEPTUM_DRIVERS_POWER_H

#include <septum/types.h>

/* Orderly end of the system (e.g. after self-tests pass).  Never returns. */
NORETURN void power_off(void);

/*
 * End the system after a fatal error, with a failure `code` where the
 * platform can report one (QEMU's exit status); otherwise stop it for
 * inspection.  Never returns.
 */
NORETURN void power_fail(int code);

/* Exit codes power_fail() is given. */
#define POWER_FAIL_TEST 1	/* a self-test failed */
#define POWER_FAIL_PANIC 3	/* the hypervisor panicked */

#endif /* SEPTUM_DRIVERS_POWER_H */
