/*
 * Benchmark (x86_64): what a cell's timer interrupt, trapped port write and
 * hypercall cost (system.dts here; ci/bench.py runs it, docs/performance.md
 * explains each figure).
 *
 * One cell on CPU 0.  Natively the same image is booted alone by QEMU's
 * Multiboot loader (the x86 kit's kit_native) and owns the real local
 * APIC, the real 16550 and fw_cfg.  Metrics, in TSC ticks (one instruction
 * each under the runner's icount: docs/performance.md):
 *
 *   x86_irq_latency  the local APIC timer's deadline (the TSC just before
 *                    the write of its initial count, plus the count in TSC
 *                    ticks) to the TSC read at the interrupt's entry
 *   x86_pio_trap     an OUT of COM1's scratch register's own value
 *   x86_hypercall    VMMCALL with SEPTUM_HC_NOP, round trip (natively: the
 *                    frame around no instruction)
 *
 * The access figures are TSC differences around one instruction, taken by
 * one asm statement each (a "frame": lfence, rdtsc, the access, lfence,
 * rdtsc), so both runs execute the same instructions between the reads.
 *
 * The parameter: samples=N (per metric), from QEMU's fw_cfg file
 * "opt/septum/bench" (ports 0x510, 0x511).  Nothing is printed before the
 * end.  The output follows partitions/bench/bench.h.
 */
#include <kit/kit.h>
#include <septum/abi/hypercall.h>
#include <septum/fmt.h>
#include <stdbool.h>
#include <stdint.h>

#define TIMER_VECTOR 0x40u
#define MSR_X2APIC_LVT_TIMER 0x832
#define MSR_X2APIC_TIMER_INITIAL 0x838
#define MSR_X2APIC_TIMER_DIVIDE 0x83e
#define XAPIC_TIMER_INITIAL 0xfee00380u
#define DIVIDE_BY_1 0xbu

#define COM_SCR (KIT_COM1 + 7)

#define FW_CFG_SELECTOR 0x510
#define FW_CFG_DATA 0x511
#define FW_CFG_SIGNATURE 0x0000u
#define FW_CFG_FILE_DIR 0x0019u
#define FW_CFG_NAME_LEN 56u
#define PARAMS_FILE "opt/septum/bench"
#define PARAMS_MAX 256u

#define DEF_SAMPLES 1000u
#define MAX_SAMPLES 4096u
#define PER_LINE 8u
/* The timer's count: this many APIC ticks, plus up to OFFSET_SPREAD - 1. */
#define OFFSET_BASE 2000u
#define OFFSET_SPREAD 1024u
/* An interrupt that has not come after this many TSC ticks is lost. */
#define IRQ_TIMEOUT_TICKS 10000000ull
/* Idle before measuring (the hypervisor's boot log drains meanwhile). */
#define SETTLE_US 250000u

enum metric { M_IRQ, M_PIO, M_HYPERCALL, M_COUNT };

static const char *const names[M_COUNT] = {
	[M_IRQ] = "x86_irq_latency",
	[M_PIO] = "x86_pio_trap",
	[M_HYPERCALL] = "x86_hypercall",
};

static uint64_t samples[M_COUNT][MAX_SAMPLES];
static char params[PARAMS_MAX];
static uint64_t tsc_khz, apic_khz;

/*
 * The timer's entry: the TSC is read at its third instruction (the first
 * two free the registers RDTSC writes) into irq_stamp, then the kit's own
 * stub for the vector takes over (kit_trap(), irq(), the EOI).
 */
volatile uint64_t irq_stamp;
static volatile uint64_t irq_at;	/* irq_stamp of the last interrupt */
static volatile uint32_t irq_count;

extern char latency_timer_entry[];
extern const char kit_stubs[];

__asm__(".text\n"
	".globl latency_timer_entry\n"
	"latency_timer_entry:\n"
	"pushq %rax\n"
	"pushq %rdx\n"
	"rdtsc\n"
	"movl %eax, irq_stamp(%rip)\n"
	"movl %edx, irq_stamp+4(%rip)\n"
	"popq %rdx\n"
	"popq %rax\n"
	"jmp kit_stubs + 16 * 0x40\n");

_Static_assert(TIMER_VECTOR == 0x40u, "latency_timer_entry's jump");

static void irq(unsigned int vector)
{
	if (vector != TIMER_VECTOR)
		return;
	irq_at = irq_stamp;
	irq_count = irq_count + 1;
}

/* Point the kit's gate for TIMER_VECTOR at latency_timer_entry. */
static bool hook_timer_vector(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr;
	volatile uint64_t *gate;
	uint64_t h = (uintptr_t)latency_timer_entry;

	__asm__ volatile("sidt %0" : "=m"(idtr));
	if (idtr.limit < 16u * TIMER_VECTOR + 15u)
		return false;
	gate = (volatile uint64_t *)(uintptr_t)(idtr.base + 16u * TIMER_VECTOR);
	gate[0] = (gate[0] & 0x0000ffffffff0000ull) | (h & 0xffff) |
		  ((h >> 16) & 0xffff) << 48;
	gate[1] = h >> 32;
	return true;
}

static void fail(const char *what, uint64_t detail)
{
	kit_printf("BENCH error %s (%llu)\n", what, (unsigned long long)detail);
}

/* Deterministic timer counts (xorshift32): the same every run. */
static uint32_t prng_state = 0x2545f491u;

static uint32_t prng(void)
{
	prng_state ^= prng_state << 13;
	prng_state ^= prng_state >> 17;
	prng_state ^= prng_state << 5;
	return prng_state;
}

/* --- parameters (QEMU's fw_cfg on ports) -------------------------------- */

static void fw_cfg_select(uint16_t key)
{
	__asm__ volatile("outw %0, %1" : : "a"(key), "Nd"((uint16_t)FW_CFG_SELECTOR));
}

static uint32_t fw_cfg_be(unsigned int bytes)
{
	uint32_t v = 0;

	while (bytes--)
		v = v << 8 | kit_inb(FW_CFG_DATA);
	return v;
}

_Static_assert(sizeof(PARAMS_FILE) <= FW_CFG_NAME_LEN, "fw_cfg file name");

/* Whether a fw_cfg entry's name (NUL-padded) is PARAMS_FILE. */
static bool is_params_file(const char *name)
{
	for (unsigned int i = 0; i < sizeof(PARAMS_FILE); i++)
		if (name[i] != PARAMS_FILE[i])
			return false;
	return true;
}

/* The run's parameters into params ("" without fw_cfg or the file). */
static void load_params(void)
{
	char entry[FW_CFG_NAME_LEN];
	uint32_t count, size = 0, len = 0;
	uint16_t key = 0;

	fw_cfg_select(FW_CFG_SIGNATURE);
	if (fw_cfg_be(4) != 0x51454d55u)	/* "QEMU" */
		return;
	fw_cfg_select(FW_CFG_FILE_DIR);
	count = fw_cfg_be(4);
	for (uint32_t i = 0; i < count && !key; i++) {
		uint16_t select;

		size = fw_cfg_be(4);
		select = (uint16_t)fw_cfg_be(2);
		(void)fw_cfg_be(2);	/* reserved */
		for (unsigned int k = 0; k < FW_CFG_NAME_LEN; k++)
			entry[k] = (char)kit_inb(FW_CFG_DATA);
		if (is_params_file(entry))
			key = select;
	}
	if (!key)
		return;
	fw_cfg_select(key);
	while (len < size && len + 1 < sizeof(params))
		params[len++] = (char)kit_inb(FW_CFG_DATA);
	params[len] = '\0';
}

/* Parameter `key` ("key=N"), clamped to [1, max]; `def` when absent. */
static uint32_t param(const char *key, uint32_t def, uint32_t max)
{
	unsigned int klen = 0;

	while (key[klen])
		klen++;
	for (const char *p = params; *p; ) {
		bool match = true;

		for (unsigned int i = 0; i < klen && match; i++)
			match = p[i] == key[i];
		if (match && p[klen] == '=') {
			uint64_t v = 0;

			for (p += klen + 1; *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (uint64_t)(*p - '0');
			if (v > max)
				v = max;
			return v ? (uint32_t)v : 1;
		}
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return def;
}

/* --- the timing frames -------------------------------------------------- */

#define READ_TSC "lfence\n\trdtsc\n\tshlq $32, %%rdx\n\torq %%rdx, %%rax\n\t"

/* The OUT instruction, or nothing: the same frame otherwise. */
static uint64_t time_out(uint16_t port, uint8_t v, bool out)
{
	uint64_t t0, t1, rdx;

	if (out)
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movzwl %w[port], %%edx\n\t"
				 "movzbl %b[v], %%eax\n\t"
				 "outb %%al, %%dx\n\t" READ_TSC
				 : [t0] "=&r"(t0), "=&a"(t1), "=&d"(rdx)
				 : [port] "r"(port), [v] "r"(v) : "memory");
	else
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movzwl %w[port], %%edx\n\t"
				 "movzbl %b[v], %%eax\n\t" READ_TSC
				 : [t0] "=&r"(t0), "=&a"(t1), "=&d"(rdx)
				 : [port] "r"(port), [v] "r"(v) : "memory");
	(void)rdx;
	return t1 - t0;
}

/* VMMCALL SEPTUM_HC_NOP, or nothing: *ret gets RAX after it. */
static uint64_t time_vmmcall(bool call, int64_t *ret)
{
	uint64_t t0, t1, rdx, r;

	if (call)
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movq %[fn], %%rax\n\t"
				 "vmmcall\n\t"
				 "movq %%rax, %[r]\n\t" READ_TSC
				 : [t0] "=&r"(t0), [r] "=&r"(r), "=&a"(t1),
				   "=&d"(rdx)
				 : [fn] "r"((uint64_t)SEPTUM_HC_NOP)
				 : "rdi", "rsi", "memory");
	else
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movq %[fn], %%rax\n\t"
				 "movq %%rax, %[r]\n\t" READ_TSC
				 : [t0] "=&r"(t0), [r] "=&r"(r), "=&a"(t1),
				   "=&d"(rdx)
				 : [fn] "r"((uint64_t)SEPTUM_HC_OK)
				 : "rdi", "rsi", "memory");
	(void)rdx;
	*ret = (int64_t)r;
	return t1 - t0;
}

/*
 * Start the timer with `count` APIC ticks: returns the TSC read just
 * before the write of the count, in one asm statement with it.  In a cell
 * the write is a WRMSR to the virtual x2APIC; natively a store to the
 * xAPIC page (kit/kit.h: kit_apic_write()).
 */
static uint64_t timer_start(uint32_t count)
{
	uint64_t t0, rax, rdx, rcx;

	if (kit_native)
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movl %[count], (%[reg])"
				 : [t0] "=&r"(t0), "=&a"(rax), "=&d"(rdx)
				 : [reg] "r"((uintptr_t)XAPIC_TIMER_INITIAL),
				   [count] "r"(count)
				 : "memory");
	else
		__asm__ volatile(READ_TSC "movq %%rax, %[t0]\n\t"
				 "movl %[msr], %%ecx\n\t"
				 "movl %[count], %%eax\n\t"
				 "xorl %%edx, %%edx\n\t"
				 "wrmsr"
				 : [t0] "=&r"(t0), "=&a"(rax), "=&d"(rdx),
				   "=&c"(rcx)
				 : [msr] "i"(MSR_X2APIC_TIMER_INITIAL),
				   [count] "r"(count)
				 : "memory");
	(void)rax;
	(void)rdx;
	return t0;
}

/* --- the metrics -------------------------------------------------------- */

/* Natively there is no hypervisor: the frame alone, so the diff is VMMCALL. */
static bool run_hypercall(uint64_t *out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int64_t ret;

		out[i] = time_vmmcall(!kit_native, &ret);
		if (ret != SEPTUM_HC_OK) {
			fail("the NOP hypercall returned", (uint64_t)ret);
			return false;
		}
	}
	return true;
}

/* The scratch register is written with what it holds: nothing changes. */
static bool run_pio(uint64_t *out, uint32_t n)
{
	uint8_t v = kit_inb(COM_SCR);

	for (uint32_t i = 0; i < n; i++)
		out[i] = time_out(COM_SCR, v, true);
	if (kit_inb(COM_SCR) != v) {
		fail("the scratch register changed", kit_inb(COM_SCR));
		return false;
	}
	return true;
}

/* Wait (spinning, interrupts on) for the interrupt after number `seen`. */
static bool wait_irq(uint32_t seen)
{
	uint64_t end = kit_counter() + IRQ_TIMEOUT_TICKS;

	while (irq_count == seen && kit_counter() < end)
		;
	if (irq_count != seen + 1) {
		fail("timer interrupts seen, expected one", irq_count - seen);
		return false;
	}
	return true;
}

static bool run_irq(uint64_t *out, uint32_t n)
{
	kit_apic_write(MSR_X2APIC_TIMER_DIVIDE, DIVIDE_BY_1);
	kit_apic_write(MSR_X2APIC_LVT_TIMER, TIMER_VECTOR);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t seen = irq_count;
		uint32_t count = OFFSET_BASE + prng() % OFFSET_SPREAD;
		uint64_t deadline = timer_start(count) +
				    (uint64_t)count * tsc_khz / apic_khz;

		if (!wait_irq(seen))
			return false;
		if (irq_at < deadline) {
			fail("the timer's handler ran before the deadline",
			     deadline - irq_at);
			return false;
		}
		out[i] = irq_at - deadline;
	}
	return true;
}

/* Sleep (HLT) for `us` on the timer. */
static void idle(uint64_t us)
{
	uint32_t seen = irq_count;

	kit_timer_start(TIMER_VECTOR, us, false);
	for (;;) {
		kit_irq_disable();
		if (irq_count != seen)
			break;
		/* STI's shadow covers HLT: no interrupt slips in between. */
		__asm__ volatile("sti; hlt" : : : "memory");
	}
	kit_irq_enable();
}

static void print_metric(const char *metric, const uint64_t *v, uint32_t n)
{
	char line[256];

	for (uint32_t i = 0; i < n; i += PER_LINE) {
		size_t len = fmt_snprintf(line, sizeof(line), "BENCH %s ticks",
					  metric);

		for (uint32_t k = i; k < n && k < i + PER_LINE; k++)
			len += fmt_snprintf(line + len, sizeof(line) - len,
					    " %llu", (unsigned long long)v[k]);
		kit_printf("%s\n", line);
	}
	kit_printf("BENCH %s end %u\n", metric, n);
}

int main(void)
{
	uint32_t n;

	load_params();
	n = param("samples", DEF_SAMPLES, MAX_SAMPLES);
	tsc_khz = kit_counter_freq() / 1000;
	apic_khz = kit_timer_freq() / 1000;
	kit_irq_handler = irq;
	if (!hook_timer_vector()) {
		fail("the IDT is too short for vector", TIMER_VECTOR);
		return 0;
	}
	kit_irq_enable();
	idle(SETTLE_US);
	if (run_hypercall(samples[M_HYPERCALL], n) &&
	    run_pio(samples[M_PIO], n) && run_irq(samples[M_IRQ], n)) {
		kit_printf("BENCH mode %s\n", kit_native ? "native" : "septum");
		for (unsigned int m = 0; m < M_COUNT; m++)
			print_metric(names[m], samples[m], n);
	}
	return 0;
}
