/*
 * Dispatch to the virtual devices of the table (septum/vdev.h).
 */
#include <septum/fmt.h>
#include <septum/panic.h>
#include <septum/vdev.h>

#include "vdev/vdev_int.h"

/* Each cell's claims, and the cells by index (for console events). */
static struct vdev_claim claims[SEPTUM_MAX_CELLS][VDEV_MAX_CLAIMS];
static struct cell *cells[SEPTUM_MAX_CELLS];

static bool overlap(const struct vdev_claim *a, const struct vdev_range *b)
{
	return a->space == b->space && a->base < b->base + b->size &&
	       b->base < a->base + a->size;
}

/* Record range r of device d in cell c. */
static COLD void add_claim(struct cell *c, unsigned int d,
			   const struct vdev_range *r)
{
	struct vdev_claim *all = claims[c->index];

	if (c->nclaims == VDEV_MAX_CLAIMS)
		panic("cell %s: more virtual device ranges than %u",
		      c->cfg->name, VDEV_MAX_CLAIMS);
	for (unsigned int i = 0; i < c->nclaims; i++) {
		if (overlap(&all[i], r))
			panic("cell %s: virtual devices overlap at 0x%llx",
			      c->cfg->name, (unsigned long long)r->base);
	}
	all[c->nclaims++] = (struct vdev_claim){
		.base = r->base, .size = r->size, .instance = r->instance,
		.sizes = vdev_table[d]->sizes,
		.aligned = vdev_table[d]->aligned,
		.space = (uint8_t)r->space, .dev = (uint8_t)d, .label = r->label };
}

COLD void vdev_cell_init(struct cell *c)
{
	struct vdev_range r;

	cells[c->index] = c;
	c->claims = claims[c->index];
	c->nclaims = 0;
	for (unsigned int d = 0; d < vdev_table_size; d++) {
		for (unsigned int i = 0; vdev_table[d]->claim(c, i, &r); i++)
			add_claim(c, d, &r);
		if (vdev_table[d]->cell_init)
			vdev_table[d]->cell_init(c);
	}
}

COLD void vdev_cell_stop(struct cell *c)
{
	for (unsigned int d = 0; d < vdev_table_size; d++) {
		if (vdev_table[d]->cell_stop)
			vdev_table[d]->cell_stop(c);
	}
}

COLD void vdev_cell_reset(struct cell *c)
{
	for (unsigned int d = 0; d < vdev_table_size; d++) {
		if (vdev_table[d]->cell_reset)
			vdev_table[d]->cell_reset(c);
	}
}

void vdev_console_event(unsigned int cell)
{
	struct cell *c = cell < SEPTUM_MAX_CELLS ? cells[cell] : NULL;

	for (unsigned int d = 0; c && d < vdev_table_size; d++) {
		if (vdev_table[d]->console_event)
			vdev_table[d]->console_event(c);
	}
}

/* The claim of cell c that `a` falls in, or NULL. */
static const struct vdev_claim *claim_of(const struct cell *c,
					 const struct vm_access *a)
{
	for (unsigned int i = 0; i < c->nclaims; i++) {
		const struct vdev_claim *cl = &c->claims[i];

		if (a->space == (enum vm_space)cl->space && a->addr >= cl->base &&
		    a->addr - cl->base < cl->size)
			return cl;
	}
	return NULL;
}

enum err vdev_access(struct vcpu *v, struct vm_access *a)
{
	const struct vdev_claim *cl = claim_of(v->cell, a);
	uint64_t off;

	if (!cl)
		return E_NOTFOUND;
	off = a->addr - cl->base;
	/* Sizes are powers of two: a mask tests the alignment. */
	if (!(cl->sizes & (1u << a->size)) ||
	    (cl->aligned && (off & (a->size - 1))) || off + a->size > cl->size)
		return E_INVALID;
	vdev_table[cl->dev]->access(v, cl->instance, off, a);
	return E_OK;
}

COLD void vdev_describe(const struct cell *c, const struct vm_access *a,
			char *buf, size_t size)
{
	const struct vdev_claim *cl = claim_of(c, a);

	if (!cl) {
		fmt_snprintf(buf, size, "no virtual device");
		return;
	}
	fmt_snprintf(buf, size, "offset 0x%llx of %s %s: %s",
		     (unsigned long long)(a->addr - cl->base),
		     vdev_table[cl->dev]->what, cl->label,
		     vdev_table[cl->dev]->rule);
}
