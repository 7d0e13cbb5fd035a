/*
 * Checks of a resolved system: board name, CPUs, images, devices, interrupts,
 * consoles, channels and ABI limits.  Memory and MMIO ownership are in
 * check_mem.c.  Each check reports every problem it sees and carries on.
 */
#include <inttypes.h>
#include <string.h>

#include "check.h"
#include "colour.h"
#include "pcidev.h"
#include "resolve.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE
#define LINUX_IMAGE_ALIGN 0x200000u	/* arm64 Image: 2 MiB aligned base */
#define DTB_ALIGN 8u
#define MIN_PEERS 2u

/* A system may name several boards it runs on unchanged (board = "a", "b"). */
int check_board_name(const struct m_system *sys, const char *name)
{
	int at = 0;

	if (!name || !sys->board_name)
		return 1;
	while (at < sys->board_names_len) {
		if (strcmp(sys->board_names + at, name) == 0)
			return 1;
		at += (int)strlen(sys->board_names + at) + 1;
	}
	diag_error(sys->board_loc, "the system is for board '%s' but the build "
		   "is for board '%s' (the board DTB's file name, or "
		   "--board-name)", sys->board_name, name);
	return 0;
}

static void check_limits(const struct m_system *sys)
{
	struct loc top = { sys->file, 0 };

	if (sys->num_cells == 0)
		diag_error(top, "the system has no cells");
	if (sys->num_cells > SEPTUM_MAX_CELLS)
		diag_error(sys->cells[SEPTUM_MAX_CELLS].loc, "cell '%s' is one "
			   "too many: Septum supports %u cells",
			   sys->cells[SEPTUM_MAX_CELLS].name, SEPTUM_MAX_CELLS);
	if (sys->num_channels > SEPTUM_MAX_CHANNELS)
		diag_error(sys->channels[SEPTUM_MAX_CHANNELS].loc, "channel "
			   "'%s' is one too many: Septum supports %u channels",
			   sys->channels[SEPTUM_MAX_CHANNELS].name,
			   SEPTUM_MAX_CHANNELS);
}

static void check_hypervisor(const struct m_system *sys, const struct board *b)
{
	uint32_t i;

	if (sys->uart_node < 0 || b->irqchip == SEPTUM_IRQCHIP_X86_APIC)
		return;	/* x86: an I/O APIC input, read as one */
	for (i = 0; i < sys->uart.num_irqs; i++) {
		if (sys->uart.intid[i] < SEPTUM_INTID_SPI_FIRST)
			diag_error(sys->uart_loc, "the hypervisor console's "
				   "interrupt is not an SPI");
	}
}

/* Which cell, before cell `ci`, owns board CPU `cpu`; -1 if none. */
static int cpu_owner(const struct m_system *sys, uint32_t ci, uint32_t cpu)
{
	uint32_t i, k;

	for (i = 0; i < ci; i++) {
		for (k = 0; k < sys->cells[i].num_cpus; k++) {
			if (sys->cells[i].cpus[k] == cpu)
				return (int)i;
		}
	}
	return -1;
}

static void check_cpus(const struct m_system *sys, const struct board *b,
		       uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t k, j;

	if (c->num_cpus == 0)
		diag_error(c->loc, "cell '%s' has no CPU: give it one with "
			   "'cpus = <n>;'", c->name);
	for (k = 0; k < c->num_cpus; k++) {
		uint32_t cpu = c->cpus[k];
		int owner = cpu_owner(sys, ci, cpu);

		for (j = 0; j < k && c->cpus[j] != cpu; j++)
			;
		if (cpu >= b->num_cpus)
			diag_error(c->cpus_loc, "cell '%s': CPU %u does not "
				   "exist; the board has CPUs 0-%u", c->name,
				   cpu, b->num_cpus - 1);
		else if (j < k)
			diag_error(c->cpus_loc, "cell '%s' lists CPU %u twice",
				   c->name, cpu);
		else if (owner >= 0)
			diag_error(c->cpus_loc, "cell '%s': CPU %u is already "
				   "assigned to cell '%s'", c->name, cpu,
				   sys->cells[owner].name);
	}
}

static void check_regions(const struct m_cell *c)
{
	uint32_t k, j;

	if (c->num_regions == 0)
		diag_error(c->loc, "cell '%s' has no memory region", c->name);
	if (c->num_regions > SEPTUM_MAX_REGIONS)
		diag_error(c->regions[SEPTUM_MAX_REGIONS].loc, "cell '%s' has "
			   "more than %u memory regions", c->name,
			   SEPTUM_MAX_REGIONS);
	for (k = 0; k < c->num_regions; k++) {
		const struct m_region *r = &c->regions[k];

		if (r->size != 0 && r->ipa != r->pa && (r->ipa & (PAGE - 1u)))
			diag_error(r->ipa_loc, "memory region '%s' of cell '%s' has "
				   "a guest-base not aligned to 4 KiB pages",
				   r->name, c->name);
		for (j = 0; j < k; j++) {
			if (ranges_overlap(r->ipa, r->size, c->regions[j].ipa,
					   c->regions[j].size))
				diag_error(r->loc, "memory region '%s' of cell "
					   "'%s' overlaps region '%s' in the "
					   "cell's guest address space",
					   r->name, c->name,
					   c->regions[j].name);
		}
		if (!(r->flags & SEPTUM_MEM_READ))
			diag_warning(r->loc, "memory region '%s' of cell '%s' "
				     "is not readable", r->name, c->name);
	}
}

static const struct m_image *kernel_of(const struct m_cell *c)
{
	uint32_t k;

	for (k = 0; k < c->num_images; k++) {
		if (c->images[k].kind == SEPTUM_IMAGE_KERNEL)
			return &c->images[k];
	}
	return NULL;
}

/* A region of the cell is already reported as unusable: checks that depend
 * on the regions would only repeat that. */
static int regions_broken(const struct m_cell *c)
{
	uint32_t k;

	for (k = 0; k < c->num_regions; k++) {
		if (c->regions[k].malformed || c->regions[k].size == 0)
			return 1;
	}
	return c->num_regions == 0;
}

static void check_entry(const struct m_cell *c, const struct m_image *im)
{
	int r = cell_region_of(c, im->entry, 1);

	if (im->entry < im->load || im->entry - im->load >= im->size)
		diag_error(im->entry_loc, "cell '%s': entry point 0x%" PRIx64
			   " is outside its kernel image [0x%" PRIx64
			   "-0x%" PRIx64 ")", c->name, im->entry, im->load,
			   im->load + im->size);
	else if (r >= 0 && !(c->regions[r].flags & SEPTUM_MEM_EXEC))
		diag_error(im->entry_loc, "cell '%s': entry point 0x%" PRIx64
			   " is in region '%s', which is not executable",
			   c->name, im->entry, c->regions[r].name);
	if (c->is_linux && im->arch != SEPTUM_ARCH_AARCH64 &&
	    im->arch != SEPTUM_ARCH_X86_64)
		diag_error(im->loc, "cell '%s' runs Linux, which Septum boots "
			   "only as an AArch64 kernel", c->name);
	if (c->is_linux && (im->load & (LINUX_IMAGE_ALIGN - 1u)))
		diag_error(im->load_loc, "cell '%s': a Linux kernel must load "
			   "at a 2 MiB aligned address", c->name);
}

static void check_image(const struct m_cell *c, const struct m_image *im)
{
	if (im->present && im->file_size == 0 && im->size == 0)
		diag_error(im->file_loc, "image '%s' of cell '%s': file '%s' "
			   "is empty", im->name, c->name, im->file);
	if (im->present && im->max_size && im->file_size > im->max_size)
		diag_error(im->file_loc, "image '%s' of cell '%s' is %" PRIu64
			   " bytes, more than its max-size %" PRIu64, im->name,
			   c->name, im->file_size, im->max_size);
	if (im->size != 0 && !regions_broken(c) &&
	    cell_region_of(c, im->load, im->size) < 0)
		diag_error(im->load_loc, "image '%s' of cell '%s' (0x%" PRIx64
			   " bytes at 0x%" PRIx64 ") does not fit in one of the "
			   "cell's memory regions", im->name, c->name, im->size,
			   im->load);
	if (im->kind == SEPTUM_IMAGE_KERNEL && im->size != 0)
		check_entry(c, im);
	if (im->kind == SEPTUM_IMAGE_KERNEL &&
	    c->fault_policy == SEPTUM_FAULT_INJECT &&
	    im->arch != SEPTUM_ARCH_AARCH64)
		diag_error(c->policy_loc, "fault-policy \"inject\" of cell "
			   "'%s' delivers aborts to AArch64 cells only; its "
			   "kernel '%s' is %s", c->name, im->name,
			   im->arch == SEPTUM_ARCH_AARCH32 ? "AArch32" : "x86_64");
	if (im->preloaded && c->fault_policy == SEPTUM_FAULT_RESTART)
		diag_warning(im->loc, "cell '%s' restarts on fault but image "
			     "'%s' is preloaded: a restart runs whatever the "
			     "cell left in that memory", c->name, im->name);
}

static int has_dtb_image(const struct m_cell *c)
{
	uint32_t k;

	for (k = 0; k < c->num_images; k++) {
		if (c->images[k].kind == SEPTUM_IMAGE_DTB)
			return 1;
	}
	return 0;
}

static void check_images_overlap(const struct m_cell *c)
{
	uint32_t k, j;

	for (k = 0; k < c->num_images; k++) {
		const struct m_image *a = &c->images[k];

		for (j = 0; j < k; j++) {
			const struct m_image *b = &c->images[j];

			if (ranges_overlap(a->load, a->size, b->load, b->size))
				diag_error(a->load_loc, "image '%s' of cell '%s' "
					   "overlaps image '%s'", a->name,
					   c->name, b->name);
		}
		if (c->is_linux && !has_dtb_image(c) && c->dtb_ipa &&
		    ranges_overlap(a->load, a->size, c->dtb_ipa, DTB_RESERVE))
			diag_error(a->load_loc, "image '%s' of cell '%s' "
				   "overlaps the cell's device tree at 0x%"
				   PRIx64, a->name, c->name, c->dtb_ipa);
	}
}

static void check_linux(const struct m_cell *c)
{
	if (!c->is_linux) {
		if (c->bootargs)
			diag_warning(c->bootargs_loc, "cell '%s' does not run "
				     "Linux: its bootargs are ignored", c->name);
		return;
	}
	if (has_dtb_image(c) || regions_broken(c))
		return;
	if (c->dtb_ipa == 0 && !c->dtb_given)
		diag_error(c->loc, "cell '%s' has no room for its device tree "
			   "after its kernel's region: set dtb-address",
			   c->name);
	else if (cell_region_of(c, c->dtb_ipa, 1) < 0)
		diag_error(c->dtb_loc, "cell '%s': its device tree address "
			   "0x%" PRIx64 " is not in its memory", c->name,
			   c->dtb_ipa);
	else if (c->dtb_ipa & (DTB_ALIGN - 1u))
		diag_error(c->dtb_loc, "cell '%s': its device tree address "
			   "must be 8-byte aligned", c->name);
}

static void check_images(const struct m_cell *c)
{
	uint32_t k;

	if (kernel_of(c) == NULL) {
		diag_error(c->loc, "cell '%s' has no kernel image (images { "
			   "kernel { ... }; })", c->name);
		return;
	}
	for (k = 0; k < c->num_images; k++)
		check_image(c, &c->images[k]);
	check_images_overlap(c);
	check_linux(c);
}

/* Which cell other than `ci` owns the board node `node`; -1 if none. */
static int device_owner(const struct m_system *sys, uint32_t ci, int node)
{
	uint32_t i, k;

	for (i = 0; i < ci; i++) {
		for (k = 0; k < sys->cells[i].num_devices; k++) {
			const struct m_device *d = &sys->cells[i].devices[k];

			if (d->found && d->dev.node == node)
				return (int)i;
		}
	}
	return -1;
}

static void check_device(const struct m_system *sys, const struct board *b,
			 uint32_t ci, const struct m_device *d)
{
	const struct m_cell *c = &sys->cells[ci];
	int owner = device_owner(sys, ci, d->dev.node);
	uint32_t i;

	if (d->dev.node == sys->uart_node)
		diag_error(d->loc, "cell '%s': device '%s' is the hypervisor's "
			   "console UART, shared through the console mux",
			   c->name, d->ref);
	else if (board_is_gic(b, d->dev.node))
		diag_error(d->loc, "cell '%s': device '%s' is the interrupt "
			   "controller, which the hypervisor virtualizes",
			   c->name, d->ref);
	else if (pcidev_is_smmu(sys, d->dev.node))
		diag_error(d->loc, "cell '%s': device '%s' is the SMMU or the "
			   "PCIe host behind it, which the hypervisor owns "
			   "(pass PCI functions with pci-devices)", c->name,
			   d->ref);
	else if (owner >= 0)
		diag_error(d->loc, "cell '%s': device '%s' is already given to "
			   "cell '%s'", c->name, d->ref, sys->cells[owner].name);
	if (d->dev.disabled)
		diag_warning(d->loc, "cell '%s': device '%s' is disabled "
			     "(status) in the board device tree", c->name,
			     d->ref);
	if (d->dev.num_mmio == 0 && d->dev.num_pio == 0 && d->dev.num_irqs == 0)
		diag_warning(d->loc, "cell '%s': device '%s' has no registers "
			     "and no interrupts to pass through", c->name,
			     d->ref);
	for (i = 0; i < d->dev.num_irqs && !board_is_gic(b, d->dev.node) &&
		    b->irqchip != SEPTUM_IRQCHIP_X86_APIC; i++) {
		if (d->dev.intid[i] < SEPTUM_INTID_SPI_FIRST)
			diag_error(d->loc, "cell '%s': device '%s' has per-CPU "
				   "interrupt PPI %u, which cannot be passed "
				   "through", c->name, d->ref,
				   d->dev.intid[i] - SEPTUM_INTID_PPI_FIRST);
	}
}

/* The SPI `intid` of device `d` of cell `ci` is also owned elsewhere. */
static void check_irq_once(const struct m_system *sys, uint32_t ci,
			   const struct m_device *d, uint32_t intid)
{
	uint32_t i, k, n;
	const char *spi = "SPI";
	uint32_t num = intid - SEPTUM_INTID_SPI_FIRST;

	if (sys->uart.num_irqs && sys->uart.intid[0] == intid &&
	    d->dev.node != sys->uart_node)
		diag_error(d->loc, "cell '%s': interrupt %s %u (INTID %u) of "
			   "device '%s' is the hypervisor console's",
			   sys->cells[ci].name, spi, num, intid, d->ref);
	for (i = 0; i < ci; i++) {
		for (k = 0; k < sys->cells[i].num_devices; k++) {
			const struct m_device *o = &sys->cells[i].devices[k];

			if (!o->found || o->dev.node == d->dev.node)
				continue;
			for (n = 0; n < o->dev.num_irqs; n++) {
				if (o->dev.intid[n] == intid)
					diag_error(d->loc, "cell '%s': "
						   "interrupt %s %u (INTID %u) "
						   "of device '%s' is also "
						   "owned by cell '%s' through "
						   "device '%s'",
						   sys->cells[ci].name, spi, num,
						   intid, d->ref,
						   sys->cells[i].name, o->ref);
			}
		}
	}
}

static void check_devices(const struct m_system *sys, const struct board *b,
			  uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t k, i, mmio = 0, irqs = 0;

	for (k = 0; k < c->num_devices; k++) {
		const struct m_device *d = &c->devices[k];

		if (!d->found)
			continue;
		check_device(sys, b, ci, d);
		for (i = 0; i < d->dev.num_irqs; i++) {
			if (d->dev.intid[i] >= SEPTUM_INTID_SPI_FIRST)
				check_irq_once(sys, ci, d, d->dev.intid[i]);
		}
		mmio += d->dev.num_mmio;
		irqs += d->dev.num_irqs;
		if (mmio > SEPTUM_MAX_MMIO || irqs > SEPTUM_MAX_IRQS)
			diag_error(d->loc, "cell '%s': with device '%s' the cell "
				   "has more than %u MMIO ranges or %u "
				   "interrupts", c->name, d->ref,
				   SEPTUM_MAX_MMIO, SEPTUM_MAX_IRQS);
		if (mmio > SEPTUM_MAX_MMIO || irqs > SEPTUM_MAX_IRQS)
			break;
	}
}

static void check_console(const struct m_system *sys, uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t k, i;

	if (!c->no_console && sys->no_console)
		diag_error(c->vuart_loc.file ? c->vuart_loc : c->loc,
			   "cell '%s' has a console, but the hypervisor has "
			   "none to share (console = \"none\" in /hypervisor): "
			   "give the cell console = \"none\" too", c->name);
	if (c->no_console) {
		if (c->focus)
			diag_error(c->focus_loc, "cell '%s' asks for the console "
				   "focus but has console = \"none\"", c->name);
		return;
	}
	if (septum_vuart_is_mmio(c->vuart_kind) && (c->vuart_ipa & (PAGE - 1u)))
		diag_error(c->vuart_loc, "cell '%s': the console address is not "
			   "aligned to a 4 KiB page", c->name);
	if (c->vuart_vintid == 0 && sys->uart_node >= 0)
		diag_error(c->vuart_loc, "cell '%s': its console needs an "
			   "interrupt: the hypervisor's UART has none",
			   c->name);
	for (k = 0; k < c->num_devices; k++) {
		if (c->devices[k].dev.node == sys->uart_node)
			continue;	/* reported as a device error */
		for (i = 0; i < c->devices[k].dev.num_irqs; i++) {
			if (c->devices[k].dev.intid[i] == c->vuart_vintid)
				diag_error(c->vuart_loc, "cell '%s': the console "
					   "interrupt (INTID %u) is also the "
					   "interrupt of device '%s'", c->name,
					   c->vuart_vintid, c->devices[k].ref);
		}
	}
}

static int is_pow2(uint64_t v)
{
	return v != 0 && (v & (v - 1u)) == 0;
}

static void check_peer(const struct m_system *sys, const struct m_channel *ch,
		       const struct m_peer *p)
{
	const struct m_cell *c;
	uint32_t k, i;

	if (p->cell < 0)
		return;
	c = &sys->cells[p->cell];
	if (c->is_linux && !is_pow2(ch->size))
		diag_error(ch->size_loc, "channel '%s': its size must be a "
			   "power of two, since Linux cell '%s' sees it as a "
			   "PCI BAR", ch->name, c->name);
	for (k = 0; k < c->num_devices; k++) {
		for (i = 0; i < c->devices[k].dev.num_irqs; i++) {
			if (c->devices[k].dev.intid[i] == p->vintid)
				diag_error(p->vintid_loc, "channel '%s': the "
					   "doorbell interrupt of peer '%s' "
					   "(INTID %u) is also the interrupt "
					   "of device '%s'", ch->name, p->name,
					   p->vintid, c->devices[k].ref);
		}
	}
	if (p->vintid == c->vuart_vintid)
		diag_error(p->vintid_loc, "channel '%s': the doorbell interrupt "
			   "of peer '%s' is also its console interrupt",
			   ch->name, p->name);
}

/* The state table and one output section per peer fit in the memory. */
static void check_channel_layout(const struct m_channel *ch)
{
	uint64_t fixed;

	if (ch->malformed || ch->num_peers > SEPTUM_MAX_PEERS)
		return;
	if (ch->out_size % SEPTUM_PAGE_SIZE) {
		diag_error(ch->out_loc, "channel '%s': output-size 0x%" PRIx64
			   " is not a multiple of 4 KiB (each peer's output "
			   "section gets its own write rights)", ch->name,
			   ch->out_size);
		return;
	}
	fixed = IVSHMEM_STATE_TABLE_SIZE + ch->num_peers * ch->out_size;
	if (ch->out_size > ch->size || fixed > ch->size)
		diag_error(ch->out_loc.file ? ch->out_loc : ch->size_loc,
			   "channel '%s': size 0x%" PRIx64 " cannot hold the "
			   "4 KiB state table and %u output sections of 0x%"
			   PRIx64, ch->name, ch->size, ch->num_peers,
			   ch->out_size);
}

static void check_channel(const struct m_system *sys,
			  const struct m_channel *ch)
{
	uint32_t k, writers = 0;

	if (ch->num_peers < MIN_PEERS)
		diag_error(ch->loc, "channel '%s' has %u peer%s; a channel joins "
			   "2 or more cells", ch->name, ch->num_peers,
			   ch->num_peers == 1 ? "" : "s");
	if (ch->num_peers > SEPTUM_MAX_PEERS)
		diag_error(ch->peers[SEPTUM_MAX_PEERS].loc, "channel '%s' has "
			   "more than %u peers", ch->name, SEPTUM_MAX_PEERS);
	for (k = 0; k < ch->num_peers; k++) {
		check_peer(sys, ch, &ch->peers[k]);
		if (ch->peers[k].rights & SEPTUM_PEER_WRITE)
			writers++;
	}
	check_channel_layout(ch);
	if (ch->num_peers >= MIN_PEERS && writers == 0)
		diag_warning(ch->loc, "channel '%s': every peer is read-only, "
			     "so nothing can ever be written to it", ch->name);
}

/* Exactly one cell has the console at boot: the marked one, or the first. */
static void check_focus(struct m_system *sys)
{
	uint32_t i;
	int found = -1;

	for (i = 0; i < sys->num_cells; i++) {
		if (!sys->cells[i].focus)
			continue;
		if (found >= 0)
			diag_error(sys->cells[i].focus_loc, "cell '%s' asks for "
				   "the console focus, but cell '%s' already "
				   "has it", sys->cells[i].name,
				   sys->cells[found].name);
		else
			found = (int)i;
	}
	/* Default: the first cell with a console. */
	for (i = 0; found < 0 && i < sys->num_cells; i++) {
		if (!sys->cells[i].no_console)
			found = (int)i;
	}
	sys->focus_cell = found >= 0 ? (uint32_t)found : 0;
}

static void check_cell_name(const struct m_cell *c)
{
	if (strlen(c->name) >= SEPTUM_NAME_LEN)
		diag_error(c->loc, "cell name '%.*s...' is longer than %u "
			   "characters", SEPTUM_NAME_LEN - 1, c->name,
			   SEPTUM_NAME_LEN - 1);
}

void check_system(struct m_system *sys, const struct board *board,
		  const char *board_name)
{
	uint32_t i;

	(void)board_name;	/* checked first: check_board_name() */
	check_limits(sys);
	check_hypervisor(sys, board);
	check_memory(sys, board);
	colour_place(sys, board);
	check_mmio(sys, board);
	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		check_cell_name(c);
		check_cpus(sys, board, i);
		check_regions(c);
		check_images(c);
		check_devices(sys, board, i);
		check_console(sys, i);
		if (board->irqchip == SEPTUM_IRQCHIP_X86_APIC)
			check_x86_cell(sys, board, i);
	}
	check_guest(sys, board);
	for (i = 0; i < sys->num_channels; i++) {
		if (strlen(sys->channels[i].name) >= SEPTUM_NAME_LEN)
			diag_error(sys->channels[i].loc, "channel name "
				   "'%.*s...' is longer than %u characters",
				   SEPTUM_NAME_LEN - 1, sys->channels[i].name,
				   SEPTUM_NAME_LEN - 1);
		check_channel(sys, &sys->channels[i]);
	}
	check_focus(sys);
}
