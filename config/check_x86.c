/*
 * The rules of x86 boards (see check.h): what runs in a cell, the legacy
 * area below 1 MiB, the interrupt controllers' window and I/O ports.
 */
#include <inttypes.h>
#include <string.h>

#include <septum/abi/x86_linux.h>

#include "check.h"
#include "resolve.h"
#include "util.h"
#include "x86boot.h"

/*
 * Below 1 MiB live the firmware's data (the BIOS data area, the EBDA, the
 * ACPI root pointer), the BIOS itself, and the page the hypervisor starts
 * its CPUs from: no cell's memory may be there.
 */
#define LEGACY_AREA_END 0x100000u
/* The alignment check.c asks of every Linux kernel. */
#define LINUX_ALIGN_CHECKED 0x200000u

static void check_kernel_and_os(const struct m_cell *c)
{
	uint32_t i;

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
		if (ranges_overlap(r->ipa, r->size, X86_APIC_WINDOW,
				   X86_APIC_WINDOW_END - X86_APIC_WINDOW))
			diag_error(r->loc, "cell '%s': memory region '%s' at "
				   "guest address 0x%" PRIx64 " overlaps the "
				   "interrupt controllers' window [0x%x-0x%x), "
				   "where the cell finds its virtual APICs",
				   c->name, r->name, r->ipa, X86_APIC_WINDOW,
				   X86_APIC_WINDOW_END);
	}
}

/* Port ranges of the cell's devices: within the ABI's limit, not the
 * console's ports nor the power registers'. */
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
			if (ranges_overlap(p->base, p->size, SEPTUM_X86_PM_PORT,
					   SEPTUM_X86_PM_PORTS))
				diag_error(d->loc, "cell '%s': device '%s' has "
					   "I/O ports 0x%" PRIx64 "-0x%" PRIx64
					   ", where the hypervisor serves every "
					   "cell's power registers (0x%x-0x%x)",
					   c->name, d->ref, p->base,
					   p->base + p->size - 1, SEPTUM_X86_PM_PORT,
					   SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS - 1);
		}
	}
	if (!c->no_console && c->vuart_kind == SEPTUM_VUART_NS16550_PIO &&
	    ranges_overlap(c->vuart_ipa, 8, SEPTUM_X86_PM_PORT,
			   SEPTUM_X86_PM_PORTS))
		diag_error(c->vuart_loc, "cell '%s': its virtual console at port "
			   "0x%" PRIx64 " overlaps the power registers the "
			   "hypervisor serves every cell (0x%x-0x%x)", c->name,
			   c->vuart_ipa, SEPTUM_X86_PM_PORT,
			   SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS - 1);
	if (ranges > SEPTUM_MAX_PIO)
		diag_error(c->loc, "cell '%s' has %u I/O port ranges; Septum "
			   "supports %u per cell", c->name, ranges,
			   SEPTUM_MAX_PIO);
	(void)sys;
}

static const struct m_image *image_of(const struct m_cell *c, uint32_t kind)
{
	for (uint32_t i = 0; i < c->num_images; i++) {
		if (c->images[i].kind == kind)
			return &c->images[i];
	}
	return NULL;
}

/* Its kernel is unpacked and decompresses in [load, load + init_size). */
static void check_linux_kernel(const struct m_cell *c, const struct m_image *k)
{
	const struct m_image *rd = image_of(c, SEPTUM_IMAGE_INITRD);

	if (!k->present || !c->x86_kernel) {
		if (k->present)
			diag_error(k->file_loc, "cell '%s': kernel '%s': %s",
				   c->name, k->file, c->x86_kernel_bad);
		return;
	}
	/* (Its 2 MiB alignment, Debian's kernel_alignment, is check.c's.) */
	if (c->x86_align > LINUX_ALIGN_CHECKED &&
	    (k->load & (c->x86_align - 1u)))
		diag_error(k->load_loc, "cell '%s': the kernel must load at a "
			   "multiple of 0x%x (its kernel_alignment)", c->name,
			   c->x86_align);
	if (cell_region_of(c, k->load, c->x86_init_size) < 0)
		diag_error(k->load_loc, "cell '%s': the kernel needs 0x%x bytes "
			   "from its load address 0x%" PRIx64 " to decompress "
			   "(its init_size), which one memory region must hold",
			   c->name, c->x86_init_size, k->load);
	if (rd && ranges_overlap(rd->load, rd->size, k->load, c->x86_init_size))
		diag_error(rd->load_loc, "cell '%s': the initrd at 0x%" PRIx64
			   " is where the kernel decompresses [0x%" PRIx64
			   "-0x%" PRIx64 "): load it above", c->name, rd->load,
			   k->load, k->load + c->x86_init_size);
	if (c->dtb_ipa && ranges_overlap(c->dtb_ipa, SEPTUM_X86_BOOT_SIZE,
					 k->load, c->x86_init_size))
		diag_error(c->loc, "cell '%s': its boot block at 0x%" PRIx64
			   " is where the kernel decompresses", c->name,
			   c->dtb_ipa);
}

/*
 * A Linux cell: a kernel it can boot, RAM where its CPUs start (Linux puts
 * its application processors' start-up code below 1 MiB), a command line
 * that leaves the hypervisor its room.
 */
static void check_linux_x86(const struct m_cell *c)
{
	const struct m_image *k = image_of(c, SEPTUM_IMAGE_KERNEL);
	size_t room = SEPTUM_X86_BOOT_CMDLINE_ROOM - SEPTUM_X86_BOOT_CMDLINE_HYP -
		      strlen(X86_LINUX_CMDLINE_PREFIX);

	if (!c->is_linux)
		return;
	if (k)
		check_linux_kernel(c, k);
	if (cell_region_of(c, 0, LEGACY_AREA_END) < 0)
		diag_error(c->loc, "cell '%s': a Linux cell on x86 needs RAM at "
			   "guest-physical 0-0x%x (its CPUs start from a page "
			   "there): give a region guest-base = <0x0 0x0>",
			   c->name, LEGACY_AREA_END);
	if (c->bootargs && (strlen(c->bootargs) >= room ||
			    (c->x86_cmdline_size &&
			     strlen(X86_LINUX_CMDLINE_PREFIX) +
					     strlen(c->bootargs) +
					     SEPTUM_X86_BOOT_CMDLINE_HYP >
				     c->x86_cmdline_size)))
		diag_error(c->bootargs_loc, "cell '%s': its bootargs are %zu "
			   "characters; with the hypervisor's additions the "
			   "kernel takes %u", c->name, strlen(c->bootargs),
			   c->x86_cmdline_size ? c->x86_cmdline_size
					       : (unsigned int)room);
}

/*
 * A doorbell's interrupt is an input of the cell's I/O APIC the tool picks
 * (the lowest free from 16); `interrupt` is written as a GIC SPI, which
 * an x86 cell does not have.
 */
static void check_doorbells(const struct m_system *sys, uint32_t ci)
{
	for (uint32_t i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (uint32_t k = 0; k < ch->num_peers; k++) {
			const struct m_peer *p = &ch->peers[k];

			if (p->cell == (int)ci && p->vintid_given)
				diag_error(p->vintid_loc, "channel '%s': peer "
					   "'%s' is on an x86 board, where the "
					   "doorbell takes the lowest I/O APIC "
					   "input free in the cell from 16: "
					   "remove 'interrupt'", ch->name,
					   p->name);
		}
	}
}

void check_x86_cell(const struct m_system *sys, const struct board *b,
		    uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];

	(void)b;
	check_kernel_and_os(c);
	check_linux_x86(c);
	check_regions_x86(c);
	check_ports(sys, c);
	check_doorbells(sys, ci);
}
