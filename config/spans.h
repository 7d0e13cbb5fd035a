/*
 * Address ranges already given out, and walking the free ones between them:
 * the allocator behind every placement the tool makes (cache colouring's
 * pages in colour.c, regions, channels and guest addresses in place.c).
 */
#ifndef CONFIG_SPANS_H
#define CONFIG_SPANS_H

#include <stddef.h>
#include <stdint.h>

/* [base, end): taken. */
struct span {
	uint64_t base, end;
};

/* A set of taken spans; sorted by base (spans_sort()) before a walk. */
struct spans {
	struct span *s;
	size_t n;
};

/* Add [base, base + size) (nothing when empty or wrapping). */
void spans_add(struct spans *t, uint64_t base, uint64_t size);
void spans_sort(struct spans *t);
void spans_free(struct spans *t);

/* The free 4 KiB page frames of a range, interval by interval. */
struct spans_walk_state {
	const struct spans *taken;
	size_t i;
	uint64_t at, end;	/* page frame numbers */
};

/* Walk the pages of [base, base + size) that no span of `taken` (sorted)
 * touches. */
void spans_walk(struct spans_walk_state *w, const struct spans *taken,
		uint64_t base, uint64_t size);

/* The next free interval [*lo, *hi) of frames; 0 past the last. */
int spans_next_free(struct spans_walk_state *w, uint64_t *lo,
		    uint64_t *hi);

/*
 * The lowest address in [base, base + size), a multiple of `align` (a power
 * of two, at least a page), where `need` bytes are free of `taken` (sorted).
 * Returns 1 and sets *at, else 0.  *largest (when not NULL) grows to the
 * largest free interval seen and *total by the free bytes seen (all of
 * them when nothing fits).
 */
int spans_fit(const struct spans *taken, uint64_t base, uint64_t size,
	      uint64_t need, uint64_t align, uint64_t *at, uint64_t *largest,
	      uint64_t *total);

#endif /* CONFIG_SPANS_H */
