/*
 * Dispatch to the virtual devices of the table (septum/vdev.h).
 */
#include <septum/fmt.h>
#include <septum/panic.h>
#include <septum/vdev.h>
#include <septum/vm.h>

#include "vdev/vdev_int.h"

/* Each cell's claims, and the cells by index (for console events). */
static struct vdev_claim claims[SEPTUM_MAX_CELLS][VDEV_MAX_CLAIMS];
static struct cell *cells[SEPTUM_MAX_CELLS];

/*
 * What a vCPU's last claim is before its first access: none.  No access
 * falls in it: its key is above every guest-physical address (an IPA has
 * at most 52 bits) and below every port's (bit 63).
 */
static const struct vdev_claim no_claim = {
	.key = (1ull << 63) - VDEV_MIN_CLAIM, .size = VDEV_MIN_CLAIM };

static bool overlap(const struct vdev_claim *a, const struct vdev_range *b)
{
	uint64_t key = vdev_key(b->space, b->base);

	return a->key < key + b->size && key < a->key + a->size;
}

/* Record range r of device d in cell c. */
static COLD void add_claim(struct cell *c, unsigned int d,
			   const struct vdev_range *r)
{
	struct vdev_claim *all = claims[c->index];

	if (c->nclaims == VDEV_MAX_CLAIMS)
		panic("cell %s: more virtual device ranges than %u",
		      c->cfg->name, VDEV_MAX_CLAIMS);
	if (r->size < VDEV_MIN_CLAIM || r->base >= no_claim.key)
		panic("cell %s: virtual device range at 0x%llx of %llu bytes",
		      c->cfg->name, (unsigned long long)r->base,
		      (unsigned long long)r->size);
	if (r->space == VM_SPACE_MMIO)
		vm_check_reserved(c, true, r->base, r->size, "virtual device");
	for (unsigned int i = 0; i < c->nclaims; i++) {
		if (overlap(&all[i], r))
			panic("cell %s: virtual devices overlap at 0x%llx",
			      c->cfg->name, (unsigned long long)r->base);
	}
	all[c->nclaims++] = (struct vdev_claim){
		.key = vdev_key(r->space, r->base), .size = r->size,
		.instance = r->instance, .sizes = vdev_table[d]->sizes,
		.aligned = vdev_table[d]->aligned, .dev = (uint8_t)d,
		.access = vdev_table[d]->access };
}

COLD void vdev_cell_init(struct cell *c)
{
	struct vdev_range r;

	cells[c->index] = c;
	c->claims = claims[c->index];
	c->nclaims = 0;
	for (unsigned int i = 0; i < SEPTUM_MAX_CPUS; i++)
		c->vcpus[i].vdev_hot = &no_claim;
	for (unsigned int d = 0; d < vdev_table_size; d++) {
		for (unsigned int i = 0; vdev_table[d]->claim(c, i, &r); i++)
			add_claim(c, d, &r);
		if (vdev_table[d]->hook[VDEV_CELL_INIT])
			vdev_table[d]->hook[VDEV_CELL_INIT](c);
	}
}

/* Every device's hook h for cell c, in table order. */
static NOINLINE void each_device(struct cell *c, enum vdev_hook h)
{
	for (unsigned int d = 0; d < vdev_table_size; d++) {
		if (vdev_table[d]->hook[h])
			vdev_table[d]->hook[h](c);
	}
}

COLD void vdev_cell_stop(struct cell *c)
{
	each_device(c, VDEV_CELL_STOP);
}

COLD void vdev_cell_reset(struct cell *c)
{
	each_device(c, VDEV_CELL_RESET);
}

void vdev_console_event(unsigned int cell)
{
	if (cell < SEPTUM_MAX_CELLS && cells[cell])
		each_device(cells[cell], VDEV_CONSOLE_EVENT);
}

/* The claim of cell c that `a` falls in, or NULL. */
static const struct vdev_claim *claim_of(const struct cell *c,
					 const struct vm_access *a)
{
	uint64_t key = vdev_key(a->space, a->addr);

	for (unsigned int i = 0; i < c->nclaims; i++) {
		const struct vdev_claim *cl = &c->claims[i];

		if (key - cl->key < cl->size)
			return cl;
	}
	return NULL;
}

enum err vdev_access_search(struct vcpu *v, struct vm_access *a)
{
	const struct vdev_claim *cl = claim_of(v->cell, a);
	uint64_t off;

	if (!cl)
		return E_NOTFOUND;
	off = vdev_key(a->space, a->addr) - cl->key;
	if (!vdev_takes(cl, a, off))
		return E_INVALID;
	v->vdev_hot = cl;
	cl->access(v, cl->instance, off, a);
	return E_OK;
}

/* The label of claim cl of cell c: its device's range of the same base. */
static COLD const char *label_of(const struct cell *c,
				 const struct vdev_claim *cl)
{
	const struct vdev *d = vdev_table[cl->dev];
	struct vdev_range r;

	for (unsigned int i = 0; d->claim(c, i, &r); i++) {
		if (vdev_key(r.space, r.base) == cl->key)
			return r.label;
	}
	return "range";	/* not reached: the claim came from this walk */
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
		     (unsigned long long)(vdev_key(a->space, a->addr) - cl->key),
		     vdev_table[cl->dev]->what, label_of(c, cl),
		     vdev_table[cl->dev]->rule);
}
