/*
 * The virtual 16550 UART on I/O ports (a PC's COM1) of each cell whose
 * config gives it one: the cell's side of the console mux (septum/mux.h),
 * like the virtual PL011 (pl011.c) on memory-mapped boards.
 *
 * Transmit: a byte written to THR goes into the cell's mux ring; while the
 * ring is full the line status says the transmitter is busy (THRE clear), so
 * a driver that checks waits and nothing is lost.  Receive: bytes the mux
 * routes to the cell wait in its receive ring there.  Interrupts follow the
 * 16550: received data, or the transmitter holding register empty (reported
 * until IIR is read or THR written), gated by MCR.OUT2 as on a PC; the
 * cell's interrupt is raised when the pending state goes from clear to set.
 */
#include <septum/arch/vm.h>
#include <septum/mux.h>
#include <septum/spinlock.h>

#include "vdev_int.h"

#define NS16550_PORTS 8

#define REG_DATA 0	/* RBR / THR, DLL with DLAB */
#define REG_IER 1	/* DLM with DLAB */
#define REG_IIR 2	/* read; FCR on write */
#define REG_LCR 3
#define REG_MCR 4
#define REG_LSR 5
#define REG_MSR 6
#define REG_SCR 7

#define IER_RX BIT(0)
#define IER_THRE BIT(1)
#define IER_MASK 0x0fu
#define IIR_NONE 0x01u
#define IIR_THRE 0x02u
#define IIR_RX 0x04u
#define IIR_FIFO 0xc0u
#define FCR_ENABLE BIT(0)
#define LCR_DLAB BIT(7)
#define MCR_OUT2 BIT(3)
#define MCR_MASK 0x1fu
#define LSR_DR BIT(0)
#define LSR_THRE BIT(5)
#define LSR_TEMT BIT(6)
#define MSR_CTS_DSR_DCD 0xb0u	/* a modem that is always there */

struct ns16550_state ns16550_states[SEPTUM_MAX_CELLS];

static unsigned int source(const struct cell *c)
{
	return mux_source_of(c->index);
}

static bool room(const struct cell *c)
{
	return mux_space(source(c)) > 0;
}

static uint8_t iir(const struct cell *c, const struct ns16550_state *u)
{
	uint8_t fifo = (u->fcr & FCR_ENABLE) ? (uint8_t)IIR_FIFO : 0;

	if ((u->ier & IER_RX) && mux_rx_count(source(c)))
		return (uint8_t)(IIR_RX | fifo);
	if ((u->ier & IER_THRE) && u->thri)
		return (uint8_t)(IIR_THRE | fifo);
	return (uint8_t)(IIR_NONE | fifo);
}

/* Raise the cell's interrupt on a rising edge of "an interrupt pending". */
static void update_irq(struct cell *c, struct ns16550_state *u)
{
	bool level = (u->mcr & MCR_OUT2) && !(iir(c, u) & IIR_NONE);

	if (level && !u->line)
		arch_vm_inject(c, c->cfg->vuart.vintid);
	u->line = level;
}

static uint8_t lsr(const struct cell *c)
{
	uint8_t v = 0;

	if (mux_rx_count(source(c)))
		v |= LSR_DR;
	if (room(c))
		v |= LSR_THRE;
	if (!mux_pending(source(c)))
		v |= LSR_TEMT;
	return v;
}

static uint8_t read_reg(const struct cell *c, struct ns16550_state *u,
			uint64_t off)
{
	uint8_t v;

	switch (off) {
	case REG_DATA:
		if (u->lcr & LCR_DLAB)
			return u->dll;
		return mux_rx_count(source(c)) ? mux_rx_take(source(c)) : 0;
	case REG_IER:
		return (u->lcr & LCR_DLAB) ? u->dlm : u->ier;
	case REG_IIR:
		v = iir(c, u);
		if ((v & ~IIR_FIFO) == IIR_THRE)
			u->thri = false;	/* reading IIR acknowledges it */
		return v;
	case REG_LCR:
		return u->lcr;
	case REG_MCR:
		return u->mcr;
	case REG_LSR:
		return lsr(c);
	case REG_MSR:
		return MSR_CTS_DSR_DCD;
	default:
		return u->scr;
	}
}

static void write_data(const struct cell *c, struct ns16550_state *u,
		       uint8_t v)
{
	char ch = (char)v;

	if (u->lcr & LCR_DLAB) {
		u->dll = v;
		return;
	}
	if (mux_put(source(c), &ch, 1) == 0)
		u->tx_lost++;
	u->thri = room(c);	/* the byte left THR at once, if it had room */
}

static void write_reg(const struct cell *c, struct ns16550_state *u,
		      uint64_t off, uint8_t v)
{
	switch (off) {
	case REG_DATA:
		write_data(c, u, v);
		break;
	case REG_IER:
		if (u->lcr & LCR_DLAB) {
			u->dlm = v;
		} else {
			/* Enabling THRE with THR empty reports it at once. */
			if ((v & IER_THRE) && !(u->ier & IER_THRE))
				u->thri = room(c);
			u->ier = v & IER_MASK;
		}
		break;
	case REG_IIR:
		u->fcr = v;
		break;
	case REG_LCR:
		u->lcr = v;
		break;
	case REG_MCR:
		u->mcr = v & MCR_MASK;
		break;
	case REG_SCR:
		u->scr = v;
		break;
	default:
		break;	/* LSR, MSR: read-only */
	}
}

static void ns16550_access(struct vcpu *v, uint32_t instance, uint64_t off,
			   struct vm_access *a)
{
	struct cell *c = v->cell;
	struct ns16550_state *u = &ns16550_states[c->index];

	(void)instance;
	spin_lock(&u->lock);
	if (a->write)
		write_reg(c, u, off, (uint8_t)a->value);
	else
		a->value = read_reg(c, u, off);
	update_irq(c, u);
	spin_unlock(&u->lock);
}

/* Input arrived, or the mux wrote some output: maybe an interrupt. */
static void ns16550_console_event(struct cell *c)
{
	struct ns16550_state *u = &ns16550_states[c->index];

	spin_lock(&u->lock);
	if ((u->ier & IER_THRE) && room(c))
		u->thri = true;
	update_irq(c, u);
	spin_unlock(&u->lock);
}

static COLD bool ns16550_claim(const struct cell *c, unsigned int i,
			       struct vdev_range *r)
{
	if (i > 0 || c->cfg->vuart.kind != SEPTUM_VUART_NS16550_PIO)
		return false;
	*r = (struct vdev_range){ VM_SPACE_PIO, c->cfg->vuart.base,
				  NS16550_PORTS, 0, "UART" };
	return true;
}

static COLD void ns16550_reset(struct cell *c)
{
	struct ns16550_state *u = &ns16550_states[c->index];

	spin_lock(&u->lock);
	mux_rx_flush(source(c));
	u->ier = u->lcr = u->mcr = u->fcr = u->scr = u->dll = u->dlm = 0;
	u->thri = false;
	u->line = false;
	spin_unlock(&u->lock);
}

const struct vdev ns16550_vdev = {
	.what = "its virtual",
	.sizes = BIT(1),
	.aligned = true,
	.rule = "its registers take 1-byte accesses only",
	.claim = ns16550_claim,
	.access = ns16550_access,
	.hook = {
		[VDEV_CELL_INIT] = ns16550_reset,
		[VDEV_CELL_RESET] = ns16550_reset,
		[VDEV_CONSOLE_EVENT] = ns16550_console_event,
	},
};
