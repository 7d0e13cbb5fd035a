/*
 * The invariants every arm64 fuzz target checks after every step (check.c,
 * with core's own from core/fuzz/core_check.h):
 *
 *  - isolation: a step taken by one cell (or by the hypervisor on a CPU
 *    without one) leaves every other cell's state bit-identical -- its cell
 *    and vCPU records, virtual GIC, list registers, virtual UART, console
 *    ring, IVSHMEM devices and state table entries, registers, its CPUs --
 *    except for the legitimate cross-cell events: an interrupt raised for
 *    one of its channels or its console (and only those), the console
 *    draining its ring, typed input reaching the cell with focus;
 *  - the physical GIC is touched only for the acting cell's interrupts, the
 *    hypervisor's own, or one it just took; SPIs of a cell go to its CPUs;
 *  - interrupt state is in range: pending bits and list registers hold only
 *    interrupts the cell's config gives it, hardware-linked to the right
 *    physical one, never twice; a vCPU outside its guest holds none;
 *  - cell life: vCPU states match where each CPU is, a stopped cell has no
 *    vCPU about to start, a restart gives a clean slate (devices, UART,
 *    memory, and the distributor when its first vCPU starts);
 *  - console output: every line carries the tag of the cell whose bytes it
 *    holds, and each cell's bytes come out in order, none lost or added.
 * A violation prints what and where, and aborts (libFuzzer's crash).
 */
#ifndef FUZZ_CHECK_H
#define FUZZ_CHECK_H

#include <septum/types.h>

#include "fuzz.h"
#include "machine.h"

/* After boot: learn the config's ownership, check the initial state. */
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

/* Whether the config gives cell `cell` virtual interrupt `vintid`. */
bool check_owns(unsigned int cell, uint32_t vintid);

#endif /* FUZZ_CHECK_H */
