#include <septum/console.h>
#include <septum/drivers/board.h>
#include <septum/drivers/uart.h>
#include <septum/abi/config.h>
#include <septum/arch/irq.h>
#include <septum/arch/mmu.h>
#include <septum/fmt.h>
#include <septum/log.h>
#include <septum/mux.h>
#include <septum/spinlock.h>
#include <septum/vdev.h>

/*
 * How many polls of the transmitter before a byte is given up on.  A UART
 * that stays busy this long is broken; the console then stops waiting on it
 * rather than stalling the CPU that prints.
 */
#define TX_POLL_LIMIT 1000000u

/* Bounded wait for another CPU's line when a fatal report takes over. */
#define PANIC_LOCK_POLLS 100000u

static const struct uart_ops *console_ops;	/* NULL: early (MMU off) */
static bool console_silent;	/* the UART belongs to a cell now */
static uintptr_t console_base;
static uint32_t console_intid = SEPTUM_NONE;	/* its receive interrupt */
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

/* Through the mux as its hypervisor source: whole lines, no waiting on HW. */
static void mux_write(const char *s)
{
	size_t len = 0, done = 0;
	unsigned long stuck = 0;

	while (s[len])
		len++;
	while (done < len && stuck < TX_POLL_LIMIT) {
		size_t n = mux_put(MUX_SOURCE_HYP, s + done, len - done);

		done += n;
		stuck = n ? 0 : stuck + 1;
	}
	console_drop_count += len - done;
}

void console_silence(void)
{
	spin_lock(&console_lock);
	console_silent = true;
	spin_unlock(&console_lock);
}

void console_puts(const char *s)
{
	if (console_silent) {
		console_drop_count++;
		return;
	}
	if (!console_ops) {
		console_write(s);	/* one CPU, MMU off: no lock possible */
		return;
	}
	spin_lock(&console_lock);
	if (mux_active())
		mux_write(s);
	else
		console_write(s);
	spin_unlock(&console_lock);
}

enum err console_use(uint32_t kind, uint64_t at)
{
	const struct uart_ops *ops = uart_find_kind(kind);
	uint64_t page = at & ~(uint64_t)(PAGE_SIZE - 1);
	uintptr_t va;

	if (at == board.console_pa)
		return E_OK;
	if (!ops)
		return E_NOTFOUND;
	va = arch_mmu_map_device(pa(page), PAGE_SIZE);
	if (!va)
		return E_NOMEM;
	log_info("console: moving to the config's UART (%s at PA 0x%llx)",
		 ops->name, (unsigned long long)at);
	spin_lock(&console_lock);
	console_init(ops, va + (uintptr_t)(at - page));
	spin_unlock(&console_lock);
	return E_OK;
}

void console_start_mux(uint32_t intid, unsigned int cpu)
{
	mux_init(console_ops, console_base);
	if (console_ops->rx_irq && intid != SEPTUM_NONE) {
		console_intid = intid;
		console_ops->rx_irq(console_base, true);
		arch_irq_claim(intid, cpu);
	}
}

/* Tell the cells' virtual UARTs what the mux has for them. */
static void tell_cells(void)
{
	uint32_t news = mux_take_news();

	for (; news; news &= news - 1)
		vdev_console_event((unsigned int)__builtin_ctz(news) - 1u);
}

void console_poll(void)
{
	mux_poll();
	tell_cells();
}

bool console_irq(uint32_t intid)
{
	if (intid != console_intid || !mux_active())
		return false;
	mux_uart_irq();
	tell_cells();
	return true;
}

void console_flush(void)
{
	mux_stop();
}

void console_printf(const char *format, ...)
{
	char line[CONSOLE_LINE_MAX];
	va_list ap;

	va_start(ap, format);
	fmt_vsnprintf(line, sizeof(line), format, ap);
	va_end(ap);
	console_puts(line);
}

void console_panic_takeover(void)
{
	if (!console_ops)
		return;
	mux_stop();	/* what is queued first, then the report directly */
	if (!spin_lock_bounded(&console_lock, PANIC_LOCK_POLLS))
		spin_lock_break(&console_lock);
	else
		spin_unlock(&console_lock);
}

uint64_t console_dropped(void)
{
	return console_drop_count;
}
