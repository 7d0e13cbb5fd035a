/* Internal interface between the system tree reader's files. */
#ifndef CONFIG_SYSTEM_INT_H
#define CONFIG_SYSTEM_INT_H

#include "fdtprop.h"
#include "model.h"

/* Read the cell at `node` (a child of /cells) into a new entry of sys. */
void system_read_cell(struct m_system *sys, const void *fdt, int node);

/* Report every subnode of ctx's node not named in `known` (NULL-terminated). */
void check_subnodes(const struct node_ctx *ctx, const char *const *known);

#endif /* CONFIG_SYSTEM_INT_H */
