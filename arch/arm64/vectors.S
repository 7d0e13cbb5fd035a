/*
 * EL2 exception vectors.  Exceptions from a lower EL are a cell's exits:
 * they save the guest's registers (guest.S) and are handled.  Exceptions at
 * EL2 itself are unexpected and fatal.
 *
 * A fatal exception switches to the CPU's exception stack (SP_EL0) before
 * touching memory, so even a stack overflow into a guard page is reported.
 * The frame (layout in layout.h and trap.c) holds x0-x30, the interrupted SP,
 * ELR, SPSR, ESR and FAR.  An exception taken while already on the exception
 * stack (SPSel = 0) arrives at the SP_EL0 vectors and is reported as nested.
 */
#include <arch/asm.h>
#include <arch/esr.h>
#include <arch/layout.h>

/* Vector kinds passed to C: group * 4 + type (sync, irq, fiq, serror). */
.macro fatal_vector kind
	.balign	0x80
	msr	spsel, #0
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x0, #\kind
	b	fatal_common
.endm

/* A cell's exit: the frame goes at the top of the CPU's stack (guest.S). */
.macro guest_vector entry
	.balign	0x80
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	b	\entry
.endm

/* A synchronous exit: a hypercall (`hvc_class`) takes the short way, a
 * data abort its own. */
.macro guest_sync_vector hvc_class
	.balign	0x80
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	mrs	x0, esr_el2
	lsr	x0, x0, #ESR_EC_SHIFT
	cmp	x0, #\hvc_class
	b.eq	guest_exit_hvc
	cmp	x0, #EC_DABT_LOW
	b.eq	guest_exit_dabt
	b	guest_exit_sync
.endm

/* Anything else from a cell: handled with its kind in x1. */
.macro guest_other_vector kind
	.balign	0x80
	sub	sp, sp, #GUEST_FRAME_SIZE
	stp	x0, x1, [sp]
	mov	x1, #\kind
	b	guest_exit_other
.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.globl	vectors
vectors:
	fatal_vector 0		/* current EL, SP_EL0: nested fault */
	fatal_vector 1
	fatal_vector 2
	fatal_vector 3
	fatal_vector 4		/* current EL, SP_EL2 */
	fatal_vector 5
	fatal_vector 6
	fatal_vector 7
	guest_sync_vector EC_HVC64	/* lower EL, AArch64 */
	guest_vector guest_exit_irq
	guest_other_vector 10
	guest_other_vector 11
	guest_sync_vector EC_HVC32	/* lower EL, AArch32 (its cells' exits) */
	guest_vector guest_exit_irq
	guest_other_vector 14
	guest_other_vector 15

fatal_common:
	save_x2_x30
	/* The interrupted SP: SP_EL2 unless this is a nested (SP_EL0) fault. */
	mov	x1, sp
	add	x1, x1, #FRAME_SIZE
	cmp	x0, #4
	b.lo	1f
	msr	spsel, #1
	mov	x1, sp
	msr	spsel, #0
1:	str	x1, [sp, #FRAME_SP]
	mrs	x1, elr_el2
	mrs	x2, spsr_el2
	stp	x1, x2, [sp, #FRAME_ELR]
	mrs	x1, esr_el2
	mrs	x2, far_el2
	stp	x1, x2, [sp, #FRAME_ESR]
	mov	x1, x0
	mov	x0, sp
	bl	arm64_trap_fatal	/* never returns */
2:	wfi
	b	2b
