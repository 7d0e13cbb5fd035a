/*
 * Reading a cell's memory as its CPU sees it: through its own page tables
 * (when paging is on) to a guest-physical address, and through the cell's
 * regions to the hypervisor's mapping of it.  For instruction fetches of
 * exits that need decoding.
 */
#include <arch/pgtable.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/arch/vm.h>
#include <septum/ram.h>
#include <string.h>

#define CR4_PSE BIT(4)
#define CR4_LA57 BIT(12)
#define LEVELS_LONG 4
#define LEVELS_32 2
#define PTE32_ADDR 0xfffff000u
#define LARGE_32 (1ull << 22)	/* 4 MiB pages of 32-bit paging */

void *guestmem_phys(const struct cell *c, uint64_t gpa, uint64_t size)
{
	uint64_t contig;
	paddr_t at = ram_pa(c->cfg, ipa(gpa), &contig);

	return contig >= size ? arch_phys_map(at, size) : NULL;
}

static bool read_entry(const struct cell *c, uint64_t gpa, unsigned int size,
		       uint64_t *e)
{
	const void *p = guestmem_phys(c, gpa, size);

	*e = 0;
	if (!p)
		return false;
	memcpy(e, p, size);
	return true;
}

/* Long-mode 4-level walk. */
static enum err walk_long(const struct cell *c, uint64_t cr3, uint64_t la,
			  uint64_t *gpa)
{
	uint64_t table = cr3 & PTE_ADDR_MASK, e = 0;

	for (unsigned int level = 0; level < LEVELS_LONG; level++) {
		unsigned int shift = PAGE_SHIFT + 9 * (LEVELS_LONG - 1 - level);
		uint64_t index = (la >> shift) & (PT_ENTRIES - 1);

		if (!read_entry(c, table + index * 8, 8, &e) || !(e & PTE_P))
			return E_NOTFOUND;
		if (level == LEVELS_LONG - 1 || (level > 0 && (e & PTE_PS))) {
			uint64_t mask = ((uint64_t)1 << shift) - 1;

			*gpa = (e & PTE_ADDR_MASK & ~mask) | (la & mask);
			return E_OK;
		}
		table = e & PTE_ADDR_MASK;
	}
	return E_NOTFOUND;
}

/* 32-bit two-level walk (4 MiB pages with CR4.PSE). */
static enum err walk_32(const struct cell *c, uint64_t cr3, uint64_t cr4,
			uint64_t la, uint64_t *gpa)
{
	uint64_t pde, pte;

	if (!read_entry(c, (cr3 & PTE32_ADDR) + ((la >> 22) & 0x3ff) * 4, 4,
			&pde) || !(pde & PTE_P))
		return E_NOTFOUND;
	if ((cr4 & CR4_PSE) && (pde & PTE_PS)) {
		*gpa = (pde & ~(LARGE_32 - 1) & PTE32_ADDR) | (la & (LARGE_32 - 1));
		return E_OK;
	}
	if (!read_entry(c, (pde & PTE32_ADDR) + ((la >> 12) & 0x3ff) * 4, 4,
			&pte) || !(pte & PTE_P))
		return E_NOTFOUND;
	*gpa = (pte & PTE32_ADDR) | (la & (PAGE_SIZE - 1));
	return E_OK;
}

static enum err translate(const struct svm_cpu *s, uint64_t la, uint64_t *gpa)
{
	const struct vmcb_save *g = &s->vmcb.save;
	const struct cell *c = s->vcpu->cell;

	if (!(g->cr0 & CR0_PG)) {
		*gpa = la;
		return E_OK;
	}
	if (g->efer & EFER_LMA)
		return (g->cr4 & CR4_LA57) ? E_INVALID
					   : walk_long(c, g->cr3, la, gpa);
	if (g->cr4 & CR4_PAE)
		return E_INVALID;	/* legacy PAE paging: not handled */
	return walk_32(c, g->cr3, g->cr4, (uint32_t)la, gpa);
}

enum err guestmem_read(struct svm_cpu *s, uint64_t la, void *buf,
		       unsigned int n)
{
	uint8_t *out = buf;

	/* Page by page: consecutive linear pages need not be contiguous. */
	while (n) {
		unsigned int chunk = (unsigned int)(PAGE_SIZE - (la & (PAGE_SIZE - 1)));
		uint64_t gpa;
		const void *p;
		enum err e = translate(s, la, &gpa);

		if (chunk > n)
			chunk = n;
		if (e != E_OK)
			return e;
		p = guestmem_phys(s->vcpu->cell, gpa, chunk);
		if (!p)
			return E_NOTFOUND;
		memcpy(out, p, chunk);
		out += chunk;
		la += chunk;
		n -= chunk;
	}
	return E_OK;
}
