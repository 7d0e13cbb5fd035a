/* Placing what a config gives only a size; see place.h. */
#include <inttypes.h>
#include <stdio.h>

#include "place.h"
#include "resolve.h"
#include "spans.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE
#define BLOCK 0x200000u		/* a stage-2 block: 2 MiB */
/* x86: below 1 MiB are the firmware's tables, the BIOS and the hypervisor's
 * CPU start-up page (check_x86.c refuses cell memory there). */
#define X86_LEGACY_END 0x100000u
#define WHAT_LEN 600u

uint64_t place_region_align(uint64_t size)
{
	return size >= BLOCK ? BLOCK : PAGE;
}

uint64_t place_channel_align(uint64_t size)
{
	uint64_t a = PAGE;

	while (a < size && a < BLOCK)
		a <<= 1;
	return a;
}

static int x86(const struct board *b)
{
	return b->irqchip == SEPTUM_IRQCHIP_X86_APIC;
}

/* ---------------------------------------------------------------- board RAM */

/*
 * The RAM with a fixed place: the hypervisor's, what has a base, and what
 * the board reserves for itself.
 */
static void ram_taken(const struct m_system *sys, const struct board *b,
		      struct spans *t)
{
	uint32_t i, k;

	if (!sys->hyp_malformed)
		spans_add(t, sys->hyp_pa, sys->hyp_size);
	for (i = 0; i < b->num_reserved; i++)
		spans_add(t, b->reserved[i].base, b->reserved[i].size);
	if (x86(b))
		spans_add(t, 0, X86_LEGACY_END);
	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		for (k = 0; !c->coloured && k < c->num_regions; k++) {
			const struct m_region *r = &c->regions[k];

			if (!r->malformed && !r->pa_placed)
				spans_add(t, r->pa, r->size);
		}
	}
	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		if (!ch->malformed && !ch->pa_placed)
			spans_add(t, ch->pa, ch->size);
	}
	spans_sort(t);
}

/*
 * The lowest `align`-aligned place for `size` bytes in a bank of RAM, banks
 * taken by ascending address.  0 (and the largest free range and the free
 * bytes in all) when nothing fits.
 */
static int ram_fit(const struct board *b, struct spans *taken, uint64_t size,
		   uint64_t align, uint64_t *at, uint64_t *largest,
		   uint64_t *total)
{
	uint64_t need = align_up(size, PAGE), done = 0;
	uint32_t i, k;

	if (need < size)
		return 0;	/* the size wraps: reported by the checks */
	for (k = 0; k < b->num_ram; k++) {
		const struct board_range *bank = NULL;

		/* The lowest bank above the ones already searched. */
		for (i = 0; i < b->num_ram; i++) {
			const struct board_range *r = &b->ram[i];

			if (r->size == 0 || (k && r->base < done) ||
			    (bank && r->base >= bank->base))
				continue;
			bank = r;
		}
		if (bank == NULL)
			break;
		done = bank->base + 1u;
		if (spans_fit(taken, bank->base, bank->size, need, align, at,
			      largest, total)) {
			spans_add(taken, *at, need);
			spans_sort(taken);
			return 1;
		}
	}
	return 0;
}

static void no_ram(struct loc at, const char *what, uint64_t size,
		   uint64_t largest, uint64_t total)
{
	diag_error(at, "%s (0x%" PRIx64 " bytes) does not fit in the board RAM "
		   "left free: its largest free range is 0x%" PRIx64 " bytes, "
		   "0x%" PRIx64 " bytes free in all", what, size, largest,
		   total);
}

void place_memory(struct m_system *sys, const struct board *b)
{
	struct spans taken = { NULL, 0 };
	char what[WHAT_LEN];
	uint32_t i, k;

	ram_taken(sys, b, &taken);
	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];

		for (k = 0; !c->coloured && k < c->num_regions; k++) {
			struct m_region *r = &c->regions[k];
			uint64_t largest = 0, total = 0;

			if (!r->pa_placed || r->malformed || r->size == 0)
				continue;
			if (ram_fit(b, &taken, r->size,
				    place_region_align(r->size), &r->pa,
				    &largest, &total))
				continue;
			snprintf(what, sizeof(what), "memory region '%s' of "
				 "cell '%s'", r->name, c->name);
			no_ram(r->size_loc, what, r->size, largest, total);
			r->malformed = 1;
		}
	}
	for (i = 0; i < sys->num_channels; i++) {
		struct m_channel *ch = &sys->channels[i];
		uint64_t largest = 0, total = 0;

		if (!ch->pa_placed || ch->malformed ||
		    ram_fit(b, &taken, ch->size, place_channel_align(ch->size),
			    &ch->pa, &largest, &total))
			continue;
		snprintf(what, sizeof(what), "the memory of channel '%s'",
			 ch->name);
		no_ram(ch->size_loc, what, ch->size, largest, total);
		ch->malformed = 1;
	}
	spans_free(&taken);
}

/* ---------------------------------------------------------- guest addresses */

/* Where peer p of channel ch (in a bare-metal cell) has the channel's
 * memory, or 0 while that is not known yet. */
static uint64_t peer_memory(const struct m_peer *p, const struct m_channel *ch)
{
	if (p->has_ipa || ch->pa_placed)
		return p->ipa;
	return ch->pa;
}

static void channels_taken(const struct m_system *sys, uint32_t ci,
			   struct spans *t)
{
	uint32_t i, k;

	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (k = 0; k < ch->num_peers; k++) {
			const struct m_peer *p = &ch->peers[k];
			uint64_t shm = peer_memory(p, ch);

			if (p->cell != (int)ci || sys->cells[ci].is_linux)
				continue;	/* Linux: in its PCI window */
			if (shm && !ch->malformed)
				spans_add(t, shm, align_up(ch->size, PAGE));
			if (p->regs_ipa || p->has_regs)
				spans_add(t, p->regs_ipa, PAGE);
		}
	}
}

/* Everything with a place in cell ci's guest address space so far. */
static void guest_taken(const struct m_system *sys, const struct board *b,
			uint32_t ci, struct spans *t)
{
	const struct m_cell *c = &sys->cells[ci];
	uint64_t base[2], size[2];
	const char *what[2];
	uint32_t k, r, frames = guest_gic_frames(b, base, size, what);

	for (k = 0; k < frames; k++)
		spans_add(t, base[k], size[k]);
	if (x86(b))
		spans_add(t, X86_APIC_WINDOW, X86_APIC_WINDOW_END -
			  X86_APIC_WINDOW);
	for (k = 0; k < c->num_regions; k++) {
		const struct m_region *reg = &c->regions[k];

		/* A region still to be placed has guest address 0. */
		if (!reg->malformed && (!reg->ipa_placed || reg->ipa))
			spans_add(t, reg->ipa, align_up(reg->size, PAGE));
	}
	for (k = 0; k < c->num_devices; k++) {
		const struct m_device *d = &c->devices[k];

		for (r = 0; d->found && r < d->dev.num_mmio; r++) {
			uint64_t lo = align_down(d->dev.mmio[r].base, PAGE);

			spans_add(t, lo, align_up(d->dev.mmio[r].base +
						  d->dev.mmio[r].size, PAGE) - lo);
		}
	}
	if (!c->no_console && septum_vuart_is_mmio(c->vuart_kind))
		spans_add(t, c->vuart_ipa, PAGE);
	if (c->pci_ecam)
		spans_add(t, c->pci_ecam, PCI_ECAM_SIZE);
	if (c->pci_mmio)
		spans_add(t, c->pci_mmio, c->pci_mmio_size);
	channels_taken(sys, ci, t);
	spans_sort(t);
}

/* Where a guest range is searched: from `from` (then from the start) to
 * `limit`. */
struct guest_want {
	uint64_t size, align, from, limit;
};

/*
 * The lowest `align`-aligned guest address of cell ci at or above `from`
 * (then from the start), below `limit`, where `size` bytes are free.
 * Reports what cannot be placed at `at` and returns 0.
 */
static int guest_fit(const struct m_system *sys, const struct board *b,
		     uint32_t ci, const struct guest_want *want, uint64_t *addr,
		     struct loc at, const char *what)
{
	struct spans taken = { NULL, 0 };
	uint64_t size = want->size, align = want->align, from = want->from;
	uint64_t limit = want->limit, need = align_up(size, PAGE);
	uint64_t largest = 0, total = 0;
	int ok = 0;

	guest_taken(sys, b, ci, &taken);
	if (need >= size && from >= PLACE_GUEST_FIRST && from < limit)
		ok = spans_fit(&taken, from, limit - from, need, align, addr,
			       NULL, NULL);
	if (!ok && need >= size)
		ok = spans_fit(&taken, PLACE_GUEST_FIRST,
			       limit - PLACE_GUEST_FIRST, need, align, addr,
			       &largest, &total);
	spans_free(&taken);
	if (!ok)
		diag_error(at, "cell '%s': %s (0x%" PRIx64 " bytes) does not "
			   "fit in the cell's free guest address space below "
			   "0x%" PRIx64 ": its largest free range is 0x%" PRIx64
			   " bytes, 0x%" PRIx64 " bytes free in all",
			   sys->cells[ci].name, what, size, limit, largest,
			   total);
	return ok;
}

/* A Linux cell's PCI memory window is a 32-bit one (celldt_dev.c). */
#define PCI_WINDOW_TOP 0x100000000ull

void place_guest(struct m_system *sys, const struct board *b)
{
	uint64_t limit = guest_addr_limit(b);
	char what[WHAT_LEN];
	uint32_t i, k;

	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];

		if (!c->window_placed || !c->is_linux || !c->pci_ecam ||
		    c->pci_mmio_size == 0)
			continue;
		struct guest_want w = { c->pci_mmio_size,
					place_channel_align(c->pci_mmio_size),
					PLACE_GUEST_FIRST, limit < PCI_WINDOW_TOP ?
					limit : PCI_WINDOW_TOP };

		if (!guest_fit(sys, b, i, &w, &c->pci_mmio, c->window_size_loc,
			       "the PCI memory window"))
			c->pci_mmio_size = 0;
	}
	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];

		for (k = 0; k < c->num_regions; k++) {
			struct m_region *r = &c->regions[k];
			struct guest_want w = { r->size,
						place_region_align(r->size),
						PLACE_GUEST_FIRST, limit };

			if (!r->ipa_placed || r->malformed || r->size == 0)
				continue;
			snprintf(what, sizeof(what), "memory region '%s'",
				 r->name);
			if (!guest_fit(sys, b, i, &w, &r->ipa, r->size_loc,
				       what))
				r->malformed = 1;
		}
	}
}

void place_peer_guest(struct m_system *sys, const struct board *b,
		      struct m_peer *p, const struct m_channel *ch)
{
	uint32_t ci = (uint32_t)p->cell;
	uint64_t limit = guest_addr_limit(b);
	char what[WHAT_LEN];

	if (!p->has_ipa && !ch->pa_placed)
		p->ipa = ch->pa;	/* identity, as written */
	if (!p->has_ipa && ch->pa_placed && !ch->malformed) {
		struct guest_want w = { ch->size, place_channel_align(ch->size),
					PLACE_GUEST_FIRST, limit };

		snprintf(what, sizeof(what), "the memory of channel '%s'",
			 ch->name);
		p->ipa_placed = guest_fit(sys, b, ci, &w, &p->ipa, p->loc,
					  what);
	}
	if (!p->has_regs && (p->ipa || !ch->pa_placed)) {
		struct guest_want w = { PAGE, PAGE,
					p->ipa + align_up(ch->size, PAGE), limit };

		snprintf(what, sizeof(what), "the register page of channel "
			 "'%s'", ch->name);
		if (!guest_fit(sys, b, ci, &w, &p->regs_ipa, p->loc, what))
			p->regs_ipa = 0;
	}
}
