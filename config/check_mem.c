/*
 * Ownership checks on the physical address space: RAM given to the hypervisor,
 * cells and channels must be inside board RAM, page-aligned and disjoint; MMIO
 * pages passed through must not be shared between owners.  Each owner is
 * collected as a "claim" and claims are compared pairwise.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "colour.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE
#define MAX_CLAIMS 1024u
#define WHAT_LEN 640u

struct claim {
	char what[WHAT_LEN];
	struct loc loc;
	uint64_t base, size;
	int owner;		/* cell index, -1 hypervisor, -2-i channel i */
};

struct claims {
	uint32_t n;
	struct claim c[MAX_CLAIMS];
};

static struct claims claims;

static void claim(struct loc loc, uint64_t base, uint64_t size, int owner,
		  const char *what)
{
	struct claim *c;

	if (claims.n == MAX_CLAIMS || size == 0 || base + size - 1u < base)
		return;
	c = &claims.c[claims.n++];
	snprintf(c->what, sizeof(c->what), "%s", what);
	c->loc = loc;
	c->base = base;
	c->size = size;
	c->owner = owner;
}

/* Report each overlap once, at the claim written later in the file. */
static void report_overlaps(int same_owner_too, const char *verb)
{
	uint32_t i, k;

	for (i = 0; i < claims.n; i++) {
		for (k = i + 1; k < claims.n; k++) {
			const struct claim *a = &claims.c[i], *b = &claims.c[k];

			if (!ranges_overlap(a->base, a->size, b->base, b->size))
				continue;
			if (a->owner == b->owner && !same_owner_too)
				continue;
			if (b->loc.line < a->loc.line) {
				const struct claim *t = a;

				a = b;
				b = t;
			}
			diag_error(b->loc, "%s [0x%" PRIx64 "-0x%" PRIx64
				   ") %s %s", b->what, b->base,
				   b->base + b->size, verb, a->what);
		}
	}
}

static int in_ram(const struct board *b, uint64_t base, uint64_t size)
{
	uint32_t i;

	for (i = 0; i < b->num_ram; i++) {
		if (range_within(base, size, b->ram[i].base, b->ram[i].size))
			return 1;
	}
	return 0;
}

/*
 * Common rules for any RAM range: non-zero, aligned, no wrap, in board RAM.
 * Each is reported at the property at fault: `at_base` or `at_size`.
 */
static int check_ram_range(const struct board *b, struct loc at_base,
			   struct loc at_size, const char *what, uint64_t base,
			   uint64_t size)
{
	if (size == 0) {
		diag_error(at_size, "%s has size 0", what);
		return 0;
	}
	if (base + size - 1u < base) {
		diag_error(at_size, "%s wraps around the end of the address "
			   "space", what);
		return 0;
	}
	if ((base | size) & (PAGE - 1u)) {
		int bad_base = (base & (PAGE - 1u)) != 0;

		diag_error(bad_base ? at_base : at_size, "%s [0x%" PRIx64
			   "-0x%" PRIx64 ") is not aligned to 4 KiB pages: its "
			   "%s is not a multiple of 0x1000", what, base,
			   base + size, bad_base ? "base" : "size");
		return 0;
	}
	if (!in_ram(b, base, size)) {
		diag_error(at_base, "%s [0x%" PRIx64 "-0x%" PRIx64 ") is not "
			   "inside the board's RAM", what, base, base + size);
		return 0;
	}
	return 1;
}

static void claim_cells_ram(const struct m_system *sys, const struct board *b)
{
	uint32_t i, k;
	char what[WHAT_LEN];

	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		for (k = 0; k < c->num_regions; k++) {
			const struct m_region *r = &c->regions[k];

			snprintf(what, sizeof(what), "memory region '%s' of "
				 "cell '%s'", r->name, c->name);
			/* A coloured cell's pages are placed by colour.c. */
			if (!r->malformed && !c->coloured &&
			    check_ram_range(b, r->pa_loc, r->size_loc, what, r->pa,
					    r->size))
				claim(r->loc, r->pa, r->size, (int)i, what);
		}
	}
}

static void claim_channels_ram(const struct m_system *sys,
			       const struct board *b)
{
	uint32_t i;
	char what[WHAT_LEN];

	for (i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		snprintf(what, sizeof(what), "the memory of channel '%s'",
			 ch->name);
		if (!ch->malformed &&
		    check_ram_range(b, ch->pa_loc, ch->size_loc, what, ch->pa,
				    ch->size))
			claim(ch->pa_loc, ch->pa, ch->size, -2 - (int)i, what);
	}
}

void check_memory(const struct m_system *sys, const struct board *board)
{
	claims.n = 0;
	if (board->num_ram == 0) {
		diag_error(sys->board_loc, "the board device tree gives no RAM "
			   "size; list it in the system's board-memory");
		return;
	}
	if (!sys->hyp_malformed &&
	    check_ram_range(board, sys->hyp_mem_loc, sys->hyp_size_loc,
			    "the hypervisor's memory", sys->hyp_pa,
			    sys->hyp_size))
		claim(sys->hyp_mem_loc, sys->hyp_pa, sys->hyp_size, -1,
		      "the hypervisor's memory");
	claim_cells_ram(sys, board);
	claim_channels_ram(sys, board);
	report_overlaps(1, "overlaps");
}

/* The device at `node` was given to an earlier cell (reported elsewhere). */
static int owned_before(const struct m_system *sys, uint32_t ci, int node)
{
	uint32_t i, k;

	for (i = 0; i < ci; i++) {
		for (k = 0; k < sys->cells[i].num_devices; k++) {
			const struct m_device *d = &sys->cells[i].devices[k];

			if (d->found && d->dev.node == node)
				return 1;
		}
	}
	return 0;
}

static void claim_device_pages(const struct m_system *sys,
			       const struct board *b, uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	char what[WHAT_LEN];
	uint32_t k, r;

	for (k = 0; k < c->num_devices; k++) {
		const struct m_device *d = &c->devices[k];

		if (!d->found || d->dev.node == sys->uart_node ||
		    board_is_gic(b, d->dev.node) ||
		    owned_before(sys, ci, d->dev.node))
			continue;
		snprintf(what, sizeof(what), "device '%s' of cell '%s'", d->ref,
			 c->name);
		for (r = 0; r < d->dev.num_mmio; r++) {
			uint64_t base = align_down(d->dev.mmio[r].base, PAGE);
			uint64_t end = align_up(d->dev.mmio[r].base +
						d->dev.mmio[r].size, PAGE);

			claim(d->loc, base, end - base, (int)ci, what);
		}
	}
}

void check_mmio(const struct m_system *sys, const struct board *board)
{
	uint32_t i;

	claims.n = 0;
	for (i = 0; i < sys->uart.num_mmio; i++) {
		uint64_t base = align_down(sys->uart.mmio[i].base, PAGE);

		claim(sys->uart_loc, base,
		      align_up(sys->uart.mmio[i].base + sys->uart.mmio[i].size,
			       PAGE) - base,
		      -1, "the hypervisor console");
	}
	for (i = 0; i < sys->num_cells; i++)
		claim_device_pages(sys, board, i);
	report_overlaps(0, "shares a 4 KiB page with");
}

static void print_size(char *buf, size_t len, uint64_t bytes)
{
	if (bytes >= 0x100000u)
		snprintf(buf, len, "%" PRIu64 " MiB", (bytes + 0xfffffu) >> 20);
	else
		snprintf(buf, len, "%" PRIu64 " KiB", (bytes + 0x3ffu) >> 10);
}

void check_hyp_image(const struct m_system *sys, const struct board *b,
		     uint64_t load, uint64_t image_size, uint64_t blob_size)
{
	uint64_t end = sys->hyp_pa + sys->hyp_size;
	uint64_t need = image_size + align_up(blob_size, PAGE);
	char hyp[32], blob[32];

	if (sys->hyp_malformed || end < sys->hyp_pa)
		return;
	if (load < sys->hyp_pa || load >= end) {
		diag_error(sys->hyp_mem_loc, "the hypervisor's memory [0x%"
			   PRIx64 "-0x%" PRIx64 ") does not hold the address "
			   "0x%" PRIx64 " where this board loads the "
			   "hypervisor's image", sys->hyp_pa, end, load);
		return;
	}
	if (need <= end - load) {
		colour_check_hyp(sys, b, load + need, image_size);
		return;
	}
	print_size(hyp, sizeof(hyp), image_size);
	print_size(blob, sizeof(blob), blob_size);
	diag_error(sys->hyp_size_loc, "the hypervisor's memory [0x%" PRIx64
		   "-0x%" PRIx64 ") is too small for the hypervisor's image "
		   "(%s) and the partition table with the cells' images (%s) "
		   "from 0x%" PRIx64 ": size must be at least 0x%" PRIx64,
		   sys->hyp_pa, end, hyp, blob, load,
		   align_up(load - sys->hyp_pa + need, PAGE));
}
