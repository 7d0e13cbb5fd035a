/*
 * Power driver for QEMU arm64 machines: success ends QEMU through PSCI
 * SYSTEM_OFF (exit status 0); failure through semihosting SYS_EXIT with a
 * status code, so a test runner sees why QEMU stopped.  QEMU must run with
 * `-semihosting-config enable=on,target=native` (the QEMU boards' board.mk do).
 */
#include <arch/psci.h>
#include <septum/arch/cpu.h>
#include <septum/drivers/power.h>

#define SEMIHOST_SYS_EXIT 0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

static void semihost_exit(uint64_t code)
{
	uint64_t block[2] = { ADP_STOPPED_APPLICATION_EXIT, code };
	register uint64_t x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
	register uint64_t x1 __asm__("x1") = (uintptr_t)block;

	__asm__ volatile("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
}

void power_off(void)
{
	psci_system_off();
	semihost_exit(0);
	arch_cpu_halt();
}

void power_fail(int code)
{
	semihost_exit((uint64_t)code);
	arch_cpu_halt();
}
