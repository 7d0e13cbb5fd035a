/*
 * The virtual PL011 (ARM DDI 0183) of each cell whose config gives it one:
 * the cell's side of the console mux (septum/mux.h).
 *
 * Transmit: a byte written to DR goes into the cell's mux ring; while the
 * ring is full the flag register says TX FIFO full, so a guest that checks
 * (every driver does) waits and nothing is lost.  Receive: bytes the mux
 * routes to the cell wait in its receive ring there.  Interrupt status is
 * computed from that state (the level model the Linux driver expects): RX
 * when data waits, TX while the ring has room for half of it; the cell's
 * interrupt line follows the masked status (arch_vm_set_line()).
 *
 * The file is built for speed; its COLD functions lock through the shared
 * out-of-line copies (spin_lock_shared()), as code built for size does.
 */
#include <septum/arch/vm.h>
#include <septum/mux.h>
#include <septum/spinlock.h>

#include "vdev_int.h"

#define PL011_SIZE 0x1000

#define UARTDR 0x000
#define UARTRSR 0x004
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTRIS 0x03c
#define UARTMIS 0x040
#define UARTICR 0x044
#define UARTDMACR 0x048
#define UARTPERIPHID0 0xfe0

#define FR_BUSY BIT(3)
#define FR_RXFE BIT(4)
#define FR_TXFF BIT(5)
#define FR_RXFF BIT(6)
#define FR_TXFE BIT(7)

#define INT_RX BIT(4)
#define INT_TX BIT(5)
#define INT_RT BIT(6)

#define CR_RESET 0x300		/* TXE, RXE */
#define IFLS_RESET 0x12		/* half-full triggers */

/* PrimeCell identification: PL011 r1p5, as Linux's AMBA bus probes it. */
static const uint8_t periph_id[8] = { 0x11, 0x10, 0x34, 0x00,
				      0x0d, 0xf0, 0x05, 0xb1 };

struct pl011_state pl011_states[SEPTUM_MAX_CELLS];

/*
 * The interrupt line (ARM DDI 0183, UARTINTR): the OR of the masked status,
 * UARTMIS = UARTRIS & UARTIMSC.  RIS and IMSC share one word, `status`.
 *
 * RIS is refreshed from the mux (refresh()) under the UART's lock by every
 * access that moves data or shows the status (DR, FR, RIS, MIS), by the
 * console's news for the cell (input arrived, output drained) and by a
 * reset; nothing else writes it.  A write to IMSC, the register drivers
 * write most (Linux's turns the TX interrupt on and off around each burst
 * of output), changes the other half by a compare-and-swap without the
 * lock or the mux: the swap shows it the RIS of that instant, so it knows
 * whether the level moved.
 *
 * The vGIC's line is set only under the lock, from a fresh read of the
 * word (apply_line()), and `line` remembers what it was set to.  Whoever
 * moves the level takes the lock after doing so and applies: a refresh in
 * its own critical section, a mask write after its swap (only then).  Why
 * that is exact whatever another CPU does at the same time (its vCPU's DR
 * access, input arriving, output drained, a second mask write):
 *
 * - The line ends at the final level.  Take the last swap that moved the
 *   level: its author's critical section comes after it, so reads that
 *   swap's word or a later one, whose level is the final one (later swaps
 *   move nothing), and so does every critical section after that one.  No
 *   stale level can be applied last: a critical section that read an
 *   older word came before.  So an interrupt is never lost (the line stays
 *   low while RIS & IMSC is not zero) nor invented (it stays high while
 *   that is zero).  A write that moves nothing needs no one: whoever moved
 *   the level before it applies it.
 * - A mask write that raises the line has queued the interrupt (or seen
 *   it queued by a critical section before its own) before its vCPU
 *   resumes: unmasked, it is taken before the guest's next instruction,
 *   as on the hardware.  One that lowers it has taken it back the same way.
 * - A read of RIS or MIS refreshes first and answers from that word, so
 *   what the guest reads agrees with the line it is given.
 *
 * The word needs no ordering with other memory beyond its own: every
 * critical section after another reads it no older (the lock orders them),
 * and a CPU sees its own swap.
 */
static unsigned int source(const struct cell *c)
{
	return mux_source_of(c->index);
}

static uint32_t raw_status(struct mux_state m)
{
	uint32_t ris = 0;

	if (m.rx_waiting)
		ris |= INT_RX | INT_RT;
	if (MUX_RING_SIZE - m.tx_queued >= MUX_RING_SIZE / 2)
		ris |= INT_TX;
	return ris;
}

static inline uint32_t status_of(const struct pl011_state *u)
{
	return __atomic_load_n(&u->status, __ATOMIC_RELAXED);
}

static inline uint32_t ris_of(uint32_t status)
{
	return status >> PL011_STATUS_RIS_SHIFT;
}

static inline uint32_t mis_of(uint32_t status)
{
	return ris_of(status) & status & PL011_STATUS_IMSC;
}

/* Set the vGIC's line to the word's level now.  Lock held. */
static void apply_line(struct cell *c, struct pl011_state *u)
{
	bool level = mis_of(status_of(u)) != 0;

	if (level != u->line)
		arch_vm_set_line(c, c->cfg->vuart.vintid, level);
	u->line = level;
}

/* Replace the half `keep` does not cover with `bits`; the word before. */
static inline uint32_t status_swap(struct pl011_state *u, uint32_t keep,
				   uint32_t bits)
{
	uint32_t old = status_of(u);

	while (!__atomic_compare_exchange_n(&u->status, &old, (old & keep) | bits,
					    true, __ATOMIC_RELAXED,
					    __ATOMIC_RELAXED))
		;
	return old;
}

/* RIS from the mux, then the line; the mux state it used.  Lock held. */
static struct mux_state refresh(struct cell *c, struct pl011_state *u)
{
	struct mux_state m = mux_state_of(source(c));

	(void)status_swap(u, PL011_STATUS_IMSC,
			  raw_status(m) << PL011_STATUS_RIS_SHIFT);
	apply_line(c, u);
	return m;
}

/* apply_line() under the lock (out of line: the fast paths need no frame). */
static NOINLINE void apply_line_locked(struct cell *c, struct pl011_state *u)
{
	spin_lock(&u->lock);
	apply_line(c, u);
	spin_unlock(&u->lock);
}

/* A write of UARTIMSC: no lock unless the level moves (see above). */
static inline void imsc_write(const struct vcpu *v, struct pl011_state *u,
			      uint32_t value)
{
	uint32_t imsc = value & PL011_STATUS_IMSC;
	uint32_t old = status_swap(u, ~PL011_STATUS_IMSC, imsc);
	uint32_t ris = ris_of(old);

	/* The level before (RIS & the old mask) against after (& the new). */
	if ((ris & old & PL011_STATUS_IMSC) ? !(ris & imsc) : (ris & imsc) != 0)
		apply_line_locked(v->cell, u);
}

static uint32_t flags(struct mux_state m)
{
	uint32_t fr = m.tx_queued ? FR_BUSY : FR_TXFE;

	if (m.tx_queued == MUX_RING_SIZE)
		fr |= FR_TXFF;
	if (!m.rx_waiting)
		fr |= FR_RXFE;
	if (m.rx_waiting == MUX_RX_SIZE)
		fr |= FR_RXFF;
	return fr;
}

/*
 * The registers that move data or show the status: DR, FR, RIS, MIS.
 * Under the lock; RIS is refreshed after the access (a byte taken or
 * queued), and the status registers answer from that refresh.
 */
static NOINLINE void data_access(struct cell *c, struct pl011_state *u,
				 uint64_t off, struct vm_access *a)
{
	struct mux_state m;
	char ch = (char)a->value;

	spin_lock(&u->lock);
	if (off == UARTDR && a->write) {
		if (mux_put(source(c), &ch, 1) == 0)
			u->tx_lost++;
	} else if (off == UARTDR) {
		a->value = mux_rx_count(source(c)) ? mux_rx_take(source(c)) : 0;
	}
	m = refresh(c, u);
	if (off == UARTFR && !a->write)
		a->value = flags(m);
	else if (off == UARTRIS && !a->write)
		a->value = ris_of(status_of(u));
	else if (off == UARTMIS && !a->write)
		a->value = mis_of(status_of(u));
	spin_unlock(&u->lock);
}

/* The control registers in u->ctrl[]: the first five by offset. */
enum { CTRL_IBRD, CTRL_FBRD, CTRL_LCR_H, CTRL_CR, CTRL_IFLS, CTRL_DMACR };

/*
 * The offsets from UARTIBRD to UARTDMACR, by (offset - UARTIBRD) / 4: the
 * register's bits (none: not a control register; IMSC is in the status
 * word).
 */
#define CTRL_REGS (1 + (UARTDMACR - UARTIBRD) / 4)
static const uint16_t ctrl_bits[CTRL_REGS] = {
	[(UARTIBRD - UARTIBRD) / 4] = 0xffff,
	[(UARTFBRD - UARTIBRD) / 4] = 0x3f,
	[(UARTLCR_H - UARTIBRD) / 4] = 0xff,
	[(UARTCR - UARTIBRD) / 4] = 0xffff,
	[(UARTIFLS - UARTIBRD) / 4] = 0x3f,
	[(UARTDMACR - UARTIBRD) / 4] = 0x7,
};

/*
 * The control registers, an IMSC read, the identification and the error
 * registers: one aligned load or store of the cell's own state that
 * nothing else derives from, so no lock.  Two of the cell's vCPUs writing
 * one register at once leave one of the values, as on the hardware, and a
 * reset, the only other writer, runs while none of the cell's vCPUs does.
 * ICR: the status is a level of the state; RSR/ECR: no errors; ILPR and
 * reserved offsets read as zero and ignore writes.
 */
static void control_access(struct pl011_state *u, uint64_t off,
			   struct vm_access *a)
{
	uint64_t i = (off - UARTIBRD) / 4;
	uint16_t bits = i < CTRL_REGS && !(off & 3) ? ctrl_bits[i] : 0;
	uint16_t *reg = &u->ctrl[i < CTRL_DMACR ? i : CTRL_DMACR];

	if (a->write) {
		if (bits)
			*reg = (uint16_t)(a->value & bits);
	} else if (bits) {
		a->value = *reg;
	} else if (off == UARTIMSC) {
		a->value = status_of(u) & PL011_STATUS_IMSC;
	} else if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 0x20) {
		a->value = periph_id[(off - UARTPERIPHID0) / 4];
	} else {
		a->value = 0;
	}
}

static void pl011_access(struct vcpu *v, uint32_t instance, uint64_t off,
			 struct vm_access *a)
{
	struct pl011_state *u = &pl011_states[instance];

	if (off == UARTIMSC && a->write)
		imsc_write(v, u, (uint32_t)a->value);
	else if (off == UARTDR || off == UARTFR || off == UARTRIS ||
		 off == UARTMIS)
		data_access(v->cell, u, off, a);
	else
		control_access(u, off, a);
}

/* Input arrived, or the mux wrote some output: maybe an interrupt. */
static void pl011_console_event(struct cell *c)
{
	struct pl011_state *u = &pl011_states[c->index];

	spin_lock(&u->lock);
	(void)refresh(c, u);
	spin_unlock(&u->lock);
}

static COLD bool pl011_claim(const struct cell *c, unsigned int i,
			     struct vdev_range *r)
{
	if (i > 0 || c->cfg->vuart.kind != SEPTUM_VUART_PL011)
		return false;
	*r = (struct vdev_range){ VM_SPACE_MMIO, c->cfg->vuart.base, PL011_SIZE,
				  c->index, "UART" };
	return true;
}

static COLD void pl011_reset(struct cell *c)
{
	struct pl011_state *u = &pl011_states[c->index];

	spin_lock_shared(&u->lock);
	mux_rx_flush(source(c));
	u->ctrl[CTRL_IBRD] = u->ctrl[CTRL_FBRD] = u->ctrl[CTRL_LCR_H] = 0;
	u->ctrl[CTRL_CR] = CR_RESET;
	u->ctrl[CTRL_IFLS] = IFLS_RESET;
	u->ctrl[CTRL_DMACR] = 0;
	/* No vCPU of the cell runs to write IMSC: a plain store clears it. */
	__atomic_store_n(&u->status, 0, __ATOMIC_RELAXED);
	(void)refresh(c, u);	/* RIS as the mux has it; the line low */
	spin_unlock_shared(&u->lock);
}

const struct vdev pl011_vdev = {
	.what = "its virtual",
	.sizes = BIT(1) | BIT(2) | BIT(4) | BIT(8),
	.aligned = false,
	.rule = "accesses stay inside its 4 KiB page",
	.claim = pl011_claim,
	.access = pl011_access,
	.hook = {
		[VDEV_CELL_INIT] = pl011_reset,
		[VDEV_CELL_RESET] = pl011_reset,
		[VDEV_CONSOLE_EVENT] = pl011_console_event,
	},
};
