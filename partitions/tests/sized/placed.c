/*
 * The guest of the sizes-only system (system.dts beside it); both cells run
 * it.  Their second region and their channel have no address in the config:
 * the tool placed them by its rules (docs/config.md, "Placement"), and this
 * guest finds them where those rules put them in every cell:
 *
 *   scratch   64 KiB: the lowest free 4 KiB-aligned guest range from 1 MiB;
 *   link      64 KiB (64 KiB aligned): the lowest free range after it;
 *   registers the first free page after the channel's memory.
 *
 * It checks that scratch is RAM of its own, that the register page is the
 * channel's (this cell's peer ID, the memory at its placed address), and
 * that what one peer writes in the channel's memory the other reads.
 */
#include <kit/chan.h>
#include <kit/gic.h>
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#define SCRATCH 0x100000ul
#define SCRATCH_SIZE 0x10000u
#define LINK_SHMEM 0x110000ul
#define LINK_REGS 0x120000ul
#define WAIT_US 10000000u	/* the host may not run a vCPU for a while */
#define HELLO 0x51ace000u	/* + the writer's peer ID */

static struct kit_chan link;
static bool opened;

TEST(placed, registers_after_the_channel)
{
	opened = kit_chan_open(&link, LINK_REGS, 0);
	EXPECT(opened);
	if (!opened)
		return;
	EXPECT_EQ((uintptr_t)link.shmem, LINK_SHMEM);
	EXPECT_EQ(link.num_peers, 2);
	EXPECT_EQ(link.rw_size, 0x10000u - IVSHMEM_STATE_TABLE_SIZE);
}

/* Outside the GiB holding the image the kit maps device memory: word by
 * word, aligned.  Each cell writes its own pattern (salted by its peer ID):
 * the same guest range is other RAM in the other cell. */
TEST(placed, scratch_is_ram_of_its_own)
{
	uint32_t salt = (link.id + 1u) * 0x9e3779b9u;
	unsigned int bad = 0;

	for (uint32_t i = 0; i < SCRATCH_SIZE; i += 4)
		kit_write32(SCRATCH + i, i * 2654435761u ^ salt);
	for (uint32_t i = 0; i < SCRATCH_SIZE; i += 4)
		bad += kit_read32(SCRATCH + i) != (i * 2654435761u ^ salt);
	EXPECT_EQ(bad, 0);
}

/* Each peer writes its word of the read/write section and waits for the
 * other's. */
TEST(placed, channel_memory_is_shared)
{
	uintptr_t rw = LINK_SHMEM + IVSHMEM_STATE_TABLE_SIZE;
	uint32_t other;
	uint64_t end;

	if (!opened) {
		EXPECT(opened);
		return;
	}
	other = 1u - link.id;
	kit_write32(rw + 4u * link.id, HELLO + link.id);
	end = kit_counter() + WAIT_US * kit_counter_freq() / 1000000u;
	while (kit_read32(rw + 4u * other) != HELLO + other &&
	       kit_counter() < end)
		;
	EXPECT_EQ(kit_read32(rw + 4u * other), HELLO + other);
}

int main(void)
{
	kit_gic_init();
	test_run_all();
	return 0;
}
