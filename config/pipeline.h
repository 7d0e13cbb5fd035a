/*
 * The checking pipeline shared by the command line and the fuzz targets:
 * board facts, system tree, resolution, checks.
 */
#ifndef CONFIG_PIPELINE_H
#define CONFIG_PIPELINE_H

#include <stddef.h>

#include "board.h"
#include "model.h"

struct pipeline {
	uint64_t llc_way_size;	/* in: the board.mk's LLC way size, or 0 */
	struct board board;
	struct m_system *sys;	/* allocated by pipeline_check() */
};

/*
 * Load the board DTB (`board_size` bytes from `board_file`), read the compiled
 * system tree `sys_fdt` (source map already loaded), resolve and check it.
 * `board_name` as for check_system().  p->llc_way_size is the last-level
 * cache geometry the board gives outside its DT (0: none).  Returns the number of errors recorded
 * (messages stay in diag for the caller to flush).
 */
unsigned int pipeline_check(struct pipeline *p, const void *board_dtb,
			    size_t board_size, const char *board_file,
			    const void *sys_fdt, const char *sys_file,
			    const char *board_name);

/* Free what pipeline_check() allocated. */
void pipeline_free(struct pipeline *p);

#endif /* CONFIG_PIPELINE_H */
