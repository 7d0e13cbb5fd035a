/*
 * Entry of a kit guest at EL1 (boot CPU: x0 = DTB or 0) and of CPUs started
 * with kit_cpu_on() (x0 = context: the CPU index).
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	mov	x19, x0
	msr	daifset, #0xf
	adrp	x1, kit_stacks_top
	add	x1, x1, :lo12:kit_stacks_top
	mov	sp, x1
	/* FP/SIMD on: picolibc and the compiler use those registers. */
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:	mov	x0, x19
	bl	kit_boot		/* never returns */
3:	wfi
	b	3b

	.globl	kit_secondary_entry
kit_secondary_entry:
	mov	x19, x0
	msr	daifset, #0xf
	mov	x1, #(3 << 20)
	msr	cpacr_el1, x1
	isb
	/* Stack: kit_stacks_top - cpu * KIT_STACK_SIZE (the boot CPU has 0). */
	adrp	x1, kit_stacks_top
	add	x1, x1, :lo12:kit_stacks_top
	mov	x2, #0x4000
	msub	x1, x19, x2, x1
	mov	sp, x1
	mov	x0, x19
	bl	kit_secondary		/* never returns */
4:	wfi
	b	4b

/* EL1 vectors: save the caller-saved state, call kit_exception(kind, regs). */
.macro vec kind
	.balign	0x80
	sub	sp, sp, #(34 * 8)
	stp	x0, x1, [sp]
	mov	x0, #\kind
	b	vec_common
.endm

	.balign	0x800
	.globl	kit_vectors
kit_vectors:
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

vec_common:
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
	bl	kit_exception
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
