/*
 * The stage-2 floor: the least an EL2 can do and still run Linux at EL1
 * behind a second-stage translation.  `make bench` runs the Linux cell's
 * kernel and initramfs under it to measure what the emulator itself charges
 * for two-stage translation, apart from anything Septum does.
 *
 * It maps the whole 39-bit guest-physical space to the same physical
 * addresses with 1 GiB blocks (RAM normal memory, the rest device memory),
 * turns stage 2 on and enters Linux at EL1 with the DTB in x0.  Nothing else
 * traps except SMC, so that a PSCI CPU_ON can start the secondary here first
 * (same EL2 set-up) and then at Linux's entry; every other SMC goes on to
 * the firmware unchanged.  The physical interrupts, the GIC's CPU interface,
 * the timers and the counters are Linux's own.
 *
 * Memory map (QEMU virt, ELF boot): this image at 0x40200000; QEMU's DTB
 * (given with -dtb, /chosen filled by the bench) at 0x40000000; the kernel
 * at KERNEL_PA, the initramfs where the DTB says.
 */

#define DTB_PA		0x40000000
#define KERNEL_PA	0x48000000
#define RAM_PA		0x40000000	/* the one 1 GiB block of RAM */
#define MAX_CPUS	8

/* Stage-2 block descriptor: AF, inner shareable, S2AP read/write. */
#define S2_BLOCK	(1 | (1 << 10) | (3 << 8) | (3 << 6))
#define S2_NORMAL	(0xf << 2)	/* normal, write-back */
#define S2_DEVICE	(0x1 << 2)	/* device nGnRE */

/* VTCR_EL2: T0SZ 25 (39 bits), SL0 1 (start at level 1), WBWA inner and
 * outer, inner shareable, 4 KiB granule, 40-bit PA, RES1 bit 31. */
#define VTCR		((1 << 31) | (2 << 16) | (0 << 14) | (3 << 12) | \
			 (1 << 10) | (1 << 8) | (1 << 6) | 25)
/* HCR_EL2: VM, TSC (trap SMC), RW (EL1 is AArch64). */
#define HCR		((1 << 0) | (1 << 19) | (1 << 31))
#define SPSR_EL1H	0x3c5		/* EL1h, DAIF masked */
#define PSCI_CPU_ON_64	0xc4000003
#define PSCI_CPU_ON_32	0x84000003
#define EC_SMC64	0x17

	.section .text.start, "ax"
	.globl	_start
_start:
	bl	el2_setup
	bl	build_table
	mov	x0, #0			/* the boot CPU's slot */
	ldr	x1, =KERNEL_PA
	ldr	x2, =DTB_PA
	b	enter

/* A CPU started through the trapped CPU_ON: x0 = its slot. */
secondary:
	mov	x19, x0
	bl	el2_setup
	adr	x1, slots
	add	x1, x1, x19, lsl #4
	ldp	x1, x2, [x1]		/* Linux's entry and context */
	mov	x0, x19
	b	enter

/* x1 = entry, x2 = x0 for Linux. */
enter:
	adr	x3, table
	msr	vttbr_el2, x3
	ldr	x3, =VTCR
	msr	vtcr_el2, x3
	ldr	x3, =HCR
	msr	hcr_el2, x3
	isb
	tlbi	vmalls12e1
	dsb	nsh
	isb
	msr	elr_el2, x1
	mov	x3, #SPSR_EL1H
	msr	spsr_el2, x3
	mov	x0, x2
	mov	x1, #0
	mov	x2, #0
	mov	x3, #0
	eret

/* What every CPU sets at EL2 before its EL1 runs. */
el2_setup:
	adr	x3, vectors
	msr	vbar_el2, x3
	mrs	x3, midr_el1
	msr	vpidr_el2, x3
	mrs	x3, mpidr_el1
	msr	vmpidr_el2, x3
	mov	x3, #3			/* EL1 uses the physical counter and timer */
	msr	cnthctl_el2, x3
	msr	cntvoff_el2, xzr
	ldr	x3, =0x33ff		/* CPTR_EL2 RES1, no FP/SIMD trap */
	msr	cptr_el2, x3
	mrs	x3, pmcr_el0
	ubfx	x3, x3, #11, #5
	msr	mdcr_el2, x3		/* HPMN: every counter to EL1 */
	mrs	x3, s3_4_c12_c9_5	/* ICC_SRE_EL2: EL1 may use ICC_* */
	orr	x3, x3, #1		/* SRE */
	orr	x3, x3, #(1 << 3)	/* Enable: EL1 accesses ICC_SRE_EL1 */
	msr	s3_4_c12_c9_5, x3
	msr	sctlr_el1, xzr
	isb
	ret

/* Identity map of the 39-bit space: RAM normal, everything else device. */
build_table:
	adr	x0, table
	mov	x1, #0			/* block index = GiB */
1:	lsl	x2, x1, #30
	ldr	x3, =(S2_BLOCK | S2_DEVICE)
	cmp	x1, #(RAM_PA >> 30)
	b.ne	2f
	ldr	x3, =(S2_BLOCK | S2_NORMAL)
2:	orr	x2, x2, x3
	str	x2, [x0, x1, lsl #3]
	add	x1, x1, #1
	cmp	x1, #512
	b.lo	1b
	dsb	ish
	ret

/*
 * A trapped SMC: CPU_ON goes through `secondary`, the rest to firmware.
 * x0-x3 are the call's (x1-x3 come back unpredictable, as SMCCC allows);
 * x4 is borrowed, kept in TPIDR_EL2.
 */
smc_exit:
	msr	tpidr_el2, x4
	mrs	x4, esr_el2
	lsr	x4, x4, #26
	cmp	x4, #EC_SMC64
	b.ne	stop
	mrs	x4, elr_el2
	add	x4, x4, #4		/* a trapped SMC returns to itself */
	msr	elr_el2, x4
	movz	w4, #(PSCI_CPU_ON_64 & 0xffff)
	movk	w4, #(PSCI_CPU_ON_64 >> 16), lsl #16
	cmp	w0, w4
	b.eq	cpu_on
	movz	w4, #(PSCI_CPU_ON_32 & 0xffff)
	movk	w4, #(PSCI_CPU_ON_32 >> 16), lsl #16
	cmp	w0, w4
	b.eq	cpu_on
	mrs	x4, tpidr_el2
	smc	#0
	eret

/* x1 = target MPIDR, x2 = entry, x3 = context: keep them, start it here. */
cpu_on:
	and	x4, x1, #0xff
	cmp	x4, #MAX_CPUS
	b.hs	bad_cpu
	adr	x0, slots
	add	x0, x0, x4, lsl #4
	stp	x2, x3, [x0]
	adr	x2, secondary
	mov	x3, x4
	movz	w0, #(PSCI_CPU_ON_64 & 0xffff)
	movk	w0, #(PSCI_CPU_ON_64 >> 16), lsl #16
	mrs	x4, tpidr_el2
	smc	#0
	eret
bad_cpu:
	mrs	x4, tpidr_el2
	mov	x0, #-2			/* INVALID_PARAMETERS */
	eret

stop:
	wfi
	b	stop

	.balign	0x800
vectors:
	.balign	0x80
	b	stop			/* current EL, SP_EL0 */
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop			/* current EL, SP_ELx */
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.balign	0x80
	b	smc_exit		/* lower EL, AArch64: synchronous */
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.balign	0x80
	b	stop
	.ltorg

	.section .bss, "aw", %nobits
	.balign	4096
table:
	.skip	4096
slots:
	.skip	16 * MAX_CPUS
