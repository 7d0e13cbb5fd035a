/*
 * Source map of a system DTS: which file and line each node and property of the
 * compiled tree came from.  Built from dtc's own annotations (`dtc -O dts -T`),
 * so it follows /include/ and merged nodes exactly as dtc saw them.
 */
#ifndef CONFIG_SRCMAP_H
#define CONFIG_SRCMAP_H

#include "diag.h"

/*
 * Parse the annotated DTS text `text` (as printed by `dtc -I dts -O dts -T`) and
 * replace the current map with it.  `fallback` is the location returned for
 * anything not found (normally the system DTS, line 0).
 */
void srcmap_load(const char *text, struct loc fallback);

/* Location of the node at `path` ("/cells/rt"), or of its property `prop`
 * (when prop is not NULL; falls back to the node's location). */
struct loc srcmap_find(const char *path, const char *prop);

/* How a property's value was written (dtc keeps the source's form). */
enum srcmap_kind {
	SRCMAP_UNKNOWN = 0,	/* not in the map */
	SRCMAP_EMPTY = 1,	/* `name;` */
	SRCMAP_STRING = 2,	/* "text" (or a &label path) */
	SRCMAP_CELLS = 4,	/* <numbers> */
	SRCMAP_BYTES = 8,	/* [bytes] */
};

/* The forms in the value of property `prop` of the node at `path`: a mask of
 * enum srcmap_kind (several for a mixed value like "a", <1>). */
unsigned int srcmap_kind(const char *path, const char *prop);

/* Free the map. */
void srcmap_free(void);

#endif /* CONFIG_SRCMAP_H */
