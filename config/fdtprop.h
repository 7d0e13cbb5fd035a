/*
 * Typed property readers for the system tree, reporting malformed values as
 * errors at the property's source line.  `what` names the owner for messages
 * ("cell 'rt'", "memory region 'ram' of cell 'rt'").
 */
#ifndef CONFIG_FDTPROP_H
#define CONFIG_FDTPROP_H

#include <stdint.h>

#include "diag.h"

/* The reader's view of one node: tree, offset, path, and a description. */
struct node_ctx {
	const void *fdt;
	int node;
	char path[1024];
	char what[640];
};

/* Fill ctx for `node`; `what` is printf-formatted. */
void node_ctx_init(struct node_ctx *ctx, const void *fdt, int node,
		   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Source location of the node, or of one of its properties. */
struct loc node_loc(const struct node_ctx *ctx);
struct loc prop_loc(const struct node_ctx *ctx, const char *prop);

/* Report every property of the node not in the NULL-terminated `known`. */
void check_known_props(const struct node_ctx *ctx, const char *const *known);

/* Property present (any value). */
int has_prop(const struct node_ctx *ctx, const char *prop);

/* A flag (`name;`): 1 when present, 0 when absent; given a value, an error
 * is reported at its line (and 1 returned: no follow-on errors). */
int get_flag(const struct node_ctx *ctx, const char *prop);

/* How `prop` was written when not in one of the forms `want` (a mask of
 * enum srcmap_kind), like "a string" or "a number"; NULL when it was. */
const char *fdtprop_wrong_form(const struct node_ctx *ctx, const char *prop,
			       unsigned int want);

/*
 * A 64-bit number written as one or two cells.  Returns 1 and sets *v when
 * present and well-formed; 0 when absent (an error if `required`); -1 (error
 * reported) when malformed.
 */
int get_u64(const struct node_ctx *ctx, const char *prop, int required,
	    uint64_t *v);

/* A single string; same return convention as get_u64(); *s points in fdt. */
int get_string(const struct node_ctx *ctx, const char *prop, int required,
	       const char **s);

/*
 * Map a string property onto one of `names` (NULL-terminated), giving the
 * matching `values[i]`.  Absent: *v untouched, returns 0.  Unknown word: error
 * listing the accepted words, returns -1.
 */
int get_enum(const struct node_ctx *ctx, const char *prop,
	     const char *const *names, const uint32_t *values, uint32_t *v);

/*
 * A GIC interrupt specifier <type number flags> as written in a board DT,
 * turned into an INTID; must be an SPI.  Returns like get_u64().
 */
int get_spi(const struct node_ctx *ctx, const char *prop, uint32_t *intid);

#endif /* CONFIG_FDTPROP_H */
