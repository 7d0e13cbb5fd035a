/*
 * libFuzzer target: the x86 instruction decoder (arch/x86_64/decode.c)
 * over arbitrary bytes, as a hostile cell can put them at its RIP.
 *
 * Input: one byte choosing the mode and what to decode (a memory access,
 * or the length of one of the simple exits; a MOV to CR8 with the memory
 * access), then up to 15 instruction bytes.  Invariants after every decode:
 *   - a decoded instruction lies within the bytes given and within 15;
 *   - its fields are in range (sizes 1, 2, 4, 8; registers 0-15; a high
 *     byte register only for byte operands without REX);
 *   - the result depends only on the instruction's own bytes: decoding
 *     exactly `len` bytes gives the same, fewer gives E_RANGE.
 */
#include <arch/decode.h>
#include <stdlib.h>
#include <string.h>

static const enum x86_mode modes[] = { X86_MODE_16, X86_MODE_32, X86_MODE_64 };

static void check(int ok)
{
	if (!ok)
		abort();
}

static bool size_ok(unsigned int s)
{
	return s == 1 || s == 2 || s == 4 || s == 8;
}

static void check_access(const uint8_t *b, unsigned int n, enum x86_mode m)
{
	struct x86_insn in, again;
	enum err e = x86_decode_access(b, n, m, &in);

	if (e != E_OK) {
		check(e == E_INVALID || e == E_RANGE);
		return;
	}
	check(in.len >= 1 && in.len <= n && in.len <= X86_INSN_MAX);
	check(size_ok(in.size) && in.reg < 16);
	check(in.access == X86_STORE_IMM || size_ok(in.dest_size));
	check(!in.high_byte || in.reg < 4);
	check(x86_decode_access(b, in.len, m, &again) == E_OK);
	check(memcmp(&in, &again, sizeof(in)) == 0);
	check(x86_decode_access(b, in.len - 1, m, &again) == E_RANGE);
}

static void check_length(const uint8_t *b, unsigned int n, enum x86_mode m,
			 enum x86_simple which)
{
	unsigned int len = 0, again = 0;
	enum err e = x86_decode_length(b, n, m, which, &len);

	if (e != E_OK) {
		check(e == E_INVALID || e == E_RANGE);
		return;
	}
	check(len >= 1 && len <= n && len <= X86_INSN_MAX);
	check(x86_decode_length(b, len, m, which, &again) == E_OK &&
	      again == len);
}

static void check_mov_cr8(const uint8_t *b, unsigned int n, enum x86_mode m)
{
	unsigned int reg = 0, len = 0, reg2 = 0, len2 = 0;
	enum err e = x86_decode_mov_cr8(b, n, m, &reg, &len);

	if (e != E_OK) {
		check(e == E_INVALID || e == E_RANGE);
		return;
	}
	check(len >= 3 && len <= n && len <= X86_INSN_MAX && reg < 16);
	check(x86_decode_mov_cr8(b, len, m, &reg2, &len2) == E_OK &&
	      reg2 == reg && len2 == len);
	check(x86_decode_mov_cr8(b, len - 1, m, &reg2, &len2) == E_RANGE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t bytes[X86_INSN_MAX];
	unsigned int n;
	enum x86_mode m;

	if (size < 1)
		return 0;
	n = size - 1 > X86_INSN_MAX ? X86_INSN_MAX : (unsigned int)(size - 1);
	memcpy(bytes, data + 1, n);	/* exactly n readable: ASan sees past */
	m = modes[data[0] % 3];
	if ((data[0] >> 2) % 2 == 0) {
		check_access(bytes, n, m);
		check_mov_cr8(bytes, n, m);
	} else
		check_length(bytes, n, m, (enum x86_simple)((data[0] >> 3) % 6));
	return 0;
}
