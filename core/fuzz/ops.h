/*
 * A fuzz input as a program for core's machine (machine.h).  Byte 0 is the
 * header: bit 3 makes alpha and beta stop rather than restart on a fault
 * (the other bits are for the arch's machines, whose inputs share this
 * layout).  Then each step is an opcode byte (mapped through the target's
 * mix), a CPU byte and the operation's own bytes.  Short inputs read zeros
 * past their end.
 *
 * Each target supplies where its accesses go and what it checks beyond
 * check.h; everything else (CPU choice, calls, time, typing at the console,
 * a slow UART) is shared.
 */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include <host/fake.h>

#include "fuzz.h"
#include "machine.h"

enum op_kind {
	OP_MMIO,	/* a trapped load or store */
	OP_CALL,	/* a request to core's cell lifecycle, or a hypercall */
	OP_IRQ,		/* an interrupt exit */
	OP_EXIT,	/* an exit the arch cannot serve */
	OP_WAKE,	/* a parked or idle CPU wakes */
	OP_GUEST,	/* the guest runs on, without an exit */
	OP_RAISE,	/* a device raises a physical interrupt */
	OP_TYPE,	/* someone types at the console */
	OP_TIME,	/* time passes */
	OP_UART,	/* the console UART is busy for a while */
};

struct op {
	enum op_kind kind;
	unsigned int cpu;
	int cell;		/* the cell whose CPU it is, or M_NO_CELL */
	unsigned int vcpu;	/* that CPU's vCPU number in the cell */
	struct m_access a;	/* OP_MMIO */
	enum m_call call;	/* OP_CALL */
	uint32_t fn;
	uint64_t x[4];
	uint64_t value;		/* OP_TYPE: the bytes */
	unsigned int taken;	/* OP_TYPE: how many the UART took */
	unsigned int kind_arg;	/* OP_EXIT: its kind; others: a number */
	uint64_t esr;		/* OP_EXIT: its syndrome */
	struct host_vcpu_regs before;	/* the CPU's registers before */
	bool ran;		/* it reached the hypervisor */
};

struct target {
	uint8_t mix[16];	/* opcode byte % 16 -> operation */
	/* Where an access goes: an address, from the input. */
	uint64_t (*address)(struct in *in, const struct op *op);
	/* What a store writes; NULL: any 64-bit value. */
	uint64_t (*value)(struct in *in, const struct op *op);
	/* Hooks (each may be NULL): after boot, around every step. */
	void (*boot)(void);
	void (*before)(const struct op *op);
	void (*after)(const struct op *op);
};

/* Run the input on a freshly booted machine; checks after every step. */
int ops_run(const struct target *t, const uint8_t *data, size_t size);

/* Whether an access was emulated: its instruction was completed. */
bool op_emulated(const struct op *op);

/* What a read returned (masked to its size); false if it went nowhere. */
bool op_read(const struct op *op, uint64_t *value);

#endif /* FUZZ_OPS_H */
