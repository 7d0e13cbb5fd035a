/*
 * libFuzzer target: the config tool's reading of a compiled system tree
 * (system.c, system_cell.c) and everything after it -- resolution against
 * the board, the checks, and for a system that passes them the dump, the
 * cells' generated device trees and the blob -- on arbitrary (and mutated
 * real) system DTBs.  The tool compiles a system DTS with dtc first; the
 * fuzzer feeds what dtc would hand over.  The board is fixed: the DTB named
 * by $SEPTUM_FUZZ_BOARD.
 *
 * Invariant beyond the sanitizers: a system the checks accept gives a blob
 * the hypervisor's own verifier (blob_verify()) accepts.
 *
 * Image files named by the system are not read from the disk: read_file()
 * is wrapped (-Wl,--wrap=read_file) to hand back a small image for any path
 * not containing "missing", so runs are repeatable and never touch files.
 */
#include <errno.h>
#include <libfdt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <septum/blob.h>

#include "blobgen.h"
#include "celldt.h"
#include "diag.h"
#include "dump.h"
#include "pipeline.h"
#include "srcmap.h"
#include "util.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void *__wrap_read_file(const char *path, size_t *size);
void *__real_read_file(const char *path, size_t *size);

#define FAKE_IMAGE_SIZE 8192u
#define MIN_TREE 64u	/* room for a header, whatever the input */

static void *board;
static size_t board_size;
static FILE *sink;

void *__wrap_read_file(const char *path, size_t *size)
{
	uint8_t *image;

	if (strstr(path, "missing")) {
		errno = ENOENT;
		return NULL;
	}
	image = xcalloc(1, FAKE_IMAGE_SIZE);
	for (size_t i = 0; i < FAKE_IMAGE_SIZE; i++)
		image[i] = (uint8_t)(i * 13u);
	*size = FAKE_IMAGE_SIZE;
	return image;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *path = getenv("SEPTUM_FUZZ_BOARD");

	(void)argc;
	(void)argv;
	/* (The real read_file: the wrapped one hands out fake images.) */
	board = path ? __real_read_file(path, &board_size) : NULL;
	sink = fopen("/dev/null", "w");
	if (board == NULL || sink == NULL) {
		fprintf(stderr, "fuzz_system_dtb: set SEPTUM_FUZZ_BOARD to a "
			"board DTB\n");
		exit(1);
	}
	srcmap_load("", (struct loc){ "system.dts", 0 });
	return 0;
}

/* An accepted system: its outputs, and the blob must verify. */
static void build(struct pipeline *p)
{
	struct blob_out blob;
	struct blob_fault fault;

	dump_system(sink, p->sys, &p->board);
	if (celldt_generate_all(p->sys, &p->board, NULL) != 0)
		return;
	/* blobgen_build() verifies the blob itself: a failure there is an
	 * accepted system the hypervisor would refuse, or a tool error. */
	if (blobgen_build(p->sys, &p->board, &blob) != 0) {
		fprintf(stderr, "fuzz_system_dtb: the checks accepted a system "
			"the blob could not be built for\n");
		abort();
	}
	if (blob_verify(blob.data, blob.size, &fault) != E_OK) {
		fprintf(stderr, "fuzz_system_dtb: the checks accepted a system "
			"whose blob the hypervisor refuses: %s (%u)\n",
			blob_check_str(fault.check), fault.where);
		abort();
	}
	blobgen_free(&blob);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pipeline p = { 0 };
	size_t len = size < MIN_TREE ? MIN_TREE : size;
	/* libfdt wants the tree 8-byte aligned, as dtc's output would be. */
	uint8_t *tree = aligned_alloc(8, (len + 7u) & ~(size_t)7u);
	uint32_t total = (uint32_t)size;

	memset(tree, 0, len);
	memcpy(tree, data, size);
	/* The header's size is the bytes there are: dtc's output says so. */
	if (size >= 8)
		fdt_set_totalsize(tree, total);
	if (pipeline_check(&p, board, board_size, "board.dtb", tree,
			   "system.dts", NULL) == 0)
		build(&p);
	diag_reset();
	pipeline_free(&p);
	free(tree);
	return 0;
}
