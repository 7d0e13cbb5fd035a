#include <septum/console.h>
#include <septum/drivers/board.h>
#include <septum/drivers/uart.h>
#include <septum/fmt.h>
#include <septum/spinlock.h>

/*
 * How many polls of the transmitter before a byte is given up on.  A UART
 * that stays busy this long is broken; the console then stops waiting on it
 * rather than stalling the CPU that prints.
 */
#define TX_POLL_LIMIT 1000000u

/* Bounded wait for another CPU's line when a fatal report takes over. */
#define PANIC_LOCK_POLLS 100000u

static const struct uart_ops *console_ops;	/* NULL: early (MMU off) */
static uintptr_t console_base;
static struct spinlock console_lock = SPINLOCK_INIT;
static uint64_t console_drop_count;
static bool console_broken;

void console_early_init(void)
{
	console_ops = NULL;
}

void console_init(const struct uart_ops *ops, uintptr_t base)
{
	ops->init(base);
	console_base = base;
	console_ops = ops;
}

static void console_tx(uint8_t c)
{
	unsigned int polls = 0;

	if (!console_ops) {
		board_early_putc(c);
		return;
	}
	if (console_broken) {
		console_drop_count++;
		return;
	}
	while (!console_ops->tx_ready(console_base)) {
		if (++polls == TX_POLL_LIMIT) {
			console_broken = true;
			console_drop_count++;
			return;
		}
	}
	console_ops->tx(console_base, c);
}

static void console_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			console_tx('\r');
		console_tx((uint8_t)*s);
	}
}

void console_puts(const char *s)
{
	if (!console_ops) {
		console_write(s);	/* one CPU, MMU off: no lock possible */
		return;
	}
	spin_lock(&console_lock);
	console_write(s);
	spin_unlock(&console_lock);
}

void console_vprintf(const char *format, va_list ap)
{
	char line[CONSOLE_LINE_MAX];

	fmt_vsnprintf(line, sizeof(line), format, ap);
	console_puts(line);
}

void console_printf(const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	console_vprintf(format, ap);
	va_end(ap);
}

void console_panic_takeover(void)
{
	if (!console_ops)
		return;
	if (!spin_lock_bounded(&console_lock, PANIC_LOCK_POLLS))
		spin_lock_break(&console_lock);
	else
		spin_unlock(&console_lock);
}

uint64_t console_dropped(void)
{
	return console_drop_count;
}
