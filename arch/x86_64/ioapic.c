/*
 * The I/O APIC (82093AA register interface): indirect access through its
 * select and window registers.
 */
#include <arch/apic.h>
#include <arch/ioapic.h>
#include <septum/arch/mmu.h>
#include <septum/log.h>
#include <septum/mmio.h>
#include <septum/panic.h>

#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOAPICVER 0x01
#define IOREDTBL(n) (0x10u + 2u * (n))
#define VER_MAX_ENTRY(v) (((v) >> 16) & 0xffu)
#define RTE_MASKED BIT(16)
#define RTE_DEST_SHIFT 56

static uintptr_t ioapic;
static unsigned int entries;

static uint32_t read_reg(uint32_t reg)
{
	mmio_write32(ioapic + IOREGSEL, reg);
	return mmio_read32(ioapic + IOWIN);
}

static void write_reg(uint32_t reg, uint32_t v)
{
	mmio_write32(ioapic + IOREGSEL, reg);
	mmio_write32(ioapic + IOWIN, v);
}

static void write_rte(unsigned int n, uint64_t rte)
{
	write_reg(IOREDTBL(n) + 1, (uint32_t)(rte >> 32));
	write_reg(IOREDTBL(n), (uint32_t)rte);
}

void ioapic_init(uint64_t base)
{
	if (!base) {
		log_warn("no I/O APIC in the MADT: device interrupts unused");
		return;
	}
	ioapic = arch_mmu_map_device(pa(ALIGN_DOWN(base, PAGE_SIZE)), PAGE_SIZE);
	if (!ioapic)
		panic("cannot map the I/O APIC at PA 0x%llx",
		      (unsigned long long)base);
	ioapic += base & (PAGE_SIZE - 1);
	entries = VER_MAX_ENTRY(read_reg(IOAPICVER)) + 1;
	for (unsigned int n = 0; n < entries; n++)
		write_rte(n, RTE_MASKED);
}

void ioapic_route(uint32_t gsi, uint32_t apic_id)
{
	if (!ioapic || gsi >= entries ||
	    VECTOR_DEVICE + gsi > VECTOR_DEVICE_LAST)
		panic("cannot route interrupt %u through the I/O APIC", gsi);
	write_rte(gsi, (uint64_t)apic_id << RTE_DEST_SHIFT |
			       (VECTOR_DEVICE + gsi));
}
