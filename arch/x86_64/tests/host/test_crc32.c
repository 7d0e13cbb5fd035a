/*
 * Host unit tests of the x86 hypervisor's CRC-32: the standard check value,
 * every length and alignment around the four-byte steps against a bit-by-bit
 * reference, and a stream continued across calls.
 */
#include <septum/test.h>
#include <septum/crc32.h>

static uint32_t reference(uint32_t crc, const uint8_t *p, size_t len)
{
	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (unsigned int k = 0; k < 8; k++)
			crc = (crc >> 1) ^ (0xedb88320u & -(crc & 1u));
	}
	return ~crc;
}

static uint8_t data[256];

static void fill(void)
{
	uint32_t x = 12345;

	for (unsigned int i = 0; i < sizeof(data); i++) {
		x = x * 1103515245u + 12345u;
		data[i] = (uint8_t)(x >> 16);
	}
}

TEST(x86_crc32, check_value)
{
	EXPECT_EQ(crc32_update(0, "123456789", 9), 0xcbf43926u);
	EXPECT_EQ(crc32_update(0, NULL, 0), 0);
}

TEST(x86_crc32, lengths_and_alignments)
{
	fill();
	for (unsigned int off = 0; off < 4; off++) {
		for (size_t len = 0; len <= 64; len++)
			EXPECT_EQ(crc32_update(0, data + off, len),
				  reference(0, data + off, len));
	}
	EXPECT_EQ(crc32_update(0, data, sizeof(data)),
		  reference(0, data, sizeof(data)));
}

TEST(x86_crc32, continued_stream)
{
	fill();
	for (size_t cut = 0; cut <= 13; cut++)
		EXPECT_EQ(crc32_update(crc32_update(0, data, cut), data + cut,
				       sizeof(data) - cut),
			  crc32_update(0, data, sizeof(data)));
}
