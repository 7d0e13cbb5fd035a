/* Human-readable partition table; see dump.h. */
#include <inttypes.h>

#include <string.h>

#include "colour.h"
#include "dump.h"
#include "resolve.h"

static const char *const uart_names[] = { "?", "pl011", "ns16550", "cadence",
					   "imx", "bcm2835-aux",
					   "ns16550 (I/O ports)" };
#define UART_NAMES (sizeof(uart_names) / sizeof(uart_names[0]))
static const char *const level_names[] = { "error", "warn", "info", "debug" };

static void dump_range(FILE *out, uint64_t base, uint64_t size)
{
	fprintf(out, "0x%" PRIx64 "-0x%" PRIx64 " (0x%" PRIx64 ")", base,
		base + size, size);
}

static void dump_cpus_ram(FILE *out, const struct board *b)
{
	uint32_t i;

	fprintf(out, "  CPUs:");
	for (i = 0; i < b->num_cpus; i++)
		fprintf(out, " %u=0x%" PRIx64, i, b->cpu_mpidr[i]);
	fprintf(out, "\n  RAM:");
	for (i = 0; i < b->num_ram; i++) {
		fprintf(out, " ");
		dump_range(out, b->ram[i].base, b->ram[i].size);
	}
	fprintf(out, "\n");
	if (b->num_reserved) {
		fprintf(out, "  reserved by the board (nothing placed there):");
		for (i = 0; i < b->num_reserved; i++) {
			fprintf(out, " ");
			dump_range(out, b->reserved[i].base, b->reserved[i].size);
		}
		fprintf(out, "\n");
	}
	if (b->llc_colours)
		fprintf(out, "  last-level cache: ways of 0x%" PRIx64 " bytes, "
			"%u colours of 4 KiB pages (from %s)\n", b->llc_way_size,
			b->llc_colours, b->llc_node >= 0 ? "its device tree" :
			"board.mk");
}

static void dump_board(FILE *out, const struct m_system *sys,
		       const struct board *b)
{
	const struct septum_gic *g = &b->gic;

	if (b->irqchip == SEPTUM_IRQCHIP_X86_APIC) {
		fprintf(out, "board %s: x86, local APICs and an I/O APIC\n",
			sys->board_name ? sys->board_name : "?");
		dump_cpus_ram(out, b);
		return;
	}
	fprintf(out, "board %s: GICv%u GICD 0x%" PRIx64, sys->board_name ?
		sys->board_name : "?", b->gic_version, g->gicd_pa);
	if (b->gic_version == 3)
		fprintf(out, " GICR 0x%" PRIx64, g->gicr_pa);
	else
		fprintf(out, " GICC 0x%" PRIx64 " GICH 0x%" PRIx64
			" GICV 0x%" PRIx64 "%s", g->gicc_pa, g->gich_pa,
			g->gicv_pa, b->gic_alias_64k ? " (64 KiB-aliased "
			"frames: interfaces at +0xf000)" : "");
	fprintf(out, ", maintenance INTID %u\n", g->maint_intid);
	fprintf(out, "  timer INTIDs: secure %u, physical %u, virtual %u, "
		"hypervisor %u\n", b->timer.sec_phys_intid, b->timer.phys_intid,
		b->timer.virt_intid, b->timer.hyp_intid);
	dump_cpus_ram(out, b);
}

static void dump_hyp(FILE *out, const struct m_system *sys)
{
	fprintf(out, "hypervisor: memory ");
	dump_range(out, sys->hyp_pa, sys->hyp_size);
	fprintf(out, ", log %s\n", level_names[sys->log_level & 3u]);
	if (sys->hyp_colours) {
		char list[160];

		colour_list_str(sys->hyp_colours, list, sizeof(list));
		fprintf(out, "  cache colours %s: its image (the partition "
			"table aside), tables and state move to pages of them "
			"at boot\n", list);
	}
	if (sys->no_console) {
		fprintf(out, "  console: none\n");
		return;
	}
	fprintf(out, "  console %s: %s at 0x%" PRIx64 ", INTID %u\n",
		sys->uart_ref ? sys->uart_ref : "?",
		uart_names[sys->uart_kind < UART_NAMES ? sys->uart_kind : 0],
		sys->uart.num_pio ? sys->uart.pio[0].base :
		sys->uart.num_mmio ? sys->uart.mmio[0].base : 0,
		sys->uart.num_irqs ? sys->uart.intid[0] : 0);
}

static void dump_flags(FILE *out, uint32_t flags)
{
	fprintf(out, "%s%s%s%s\n", flags & SEPTUM_MEM_READ ? "r" : "-",
		flags & SEPTUM_MEM_WRITE ? "w" : "-",
		flags & SEPTUM_MEM_EXEC ? "x" : "-",
		flags & SEPTUM_MEM_DMA ? " dma" : "");
}

/* A run as "PA base+size at IPA x". */
static void dump_run(FILE *out, const struct septum_run *r)
{
	fprintf(out, "PA 0x%" PRIx64 "+0x%" PRIx64 " at IPA 0x%" PRIx64, r->pa,
		r->size, r->ipa);
}

/* A coloured region: its runs, the first two and the last of them. */
static void dump_coloured_region(FILE *out, const struct m_cell *c,
				 const struct m_region *r)
{
	uint32_t i, first = 0, n = 0;

	for (i = 0; i < c->num_runs; i++) {
		if (c->runs[i].ipa < r->ipa || c->runs[i].ipa - r->ipa >= r->size)
			continue;
		if (n++ == 0)
			first = i;
	}
	fprintf(out, "  region %s: coloured, IPA ", r->name);
	dump_range(out, r->ipa, r->size);
	fprintf(out, ", ");
	dump_flags(out, r->flags);
	fprintf(out, "    %u run%s: ", n, n == 1 ? "" : "s");
	for (i = first; i < first + n && i < first + 2; i++) {
		fprintf(out, "%s", i > first ? ", " : "");
		dump_run(out, &c->runs[i]);
	}
	if (n > 3)
		fprintf(out, ", ...");
	if (n > 2) {
		fprintf(out, ", ");
		dump_run(out, &c->runs[first + n - 1]);
	}
	fprintf(out, "\n");
}

static void dump_region(FILE *out, const struct m_cell *c,
			const struct m_region *r)
{
	if (c->colours) {
		dump_coloured_region(out, c, r);
		return;
	}
	fprintf(out, "  region %s: PA ", r->name);
	dump_range(out, r->pa, r->size);
	fprintf(out, "%s at IPA 0x%" PRIx64 "%s, ",
		r->pa_placed ? " (placed)" : "", r->ipa,
		r->ipa_placed ? " (placed)" : "");
	dump_flags(out, r->flags);
}

/* A coloured cell's colours and where its pages are. */
static void dump_colours(FILE *out, const struct m_cell *c,
			 const struct board *b)
{
	char list[160];
	uint64_t lo = UINT64_MAX, hi = 0, bytes = 0;
	uint32_t i;

	if (!c->colours)
		return;
	for (i = 0; i < c->num_runs; i++) {
		lo = c->runs[i].pa < lo ? c->runs[i].pa : lo;
		if (c->runs[i].pa + c->runs[i].size > hi)
			hi = c->runs[i].pa + c->runs[i].size;
		bytes += c->runs[i].size;
	}
	colour_list_str(c->colours, list, sizeof(list));
	fprintf(out, "  cache colours %s (%u of %u): 0x%" PRIx64 " bytes in %u "
		"runs, PA 0x%" PRIx64 "-0x%" PRIx64 "\n", list,
		(unsigned int)__builtin_popcountll(c->colours), b->llc_colours,
		bytes, c->num_runs, lo, hi);
}

static void dump_image(FILE *out, const struct m_image *im)
{
	fprintf(out, "  image %s: %s, 0x%" PRIx64 " bytes at IPA 0x%" PRIx64,
		im->name, im->file ? im->file : "(generated)", im->size,
		im->load);
	if (im->kind == SEPTUM_IMAGE_KERNEL)
		fprintf(out, ", entry 0x%" PRIx64 ", %s", im->entry,
			im->arch == SEPTUM_ARCH_AARCH32 ? "aarch32" :
			im->arch == SEPTUM_ARCH_X86_64 ? "x86_64" : "aarch64");
	fprintf(out, ", %s\n", im->preloaded ? "preloaded by the loader" :
		"in the blob");
}

static void dump_device(FILE *out, const struct m_device *d)
{
	uint32_t i;

	fprintf(out, "  device %s (%s):", d->ref, d->dev.path);
	for (i = 0; i < d->dev.num_mmio; i++) {
		fprintf(out, " MMIO ");
		dump_range(out, d->dev.mmio[i].base, d->dev.mmio[i].size);
	}
	for (i = 0; i < d->dev.num_pio; i++)
		fprintf(out, " ports 0x%" PRIx64 "-0x%" PRIx64, d->dev.pio[i].base,
			d->dev.pio[i].base + d->dev.pio[i].size - 1);
	for (i = 0; i < d->dev.num_irqs; i++)
		fprintf(out, " INTID %u", d->dev.intid[i]);
	fprintf(out, "\n");
}

/* The firmware calls the cell may forward, and the resources it may name. */
static void dump_firmware(FILE *out, const struct m_cell *c)
{
	static const char *const args[] = { "", " (clock)", " (reset)",
					    " (power)" };
	static const char *const kinds[] = { "?", "clock", "reset", "power" };
	uint32_t i;

	if (c->num_fw_calls == 0)
		return;
	fprintf(out, "  firmware calls:");
	for (i = 0; i < c->num_fw_calls; i++)
		fprintf(out, " 0x%08" PRIx32 "%s", c->fw_calls[i].fn,
			args[c->fw_calls[i].arg < 4 ? c->fw_calls[i].arg : 0]);
	fprintf(out, "\n  firmware resources of its own:");
	for (i = 0; i < c->num_fw_ids; i++)
		fprintf(out, " %s %" PRIu32, kinds[c->fw_ids[i].arg < 4 ?
						    c->fw_ids[i].arg : 0],
			c->fw_ids[i].id);
	fprintf(out, "%s\n", c->num_fw_ids ? "" : " none");
}

static void dump_cell(FILE *out, const struct m_system *sys, uint32_t ci,
		      const struct board *b)
{
	const struct m_cell *c = &sys->cells[ci];
	uint32_t i;

	fprintf(out, "cell %s: %s, on fault %s%s\n", c->name,
		c->is_linux ? "linux" : "bare-metal",
		c->fault_policy == SEPTUM_FAULT_RESTART ? "restart" :
		c->fault_policy == SEPTUM_FAULT_INJECT ? "inject" : "stop",
		sys->focus_cell == ci ? ", console focus at boot" : "");
	fprintf(out, "  cpus:");
	for (i = 0; i < c->num_cpus; i++)
		fprintf(out, " %u (%s 0x%" PRIx64 ")", c->cpus[i],
			b->irqchip == SEPTUM_IRQCHIP_X86_APIC ? "APIC id" : "MPIDR",
			c->cpus[i] < b->num_cpus ? b->cpu_mpidr[c->cpus[i]] : 0);
	fprintf(out, "\n");
	dump_colours(out, c, b);
	for (i = 0; i < c->num_regions; i++)
		dump_region(out, c, &c->regions[i]);
	for (i = 0; i < c->num_images; i++)
		dump_image(out, &c->images[i]);
	for (i = 0; i < c->num_devices; i++)
		dump_device(out, &c->devices[i]);
	if (c->no_console)
		fprintf(out, "  console: none\n");
	else if (c->vuart_kind == SEPTUM_VUART_NS16550_PIO)
		fprintf(out, "  console: 16550 at port 0x%" PRIx64 ", I/O APIC "
			"input %u\n", c->vuart_ipa, c->vuart_vintid);
	else
		fprintf(out, "  console: PL011 at IPA 0x%" PRIx64 ", INTID %u\n",
			c->vuart_ipa, c->vuart_vintid);
	if (c->is_linux)
		fprintf(out, "  device tree at IPA 0x%" PRIx64 "%s%s%s\n",
			c->dtb_ipa, c->bootargs ? ", bootargs \"" : "",
			c->bootargs ? c->bootargs : "", c->bootargs ? "\"" : "");
	if (c->pci_ecam && c->pci_mmio_size)
		fprintf(out, "  virtual PCI: ECAM 0x%" PRIx64 ", window 0x%"
			PRIx64 "+0x%" PRIx64 "%s\n", c->pci_ecam, c->pci_mmio,
			c->pci_mmio_size, c->window_placed ? " (placed)" : "");
	else if (c->pci_ecam)
		fprintf(out, "  virtual PCI: ECAM 0x%" PRIx64 " (its PCI "
			"functions)\n", c->pci_ecam);
	dump_firmware(out, c);
}

static void dump_channel(FILE *out, const struct m_system *sys,
			 const struct m_channel *ch)
{
	uint32_t k;

	fprintf(out, "channel %s: PA ", ch->name);
	dump_range(out, ch->pa, ch->size);
	fprintf(out, "%s\n", ch->pa_placed ? " (placed)" : "");
	fprintf(out, "  sections: state table 0x%x, read/write 0x%" PRIx64
		", %u outputs of 0x%" PRIx64 "\n", IVSHMEM_STATE_TABLE_SIZE,
		channel_rw_size(ch), ch->num_peers, ch->out_size);
	for (k = 0; k < ch->num_peers; k++) {
		const struct m_peer *p = &ch->peers[k];

		fprintf(out, "  peer %s: ID %u, %s, ", p->name, k,
			p->rights & SEPTUM_PEER_WRITE ? "read-write" :
							"read-only");
		if (p->cell >= 0 && sys->cells[p->cell].is_linux)
			fprintf(out, "PCI slot %u, ", p->pci_slot);
		fprintf(out, "memory at IPA 0x%" PRIx64 "%s, registers at IPA "
			"0x%" PRIx64 ", doorbell INTID %u\n", p->ipa,
			p->ipa_placed ? " (placed)" : "", p->regs_ipa, p->vintid);
	}
}

/*
 * Who uses colour `colour`, as "hypervisor, a, b" (the hypervisor when it
 * is coloured; uncoloured cells marked).
 */
static void colour_users(const struct m_system *sys, uint32_t colour,
			 char *buf, size_t len)
{
	size_t used = 0;
	uint32_t i;

	buf[0] = '\0';
	if ((sys->hyp_colours >> colour) & 1u)
		used += (size_t)snprintf(buf, len, "hypervisor");
	for (i = 0; i < sys->num_cells && used < len; i++) {
		const struct m_cell *c = &sys->cells[i];

		if (c->colours && !((c->colours >> colour) & 1u))
			continue;
		used += (size_t)snprintf(buf + used, len - used, "%s%s%s",
					 used ? ", " : "", c->name,
					 c->colours ? "" : " (uncoloured)");
	}
}

/*
 * Who uses each colour of the last-level cache, colours with the same users
 * on one line; only for a system with a coloured cell or hypervisor.
 */
static void dump_colour_map(FILE *out, const struct m_system *sys,
			    const struct board *b)
{
	char users[256], next[256];
	uint32_t i, c, end;
	int any = 0;

	for (i = 0; i < sys->num_cells; i++)
		any |= sys->cells[i].colours != 0;
	if (!any && !sys->hyp_colours)
		return;
	fprintf(out, "cache colours:\n");
	for (c = 0; c < b->llc_colours; c = end + 1u) {
		colour_users(sys, c, users, sizeof(users));
		for (end = c; end + 1u < b->llc_colours; end++) {
			colour_users(sys, end + 1u, next, sizeof(next));
			if (strcmp(users, next) != 0)
				break;
		}
		if (end > c)
			fprintf(out, "  %u-%u: %s\n", c, end,
				users[0] ? users : "unused");
		else
			fprintf(out, "  %u: %s\n", c, users[0] ? users : "unused");
	}
}

/* The SMMU the hypervisor takes over and the functions behind it. */
static void dump_smmu(FILE *out, const struct m_system *sys)
{
	const struct septum_smmu *s = &sys->smmu.out;

	if (sys->smmu.node < 0)
		return;
	fprintf(out, "smmu: SMMUv3 at 0x%" PRIx64 ", event queue INTID %u, "
		"global error INTID %u, PCIe ECAM 0x%" PRIx64 "\n", s->pa,
		s->evtq_intid, s->gerror_intid, s->ecam_pa);
	for (uint32_t i = 0; i < s->num_funcs; i++) {
		const struct septum_pci_func *f = &s->funcs[i];

		fprintf(out, "  PCI %02x:%02x.%x, stream 0x%x: cell '%s'",
			f->bdf >> 8, (f->bdf >> 3) & 0x1fu, f->bdf & 7u,
			f->stream, sys->cells[f->cell].name);
		for (uint32_t b = 0; b < SEPTUM_PCI_BARS; b++) {
			if (f->bars[b].size == 0)
				continue;
			fprintf(out, ", BAR%u ", b);
			dump_range(out, f->bars[b].pa, f->bars[b].size);
			if (s->bar64[i] & (1u << b))
				fprintf(out, " 64-bit");
		}
		if (s->intx[i].pin)
			fprintf(out, ", INT%c on INTID %u",
				(char)('A' + s->intx[i].pin - 1),
				s->intx[i].intid);
		fprintf(out, "\n");
	}
}

void dump_system(FILE *out, const struct m_system *sys,
		 const struct board *board)
{
	uint32_t i;

	dump_board(out, sys, board);
	dump_hyp(out, sys);
	for (i = 0; i < sys->num_cells; i++)
		dump_cell(out, sys, i, board);
	for (i = 0; i < sys->num_channels; i++)
		dump_channel(out, sys, &sys->channels[i]);
	dump_colour_map(out, sys, board);
	dump_smmu(out, sys);
}
