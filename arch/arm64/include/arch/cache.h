/*
 * Cache maintenance the hypervisor does on a cell's behalf (arm64).  In a
 * header of its own so that a host build of the code using it (the fuzz
 * harnesses' arch/arm64/fuzz/include/arch/cache.h) can stand in for it.
 */
#ifndef ARCH_CACHE_H
#define ARCH_CACHE_H

#include <septum/types.h>

/* Clean and invalidate one data cache line by set/way (DC CISW). */
static inline void cache_clean_inval_setway(uint64_t setway)
{
	__asm__ volatile("dc cisw, %0" : : "r"(setway) : "memory");
}

#endif /* ARCH_CACHE_H */
