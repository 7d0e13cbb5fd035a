/*
 * The kit's memcpy, linked instead of picolibc's: the AArch64 build of
 * picolibc is made for size and copies one byte at a time, which would
 * dominate every message the channel rings (chan_ring) move.  This one
 * copies 32 bytes an iteration with load/store pairs of 8-byte words, which
 * may be unaligned (a ring slot's payload starts 4 bytes in): normal memory only, which is all a
 * guest copies with it.  General registers only, so an interrupt handler may
 * call it (the kit's vectors do not save FP/SIMD state), and no loop
 * pattern turned back into a call to memcpy.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint64_t __attribute__((may_alias, aligned(1))) kit_word;

__attribute__((optimize("no-tree-loop-distribute-patterns"),
	       target("general-regs-only")))
void *memcpy(void *restrict dst, const void *restrict src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	for (; n >= 32; n -= 32, d += 32, s += 32) {
		uint64_t w0, w1, w2, w3;

		/* Two load pairs, two store pairs (the compiler interleaves
		 * single loads and stores when left to itself). */
		__asm__ volatile("ldp %0, %1, [%4]\n\tldp %2, %3, [%4, #16]\n\t"
				 "stp %0, %1, [%5]\n\tstp %2, %3, [%5, #16]"
				 : "=&r"(w0), "=&r"(w1), "=&r"(w2), "=&r"(w3)
				 : "r"(s), "r"(d)
				 : "memory");
	}
	for (; n >= 8; n -= 8, d += 8, s += 8)
		*(kit_word *)d = *(const kit_word *)s;
	while (n--)
		*d++ = *s++;
	return dst;
}
