/*
 * rt: the real-time cell of Septum's demo (partitions/systems/
 * qemu-virt-demo.dts, qemu-x86-demo.dts), peer 0 of channel rt-linux.
 *
 * A periodic task at 1 kHz off the EL1 virtual timer (on x86: the local
 * APIC timer, counting down to a TSC deadline), with absolute deadlines:
 * tick k is due at t0 + k periods, computed from k (so rounding never adds
 * up to drift) and armed in CNTV_CVAL (kit_timer_at()).  Its handler measures its
 * own wake-up latency (the counter at its first instruction minus the
 * deadline), keeps min/avg/max, a histogram, the tick count and the
 * deadline misses, and publishes them in rt's output section of the channel
 * (rtstat.h) for septum-rtstat in the Linux cell.  The main loop prints a
 * summary line once a second.
 *
 * A late tick skips no period: the next deadline is armed even when it has
 * passed already, so the timer fires again at once and every period gets
 * its handler run, each late one counted as a miss.  rt takes no interrupt
 * from Linux: the channel's doorbell stays disabled, so nothing the Linux
 * cell does on the channel (a doorbell flood included) reaches this CPU.
 *
 * The kit's vector saves only the general registers, and the handler
 * interrupts printf(), which may use FP/SIMD registers: so the code on the
 * interrupt path is built for general registers only (RT_IRQ_PATH).
 *
 * What differs between the kits (the timer, the interrupt controller, the
 * barriers) is in the few functions of the next section.
 */
#include <stdbool.h>
#include <stdint.h>

#include <kit/chan.h>
#include <kit/kit.h>

#include "rtstat.h"

#define RT_CHAN_REGS 0x47100000ul	/* system config: rt's `registers` */
#define RATE_HZ 1000u
#define NS_PER_S 1000000000ull
#define NS_PER_US 1000ull

/* --- the kit's timer and interrupt controller ---------------------------- */

#ifdef __x86_64__

/* x86 kit: built for general registers only, stores kept in order (TSO). */
#define RT_IRQ_PATH
#define RT_TIMER "local APIC timer"
#define RT_TIMER_VECTOR 0x30u

static inline void store_barrier(void)
{
	__asm__ volatile("" : : : "memory");
}

static inline bool rt_timer_irq(uint32_t vector)
{
	return vector == RT_TIMER_VECTOR;
}

static inline void rt_timer_arm(uint64_t deadline)
{
	kit_timer_at(RT_TIMER_VECTOR, deadline);
}

/* Nothing to enable: the first kit_timer_at() sets the timer up. */
static void rt_timer_init(void)
{
}

static bool rt_chan_open(struct kit_chan *c)
{
	return kit_chan_open(c, RT_CHAN_REGS, 0, 0);	/* no doorbell */
}

/* Interrupts masked: sleep until one comes (STI's shadow covers HLT). */
static inline void rt_idle(void)
{
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

#else

#include <kit/gic.h>
#include <kit/sysreg.h>

#define VTIMER_INTID 27u		/* the EL1 virtual timer's PPI */
#define RT_TIMER "virtual timer"

#ifdef __aarch64__
#define RT_IRQ_PATH __attribute__((target("general-regs-only")))
#else
#define RT_IRQ_PATH	/* the AArch32 kit's build uses no FP registers */
#endif

/* Order this CPU's stores to the block (the reader is another cell). */
RT_IRQ_PATH static inline void store_barrier(void)
{
	__asm__ volatile("dmb ishst" : : : "memory");
}

RT_IRQ_PATH static inline bool rt_timer_irq(uint32_t intid)
{
	return intid == VTIMER_INTID;
}

RT_IRQ_PATH static inline void rt_timer_arm(uint64_t deadline)
{
	kit_cntv_cval_write(deadline);
}

static void rt_timer_init(void)
{
	kit_gic_enable(VTIMER_INTID);
	kit_cntv_ctl_write(CNTV_CTL_ENABLE);
}

static bool rt_chan_open(struct kit_chan *c)
{
	kit_gic_init();
	return kit_chan_open(c, RT_CHAN_REGS, 0);	/* no doorbell */
}

/* Interrupts masked: a pending one ends WFI, and is taken once unmasked. */
static inline void rt_idle(void)
{
	kit_vtimer_unstick();
	__asm__ volatile("wfi" : : : "memory");
	kit_irq_enable();
	__asm__ volatile("isb" : : : "memory");
	kit_irq_disable();
}

#endif

/* --- the task -------------------------------------------------------------- */

struct stats {
	uint64_t ticks;
	uint64_t misses;
	uint64_t min_ns;
	uint64_t max_ns;
	uint64_t sum_ns;
	uint64_t hist[RTSTAT_BUCKETS];
};

static const uint32_t bucket_us[RTSTAT_BUCKETS] = RTSTAT_BUCKET_US;

static struct kit_chan ch;
static volatile struct rtstat *block;	/* in rt's output section */
static uint32_t block_seq;		/* block->seq, which only rt writes */
static uint64_t counter_hz;
static uint64_t t0;			/* deadline of tick 0 */
static uint64_t tick;			/* the tick the timer is armed for */
static uint64_t deadline;		/* its deadline */
static struct stats st;			/* written by the handler only */

/* Deadline of tick k, exact for any counter frequency. */
RT_IRQ_PATH static uint64_t deadline_of(uint64_t k)
{
	return t0 + k / RATE_HZ * counter_hz +
	       k % RATE_HZ * counter_hz / RATE_HZ;
}

RT_IRQ_PATH static uint64_t counts_to_ns(uint64_t counts)
{
	return counts / counter_hz * NS_PER_S +
	       counts % counter_hz * NS_PER_S / counter_hz;
}

RT_IRQ_PATH static unsigned int bucket_of(uint64_t ns)
{
	unsigned int i;

	for (i = 0; i + 1 < RTSTAT_BUCKETS; i++) {
		if (ns < bucket_us[i] * NS_PER_US)
			break;
	}
	return i;
}

/*
 * Publish the statistics after a tick that changed histogram bucket
 * `changed`: seq odd, the fields, seq even (rtstat.h).
 */
RT_IRQ_PATH static void publish(uint64_t done_deadline, unsigned int changed)
{
	volatile struct rtstat *b = block;

	b->seq = ++block_seq;
	store_barrier();
	b->ticks = st.ticks;
	b->misses = st.misses;
	b->lat_min_ns = st.min_ns;
	b->lat_max_ns = st.max_ns;
	b->lat_sum_ns = st.sum_ns;
	b->last_deadline = done_deadline;
	b->hist[changed] = st.hist[changed];
	store_barrier();
	b->seq = ++block_seq;
}

/* The periodic task: account for the tick due at `deadline`, arm the next. */
RT_IRQ_PATH static void on_tick(uint64_t now)
{
	uint64_t following = deadline_of(tick + 1);
	uint64_t done = deadline;
	uint64_t late_ns;
	unsigned int b;

	if (now < deadline) {
		rt_timer_arm(deadline);	/* not due yet: nothing to account for */
		return;
	}
	late_ns = counts_to_ns(now - deadline);
	b = bucket_of(late_ns);
	st.hist[b]++;
	st.sum_ns += late_ns;
	if (st.ticks == 0 || late_ns < st.min_ns)
		st.min_ns = late_ns;
	if (late_ns > st.max_ns)
		st.max_ns = late_ns;
	if (now >= following)
		st.misses++;
	__atomic_store_n(&st.ticks, st.ticks + 1, __ATOMIC_RELAXED);
	tick++;
	deadline = following;
	rt_timer_arm(deadline);
	publish(done, b);
}

RT_IRQ_PATH static void irq(uint32_t intid)
{
	uint64_t now = kit_counter();	/* first: this is the wake-up time */

	if (rt_timer_irq(intid))
		on_tick(now);
}

/*
 * Find the block in rt's output section and fill it in (counting this
 * start on from a block a previous start left); false if it does not fit.
 */
static bool block_init(void)
{
	uint64_t off = rtstat_offset(IVSHMEM_STATE_TABLE_SIZE, ch.rw_size,
				     ch.out_size, ch.id);
	volatile struct rtstat *b;
	uint32_t starts = 1;

	if (ch.out_size < sizeof(struct rtstat))
		return false;
	b = (volatile struct rtstat *)(ch.shmem + off);
	if (b->magic == RTSTAT_MAGIC && b->version == RTSTAT_VERSION)
		starts = b->starts + 1;
	block_seq = (b->seq + 1) | 1u;
	b->seq = block_seq;
	store_barrier();
	b->magic = RTSTAT_MAGIC;
	b->version = RTSTAT_VERSION;
	b->size = (uint32_t)sizeof(struct rtstat);
	b->period_ns = (uint32_t)(NS_PER_S / RATE_HZ);
	b->starts = starts;
	b->counter_hz = counter_hz;
	b->ticks = b->misses = 0;
	b->lat_min_ns = b->lat_max_ns = b->lat_sum_ns = 0;
	b->last_deadline = 0;
	for (unsigned int i = 0; i < RTSTAT_BUCKETS; i++) {
		b->bucket_us[i] = bucket_us[i];
		b->hist[i] = 0;
	}
	store_barrier();
	b->seq = ++block_seq;
	block = b;
	return true;
}

static void start_timer(void)
{
	t0 = kit_counter() + counter_hz / RATE_HZ;
	tick = 0;
	deadline = t0;
	rt_timer_arm(deadline);
	rt_timer_init();
}

static uint64_t ticks_now(void)
{
	return __atomic_load_n(&st.ticks, __ATOMIC_RELAXED);
}

static void snapshot(struct stats *s)
{
	kit_irq_disable();
	*s = st;
	kit_irq_enable();
}

static void print_summary(const struct stats *s)
{
	uint64_t avg_ns = s->ticks ? s->sum_ns / s->ticks : 0;

	kit_printf("t=%llu s ticks=%llu latency us min/avg/max %llu/%llu/%llu "
		   "misses %llu\n", (unsigned long long)(s->ticks / RATE_HZ),
		   (unsigned long long)s->ticks,
		   (unsigned long long)(s->min_ns / NS_PER_US),
		   (unsigned long long)(avg_ns / NS_PER_US),
		   (unsigned long long)(s->max_ns / NS_PER_US),
		   (unsigned long long)s->misses);
}

/*
 * Sleep until `target` ticks.  Interrupts are masked from the look at the
 * timer to the sleep, so a tick cannot slip in between unseen; it is taken
 * right after.
 */
static void sleep_until(uint64_t target)
{
	kit_irq_disable();
	while (ticks_now() < target)
		rt_idle();
	kit_irq_enable();
}

/* Once a second of ticks, a summary line; sleep in between. */
__attribute__((noreturn)) static void report_forever(void)
{
	uint64_t next = RATE_HZ;
	struct stats s;

	for (;;) {
		sleep_until(next);
		snapshot(&s);
		print_summary(&s);
		next = (s.ticks / RATE_HZ + 1) * RATE_HZ;
	}
}

int main(void)
{
	/* No doorbell interrupt: rt only publishes (see above). */
	if (!rt_chan_open(&ch)) {
		kit_printf("rt: no ivshmem register page at 0x%lx\n",
			   RT_CHAN_REGS);
		kit_system_off();
	}
	counter_hz = kit_counter_freq();
	if (!block_init()) {
		kit_printf("rt: rt-linux's output sections (0x%llx bytes) "
			   "cannot hold the statistics (0x%zx)\n",
			   (unsigned long long)ch.out_size,
			   sizeof(struct rtstat));
		kit_system_off();
	}
	kit_irq_handler = irq;
	start_timer();
	kit_irq_enable();
	kit_chan_set_state(&ch, RTSTAT_STATE_PUBLISHING);
	kit_printf("rt: %u Hz task on the " RT_TIMER " (%llu Hz counter), "
		   "statistics on rt-linux as peer %u, start %u\n", RATE_HZ,
		   (unsigned long long)counter_hz, (unsigned int)ch.id,
		   (unsigned int)block->starts);
	report_forever();
}
