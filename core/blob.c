/*
 * Config blob verifier.  Portable and freestanding: no libc, no allocation, and
 * every read of the blob stays inside the `len` bytes the caller vouches for.
 *
 * The checks are data: each kind of record (the table's top level, a cell, a
 * channel) has a table of rules, which one loop applies in order; the first
 * rule a record breaks names the error.  A rule checks one field, or the
 * same field of every element of an array (its count checked by an earlier
 * rule).  What a field alone cannot say (a sum, a choice between two
 * layouts, the CPUs cells took before) is a named check in code, which the
 * table calls at its place in the order.
 */
#include <septum/abi/ivshmem.h>
#include <septum/abi/x86_linux.h>
#include <septum/blob.h>
#include <septum/crc32.h>

#define BLOB_ALIGN 8u
#define MIN_PEERS 2u
#define PCI_SLOTS 32u
#define PCI_ECAM_SIZE 0x100000u	/* bus 0 only */

/* Offset of header.crc32, read as zero when the CRC is computed. */
#define CRC_FIELD_OFFSET 8u
#define CRC_FIELD_SIZE 4u
_Static_assert(__builtin_offsetof(struct septum_config_header, crc32) ==
		       CRC_FIELD_OFFSET,
	       "crc32 field offset");

/* [base, base + size) is non-empty and does not wrap around. */
static int range_ok(uint64_t base, uint64_t size)
{
	return size != 0 && base + size - 1u >= base;
}

static int page_aligned(uint64_t v)
{
	return (v & (SEPTUM_PAGE_SIZE - 1u)) == 0;
}

/* A page-aligned, page-multiple, non-empty, non-wrapping range. */
static int page_range_ok(uint64_t base, uint64_t size)
{
	return range_ok(base, size) && page_aligned(base) && page_aligned(size);
}

/* [a, a + an) lies inside [b, b + bn); both assumed non-wrapping. */
static int range_inside(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a >= b && an <= bn && a - b <= bn - an;
}

/* A name fills at least one byte and is NUL-terminated within its field. */
static int name_ok(const char *name)
{
	uint32_t i;

	if (name[0] == '\0')
		return 0;
	for (i = 0; i < SEPTUM_NAME_LEN; i++) {
		if (name[i] == '\0')
			return 1;
	}
	return 0;
}

/* The table's CRC (images carry their own, checked as they are loaded). */
static uint32_t blob_crc(const uint8_t *p)
{
	static const uint8_t zero[CRC_FIELD_SIZE];
	uint32_t crc;

	crc = crc32_update(0, p, CRC_FIELD_OFFSET);
	crc = crc32_update(crc, zero, CRC_FIELD_SIZE);
	return crc32_update(crc, p + CRC_FIELD_OFFSET + CRC_FIELD_SIZE,
			    sizeof(struct septum_config) - CRC_FIELD_OFFSET -
				    CRC_FIELD_SIZE);
}

/*
 * A colour mask (the hypervisor's, or a cell's) names only colours of the
 * board's cache, which must then have some.
 */
static int colours_ok(const struct septum_config *cfg, uint64_t mask)
{
	uint32_t n = cfg->llc.colours;

	return mask == 0 ||
	       (n != 0 && (n >= SEPTUM_MAX_COLOURS || (mask >> n) == 0));
}

/* The UART: none at all (console = "none") is all zero. */
static int uart_ok(const struct septum_config *cfg)
{
	const struct septum_hyp *hyp = &cfg->hyp;
	int no_uart = hyp->uart_kind == 0 && hyp->uart_pa == 0 &&
		      hyp->uart_size == 0 && hyp->uart_intid == SEPTUM_NONE;

	return (no_uart || (hyp->uart_kind != 0 &&
			    hyp->uart_kind < SEPTUM_UART_KINDS &&
			    range_ok(hyp->uart_pa, hyp->uart_size))) &&
	       (hyp->uart_intid == SEPTUM_NONE ||
		septum_device_irq_ok(cfg->board.irqchip, hyp->uart_intid));
}

/*
 * An I/O port range of the cell (x86) fits in the port space and leaves
 * alone the power registers the hypervisor serves every cell (a range over
 * them would let the cell reach whatever the machine has there instead).
 */
static int pio_ok(const struct septum_pio *p)
{
	return p->size != 0 && p->base <= SEPTUM_PIO_PORTS &&
	       p->size <= SEPTUM_PIO_PORTS - p->base &&
	       (p->base >= SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS ||
		p->base + p->size <= SEPTUM_X86_PM_PORT);
}

/*
 * The cell's virtual UART.  A console on I/O ports only on a PC, and only a
 * PC's: an image links the models its machine's cells can have.
 */
static int vuart_ok(const struct septum_config *cfg,
		    const struct septum_cell *c)
{
	const struct septum_vuart *u = &c->vuart;

	if (u->kind == SEPTUM_VUART_NONE)
		return u->base == 0;
	return u->kind < SEPTUM_VUART_KINDS &&
	       (u->kind == SEPTUM_VUART_NS16550_PIO) ==
		       (cfg->board.irqchip == SEPTUM_IRQCHIP_X86_APIC) &&
	       (!septum_vuart_is_mmio(u->kind) ||
		page_range_ok(u->base, SEPTUM_PAGE_SIZE)) &&
	       septum_device_irq_ok(cfg->board.irqchip, u->vintid);
}

/* The guest range [ipa, ipa + size) lies inside one region of the cell. */
static int in_cell_memory(const struct septum_cell *c, uint64_t ipa,
			  uint64_t size)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++) {
		if (range_inside(ipa, size, c->regions[i].ipa,
				 c->regions[i].size))
			return 1;
	}
	return 0;
}

/* Where the image's bytes are: inside the payload, or a sane physical range. */
static int image_source_ok(const struct septum_image *im,
			   const struct septum_config_header *h)
{
	if (im->source == SEPTUM_SRC_BLOB)
		return im->offset >= h->table_size &&
		       im->offset % SEPTUM_CONFIG_PAYLOAD_ALIGN == 0 &&
		       range_inside(im->offset, im->size, 0, h->total_size);
	if (im->source == SEPTUM_SRC_PHYS)
		return range_ok(im->pa, im->size);
	return 0;
}

static int image_ok(const struct septum_config *cfg,
		    const struct septum_cell *c, const struct septum_image *im)
{
	if (im->kind < SEPTUM_IMAGE_KERNEL || im->kind > SEPTUM_IMAGE_DTB)
		return 0;
	if (!range_ok(im->load_ipa, im->size) ||
	    !image_source_ok(im, &cfg->header) ||
	    !in_cell_memory(c, im->load_ipa, im->size))
		return 0;
	/* A coloured cell's memory is scattered: no loader can preload it. */
	if (c->colours != 0 && im->source != SEPTUM_SRC_BLOB)
		return 0;
	if (im->kind != SEPTUM_IMAGE_KERNEL)
		return im->arch == SEPTUM_ARCH_NONE && im->entry_ipa == 0;
	return im->arch != SEPTUM_ARCH_NONE && im->arch < SEPTUM_ARCH_COUNT &&
	       range_inside(im->entry_ipa, 1, im->load_ipa, im->size);
}

static int seeds_ok(const struct septum_cell *c)
{
	for (uint32_t i = 0; i < SEPTUM_MAX_SEEDS; i++) {
		const struct septum_seed *s = &c->seeds[i];

		if (!s->len && !s->ipa && !s->blank_before)
			continue;
		if (!s->len || s->len > SEPTUM_MAX_SEED_LEN || s->ipa % 4 ||
		    s->blank_before % 4 || s->blank_before > 16 ||
		    s->ipa < s->blank_before || s->pad0 ||
		    !in_cell_memory(c, s->ipa - s->blank_before,
				    s->blank_before + ALIGN_UP(s->len, 4u)))
			return 0;
	}
	return 1;
}

/*
 * A coloured cell's runs: inside the payload, sorted by guest address
 * without overlap, each inside a region, as many bytes as its regions (so,
 * regions not overlapping, they fill them).  Every colour named exists.
 */
static int runs_ok(const struct septum_config *cfg,
		   const struct septum_cell *c)
{
	const struct septum_run *runs;
	uint64_t bytes = 0, want = 0, next = 0;
	uint32_t i;

	if (c->colours == 0)
		return c->num_runs == 0 && c->runs_offset == 0;
	if (!colours_ok(cfg, c->colours) || c->num_runs == 0 ||
	    c->runs_offset < cfg->header.table_size ||
	    c->runs_offset > cfg->header.total_size ||
	    c->runs_offset % BLOB_ALIGN != 0 ||
	    c->num_runs > (cfg->header.total_size - c->runs_offset) /
				  sizeof(struct septum_run))
		return 0;
	runs = (const void *)((const uint8_t *)cfg + c->runs_offset);
	for (i = 0; i < c->num_runs; i++) {
		const struct septum_run *r = &runs[i];

		if (!page_range_ok(r->pa, r->size) ||
		    !page_range_ok(r->ipa, r->size) ||
		    !in_cell_memory(c, r->ipa, r->size) || r->ipa < next)
			return 0;
		next = r->ipa + r->size;
		bytes += r->size;
	}
	for (i = 0; i < c->num_regions; i++)
		want += c->regions[i].size;
	return bytes == want;
}

/* State table, read/write section and output sections fill the memory. */
static int channel_layout_ok(const struct septum_channel *ch)
{
	uint64_t outputs = ch->out_size * ch->num_peers;

	return page_aligned(ch->rw_size) && page_aligned(ch->out_size) &&
	       ch->out_size <= ch->size && ch->rw_size <= ch->size &&
	       IVSHMEM_STATE_TABLE_SIZE + ch->rw_size + outputs == ch->size;
}

/* What a rule checks of its field. */
enum rule_op {
	OP_RANGE,	/* u32: lo <= it <= hi */
	OP_EQ,		/* u32: it == hi */
	OP_BELOW,	/* u32: below the record's u32 at offset hi */
	OP_CELL,	/* u32: names a cell */
	OP_IRQ,		/* u32: an interrupt a device may raise on the board */
	OP_PAGES,	/* u64 base, with its u64 size hi bytes further: a page
			 * range (page_range_ok()) */
	OP_NAME,	/* a name (name_ok()) */
	/* The checks in code, one each: */
	OP_TOTAL_SIZE,	/* the header's total size: the table to `len` */
	OP_CRC,
	OP_UART,
	OP_HYP_COLOURS,
	OP_PIO,		/* a cell's port range, pio_ok() */
	OP_VUART,
	OP_CPU,		/* a cell's CPU: on the board, in no cell before */
	OP_REGION_PA,	/* a region's pa: 0 if the cell is coloured, else
			 * a page range */
	OP_IMAGE,	/* image_ok() */
	OP_ENTRY,	/* the cell's entry image is a kernel */
	OP_ECAM,	/* the cell's PCI window: none, or 1 MiB aligned */
	OP_SEEDS,
	OP_RUNS,
	OP_CELL_OVERLAP,
	OP_LAYOUT,	/* a channel's sections, channel_layout_ok() */
	OP_PEER,	/* a peer's windows and PCI slot */
};

/*
 * One check: of the field at `off` in the record, or, with a `stride`, of
 * that field in each of the first n elements of an array (n the record's
 * u32 at `count`, `off` in its first element).  A check in code of a whole
 * element names the element's first field.
 */
struct rule {
	uint16_t off;
	uint16_t count;
	uint8_t stride;
	uint8_t op;		/* enum rule_op */
	uint8_t err;		/* enum blob_check: what breaking it is */
	uint8_t lo;
	uint32_t hi;
};

#define OFF(type, field) ((uint16_t)__builtin_offsetof(type, field))
/* A field of the record, of an element of one of its arrays. */
#define ONE(type, field, op, lo, hi, err) \
	{ OFF(type, field), 0, 0, op, err, lo, hi }
#define EACH(type, array, field, count, op, lo, hi, err)                      \
	{ OFF(type, array[0].field), OFF(type, count),                         \
	  sizeof(((type *)0)->array[0]), op, err, lo, hi }

/* What the rules look at besides their record. */
struct verify {
	const struct septum_config *cfg;
	size_t len;		/* bytes the caller vouches for */
	uint32_t taken;		/* board CPUs the cells so far took */
	uint32_t index;		/* the cell's */
};

static uint32_t u32_at(const uint8_t *p)
{
	return *(const uint32_t *)(const void *)p;
}

static uint64_t u64_at(const uint8_t *p)
{
	return *(const uint64_t *)(const void *)p;
}

static int cpu_ok(struct verify *v, const struct septum_cell_cpu *c)
{
	const struct septum_board *b = &v->cfg->board;
	uint32_t cpu = c->board_cpu;

	if (cpu >= b->num_cpus || (v->taken & (1u << cpu)) != 0 ||
	    c->hwid != b->cpu_hwid[cpu])
		return 0;
	v->taken |= 1u << cpu;
	return 1;
}

static int cell_overlap_free(const struct septum_config *cfg, uint32_t ci);

/*
 * Whether field `f` of record `rec` keeps rule r.  The field's type is the
 * one its op reads.
 */
static int rule_ok(struct verify *v, const uint8_t *rec, const struct rule *r,
		   const uint8_t *f)
{
	const struct septum_config *cfg = v->cfg;
	const void *c = rec, *e = f;	/* the record, the element */

	switch (r->op) {
	case OP_RANGE:
		return u32_at(f) >= r->lo && u32_at(f) <= r->hi;
	case OP_EQ:
		return u32_at(f) == r->hi;
	case OP_BELOW:
		return u32_at(f) < u32_at(rec + r->hi);
	case OP_CELL:
		return u32_at(f) < cfg->header.num_cells;
	case OP_IRQ:
		return septum_device_irq_ok(cfg->board.irqchip, u32_at(f));
	case OP_PAGES:
		return page_range_ok(u64_at(f), u64_at(f + r->hi));
	case OP_NAME:
		return name_ok((const char *)f);
	case OP_TOTAL_SIZE:
		return cfg->header.total_size >= cfg->header.table_size &&
		       cfg->header.total_size <= v->len;
	case OP_CRC:
		return blob_crc(rec) == cfg->header.crc32;
	case OP_UART:
		return uart_ok(cfg);
	case OP_HYP_COLOURS:
		return colours_ok(cfg, cfg->hyp_colours);
	case OP_PIO:
		return pio_ok(e);
	case OP_VUART:
		return vuart_ok(cfg, c);
	case OP_CPU:
		return cpu_ok(v, e);
	case OP_REGION_PA: {
		const struct septum_region *reg = e;

		/* A coloured cell's pages are in its runs: no pa of its own. */
		return ((const struct septum_cell *)c)->colours ?
			       reg->pa == 0 : page_range_ok(reg->pa, reg->size);
	}
	case OP_IMAGE:
		return image_ok(cfg, c, e);
	case OP_ENTRY: {
		const struct septum_cell *cell = c;

		return cell->images[cell->entry_image].kind ==
		       SEPTUM_IMAGE_KERNEL;
	}
	case OP_ECAM: {
		uint64_t ecam = ((const struct septum_cell *)c)->pci_ecam;

		return ecam == 0 || ((ecam & (PCI_ECAM_SIZE - 1u)) == 0 &&
				     range_ok(ecam, PCI_ECAM_SIZE));
	}
	case OP_SEEDS:
		return seeds_ok(c);
	case OP_RUNS:
		return runs_ok(cfg, c);
	case OP_CELL_OVERLAP:
		return cell_overlap_free(cfg, v->index);
	case OP_LAYOUT:
		return channel_layout_ok(c);
	case OP_PEER: {
		const struct septum_peer *p = e;

		return page_range_ok(p->ipa,
				     ((const struct septum_channel *)c)->size) &&
		       page_aligned(p->regs_ipa) &&
		       (p->pci_slot == SEPTUM_NONE || p->pci_slot < PCI_SLOTS);
	}
	default:
		return 0;
	}
}

/* Record rec against rules[0..n): BLOB_OK, or the first rule's error. */
static enum blob_check apply(struct verify *v, const void *rec,
			     const struct rule *rules, size_t n)
{
	const uint8_t *base = rec;

	for (const struct rule *r = rules; r < rules + n; r++) {
		uint32_t count = r->stride ? u32_at(base + r->count) : 1;

		for (uint32_t i = 0; i < count; i++) {
			if (!rule_ok(v, base, r, base + r->off + i * r->stride))
				return (enum blob_check)r->err;
		}
	}
	return BLOB_OK;
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The header, then the board, the hypervisor and what is the whole table's. */
static const struct rule top_rules[] = {
#define T struct septum_config
	ONE(T, header.magic, OP_EQ, 0, SEPTUM_CONFIG_MAGIC, BLOB_ERR_MAGIC),
	ONE(T, header.version, OP_EQ, 0, SEPTUM_CONFIG_VERSION,
	    BLOB_ERR_VERSION),
	ONE(T, header.table_size, OP_EQ, 0, sizeof(struct septum_config),
	    BLOB_ERR_TABLE_SIZE),
	ONE(T, header, OP_TOTAL_SIZE, 0, 0, BLOB_ERR_TOTAL_SIZE),
	ONE(T, header, OP_CRC, 0, 0, BLOB_ERR_CRC),
	ONE(T, header.num_cells, OP_RANGE, 1, SEPTUM_MAX_CELLS, BLOB_ERR_COUNTS),
	ONE(T, header.num_channels, OP_RANGE, 0, SEPTUM_MAX_CHANNELS,
	    BLOB_ERR_COUNTS),
	/* The common part of the board; what its architecture adds
	 * (board.arch) is checked by the arch that programs it. */
	ONE(T, board.irqchip, OP_RANGE, SEPTUM_IRQCHIP_GICV2,
	    SEPTUM_IRQCHIP_X86_APIC, BLOB_ERR_BOARD),
	ONE(T, board.num_cpus, OP_RANGE, 1, SEPTUM_MAX_CPUS, BLOB_ERR_BOARD),
	ONE(T, hyp.mem_pa, OP_PAGES, 0, OFF(T, hyp.mem_size) - OFF(T, hyp.mem_pa),
	    BLOB_ERR_HYP),
	ONE(T, hyp, OP_UART, 0, 0, BLOB_ERR_HYP),
	ONE(T, hyp.log_level, OP_RANGE, 0, SEPTUM_LOG_DEBUG, BLOB_ERR_HYP),
	ONE(T, focus_cell, OP_CELL, 0, 0, BLOB_ERR_FOCUS),
	ONE(T, llc.colours, OP_RANGE, 0, SEPTUM_MAX_COLOURS, BLOB_ERR_LLC),
	ONE(T, llc.pad0, OP_RANGE, 0, 0, BLOB_ERR_LLC),
	ONE(T, hyp_colours, OP_HYP_COLOURS, 0, 0, BLOB_ERR_HYP_COLOUR),
#undef T
};

static const struct rule cell_rules[] = {
#define C struct septum_cell
	ONE(C, name, OP_NAME, 0, 0, BLOB_ERR_CELL_NAME),
	ONE(C, flags, OP_RANGE, 0, SEPTUM_CELL_ALL_FLAGS, BLOB_ERR_CELL_FIELDS),
	ONE(C, fault_policy, OP_RANGE, SEPTUM_FAULT_STOP, SEPTUM_FAULT_INJECT,
	    BLOB_ERR_CELL_FIELDS),
	ONE(C, num_cpus, OP_RANGE, 1, SEPTUM_MAX_CPUS, BLOB_ERR_CELL_FIELDS),
	ONE(C, num_regions, OP_RANGE, 1, SEPTUM_MAX_REGIONS,
	    BLOB_ERR_CELL_FIELDS),
	ONE(C, num_images, OP_RANGE, 1, SEPTUM_MAX_IMAGES, BLOB_ERR_CELL_FIELDS),
	ONE(C, num_mmio, OP_RANGE, 0, SEPTUM_MAX_MMIO, BLOB_ERR_CELL_FIELDS),
	ONE(C, num_irqs, OP_RANGE, 0, SEPTUM_MAX_IRQS, BLOB_ERR_CELL_FIELDS),
	ONE(C, entry_image, OP_BELOW, 0, OFF(C, num_images),
	    BLOB_ERR_CELL_FIELDS),
	ONE(C, num_pio, OP_RANGE, 0, SEPTUM_MAX_PIO, BLOB_ERR_CELL_FIELDS),
	ONE(C, pad1, OP_RANGE, 0, 0, BLOB_ERR_CELL_FIELDS),
	EACH(C, pio, base, num_pio, OP_PIO, 0, 0, BLOB_ERR_CELL_FIELDS),
	ONE(C, vuart, OP_VUART, 0, 0, BLOB_ERR_CELL_FIELDS),
	EACH(C, cpus, board_cpu, num_cpus, OP_CPU, 0, 0, BLOB_ERR_CELL_CPU),
	EACH(C, regions, flags, num_regions, OP_RANGE, 0, SEPTUM_MEM_ALL_FLAGS,
	     BLOB_ERR_CELL_REGION),
	EACH(C, regions, ipa, num_regions, OP_PAGES, 0,
	     OFF(struct septum_region, size) - OFF(struct septum_region, ipa),
	     BLOB_ERR_CELL_REGION),
	EACH(C, regions, pa, num_regions, OP_REGION_PA, 0, 0,
	     BLOB_ERR_CELL_REGION),
	EACH(C, images, kind, num_images, OP_IMAGE, 0, 0, BLOB_ERR_CELL_IMAGE),
	ONE(C, entry_image, OP_ENTRY, 0, 0, BLOB_ERR_CELL_IMAGE),
	EACH(C, mmio, pa, num_mmio, OP_PAGES, 0,
	     OFF(struct septum_mmio, size) - OFF(struct septum_mmio, pa),
	     BLOB_ERR_CELL_MMIO),
	EACH(C, mmio, ipa, num_mmio, OP_PAGES, 0,
	     OFF(struct septum_mmio, size) - OFF(struct septum_mmio, ipa),
	     BLOB_ERR_CELL_MMIO),
	EACH(C, irqs, pintid, num_irqs, OP_IRQ, 0, 0, BLOB_ERR_CELL_IRQ),
	EACH(C, irqs, vintid, num_irqs, OP_IRQ, 0, 0, BLOB_ERR_CELL_IRQ),
	ONE(C, pci_ecam, OP_ECAM, 0, 0, BLOB_ERR_CELL_MMIO),
	ONE(C, firmware.num_calls, OP_RANGE, 0, SEPTUM_MAX_FW_CALLS,
	    BLOB_ERR_CELL_FIRMWARE),
	ONE(C, firmware.num_ids, OP_RANGE, 0, SEPTUM_MAX_FW_IDS,
	    BLOB_ERR_CELL_FIRMWARE),
	EACH(C, firmware.calls, arg, firmware.num_calls, OP_RANGE, 0,
	     SEPTUM_FW_ARG_KINDS - 1, BLOB_ERR_CELL_FIRMWARE),
	EACH(C, firmware.ids, arg, firmware.num_ids, OP_RANGE, 1,
	     SEPTUM_FW_ARG_KINDS - 1, BLOB_ERR_CELL_FIRMWARE),
	ONE(C, seeds, OP_SEEDS, 0, 0, BLOB_ERR_CELL_SEED),
	ONE(C, pad2, OP_RANGE, 0, 0, BLOB_ERR_CELL_COLOUR),
	ONE(C, colours, OP_RUNS, 0, 0, BLOB_ERR_CELL_COLOUR),
	/* Its memory leaves the hypervisor's and earlier cells' alone. */
	ONE(C, regions, OP_CELL_OVERLAP, 0, 0, BLOB_ERR_CELL_OVERLAP),
#undef C
};

static const struct rule channel_rules[] = {
#define H struct septum_channel
	ONE(H, name, OP_NAME, 0, 0, BLOB_ERR_CHANNEL_NAME),
	ONE(H, num_peers, OP_RANGE, MIN_PEERS, SEPTUM_MAX_PEERS,
	    BLOB_ERR_CHANNEL_PEER),
	ONE(H, pa, OP_PAGES, 0, OFF(H, size) - OFF(H, pa), BLOB_ERR_CHANNEL_MEM),
	ONE(H, size, OP_LAYOUT, 0, 0, BLOB_ERR_CHANNEL_MEM),
	EACH(H, peers, cell, num_peers, OP_CELL, 0, 0, BLOB_ERR_CHANNEL_PEER),
	EACH(H, peers, rights, num_peers, OP_RANGE, 0, SEPTUM_PEER_ALL_RIGHTS,
	     BLOB_ERR_CHANNEL_PEER),
	EACH(H, peers, vintid, num_peers, OP_IRQ, 0, 0, BLOB_ERR_CHANNEL_PEER),
	EACH(H, peers, cell, num_peers, OP_PEER, 0, 0, BLOB_ERR_CHANNEL_PEER),
#undef H
};

/* [a, a + an) and [b, b + bn) share a byte; both assumed non-wrapping. */
static int ranges_meet(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * The owners of physical ranges.  The hypervisor keeps its memory, its
 * UART, the SMMU's registers and the PCIe host's configuration space the
 * SMMU's functions sit in (O_HYP), or its UART on I/O ports (O_HYP_PIO,
 * in the port space like O_PIO).  A cell owns its memory (its runs when it
 * is coloured, its regions then carrying no physical address), its device
 * ranges and its port ranges; a channel its memory.
 */
enum owner { O_HYP, O_HYP_PIO, O_MEM, O_DEV, O_PIO, O_CHAN, O_KINDS };

/* How many owners of kind o the table has. */
static uint32_t owners(const struct septum_config *cfg, uint32_t o)
{
	if (o == O_CHAN)
		return cfg->header.num_channels;
	return o < O_MEM ? 1 : cfg->header.num_cells;
}

/* How many ranges owner i of kind o has. */
static uint32_t ranges(const struct septum_config *cfg, uint32_t o,
		       uint32_t i)
{
	const struct septum_cell *c = &cfg->cells[i];

	switch (o) {
	case O_HYP:
		return 4;
	case O_MEM:
		return c->colours ? c->num_runs : c->num_regions;
	case O_DEV:
		return c->num_mmio;
	case O_PIO:
		return c->num_pio;
	default:
		return 1;
	}
}

/* A run, a region and an MMIO range all begin with pa, size 16 bytes on. */
#define PA_SIZE_AT 16u
_Static_assert(__builtin_offsetof(struct septum_run, size) == PA_SIZE_AT &&
		       __builtin_offsetof(struct septum_region, size) ==
			       PA_SIZE_AT &&
		       __builtin_offsetof(struct septum_mmio, size) == PA_SIZE_AT,
	       "pa and size of runs, regions and MMIO ranges");

/* Range k of owner i of kind o, as r[0] base, r[1] size (0: none). */
static void range_of(const struct septum_config *cfg, uint32_t o, uint32_t i,
		     uint32_t k, uint64_t r[2])
{
#define AT(base, size) \
	{ OFF(struct septum_config, base), OFF(struct septum_config, size) }
	static const uint16_t hyp[4][2] = {
		AT(hyp.mem_pa, hyp.mem_size), AT(hyp.uart_pa, hyp.uart_size),
		AT(smmu.pa, smmu.size), AT(smmu.ecam_pa, smmu.ecam_size),
	};
#undef AT
	const struct septum_cell *c = &cfg->cells[i];
	int uart_pio = cfg->hyp.uart_kind == SEPTUM_UART_NS16550_PIO;
	const uint8_t *e = (const void *)cfg;	/* the element, pa and size in it */
	uint32_t base = 0, size = PA_SIZE_AT;
	int none = 0;

	switch (o) {
	case O_HYP:
		base = hyp[k][0];
		size = hyp[k][1];
		none = k == 1 && uart_pio;
		break;
	case O_HYP_PIO:
		base = hyp[1][0];
		size = hyp[1][1];
		none = !uart_pio;
		break;
	case O_MEM:
		/* A coloured cell's runs are in the payload (verified). */
		e = c->colours ? (const uint8_t *)cfg + c->runs_offset +
					 k * sizeof(struct septum_run) :
				 (const void *)&c->regions[k];
		break;
	case O_DEV:
		e = (const void *)&c->mmio[k];
		break;
	case O_PIO:
		r[0] = c->pio[k].base;
		r[1] = c->pio[k].size;
		return;
	default:
		e = (const void *)&cfg->channels[i];
		base = OFF(struct septum_channel, pa);
		size = OFF(struct septum_channel, size);
		break;
	}
	r[0] = u64_at(e + base);
	r[1] = none ? 0 : u64_at(e + size);
}

/*
 * What a range of each kind must not meet: the ranges of every owner of
 * the kinds here (bit n: kind n), and those of the owners of its own kind
 * before its own.  So a hand-made blob cannot give one cell what the
 * hypervisor or another cell has.
 */
static const uint8_t must_miss[O_KINDS] = {
	[O_MEM] = BIT(O_HYP),
	[O_DEV] = BIT(O_HYP) | BIT(O_MEM),
	[O_PIO] = BIT(O_HYP_PIO),
	[O_CHAN] = BIT(O_HYP) | BIT(O_MEM) | BIT(O_DEV),
};

/*
 * No range of owner i of kind o meets one it must miss (its own and the
 * others verified: non-empty, not wrapping).  Pairs of ranges: a few each,
 * or a coloured cell's runs (hundreds for tens of MiB), once at boot.
 */
static int owner_clear(const struct septum_config *cfg, uint32_t o, uint32_t i)
{
	uint64_t r[2], q[2];

	for (uint32_t k = 0; k < ranges(cfg, o, i); k++) {
		range_of(cfg, o, i, k, r);
		for (uint32_t p = 0; p < O_KINDS; p++) {
			uint32_t n = (must_miss[o] & BIT(p)) ? owners(cfg, p) :
				     p == o			 ? i :
								   0;

			for (uint32_t j = 0; j < n; j++) {
				for (uint32_t l = 0; l < ranges(cfg, p, j); l++) {
					range_of(cfg, p, j, l, q);
					if (q[1] && ranges_meet(r[0], r[1], q[0], q[1]))
						return 0;
				}
			}
		}
	}
	return 1;
}

/* Cell ci's memory leaves the hypervisor's and the earlier cells' alone. */
static int cell_overlap_free(const struct septum_config *cfg, uint32_t ci)
{
	return owner_clear(cfg, O_MEM, ci);
}

/*
 * Once every cell and channel is verified on its own: no cell's device or
 * port range reaches the hypervisor's memory or devices, a cell's memory
 * or another cell's devices; no channel's memory reaches those or another
 * channel's.
 */
static enum blob_check verify_owners(const struct septum_config *cfg,
				     uint32_t *where)
{
	for (uint32_t i = 0; i < cfg->header.num_cells; i++) {
		*where = i;
		if (!owner_clear(cfg, O_DEV, i) || !owner_clear(cfg, O_PIO, i))
			return BLOB_ERR_CELL_DEVICE_OVERLAP;
	}
	for (uint32_t j = 0; j < cfg->header.num_channels; j++) {
		*where = j;
		if (!owner_clear(cfg, O_CHAN, j))
			return BLOB_ERR_CHANNEL_OVERLAP;
	}
	*where = SEPTUM_NONE;
	return BLOB_OK;
}

/* A BAR in use: any of its fields set. */
static int bar_used(const struct septum_pci_bar *b)
{
	return (b->pa | b->bus | b->size) != 0;
}

/* A passed-through function's BARs: aligned, non-wrapping, below 4 GiB on
 * the bus unless 64-bit; a 64-bit BAR's upper half is no BAR of its own. */
static int pci_bars_ok(const struct septum_pci_func *f, uint8_t bar64)
{
	if (bar64 >> SEPTUM_PCI_BARS)
		return 0;
	for (uint32_t i = 0; i < SEPTUM_PCI_BARS; i++) {
		const struct septum_pci_bar *b = &f->bars[i];
		int wide = (bar64 & BIT(i)) != 0;

		if (wide && (i + 1u >= SEPTUM_PCI_BARS || b->size == 0 ||
			     (bar64 & BIT(i + 1u)) || bar_used(b + 1)))
			return 0;
		if (!bar_used(b))
			continue;
		if (!page_range_ok(b->pa, b->size) ||
		    (b->size & (b->size - 1u)) != 0 ||
		    (b->bus & (b->size - 1u)) != 0 ||
		    b->bus + b->size < b->bus ||
		    (!wide && b->bus + b->size > 0x100000000ull))
			return 0;
	}
	return 1;
}

/* Whether cell ci has hardware interrupt `intid`. */
static int cell_has_irq(const struct septum_config *cfg, uint32_t ci,
			uint32_t intid)
{
	const struct septum_cell *c = &cfg->cells[ci];

	for (uint32_t i = 0; i < c->num_irqs && i < SEPTUM_MAX_IRQS; i++) {
		if (c->irqs[i].pintid == intid)
			return 1;
	}
	return 0;
}

/* Function i's INTx: none, or a pin routed to one of its cell's interrupts;
 * an unused entry is zero. */
static int pci_intx_ok(const struct septum_config *cfg, uint32_t i)
{
	const struct septum_pci_intx *x = &cfg->smmu.intx[i];

	if (i >= cfg->smmu.num_funcs)
		return x->pin == 0 && x->intid == 0;
	if (x->pin == 0)
		return x->intid == SEPTUM_NONE;
	return x->pin <= 4 && cfg->smmu.funcs[i].cell < cfg->header.num_cells &&
	       septum_device_irq_ok(cfg->board.irqchip, x->intid) &&
	       cell_has_irq(cfg, cfg->smmu.funcs[i].cell, x->intid);
}

/* The SMMU and its functions: each function and StreamID owned once. */
static enum blob_check verify_smmu(const struct septum_config *cfg)
{
	const struct septum_smmu *s = &cfg->smmu;

	for (uint32_t i = 0; i < SEPTUM_MAX_PCI_FUNCS; i++) {
		if (!pci_intx_ok(cfg, i) || (i >= s->num_funcs && s->bar64[i]))
			return BLOB_ERR_SMMU;
	}
	if (s->pa == 0)
		return s->size || s->ecam_pa || s->ecam_size || s->num_funcs ?
			       BLOB_ERR_SMMU : BLOB_OK;
	/* An SMMUv3 sits beside a GIC: on a PC nothing would translate the
	 * functions' DMA. */
	if (cfg->board.irqchip == SEPTUM_IRQCHIP_X86_APIC)
		return BLOB_ERR_SMMU;
	if (!page_range_ok(s->pa, s->size) ||
	    (s->ecam_size || s->num_funcs ?
		     !page_range_ok(s->ecam_pa, s->ecam_size) : s->ecam_pa != 0) ||
	    !septum_device_irq_ok(cfg->board.irqchip, s->evtq_intid) ||
	    !septum_device_irq_ok(cfg->board.irqchip, s->gerror_intid) ||
	    s->num_funcs > SEPTUM_MAX_PCI_FUNCS)
		return BLOB_ERR_SMMU;
	for (uint32_t i = 0; i < s->num_funcs; i++) {
		const struct septum_pci_func *f = &s->funcs[i];

		if (f->cell >= cfg->header.num_cells || f->bdf > 0xffffu ||
		    f->stream >= SEPTUM_SMMU_STREAMS ||
		    (uint64_t)(f->bdf >> 8) << 20 >= s->ecam_size ||
		    !pci_bars_ok(f, s->bar64[i]))
			return BLOB_ERR_SMMU;
		for (uint32_t j = 0; j < i; j++) {
			if (s->funcs[j].bdf == f->bdf ||
			    s->funcs[j].stream == f->stream)
				return BLOB_ERR_SMMU;
		}
	}
	return BLOB_OK;
}

/* Everything after the header's first two checks, top level first. */
static enum blob_check verify_tables(struct verify *v, uint32_t *where)
{
	/* The cells, then the channels, each with its rules. */
	static const struct {
		uint16_t off, stride, count;	/* in the table, its header */
		uint8_t n;
		const struct rule *rules;
	} arrays[] = {
		{ OFF(struct septum_config, cells), sizeof(struct septum_cell),
		  OFF(struct septum_config, header.num_cells),
		  ARRAY_LEN(cell_rules), cell_rules },
		{ OFF(struct septum_config, channels),
		  sizeof(struct septum_channel),
		  OFF(struct septum_config, header.num_channels),
		  ARRAY_LEN(channel_rules), channel_rules },
	};
	const struct septum_config *cfg = v->cfg;
	const uint8_t *base = (const void *)cfg;
	enum blob_check err = apply(v, cfg, top_rules, ARRAY_LEN(top_rules));

	for (uint32_t a = 0; a < ARRAY_LEN(arrays); a++) {
		for (uint32_t i = 0; err == BLOB_OK &&
				     i < u32_at(base + arrays[a].count);
		     i++) {
			*where = v->index = i;
			err = apply(v, base + arrays[a].off + i * arrays[a].stride,
				    arrays[a].rules, arrays[a].n);
		}
	}
	if (err == BLOB_OK) {
		*where = SEPTUM_NONE;	/* the SMMU's errors name no entry */
		err = verify_smmu(cfg);
	}
	if (err == BLOB_OK)
		err = verify_owners(cfg, where);
	return err;
}

enum err blob_verify(const void *blob, size_t len, struct blob_fault *fault)
{
	struct verify v = { blob, len, 0, 0 };
	struct blob_fault dummy;

	if (fault == NULL)
		fault = &dummy;
	fault->where = SEPTUM_NONE;
	if (((uintptr_t)blob & (BLOB_ALIGN - 1u)) != 0)
		fault->check = BLOB_ERR_ALIGN;
	else if (len < sizeof(struct septum_config))
		fault->check = BLOB_ERR_SHORT;
	else
		fault->check = verify_tables(&v, &fault->where);
	return fault->check == BLOB_OK ? E_OK : E_INVALID;
}

static const char *const blob_error_text[BLOB_ERR_COUNT] = {
	[BLOB_OK] = "the config blob is valid",
	[BLOB_ERR_ALIGN] = "the config blob is not 8-byte aligned in memory",
	[BLOB_ERR_SHORT] = "the config blob is shorter than its fixed table",
	[BLOB_ERR_MAGIC] = "no config blob here: the magic number is wrong",
	[BLOB_ERR_VERSION] =
		"the config blob was written for another version of Septum",
	[BLOB_ERR_TABLE_SIZE] =
		"the config blob's table size does not match this hypervisor",
	[BLOB_ERR_TOTAL_SIZE] =
		"the config blob's total size is larger than the data loaded",
	[BLOB_ERR_CRC] = "the config blob is corrupt: its table's CRC32 does not match",
	[BLOB_ERR_COUNTS] = "the config blob's cell or channel count is out of range",
	[BLOB_ERR_HYP] =
		"the config blob's hypervisor memory, UART or log level is invalid",
	[BLOB_ERR_BOARD] =
		"the config blob's interrupt controller or CPUs are invalid",
	[BLOB_ERR_FOCUS] = "the config blob's console focus names no cell",
	[BLOB_ERR_CELL_NAME] = "a cell's name is empty or not terminated",
	[BLOB_ERR_CELL_FIELDS] =
		"a cell's flags, fault policy, counts or virtual UART are invalid",
	[BLOB_ERR_CELL_CPU] =
		"a cell names a CPU that does not exist or belongs to another cell",
	[BLOB_ERR_CELL_REGION] =
		"a cell's memory region is empty, unaligned, wraps or has unknown flags",
	[BLOB_ERR_CELL_IMAGE] =
		"a cell's image lies outside the blob or outside the cell's memory",
	[BLOB_ERR_CELL_MMIO] =
		"a cell's device MMIO range or PCI window is empty or unaligned",
	[BLOB_ERR_CELL_IRQ] = "a cell's interrupt is not one a device may raise",
	[BLOB_ERR_CELL_FIRMWARE] = "a cell's firmware calls are malformed",
	[BLOB_ERR_CELL_SEED] =
		"a cell's seed slot is too long, unaligned or outside its memory",
	[BLOB_ERR_CELL_COLOUR] =
		"a cell's cache colours or coloured memory runs are invalid",
	[BLOB_ERR_LLC] = "the config blob's cache geometry is out of range",
	[BLOB_ERR_HYP_COLOUR] =
		"the hypervisor's cache colours are not colours of the board's cache",
	[BLOB_ERR_CHANNEL_NAME] = "a channel's name is empty or not terminated",
	[BLOB_ERR_CHANNEL_MEM] =
		"a channel's memory is empty, unaligned, wraps or mis-sectioned",
	[BLOB_ERR_CHANNEL_PEER] =
		"a channel's peers are too few, too many, or invalid",
	[BLOB_ERR_CELL_OVERLAP] = ("a cell's memory region overlaps the "
				   "hypervisor's memory or devices, or another "
				   "cell's memory: refusing to map it"),
	[BLOB_ERR_CELL_DEVICE_OVERLAP] = (
		"a cell's device or port range overlaps the hypervisor's "
		"memory or devices, a cell's memory or another cell's "
		"devices: refusing to map it"),
	[BLOB_ERR_CHANNEL_OVERLAP] = (
		"a channel's memory overlaps the hypervisor's memory or "
		"devices, a cell's memory or devices, or another channel: "
		"refusing to map it"),
	[BLOB_ERR_SMMU] =
		"the SMMU or a PCI function given to a cell is invalid or given twice",
};

const char *blob_check_str(enum blob_check check)
{
	if ((unsigned int)check >= BLOB_ERR_COUNT)
		return "unknown config blob error";
	return blob_error_text[check];
}
