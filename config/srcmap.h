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

/* Free the map. */
void srcmap_free(void);

#endif /* CONFIG_SRCMAP_H */
