/*
 * The `inject` cell: every access outside its map comes back to it as the
 * synchronous external abort a real machine raises for an address with
 * nothing behind it, taken by its own EL1 vectors (the kit's fault catch),
 * and it carries on.  Then a storm of such accesses, while the steady cell
 * beside it keeps its heartbeat.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#include "shared.h"

#define OUTSIDE 0x48000000ul		/* RAM, but no cell's: not mapped */
#define NOBODYS_DEVICE 0x0a000000ul	/* virtio-mmio: nobody's */

#define EC(esr) ((uint32_t)((esr) >> 26) & 0x3fu)
#define EC_IABT_CUR 0x21u
#define EC_DABT_CUR 0x25u
#define FSC(esr) ((uint32_t)(esr) & 0x3fu)
#define FSC_SYNC_EXTERNAL 0x10u
#define WNR(esr) (((esr) >> 6) & 1u)
#define IL(esr) (((esr) >> 25) & 1u)

static struct progress *const p = (struct progress *)PROGRESS;

static void expect_abort(const struct kit_fault *f, uint32_t ec, uintptr_t at,
			 unsigned int write)
{
	EXPECT_EQ(EC(f->esr), ec);
	EXPECT_EQ(FSC(f->esr), FSC_SYNC_EXTERNAL);
	EXPECT_EQ(IL(f->esr), 1u);
	EXPECT_EQ(f->far, at);
	if (ec == EC_DABT_CUR)
		EXPECT_EQ(WNR(f->esr), write);
}

TEST(prober, load_outside_its_map)
{
	struct kit_fault f;

	kit_expect_fault();
	(void)kit_read32(OUTSIDE);
	EXPECT(kit_fault_taken(&f));
	expect_abort(&f, EC_DABT_CUR, OUTSIDE, 0);
}

TEST(prober, store_outside_its_map)
{
	struct kit_fault f;

	kit_expect_fault();
	kit_write32(OUTSIDE + 8, 0xbad);
	EXPECT(kit_fault_taken(&f));
	expect_abort(&f, EC_DABT_CUR, OUTSIDE + 8, 1);
}

TEST(prober, device_it_does_not_own)
{
	struct kit_fault f;

	kit_expect_fault();
	(void)kit_read32(NOBODYS_DEVICE);
	EXPECT(kit_fault_taken(&f));
	expect_abort(&f, EC_DABT_CUR, NOBODYS_DEVICE, 0);
}

TEST(prober, fetch_outside_its_map)
{
	void (*jump)(void) = (void (*)(void))OUTSIDE;
	struct kit_fault f;

	kit_expect_fault();
	jump();		/* the kit resumes at the return address */
	EXPECT(kit_fault_taken(&f));
	expect_abort(&f, EC_IABT_CUR, OUTSIDE, 0);
	EXPECT_EQ(f.elr, OUTSIDE);
}

/* Each abort of the storm taken and counted; the other cell beats on. */
TEST(prober, abort_storm)
{
	unsigned int taken = 0;

	p->storming = 1;
	for (unsigned int i = 0; i < STORM; i++) {
		kit_expect_fault();
		(void)kit_read32(OUTSIDE + (i % 1024u) * 4u);
		taken += kit_fault_taken(NULL);
	}
	p->done = 1;
	EXPECT_EQ(taken, STORM);
}

int main(void)
{
	test_run_all();
	return 0;
}
