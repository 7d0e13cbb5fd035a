/*
 * What core does with a cell's exits (called by arch code on the exiting CPU).
 */
#ifndef SEPTUM_VM_H
#define SEPTUM_VM_H

#include <septum/abi/hypercall.h>
#include <septum/cell.h>
#include <septum/error.h>
#include <septum/types.h>

/* The address spaces a cell's accesses go to. */
enum vm_space {
	VM_SPACE_MMIO,		/* guest-physical memory (an IPA) */
	VM_SPACE_PIO,		/* I/O ports (x86) */
};

/* One trapped data access, decoded by the arch. */
struct vm_access {
	enum vm_space space;
	uint64_t addr;		/* in `space`: an IPA, or a port */
	unsigned int size;	/* 1, 2, 4 or 8 bytes */
	bool write;
	uint64_t value;		/* written value, or the value to return */
	uint64_t syndrome;	/* the arch's record of the trap: see
				 * arch_vm_fault_kind() */
};

/*
 * An access the cell's own mappings do not serve: emulate it if one of the
 * cell's virtual devices (septum/vdev.h) or the arch's interrupt controller
 * claims it (E_OK: the arch then completes the instruction), else apply the
 * cell's fault policy and return E_DENIED (the vCPU is no longer in the
 * faulting context: cell_exit_checkpoint() takes it out).
 */
enum err vm_exit_access(struct vcpu *v, struct vm_access *a) MUST_CHECK;

/*
 * A Septum hypercall (include/septum/abi/hypercall.h) with function ID fn:
 * E_OK with its result in *result, or E_NOTFOUND if fn is not one.  Inline:
 * the exit paths dispatch these calls directly.
 */
static inline MUST_CHECK enum err vm_hypercall(struct vcpu *v, uint32_t fn,
					       int64_t *result)
{
	(void)v;
	switch (fn) {
	case SEPTUM_HC_VERSION:
		*result = SEPTUM_HC_ABI_VERSION;
		return E_OK;
	case SEPTUM_HC_NOP:
		*result = SEPTUM_HC_OK;
		return E_OK;
	default:
		return E_NOTFOUND;
	}
}

/*
 * Refuse the partition config (panic) if cell c's `what` (e.g. "device
 * range") at [base, base + size), guest-physical if `guest`, meets a range
 * the arch keeps from cells (arch_vm_reserved()).  Boot CPU.
 */
void vm_check_reserved(const struct cell *c, bool guest, uint64_t base,
		       uint64_t size, const char *what);

/*
 * Log that nobody serves call `fn` (by `conduit`, e.g. "HVC"), once per cell
 * and function; the caller answers NOT_SUPPORTED.
 */
void vm_call_refused(struct vcpu *v, uint32_t fn, const char *conduit);

#endif /* SEPTUM_VM_H */
