/*
 * septum-config: Septum's partition config tool (host program).
 *
 *   septum-config check --board BOARD.dtb [options] SYSTEM.dts
 *   septum-config dump  --board BOARD.dtb [options] SYSTEM.dts
 *   septum-config build --board BOARD.dtb --blob OUT [--cells DIR] SYSTEM.dts
 *
 * Exit status: 0 when the system is valid (warnings allowed), 1 when any error
 * was reported, 2 on usage or environment problems.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "blobgen.h"
#include "celldt.h"
#include "diag.h"
#include "dtc.h"
#include "dump.h"
#include "pipeline.h"
#include "srcmap.h"
#include "util.h"

#define EXIT_INVALID 1
#define EXIT_USAGE 2

struct options {
	const char *command;
	const char *board;
	const char *board_name;
	const char *dtc;
	const char *blob;
	const char *cells;
	const char *system;
	uint64_t llc_way_size;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: septum-config check|dump|build [options] SYSTEM.dts\n"
		"  --board FILE       the board's DTB (required)\n"
		"  --board-name NAME  the board being built (checked against "
		"the system's board)\n"
		"  --dtc PROGRAM      device tree compiler (default: dtc)\n"
		"  --blob FILE        build: where to write the config blob\n"
		"  --cells DIR        build: where to write the cells' DTBs\n"
		"  --llc-way-size N   bytes of one way of the last-level cache, "
		"for cache\n"
		"                     colouring when the board DTB does not "
		"say (board.mk)\n");
}

/* A number as C writes it (0x... or decimal), all of the argument. */
static int parse_size(const char *arg, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(arg, &end, 0);
	return errno != 0 || end == arg || *end != '\0' ? -1 : 0;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "board-name", required_argument, NULL, 'n' },
		{ "dtc", required_argument, NULL, 'd' },
		{ "blob", required_argument, NULL, 'o' },
		{ "cells", required_argument, NULL, 'c' },
		{ "llc-way-size", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->dtc = "dtc";
	while ((ch = getopt_long(argc, argv, "", longs, NULL)) != -1) {
		switch (ch) {
		case 'b': o->board = optarg; break;
		case 'n': o->board_name = optarg; break;
		case 'd': o->dtc = optarg; break;
		case 'o': o->blob = optarg; break;
		case 'c': o->cells = optarg; break;
		case 'l': if (parse_size(optarg, &o->llc_way_size) != 0)
				return -1;
			  break;
		case 'h': usage(stdout); exit(0);
		default: return -1;
		}
	}
	if (argc - optind != 2 || o->board == NULL)
		return -1;
	o->command = argv[optind];
	o->system = argv[optind + 1];
	if (strcmp(o->command, "build") == 0 && o->blob == NULL)
		return -1;
	return strcmp(o->command, "check") == 0 ||
			       strcmp(o->command, "dump") == 0 ||
			       strcmp(o->command, "build") == 0 ? 0 : -1;
}

/* Write the outputs of `build`; returns 0 or -1 (errors reported). */
static int build_outputs(const struct options *o, struct pipeline *p)
{
	struct blob_out blob;
	int rc = -1;

	if (celldt_generate_all(p->sys, &p->board, o->cells) != 0)
		return -1;
	if (blobgen_build(p->sys, &p->board, &blob) != 0)
		return -1;
	if (write_file(o->blob, blob.data, blob.size) != 0)
		fprintf(stderr, "septum-config: cannot write %s: %s\n", o->blob,
			strerror(errno));
	else
		rc = 0;
	blobgen_free(&blob);
	return rc;
}

static int run(const struct options *o, const void *board_dtb,
	       size_t board_size, const struct dtc_output *sys)
{
	struct pipeline p = { .llc_way_size = o->llc_way_size };
	int rc = 0;

	srcmap_load(sys->annotated, (struct loc){ o->system, 0 });
	pipeline_check(&p, board_dtb, board_size, o->board, sys->dtb,
		       o->system, o->board_name);
	diag_flush(stderr);
	if (diag_errors() != 0)
		rc = EXIT_INVALID;
	else if (strcmp(o->command, "dump") == 0)
		dump_system(stdout, p.sys, &p.board);
	else if (strcmp(o->command, "build") == 0 &&
		 build_outputs(o, &p) != 0)
		rc = EXIT_INVALID;
	diag_flush(stderr);
	pipeline_free(&p);
	srcmap_free();
	return rc;
}

int main(int argc, char **argv)
{
	struct options o;
	struct dtc_output sys;
	void *board;
	size_t board_size;
	int rc;

	if (parse_options(argc, argv, &o) != 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	board = read_file(o.board, &board_size);
	if (board == NULL) {
		fprintf(stderr, "septum-config: cannot read board DTB %s: %s\n",
			o.board, strerror(errno));
		return EXIT_USAGE;
	}
	if (dtc_compile(o.dtc, o.system, &sys) != 0) {
		free(board);
		return EXIT_INVALID;
	}
	rc = run(&o, board, board_size, &sys);
	dtc_output_free(&sys);
	free(board);
	return rc;
}
