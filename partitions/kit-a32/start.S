/*
 * Entry of an AArch32 kit guest in Supervisor mode: A32 at the image's first
 * byte, T32 at KIT_T32_ENTRY (boot CPU: r0 = DTB or 0), and of CPUs started
 * with kit_cpu_on() (A32, r0 = context: the CPU index).  Every CPU gets a
 * stack for Supervisor mode and one each for IRQ, Abort and Undefined mode,
 * where the vectors run.
 */
	.syntax	unified
	.arch	armv8-a

#define MODE_IRQ 0x12
#define MODE_SVC 0x13
#define MODE_ABT 0x17
#define MODE_UND 0x1b
#define CPU_STACK 0x4000	/* per CPU: Supervisor, then 1 KiB per mode */
#define MODE_STACK 0x400

	.section .text.start, "ax"
	.arm
	.globl	_start
_start:
	mov	r4, #0			/* entered in A32 */
	b	boot

	.org	0x40			/* KIT_T32_ENTRY (kit.h) */
	.thumb
	.globl	_start_t32
	.type	_start_t32, %function
_start_t32:
	movs	r4, #1			/* entered in T32 */
	ldr	r5, =boot		/* an A32 address: BX leaves T32 */
	bx	r5
	.ltorg

	.arm
boot:
	cpsid	aif
	mov	r5, r0
	ldr	r1, =kit_stacks_top
	bl	set_stacks
	ldr	r1, =__bss_start
	ldr	r2, =__bss_end
	mov	r3, #0
1:	cmp	r1, r2
	strlo	r3, [r1], #4
	blo	1b
	ldr	r1, =kit_entry_t32
	str	r4, [r1]
	mov	r0, r5
	bl	kit_boot		/* never returns */
2:	wfi
	b	2b

	.globl	kit_secondary_entry
kit_secondary_entry:
	cpsid	aif
	mov	r5, r0
	/* Stacks: kit_stacks_top - cpu * CPU_STACK (the boot CPU has 0). */
	ldr	r1, =kit_stacks_top
	mov	r2, #CPU_STACK
	mls	r1, r5, r2, r1
	bl	set_stacks
	mov	r0, r5
	bl	kit_secondary		/* never returns */
3:	wfi
	b	3b

/* r1: top of this CPU's stacks.  Returns in Supervisor mode (its LR kept). */
set_stacks:
	cps	#MODE_IRQ
	mov	sp, r1
	sub	r1, r1, #MODE_STACK
	cps	#MODE_ABT
	mov	sp, r1
	sub	r1, r1, #MODE_STACK
	cps	#MODE_UND
	mov	sp, r1
	sub	r1, r1, #MODE_STACK
	cps	#MODE_SVC
	mov	sp, r1
	bx	lr

/*
 * A vector: LR back to the instruction to return to (`adjust`: the
 * architected offset of the mode's LR), r0-r12, LR and SPSR saved on the
 * mode's stack (64 bytes, so 8-byte aligned for C), kit_exception(kind,
 * regs) called, and the state restored: regs[0] is SPSR, regs[2..14]
 * r0-r12, regs[15] the return address.
 */
.macro vector kind, adjust
	sub	lr, lr, #\adjust
	push	{r0-r12, lr}
	mrs	r0, spsr
	push	{r0, r1}
	mov	r0, #\kind
	mov	r1, sp
	bl	kit_exception
	pop	{r0, r1}
	msr	spsr_cxsf, r0
	ldm	sp!, {r0-r12, pc}^
.endm

	.balign	32
	.globl	kit_vectors
kit_vectors:
	b	vec_reset
	b	vec_undef
	b	vec_svc
	b	vec_pabt
	b	vec_dabt
	b	vec_reset		/* not used (Hyp trap) */
	b	vec_irq
	b	vec_fiq

/* Kinds as kit.c names them. */
vec_reset:	vector 0, 0
vec_undef:	vector 1, 0
vec_svc:	vector 2, 0
vec_pabt:	vector 3, 4
vec_dabt:	vector 4, 8
vec_irq:	vector 5, 4
vec_fiq:	vector 6, 4
	.ltorg
