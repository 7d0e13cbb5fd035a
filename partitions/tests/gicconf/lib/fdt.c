/*
 * Just enough of a flattened device tree reader (devicetree.org
 * specification, chapter 5) to find the GIC and the CPUs, the way an OS
 * finds them: natively the tree QEMU wrote, in a cell the one Septum's
 * config tool generated for it.
 */
#include <string.h>

#include "../gicconf.h"

#define FDT_MAGIC 0xd00dfeedu
#define FDT_BEGIN_NODE 1u
#define FDT_END_NODE 2u
#define FDT_PROP 3u
#define FDT_NOP 4u
#define FDT_END 9u
#define MAX_DEPTH 8u
#define MAX_STRUCT (1u << 20)

struct prop {
	const uint8_t *val;
	uint32_t len;
};

/* What one open node has shown so far. */
struct node {
	const char *name;
	struct prop compatible, reg, rd_regions, device_type;
	uint32_t address_cells, size_cells;	/* for its children */
};

struct walk {
	const uint8_t *structs;
	const char *strings;
	uint32_t off, size;
	unsigned int depth;
	struct node stack[MAX_DEPTH];
};

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static uint64_t cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | be32(p + 4 * i);
	return v;
}

/* Whether string list `p` holds `s`. */
static bool has_string(const struct prop *p, const char *s)
{
	uint32_t i = 0, n = (uint32_t)strlen(s);

	while (p->val && i < p->len) {
		const char *at = (const char *)p->val + i;
		uint32_t len = (uint32_t)strnlen(at, p->len - i);

		if (len == n && memcmp(at, s, n) == 0)
			return true;
		i += len + 1;
	}
	return false;
}

static uint32_t align4(uint32_t v)
{
	return (v + 3u) & ~3u;
}

/* The GIC node: version, then its reg entries in the parent's cells. */
static void gic_node(const struct node *n, const struct node *parent,
		     struct gc_machine *m)
{
	uint32_t ac = parent->address_cells, sc = parent->size_cells;
	uint32_t entry = 4 * (ac + sc), nentries, nrd = 1;
	const uint8_t *r = n->reg.val;

	if (has_string(&n->compatible, "arm,gic-v3"))
		m->version = 3;
	else if (has_string(&n->compatible, "arm,cortex-a15-gic") ||
		 has_string(&n->compatible, "arm,gic-400"))
		m->version = 2;
	else
		return;
	if (!r || entry == 0 || n->reg.len < entry)
		return;
	nentries = n->reg.len / entry;
	m->gicd = (uintptr_t)cells(r, ac);
	if (m->version == 2) {
		if (nentries >= 2)
			m->gicc = (uintptr_t)cells(r + entry, ac);
		return;
	}
	if (n->rd_regions.val && n->rd_regions.len == 4)
		nrd = be32(n->rd_regions.val);
	for (uint32_t i = 0; i < nrd && i + 1 < nentries &&
			     i < GC_MAX_RD_REGIONS; i++) {
		m->rd_base[i] = (uintptr_t)cells(r + entry * (i + 1), ac);
		m->rd_size[i] = cells(r + entry * (i + 1) + 4 * ac, sc);
		m->nregions = i + 1;
	}
}

static void end_node(struct walk *w, struct gc_machine *m)
{
	const struct node *n = &w->stack[w->depth];
	const struct node *parent = &w->stack[w->depth - 1];

	if (n->compatible.val && m->version == 0)
		gic_node(n, parent, m);
	if (w->depth == 3 && strcmp(parent->name, "cpus") == 0 &&
	    has_string(&n->device_type, "cpu"))
		m->ncpus++;
}

static void prop(struct walk *w, const char *name, struct prop p)
{
	struct node *n = &w->stack[w->depth];

	if (strcmp(name, "compatible") == 0)
		n->compatible = p;
	else if (strcmp(name, "reg") == 0)
		n->reg = p;
	else if (strcmp(name, "#redistributor-regions") == 0)
		n->rd_regions = p;
	else if (strcmp(name, "device_type") == 0)
		n->device_type = p;
	else if (strcmp(name, "#address-cells") == 0 && p.len == 4)
		n->address_cells = be32(p.val);
	else if (strcmp(name, "#size-cells") == 0 && p.len == 4)
		n->size_cells = be32(p.val);
}

/* One token at w->off; false at the end (or on a malformed tree). */
static bool step(struct walk *w, struct gc_machine *m)
{
	uint32_t tok;

	if (w->off + 4 > w->size)
		return false;
	tok = be32(w->structs + w->off);
	w->off += 4;
	switch (tok) {
	case FDT_BEGIN_NODE: {
		const char *name = (const char *)w->structs + w->off;

		if (w->depth + 1 >= MAX_DEPTH)
			return false;
		w->depth++;
		w->stack[w->depth] = (struct node){ .name = name,
			.address_cells = 2, .size_cells = 1 };
		w->off += align4((uint32_t)strnlen(name, w->size - w->off) + 1);
		return true;
	}
	case FDT_END_NODE:
		if (w->depth == 0)
			return false;
		end_node(w, m);
		w->depth--;
		return true;
	case FDT_PROP: {
		uint32_t len, nameoff;

		if (w->off + 8 > w->size)
			return false;
		len = be32(w->structs + w->off);
		nameoff = be32(w->structs + w->off + 4);

		w->off += 8;
		if (len > w->size - w->off)
			return false;
		prop(w, w->strings + nameoff,
		     (struct prop){ w->structs + w->off, len });
		w->off += align4(len);
		return true;
	}
	case FDT_NOP:
		return true;
	default:
		return false;
	}
}

bool gc_fdt_read(uintptr_t dtb, struct gc_machine *m)
{
	const uint8_t *h = (const uint8_t *)dtb;
	struct walk w = { 0 };

	if (be32(h) != FDT_MAGIC)
		return false;
	w.structs = h + be32(h + 8);
	w.strings = (const char *)h + be32(h + 12);
	w.size = be32(h + 36);
	if (w.size > MAX_STRUCT)
		return false;
	/* depth 0 stands for the root's parent: the root's cells are 2/1. */
	w.stack[0] = (struct node){ .name = "", .address_cells = 2,
				    .size_cells = 1 };
	m->ncpus = 0;
	while (step(&w, m))
		;
	return m->version != 0;
}
