/*
 * Unit tests of a cell's RAM as pieces (core/ram.c): an uncoloured cell's
 * regions, a coloured cell's runs, translation at every edge, and a write
 * that crosses runs landing page by page where the runs say.
 */
#include <septum/ram.h>
#include <septum/test.h>
#include <string.h>

#include <host/fake.h>

#define PAGE SEPTUM_PAGE_SIZE
#define RAM_PA 0x50000000u

/* Runs out of order in physical memory: guest page k is physical page 7-k
 * for the first four, then pages 8-11 as one run. */
static const struct septum_run test_runs[] = {
	{ RAM_PA + 7 * PAGE, 0x40000000, PAGE },
	{ RAM_PA + 6 * PAGE, 0x40001000, PAGE },
	{ RAM_PA + 5 * PAGE, 0x40002000, PAGE },
	{ RAM_PA + 4 * PAGE, 0x40003000, PAGE },
	{ RAM_PA + 8 * PAGE, 0x40004000, 4 * PAGE },
};

static uint8_t phys[12 * PAGE];
static struct {
	struct septum_run runs[5];
} payload;

static struct septum_cell coloured(void)
{
	struct septum_cell c = { .colours = 0x3, .num_runs = 5,
				 .num_regions = 1 };

	memcpy(payload.runs, test_runs, sizeof(test_runs));
	host_blob = (const uint8_t *)&payload;
	c.runs_offset = 0;
	c.regions[0] = (struct septum_region){ 0, 0x40000000, 8 * PAGE,
					       SEPTUM_MEM_READ, 0 };
	host_phys[0] = (struct host_phys){ RAM_PA, sizeof(phys), phys };
	return c;
}

TEST(ram, uncoloured_regions_are_the_pieces)
{
	struct septum_cell c = { .num_regions = 2 };
	struct ram_piece p;
	uint64_t n;

	c.regions[0] = (struct septum_region){ 0x41000000, 0x40000000, 0x2000,
					       SEPTUM_MEM_READ, 0 };
	c.regions[1] = (struct septum_region){ 0x48000000, 0x50000000, 0x1000,
					       SEPTUM_MEM_WRITE, 0 };
	EXPECT(ram_piece(&c, 1, &p));
	EXPECT_EQ(p.pa.bits, 0x48000000);
	EXPECT_EQ(p.flags, SEPTUM_MEM_WRITE);
	EXPECT(!ram_piece(&c, 2, &p));
	EXPECT_EQ(ram_pa(&c, ipa(0x40001ff0), &n).bits, 0x41001ff0);
	EXPECT_EQ(n, 0x10);
	EXPECT_EQ(ram_pa(&c, ipa(0x40002000), &n).bits, 0);
	EXPECT_EQ(n, 0);
}

TEST(ram, coloured_runs_translate_at_every_edge)
{
	struct septum_cell c = coloured();
	struct ram_piece p;
	uint64_t n;

	EXPECT(ram_piece(&c, 4, &p));
	EXPECT_EQ(p.ipa.bits, 0x40004000);
	EXPECT_EQ(p.size, 4 * PAGE);
	EXPECT_EQ(p.flags, SEPTUM_MEM_READ);
	EXPECT(!ram_piece(&c, 5, &p));
	for (unsigned int k = 0; k < 4; k++) {
		EXPECT_EQ(ram_pa(&c, ipa(0x40000000 + k * PAGE), &n).bits,
			  RAM_PA + (7 - k) * PAGE);
		EXPECT_EQ(n, PAGE);
		EXPECT_EQ(ram_pa(&c, ipa(0x40000fff + k * PAGE), &n).bits,
			  RAM_PA + (7 - k) * PAGE + 0xfff);
		EXPECT_EQ(n, 1);
	}
	EXPECT_EQ(ram_pa(&c, ipa(0x40005000), &n).bits, RAM_PA + 9 * PAGE);
	EXPECT_EQ(n, 3 * PAGE);
	EXPECT_EQ(ram_pa(&c, ipa(0x40008000), &n).bits, 0);
	EXPECT_EQ(n, 0);
	EXPECT_EQ(ram_pa(&c, ipa(0x3ffff000), &n).bits, 0);
	EXPECT_EQ(n, 0);
}

TEST(ram, write_crosses_runs_page_by_page)
{
	struct septum_cell c = coloured();
	static uint8_t src[3 * PAGE];

	for (unsigned int i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i / PAGE + 1);
	memset(phys, 0, sizeof(phys));
	EXPECT(ram_write(&c, ipa(0x40000800), src, sizeof(src)));
	/* Guest page 0 from 0x800 is physical page 7, page 1 is 6, ... */
	EXPECT_EQ(phys[7 * PAGE + 0x7ff], 0);
	EXPECT_EQ(phys[7 * PAGE + 0x800], 1);
	EXPECT_EQ(phys[6 * PAGE], 1);
	EXPECT_EQ(phys[6 * PAGE + 0x800], 2);
	EXPECT_EQ(phys[4 * PAGE + 0x7ff], 3);
	EXPECT_EQ(phys[4 * PAGE + 0x800], 0);
	/* Past the cell's RAM: nothing written. */
	memset(phys, 0, sizeof(phys));
	EXPECT(!ram_write(&c, ipa(0x40007800), src, PAGE));
	EXPECT_EQ(phys[11 * PAGE + 0x800], 0);
	EXPECT(ram_map(&c));
	host_phys[0] = (struct host_phys){ 0, 0, NULL };
	host_blob = NULL;
}
