/*
 * The ACPI tables firmware leaves in memory: what the hypervisor reads from
 * them at boot (the CPUs of the MADT).  ACPI 6.5, chapter 5.2.
 */
#ifndef ARCH_ACPI_H
#define ARCH_ACPI_H

#include <septum/main.h>

/*
 * Find the RSDP in the BIOS areas (the EBDA's first KiB, then
 * 0xe0000-0xfffff), follow its XSDT (or RSDT) to the MADT and add every
 * enabled local APIC (or x2APIC) to info's CPU list, in the table's order.
 * Physical memory below 4 GiB must be identity-mapped (the boot tables).
 * Returns false if no MADT was found.  Boot CPU, early boot.
 */
bool acpi_read_cpus(struct boot_info *info);

/* Where the MADT says the I/O APIC with GSI base 0 is, or 0 if none. */
uint64_t acpi_ioapic_pa(void);

/*
 * The ACPI PM timer (3.579545 MHz) from the FADT, as read by
 * acpi_read_cpus(): its I/O port (0 if none) and counter width (24 or 32).
 */
uint16_t acpi_pm_timer_port(void);
unsigned int acpi_pm_timer_bits(void);

#endif /* ARCH_ACPI_H */
