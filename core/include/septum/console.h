/*
 * The hypervisor console: the physical UART chosen by the board.
 *
 * Before the MMU is on, output goes straight to the board's early UART at its
 * physical address (console_early_init()).  Once the hypervisor's own mappings
 * exist, console_init() switches to the UART driver's ops over a device mapping.
 * Output is written whole lines at a time under a lock, so lines printed by
 * different CPUs never interleave.
 */
#ifndef SEPTUM_CONSOLE_H
#define SEPTUM_CONSOLE_H

#include <stdarg.h>
#include <septum/types.h>

struct uart_ops;

/* Use the board's early UART at its physical address.  Boot CPU, MMU off. */
void console_early_init(void);

/*
 * Switch to `ops` over the device mapped at `base` (a hypervisor virtual
 * address).  Boot CPU, before secondaries run.
 */
void console_init(const struct uart_ops *ops, uintptr_t base);

/*
 * Move the console to the config's UART of `kind` (enum septum_uart_kind)
 * at physical address `at` when it is not the board's early console (a
 * board with two UARTs, e.g. the Raspberry Pi's mini UART and PL011):
 * E_OK, or E_NOTFOUND when no linked driver serves that kind (the console
 * stays where it is).  Boot CPU, before the mux starts.
 */
enum err console_use(uint32_t kind, uint64_t at) MUST_CHECK;

/*
 * Hand the console UART to the console mux (septum/mux.h) and take its
 * receive interrupt `intid` (or SEPTUM_NONE) on CPU `cpu`.  Boot CPU, once
 * the cells exist.
 */
void console_start_mux(uint32_t intid, unsigned int cpu);

/*
 * Stop writing to the console UART for good (the config gives it to a cell,
 * exclusively): later output is dropped and counted.  Boot CPU.
 */
void console_silence(void);

/*
 * The console's periodic work once the mux runs: write out what the UART
 * takes now, and tell the cells' virtual UARTs about room and input.  On the
 * hypervisor timer's expiry, and by CPUs waiting in the hypervisor.  Any CPU.
 */
void console_poll(void);

/*
 * Interrupt `intid` fired: if it is the console UART's, take what it
 * received and return true.  Any CPU.
 */
bool console_irq(uint32_t intid);

/*
 * Write out everything queued (bounded wait) and write directly from now
 * on: before the system powers off.  Any CPU.
 */
void console_flush(void);

/* Write a NUL-terminated string as one unit.  Any context. */
void console_puts(const char *s);

/* Format and write as one unit (at most CONSOLE_LINE_MAX bytes).  Any context. */
void console_printf(const char *format, ...) PRINTF_LIKE(1, 2);

/*
 * Take the console for a fatal report: waits a bounded time for another CPU's
 * line to finish, then takes the lock regardless, so a CPU that died holding it
 * cannot silence a panic.
 */
void console_panic_takeover(void);

/* Bytes dropped because the UART never became ready (0 on healthy hardware). */
uint64_t console_dropped(void);

#define CONSOLE_LINE_MAX 256

#endif /* SEPTUM_CONSOLE_H */
