/*
 * Basic types shared by all of the hypervisor.
 *
 * Physical, intermediate-physical (guest) and hypervisor-virtual addresses are
 * distinct struct types, so handing one where another is expected does not
 * compile.  Convert explicitly with the constructors and accessors below.
 */
#ifndef SEPTUM_TYPES_H
#define SEPTUM_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A physical address, as the CPU's bus sees it. */
typedef struct {
	uint64_t bits;
} paddr_t;

/* An intermediate-physical address: what a cell believes is physical. */
typedef struct {
	uint64_t bits;
} ipaddr_t;

static inline paddr_t pa(uint64_t bits)
{
	return (paddr_t){ bits };
}

static inline ipaddr_t ipa(uint64_t bits)
{
	return (ipaddr_t){ bits };
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define PAGE_SHIFT 12
#define PAGE_SIZE ((size_t)1 << PAGE_SHIFT)

/* Round x up/down to a power-of-two alignment a. */
#define ALIGN_UP(x, a) (((x) + ((a) - 1)) & ~((__typeof__(x))(a) - 1))
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)

#define BIT(n) ((uint64_t)1 << (n))
/* Mask of bits hi..lo inclusive. */
#define GENMASK(hi, lo) ((~(uint64_t)0 >> (63 - (hi))) & (~(uint64_t)0 << (lo)))
/* Extract field hi..lo of v, shifted down to bit 0. */
#define FIELD_GET(v, hi, lo) (((uint64_t)(v) & GENMASK(hi, lo)) >> (lo))

#define NORETURN __attribute__((noreturn))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#define MUST_CHECK __attribute__((warn_unused_result))
/* Rarely run (boot, configuration): built for size, kept off hot paths. */
#define COLD __attribute__((cold))
/* Kept out of line: its registers and stack stay off the caller's fast way. */
#define NOINLINE __attribute__((noinline))
/* No effect but its result, which depends on its arguments and memory only:
 * the compiler may merge calls with no store between them. */
#define PURE __attribute__((pure))

#endif /* SEPTUM_TYPES_H */
