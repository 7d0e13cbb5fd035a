/*
 * The hypervisor's own address space on x86_64 (layout in arch/layout.h).
 * Built on the boot CPU while it runs on head.S's boot tables, at the
 * image's virtual address; every CPU then loads it.
 */
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pgtable.h>
#include <arch/svm.h>
#include <arch/x86.h>
#include <septum/abi/config.h>
#include <septum/arch/mmu.h>
#include <septum/arch/vm.h>
#include <septum/percpu.h>

_Static_assert(X86_MAX_CPUS == MAX_CPUS, "layout.h and percpu.h disagree");

#define POOL_PAGES 256

#define ATTR_RX (PTE_G)
#define ATTR_RO (PTE_G | PTE_NX)
#define ATTR_RW (PTE_G | PTE_RW | PTE_NX)
#define ATTR_DEVICE (PTE_RW | PTE_PCD | PTE_PWT | PTE_NX)
#define ATTR_PHYS (PTE_RW | PTE_NX)

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __stacks_start[], __stacks_end[], __image_end[];

/* Aligned to their slot size by image.lds (see arch/layout.h). */
uint8_t hv_stacks[X86_MAX_CPUS][STACK_SLOT_SIZE]
	__attribute__((section(".bss.noinit.stacks"), aligned(PAGE_SIZE)));
/* Built by head.S: the first page tables, until paging_switch(). */
uint8_t boot_pt[BOOT_PT_PAGES][PAGE_SIZE]
	__attribute__((section(".bss.noinit.boot_pt"), aligned(PAGE_SIZE)));
/* Not zeroed at boot: the page-table code zeroes each page it hands out. */
static uint8_t pool_pages[POOL_PAGES][PAGE_SIZE]
	__attribute__((section(".bss.noinit.pool"), aligned(PAGE_SIZE)));

static struct pgtable_pool pool;
static struct pgtable hv_pt;
static uint64_t image_pa;
static uintptr_t io_next = HV_VA_IO;

static uint64_t image_offset(const void *sym)
{
	return (uint64_t)((uintptr_t)sym - HV_VA_IMAGE);
}

static enum err map_image_part(const void *from, const void *to,
			       uint64_t attrs)
{
	uint64_t off = image_offset(from);
	uint64_t size = image_offset(to) - off;

	if (!size)
		return E_OK;
	return pgtable_map(&hv_pt, HV_VA_IMAGE + off, image_pa + off, size,
			   attrs, true);
}

/* Map the stack slots, leaving their guard pages unmapped. */
static enum err map_stacks(void)
{
	enum err e = E_OK;

	for (unsigned int i = 0; i < X86_MAX_CPUS && e == E_OK; i++) {
		const uint8_t *slot = hv_stacks[i];

		e = map_image_part(slot + EXC_STACK_BASE, slot + EXC_STACK_TOP,
				   ATTR_RW);
		if (e == E_OK)
			e = map_image_part(slot + DF_STACK_BASE,
					   slot + DF_STACK_TOP, ATTR_RW);
		if (e == E_OK)
			e = map_image_part(slot + CPU_STACK_BASE,
					   slot + CPU_STACK_TOP, ATTR_RW);
	}
	return e;
}

static enum err map_image(void)
{
	enum err e = map_image_part(__text_start, __text_end, ATTR_RX);

	if (e == E_OK)
		e = map_image_part(__rodata_start, __rodata_end, ATTR_RO);
	if (e == E_OK)
		e = map_image_part(__data_start, __stacks_start, ATTR_RW);
	if (e == E_OK)
		e = map_stacks();
	if (e == E_OK)
		e = map_image_part(__stacks_end, __image_end, ATTR_RW);
	return e;
}

enum err paging_build(uint64_t load_pa)
{
	enum err e;

	image_pa = load_pa;
	pool = (struct pgtable_pool){ (uint8_t *)pool_pages,
				      image_pa + image_offset(pool_pages),
				      POOL_PAGES, 0 };
	e = pgtable_init(&hv_pt, &pool);
	if (e == E_OK)
		e = map_image();
	/* The APs' way into long mode; removed once they all run. */
	if (e == E_OK)
		e = pgtable_map(&hv_pt, TRAMPOLINE_PA, TRAMPOLINE_PA, PAGE_SIZE,
				0, false);
	return e;
}

void paging_switch(void)
{
	write_cr3(hv_pt.root_pa);
}

uint64_t paging_root_pa(void)
{
	return hv_pt.root_pa;
}

struct pgtable_pool *paging_pool(void)
{
	return &pool;
}

size_t paging_table_bytes(void)
{
	return hv_pt.tables * PAGE_SIZE;
}

void arch_mmu_usage(struct mmu_usage *u, unsigned int cpus_online)
{
	extern const uint8_t config_blob[], config_blob_end[];
	extern char __bss_end[];

	u->image = (size_t)((uintptr_t)__bss_end - (uintptr_t)__text_start) -
		   (size_t)((uintptr_t)config_blob_end - (uintptr_t)config_blob);
	u->stacks = (size_t)cpus_online * STACK_SLOT_SIZE;
	u->hyp_tables = paging_table_bytes();
	u->cell_tables = npt_table_bytes();
	u->pool = POOL_PAGES * PAGE_SIZE;
	u->pool_hypmem = 0;	/* the cells' tables come from the static pool */
	u->own_hypmem = 0;	/* never coloured */
}

uintptr_t arch_mmu_map_device(paddr_t base, size_t size)
{
	uintptr_t va = io_next;

	if (!size || !IS_ALIGNED(base.bits | size, PAGE_SIZE) ||
	    size > HV_VA_IO + HV_VA_IO_SIZE - io_next)
		return 0;
	if (pgtable_map(&hv_pt, va, base.bits, size, ATTR_DEVICE, false) != E_OK)
		return 0;
	io_next += size;
	return va;	/* new entries: x86 caches no absent translation */
}

bool arch_mmu_can_access(uintptr_t va, unsigned int access)
{
	uint64_t pa_unused, e;

	if (!pgtable_lookup(&hv_pt, va, &pa_unused, &e))
		return false;
	if ((access & MMU_WRITE) && !(e & PTE_RW))
		return false;
	return !(access & MMU_EXEC) || !(e & PTE_NX);
}

paddr_t arch_mmu_image_pa(const void *va)
{
	return pa(image_pa + image_offset(va));
}

void arch_mmu_drop_boot_map(void)
{
	if (pgtable_unmap(&hv_pt, TRAMPOLINE_PA, PAGE_SIZE) != E_OK)
		return;	/* cannot happen: mapped by paging_build() as a page */
	/* This CPU now; the others as they enter cells (arch_vm_cpu_init). */
	invlpg_all();
}

/*
 * Physical ranges mapped in the HV_VA_PHYS window so far: every cell's
 * regions and preloaded images, the channels' state tables, a partition
 * table passed by the boot loader (its place and its copy, which may
 * overlap: a Multiboot module lies right after the image, where the copy
 * goes) and the AP trampoline, some split where they overlap others.
 */
#define PHYS_RANGES (2 * (SEPTUM_MAX_CELLS * (SEPTUM_MAX_REGIONS + \
			  SEPTUM_MAX_IMAGES) + SEPTUM_MAX_CHANNELS + 3u))
static struct {
	uint64_t base, end;
} phys_ranges[PHYS_RANGES];
static unsigned int phys_count;

/*
 * The end of the mapped range holding page p, or 0.  Newest first: the
 * cells' memory, mapped last, is what each trapped instruction is read
 * from (the hypervisor's region, mapped whole at its start, comes early).
 */
static uint64_t covered_until(uint64_t p)
{
	for (unsigned int i = phys_count; i-- > 0;) {
		if (p >= phys_ranges[i].base && p < phys_ranges[i].end)
			return phys_ranges[i].end;
	}
	return 0;
}

/* Where the first mapped range after p begins (before `end`), or end. */
static uint64_t uncovered_until(uint64_t p, uint64_t end)
{
	for (unsigned int i = 0; i < phys_count; i++) {
		if (phys_ranges[i].base > p && phys_ranges[i].base < end)
			end = phys_ranges[i].base;
	}
	return end;
}

/* Map what of [start, end) is not mapped yet, piece by piece. */
static bool map_uncovered(uint64_t start, uint64_t end)
{
	for (uint64_t p = start, q; p < end; p = q) {
		q = covered_until(p);
		if (q)
			continue;
		q = uncovered_until(p, end);
		if (phys_count == PHYS_RANGES ||
		    pgtable_map(&hv_pt, HV_VA_PHYS + p, p, q - p, ATTR_PHYS,
				true) != E_OK)
			return false;
		phys_ranges[phys_count].base = p;
		phys_ranges[phys_count].end = q;
		phys_count++;
	}
	return true;
}

/* x86 boards give no cache geometry: the hypervisor is never coloured. */
void *arch_mmu_map_own(paddr_t page)
{
	(void)page;
	return NULL;
}

enum err arch_mmu_colour(void)
{
	return E_INVALID;
}

void arch_mmu_own_pages(own_page_fn *fn, void *arg)
{
	(void)fn;
	(void)arg;
}

void *arch_phys_map(paddr_t base, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(base.bits, PAGE_SIZE);
	uint64_t end = ALIGN_UP(base.bits + size, PAGE_SIZE);

	if (!size || end <= start || end > (1ull << HV_PHYS_BITS) ||
	    !map_uncovered(start, end))
		return NULL;
	return (void *)(HV_VA_PHYS + base.bits);
}

void arch_phys_sync(void *va, uint64_t size)
{
	/* x86 caches are coherent with instruction fetch and with guests. */
	(void)va;
	(void)size;
}
