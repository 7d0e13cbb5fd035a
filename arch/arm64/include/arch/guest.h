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

/* Restore the frame's state and return to the guest (vectors.S). */
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
/* An exit's handler did its work: what every exit then does, if needed. */
void arm64_exit_done(struct guest_frame *f);
void arm64_exit_sync(struct guest_frame *f);
void arm64_exit_other(struct guest_frame *f, unsigned int kind);

/*
 * A trapped system register access: the ISS fields an MRS, MSR or SYS from
 * AArch64 (EC 0x18) and an MCR or MRC from AArch32 (EC 0x03, 0x05) share,
 * in the same places (op0 from AArch64 only: AArch32 has its condition
 * there).
 */
#define SYSREG_OP0(esr) ((unsigned int)FIELD_GET(esr, 21, 20))
#define SYSREG_OP1(esr) ((unsigned int)FIELD_GET(esr, 16, 14))
#define SYSREG_CRN(esr) ((unsigned int)FIELD_GET(esr, 13, 10))
#define SYSREG_CRM(esr) ((unsigned int)FIELD_GET(esr, 4, 1))
#define SYSREG_OP2(esr) ((unsigned int)FIELD_GET(esr, 19, 17))
#define SYSREG_RT(esr) ((unsigned int)FIELD_GET(esr, 9, 5))
#define SYSREG_READ(esr) (((esr) & 1) != 0)

/*
 * The trapped system register accesses both states make alike, served for
 * the vCPU v exiting with frame f (on its CPU): DC ISW, CSW, CISW and their
 * AArch32 forms (HCR_EL2.TSW), and the GICv3 Group 1 CPU interface
 * registers (ICH_HCR_EL2.TALL1).  False: the access in esr is none of
 * them, the caller refuses it.
 */
bool arm64_exit_sysreg_alike(struct vcpu *v, struct guest_frame *f,
			     uint64_t esr);

#endif /* ARCH_GUEST_H */
