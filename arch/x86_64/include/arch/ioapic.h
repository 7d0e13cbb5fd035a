/*
 * The I/O APIC: the hypervisor routes the device interrupts it claims (the
 * console UART's) through it.  Cells never reach it.
 */
#ifndef ARCH_IOAPIC_H
#define ARCH_IOAPIC_H

#include <septum/types.h>

/* Map the I/O APIC at `base` (from the MADT) and mask every input.  Boot CPU. */
void ioapic_init(uint64_t base);

/*
 * Deliver global system interrupt `gsi` (an ISA IRQ: edge, active high) to
 * the CPU with APIC id `apic_id` as vector VECTOR_DEVICE + gsi.  Boot CPU.
 */
void ioapic_route(uint32_t gsi, uint32_t apic_id);

#endif /* ARCH_IOAPIC_H */
