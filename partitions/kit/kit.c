/*
 * The kit runtime: EL1 MMU, console, PSCI, exceptions.  See kit/kit.h.
 */
#include <kit/kit.h>
#include <kit/sysreg.h>
#include <septum/abi/hypercall.h>
#include <stdarg.h>
#include <stdio.h>

#ifndef KIT_UART
#error "build with -DKIT_UART=<the cell's PL011 address>"
#endif

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)

/* Stage-1 block descriptors for the identity map (level 1, 1 GiB each). */
#define DESC_BLOCK 0x1ull
#define DESC_AF (1ull << 10)
#define DESC_SH_INNER (3ull << 8)
#define DESC_ATTR(i) ((uint64_t)(i) << 2)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define ATTR_DEVICE 0	/* MAIR index: Device-nGnRnE */
#define ATTR_NORMAL 1	/* MAIR index: Normal write-back */

#define SCTLR_EL1_RES1 0x30d00800ull
#define SCTLR_M (1ull << 0)
#define SCTLR_C (1ull << 2)
#define SCTLR_I (1ull << 12)

#define GIB (1ull << 30)

uint64_t kit_boot_x0;
void (*kit_irq_handler)(uint32_t intid);

extern uint64_t kit_pagetable[512];
extern char __image_start[], kit_vectors[], __tls_base[];
extern void kit_secondary_entry(void);
extern void _init_tls(void *tls);
extern void _set_tls(void *tls);
int main(void);
void kit_boot(uint64_t x0) __attribute__((noreturn));
void kit_secondary(uint64_t cpu) __attribute__((noreturn));
void kit_exception(uint64_t kind, uint64_t *regs);

static void (*secondary_fn[KIT_MAX_CPUS])(unsigned int cpu);
static volatile int print_lock;
static volatile bool fault_expected;
static volatile bool fault_seen;
static struct kit_fault last_fault;


static int uart_putc(char c, FILE *f)
{
	(void)f;
	while (kit_read32(KIT_UART + UARTFR) & FR_TXFF)
		;
	kit_write32(KIT_UART + UARTDR, (uint8_t)c);
	return (uint8_t)c;
}

static int uart_getc(FILE *f)
{
	(void)f;
	while (kit_read32(KIT_UART + UARTFR) & FR_RXFE)
		;
	return (int)(kit_read32(KIT_UART + UARTDR) & 0xff);
}

static FILE kit_stdio = FDEV_SETUP_STREAM(uart_putc, uart_getc, NULL,
					  _FDEV_SETUP_RW);
FILE *const stdin = &kit_stdio;
FILE *const stdout = &kit_stdio;
FILE *const stderr = &kit_stdio;

/* Identity map: the GiB holding the image is normal memory, the rest device. */
static void mmu_on(void)
{
	uint64_t ram = (uint64_t)(uintptr_t)__image_start / GIB;

	for (uint64_t i = 0; i < 512; i++)
		kit_pagetable[i] = i * GIB | DESC_BLOCK | DESC_AF |
				   (i == ram ? DESC_ATTR(ATTR_NORMAL) | DESC_SH_INNER
					     : DESC_ATTR(ATTR_DEVICE) | DESC_PXN |
						       DESC_UXN);
	__asm__ volatile("dsb sy");
	sysreg_write(mair_el1, 0xff00ull);
	/* T0SZ 25 (39 bits), WBWA walks, inner shareable, 4K, 40-bit IPS, no TTBR1. */
	sysreg_write(tcr_el1, 25ull | 1ull << 8 | 1ull << 10 | 3ull << 12 |
				      2ull << 32 | 1ull << 23);
	sysreg_write(ttbr0_el1, (uintptr_t)kit_pagetable);
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb");
	sysreg_write(sctlr_el1, SCTLR_EL1_RES1 | SCTLR_M | SCTLR_C | SCTLR_I);
	__asm__ volatile("isb");
}

static void cpu_setup(void)
{
	mmu_on();
	sysreg_write(vbar_el1, (uintptr_t)kit_vectors);
	_set_tls(__tls_base);
	__asm__ volatile("isb");
}

void kit_boot(uint64_t x0)
{
	kit_boot_x0 = x0;
	cpu_setup();
	_init_tls(__tls_base);
	main();
	kit_system_off();
}

void kit_secondary(uint64_t cpu)
{
	cpu_setup();
	if (cpu < KIT_MAX_CPUS && secondary_fn[cpu])
		secondary_fn[cpu]((unsigned int)cpu);
	kit_cpu_off();
}

unsigned int kit_cpu_index(void)
{
	return (unsigned int)(sysreg_read(mpidr_el1) & 0xff);
}

int64_t kit_smc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return (int64_t)x0;
}

int64_t kit_hvc(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 : : "memory");
	return (int64_t)x0;
}

int64_t kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu))
{
	if (cpu >= KIT_MAX_CPUS)
		return PSCI_INVALID_PARAMETERS;
	secondary_fn[cpu] = fn;
	__asm__ volatile("dsb sy");
	return kit_hvc(PSCI_CPU_ON, cpu, (uintptr_t)kit_secondary_entry, cpu);
}

void kit_cpu_off(void)
{
	kit_hvc(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void kit_system_off(void)
{
	kit_hvc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void kit_system_reset(void)
{
	kit_hvc(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

int kit_printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("wfe");
	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
	__asm__ volatile("sev");
	return n;
}

static unsigned int checks_passed, checks_failed;

void kit_check(const char *suite, const char *name, bool ok)
{
	kit_printf("TEST %s.%s %s\n", suite, name, ok ? "PASS" : "FAIL");
	if (ok)
		checks_passed++;
	else
		checks_failed++;
}

void kit_check_summary(void)
{
	kit_printf("%u passed, %u failed\n", checks_passed, checks_failed);
}

void kit_udelay(uint64_t us)
{
	uint64_t end = kit_counter() + us * kit_counter_freq() / 1000000;

	while (kit_counter() < end)
		;
}

void kit_expect_fault(void)
{
	fault_seen = false;
	fault_expected = true;
	__asm__ volatile("dsb sy");
}

bool kit_fault_taken(struct kit_fault *fault)
{
	bool seen = fault_seen;

	fault_expected = false;
	fault_seen = false;
	if (seen && fault)
		*fault = last_fault;
	return seen;
}

bool kit_in_septum(void)
{
	int64_t v;

	kit_expect_fault();
	v = kit_hvc(SEPTUM_HC_VERSION, 0, 0, 0);
	if (kit_fault_taken(NULL))
		return false;
	return v == SEPTUM_HC_ABI_VERSION;
}

uint64_t kit_heartbeat(const volatile uint32_t *done, unsigned int max_beats,
		       void (*each)(unsigned int beats))
{
	uint64_t tick = kit_counter_freq() / 1000, worst = 0;
	uint64_t last = kit_counter();
	unsigned int beats = 0;

	while (!*done && beats < max_beats) {
		uint64_t now;

		while ((now = kit_counter()) - last < tick)
			;
		if (now - last > worst)
			worst = now - last;
		last = now;
		if (++beats % 100 == 0 && each)
			each(beats);
	}
	kit_printf("%u beats, longest interval %llu us\n", beats,
		   (unsigned long long)(worst * 1000000 / kit_counter_freq()));
	return worst;
}

void kit_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" : : : "memory");
}

void kit_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" : : : "memory");
}

void kit_wait_flag(const volatile bool *flag)
{
	kit_irq_disable();
	while (!*flag) {
		/* An interrupt pending while masked ends the WFI all the same. */
		__asm__ volatile("wfi" : : : "memory");
		kit_irq_enable();
		__asm__ volatile("isb" : : : "memory");	/* taken here */
		kit_irq_disable();
	}
	kit_irq_enable();
}

/* Implemented by the GIC helpers (gic.c): acknowledge and dispatch one IRQ. */
void kit_gic_dispatch(void);

void kit_exception(uint64_t kind, uint64_t *regs)
{
	uint64_t esr = sysreg_read(esr_el1), far = sysreg_read(far_el1);

	if (kind % 4 == 1) {
		kit_gic_dispatch();
		return;
	}
	if (kind % 4 == 0 && fault_expected) {
		last_fault = (struct kit_fault){ esr, far, regs[21] };
		fault_seen = true;
		fault_expected = false;
		/* Skip the faulting instruction (ELR); a fetch that faulted
		 * came from a branch with link: back to its return address. */
		if ((esr >> 26) == 0x20 || (esr >> 26) == 0x21)
			regs[21] = regs[20];
		else
			regs[21] += 4;
		return;
	}
	kit_printf("kit: CPU %u: unexpected exception (vector %u): ESR 0x%llx "
		   "FAR 0x%llx ELR 0x%llx\n", kit_cpu_index(), (unsigned int)kind,
		   (unsigned long long)esr, (unsigned long long)far,
		   (unsigned long long)regs[21]);
	kit_cpu_off();
}
