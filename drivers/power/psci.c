/*
 * Power driver for boards with PSCI firmware: power off through SYSTEM_OFF.
 * After a fatal error the system is left stopped (every CPU halted) for
 * inspection, with the report on the console; a board watchdog, if any,
 * resets it.
 */
#include <arch/psci.h>
#include <septum/arch/cpu.h>
#include <septum/drivers/power.h>

void power_off(void)
{
	psci_system_off();
	arch_cpu_halt();
}

void power_fail(int code)
{
	(void)code;
	arch_cpu_halt();
}
