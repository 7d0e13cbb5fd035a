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

/* The cell's interrupt line is the masked status (UARTMIS) being non-zero. */
static inline void update_irq(struct cell *c, struct pl011_state *u)
{
	bool level = (raw_status(mux_state_of(source(c))) & u->imsc) != 0;

	if (level != u->line)
		arch_vm_set_line(c, c->cfg->vuart.vintid, level);
	u->line = level;
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

static uint32_t read_reg(const struct cell *c, const struct pl011_state *u,
			 uint64_t off)
{
	switch (off) {
	case UARTDR:
		return mux_rx_count(source(c)) ? mux_rx_take(source(c)) : 0;
	case UARTFR:
		return flags(mux_state_of(source(c)));
	case UARTIBRD:
		return u->ibrd;
	case UARTFBRD:
		return u->fbrd;
	case UARTLCR_H:
		return u->lcr_h;
	case UARTCR:
		return u->cr;
	case UARTIFLS:
		return u->ifls;
	case UARTIMSC:
		return u->imsc;
	case UARTRIS:
		return raw_status(mux_state_of(source(c)));
	case UARTMIS:
		return raw_status(mux_state_of(source(c))) & u->imsc;
	case UARTDMACR:
		return u->dmacr;
	default:
		if (off >= UARTPERIPHID0 && off < UARTPERIPHID0 + 0x20)
			return periph_id[(off - UARTPERIPHID0) / 4];
		return 0;	/* RSR/ECR (no errors), ILPR, reserved */
	}
}

static void write_reg(const struct cell *c, struct pl011_state *u,
		      uint64_t off, uint32_t v)
{
	char ch = (char)v;

	switch (off) {
	case UARTDR:
		if (mux_put(source(c), &ch, 1) == 0)
			u->tx_lost++;
		break;
	case UARTIBRD:
		u->ibrd = v & 0xffff;
		break;
	case UARTFBRD:
		u->fbrd = v & 0x3f;
		break;
	case UARTLCR_H:
		u->lcr_h = v & 0xff;
		break;
	case UARTCR:
		u->cr = v & 0xffff;
		break;
	case UARTIFLS:
		u->ifls = v & 0x3f;
		break;
	case UARTIMSC:
		u->imsc = v & 0x7ff;
		break;
	case UARTDMACR:
		u->dmacr = v & 0x7;
		break;
	default:
		break;	/* ICR: the status is a level of the state; RSR/ECR */
	}
}

/*
 * Whether an access at `off` leaves the mux and the interrupt line alone:
 * the control registers (IBRD, FBRD, LCR_H, CR, IFLS, DMACR, ICR, and
 * IMSC read), the identification and the error registers.  Such an
 * access is one aligned load or store of the cell's own state that nothing
 * else derives from, so it takes no lock: two of the cell's vCPUs writing
 * one register at once leave one of the values, as on the hardware, and a
 * reset, the only other writer, runs while none of the cell's vCPUs does.
 */
static bool quiet(uint64_t off, bool write)
{
	switch (off) {
	case UARTDR:
	case UARTFR:
	case UARTRIS:
	case UARTMIS:
		return false;
	case UARTIMSC:
		return !write;
	default:
		return true;
	}
}

static void pl011_access(struct vcpu *v, uint32_t instance, uint64_t off,
			 struct vm_access *a)
{
	struct cell *c = v->cell;
	struct pl011_state *u = &pl011_states[c->index];
	bool locked = !quiet(off, a->write);

	(void)instance;
	if (locked)
		spin_lock(&u->lock);
	if (a->write)
		write_reg(c, u, off, (uint32_t)a->value);
	else
		a->value = read_reg(c, u, off);
	if (locked) {
		update_irq(c, u);
		spin_unlock(&u->lock);
	}
}

/* Input arrived, or the mux wrote some output: maybe an interrupt. */
static void pl011_console_event(struct cell *c)
{
	struct pl011_state *u = &pl011_states[c->index];

	spin_lock(&u->lock);
	update_irq(c, u);
	spin_unlock(&u->lock);
}

static COLD bool pl011_claim(const struct cell *c, unsigned int i,
			     struct vdev_range *r)
{
	if (i > 0 || c->cfg->vuart.kind != SEPTUM_VUART_PL011)
		return false;
	*r = (struct vdev_range){ VM_SPACE_MMIO, c->cfg->vuart.base, PL011_SIZE,
				  0, "UART" };
	return true;
}

static COLD void pl011_reset(struct cell *c)
{
	struct pl011_state *u = &pl011_states[c->index];

	spin_lock(&u->lock);
	mux_rx_flush(source(c));
	if (u->line)
		arch_vm_set_line(c, c->cfg->vuart.vintid, false);
	u->ibrd = u->fbrd = u->lcr_h = u->imsc = u->dmacr = 0;
	u->cr = CR_RESET;
	u->ifls = IFLS_RESET;
	u->line = false;
	spin_unlock(&u->lock);
}

const struct vdev pl011_vdev = {
	.what = "its virtual",
	.sizes = BIT(1) | BIT(2) | BIT(4) | BIT(8),
	.aligned = false,
	.rule = "accesses stay inside its 4 KiB page",
	.claim = pl011_claim,
	.access = pl011_access,
	.cell_init = pl011_reset,
	.cell_reset = pl011_reset,
	.console_event = pl011_console_event,
};
