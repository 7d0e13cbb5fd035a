/*
 * The virtual PL011 (ARM DDI 0183): a cell's console.  Transmit only so far:
 * bytes are gathered per line and printed as "[<cell>] <line>".
 */
#include <septum/console.h>
#include <septum/spinlock.h>
#include <septum/vuart.h>

#define UARTDR 0x000
#define UARTFR 0x018
#define UARTIBRD 0x024
#define UARTFBRD 0x028
#define UARTLCR_H 0x02c
#define UARTCR 0x030
#define UARTIFLS 0x034
#define UARTIMSC 0x038
#define UARTPERIPHID0 0xfe0

#define FR_RXFE BIT(4)
#define FR_TXFE BIT(7)

#define LINE_MAX 160

/* PrimeCell identification: PL011 r1p5, as Linux's AMBA bus probes it. */
static const uint8_t periph_id[8] = { 0x11, 0x10, 0x34, 0x00,
				      0x0d, 0xf0, 0x05, 0xb1 };

struct vuart {
	struct spinlock lock;
	char line[LINE_MAX];
	unsigned int len;
	uint32_t regs[16];	/* plain storage for the control registers */
};

static struct vuart vuarts[SEPTUM_MAX_CELLS];

/* Print the buffered line, if any.  vuart lock held. */
static void flush_line(const struct cell *c, struct vuart *u)
{
	if (u->len == 0)
		return;
	console_printf("[%s] %.*s\n", c->cfg->name, (int)u->len, u->line);
	u->len = 0;
}

void vuart_flush(struct cell *c)
{
	struct vuart *u = &vuarts[c->index];

	spin_lock(&u->lock);
	flush_line(c, u);
	spin_unlock(&u->lock);
}

static void tx(const struct cell *c, struct vuart *u, char ch)
{
	if (ch == '\r')
		return;
	if (ch == '\n') {
		flush_line(c, u);
		return;
	}
	if (u->len == LINE_MAX)
		flush_line(c, u);
	u->line[u->len++] = ch;
}

static uint64_t read_reg(const struct vuart *u, uint64_t offset)
{
	if (offset == UARTFR)
		return FR_TXFE | FR_RXFE;
	if (offset >= UARTPERIPHID0 && offset < UARTPERIPHID0 + 0x20)
		return periph_id[(offset - UARTPERIPHID0) / 4];
	if (offset >= UARTIBRD && offset <= UARTIMSC)
		return u->regs[offset / 4 - UARTIBRD / 4];
	return 0;
}

void vuart_access(struct cell *c, uint64_t offset, struct vm_access *a)
{
	struct vuart *u = &vuarts[c->index];

	spin_lock(&u->lock);
	if (!a->write)
		a->value = read_reg(u, offset);
	else if (offset == UARTDR)
		tx(c, u, (char)a->value);
	else if (offset >= UARTIBRD && offset <= UARTIMSC)
		u->regs[offset / 4 - UARTIBRD / 4] = (uint32_t)a->value;
	spin_unlock(&u->lock);
}
