/*
 * A minimal reader of flattened device trees, for the arches whose firmware
 * describes the machine with one (arm64): what boot needs before the config
 * blob takes over -- the CPU list and a few /chosen and firmware nodes --,
 * handed to core in struct boot_info.  Every access is bounds-checked
 * against the blob's header, so a corrupt DTB yields errors, never stray
 * reads.  Portable C: unit-tested on the host.
 */
#ifndef DT_FDT_H
#define DT_FDT_H

#include <septum/error.h>
#include <septum/types.h>

#define FDT_MAGIC 0xd00dfeedu

struct fdt {
	const uint8_t *blob;
	uint32_t size;		/* totalsize from the header */
	uint32_t struct_off, struct_size;
	uint32_t strings_off, strings_size;
};

/*
 * Total size claimed by the header at `blob`, or 0 if it does not start with
 * the FDT magic.  Reads only the first 8 bytes.
 */
uint32_t fdt_total_size(const void *blob);

/*
 * Check the header of a DTB of at most `max_size` bytes at `blob` and fill in
 * `fdt`.  Returns E_INVALID for a bad magic or version, E_RANGE if a block
 * lies outside the blob.
 */
enum err fdt_open(struct fdt *fdt, const void *blob, size_t max_size) MUST_CHECK;

/*
 * Offset of the node at absolute `path` ("/", "/cpus", "/chosen"), or -1.
 * Each component must match a node name exactly, unit address included.
 */
int fdt_path_offset(const struct fdt *fdt, const char *path);

/*
 * Iterate over the direct children of the node at `parent`: pass -1 to get
 * the first; returns the next child's offset or -1 when done.
 */
int fdt_next_child(const struct fdt *fdt, int parent, int prev);

/* The node's name with its unit address ("cpu@0"), or NULL. */
const char *fdt_node_name(const struct fdt *fdt, int node);

/*
 * The value of property `name` of the node at `node` and its length, or NULL
 * if absent or malformed.  The value is big-endian, possibly unaligned.
 */
const void *fdt_prop(const struct fdt *fdt, int node, const char *name,
		     uint32_t *len);

/* Property as a NUL-terminated string (first string of a list), or NULL. */
const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name);

/* Whether a string-list property contains `value`. */
bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name,
			 const char *value);

/* Read big-endian cell `i` of a property value of length len (0 if beyond). */
uint32_t fdt_cell(const void *value, uint32_t len, uint32_t i);

#endif /* DT_FDT_H */
