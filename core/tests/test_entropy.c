/*
 * Unit tests of the cells' boot entropy: the block function against
 * RFC 8439's published key stream, and the generator's rules (nothing
 * before 32 bytes of seed, never the same bytes twice).
 */
#include <septum/entropy.h>
#include <septum/test.h>

#include <string.h>

/* RFC 8439 A.1, test vector #1: all-zero key, nonce and counter. */
static const uint8_t zero_key_stream[64] = {
	0x76, 0xb8, 0xe0, 0xad, 0xa0, 0xf1, 0x3d, 0x90, 0x40, 0x5d, 0x6a, 0xe5,
	0x53, 0x86, 0xbd, 0x28, 0xbd, 0xd2, 0x19, 0xb8, 0xa0, 0x8d, 0xed, 0x1a,
	0xa8, 0x36, 0xef, 0xcc, 0x8b, 0x77, 0x0d, 0xc7, 0xda, 0x41, 0x59, 0x7c,
	0x51, 0x57, 0x48, 0x8d, 0x77, 0x24, 0xe0, 0x3f, 0xb8, 0xd8, 0x4a, 0x37,
	0x6a, 0x43, 0xb8, 0xf4, 0x15, 0x18, 0xa1, 0x1c, 0xc3, 0x87, 0xb6, 0x69,
	0xb2, 0xee, 0x65, 0x86,
};

TEST(entropy, chacha20_block_matches_rfc8439)
{
	static const uint32_t key[8], nonce[3];
	uint32_t out[16];
	uint8_t bytes[64];

	chacha20_block(key, 0, nonce, out);
	for (unsigned int i = 0; i < 64; i++)
		bytes[i] = (uint8_t)(out[i / 4] >> (8 * (i % 4)));
	EXPECT(memcmp(bytes, zero_key_stream, sizeof(bytes)) == 0);
}

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i])
			return false;
	}
	return true;
}

TEST(entropy, draws_only_when_seeded_and_never_repeats)
{
	uint8_t seed[16], a[100], b[100];

	memset(seed, 0x5a, sizeof(seed));
	memset(a, 0, sizeof(a));
	EXPECT(!entropy_draw(a, sizeof(a)));
	EXPECT(all_zero(a, sizeof(a)));
	entropy_add(seed, sizeof(seed));
	EXPECT(!entropy_draw(a, sizeof(a)));	/* 16 of 32 bytes */
	entropy_add(seed, sizeof(seed));
	EXPECT(entropy_draw(a, sizeof(a)));	/* two blocks' worth */
	EXPECT(entropy_draw(b, sizeof(b)));
	EXPECT(memcmp(a, b, sizeof(a)) != 0);
	EXPECT(memcmp(a, a + 64, 36) != 0);	/* the blocks differ */
	EXPECT(!all_zero(a + 64, 36));
}
