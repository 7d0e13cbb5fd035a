/* Cache colouring: checks and page placement; see colour.h. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "colour.h"
#include "spans.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE
/* A coloured cell's RAM at most: its runs go in the blob, a page each at
 * worst (24 bytes per 4 KiB). */
#define MAX_COLOURED_BYTES (4ull << 30)
#define LIST_LEN 160u

/* The memory with a fixed place: the hypervisor's, uncoloured cells',
 * channels', and what the board reserves for itself. */
static void fixed_taken(const struct m_system *sys, const struct board *b,
			struct spans *t)
{
	uint32_t i, k;

	if (!sys->hyp_malformed)
		spans_add(t, sys->hyp_pa, sys->hyp_size);
	for (i = 0; i < b->num_reserved; i++)
		spans_add(t, b->reserved[i].base, b->reserved[i].size);
	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		for (k = 0; !c->coloured && k < c->num_regions; k++) {
			if (!c->regions[k].malformed)
				spans_add(t, c->regions[k].pa, c->regions[k].size);
		}
	}
	for (i = 0; i < sys->num_channels; i++) {
		if (!sys->channels[i].malformed)
			spans_add(t, sys->channels[i].pa, sys->channels[i].size);
	}
	spans_sort(t);
}

/* Frames x in [0, m) with x % n == c. */
static uint64_t frames_upto(uint64_t m, uint32_t n, uint32_t c)
{
	return m > c ? (m - c - 1u) / n + 1u : 0;
}

static int has_colour(uint64_t mask, uint64_t colour)
{
	return colour < 64u && ((mask >> colour) & 1u);
}

/* Free frames of the colours of `mask` in one bank. */
static uint64_t bank_supply(const struct board *b, const struct spans *taken,
			    const struct board_range *bank, uint64_t mask)
{
	struct spans_walk_state w;
	uint64_t lo, hi, total = 0;
	uint32_t c;

	spans_walk(&w, taken, bank->base, bank->size);
	while (spans_next_free(&w, &lo, &hi)) {
		for (c = 0; c < b->llc_colours; c++) {
			if (has_colour(mask, c))
				total += frames_upto(hi, b->llc_colours, c) -
					 frames_upto(lo, b->llc_colours, c);
		}
	}
	return total;
}

/* Where the next page goes: region `k`, `off` bytes in. */
struct fill {
	uint32_t k;
	uint64_t off;
};

/* Give the page at `pa` to the cell's next guest page. */
static void add_page(struct m_cell *c, struct fill *f, uint64_t pa)
{
	const struct m_region *r = &c->regions[f->k];
	struct septum_run *last = c->num_runs ? &c->runs[c->num_runs - 1] : NULL;
	uint64_t at = r->ipa + f->off;

	if (last && last->pa + last->size == pa && last->ipa + last->size == at) {
		last->size += PAGE;
	} else {
		c->runs = xrealloc(c->runs, (c->num_runs + 1) * sizeof(*c->runs));
		c->runs[c->num_runs++] = (struct septum_run){ pa, at, PAGE };
	}
	f->off += PAGE;
	while (f->k < c->num_regions && f->off == c->regions[f->k].size) {
		f->k++;
		f->off = 0;
	}
}

static int run_cmp(const void *a, const void *b)
{
	const struct septum_run *x = a, *y = b;

	return x->ipa < y->ipa ? -1 : x->ipa > y->ipa;
}

/* Take the cell's pages from the bank, lowest first. */
static void take_pages(struct m_cell *c, const struct board *b,
		       const struct spans *taken,
		       const struct board_range *bank, uint64_t need)
{
	struct fill f = { 0, 0 };
	struct spans_walk_state w;
	uint64_t lo, hi, frame;

	spans_walk(&w, taken, bank->base, bank->size);
	while (need && spans_next_free(&w, &lo, &hi)) {
		for (frame = lo; need && frame < hi; frame++) {
			if (has_colour(c->colours, frame % b->llc_colours)) {
				add_page(c, &f, frame * PAGE);
				need--;
			}
		}
	}
	qsort(c->runs, c->num_runs, sizeof(*c->runs), run_cmp);
}

static uint64_t cell_bytes(const struct m_cell *c)
{
	uint64_t total = 0;
	uint32_t k;

	for (k = 0; k < c->num_regions; k++)
		total += c->regions[k].size;
	return total;
}

/* Place cell c's pages in the first bank with enough of its colours. */
static void place_cell(struct m_cell *c, const struct board *b,
		       struct spans *taken)
{
	uint64_t need = cell_bytes(c) / PAGE, best = 0;
	char list[LIST_LEN];
	uint32_t i;

	for (i = 0; i < b->num_ram; i++) {
		uint64_t have = bank_supply(b, taken, &b->ram[i], c->colours);

		if (have >= need) {
			take_pages(c, b, taken, &b->ram[i], need);
			for (i = 0; i < c->num_runs; i++)
				spans_add(taken, c->runs[i].pa, c->runs[i].size);
			spans_sort(taken);
			return;
		}
		best = have > best ? have : best;
	}
	colour_list_str(c->colours, list, sizeof(list));
	diag_error(c->colours_loc, "cell '%s' needs %" PRIu64 " pages (0x%"
		   PRIx64 " bytes) of cache colours %s, but the board RAM left "
		   "has %" PRIu64 " such pages (0x%" PRIx64 " bytes) in one bank "
		   "at most", c->name, need, need * PAGE, list, best, best * PAGE);
}

/* Regions a coloured cell's pages can fill: sized in pages, not too large. */
static int regions_ok(const struct m_cell *c)
{
	uint32_t k;
	int ok = 1, big = 0;

	for (k = 0; k < c->num_regions; k++) {
		const struct m_region *r = &c->regions[k];

		if (r->malformed) {
			ok = 0;
		} else if (r->size == 0 || r->size % PAGE) {
			diag_error(r->loc, "memory region '%s' of cell '%s' has "
				   "size 0x%" PRIx64 ": a coloured region is a "
				   "non-zero number of 4 KiB pages", r->name,
				   c->name, r->size);
			ok = 0;
		} else if (r->size > MAX_COLOURED_BYTES) {
			big = 1;
		}
	}
	if (ok && (big || cell_bytes(c) > MAX_COLOURED_BYTES)) {
		diag_error(c->colours_loc, "cell '%s' is coloured and has more "
			   "than 4 GiB of RAM, more than the tool places page "
			   "by page", c->name);
		ok = 0;
	}
	return ok && c->num_regions > 0;
}

/* Preloaded images need a contiguous place: a coloured cell has none. */
static int images_ok(const struct m_cell *c)
{
	uint32_t k;
	int ok = 1;

	for (k = 0; k < c->num_images; k++) {
		if (!c->images[k].preloaded)
			continue;
		diag_error(c->images[k].loc, "image '%s' of cell '%s' is "
			   "preloaded, but the cell is coloured: its pages are "
			   "scattered, so no loader can put the file in place; "
			   "let the blob carry it", c->images[k].name, c->name);
		ok = 0;
	}
	return ok;
}

/* The cell's colours exist on the board; sets c->colours.  0: not usable. */
static int colours_ok(struct m_cell *c, const struct board *b)
{
	uint32_t k;
	int ok = c->num_colour_list > 0;

	if (b->llc_colours == 0) {
		diag_error(c->colours_loc, "cell '%s' names cache colours, but "
			   "the board gives no cache geometry (no cache node with "
			   "cache-sets and cache-line-size in its device tree, "
			   "no LLC_WAY_SIZE in its board.mk)", c->name);
		return 0;
	}
	for (k = 0; k < c->num_colour_list; k++) {
		if (c->colour_list[k] < b->llc_colours) {
			c->colours |= 1ull << c->colour_list[k];
			continue;
		}
		diag_error(c->colours_loc, "cell '%s': cache colour %u does not "
			   "exist; the board's last-level cache has colours "
			   "0-%u", c->name, c->colour_list[k], b->llc_colours - 1);
		ok = 0;
	}
	return ok;
}

/* The hypervisor's colours exist on the board; sets sys->hyp_colours. */
static void hyp_colours_ok(struct m_system *sys, const struct board *b)
{
	uint32_t k;

	if (!sys->hyp_coloured || sys->num_hyp_colour_list == 0)
		return;
	if (b->llc_colours == 0) {
		diag_error(sys->hyp_colours_loc, "the hypervisor names cache "
			   "colours, but the board gives no cache geometry (no "
			   "cache node with cache-sets and cache-line-size in its "
			   "device tree, no LLC_WAY_SIZE in its board.mk)");
		return;
	}
	for (k = 0; k < sys->num_hyp_colour_list; k++) {
		uint32_t c = sys->hyp_colour_list[k];

		if (c < b->llc_colours) {
			sys->hyp_colours |= 1ull << c;
			continue;
		}
		diag_error(sys->hyp_colours_loc, "the hypervisor: cache colour "
			   "%u does not exist; the board's last-level cache has "
			   "colours 0-%u", c, b->llc_colours - 1);
		sys->hyp_colours = 0;
		return;
	}
}

/* A coloured cell sharing the hypervisor's colours: each evicts the other. */
static void warn_shared_hyp(const struct m_system *sys)
{
	char list[LIST_LEN];
	uint32_t i;

	for (i = 0; sys->hyp_colours && i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];
		uint64_t both = c->colours & sys->hyp_colours;

		if (!both)
			continue;
		colour_list_str(both, list, sizeof(list));
		diag_warning(c->colours_loc, "cell '%s' shares cache colours %s "
			     "with the hypervisor: each can evict the other's "
			     "lines from the last-level cache", c->name, list);
	}
}

/* Two coloured cells sharing colours evict each other's lines. */
static void warn_shared(const struct m_system *sys)
{
	char list[LIST_LEN];
	uint32_t i, k;

	warn_shared_hyp(sys);
	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		for (k = 0; c->colours && k < i; k++) {
			uint64_t both = c->colours & sys->cells[k].colours;

			if (!both)
				continue;
			colour_list_str(both, list, sizeof(list));
			diag_warning(c->colours_loc, "cells '%s' and '%s' share "
				     "cache colours %s: each can evict the "
				     "other's lines from the last-level cache",
				     sys->cells[k].name, c->name, list);
		}
	}
}

/* An uncoloured cell's RAM has every colour, a coloured cell's too. */
static void warn_uncoloured(const struct m_system *sys)
{
	uint32_t i;
	int any = 0;

	for (i = 0; i < sys->num_cells; i++)
		any |= sys->cells[i].colours != 0;
	for (i = 0; (any || sys->hyp_colours) && i < sys->num_cells; i++) {
		if (!sys->cells[i].coloured)
			diag_warning(sys->cells[i].loc, "cell '%s' is not "
				     "coloured: its RAM has every cache colour, "
				     "so it shares the last-level cache with "
				     "the coloured %s", sys->cells[i].name,
				     any ? "cells" : "hypervisor");
	}
}

void colour_place(struct m_system *sys, const struct board *b)
{
	struct spans taken = { NULL, 0 };
	uint32_t i;
	int usable[MODEL_MAX] = { 0 };

	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];

		if (!c->coloured)
			continue;
		usable[i] = colours_ok(c, b);
		usable[i] &= regions_ok(c);
		usable[i] &= images_ok(c);
	}
	hyp_colours_ok(sys, b);
	warn_shared(sys);
	warn_uncoloured(sys);
	fixed_taken(sys, b, &taken);
	for (i = 0; i < sys->num_cells; i++) {
		if (usable[i])
			place_cell(&sys->cells[i], b, &taken);
	}
	spans_free(&taken);
}

void colour_list_str(uint64_t mask, char *buf, size_t len)
{
	size_t used = 0;
	uint32_t c = 0, end;

	buf[0] = '\0';
	while (c < 64u) {
		if (!has_colour(mask, c)) {
			c++;
			continue;
		}
		for (end = c; end + 1u < 64u && has_colour(mask, end + 1u); end++)
			;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%u",
						 used ? ", " : "", c);
		if (end > c && used < len)
			used += (size_t)snprintf(buf + used, len - used, "-%u",
						 end);
		c = end + 1u;
	}
}

/*
 * Pages of the hypervisor's colours it needs besides its image's copies:
 * its own tables and, per cell, second-stage tables (one per 2 MiB of RAM,
 * pages when coloured) and virtual GIC state, with room to spare.  An
 * estimate: the hypervisor reports any shortfall at boot.
 */
static uint64_t hyp_state_pages(const struct m_system *sys)
{
	uint64_t pages = 32;
	uint32_t i, k;

	for (i = 0; i < sys->num_cells; i++) {
		const struct m_cell *c = &sys->cells[i];

		pages += 16;
		for (k = 0; k < c->num_regions; k++)
			pages += (c->regions[k].size + (2u << 20) - 1) >> 21;
	}
	return pages;
}

static uint64_t hyp_colour_pages(const struct m_system *sys, uint32_t n,
				 uint64_t from, uint64_t to)
{
	uint64_t total = 0;
	uint32_t c;

	for (c = 0; c < n; c++) {
		if (has_colour(sys->hyp_colours, c))
			total += frames_upto(to / PAGE, n, c) -
				 frames_upto(from / PAGE, n, c);
	}
	return total;
}

void colour_check_hyp(const struct m_system *sys, const struct board *b,
		      uint64_t free_from, uint64_t image_size)
{
	uint64_t end = sys->hyp_pa + sys->hyp_size, at = free_from;
	uint64_t need, have;
	char list[LIST_LEN];

	if (!sys->hyp_colours || sys->hyp_malformed || free_from > end)
		return;
	need = (image_size + PAGE - 1) / PAGE + hyp_state_pages(sys);
	have = hyp_colour_pages(sys, b->llc_colours, free_from, end);
	if (have >= need)
		return;
	while (hyp_colour_pages(sys, b->llc_colours, free_from, at) < need)
		at += (uint64_t)b->llc_colours * PAGE;
	colour_list_str(sys->hyp_colours, list, sizeof(list));
	diag_error(sys->hyp_size_loc, "the hypervisor's memory [0x%" PRIx64
		   "-0x%" PRIx64 ") has %" PRIu64 " pages of its cache colours "
		   "%s after its image and the partition table; it needs %"
		   PRIu64 " (its image copied to them, its and the cells' "
		   "tables and state): size must be at least 0x%" PRIx64,
		   sys->hyp_pa, end, have, list, need, at - sys->hyp_pa);
}
