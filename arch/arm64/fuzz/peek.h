/*
 * What the checks read of state the hypervisor keeps private to one file:
 * each peek_*.c compiles that file (#include) and adds a reader.  Copies are
 * "normalised": the fields another cell's or the console's activity may
 * legitimately change are zeroed when `events` is set, so two copies of a
 * cell nobody acted on compare equal byte for byte.
 */
#ifndef FUZZ_PEEK_H
#define FUZZ_PEEK_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define PEEK_MAX 4096	/* room any normalised copy needs */
#define PEEK_DEV_MAX 64	/* room an IVSHMEM device's copy needs */

/* Cell c's virtual UART: the whole state (events: its line and lock). */
size_t peek_vuart(unsigned int c, void *buf, bool events);
/* Bytes waiting in its receive FIFO, oldest first (up to 256). */
unsigned int peek_vuart_rx(unsigned int c, uint8_t *bytes);

/* IVSHMEM device of peer k of channel ci (events: pending, one-shot enable). */
size_t peek_ivshmem(unsigned int ci, unsigned int k, void *buf, bool events);
uint32_t peek_ivshmem_state(unsigned int ci, unsigned int k);
uint32_t peek_ivshmem_table(unsigned int ci, unsigned int k);
uint32_t peek_ivshmem_int_control(unsigned int ci, unsigned int k);
bool peek_ivshmem_pending(unsigned int ci, unsigned int k);

/* Console mux source s (events: how far the UART has drained it). */
size_t peek_mux(unsigned int s, void *buf, bool events);
/* Bytes ever queued by source s, and the byte queued as number i. */
uint32_t peek_mux_head(unsigned int s);
char peek_mux_byte(unsigned int s, uint32_t i);

#endif /* FUZZ_PEEK_H */
