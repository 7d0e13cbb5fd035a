/*
 * Translation-table construction and lookup (see arch/pgtable.h).
 */
#include <arch/pgtable.h>

/* Bits of input address translated below level `level`. */
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
	return (unsigned int)(va >> level_shift(level)) & (PT_ENTRIES - 1);
}

/*
 * Called once per table a map or walk visits, not per entry: out of line,
 * one copy serves them all.
 */
static NOINLINE uint64_t *table_at(const struct pgtable_pool *pool, uint64_t pa)
{
	if (pool->linear)
		return (uint64_t *)(pool->linear + (uintptr_t)pa);
	for (unsigned int i = pool->chunks; i-- > 0;) {
		const struct pgtable_chunk *c = &pool->chunk[i];

		if (pa - c->base_pa < c->pages * PAGE_SIZE)
			return (uint64_t *)(void *)(c->base + (pa - c->base_pa));
	}
	return NULL;	/* not a table of this pool: never walked */
}

bool pgtable_pool_add(struct pgtable_pool *pool, void *base, uint64_t base_pa,
		      size_t pages)
{
	if (pool->chunks == PGTABLE_POOL_CHUNKS) {
		if (!pool->linear)
			return false;
		pool->retired += pool->chunk[0].pages;
		for (unsigned int i = 1; i < pool->chunks; i++)
			pool->chunk[i - 1] = pool->chunk[i];
		pool->chunks--;
	}
	pool->chunk[pool->chunks++] = (struct pgtable_chunk){ base, base_pa,
							       pages };
	pool->last_used = 0;
	return true;
}

COLD size_t pgtable_pool_pages(const struct pgtable_pool *pool)
{
	size_t pages = pool->retired;

	for (unsigned int i = 0; i < pool->chunks; i++)
		pages += pool->chunk[i].pages;
	return pages;
}

static enum err table_alloc(struct pgtable_pool *pool, uint64_t *pa)
{
	bool reused = pool->free_pa != 0;
	uint64_t *t;

	if (reused) {
		*pa = pool->free_pa;
	} else {
		if ((!pool->chunks ||
		     pool->last_used == pool->chunk[pool->chunks - 1].pages) &&
		    (!pool->grow || !pool->grow(pool)))
			return E_NOMEM;
		*pa = pool->chunk[pool->chunks - 1].base_pa +
		      pool->last_used * PAGE_SIZE;
		pool->last_used++;
	}
	t = table_at(pool, *pa);
	if (reused)
		pool->free_pa = t[0];	/* the next freed table */
	pool->used++;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		t[i] = 0;
	return E_OK;
}

enum err pgtable_init(struct pgtable *pt, struct pgtable_pool *pool,
		      unsigned int start_level)
{
	if (start_level > 1)
		return E_INVALID;
	pt->pool = pool;
	pt->start_level = start_level;
	pt->tables = 1;
	return table_alloc(pool, &pt->root_pa);
}

unsigned int pgtable_input_bits(const struct pgtable *pt)
{
	return level_shift(pt->start_level) + 9;
}

static bool is_table(uint64_t desc, unsigned int level)
{
	return level < PT_LEVELS - 1 && (desc & (PTE_VALID | PTE_TABLE)) ==
					       (PTE_VALID | PTE_TABLE);
}

/* Blocks exist at levels 1 and 2; pages at level 3. */
static bool can_map_leaf(unsigned int level, uint64_t va, uint64_t pa,
			 uint64_t size, bool blocks)
{
	uint64_t sz = level_size(level);

	if (level == PT_LEVELS - 1)
		return true;
	return blocks && level >= 1 && size >= sz && IS_ALIGNED(va, sz) &&
	       IS_ALIGNED(pa, sz);
}

/* The next-level table under entry *e, created if absent. */
static enum err descend(struct pgtable_pool *pool, uint64_t *e,
			unsigned int level, uint64_t *next_pa)
{
	if (!(*e & PTE_VALID)) {
		enum err err = table_alloc(pool, next_pa);

		if (err != E_OK)
			return err;
		*e = *next_pa | PTE_VALID | PTE_TABLE;
		return E_OK;
	}
	if (!is_table(*e, level))
		return E_BUSY;	/* a block is in the way */
	*next_pa = *e & PTE_ADDR_MASK;
	return E_OK;
}

static enum err map_level(struct pgtable *pt, uint64_t table_pa,
			  unsigned int level, uint64_t va, uint64_t pa,
			  uint64_t size, uint64_t attrs, bool blocks)
{
	uint64_t *t = table_at(pt->pool, table_pa);

	while (size) {
		uint64_t sz = level_size(level);
		uint64_t chunk = sz - (va & (sz - 1));
		uint64_t *e = &t[level_index(va, level)];
		if (chunk > size)
			chunk = size;
		if (chunk == sz && can_map_leaf(level, va, pa, size, blocks)) {
			if (*e & PTE_VALID)
				return E_BUSY;
			*e = pa | attrs | PTE_VALID |
			     (level == PT_LEVELS - 1 ? PTE_PAGE : 0);
		} else {
			uint64_t next_pa;
			enum err err = descend(pt->pool, e, level, &next_pa);
			if (err == E_OK)
				err = map_level(pt, next_pa, level + 1, va, pa,
						chunk, attrs, blocks);
			if (err != E_OK)
				return err;
		}
		va += chunk;
		pa += chunk;
		size -= chunk;
	}
	return E_OK;
}

static bool in_va_range(const struct pgtable *pt, uint64_t va, uint64_t size)
{
	uint64_t top = (uint64_t)1 << pgtable_input_bits(pt);

	return va < top && size <= top - va;
}

enum err pgtable_map(struct pgtable *pt, uint64_t va, uint64_t pa,
		     uint64_t size, uint64_t attrs, bool blocks)
{
	size_t before = pt->pool->used;
	enum err e;

	if (!IS_ALIGNED(va | pa | size, PAGE_SIZE) || !size ||
	    (pa & ~PTE_ADDR_MASK) || !in_va_range(pt, va, size))
		return E_INVALID;
	e = map_level(pt, pt->root_pa, pt->start_level, va, pa, size, attrs,
		      blocks);
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
		if (chunk == sz || !(*e & PTE_VALID)) {
			*e = 0;
		} else if (is_table(*e, level)) {
			enum err err = unmap_level(pt, *e & PTE_ADDR_MASK, level + 1, va,
					  chunk);
			if (err != E_OK)
				return err;
		} else {
			return E_INVALID;	/* part of a block */
		}
		va += chunk;
		size -= chunk;
	}
	return E_OK;
}

enum err pgtable_unmap(struct pgtable *pt, uint64_t va, uint64_t size)
{
	if (!IS_ALIGNED(va | size, PAGE_SIZE) || !in_va_range(pt, va, size))
		return E_INVALID;
	return unmap_level(pt, pt->root_pa, pt->start_level, va, size);
}

COLD uint64_t pgtable_detach(struct pgtable *pt, uint64_t va)
{
	uint64_t *e;
	uint64_t desc;

	if (!in_va_range(pt, va, PAGE_SIZE))
		return 0;
	e = &table_at(pt->pool, pt->root_pa)[level_index(va, pt->start_level)];
	desc = *e;
	*e = 0;
	return is_table(desc, pt->start_level) ? desc : 0;
}

/* Give back the table at table_pa, of level `level`, and those below it. */
static COLD void release_level(struct pgtable *pt, uint64_t table_pa,
			       unsigned int level)
{
	uint64_t *t = table_at(pt->pool, table_pa);

	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		if ((t[i] & PTE_VALID) && is_table(t[i], level))
			release_level(pt, t[i] & PTE_ADDR_MASK, level + 1);
	}
	t[0] = pt->pool->free_pa;
	pt->pool->free_pa = table_pa;
	pt->pool->used--;
	pt->tables--;
}

COLD void pgtable_release(struct pgtable *pt, uint64_t desc)
{
	if (desc)
		release_level(pt, desc & PTE_ADDR_MASK, pt->start_level + 1);
}

bool pgtable_lookup(const struct pgtable *pt, uint64_t va, uint64_t *pa,
		    uint64_t *desc)
{
	uint64_t table_pa = pt->root_pa;

	if (!in_va_range(pt, va, 1))
		return false;
	for (unsigned int level = pt->start_level; level < PT_LEVELS; level++) {
		uint64_t e = table_at(pt->pool, table_pa)[level_index(va, level)];

		if (!(e & PTE_VALID))
			return false;
		if (is_table(e, level)) {
			table_pa = e & PTE_ADDR_MASK;
			continue;
		}
		if (level == 0 || (level == PT_LEVELS - 1 && !(e & PTE_PAGE)))
			return false;	/* reserved encodings */
		*pa = (e & PTE_ADDR_MASK & ~(level_size(level) - 1)) |
		      (va & (level_size(level) - 1));
		*desc = e;
		return true;
	}
	return false;
}

struct walk {
	const struct pgtable_pool *pool;
	pgtable_leaf_fn *leaf;
	pgtable_table_fn *table;
	void *arg;
};

static COLD void walk_level(const struct walk *w, uint64_t table_pa,
		       unsigned int level, uint64_t va)
{
	const uint64_t *t = table_at(w->pool, table_pa);
	uint64_t sz = level_size(level);

	if (w->table)
		w->table(w->arg, table_pa);
	for (unsigned int i = 0; i < PT_ENTRIES; i++) {
		uint64_t e = t[i], at = va + i * sz;

		if (!(e & PTE_VALID))
			continue;
		if (is_table(e, level))
			walk_level(w, e & PTE_ADDR_MASK, level + 1, at);
		else if (level > 0 && (level < PT_LEVELS - 1 || (e & PTE_PAGE)))
			w->leaf(w->arg, at, e & PTE_ADDR_MASK & ~(sz - 1), sz,
				e);
	}
}

COLD void pgtable_walk(const struct pgtable *pt, pgtable_leaf_fn *leaf,
		  pgtable_table_fn *table, void *arg)
{
	struct walk w = { pt->pool, leaf, table, arg };

	walk_level(&w, pt->root_pa, pt->start_level, 0);
}

/* A copy of the table at `pa` (same pool), its address in *copy_pa. */
static COLD enum err table_copy(struct pgtable_pool *pool, uint64_t pa,
			   uint64_t *copy_pa)
{
	enum err e = table_alloc(pool, copy_pa);

	if (e != E_OK)
		return e;
	for (unsigned int i = 0; i < PT_ENTRIES; i++)
		table_at(pool, *copy_pa)[i] = table_at(pool, pa)[i];
	return E_OK;
}

COLD uint64_t *pgtable_private_page(const struct pgtable *pt,
				    struct pgtable *copy, uint64_t va)
{
	uint64_t from = pt->root_pa, to;
	uint64_t *e = NULL;

	if (!in_va_range(pt, va, 1) || table_copy(pt->pool, from, &to) != E_OK)
		return NULL;
	*copy = (struct pgtable){ pt->pool, to, pt->start_level, 1 };
	for (unsigned int level = pt->start_level; level < PT_LEVELS; level++) {
		e = &table_at(pt->pool, to)[level_index(va, level)];
		if (level == PT_LEVELS - 1)
			return (*e & PTE_VALID) ? e : NULL;
		if (!is_table(*e, level))
			return NULL;	/* unmapped, or in a block */
		from = *e & PTE_ADDR_MASK;
		if (table_copy(pt->pool, from, &to) != E_OK)
			return NULL;
		copy->tables++;
		*e = (*e & ~PTE_ADDR_MASK) | to;
	}
	return NULL;
}
