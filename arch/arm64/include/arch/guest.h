/*
 * A cell's exit frame on arm64: the guest's general registers, PC and
 * PSTATE, saved by the exit vectors at the top of the CPU's stack.
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <arch/layout.h>
#include <septum/types.h>

struct vcpu;

struct guest_frame {
	uint64_t x[31];
	uint64_t pc;		/* ELR_EL2 */
	uint64_t pstate;	/* SPSR_EL2 */
	struct vcpu *vcpu;	/* whose registers these are (set at reset) */
};

_Static_assert(sizeof(struct guest_frame) == GUEST_FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct guest_frame, pc) == GUEST_FRAME_PC,
	       "frame pc");

/* This CPU's exit frame (the reserved top of its stack). */
struct guest_frame *guest_frame_of(unsigned int cpu);

/* Restore the frame's state and return to the guest (guest.S). */
NORETURN void guest_enter(struct guest_frame *f);

/* Called by the exit vectors: handle the exit, then the guest resumes. */
void arm64_guest_exit(struct guest_frame *f, unsigned int kind);

#endif /* ARCH_GUEST_H */
