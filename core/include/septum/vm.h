/*
 * What core does with a cell's exits (called by arch code on the exiting CPU).
 */
#ifndef SEPTUM_VM_H
#define SEPTUM_VM_H

#include <septum/cell.h>
#include <septum/types.h>

/* One trapped data access, decoded by the arch. */
struct vm_access {
	ipaddr_t ipa;
	unsigned int size;	/* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t value;		/* written value, or the value to return */
	const char *fault;	/* the arch's decoding of the trap, for logs */
};

/*
 * An access to guest-physical memory the cell has no mapping for: emulate it
 * if it hits one of the cell's virtual devices (the arch then completes the
 * instruction), else apply the cell's fault policy.  Returns whether it was
 * emulated.
 */
bool vm_exit_mmio(struct vcpu *v, struct vm_access *a);

/*
 * An SMC or HVC from the guest (SMCCC): PSCI, SMCCC architecture calls and
 * Septum hypercalls are served; anything else answers NOT_SUPPORTED (logged
 * once per cell and function) and never reaches firmware.  Reads x0-x3 and
 * writes the results to x0 through arch_vcpu_set_reg().
 */
void vm_exit_call(struct vcpu *v, bool smc);

#endif /* SEPTUM_VM_H */
