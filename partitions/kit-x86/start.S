/*
 * Entry of an x86 kit guest.  The cell's first CPU arrives in 32-bit
 * protected mode, paging off, EBX = the cell's argument; CPUs started with
 * kit_cpu_on() arrive in real mode at the trampoline's copy (page 0x8000,
 * SIPI vector 8) and join it.  Both switch to long mode on the kit's
 * identity page tables, take their stack by CPU number (the x2APIC id) and
 * call kit_boot() or kit_secondary().  Interrupt stubs follow: one per
 * vector, 16 bytes each, into kit_trap(frame).
 *
 * The same image also boots alone under QEMU's -kernel (Multiboot v1): its
 * header gives the load addresses itself (QEMU loads no 64-bit ELF), and
 * the loader enters at _start in the same state, EBX = its information
 * block.  kit_boot() then finds no hypervisor (kit/kit.h: kit_native).
 */
#define SEL_CODE64 0x08
#define SEL_DATA 0x10
#define SEL_CODE32 0x18
#define PTE_LARGE 0x83		/* present, writable, 2 MiB */
#define PTE_UNCACHED 0x18	/* PCD, PWT */
#define PTE_TABLE 0x3
#define CR0_PG 0x80000000
#define CR0_PE 0x1
#define CR4_PAE 0x20
#define MSR_EFER 0xc0000080
#define EFER_LME 0x100
#define MSR_X2APIC_ID 0x802
#define MSR_APIC_BASE 0x1b
#define APIC_BASE_EXTD 0x400	/* x2APIC mode */
#define XAPIC_ID 0xfee00020	/* the xAPIC's ID register: bits 31:24 */
#define STACK_SIZE 0x4000
#define MB_HEADER_MAGIC 0x1badb002
#define MB_ADDRESSES (1 << 16)	/* the header gives the load addresses */

	.section .text.start, "ax"
	.code32
	.globl	_start
_start:
	cli
	cld
	movl	%ebx, kit_boot_arg
	/* bss */
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb
	/* Page tables: PML4 -> PDPT -> four directories of 2 MiB pages. */
	movl	$kit_pagetables, %edi
	movl	$(6 * 1024), %ecx
	xorl	%eax, %eax
	rep stosl
	movl	$(kit_pagetables + 4096 + PTE_TABLE), kit_pagetables
	movl	$(kit_pagetables + 4096), %edi
	movl	$(kit_pagetables + 8192 + PTE_TABLE), %eax
	movl	$4, %ecx
1:	movl	%eax, (%edi)
	addl	$4096, %eax
	addl	$8, %edi
	loop	1b
	movl	$(kit_pagetables + 8192), %edi
	movl	$PTE_LARGE, %eax
	movl	$2048, %ecx
2:	movl	%eax, %edx
	cmpl	$512, %ecx		/* the last GiB: devices, uncached */
	ja	3f
	orl	$PTE_UNCACHED, %edx
3:	movl	%edx, (%edi)
	addl	$0x200000, %eax
	addl	$8, %edi
	loop	2b
	jmp	kit_long_mode

/* Multiboot v1 header (within the image's first 8 KiB, 4-byte aligned). */
	.balign	4
kit_mb_header:
	.long	MB_HEADER_MAGIC
	.long	MB_ADDRESSES
	.long	-(MB_HEADER_MAGIC + MB_ADDRESSES)
	.long	kit_mb_header
	.long	__image_start		/* load_addr: the image's first byte */
	.long	__load_end		/* end of what the file holds */
	.long	__image_end		/* end of bss: zeroed by the loader */
	.long	_start

/* From 32-bit protected mode, paging off, to long mode: BSP and APs. */
	.globl	kit_long_mode
kit_long_mode:
	lgdt	%cs:kit_gdtr		/* no GDT at entry; DS may be real mode.s */
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$kit_pagetables, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$SEL_CODE64, $kit_64

	.code64
kit_64:
	movl	$SEL_DATA, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	/* A cell's APIC is an x2APIC; natively it is in xAPIC mode. */
	movl	$MSR_APIC_BASE, %ecx
	rdmsr
	testl	$APIC_BASE_EXTD, %eax
	jz	6f
	movl	$MSR_X2APIC_ID, %ecx
	rdmsr
	jmp	7f
6:	movl	XAPIC_ID, %eax
	shrl	$24, %eax
7:
	movl	%eax, %edi		/* the CPU number */
	movl	%eax, %ecx
	imull	$STACK_SIZE, %ecx
	movq	$kit_stacks_top, %rsp
	subq	%rcx, %rsp
	testl	%edi, %edi
	jnz	4f
	movl	kit_boot_arg, %edi
	call	kit_boot		/* never returns */
4:	call	kit_secondary		/* never returns */
5:	hlt
	jmp	5b

/* The APs' real-mode start, copied to KIT_TRAMPOLINE by kit_cpu_on(). */
	.code16
	.globl	kit_trampoline, kit_trampoline_end
kit_trampoline:
	cli
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	kit_tr_gdtr - kit_trampoline
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $kit_long_mode
kit_tr_gdtr:
	.word	kit_gdt_end - kit_gdt - 1
	.long	kit_gdt
kit_trampoline_end:

	.section .rodata
	.balign	8
kit_gdt:
	.quad	0
	.quad	0x00af9b000000ffff	/* SEL_CODE64 */
	.quad	0x00cf93000000ffff	/* SEL_DATA */
	.quad	0x00cf9b000000ffff	/* SEL_CODE32 */
kit_gdt_end:
kit_gdtr:
	.word	kit_gdt_end - kit_gdt - 1
	.long	kit_gdt

	.section .data
	.balign	8
	.globl	kit_boot_arg
kit_boot_arg:
	.quad	0

/* Interrupt and exception stubs: kit_trap(frame) for every vector. */
.macro stub vec
	.balign	16
	.if (\vec == 8) || (\vec >= 10 && \vec <= 14) || (\vec == 17) || \
	    (\vec == 21) || (\vec == 29) || (\vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
.endm

	.section .text, "ax"
	.code64
	.balign	16
	.globl	kit_stubs
kit_stubs:
	.altmacro
	.set	vec, 0
	.rept	256
	stub	%vec
	.set	vec, vec + 1
	.endr
	.noaltmacro

trap_common:
	pushq	%rax
	pushq	%rbx
	pushq	%rcx
	pushq	%rdx
	pushq	%rsi
	pushq	%rdi
	pushq	%rbp
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, %rdi
	call	kit_trap
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rbp
	popq	%rdi
	popq	%rsi
	popq	%rdx
	popq	%rcx
	popq	%rbx
	popq	%rax
	addq	$16, %rsp
	iretq

/* MSR accesses whose #GP kit_trap() turns into a return of true. */
	.globl	kit_try_rdmsr, kit_try_wrmsr, kit_rdmsr_insn, kit_wrmsr_insn
	.globl	kit_msr_fixup
kit_try_rdmsr:			/* (msr, *value) */
	movl	%edi, %ecx
	movq	%rsi, %r8
	movq	$0, (%r8)
kit_rdmsr_insn:
	rdmsr
	shlq	$32, %rdx
	movl	%eax, %eax
	orq	%rdx, %rax
	movq	%rax, (%r8)
	xorl	%eax, %eax
	ret
kit_try_wrmsr:			/* (msr, value) */
	movl	%edi, %ecx
	movl	%esi, %eax
	movq	%rsi, %rdx
	shrq	$32, %rdx
kit_wrmsr_insn:
	wrmsr
	xorl	%eax, %eax
	ret
kit_msr_fixup:			/* the #GP: nothing happened */
	movl	$1, %eax
	ret
