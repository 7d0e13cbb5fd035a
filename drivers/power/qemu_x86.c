/*
 * Power driver for QEMU's x86 PC machines (q35, pc) booted by SeaBIOS:
 * success ends QEMU through an ACPI soft-off (exit status 0); failure through
 * the isa-debug-exit device with a status code, so a test runner sees why
 * QEMU stopped.  QEMU must run with
 * `-device isa-debug-exit,iobase=0xf4,iosize=0x04` (the board's board.mk
 * does).
 *
 * A quirk of this machine, hence a driver of its own: SeaBIOS puts the ACPI
 * PM registers at port 0x600 on both machines, and QEMU's DSDT gives S5
 * (soft off) sleep type 0.  A real board reads both from its FADT and DSDT.
 */
#include <arch/pio.h>
#include <septum/arch/cpu.h>
#include <septum/drivers/power.h>

#define PM1A_CNT 0x604		/* PM base 0x600 + 4 */
#define PM1_SLP_TYP_S5 (0u << 10)
#define PM1_SLP_EN (1u << 13)
#define DEBUG_EXIT_PORT 0xf4

/* isa-debug-exit ends QEMU with status (value << 1) | 1: odd codes only. */
_Static_assert(POWER_FAIL_TEST & 1, "POWER_FAIL_TEST must be odd");
_Static_assert(POWER_FAIL_PANIC & 1, "POWER_FAIL_PANIC must be odd");

void power_off(void)
{
	pio_write16(PM1A_CNT, (uint16_t)(PM1_SLP_TYP_S5 | PM1_SLP_EN));
	arch_cpu_halt();
}

void power_fail(int code)
{
	pio_write8(DEBUG_EXIT_PORT, (uint8_t)((unsigned int)code >> 1));
	arch_cpu_halt();
}
