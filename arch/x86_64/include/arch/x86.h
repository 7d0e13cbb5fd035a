/*
 * x86_64 control registers, model-specific registers and CPUID: names for
 * the bits the hypervisor uses (AMD64 APM vol. 2, chapters 3 and 15), and
 * the instructions that reach them.
 */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <septum/types.h>

#define CR0_PE BIT(0)
#define CR0_MP BIT(1)
#define CR0_ET BIT(4)
#define CR0_NE BIT(5)
#define CR0_WP BIT(16)
#define CR0_NW BIT(29)
#define CR0_CD BIT(30)
#define CR0_PG BIT(31)

#define CR4_PAE BIT(5)
#define CR4_PGE BIT(7)
#define CR4_OSFXSR BIT(9)

#define MSR_APIC_BASE 0x0000001bu
#define APIC_BASE_BSP BIT(8)
#define APIC_BASE_ENABLE BIT(11)
#define APIC_BASE_ADDR_MASK GENMASK(51, 12)
#define MSR_PAT 0x00000277u
#define MSR_EFER 0xc0000080u
#define EFER_SCE BIT(0)
#define EFER_LME BIT(8)
#define EFER_LMA BIT(10)
#define EFER_NXE BIT(11)
#define EFER_SVME BIT(12)
#define MSR_FS_BASE 0xc0000100u
#define MSR_GS_BASE 0xc0000101u
#define MSR_VM_CR 0xc0010114u
#define VM_CR_SVMDIS BIT(4)
#define MSR_VM_HSAVE_PA 0xc0010117u

#define RFLAGS_IF BIT(9)
#define RFLAGS_RESERVED1 BIT(1)

/* CPUID leaves and the feature bits the hypervisor needs. */
#define CPUID_FEATURES 0x00000001u
#define CPUID_1_ECX_X2APIC BIT(21)
#define CPUID_1_EDX_APIC BIT(9)
#define CPUID_EXT_FEATURES 0x80000001u
#define CPUID_EXT_ECX_SVM BIT(2)
#define CPUID_EXT_EDX_NX BIT(20)
#define CPUID_EXT_EDX_LM BIT(29)
#define CPUID_SVM 0x8000000au
#define CPUID_SVM_EDX_NPT BIT(0)
#define CPUID_SVM_EDX_NRIPS BIT(3)

struct cpuid_regs {
	uint32_t eax, ebx, ecx, edx;
};

static inline struct cpuid_regs cpuid(uint32_t leaf, uint32_t subleaf)
{
	struct cpuid_regs r;

	__asm__ volatile("cpuid"
			 : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx)
			 : "a"(leaf), "c"(subleaf));
	return r;
}

static inline uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static inline void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 : : "c"(msr), "a"((uint32_t)v), "d"((uint32_t)(v >> 32))
			 : "memory");
}

static inline uint64_t rdtsc_ordered(void)
{
	uint32_t lo, hi;

	/* LFENCE keeps the read from floating above earlier instructions. */
	__asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

#define DEFINE_CR_ACCESS(n)                                                    \
	static inline uint64_t read_cr##n(void)                                \
	{                                                                      \
		uint64_t v;                                                    \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v));              \
		return v;                                                      \
	}                                                                      \
	static inline void write_cr##n(uint64_t v)                             \
	{                                                                      \
		__asm__ volatile("mov %0, %%cr" #n : : "r"(v) : "memory");     \
	}
DEFINE_CR_ACCESS(0)
DEFINE_CR_ACCESS(2)
DEFINE_CR_ACCESS(3)
DEFINE_CR_ACCESS(4)
#undef DEFINE_CR_ACCESS

/* The stack pointer now (which CPU's stack slot we run on). */
static inline uintptr_t read_rsp(void)
{
	uintptr_t v;

	__asm__ volatile("mov %%rsp, %0" : "=r"(v));
	return v;
}

static inline uint64_t read_rflags(void)
{
	uint64_t v;

	__asm__ volatile("pushfq\n\tpopq %0" : "=r"(v) : : "memory");
	return v;
}

/* Descriptor-table registers as SGDT/SIDT store them. */
struct __attribute__((packed)) dtr {
	uint16_t limit;
	uint64_t base;
};

static inline struct dtr read_idtr(void)
{
	struct dtr d;

	__asm__ volatile("sidt %0" : "=m"(d));
	return d;
}

static inline struct dtr read_gdtr(void)
{
	struct dtr d;

	__asm__ volatile("sgdt %0" : "=m"(d));
	return d;
}

static inline uint16_t read_tr(void)
{
	uint16_t v;

	__asm__ volatile("str %0" : "=r"(v));
	return v;
}

/* The current privilege level (CS's low bits). */
static inline unsigned int read_cpl(void)
{
	uint16_t cs;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	return cs & 3u;
}

static inline void invlpg_all(void)
{
	write_cr3(read_cr3());	/* flushes every non-global translation */
}

#endif /* ARCH_X86_H */
