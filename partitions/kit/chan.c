/*
 * IVSHMEM channels for kit guests: the register page, the state table and
 * the doorbell interrupt of one channel.  See kit/chan.h.
 */
#include <kit/chan.h>
#include <kit/gic.h>
#include <kit/kit.h>
#include <kit/sysreg.h>

/* The EL1 virtual timer's PPI (the same on every GICv2/v3 arm64 board). */
#ifndef KIT_VTIMER_INTID
#define KIT_VTIMER_INTID 27
#endif

#define US_PER_S 1000000ull

/* Most peers the state table page can describe. */
#define MAX_PEERS (IVSHMEM_STATE_TABLE_SIZE / 4u)

static uint32_t reg_read(const struct kit_chan *ch, uint32_t offset)
{
	return kit_read32(ch->regs + offset);
}

static void reg_write(const struct kit_chan *ch, uint32_t offset,
		      uint32_t value)
{
	kit_write32(ch->regs + offset, value);
}

/* A 64-bit register as two aligned 32-bit reads (the only access allowed). */
static uint64_t reg_read64(const struct kit_chan *ch, uint32_t lo)
{
	return (uint64_t)reg_read(ch, lo + 4u) << 32 | reg_read(ch, lo);
}

/*
 * Make this CPU's stores to the shared memory visible before a register
 * write that tells a peer about them (a doorbell or a state).
 */
static void publish_barrier(void)
{
	__asm__ volatile("dsb ish" : : : "memory");
}

bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t intid)
{
	uint64_t shmem;

	ch->regs = regs;
	ch->id = reg_read(ch, IVSHMEM_REG_ID);
	ch->num_peers = reg_read(ch, IVSHMEM_REG_MAX_PEERS);
	if (ch->num_peers < 2 || ch->num_peers > MAX_PEERS ||
	    ch->id >= ch->num_peers ||
	    reg_read(ch, IVSHMEM_REG_STATE_TABLE_SIZE) !=
		    IVSHMEM_STATE_TABLE_SIZE)
		return false;
	ch->rw_size = reg_read64(ch, IVSHMEM_REG_RW_SIZE_LO);
	ch->out_size = reg_read64(ch, IVSHMEM_REG_OUT_SIZE_LO);
	shmem = reg_read64(ch, IVSHMEM_REG_SHMEM_LO);
	if (shmem == 0 || shmem > UINTPTR_MAX)
		return false;
	ch->shmem = (uint8_t *)(uintptr_t)shmem;
	ch->intid = intid;
	ch->events = 0;
	/* kit_chan_wait() wakes from WFI on this CPU's virtual timer. */
	kit_gic_enable(KIT_VTIMER_INTID);
	if (intid) {
		if (intid >= 32)
			kit_gic_route(intid, kit_cpu_index());
		kit_gic_enable(intid);
		reg_write(ch, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	}
	return true;
}

void kit_chan_notify(const struct kit_chan *ch, uint32_t peer)
{
	publish_barrier();
	reg_write(ch, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(peer, 0));
}

void kit_chan_set_state(const struct kit_chan *ch, uint32_t state)
{
	publish_barrier();
	reg_write(ch, IVSHMEM_REG_STATE, state);
}

uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer)
{
	const volatile uint32_t *table = (const volatile uint32_t *)ch->shmem;

	if (peer >= ch->num_peers)
		return 0;
	/* Acquire: what the peer wrote before its state is read after it. */
	return __atomic_load_n(&table[peer], __ATOMIC_ACQUIRE);
}

uint32_t kit_chan_dropped(const struct kit_chan *ch)
{
	return reg_read(ch, IVSHMEM_REG_DROPPED);
}

bool kit_chan_irq(struct kit_chan *ch, uint32_t intid)
{
	if (ch->intid == 0 || intid != ch->intid)
		return false;
	__atomic_fetch_add(&ch->events, 1u, __ATOMIC_RELEASE);
	return true;
}

/* `us` microseconds in counter ticks, without overflowing for long waits. */
static uint64_t us_to_ticks(uint64_t us)
{
	uint64_t freq = kit_counter_freq();

	return us / US_PER_S * freq + us % US_PER_S * freq / US_PER_S;
}

static uint32_t events_now(const struct kit_chan *ch)
{
	return __atomic_load_n(&ch->events, __ATOMIC_ACQUIRE);
}

/*
 * Interrupts are masked from the last look at ch->events to the WFI, so a
 * doorbell arriving in between cannot be taken (and missed) before the CPU
 * sleeps: a pending interrupt ends WFI even while masked, and is taken when
 * they are unmasked again.  The virtual timer, armed at the deadline, ends
 * the sleep if nothing comes; it is turned off before interrupts are taken,
 * so the cell's handler sees INTID 27 at most once for a timeout.
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us)
{
	uint64_t now = kit_counter();
	uint64_t ticks = us_to_ticks(timeout_us);
	uint64_t deadline = ticks > UINT64_MAX - now ? UINT64_MAX : now + ticks;
	bool masked = kit_irqs_masked();

	while (events_now(ch) == seen && kit_counter() < deadline) {
		kit_irq_disable();
		kit_cntv_cval_write(deadline);
		kit_cntv_ctl_write(CNTV_CTL_ENABLE);
		if (events_now(ch) == seen)
			__asm__ volatile("wfi" : : : "memory");
		kit_cntv_ctl_write(0);
		kit_irq_enable();
		/* A pending doorbell is taken here, before the next look. */
		__asm__ volatile("isb" : : : "memory");
	}
	if (masked)
		kit_irq_disable();
	return events_now(ch);
}

enum chan_ring_status kit_chan_ring(const struct kit_chan *ch,
				    struct chan_ring *r, uint32_t peer,
				    uint32_t slot_size)
{
	return chan_ring_attach(r, ch->shmem, ch->num_peers, ch->rw_size,
				ch->out_size, ch->id, peer, slot_size);
}
