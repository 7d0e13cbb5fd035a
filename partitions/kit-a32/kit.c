/*
 * The AArch32 kit runtime: MMU, console, PSCI, exceptions, and the system
 * calls newlib's printf() and malloc() rest on.  See kit/kit.h.
 */
#include <errno.h>
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>
#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

#ifndef KIT_UART
#error "build with -DKIT_UART=<the cell's PL011 address>"
#endif

#define UARTDR 0x00
#define UARTFR 0x18
#define FR_TXFF (1u << 5)
#define FR_RXFE (1u << 4)

/* Short-descriptor sections (1 MiB), ARM DDI 0487 G5.5. */
#define SECTION 0x2u
#define SECTION_B (1u << 2)
#define SECTION_C (1u << 3)
#define SECTION_XN (1u << 4)
#define SECTION_AP_RW (3u << 10)	/* read/write at every level */
#define SECTION_TEX(t) ((uint32_t)(t) << 12)
#define SECTION_S (1u << 16)
/* Normal write-back write-allocate, shareable; Device (shareable). */
#define SECTION_NORMAL (SECTION_TEX(1) | SECTION_C | SECTION_B | SECTION_S)
#define SECTION_DEVICE (SECTION_B | SECTION_XN)
#define MIB (1u << 20)
#define GIB_SECTIONS 1024u

/* TTBR0: walks inner and outer write-back write-allocate, inner shareable. */
#define TTBR_WALK_WBWA ((1u << 6) | (1u << 1) | (1u << 3) | (1u << 5))
#define SCTLR_RESET 0x00c50838u
#define SCTLR_M (1u << 0)
#define SCTLR_C (1u << 2)
#define SCTLR_I (1u << 12)

/* Exception kinds of start.S's vectors. */
enum { KIND_RESET, KIND_UNDEF, KIND_SVC, KIND_PABT, KIND_DABT, KIND_IRQ,
       KIND_FIQ };
/* Saved state (start.S): SPSR, padding, r0-r12, the return address. */
#define REG_SPSR 0
#define REG_PC 15
#define SPSR_T (1u << 5)

uint32_t kit_boot_r0;
uint32_t kit_entry_t32;
void (*kit_irq_handler)(uint32_t intid);

extern uint32_t kit_pagetable[4096];
extern char __image_start[], kit_vectors[], __heap_start[], __heap_end[];
extern void kit_secondary_entry(void);
int main(void);
void kit_boot(uint32_t r0) __attribute__((noreturn));
void kit_secondary(uint32_t cpu) __attribute__((noreturn));
void kit_exception(uint32_t kind, uint32_t *regs);

static void (*secondary_fn[KIT_MAX_CPUS])(unsigned int cpu);
static volatile int print_lock;
static volatile bool fault_expected;
static volatile bool fault_seen;
static struct kit_fault last_fault;
static volatile bool undef_expected;
static volatile bool undef_seen;
static uint32_t undef_resume_cpsr;
static struct kit_undef last_undef;

static void uart_putc(char c)
{
	while (kit_read32(KIT_UART + UARTFR) & FR_TXFF)
		;
	kit_write32(KIT_UART + UARTDR, (uint8_t)c);
}

/* Identity map: the GiB holding the image is normal memory, the rest device. */
static void mmu_on(void)
{
	uint32_t ram = (uint32_t)(uintptr_t)__image_start / MIB / GIB_SECTIONS;

	for (uint32_t i = 0; i < 4096; i++)
		kit_pagetable[i] = i * MIB | SECTION | SECTION_AP_RW |
				   (i / GIB_SECTIONS == ram ? SECTION_NORMAL
							    : SECTION_DEVICE);
	__asm__ volatile("dsb sy");
	cp15_write32(0, c3, c0, 0, 0x55555555u);	/* DACR: all client */
	cp15_write32(0, c2, c0, 2, 0);			/* TTBCR: TTBR0 only */
	cp15_write32(0, c2, c0, 0, (uintptr_t)kit_pagetable | TTBR_WALK_WBWA);
	kit_isb();
	cp15_write32(0, c8, c7, 0, 0);			/* TLBIALL */
	__asm__ volatile("dsb nsh; isb");
	cp15_write32(0, c1, c0, 0, SCTLR_RESET | SCTLR_M | SCTLR_C | SCTLR_I);
	kit_isb();
}

static void cpu_setup(void)
{
	mmu_on();
	cp15_write32(0, c12, c0, 0, (uintptr_t)kit_vectors);	/* VBAR */
	kit_isb();
}

void kit_boot(uint32_t r0)
{
	kit_boot_r0 = r0;
	cpu_setup();
	setvbuf(stdout, NULL, _IONBF, 0);
	main();
	kit_system_off();
}

void kit_secondary(uint32_t cpu)
{
	cpu_setup();
	if (cpu < KIT_MAX_CPUS && secondary_fn[cpu])
		secondary_fn[cpu](cpu);
	kit_cpu_off();
}

unsigned int kit_cpu_index(void)
{
	return cp15_read32(0, c0, c0, 5) & 0xff;	/* MPIDR Aff0 */
}

int32_t kit_smc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	__asm__ volatile(".arch_extension sec\n\tsmc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (int32_t)r0;
}

int32_t kit_hvc(uint32_t fn, uint32_t a1, uint32_t a2, uint32_t a3)
{
	register uint32_t r0 __asm__("r0") = fn;
	register uint32_t r1 __asm__("r1") = a1;
	register uint32_t r2 __asm__("r2") = a2;
	register uint32_t r3 __asm__("r3") = a3;

	__asm__ volatile(".arch_extension virt\n\thvc #0"
			 : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3) : : "memory");
	return (int32_t)r0;
}

int32_t kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu))
{
	if (cpu >= KIT_MAX_CPUS)
		return PSCI_INVALID_PARAMETERS;
	secondary_fn[cpu] = fn;
	__asm__ volatile("dsb sy");
	return kit_smc(PSCI_CPU_ON, cpu, (uintptr_t)kit_secondary_entry, cpu);
}

void kit_cpu_off(void)
{
	kit_smc(PSCI_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void kit_system_off(void)
{
	kit_smc(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void kit_system_reset(void)
{
	kit_smc(PSCI_SYSTEM_RESET, 0, 0, 0);
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
	__asm__ volatile("dsb sy; sev");
	return n;
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

void kit_expect_undef(bool t32)
{
	uint32_t now;

	/* MRS reads T as 0 (ARM DDI 0487 G1.9.3): the caller says. */
	__asm__ volatile("mrs %0, cpsr" : "=r"(now));
	undef_resume_cpsr = (now & ~SPSR_T) | (t32 ? SPSR_T : 0);
	undef_seen = false;
	undef_expected = true;
	__asm__ volatile("dsb sy");
}

bool kit_undef_taken(struct kit_undef *undef)
{
	bool seen = undef_seen;

	undef_expected = false;
	undef_seen = false;
	if (seen && undef)
		*undef = last_undef;
	return seen;
}

void kit_irq_enable(void)
{
	__asm__ volatile("cpsie i" : : : "memory");
}

void kit_irq_disable(void)
{
	__asm__ volatile("cpsid i" : : : "memory");
}

/* Implemented by the GIC helpers (gic.c): acknowledge and dispatch one IRQ. */
void kit_gic_dispatch(void);

/* Length of the instruction at `pc` (T32: 32-bit ones start 0b11101..11111). */
static uint32_t insn_length(uint32_t pc, uint32_t spsr)
{
	if (!(spsr & SPSR_T))
		return 4;
	return (*(const volatile uint16_t *)(uintptr_t)pc >> 11) >= 0x1d ? 4 : 2;
}

/*
 * An expected undefined instruction.  LR_und is the instruction's address
 * + 4 in A32, + 2 in T32: after a 32-bit T32 instruction it points at its
 * second halfword, which is stepped over.  It resumes with the CPSR the
 * test had when it armed the catch and the instruction set it named, not
 * SPSR_und: QEMU (10.0) does not
 * give a mode entered by an exception return from AArch64 its own SPSR, so
 * SPSR_und reads there as it was before, not as EL2 wrote it.
 */
static void catch_undef(uint32_t *regs)
{
	uint32_t lr = regs[REG_PC], now;
	uint32_t state = undef_resume_cpsr;

	__asm__ volatile("mrs %0, cpsr" : "=r"(now));
	last_undef = (struct kit_undef){ lr, regs[REG_SPSR], now };
	undef_seen = true;
	undef_expected = false;
	if ((state & SPSR_T) && insn_length(lr - 2, state) == 4)
		lr += 2;
	regs[REG_PC] = lr;
	regs[REG_SPSR] = state;
}

void kit_exception(uint32_t kind, uint32_t *regs)
{
	bool abort = kind == KIND_DABT || kind == KIND_PABT;
	uint32_t fsr = kind == KIND_DABT ? cp15_read32(0, c5, c0, 0)	/* DFSR */
					 : cp15_read32(0, c5, c0, 1);	/* IFSR */
	uint32_t far = kind == KIND_DABT ? cp15_read32(0, c6, c0, 0)	/* DFAR */
					 : cp15_read32(0, c6, c0, 2);	/* IFAR */

	if (kind == KIND_IRQ) {
		kit_gic_dispatch();
		return;
	}
	if (kind == KIND_UNDEF && undef_expected) {
		catch_undef(regs);
		return;
	}
	if (abort && fault_expected) {
		last_fault = (struct kit_fault){ fsr, far, regs[REG_PC] };
		fault_seen = true;
		fault_expected = false;
		regs[REG_PC] += insn_length(regs[REG_PC], regs[REG_SPSR]);
		return;
	}
	kit_printf("kit: CPU %u: unexpected exception (vector %u): FSR 0x%lx "
		   "FAR 0x%lx PC 0x%lx SPSR 0x%lx\n", kit_cpu_index(),
		   (unsigned int)kind, (unsigned long)fsr, (unsigned long)far,
		   (unsigned long)regs[REG_PC], (unsigned long)regs[REG_SPSR]);
	kit_cpu_off();
}

/*
 * newlib's system calls: the console is every file descriptor, the heap
 * lies between __heap_start and __heap_end (kit.ld), exit ends the cell.
 */
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
void *_sbrk(ptrdiff_t incr);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int offset, int whence);
void _exit(int status) __attribute__((noreturn));
int _kill(int pid, int sig);
int _getpid(void);

int _write(int fd, const char *buf, int len)
{
	(void)fd;
	for (int i = 0; i < len; i++)
		uart_putc(buf[i]);
	return len;
}

int _read(int fd, char *buf, int len)
{
	(void)fd;
	if (len <= 0)
		return 0;
	while (kit_read32(KIT_UART + UARTFR) & FR_RXFE)
		;
	buf[0] = (char)(kit_read32(KIT_UART + UARTDR) & 0xff);
	return 1;
}

void *_sbrk(ptrdiff_t incr)
{
	static char *brk = __heap_start;
	char *old = brk;

	if (incr > __heap_end - brk || incr < __heap_start - brk) {
		errno = ENOMEM;
		return (void *)-1;
	}
	brk += incr;
	return old;
}

int _close(int fd)
{
	(void)fd;
	return -1;
}

int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	(void)fd;
	return 1;
}

int _lseek(int fd, int offset, int whence)
{
	(void)fd;
	(void)offset;
	(void)whence;
	return 0;
}

void _exit(int status)
{
	(void)status;
	kit_system_off();
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

int _getpid(void)
{
	return 1;
}

/* malloc() from any CPU: one recursive lock (newlib may nest the calls). */
struct _reent;
void __malloc_lock(struct _reent *r);
void __malloc_unlock(struct _reent *r);
static volatile int malloc_owner = -1;
static unsigned int malloc_depth;

void __malloc_lock(struct _reent *r)
{
	int me = (int)kit_cpu_index();

	(void)r;
	if (malloc_owner == me) {
		malloc_depth++;
		return;
	}
	while (!__atomic_compare_exchange_n(&malloc_owner, &(int){ -1 }, me,
					    false, __ATOMIC_ACQUIRE,
					    __ATOMIC_RELAXED))
		__asm__ volatile("wfe");
	malloc_depth = 1;
}

void __malloc_unlock(struct _reent *r)
{
	(void)r;
	if (--malloc_depth)
		return;
	__atomic_store_n(&malloc_owner, -1, __ATOMIC_RELEASE);
	__asm__ volatile("dsb sy; sev");
}
