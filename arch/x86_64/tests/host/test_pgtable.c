/*
 * Host unit tests of the x86-64 page-table code: mappings, large pages,
 * permission folding across levels, canonical addresses, unmapping.
 */
#include <septum/test.h>
#include <arch/pgtable.h>
#include <stdlib.h>

#define POOL 64
#define MIB (1ull << 20)

static uint8_t pool_mem[POOL][PAGE_SIZE] __attribute__((aligned(4096)));

static struct pgtable_pool fresh_pool(size_t pages)
{
	return (struct pgtable_pool){ (uint8_t *)pool_mem, 0x100000, pages, 0 };
}

TEST(x86_pgtable, maps_and_translates_pages)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;
	uint64_t out, e;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x400000, 0x1234000, 0x3000, PTE_RW, false),
		  E_OK);
	EXPECT(pgtable_lookup(&pt, 0x401abc, &out, &e));
	EXPECT_EQ(out, 0x1235abc);
	EXPECT(e & PTE_RW);
	EXPECT(!(e & PTE_PS));
	EXPECT(!pgtable_lookup(&pt, 0x403000, &out, &e));
	EXPECT_EQ(pt.tables, 4);	/* PML4, PDPT, PD, PT */
}

TEST(x86_pgtable, large_pages_where_aligned)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;
	uint64_t out, e;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	/* 1 MiB of pages, then 4 MiB of large pages, then pages again. */
	EXPECT_EQ(pgtable_map(&pt, 0x100000, 0x40100000, 6 * MIB, 0, true),
		  E_OK);
	EXPECT(pgtable_lookup(&pt, 0x200000, &out, &e));
	EXPECT_EQ(out, 0x40200000);
	EXPECT(e & PTE_PS);
	EXPECT(pgtable_lookup(&pt, 0x100000, &out, &e));
	EXPECT(!(e & PTE_PS));
	EXPECT(pgtable_lookup(&pt, 0x6ff000, &out, &e));
	EXPECT_EQ(out, 0x406ff000);
}

TEST(x86_pgtable, high_canonical_addresses)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;
	uint64_t out, e;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0xffffffff80000000ull, 0x200000, 0x1000,
			      PTE_NX, false), E_OK);
	EXPECT(pgtable_lookup(&pt, 0xffffffff80000010ull, &out, &e));
	EXPECT_EQ(out, 0x200010);
	EXPECT(e & PTE_NX);
	/* Not canonical: refused. */
	EXPECT_EQ(pgtable_map(&pt, 0x0000800000000000ull, 0x200000, 0x1000, 0,
			      false), E_INVALID);
	EXPECT(!pgtable_lookup(&pt, 0x0000800000000000ull, &out, &e));
	/* Crossing from the low half to the high half: refused. */
	EXPECT_EQ(pgtable_map(&pt, 0x00007ffffffff000ull, 0x200000, 0x2000, 0,
			      false), E_INVALID);
}

TEST(x86_pgtable, refuses_overlap_and_bad_input)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x200000, 0x200000, 2 * MIB, 0, true), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x201000, 0x201000, 0x1000, 0, false),
		  E_BUSY);
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x1001, 0x1000, 0, false), E_INVALID);
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x1000, 0x1000, PTE_PS, false),
		  E_INVALID);
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x1000, 0, 0, false), E_INVALID);
}

TEST(x86_pgtable, pool_exhaustion_is_an_error)
{
	struct pgtable_pool pool = fresh_pool(3);
	struct pgtable pt;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x1000, 0x1000, 0, false), E_NOMEM);
}

TEST(x86_pgtable, unmap_removes_and_refuses_partial_large)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;
	uint64_t out, e;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x8000, 0x8000, 0x2000, 0, false), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x400000, 0x400000, 2 * MIB, 0, true), E_OK);
	EXPECT_EQ(pgtable_unmap(&pt, 0x8000, 0x1000), E_OK);
	EXPECT(!pgtable_lookup(&pt, 0x8000, &out, &e));
	EXPECT(pgtable_lookup(&pt, 0x9000, &out, &e));
	EXPECT_EQ(pgtable_unmap(&pt, 0x401000, 0x1000), E_INVALID);
	EXPECT_EQ(pgtable_unmap(&pt, 0x400000, 2 * MIB), E_OK);
	EXPECT(!pgtable_lookup(&pt, 0x400000, &out, &e));
}

TEST(x86_pgtable, permissions_fold_across_levels)
{
	struct pgtable_pool pool = fresh_pool(POOL);
	struct pgtable pt;
	uint64_t out, e, *pml4;

	EXPECT_EQ(pgtable_init(&pt, &pool), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x1000, 0x1000, PTE_RW | PTE_US,
			      false), E_OK);
	/* A top-level entry that forbids writes and execution wins. */
	pml4 = (uint64_t *)(void *)pool_mem[0];
	pml4[0] = (pml4[0] & ~PTE_RW) | PTE_NX;
	EXPECT(pgtable_lookup(&pt, 0x1000, &out, &e));
	EXPECT(!(e & PTE_RW));
	EXPECT(e & PTE_NX);
	EXPECT(e & PTE_US);
}
