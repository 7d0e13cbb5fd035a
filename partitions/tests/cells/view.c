/*
 * A cell reports its own view: its CPU, that its RAM is its own (a pattern it
 * writes reads back), PSCI basics.  Both cells of the test run this image.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

extern char __image_end[];

TEST(view, boots_on_cpu_0_at_el1)
{
	uint64_t el;

	__asm__ volatile("mrs %0, CurrentEL" : "=r"(el));
	EXPECT_EQ(kit_cpu_index(), 0);
	EXPECT_EQ(el >> 2, 1);
}

TEST(view, own_ram_reads_back)
{
	static uint32_t buf[4096];

	for (unsigned int i = 0; i < 4096; i++)
		buf[i] = i * 2654435761u;
	for (unsigned int i = 0; i < 4096; i++)
		EXPECT_EQ(buf[i], i * 2654435761u);
}

TEST(view, psci_version_and_features)
{
	EXPECT_EQ(kit_hvc(PSCI_VERSION, 0, 0, 0), 0x10001);
	EXPECT_EQ(kit_smc(PSCI_VERSION, 0, 0, 0), 0x10001);
	EXPECT_EQ(kit_hvc(PSCI_FEATURES, PSCI_CPU_ON, 0, 0), 0);
	EXPECT_EQ(kit_hvc(PSCI_FEATURES, 0x84000005u, 0, 0), PSCI_NOT_SUPPORTED);
	EXPECT_EQ(kit_hvc(SMCCC_VERSION, 0, 0, 0), 0x10001);
}

/*
 * Set/way cache maintenance is trapped and done as clean+invalidate: it
 * completes (no fault), and the cell's data survives even an "invalidate".
 */
TEST(view, set_way_maintenance_is_harmless)
{
	static volatile uint32_t data = 0x1234;

	data = 0x5678;
	for (uint64_t way = 0; way < 4; way++) {
		for (uint64_t set = 0; set < 16; set++) {
			uint64_t sw = way << 30 | set << 6;

			__asm__ volatile("dc isw, %0; dc csw, %0; dc cisw, %0"
					 : : "r"(sw) : "memory");
		}
	}
	__asm__ volatile("dsb sy");
	EXPECT_EQ(data, 0x5678);
}

TEST(view, foreign_smc_refused)
{
	/* A firmware service the cell does not own never reaches firmware. */
	EXPECT_EQ(kit_smc(0xc2000001u, 0, 0, 0), PSCI_NOT_SUPPORTED);
}

int main(void)
{
	kit_printf("cell up, image %lu bytes\n",
		   (unsigned long)((uintptr_t)__image_end - 0x40000000u));
	test_run_all();
	return 0;
}
