/*
 * The virtual PL011 each cell with a console sees: its end of the console
 * mux (septum/mux.h).
 */
#ifndef SEPTUM_VUART_H
#define SEPTUM_VUART_H

#include <septum/cell.h>
#include <septum/vm.h>

/* Page size of the emulated register block. */
#define VUART_SIZE 0x1000

/* Emulate one access at `offset` into cell c's UART page (any CPU). */
void vuart_access(struct cell *c, uint64_t offset, struct vm_access *a);

/* A byte of console input for cell c (the mux routes it).  Any CPU. */
void vuart_receive(struct cell *c, uint8_t byte);

/* The mux wrote some of cell c's output: room again, maybe an interrupt. */
void vuart_tx_progress(struct cell *c);

/* The UART as after reset (the cell starts or restarts). */
void vuart_reset(struct cell *c);

#endif /* SEPTUM_VUART_H */
