/* The config blob writer; see blobgen.h and include/septum/abi/config.h. */
#include <stdlib.h>
#include <string.h>

#include <septum/blob.h>
#include <septum/crc32.h>

#include "blobgen.h"
#include "firmware.h"
#include "resolve.h"
#include "util.h"

#define PAGE SEPTUM_PAGE_SIZE

/* Payload being assembled after the fixed table. */
struct payload {
	uint8_t *data;
	size_t size;
};

/* Append `len` bytes on a SEPTUM_CONFIG_PAYLOAD_ALIGN boundary; returns the
 * blob offset they start at. */
static uint64_t payload_add(struct payload *p, const void *src, size_t len)
{
	size_t off = (size_t)align_up(p->size, SEPTUM_CONFIG_PAYLOAD_ALIGN);

	p->data = xrealloc(p->data, off + len);
	memset(p->data + p->size, 0, off - p->size);
	memcpy(p->data + off, src, len);
	p->size = off + len;
	return off;
}

static void fill_hyp(struct septum_config *cfg, const struct m_system *sys,
		     const struct board *b)
{
	cfg->hyp.mem_pa = sys->hyp_pa;
	cfg->hyp.mem_size = sys->hyp_size;
	cfg->hyp.uart_pa = sys->uart.num_pio ? sys->uart.pio[0].base :
					       sys->uart.mmio[0].base;
	cfg->hyp.uart_size = sys->uart.num_pio ? sys->uart.pio[0].size :
						 sys->uart.mmio[0].size;
	cfg->hyp.uart_kind = sys->uart_kind;
	cfg->hyp.uart_intid = sys->uart.num_irqs ? sys->uart.intid[0] :
						   SEPTUM_NONE;
	cfg->hyp.log_level = sys->log_level;
	cfg->board.irqchip = b->irqchip;
	if (b->irqchip != SEPTUM_IRQCHIP_X86_APIC) {
		cfg->board.arch.arm64.gic = b->gic;
		cfg->board.arch.arm64.timer = b->timer;
	}
	cfg->board.num_cpus = b->num_cpus;
	memcpy(cfg->board.cpu_hwid, b->cpu_mpidr, sizeof(b->cpu_mpidr));
	cfg->focus_cell = sys->focus_cell;
	cfg->llc.colours = b->llc_colours;
	cfg->hyp_colours = sys->hyp_colours;
}

static void add_image(struct septum_cell *out, const struct m_cell *c,
		      const struct m_image *im, struct payload *p)
{
	struct septum_image *dst = &out->images[out->num_images];
	int r = cell_region_of(c, im->load, im->size);

	dst->kind = im->kind;
	dst->load_ipa = im->load;
	dst->arch = im->kind == SEPTUM_IMAGE_KERNEL ? im->arch :
						      SEPTUM_ARCH_NONE;
	dst->entry_ipa = im->kind == SEPTUM_IMAGE_KERNEL ? im->entry : 0;
	if (im->preloaded || !im->present) {
		dst->source = SEPTUM_SRC_PHYS;
		dst->size = im->present ? im->file_size : im->size;
		dst->pa = r >= 0 ? c->regions[r].pa + (im->load -
						       c->regions[r].ipa) : 0;
	} else {
		dst->source = SEPTUM_SRC_BLOB;
		dst->size = im->file_size;
		dst->offset = payload_add(p, im->data, im->file_size);
		dst->crc32 = crc32_update(0, im->data, im->file_size);
	}
	if (im->kind == SEPTUM_IMAGE_KERNEL)
		out->entry_image = out->num_images;
	out->num_images++;
}

static void add_generated_dtb(struct septum_cell *out, const struct m_cell *c,
			      struct payload *p)
{
	struct septum_image *dst = &out->images[out->num_images++];

	dst->kind = SEPTUM_IMAGE_DTB;
	dst->source = SEPTUM_SRC_BLOB;
	dst->size = c->gen_dtb_size;
	dst->load_ipa = c->dtb_ipa;
	dst->offset = payload_add(p, c->gen_dtb, c->gen_dtb_size);
	dst->crc32 = crc32_update(0, c->gen_dtb, c->gen_dtb_size);
}

static void fill_cell_devices(struct septum_cell *out, const struct m_cell *c)
{
	uint32_t k, i;

	for (k = 0; k < c->num_devices; k++) {
		const struct board_device *d = &c->devices[k].dev;

		for (i = 0; i < d->num_mmio && out->num_mmio < SEPTUM_MAX_MMIO;
		     i++) {
			uint64_t base = align_down(d->mmio[i].base, PAGE);
			uint64_t end = align_up(d->mmio[i].base + d->mmio[i].size,
						PAGE);

			out->mmio[out->num_mmio++] =
				(struct septum_mmio){ base, base, end - base };
		}
		for (i = 0; i < d->num_pio && out->num_pio < SEPTUM_MAX_PIO; i++)
			out->pio[out->num_pio++] = (struct septum_pio){
				(uint32_t)d->pio[i].base,
				(uint32_t)d->pio[i].size };
		for (i = 0; i < d->num_irqs && out->num_irqs < SEPTUM_MAX_IRQS;
		     i++)
			out->irqs[out->num_irqs++] = (struct septum_irq){
				d->intid[i], d->intid[i] };
	}
}

static void fill_cell(struct septum_cell *out, const struct m_system *sys,
		      uint32_t ci, const struct board *b, struct payload *p)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t k;

	memcpy(out->name, c->name, strlen(c->name) + 1);
	out->flags = (c->is_linux ? SEPTUM_CELL_LINUX : 0) |
		     (sys->focus_cell == ci ? SEPTUM_CELL_CONSOLE_FOCUS : 0);
	out->fault_policy = c->fault_policy;
	out->num_cpus = c->num_cpus;
	for (k = 0; k < c->num_cpus; k++)
		out->cpus[k] = (struct septum_cell_cpu){
			.board_cpu = c->cpus[k],
			.hwid = b->cpu_mpidr[c->cpus[k]] };
	out->num_regions = c->num_regions;
	for (k = 0; k < c->num_regions; k++)
		out->regions[k] = (struct septum_region){
			c->regions[k].pa, c->regions[k].ipa, c->regions[k].size,
			c->regions[k].flags, 0 };
	for (k = 0; k < c->num_images; k++)
		add_image(out, c, &c->images[k], p);
	if (c->gen_dtb)
		add_generated_dtb(out, c, p);
	for (k = 0; c->gen_dtb && k < SEPTUM_MAX_SEEDS; k++) {
		if (c->seed_len[k] == 0)
			continue;
		out->seeds[k] = (struct septum_seed){
			.ipa = c->dtb_ipa + c->seed_offset[k],
			.len = c->seed_len[k],
			.blank_before = c->seed_blank_before,
		};
		memcpy(out->seeds[k].blank, c->seed_blank, 4);
	}
	out->dtb_ipa = c->dtb_ipa;
	out->pci_ecam = c->pci_ecam;
	if (c->vuart_ipa)
		out->vuart = (struct septum_vuart){ c->vuart_ipa,
						    c->vuart_vintid,
						    c->vuart_kind };
	fill_cell_devices(out, c);
	firmware_fill(&out->firmware, c);
	if (c->colours) {
		out->colours = c->colours;
		out->num_runs = c->num_runs;
		out->runs_offset = payload_add(p, c->runs, c->num_runs *
						     sizeof(*c->runs));
	}
}

static void fill_channel(struct septum_channel *out, const struct m_channel *ch)
{
	uint32_t k;

	memcpy(out->name, ch->name, strlen(ch->name) + 1);
	out->pa = ch->pa;
	out->size = ch->size;
	out->out_size = ch->out_size;
	out->rw_size = channel_rw_size(ch);
	out->num_peers = ch->num_peers;
	for (k = 0; k < ch->num_peers; k++) {
		const struct m_peer *p = &ch->peers[k];

		out->peers[k] = (struct septum_peer){
			.cell = (uint32_t)p->cell, .rights = p->rights,
			.ipa = p->ipa, .regs_ipa = p->regs_ipa,
			.vintid = p->vintid, .pci_slot = p->pci_slot };
	}
}

int blobgen_build(const struct m_system *sys, const struct board *board,
		  struct blob_out *out)
{
	struct septum_config *cfg = xcalloc(1, sizeof(*cfg));
	struct payload p = { xcalloc(1, sizeof(*cfg)), sizeof(*cfg) };
	struct blob_fault fault;
	uint32_t i;

	fill_hyp(cfg, sys, board);
	cfg->header = (struct septum_config_header){
		.magic = SEPTUM_CONFIG_MAGIC, .version = SEPTUM_CONFIG_VERSION,
		.table_size = sizeof(*cfg), .num_cells = sys->num_cells,
		.num_channels = sys->num_channels };
	for (i = 0; i < sys->num_cells; i++)
		fill_cell(&cfg->cells[i], sys, i, board, &p);
	for (i = 0; i < sys->num_channels; i++)
		fill_channel(&cfg->channels[i], &sys->channels[i]);
	if (sys->smmu.node >= 0)
		cfg->smmu = sys->smmu.out;
	cfg->header.total_size = p.size;
	memcpy(p.data, cfg, sizeof(*cfg));
	free(cfg);
	cfg = (struct septum_config *)(void *)p.data;
	cfg->header.crc32 = crc32_update(0, p.data, sizeof(*cfg));
	out->data = p.data;
	out->size = p.size;
	if (blob_verify(out->data, out->size, &fault) != E_OK) {
		diag_error((struct loc){ sys->file, 0 }, "internal error: the "
			   "blob written fails its own check (%s, item %u)",
			   blob_check_str(fault.check), fault.where);
		blobgen_free(out);
		return -1;
	}
	return 0;
}

void blobgen_free(struct blob_out *out)
{
	free(out->data);
	out->data = NULL;
}
