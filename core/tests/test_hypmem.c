/*
 * Unit tests of hypmem's colours (core/hypmem.c): a coloured hypervisor's
 * allocations are pages of its colours only, runs of adjacent ones when a
 * physical address is asked for (none longer than its colours allow), else
 * pages one by one; uncoloured, the region in order.
 */
#include <septum/hypmem.h>
#include <septum/test.h>
#include <septum/types.h>

#include <host/fake.h>

#define PAGE PAGE_SIZE
#define BASE 0x60000000ull	/* colour 0 of 16 */
#define PAGES 64u

static uint8_t region[PAGES * PAGE];

/* The region as the fake machine's memory, hypmem over it. */
static void start(void)
{
	host_phys[0] = (struct host_phys){ BASE, sizeof(region), region };
	EXPECT(hypmem_init(pa(BASE), pa(BASE + PAGES * PAGE)));
}

static unsigned int colour_of(paddr_t p)
{
	return (unsigned int)((p.bits / PAGE) % 16u);
}

TEST(hypmem, uncoloured_hands_out_the_region_in_order)
{
	paddr_t a, b;

	start();
	EXPECT(hypmem_alloc(3 * PAGE, &a) != NULL);
	EXPECT(hypmem_alloc(PAGE, &b) != NULL);
	EXPECT_EQ(a.bits, BASE);
	EXPECT_EQ(b.bits, BASE + 3 * PAGE);
	EXPECT_EQ(hypmem_run_pages(), SIZE_MAX);
	EXPECT_EQ(hypmem_used(), 4 * PAGE);
}

TEST(hypmem, coloured_pages_have_its_colours)
{
	paddr_t p;

	start();
	EXPECT(hypmem_colour(0xc000, 16));	/* 14 and 15 */
	EXPECT_EQ(hypmem_size(), 8 * PAGE);	/* 2 of 16, 4 ways */
	EXPECT_EQ(hypmem_run_pages(), 2);
	for (unsigned int i = 0; i < 4; i++) {
		EXPECT(hypmem_alloc(PAGE, &p) != NULL);
		EXPECT(colour_of(p) == 14 || colour_of(p) == 15);
	}
}

TEST(hypmem, coloured_runs_are_adjacent_pages_of_its_colours)
{
	paddr_t p;

	start();
	EXPECT(hypmem_colour(0xc000, 16));
	EXPECT(hypmem_alloc(PAGE, &p) != NULL);		/* colour 14 */
	EXPECT(hypmem_alloc(2 * PAGE, &p) != NULL);	/* the next 14-15 */
	EXPECT_EQ(p.bits, BASE + 30 * PAGE);
	/* Three adjacent pages of its colours do not exist. */
	EXPECT(hypmem_alloc(3 * PAGE, &p) == NULL);
}

TEST(hypmem, coloured_state_may_be_scattered)
{
	start();
	EXPECT(hypmem_colour(0xc000, 16));
	/* No physical address asked: pages one by one, seen contiguous. */
	EXPECT(hypmem_alloc(3 * PAGE, NULL) != NULL);
	EXPECT_EQ(hypmem_used(), 3 * PAGE);
	/* Five pages of its colours are left: not six. */
	EXPECT(hypmem_alloc(6 * PAGE, NULL) == NULL);
	EXPECT(hypmem_alloc(5 * PAGE, NULL) != NULL);
}
