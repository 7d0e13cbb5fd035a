/*
 * Self-tests of x86_64 specifics, in the test image: every CPU's own
 * descriptor tables and stacks, the control registers the hypervisor runs
 * with, W^X over the whole image, guarded stacks, the Multiboot header, the
 * TSC's measured rate, SVM.
 */
#include <septum/console.h>
#define TEST_PRINTF console_printf
#include <septum/test.h>

#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pgtable.h>
#include <arch/x86.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/smp.h>

#define MB_HEADER_MAGIC 0x1badb002u
#define MB_ADDRESSES BIT(16)
#define MB_SEARCH 8192u
#define VEC_DF 8
#define VEC_PF 14
#define GATE_IST(lo) FIELD_GET(lo, 34, 32)

extern uint8_t hv_stacks[X86_MAX_CPUS][STACK_SLOT_SIZE];
extern char _start[], __text_start[], __image_end[];

static bool page_rw(const uint8_t *p)
{
	return arch_mmu_can_access((uintptr_t)p, MMU_READ | MMU_WRITE);
}

static bool page_absent(const uint8_t *p)
{
	return !arch_mmu_can_access((uintptr_t)p, MMU_READ);
}

TEST(x86, stacks_have_guard_pages)
{
	for (unsigned int i = 0; i < X86_MAX_CPUS; i++) {
		const uint8_t *slot = hv_stacks[i];

		EXPECT(page_absent(slot));
		EXPECT(page_rw(slot + EXC_STACK_BASE));
		EXPECT(page_rw(slot + EXC_STACK_TOP - 1));
		EXPECT(page_absent(slot + EXC_STACK_TOP));
		EXPECT(page_rw(slot + DF_STACK_BASE));
		EXPECT(page_absent(slot + DF_STACK_TOP));
		EXPECT(page_rw(slot + CPU_STACK_BASE));
		EXPECT(page_rw(slot + CPU_STACK_TOP - 1));
	}
}

TEST(x86, every_cpu_has_its_own_tables)
{
	for (unsigned int i = 0; i < smp_online_count(); i++) {
		const struct x86_cpu_state *s = &x86_cpu_state[i];
		const uint8_t *slot = hv_stacks[i];

		console_printf("  CPU %u: CR0 0x%llx CR4 0x%llx EFER 0x%llx, "
			       "GDT 0x%llx, TR 0x%x\n", i,
			       (unsigned long long)s->cr0,
			       (unsigned long long)s->cr4,
			       (unsigned long long)s->efer,
			       (unsigned long long)s->gdt_base, s->tr);
		EXPECT(s->recorded);
		EXPECT(s->efer & EFER_LMA);	/* long mode */
		EXPECT(s->efer & EFER_NXE);
		EXPECT(s->efer & EFER_SVME);
		EXPECT(s->cr0 & CR0_PG);
		EXPECT(s->cr0 & CR0_WP);	/* W^X binds the hypervisor too */
		EXPECT(!(s->cr0 & (CR0_CD | CR0_NW)));	/* caches on */
		EXPECT_EQ(s->cr3 & PTE_ADDR_MASK, paging_root_pa());
		EXPECT_EQ(s->gdt_base, x86_cpu_gdt(i));
		EXPECT_EQ(s->idt_base, x86_idt());
		EXPECT_EQ(s->tr, SEL_TSS);
		EXPECT_EQ(s->ist[0], (uintptr_t)(slot + EXC_STACK_TOP));
		EXPECT_EQ(s->ist[1], (uintptr_t)(slot + DF_STACK_TOP));
	}
}

TEST(x86, faults_use_their_own_stacks)
{
	const uint64_t *idt = (const uint64_t *)x86_idt();

	EXPECT_EQ(GATE_IST(idt[2 * VEC_PF]), 1);
	EXPECT_EQ(GATE_IST(idt[2 * VEC_DF]), 2);
}

/* No page of the image is both writable and executable. */
TEST(x86, image_is_w_xor_x)
{
	unsigned int wx = 0, x = 0;

	for (uintptr_t p = (uintptr_t)__text_start; p < (uintptr_t)__image_end;
	     p += PAGE_SIZE) {
		bool w = arch_mmu_can_access(p, MMU_WRITE);
		bool e = arch_mmu_can_access(p, MMU_EXEC);

		wx += w && e;
		x += e;
	}
	console_printf("  %u executable pages, %u writable and executable\n",
		       x, wx);
	EXPECT(x > 0);
	EXPECT_EQ(wx, 0);
}

TEST(x86, trampoline_unmapped_after_boot)
{
	EXPECT(!arch_mmu_can_access(TRAMPOLINE_PA, MMU_READ));
}

TEST(x86, multiboot_header)
{
	const uint32_t *w = (const uint32_t *)(const void *)_start;
	unsigned int i;

	for (i = 0; i < MB_SEARCH / 4 && w[i] != MB_HEADER_MAGIC; i++)
		;
	if (!EXPECT(i < MB_SEARCH / 4))
		return;
	EXPECT_EQ((uint32_t)(w[i] + w[i + 1] + w[i + 2]), 0);
	EXPECT(w[i + 1] & MB_ADDRESSES);
	/* header_addr - load_addr is the header's offset in the image. */
	EXPECT_EQ(w[i + 3] - w[i + 4], 4 * i);
	EXPECT_EQ(w[i + 4], arch_mmu_image_pa(_start).bits);
	EXPECT_EQ(w[i + 6] - w[i + 4],
		  (uintptr_t)__image_end - (uintptr_t)_start);
}

TEST(x86, tsc_rate_measured_and_sane)
{
	uint64_t hz = arch_timer_freq(), t0, t1;
	uint64_t lapic_hz = apic_timer_hz();

	console_printf("  TSC %llu Hz, local APIC timer %llu Hz\n",
		       (unsigned long long)hz, (unsigned long long)lapic_hz);
	EXPECT(hz >= 100000000ull && hz <= 10000000000ull);
	EXPECT(lapic_hz >= 1000000ull && lapic_hz <= hz);
	/* The TSC agrees with itself across CPUs closely enough to order. */
	t0 = arch_timer_now();
	t1 = arch_timer_now();
	EXPECT(t1 >= t0);
}

TEST(x86, svm_with_nested_paging)
{
	const char *why;

	EXPECT(x86_cpu_supported(&why));
	EXPECT(rdmsr(MSR_EFER) & EFER_SVME);
}
