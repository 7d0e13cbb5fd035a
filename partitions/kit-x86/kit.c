/*
 * The x86 kit runtime: interrupts, the virtual APICs, CPUs, console,
 * hypercalls.  See kit/kit.h.
 */
#include <kit/kit.h>
#include <septum/abi/hypercall.h>
#include <septum/fmt.h>
#include <stdarg.h>

#define COM_DATA 0
#define COM_IER 1
#define COM_MCR 4
#define COM_LSR 5
#define LSR_DATA BIT(0)
#define LSR_THRE BIT(5)
#define IER_RX BIT(0)
#define MCR_OUT2_DTR_RTS 0x0b
#define COM1_GSI 4
#define UART_VECTOR 0x24

#define MSR_X2APIC_ID 0x802
#define MSR_X2APIC_EOI 0x80b
#define MSR_X2APIC_SVR 0x80f
#define MSR_X2APIC_ICR 0x830
#define MSR_X2APIC_LVT_TIMER 0x832
#define MSR_X2APIC_TIMER_INITIAL 0x838
#define MSR_X2APIC_TIMER_DIVIDE 0x83e
#define SVR_ENABLE_SPURIOUS 0x1ff
#define LVT_MASKED BIT(16)
#define LVT_PERIODIC BIT(17)
#define DIVIDE_BY_1 0xb
#define ICR_INIT 0x4500
#define ICR_STARTUP 0x4600
#define SPURIOUS_VECTOR 0xff
#define XAPIC 0xfee00000u
#define XAPIC_REG(msr) (XAPIC + ((msr) - 0x800u) * 16u)
#define XAPIC_ICR_HIGH (XAPIC + 0x310u)

#define IOAPIC 0xfec00000u
#define IOREGSEL 0x00
#define IOWIN 0x10
#define IOREDTBL(n) (0x10u + 2u * (n))

#define TRAMPOLINE 0x8000u
#define SIPI_VECTOR (TRAMPOLINE >> 12)
#define CPU_ARRIVAL_US 1000000u
#define INIT_DELAY_US 10000u
#define CPUID_HV_BASE 0x40000000u
#define CPUID_HV_TIMING 0x40000010u
#define SIG_EBX 0x74706553u	/* "SeptumSeptum" */
#define SIG_ECX 0x65536d75u
#define SIG_EDX 0x6d757470u
#define MSR_X2APIC_TIMER_CURRENT 0x839
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
/* QEMU's local APIC timer runs at 1 GHz divided by its divisor. */
#define QEMU_APIC_KHZ 1000000u
#define CALIBRATE_TICKS 1000000u	/* APIC ticks: 1 ms */
#define PM1A_CNT 0x604		/* SeaBIOS's PM base 0x600, + 4 */
#define PM1_SLP_EN BIT(13)	/* sleep type 0: S5 in QEMU's DSDT */
#define RESET_CONTROL 0xcf9
#define RESET_HARD 0x06
#define VEC_GP 13
#define EXCEPTIONS 32
#define STUB_SIZE 16
#define GATE_INTERRUPT 0x8e00ull	/* present, DPL 0, 64-bit interrupt gate */
#define SEL_CODE64 0x08ull
#define RX_RING 256

struct kit_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

struct gate {
	uint64_t lo, hi;
};

extern const char kit_stubs[], kit_trampoline[], kit_trampoline_end[];
extern const char kit_rdmsr_insn[], kit_wrmsr_insn[], kit_msr_fixup[];
int main(void);
void kit_boot(uint64_t arg) __attribute__((noreturn));
void kit_secondary(unsigned int cpu) __attribute__((noreturn));
void kit_trap(struct kit_frame *f);

void (*kit_irq_handler)(unsigned int vector);
bool kit_native;

static struct gate idt[256] __attribute__((aligned(16)));
static void (*volatile secondary_fn[KIT_MAX_CPUS])(unsigned int cpu);
static volatile bool arrived[KIT_MAX_CPUS];
static volatile int print_lock;
static volatile uint8_t rx[RX_RING];
static volatile unsigned int rx_head, rx_tail;
static uint64_t tsc_hz, apic_khz;

static void load_idt(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = { sizeof(idt) - 1, (uintptr_t)idt };

	__asm__ volatile("lidt %0" : : "m"(idtr));
}

static void build_idt(void)
{
	for (unsigned int v = 0; v < 256; v++) {
		uint64_t h = (uintptr_t)kit_stubs + STUB_SIZE * v;

		idt[v] = (struct gate){ (h & 0xffff) | SEL_CODE64 << 16 |
						GATE_INTERRUPT << 32 |
						((h >> 16) & 0xffff) << 48,
					h >> 32 };
	}
}

void kit_apic_write(uint32_t msr, uint64_t v)
{
	if (!kit_native) {
		kit_wrmsr(msr, v);
		return;
	}
	if (msr == MSR_X2APIC_ICR)
		kit_write32(XAPIC_ICR_HIGH, (uint32_t)(v >> 32) << 24);
	kit_write32(XAPIC_REG(msr), (uint32_t)v);
}

uint64_t kit_apic_read(uint32_t msr)
{
	uint32_t v;

	if (!kit_native)
		return kit_rdmsr(msr);
	v = kit_read32(XAPIC_REG(msr));
	return msr == MSR_X2APIC_ID ? v >> 24 : v;
}

static void cpu_setup(void)
{
	load_idt();
	kit_apic_write(MSR_X2APIC_SVR, SVR_ENABLE_SPURIOUS);
}

unsigned int kit_cpu_index(void)
{
	return (unsigned int)kit_apic_read(MSR_X2APIC_ID);
}

uint64_t kit_counter(void)
{
	uint32_t lo, hi;

	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

uint64_t kit_counter_freq(void)
{
	return tsc_hz;
}

void kit_udelay(uint64_t us)
{
	uint64_t end = kit_counter() + us * (tsc_hz / 1000000);

	while (kit_counter() < end)
		__asm__ volatile("pause");
}

int64_t kit_hypercall(uint64_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t rax __asm__("rax") = fn;

	__asm__ volatile("vmmcall" : "+r"(rax) : "D"(a1), "S"(a2), "d"(a3)
			 : "memory");
	return (int64_t)rax;
}

/* --- console ------------------------------------------------------------ */

static void putc_com1(char c)
{
	while (!(kit_inb(KIT_COM1 + COM_LSR) & LSR_THRE))
		__asm__ volatile("pause");
	kit_outb(KIT_COM1 + COM_DATA, (uint8_t)c);
}

int kit_printf(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	for (size_t i = 0; i < n && buf[i]; i++)
		putc_com1(buf[i]);
	__atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE);
	return (int)n;
}

static void uart_irq(void)
{
	while (kit_inb(KIT_COM1 + COM_LSR) & LSR_DATA) {
		uint8_t c = kit_inb(KIT_COM1 + COM_DATA);

		if (rx_head - rx_tail < RX_RING)
			rx[rx_head++ % RX_RING] = c;
	}
}

int kit_getc(uint64_t us)
{
	uint64_t end = kit_counter() + us * (tsc_hz / 1000000);

	while (rx_head == rx_tail) {
		if (kit_counter() > end)
			return -1;
		__asm__ volatile("sti; pause; cli");
	}
	return rx[rx_tail++ % RX_RING];
}

static void console_input_on(void)
{
	kit_ioapic_route(COM1_GSI, UART_VECTOR, 0);
	kit_outb(KIT_COM1 + COM_MCR, MCR_OUT2_DTR_RTS);
	kit_outb(KIT_COM1 + COM_IER, IER_RX);
}

/* --- interrupts, APICs ---------------------------------------------------- */

void kit_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void kit_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

void kit_eoi(void)
{
	kit_apic_write(MSR_X2APIC_EOI, 0);
}

/* The timer's LVT entry as last written (divide by 1 from the first). */
static uint64_t timer_lvt = LVT_MASKED;

static void set_timer_lvt(uint64_t lvt)
{
	kit_apic_write(MSR_X2APIC_TIMER_DIVIDE, DIVIDE_BY_1);
	kit_apic_write(MSR_X2APIC_LVT_TIMER, lvt);
	timer_lvt = lvt;
}

void kit_timer_start(unsigned int vector, uint64_t us, bool periodic)
{
	set_timer_lvt(vector | (periodic ? LVT_PERIODIC : 0));
	kit_apic_write(MSR_X2APIC_TIMER_INITIAL, us * apic_khz / 1000);
}

/* At most a second of TSC ticks at once: the conversion stays within 64
 * bits and the count within 32.  One MSR write when the entry is set. */
void kit_timer_at(unsigned int vector, uint64_t deadline)
{
	uint64_t now = kit_counter(), delta = deadline > now ? deadline - now : 0;
	uint64_t tsc_khz = tsc_hz / 1000;

	if (delta > tsc_hz)
		delta = tsc_hz;
	if (timer_lvt != vector)
		set_timer_lvt(vector);
	/* Rounded up: the timer never fires before the deadline. */
	kit_apic_write(MSR_X2APIC_TIMER_INITIAL,
		       (delta * apic_khz + tsc_khz - 1) / tsc_khz + 1);
}

uint64_t kit_timer_freq(void)
{
	return apic_khz * 1000;
}

void kit_timer_stop(void)
{
	kit_apic_write(MSR_X2APIC_TIMER_INITIAL, 0);
	kit_apic_write(MSR_X2APIC_LVT_TIMER, LVT_MASKED);
	timer_lvt = LVT_MASKED;
}

void kit_send_ipi(unsigned int cpu, unsigned int vector)
{
	kit_apic_write(MSR_X2APIC_ICR, (uint64_t)cpu << 32 | vector);
}

void kit_ioapic_route(unsigned int gsi, unsigned int vector, unsigned int cpu)
{
	kit_write32(IOAPIC + IOREGSEL, IOREDTBL(gsi) + 1);
	kit_write32(IOAPIC + IOWIN, cpu << 24);
	kit_write32(IOAPIC + IOREGSEL, IOREDTBL(gsi));
	kit_write32(IOAPIC + IOWIN, vector);
}

static void exception(struct kit_frame *f)
{
	if (f->vector == VEC_GP && (f->rip == (uintptr_t)kit_rdmsr_insn ||
				    f->rip == (uintptr_t)kit_wrmsr_insn)) {
		f->rip = (uintptr_t)kit_msr_fixup;
		return;
	}
	kit_printf("kit: CPU %u: unexpected exception %llu (error 0x%llx) at "
		   "RIP 0x%llx\n", kit_cpu_index(), (unsigned long long)f->vector,
		   (unsigned long long)f->error, (unsigned long long)f->rip);
	kit_cpu_off();
}

void kit_trap(struct kit_frame *f)
{
	if (f->vector < EXCEPTIONS) {
		exception(f);
		return;
	}
	if (f->vector == SPURIOUS_VECTOR)
		return;
	if (f->vector == UART_VECTOR)
		uart_irq();
	else if (kit_irq_handler)
		kit_irq_handler((unsigned int)f->vector);
	kit_eoi();
}

/* --- CPUs and the cell ---------------------------------------------------- */

bool kit_cpu_on(unsigned int cpu, void (*fn)(unsigned int cpu))
{
	volatile char *tr = (volatile char *)(uintptr_t)TRAMPOLINE;
	uint64_t end;

	if (cpu >= KIT_MAX_CPUS)
		return false;
	for (const char *p = kit_trampoline; p < kit_trampoline_end; p++)
		tr[p - kit_trampoline] = *p;
	secondary_fn[cpu] = fn;
	arrived[cpu] = false;
	kit_apic_write(MSR_X2APIC_ICR, (uint64_t)cpu << 32 | ICR_INIT);
	kit_udelay(INIT_DELAY_US);
	kit_apic_write(MSR_X2APIC_ICR,
		       (uint64_t)cpu << 32 | ICR_STARTUP | SIPI_VECTOR);
	end = kit_counter() + CPU_ARRIVAL_US * (tsc_hz / 1000000);
	while (!arrived[cpu] && kit_counter() < end)
		__asm__ volatile("pause");
	return arrived[cpu];
}

void kit_cpu_off(void)
{
	if (!kit_native)
		kit_hypercall(SEPTUM_HC_CPU_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void kit_system_off(void)
{
	if (kit_native)
		__asm__ volatile("outw %0, %1" : : "a"((uint16_t)PM1_SLP_EN),
				 "Nd"((uint16_t)PM1A_CNT));
	else
		kit_hypercall(SEPTUM_HC_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void kit_system_reset(void)
{
	if (kit_native)
		kit_outb(RESET_CONTROL, RESET_HARD);
	else
		kit_hypercall(SEPTUM_HC_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		__asm__ volatile("cli; hlt");
}

void kit_secondary(unsigned int cpu)
{
	cpu_setup();
	arrived[cpu] = true;
	if (cpu < KIT_MAX_CPUS && secondary_fn[cpu])
		secondary_fn[cpu](cpu);
	kit_cpu_off();
}

static bool under_septum(void)
{
	uint32_t r[4];

	kit_cpuid(CPUID_HV_BASE, r);
	return r[1] == SIG_EBX && r[2] == SIG_ECX && r[3] == SIG_EDX;
}

/* The TSC's rate, counted over CALIBRATE_TICKS of the APIC timer. */
static uint64_t measure_tsc_hz(void)
{
	uint64_t t0, t1;
	uint32_t c0, c;

	kit_apic_write(MSR_X2APIC_TIMER_DIVIDE, DIVIDE_BY_1);
	kit_apic_write(MSR_X2APIC_LVT_TIMER, LVT_MASKED);
	kit_apic_write(MSR_X2APIC_TIMER_INITIAL, 0xffffffffu);
	c0 = (uint32_t)kit_apic_read(MSR_X2APIC_TIMER_CURRENT);
	t0 = kit_counter();
	do
		c = (uint32_t)kit_apic_read(MSR_X2APIC_TIMER_CURRENT);
	while (c0 - c < CALIBRATE_TICKS);
	t1 = kit_counter();
	kit_apic_write(MSR_X2APIC_TIMER_INITIAL, 0);
	return (t1 - t0) * apic_khz / (c0 - c) * 1000;
}

/*
 * Alone on the machine: the 8259s masked (SeaBIOS leaves the PIT's line
 * open, which would arrive as an ExtINT at a vector of the exceptions),
 * then the rates; and SeaBIOS's last line ("Booting from ROM..") ended,
 * so the guest's first starts a line.
 */
static void native_setup(void)
{
	kit_printf("\n");
	kit_outb(PIC1_DATA, 0xff);
	kit_outb(PIC2_DATA, 0xff);
	apic_khz = QEMU_APIC_KHZ;
	tsc_hz = measure_tsc_hz();
}

void kit_boot(uint64_t arg)
{
	uint32_t r[4];

	(void)arg;
	build_idt();
	kit_native = !under_septum();
	cpu_setup();
	if (kit_native)
		native_setup();
	if (!kit_native) {
		kit_cpuid(CPUID_HV_TIMING, r);
		tsc_hz = (uint64_t)r[0] * 1000;
		apic_khz = r[1];
	}
	console_input_on();
	main();
	kit_system_off();
}
