/*
 * The SMMUv3 (ARM IHI 0070): owned by the hypervisor, never mapped into a
 * cell.  A linear stream table covers StreamIDs 0-255 (bus 0 of the PCIe
 * host behind it); each stream a cell's function uses gets a stage-2-only
 * STE walking that cell's own stage-2 tables with its VMID, every other
 * stream an STE that aborts (and StreamIDs beyond the table are refused by
 * the SMMU itself).  Commands go through the command queue and end with a
 * CMD_SYNC the hypervisor waits for (bounded); faults arrive in the event
 * queue, whose wired interrupt the hypervisor takes: each is logged naming
 * the cell, the function, the direction and the address, the function's
 * stream is aborted and the cell's fault policy applies.
 */
#include <arch/gic.h>
#include <arch/smmu.h>
#include <arch/sysreg.h>
#include <arch/vgic.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/config.h>
#include <septum/hypmem.h>
#include <septum/log.h>
#include <septum/mmio.h>
#include <septum/panic.h>
#include <septum/spinlock.h>

/* Registers (page 0, and page 1 at +64 KiB for the event queue indices). */
#define IDR0 0x00
#define IDR0_S2P BIT(0)
#define IDR0_TTF_AA64 BIT(3)
#define IDR0_COHACC BIT(4)
#define IDR1 0x04
#define IDR1_SIDSIZE(v) ((v) & 0x3fu)
#define IDR5 0x14
#define IDR5_OAS(v) ((v) & 7u)
#define IDR5_GRAN4K BIT(4)
#define CR0 0x20
#define CR0_SMMUEN BIT(0)
#define CR0_EVENTQEN BIT(2)
#define CR0_CMDQEN BIT(3)
#define CR0ACK 0x24
#define CR1 0x28
#define CR1_WB_INNER_SHAREABLE 0xd5u /* queues and tables: WB, inner shareable */
#define CR1_TABLES_SHIFT 6
#define CR2 0x2c
#define CR2_RECINVSID BIT(1)
#define CR2_PTM BIT(2)
#define GBPA 0x44
#define GBPA_ABORT BIT(20)
#define GBPA_UPDATE BIT(31)
#define IRQ_CTRL 0x50
#define IRQ_CTRL_GERROR BIT(0)
#define IRQ_CTRL_EVENTQ BIT(2)
#define IRQ_CTRL_ACK 0x54
#define GERROR 0x60
#define GERRORN 0x64
#define GERROR_CMDQ_ERR BIT(0)
#define STRTAB_BASE 0x80
#define STRTAB_BASE_CFG 0x88
#define CMDQ_BASE 0x90
#define CMDQ_PROD 0x98
#define CMDQ_CONS 0x9c
#define CMDQ_CONS_ERR(v) (((v) >> 24) & 0x7fu)
#define EVENTQ_BASE 0xa0
#define EVENTQ_PROD 0x100a8
#define EVENTQ_CONS 0x100ac
#define Q_OVERFLOW BIT(31)
#define BASE_RA ((uint64_t)1 << 62) /* read-allocate (WA for the event queue) */

/* Sizes: 256 STEs of 64 bytes, 256 commands of 16, 128 events of 32. */
#define STE_LOG2 8u
#define STE_DWORDS 8u
#define CMDQ_LOG2 8u
#define EVTQ_LOG2 7u
#define Q_ENTRIES(log2) (1u << (log2))
#define Q_IDX(log2, v) ((v) & (Q_ENTRIES(log2) - 1u))
#define Q_WRAP_IDX(log2, v) ((v) & ((Q_ENTRIES(log2) << 1) - 1u))

/* Stream table entry, dwords 0-3 (SMMUv3 5.2). */
#define STE_V BIT(0)
#define STE_CFG_ABORT ((uint64_t)0 << 1)
#define STE_CFG_S2 ((uint64_t)6 << 1)	/* stage 1 bypass, stage 2 translate */
#define STE1_SHCFG_INCOMING ((uint64_t)1 << 44)
#define STE2_S2T0SZ(bits) ((uint64_t)(64u - (bits)) << 32)
#define STE2_S2SL0_LEVEL1 ((uint64_t)1 << 38)
#define STE2_S2IR0_WBWA ((uint64_t)1 << 40)
#define STE2_S2OR0_WBWA ((uint64_t)1 << 42)
#define STE2_S2SH0_INNER ((uint64_t)3 << 44)
#define STE2_S2TG_4K ((uint64_t)0 << 46)
#define STE2_S2PS(ps) ((uint64_t)(ps) << 48)
#define STE2_S2AA64 ((uint64_t)1 << 51)
#define STE2_S2R ((uint64_t)1 << 58)
#define STE3_S2TTB_MASK 0x000ffffffffffff0ull
#define IPA_BITS 39	/* as the CPUs' stage 2 (vm.c) */

/* Commands (SMMUv3 4.1-4.7). */
#define CMD_CFGI_STE 0x03u
#define CMD_CFGI_STE_RANGE 0x04u
#define CMD_CFGI_ALL_RANGE 31u
#define CMD_TLBI_S12_VMALL 0x28u
#define CMD_TLBI_NSNH_ALL 0x30u
#define CMD_SYNC 0x46u
#define CMD_ARG(v) ((uint64_t)(v) << 32)
#define CMD_LEAF 1u

/* PCI configuration space (ECAM: 4 KiB per function). */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2u
#define PCI_COMMAND_MASTER 0x4u
#define PCI_COMMAND_INTX_DISABLE 0x400u
#define PCI_STATUS_CAP_LIST (0x10u << 16)
#define PCI_VENDOR_NONE 0xffffu
#define PCI_BAR0 0x10
#define PCI_CAP_PTR 0x34
#define PCI_CAP_PTR_MASK 0xfcu
#define PCI_CAP_MAX 48u		/* 192 bytes of capabilities, 4 each */
#define PCI_CAP_ID_EXP 0x10u	/* the PCI Express capability */
#define PCIE_DEVCAP 0x04
#define PCIE_DEVCAP_FLR BIT(28)
#define PCIE_DEVCTL 0x08	/* its status in the upper half */
#define PCIE_DEVCTL_FLR BIT(15)
#define PCIE_DEVSTA_TRPND (BIT(5) << 16)
/* PCIe Base 6.5.2/6.6.2: wait 100 ms after an FLR before the function is
 * accessed; it must be ready within 1 s of it. */
#define FLR_WAIT_MS 100u
#define FLR_READY_MS 1000u
#define TRPND_WAIT_MS 100u
#define ECAM_FN_SHIFT 12
#define ECAM_BUS_BYTES 0x100000u

#define WAIT_POLLS 10000000u

static const struct septum_smmu *smmu_cfg;
static uintptr_t regs, ecam;
static uint64_t *strtab, *cmdq, *evtq;
static uint32_t cmd_prod, evt_cons;
static uint64_t s2ps;
static bool stream_on[SEPTUM_MAX_PCI_FUNCS];
/* Streams nobody owns already logged, by StreamID; the last bit for
 * every StreamID beyond the table. */
static uint64_t stray_logged[SEPTUM_SMMU_STREAMS / 64 + 1];
static struct spinlock cmd_lock = SPINLOCK_INIT;

static uint32_t rd(uint32_t off)
{
	return mmio_read32(regs + off);
}

static void wr(uint32_t off, uint32_t v)
{
	mmio_write32(regs + off, v);
}

/* 64-bit registers as two 32-bit halves, low first (SMMUv3 6.2). */
static void wr64(uint32_t off, uint64_t v)
{
	wr(off, (uint32_t)v);
	wr(off + 4, (uint32_t)(v >> 32));
}

/* Bounded wait for (register & mask) == want. */
static void wait_reg(uint32_t off, uint32_t mask, uint32_t want,
		     const char *what)
{
	for (uint32_t i = 0; i < WAIT_POLLS; i++) {
		if ((rd(off) & mask) == want)
			return;
	}
	panic("SMMU at 0x%llx: %s never completed",
	      (unsigned long long)smmu_cfg->pa, what);
}

static void set_cr0(uint32_t v)
{
	wr(CR0, v);
	wait_reg(CR0ACK, 0xffffffffu, v, "CR0 update");
}

/* Queue one command (cmd_lock held; every batch ends with sync()). */
static void cmd_put(uint64_t d0, uint64_t d1)
{
	uint64_t *slot = &cmdq[2 * Q_IDX(CMDQ_LOG2, cmd_prod)];

	slot[0] = d0;
	slot[1] = d1;
	cmd_prod = Q_WRAP_IDX(CMDQ_LOG2, cmd_prod + 1);
}

/* CMD_SYNC, then wait until the SMMU consumed everything (cmd_lock held). */
static void cmd_sync(void)
{
	cmd_put(CMD_SYNC, 0);
	dsb_ishst();
	wr(CMDQ_PROD, cmd_prod);
	for (uint32_t i = 0; i < WAIT_POLLS; i++) {
		uint32_t cons = rd(CMDQ_CONS);

		if (CMDQ_CONS_ERR(cons) || (rd(GERROR) ^ rd(GERRORN)) &
						   GERROR_CMDQ_ERR)
			panic("SMMU: command queue error %u at entry %u",
			      CMDQ_CONS_ERR(cons), Q_IDX(CMDQ_LOG2, cons));
		if (Q_WRAP_IDX(CMDQ_LOG2, cons) == cmd_prod)
			return;
	}
	panic("SMMU: CMD_SYNC never completed");
}

static void check_hardware(uint32_t cpu_parange)
{
	uint32_t idr0 = rd(IDR0), idr1 = rd(IDR1), idr5 = rd(IDR5);
	const char *why = NULL;

	if (!(idr0 & IDR0_S2P))
		why = "it has no stage 2";
	else if (!(idr0 & IDR0_TTF_AA64))
		why = "it cannot walk AArch64 tables";
	else if (!(idr0 & IDR0_COHACC))
		why = "its table walks are not cache-coherent";
	else if (IDR1_SIDSIZE(idr1) < STE_LOG2)
		why = "its StreamIDs are narrower than 8 bits";
	else if (!(idr5 & IDR5_GRAN4K))
		why = "it has no 4 KiB granule";
	if (why)
		panic("SMMU at 0x%llx: %s, which Septum needs",
		      (unsigned long long)smmu_cfg->pa, why);
	/* Stage 2's output size: what the CPUs use, capped by the SMMU's. */
	s2ps = cpu_parange;
	if (IDR5_OAS(idr5) < s2ps)
		s2ps = IDR5_OAS(idr5);
}

/* Aligned memory for a table or queue: `size` bytes at a multiple of it. */
static uint64_t *alloc_aligned(size_t size, paddr_t *pa, const char *what)
{
	paddr_t at;
	uint8_t *va = hypmem_need(2 * size, &at, what);
	uint64_t skip = (size - (at.bits & (size - 1u))) & (size - 1u);

	pa->bits = at.bits + skip;
	return (uint64_t *)(void *)(va + skip);
}

/* Every STE aborts; queues empty; the SMMU still off. */
static void build_tables(void)
{
	paddr_t st, cq, eq;
	size_t st_bytes = Q_ENTRIES(STE_LOG2) * STE_DWORDS * 8u;

	strtab = alloc_aligned(st_bytes, &st, "the SMMU's stream table");
	cmdq = alloc_aligned(Q_ENTRIES(CMDQ_LOG2) * 16u, &cq,
			     "the SMMU's command queue");
	evtq = alloc_aligned(Q_ENTRIES(EVTQ_LOG2) * 32u, &eq,
			     "the SMMU's event queue");
	/* Invalid: a transaction of a stream nobody owns is aborted and
	 * recorded (C_BAD_STE), where a valid aborting STE records nothing. */
	for (uint32_t i = 0; i < Q_ENTRIES(STE_LOG2); i++)
		strtab[i * STE_DWORDS] = 0;
	dsb_ishst();
	wr64(STRTAB_BASE, st.bits | BASE_RA);
	wr(STRTAB_BASE_CFG, STE_LOG2);	/* linear */
	wr64(CMDQ_BASE, cq.bits | BASE_RA | CMDQ_LOG2);
	wr(CMDQ_PROD, 0);
	wr(CMDQ_CONS, 0);
	wr64(EVENTQ_BASE, eq.bits | BASE_RA | EVTQ_LOG2);
	wr(EVENTQ_PROD, 0);
	wr(EVENTQ_CONS, 0);
}

static void map_registers(void)
{
	uint64_t buses = 0;

	regs = arch_mmu_map_device(pa(smmu_cfg->pa), smmu_cfg->size);
	for (uint32_t i = 0; i < smmu_cfg->num_funcs; i++) {
		uint64_t bus = (smmu_cfg->funcs[i].bdf >> 8) + 1u;

		buses = bus > buses ? bus : buses;
	}
	ecam = buses ? arch_mmu_map_device(pa(smmu_cfg->ecam_pa),
					   buses * ECAM_BUS_BYTES)
		     : 0;
	if (!regs || (buses && !ecam))
		panic("SMMU: cannot map its registers or the PCIe host's");
}

void smmu_init(const struct septum_config *cfg, unsigned int irq_cpu,
	       uint32_t cpu_parange)
{
	if (cfg->smmu.pa == 0)
		return;
	smmu_cfg = &cfg->smmu;
	map_registers();
	check_hardware(cpu_parange);
	/* Off, and aborting whatever comes while it is off. */
	set_cr0(0);
	wr(GBPA, GBPA_ABORT | GBPA_UPDATE);
	wait_reg(GBPA, GBPA_UPDATE, 0, "GBPA update");
	build_tables();
	wr(CR1, CR1_WB_INNER_SHAREABLE |
			CR1_WB_INNER_SHAREABLE << CR1_TABLES_SHIFT);
	wr(CR2, CR2_RECINVSID | CR2_PTM);
	set_cr0(CR0_CMDQEN | CR0_EVENTQEN);
	spin_lock(&cmd_lock);
	cmd_put(CMD_CFGI_STE_RANGE, CMD_CFGI_ALL_RANGE);
	cmd_put(CMD_TLBI_NSNH_ALL, 0);
	cmd_sync();
	spin_unlock(&cmd_lock);
	vgic_claim(smmu_cfg->evtq_intid, irq_cpu, true);
	vgic_claim(smmu_cfg->gerror_intid, irq_cpu, true);
	wr(IRQ_CTRL, IRQ_CTRL_GERROR | IRQ_CTRL_EVENTQ);
	wait_reg(IRQ_CTRL_ACK, 0xffffffffu, IRQ_CTRL_GERROR | IRQ_CTRL_EVENTQ,
		 "IRQ_CTRL update");
	set_cr0(CR0_CMDQEN | CR0_EVENTQEN | CR0_SMMUEN);
	log_info("SMMUv3 at 0x%llx: %u PCI functions translated by their "
		 "cells' stage 2, every other stream aborted",
		 (unsigned long long)smmu_cfg->pa, smmu_cfg->num_funcs);
}

/* Configuration space of function f, at `off`. */
static uintptr_t cfg_space(const struct septum_pci_func *f, uint32_t off)
{
	return ecam + ((uintptr_t)f->bdf << ECAM_FN_SHIFT) + off;
}

/* Set or clear `bits` of f's command register (the status half kept 0:
 * its bits are write-one-to-clear). */
static void pci_command(const struct septum_pci_func *f, uint32_t bits,
			bool on)
{
	uint32_t cmd = mmio_read32(cfg_space(f, PCI_COMMAND)) & 0xffffu;

	mmio_write32(cfg_space(f, PCI_COMMAND), on ? cmd | bits : cmd & ~bits);
}

/* Write f's stream table entry (cmd_lock held), then invalidate it. */
static void set_ste(const struct septum_pci_func *f, uint64_t root,
		    uint16_t vmid, bool translate)
{
	uint64_t *ste = &strtab[f->stream * STE_DWORDS];

	if (translate) {
		/* The fields first: the SMMU ignores them while it aborts. */
		ste[1] = STE1_SHCFG_INCOMING;
		ste[2] = vmid | STE2_S2T0SZ(IPA_BITS) | STE2_S2SL0_LEVEL1 |
			 STE2_S2IR0_WBWA | STE2_S2OR0_WBWA | STE2_S2SH0_INNER |
			 STE2_S2TG_4K | STE2_S2PS(s2ps) | STE2_S2AA64 |
			 STE2_S2R;
		ste[3] = root & STE3_S2TTB_MASK;
		dsb_ishst();
	}
	__atomic_store_n(&ste[0], STE_V | (translate ? STE_CFG_S2 :
						       STE_CFG_ABORT),
			 __ATOMIC_RELAXED);
	cmd_put(CMD_CFGI_STE | CMD_ARG(f->stream), CMD_LEAF);
}

/* The places the config tool chose, into f's BARs (a 64-bit one's upper
 * half into the next register). */
static void write_bars(const struct septum_pci_func *f, uint8_t bar64)
{
	for (uint32_t b = 0; b < SEPTUM_PCI_BARS; b++) {
		if (f->bars[b].size == 0)
			continue;
		mmio_write32(cfg_space(f, PCI_BAR0 + 4 * b),
			     (uint32_t)f->bars[b].bus);
		if (bar64 & BIT(b))
			mmio_write32(cfg_space(f, PCI_BAR0 + 4 * (b + 1)),
				     (uint32_t)(f->bars[b].bus >> 32));
	}
}

void smmu_cell_start(const struct cell *c, uint64_t s2_root, uint16_t vmid)
{
	if (!smmu_cfg)
		return;
	spin_lock(&cmd_lock);
	for (uint32_t i = 0; i < smmu_cfg->num_funcs; i++) {
		const struct septum_pci_func *f = &smmu_cfg->funcs[i];

		if (f->cell != c->index)
			continue;
		write_bars(f, smmu_cfg->bar64[i]);
		set_ste(f, s2_root, vmid, true);
		stream_on[i] = true;
	}
	cmd_put(CMD_TLBI_S12_VMALL | CMD_ARG(vmid), 0);
	cmd_sync();
	spin_unlock(&cmd_lock);
	/* As after a reset: decoding, bus mastering and INTx disable are
	 * the cell's to set (through its virtual PCI host). */
	for (uint32_t i = 0; i < smmu_cfg->num_funcs; i++) {
		if (smmu_cfg->funcs[i].cell == c->index)
			pci_command(&smmu_cfg->funcs[i], PCI_COMMAND_MEMORY |
						PCI_COMMAND_MASTER |
						PCI_COMMAND_INTX_DISABLE,
				    false);
	}
}

/* Function i stops: bus mastering off, its stream aborted (cmd_lock held). */
static void stream_off(uint32_t i)
{
	pci_command(&smmu_cfg->funcs[i], PCI_COMMAND_MASTER, false);
	set_ste(&smmu_cfg->funcs[i], 0, 0, false);
	stream_on[i] = false;
}

void smmu_cell_stop(const struct cell *c)
{
	if (!smmu_cfg)
		return;
	spin_lock(&cmd_lock);
	for (uint32_t i = 0; i < smmu_cfg->num_funcs; i++) {
		if (smmu_cfg->funcs[i].cell != c->index)
			continue;
		stream_off(i);
		/* Quiet until the cell starts again: no decoding, no INTx. */
		pci_command(&smmu_cfg->funcs[i], PCI_COMMAND_MEMORY, false);
		pci_command(&smmu_cfg->funcs[i], PCI_COMMAND_INTX_DISABLE,
			    true);
	}
	cmd_put(CMD_TLBI_S12_VMALL | CMD_ARG(c->index + 1u), 0);
	cmd_sync();
	spin_unlock(&cmd_lock);
}

/* Wait until `ms` milliseconds have passed since `t0` on the counter. */
static void wait_until_ms(uint64_t t0, uint32_t ms)
{
	uint64_t ticks = arch_timer_freq() / 1000u * ms;

	while (arch_timer_now() - t0 < ticks)
		;
}

/* Offset of f's PCI Express capability, or 0 if it has none. */
static uint32_t pcie_cap(const struct septum_pci_func *f)
{
	uint32_t at = mmio_read32(cfg_space(f, PCI_CAP_PTR)) & PCI_CAP_PTR_MASK;

	if (!(mmio_read32(cfg_space(f, PCI_COMMAND)) & PCI_STATUS_CAP_LIST))
		return 0;
	for (uint32_t n = 0; at && n < PCI_CAP_MAX; n++) {
		uint32_t head = mmio_read32(cfg_space(f, at));

		if ((head & 0xffu) == PCI_CAP_ID_EXP)
			return at;
		at = (head >> 8) & PCI_CAP_PTR_MASK;
	}
	return 0;
}

/*
 * Function-level reset of f (its PCIe capability at `cap`), as PCIe Base
 * 6.6.2 has it: its outstanding requests given up to TRPND_WAIT_MS to
 * complete (bus mastering is off already), the reset, FLR_WAIT_MS without
 * touching it, then at most FLR_READY_MS until it answers again.  False if
 * it never does.
 */
static bool flr(const struct septum_pci_func *f, uint32_t cap)
{
	uint64_t t0 = arch_timer_now();
	uint64_t ready = arch_timer_freq() / 1000u * FLR_READY_MS;
	uint32_t ctl;

	while ((mmio_read32(cfg_space(f, cap + PCIE_DEVCTL)) &
		PCIE_DEVSTA_TRPND) &&
	       arch_timer_now() - t0 < arch_timer_freq() / 1000u * TRPND_WAIT_MS)
		;
	/* The status half written 0: its bits are write-one-to-clear. */
	ctl = mmio_read32(cfg_space(f, cap + PCIE_DEVCTL)) & 0xffffu;
	mmio_write32(cfg_space(f, cap + PCIE_DEVCTL), ctl | PCIE_DEVCTL_FLR);
	t0 = arch_timer_now();
	wait_until_ms(t0, FLR_WAIT_MS);
	while ((mmio_read32(cfg_space(f, 0)) & 0xffffu) == PCI_VENDOR_NONE) {
		if (arch_timer_now() - t0 >= ready)
			return false;
	}
	return true;
}

void smmu_cell_reset(const struct cell *c)
{
	for (uint32_t i = 0; smmu_cfg && i < smmu_cfg->num_funcs; i++) {
		const struct septum_pci_func *f = &smmu_cfg->funcs[i];
		uint32_t cap;

		if (f->cell != c->index)
			continue;
		cap = pcie_cap(f);
		if (!cap || !(mmio_read32(cfg_space(f, cap + PCIE_DEVCAP)) &
			      PCIE_DEVCAP_FLR)) {
			log_info("cell %s: PCI %02x:%02x.%x has no function-level "
				 "reset: left quiesced (no bus mastering, no "
				 "decoding, INTx disabled)",
				 config_cell_name(c->index), f->bdf >> 8,
				 (f->bdf >> 3) & 0x1fu, f->bdf & 7u);
			continue;
		}
		if (!flr(f, cap)) {
			log_error("cell %s: PCI %02x:%02x.%x did not come back "
				  "from its function-level reset within %u ms",
				  config_cell_name(c->index), f->bdf >> 8,
				  (f->bdf >> 3) & 0x1fu, f->bdf & 7u,
				  FLR_READY_MS);
			continue;
		}
		/* Reset clears INTx disable: quiet until the cell starts. */
		pci_command(f, PCI_COMMAND_INTX_DISABLE, true);
		log_info("cell %s: PCI %02x:%02x.%x reset (function-level "
			 "reset)", config_cell_name(c->index), f->bdf >> 8,
			 (f->bdf >> 3) & 0x1fu, f->bdf & 7u);
	}
}

static int func_of_stream(uint32_t stream)
{
	for (uint32_t i = 0; i < smmu_cfg->num_funcs; i++) {
		if (smmu_cfg->funcs[i].stream == stream)
			return (int)i;
	}
	return -1;
}

/* A fault of function i: stop its stream, then the cell's policy. */
static void function_fault(uint32_t i, const struct smmu_event *ev)
{
	const struct septum_pci_func *f = &smmu_cfg->funcs[i];
	bool was_on;

	spin_lock(&cmd_lock);
	was_on = stream_on[i];
	if (was_on) {
		stream_off(i);
		cmd_sync();
	}
	spin_unlock(&cmd_lock);
	if (!was_on)
		return;	/* the rest of a burst that already ended its life */
	cell_device_fault(cell_get(f->cell), "DMA %s by PCI %02x:%02x.%x "
			  "(stream 0x%x) at IPA 0x%llx, blocked by the SMMU: "
			  "%s%s", ev->read ? "read" : "write", f->bdf >> 8,
			  (f->bdf >> 3) & 0x1fu, f->bdf & 7u, ev->stream,
			  (unsigned long long)ev->addr,
			  smmu_event_name(ev->type),
			  ev->stage2 ? " at stage 2" : "");
}

/* Whether this is the first event of a stream nobody owns (a device nobody
 * drives may repeat itself: it is logged once per stream). */
static bool first_stray(uint32_t stream)
{
	uint32_t n = stream < SEPTUM_SMMU_STREAMS ? stream : SEPTUM_SMMU_STREAMS;
	uint64_t bit = BIT(n % 64u);
	bool first = !(stray_logged[n / 64u] & bit);

	stray_logged[n / 64u] |= bit;
	return first;
}

static void handle_event(const uint64_t rec[4])
{
	struct smmu_event ev;
	int i;

	smmu_event_decode(rec, &ev);
	i = func_of_stream(ev.stream);
	if (i >= 0 && ev.fault) {
		function_fault((uint32_t)i, &ev);
		return;
	}
	if (i >= 0) {
		log_warn("SMMU: %s (event 0x%02x) from stream 0x%x: blocked",
			 smmu_event_name(ev.type), ev.type, ev.stream);
		return;
	}
	if (!first_stray(ev.stream))
		return;
	log_warn("SMMU: %s (event 0x%02x) from stream 0x%x, which no cell "
		 "owns: blocked (logged once per stream)",
		 smmu_event_name(ev.type), ev.type, ev.stream);
}

/* Every record the SMMU wrote since the last look (one CPU takes it). */
static void drain_events(void)
{
	uint32_t prod = rd(EVENTQ_PROD);

	if ((prod ^ rd(EVENTQ_CONS)) & Q_OVERFLOW)
		log_warn("SMMU: the event queue overflowed: events were lost");
	while (Q_WRAP_IDX(EVTQ_LOG2, evt_cons) != Q_WRAP_IDX(EVTQ_LOG2, prod)) {
		const uint64_t *rec = &evtq[4 * Q_IDX(EVTQ_LOG2, evt_cons)];
		uint64_t copy[4] = { rec[0], rec[1], rec[2], rec[3] };

		evt_cons = Q_WRAP_IDX(EVTQ_LOG2, evt_cons + 1);
		wr(EVENTQ_CONS, evt_cons | (prod & Q_OVERFLOW));
		handle_event(copy);
		prod = rd(EVENTQ_PROD);
	}
	wr(EVENTQ_CONS, evt_cons | (prod & Q_OVERFLOW));
}

bool smmu_irq(uint32_t intid)
{
	if (!smmu_cfg)
		return false;
	if (intid == smmu_cfg->evtq_intid) {
		drain_events();
		return true;
	}
	if (intid == smmu_cfg->gerror_intid) {
		uint32_t active = rd(GERROR) ^ rd(GERRORN);

		log_error("SMMU: global error 0x%x", active);
		wr(GERRORN, rd(GERROR));
		return true;
	}
	return false;
}
