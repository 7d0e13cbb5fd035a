/* Second-stage mappings beyond a cell's RAM (arm64 only, vm.c). */
#ifndef ARCH_STAGE2_H
#define ARCH_STAGE2_H

#include <arch/pgtable.h>
#include <septum/cell.h>
#include <septum/error.h>

/* Map device registers [base, base + size) at guest-physical `at` in c. */
enum err stage2_map_device(struct cell *c, ipaddr_t at, paddr_t base,
			   uint64_t size) MUST_CHECK;

/*
 * Unmap (trap) or map back, for vCPU v alone, the page at `page` of its
 * cell's stage 2 (a GICv2 cell's CPU interface page, vgic_lr.c): the first
 * time, v gets a stage-2 path of its own to that page.  On v's CPU, from
 * an exit.  False if that path cannot be built (table pool exhausted).
 */
bool stage2_trap_page(struct vcpu *v, ipaddr_t page, bool trap);

/* Bytes of second-stage tables of every cell (arch_mmu_usage()). */
size_t stage2_table_bytes(void);

/* Bytes the second-stage tables' pool took from the hypervisor's region. */
size_t stage2_pool_bytes(void);

/*
 * Call fn(arg, pa) for each page of every cell's second-stage tables (the
 * private paths of vCPUs included).  Boot CPU, once the cells are built.
 */
void stage2_table_pages(pgtable_table_fn *fn, void *arg);

/*
 * The MPIDR (affinity fields) a cell sees for its vCPU number `index`:
 * Aff0 = index, as the cell's device tree says.
 */
uint64_t vm_vcpu_mpidr(unsigned int index);

#endif /* ARCH_STAGE2_H */
