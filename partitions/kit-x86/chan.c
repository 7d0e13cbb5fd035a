/*
 * IVSHMEM channels for x86 kit guests: the register page, the state table
 * and the doorbell interrupt of one channel.  See kit/chan.h.
 */
#include <kit/chan.h>
#include <kit/kit.h>

#define US_PER_S 1000000ull
/* Longest single arming of the APIC timer (its count is 32 bits). */
#define WAKE_STEP_US 1000000ull

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

bool kit_chan_open(struct kit_chan *ch, uintptr_t regs, uint32_t gsi,
		   uint32_t vector)
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
	ch->vector = vector;
	ch->events = 0;
	if (vector) {
		kit_ioapic_route(gsi, vector, kit_cpu_index());
		reg_write(ch, IVSHMEM_REG_INT_CONTROL, IVSHMEM_INT_ENABLE);
	}
	return true;
}

/* x86 keeps stores in order: the register write (an exit to the
 * hypervisor) comes after them; only the compiler must not move them. */
void kit_chan_notify(const struct kit_chan *ch, uint32_t peer)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	reg_write(ch, IVSHMEM_REG_DOORBELL, IVSHMEM_DOORBELL(peer, 0));
}

void kit_chan_set_state(const struct kit_chan *ch, uint32_t state)
{
	__atomic_thread_fence(__ATOMIC_RELEASE);
	reg_write(ch, IVSHMEM_REG_STATE, state);
}

uint32_t kit_chan_peer_state(const struct kit_chan *ch, uint32_t peer)
{
	const volatile uint32_t *table = (const volatile uint32_t *)ch->shmem;

	if (peer >= ch->num_peers)
		return 0;
	return __atomic_load_n(&table[peer], __ATOMIC_ACQUIRE);
}

uint32_t kit_chan_dropped(const struct kit_chan *ch)
{
	return reg_read(ch, IVSHMEM_REG_DROPPED);
}

bool kit_chan_irq(struct kit_chan *ch, uint32_t vector)
{
	if (ch->vector == 0 || vector != ch->vector)
		return false;
	__atomic_fetch_add(&ch->events, 1u, __ATOMIC_RELEASE);
	return true;
}

static uint32_t events_now(const struct kit_chan *ch)
{
	return __atomic_load_n(&ch->events, __ATOMIC_ACQUIRE);
}

/*
 * Interrupts are masked from the last look at ch->events to the HLT: STI's
 * one-instruction shadow makes "sti; hlt" atomic, so a doorbell arriving
 * in between wakes the HLT instead of being taken before it.  The APIC
 * timer, armed for what is left (at most WAKE_STEP_US at a time), ends the
 * sleep if nothing comes.
 */
uint32_t kit_chan_wait(struct kit_chan *ch, uint32_t seen, uint64_t timeout_us)
{
	uint64_t per_us = kit_counter_freq() / US_PER_S;
	uint64_t now = kit_counter(), ticks = timeout_us * per_us;
	uint64_t deadline = per_us && ticks / per_us == timeout_us &&
					    ticks <= UINT64_MAX - now
				    ? now + ticks
				    : UINT64_MAX;
	uint64_t flags;

	__asm__ volatile("pushfq; popq %0" : "=r"(flags));
	while (events_now(ch) == seen && (now = kit_counter()) < deadline) {
		uint64_t left = per_us ? (deadline - now) / per_us + 1 : 1;

		kit_irq_disable();
		kit_timer_start(KIT_CHAN_WAKE_VECTOR,
				left < WAKE_STEP_US ? left : WAKE_STEP_US, false);
		if (events_now(ch) == seen)
			__asm__ volatile("sti; hlt; cli" : : : "memory");
		kit_timer_stop();
		kit_irq_enable();	/* what came meanwhile is taken here */
	}
	if (!(flags & (1u << 9)))
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
