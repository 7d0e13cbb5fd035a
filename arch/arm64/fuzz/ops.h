/*
 * The fuzz input as a program for the machine (ops.c), in the encoding of
 * core's fuzz machine (core/fuzz/ops.h) with arm64's own steps added.  Byte
 * 0 picks the GIC version (bit 0), how many list registers each CPU has
 * (bits 1-2) and whether alpha and beta stop rather than restart on a fault
 * (bit 3); then each step is an opcode byte (mapped through the target's
 * mix), a CPU byte and the operation's own bytes.  Short inputs read zeros
 * past their end.
 *
 * Each target supplies where its accesses go and what it checks beyond
 * check.h; everything else (CPU choice, exits, time, interrupts from
 * devices, typing at the console) is shared.
 */
#ifndef FUZZ_OPS_H
#define FUZZ_OPS_H

#include "fuzz.h"
#include "machine.h"

enum op_kind {
	OP_MMIO,	/* a trapped load or store */
	OP_CALL,	/* HVC or SMC */
	OP_SYSREG,	/* a trapped system register access */
	OP_IRQ,		/* an IRQ exit */
	OP_EXIT,	/* another exception from the guest */
	OP_WAKE,	/* a parked or idle CPU wakes */
	OP_GUEST_LR,	/* the guest acknowledges or ends a virtual interrupt */
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
	bool smc;		/* OP_CALL */
	uint64_t x[4];
	uint32_t iss;		/* OP_SYSREG */
	uint64_t value;
	unsigned int kind_arg;	/* OP_EXIT: vector kind; others: a number */
	uint64_t esr;
	struct guest_frame before;	/* the CPU's registers before */
	bool ran;		/* it reached the hypervisor */
};

struct target {
	uint8_t mix[16];	/* opcode byte % 16 -> operation */
	/* Where an access goes: an IPA, from the input. */
	uint64_t (*address)(struct in *in, const struct op *op);
	/* What a store writes; NULL: any 64-bit value. */
	uint64_t (*value)(struct in *in, const struct op *op);
	/* HVC/SMC function and arguments; NULL: ops_call(). */
	void (*call)(struct in *in, struct op *op);
	/* Hooks (each may be NULL): after boot, around every step. */
	void (*boot)(void);
	void (*before)(const struct op *op);
	void (*after)(const struct op *op);
};

/* Run the input on a freshly booted machine; checks after every step. */
int ops_run(const struct target *t, const uint8_t *data, size_t size);

/* A mixed choice of SMCCC, PSCI and Septum function IDs and arguments. */
void ops_call(struct in *in, struct op *op);

/* Whether an access was emulated: its instruction was completed. */
bool op_emulated(const struct op *op);

/* What a read returned (masked to its size); false if it went to xzr. */
bool op_read(const struct op *op, uint64_t *value);

#endif /* FUZZ_OPS_H */
