/*
 * Unit tests of the config blob verifier: a valid blob passes, and each kind of
 * damage is refused with its own error.
 */
#include <septum/abi/config.h>
#include <septum/blob.h>
#include <septum/crc32.h>
#include <septum/test.h>

#include <host/fake.h>

#define PAYLOAD_SIZE SEPTUM_CONFIG_PAYLOAD_ALIGN
#define CRC_OFFSET 8u

/* A valid blob: two cells, one channel, one embedded image, one page of
 * payload after the table (which ends unaligned, hence the padding). */
struct test_blob {
	struct septum_config cfg;
	uint8_t payload[3 * PAYLOAD_SIZE];	/* image, then colour runs */
} __attribute__((aligned(8)));

static struct test_blob tb;

static uint64_t image_offset(void)
{
	return (sizeof(struct septum_config) + PAYLOAD_SIZE - 1u) /
	       PAYLOAD_SIZE * PAYLOAD_SIZE;
}

static void set_crc(void)
{
	const uint8_t *p = (const uint8_t *)&tb;
	static const uint8_t zero[4];
	uint32_t crc;

	/* The table's CRC: images carry their own. */
	crc = crc32_update(0, p, CRC_OFFSET);
	crc = crc32_update(crc, zero, sizeof(zero));
	crc = crc32_update(crc, p + CRC_OFFSET + 4u,
			   sizeof(tb.cfg) - CRC_OFFSET - 4u);
	tb.cfg.header.crc32 = crc;
}

static void fill_cell(struct septum_cell *c, const char *name, uint32_t cpu,
		      uint64_t pa)
{
	uint32_t i;

	for (i = 0; name[i] != '\0'; i++)
		c->name[i] = name[i];
	c->fault_policy = SEPTUM_FAULT_RESTART;
	c->num_cpus = 1;
	c->cpus[0] = (struct septum_cell_cpu){ .board_cpu = cpu, .hwid = cpu };
	c->num_regions = 1;
	c->regions[0] = (struct septum_region){ pa, 0x0, 0x100000,
						SEPTUM_MEM_READ |
							SEPTUM_MEM_WRITE |
							SEPTUM_MEM_EXEC,
						0 };
	c->num_images = 1;
	c->images[0] = (struct septum_image){ .kind = SEPTUM_IMAGE_KERNEL,
		.source = SEPTUM_SRC_PHYS, .pa = pa, .size = 0x1000,
		.load_ipa = 0x0, .entry_ipa = 0x0, .arch = host_kernel_arch };
	c->vuart = (struct septum_vuart){ 0x9000000, 33, host_vuart_kind };
	c->num_mmio = 1;
	c->mmio[0] = (struct septum_mmio){ 0x9030000, 0x9030000, 0x1000 };
	c->num_irqs = 1;
	c->irqs[0] = (struct septum_irq){ 39, 39 };
}

static void make_valid(void)
{
	struct septum_config *cfg = &tb.cfg;
	uint32_t i;

	__builtin_memset(&tb, 0, sizeof(tb));
	cfg->header = (struct septum_config_header){
		.magic = SEPTUM_CONFIG_MAGIC, .version = SEPTUM_CONFIG_VERSION,
		.table_size = sizeof(*cfg),
		.total_size = image_offset() + PAYLOAD_SIZE, .num_cells = 2,
		.num_channels = 1 };
	cfg->hyp = (struct septum_hyp){ 0x40000000, 0x1000000, 0x9000000,
					0x1000, SEPTUM_UART_NS16550, 33,
					SEPTUM_LOG_INFO, 0 };
	host_board(&cfg->board);
	cfg->board.num_cpus = 4;
	for (i = 0; i < 4; i++)
		cfg->board.cpu_hwid[i] = i;
	fill_cell(&cfg->cells[0], "rt", 0, 0x41000000);
	fill_cell(&cfg->cells[1], "linux", 1, 0x48000000);
	cfg->cells[1].num_mmio = 0;
	cfg->cells[1].num_irqs = 0;
	cfg->cells[1].images[0].source = SEPTUM_SRC_BLOB;
	cfg->cells[1].images[0].offset = image_offset();
	cfg->channels[0] = (struct septum_channel){ .name = "ch", .pa = 0x42000000,
		.size = 0x4000, .rw_size = 0x1000, .out_size = 0x1000,
		.num_peers = 2 };
	cfg->channels[0].peers[0] = (struct septum_peer){ 0, SEPTUM_PEER_READ,
		0x42000000, 0x42001000, 32, SEPTUM_NONE };
	cfg->channels[0].peers[1] = (struct septum_peer){ 1, 3, 0x20000000,
		0x20001000, 32, 0 };
	set_crc();
}

/* The check a blob fails, or BLOB_OK. */
static enum blob_check check_of(const void *blob, size_t len)
{
	struct blob_fault f;
	enum err e = blob_verify(blob, len, &f);

	EXPECT_EQ(e == E_OK, f.check == BLOB_OK);
	return f.check;
}

static enum blob_check verify(void)
{
	return check_of(&tb, sizeof(tb));
}

/* Apply a change, refresh the CRC, return what the verifier says. */
#define AFTER(change) (make_valid(), (change), set_crc(), verify())

TEST(blob, valid_blob_passes)
{
	struct blob_fault f = { BLOB_ERR_CRC, 0 };

	make_valid();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_OK);
	EXPECT_EQ(f.where, SEPTUM_NONE);
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), NULL), E_OK);
}

TEST(blob, header_errors)
{
	make_valid();
	EXPECT_EQ(check_of((const uint8_t *)&tb + 4, sizeof(tb) - 4),
		  BLOB_ERR_ALIGN);
	EXPECT_EQ(check_of(&tb, sizeof(struct septum_config) - 1),
		  BLOB_ERR_SHORT);
	EXPECT_EQ(AFTER(tb.cfg.header.magic ^= 1u), BLOB_ERR_MAGIC);
	EXPECT_EQ(AFTER(tb.cfg.header.version++), BLOB_ERR_VERSION);
	EXPECT_EQ(AFTER(tb.cfg.header.table_size--), BLOB_ERR_TABLE_SIZE);
	EXPECT_EQ(AFTER(tb.cfg.header.total_size = sizeof(tb) + 1u),
		  BLOB_ERR_TOTAL_SIZE);
	EXPECT_EQ(AFTER(tb.cfg.header.num_cells = 0), BLOB_ERR_COUNTS);
	EXPECT_EQ(AFTER(tb.cfg.header.num_channels = SEPTUM_MAX_CHANNELS + 1u),
		  BLOB_ERR_COUNTS);
}

TEST(blob, crc_catches_any_flipped_table_byte)
{
	make_valid();
	tb.cfg.cells[1].regions[0].pa ^= 0x1000u;
	EXPECT_EQ(verify(), BLOB_ERR_CRC);
	make_valid();
	((uint8_t *)&tb.cfg)[sizeof(tb.cfg) - 1] ^= 0x01u;
	EXPECT_EQ(verify(), BLOB_ERR_CRC);
	/* Payload bytes are the images' own CRCs' business (cell.c). */
	make_valid();
	tb.payload[PAYLOAD_SIZE] ^= 0x40u;
	EXPECT_EQ(verify(), BLOB_OK);
}

TEST(blob, hypervisor_and_board_errors)
{
	EXPECT_EQ(AFTER(tb.cfg.hyp.uart_kind = 9), BLOB_ERR_HYP);
	EXPECT_EQ(AFTER(tb.cfg.hyp.mem_size = 0), BLOB_ERR_HYP);
	EXPECT_EQ(AFTER(tb.cfg.hyp.log_level = 7), BLOB_ERR_HYP);
	EXPECT_EQ(AFTER(tb.cfg.board.irqchip = 0), BLOB_ERR_BOARD);
	EXPECT_EQ(AFTER(tb.cfg.board.num_cpus = SEPTUM_MAX_CPUS + 1u),
		  BLOB_ERR_BOARD);
	EXPECT_EQ(AFTER(tb.cfg.focus_cell = 2), BLOB_ERR_FOCUS);
}

TEST(blob, cell_errors_name_the_cell)
{
	struct blob_fault f;

	make_valid();
	tb.cfg.cells[1].cpus[0].board_cpu = 0;
	tb.cfg.cells[1].cpus[0].hwid = 0;
	set_crc();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_INVALID);
	EXPECT_EQ(f.check, BLOB_ERR_CELL_CPU);
	EXPECT_EQ(f.where, 1);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].cpus[0].board_cpu = 4),
		  BLOB_ERR_CELL_CPU);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].name[0] = '\0'), BLOB_ERR_CELL_NAME);
	EXPECT_EQ(AFTER(__builtin_memset(tb.cfg.cells[0].name, 'x',
					 SEPTUM_NAME_LEN)),
		  BLOB_ERR_CELL_NAME);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].fault_policy = 0), BLOB_ERR_CELL_FIELDS);
	/* A port range over the power registers every cell is served. */
	EXPECT_EQ(AFTER((tb.cfg.cells[0].num_pio = 1,
			 tb.cfg.cells[0].pio[0] = (struct septum_pio){ 0x53c, 8 })),
		  BLOB_ERR_CELL_FIELDS);
	EXPECT_EQ(AFTER((tb.cfg.cells[0].num_pio = 1,
			 tb.cfg.cells[0].pio[0] = (struct septum_pio){ 0x530, 0x10 })),
		  BLOB_OK);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].num_regions = 0), BLOB_ERR_CELL_FIELDS);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].num_irqs = SEPTUM_MAX_IRQS + 1u),
		  BLOB_ERR_CELL_FIELDS);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].entry_image = 1), BLOB_ERR_CELL_FIELDS);
}

TEST(blob, cell_memory_overlapping_the_hypervisor_or_a_cell)
{
	struct blob_fault f;

	make_valid();
	tb.cfg.cells[1].regions[0].pa = 0x40f00000;	/* last MiB of the hyp */
	tb.cfg.cells[1].images[0].pa = 0x40f00000;
	set_crc();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_INVALID);
	EXPECT_EQ(f.check, BLOB_ERR_CELL_OVERLAP);
	EXPECT_EQ(f.where, 1);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].regions[0].pa = 0x3ff00000),
		  BLOB_OK);	/* just below the hypervisor's memory */
	EXPECT_EQ(AFTER(tb.cfg.cells[0].regions[0].pa = 0x3ff01000),
		  BLOB_ERR_CELL_OVERLAP);
	EXPECT_EQ(AFTER(tb.cfg.cells[1].regions[0].pa = 0x410ff000),
		  BLOB_ERR_CELL_OVERLAP);	/* rt's last page */
	EXPECT_EQ(AFTER(tb.cfg.cells[1].regions[0].pa = 0x41100000), BLOB_OK);
}

TEST(blob, region_image_device_errors)
{
	EXPECT_EQ(AFTER(tb.cfg.cells[0].regions[0].size = 0x800),
		  BLOB_ERR_CELL_REGION);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].regions[0].pa = ~0xfffull),
		  BLOB_ERR_CELL_REGION);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].regions[0].flags = 0x10),
		  BLOB_ERR_CELL_REGION);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].images[0].size = 0x200000),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].images[0].entry_ipa = 0x1000),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.cells[1].images[0].offset += 8),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.cells[1].images[0].size = PAYLOAD_SIZE + 1u),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.cells[1].images[0].offset = 0),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].mmio[0].size = 0), BLOB_ERR_CELL_MMIO);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].irqs[0].pintid = host_bad_device_irq),
		  BLOB_ERR_CELL_IRQ);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].irqs[0].vintid = host_bad_device_irq),
		  BLOB_ERR_CELL_IRQ);
}

/* Cell 0 allows one firmware call naming `arg`, and resource `id_arg`. */
static int one_call(uint32_t arg, uint32_t id_arg)
{
	struct septum_firmware *fw = &tb.cfg.cells[0].firmware;

	fw->num_calls = 1;
	fw->calls[0] = (struct septum_fw_call){ 0xc2000024u, arg };
	fw->num_ids = 1;
	fw->ids[0] = (struct septum_fw_id){ id_arg, 57 };
	return 0;
}

TEST(blob, firmware_call_errors)
{
	EXPECT_EQ(AFTER(tb.cfg.cells[0].firmware.num_calls =
				SEPTUM_MAX_FW_CALLS + 1), BLOB_ERR_CELL_FIRMWARE);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].firmware.num_ids =
				SEPTUM_MAX_FW_IDS + 1), BLOB_ERR_CELL_FIRMWARE);
	EXPECT_EQ(AFTER(one_call(SEPTUM_FW_ARG_KINDS, SEPTUM_FW_ARG_CLOCK)),
		  BLOB_ERR_CELL_FIRMWARE);
	EXPECT_EQ(AFTER(one_call(SEPTUM_FW_ARG_CLOCK, SEPTUM_FW_ARG_NONE)),
		  BLOB_ERR_CELL_FIRMWARE);
	EXPECT_EQ(AFTER(one_call(SEPTUM_FW_ARG_CLOCK, SEPTUM_FW_ARG_CLOCK)),
		  BLOB_OK);
}

/* Cell 0 gets one seed slot of `len` bytes at `ipa`, blanking 12 before. */
static int one_seed(uint64_t ipa, uint32_t len)
{
	tb.cfg.cells[0].seeds[0] = (struct septum_seed){
		.ipa = ipa, .len = len, .blank_before = 12,
		.blank = { 0, 0, 0, 4 } };
	return 0;
}

TEST(blob, seed_slot_errors)
{
	EXPECT_EQ(AFTER(one_seed(0x1000, 32)), BLOB_OK);
	EXPECT_EQ(AFTER(one_seed(0x1000, SEPTUM_MAX_SEED_LEN)), BLOB_OK);
	EXPECT_EQ(AFTER(one_seed(0x1000, SEPTUM_MAX_SEED_LEN + 1)),
		  BLOB_ERR_CELL_SEED);
	EXPECT_EQ(AFTER(one_seed(0x1002, 8)), BLOB_ERR_CELL_SEED);
	EXPECT_EQ(AFTER(one_seed(0x4, 8)), BLOB_ERR_CELL_SEED);
	EXPECT_EQ(AFTER(one_seed(0x100000 - 8, 12)), BLOB_ERR_CELL_SEED);
	EXPECT_EQ(AFTER(one_seed(0x1000, 0)), BLOB_ERR_CELL_SEED);
}

TEST(blob, pci_window_must_be_aligned)
{
	EXPECT_EQ(AFTER(tb.cfg.cells[1].pci_ecam = 0x30000000), BLOB_OK);
	EXPECT_EQ(AFTER(tb.cfg.cells[1].pci_ecam = 0x30001000),
		  BLOB_ERR_CELL_MMIO);
}

TEST(blob, channel_errors)
{
	EXPECT_EQ(AFTER(tb.cfg.channels[0].name[0] = '\0'),
		  BLOB_ERR_CHANNEL_NAME);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].size = 0), BLOB_ERR_CHANNEL_MEM);
	/* Sections that do not add up to the memory, or are not pages. */
	EXPECT_EQ(AFTER(tb.cfg.channels[0].rw_size = 0x2000),
		  BLOB_ERR_CHANNEL_MEM);
	EXPECT_EQ(AFTER((tb.cfg.channels[0].out_size = 0x800,
			 tb.cfg.channels[0].rw_size = 0x2000)),
		  BLOB_ERR_CHANNEL_MEM);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].out_size = UINT64_MAX / 2),
		  BLOB_ERR_CHANNEL_MEM);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].num_peers = 1),
		  BLOB_ERR_CHANNEL_PEER);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].peers[1].cell = 2),
		  BLOB_ERR_CHANNEL_PEER);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].peers[1].rights = 4),
		  BLOB_ERR_CHANNEL_PEER);
	EXPECT_EQ(AFTER(tb.cfg.channels[0].peers[1].pci_slot = 32),
		  BLOB_ERR_CHANNEL_PEER);
}

/* Where colour_cell() puts cell 1's runs: the page after its image. */
static struct septum_run *runs(void)
{
	return (struct septum_run *)(void *)((uint8_t *)&tb + image_offset() +
					     PAYLOAD_SIZE);
}

/*
 * Cell 1 coloured (colours 0 and 2 of 16): its 1 MiB region is two runs,
 * each half of it.
 */
static int colour_cell(void)
{
	struct septum_cell *c = &tb.cfg.cells[1];

	tb.cfg.header.total_size = image_offset() + 2 * PAYLOAD_SIZE;
	tb.cfg.llc.colours = 16;
	c->colours = 0x5;
	c->regions[0].pa = 0;
	c->runs_offset = image_offset() + PAYLOAD_SIZE;
	c->num_runs = 2;
	runs()[0] = (struct septum_run){ 0x50000000, 0x0, 0x80000 };
	runs()[1] = (struct septum_run){ 0x50100000, 0x80000, 0x80000 };
	return 0;
}

TEST(blob, coloured_cell_runs)
{
	struct septum_cell *c = &tb.cfg.cells[1];

	EXPECT_EQ(AFTER(colour_cell()), BLOB_OK);
	EXPECT_EQ(AFTER((colour_cell(), c->regions[0].pa = 0x48000000)),
		  BLOB_ERR_CELL_REGION);
	EXPECT_EQ(AFTER((colour_cell(), tb.cfg.llc.colours = 0)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->colours = 0x10000)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->num_runs = 0)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->num_runs = 1)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->runs_offset = 8)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->runs_offset += 4)),
		  BLOB_ERR_CELL_COLOUR);
	/* Past the blob's end (the room left must not wrap round). */
	EXPECT_EQ(AFTER((colour_cell(),
			 c->runs_offset = tb.cfg.header.total_size + (1ull << 32))),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->num_runs = 200)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), c->pad2 = 1)), BLOB_ERR_CELL_COLOUR);
	/* Its runs, not its regions (no physical address), meet others. */
	EXPECT_EQ(AFTER((colour_cell(), runs()[1].pa = 0x41080000)),
		  BLOB_ERR_CELL_OVERLAP);	/* rt's second half */
	EXPECT_EQ(AFTER((colour_cell(), runs()[0].pa = 0x40f00000)),
		  BLOB_ERR_CELL_OVERLAP);	/* the hypervisor's last MiB */
}

TEST(blob, coloured_run_errors)
{
	struct septum_run *r = runs();

	/* Out of order, overlapping, outside the region, unaligned. */
	EXPECT_EQ(AFTER((colour_cell(), r[0].ipa = 0x80000, r[1].ipa = 0)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), r[1].ipa = 0x7f000)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), r[1].ipa = 0x81000)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), r[1].size = 0x7f000)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), r[1].pa += 0x800)),
		  BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER((colour_cell(), r[1].size = 0)), BLOB_ERR_CELL_COLOUR);
	/* Runs on a cell that is not coloured. */
	EXPECT_EQ(AFTER(tb.cfg.cells[0].num_runs = 1), BLOB_ERR_CELL_COLOUR);
	EXPECT_EQ(AFTER(tb.cfg.cells[0].runs_offset = image_offset()),
		  BLOB_ERR_CELL_COLOUR);
	/* A coloured cell's images come from the blob. */
	EXPECT_EQ(AFTER((colour_cell(),
			 tb.cfg.cells[1].images[0].source = SEPTUM_SRC_PHYS,
			 tb.cfg.cells[1].images[0].pa = 0x50000000)),
		  BLOB_ERR_CELL_IMAGE);
	EXPECT_EQ(AFTER(tb.cfg.llc.colours = SEPTUM_MAX_COLOURS), BLOB_OK);
	EXPECT_EQ(AFTER(tb.cfg.llc.colours = SEPTUM_MAX_COLOURS + 1),
		  BLOB_ERR_LLC);
	EXPECT_EQ(AFTER(tb.cfg.llc.pad0 = 1), BLOB_ERR_LLC);
	/* The hypervisor's own colours: those of the board's cache only. */
	EXPECT_EQ(AFTER((tb.cfg.llc.colours = 16, tb.cfg.hyp_colours = 0x8000)),
		  BLOB_OK);
	EXPECT_EQ(AFTER((tb.cfg.llc.colours = 16,
			 tb.cfg.hyp_colours = 0x10000)),
		  BLOB_ERR_HYP_COLOUR);
	EXPECT_EQ(AFTER((tb.cfg.llc.colours = 0, tb.cfg.hyp_colours = 1)),
		  BLOB_ERR_HYP_COLOUR);
	EXPECT_EQ(AFTER((tb.cfg.llc.colours = SEPTUM_MAX_COLOURS,
			 tb.cfg.hyp_colours = ~0ull)),
		  BLOB_OK);
}

/* A valid SMMU with one function of cell 1 (BAR0: 1 MiB at 0x10000000). */
static void add_smmu(void)
{
	struct septum_smmu *s = &tb.cfg.smmu;

	*s = (struct septum_smmu){ .pa = 0x9050000, .size = 0x20000,
		.ecam_pa = 0x4010000000ull, .ecam_size = 0x10000000,
		.evtq_intid = 106, .gerror_intid = 109, .num_funcs = 1 };
	s->funcs[0] = (struct septum_pci_func){ .bdf = 0x10, .cell = 1,
		.stream = 0x10 };
	s->funcs[0].bars[0] = (struct septum_pci_bar){ 0x10000000, 0x10000000,
		0x100000 };
	s->intx[0] = (struct septum_pci_intx){ 0, SEPTUM_NONE };
	set_crc();
}

static void set_vuart(uint32_t cell, uint64_t base, uint32_t vintid,
		      uint32_t kind)
{
	tb.cfg.cells[cell].vuart = (struct septum_vuart){ base, vintid, kind };
}

/* The valid blob moved onto a PC: interrupts numbered for its I/O APIC,
 * the cells' consoles on its ports. */
static void on_pc(void)
{
	struct septum_config *cfg = &tb.cfg;

	cfg->board.irqchip = SEPTUM_IRQCHIP_X86_APIC;
	cfg->hyp.uart_intid = 4;
	set_vuart(0, 0x3f8, 4, SEPTUM_VUART_NS16550_PIO);
	set_vuart(1, 0x3f8, 4, SEPTUM_VUART_NS16550_PIO);
	cfg->cells[0].irqs[0] = (struct septum_irq){ 5, 5 };
	cfg->channels[0].peers[0].vintid = 10;
	cfg->channels[0].peers[1].vintid = 11;
	cfg->smmu.evtq_intid = 12;
	cfg->smmu.gerror_intid = 13;
}

/* A console on I/O ports on a PC only, and a PC's on ports only. */
TEST(blob, console_kind_follows_the_machine)
{
	EXPECT_EQ(AFTER(on_pc()), BLOB_OK);
	EXPECT_EQ(AFTER(set_vuart(1, 0x3f8, 33, SEPTUM_VUART_NS16550_PIO)),
		  BLOB_ERR_CELL_FIELDS);
	EXPECT_EQ(AFTER((on_pc(), set_vuart(1, 0x9000000, 4,
					    SEPTUM_VUART_PL011))),
		  BLOB_ERR_CELL_FIELDS);
}

TEST(blob, smmu_and_pci_function_errors)
{
	EXPECT_EQ(AFTER(add_smmu()), BLOB_OK);
	/* No SMMU on a PC: nothing would translate its functions' DMA. */
	EXPECT_EQ(AFTER((add_smmu(), on_pc())), BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER(on_pc()), BLOB_OK);
	/* No SMMU: nothing else of it may be set. */
	EXPECT_EQ(AFTER(tb.cfg.smmu.num_funcs = 1), BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.size = 0x20001)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.evtq_intid = 5)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].cell = 2)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].stream = 256)),
		  BLOB_ERR_SMMU);
	/* A bus the ECAM window does not reach. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.ecam_size = 0x100000,
			 tb.cfg.smmu.funcs[0].bdf = 0x100)),
		  BLOB_ERR_SMMU);
	/* BARs: a power of two, aligned, below 4 GiB on the bus. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].bars[0].size =
					     0x3000)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].bars[0].bus =
					     0x10080000)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].bars[0].bus =
					     0x100000000ull)),
		  BLOB_ERR_SMMU);
	/* One owner per function and per StreamID. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.num_funcs = 2,
			 tb.cfg.smmu.funcs[1] = tb.cfg.smmu.funcs[0],
			 tb.cfg.smmu.funcs[1].cell = 0)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.num_funcs = 2,
			 tb.cfg.smmu.funcs[1] = tb.cfg.smmu.funcs[0],
			 tb.cfg.smmu.funcs[1].bdf = 0x18)),
		  BLOB_ERR_SMMU);
	/* INTx: a pin routed to an interrupt of the function's own cell. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].cell = 0,
			 tb.cfg.smmu.intx[0] =
				 (struct septum_pci_intx){ 1, 39 })),
		  BLOB_OK);
	/* Cell 1 does not have interrupt 39; cell 0 has no 40. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.intx[0] =
			 (struct septum_pci_intx){ 1, 39 })),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].cell = 0,
			 tb.cfg.smmu.intx[0] =
				 (struct septum_pci_intx){ 1, 40 })),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.intx[0] =
			 (struct septum_pci_intx){ 5, 39 })),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.intx[0] =
			 (struct septum_pci_intx){ 0, 39 })),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.intx[1] =
			 (struct septum_pci_intx){ 1, 39 })),
		  BLOB_ERR_SMMU);
}

/* 64-bit BARs: the upper half is register n + 1, no BAR of its own. */
TEST(blob, pci_64bit_bars)
{
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x1)), BLOB_OK);
	/* A 64-bit BAR may sit above 4 GiB on the bus; a 32-bit one not. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x1,
			 tb.cfg.smmu.funcs[0].bars[0].bus = 0x8000000000ull)),
		  BLOB_OK);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x1,
			 tb.cfg.smmu.funcs[0].bars[0].bus =
				 0xfffffffffff00000ull,
			 tb.cfg.smmu.funcs[0].bars[0].size = 0x200000)),
		  BLOB_ERR_SMMU);
	/* Its upper half holds nothing else. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x1,
			 tb.cfg.smmu.funcs[0].bars[1] =
				 tb.cfg.smmu.funcs[0].bars[0])),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x3)),
		  BLOB_ERR_SMMU);
	/* BAR5 has no upper half; an empty BAR is not 64-bit. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.funcs[0].bars[5] =
				 tb.cfg.smmu.funcs[0].bars[0],
			 tb.cfg.smmu.funcs[0].bars[0] =
				 (struct septum_pci_bar){ 0, 0, 0 },
			 tb.cfg.smmu.bar64[0] = 0x20)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x4)),
		  BLOB_ERR_SMMU);
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[0] = 0x40)),
		  BLOB_ERR_SMMU);
	/* No bits for a function that is not there. */
	EXPECT_EQ(AFTER((add_smmu(), tb.cfg.smmu.bar64[1] = 0x1)),
		  BLOB_ERR_SMMU);
}

TEST(blob, devices_ports_and_channels_have_one_owner)
{
	struct septum_cell *rt = &tb.cfg.cells[0], *lx = &tb.cfg.cells[1];
	struct septum_channel *ch = &tb.cfg.channels[0];
	struct blob_fault f;

	/* A cell's device range over the hypervisor's UART, memory, SMMU or
	 * PCIe configuration space, over a cell's memory, or another's. */
	EXPECT_EQ(AFTER(rt->mmio[0].pa = 0x9000000),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(AFTER(rt->mmio[0].pa = 0x40fff000),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(AFTER((add_smmu(), rt->mmio[0].pa = 0x9060000)),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(AFTER((add_smmu(), rt->mmio[0].pa = 0x4010000000ull,
			 rt->mmio[0].ipa = 0x4010000000ull)),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(AFTER(rt->mmio[0].pa = 0x480ff000),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);	/* linux's memory */
	EXPECT_EQ(AFTER(rt->mmio[0].pa = 0x41000000),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);	/* its own */
	EXPECT_EQ(AFTER(rt->mmio[0].pa = 0x9001000), BLOB_OK);
	make_valid();
	lx->num_mmio = 1;
	lx->mmio[0] = rt->mmio[0];
	set_crc();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_INVALID);
	EXPECT_EQ(f.check, BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(f.where, 1);
	EXPECT_EQ(AFTER((lx->num_mmio = 1, lx->mmio[0] = rt->mmio[0],
			 lx->mmio[0].pa += 0x1000)),
		  BLOB_OK);

	/* Memory over the hypervisor's devices. */
	EXPECT_EQ(AFTER((add_smmu(), lx->regions[0].pa = 0x4010000000ull)),
		  BLOB_ERR_CELL_OVERLAP);

	/* Ports: the hypervisor's UART on I/O ports, or another cell's. */
	EXPECT_EQ(AFTER((tb.cfg.hyp.uart_kind = SEPTUM_UART_NS16550_PIO,
			 tb.cfg.hyp.uart_pa = 0x3f8, tb.cfg.hyp.uart_size = 8,
			 rt->num_pio = 1,
			 rt->pio[0] = (struct septum_pio){ 0x3f8, 8 })),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	EXPECT_EQ(AFTER((tb.cfg.hyp.uart_kind = SEPTUM_UART_NS16550_PIO,
			 tb.cfg.hyp.uart_pa = 0x3f8, tb.cfg.hyp.uart_size = 8,
			 rt->num_pio = 1,
			 rt->pio[0] = (struct septum_pio){ 0x2f8, 8 })),
		  BLOB_OK);
	EXPECT_EQ(AFTER((rt->num_pio = 1,
			 rt->pio[0] = (struct septum_pio){ 0x2f8, 8 },
			 lx->num_pio = 1,
			 lx->pio[0] = (struct septum_pio){ 0x2fc, 1 })),
		  BLOB_ERR_CELL_DEVICE_OVERLAP);
	/* A port range at an address of the hypervisor's MMIO UART is not it. */
	EXPECT_EQ(AFTER((rt->num_pio = 1,
			 rt->pio[0] = (struct septum_pio){ 0x2f8, 8 },
			 tb.cfg.hyp.uart_pa = 0x2f8)),
		  BLOB_OK);

	/* A channel over anything else. */
	EXPECT_EQ(AFTER(ch->pa = 0x40ffc000), BLOB_ERR_CHANNEL_OVERLAP);
	EXPECT_EQ(AFTER(ch->pa = 0x410fc000), BLOB_ERR_CHANNEL_OVERLAP);
	EXPECT_EQ(AFTER(ch->pa = 0x9030000), BLOB_ERR_CHANNEL_OVERLAP);
	EXPECT_EQ(AFTER(ch->pa = 0x9000000), BLOB_ERR_CHANNEL_OVERLAP);
	make_valid();
	tb.cfg.header.num_channels = 2;
	tb.cfg.channels[1] = *ch;
	tb.cfg.channels[1].name[0] = 'd';
	tb.cfg.channels[1].pa += 0x3000;
	set_crc();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_INVALID);
	EXPECT_EQ(f.check, BLOB_ERR_CHANNEL_OVERLAP);
	EXPECT_EQ(f.where, 1);
	tb.cfg.channels[1].pa += 0x1000;
	set_crc();
	EXPECT_EQ(blob_verify(&tb, sizeof(tb), &f), E_OK);
}

TEST(blob, every_error_has_a_sentence)
{
	uint32_t e;

	for (e = 0; e < BLOB_ERR_COUNT; e++) {
		const char *s = blob_check_str((enum blob_check)e);

		EXPECT(s != NULL && s[0] != '\0');
	}
	EXPECT(blob_check_str(BLOB_ERR_COUNT) != NULL);
}

TEST(crc32, known_values)
{
	EXPECT_EQ(crc32_update(0, "123456789", 9), 0xcbf43926u);
	EXPECT_EQ(crc32_update(0, NULL, 0), 0);
	EXPECT_EQ(crc32_update(crc32_update(0, "1234", 4), "56789", 5),
		  0xcbf43926u);
}
