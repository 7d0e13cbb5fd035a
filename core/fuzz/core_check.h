/*
 * Core's own state and invariants, as every fuzz machine checks them: the
 * host machine under core's device fuzzers (core/fuzz/) and an arch's fake
 * machine under its own (arch/<arch>/fuzz/).  The devices' state is read
 * through their internal header (core/vdev/vdev_int.h), the rest through
 * core's interfaces; the bytes each cell puts on the console through a
 * wrapper of mux_put() (the fuzz targets link with -Wl,--wrap=mux_put).
 */
#ifndef FUZZ_CORE_CHECK_H
#define FUZZ_CORE_CHECK_H

#include <septum/cell.h>

#include "../vdev/vdev_int.h"

/* A cell's state in core, as far as another cell's step must not change it. */
struct core_snap {
	struct cell cell;
	struct pl011_state uart;
	uint64_t queued;	/* console bytes it ever queued */
	unsigned int rx;	/* console input waiting for it */
	struct ivshmem_dev dev[SEPTUM_MAX_CHANNELS][SEPTUM_MAX_PEERS];
	uint32_t table[SEPTUM_MAX_CHANNELS][SEPTUM_MAX_PEERS];
};

/* A new input, on a freshly built system: forget what the console carried. */
void core_check_boot(void);

/*
 * Cell c's state, with what others may legitimately change cleared: its
 * UART's interrupt line, the events pending in its IVSHMEM devices and
 * their one-shot interrupt enables.
 */
void core_snap(unsigned int c, struct core_snap *s);

/*
 * What two snapshots of one cell differ in, as a phrase for the report, or
 * NULL.  `input`: console input was read in between (it may have reached
 * the cell with focus).
 */
const char *core_snap_diff(const struct core_snap *a, const struct core_snap *b,
			   bool input);

/*
 * Whether cell c may see interrupt vintid raised by what another cell or
 * the hypervisor did: its UART's, or one of its channels'.
 */
bool core_event_intid(unsigned int c, uint32_t vintid);

/* Every channel's state table says what each peer's device holds. */
void core_check_tables(void);

/*
 * Cell c restarted: its IVSHMEM devices and state table entries as new, no
 * console input waiting for it.
 */
void core_check_restarted(unsigned int c);

/*
 * The console's output so far (`len` bytes at `out`; `truncated`: the
 * capture stopped): every line carries the tag of the cell whose bytes it
 * holds, and each cell's bytes come out in the order it queued them, none
 * lost or added.
 */
void core_check_console(const char *out, size_t len, bool truncated);

/* mux_put() as the code under test calls it: recorded, then done. */
size_t __wrap_mux_put(unsigned int src, const char *bytes, size_t n);
size_t __real_mux_put(unsigned int src, const char *bytes, size_t n);

#endif /* FUZZ_CORE_CHECK_H */
