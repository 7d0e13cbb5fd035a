/*
 * A small x86 instruction decoder for the exits SVM does not decode under
 * QEMU's TCG (no NRIP save, no decode assists): the length of the
 * instruction that caused an exit, and what a data access to emulated
 * memory (an NPF exit) does.  Plain C over bytes, fuzzed on the host
 * (arch/x86_64/fuzz/) and unit-tested.
 *
 * Memory-access instructions understood: MOV in all its register, immediate
 * and memory-offset forms (88, 89, 8A, 8B, C6, C7, A0-A3) and MOVZX
 * (0F B6, 0F B7), with operand-size, address-size, segment, REX and LOCK
 * prefixes.  Anything else is refused (the cell then pays for the access).
 * Also MOV to CR8, whose intercepted write SVM does not decode either.
 */
#ifndef ARCH_DECODE_H
#define ARCH_DECODE_H

#include <septum/error.h>
#include <septum/types.h>

#define X86_INSN_MAX 15		/* the architecture's longest instruction */

/* The code size the instruction runs in (from CS and EFER.LMA). */
enum x86_mode {
	X86_MODE_16 = 2,
	X86_MODE_32 = 4,
	X86_MODE_64 = 8,
};

enum x86_access {
	X86_LOAD,		/* register <- memory (MOV, MOVZX) */
	X86_STORE,		/* memory <- register */
	X86_STORE_IMM,		/* memory <- immediate */
};

struct x86_insn {
	unsigned int len;	/* bytes, prefixes included */
	enum x86_access access;
	unsigned int size;	/* bytes of the memory access: 1, 2, 4, 8 */
	unsigned int dest_size;	/* loads: bytes of the destination register */
	unsigned int reg;	/* register number (0 = RAX ... 15 = R15) */
	bool high_byte;		/* reg names AH, CH, DH or BH (no REX) */
	uint64_t imm;		/* X86_STORE_IMM: the value, sign-extended */
};

/*
 * Decode the memory access instruction in `bytes` (`avail` of them
 * readable).  E_OK with *insn; E_INVALID for an instruction this decoder
 * does not emulate (or malformed); E_RANGE if it runs past `avail`.
 */
enum err x86_decode_access(const uint8_t *bytes, unsigned int avail,
			   enum x86_mode mode, struct x86_insn *insn) MUST_CHECK;

/* The instructions whose exits need only their length. */
enum x86_simple {
	X86_CPUID,
	X86_RDMSR,
	X86_WRMSR,
	X86_HLT,
	X86_VMMCALL,
	X86_INVD,
};

/*
 * The length of instruction `which` at `bytes` (its prefixes included):
 * E_OK with *len, E_INVALID if the bytes are not that instruction, E_RANGE
 * if it runs past `avail`.
 */
enum err x86_decode_length(const uint8_t *bytes, unsigned int avail,
			   enum x86_mode mode, enum x86_simple which,
			   unsigned int *len) MUST_CHECK;

/*
 * A MOV to CR8 (its write intercepted): E_OK with the source register's
 * number (0 = RAX ... 15 = R15) in *reg and the length in *len; E_INVALID
 * if the bytes are another instruction, E_RANGE if they run past `avail`.
 */
enum err x86_decode_mov_cr8(const uint8_t *bytes, unsigned int avail,
			    enum x86_mode mode, unsigned int *reg,
			    unsigned int *len) MUST_CHECK;

#endif /* ARCH_DECODE_H */
