/*
 * Reading one cell node of the system tree: CPUs, memory regions, images,
 * devices, console, policy.  See docs/config.md for the binding.
 */
#include <libfdt.h>
#include <stdio.h>
#include <string.h>

#include "fdtprop.h"
#include "srcmap.h"
#include "firmware.h"
#include "system_int.h"
#include "util.h"

#define CELL_BYTES 4

static const char *const cell_props[] = {
	"cpus", "os", "bootargs", "fault-policy", "console-focus", "devices",
	"pci-devices",
	"dtb-address", "cache-colors", "console", NULL,
};
static const char *const region_props[] = { "base", "size", "guest-base",
					    "attributes", NULL };
static const char *const image_props[] = { "file", "load-address", "entry",
					   "arch", "max-size", "preloaded",
					   NULL };
static const char *const console_props[] = { "address", "interrupt", NULL };
static const char *const pci_props[] = { "ecam", "window", "window-size",
					 NULL };

static void read_cpus(struct m_cell *c, const struct node_ctx *ctx)
{
	int len, i;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, "cpus", &len);

	c->cpus_loc = prop_loc(ctx, "cpus");
	if (p == NULL)
		return;	/* "no CPU" is reported by the checks */
	if (fdtprop_wrong_form(ctx, "cpus", SRCMAP_CELLS)) {
		diag_error(c->cpus_loc, "'cpus' of %s is %s; it must be a list "
			   "of board CPU numbers, like <1 2>", ctx->what,
			   fdtprop_wrong_form(ctx, "cpus", SRCMAP_CELLS));
		c->num_cpus = 1;	/* no follow-on "has no CPU" */
		c->cpus[0] = 0;
		return;
	}
	if (len % CELL_BYTES != 0) {
		diag_error(c->cpus_loc, "'cpus' of %s must be a list of board "
			   "CPU numbers, like <1 2>", ctx->what);
		return;
	}
	for (i = 0; i < len / CELL_BYTES && c->num_cpus < MODEL_MAX; i++)
		c->cpus[c->num_cpus++] = fdt32_to_cpu(p[i]);
}

static const char *const attr_names[] = { "read", "write", "exec", "dma",
					  NULL };
static const uint32_t attr_flags[] = { SEPTUM_MEM_READ, SEPTUM_MEM_WRITE,
				       SEPTUM_MEM_EXEC, SEPTUM_MEM_DMA };

static uint32_t read_attributes(const struct node_ctx *ctx)
{
	int len, i, n;
	const char *p = fdt_getprop(ctx->fdt, ctx->node, "attributes", &len);
	uint32_t flags = 0;

	if (p == NULL)
		return SEPTUM_MEM_READ | SEPTUM_MEM_WRITE | SEPTUM_MEM_EXEC;
	n = fdt_stringlist_count(ctx->fdt, ctx->node, "attributes");
	if (fdtprop_wrong_form(ctx, "attributes", SRCMAP_STRING))
		n = 0;	/* reported just below */
	if (n <= 0)
		diag_error(prop_loc(ctx, "attributes"), "'attributes' of %s "
			   "must be a list of strings", ctx->what);
	for (i = 0; i < n; i++) {
		const char *a = fdt_stringlist_get(ctx->fdt, ctx->node,
						   "attributes", i, NULL);
		int k;

		if (a == NULL)
			break;
		for (k = 0; attr_names[k] && strcmp(a, attr_names[k]) != 0; k++)
			;
		if (attr_names[k])
			flags |= attr_flags[k];
		else	/* all rights: no follow-on errors from this one */
			flags |= SEPTUM_MEM_ALL_FLAGS;
		if (!attr_names[k])
			diag_error(prop_loc(ctx, "attributes"), "%s has an "
				   "unknown attribute \"%s\"; expected \"read\", "
				   "\"write\", \"exec\" or \"dma\"", ctx->what, a);
	}
	return flags;
}

/*
 * A region of a coloured cell: the tool picks its pages, so it has a guest
 * base and a size, and no physical base.
 */
static void read_coloured_region(struct m_region *r, const struct node_ctx *ctx)
{
	if (has_prop(ctx, "base"))
		diag_error(prop_loc(ctx, "base"), "%s: the cell is coloured, so "
			   "the tool places its memory page by page; give its "
			   "guest-base and size, not a base", ctx->what);
	r->malformed = get_u64(ctx, "guest-base", 1, &r->ipa) <= 0;
	r->malformed |= get_u64(ctx, "size", 1, &r->size) < 0;
	r->pa = 0;
	r->flags = read_attributes(ctx);
}

static void read_region(struct m_cell *c, const struct node_ctx *cell_ctx,
			int node)
{
	struct node_ctx ctx;
	struct m_region *r;

	if (c->num_regions == MODEL_MAX)
		return;
	r = &c->regions[c->num_regions++];
	snprintf(r->name, sizeof(r->name), "%s",
		 fdt_get_name(cell_ctx->fdt, node, NULL));
	node_ctx_init(&ctx, cell_ctx->fdt, node, "memory region '%s' of %s",
		      r->name, cell_ctx->what);
	r->loc = node_loc(&ctx);
	check_known_props(&ctx, region_props);
	if (c->coloured) {
		read_coloured_region(r, &ctx);
		return;
	}
	/* Without a base the tool places the region in free board RAM, and
	 * without a guest-base either in the cell's free guest space. */
	r->malformed = get_u64(&ctx, "base", 0, &r->pa) < 0;
	r->pa_placed = !has_prop(&ctx, "base");
	r->malformed |= get_u64(&ctx, "size", 1, &r->size) < 0;
	r->ipa = r->pa;
	r->malformed |= get_u64(&ctx, "guest-base", 0, &r->ipa) < 0;
	r->ipa_placed = r->pa_placed && !has_prop(&ctx, "guest-base");
	r->size_loc = prop_loc(&ctx, "size");
	r->pa_loc = r->pa_placed ? r->size_loc : prop_loc(&ctx, "base");
	r->ipa_loc = has_prop(&ctx, "guest-base") ? prop_loc(&ctx, "guest-base")
						   : r->pa_loc;
	r->flags = read_attributes(&ctx);
}

static const char *const image_kinds[] = { "kernel", "initrd", "dtb", NULL };
static const uint32_t image_kind_values[] = {
	SEPTUM_IMAGE_KERNEL, SEPTUM_IMAGE_INITRD, SEPTUM_IMAGE_DTB };
static const char *const arch_names[] = { "aarch64", "aarch32", "x86_64",
					  NULL };
static const uint32_t arch_values[] = { SEPTUM_ARCH_AARCH64,
					SEPTUM_ARCH_AARCH32,
					SEPTUM_ARCH_X86_64 };

static uint32_t image_kind(const char *name)
{
	int k;

	for (k = 0; image_kinds[k]; k++) {
		if (strcmp(name, image_kinds[k]) == 0)
			return image_kind_values[k];
	}
	return 0;
}

static void read_image_props(struct m_image *im, const struct node_ctx *ctx)
{
	const char *file = NULL;

	check_known_props(ctx, image_props);
	if (get_string(ctx, "file", 1, &file) > 0)
		im->file = xstrdup(file);
	im->file_loc = prop_loc(ctx, "file");
	get_u64(ctx, "load-address", 1, &im->load);
	im->load_loc = prop_loc(ctx, "load-address");
	im->entry = im->load;
	im->entry_loc = prop_loc(ctx, "entry");
	if (im->kind == SEPTUM_IMAGE_KERNEL) {
		get_u64(ctx, "entry", 0, &im->entry);
		im->arch = SEPTUM_ARCH_AARCH64;
		im->arch_given = has_prop(ctx, "arch");
		get_enum(ctx, "arch", arch_names, arch_values, &im->arch);
	} else if (has_prop(ctx, "entry") || has_prop(ctx, "arch")) {
		diag_error(node_loc(ctx), "%s is not a kernel: it takes no "
			   "'entry' or 'arch'", ctx->what);
	}
	get_u64(ctx, "max-size", 0, &im->max_size);
	im->preloaded = get_flag(ctx, "preloaded");
}

static void read_image(struct m_cell *c, const struct node_ctx *cell_ctx,
		       int node)
{
	struct node_ctx ctx;
	struct m_image *im;
	const char *name = fdt_get_name(cell_ctx->fdt, node, NULL);

	node_ctx_init(&ctx, cell_ctx->fdt, node, "image '%s' of %s", name,
		      cell_ctx->what);
	if (image_kind(name) == 0) {
		diag_error(node_loc(&ctx), "%s: images are named \"kernel\", "
			   "\"initrd\" or \"dtb\"", ctx.what);
		return;
	}
	if (c->num_images == SEPTUM_MAX_IMAGES)
		return;
	im = &c->images[c->num_images++];
	snprintf(im->name, sizeof(im->name), "%s", name);
	im->loc = node_loc(&ctx);
	im->kind = image_kind(name);
	read_image_props(im, &ctx);
}

/* Apply `fn` to every subnode of the container `name` of the cell. */
static void for_each_in(struct m_cell *c, const struct node_ctx *ctx,
			const char *name,
			void (*fn)(struct m_cell *, const struct node_ctx *, int))
{
	int container = fdt_subnode_offset(ctx->fdt, ctx->node, name), node;
	struct node_ctx cctx;

	if (container < 0)
		return;
	node_ctx_init(&cctx, ctx->fdt, container, "'%s' of %s", name,
		      ctx->what);
	check_known_props(&cctx, (const char *const[]){ NULL });
	fdt_for_each_subnode(node, ctx->fdt, container)
		fn(c, ctx, node);
}

/* `devices` (pci 0) or `pci-devices` (pci 1): board node references. */
static void read_devices(struct m_cell *c, const struct node_ctx *ctx,
			 const char *prop, int pci)
{
	int n = fdt_stringlist_count(ctx->fdt, ctx->node, prop), i;
	struct loc at = prop_loc(ctx, prop);

	if (fdtprop_wrong_form(ctx, prop, SRCMAP_STRING)) {
		diag_error(at, "'%s' of %s is %s; it must be a list of "
			   "strings naming board device paths or labels", prop,
			   ctx->what, fdtprop_wrong_form(ctx, prop,
							 SRCMAP_STRING));
		return;
	}
	if (n < 0 && has_prop(ctx, prop))
		diag_error(at, "'%s' of %s must be a list of strings "
			   "naming board device paths or labels", prop,
			   ctx->what);
	for (i = 0; i < n && c->num_devices < MODEL_MAX; i++) {
		struct m_device *d = &c->devices[c->num_devices++];

		d->ref = xstrdup(fdt_stringlist_get(ctx->fdt, ctx->node,
						    prop, i, NULL));
		d->loc = at;
		d->pci = pci;
	}
}

/*
 * The cell's console: `console = "none"` (no virtual UART), or an optional
 * `console { }` node placing it.
 */
static void read_console(struct m_cell *c, const struct node_ctx *ctx)
{
	int node = fdt_subnode_offset(ctx->fdt, ctx->node, "console");
	struct node_ctx cctx;
	const char *mode;

	if (get_string(ctx, "console", 0, &mode) > 0) {
		c->vuart_loc = prop_loc(ctx, "console");
		if (strcmp(mode, "none") != 0)
			diag_error(c->vuart_loc, "cell '%s': 'console' must be "
				   "\"none\" (a console { } node places the "
				   "virtual UART)", c->name);
		else if (node >= 0)
			diag_error(c->vuart_loc, "cell '%s' has console = "
				   "\"none\" and a console node", c->name);
		c->no_console = 1;
		return;
	}
	if (node < 0)
		return;
	node_ctx_init(&cctx, ctx->fdt, node, "the console of %s", ctx->what);
	check_known_props(&cctx, console_props);
	c->vuart_loc = node_loc(&cctx);
	get_u64(&cctx, "address", 0, &c->vuart_ipa);
	get_spi(&cctx, "interrupt", &c->vuart_vintid);
}

static void read_pci(struct m_cell *c, const struct node_ctx *ctx)
{
	int node = fdt_subnode_offset(ctx->fdt, ctx->node, "pci");
	struct node_ctx pctx;

	if (node < 0)
		return;
	node_ctx_init(&pctx, ctx->fdt, node, "the virtual PCI host of %s",
		      ctx->what);
	check_known_props(&pctx, pci_props);
	c->pci_loc = node_loc(&pctx);
	get_u64(&pctx, "ecam", 0, &c->pci_ecam);
	get_u64(&pctx, "window", 0, &c->pci_mmio);
	get_u64(&pctx, "window-size", 0, &c->pci_mmio_size);
	/* A size alone: the tool places the window in free guest space. */
	c->window_placed = !has_prop(&pctx, "window") &&
			   has_prop(&pctx, "window-size");
	c->ecam_loc = prop_loc(&pctx, "ecam");
	c->window_loc = prop_loc(&pctx, "window");
	c->window_size_loc = prop_loc(&pctx, "window-size");
}

/* cache-colors: a list of colour numbers (checked against the board later). */
static void read_colours(struct m_cell *c, const struct node_ctx *ctx)
{
	int len, i;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, "cache-colors",
				       &len);

	if (p == NULL)
		return;
	c->coloured = 1;
	c->colours_loc = prop_loc(ctx, "cache-colors");
	if (len == 0 || len % CELL_BYTES != 0) {
		diag_error(c->colours_loc, "'cache-colors' of %s must be a list "
			   "of cache colour numbers, like <0 1 2 3>", ctx->what);
		return;
	}
	for (i = 0; i < len / CELL_BYTES && c->num_colour_list < MODEL_MAX; i++)
		c->colour_list[c->num_colour_list++] = fdt32_to_cpu(p[i]);
}

static const char *const os_names[] = { "linux", "none", NULL };
static const uint32_t os_values[] = { 1, 0 };
static const char *const policy_names[] = { "stop", "restart", "inject",
					    NULL };
static const uint32_t policy_values[] = { SEPTUM_FAULT_STOP,
					  SEPTUM_FAULT_RESTART,
					  SEPTUM_FAULT_INJECT };

static void read_cell_props(struct m_cell *c, const struct node_ctx *ctx)
{
	uint32_t os = 0;
	const char *bootargs;

	check_known_props(ctx, cell_props);
	read_cpus(c, ctx);
	get_enum(ctx, "os", os_names, os_values, &os);
	c->is_linux = os != 0;
	if (get_string(ctx, "bootargs", 0, &bootargs) > 0)
		c->bootargs = xstrdup(bootargs);
	c->bootargs_loc = prop_loc(ctx, "bootargs");
	c->fault_policy = SEPTUM_FAULT_STOP;
	get_enum(ctx, "fault-policy", policy_names, policy_values,
		 &c->fault_policy);
	c->policy_loc = prop_loc(ctx, "fault-policy");
	c->focus = get_flag(ctx, "console-focus");
	c->focus_loc = prop_loc(ctx, "console-focus");
	c->dtb_given = get_u64(ctx, "dtb-address", 0, &c->dtb_ipa) != 0;
	c->dtb_loc = prop_loc(ctx, "dtb-address");
	read_colours(c, ctx);
	read_devices(c, ctx, "devices", 0);
	read_devices(c, ctx, "pci-devices", 1);
}

void system_read_cell(struct m_system *sys, const void *fdt, int node)
{
	struct m_cell *c;
	struct node_ctx ctx;
	const char *name = fdt_get_name(fdt, node, NULL);

	if (sys->num_cells == MODEL_MAX)
		return;
	c = &sys->cells[sys->num_cells++];
	snprintf(c->name, sizeof(c->name), "%s", name);
	node_ctx_init(&ctx, fdt, node, "cell '%s'", name);
	c->loc = node_loc(&ctx);
	read_cell_props(c, &ctx);
	for_each_in(c, &ctx, "regions", read_region);
	for_each_in(c, &ctx, "images", read_image);
	read_console(c, &ctx);
	read_pci(c, &ctx);
	firmware_read(c, &ctx);
	check_subnodes(&ctx, (const char *const[]){ "regions", "images",
						    "console", "pci", "firmware",
						    NULL });
}
