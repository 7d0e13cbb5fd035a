/* Taken ranges and the free ones between them; see spans.h. */
#include <stdlib.h>

#include <septum/abi/config.h>

#include "spans.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE

void spans_add(struct spans *t, uint64_t base, uint64_t size)
{
	if (size == 0 || base + size < base)
		return;
	t->s = xrealloc(t->s, (t->n + 1) * sizeof(*t->s));
	t->s[t->n++] = (struct span){ base, base + size };
}

static int span_cmp(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->base < y->base ? -1 : x->base > y->base;
}

void spans_sort(struct spans *t)
{
	if (t->n)
		qsort(t->s, t->n, sizeof(*t->s), span_cmp);
}

void spans_free(struct spans *t)
{
	free(t->s);
	t->s = NULL;
	t->n = 0;
}

void spans_walk(struct spans_walk_state *w, const struct spans *taken,
		uint64_t base, uint64_t size)
{
	*w = (struct spans_walk_state){ taken, 0, align_up(base, PAGE) / PAGE,
				 (base + size) / PAGE };
}

int spans_next_free(struct spans_walk_state *w, uint64_t *lo,
		    uint64_t *hi)
{
	const struct span *s = w->taken->s;
	size_t n = w->taken->n;

	while (w->at < w->end) {
		while (w->i < n && s[w->i].end <= w->at * PAGE)
			w->i++;
		/* A span touching page `at`, even from its middle, takes it. */
		if (w->i < n && s[w->i].base / PAGE <= w->at) {
			/* A span ending in the last page leaves nothing. */
			w->at = s[w->i].end > UINT64_MAX - PAGE + 1u ? w->end :
				align_up(s[w->i].end, PAGE) / PAGE;
			continue;
		}
		*lo = w->at;
		*hi = w->i < n && s[w->i].base / PAGE < w->end ?
			      s[w->i].base / PAGE : w->end;
		w->at = *hi;
		return 1;
	}
	return 0;
}

int spans_fit(const struct spans *taken, uint64_t base, uint64_t size,
	      uint64_t need, uint64_t align, uint64_t *at, uint64_t *largest,
	      uint64_t *total)
{
	struct spans_walk_state w;
	uint64_t lo, hi;

	spans_walk(&w, taken, base, size);
	while (spans_next_free(&w, &lo, &hi)) {
		uint64_t start = align_up(lo * PAGE, align), end = hi * PAGE;

		if (largest && end - lo * PAGE > *largest)
			*largest = end - lo * PAGE;
		if (total)
			*total += end - lo * PAGE;
		if (start >= lo * PAGE && start < end && need <= end - start) {
			*at = start;
			return 1;
		}
	}
	return 0;
}
