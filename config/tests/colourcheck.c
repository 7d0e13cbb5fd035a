/*
 * An independent check of a coloured system's layout, from the blob the
 * hypervisor loads (not from the tool's placement code): every page of a
 * coloured cell has one of its colours, no physical page belongs to two
 * cells, and two cells use a common colour only if both asked for it (an
 * uncoloured cell may use every colour but asks for none: beside a
 * coloured cell it fails the last check, as it shares the cache).
 *
 *   septum-colourcheck BLOB      check it: TEST colourcheck.<check> lines
 *   septum-colourcheck --wrong BLOB
 *                                check that the checks fail on wrong
 *                                layouts made from BLOB (a page moved to a
 *                                colour its cell did not ask for, a page
 *                                given to two cells, a cell made
 *                                uncoloured), each failing (among
 *                                others) the check meant to catch it
 * Exit status 0 when every TEST line says PASS.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <septum/blob.h>
#include <septum/crc32.h>

#define PAGE SEPTUM_PAGE_SIZE

/* A piece of a cell's RAM, as the hypervisor maps it. */
struct piece {
	uint64_t pa, size;
	uint32_t cell;
};

struct layout {
	struct piece *p;
	size_t n;
	uint64_t used[SEPTUM_MAX_CELLS];	/* colours each cell's pages have */
};

static uint64_t asked(const struct septum_config *cfg, uint32_t cell)
{
	return cfg->cells[cell].colours ? cfg->cells[cell].colours : ~0ull;
}

static const struct septum_run *runs_of(const struct septum_config *cfg,
					const struct septum_cell *c)
{
	return (const void *)((const uint8_t *)cfg + c->runs_offset);
}

static void add(struct layout *l, uint64_t pa, uint64_t size, uint32_t cell)
{
	l->p = realloc(l->p, (l->n + 1) * sizeof(*l->p));
	if (!l->p)
		exit(2);
	l->p[l->n++] = (struct piece){ pa, size, cell };
}

static void collect(const struct septum_config *cfg, struct layout *l)
{
	for (uint32_t i = 0; i < cfg->header.num_cells; i++) {
		const struct septum_cell *c = &cfg->cells[i];

		for (uint32_t k = 0; c->colours && k < c->num_runs; k++)
			add(l, runs_of(cfg, c)[k].pa, runs_of(cfg, c)[k].size, i);
		for (uint32_t k = 0; !c->colours && k < c->num_regions; k++)
			add(l, c->regions[k].pa, c->regions[k].size, i);
	}
}

/* Pages of coloured cells outside their colours; fills l->used. */
static unsigned long wrong_colour_pages(const struct septum_config *cfg,
					struct layout *l)
{
	unsigned long bad = 0;
	uint32_t n = cfg->llc.colours;

	for (size_t i = 0; i < l->n; i++) {
		for (uint64_t at = l->p[i].pa; at < l->p[i].pa + l->p[i].size;
		     at += PAGE) {
			uint32_t colour = (uint32_t)(at / PAGE % n);

			l->used[l->p[i].cell] |= 1ull << colour;
			bad += !((asked(cfg, l->p[i].cell) >> colour) & 1u);
		}
	}
	return bad;
}

static int piece_cmp(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;

	return x->pa < y->pa ? -1 : x->pa > y->pa;
}

/* Pieces of two cells that overlap. */
static unsigned long shared_pages(struct layout *l)
{
	unsigned long bad = 0;

	qsort(l->p, l->n, sizeof(*l->p), piece_cmp);
	for (size_t i = 1; i < l->n; i++)
		bad += l->p[i].pa < l->p[i - 1].pa + l->p[i - 1].size;
	return bad;
}

/* Pairs of cells using a colour that one of them did not ask for. */
static unsigned long shared_colours(const struct septum_config *cfg,
				    const struct layout *l)
{
	unsigned long bad = 0;

	for (uint32_t i = 0; i < cfg->header.num_cells; i++) {
		for (uint32_t k = 0; k < i; k++) {
			uint64_t both = l->used[i] & l->used[k];

			bad += (both & ~(cfg->cells[i].colours &
					 cfg->cells[k].colours)) != 0;
		}
	}
	return bad;
}

#define BAD_BLOB 1
#define BAD_COLOUR 2
#define BAD_PAGE 4
#define BAD_SHARED 8

/* The checks that fail (BAD_*); 0: the layout is right. */
static int check(const struct septum_config *cfg, size_t len, int quiet)
{
	struct layout l = { 0 };
	struct blob_fault why;
	unsigned long colour, pages, pairs;
	int coloured = 0, failed;

	/*
	 * The hypervisor's verifier refuses memory given twice as well; this
	 * check finds such pages by itself, so that refusal is not the end.
	 */
	if ((blob_verify(cfg, len, &why) != E_OK &&
	     why.check != BLOB_ERR_CELL_OVERLAP) || cfg->llc.colours == 0) {
		if (!quiet)
			printf("TEST colourcheck.blob_is_coloured FAIL\n");
		return BAD_BLOB;
	}
	for (uint32_t i = 0; i < cfg->header.num_cells; i++)
		coloured |= cfg->cells[i].colours != 0;
	collect(cfg, &l);
	colour = wrong_colour_pages(cfg, &l);
	pages = shared_pages(&l);
	pairs = shared_colours(cfg, &l);
	free(l.p);
	failed = (!coloured ? BAD_BLOB : 0) | (colour ? BAD_COLOUR : 0) |
		 (pages ? BAD_PAGE : 0) | (pairs ? BAD_SHARED : 0);
	if (!quiet) {
		printf("TEST colourcheck.blob_is_coloured %s\n",
		       coloured ? "PASS" : "FAIL");
		printf("TEST colourcheck.pages_have_their_cells_colours %s "
		       "(%lu wrong)\n", colour ? "FAIL" : "PASS", colour);
		printf("TEST colourcheck.no_page_in_two_cells %s (%lu shared)\n",
		       pages ? "FAIL" : "PASS", pages);
		printf("TEST colourcheck.colours_shared_only_when_asked %s "
		       "(%lu pairs)\n", pairs ? "FAIL" : "PASS", pairs);
	}
	return failed;
}

static void fix_crc(struct septum_config *cfg)
{
	static const uint8_t zero[4];
	const uint8_t *p = (const uint8_t *)cfg;
	uint32_t crc = crc32_update(0, p, 8);

	crc = crc32_update(crc, zero, sizeof(zero));
	cfg->header.crc32 = crc32_update(crc, p + 12, sizeof(*cfg) - 12);
}

/* The first coloured cell's first run, made one page long. */
static struct septum_run *first_run(struct septum_config *cfg, uint32_t *cell)
{
	for (uint32_t i = 0; i < cfg->header.num_cells; i++) {
		struct septum_cell *c = &cfg->cells[i];

		if (c->colours) {
			*cell = i;
			return (struct septum_run *)(void *)((uint8_t *)cfg +
							     c->runs_offset);
		}
	}
	return NULL;
}

/* A page whose colour is not in `mask`, next to `pa`. */
static uint64_t page_not_in(const struct septum_config *cfg, uint64_t at,
			    uint64_t mask)
{
	while ((mask >> (at / PAGE % cfg->llc.colours)) & 1u)
		at += PAGE;
	return at;
}

/* Wrong layout `how` made from a copy of the blob: the checks it fails. */
static int refused(const void *blob, size_t len, int how)
{
	struct septum_config *cfg = malloc(len);
	struct septum_run *r;
	uint32_t cell = 0, other;
	int result;

	if (!cfg)
		exit(2);
	memcpy(cfg, blob, len);
	r = first_run(cfg, &cell);
	other = (cell + 1) % cfg->header.num_cells;
	if (!r || cfg->header.num_cells < 2)
		exit(2);
	if (how == 0) {		/* a page of a colour its cell did not ask for */
		r->pa = page_not_in(cfg, r->pa, cfg->cells[cell].colours);
	} else if (how == 1) {	/* a page given to two cells */
		const struct septum_cell *o = &cfg->cells[other];

		r->pa = o->colours ? runs_of(cfg, o)[0].pa : o->regions[0].pa;
	} else {		/* a cell uncoloured: all colours, contiguous */
		struct septum_cell *o = &cfg->cells[other];

		o->colours = 0;
		o->runs_offset = 0;
		o->num_runs = 0;
		o->regions[0].pa = cfg->hyp.mem_pa;	/* a place nobody has */
		o->num_regions = 1;
	}
	fix_crc(cfg);
	result = check(cfg, len, 1);
	free(cfg);
	return result;
}

int main(int argc, char **argv)
{
	static const char *const wrong[] = { "page_of_another_colour",
					     "page_in_two_cells",
					     "uncoloured_cell_beside_coloured" };
	static const int caught_by[] = { BAD_COLOUR, BAD_PAGE, BAD_SHARED };
	int wrong_mode = argc == 3 && strcmp(argv[1], "--wrong") == 0;
	const char *path = argv[argc - 1];
	void *blob;
	long len;
	int failed = 0;
	FILE *f;

	if (argc != 2 && !wrong_mode) {
		fprintf(stderr, "usage: septum-colourcheck [--wrong] BLOB\n");
		return 2;
	}
	f = fopen(path, "rb");
	if (!f || fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) <= 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(blob = aligned_alloc(8,
		(size_t)(len + 7) / 8 * 8)) ||
	    fread(blob, 1, (size_t)len, f) != (size_t)len) {
		fprintf(stderr, "septum-colourcheck: cannot read %s\n", path);
		return 2;
	}
	fclose(f);
	if (!wrong_mode)
		return check(blob, (size_t)len, 0);
	for (int how = 0; how < 3; how++) {
		int ok = (refused(blob, (size_t)len, how) & caught_by[how]) != 0;

		printf("TEST colourcheck.refuses_%s %s\n", wrong[how],
		       ok ? "PASS" : "FAIL");
		failed |= !ok;
	}
	return failed;
}
