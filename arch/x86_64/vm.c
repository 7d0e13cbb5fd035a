/*
 * Running cells on x86_64 with AMD SVM: each cell's nested page tables
 * (its RAM regions and passed-through MMIO, nothing else: emulated devices
 * stay unmapped so accesses exit) and I/O permission map (its passed-through
 * ports; every other port exits), and the arch hooks of septum/arch/vm.h.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/paging.h>
#include <arch/pgtable.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/arch/mmu.h>
#include <septum/arch/vm.h>
#include <septum/cell.h>
#include <septum/log.h>
#include <septum/percpu.h>
#include <septum/ram.h>
#include <string.h>

/* 64 Ki ports, one bit each, and the page SVM reads past the last one. */
#define IOPM_SIZE (3 * PAGE_SIZE)

#define NPT_RAM PTE_US		/* every nested-table access is a user one */
#define NPT_DEVICE (PTE_US | PTE_RW | PTE_PCD | PTE_PWT | PTE_NX)

struct x86_cell {
	uint8_t iopm[IOPM_SIZE];
	struct pgtable npt;
} __attribute__((aligned(PAGE_SIZE)));

static struct x86_cell x86_cells[SEPTUM_MAX_CELLS];


size_t npt_table_bytes(void)
{
	size_t pages = 0;

	for (unsigned int i = 0; i < SEPTUM_MAX_CELLS; i++)
		pages += x86_cells[i].npt.tables;
	return pages * PAGE_SIZE;
}

uint64_t vm_cell_iopm_pa(const struct cell *c)
{
	return arch_mmu_image_pa(x86_cells[c->index].iopm).bits;
}

uint64_t vm_cell_npt_pa(const struct cell *c)
{
	return x86_cells[c->index].npt.root_pa;
}

void arch_vm_init(void)
{
	msr_init();
}

void arch_vm_cpu_init(void)
{
	svm_cpu_init();
	invlpg_all();	/* the boot identity map is gone on every CPU now */
}

static uint64_t region_attrs(uint32_t flags)
{
	return NPT_RAM | ((flags & SEPTUM_MEM_WRITE) ? PTE_RW : 0) |
	       ((flags & SEPTUM_MEM_EXEC) ? 0 : PTE_NX);
}

/* The cell's ports: intercept all, then let its own through. */
static void build_iopm(struct x86_cell *xc, const struct septum_cell *cfg)
{
	memset(xc->iopm, 0xff, sizeof(xc->iopm));
	for (unsigned int i = 0; i < cfg->num_pio; i++) {
		for (uint32_t p = cfg->pio[i].base;
		     p < cfg->pio[i].base + cfg->pio[i].size; p++)
			xc->iopm[p / 8] &= (uint8_t)~(1u << (p % 8));
	}
}

static enum err build_npt(struct x86_cell *xc, const struct septum_cell *cfg)
{
	enum err e = pgtable_init(&xc->npt, paging_pool());

	struct ram_piece p;

	/* Each region, or each run of a coloured cell's pages. */
	for (unsigned int n = 0; e == E_OK && ram_piece(cfg, n, &p); n++)
		e = pgtable_map(&xc->npt, p.ipa.bits, p.pa.bits, p.size,
				region_attrs(p.flags), true);
	for (unsigned int i = 0; e == E_OK && i < cfg->num_mmio; i++) {
		const struct septum_mmio *m = &cfg->mmio[i];

		e = pgtable_map(&xc->npt, m->ipa, m->pa, m->size, NPT_DEVICE,
				false);
	}
	return e;
}

enum err arch_vm_cell_init(struct cell *c)
{
	struct x86_cell *xc = &x86_cells[c->index];
	const struct septum_cell *cfg = c->cfg;
	enum err e = build_npt(xc, cfg);

	build_iopm(xc, cfg);
	vioapic_reset(c);
	if (e == E_OK && cfg->images[cfg->entry_image].arch != SEPTUM_ARCH_X86_64) {
		log_error("cell %s: its kernel is not an x86_64 one, which this "
			  "hypervisor cannot run: cell not started", cfg->name);
		return E_DENIED;
	}
	return e;
}

enum err arch_vm_map_shared(struct cell *c, ipaddr_t at, paddr_t base,
			    uint64_t size, bool writable)
{
	return pgtable_map(&x86_cells[c->index].npt, at.bits, base.bits, size,
			   NPT_RAM | PTE_NX | (writable ? PTE_RW : 0), true);
}

void arch_vm_cell_stopped(struct cell *c)
{
	vioapic_reset(c);	/* every input masked: its devices are quiet */
}

void arch_vm_cell_reset_devices(struct cell *c)
{
	(void)c;	/* no PCI function is passed through on x86 */
}

COLD bool arch_vm_reserved(bool guest, unsigned int k, struct vm_range *r)
{
	const struct vm_range phys[2] = {
		{ APIC_PA_DEFAULT, PAGE_SIZE, "the local APIC" },
		{ ALIGN_DOWN(acpi_ioapic_pa(), PAGE_SIZE), PAGE_SIZE,
		  "the I/O APIC" } };
	const struct vm_range cell[2] = {
		{ SEPTUM_X86_LAPIC_GPA, XAPIC_PAGE, "the virtual local APIC" },
		{ VIOAPIC_GPA, VIOAPIC_SIZE, "the virtual I/O APIC" } };

	/* A machine without an I/O APIC (none in its MADT) has one range. */
	if (k >= 2 || (!guest && k == 1 && acpi_ioapic_pa() == 0))
		return false;
	*r = guest ? cell[k] : phys[k];
	return true;
}

bool arch_vm_mmio(struct vcpu *v, struct vm_access *a)
{
	return vioapic_mmio(v, a) || vlapic_mmio(v, a);
}

void arch_vm_inject(struct cell *c, uint32_t vintid)
{
	vioapic_raise(c, vintid);
}

void arch_vm_set_line(struct cell *c, uint32_t vintid, bool level)
{
	vioapic_set_line(c, vintid, level);
}

void arch_vm_flush(struct cell *c)
{
	/* Every vCPU flushes its ASID as it is reset for the new start. */
	(void)c;
}

void arch_cpu_kick(unsigned int cpu)
{
	if (cpu != percpu_this()->index)
		apic_send_ipi((uint32_t)percpu_all[cpu].hwid, VECTOR_KICK);
}
