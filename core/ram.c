/* A cell's RAM, coloured or not: see septum/ram.h. */
#include <septum/arch/vm.h>
#include <septum/config.h>
#include <septum/ram.h>
#include <string.h>

static const struct septum_run *runs_of(const struct septum_cell *cfg)
{
	return config_payload(cfg->runs_offset);
}

/* The flags of the region holding guest address `at` (a run's start). */
static uint32_t flags_at(const struct septum_cell *cfg, uint64_t at)
{
	for (unsigned int i = 0; i < cfg->num_regions; i++) {
		const struct septum_region *r = &cfg->regions[i];

		if (at >= r->ipa && at - r->ipa < r->size)
			return r->flags;
	}
	return 0;	/* not reached: blob_verify() put every run in one */
}

bool ram_piece(const struct septum_cell *cfg, unsigned int n,
	       struct ram_piece *p)
{
	if (cfg->colours) {
		const struct septum_run *r;

		if (n >= cfg->num_runs)
			return false;
		r = &runs_of(cfg)[n];
		*p = (struct ram_piece){ ipa(r->ipa), pa(r->pa), r->size,
					 flags_at(cfg, r->ipa) };
		return true;
	}
	if (n >= cfg->num_regions)
		return false;
	*p = (struct ram_piece){ ipa(cfg->regions[n].ipa),
				 pa(cfg->regions[n].pa), cfg->regions[n].size,
				 cfg->regions[n].flags };
	return true;
}

/* The index of the run holding `at` (runs sorted by ipa), or -1. */
static int run_at(const struct septum_cell *cfg, uint64_t at)
{
	const struct septum_run *r = runs_of(cfg);
	uint32_t lo = 0, hi = cfg->num_runs;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (at < r[mid].ipa)
			hi = mid;
		else if (at - r[mid].ipa >= r[mid].size)
			lo = mid + 1;
		else
			return (int)mid;
	}
	return -1;
}

paddr_t ram_pa(const struct septum_cell *cfg, ipaddr_t at, uint64_t *contig)
{
	struct ram_piece p;
	unsigned int n = 0;

	/* A coloured cell's runs are many: the one holding `at`, found by
	 * halves, is the piece to look at first (and holds it). */
	if (cfg->colours) {
		int k = run_at(cfg, at.bits);

		n = k >= 0 ? (unsigned int)k : cfg->num_runs;
	}
	for (; ram_piece(cfg, n, &p); n++) {
		if (at.bits >= p.ipa.bits && at.bits - p.ipa.bits < p.size) {
			*contig = p.size - (at.bits - p.ipa.bits);
			return pa(p.pa.bits + (at.bits - p.ipa.bits));
		}
	}
	*contig = 0;
	return pa(0);
}

/* Whether [at, at + size) is all the cell's RAM. */
static bool all_ram(const struct septum_cell *cfg, uint64_t at, uint64_t size)
{
	while (size) {
		uint64_t n;

		(void)ram_pa(cfg, ipa(at), &n);
		if (!n)
			return false;
		n = n < size ? n : size;
		at += n;
		size -= n;
	}
	return true;
}

bool ram_write(const struct septum_cell *cfg, ipaddr_t to, const void *src,
	       uint64_t size)
{
	const uint8_t *from = src;
	uint64_t at = to.bits;

	if (!all_ram(cfg, at, size))
		return false;
	while (size) {
		uint64_t n;
		paddr_t p = ram_pa(cfg, ipa(at), &n);
		uint8_t *va;

		n = n < size ? n : size;
		va = arch_phys_map(p, n);
		memcpy(va, from, (size_t)n);
		arch_phys_sync(va, n);
		from += n;
		at += n;
		size -= n;
	}
	return true;
}

bool ram_map(const struct septum_cell *cfg)
{
	struct ram_piece p;
	uint64_t lo = UINT64_MAX, hi = 0;

	for (unsigned int n = 0; ram_piece(cfg, n, &p); n++) {
		if (!cfg->colours && !arch_phys_map(p.pa, p.size))
			return false;
		lo = p.pa.bits < lo ? p.pa.bits : lo;
		hi = p.pa.bits + p.size > hi ? p.pa.bits + p.size : hi;
	}
	return !cfg->colours || arch_phys_map(pa(lo), hi - lo);
}
