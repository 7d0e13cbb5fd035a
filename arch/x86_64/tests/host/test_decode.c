/*
 * Host unit tests of the x86 instruction decoder: the MOV forms MMIO
 * emulation meets, their lengths with prefixes, and what it refuses.
 */
#include <septum/test.h>
#include <arch/decode.h>

static struct x86_insn insn;

static enum err dec(enum x86_mode m, const uint8_t *b, unsigned int n)
{
	return x86_decode_access(b, n, m, &insn);
}

#define DEC(m, ...)                                                            \
	dec(m, (const uint8_t[]){ __VA_ARGS__ },                               \
	    sizeof((const uint8_t[]){ __VA_ARGS__ }))

TEST(x86_decode, loads)
{
	EXPECT_EQ(DEC(X86_MODE_64, 0x8b, 0x07), E_OK);	/* mov eax, [rdi] */
	EXPECT_EQ(insn.len, 2);
	EXPECT_EQ(insn.access, X86_LOAD);
	EXPECT_EQ(insn.size, 4);
	EXPECT_EQ(insn.reg, 0);
	EXPECT_EQ(DEC(X86_MODE_64, 0x48, 0x8b, 0x4f, 0x08), E_OK); /* rcx */
	EXPECT_EQ(insn.len, 4);
	EXPECT_EQ(insn.size, 8);
	EXPECT_EQ(insn.reg, 1);
	EXPECT_EQ(DEC(X86_MODE_64, 0x44, 0x8b, 0x07), E_OK);	/* r8d */
	EXPECT_EQ(insn.reg, 8);
	EXPECT_EQ(DEC(X86_MODE_64, 0x0f, 0xb6, 0x07), E_OK);	/* movzx */
	EXPECT_EQ(insn.size, 1);
	EXPECT_EQ(insn.dest_size, 4);
	EXPECT(!insn.high_byte);
}

TEST(x86_decode, stores_and_byte_registers)
{
	EXPECT_EQ(DEC(X86_MODE_64, 0x88, 0x27), E_OK);	/* mov [rdi], ah */
	EXPECT_EQ(insn.access, X86_STORE);
	EXPECT_EQ(insn.size, 1);
	EXPECT_EQ(insn.reg, 0);
	EXPECT(insn.high_byte);
	EXPECT_EQ(DEC(X86_MODE_64, 0x40, 0x88, 0x27), E_OK);	/* spl */
	EXPECT_EQ(insn.reg, 4);
	EXPECT(!insn.high_byte);
	EXPECT_EQ(DEC(X86_MODE_64, 0x66, 0x89, 0x07), E_OK);	/* ax */
	EXPECT_EQ(insn.size, 2);
}

TEST(x86_decode, immediates)
{
	EXPECT_EQ(DEC(X86_MODE_64, 0xc7, 0x07, 0x78, 0x56, 0x34, 0x12), E_OK);
	EXPECT_EQ(insn.access, X86_STORE_IMM);
	EXPECT_EQ(insn.len, 6);
	EXPECT_EQ(insn.imm, 0x12345678);
	EXPECT_EQ(DEC(X86_MODE_64, 0x66, 0xc7, 0x07, 0x34, 0x12), E_OK);
	EXPECT_EQ(insn.len, 5);
	EXPECT_EQ(insn.size, 2);
	EXPECT_EQ(DEC(X86_MODE_64, 0x48, 0xc7, 0x07, 0xff, 0xff, 0xff, 0xff),
		  E_OK);
	EXPECT_EQ(insn.size, 8);
	EXPECT_EQ(insn.imm, ~0ull);	/* sign-extended to 64 bits */
	EXPECT_EQ(DEC(X86_MODE_64, 0xc6, 0x47, 0x05, 0x80), E_OK);
	EXPECT_EQ(insn.len, 4);
	EXPECT_EQ(insn.size, 1);
}

TEST(x86_decode, addressing_forms)
{
	/* SIB with a 32-bit displacement: mov eax, [0xfee00300]. */
	EXPECT_EQ(DEC(X86_MODE_64, 0x8b, 0x04, 0x25, 0x00, 0x03, 0xe0, 0xfe),
		  E_OK);
	EXPECT_EQ(insn.len, 7);
	/* RIP-relative. */
	EXPECT_EQ(DEC(X86_MODE_64, 0x8b, 0x05, 1, 2, 3, 4), E_OK);
	EXPECT_EQ(insn.len, 6);
	/* Memory offset, 64-bit address. */
	EXPECT_EQ(DEC(X86_MODE_64, 0xa1, 0, 0, 0xe0, 0xfe, 0, 0, 0, 0), E_OK);
	EXPECT_EQ(insn.len, 9);
	EXPECT_EQ(insn.access, X86_LOAD);
	/* 16-bit code: mov ax, [bx]; with 0x66, eax; [disp16]. */
	EXPECT_EQ(DEC(X86_MODE_16, 0x8b, 0x07), E_OK);
	EXPECT_EQ(insn.size, 2);
	EXPECT_EQ(DEC(X86_MODE_16, 0x66, 0x8b, 0x07), E_OK);
	EXPECT_EQ(insn.size, 4);
	EXPECT_EQ(DEC(X86_MODE_16, 0x8b, 0x06, 0x34, 0x12), E_OK);
	EXPECT_EQ(insn.len, 4);
	/* 32-bit code: REX bytes are INC/DEC, not prefixes. */
	EXPECT_EQ(DEC(X86_MODE_32, 0x48, 0x8b, 0x07), E_INVALID);
}

TEST(x86_decode, refuses_what_it_does_not_emulate)
{
	EXPECT_EQ(DEC(X86_MODE_64, 0x01, 0x07), E_INVALID);	/* add */
	EXPECT_EQ(DEC(X86_MODE_64, 0x8b, 0xc0), E_INVALID);	/* register */
	EXPECT_EQ(DEC(X86_MODE_64, 0xc7, 0x0f, 0, 0, 0, 0), E_INVALID);
	EXPECT_EQ(DEC(X86_MODE_64, 0x8b), E_RANGE);		/* cut short */
	EXPECT_EQ(DEC(X86_MODE_64, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66,
		      0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x66, 0x8b,
		      0x07), E_RANGE);	/* longer than 15 bytes */
}

TEST(x86_decode, lengths_of_simple_exits)
{
	unsigned int len = 0;

	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0x0f, 0xa2 }, 2,
				    X86_MODE_64, X86_CPUID, &len), E_OK);
	EXPECT_EQ(len, 2);
	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0x66, 0x0f, 0xa2 }, 3,
				    X86_MODE_64, X86_CPUID, &len), E_OK);
	EXPECT_EQ(len, 3);
	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0x0f, 0x01, 0xd9 }, 15,
				    X86_MODE_64, X86_VMMCALL, &len), E_OK);
	EXPECT_EQ(len, 3);
	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0xf4 }, 1, X86_MODE_16,
				    X86_HLT, &len), E_OK);
	EXPECT_EQ(len, 1);
	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0x0f, 0x30 }, 2,
				    X86_MODE_64, X86_CPUID, &len), E_INVALID);
	EXPECT_EQ(x86_decode_length((const uint8_t[]){ 0x0f }, 1, X86_MODE_64,
				    X86_WRMSR, &len), E_RANGE);
}

TEST(x86_decode, mov_to_cr8)
{
	unsigned int reg = 99, len = 0;

	/* mov %rax,%cr8; mov %r9,%cr8 (REX.B) */
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x44, 0x0f, 0x22, 0xc0 },
				     4, X86_MODE_64, &reg, &len), E_OK);
	EXPECT_EQ(reg, 0);
	EXPECT_EQ(len, 4);
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x45, 0x0f, 0x22, 0xc1 },
				     15, X86_MODE_64, &reg, &len), E_OK);
	EXPECT_EQ(reg, 9);
	EXPECT_EQ(len, 4);
	/* lock mov %ecx,%cr0: CR8 outside 64-bit mode */
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0xf0, 0x0f, 0x22, 0xc1 },
				     4, X86_MODE_32, &reg, &len), E_OK);
	EXPECT_EQ(reg, 1);
	EXPECT_EQ(len, 4);
	/* mov %rax,%cr0; mov %rax,%cr11; a REX cut off by a prefix */
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x0f, 0x22, 0xc0 }, 3,
				     X86_MODE_64, &reg, &len), E_INVALID);
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x44, 0x0f, 0x22, 0xd8 },
				     4, X86_MODE_64, &reg, &len), E_INVALID);
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x44, 0x66, 0x0f, 0x22,
							0xc0 },
				     5, X86_MODE_64, &reg, &len), E_INVALID);
	/* mov %cr8,%rax (a read), and too few bytes */
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x44, 0x0f, 0x20, 0xc0 },
				     4, X86_MODE_64, &reg, &len), E_INVALID);
	EXPECT_EQ(x86_decode_mov_cr8((const uint8_t[]){ 0x44, 0x0f, 0x22 }, 3,
				     X86_MODE_64, &reg, &len), E_RANGE);
}
