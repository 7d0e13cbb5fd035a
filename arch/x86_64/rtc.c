/*
 * The PC's real-time clock (an MC146818: register index written to port
 * 0x70, the register read or written at port 0x71) as a cell that does not
 * own those ports sees it: the machine's own clock, read-only.  Its clock
 * and calendar registers, the status registers A (update in progress), B
 * (the format) and D (valid time) read the hardware's values; register C
 * (reading it clears the chip's interrupt flags, which are not the cell's)
 * and the battery-backed RAM beyond read as all ones, as an absent chip's
 * would, and writes to any of them are dropped: no cell sets the machine's
 * clock, nor takes its interrupt (the FADT of a Linux cell says it has no
 * RTC device).  So Linux reads the date at boot instead of waiting a second
 * for an update-in-progress bit that never clears.
 *
 * The index is each cell's own; the hardware's is written under one lock
 * just before each read.  A system that gives either port to a cell leaves
 * the chip to that cell alone: every other cell then sees no clock.
 */
#include <arch/pio.h>
#include <arch/svm.h>
#include <septum/cell.h>
#include <septum/spinlock.h>
#include <septum/vm.h>

#define RTC_INDEX 0x70
#define RTC_DATA 0x71
#define INDEX_MASK 0x7fu	/* bit 7 of the index port masks the NMI */
#define REG_C 0x0cu
#define REG_D 0x0du

static struct spinlock chip_lock;
static uint8_t cell_index[SEPTUM_MAX_CELLS];

/* Whether some cell of the system has the chip's ports as its own. */
static bool owned(void)
{
	for (unsigned int i = 0; i < cell_count(); i++) {
		const struct septum_cell *cfg = cell_get(i)->cfg;

		for (unsigned int p = 0; p < cfg->num_pio; p++)
			if (cfg->pio[p].base <= RTC_DATA &&
			    cfg->pio[p].base + cfg->pio[p].size > RTC_INDEX)
				return true;
	}
	return false;
}

bool rtc_access(const struct cell *c, struct vm_access *a)
{
	unsigned int reg;

	if (a->size != 1 || (a->addr != RTC_INDEX && a->addr != RTC_DATA) ||
	    (a->addr == RTC_INDEX) != a->write || owned())
		return false;
	if (a->write) {
		cell_index[c->index] = (uint8_t)(a->value & INDEX_MASK);
		return true;
	}
	reg = cell_index[c->index];
	if (reg > REG_D || reg == REG_C) {
		a->value = 0xff;
		return true;
	}
	spin_lock(&chip_lock);
	pio_write8(RTC_INDEX, (uint8_t)reg);
	a->value = pio_read8(RTC_DATA);
	spin_unlock(&chip_lock);
	return true;
}
