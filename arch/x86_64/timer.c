/*
 * The system counter (the TSC, rate measured against the PIT) and the
 * hypervisor's one-shot timer (its local APIC's).
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/pio.h>
#include <arch/svm.h>
#include <arch/tsc.h>
#include <arch/x86.h>
#include <septum/arch/timer.h>
#include <septum/irq.h>
#include <septum/percpu.h>
#include <septum/log.h>
#include <septum/panic.h>

/*
 * The TSC's rate is measured against a clock of known rate: the ACPI PM
 * timer (3.579545 MHz, the FADT says where) where there is one, else the
 * PIT's channel 2 (1.193182 MHz, gated through port 0x61).
 *
 * One measurement takes a sample of the reference and the TSC (the
 * reference read between two TSC reads), waits about 50 ms on the
 * reference, and takes another.  A sample whose TSC bracket is wider than
 * SAMPLE_SLACK (the CPU was held up mid-read: an emulator's thread was
 * descheduled) is taken again, so such a delay costs no accuracy.  The PM
 * timer wraps after 4.7 s at the least, far beyond any such delay; the PIT
 * after 55 ms, which is why it is only the fallback.  The median of three
 * measurements is kept.
 */
#define PIT_HZ 1193182u
#define PIT_CH2 0x42
#define PIT_MODE 0x43
#define PIT_MODE_CH2_ONESHOT 0xb0	/* channel 2, lo/hi byte, mode 0 */
#define PIT_LATCH_CH2 0x80		/* channel 2, counter latch */
#define PIT_START 0xffffu
#define PORT_B 0x61
#define PORT_B_GATE2 BIT(0)
#define PORT_B_SPEAKER BIT(1)
#define PM_TIMER_HZ 3579545u
#define MEASURE_MS 50u
#define SAMPLE_SLACK 200000u	/* TSC ticks: < 0.2% of the span at 1 GHz+ */
#define SAMPLE_TRIES 1000000ul
#define MEASURE_RUNS 3u
#define MIN_SANE_HZ 100000000ull	/* 100 MHz */

struct ref_clock {
	const char *name;
	uint64_t hz;
	uint64_t mask;			/* the counter's width */
	void (*start)(void);
	uint64_t (*read)(void);		/* counting up */
};

struct sample {
	uint64_t tsc;		/* the middle of the bracket */
	uint64_t count;
};

static uint64_t tsc_hz;

static uint16_t pit_count(void)
{
	uint8_t lo, hi;

	pio_write8(PIT_MODE, PIT_LATCH_CH2);
	lo = pio_read8(PIT_CH2);
	hi = pio_read8(PIT_CH2);
	return (uint16_t)(lo | hi << 8);
}

static uint64_t pit_up(void)
{
	return PIT_START - pit_count();
}

static void pit_start(void)
{
	uint8_t b = pio_read8(PORT_B) & (uint8_t)~PORT_B_SPEAKER;

	pio_write8(PORT_B, b & (uint8_t)~PORT_B_GATE2);
	pio_write8(PIT_MODE, PIT_MODE_CH2_ONESHOT);
	pio_write8(PIT_CH2, (uint8_t)PIT_START);
	pio_write8(PIT_CH2, (uint8_t)(PIT_START >> 8));
	pio_write8(PORT_B, b | PORT_B_GATE2);
}

static uint64_t pm_read(void)
{
	return pio_read32(acpi_pm_timer_port());
}

static void no_start(void)
{
}

static const struct ref_clock pit_clock = {
	"the PIT", PIT_HZ, 0xffff, pit_start, pit_up,
};

/* A tight sample of clock c; false if none came tight. */
static bool sample(const struct ref_clock *c, struct sample *s)
{
	for (unsigned long i = 0; i < SAMPLE_TRIES; i++) {
		uint64_t t0 = rdtsc_ordered();
		uint64_t count = c->read() & c->mask;
		uint64_t t1 = rdtsc_ordered();

		if (t1 - t0 < SAMPLE_SLACK) {
			*s = (struct sample){ t0 + (t1 - t0) / 2, count };
			return true;
		}
	}
	return false;
}

/* The TSC's rate from one measurement, or 0 if the clock misbehaved. */
static uint64_t measure_once(const struct ref_clock *c)
{
	uint64_t span = c->hz / 1000 * MEASURE_MS, ticks = 0;
	struct sample a, b = { 0, 0 };

	c->start();
	if (!sample(c, &a))
		return 0;
	for (unsigned long i = 0; i < SAMPLE_TRIES && ticks < span; i++) {
		if (!sample(c, &b))
			return 0;
		ticks = (b.count - a.count) & c->mask;
	}
	if (ticks < span || b.tsc <= a.tsc)
		return 0;
	return (b.tsc - a.tsc) * c->hz / ticks;
}

static uint64_t median3(uint64_t a, uint64_t b, uint64_t c)
{
	uint64_t lo = a < b ? a : b, hi = a < b ? b : a;

	return c < lo ? lo : c > hi ? hi : c;
}

void tsc_calibrate(void)
{
	struct ref_clock pm = {
		"the ACPI PM timer", PM_TIMER_HZ,
		(1ull << acpi_pm_timer_bits()) - 1, no_start, pm_read,
	};
	const struct ref_clock *c = acpi_pm_timer_port() ? &pm : &pit_clock;
	uint64_t runs[MEASURE_RUNS];

	_Static_assert(MEASURE_RUNS == 3, "median3() takes three runs");
	for (unsigned int i = 0; i < MEASURE_RUNS; i++) {
		runs[i] = measure_once(c);
		if (!runs[i])
			panic("%s does not count: cannot measure the TSC's rate",
			      c->name);
	}
	tsc_hz = median3(runs[0], runs[1], runs[2]);
	if (tsc_hz < MIN_SANE_HZ)
		panic("the TSC runs at %llu Hz, below %llu: not usable as the "
		      "system counter", (unsigned long long)tsc_hz,
		      MIN_SANE_HZ);
	log_info("TSC: %llu.%03llu MHz (measured against %s)",
		 (unsigned long long)(tsc_hz / 1000000),
		 (unsigned long long)(tsc_hz / 1000 % 1000), c->name);
}

void tsc_delay_us(uint64_t us)
{
	uint64_t start = rdtsc_ordered(), ticks = tsc_hz / 1000000 * us;

	while (rdtsc_ordered() - start < ticks)
		__asm__ volatile("pause");
}

uint64_t arch_timer_now(void)
{
	return rdtsc_ordered();
}

/*
 * The local APIC timer serves two deadlines per CPU: the hypervisor's own
 * (arch_timer_oneshot()) and the cell's (its virtual APIC timer); it is
 * programmed for the earlier.  Only the CPU itself touches its entry.
 */
static struct {
	uint64_t hyp, guest;	/* TSC deadlines, 0: none */
} deadlines[MAX_CPUS];

static void program(void)
{
	unsigned int cpu = percpu_this()->index;
	uint64_t next = deadlines[cpu].hyp, now = arch_timer_now();

	if (!next || (deadlines[cpu].guest && deadlines[cpu].guest < next))
		next = deadlines[cpu].guest;
	apic_timer_oneshot(!next ? 0 : next > now ? next - now : 1);
}

void timer_set_guest(uint64_t deadline)
{
	deadlines[percpu_this()->index].guest = deadline;
	program();
}

void timer_interrupt(void)
{
	unsigned int cpu = percpu_this()->index;
	uint64_t now = arch_timer_now();
	struct svm_cpu *s = svm_this();

	if (deadlines[cpu].hyp && now >= deadlines[cpu].hyp) {
		deadlines[cpu].hyp = 0;
		irq_timer_expired();
	}
	if (deadlines[cpu].guest && now >= deadlines[cpu].guest && s->vcpu)
		vlapic_timer_expired(s);	/* may set the next one */
	program();
}

uint64_t arch_timer_freq(void)
{
	return tsc_hz ? tsc_hz : 1;
}

void arch_timer_oneshot(uint64_t delay)
{
	deadlines[percpu_this()->index].hyp = arch_timer_now() + (delay ? delay : 1);
	program();
}
