/*
 * libFuzzer target: the config tool's board-DTB reading and every check that
 * consults the board, on arbitrary (and mutated real) DTBs.  The system side
 * is fixed: the DTS named by $SEPTUM_FUZZ_SYSTEM, compiled once with dtc.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diag.h"
#include "dtc.h"
#include "pipeline.h"
#include "srcmap.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct dtc_output sys;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("SEPTUM_FUZZ_SYSTEM");

	(void)argc;
	(void)argv;
	if (path == NULL || dtc_compile("dtc", path, &sys) != 0) {
		fprintf(stderr, "fuzz_board_dtb: set SEPTUM_FUZZ_SYSTEM to a "
			"system DTS that dtc compiles\n");
		exit(1);
	}
	srcmap_load(sys.annotated, (struct loc){ path, 0 });
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pipeline p = { 0 };
	/* libfdt wants the tree 8-byte aligned, as a loaded DTB would be. */
	void *copy = aligned_alloc(8, (size + 8u) & ~(size_t)7u);

	memcpy(copy, data, size);
	pipeline_check(&p, copy, size, "board.dtb", sys.dtb, "system.dts",
		       NULL);
	diag_reset();
	pipeline_free(&p);
	free(copy);
	return 0;
}
