/* Resolving the system against the board; see resolve.h. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcidev.h"
#include "place.h"
#include "resolve.h"
#include "util.h"
#include "x86boot.h"

#define PAGE SEPTUM_PAGE_SIZE

int cell_region_of(const struct m_cell *c, uint64_t ipa, uint64_t size)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++) {
		const struct m_region *r = &c->regions[i];

		if (r->ipa + r->size >= r->ipa &&
		    range_within(ipa, size ? size : 1, r->ipa, r->size))
			return (int)i;
	}
	return -1;
}

uint64_t channel_rw_size(const struct m_channel *ch)
{
	return ch->size - IVSHMEM_STATE_TABLE_SIZE - ch->num_peers * ch->out_size;
}

int cell_vintid_used(const struct m_system *sys, uint32_t ci, uint32_t vintid)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t i, k;

	if (c->vuart_vintid == vintid)
		return 1;
	for (i = 0; i < c->num_devices; i++) {
		for (k = 0; k < c->devices[i].dev.num_irqs; k++) {
			if (c->devices[i].dev.intid[k] == vintid)
				return 1;
		}
	}
	for (i = 0; i < sys->num_channels; i++) {
		for (k = 0; k < sys->channels[i].num_peers; k++) {
			const struct m_peer *p = &sys->channels[i].peers[k];

			if (p->cell == (int)ci && p->vintid == vintid)
				return 1;
		}
	}
	return 0;
}

static void resolve_uart(struct m_system *sys, const struct board *b)
{
	enum board_dev_error err;

	sys->uart_node = -1;
	if (sys->uart_ref == NULL)
		return;
	sys->uart_node = board_find(b, sys->uart_ref);
	if (sys->uart_node < 0) {
		diag_error(sys->uart_loc, "the hypervisor console '%s' is not "
			   "a device path, label or alias of the board",
			   sys->uart_ref);
		return;
	}
	err = board_device(b, sys->uart_node, &sys->uart);
	sys->uart_kind = board_uart_kind(b, sys->uart_node);
	if (sys->uart_kind == SEPTUM_UART_NS16550 && sys->uart.num_pio > 0)
		sys->uart_kind = SEPTUM_UART_NS16550_PIO;
	if (err != BOARD_DEV_OK)
		diag_error(sys->uart_loc, "the hypervisor console '%s' %s",
			   sys->uart_ref, board_dev_error_str(err));
	else if (sys->uart_kind == 0)
		diag_error(sys->uart_loc, "the hypervisor console '%s' is not "
			   "a PL011, 16550 (memory-mapped or on I/O ports), Cadence, i.MX or "
			   "BCM2835 mini UART", sys->uart_ref);
	else if (sys->uart.num_mmio == 0 && sys->uart.num_pio == 0)
		diag_error(sys->uart_loc, "the hypervisor console '%s' has no "
			   "registers (reg)", sys->uart_ref);
}

static void resolve_device(struct m_cell *c, struct m_device *d,
			   const struct board *b)
{
	int node = board_find(b, d->ref);
	enum board_dev_error err;

	if (node < 0) {
		diag_error(d->loc, "cell '%s': device '%s' is not a path, label "
			   "or alias in the board device tree", c->name, d->ref);
		return;
	}
	err = board_device(b, node, &d->dev);
	if (err != BOARD_DEV_OK) {
		diag_error(d->loc, "cell '%s': device '%s' %s", c->name, d->ref,
			   board_dev_error_str(err));
		return;
	}
	d->found = 1;
}

static void resolve_image(struct m_cell *c, struct m_image *im)
{
	size_t size;

	if (im->file == NULL)
		return;
	im->data = read_file(im->file, &size);
	if (im->data != NULL) {
		im->present = 1;
		im->file_size = size;
		im->size = size;
	} else if (!im->preloaded || im->max_size == 0) {
		diag_error(im->file_loc, "cell '%s': cannot read image file "
			   "'%s' (%s)%s", c->name, im->file, strerror(errno),
			   im->preloaded ? "; a preloaded image not built yet "
			   "needs max-size" : "");
	}
	if (im->max_size > im->size)
		im->size = im->max_size;
}

/* The console a cell sees: by default where the board's UART is. */
static void resolve_vuart(struct m_system *sys, struct m_cell *c)
{
	if (c->no_console)
		return;
	if (sys->uart_kind == SEPTUM_UART_NS16550_PIO) {
		/* x86: COM1 where the board has it, on its I/O APIC input. */
		c->vuart_kind = SEPTUM_VUART_NS16550_PIO;
		if (c->vuart_ipa == 0)
			c->vuart_ipa = sys->uart.pio[0].base;
		if (c->vuart_vintid == 0 && sys->uart.num_irqs > 0)
			c->vuart_vintid = sys->uart.intid[0];
		if (c->vuart_loc.file == NULL)
			c->vuart_loc = c->loc;
		return;
	}
	c->vuart_kind = SEPTUM_VUART_PL011;
	if (c->vuart_ipa == 0 && sys->uart.num_mmio > 0)
		c->vuart_ipa = align_down(sys->uart.mmio[0].base, PAGE);
	if (c->vuart_vintid == 0 && sys->uart.num_irqs > 0 &&
	    sys->uart.intid[0] >= SEPTUM_INTID_SPI_FIRST)
		c->vuart_vintid = sys->uart.intid[0];
	if (c->vuart_loc.file == NULL)
		c->vuart_loc = c->loc;
}

static const struct m_image *find_image(const struct m_cell *c, uint32_t kind)
{
	uint32_t i;

	for (i = 0; i < c->num_images; i++) {
		if (c->images[i].kind == kind)
			return &c->images[i];
	}
	return NULL;
}

/* A Linux cell's DTB goes in the last DTB_RESERVE bytes of the region holding
 * its kernel, unless dtb-address or a dtb image says otherwise. */
static void resolve_dtb(struct m_cell *c)
{
	const struct m_image *k = find_image(c, SEPTUM_IMAGE_KERNEL);
	const struct m_image *d = find_image(c, SEPTUM_IMAGE_DTB);
	int r;

	if (d != NULL) {
		c->dtb_ipa = d->load;
		return;
	}
	if (!c->is_linux || c->dtb_ipa != 0 || k == NULL)
		return;
	r = cell_region_of(c, k->load, 1);
	if (r >= 0 && c->regions[r].size >= DTB_RESERVE)
		c->dtb_ipa = c->regions[r].ipa + c->regions[r].size -
			     DTB_RESERVE;
}

static int cell_has_channels(const struct m_system *sys, uint32_t ci)
{
	uint32_t i, k;

	for (i = 0; i < sys->num_channels; i++) {
		for (k = 0; k < sys->channels[i].num_peers; k++) {
			if (sys->channels[i].peers[k].cell == (int)ci)
				return 1;
		}
	}
	return 0;
}

static int cell_has_pci_functions(const struct m_cell *c)
{
	for (uint32_t i = 0; i < c->num_devices; i++) {
		if (c->devices[i].pci)
			return 1;
	}
	return 0;
}

/* The virtual PCI host: a Linux cell's channels are on it, and any cell's
 * passed-through PCI functions (only a Linux cell needs its window). */
static void resolve_pci(struct m_system *sys, uint32_t ci)
{
	struct m_cell *c = &sys->cells[ci];
	int chan = c->is_linux && cell_has_channels(sys, ci);

	if (!chan && !cell_has_pci_functions(c))
		return;
	if (c->pci_ecam == 0)
		c->pci_ecam = DEFAULT_PCI_ECAM;
	if (!c->is_linux) {
		if (c->pci_loc.file == NULL)
			c->pci_loc = c->loc;
		if (c->ecam_loc.file == NULL)
			c->ecam_loc = c->pci_loc;
		return;
	}
	if (c->pci_mmio == 0 && !c->window_placed)
		c->pci_mmio = DEFAULT_PCI_WINDOW;
	if (c->pci_mmio_size == 0)
		c->pci_mmio_size = DEFAULT_PCI_WINDOW_SIZE;
	if (c->pci_loc.file == NULL)
		c->pci_loc = c->loc;
	if (c->ecam_loc.file == NULL)
		c->ecam_loc = c->window_loc = c->window_size_loc = c->pci_loc;
}

static void resolve_cell(struct m_system *sys, struct m_cell *c,
			 const struct board *b)
{
	uint32_t i;

	for (i = 0; i < c->num_devices; i++) {
		if (c->devices[i].pci)
			pcidev_resolve(sys, (uint32_t)(c - sys->cells),
				       &c->devices[i], b);
		else
			resolve_device(c, &c->devices[i], b);
	}
	for (i = 0; i < c->num_images; i++) {
		resolve_image(c, &c->images[i]);
		/* An x86 board's kernels are x86_64 unless they say otherwise. */
		if (b->irqchip == SEPTUM_IRQCHIP_X86_APIC &&
		    c->images[i].kind == SEPTUM_IMAGE_KERNEL &&
		    !c->images[i].arch_given)
			c->images[i].arch = SEPTUM_ARCH_X86_64;
		/* An x86 Linux kernel: its setup header read, its 64-bit
		 * entry; what is wrong with it is reported by the checks. */
		if (b->irqchip == SEPTUM_IRQCHIP_X86_APIC && c->is_linux &&
		    c->images[i].kind == SEPTUM_IMAGE_KERNEL &&
		    c->images[i].present)
			c->x86_kernel_bad = x86boot_take_kernel(c,
								&c->images[i]);
	}
	resolve_vuart(sys, c);
}

static int cell_index(const struct m_system *sys, const char *name)
{
	uint32_t i;

	for (i = 0; i < sys->num_cells; i++) {
		if (strcmp(sys->cells[i].name, name) == 0)
			return (int)i;
	}
	return -1;
}

/* x86: the I/O APIC inputs a PC's legacy devices have (0-15) are left to
 * them; doorbells take the inputs above. */
#define X86_FIRST_FREE_GSI 16u

/*
 * Give peer p the lowest device interrupt (SPI, or x86 GSI) not yet used in
 * its cell, or say that none is left.
 */
static void give_vintid(const struct m_system *sys, struct m_peer *p,
			const struct m_channel *ch, const struct board *b)
{
	int x86 = b->irqchip == SEPTUM_IRQCHIP_X86_APIC;
	uint32_t first = x86 ? X86_FIRST_FREE_GSI : SEPTUM_INTID_SPI_FIRST;
	uint32_t last = x86 ? SEPTUM_GSI_LAST : SEPTUM_INTID_SPI_LAST;
	uint32_t v;

	for (v = first; v <= last; v++) {
		if (!cell_vintid_used(sys, (uint32_t)p->cell, v)) {
			p->vintid = v;
			return;
		}
	}
	diag_error(p->loc, "channel '%s': peer '%s' has no interrupt left for "
		   "its doorbell: %s %u-%u are all taken in the cell",
		   ch->name, p->name, x86 ? "I/O APIC inputs" : "SPIs", first,
		   last);
}

static uint64_t pow2_at_least(uint64_t v)
{
	uint64_t p = PAGE;

	while (p < v && p != 0)
		p <<= 1;
	return p ? p : v;
}

/* Whether a PCI function passed through to cell ci is device `slot` of
 * bus 0 (it keeps its number on the cell's virtual bus). */
static int slot_of_function(const struct m_system *sys, int ci, uint32_t slot)
{
	for (uint32_t i = 0; i < sys->smmu.out.num_funcs; i++) {
		const struct septum_pci_func *f = &sys->smmu.out.funcs[i];

		if ((int)f->cell == ci && f->bdf >> 3 == slot)
			return 1;
	}
	return 0;
}

/* A Linux peer sees the channel as a PCI device: BAR2 (the shared memory,
 * naturally aligned) then BAR0 (the register page), from the window's start. */
static void place_pci_peer(const struct m_system *sys, struct m_peer *p,
			   const struct m_channel *ch, uint64_t *cursor,
			   uint32_t *slot)
{
	const struct m_cell *c = &sys->cells[p->cell];
	uint64_t align = pow2_at_least(ch->size);

	if (p->has_ipa || p->has_regs)
		diag_warning(p->loc, "peer '%s' of channel '%s': a Linux cell "
			     "finds the channel on its virtual PCI bus, so "
			     "guest-base and registers are ignored", p->name,
			     ch->name);
	if (*cursor == 0)
		*cursor = c->pci_mmio;
	p->ipa = align_up(*cursor, align);
	p->regs_ipa = p->ipa + ch->size;
	*cursor = p->regs_ipa + PAGE;
	while (slot_of_function(sys, p->cell, *slot))
		(*slot)++;
	p->pci_slot = (*slot)++;
}

#define GICV3_GICD_SIZE 0x10000u
#define GICV2_GICD_SIZE 0x1000u
#define GICV2_GICC_SIZE 0x2000u

uint32_t guest_gic_frames(const struct board *b, uint64_t base[2],
			  uint64_t size[2], const char *what[2])
{
	if (b->irqchip == SEPTUM_IRQCHIP_X86_APIC)
		return 0;	/* the APIC window: check_x86.c */
	base[0] = b->gic.gicd_pa;
	what[0] = "the virtual interrupt controller's distributor";
	if (b->gic_version == 3) {
		size[0] = GICV3_GICD_SIZE;
		base[1] = b->gic.gicr_pa;
		size[1] = (uint64_t)b->num_cpus * b->gic.gicr_stride;
		what[1] = "the virtual interrupt controller's redistributors";
	} else {
		size[0] = GICV2_GICD_SIZE;
		base[1] = b->gic.gicc_pa;
		size[1] = GICV2_GICC_SIZE;
		what[1] = "the virtual interrupt controller's CPU interface";
	}
	return 2;
}

#define ARM64_IPA_BITS 39
#define X86_GPA_BITS 48

uint64_t guest_addr_limit(const struct board *b)
{
	return 1ull << (b->irqchip == SEPTUM_IRQCHIP_X86_APIC ? X86_GPA_BITS
							     : ARM64_IPA_BITS);
}

static void place_peer(struct m_system *sys, const struct board *b,
		       struct m_peer *p, const struct m_channel *ch,
		       uint64_t *cursor, uint32_t *slot)
{
	if (sys->cells[p->cell].is_linux)
		place_pci_peer(sys, p, ch, cursor, slot);
	else
		place_peer_guest(sys, b, p, ch);
}

static void resolve_channels(struct m_system *sys, const struct board *b)
{
	uint64_t cursor[MODEL_MAX] = { 0 };
	uint32_t slot[MODEL_MAX] = { 0 };
	uint32_t i, k;

	for (i = 0; i < sys->num_channels; i++) {
		struct m_channel *ch = &sys->channels[i];

		for (k = 0; k < ch->num_peers; k++) {
			struct m_peer *p = &ch->peers[k];

			p->cell = cell_index(sys, p->name);
			if (p->cell < 0) {
				diag_error(p->loc, "channel '%s': peer '%s' is "
					   "not a cell", ch->name, p->name);
				continue;
			}
			place_peer(sys, b, p, ch, &cursor[p->cell],
				   &slot[p->cell]);
			if (p->vintid == 0)
				give_vintid(sys, p, ch, b);
		}
	}
}

void resolve_system(struct m_system *sys, const struct board *board)
{
	uint32_t i;

	resolve_uart(sys, board);
	pcidev_board(sys, board);
	place_memory(sys, board);
	for (i = 0; i < sys->num_cells; i++)
		resolve_cell(sys, &sys->cells[i], board);
	for (i = 0; i < sys->num_channels; i++) {
		uint32_t k;

		for (k = 0; k < sys->channels[i].num_peers; k++)
			sys->channels[i].peers[k].cell =
				cell_index(sys, sys->channels[i].peers[k].name);
	}
	for (i = 0; i < sys->num_cells; i++)
		resolve_pci(sys, i);
	place_guest(sys, board);
	for (i = 0; i < sys->num_cells; i++)
		resolve_dtb(&sys->cells[i]);
	resolve_channels(sys, board);
}
