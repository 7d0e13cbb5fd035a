/*
 * Unit tests of the check of a cache-coloured hypervisor (core/hypcolour.c):
 * pages of its colours pass and the line says so, a page of another colour
 * (a wrong layout) fails it and is named, the partition table's pages do
 * not count, and the cells sharing its colours are named with whether they
 * asked for them.
 */
#include <septum/hypcolour.h>
#include <septum/test.h>
#include <string.h>

#define PAGE SEPTUM_PAGE_SIZE
#define BASE 0x40000000ull	/* colour 0 of 16 */
#define HYP_COLOURS 0xc000ull	/* 14 and 15 */

static struct septum_config cfg;
static char line[256];

/* A config with a cell of `colours` (0: uncoloured) named `name`. */
static void one_cell(const char *name, uint64_t colours)
{
	memset(&cfg, 0, sizeof(cfg));
	cfg.header.num_cells = 1;
	strcpy(cfg.cells[0].name, name);
	cfg.cells[0].colours = colours;
}

/* Pages of colours 14 and 15 of `n` ways: image, tables, state. */
static void good_layout(struct hypcolour_tally *t, unsigned int n)
{
	hypcolour_tally_init(t, HYP_COLOURS, 16);
	for (unsigned int w = 0; w < n; w++) {
		uint64_t way = BASE + (uint64_t)w * 16 * PAGE;

		hypcolour_tally_page(t, pa(way + 14 * PAGE), OWN_IMAGE);
		hypcolour_tally_page(t, pa(way + 15 * PAGE),
				     w % 2 ? OWN_TABLES : OWN_STATE);
	}
}

TEST(hypcolour, pages_of_its_colours_pass)
{
	struct hypcolour_tally t;

	one_cell("rt", 0xf);
	good_layout(&t, 8);
	EXPECT(hypcolour_verdict(&t, &cfg, line, sizeof(line)));
	EXPECT(strstr(line, "16 pages (image 8, tables 4, state 4), all of "
			    "its cache colours 14-15") != NULL);
	EXPECT(strstr(line, "no cell has its colours") != NULL);
}

TEST(hypcolour, a_page_of_another_colour_fails)
{
	struct hypcolour_tally t;

	one_cell("rt", 0xf);
	good_layout(&t, 4);
	/* A wrong layout: one table page on colour 3, a cell's colour. */
	hypcolour_tally_page(&t, pa(BASE + 16 * PAGE + 3 * PAGE), OWN_TABLES);
	EXPECT(!hypcolour_verdict(&t, &cfg, line, sizeof(line)));
	EXPECT(strstr(line, "1 of its 9 pages are not of its cache colours "
			    "14-15, the first at PA 0x40013000 (tables), "
			    "colour 3") != NULL);
}

TEST(hypcolour, the_partition_table_does_not_count)
{
	struct hypcolour_tally t;

	one_cell("rt", 0xf);
	good_layout(&t, 2);
	for (unsigned int i = 0; i < 16; i++)
		hypcolour_tally_page(&t, pa(BASE + i * PAGE), OWN_CONFIG);
	EXPECT(hypcolour_verdict(&t, &cfg, line, sizeof(line)));
	EXPECT(strstr(line, "partition table 16 pages, not moved") != NULL);
}

TEST(hypcolour, cells_sharing_its_colours_are_named)
{
	struct hypcolour_tally t;

	one_cell("rt", 0x800f);		/* asked for 15 too */
	cfg.header.num_cells = 2;
	strcpy(cfg.cells[1].name, "plain");	/* uncoloured: every colour */
	good_layout(&t, 2);
	EXPECT(hypcolour_verdict(&t, &cfg, line, sizeof(line)));
	EXPECT(strstr(line, "its colours shared with rt (both asked), plain "
			    "(uncoloured)") != NULL);
}
