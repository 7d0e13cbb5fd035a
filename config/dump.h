/* `septum-config dump`: the resolved partition table, for humans. */
#ifndef CONFIG_DUMP_H
#define CONFIG_DUMP_H

#include <stdio.h>

#include "board.h"
#include "model.h"

/* Print the resolved, checked system to `out`: every address the tool chose
 * or derived is shown, so this is what the hypervisor will do. */
void dump_system(FILE *out, const struct m_system *sys,
		 const struct board *board);

#endif /* CONFIG_DUMP_H */
