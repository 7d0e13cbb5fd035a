/*
 * The hypervisor's own EL2 address space (layout in arch/layout.h).
 *
 * mmu_boot_build() runs on the boot CPU with the MMU off, at the physical
 * load address: it must not dereference link-time addresses (no pointer
 * tables, no function pointers); globals are reached PC-relative, which gives
 * their physical address there.  Everything after runs with the MMU on.
 */
#include <arch/layout.h>
#include <arch/mmu_boot.h>
#include <arch/pgtable.h>
#include <arch/stage2.h>
#include <arch/sysreg.h>
#include <septum/abi/config.h>
#include <septum/arch/mmu.h>
#include <septum/arch/vm.h>
#include <septum/hypmem.h>
#include <septum/percpu.h>
#include <string.h>

_Static_assert(ARM64_MAX_CPUS == MAX_CPUS, "layout.h and percpu.h disagree");

/*
 * The hypervisor's own tables (image, device tree, devices, the window on
 * cells' memory): those of the boot, needed before the config says where
 * the hypervisor's region is, from a small static pool; any more from that
 * region, EL2_CHUNK_PAGES at a time (pool_grow()).  The cells' tables come
 * from the region too (vm.c).
 */
#define POOL_PAGES 20	/* the boots measured take 14 or 15 */
#define EL2_CHUNK_PAGES 4

#define ATTR_NORMAL (PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_SH_INNER | PTE_AF | \
		     PTE_AP_RES1)
#define ATTR_RX (ATTR_NORMAL | PTE_AP_RO)
#define ATTR_RO (ATTR_NORMAL | PTE_AP_RO | PTE_XN)
#define ATTR_RW (ATTR_NORMAL | PTE_XN)
#define ATTR_DEVICE (PTE_ATTRINDX(MAIR_IDX_DEVICE) | PTE_AF | PTE_AP_RES1 | \
		     PTE_XN)

extern char __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __stacks_start[], __stacks_end[], __image_end[];
extern char hv_stack_window[], hv_stack_window_end[];
extern const uint8_t config_blob[], config_blob_end[];	/* in rodata */

uint8_t hv_stacks[ARM64_MAX_CPUS][STACK_PAGES_SIZE]
	__attribute__((section(".bss.noinit.stacks"), aligned(PAGE_SIZE)));
/* Not zeroed at boot: table_alloc() zeroes each page it hands out. */
static uint8_t pool_pages[POOL_PAGES][PAGE_SIZE]
	__attribute__((section(".bss.noinit.pool"), aligned(PAGE_SIZE)));

struct mmu_boot_regs mmu_boot_regs;	/* read by head.S, MMU off */
static struct pgtable_pool pool;
static struct pgtable_pool own_pool;	/* a coloured hypervisor's tables */
static size_t own_copies;		/* and its image pages copied */
static struct pgtable hv_pt;
static uint64_t image_pa;		/* load address of _start */
static uintptr_t io_next = HV_VA_IO;

/* Link-time (virtual) address of an image symbol, valid in either mode. */
static uint64_t image_offset(const void *sym)
{
	extern char _start[];

	return (uint64_t)((const char *)sym - _start);
}

static enum err map_image_part(const void *from, const void *to,
			       uint64_t attrs)
{
	uint64_t off = image_offset(from);
	uint64_t size = image_offset(to) - off;

	if (!size)
		return E_OK;
	/* Blocks where they fit: a linked partition table is tens of MiB. */
	return pgtable_map(&hv_pt, HV_VA_IMAGE + off, image_pa + off, size,
			   attrs, true);
}

/*
 * Map each CPU's slot of the stack window: its two stacks onto its pages of
 * hv_stacks, its guard pages onto nothing.
 */
static enum err map_stacks(void)
{
	for (unsigned int i = 0; i < ARM64_MAX_CPUS; i++) {
		uint64_t slot = HV_VA_IMAGE + image_offset(hv_stack_window) +
				i * STACK_SLOT_SIZE;
		uint64_t pages = image_pa + image_offset(hv_stacks[i]);
		enum err e = pgtable_map(&hv_pt, slot + EXC_STACK_BASE, pages,
					 EXC_STACK_TOP - EXC_STACK_BASE,
					 ATTR_RW, false);

		if (e == E_OK)
			e = pgtable_map(&hv_pt, slot + CPU_STACK_BASE,
					pages + STACK_PAGES_CPU,
					CPU_STACK_TOP - CPU_STACK_BASE, ATTR_RW,
					false);
		if (e != E_OK)
			return e;
	}
	return E_OK;
}

static enum err map_image(void)
{
	enum err e = map_image_part(__text_start, __text_end, ATTR_RX);

	if (e == E_OK)
		e = map_image_part(__rodata_start, __rodata_end, ATTR_RO);
	if (e == E_OK)
		e = map_image_part(__data_start, __stacks_start, ATTR_RW);
	if (e == E_OK)
		e = map_stacks();	/* hv_stacks only through the window */
	if (e == E_OK)
		e = map_image_part(__stacks_end, __image_end, ATTR_RW);
	if (e != E_OK)
		return e;
	/* Identity map for the instructions around the MMU switch only. */
	return pgtable_map(&hv_pt, image_pa, image_pa, image_offset(__text_end),
			   ATTR_RX, false);
}

static uint64_t tcr_value(void)
{
	uint64_t parange = MMFR0_PARANGE(sysreg_read(id_aa64mmfr0_el1));

	if (parange > PARANGE_48BIT)
		parange = PARANGE_48BIT;	/* 4 KiB granule: 48 bits */
	return TCR_EL2_RES1 | TCR_T0SZ(HV_VA_BITS) | TCR_IRGN0_WBWA |
	       TCR_ORGN0_WBWA | TCR_SH0_INNER | TCR_TG0_4K | TCR_PS(parange);
}

static COLD uintptr_t map_io(paddr_t base, size_t size)
{
	uintptr_t va = io_next;

	if (!size || !IS_ALIGNED(base.bits | size, PAGE_SIZE) ||
	    size > HV_VA_IO + HV_VA_IO_SIZE - io_next)
		return 0;
	if (pgtable_map(&hv_pt, va, base.bits, size, ATTR_DEVICE, false) != E_OK)
		return 0;
	io_next += size;
	return va;
}

COLD enum err mmu_boot_build(uint64_t load_pa, paddr_t dtb,
			     uint32_t dtb_size, paddr_t console,
			     uintptr_t *console_va)
{
	uint64_t dtb_base = ALIGN_DOWN(dtb.bits, PAGE_SIZE);
	uint64_t dtb_span = ALIGN_UP(dtb.bits + dtb_size, PAGE_SIZE) - dtb_base;
	uint64_t image_size = image_offset(__image_end);
	uintptr_t va;
	enum err e;

	image_pa = load_pa;
	/* The identity map below the layout, in one level-0 entry (dropped
	 * whole after the boot); the image within its place. */
	if (image_pa + image_size > HV_VA_IMAGE ||
	    image_pa >> 39 != (image_pa + image_offset(__text_end) - 1) >> 39 ||
	    image_offset(hv_stack_window_end) > HV_VA_IMAGE_SIZE)
		return E_RANGE;
	/* pool is zero: the boot cleared .bss just before (head.S). */
	if (!pgtable_pool_add(&pool, pool_pages, (uint64_t)(uintptr_t)pool_pages,
			      POOL_PAGES))
		return E_NOMEM;
	e = pgtable_init(&hv_pt, &pool, 0);
	if (e == E_OK)
		e = map_image();
	if (e == E_OK)
		e = pgtable_map(&hv_pt, HV_VA_FDT, dtb_base, dtb_span, ATTR_RO,
				false);
	/* The UART's registers may start inside their page (the Pi's mini UART). */
	va = map_io(pa(ALIGN_DOWN(console.bits, PAGE_SIZE)), PAGE_SIZE);
	if (e == E_OK && !va)
		e = E_NOMEM;
	else
		va += console.bits & (PAGE_SIZE - 1);
	*console_va = va;
	mmu_boot_regs = (struct mmu_boot_regs){ MAIR_VALUE, tcr_value(),
						hv_pt.root_pa };
	return e;
}

COLD bool mmu_pool_grow(struct pgtable_pool *p, size_t most,
			bool linear_if_short)
{
	size_t run = hypmem_run_pages();
	size_t pages = run < most ? run : most;
	paddr_t at;
	void *va = hypmem_alloc(pages * PAGE_SIZE, &at);	/* NULL: none */

	if (!va)
		return false;
	if (linear_if_short && run < most)
		p->linear = (uintptr_t)va - (uintptr_t)at.bits;
	return pgtable_pool_add(p, va, at.bits, pages);
}

/*
 * More tables for the hypervisor's own map, from its region (none before
 * hypmem has one), while the pool has room for their chunk.  hypmem maps
 * its whole region when it starts, so taking pages from it needs no table
 * in turn.
 */
static COLD bool pool_grow(struct pgtable_pool *p)
{
	return p->chunks < PGTABLE_POOL_CHUNKS &&
	       mmu_pool_grow(p, EL2_CHUNK_PAGES, false);
}

COLD void mmu_boot_switched(void)
{
	/* Pointers taken with the MMU off are physical: retake them. */
	pool.chunk[0].base = (uint8_t *)pool_pages;
	pool.grow = pool_grow;
	hv_pt.pool = &pool;
}

/* Static pool pages the boot took, once it is closed (0: still open). */
static size_t pool_boot_pages;

COLD void mmu_pool_close_boot(void)
{
	if (pool.chunks != 1)
		return;		/* already growing from the region */
	pool_boot_pages = pool.last_used;
	pool.last_used = pool.chunk[0].pages;
}

COLD void arch_mmu_usage(struct mmu_usage *u, unsigned int cpus_online)
{
	extern char __bss_end[];

	u->image = (size_t)((uintptr_t)__bss_end - (uintptr_t)__text_start) -
		   (size_t)((uintptr_t)config_blob_end - (uintptr_t)config_blob);
	u->stacks = (size_t)cpus_online * STACK_PAGES_SIZE;
	u->hyp_tables = hv_pt.tables * PAGE_SIZE;
	u->cell_tables = stage2_table_bytes();
	/* The pool's pages from the region: all but the static ones. */
	u->pool_hypmem = stage2_pool_bytes() +
			 (pgtable_pool_pages(&pool) - POOL_PAGES) * PAGE_SIZE;
	u->pool = (pool_boot_pages ? pool_boot_pages : POOL_PAGES) * PAGE_SIZE +
		  u->pool_hypmem;
	u->own_hypmem = 0;
	if (hv_pt.pool == &own_pool) {	/* coloured: its tables moved out */
		size_t own = pgtable_pool_pages(&own_pool) * PAGE_SIZE;

		u->own_hypmem = own + own_copies * PAGE_SIZE;
		u->pool = own + u->pool_hypmem;
	}
}


uintptr_t mmu_boot_fdt_va(paddr_t dtb)
{
	return HV_VA_FDT + (dtb.bits & (PAGE_SIZE - 1));
}

COLD uintptr_t arch_mmu_map_device(paddr_t base, size_t size)
{
	uintptr_t va = map_io(base, size);

	dsb_ishst();	/* new entries visible to the walker; none replaced */
	isb();
	return va;
}

bool arch_mmu_can_access(uintptr_t va, unsigned int access)
{
	uint64_t par;

	if (access & MMU_WRITE)
		__asm__ volatile("at s1e2w, %0" : : "r"(va));
	else
		__asm__ volatile("at s1e2r, %0" : : "r"(va));
	isb();
	par = sysreg_read(par_el1);
	if (par & BIT(0))
		return false;	/* PAR_EL1.F: the translation faulted */
	if (access & MMU_EXEC) {
		uint64_t pa_unused, desc;

		return pgtable_lookup(&hv_pt, va, &pa_unused, &desc) &&
		       !(desc & PTE_XN);
	}
	return true;
}

paddr_t arch_mmu_image_pa(const void *va)
{
	return pa(image_pa + image_offset(va));
}

/*
 * The identity map has its level-0 entry to itself (the layout lies above
 * every address it covers, checked by mmu_boot_build()): the entry goes,
 * and once no walk can reach them its tables return to the pool.
 */
COLD void arch_mmu_drop_boot_map(void)
{
	uint64_t identity = pgtable_detach(&hv_pt, image_pa);

	dsb_ishst();
	__asm__ volatile("tlbi alle2is" : : : "memory");
	dsb_ish();
	isb();
	pgtable_release(&hv_pt, identity);
}

/*
 * Physical ranges mapped in the HV_VA_PHYS window so far: at most every
 * cell's regions and preloaded images, the channels' state tables, a
 * partition table passed by the boot loader (its place there and its copy),
 * and the spin tables CPUs are released from (one page on the boards that
 * have them).
 */
#define PHYS_RANGES (SEPTUM_MAX_CELLS * (SEPTUM_MAX_REGIONS + SEPTUM_MAX_IMAGES) + \
		     SEPTUM_MAX_CHANNELS + 3u)
static struct {
	uint64_t base, end;
} phys_ranges[PHYS_RANGES];
static unsigned int phys_count;

/*
 * Map [start, end) in the window where no range mapped so far does: a new
 * range may overlap earlier ones (a cell's region over the place the boot
 * loader put the partition table).
 */
static enum err map_gaps(uint64_t start, uint64_t end)
{
	enum err e = E_OK;

	while (start < end && e == E_OK) {
		uint64_t next = end;
		bool covered = false;

		for (unsigned int i = 0; i < phys_count; i++) {
			if (start >= phys_ranges[i].base &&
			    start < phys_ranges[i].end) {
				next = phys_ranges[i].end < end ?
					       phys_ranges[i].end : end;
				covered = true;
				break;
			}
			if (phys_ranges[i].base > start &&
			    phys_ranges[i].base < next)
				next = phys_ranges[i].base;
		}
		if (!covered)
			e = pgtable_map(&hv_pt, HV_VA_PHYS + start, start,
					next - start, ATTR_RW, true);
		start = next;
	}
	return e;
}

COLD void *arch_phys_map(paddr_t base, uint64_t size)
{
	uint64_t start = ALIGN_DOWN(base.bits, PAGE_SIZE);
	uint64_t end = ALIGN_UP(base.bits + size, PAGE_SIZE);

	if (!size || end <= start || end > (1ull << HV_PHYS_BITS))
		return NULL;
	for (unsigned int i = 0; i < phys_count; i++) {
		if (start >= phys_ranges[i].base && end <= phys_ranges[i].end)
			return (void *)(HV_VA_PHYS + base.bits);
	}
	if (phys_count == PHYS_RANGES || map_gaps(start, end) != E_OK)
		return NULL;
	phys_ranges[phys_count].base = start;
	phys_ranges[phys_count].end = end;
	phys_count++;
	dsb_ishst();
	isb();
	return (void *)(HV_VA_PHYS + base.bits);
}

/*
 * Make what a CPU with its MMU off, or a device, reads at [p, p + size)
 * current: arch_phys_sync() and the switch to a coloured copy both.  Not
 * COLD: the loop runs once per cache line of every image a cell is given
 * (built for size it takes an instruction more per line, 2 % of the boot).
 */
static NOINLINE void clean_to_poc(const void *p, size_t size)
{
	uint64_t line = 4ull << FIELD_GET(sysreg_read(ctr_el0), 19, 16);

	for (uintptr_t a = ALIGN_DOWN((uintptr_t)p, line);
	     a < (uintptr_t)p + size; a += line)
		__asm__ volatile("dc civac, %0" : : "r"(a) : "memory");
	dsb_ish();
}

void arch_phys_sync(void *va, uint64_t size)
{
	clean_to_poc(va, size);
	__asm__ volatile("ic ialluis" : : : "memory");
	dsb_ish();
	isb();
}

/*
 * The hypervisor's window on its own scattered pages (hypmem's, when it is
 * coloured): mapped one page at a time, under hypmem's lock.
 */
static uintptr_t own_next = HV_VA_OWN;

COLD void *arch_mmu_map_own(paddr_t page)
{
	uintptr_t va = own_next;

	if (own_next == HV_VA_OWN + HV_VA_OWN_SIZE ||
	    pgtable_map(&hv_pt, va, page.bits, PAGE_SIZE, ATTR_RW, false) != E_OK)
		return NULL;
	own_next += PAGE_SIZE;
	dsb_ishst();	/* a new entry, none replaced */
	isb();
	return (void *)va;
}

/*
 * Cache colouring of the hypervisor itself (arch_mmu_colour()): new tables
 * in pages hypmem hands out, mapping everything the old ones map, but each
 * page of the image (the partition table aside) to a copy in such a page.
 */
/* A page copied at the switch itself: writable, so it may still change. */
struct page_copy {
	uintptr_t dst, src;
};

struct recolour {
	struct pgtable pt;
	struct page_copy *live;
	size_t live_count, live_max;
	enum err e;
};

/* The switch (head.S): copy `count` pages, then load TTBR0_EL2. */
void mmu_switch_copy(const struct page_copy *pages, size_t count,
		     uint64_t ttbr0);

static COLD bool own_pool_grow(struct pgtable_pool *p)
{
	return mmu_pool_grow(p, 1, false);
}

/* Whether the image page at va holds nothing but the linked table. */
static bool config_page(uint64_t va)
{
	return va >= (uintptr_t)config_blob &&
	       va + PAGE_SIZE <= (uintptr_t)config_blob_end;
}

/* The image and its stack window, which arch_mmu_colour() copies. */
static bool image_va(uint64_t va)
{
	return va >= HV_VA_IMAGE &&
	       va - HV_VA_IMAGE < image_offset(hv_stack_window_end);
}

/* One page of the image in the new tables: a copy, or the table in place. */
static enum err recolour_page(struct recolour *r, uint64_t va, uint64_t at,
			      uint64_t attrs)
{
	paddr_t to = pa(at);

	if (!config_page(va)) {
		void *copy = hypmem_alloc(PAGE_SIZE, &to);

		if (!copy)
			return E_NOMEM;
		own_copies++;
		if (attrs & PTE_AP_RO) {
			memcpy(copy, (const void *)(uintptr_t)va, PAGE_SIZE);
			/* Code is fetched there. */
			arch_phys_sync(copy, PAGE_SIZE);
		} else if (r->live_count < r->live_max) {
			r->live[r->live_count++] = (struct page_copy){
				(uintptr_t)copy, (uintptr_t)va };
		} else {
			return E_NOMEM;
		}
	}
	return pgtable_map(&r->pt, va, to.bits, PAGE_SIZE, attrs, false);
}

static COLD void recolour_leaf(void *arg, uint64_t va, uint64_t at,
			       uint64_t size, uint64_t desc)
{
	struct recolour *r = arg;

	if (r->e != E_OK)
		return;
	if (!image_va(va)) {
		r->e = pgtable_map(&r->pt, va, at, size, pgtable_attrs(desc),
				   size > PAGE_SIZE);
		return;
	}
	for (uint64_t off = 0; off < size && r->e == E_OK; off += PAGE_SIZE)
		r->e = recolour_page(r, va + off, at + off,
				     pgtable_attrs(desc));
}

COLD enum err arch_mmu_colour(void)
{
	static struct recolour r;	/* zero, E_OK: this runs once a boot */

	/* Its pool's pages, hypmem's with their physical address, are in the
	 * window at HV_VA_PHYS + that address (arch_phys_map()).  Two fields
	 * set here: as initialised data the whole pool would be in .data. */
	own_pool.grow = own_pool_grow;
	own_pool.linear = HV_VA_PHYS;
	/* Every writable page of the image at most: data, bss, stacks. */
	r.live_max = image_offset(__image_end) / PAGE_SIZE -
		     image_offset(__data_start) / PAGE_SIZE;
	r.live = hypmem_alloc(r.live_max * sizeof(*r.live), NULL);
	if (!r.live || pgtable_init(&r.pt, &own_pool, 0) != E_OK)
		return E_NOMEM;
	pgtable_walk(&hv_pt, recolour_leaf, NULL, &r);
	if (r.e != E_OK)
		return r.e;
	/* From here on every write lands in both copies, or in the new only. */
	mmu_boot_regs.ttbr0 = r.pt.root_pa;	/* read by CPUs started later */
	clean_to_poc(&mmu_boot_regs, sizeof(mmu_boot_regs));
	hv_pt = r.pt;
	mmu_switch_copy(r.live, r.live_count, r.pt.root_pa);
	return E_OK;
}

/* arch_mmu_own_pages(): the walk's state. */
struct own_walk {
	own_page_fn *fn;
	void *arg;
};

static COLD void own_leaf(void *arg, uint64_t va, uint64_t at, uint64_t size,
		     uint64_t desc)
{
	const struct own_walk *w = arg;
	bool own = va >= HV_VA_OWN && va - HV_VA_OWN < HV_VA_OWN_SIZE;

	(void)desc;
	if (!image_va(va) && !own)
		return;		/* devices, the DTB, the window on the rest */
	for (uint64_t off = 0; off < size; off += PAGE_SIZE)
		w->fn(w->arg, pa(at + off),
		      own ? OWN_STATE
			  : config_page(va + off) ? OWN_CONFIG : OWN_IMAGE);
}

static COLD void own_table(void *arg, uint64_t at)
{
	const struct own_walk *w = arg;

	w->fn(w->arg, pa(at), OWN_TABLES);
}

COLD void arch_mmu_own_pages(own_page_fn *fn, void *arg)
{
	struct own_walk w = { fn, arg };

	pgtable_walk(&hv_pt, own_leaf, own_table, &w);
	stage2_table_pages(own_table, &w);
}
