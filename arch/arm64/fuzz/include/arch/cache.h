/*
 * arch/cache.h for the host fuzz build: the fake machine has no caches, so
 * the set/way operation a cell asks for is only counted.
 */
#ifndef ARCH_CACHE_H
#define ARCH_CACHE_H

#include <septum/types.h>

/* Set/way operations done on cells' behalf (fake_arch.c). */
extern unsigned long fuzz_setway_ops;

static inline void cache_clean_inval_setway(uint64_t setway)
{
	(void)setway;
	fuzz_setway_ops++;
}

#endif /* ARCH_CACHE_H */
