/*
 * Decoding and running the operations of ops.h, with the checks of check.h
 * around every one.
 */
#include <septum/config.h>
#include <stdio.h>
#include <stdlib.h>

#include "check.h"
#include "fake_gic.h"
#include "ops.h"

#define MAX_STEPS 400
#define FSC_TRANSLATION_L3 0x07u
#define FSC_PERMISSION_L3 0x0fu

bool op_emulated(const struct op *op)
{
	return m.frame[op->cpu].pc == op->before.pc + 4;
}

bool op_read(const struct op *op, uint64_t *value)
{
	uint64_t mask = op->a.size == 8 ? ~0ull : BIT(8 * op->a.size) - 1;

	if (!op->a.sf)
		mask &= 0xffffffffu;	/* a W register: the upper half is 0 */
	if (op->a.srt >= 31)
		return false;
	*value = m.frame[op->cpu].x[op->a.srt] & mask;
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

static void decode_access(struct in *in, const struct target *t,
			  struct op *op)
{
	uint8_t f = in_u8(in);
	unsigned int variant = f >> 5;

	op->a.size = 1u << (f & 3);
	op->a.write = f & 4;
	op->a.sse = f & 8;
	op->a.sf = (f & 16) || op->a.size == 8;	/* as the CPU reports */
	op->a.isv = variant != 6;
	op->a.s1ptw = variant == 7;
	op->a.fsc = variant == 5 ? FSC_PERMISSION_L3 : FSC_TRANSLATION_L3;
	op->a.srt = in_u8(in) % 32;
	op->a.ipa = t->address(in, op);
	if (op->a.write)
		op->a.value = t->value ? t->value(in, op) : in_u64(in);
}

void ops_call(struct in *in, struct op *op)
{
	static const uint32_t ids[] = {
		0x80000000, 0x80000001, 0x84000000, 0x84000001, 0xc4000001,
		0x84000002, 0x84000003, 0xc4000003, 0x84000004, 0xc4000004,
		0x84000006, 0x84000008, 0x84000009, 0x8400000a, 0xc6000000,
		0xc6000001, 0xc6000002, 0x86000000, 0x00000000,
	};
	uint8_t b = in_u8(in);

	op->smc = b & 1;
	op->x[0] = (b >> 1) < 2 * ARRAY_SIZE(ids) ? ids[(b >> 1) % ARRAY_SIZE(ids)]
						  : in_u32(in);
	b = in_u8(in);
	op->x[1] = b < 0xf0 ? b % 10 : in_u64(in);
	op->x[2] = b & 1 ? in_u64(in) : 0x40000000u + (b & 0xf0u);
	op->x[3] = in_u64(in);
}

/* ICC_SGI1R/ASGI1R/SGI0R, DC set/way, or any system register. */
static void decode_sysreg(struct in *in, struct op *op)
{
	/* op0 << 20 | op2 << 17 | op1 << 14 | CRn << 10 | CRm << 1 */
	static const uint32_t known[] = {
		3u << 20 | 5u << 17 | 12u << 10 | 11u << 1,
		3u << 20 | 6u << 17 | 1u << 14 | 12u << 10 | 11u << 1,
		3u << 20 | 7u << 17 | 2u << 14 | 12u << 10 | 11u << 1,
		1u << 20 | 2u << 17 | 7u << 10 | 6u << 1,
		1u << 20 | 2u << 17 | 7u << 10 | 10u << 1,
		1u << 20 | 2u << 17 | 7u << 10 | 14u << 1,
	};
	uint8_t b = in_u8(in);
	uint32_t rt = in_u8(in) % 32u;

	if (b % 8 < ARRAY_SIZE(known))
		op->iss = known[b % 8] | rt << 5 | ((b & 0x80) ? 1u : 0u);
	else
		op->iss = in_u32(in) & 0x1ffffffu;
	op->value = in_u64(in);
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
		(t->call ? t->call : ops_call)(in, op);
		break;
	case OP_SYSREG:
		decode_sysreg(in, op);
		break;
	case OP_EXIT:
		op->kind_arg = M_KIND_SYNC + in_u8(in) % 8u;
		op->esr = in_u32(in);
		break;
	case OP_GUEST_LR:
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
		return m_data_abort(op->cpu, &op->a);
	case OP_CALL:
		return m_call(op->cpu, op->smc, op->x);
	case OP_SYSREG:
		return m_sysreg(op->cpu, op->iss, op->value);
	case OP_IRQ:
		return m_exit(op->cpu, M_KIND_IRQ, 0);
	case OP_EXIT:
		return m_exit(op->cpu, op->kind_arg, op->esr);
	case OP_WAKE:
		return m_wake(op->cpu);
	case OP_GUEST_LR:
		if (m.cpu[op->cpu] == M_GUEST)
			fgic_guest_lr(op->cpu, op->kind_arg);
		return false;
	case OP_RAISE:
		fgic_raise(op->cpu, op->kind_arg);
		return false;
	case OP_TYPE:
		for (unsigned int i = 0; i < 4; i++)
			typed[i] = (uint8_t)(op->value >> (8 * i));
		m_type(typed, op->kind_arg);
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
	case OP_GUEST_LR:
		return true;
	default:
		return false;
	}
}

/* With SEPTUM_FUZZ_TRACE set, each step is printed (to read a finding). */
static void trace(const struct op *op)
{
	static const char *const names[] = { "mmio", "call", "sysreg", "irq",
					     "exit", "wake", "guest-lr", "raise",
					     "type", "time", "uart" };

	if (!getenv("SEPTUM_FUZZ_TRACE"))
		return;
	fprintf(stderr, "step: %s on CPU %u (cell %d vCPU %u, %s)",
		names[op->kind], op->cpu, op->cell, op->vcpu,
		m.cpu[op->cpu] == M_GUEST ? "guest" :
		m.cpu[op->cpu] == M_PARKED ? "parked" : "idle");
	if (op->kind == OP_MMIO)
		fprintf(stderr, ": %s%u at 0x%llx value 0x%llx x%u%s%s",
			op->a.write ? "write" : "read", op->a.size,
			(unsigned long long)op->a.ipa,
			(unsigned long long)op->a.value, op->a.srt,
			op->a.isv ? "" : " no-ISV", op->a.s1ptw ? " s1ptw" : "");
	else if (op->kind == OP_CALL)
		fprintf(stderr, ": %s 0x%llx 0x%llx 0x%llx 0x%llx",
			op->smc ? "smc" : "hvc", (unsigned long long)op->x[0],
			(unsigned long long)op->x[1],
			(unsigned long long)op->x[2],
			(unsigned long long)op->x[3]);
	else if (op->kind == OP_SYSREG)
		fprintf(stderr, ": iss 0x%x value 0x%llx", op->iss,
			(unsigned long long)op->value);
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
	op.before = m.frame[op.cpu];
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
	static const unsigned int lrs[4] = { 4, 1, 2, 16 };
	struct in in = { data, size };
	uint8_t h = in_u8(&in);

	m_boot(h & 1 ? 2 : 3, lrs[(h >> 1) & 3], h & 8);
	check_boot();
	if (t->boot)
		t->boot();
	for (unsigned int i = 0; i < MAX_STEPS && in.n && m.alive; i++)
		step(t, &in);
	check_finish();
	return 0;
}
