/*
 * svm_run(vmcb_pa, host_pa, regs): one trip into the guest and back.
 *
 * VMRUN loads the guest state of the VMCB (RAX, RSP, RIP, segments, control
 * registers) and saves the hypervisor's in the host save area; VMLOAD and
 * VMSAVE move the rest (FS, GS, TR, LDTR, the syscall MSRs), which must be
 * the guest's while it runs and the hypervisor's afterwards (its TSS holds
 * the exception stacks).  The other general registers are not switched by
 * the hardware: they come from and go back to *regs (struct guest_regs,
 * by register number: 8 bytes each).
 * Global interrupts are off from CLGI until the exit is over (STGI), so
 * the hypervisor takes no interrupt here; RFLAGS.IF is set for the VMRUN
 * only, because with V_INTR_MASKING the IF saved by VMRUN is what lets a
 * physical interrupt end the guest's run (an INTR exit), and cleared again
 * before STGI.
 */
#define REGS_RCX 8
#define REGS_RDX 16
#define REGS_RBX 24
#define REGS_RBP 40
#define REGS_RSI 48
#define REGS_RDI 56
#define REGS_R8 64
#define REGS_R9 72
#define REGS_R10 80
#define REGS_R11 88
#define REGS_R12 96
#define REGS_R13 104
#define REGS_R14 112
#define REGS_R15 120

	.section .text, "ax"
	.globl	svm_run
svm_run:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	pushq	%rdx			/* regs */
	pushq	%rsi			/* host_pa */
	movq	%rdi, %rax		/* the guest's VMCB, for VMLOAD/RUN/SAVE */
	movq	REGS_RBX(%rdx), %rbx
	movq	REGS_RCX(%rdx), %rcx
	movq	REGS_RSI(%rdx), %rsi
	movq	REGS_RDI(%rdx), %rdi
	movq	REGS_RBP(%rdx), %rbp
	movq	REGS_R8(%rdx), %r8
	movq	REGS_R9(%rdx), %r9
	movq	REGS_R10(%rdx), %r10
	movq	REGS_R11(%rdx), %r11
	movq	REGS_R12(%rdx), %r12
	movq	REGS_R13(%rdx), %r13
	movq	REGS_R14(%rdx), %r14
	movq	REGS_R15(%rdx), %r15
	movq	REGS_RDX(%rdx), %rdx
	clgi
	sti
	vmload	%rax
	vmrun	%rax
	vmsave	%rax
	/* The guest's registers are live; RAX and RSP are the host's again. */
	movq	8(%rsp), %rax		/* regs */
	movq	%rbx, REGS_RBX(%rax)
	movq	%rcx, REGS_RCX(%rax)
	movq	%rdx, REGS_RDX(%rax)
	movq	%rsi, REGS_RSI(%rax)
	movq	%rdi, REGS_RDI(%rax)
	movq	%rbp, REGS_RBP(%rax)
	movq	%r8, REGS_R8(%rax)
	movq	%r9, REGS_R9(%rax)
	movq	%r10, REGS_R10(%rax)
	movq	%r11, REGS_R11(%rax)
	movq	%r12, REGS_R12(%rax)
	movq	%r13, REGS_R13(%rax)
	movq	%r14, REGS_R14(%rax)
	movq	%r15, REGS_R15(%rax)
	popq	%rax			/* host_pa */
	vmload	%rax
	cli
	stgi
	addq	$8, %rsp		/* regs */
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	ret
