/*
 * The CPU on x86_64: descriptor tables, control registers, identity, the
 * arch interface of septum/arch/cpu.h, and starting the APs (INIT-SIPI-SIPI
 * with the trampoline below 1 MiB).
 */
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pgtable.h>
#include <arch/trap.h>
#include <arch/x86.h>
#include <septum/arch/cpu.h>
#include <septum/arch/mmu.h>
#include <septum/arch/vm.h>
#include <septum/percpu.h>
#include <string.h>

/* Descriptor bits (AMD64 APM vol. 2, 4.8). */
#define DESC_CODE64 0x00af9b000000ffffull	/* present, DPL 0, L, accessed */
#define DESC_DATA 0x00cf93000000ffffull
#define DESC_CODE32 0x00cf9b000000ffffull
#define DESC_TSS_TYPE 0x9ull			/* available 64-bit TSS */
#define DESC_PRESENT BIT(47)
#define GATE_INTERRUPT 0xeull
#define IST_EXCEPTIONS 1u
#define IST_CRITICAL 2u		/* #DF, NMI, #MC: even a broken stack works */
#define VEC_NMI 2
#define VEC_DF 8
#define VEC_MC 18
#define IDT_ENTRIES 256
#define STUB_SIZE 16
#define GDT_ENTRIES 6		/* null, code64, data, code32, TSS (two) */

struct __attribute__((packed)) tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
};

_Static_assert(sizeof(struct tss) == 104, "TSS size");
_Static_assert(SEL_TSS == 4 * 8, "the TSS descriptor is GDT entry 4");

struct gate {
	uint64_t lo, hi;
};

struct cpu_tables {
	uint64_t gdt[GDT_ENTRIES];
	struct tss tss;
} __attribute__((aligned(64)));

/* What trampoline.S reads at trampoline_params. */
struct trampoline_params {
	uint64_t cr3;
	uint64_t stack;
	uint64_t entry;
	uint64_t index;
};

extern uint8_t hv_stacks[X86_MAX_CPUS][STACK_SLOT_SIZE];
extern const char entry_stubs[];
extern const uint8_t trampoline_params[];

static struct cpu_tables cpu_tables[X86_MAX_CPUS];
static struct gate idt[IDT_ENTRIES] __attribute__((aligned(16)));
static struct percpu *cpu_local[X86_MAX_CPUS];
struct x86_cpu_state x86_cpu_state[X86_MAX_CPUS];

static uint64_t tss_desc_lo(uint64_t base, uint64_t limit)
{
	return (limit & 0xffff) | (base & 0xffffff) << 16 | DESC_TSS_TYPE << 40 |
	       DESC_PRESENT | ((limit >> 16) & 0xf) << 48 |
	       ((base >> 24) & 0xff) << 56;
}

static struct gate gate(uint64_t handler, unsigned int ist)
{
	return (struct gate){
		(handler & 0xffff) | (uint64_t)SEL_CODE64 << 16 |
			(uint64_t)ist << 32 | GATE_INTERRUPT << 40 |
			DESC_PRESENT | ((handler >> 16) & 0xffff) << 48,
		handler >> 32,
	};
}

static unsigned int vector_ist(unsigned int v)
{
	if (v == VEC_NMI || v == VEC_DF || v == VEC_MC)
		return IST_CRITICAL;
	return v < X86_EXCEPTIONS ? IST_EXCEPTIONS : 0;
}

static void build_idt(void)
{
	for (unsigned int v = 0; v < IDT_ENTRIES; v++)
		idt[v] = gate((uintptr_t)entry_stubs + STUB_SIZE * v,
			      vector_ist(v));
}

static void build_tables(unsigned int index)
{
	struct cpu_tables *t = &cpu_tables[index];
	uint8_t *slot = hv_stacks[index];
	uint64_t base = (uintptr_t)&t->tss;

	t->gdt[0] = 0;
	t->gdt[SEL_CODE64 / 8] = DESC_CODE64;
	t->gdt[SEL_DATA / 8] = DESC_DATA;
	t->gdt[SEL_CODE32 / 8] = DESC_CODE32;
	t->gdt[SEL_TSS / 8] = tss_desc_lo(base, sizeof(t->tss) - 1);
	t->gdt[SEL_TSS / 8 + 1] = base >> 32;
	memset(&t->tss, 0, sizeof(t->tss));
	t->tss.ist[IST_EXCEPTIONS - 1] = (uintptr_t)(slot + EXC_STACK_TOP);
	t->tss.ist[IST_CRITICAL - 1] = (uintptr_t)(slot + DF_STACK_TOP);
	t->tss.iomap_base = sizeof(t->tss);	/* no I/O bitmap */
}

static void load_tables(unsigned int index)
{
	struct dtr gdtr = { sizeof(cpu_tables[index].gdt) - 1,
			    (uintptr_t)cpu_tables[index].gdt };
	struct dtr idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	__asm__ volatile("lgdt %0\n\t"
			 "pushq %1\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\tmovl %2, %%eax\n\t"
			 "movl %%eax, %%ds\n\t"
			 "movl %%eax, %%es\n\t"
			 "movl %%eax, %%ss\n\t"
			 "xorl %%eax, %%eax\n\t"
			 "movl %%eax, %%fs\n\t"
			 "movl %%eax, %%gs\n\t"
			 "ltr %w3\n\t"
			 "lidt %4"
			 : : "m"(gdtr), "i"(SEL_CODE64), "i"(SEL_DATA),
			   "r"((uint16_t)SEL_TSS), "m"(idtr)
			 : "rax", "memory");
}

void x86_cpu_setup(unsigned int index)
{
	if (index == 0)
		build_idt();
	build_tables(index);
	load_tables(index);
	/* An AP leaves INIT with its caches off (CD, NW): turn them on. */
	write_cr0((read_cr0() | CR0_WP | CR0_NE) & ~(CR0_CD | CR0_NW));
	write_cr4(read_cr4() | CR4_PGE);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE | EFER_SVME);
}

bool x86_cpu_supported(const char **why)
{
	struct cpuid_regs ext = cpuid(CPUID_EXT_FEATURES, 0);

	*why = NULL;
	if (!(ext.edx & CPUID_EXT_EDX_NX))
		*why = "no NX (no-execute pages)";
	else if (!(ext.ecx & CPUID_EXT_ECX_SVM))
		*why = "no AMD SVM (on QEMU: -cpu EPYC; Intel VMX is not "
		       "supported)";
	else if (rdmsr(MSR_VM_CR) & VM_CR_SVMDIS)
		*why = "SVM is disabled by the firmware (VM_CR.SVMDIS)";
	else if (!(cpuid(CPUID_SVM, 0).edx & CPUID_SVM_EDX_NPT))
		*why = "no nested paging (NPT)";
	return *why == NULL;
}

bool x86_stack_guard(uint64_t addr, unsigned int *cpu)
{
	uint64_t off = addr - (uintptr_t)hv_stacks;
	uint64_t in_slot = off & (STACK_SLOT_SIZE - 1);

	if (addr < (uintptr_t)hv_stacks || off >= sizeof(hv_stacks))
		return false;
	*cpu = (unsigned int)(off >> STACK_SLOT_SHIFT);
	return in_slot < EXC_STACK_BASE ||
	       (in_slot >= EXC_STACK_TOP && in_slot < DF_STACK_BASE) ||
	       (in_slot >= DF_STACK_TOP && in_slot < CPU_STACK_BASE);
}

uint32_t x86_apic_id(void)
{
	return (uint32_t)FIELD_GET(cpuid(CPUID_FEATURES, 0).ebx, 31, 24);
}

uint64_t arch_cpu_hwid(void)
{
	return x86_apic_id();
}

/* The stack slot (= logical CPU) the caller runs on, or X86_MAX_CPUS. */
static unsigned int this_slot(void)
{
	uint64_t off = read_rsp() - (uintptr_t)hv_stacks;

	return off < sizeof(hv_stacks) ? (unsigned int)(off >> STACK_SLOT_SHIFT)
				       : X86_MAX_CPUS;
}

void arch_cpu_set_local(struct percpu *p)
{
	unsigned int slot = this_slot();

	if (slot < X86_MAX_CPUS)
		cpu_local[slot] = p;
}

struct percpu *arch_cpu_local(void)
{
	unsigned int slot = this_slot();

	return slot < X86_MAX_CPUS ? cpu_local[slot] : NULL;
}

enum err arch_cpu_start(unsigned int index, uint64_t hwid)
{
	uint8_t *page = arch_phys_map(pa(TRAMPOLINE_PA), PAGE_SIZE);
	uintptr_t start = (uintptr_t)trampoline_start;
	struct trampoline_params *p;

	if (!page || index >= X86_MAX_CPUS)
		return E_INVALID;
	memcpy(page, trampoline_start, (uintptr_t)trampoline_end - start);
	p = (struct trampoline_params *)(void *)(page + ((uintptr_t)
						 trampoline_params - start));
	p->cr3 = paging_root_pa();
	p->stack = (uintptr_t)(hv_stacks[index] + CPU_STACK_START);
	p->entry = (uintptr_t)x86_ap_entry;
	p->index = index;
	return apic_start_ap((uint32_t)hwid, TRAMPOLINE_PA);
}

void arch_cpu_wait_event(void)
{
	__asm__ volatile("pause" : : : "memory");
}

void arch_cpu_idle(void)
{
	/* STI's shadow covers HLT: a pending interrupt ends the HLT. */
	__asm__ volatile("sti\n\thlt\n\tcli" : : : "memory");
}

void arch_cpu_yield(void)
{
	__asm__ volatile("pause" : : : "memory");
}

void arch_cpu_send_event(void)
{
	/* Waiters poll (PAUSE); nothing to signal. */
	__asm__ volatile("" : : : "memory");
}

void arch_cpu_halt(void)
{
	for (;;)
		__asm__ volatile("cli\n\thlt" : : : "memory");
}

uintptr_t x86_cpu_gdt(unsigned int index)
{
	return (uintptr_t)cpu_tables[index].gdt;
}

uintptr_t x86_idt(void)
{
	return (uintptr_t)idt;
}

/* Note what this CPU runs with, for the self-tests. */
static void record_state(void)
{
	unsigned int slot = this_slot();
	const struct tss *tss;

	if (slot >= X86_MAX_CPUS)
		return;
	tss = &cpu_tables[slot].tss;
	x86_cpu_state[slot] = (struct x86_cpu_state){
		read_cr0(), read_cr3(), read_cr4(), rdmsr(MSR_EFER),
		read_gdtr().base, read_idtr().base, (uintptr_t)tss,
		{ tss->ist[IST_EXCEPTIONS - 1], tss->ist[IST_CRITICAL - 1] },
		read_tr(), true,
	};
}

void arch_cpu_read_facts(struct arch_cpu_facts *facts)
{
	uint64_t efer = rdmsr(MSR_EFER);

	record_state();

	facts->exception_level = read_cpl();
	facts->hyp_mode = facts->exception_level == 0 && (efer & EFER_LMA) &&
			  (efer & EFER_SVME);
	facts->mmu_on = (read_cr0() & CR0_PG) &&
			(read_cr3() & PTE_ADDR_MASK) == paging_root_pa();
	facts->vectors_installed = read_idtr().base == (uintptr_t)idt;
}
