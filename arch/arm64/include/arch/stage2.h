/* Second-stage mappings beyond a cell's RAM (arm64 only, vm.c). */
#ifndef ARCH_STAGE2_H
#define ARCH_STAGE2_H

#include <septum/cell.h>
#include <septum/error.h>

/* Map device registers [base, base + size) at guest-physical `at` in c. */
enum err stage2_map_device(struct cell *c, ipaddr_t at, paddr_t base,
			   uint64_t size) MUST_CHECK;

/* Bytes of second-stage tables of every cell (arch_mmu_usage()). */
size_t stage2_table_bytes(void);

/*
 * The MPIDR (affinity fields) a cell sees for its vCPU number `index`:
 * Aff0 = index, as the cell's device tree says.
 */
uint64_t vm_vcpu_mpidr(unsigned int index);

#endif /* ARCH_STAGE2_H */
