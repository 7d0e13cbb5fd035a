/*
 * The invariants every core fuzz target checks after every step (check.c,
 * over core_check.h):
 *
 *  - isolation: a step taken by one cell (or by the hypervisor on a CPU
 *    without one) leaves every other cell's state bit-identical -- its cell
 *    and vCPU records, virtual UART, console output and input, IVSHMEM
 *    devices and state table entries, its CPUs' registers, states and
 *    timers -- except for the legitimate cross-cell events: an interrupt
 *    raised for one of its channels or its console, the console draining
 *    its output, typed input reaching the cell with focus;
 *  - every interrupt core raises in a cell is one of that cell's devices';
 *  - cell life: vCPU states match where each CPU is, a stopped cell has no
 *    vCPU about to start, power-off only once every cell has stopped, a
 *    restart gives a clean slate (devices, console input, vCPUs, memory
 *    holding exactly its images);
 *  - console output: every line carries the tag of the cell whose bytes it
 *    holds, and each cell's bytes come out in order, none lost or added.
 * A violation prints what and where (check_fail(), fuzz.h) and aborts.
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include "machine.h"

/* After boot: check the initial state. */
void check_boot(void);

/*
 * Around one step.  `actor`: the cell whose guest caused it, or M_NO_CELL
 * when the hypervisor acts on its own (a CPU without a cell).  `world`: no
 * hypervisor code runs, only the outside world changes (a device raises an
 * interrupt, time passes): the step has no one to hold to isolation.
 */
void check_begin(int actor, bool world);
void check_end(void);

/* End of input: every cell's memory is as its images left it. */
void check_finish(void);

#endif /* FUZZ_CHECK_H */
