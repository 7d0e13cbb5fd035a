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
	bool denied;		/* mapped, but not for this kind of access */
};

/*
 * An access to guest-physical memory the cell has no mapping for: emulate it
 * if it hits one of the cell's virtual devices (the arch then completes the
 * instruction), else apply the cell's fault policy.  Returns whether it was
 * emulated.
 */
bool vm_exit_mmio(struct vcpu *v, struct vm_access *a);

/*
 * A Septum hypercall (include/septum/abi/hypercall.h) with function ID fn:
 * its result, with *done false if fn is not one.
 */
int64_t vm_hypercall(struct vcpu *v, uint32_t fn, bool *done);

/*
 * Log that nobody serves call `fn` (by `conduit`, e.g. "HVC"), once per cell
 * and function; the caller answers NOT_SUPPORTED.
 */
void vm_call_refused(struct vcpu *v, uint32_t fn, const char *conduit);

#endif /* SEPTUM_VM_H */
