/* The arm64 translation-table builder, run on the host over plain memory. */
#include <septum/test.h>

#include <arch/pgtable.h>
#include <stdlib.h>

#define POOL_PA 0x80000000ull
#define GiB (1ull << 30)
#define MiB (1ull << 20)
#define ATTRS (PTE_AF | PTE_XN)

static struct pgtable_pool *new_pool(size_t pages)
{
	struct pgtable_pool *pool = calloc(1, sizeof(*pool));

	if (!pgtable_pool_add(pool, aligned_alloc(PAGE_SIZE, pages * PAGE_SIZE),
			      POOL_PA, pages))
		abort();
	return pool;
}

static void free_pool(struct pgtable_pool *pool)
{
	for (unsigned int i = 0; i < pool->chunks; i++)
		free(pool->chunk[i].base);
	free(pool);
}

/* A second chunk, at a physical address of its own. */
static bool grow_once(struct pgtable_pool *pool)
{
	if (pool->chunks > 1)
		return false;
	return pgtable_pool_add(pool, aligned_alloc(PAGE_SIZE, 2 * PAGE_SIZE),
				POOL_PA + 64 * MiB, 2);
}

/* Whether va translates to want_pa with a leaf holding `attrs`. */
static bool maps(const struct pgtable *pt, uint64_t va, uint64_t want_pa)
{
	uint64_t got, desc;

	return pgtable_lookup(pt, va, &got, &desc) && got == want_pa &&
	       (desc & ATTRS) == ATTRS;
}

TEST(pgtable, pages_and_blocks)
{
	struct pgtable_pool *pool = new_pool(16);
	struct pgtable pt;

	if (!EXPECT(pgtable_init(&pt, pool, 0) == E_OK))
		return;
	/* 4 KiB pages, then a 2 MiB block, then a 1 GiB block. */
	EXPECT(pgtable_map(&pt, 0x1000, 0x40001000, 0x3000, ATTRS, true) == E_OK);
	EXPECT(maps(&pt, 0x1000, 0x40001000));
	EXPECT(maps(&pt, 0x3fff, 0x40003fff));
	EXPECT(!maps(&pt, 0x4000, 0x40004000));
	EXPECT(!maps(&pt, 0x0, 0x40000000));
	EXPECT(pgtable_map(&pt, 4 * MiB, 6 * MiB, 2 * MiB, ATTRS, true) == E_OK);
	EXPECT(maps(&pt, 5 * MiB + 0x123, 7 * MiB + 0x123));
	EXPECT(pgtable_map(&pt, 2 * GiB, 3 * GiB, GiB, ATTRS, true) == E_OK);
	EXPECT(maps(&pt, 2 * GiB + 12345, 3 * GiB + 12345));
	/* Root, one L1, one L2 (shared by the 4K and 2M maps), one L3. */
	EXPECT_EQ(pool->used, 4);
	/* The top of the 48-bit space; nothing above it. */
	EXPECT(pgtable_map(&pt, 0xfffffffff000ull, 0x1000, 0x1000, ATTRS,
			   false) == E_OK);
	EXPECT(maps(&pt, 0xffffffffffffull, 0x1fff));
	EXPECT(pgtable_map(&pt, 0x1000000000000ull, 0, 0x1000, ATTRS, false) ==
	       E_INVALID);
	free_pool(pool);
}

TEST(pgtable, no_blocks_when_asked)
{
	struct pgtable_pool *pool = new_pool(8);
	struct pgtable pt;
	uint64_t got, desc;

	EXPECT(pgtable_init(&pt, pool, 0) == E_OK);
	EXPECT(pgtable_map(&pt, 2 * MiB, 2 * MiB, 2 * MiB, ATTRS, false) == E_OK);
	EXPECT(pgtable_lookup(&pt, 2 * MiB, &got, &desc));
	EXPECT(desc & PTE_PAGE);	/* a level-3 page, not a block */
	EXPECT_EQ(pool->used, 4);
	free_pool(pool);
}

TEST(pgtable, refuses_overlap_and_misalignment)
{
	struct pgtable_pool *pool = new_pool(8);
	struct pgtable pt;

	EXPECT(pgtable_init(&pt, pool, 0) == E_OK);
	EXPECT(pgtable_map(&pt, 0x200000, 0x200000, 0x200000, ATTRS, true) ==
	       E_OK);
	EXPECT(pgtable_map(&pt, 0x3ff000, 0, 0x2000, ATTRS, true) == E_BUSY);
	EXPECT(pgtable_map(&pt, 0x1000, 0x1001, 0x1000, ATTRS, true) ==
	       E_INVALID);
	EXPECT(pgtable_map(&pt, 0x1000, 0x1000, 0x800, ATTRS, true) == E_INVALID);
	EXPECT(pgtable_map(&pt, 0x1000, 0x1000, 0, ATTRS, true) == E_INVALID);
	EXPECT(pgtable_map(&pt, 0x1000, 1ull << 48, 0x1000, ATTRS, true) ==
	       E_INVALID);
	free_pool(pool);
}

TEST(pgtable, pool_exhaustion)
{
	struct pgtable_pool *pool = new_pool(3);
	struct pgtable pt;

	EXPECT(pgtable_init(&pt, pool, 0) == E_OK);
	EXPECT(pgtable_map(&pt, 0, 0, 0x1000, ATTRS, false) == E_NOMEM);
	free_pool(pool);
}

TEST(pgtable, unmap)
{
	struct pgtable_pool *pool = new_pool(8);
	struct pgtable pt;

	EXPECT(pgtable_init(&pt, pool, 0) == E_OK);
	EXPECT(pgtable_map(&pt, 0, 0, 0x10000, ATTRS, false) == E_OK);
	EXPECT(pgtable_unmap(&pt, 0x4000, 0x2000) == E_OK);
	EXPECT(maps(&pt, 0x3000, 0x3000));
	EXPECT(!maps(&pt, 0x4000, 0x4000));
	EXPECT(!maps(&pt, 0x5000, 0x5000));
	EXPECT(maps(&pt, 0x6000, 0x6000));
	/* Part of a block cannot be unmapped (no splitting). */
	EXPECT(pgtable_map(&pt, 4 * MiB, 4 * MiB, 2 * MiB, ATTRS, true) == E_OK);
	EXPECT(pgtable_unmap(&pt, 4 * MiB, 0x1000) == E_INVALID);
	EXPECT(pgtable_unmap(&pt, 4 * MiB, 2 * MiB) == E_OK);
	EXPECT(!maps(&pt, 4 * MiB, 4 * MiB));
	/* A whole 1 GiB slot, tables and all. */
	EXPECT(pgtable_unmap(&pt, 0, GiB) == E_OK);
	EXPECT(!maps(&pt, 0x3000, 0x3000));
	free_pool(pool);
}

TEST(pgtable, detached_subtree_goes_back_to_the_pool)
{
	struct pgtable_pool *pool = new_pool(8);
	struct pgtable pt;
	uint64_t desc;

	EXPECT(pgtable_init(&pt, pool, 0) == E_OK);
	/* Level-0 entry 0: an L1, an L2 and two L3s; another entry: an L1,
	 * an L2 and an L3. */
	EXPECT(pgtable_map(&pt, 0x1ff000, 0x1ff000, 0x2000, ATTRS, false) ==
	       E_OK);
	EXPECT(pgtable_map(&pt, 0xfc0000000000ull, 0x1000, 0x1000, ATTRS,
			   false) == E_OK);
	EXPECT_EQ(pt.tables, 8);
	/* The pool is empty: nothing else can be mapped. */
	EXPECT(pgtable_map(&pt, 0x40000000, 0, 0x1000, ATTRS, false) ==
	       E_NOMEM);
	desc = pgtable_detach(&pt, 0x1ff000);
	EXPECT(desc != 0);
	EXPECT(!maps(&pt, 0x1ff000, 0x1ff000));
	EXPECT(!maps(&pt, 0x200000, 0x200000));
	EXPECT(maps(&pt, 0xfc0000000000ull, 0x1000));
	/* An empty entry gives nothing to release. */
	EXPECT_EQ(pgtable_detach(&pt, 0x8000000000ull), 0);
	pgtable_release(&pt, desc);
	EXPECT_EQ(pt.tables, 4);
	EXPECT_EQ(pool->used, 4);
	/* The four tables serve new mappings, zeroed. */
	EXPECT(pgtable_map(&pt, 0x8000000000ull, 0, 0x1000, ATTRS, false) ==
	       E_OK);
	EXPECT(pgtable_map(&pt, 0x8000200000ull, 0x2000, 0x1000, ATTRS,
			   false) == E_OK);
	EXPECT(maps(&pt, 0x8000000000ull, 0));
	EXPECT(maps(&pt, 0x8000200000ull, 0x2000));
	EXPECT(!maps(&pt, 0x80001ff000ull, 0x1ff000));
	EXPECT_EQ(pt.tables, 8);
	EXPECT(pgtable_map(&pt, 0x40000000, 0, 0x1000, ATTRS, false) ==
	       E_NOMEM);
	free_pool(pool);
}

TEST(pgtable, stage2_start_level_one)
{
	struct pgtable_pool *pool = new_pool(8);
	struct pgtable pt;

	EXPECT(pgtable_init(&pt, pool, 2) == E_INVALID);
	EXPECT(pgtable_init(&pt, pool, 1) == E_OK);
	EXPECT_EQ(pgtable_input_bits(&pt), 39);
	EXPECT(pgtable_map(&pt, 0x40000000, 0x41000000, 2 * MiB, ATTRS, true) ==
	       E_OK);
	EXPECT(maps(&pt, 0x40000000 + 0x1234, 0x41000000 + 0x1234));
	EXPECT(pgtable_map(&pt, 511 * GiB, 0, GiB, ATTRS, true) == E_OK);
	EXPECT(maps(&pt, 512 * GiB - 1, GiB - 1));
	EXPECT(pgtable_map(&pt, 512 * GiB, 0, 0x1000, ATTRS, true) == E_INVALID);
	EXPECT(!maps(&pt, 512 * GiB, 0));
	free_pool(pool);
}

/* A page of its own: the copy changes it alone; everything else is shared. */
TEST(pgtable, private_page)
{
	struct pgtable_pool *pool = new_pool(16);
	struct pgtable pt, copy;
	uint64_t *desc;

	EXPECT_EQ(pgtable_init(&pt, pool, 1), E_OK);
	EXPECT_EQ(pgtable_map(&pt, 0x08010000, 0x08040000, 2 * PAGE_SIZE, ATTRS,
			      false), E_OK);
	EXPECT_EQ(pgtable_map(&pt, GiB, 4 * GiB, GiB, ATTRS, true), E_OK);
	desc = pgtable_private_page(&pt, &copy, 0x08010000);
	EXPECT(desc != NULL);
	EXPECT_EQ(copy.tables, 3u);
	EXPECT(maps(&copy, 0x08010000, 0x08040000));
	EXPECT(maps(&copy, GiB + 0x1234000, 4 * GiB + 0x1234000));
	*desc = 0;
	EXPECT(!maps(&copy, 0x08010000, 0x08040000));
	EXPECT(maps(&copy, 0x08011000, 0x08041000));
	EXPECT(maps(&pt, 0x08010000, 0x08040000));
	/* Not mapped by a page: no path of its own. */
	EXPECT(pgtable_private_page(&pt, &copy, 0x30000000) == NULL);
	EXPECT(pgtable_private_page(&pt, &copy, GiB) == NULL);
	free_pool(pool);
}

TEST(pgtable, pool_grows_by_chunks)
{
	struct pgtable_pool *pool = new_pool(2);
	struct pgtable pt;

	pool->grow = grow_once;
	EXPECT_EQ(pgtable_init(&pt, pool, 0), E_OK);
	/* Four levels: the root and three more tables, over two chunks. */
	EXPECT_EQ(pgtable_map(&pt, 0x1000, 0x40001000, 0x1000, ATTRS, false),
		  E_OK);
	EXPECT_EQ(pool->chunks, 2u);
	EXPECT_EQ(pool->used, 4);
	EXPECT(maps(&pt, 0x1000, 0x40001000));
	EXPECT_EQ(pgtable_pool_pages(pool), 4);
	/* Full, and no third chunk. */
	EXPECT_EQ(pgtable_map(&pt, 0x40000000000, 0x1000, 0x1000, ATTRS, false),
		  E_NOMEM);
	free_pool(pool);
}

/* What pgtable_walk() reports: leaves in address order, and tables. */
struct seen {
	unsigned int leaves, tables;
	uint64_t va[4], pa[4], size[4];
};

static void seen_leaf(void *arg, uint64_t va, uint64_t pa, uint64_t size,
		      uint64_t desc)
{
	struct seen *s = arg;

	if (s->leaves < 4 && (desc & ATTRS) == ATTRS) {
		s->va[s->leaves] = va;
		s->pa[s->leaves] = pa;
		s->size[s->leaves] = size;
	}
	s->leaves++;
}

static void seen_table(void *arg, uint64_t pa)
{
	struct seen *s = arg;

	s->tables += pa >= POOL_PA && pa < POOL_PA + 16 * PAGE_SIZE;
}

TEST(pgtable, walk_reports_leaves_and_tables)
{
	struct pgtable_pool *pool = new_pool(16);
	struct seen s = { 0 };
	struct pgtable pt;

	if (!EXPECT(pgtable_init(&pt, pool, 0) == E_OK))
		return;
	EXPECT(pgtable_map(&pt, 4 * MiB, 6 * MiB, 2 * MiB, ATTRS, true) == E_OK);
	EXPECT(pgtable_map(&pt, 0x1000, 0x40001000, 0x2000, ATTRS, true) ==
	       E_OK);
	pgtable_walk(&pt, seen_leaf, seen_table, &s);
	EXPECT_EQ(s.leaves, 3);
	EXPECT_EQ(s.va[0], 0x1000);
	EXPECT_EQ(s.pa[1], 0x40002000);
	EXPECT_EQ(s.size[1], PAGE_SIZE);
	EXPECT_EQ(s.va[2], 4 * MiB);
	EXPECT_EQ(s.pa[2], 6 * MiB);
	EXPECT_EQ(s.size[2], 2 * MiB);
	EXPECT_EQ(s.tables, pt.tables);	/* root, L1, L2, L3 */
	EXPECT_EQ(pt.tables, 4);
	free_pool(pool);
}

/*
 * A linear pool: single pages scattered in "physical" memory, reached at
 * linear + their address, more of them than a pool keeps chunks for.
 */
static uint8_t linear_mem[64 * PAGE_SIZE] __attribute__((aligned(4096)));

static bool grow_linear(struct pgtable_pool *pool)
{
	static unsigned int next;

	if (2 * (next + 1) >= sizeof(linear_mem) / PAGE_SIZE)
		return false;
	/* Every other page: no two chunks adjacent. */
	next++;
	return pgtable_pool_add(pool, linear_mem + 2 * next * PAGE_SIZE,
				2 * next * PAGE_SIZE, 1);
}

TEST(pgtable, linear_pool_takes_scattered_pages)
{
	struct pgtable_pool pool = { .grow = grow_linear,
				     .linear = (uintptr_t)linear_mem };
	struct pgtable pt;

	if (!EXPECT(pgtable_init(&pt, &pool, 0) == E_OK))
		return;
	/* Pages far apart: a table path each, more pages than 16 chunks. */
	for (uint64_t i = 0; i < 8; i++)
		EXPECT(pgtable_map(&pt, i * GiB * 512 + i * 4 * MiB, 0x1000,
				   PAGE_SIZE, ATTRS, false) == E_OK);
	EXPECT(pool.chunks <= PGTABLE_POOL_CHUNKS);
	EXPECT(pgtable_pool_pages(&pool) > PGTABLE_POOL_CHUNKS);
	for (uint64_t i = 0; i < 8; i++)
		EXPECT(maps(&pt, i * GiB * 512 + i * 4 * MiB, 0x1000));
}
