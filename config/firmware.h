/*
 * Firmware calls a cell may forward (a cell's `firmware { }` node): reading
 * them, working out which firmware resources (clocks, resets, power nodes)
 * are the cell's alone, checking them, and filling the blob's table.  See
 * docs/boards.md, "Firmware calls".
 */
#ifndef CONFIG_FIRMWARE_H
#define CONFIG_FIRMWARE_H

#include <septum/abi/config.h>

#include "board.h"
#include "fdtprop.h"
#include "model.h"

/* Read the `firmware` child of the cell at ctx (if any) into c. */
void firmware_read(struct m_cell *c, const struct node_ctx *ctx);

/*
 * Give each cell that lists calls naming resources the resources only its
 * devices use, and check every cell's calls (errors and warnings at their
 * lines).  After resolve_system().
 */
void firmware_resolve_and_check(struct m_system *sys, const struct board *b);

/* The cell's table for the blob. */
void firmware_fill(struct septum_firmware *out, const struct m_cell *c);

#endif /* CONFIG_FIRMWARE_H */
