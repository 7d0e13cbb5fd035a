/* A coloured hypervisor's own pages, checked: see septum/hypcolour.h. */
#include <septum/config.h>
#include <septum/console.h>
#include <septum/fmt.h>
#include <septum/hypcolour.h>
#include <septum/log.h>
#include <septum/panic.h>

static const char *const kind_names[OWN_KINDS] = {
	[OWN_IMAGE] = "image", [OWN_CONFIG] = "partition table",
	[OWN_TABLES] = "tables", [OWN_STATE] = "state",
};

void hypcolour_tally_init(struct hypcolour_tally *t, uint64_t colours,
			  unsigned int ncolours)
{
	*t = (struct hypcolour_tally){ .colours = colours,
				       .ncolours = ncolours ? ncolours : 1 };
}

void hypcolour_tally_page(void *arg, paddr_t page, enum own_page_kind kind)
{
	struct hypcolour_tally *t = arg;
	unsigned int colour = (unsigned int)((page.bits / PAGE_SIZE) %
					     t->ncolours);

	if (kind >= OWN_KINDS)
		return;
	t->pages[kind]++;
	if (kind == OWN_CONFIG)
		return;		/* stays where the loader put it */
	t->seen |= 1ull << (colour % 64u);
	if ((t->colours >> (colour % 64u)) & 1)
		return;
	if (!t->wrong) {
		t->first_wrong = page;
		t->first_wrong_kind = kind;
	}
	t->wrong++;
}

/* The colours of `mask` as "0-3, 8" at buf + used; the new length. */
static size_t put_colours(char *buf, size_t len, size_t used, uint64_t mask)
{
	bool first = true;

	for (unsigned int c = 0; c < 64u && used < len; c++) {
		unsigned int end = c;

		if (!((mask >> c) & 1))
			continue;
		while (end + 1u < 64u && ((mask >> (end + 1u)) & 1))
			end++;
		used += fmt_snprintf(buf + used, len - used,
				     end > c ? "%s%u-%u" : "%s%u",
				     first ? "" : ", ", c, end);
		first = false;
		c = end;
	}
	return used;
}

/* ", shared with cell a (asked), b (uncoloured)" or ", shared with no cell". */
static size_t put_sharing(char *buf, size_t len, size_t used,
			  const struct hypcolour_tally *t,
			  const struct septum_config *cfg)
{
	bool any = false;

	for (uint32_t i = 0; i < cfg->header.num_cells && used < len; i++) {
		const struct septum_cell *c = &cfg->cells[i];

		if (c->colours && !(c->colours & t->seen))
			continue;
		used += fmt_snprintf(buf + used, len - used, "%s%s (%s)",
				     any ? ", " : "; its colours shared with ",
				     c->name,
				     c->colours ? "both asked" : "uncoloured");
		any = true;
	}
	if (!any && used < len)
		used += fmt_snprintf(buf + used, len - used,
				     "; no cell has its colours");
	return used;
}

bool hypcolour_verdict(const struct hypcolour_tally *t,
		       const struct septum_config *cfg, char *buf, size_t len)
{
	size_t total = t->pages[OWN_IMAGE] + t->pages[OWN_TABLES] +
		       t->pages[OWN_STATE];
	size_t used = t->wrong
		? fmt_snprintf(buf, len, "hypervisor memory: %zu of its %zu "
			       "pages are not of its cache colours ", t->wrong,
			       total)
		: fmt_snprintf(buf, len, "hypervisor memory: %zu pages (image "
			       "%zu, tables %zu, state %zu), all of its cache "
			       "colours ", total, t->pages[OWN_IMAGE],
			       t->pages[OWN_TABLES], t->pages[OWN_STATE]);

	used = put_colours(buf, len, used, t->colours);
	if (used >= len)
		return !t->wrong;
	if (t->wrong) {
		fmt_snprintf(buf + used, len - used, ", the first at PA 0x%llx "
			     "(%s), colour %llu",
			     (unsigned long long)t->first_wrong.bits,
			     kind_names[t->first_wrong_kind],
			     (unsigned long long)((t->first_wrong.bits /
						   PAGE_SIZE) % t->ncolours));
		return false;
	}
	used += fmt_snprintf(buf + used, len - used, "; partition table %zu "
			     "pages, not moved", t->pages[OWN_CONFIG]);
	put_sharing(buf, len, used, t, cfg);
	return true;
}

void hypcolour_check(void)
{
	const struct septum_config *cfg = config_get();
	struct hypcolour_tally t;
	char line[CONSOLE_LINE_MAX];

	hypcolour_tally_init(&t, cfg->hyp_colours, cfg->llc.colours);
	arch_mmu_own_pages(hypcolour_tally_page, &t);
	if (!hypcolour_verdict(&t, cfg, line, sizeof(line)))
		panic("%s", line);
	log_info("%s", line);
}
