/*
 * The hypervisor's own page tables on x86_64 (layout in arch/layout.h), and
 * the page pool the cells' nested page tables come from too.
 */
#ifndef ARCH_PAGING_H
#define ARCH_PAGING_H

#include <septum/error.h>
#include <septum/types.h>

struct pgtable_pool;

/*
 * Build the hypervisor's tables: the image at HV_VA_IMAGE (text read-only
 * executable, rodata read-only, data and bss read-write, never executable;
 * stacks with their guard pages left out) and the AP trampoline page
 * identity-mapped, read-only executable.  Boot CPU, on the boot tables of
 * head.S; then paging_switch() loads them.  E_NOMEM if the pool runs out.
 */
enum err paging_build(uint64_t image_pa) MUST_CHECK;

/* Load the hypervisor's tables on the calling CPU (CR3). */
void paging_switch(void);

/* The physical address of the top-level table (for CR3; below 4 GiB). */
uint64_t paging_root_pa(void);

/* The pool every translation table comes from (the cells' too). */
struct pgtable_pool *paging_pool(void);

/* Bytes of the hypervisor's own tables. */
size_t paging_table_bytes(void);

#endif /* ARCH_PAGING_H */
