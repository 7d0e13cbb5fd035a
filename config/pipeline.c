/* The checking pipeline; see pipeline.h. */
#include <libfdt.h>
#include <stdlib.h>

#include "check.h"
#include "diag.h"
#include "firmware.h"
#include "pipeline.h"
#include "resolve.h"
#include "system.h"
#include "util.h"

unsigned int pipeline_check(struct pipeline *p, const void *board_dtb,
			    size_t board_size, const char *board_file,
			    const void *sys_fdt, const char *sys_file,
			    const char *board_name)
{
	unsigned int before = diag_errors();

	p->sys = xcalloc(1, sizeof(*p->sys));
	p->sys->file = sys_file;
	p->sys->uart_node = -1;
	if (board_load(&p->board, board_dtb, board_size, board_file) != 0 ||
	    (p->llc_way_size &&
	     board_set_llc_way(&p->board, p->llc_way_size) != 0))
		return diag_errors() - before;
	/* (libfdt 1.6's fdt_check_full() crashes on some pre-v16 trees.) */
	if (fdt_version(sys_fdt) < 16 ||
	    fdt_check_full(sys_fdt, fdt_totalsize(sys_fdt)) != 0) {
		diag_error((struct loc){ sys_file, 0 }, "dtc produced an "
			   "invalid device tree");
		return diag_errors() - before;
	}
	system_read(p->sys, sys_fdt, &p->board);
	if (!check_board_name(p->sys, board_name))
		return diag_errors() - before;
	resolve_system(p->sys, &p->board);
	check_system(p->sys, &p->board, board_name);
	firmware_resolve_and_check(p->sys, &p->board);
	return diag_errors() - before;
}

void pipeline_free(struct pipeline *p)
{
	if (p->sys) {
		system_free(p->sys);
		free(p->sys);
	}
	p->sys = NULL;
}
