/*
 * The virtual PL011 each cell with a console sees (the UART mux).  Output is
 * gathered per line and written as "[<cell>] <line>" on the hypervisor's
 * console, so lines of different cells never interleave.
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include <septum/cell.h>
#include <septum/vm.h>

/* Page size of the emulated register block. */
#define VUART_SIZE 0x1000

/* Emulate one access at `offset` into cell c's UART page. */
void vuart_access(struct cell *c, uint64_t offset, struct vm_access *a);

/* Write out whatever partial line cell c has buffered (e.g. as it stops). */
void vuart_flush(struct cell *c);

#endif /* SEPTUM_VUART_H */
