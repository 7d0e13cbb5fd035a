/*
 * The instruction decoder (see arch/decode.h).  Opcode and ModRM encodings:
 * AMD64 APM vol. 3, chapters 1 and 2.
 */
#include <arch/decode.h>

#define PREFIX_OPSIZE 0x66
#define PREFIX_ADDRSIZE 0x67
#define REX_W BIT(3)
#define REX_R BIT(2)
#define REX_B BIT(0)
#define PREFIX_LOCK 0xf0
#define MODRM_MOD(m) ((m) >> 6)
#define MODRM_REG(m) (((m) >> 3) & 7u)
#define MODRM_RM(m) ((m) & 7u)
#define MOD_REGISTER 3u
#define RM_SIB 4u
#define RM_DISP_ONLY 5u
#define RM16_DISP_ONLY 6u

/* The bytes being decoded and how far we got. */
struct cursor {
	const uint8_t *bytes;
	unsigned int avail, pos;
	enum x86_mode mode;
	bool opsize, addrsize, lock;
	uint8_t rex;
};

static bool take(struct cursor *c, uint8_t *b)
{
	if (c->pos >= c->avail || c->pos >= X86_INSN_MAX)
		return false;
	*b = c->bytes[c->pos++];
	return true;
}

static bool skip(struct cursor *c, unsigned int n)
{
	if (n > c->avail - c->pos || c->pos + n > X86_INSN_MAX)
		return false;
	c->pos += n;
	return true;
}

static bool is_legacy_prefix(uint8_t b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e:	/* segments */
	case 0x64: case 0x65:
	case PREFIX_LOCK:
	case PREFIX_OPSIZE: case PREFIX_ADDRSIZE:
		return true;
	default:
		return false;
	}
}

/*
 * Prefixes, then the first opcode byte in *op.  REX counts only right
 * before the opcode, in 64-bit mode.  E_RANGE if the bytes end first.
 */
static enum err prefixes(struct cursor *c, uint8_t *op)
{
	for (;;) {
		if (!take(c, op))
			return E_RANGE;
		if (is_legacy_prefix(*op)) {
			c->opsize |= *op == PREFIX_OPSIZE;
			c->addrsize |= *op == PREFIX_ADDRSIZE;
			c->lock |= *op == PREFIX_LOCK;
			c->rex = 0;
			continue;
		}
		if (c->mode == X86_MODE_64 && (*op & 0xf0) == 0x40) {
			c->rex = *op;
			continue;
		}
		return E_OK;
	}
}

/* Bytes of address the instruction uses (2, 4 or 8). */
static unsigned int address_size(const struct cursor *c)
{
	if (c->mode == X86_MODE_64)
		return c->addrsize ? 4 : 8;
	if (c->mode == X86_MODE_32)
		return c->addrsize ? 2 : 4;
	return c->addrsize ? 4 : 2;
}

/* Operand size of a full-size (not byte) operation. */
static unsigned int operand_size(const struct cursor *c)
{
	if (c->rex & REX_W)
		return 8;
	if (c->mode == X86_MODE_16)
		return c->opsize ? 4 : 2;
	return c->opsize ? 2 : 4;
}

/* Skip what follows a ModRM byte that names memory: SIB, displacement. */
static enum err modrm_memory(struct cursor *c, uint8_t modrm)
{
	unsigned int mod = MODRM_MOD(modrm), rm = MODRM_RM(modrm);
	uint8_t sib = 0;

	if (mod == MOD_REGISTER)
		return E_INVALID;	/* a register: no memory access */
	if (address_size(c) == 2) {
		if (mod == 0 && rm == RM16_DISP_ONLY)
			return skip(c, 2) ? E_OK : E_RANGE;
		return skip(c, mod) ? E_OK : E_RANGE;	/* 0, 1 or 2 bytes */
	}
	if (rm == RM_SIB && !take(c, &sib))
		return E_RANGE;
	if (mod == 0 && (rm == RM_DISP_ONLY ||
			 (rm == RM_SIB && (sib & 7u) == RM_DISP_ONLY)))
		return skip(c, 4) ? E_OK : E_RANGE;
	return skip(c, mod == 1 ? 1 : mod == 2 ? 4 : 0) ? E_OK : E_RANGE;
}

static uint64_t read_imm(const struct cursor *c, unsigned int at,
			 unsigned int n)
{
	uint64_t v = 0;

	for (unsigned int i = 0; i < n; i++)
		v |= (uint64_t)c->bytes[at + i] << (8 * i);
	if (n < 8 && (v & BIT(8 * n - 1)))
		v |= ~(uint64_t)0 << (8 * n);	/* sign-extend */
	return v;
}

/* MOV r/m, imm (C6 /0, C7 /0): immediate of the operand's size, at most 4. */
static enum err store_imm(struct cursor *c, uint8_t modrm, unsigned int size,
			  struct x86_insn *insn)
{
	unsigned int n = size == 8 ? 4 : size, at;
	enum err e;

	if (MODRM_REG(modrm) != 0)
		return E_INVALID;
	e = modrm_memory(c, modrm);
	if (e != E_OK)
		return e;
	at = c->pos;
	if (!skip(c, n))
		return E_RANGE;
	insn->access = X86_STORE_IMM;
	insn->size = size;
	insn->imm = read_imm(c, at, n);
	return E_OK;
}

/* A ModRM form: 88/89 store, 8A/8B load, MOVZX 0F B6/B7. */
static enum err modrm_form(struct cursor *c, enum x86_access access,
			   unsigned int size, unsigned int dest_size,
			   struct x86_insn *insn)
{
	uint8_t modrm;
	enum err e;

	if (!take(c, &modrm))
		return E_RANGE;
	e = modrm_memory(c, modrm);
	if (e != E_OK)
		return e;
	insn->access = access;
	insn->size = size;
	insn->dest_size = dest_size;
	insn->reg = MODRM_REG(modrm) | ((c->rex & REX_R) ? 8u : 0u);
	/* Without REX, byte registers 4-7 are AH, CH, DH, BH. */
	if (!c->rex && insn->reg >= 4 && (access == X86_STORE ? size
							      : dest_size) == 1) {
		insn->high_byte = true;
		insn->reg -= 4;
	}
	return E_OK;
}

/* MOV to or from a memory offset (A0-A3): the accumulator. */
static enum err moffs(struct cursor *c, uint8_t op, struct x86_insn *insn)
{
	if (!skip(c, address_size(c)))
		return E_RANGE;
	insn->access = (op & 2) ? X86_STORE : X86_LOAD;
	insn->size = (op & 1) ? operand_size(c) : 1;
	insn->dest_size = insn->size;
	insn->reg = 0;
	return E_OK;
}

static enum err two_byte(struct cursor *c, struct x86_insn *insn)
{
	uint8_t op;

	if (!take(c, &op))
		return E_RANGE;
	if (op == 0xb6 || op == 0xb7)
		return modrm_form(c, X86_LOAD, op == 0xb6 ? 1 : 2,
				  operand_size(c), insn);
	return E_INVALID;
}

static enum err one_byte(struct cursor *c, uint8_t op, struct x86_insn *insn)
{
	uint8_t modrm;

	switch (op) {
	case 0x88:
		return modrm_form(c, X86_STORE, 1, 1, insn);
	case 0x89:
		return modrm_form(c, X86_STORE, operand_size(c),
				  operand_size(c), insn);
	case 0x8a:
		return modrm_form(c, X86_LOAD, 1, 1, insn);
	case 0x8b:
		return modrm_form(c, X86_LOAD, operand_size(c),
				  operand_size(c), insn);
	case 0xa0: case 0xa1: case 0xa2: case 0xa3:
		return moffs(c, op, insn);
	case 0xc6:
	case 0xc7:
		if (!take(c, &modrm))
			return E_RANGE;
		return store_imm(c, modrm, op == 0xc6 ? 1 : operand_size(c),
				 insn);
	case 0x0f:
		return two_byte(c, insn);
	default:
		return E_INVALID;
	}
}

enum err x86_decode_access(const uint8_t *bytes, unsigned int avail,
			   enum x86_mode mode, struct x86_insn *insn)
{
	struct cursor c = { bytes, avail, 0, mode, false, false, false, 0 };
	uint8_t op;
	enum err e;

	*insn = (struct x86_insn){ 0 };
	e = prefixes(&c, &op);
	if (e == E_OK)
		e = one_byte(&c, op, insn);
	insn->len = c.pos;
	return e;
}

/* The opcode bytes (after prefixes) of each simple instruction. */
static const struct {
	uint8_t n;
	uint8_t op[3];
} simple_ops[] = {
	[X86_CPUID] = { 2, { 0x0f, 0xa2 } },
	[X86_RDMSR] = { 2, { 0x0f, 0x32 } },
	[X86_WRMSR] = { 2, { 0x0f, 0x30 } },
	[X86_HLT] = { 1, { 0xf4 } },
	[X86_VMMCALL] = { 3, { 0x0f, 0x01, 0xd9 } },
	[X86_INVD] = { 2, { 0x0f, 0x08 } },
};

enum err x86_decode_length(const uint8_t *bytes, unsigned int avail,
			   enum x86_mode mode, enum x86_simple which,
			   unsigned int *len)
{
	struct cursor c = { bytes, avail, 0, mode, false, false, false, 0 };
	uint8_t op;
	enum err e;

	if ((unsigned int)which >= ARRAY_SIZE(simple_ops))
		return E_INVALID;
	e = prefixes(&c, &op);
	for (unsigned int i = 0; e == E_OK && i < simple_ops[which].n; i++) {
		if (i > 0 && !take(&c, &op))
			e = E_RANGE;
		else if (op != simple_ops[which].op[i])
			e = E_INVALID;
	}
	*len = c.pos;
	return e;
}

/*
 * MOV CRn, reg is 0F 22 /r: ModRM.reg (with REX.R) names the control
 * register, ModRM.rm (with REX.B) the source whatever ModRM.mod says.  A
 * LOCK prefix adds 8 to the register number (AMD's alternative encoding of
 * CR8 outside 64-bit mode, CPUID AltMovCr8).
 */
enum err x86_decode_mov_cr8(const uint8_t *bytes, unsigned int avail,
			    enum x86_mode mode, unsigned int *reg,
			    unsigned int *len)
{
	struct cursor c = { bytes, avail, 0, mode, false, false, false, 0 };
	uint8_t op, modrm = 0;
	unsigned int cr;
	enum err e = prefixes(&c, &op);

	if (e == E_OK && op != 0x0f)
		e = E_INVALID;
	if (e == E_OK && !take(&c, &op))
		e = E_RANGE;
	if (e == E_OK && op != 0x22)
		e = E_INVALID;
	if (e == E_OK && !take(&c, &modrm))
		e = E_RANGE;
	cr = MODRM_REG(modrm) | ((c.rex & REX_R) ? 8u : 0u) | (c.lock ? 8u : 0u);
	if (e == E_OK && cr != 8)
		e = E_INVALID;
	*reg = MODRM_RM(modrm) | ((c.rex & REX_B) ? 8u : 0u);
	*len = c.pos;
	return e;
}
