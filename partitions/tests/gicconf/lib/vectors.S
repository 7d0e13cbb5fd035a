/*
 * The guest's EL1 vectors: the kit's, but an IRQ goes to gc_exception(),
 * which acknowledges it itself (lib/irq.c) so that a test decides when to
 * end it; everything else goes on to the kit's kit_exception() (its fault
 * catcher and its report).  The handler may unmask IRQs (preemption): the
 * saved ELR and SPSR are on the stack.
 */
.macro vec kind
	.balign	0x80
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp]
	mov	x0, #\kind
	b	gc_vec_common
.endm

	.text
	.balign	0x800
	.globl	gc_vectors
gc_vectors:
	vec 0
	vec 1
	vec 2
	vec 3
	vec 4
	vec 5
	vec 6
	vec 7
	vec 8
	vec 9
	vec 10
	vec 11
	vec 12
	vec 13
	vec 14
	vec 15

gc_vec_common:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	str	x30, [sp, #160]
	mrs	x1, elr_el1
	mrs	x2, spsr_el1
	stp	x1, x2, [sp, #168]
	mov	x1, sp
	bl	gc_exception
	msr	daifset, #2
	ldp	x1, x2, [sp, #168]
	msr	elr_el1, x1
	msr	spsr_el1, x2
	ldp	x2, x3, [sp, #16]
	ldp	x4, x5, [sp, #32]
	ldp	x6, x7, [sp, #48]
	ldp	x8, x9, [sp, #64]
	ldp	x10, x11, [sp, #80]
	ldp	x12, x13, [sp, #96]
	ldp	x14, x15, [sp, #112]
	ldp	x16, x17, [sp, #128]
	ldp	x18, x29, [sp, #144]
	ldr	x30, [sp, #160]
	ldp	x0, x1, [sp]
	add	sp, sp, #(34 * 8)
	eret
