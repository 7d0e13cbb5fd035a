/*
 * The rules of x86 boards (see check.h): what runs in a cell, the legacy
 * area below 1 MiB, the interrupt controllers' window and I/O ports.
 */
#include <inttypes.h>

#include "check.h"
#include "resolve.h"
#include "util.h"

/*
 * Below 1 MiB live the firmware's data (the BIOS data area, the EBDA, the
 * ACPI root pointer), the BIOS itself, and the page the hypervisor starts
 * its CPUs from: no cell's memory may be there.
 */
#define LEGACY_AREA_END 0x100000u
/* The local APICs and I/O APICs: each cell sees its own virtual ones. */
#define APIC_WINDOW 0xfec00000u
#define APIC_WINDOW_END 0xff000000u

static void check_kernel_and_os(const struct m_cell *c)
{
	uint32_t i;

	if (c->is_linux)
		diag_error(c->loc, "cell '%s': Linux cells are not supported on "
			   "x86 boards yet; use os = \"none\"", c->name);
	for (i = 0; i < c->num_images; i++) {
		const struct m_image *im = &c->images[i];

		if (im->kind == SEPTUM_IMAGE_KERNEL &&
		    im->arch != SEPTUM_ARCH_X86_64)
			diag_error(im->loc, "cell '%s': an x86 board runs "
				   "x86_64 kernels only (arch = \"x86_64\")",
				   c->name);
	}
}

static void check_regions_x86(const struct m_cell *c)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++) {
		const struct m_region *r = &c->regions[i];

		if (r->pa < LEGACY_AREA_END)
			diag_error(r->loc, "cell '%s': memory region '%s' at "
				   "0x%" PRIx64 " reaches into the legacy area "
				   "below 1 MiB (the firmware's tables, the "
				   "BIOS and the hypervisor's CPU start-up "
				   "page): start it at 0x100000 or above",
				   c->name, r->name, r->pa);
		if (ranges_overlap(r->ipa, r->size, APIC_WINDOW,
				   APIC_WINDOW_END - APIC_WINDOW))
			diag_error(r->loc, "cell '%s': memory region '%s' at "
				   "guest address 0x%" PRIx64 " overlaps the "
				   "interrupt controllers' window [0x%x-0x%x), "
				   "where the cell finds its virtual APICs",
				   c->name, r->name, r->ipa, APIC_WINDOW,
				   APIC_WINDOW_END);
	}
}

/* Port ranges of the cell's devices: within the ABI's limit, not the
 * console's ports. */
static void check_ports(const struct m_system *sys, const struct m_cell *c)
{
	uint32_t ranges = 0, i, k;

	for (i = 0; i < c->num_devices; i++) {
		const struct m_device *d = &c->devices[i];

		if (d->dev.num_irqs > 0)
			diag_error(d->loc, "cell '%s': device '%s' has an "
				   "interrupt; passing device interrupts "
				   "through is not supported on x86 boards yet",
				   c->name, d->ref);
		for (k = 0; k < d->dev.num_pio; k++) {
			const struct board_range *p = &d->dev.pio[k];

			ranges++;
			if (!c->no_console && c->vuart_kind ==
					SEPTUM_VUART_NS16550_PIO &&
			    ranges_overlap(p->base, p->size, c->vuart_ipa, 8))
				diag_error(d->loc, "cell '%s': device '%s' has "
					   "I/O ports 0x%" PRIx64 "-0x%" PRIx64
					   ", where the cell's virtual console "
					   "is", c->name, d->ref, p->base,
					   p->base + p->size - 1);
		}
	}
	if (ranges > SEPTUM_MAX_PIO)
		diag_error(c->loc, "cell '%s' has %u I/O port ranges; Septum "
			   "supports %u per cell", c->name, ranges,
			   SEPTUM_MAX_PIO);
	(void)sys;
}

void check_x86_cell(const struct m_system *sys, const struct board *b,
		    uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];

	(void)b;
	check_kernel_and_os(c);
	check_regions_x86(c);
	check_ports(sys, c);
}
