/*
 * Boot self-tests of the hypervisor.  Test images link core/tests/el2/ and run
 * the tests named by the boot command line ("septum.test=<what>"); the release
 * image links core/selftest_none.c instead, which runs nothing.
 */
#ifndef SEPTUM_SELFTEST_H
#define SEPTUM_SELFTEST_H

#include <septum/main.h>

/*
 * Run the self-tests the boot command line asks for, on the boot CPU after
 * every CPU is online.  A test image ends the system itself (power off on
 * success, power_fail() on failure); the release image returns at once.
 */
void selftest_run(const struct boot_info *boot);

/* What selftest_run() was given, for the tests (test images only). */
extern const struct boot_info *selftest_boot;

#endif /* SEPTUM_SELFTEST_H */
