/*
 * Decoding and running the operations of ops.h, with the checks of check.h
 * around every one.  The encoding is the arch machines' (arch/arm64/fuzz/
 * ops.c) where they share an operation, so an input means the same steps
 * over either machine.
 */
#include <septum/abi/hypercall.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "ops.h"

#define MAX_STEPS 400
#define VARIANT_DENIED 5	/* access variants (flags bits 7-5) */
#define VARIANT_UNDECODABLE 6

bool op_emulated(const struct op *op)
{
	return host_vcpu_regs[op->cpu].pc == op->before.pc + 4;
}

bool op_read(const struct op *op, uint64_t *value)
{
	uint64_t mask = op->a.size == 8 ? ~0ull : BIT(8 * op->a.size) - 1;

	if (op->a.reg >= 31)
		return false;
	*value = host_vcpu_regs[op->cpu].x[op->a.reg] & mask;
	return true;
}

/* --- choosing and decoding ------------------------------------------------ */

static bool wants(enum op_kind k, unsigned int cpu)
{
	switch (k) {
	case OP_WAKE:
		return m.cpu[cpu] != M_GUEST;
	case OP_RAISE:
	case OP_TYPE:
	case OP_TIME:
	case OP_UART:
		return true;
	default:
		return m.cpu[cpu] == M_GUEST;
	}
}

/* The first CPU from b on that can take the operation. */
static unsigned int pick_cpu(uint8_t b, enum op_kind k)
{
	for (unsigned int i = 0; i < M_CPUS; i++) {
		unsigned int cpu = (b + i) % M_CPUS;

		if (wants(k, cpu))
			return cpu;
	}
	return b % M_CPUS;
}

/*
 * Flags: size (bits 1-0), write (2), two bits the arch machines use
 * (sign extension, 64-bit register), variant (7-5): 5 a permission fault,
 * 6 and 7 an instruction the arch cannot decode.  Then the register.
 */
static void decode_access(struct in *in, const struct target *t,
			  struct op *op)
{
	uint8_t f = in_u8(in);
	unsigned int variant = f >> 5;

	op->a.size = 1u << (f & 3);
	op->a.write = f & 4;
	op->a.denied = variant == VARIANT_DENIED;
	op->a.undecodable = variant >= VARIANT_UNDECODABLE;
	op->a.reg = in_u8(in) % 32;
	op->a.addr = t->address(in, op);
	if (op->a.write)
		op->a.value = t->value ? t->value(in, op) : in_u64(in);
}

/*
 * The requests a guest makes of core, numbered as the arch machines number
 * their calls (arm64: the SMCCC function IDs whose PSCI meaning they have);
 * function numbers core does not serve are refused.
 */
static const struct {
	enum m_call call;
	uint32_t fn;	/* hypercalls: the number; starts: 32 for 32-bit */
} calls[] = {
	{ M_CALL_HYPERCALL, 0x80000000 }, { M_CALL_HYPERCALL, 0x80000001 },
	{ M_CALL_HYPERCALL, 0x84000000 }, { M_CALL_WAIT, 0 },
	{ M_CALL_WAIT, 0 }, { M_CALL_VCPU_OFF, 0 },
	{ M_CALL_VCPU_START, 32 }, { M_CALL_VCPU_START, 64 },
	{ M_CALL_VCPU_IS_ON, 0 }, { M_CALL_VCPU_IS_ON, 0 },
	{ M_CALL_HYPERCALL, 0x84000006 }, { M_CALL_SYSTEM_OFF, 0 },
	{ M_CALL_SYSTEM_RESET, 0 }, { M_CALL_HYPERCALL, 0x8400000a },
	{ M_CALL_HYPERCALL, SEPTUM_HC_VERSION },
	{ M_CALL_HYPERCALL, SEPTUM_HC_NOP },
	{ M_CALL_HYPERCALL, SEPTUM_HC_BASE + 2 },
	{ M_CALL_HYPERCALL, 0x86000000 }, { M_CALL_HYPERCALL, 0 },
};

static void decode_call(struct in *in, struct op *op)
{
	uint8_t b = in_u8(in);
	unsigned int i = (b >> 1) % ARRAY_SIZE(calls);

	if ((b >> 1) < 2 * ARRAY_SIZE(calls)) {
		op->call = calls[i].call;
		op->fn = calls[i].fn;
	} else {
		op->call = M_CALL_HYPERCALL;
		op->fn = in_u32(in);
	}
	b = in_u8(in);
	op->x[1] = b < 0xf0 ? b % 10 : in_u64(in);
	op->x[2] = b & 1 ? in_u64(in) : 0x40000000u + (b & 0xf0u);
	op->x[3] = in_u64(in);
	if (op->call == M_CALL_VCPU_START && op->fn == 32) {
		for (unsigned int k = 1; k < 4; k++)
			op->x[k] = (uint32_t)op->x[k];
	}
}

/* Physical interrupts worth raising: the cells', the hypervisor's, any. */
static uint32_t pick_pintid(struct in *in)
{
	static const uint32_t ids[] = { 40, 41, 42, 43, 44, 45, 33, 26, 25,
					27, 30, 0, 1, 34, 46 };
	uint8_t b = in_u8(in);

	return b < 2 * ARRAY_SIZE(ids) ? ids[b % ARRAY_SIZE(ids)]
				       : 32u + in_u16(in) % 992u;
}

static void decode(struct in *in, const struct target *t, struct op *op)
{
	switch (op->kind) {
	case OP_MMIO:
		decode_access(in, t, op);
		break;
	case OP_CALL:
		decode_call(in, op);
		break;
	case OP_EXIT:
		op->kind_arg = 8 + in_u8(in) % 8u;
		op->esr = in_u32(in);
		break;
	case OP_GUEST:
	case OP_UART:
		op->kind_arg = in_u8(in);
		break;
	case OP_RAISE:
		op->kind_arg = pick_pintid(in);
		break;
	case OP_TYPE:
		op->kind_arg = 1u + in_u8(in) % 4u;
		op->value = in_u32(in);
		break;
	case OP_TIME:
		op->kind_arg = in_u8(in) % 40u;
		break;
	default:
		break;
	}
}

/* --- running ------------------------------------------------------------- */

static bool perform(struct op *op)
{
	uint8_t typed[4];

	switch (op->kind) {
	case OP_MMIO:
		return m_access(op->cpu, &op->a);
	case OP_CALL:
		return m_call(op->cpu, op->call, op->fn, op->x);
	case OP_IRQ:
		return m_irq(op->cpu);
	case OP_EXIT:
		return m_exit(op->cpu, op->kind_arg, op->esr);
	case OP_WAKE:
		return m_wake(op->cpu);
	case OP_GUEST:
		return false;
	case OP_RAISE:
		m_raise(op->kind_arg);
		return false;
	case OP_TYPE:
		for (unsigned int i = 0; i < 4; i++)
			typed[i] = (uint8_t)(op->value >> (8 * i));
		op->taken = m_type(typed, op->kind_arg);
		return false;
	case OP_TIME:
		m_advance(1ull << op->kind_arg);
		return false;
	case OP_UART:
		m_uart_busy(op->kind_arg);
		return false;
	}
	return false;
}

/* Operations where only the outside world changes. */
static bool world_only(const struct op *op)
{
	switch (op->kind) {
	case OP_RAISE:
	case OP_TYPE:
	case OP_TIME:
	case OP_UART:
	case OP_GUEST:
		return true;
	default:
		return false;
	}
}

/* With SEPTUM_FUZZ_TRACE set, each step is printed (to read a finding). */
static void trace(const struct op *op)
{
	static const char *const names[] = { "mmio", "call", "irq", "exit",
					     "wake", "guest", "raise", "type",
					     "time", "uart" };

	if (!getenv("SEPTUM_FUZZ_TRACE"))
		return;
	fprintf(stderr, "step: %s on CPU %u (cell %d vCPU %u, %s)",
		names[op->kind], op->cpu, op->cell, op->vcpu,
		m.cpu[op->cpu] == M_GUEST ? "guest" :
		m.cpu[op->cpu] == M_PARKED ? "parked" : "idle");
	if (op->kind == OP_MMIO)
		fprintf(stderr, ": %s%u at 0x%llx value 0x%llx x%u%s%s",
			op->a.write ? "write" : "read", op->a.size,
			(unsigned long long)op->a.addr,
			(unsigned long long)op->a.value, op->a.reg,
			op->a.denied ? " denied" : "",
			op->a.undecodable ? " undecodable" : "");
	else if (op->kind == OP_CALL)
		fprintf(stderr, ": request %d fn 0x%x x1 0x%llx x2 0x%llx "
			"x3 0x%llx", (int)op->call, op->fn,
			(unsigned long long)op->x[1],
			(unsigned long long)op->x[2],
			(unsigned long long)op->x[3]);
	else if (op->kind != OP_IRQ && op->kind != OP_WAKE)
		fprintf(stderr, ": %u 0x%llx", op->kind_arg,
			(unsigned long long)(op->esr | op->value));
	fprintf(stderr, "\n");
}

static void step(const struct target *t, struct in *in)
{
	struct op op = { .kind = (enum op_kind)t->mix[in_u8(in) % 16] };
	const struct vcpu *v;

	op.cpu = pick_cpu(in_u8(in), op.kind);
	op.cell = m_cell_of_cpu(op.cpu);
	v = m_vcpu(op.cpu);
	op.vcpu = v ? v->index : 0;
	decode(in, t, &op);
	op.before = host_vcpu_regs[op.cpu];
	trace(&op);
	check_begin(op.cell, world_only(&op));
	if (t->before)
		t->before(&op);
	op.ran = perform(&op);
	if (t->after)
		t->after(&op);
	check_end();
}

int ops_run(const struct target *t, const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	uint8_t h = in_u8(&in);

	m_boot(h & 8);
	check_boot();
	if (t->boot)
		t->boot();
	for (unsigned int i = 0; i < MAX_STEPS && in.n && m.alive; i++)
		step(t, &in);
	check_finish();
	return 0;
}
