/*
 * septum-config: Septum's partition config tool (host program).
 *
 *   septum-config check --board BOARD.dtb [options] SYSTEM.dts
 *   septum-config dump  --board BOARD.dtb [options] SYSTEM.dts
 *   septum-config build --board BOARD.dtb --blob OUT [--cells DIR] SYSTEM.dts
 *
 * The three commands build the same outputs (in memory for check and dump),
 * so whatever `build` would refuse, `check` refuses too.
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
#include "check.h"
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
	uint64_t hyp_load, hyp_image_size;	/* 0: not checked */
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
		"  --hyp-load ADDR    where the board loads the hypervisor\n"
		"  --hyp-image-size N bytes of the hypervisor image without "
		"a partition table\n"
		"  --llc-way-size N   bytes of one way of the last-level cache, "
		"for cache\n"
		"                     colouring when the board DTB does not "
		"say (board.mk)\n"
		"The board name defaults to the board DTB's file name without "
		"\".dtb\".\n");
}

static int parse_number(const char *s, uint64_t *v)
{
	char *end;

	errno = 0;
	*v = strtoull(s, &end, 0);
	if (errno || end == s || *end != '\0') {
		fprintf(stderr, "septum-config: '%s' is not a number\n", s);
		return -1;
	}
	return 0;
}

/* build/boards/NAME.dtb -> NAME (kept in `buf`). */
static const char *name_of_board_file(const char *path, char *buf,
				      size_t size)
{
	const char *slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t len = strlen(base);

	if (len > 4 && strcmp(base + len - 4, ".dtb") == 0)
		len -= 4;
	snprintf(buf, size, "%.*s", (int)len, base);
	return buf;
}

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longs[] = {
		{ "board", required_argument, NULL, 'b' },
		{ "board-name", required_argument, NULL, 'n' },
		{ "dtc", required_argument, NULL, 'd' },
		{ "blob", required_argument, NULL, 'o' },
		{ "cells", required_argument, NULL, 'c' },
		{ "hyp-load", required_argument, NULL, 'l' },
		{ "hyp-image-size", required_argument, NULL, 's' },
		{ "llc-way-size", required_argument, NULL, 'w' },
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
		case 'l': if (parse_number(optarg, &o->hyp_load)) return -1;
			  break;
		case 's': if (parse_number(optarg, &o->hyp_image_size))
				  return -1;
			  break;
		case 'w': if (parse_number(optarg, &o->llc_way_size))
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
	if (o->board_name == NULL) {
		static char name[256];

		o->board_name = name_of_board_file(o->board, name,
						   sizeof(name));
	}
	if (strcmp(o->command, "build") == 0 && o->blob == NULL)
		return -1;
	return strcmp(o->command, "check") == 0 ||
			       strcmp(o->command, "dump") == 0 ||
			       strcmp(o->command, "build") == 0 ? 0 : -1;
}

/*
 * Generate the cells' DTBs and the blob in memory (the DTBs also written to
 * `cells` when it is not NULL), then check the hypervisor's memory against
 * its image and the blob.  Returns 0, or -1 with the errors reported.
 */
static int generate(const struct options *o, struct pipeline *p,
		    const char *cells, struct blob_out *blob)
{
	if (celldt_generate_all(p->sys, &p->board, cells) != 0)
		return -1;
	if (blobgen_build(p->sys, &p->board, blob) != 0)
		return -1;
	if (o->hyp_image_size)
		check_hyp_image(p->sys, &p->board, o->hyp_load,
				o->hyp_image_size, blob->size);
	if (diag_errors() == 0)
		return 0;
	blobgen_free(blob);
	return -1;
}

static int run(const struct options *o, const void *board_dtb,
	       size_t board_size, const struct dtc_output *sys)
{
	struct pipeline p = { .llc_way_size = o->llc_way_size };
	struct blob_out blob = { 0 };
	int build = strcmp(o->command, "build") == 0;
	int rc = EXIT_INVALID;

	srcmap_load(sys->annotated, (struct loc){ o->system, 0 });
	pipeline_check(&p, board_dtb, board_size, o->board, sys->dtb,
		       o->system, o->board_name);
	if (diag_errors() == 0 &&
	    generate(o, &p, build ? o->cells : NULL, &blob) == 0)
		rc = 0;
	diag_flush(stderr);
	if (rc == 0 && strcmp(o->command, "dump") == 0)
		dump_system(stdout, p.sys, &p.board);
	if (rc == 0 && build &&
	    write_file(o->blob, blob.data, blob.size) != 0) {
		fprintf(stderr, "septum-config: cannot write %s: %s\n", o->blob,
			strerror(errno));
		rc = EXIT_INVALID;
	}
	blobgen_free(&blob);
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
		diag_flush(stderr);
		free(board);
		return EXIT_INVALID;
	}
	rc = run(&o, board, board_size, &sys);
	dtc_output_free(&sys);
	free(board);
	return rc;
}
