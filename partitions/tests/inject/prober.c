/*
 * The `inject` cell: every access outside its map comes back to it as the
 * synchronous external abort a real machine raises for an address with
 * nothing behind it, taken by its own EL1 vectors (the kit's fault catch),
 * and it carries on.  Then a storm of such accesses, while the steady cell
 * beside it keeps its heartbeat.
 *
 * The same image runs natively at EL1 on QEMU's virt with 128 MiB of RAM
 * (ci/inject-native.py), where each of these addresses has nothing behind
 * it either, except the device nobody owns in the cell: natively the guest
 * owns the board, and the device answers.  Each probe prints
 *
 *     ABORT <probe> ESR <esr> FAR <far> ELR <elr>     (or: none, read <v>)
 *
 * and the script compares the native lines with the cell's.
 */
#include <kit/kit.h>
#define TEST_MAIN
#include <septum/test.h>

#include "shared.h"

#define OUTSIDE 0x48000000ul		/* past the cell's RAM, and past the
					 * native run's 128 MiB */
#define NOBODYS_DEVICE 0x0a000000ul	/* virtio-mmio: nobody's */
#define DEVICE_GAP 0x0b000000ul		/* no device of the board there */
#define VIRTIO_MAGIC 0x74726976u	/* "virt": virtio-mmio's MagicValue */

#define EC(esr) ((uint32_t)((esr) >> 26) & 0x3fu)
#define EC_IABT_CUR 0x21u
#define EC_DABT_CUR 0x25u
#define FSC(esr) ((uint32_t)(esr) & 0x3fu)
#define FSC_SYNC_EXTERNAL 0x10u
#define FSC_WALK_EXTERNAL(level) (0x14u + (level))
#define WNR(esr) (((esr) >> 6) & 1u)
#define IL(esr) (((esr) >> 25) & 1u)

static struct progress *const p = (struct progress *)PROGRESS;

static void report(const char *probe, const struct kit_fault *f)
{
	kit_printf("ABORT %s ESR 0x%llx FAR 0x%llx ELR 0x%llx\n", probe,
		   (unsigned long long)f->esr, (unsigned long long)f->far,
		   (unsigned long long)f->elr);
}

static void expect_abort_fsc(const char *probe, bool taken,
			     const struct kit_fault *f, uint32_t ec,
			     uintptr_t at, unsigned int write, uint32_t fsc)
{
	EXPECT(taken);
	if (!taken) {
		kit_printf("ABORT %s none\n", probe);
		return;
	}
	report(probe, f);
	EXPECT_EQ(EC(f->esr), ec);
	EXPECT_EQ(FSC(f->esr), fsc);
	EXPECT_EQ(IL(f->esr), 1u);
	EXPECT_EQ(f->far, at);
	if (ec == EC_DABT_CUR)
		EXPECT_EQ(WNR(f->esr), write);
}

static void expect_abort(const char *probe, bool taken,
			 const struct kit_fault *f, uint32_t ec, uintptr_t at,
			 unsigned int write)
{
	expect_abort_fsc(probe, taken, f, ec, at, write, FSC_SYNC_EXTERNAL);
}

TEST(prober, load_outside_its_map)
{
	struct kit_fault f;
	bool taken;

	kit_expect_fault();
	(void)kit_read32(OUTSIDE);
	taken = kit_fault_taken(&f);
	expect_abort("load", taken, &f, EC_DABT_CUR, OUTSIDE, 0);
}

TEST(prober, store_outside_its_map)
{
	struct kit_fault f;
	bool taken;

	kit_expect_fault();
	kit_write32(OUTSIDE + 8, 0xbad);
	taken = kit_fault_taken(&f);
	expect_abort("store", taken, &f, EC_DABT_CUR, OUTSIDE + 8, 1);
}

/* A load pair: no single register for a hypervisor to emulate. */
TEST(prober, load_pair_outside_its_map)
{
	struct kit_fault f;
	uint64_t a, b;
	bool taken;

	kit_expect_fault();
	__asm__ volatile("ldp %0, %1, [%2]"
			 : "=r"(a), "=r"(b) : "r"(OUTSIDE + 16) : "memory");
	taken = kit_fault_taken(&f);
	expect_abort("load_pair", taken, &f, EC_DABT_CUR, OUTSIDE + 16, 0);
}

TEST(prober, device_space_with_nothing_there)
{
	struct kit_fault f;
	bool taken;

	kit_expect_fault();
	(void)kit_read32(DEVICE_GAP);
	taken = kit_fault_taken(&f);
	expect_abort("device_gap", taken, &f, EC_DABT_CUR, DEVICE_GAP, 0);
}

/* In a cell the device is nobody's; natively the guest owns it. */
TEST(prober, device_it_does_not_own)
{
	struct kit_fault f;
	uint32_t v;
	bool taken;

	kit_expect_fault();
	v = kit_read32(NOBODYS_DEVICE);
	taken = kit_fault_taken(&f);
	if (!kit_in_septum()) {
		kit_printf("ABORT device none, read 0x%x\n", v);
		EXPECT(!taken);
		EXPECT_EQ(v, VIRTIO_MAGIC);
		return;
	}
	expect_abort("device", taken, &f, EC_DABT_CUR, NOBODYS_DEVICE, 0);
}

TEST(prober, fetch_outside_its_map)
{
	void (*jump)(void) = (void (*)(void))OUTSIDE;
	struct kit_fault f;
	bool taken;

	kit_expect_fault();
	jump();		/* the kit resumes at the return address */
	taken = kit_fault_taken(&f);
	expect_abort("fetch", taken, &f, EC_IABT_CUR, OUTSIDE, 0);
	EXPECT_EQ(f.elr, OUTSIDE);
}

/*
 * Its own stage-1 tables outside its map.  The kit's level-1 table maps
 * 1 GiB blocks (39-bit VAs, 4K granule); VA block 3 is pointed at a table
 * instead, and the walk for an address there fetches a descriptor from
 * OUTSIDE: the abort on a translation table walk, at the level of that
 * descriptor, FAR the address being translated.
 */
#define WALK_GIB 3ul
#define WALK_VA (WALK_GIB << 30)
#define DESC_TABLE 0x3ull
#define DESC_BLOCK 0x1ull
#define DESC_AF (1ull << 10)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)	/* the kit's blocks outside its RAM: device
				 * memory (attribute index 0), never run */
#define DESC_L2_SPAN (1ul << 21)

extern uint64_t kit_pagetable[512];

/* A level-2 table in its own RAM, for the walk that goes out at level 3. */
static uint64_t level2[512] __attribute__((aligned(4096)));

static void set_l1(uint64_t desc)
{
	kit_pagetable[WALK_GIB] = desc;
	__asm__ volatile("dsb ishst; tlbi vmalle1; dsb ish; isb" : : : "memory");
}

/* Back to the kit's device block, as it was. */
static void restore_l1(void)
{
	set_l1(WALK_VA | DESC_BLOCK | DESC_AF | DESC_PXN | DESC_UXN);
}

/* A load whose level-2 descriptor is outside its map. */
TEST(prober, load_walking_outside_its_map)
{
	struct kit_fault f;
	bool taken;

	set_l1(OUTSIDE | DESC_TABLE);
	kit_expect_fault();
	(void)kit_read32(WALK_VA + 0x40);
	taken = kit_fault_taken(&f);
	restore_l1();
	expect_abort_fsc("walk_load", taken, &f, EC_DABT_CUR, WALK_VA + 0x40,
			 0, FSC_WALK_EXTERNAL(2));
}

/* A fetch whose level-3 descriptor is outside its map. */
TEST(prober, fetch_walking_outside_its_map)
{
	uintptr_t at = WALK_VA + DESC_L2_SPAN;
	void (*jump)(void) = (void (*)(void))at;
	struct kit_fault f;
	bool taken;

	level2[1] = (OUTSIDE + 0x1000) | DESC_TABLE;
	set_l1((uintptr_t)level2 | DESC_TABLE);
	kit_expect_fault();
	jump();
	taken = kit_fault_taken(&f);
	restore_l1();
	expect_abort_fsc("walk_fetch", taken, &f, EC_IABT_CUR, at, 0,
			 FSC_WALK_EXTERNAL(3));
	EXPECT_EQ(f.elr, at);
}

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
	kit_printf("ABORT storm %u of %u taken\n", taken, STORM);
	EXPECT_EQ(taken, STORM);
}

int main(void)
{
	test_run_all();
	return 0;
}
