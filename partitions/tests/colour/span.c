/*
 * A coloured cell checks that its RAM is whole: every page from the end of
 * its image to the end of its 8 MiB holds what it wrote (the hypervisor
 * mapped each of the scattered pages at its guest address), and its image
 * arrived intact (the hypervisor checked its CRC as it copied it page by
 * page, or the cell would not have started; its code and data work).
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#define RAM_BASE 0x40000000u
#define RAM_SIZE 0x800000u
#define PAGE 4096u

extern char __image_end[];

static const uint32_t image_words[] = { 0x12345678u, 0x9abcdef0u, 0x0f1e2d3cu };

static uint64_t mark(uintptr_t page)
{
	return (uint64_t)page * 0x9e3779b97f4a7c15ull;
}

TEST(colour, runs_at_el1_on_cpu_0)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	EXPECT_EQ(kit_cpu_index(), 0);
	EXPECT_EQ(el >> 2, 1);
}

TEST(colour, image_data_arrived)
{
	EXPECT_EQ(image_words[0], 0x12345678u);
	EXPECT_EQ(image_words[2], 0x0f1e2d3cu);
}

TEST(colour, every_page_reads_back)
{
	uintptr_t first = ((uintptr_t)__image_end + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
	unsigned int bad = 0, pages = 0;

	for (uintptr_t p = first; p < RAM_BASE + RAM_SIZE; p += PAGE) {
		volatile uint64_t *w = (volatile uint64_t *)p;

		w[0] = mark(p);
		w[PAGE / 8 - 1] = ~mark(p);
	}
	for (uintptr_t p = first; p < RAM_BASE + RAM_SIZE; p += PAGE) {
		volatile uint64_t *w = (volatile uint64_t *)p;

		bad += w[0] != mark(p) || w[PAGE / 8 - 1] != ~mark(p);
		pages++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT(pages > 1500);
	kit_printf("%u pages checked\n", pages);
}

int main(void)
{
	test_run_all();
	return 0;
}
