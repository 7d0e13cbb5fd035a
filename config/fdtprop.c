/* Typed, error-reporting property readers for the system tree; see fdtprop.h. */
#include <libfdt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <septum/abi/config.h>

#include "fdtprop.h"
#include "srcmap.h"

#define CELL_BYTES 4
#define SPEC_CELLS 3
#define GIC_SPI_TYPE 0u

void node_ctx_init(struct node_ctx *ctx, const void *fdt, int node,
		   const char *fmt, ...)
{
	va_list ap;

	ctx->fdt = fdt;
	ctx->node = node;
	if (fdt_get_path(fdt, node, ctx->path, sizeof(ctx->path)) != 0)
		snprintf(ctx->path, sizeof(ctx->path), "/");
	va_start(ap, fmt);
	vsnprintf(ctx->what, sizeof(ctx->what), fmt, ap);
	va_end(ap);
}

struct loc node_loc(const struct node_ctx *ctx)
{
	return srcmap_find(ctx->path, NULL);
}

struct loc prop_loc(const struct node_ctx *ctx, const char *prop)
{
	return srcmap_find(ctx->path, prop);
}

static int is_known(const char *name, const char *const *known)
{
	for (; *known; known++) {
		if (strcmp(name, *known) == 0)
			return 1;
	}
	return 0;
}

void check_known_props(const struct node_ctx *ctx, const char *const *known)
{
	int off;

	fdt_for_each_property_offset(off, ctx->fdt, ctx->node) {
		const char *name;

		fdt_getprop_by_offset(ctx->fdt, off, &name, NULL);
		if (name && !is_known(name, known))
			diag_error(prop_loc(ctx, name), "%s has an unknown "
				   "property '%s'", ctx->what, name);
	}
}

int has_prop(const struct node_ctx *ctx, const char *prop)
{
	return fdt_getprop(ctx->fdt, ctx->node, prop, NULL) != NULL;
}

const char *fdtprop_wrong_form(const struct node_ctx *ctx, const char *prop,
			       unsigned int want)
{
	unsigned int kind = srcmap_kind(ctx->path, prop);

	if (kind == SRCMAP_UNKNOWN || (kind & ~want) == 0)
		return NULL;
	if (kind == SRCMAP_EMPTY)
		return "given no value";
	if (kind == SRCMAP_STRING)
		return "a string";
	if (kind == SRCMAP_CELLS)
		return "a number";
	if (kind == SRCMAP_BYTES)
		return "a byte string";
	return "a mix of strings and numbers";
}

int get_flag(const struct node_ctx *ctx, const char *prop)
{
	int len;

	if (fdt_getprop(ctx->fdt, ctx->node, prop, &len) == NULL)
		return 0;
	if (len != 0)
		diag_error(prop_loc(ctx, prop), "'%s' of %s is a flag: it takes "
			   "no value (write '%s;')", prop, ctx->what, prop);
	return 1;
}

static int absent(const struct node_ctx *ctx, const char *prop, int required)
{
	if (required)
		diag_error(node_loc(ctx), "%s has no '%s' property", ctx->what,
			   prop);
	return 0;
}

int get_u64(const struct node_ctx *ctx, const char *prop, int required,
	    uint64_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, prop, &len);

	if (p == NULL)
		return absent(ctx, prop, required);
	if (fdtprop_wrong_form(ctx, prop, SRCMAP_CELLS)) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s is %s; it must be a "
			   "number, like <0x1000> or <0x1 0x0>", prop, ctx->what,
			   fdtprop_wrong_form(ctx, prop, SRCMAP_CELLS));
		return -1;
	}
	if (len == CELL_BYTES) {
		*v = fdt32_to_cpu(p[0]);
		return 1;
	}
	if (len == 2 * CELL_BYTES) {
		*v = ((uint64_t)fdt32_to_cpu(p[0]) << 32) | fdt32_to_cpu(p[1]);
		return 1;
	}
	diag_error(prop_loc(ctx, prop), "'%s' of %s must be one or two 32-bit "
		   "cells, like <0x1000> or <0x1 0x0>", prop, ctx->what);
	return -1;
}

int get_string(const struct node_ctx *ctx, const char *prop, int required,
	       const char **s)
{
	int len;
	const char *p = fdt_getprop(ctx->fdt, ctx->node, prop, &len);

	if (p == NULL)
		return absent(ctx, prop, required);
	if (fdtprop_wrong_form(ctx, prop, SRCMAP_STRING)) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s is %s; it must be "
			   "a string, like \"text\"", prop, ctx->what,
			   fdtprop_wrong_form(ctx, prop, SRCMAP_STRING));
		return -1;
	}
	if (len < 2 || memchr(p, '\0', (size_t)len) != p + len - 1) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s must be one "
			   "non-empty string", prop, ctx->what);
		return -1;
	}
	*s = p;
	return 1;
}

int get_enum(const struct node_ctx *ctx, const char *prop,
	     const char *const *names, const uint32_t *values, uint32_t *v)
{
	const char *s;
	char list[256] = "";
	int i, rc = get_string(ctx, prop, 0, &s);

	if (rc <= 0)
		return rc;
	for (i = 0; names[i]; i++) {
		if (strcmp(s, names[i]) == 0) {
			*v = values[i];
			return 1;
		}
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
			 "%s\"%s\"", i ? ", " : "", names[i]);
	}
	diag_error(prop_loc(ctx, prop), "'%s' of %s is \"%s\"; expected one of "
		   "%s", prop, ctx->what, s, list);
	return -1;
}

int get_spi(const struct node_ctx *ctx, const char *prop, uint32_t *intid)
{
	int len;
	const fdt32_t *p = fdt_getprop(ctx->fdt, ctx->node, prop, &len);
	uint32_t num;

	if (p == NULL)
		return 0;
	if (fdtprop_wrong_form(ctx, prop, SRCMAP_CELLS)) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s is %s; it must be an "
			   "SPI written as in a board DT: <0 number flags>", prop,
			   ctx->what, fdtprop_wrong_form(ctx, prop, SRCMAP_CELLS));
		return -1;
	}
	if (len != SPEC_CELLS * CELL_BYTES ||
	    fdt32_to_cpu(p[0]) != GIC_SPI_TYPE) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s must be an SPI "
			   "written as in a board DT: <0 number flags>", prop,
			   ctx->what);
		return -1;
	}
	num = fdt32_to_cpu(p[1]);
	if (num > SEPTUM_INTID_SPI_LAST - SEPTUM_INTID_SPI_FIRST) {
		diag_error(prop_loc(ctx, prop), "'%s' of %s names SPI %u; SPIs "
			   "go up to %u", prop, ctx->what, num,
			   SEPTUM_INTID_SPI_LAST - SEPTUM_INTID_SPI_FIRST);
		return -1;
	}
	*intid = num + SEPTUM_INTID_SPI_FIRST;
	return 1;
}
