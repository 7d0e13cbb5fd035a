/*
 * A cell's exit frame on arm64: the guest's general registers, PC and
 * PSTATE, saved by the exit vectors at the top of the CPU's stack.
 */
#ifndef ARCH_GUEST_H
#define ARCH_GUEST_H

#include <arch/layout.h>
#include <septum/types.h>

struct vcpu;
struct vgic_vcpu;

/*
 * An exit that never looks at x19-x29 (a hypercall, an interrupt) saves only
 * the registers C code may change (the short frame): x19-x29 are callee-saved,
 * so they still hold the guest's values when the handler returns.  Every
 * other exit saves them all.  A handler that replaces the guest's registers
 * (a vCPU reset) sets `full`, so the way back loads x19-x29 from the frame.
 */
struct guest_frame {
	uint64_t x[31];		/* x19-x29 valid only after a full save */
	uint64_t pc;		/* ELR_EL2 */
	uint64_t pstate;	/* SPSR_EL2 */
	struct vcpu *vcpu;	/* whose registers these are (set at reset) */
	uint32_t full;		/* load x19-x29 from the frame on return */
	uint32_t pad0;
	struct vgic_vcpu *vgic;	/* its vGIC state (set at reset) */
};

_Static_assert(sizeof(struct guest_frame) == GUEST_FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct guest_frame, pc) == GUEST_FRAME_PC,
	       "frame pc");
_Static_assert(__builtin_offsetof(struct guest_frame, full) == GUEST_FRAME_FULL,
	       "frame full");

/* This CPU's exit frame (the reserved top of its stack). */
struct guest_frame *guest_frame_of(unsigned int cpu);

/* Restore the frame's state and return to the guest (guest.S). */
NORETURN void guest_enter(struct guest_frame *f);

/*
 * Called by the exit vectors (exit.c): handle the exit, then the guest
 * resumes.  A hypercall (HVC) and an IRQ come with the short frame (an
 * IRQ after vgic_exit_irq() took it and left more to do); a data abort
 * from a lower EL and any other synchronous exit with the full one; the rest (FIQ, SError) with the
 * full one and its vector kind.  Exits from AArch32 come the same ways.
 */
void arm64_exit_hvc(struct guest_frame *f);
void arm64_exit_irq(struct guest_frame *f);
void arm64_exit_dabt(struct guest_frame *f);
void arm64_exit_sync(struct guest_frame *f);
void arm64_exit_other(struct guest_frame *f, unsigned int kind);

#endif /* ARCH_GUEST_H */
