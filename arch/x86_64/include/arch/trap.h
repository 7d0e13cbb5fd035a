/*
 * Exceptions and interrupts the hypervisor takes (entry.S, trap.c).
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <arch/layout.h>
#include <septum/types.h>

/* The frame entry.S builds on the stack the vector runs on. */
struct x86_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector;
	uint64_t error;		/* the CPU's error code, or 0 */
	uint64_t rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

_Static_assert(sizeof(struct x86_frame) == FRAME_SIZE, "frame size");
_Static_assert(__builtin_offsetof(struct x86_frame, vector) == FRAME_VECTOR,
	       "frame vector");

/* Exceptions are vectors 0-31; the rest are interrupts. */
#define X86_EXCEPTIONS 32

/* Called by entry.S for every vector. */
void x86_trap(struct x86_frame *f);

/* An exception: print the decoded dump and end the system. */
NORETURN void x86_trap_fatal(const struct x86_frame *f);

#endif /* ARCH_TRAP_H */
