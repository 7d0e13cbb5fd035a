/*
 * The console mux: one physical UART shared by the hypervisor and every cell.
 *
 * Output: each source (the hypervisor, each cell) has a ring of bytes.  The
 * mux writes the physical UART a whole line at a time, each line prefixed by
 * its source's tag ("[linux] "), so lines never interleave.  A partial line
 * is written after MUX_IDLE_MS without more bytes (prompts appear) or when
 * its ring is full; it is ended early (and resumed under a new tag) only if
 * it then stays idle for MUX_YIELD_MS while another source has a line to
 * write, so a prompt never holds the others up for long.  Text after a
 * lone '\r', ESC c, or a cursor-home or clear-screen sequence gets the tag
 * again.  Nobody ever waits on the UART: whoever adds bytes drains
 * as much as the UART takes right now (if no other CPU is draining), and the
 * hypervisor timer finishes the job later.  A full ring is reported to the
 * producer (the virtual UART says "TX FIFO full"), so nothing is lost.
 *
 * Input: bytes received go to the receive ring of the cell with focus.
 * Ctrl-] (0x1d) starts a command: a digit selects cell N, `n` the next
 * cell, `:name` + Enter a cell by name, `?` shows the cells, Ctrl-] again
 * sends a literal Ctrl-].  Ctrl-] and `:` each log what they wait for.
 *
 * The mux only keeps bytes: it never calls a cell's virtual UART.  It notes
 * which sources have news (input, or room after a full ring) and the console
 * (septum/console.h) tells their cells' UARTs.
 */
#ifndef SEPTUM_MUX_H
#define SEPTUM_MUX_H

#include <septum/types.h>

struct uart_ops;

#define MUX_RING_SIZE 2048	/* bytes per source */
#define MUX_RX_SIZE 256		/* received bytes waiting per cell */
#define MUX_IDLE_MS 100		/* a partial line waits this long */
#define MUX_YIELD_MS 1000	/* others' lines wait at most this long */
#define MUX_ESCAPE 0x1d		/* Ctrl-] */

/* The hypervisor's own source (log lines), and cell i's (i + 1). */
#define MUX_SOURCE_HYP 0

static inline unsigned int mux_source_of(unsigned int cell)
{
	return cell + 1;
}

/*
 * Start the mux over the console UART (driver ops and mapped base), with a
 * source per cell.  Boot CPU, after the cells exist.
 */
void mux_init(const struct uart_ops *ops, uintptr_t base);

/*
 * Take the rings of the cells that have a console from the hypervisor's
 * memory (once; mux_init() does it if not done yet).  Boot CPU, after the
 * cells exist, before the memory in use is reported.
 */
void mux_take_rings(void);

/* Whether the mux is running (else output goes straight to the UART). */
bool mux_active(void);

/*
 * Add bytes from source `src`; returns how many were taken (fewer when the
 * ring is full).  Producers of one source must be serialised by the caller.
 * Drains what the UART accepts now.  Any CPU.
 */
size_t mux_put(unsigned int src, const char *bytes, size_t n);

/* Free bytes in source src's ring. */
size_t mux_space(unsigned int src);

/* Bytes still queued for source src (0 once all went to the UART). */
size_t mux_pending(unsigned int src);

/* A cell's view of its source, read at once (a virtual UART's status). */
struct mux_state {
	uint32_t tx_queued;	/* bytes in its ring, not yet on the UART */
	uint32_t rx_waiting;	/* received bytes waiting for it */
};

/* Source src's state now.  Any CPU. */
struct mux_state mux_state_of(unsigned int src);

/*
 * Write out as much as the UART takes now; never waits.  Called on the
 * hypervisor timer and the UART's interrupt.  Any CPU.
 */
void mux_poll(void);

/*
 * The sources with news since the last call (a bit each: bytes received, or
 * output drained); clears them.  Any CPU.
 */
uint32_t mux_take_news(void);

/*
 * Source src's received bytes: how many wait, take the oldest (only when
 * one waits), or drop them all (its cell restarts).  One consumer per source
 * (its cell's UART, under its own lock).
 */
unsigned int mux_rx_count(unsigned int src);
uint8_t mux_rx_take(unsigned int src);
void mux_rx_flush(unsigned int src);

/*
 * Write out everything queued, waiting a bounded time for the UART, and
 * stop: output goes straight to the UART after.  Before power-off and for a
 * panic report.  Any CPU.
 */
void mux_stop(void);

/* The console UART received something: read it, route it.  Any CPU. */
void mux_uart_irq(void);

/* The cell with input focus (index), or -1. */
int mux_focus(void);

/*
 * Feed one received byte through the escape handling and on to the focused
 * cell's receive ring (what mux_uart_irq() does per byte).  Any CPU.
 */
void mux_input(uint8_t c);

#endif /* SEPTUM_MUX_H */
