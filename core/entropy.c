/*
 * The cells' boot entropy.  A Linux cell needs random bytes before its first
 * instruction (/chosen rng-seed, kaslr-seed): without them its random number
 * generator starts unseeded, and every CPU then draws through one global
 * lock until enough interrupt timings come in, which costs a busy Linux a
 * tenth of its work.  The hypervisor has no entropy source of its own on
 * most boards; its boot loader usually has one and hands the hypervisor a
 * seed in the same way.  That seed keys a ChaCha20 generator here, and every
 * cell start draws fresh bytes from it, so no two cells, and no two lives of
 * one cell, see the same seed.
 *
 * Seeding: each 32-byte chunk of seed is XORed into the key, which is then
 * replaced by a block of ChaCha20 under it (the block function is a PRF of
 * its key, so the key ends up depending on every chunk).  Drawing: blocks
 * under the key with a running counter, then the key is replaced by one more
 * block, so the state after a draw cannot reproduce what it handed out.
 */
#include <septum/entropy.h>
#include <septum/spinlock.h>
#include <string.h>

#define KEY_WORDS 8u
#define BLOCK_WORDS 16u
#define BLOCK_BYTES 64u

/* The block function's nonces: one per use of the key. */
static const uint32_t nonce_seed[3] = { 1, 0, 0 };
static const uint32_t nonce_draw[3] = { 2, 0, 0 };
static const uint32_t nonce_rekey[3] = { 3, 0, 0 };

static struct {
	struct spinlock lock;
	uint32_t key[KEY_WORDS];
	size_t seeded;		/* bytes of seed added */
} gen = { .lock = SPINLOCK_INIT };

/* Clear a key block no one reads again (a store the compiler must keep). */
static void wipe(uint32_t *p, size_t words)
{
	volatile uint32_t *v = p;

	for (size_t i = 0; i < words; i++)
		v[i] = 0;
}

static uint32_t rotl(uint32_t v, unsigned int n)
{
	return (v << n) | (v >> (32u - n));
}

static void quarter(uint32_t *x, unsigned int a, unsigned int b,
		    unsigned int c, unsigned int d)
{
	x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 16);
	x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 12);
	x[a] += x[b]; x[d] = rotl(x[d] ^ x[a], 8);
	x[c] += x[d]; x[b] = rotl(x[b] ^ x[c], 7);
}

/* The words of each quarter round of a double round (RFC 8439, 2.3). */
static const uint8_t rounds[8][4] = {
	{ 0, 4, 8, 12 }, { 1, 5, 9, 13 }, { 2, 6, 10, 14 }, { 3, 7, 11, 15 },
	{ 0, 5, 10, 15 }, { 1, 6, 11, 12 }, { 2, 7, 8, 13 }, { 3, 4, 9, 14 },
};

void chacha20_block(const uint32_t key[8], uint32_t counter,
		    const uint32_t nonce[3], uint32_t out[16])
{
	/* "expand 32-byte k", the constant words of RFC 8439's state. */
	static const uint32_t sigma[4] = { 0x61707865u, 0x3320646eu,
					   0x79622d32u, 0x6b206574u };
	uint32_t in[BLOCK_WORDS];
	unsigned int i;

	memcpy(in, sigma, sizeof(sigma));
	memcpy(&in[4], key, KEY_WORDS * 4);
	in[12] = counter;
	memcpy(&in[13], nonce, 3 * 4);
	memcpy(out, in, sizeof(in));
	for (i = 0; i < 10 * 8; i++) {	/* 20 rounds: column, then diagonal */
		const uint8_t *q = rounds[i % 8];

		quarter(out, q[0], q[1], q[2], q[3]);
	}
	for (i = 0; i < BLOCK_WORDS; i++)
		out[i] += in[i];
}

/* The key becomes the first half of a block under it (caller holds lock). */
static void rekey(const uint32_t nonce[3])
{
	uint32_t block[BLOCK_WORDS];

	chacha20_block(gen.key, 0, nonce, block);
	memcpy(gen.key, block, sizeof(gen.key));
	wipe(block, BLOCK_WORDS);
}

void entropy_add(const void *seed, size_t len)
{
	const uint8_t *p = seed;

	spin_lock(&gen.lock);
	for (size_t i = 0; i < len; i++) {
		gen.key[i / 4 % KEY_WORDS] ^= (uint32_t)p[i] << (8 * (i % 4));
		if (i % sizeof(gen.key) == sizeof(gen.key) - 1 || i == len - 1)
			rekey(nonce_seed);	/* after each 32-byte chunk */
	}
	gen.seeded += len;
	spin_unlock(&gen.lock);
}

bool entropy_draw(void *out, size_t len)
{
	uint8_t *dst = out;
	uint32_t block[BLOCK_WORDS];
	uint32_t counter = 0;

	spin_lock(&gen.lock);
	if (gen.seeded < ENTROPY_MIN_SEED) {
		spin_unlock(&gen.lock);
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		size_t at = i % BLOCK_BYTES;

		if (at == 0)
			chacha20_block(gen.key, counter++, nonce_draw, block);
		dst[i] = (uint8_t)(block[at / 4] >> (8 * (at % 4)));
	}
	rekey(nonce_rekey);
	spin_unlock(&gen.lock);
	wipe(block, BLOCK_WORDS);
	return true;
}
