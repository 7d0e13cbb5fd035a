/*
 * Small helpers of the config tool: allocation that cannot fail silently (the
 * tool is a short-lived host program: out of memory is fatal) and file reading.
 */
#ifndef CONFIG_UTIL_H
#define CONFIG_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

/* malloc/calloc/realloc/strdup that exit(2) with a message on failure. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);

/*
 * Read the whole file `path` into a fresh buffer (NUL-terminated, the NUL not
 * counted in *size).  Returns NULL with errno set if it cannot be read.
 */
void *read_file(const char *path, size_t *size);

/* Write `size` bytes to `path`; returns 0, or -1 with errno set. */
int write_file(const char *path, const void *data, size_t size);

/* Round v up / down to a multiple of the power of two `align`. */
static inline uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1u) & ~(align - 1u);
}

static inline uint64_t align_down(uint64_t v, uint64_t align)
{
	return v & ~(align - 1u);
}

/* [a, a + an) and [b, b + bn) share a byte; ranges must not wrap. */
static inline int ranges_overlap(uint64_t a, uint64_t an, uint64_t b,
				 uint64_t bn)
{
	return an != 0 && bn != 0 && a < b + bn && b < a + an;
}

/* [a, a + an) lies inside [b, b + bn). */
static inline int range_within(uint64_t a, uint64_t an, uint64_t b,
			       uint64_t bn)
{
	return a >= b && an <= bn && a - b <= bn - an;
}

#endif /* CONFIG_UTIL_H */
