/*
 * Exceptions the hypervisor takes: every one is fatal.  A decoded dump
 * (vector by name, error code, the faulting address, every register, the
 * CPU), then the panic's end.  Exceptions run on the CPU's exception stack
 * (IST), so a stack overflow into a guard page is reported too.
 */
#include <arch/cpu.h>
#include <arch/trap.h>
#include <arch/x86.h>
#include <septum/arch/trap.h>
#include <septum/console.h>
#include <septum/panic.h>
#include <septum/percpu.h>

#define VEC_PF 14
#define PF_PRESENT BIT(0)
#define PF_WRITE BIT(1)
#define PF_USER BIT(2)
#define PF_RESERVED BIT(3)
#define PF_FETCH BIT(4)

/* Vector names (AMD64 APM vol. 2, 8.2). */
static const char *vector_name(uint64_t v)
{
	switch (v) {
	case 0: return "#DE (divide error)";
	case 1: return "#DB (debug)";
	case 2: return "NMI (non-maskable interrupt)";
	case 3: return "#BP (breakpoint)";
	case 4: return "#OF (overflow)";
	case 5: return "#BR (bound range)";
	case 6: return "#UD (invalid opcode)";
	case 7: return "#NM (device not available)";
	case 8: return "#DF (double fault)";
	case 10: return "#TS (invalid TSS)";
	case 11: return "#NP (segment not present)";
	case 12: return "#SS (stack fault)";
	case 13: return "#GP (general protection)";
	case 14: return "#PF (page fault)";
	case 16: return "#MF (x87 floating point)";
	case 17: return "#AC (alignment check)";
	case 18: return "#MC (machine check)";
	case 19: return "#XF (SIMD floating point)";
	case 21: return "#CP (control protection)";
	case 28: return "#HV (hypervisor injection)";
	case 29: return "#VC (VMM communication)";
	case 30: return "#SX (security)";
	default: return v < X86_EXCEPTIONS ? "reserved exception"
					   : "unexpected interrupt";
	}
}

static void dump_page_fault(const struct x86_frame *f, uint64_t cr2)
{
	unsigned int cpu;

	console_printf("[septum]   %s, on %s, in %s mode%s\n",
		       (f->error & PF_PRESENT) ? "protection violation"
					       : "not-present page",
		       (f->error & PF_FETCH) ? "an instruction fetch"
		       : (f->error & PF_WRITE) ? "a write" : "a read",
		       (f->error & PF_USER) ? "user" : "supervisor",
		       (f->error & PF_RESERVED) ? ", reserved bit set" : "");
	if (x86_stack_guard(cr2, &cpu))
		console_printf("[septum]   CR2 is in a guard page of CPU %u's "
			       "stacks: a stack overflow\n", cpu);
}

static void dump_pair(const char *a, uint64_t x, const char *b, uint64_t y)
{
	console_printf("[septum]   %-3s %016llx  %-3s %016llx\n", a,
		       (unsigned long long)x, b, (unsigned long long)y);
}

static void dump_registers(const struct x86_frame *f)
{
	dump_pair("RAX", f->rax, "RBX", f->rbx);
	dump_pair("RCX", f->rcx, "RDX", f->rdx);
	dump_pair("RSI", f->rsi, "RDI", f->rdi);
	dump_pair("RBP", f->rbp, "RSP", f->rsp);
	dump_pair("R8", f->r8, "R9", f->r9);
	dump_pair("R10", f->r10, "R11", f->r11);
	dump_pair("R12", f->r12, "R13", f->r13);
	dump_pair("R14", f->r14, "R15", f->r15);
	dump_pair("CR0", read_cr0(), "CR3", read_cr3());
	dump_pair("CR4", read_cr4(), "EFR", rdmsr(MSR_EFER));
}

void x86_trap_fatal(const struct x86_frame *f)
{
	const struct percpu *p = percpu_this();
	uint64_t cr2 = read_cr2();

	if (!panic_begin()) {
		console_printf("[septum] FATAL: fault while reporting a fault: "
			       "vector %llu, error 0x%llx, RIP 0x%llx, CR2 "
			       "0x%llx\n", (unsigned long long)f->vector,
			       (unsigned long long)f->error,
			       (unsigned long long)f->rip,
			       (unsigned long long)cr2);
		panic_end();
	}
	console_printf("[septum] FATAL: unexpected %s on CPU %u (APIC id "
		       "0x%x)\n", vector_name(f->vector), p ? p->index : 0,
		       x86_apic_id());
	console_printf("[septum]   vector %llu, error code 0x%llx\n",
		       (unsigned long long)f->vector,
		       (unsigned long long)f->error);
	if (f->vector == VEC_PF)
		dump_page_fault(f, cr2);
	console_printf("[septum]   RIP %016llx  CS %04llx  RFLAGS %016llx\n",
		       (unsigned long long)f->rip, (unsigned long long)f->cs,
		       (unsigned long long)f->rflags);
	console_printf("[septum]   CR2 %016llx  SS %04llx\n",
		       (unsigned long long)cr2, (unsigned long long)f->ss);
	dump_registers(f);
	panic_end();
}

void arch_trap_provoke_fault(void)
{
	/* Page 0 is never mapped: the image and windows live high. */
	uint64_t unmapped = 16, value;

	__asm__ volatile("movq (%1), %0" : "=r"(value) : "r"(unmapped) : "memory");
	(void)value;
	panic("reading an unmapped address did not fault");
}
