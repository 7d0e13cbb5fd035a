/*
 * Benchmark: what a cell's interrupts, traps and hypercalls cost (system.dts
 * here; ci/bench.py runs it, docs/performance.md explains each figure).
 *
 * One cell on CPU 0.  Natively (QEMU at EL1, no hypervisor) the same image
 * owns the real GIC, the real PL011 and the real PL031.  Metrics, all in ns
 * (one instruction each under the runner's icount):
 *
 *   irq_latency              the virtual timer's deadline (CNTV_CVAL) to
 *                            the counter read in the IRQ vector;
 *                            irq_latency_gicv2 on a GICv2
 *   irq_latency_passthrough  the PL031's interrupt line raised (the IMSC
 *                            store) to the same counter read
 *   hypercall                SEPTUM_HC_NOP, round trip (natively: the frame
 *                            around no instruction)
 *   mmio_trap                a store of UARTIMSC's own value to the UART
 *   mmio_trap_dr             a store of one character to UARTDR
 *   gicd_trap                a store of GICD_IPRIORITYR8's own value
 *   gicd_trap_read           a load of GICD_ISENABLER1
 *   gicd_ctlr_read           a load of GICD_CTLR (a driver's wait for RWP)
 *   gicd_disable             a store to GICD_ICENABLER1: the PL031's SPI
 *                            disabled (a driver's mask)
 *   gicd_enable              a store to GICD_ISENABLER1: enabled again
 *                            (its unmask)
 *   gicd_active_read         a load of GICD_ISACTIVER1 (what Linux's
 *                            synchronize_irq() asks)
 *
 * The access figures are counter differences around one instruction, taken
 * by one asm statement each (a "frame": isb, counter, the access, isb,
 * counter), so both runs execute the same instructions between the reads.
 *
 * The parameters: samples=N (per metric), irq_only=1 (only irq_latency: the
 * GICv2 run).  Nothing is printed before the end: see docs/performance.md.
 */
#include <kit/sysreg.h>

#include "../bench.h"

#define VTIMER_INTID 27u	/* EL1 virtual timer PPI */

/* QEMU virt's PL031 RTC (passed through to the cell), SPI 2. */
#define RTC 0x09010000ul
#define RTC_INTID (32u + 2u)
#define RTCDR 0x00u
#define RTCMR 0x04u
#define RTCIMSC 0x10u
#define RTCRIS 0x14u

/* The console UART (in the cell: its virtual PL011, at the same place). */
#define UART KIT_UART
#define UARTDR 0x000u
#define UARTFR 0x018u
#define UARTIMSC 0x038u
#define FR_TXFF (1u << 5)

/*
 * The distributor and the registers timed (offsets of kit/gic.h): word 1
 * (SPIs 32-63) of the enable, disable and active registers, the RTC's bit
 * in it, and the IPRIORITYR word of an INTID.
 */
#define GICD_BASE 0x08000000ul
#define GICD_ISENABLER1 (GICD_ISENABLER + 4u)
#define GICD_ICENABLER1 (GICD_ICENABLER + 4u)
#define GICD_ISACTIVER1 (GICD_ISACTIVER + 4u)
#define RTC_BIT (1u << (RTC_INTID % 32))
#define GICD_PRIORITY_WORD(intid) (GICD_IPRIORITYR + (intid) / 4u * 4u)

#define DEF_SAMPLES 1000u
#define MAX_SAMPLES 4096u
/* The timer deadline: this far ahead, plus up to OFFSET_SPREAD - 1 ns. */
#define OFFSET_BASE 2000u
#define OFFSET_SPREAD 1024u
/* An interrupt that has not come after this long is lost. */
#define IRQ_TIMEOUT_NS 10000000ull
/*
 * Idle before measuring, so that the hypervisor's console timer (armed by
 * its boot log, MUX_IDLE_MS later) has fired; and after the DR samples.
 */
#define SETTLE_NS 250000000ull

enum metric {
	M_HYPERCALL,
	M_GICD_READ,
	M_GICD_WRITE,
	M_GICD_CTLR,
	M_GICD_DISABLE,
	M_GICD_ENABLE,
	M_GICD_ACTIVE,
	M_MMIO,
	M_IRQ,
	M_PASSTHROUGH,
	M_MMIO_DR,
	M_COUNT
};

static const char *const names[M_COUNT] = {
	[M_HYPERCALL] = "hypercall",
	[M_GICD_READ] = "gicd_trap_read",
	[M_GICD_WRITE] = "gicd_trap",
	[M_GICD_CTLR] = "gicd_ctlr_read",
	[M_GICD_DISABLE] = "gicd_disable",
	[M_GICD_ENABLE] = "gicd_enable",
	[M_GICD_ACTIVE] = "gicd_active_read",
	[M_MMIO] = "mmio_trap",
	[M_IRQ] = "irq_latency",
	[M_PASSTHROUGH] = "irq_latency_passthrough",
	[M_MMIO_DR] = "mmio_trap_dr",
};

static uint64_t samples[M_COUNT][MAX_SAMPLES];

/*
 * The interrupt path.  latency_vectors is the kit's vector table with one
 * entry changed: an IRQ taken at EL1 reads the counter at its second
 * instruction (the first frees a register) into irq_stamp, then goes on to
 * the kit's entry, which acknowledges the interrupt and calls irq().
 */
volatile uint64_t irq_stamp;
static volatile uint64_t irq_at;	/* irq_stamp of the last interrupt */
static volatile uint32_t irq_intid;	/* and its INTID */
static volatile uint32_t irq_count;

extern char latency_vectors[];

__asm__(".section .text.latency_vectors, \"ax\"\n"
	".balign 0x800\n"
	".globl latency_vectors\n"
	"latency_vectors:\n"
	".irp n, 0, 1, 2, 3, 4\n"
	".balign 0x80\n"
	"b kit_vectors + \\n * 0x80\n"
	".endr\n"
	".balign 0x80\n"		/* 5: IRQ, current EL, SP_EL1 */
	"stp x0, x1, [sp, #-16]!\n"
	"mrs x0, cntvct_el0\n"
	"adrp x1, irq_stamp\n"
	"str x0, [x1, :lo12:irq_stamp]\n"
	"ldp x0, x1, [sp], #16\n"
	"b kit_vectors + 5 * 0x80\n"
	".irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
	".balign 0x80\n"
	"b kit_vectors + \\n * 0x80\n"
	".endr\n"
	".text\n");

/* Quiet the source first, so its line is low when the kit's EOI lands. */
static void irq(uint32_t intid)
{
	if (intid == VTIMER_INTID)
		sysreg_write(cntv_ctl_el0, 0);
	else if (intid == RTC_INTID)
		kit_write32(RTC + RTCIMSC, 0);
	irq_at = irq_stamp;
	irq_intid = intid;
	irq_count = irq_count + 1;
}

static void fail(const char *what, uint64_t detail)
{
	kit_printf("BENCH error %s (%llu)\n", what, (unsigned long long)detail);
}

/* Deterministic deadline offsets (xorshift32): the same every run. */
static uint32_t prng_state = 0x2545f491u;

static uint32_t prng(void)
{
	prng_state ^= prng_state << 13;
	prng_state ^= prng_state >> 17;
	prng_state ^= prng_state << 5;
	return prng_state;
}

/* --- the timing frames -------------------------------------------------- */

#define FRAME_OPEN "isb\n\tmrs %[t0], cntvct_el0\n\t"
#define FRAME_CLOSE "\n\tisb\n\tmrs %[t1], cntvct_el0"

static uint64_t time_nothing(void)
{
	uint64_t t0, t1;

	__asm__ volatile(FRAME_OPEN FRAME_CLOSE
			 : [t0] "=&r"(t0), [t1] "=&r"(t1) : : "memory");
	return t1 - t0;
}

static uint64_t time_store(uintptr_t addr, uint32_t v)
{
	uint64_t t0, t1;

	__asm__ volatile(FRAME_OPEN "str %w[v], [%[a]]" FRAME_CLOSE
			 : [t0] "=&r"(t0), [t1] "=&r"(t1)
			 : [v] "r"(v), [a] "r"(addr) : "memory");
	return t1 - t0;
}

static uint64_t time_load(uintptr_t addr, uint32_t *v)
{
	uint64_t t0, t1;
	uint32_t r;

	__asm__ volatile(FRAME_OPEN "ldr %w[r], [%[a]]" FRAME_CLOSE
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), [r] "=&r"(r)
			 : [a] "r"(addr) : "memory");
	*v = r;
	return t1 - t0;
}

static uint64_t time_hvc_nop(int64_t *ret)
{
	register uint64_t x0 __asm__("x0") = SEPTUM_HC_NOP;
	register uint64_t x1 __asm__("x1") = 0;
	register uint64_t x2 __asm__("x2") = 0;
	register uint64_t x3 __asm__("x3") = 0;
	uint64_t t0, t1;

	__asm__ volatile(FRAME_OPEN "hvc #0" FRAME_CLOSE
			 : [t0] "=&r"(t0), [t1] "=&r"(t1), "+r"(x0), "+r"(x1),
			   "+r"(x2), "+r"(x3)
			 : : "memory");
	*ret = (int64_t)x0;
	return t1 - t0;
}

/* --- the access metrics ------------------------------------------------- */

/* Natively there is no EL2: the frame alone, so septum - native = the HVC. */
static bool run_hypercall(bool septum, uint64_t *out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		int64_t ret = SEPTUM_HC_OK;

		out[i] = septum ? time_hvc_nop(&ret) : time_nothing();
		if (ret != SEPTUM_HC_OK) {
			fail("the NOP hypercall returned", (uint64_t)ret);
			return false;
		}
	}
	return true;
}

/*
 * Loads of the GICD bit register at `reg`, timed; the RTC's bit must read
 * as `set` each time (the message `what` if not).
 */
static bool run_rtc_bit(uint64_t *out, uint32_t n, uint32_t reg, bool set,
			const char *what)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t v;

		out[i] = time_load(GICD_BASE + reg, &v);
		if (!(v & RTC_BIT) != !set) {
			fail(what, v);
			return false;
		}
	}
	return true;
}

/* The word is written with what it holds, so nothing changes. */
static bool run_gicd_write(uint64_t *out, uint32_t n)
{
	uintptr_t reg = GICD_BASE + GICD_PRIORITY_WORD(RTC_INTID);
	uint32_t v = kit_read32(reg);

	for (uint32_t i = 0; i < n; i++)
		out[i] = time_store(reg, v);
	if (kit_read32(reg) != v) {
		fail("GICD_IPRIORITYR changed", kit_read32(reg));
		return false;
	}
	return true;
}

/* GICD_CTLR reads the same every time (its RWP bit clear). */
static bool run_gicd_ctlr(uint64_t *out, uint32_t n)
{
	uint32_t first = kit_read32(GICD_BASE + GICD_CTLR);

	for (uint32_t i = 0; i < n; i++) {
		uint32_t v;

		out[i] = time_load(GICD_BASE + GICD_CTLR, &v);
		if (v != first) {
			fail("GICD_CTLR changed", v);
			return false;
		}
	}
	return true;
}

/*
 * The RTC's SPI disabled and enabled again, each store timed (its line is
 * low: nothing is pending meanwhile).  It reads as enabled after.
 */
static bool run_gicd_enables(uint64_t *off, uint64_t *on, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		off[i] = time_store(GICD_BASE + GICD_ICENABLER1, RTC_BIT);
		on[i] = time_store(GICD_BASE + GICD_ISENABLER1, RTC_BIT);
	}
	if (!(kit_read32(GICD_BASE + GICD_ISENABLER1) & RTC_BIT)) {
		fail("the RTC's SPI stayed disabled",
		     kit_read32(GICD_BASE + GICD_ISENABLER1));
		return false;
	}
	return true;
}

static bool run_mmio(uint64_t *out, uint32_t n)
{
	uint32_t v = kit_read32(UART + UARTIMSC);

	for (uint32_t i = 0; i < n; i++)
		out[i] = time_store(UART + UARTIMSC, v);
	if (kit_read32(UART + UARTIMSC) != v) {
		fail("UARTIMSC changed", kit_read32(UART + UARTIMSC));
		return false;
	}
	return true;
}

/*
 * One character at the start of a line, then (untimed) the end of that
 * line, so every sample finds the console mux in the same state.
 */
static void run_mmio_dr(uint64_t *out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		while (kit_read32(UART + UARTFR) & FR_TXFF)
			;
		out[i] = time_store(UART + UARTDR, '.');
		while (kit_read32(UART + UARTFR) & FR_TXFF)
			;
		kit_write32(UART + UARTDR, '\n');
	}
}

/* --- the interrupt metrics ---------------------------------------------- */

/* Wait (spinning, interrupts on) for the interrupt after number `seen`. */
static bool wait_irq(uint32_t seen, uint32_t intid)
{
	uint64_t end = kit_counter() + IRQ_TIMEOUT_NS;

	while (irq_count == seen && kit_counter() < end)
		;
	if (irq_count == seen) {
		fail("no interrupt from INTID", intid);
		return false;
	}
	if (irq_count != seen + 1 || irq_intid != intid) {
		kit_printf("BENCH error %u interrupt(s), the last INTID %u; "
			   "expected one, INTID %u\n", irq_count - seen,
			   irq_intid, intid);
		return false;
	}
	return true;
}

/* Sleep (WFI) for `ns` on the virtual timer. */
static void idle(uint64_t ns)
{
	uint32_t seen = irq_count;

	sysreg_write(cntv_cval_el0, kit_counter() + ns);
	sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
	__asm__ volatile("isb" : : : "memory");
	bench_wait_event(&irq_count, seen);
}

static bool run_irq(uint64_t *out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t seen = irq_count;
		uint64_t cval = kit_counter() + OFFSET_BASE +
				prng() % OFFSET_SPREAD;

		sysreg_write(cntv_cval_el0, cval);
		sysreg_write(cntv_ctl_el0, CNTV_CTL_ENABLE);
		__asm__ volatile("isb" : : : "memory");
		if (!wait_irq(seen, VTIMER_INTID))
			return false;
		if (irq_at < cval) {
			fail("the timer's handler ran before the deadline",
			     cval - irq_at);
			return false;
		}
		out[i] = irq_at - cval;
	}
	return true;
}

/*
 * The PL031 drives its line with RIS & IMSC.  RIS is set once the match
 * register equals the count; writing MR with the count read just before
 * makes QEMU's model match at once (retry if a second ticked in between).
 * From then on every IMSC=1 store raises the line, and irq() lowers it
 * (IMSC=0), leaving RIS set.
 */
static bool rtc_setup(bool septum)
{
	if (!septum)
		bench_native_gic_spi(RTC_INTID);
	kit_write32(RTC + RTCIMSC, 0);
	kit_gic_route(RTC_INTID, 0);
	kit_gic_enable(RTC_INTID);
	for (unsigned int i = 0; i < 3 && !(kit_read32(RTC + RTCRIS) & 1); i++)
		kit_write32(RTC + RTCMR, kit_read32(RTC + RTCDR));
	if (!(kit_read32(RTC + RTCRIS) & 1)) {
		fail("the PL031's raw interrupt status did not set", 0);
		return false;
	}
	return true;
}

/* From the counter read just before the IMSC store to the vector's read. */
static bool run_passthrough(uint64_t *out, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++) {
		uint32_t seen = irq_count;
		uint64_t t0;

		__asm__ volatile("isb\n\tmrs %[t0], cntvct_el0\n\t"
				 "str %w[v], [%[a]]"
				 : [t0] "=&r"(t0)
				 : [v] "r"(1u), [a] "r"(RTC + RTCIMSC)
				 : "memory");
		if (!wait_irq(seen, RTC_INTID))
			return false;
		if (irq_at < t0) {
			fail("the RTC's handler ran before its raise", t0 - irq_at);
			return false;
		}
		out[i] = irq_at - t0;
	}
	return true;
}

/* --- the run ------------------------------------------------------------ */

static bool measure(bool septum, uint32_t n, bool all)
{
	if (!all)
		return run_irq(samples[M_IRQ], n);
	if (!rtc_setup(septum) ||
	    !run_hypercall(septum, samples[M_HYPERCALL], n) ||
	    /* The RTC's SPI is enabled (rtc_setup()) and idle. */
	    !run_rtc_bit(samples[M_GICD_READ], n, GICD_ISENABLER1, true,
			 "GICD_ISENABLER1 lost the RTC's enable bit") ||
	    !run_gicd_write(samples[M_GICD_WRITE], n) ||
	    !run_gicd_ctlr(samples[M_GICD_CTLR], n) ||
	    !run_gicd_enables(samples[M_GICD_DISABLE], samples[M_GICD_ENABLE],
			      n) ||
	    !run_rtc_bit(samples[M_GICD_ACTIVE], n, GICD_ISACTIVER1, false,
			 "GICD_ISACTIVER1 says the idle RTC is active") ||
	    !run_mmio(samples[M_MMIO], n) ||
	    !run_irq(samples[M_IRQ], n) ||
	    !run_passthrough(samples[M_PASSTHROUGH], n))
		return false;
	/* Last: each character arms the console mux's timer. */
	run_mmio_dr(samples[M_MMIO_DR], n);
	idle(SETTLE_NS);
	return true;
}

static void print_all(bool septum, uint32_t n, bool all)
{
	bench_mode_line(septum);
	for (unsigned int m = 0; m < M_COUNT; m++) {
		const char *name = names[m];

		if (m == M_IRQ && kit_gic_version() == 2)
			name = "irq_latency_gicv2";
		if (all || m == M_IRQ)
			bench_print(name, "ns", samples[m], n, 0);
	}
}

int main(void)
{
	bool septum = bench_in_septum();
	uint32_t n;
	bool all;

	bench_load_params();
	n = bench_param("samples", DEF_SAMPLES, MAX_SAMPLES);
	all = bench_param("irq_only", 0, 1) == 0;
	kit_irq_handler = irq;
	kit_gic_init();
	if (!septum)
		bench_native_gic_cpu();
	kit_gic_enable(VTIMER_INTID);
	sysreg_write(vbar_el1, (uintptr_t)latency_vectors);
	__asm__ volatile("isb" : : : "memory");
	kit_irq_enable();
	idle(SETTLE_NS);
	if (measure(septum, n, all))
		print_all(septum, n, all);
	return 0;
}
