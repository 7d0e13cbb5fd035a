/*
 * Reading the system tree: root, hypervisor and channels (cells are read in
 * system_cell.c).  See docs/config.md for the binding.
 */
#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcmap.h"
#include "system.h"
#include "system_int.h"
#include "util.h"

#define CELL_BYTES 4
#define RAM_ENTRY_CELLS 4	/* <addr-hi addr-lo size-hi size-lo> */

static const char *const root_props[] = {
	"board", "board-memory", "compatible", "model", "#address-cells",
	"#size-cells", NULL,
};
static const char *const hyp_props[] = { "base", "size", "console",
					 "log-level", "cache-colors", NULL };
static const char *const channel_props[] = { "base", "size", "output-size",
					     NULL };
static const char *const peer_props[] = { "access", "guest-base", "registers",
					  "interrupt", NULL };

void check_subnodes(const struct node_ctx *ctx, const char *const *known)
{
	int node;

	fdt_for_each_subnode(node, ctx->fdt, ctx->node) {
		const char *name = fdt_get_name(ctx->fdt, node, NULL);
		const char *const *k;
		char path[1280];

		for (k = known; *k && strcmp(*k, name) != 0; k++)
			;
		if (*k)
			continue;
		snprintf(path, sizeof(path), "%s/%s",
			 strcmp(ctx->path, "/") ? ctx->path : "", name);
		diag_error(srcmap_find(path, NULL), "%s has an unknown node "
			   "'%s'", ctx->what, name);
	}
}

/* board-memory: RAM the board DT leaves to the bootloader (size 0 there). */
static void read_board_memory(const struct node_ctx *ctx, struct board *b)
{
	int len, i;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, "board-memory",
				       &len);

	if (p == NULL)
		return;
	if (len == 0 || len % (RAM_ENTRY_CELLS * CELL_BYTES) != 0) {
		diag_error(prop_loc(ctx, "board-memory"), "'board-memory' must "
			   "list <base-hi base-lo size-hi size-lo> entries");
		return;
	}
	for (i = 0; i < len / CELL_BYTES && b->num_ram < BOARD_MAX_RAM;
	     i += RAM_ENTRY_CELLS) {
		b->ram[b->num_ram].base = board_read_cells(p + i, 2);
		b->ram[b->num_ram].size = board_read_cells(p + i + 2, 2);
		b->num_ram++;
	}
}

static const char *const level_names[] = { "error", "warn", "info", "debug",
					   NULL };
static const uint32_t level_values[] = { SEPTUM_LOG_ERROR, SEPTUM_LOG_WARN,
					 SEPTUM_LOG_INFO, SEPTUM_LOG_DEBUG };

/* Its cache-colors: a list of colour numbers, checked by colour.c. */
static void read_hyp_colours(struct m_system *sys, const struct node_ctx *ctx)
{
	int len, i;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, "cache-colors",
				       &len);

	if (p == NULL)
		return;
	sys->hyp_coloured = 1;
	sys->hyp_colours_loc = prop_loc(ctx, "cache-colors");
	if (len == 0 || len % (int)sizeof(fdt32_t) != 0) {
		diag_error(sys->hyp_colours_loc, "'cache-colors' of the "
			   "hypervisor must be a list of cache colour numbers, "
			   "like <15>");
		return;
	}
	for (i = 0; i < len / (int)sizeof(fdt32_t) &&
		    sys->num_hyp_colour_list < MODEL_MAX; i++)
		sys->hyp_colour_list[sys->num_hyp_colour_list++] =
			fdt32_to_cpu(p[i]);
}

static void read_hypervisor(struct m_system *sys, const void *fdt)
{
	int node = fdt_path_offset(fdt, "/hypervisor");
	struct node_ctx ctx;
	const char *uart = NULL;

	if (node < 0) {
		sys->hyp_malformed = 1;
		diag_error((struct loc){ sys->file, 0 }, "the system has no "
			   "/hypervisor node");
		return;
	}
	node_ctx_init(&ctx, fdt, node, "the hypervisor");
	sys->hyp_loc = node_loc(&ctx);
	check_known_props(&ctx, hyp_props);
	check_subnodes(&ctx, (const char *const[]){ NULL });
	sys->hyp_malformed = get_u64(&ctx, "base", 1, &sys->hyp_pa) <= 0;
	sys->hyp_malformed |= get_u64(&ctx, "size", 1, &sys->hyp_size) < 0;
	sys->hyp_mem_loc = prop_loc(&ctx, "base");
	sys->hyp_size_loc = prop_loc(&ctx, "size");
	/* "none": no console UART for the hypervisor (a cell may own it). */
	if (get_string(&ctx, "console", 1, &uart) > 0 && strcmp(uart, "none") == 0)
		sys->no_console = 1;
	else if (uart)
		sys->uart_ref = xstrdup(uart);
	sys->uart_loc = prop_loc(&ctx, "console");
	sys->log_level = SEPTUM_LOG_INFO;
	get_enum(&ctx, "log-level", level_names, level_values, &sys->log_level);
	read_hyp_colours(sys, &ctx);
}

static const char *const access_names[] = { "read-write", "read-only", NULL };
static const uint32_t access_values[] = {
	SEPTUM_PEER_READ | SEPTUM_PEER_WRITE, SEPTUM_PEER_READ };

static void read_peer(struct m_channel *ch, const struct node_ctx *ch_ctx,
		      int node)
{
	struct m_peer *p;
	struct node_ctx ctx;

	if (ch->num_peers == MODEL_MAX)
		return;
	p = &ch->peers[ch->num_peers++];
	snprintf(p->name, sizeof(p->name), "%s",
		 fdt_get_name(ch_ctx->fdt, node, NULL));
	node_ctx_init(&ctx, ch_ctx->fdt, node, "peer '%s' of %s", p->name,
		      ch_ctx->what);
	p->loc = node_loc(&ctx);
	p->cell = -1;
	p->pci_slot = SEPTUM_NONE;
	check_known_props(&ctx, peer_props);
	p->rights = SEPTUM_PEER_READ | SEPTUM_PEER_WRITE;
	get_enum(&ctx, "access", access_names, access_values, &p->rights);
	p->has_ipa = get_u64(&ctx, "guest-base", 0, &p->ipa) > 0;
	p->ipa_loc = prop_loc(&ctx, "guest-base");
	p->has_regs = get_u64(&ctx, "registers", 0, &p->regs_ipa) > 0;
	p->regs_loc = prop_loc(&ctx, "registers");
	p->vintid_given = get_spi(&ctx, "interrupt", &p->vintid) > 0;
	p->vintid_loc = prop_loc(&ctx, "interrupt");
}

static void read_channel(struct m_system *sys, const void *fdt, int node)
{
	struct m_channel *ch;
	struct node_ctx ctx;
	int peer;

	if (sys->num_channels == MODEL_MAX)
		return;
	ch = &sys->channels[sys->num_channels++];
	snprintf(ch->name, sizeof(ch->name), "%s",
		 fdt_get_name(fdt, node, NULL));
	node_ctx_init(&ctx, fdt, node, "channel '%s'", ch->name);
	ch->loc = node_loc(&ctx);
	check_known_props(&ctx, channel_props);
	/* Without a base the tool places it in free board RAM. */
	ch->malformed = get_u64(&ctx, "base", 0, &ch->pa) < 0;
	ch->pa_placed = !has_prop(&ctx, "base");
	ch->malformed |= get_u64(&ctx, "size", 1, &ch->size) <= 0;
	ch->size_loc = prop_loc(&ctx, "size");
	ch->pa_loc = ch->pa_placed ? ch->size_loc : prop_loc(&ctx, "base");
	ch->malformed |= get_u64(&ctx, "output-size", 0, &ch->out_size) < 0;
	ch->out_loc = prop_loc(&ctx, "output-size");
	fdt_for_each_subnode(peer, fdt, node)
		read_peer(ch, &ctx, peer);
}

/* Apply fn to each child of the root-level container `name`. */
static void read_container(struct m_system *sys, const void *fdt,
			   const char *name,
			   void (*fn)(struct m_system *, const void *, int))
{
	int container = fdt_subnode_offset(fdt, 0, name), node;
	struct node_ctx ctx;

	if (container < 0)
		return;
	node_ctx_init(&ctx, fdt, container, "'/%s'", name);
	check_known_props(&ctx, (const char *const[]){ NULL });
	fdt_for_each_subnode(node, fdt, container)
		fn(sys, fdt, node);
}

/* Whether p[0..len) is one or more non-empty NUL-terminated strings. */
static bool is_string_list(const char *p, int len)
{
	if (!p || len < 2 || p[len - 1] != '\0' || p[0] == '\0')
		return false;
	for (int i = 1; i < len; i++) {
		if (p[i] == '\0' && p[i - 1] == '\0')
			return false;
	}
	return true;
}

static void read_root(struct m_system *sys, const void *fdt,
		      struct board *board)
{
	struct node_ctx ctx;
	const char *boards, *unused;
	int len = 0;

	node_ctx_init(&ctx, fdt, 0, "the system");
	check_known_props(&ctx, root_props);
	check_subnodes(&ctx, (const char *const[]){ "hypervisor", "cells",
						    "channels", NULL });
	boards = fdt_getprop(fdt, 0, "board", &len);
	if (is_string_list(boards, len)) {
		sys->board_names_len = len;
		sys->board_names = xmalloc((size_t)len);
		memcpy(sys->board_names, boards, (size_t)len);
		sys->board_name = xstrdup(sys->board_names);
	} else {
		/* Absent or malformed: get_string() says which. */
		(void)get_string(&ctx, "board", 1, &unused);
	}
	sys->board_loc = prop_loc(&ctx, "board");
	read_board_memory(&ctx, board);
}

unsigned int system_read(struct m_system *sys, const void *fdt,
			 struct board *board)
{
	unsigned int before = diag_errors();

	read_root(sys, fdt, board);
	read_hypervisor(sys, fdt);
	read_container(sys, fdt, "cells", system_read_cell);
	read_container(sys, fdt, "channels", read_channel);
	return diag_errors() - before;
}

void system_free(struct m_system *sys)
{
	uint32_t i, k;

	free(sys->board_name);
	free(sys->board_names);
	free(sys->uart_ref);
	for (i = 0; i < sys->num_cells; i++) {
		struct m_cell *c = &sys->cells[i];

		free(c->bootargs);
		free(c->gen_dtb);
		free(c->runs);
		for (k = 0; k < c->num_images; k++) {
			free(c->images[k].file);
			free(c->images[k].data);
		}
		for (k = 0; k < c->num_devices; k++)
			free(c->devices[k].ref);
	}
}
