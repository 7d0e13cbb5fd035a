/*
 * Page-table construction and lookup (see arch/pgtable.h).
 */
#include <arch/pgtable.h>

/* Table entries point onward and allow everything: the leaf decides. */
#define TABLE_BITS (PTE_P | PTE_RW | PTE_US)
#define LARGE_LEVEL 2		/* directories: 2 MiB pages */
#define VA_BITS 48

/* Bits of input address translated below `level` (0 = top). */
static unsigned int level_shift(unsigned int level)
{
	return PAGE_SHIFT + 9 * (PT_LEVELS - 1 - level);
}

static uint64_t level_size(unsigned int level)
{
	return (uint64_t)1 << level_shift(level);
}

static unsigned int level_index(uint64_t va, unsigned int level)
{
	return (unsigned int)FIELD_GET(va, level_shift(level) + 8,
				       level_shift(level));
}

static uint64_t *table_at(const struct pgtable_pool *pool, uint64_t pa)
{
	return (uint64_t *)(void *)(pool->base + (pa - pool->base_pa));
}

static enum err table_alloc(struct pgtable_pool *pool, uint64_t *pa)
{
	uint64_t *t;

	if (pool->used == pool->pages)
		return E_NOMEM;
	*pa = pool->base_pa + pool->used * PAGE_SIZE;
	pool->used++;
	t = table_at(pool, *pa);
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
	return E_OK;
}

enum err pgtable_init(struct pgtable *pt, struct pgtable_pool *pool)
{
	pt->pool = pool;
	pt->tables = 1;
	return table_alloc(pool, &pt->root_pa);
}

/* Canonical: bits 63..47 all equal. */
static bool canonical(uint64_t va)
{
	uint64_t top = va >> (VA_BITS - 1);

	return top == 0 || top == (~(uint64_t)0 >> (VA_BITS - 1));
}

static bool in_range(uint64_t va, uint64_t size)
{
	return size && canonical(va) && canonical(va + size - 1) &&
	       (va >> (VA_BITS - 1)) == ((va + size - 1) >> (VA_BITS - 1));
}

static bool is_table(uint64_t e, unsigned int level)
{
	return (e & PTE_P) && level < PT_LEVELS - 1 && !(e & PTE_PS);
}

static bool can_map_large(unsigned int level, uint64_t va, uint64_t pa,
			  uint64_t size, bool large)
{
	uint64_t sz = level_size(level);

	return large && level == LARGE_LEVEL && size >= sz &&
	       IS_ALIGNED(va, sz) && IS_ALIGNED(pa, sz);
}

/* The next-level table under entry *e, created if absent. */
static enum err descend(struct pgtable_pool *pool, uint64_t *e,
			unsigned int level, uint64_t *next_pa)
{
	if (!(*e & PTE_P)) {
		enum err err = table_alloc(pool, next_pa);

		if (err != E_OK)
			return err;
		*e = *next_pa | TABLE_BITS;
		return E_OK;
	}
	if (!is_table(*e, level))
		return E_BUSY;	/* a large page is in the way */
	*next_pa = *e & PTE_ADDR_MASK;
	return E_OK;
}

static enum err map_level(struct pgtable *pt, uint64_t table_pa,
			  unsigned int level, uint64_t va, uint64_t pa,
			  uint64_t size, uint64_t attrs, bool large)
{
	uint64_t *t = table_at(pt->pool, table_pa);

	while (size) {
		uint64_t sz = level_size(level);
		uint64_t chunk = sz - (va & (sz - 1));
		uint64_t *e = &t[level_index(va, level)];

		if (chunk > size)
			chunk = size;
		if (level == PT_LEVELS - 1 ||
		    can_map_large(level, va, pa, chunk, large)) {
			if (*e & PTE_P)
				return E_BUSY;
			*e = pa | attrs | PTE_P |
			     (level == PT_LEVELS - 1 ? 0 : PTE_PS);
		} else {
			uint64_t next_pa;
			enum err err = descend(pt->pool, e, level, &next_pa);

			if (err == E_OK)
				err = map_level(pt, next_pa, level + 1, va, pa,
						chunk, attrs, large);
			if (err != E_OK)
				return err;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return E_OK;
}

enum err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
		     uint64_t size, uint64_t attrs, bool large)
{
	size_t before = pt->pool->used;
	enum err e;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || !in_range(va, size) ||
	    (pa & ~PTE_ADDR_MASK) || (attrs & ~PTE_ATTR_MASK))
		return E_INVALID;
	e = map_level(pt, pt->root_pa, 0, va, pa, size, attrs, large);
	pt->tables += pt->pool->used - before;	/* one CPU maps at a time */
	return e;
}

static enum err unmap_level(struct pgtable *pt, uint64_t table_pa,
			    unsigned int level, uint64_t va, uint64_t size)
{
	uint64_t *t = table_at(pt->pool, table_pa);

	while (size) {
		uint64_t sz = level_size(level);
		uint64_t chunk = sz - (va & (sz - 1));
		uint64_t *e = &t[level_index(va, level)];

		if (chunk > size)
			chunk = size;
		if (chunk == sz || !(*e & PTE_P)) {
			*e = 0;
		} else if (is_table(*e, level)) {
			enum err err = unmap_level(pt, *e & PTE_ADDR_MASK,
						   level + 1, va, chunk);

			if (err != E_OK)
				return err;
		} else {
			return E_INVALID;	/* part of a large page */
		}
		va += chunk;
		size -= chunk;
	}
	return E_OK;
}

enum err pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE) || !in_range(va, size))
		return E_INVALID;
	return unmap_level(pt, pt->root_pa, 0, va, size);
}

/* Fold one level's permissions into what the leaf reports. */
static uint64_t restrict_by(uint64_t leaf, uint64_t e)
{
	if (!(e & PTE_RW))
		leaf &= ~PTE_RW;
	if (!(e & PTE_US))
		leaf &= ~PTE_US;
	if (e & PTE_NX)
		leaf |= PTE_NX;
	return leaf;
}

bool pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
		    uint64_t *entry)
{
	uint64_t table_pa = pt->root_pa, perms = PTE_RW | PTE_US;

	if (!in_range(va, 1))
		return false;
	for (unsigned int level = 0; level < PT_LEVELS; level++) {
		uint64_t e = table_at(pt->pool, table_pa)[level_index(va, level)];

		if (!(e & PTE_P))
			return false;
		perms = restrict_by(perms, e);
		if (is_table(e, level)) {
			table_pa = e & PTE_ADDR_MASK;
			continue;
		}
		if (level < LARGE_LEVEL)
			return false;	/* 1 GiB pages: never made here */
		*pa = (e & PTE_ADDR_MASK & ~(level_size(level) - 1)) |
		      (va & (level_size(level) - 1));
		*entry = (e & ~(PTE_RW | PTE_US)) | (perms & (PTE_RW | PTE_US)) |
			 (perms & PTE_NX);
		return true;
	}
	return false;
}
