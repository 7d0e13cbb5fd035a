/* The level of a guest's stage-1 walk that fetched from a page (s1walk.c). */
#include <septum/test.h>

#include <arch/s1walk.h>

#define RAM_END 0x48000000ull	/* the cell's RAM: below; nothing above */
#define OUT 0x48000000ull
#define TABLE 0x3ull
#define BLOCK 0x1ull
#define SCTLR_M 0x1ull
#define TCR_4K_39 25ull			/* T0SZ 25, TG0 4K */
#define TCR_EPD0 (1ull << 7)
#define TCR_DS (1ull << 59)
#define TCR_TG0_16K (2ull << 14)
#define TCR_TG1_64K (3ull << 30)
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define GIB (1ull << 30)

/* The cell's RAM: a few descriptors, zero (invalid) elsewhere. */
struct ram {
	uint64_t at[8], desc[8];
	unsigned int n, reads;
};

static void put(struct ram *m, uint64_t at, uint64_t desc)
{
	m->at[m->n] = at;
	m->desc[m->n++] = desc;
}

static bool read_ram(void *ctx, uint64_t at, uint64_t *desc)
{
	struct ram *m = ctx;

	m->reads++;
	if (at >= RAM_END)
		return false;
	*desc = 0;
	for (unsigned int i = 0; i < m->n; i++) {
		if (m->at[i] == at)
			*desc = m->desc[i];
	}
	return true;
}

static bool level_of(const struct s1walk_regs *r, struct ram *m, uint64_t va,
		     uint64_t page, int *level)
{
	*level = 99;
	return s1walk_level(r, va, page, read_ram, m, level);
}

TEST(s1walk, levels_of_a_4k_walk)
{
	struct s1walk_regs r = { SCTLR_M, TCR_4K_39, 0x40000000, 0 };
	struct ram m = { .n = 0 };
	int level;

	/* Level 1 at TTBR0; entry 3 a table outside RAM: level 2. */
	put(&m, 0x40000000 + 3 * 8, OUT | TABLE);
	EXPECT(level_of(&r, &m, 3 * GIB + 0x40, OUT, &level));
	EXPECT_EQ(level, 2);
	/* The same entry to a level-2 table in RAM, whose entry 1 names a
	 * level-3 table outside it: level 3, at its index's offset. */
	m.n = 0;
	put(&m, 0x40000000 + 3 * 8, 0x40001000 | TABLE);
	put(&m, 0x40001000 + 1 * 8, (OUT + 0x2000) | TABLE);
	EXPECT(level_of(&r, &m, 3 * GIB + (2u << 20) + 0x5000, OUT + 0x2000,
			&level));
	EXPECT_EQ(level, 3);
	/* Not the page the walk fetched from: no level. */
	EXPECT(!level_of(&r, &m, 3 * GIB + (2u << 20), OUT + 0x3000, &level));
	/* TTBR0 itself outside RAM: level 1. */
	r.ttbr0 = OUT | 1;	/* CnP */
	EXPECT(level_of(&r, &m, 0x1234, OUT, &level));
	EXPECT_EQ(level, 1);
}

TEST(s1walk, walks_that_cannot_have_fetched_there)
{
	struct s1walk_regs r = { SCTLR_M, TCR_4K_39, 0x40000000, 0 };
	struct ram m = { .n = 0 };
	int level;

	put(&m, 0x40000000 + 3 * 8, OUT | BLOCK);	/* a block */
	EXPECT(!level_of(&r, &m, 3 * GIB, OUT, &level));
	EXPECT(!level_of(&r, &m, 4 * GIB, OUT, &level));	/* invalid */
	put(&m, 0x40000000 + 5 * 8, OUT | TABLE);
	r.sctlr = 0;					/* no stage 1 */
	EXPECT(!level_of(&r, &m, 5 * GIB, OUT, &level));
	r.sctlr = SCTLR_M;
	r.tcr |= TCR_EPD0;				/* no walks */
	EXPECT(!level_of(&r, &m, 5 * GIB, OUT, &level));
	r.tcr = 10;					/* T0SZ too small */
	EXPECT(!level_of(&r, &m, 5 * GIB, OUT, &level));
	EXPECT_EQ(level, 99);
	/* A level-3 page descriptor ends the walk: never a fifth fetch. */
	r.tcr = TCR_4K_39;
	m.n = 0;
	put(&m, 0x40000000, 0x40001000 | TABLE);
	put(&m, 0x40001000, 0x40002000 | TABLE);
	put(&m, 0x40002000, 0x40003000 | TABLE);
	m.reads = 0;
	EXPECT(!level_of(&r, &m, 0, OUT, &level));
	EXPECT_EQ(m.reads, 2u);
}

TEST(s1walk, start_levels_and_granules)
{
	struct s1walk_regs r = { SCTLR_M, 16, OUT, 0 };	/* 4K, 48 bits */
	struct ram m = { .n = 0 };
	int level;

	EXPECT(level_of(&r, &m, 0x7fffffff0000ull, OUT, &level));
	EXPECT_EQ(level, 0);
	/* FEAT_LPA2: 52 bits, 4K: level -1; TTBR bits 5:2 are PA 51:48. */
	r.tcr = 12 | TCR_DS;
	r.ttbr0 = 0x40000000 | 1ull << 2;
	EXPECT(level_of(&r, &m, 0, 0x1000040000000ull, &level));
	EXPECT_EQ(level, -1);
	/* ... and a table descriptor's bits 9:8 are PA 51:50. */
	m.n = 0;
	r.ttbr0 = 0x40000000;
	put(&m, 0x40000000, 0x40001000 | 1ull << 8 | TABLE);
	EXPECT(level_of(&r, &m, 0, 0x4000040001000ull, &level));
	EXPECT_EQ(level, 0);
	/* 16K, 47 bits: level 1 first, 11 bits a level. */
	m.n = 0;
	r.tcr = 17 | TCR_TG0_16K;
	r.ttbr0 = 0x40000000;
	put(&m, 0x40000000 + 1 * 8, 0x40004000 | TABLE);
	put(&m, 0x40004000 + 2 * 8, OUT | TABLE);
	EXPECT(level_of(&r, &m, (1ull << 36) | (2ull << 25), OUT, &level));
	EXPECT_EQ(level, 3);
	/* 64K through TTBR1, 42 bits: level 2 first, then 3. */
	m.n = 0;
	r.tcr = TCR_T1SZ(22) | TCR_TG1_64K | TCR_EPD0;
	r.ttbr1 = 0x40010000;
	put(&m, 0x40010000 + 7 * 8, OUT | TABLE);
	EXPECT(level_of(&r, &m, 0xfffffc0000000000ull | 7ull << 29, OUT,
			&level));
	EXPECT_EQ(level, 3);
}
