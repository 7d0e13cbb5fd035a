/*
 * Boot entropy for the cells (core/entropy.c): a ChaCha20 generator keyed
 * from the seeds the hypervisor's own boot loader handed it.
 */
#ifndef SEPTUM_ENTROPY_H
#define SEPTUM_ENTROPY_H

#include <septum/types.h>

/* Bytes of seed the generator needs before it hands anything out. */
#define ENTROPY_MIN_SEED 32u

/*
 * Mix `len` bytes of seed into the generator (boot, before any cell
 * starts).  The bytes are trusted as random, as Linux trusts its boot
 * loader's rng-seed.
 */
void entropy_add(const void *seed, size_t len);

/*
 * Fill out[0, len) with fresh random bytes; false (and nothing written) if
 * fewer than ENTROPY_MIN_SEED bytes of seed were ever added.  Any CPU.
 */
bool entropy_draw(void *out, size_t len) MUST_CHECK;

/* RFC 8439's block function: 64 bytes of key stream, little-endian words. */
void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint32_t out[16]);

#endif /* SEPTUM_ENTROPY_H */
