/*
 * Config blob verifier.  Portable and freestanding: no libc, no allocation, and
 * every read of the blob stays inside the `len` bytes the caller vouches for.
 * Each check is a small function returning BLOB_OK or the first error it sees.
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

static enum blob_check verify_header(const void *blob, size_t len)
{
	const struct septum_config_header *h = blob;

	if (((uintptr_t)blob & (BLOB_ALIGN - 1u)) != 0)
		return BLOB_ERR_ALIGN;
	if (len < sizeof(struct septum_config))
		return BLOB_ERR_SHORT;
	if (h->magic != SEPTUM_CONFIG_MAGIC)
		return BLOB_ERR_MAGIC;
	if (h->version != SEPTUM_CONFIG_VERSION)
		return BLOB_ERR_VERSION;
	if (h->table_size != sizeof(struct septum_config))
		return BLOB_ERR_TABLE_SIZE;
	if (h->total_size < h->table_size || h->total_size > len)
		return BLOB_ERR_TOTAL_SIZE;
	if (blob_crc(blob) != h->crc32)
		return BLOB_ERR_CRC;
	if (h->num_cells == 0 || h->num_cells > SEPTUM_MAX_CELLS ||
	    h->num_channels > SEPTUM_MAX_CHANNELS)
		return BLOB_ERR_COUNTS;
	return BLOB_OK;
}

static enum blob_check verify_hyp(const struct septum_hyp *hyp,
				  const struct septum_board *b)
{
	/* No UART at all (console = "none") is all zero. */
	int no_uart = hyp->uart_kind == 0 && hyp->uart_pa == 0 &&
		      hyp->uart_size == 0 && hyp->uart_intid == SEPTUM_NONE;
	int uart_kind_ok = no_uart || (hyp->uart_kind != 0 &&
				       hyp->uart_kind < SEPTUM_UART_KINDS);
	int uart_irq_ok = hyp->uart_intid == SEPTUM_NONE ||
			  septum_device_irq_ok(b->irqchip, hyp->uart_intid);

	if (!page_range_ok(hyp->mem_pa, hyp->mem_size) ||
	    (!no_uart && !range_ok(hyp->uart_pa, hyp->uart_size)) ||
	    !uart_kind_ok ||
	    !uart_irq_ok || hyp->log_level > SEPTUM_LOG_DEBUG)
		return BLOB_ERR_HYP;
	return BLOB_OK;
}

/*
 * The common part of the board; what its architecture adds (septum_board.arch)
 * is checked by the arch that programs it.
 */
static enum blob_check verify_board(const struct septum_board *b)
{
	if (!septum_irqchip_known(b->irqchip))
		return BLOB_ERR_BOARD;
	if (b->num_cpus == 0 || b->num_cpus > SEPTUM_MAX_CPUS)
		return BLOB_ERR_BOARD;
	return BLOB_OK;
}

/*
 * The cell's I/O port ranges (x86) fit in the port space and leave alone
 * the power registers the hypervisor serves every cell (a range over them
 * would let the cell reach whatever the machine has there instead).
 */
static int pio_ok(const struct septum_cell *c)
{
	uint32_t i;

	if (c->num_pio > SEPTUM_MAX_PIO || c->pad1 != 0)
		return 0;
	for (i = 0; i < c->num_pio; i++) {
		if (c->pio[i].size == 0 || c->pio[i].base > SEPTUM_PIO_PORTS ||
		    c->pio[i].size > SEPTUM_PIO_PORTS - c->pio[i].base ||
		    (c->pio[i].base < SEPTUM_X86_PM_PORT + SEPTUM_X86_PM_PORTS &&
		     c->pio[i].base + c->pio[i].size > SEPTUM_X86_PM_PORT))
			return 0;
	}
	return 1;
}

/* Counts, flags and policy of one cell. */
static enum blob_check verify_cell_fields(const struct septum_cell *c,
					  const struct septum_board *b)
{
	if (!name_ok(c->name))
		return BLOB_ERR_CELL_NAME;
	if ((c->flags & ~SEPTUM_CELL_ALL_FLAGS) != 0 ||
	    c->fault_policy < SEPTUM_FAULT_STOP ||
	    c->fault_policy > SEPTUM_FAULT_INJECT)
		return BLOB_ERR_CELL_FIELDS;
	if (c->num_cpus == 0 || c->num_cpus > SEPTUM_MAX_CPUS ||
	    c->num_regions == 0 || c->num_regions > SEPTUM_MAX_REGIONS ||
	    c->num_images == 0 || c->num_images > SEPTUM_MAX_IMAGES ||
	    c->num_mmio > SEPTUM_MAX_MMIO || c->num_irqs > SEPTUM_MAX_IRQS ||
	    c->entry_image >= c->num_images)
		return BLOB_ERR_CELL_FIELDS;
	if (!pio_ok(c))
		return BLOB_ERR_CELL_FIELDS;
	/* A console on I/O ports only on a PC, and only a PC's: an image
	 * links the models its machine's cells can have. */
	if (c->vuart.kind >= SEPTUM_VUART_KINDS ||
	    (c->vuart.kind == SEPTUM_VUART_NONE && c->vuart.base != 0) ||
	    (c->vuart.kind != SEPTUM_VUART_NONE &&
	     (c->vuart.kind == SEPTUM_VUART_NS16550_PIO) !=
		     (b->irqchip == SEPTUM_IRQCHIP_X86_APIC)) ||
	    (septum_vuart_is_mmio(c->vuart.kind) &&
	     !page_range_ok(c->vuart.base, SEPTUM_PAGE_SIZE)) ||
	    (c->vuart.kind != SEPTUM_VUART_NONE &&
	     !septum_device_irq_ok(b->irqchip, c->vuart.vintid)))
		return BLOB_ERR_CELL_FIELDS;
	return BLOB_OK;
}

/* Board CPU indices exist and none is in `*taken` already (then marked). */
static enum blob_check verify_cell_cpus(const struct septum_cell *c,
					const struct septum_board *b,
					uint32_t *taken)
{
	uint32_t i;

	for (i = 0; i < c->num_cpus; i++) {
		uint32_t cpu = c->cpus[i].board_cpu;

		if (cpu >= b->num_cpus || (*taken & (1u << cpu)) != 0 ||
		    c->cpus[i].hwid != b->cpu_hwid[cpu])
			return BLOB_ERR_CELL_CPU;
		*taken |= 1u << cpu;
	}
	return BLOB_OK;
}

static enum blob_check verify_cell_regions(const struct septum_cell *c)
{
	uint32_t i;

	for (i = 0; i < c->num_regions; i++) {
		const struct septum_region *r = &c->regions[i];

		/* A coloured cell's pages are in its runs: no pa of its own. */
		if ((c->colours != 0 && r->pa != 0) ||
		    (c->colours == 0 && !page_range_ok(r->pa, r->size)) ||
		    !page_range_ok(r->ipa, r->size) ||
		    (r->flags & ~SEPTUM_MEM_ALL_FLAGS) != 0)
			return BLOB_ERR_CELL_REGION;
	}
	return BLOB_OK;
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

static int image_ok(const struct septum_cell *c, const struct septum_image *im,
		    const struct septum_config_header *h)
{
	int is_kernel = im->kind == SEPTUM_IMAGE_KERNEL;

	if (im->kind != SEPTUM_IMAGE_KERNEL && im->kind != SEPTUM_IMAGE_INITRD &&
	    im->kind != SEPTUM_IMAGE_DTB)
		return 0;
	if (!range_ok(im->load_ipa, im->size) || !image_source_ok(im, h) ||
	    !in_cell_memory(c, im->load_ipa, im->size))
		return 0;
	/* A coloured cell's memory is scattered: no loader can preload it. */
	if (c->colours != 0 && im->source != SEPTUM_SRC_BLOB)
		return 0;
	if (!is_kernel)
		return im->arch == SEPTUM_ARCH_NONE && im->entry_ipa == 0;
	return im->arch != SEPTUM_ARCH_NONE && im->arch < SEPTUM_ARCH_COUNT &&
	       range_inside(im->entry_ipa, 1, im->load_ipa, im->size);
}

static enum blob_check verify_cell_images(const struct septum_cell *c,
					  const struct septum_config_header *h)
{
	uint32_t i;

	for (i = 0; i < c->num_images; i++) {
		if (!image_ok(c, &c->images[i], h))
			return BLOB_ERR_CELL_IMAGE;
	}
	if (c->images[c->entry_image].kind != SEPTUM_IMAGE_KERNEL)
		return BLOB_ERR_CELL_IMAGE;
	return BLOB_OK;
}

static enum blob_check verify_cell_devices(const struct septum_cell *c,
					   const struct septum_board *b)
{
	uint32_t i;

	for (i = 0; i < c->num_mmio; i++) {
		if (!page_range_ok(c->mmio[i].pa, c->mmio[i].size) ||
		    !page_range_ok(c->mmio[i].ipa, c->mmio[i].size))
			return BLOB_ERR_CELL_MMIO;
	}
	for (i = 0; i < c->num_irqs; i++) {
		if (!septum_device_irq_ok(b->irqchip, c->irqs[i].pintid) ||
		    !septum_device_irq_ok(b->irqchip, c->irqs[i].vintid))
			return BLOB_ERR_CELL_IRQ;
	}
	if (c->pci_ecam != 0 && ((c->pci_ecam & (PCI_ECAM_SIZE - 1u)) != 0 ||
				 !range_ok(c->pci_ecam, PCI_ECAM_SIZE)))
		return BLOB_ERR_CELL_MMIO;
	return BLOB_OK;
}

static enum blob_check verify_cell_firmware(const struct septum_cell *c)
{
	const struct septum_firmware *fw = &c->firmware;
	uint32_t i;

	if (fw->num_calls > SEPTUM_MAX_FW_CALLS || fw->num_ids > SEPTUM_MAX_FW_IDS)
		return BLOB_ERR_CELL_FIRMWARE;
	for (i = 0; i < fw->num_calls; i++) {
		if (fw->calls[i].arg >= SEPTUM_FW_ARG_KINDS)
			return BLOB_ERR_CELL_FIRMWARE;
	}
	for (i = 0; i < fw->num_ids; i++) {
		if (fw->ids[i].arg == SEPTUM_FW_ARG_NONE ||
		    fw->ids[i].arg >= SEPTUM_FW_ARG_KINDS)
			return BLOB_ERR_CELL_FIRMWARE;
	}
	return BLOB_OK;
}

static enum blob_check verify_cell_seeds(const struct septum_cell *c)
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
			return BLOB_ERR_CELL_SEED;
	}
	return BLOB_OK;
}

/* The run of guest memory [ipa, ipa + size) lies inside one region. */
static int run_in_region(const struct septum_cell *c,
			 const struct septum_run *run)
{
	return page_range_ok(run->pa, run->size) &&
	       page_range_ok(run->ipa, run->size) &&
	       in_cell_memory(c, run->ipa, run->size);
}

/*
 * A coloured cell's runs: inside the payload, sorted by guest address
 * without overlap, each inside a region, as many bytes as its regions (so,
 * regions not overlapping, they fill them).  Every colour named exists.
 */
static enum blob_check verify_cell_runs(const struct septum_config *cfg,
					const struct septum_cell *c)
{
	const struct septum_run *runs;
	uint64_t bytes = 0, want = 0, next = 0;
	uint32_t i, n = cfg->llc.colours;

	if (c->pad2 != 0 || (c->colours == 0 && (c->num_runs || c->runs_offset)))
		return BLOB_ERR_CELL_COLOUR;
	if (c->colours == 0)
		return BLOB_OK;
	if (n == 0 || (n < SEPTUM_MAX_COLOURS && (c->colours >> n) != 0) ||
	    c->num_runs == 0 || c->runs_offset < cfg->header.table_size ||
	    c->runs_offset % BLOB_ALIGN != 0 ||
	    c->num_runs > (cfg->header.total_size - c->runs_offset) /
				  sizeof(struct septum_run))
		return BLOB_ERR_CELL_COLOUR;
	runs = (const void *)((const uint8_t *)cfg + c->runs_offset);
	for (i = 0; i < c->num_runs; i++) {
		if (!run_in_region(c, &runs[i]) || runs[i].ipa < next)
			return BLOB_ERR_CELL_COLOUR;
		next = runs[i].ipa + runs[i].size;
		bytes += runs[i].size;
	}
	for (i = 0; i < c->num_regions; i++)
		want += c->regions[i].size;
	return bytes == want ? BLOB_OK : BLOB_ERR_CELL_COLOUR;
}

static enum blob_check verify_cell(const struct septum_config *cfg,
				   const struct septum_cell *c, uint32_t *taken)
{
	enum blob_check err;

	err = verify_cell_fields(c, &cfg->board);
	if (err == BLOB_OK)
		err = verify_cell_cpus(c, &cfg->board, taken);
	if (err == BLOB_OK)
		err = verify_cell_regions(c);
	if (err == BLOB_OK)
		err = verify_cell_images(c, &cfg->header);
	if (err == BLOB_OK)
		err = verify_cell_devices(c, &cfg->board);
	if (err == BLOB_OK)
		err = verify_cell_firmware(c);
	if (err == BLOB_OK)
		err = verify_cell_seeds(c);
	if (err == BLOB_OK)
		err = verify_cell_runs(cfg, c);
	return err;
}

/* State table, read/write section and output sections fill the memory. */
static int channel_layout_ok(const struct septum_channel *ch)
{
	uint64_t outputs = ch->out_size * ch->num_peers;

	return page_aligned(ch->rw_size) && page_aligned(ch->out_size) &&
	       ch->out_size <= ch->size && ch->rw_size <= ch->size &&
	       IVSHMEM_STATE_TABLE_SIZE + ch->rw_size + outputs == ch->size;
}

static enum blob_check verify_channel(const struct septum_config *cfg,
				      const struct septum_channel *ch)
{
	uint32_t i;

	if (!name_ok(ch->name))
		return BLOB_ERR_CHANNEL_NAME;
	if (ch->num_peers < MIN_PEERS || ch->num_peers > SEPTUM_MAX_PEERS)
		return BLOB_ERR_CHANNEL_PEER;
	if (!page_range_ok(ch->pa, ch->size) || !channel_layout_ok(ch))
		return BLOB_ERR_CHANNEL_MEM;
	for (i = 0; i < ch->num_peers; i++) {
		const struct septum_peer *p = &ch->peers[i];

		if (p->cell >= cfg->header.num_cells ||
		    (p->rights & ~SEPTUM_PEER_ALL_RIGHTS) != 0 ||
		    !page_range_ok(p->ipa, ch->size) ||
		    !page_aligned(p->regs_ipa) ||
		    !septum_device_irq_ok(cfg->board.irqchip, p->vintid) ||
		    (p->pci_slot != SEPTUM_NONE && p->pci_slot >= PCI_SLOTS))
			return BLOB_ERR_CHANNEL_PEER;
	}
	return BLOB_OK;
}

/* [a, a + an) and [b, b + bn) share a byte; both assumed non-wrapping. */
static int ranges_meet(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return a < b + bn && b < a + an;
}

/*
 * The physical memory of cell c as ranges: its runs when it is coloured
 * (its regions then carry no physical address), else its regions.
 */
static uint32_t mem_ranges(const struct septum_cell *c)
{
	return c->colours ? c->num_runs : c->num_regions;
}

static void mem_range(const struct septum_config *cfg,
		      const struct septum_cell *c, uint32_t k, uint64_t *base,
		      uint64_t *size)
{
	if (c->colours) {
		const struct septum_run *runs =
			(const void *)((const uint8_t *)cfg + c->runs_offset);

		*base = runs[k].pa;
		*size = runs[k].size;
	} else {
		*base = c->regions[k].pa;
		*size = c->regions[k].size;
	}
}

/*
 * Physical range n (0..HYP_RANGES-1) of what the hypervisor keeps for
 * itself: its memory, its UART, the SMMU's registers and the PCIe host's
 * configuration space the SMMU's functions sit in.  Size 0: none.  A UART
 * on I/O ports is in the port space (`pio` set), the rest in memory.
 */
#define HYP_RANGES 4u
static void hyp_range(const struct septum_config *cfg, uint32_t n,
		      uint64_t *base, uint64_t *size, int *pio)
{
	const struct septum_hyp *h = &cfg->hyp;
	const struct septum_smmu *s = &cfg->smmu;
	const uint64_t bases[HYP_RANGES] = { h->mem_pa, h->uart_pa, s->pa,
					     s->ecam_pa };
	const uint64_t sizes[HYP_RANGES] = { h->mem_size, h->uart_size,
					     s->size, s->ecam_size };

	*base = bases[n];
	*size = sizes[n];
	*pio = n == 1 && h->uart_kind == SEPTUM_UART_NS16550_PIO;
}

/* [base, base + size), in the port space if `pio`, meets the hypervisor's. */
static int meets_hyp(const struct septum_config *cfg, int pio, uint64_t base,
		     uint64_t size)
{
	uint64_t hbase, hsize;
	int hpio;

	for (uint32_t n = 0; n < HYP_RANGES; n++) {
		hyp_range(cfg, n, &hbase, &hsize, &hpio);
		if (hsize != 0 && hpio == pio &&
		    ranges_meet(base, size, hbase, hsize))
			return 1;
	}
	return 0;
}

/* Device range k of cell c: its port ranges if `pio`, else its MMIO. */
static void dev_range(const struct septum_cell *c, int pio, uint32_t k,
		      uint64_t *base, uint64_t *size)
{
	*base = pio ? c->pio[k].base : c->mmio[k].pa;
	*size = pio ? c->pio[k].size : c->mmio[k].size;
}

static uint32_t dev_ranges(const struct septum_cell *c, int pio)
{
	return pio ? c->num_pio : c->num_mmio;
}

/*
 * [base, base + size), a port range if `pio`, meets the hypervisor's, the
 * memory of a cell before cell `mem_ci` (memory has no ports) or a device
 * (port) range of a cell before cell `dev_ci`.
 */
static int meets(const struct septum_config *cfg, int pio, uint64_t base,
		 uint64_t size, uint32_t mem_ci, uint32_t dev_ci)
{
	uint64_t obase, osize;

	if (meets_hyp(cfg, pio, base, size))
		return 1;
	for (uint32_t i = 0; i < mem_ci || i < dev_ci; i++) {
		const struct septum_cell *o = &cfg->cells[i];

		for (uint32_t k = 0; !pio && i < mem_ci && k < mem_ranges(o);
		     k++) {
			mem_range(cfg, o, k, &obase, &osize);
			if (ranges_meet(base, size, obase, osize))
				return 1;
		}
		for (uint32_t k = 0; i < dev_ci && k < dev_ranges(o, pio); k++) {
			dev_range(o, pio, k, &obase, &osize);
			if (ranges_meet(base, size, obase, osize))
				return 1;
		}
	}
	return 0;
}

/*
 * Cell `ci`'s memory leaves the hypervisor's and the earlier cells' alone
 * (its regions and runs were verified: non-empty, not wrapping).  Pairs of
 * ranges: a few regions each, or a coloured cell's runs (hundreds for tens
 * of MiB), once at boot.
 */
static enum blob_check verify_cell_overlaps(const struct septum_config *cfg,
					    uint32_t ci)
{
	const struct septum_cell *c = &cfg->cells[ci];
	uint64_t base, size;

	for (uint32_t k = 0; k < mem_ranges(c); k++) {
		mem_range(cfg, c, k, &base, &size);
		if (meets(cfg, 0, base, size, ci, 0))
			return BLOB_ERR_CELL_OVERLAP;
	}
	return BLOB_OK;
}

/*
 * Once every cell and channel is verified on its own: no cell's device or
 * port range reaches the hypervisor's memory or devices, a cell's memory
 * or another cell's devices; no channel's memory reaches those or another
 * channel's.  So a hand-made blob cannot give one cell what the
 * hypervisor or another cell has.
 */
static enum blob_check verify_owners(const struct septum_config *cfg,
				     uint32_t *where)
{
	uint32_t cells = cfg->header.num_cells;
	uint64_t b, n;

	for (uint32_t i = 0; i < cells; i++) {
		const struct septum_cell *c = &cfg->cells[i];

		*where = i;
		for (int pio = 0; pio < 2; pio++) {
			for (uint32_t k = 0; k < dev_ranges(c, pio); k++) {
				dev_range(c, pio, k, &b, &n);
				if (meets(cfg, pio, b, n, cells, i))
					return BLOB_ERR_CELL_DEVICE_OVERLAP;
			}
		}
	}
	for (uint32_t j = 0; j < cfg->header.num_channels; j++) {
		const struct septum_channel *ch = &cfg->channels[j];

		*where = j;
		if (meets(cfg, 0, ch->pa, ch->size, cells, cells))
			return BLOB_ERR_CHANNEL_OVERLAP;
		for (uint32_t o = 0; o < j; o++) {
			if (ranges_meet(ch->pa, ch->size, cfg->channels[o].pa,
					cfg->channels[o].size))
				return BLOB_ERR_CHANNEL_OVERLAP;
		}
	}
	*where = SEPTUM_NONE;
	return BLOB_OK;
}

/* A passed-through function's BARs: aligned, non-wrapping, below 4 GiB on
 * the bus unless 64-bit; a 64-bit BAR's upper half is no BAR of its own. */
static int pci_bars_ok(const struct septum_pci_func *f, uint8_t bar64)
{
	if (bar64 >> SEPTUM_PCI_BARS)
		return 0;
	for (uint32_t i = 0; i < SEPTUM_PCI_BARS; i++) {
		const struct septum_pci_bar *b = &f->bars[i];
		uint64_t top = (bar64 & BIT(i)) ? 0 : 0x100000000ull;

		if (bar64 & BIT(i) &&
		    (i + 1u >= SEPTUM_PCI_BARS || b->size == 0 ||
		     (bar64 & BIT(i + 1u)) || f->bars[i + 1u].size ||
		     f->bars[i + 1u].pa || f->bars[i + 1u].bus))
			return 0;
		if (b->size == 0 && b->pa == 0 && b->bus == 0)
			continue;
		if (!page_range_ok(b->pa, b->size) ||
		    (b->size & (b->size - 1u)) != 0 ||
		    (b->bus & (b->size - 1u)) != 0 ||
		    b->bus + b->size < b->bus ||
		    (top && !range_inside(b->bus, b->size, 0, top)))
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

/* Everything after the header, once the header (and so the CRC) is good. */
static enum blob_check verify_tables(const struct septum_config *cfg,
				     uint32_t *where)
{
	uint32_t taken = 0;
	uint32_t i;
	enum blob_check err;

	err = verify_board(&cfg->board);
	if (err == BLOB_OK)
		err = verify_hyp(&cfg->hyp, &cfg->board);
	if (err == BLOB_OK && cfg->focus_cell >= cfg->header.num_cells)
		err = BLOB_ERR_FOCUS;
	if (err == BLOB_OK && (cfg->llc.colours > SEPTUM_MAX_COLOURS ||
			       cfg->llc.pad0 != 0))
		err = BLOB_ERR_LLC;
	if (err == BLOB_OK && cfg->hyp_colours != 0 &&
	    (cfg->llc.colours == 0 || (cfg->llc.colours < SEPTUM_MAX_COLOURS &&
				       (cfg->hyp_colours >> cfg->llc.colours))))
		err = BLOB_ERR_HYP_COLOUR;
	for (i = 0; err == BLOB_OK && i < cfg->header.num_cells; i++) {
		*where = i;
		err = verify_cell(cfg, &cfg->cells[i], &taken);
		if (err == BLOB_OK)
			err = verify_cell_overlaps(cfg, i);
	}
	for (i = 0; err == BLOB_OK && i < cfg->header.num_channels; i++) {
		*where = i;
		err = verify_channel(cfg, &cfg->channels[i]);
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
	struct blob_fault dummy;

	if (fault == NULL)
		fault = &dummy;
	fault->where = SEPTUM_NONE;
	fault->check = verify_header(blob, len);
	if (fault->check == BLOB_OK)
		fault->check = verify_tables(blob, &fault->where);
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
