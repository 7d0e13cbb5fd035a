/*
 * Checks of each cell's guest-physical address space: what the config puts
 * there (memory regions, passed-through devices, channels) against what
 * Septum places there (the virtual interrupt controller, the console, the
 * channels' register pages, the virtual PCI host), the alignment of every
 * guest address a config can give, the cell's address size, and the
 * interrupts the cell sees.
 */
#include <inttypes.h>
#include <stdio.h>

#include "check.h"
#include "resolve.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE

/* One thing in a cell's guest-physical address space. */
struct gspan {
	char what[320];
	struct loc loc;
	uint64_t base, size;
	int is_region;
	int is_gic;	/* one of the GIC's frames: one overlap reported */
};

#define MAX_GSPANS 256u

static uint32_t add_span(struct gspan *s, uint32_t n, struct loc loc,
			 uint64_t base, uint64_t size, const char *what)
{
	if (n == MAX_GSPANS || size == 0 || base + size - 1u < base)
		return n;
	s[n] = (struct gspan){ .loc = loc, .base = base, .size = size };
	snprintf(s[n].what, sizeof(s[n].what), "%s", what);
	return n + 1;
}

static uint32_t collect_channel_spans(const struct m_system *sys, uint32_t ci,
				      struct gspan *s, uint32_t n)
{
	char what[320];
	uint32_t i, k;

	if (sys->cells[ci].is_linux)
		return n;	/* inside the PCI window: check_pci_window() */
	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (k = 0; k < ch->num_peers; k++) {
			const struct m_peer *p = &ch->peers[k];

			if (p->cell != (int)ci || ch->malformed)
				continue;
			snprintf(what, sizeof(what), "channel '%s'", ch->name);
			n = add_span(s, n, p->has_ipa ? p->ipa_loc : p->loc,
				     p->ipa, align_up(ch->size, PAGE), what);
			snprintf(what, sizeof(what), "the registers of channel "
				 "'%s'", ch->name);
			n = add_span(s, n, p->has_regs ? p->regs_loc : p->loc,
				     p->regs_ipa, PAGE, what);
		}
	}
	return n;
}

/* Where the cell finds its virtual GIC: where the board has the GIC. */
static uint32_t collect_gic_spans(const struct m_cell *c, const struct board *b,
				  struct gspan *s, uint32_t n)
{
	uint64_t base[2], size[2];
	const char *what[2];
	uint32_t k, frames = guest_gic_frames(b, base, size, what), first = n;

	for (k = 0; k < frames; k++)
		n = add_span(s, n, c->loc, base[k], size[k], what[k]);
	for (k = first; k < n; k++)
		s[k].is_gic = 1;
	return n;
}

static uint32_t collect_spans(const struct m_system *sys,
			      const struct board *b, uint32_t ci,
			      struct gspan *s)
{
	const struct m_cell *c = &sys->cells[ci];
	char what[320];
	uint32_t n = 0, k, r;

	for (k = 0; k < c->num_regions && k < MODEL_MAX; k++) {
		if (c->regions[k].malformed)
			continue;
		snprintf(what, sizeof(what), "memory region '%s'",
			 c->regions[k].name);
		n = add_span(s, n, c->regions[k].loc, c->regions[k].ipa,
			     c->regions[k].size, what);
		s[n ? n - 1 : 0].is_region = 1;
	}
	for (k = 0; k < c->num_devices; k++) {
		const struct m_device *d = &c->devices[k];

		if (d->dev.node == sys->uart_node ||
		    board_is_gic(b, d->dev.node))
			continue;	/* reported as a device error */
		snprintf(what, sizeof(what), "device '%s'", d->ref);
		for (r = 0; d->found && r < d->dev.num_mmio; r++)
			n = add_span(s, n, d->loc,
				     align_down(d->dev.mmio[r].base, PAGE),
				     align_up(d->dev.mmio[r].size, PAGE), what);
	}
	n = collect_gic_spans(c, b, s, n);
	n = add_span(s, n, c->vuart_loc, c->vuart_ipa,
		     c->no_console || !septum_vuart_is_mmio(c->vuart_kind) ? 0
									  : PAGE,
		     "the virtual console");
	n = add_span(s, n, c->ecam_loc, c->pci_ecam,
		     c->pci_ecam ? PCI_ECAM_SIZE : 0, "the PCI ECAM window");
	n = add_span(s, n, c->window_loc, c->pci_mmio, c->pci_mmio_size,
		     "the PCI memory window");
	return collect_channel_spans(sys, ci, s, n);
}

/* Which of two spans to report: the one written later in the file (what
 * Septum places, with the cell's line, is never the one blamed when the
 * other is the user's). */
static int later(const struct gspan *a, const struct gspan *b)
{
	return b->loc.line >= a->loc.line;
}

static void report_overlap(const struct m_cell *c, const struct gspan *a,
			   const struct gspan *b)
{
	if (!later(a, b)) {
		const struct gspan *t = a;

		a = b;
		b = t;
	}
	diag_error(b->loc, "cell '%s': %s at 0x%" PRIx64 " overlaps %s "
		   "[0x%" PRIx64 "-0x%" PRIx64 ") in the cell's address space",
		   c->name, b->what, b->base, a->what, a->base,
		   a->base + a->size);
}

static void check_address_size(const struct m_cell *c, const struct board *b,
			       const struct gspan *s)
{
	uint64_t limit = guest_addr_limit(b);

	if (s->base >= limit || s->size > limit - s->base)
		diag_error(s->loc, "cell '%s': %s [0x%" PRIx64 "-0x%" PRIx64
			   ") does not fit in the cell's guest address space, "
			   "which ends at 0x%" PRIx64 " (%u bits)", c->name,
			   s->what, s->base, s->base + s->size, limit,
			   (unsigned int)__builtin_ctzll(limit));
}

static void check_guest_space(const struct m_system *sys,
			      const struct board *b, uint32_t ci)
{
	static struct gspan s[MAX_GSPANS];
	uint32_t n = collect_spans(sys, b, ci, s), i, k;

	for (i = 0; i < n; i++) {
		int gic_done = 0;

		check_address_size(&sys->cells[ci], b, &s[i]);
		for (k = i + 1; k < n; k++) {
			if ((s[i].is_region && s[k].is_region) ||
			    (s[k].is_gic && gic_done) ||
			    !ranges_overlap(s[i].base, s[i].size, s[k].base,
					    s[k].size))
				continue;	/* regions: check_regions() */
			report_overlap(&sys->cells[ci], &s[i], &s[k]);
			gic_done |= s[k].is_gic;
		}
	}
}

static void check_pci_host(const struct m_cell *c)
{
	if (c->pci_ecam & (PCI_ECAM_SIZE - 1u))
		diag_error(c->ecam_loc, "cell '%s': the PCI ECAM window at "
			   "0x%" PRIx64 " is not aligned to its size (1 MiB)",
			   c->name, c->pci_ecam);
	if (c->pci_mmio & (PAGE - 1u))
		diag_error(c->window_loc, "cell '%s': the PCI memory window at "
			   "0x%" PRIx64 " is not aligned to a 4 KiB page",
			   c->name, c->pci_mmio);
	if (c->pci_mmio_size & (PAGE - 1u))
		diag_error(c->window_size_loc, "cell '%s': the PCI memory "
			   "window's size 0x%" PRIx64 " is not a multiple of "
			   "4 KiB", c->name, c->pci_mmio_size);
}

/* A Linux cell's channels are BARs placed from the start of its window. */
static void check_pci_window(const struct m_system *sys, uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	uint64_t end = c->pci_mmio + c->pci_mmio_size;
	uint32_t i, k;

	if (!c->is_linux || c->pci_mmio_size == 0 || end < c->pci_mmio)
		return;
	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (k = 0; k < ch->num_peers; k++) {
			const struct m_peer *p = &ch->peers[k];

			if (p->cell != (int)ci || ch->malformed ||
			    (p->regs_ipa + PAGE <= end && p->regs_ipa >= p->ipa))
				continue;
			diag_error(c->window_size_loc, "cell '%s': channel '%s' "
				   "(0x%" PRIx64 " bytes and a register page) "
				   "does not fit in the PCI memory window "
				   "[0x%" PRIx64 "-0x%" PRIx64 ")", c->name,
				   ch->name, ch->size, c->pci_mmio, end);
		}
	}
}

static void check_peer_addresses(const struct m_system *sys)
{
	uint32_t i, k;

	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (k = 0; k < ch->num_peers; k++) {
			const struct m_peer *p = &ch->peers[k];

			if (p->cell < 0 || sys->cells[p->cell].is_linux)
				continue;	/* placed by the tool */
			if (p->has_ipa && (p->ipa & (PAGE - 1u)))
				diag_error(p->ipa_loc, "channel '%s': the "
					   "guest-base 0x%" PRIx64 " of peer "
					   "'%s' is not aligned to a 4 KiB page",
					   ch->name, p->ipa, p->name);
			if (p->has_regs && (p->regs_ipa & (PAGE - 1u)))
				diag_error(p->regs_loc, "channel '%s': the "
					   "registers 0x%" PRIx64 " of peer '%s' "
					   "are not aligned to a 4 KiB page",
					   ch->name, p->regs_ipa, p->name);
		}
	}
}

/* A doorbell interrupt written twice in one cell: two channels' doorbells
 * would be one line to the guest. */
static void check_doorbells_once(const struct m_system *sys)
{
	uint32_t i, k, j, m;

	for (i = 0; i < sys->num_channels; i++) {
		for (k = 0; k < sys->channels[i].num_peers; k++) {
			const struct m_peer *p = &sys->channels[i].peers[k];

			for (j = 0; p->cell >= 0 && j <= i; j++) {
				const struct m_channel *o = &sys->channels[j];

				for (m = 0; m < o->num_peers; m++) {
					const struct m_peer *q = &o->peers[m];

					if ((j == i && m >= k) || q->cell != p->cell ||
					    q->vintid != p->vintid)
						continue;
					diag_error(p->vintid_given ? p->vintid_loc
								   : p->loc,
						   "channel '%s': the doorbell "
						   "interrupt of peer '%s' "
						   "(INTID %u) is also the "
						   "doorbell of channel '%s' "
						   "in that cell",
						   sys->channels[i].name,
						   p->name, p->vintid, o->name);
				}
			}
		}
	}
}

void check_guest(const struct m_system *sys, const struct board *board)
{
	uint32_t i;

	for (i = 0; i < sys->num_cells; i++) {
		check_guest_space(sys, board, i);
		check_pci_host(&sys->cells[i]);
		check_pci_window(sys, i);
	}
	check_peer_addresses(sys);
	check_doorbells_once(sys);
}
