/* Second-stage mappings beyond a cell's RAM (arm64 only, vm.c). */
#ifndef ARCH_STAGE2_H
#define ARCH_STAGE2_H

#include <septum/cell.h>
#include <septum/error.h>

/* Map device registers [base, base + size) at guest-physical `at` in c. */
enum err stage2_map_device(struct cell *c, ipaddr_t at, paddr_t base,
			   uint64_t size) MUST_CHECK;

#endif /* ARCH_STAGE2_H */
