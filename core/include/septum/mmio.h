/*
 * Device register access.  Plain volatile accesses of the natural width: on the
 * hypervisor the pointers name device mappings; in host tests, plain memory.
 */
#ifndef SEPTUM_MMIO_H
#define SEPTUM_MMIO_H

#include <septum/types.h>

static inline uint8_t mmio_read8(uintptr_t addr)
{
	return *(volatile uint8_t *)addr;
}

static inline void mmio_write8(uintptr_t addr, uint8_t v)
{
	*(volatile uint8_t *)addr = v;
}

static inline uint32_t mmio_read32(uintptr_t addr)
{
	return *(volatile uint32_t *)addr;
}

static inline void mmio_write32(uintptr_t addr, uint32_t v)
{
	*(volatile uint32_t *)addr = v;
}

#endif /* SEPTUM_MMIO_H */
