/*
 * IVSHMEM devices: one per (channel, peer).  The register page and the PCI
 * configuration space are emulated here; the shared memory itself is mapped
 * by channel.c, so data never passes through the hypervisor.
 *
 * Interrupt model (INTx flavour, one vector): an event (doorbell, a peer's
 * state change) for a device whose Interrupt Control enables it raises the
 * device's interrupt in its cell; otherwise it is dropped.  A bare-metal
 * peer gets it as an edge.  A PCI peer has a pending latch behind the PCI
 * Interrupt Status bit: its INTx line is the latch unless INTx is disabled
 * in the command register (a level, arch_vm_set_line()), and setting INTx
 * Disable takes the event (what Linux's uio_pci_generic does in its
 * handler).  Re-raising an interrupt that is still pending in the cell's
 * GIC costs nothing, so a flood of doorbells reaches the target at most
 * once per interrupt it takes.
 *
 * The file is built for speed; its COLD functions lock through the shared
 * out-of-line copies (spin_lock_shared()), as code built for size does.
 */
#include <septum/abi/ivshmem.h>
#include <septum/arch/vm.h>
#include <septum/channel.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/spinlock.h>
#include <string.h>

#include "vdev_int.h"

#define PCI_COMMAND_MASK 0x0406u	/* memory, bus master, INTx disable */
#define PCI_COMMAND_INTX_DISABLE 0x0400u
#define PCI_STATUS_INTERRUPT 0x0008u
#define PCI_STATUS_CAP_LIST 0x0010u
#define PCI_BAR_MEM64_PREFETCH 0xcu
#define PCI_CAP_ID_VENDOR 0x09u
#define PCI_INT_PIN_A 1u

/* Config dwords with a BAR (sizing state bit = reg / 4 - 4). */
#define CFG_BAR0 0x10u
#define CFG_BAR2 0x18u
#define CFG_BAR3 0x1cu

/* The index of the dword at byte offset `reg` (a table of registers). */
#define DW(reg) ((reg) >> 2)

/* A peer's device as the register page's claim names it. */
#define INSTANCE(ci, k) ((ci) * SEPTUM_MAX_PEERS + (k))

struct ivshmem_chan ivshmem_chans[SEPTUM_MAX_CHANNELS];

/* Channel i of the config (as cells are built). */
static const struct septum_channel *chan_cfg(unsigned int i)
{
	return &config_get()->channels[i];
}

/*
 * The same at run time, one load away: the pointer ivshmem_cell_init()
 * kept (whatever reaches a channel comes from a peer built before).
 */
static const struct septum_channel *chan(unsigned int i)
{
	return ivshmem_chans[i].cfg;
}

/* --- events ------------------------------------------------------------ */

static struct cell *peer_cell(unsigned int ci, unsigned int k)
{
	return ivshmem_chans[ci].peers[k];
}

static bool is_pci(unsigned int ci, unsigned int k)
{
	return chan(ci)->peers[k].pci_slot != SEPTUM_NONE;
}

static void inject(unsigned int ci, unsigned int k)
{
	arch_vm_inject(peer_cell(ci, k), chan(ci)->peers[k].vintid);
}

/* A PCI peer's INTx line: its latch, unless INTx is disabled.  Lock held. */
static void intx_update(unsigned int ci, unsigned int k)
{
	const struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];

	arch_vm_set_line(peer_cell(ci, k), chan(ci)->peers[k].vintid,
			 d->pending && !(d->command & PCI_COMMAND_INTX_DISABLE));
}

/*
 * Deliver an event to peer k if it listens; false if it does not (stopped,
 * or interrupts disabled).  Channel lock held.
 */
static bool deliver(unsigned int ci, unsigned int k)
{
	struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];

	if (__atomic_load_n(&peer_cell(ci, k)->state, __ATOMIC_ACQUIRE) !=
		    CELL_RUNNING ||
	    !(d->int_control & IVSHMEM_INT_ENABLE))
		return false;
	if (d->priv_control & IVSHMEM_PRIV_ONESHOT)
		d->int_control &= ~IVSHMEM_INT_ENABLE;
	if (is_pci(ci, k)) {
		d->pending = true;	/* raised when unmasked, if masked */
		intx_update(ci, k);
		return true;
	}
	inject(ci, k);
	return true;
}

/* Peer `from`'s state became `state`: table, then the others.  Lock held. */
static void set_state(unsigned int ci, unsigned int from, uint32_t state)
{
	struct ivshmem_chan *ch = &ivshmem_chans[ci];

	if (ch->dev[from].state == state)
		return;
	ch->dev[from].state = state;
	__atomic_store_n(&ch->table[from], state, __ATOMIC_RELEASE);
	arch_phys_sync((void *)&ch->table[from], sizeof(uint32_t));
	for (unsigned int k = 0; k < chan(ci)->num_peers; k++) {
		if (k != from)
			(void)deliver(ci, k);
	}
}

static COLD const char *drop_reason(enum err e)
{
	switch (e) {
	case E_RANGE:
		return "no such peer";
	case E_INVALID:
		return "no such vector";
	default:
		return "the peer is stopped or not listening";
	}
}

/* Doorbell `value` from peer `from` was dropped, for reason e. */
static COLD NOINLINE void dropped(unsigned int ci, unsigned int from,
				  uint32_t value, enum err e)
{
	struct ivshmem_dev *d = &ivshmem_chans[ci].dev[from];

	d->dropped++;
	if (!d->drop_logged)
		log_info("cell %s: doorbell 0x%08x on channel %s dropped (%s); "
			 "further drops are only counted (logged once)",
			 peer_cell(ci, from)->cfg->name, value,
			 chan(ci)->name, drop_reason(e));
	d->drop_logged = true;
}

/*
 * Ring the doorbell of the peer `value` names (bits 31:16; vector: 15:0);
 * a drop is counted (and logged once), each reason on its own cold path.
 */
static void doorbell(unsigned int ci, unsigned int from, uint32_t value)
{
	/* What the sender wrote before ringing is visible before the IRQ. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (value >> 16 >= chan(ci)->num_peers)
		dropped(ci, from, value, E_RANGE);
	else if ((value & 0xffffu) >= IVSHMEM_VECTORS)
		dropped(ci, from, value, E_INVALID);
	else if (!deliver(ci, value >> 16))
		dropped(ci, from, value, E_BUSY);
}

/* --- the register page ------------------------------------------------- */

/* The register page's dwords that read as anything but zero, by offset. */
#define REG_DWORDS DW(IVSHMEM_REG_DROPPED + 4)

/* A read of the register page: setup and state, never on a doorbell's way. */
static COLD NOINLINE uint32_t reg_read(unsigned int ci, unsigned int k,
				       uint64_t off)
{
	const struct septum_channel *cc = chan(ci);
	const struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];
	uint64_t shmem = cc->peers[k].ipa;
	/* DOORBELL and unbacked offsets read as zero. */
	const uint32_t regs[REG_DWORDS] = {
		[DW(IVSHMEM_REG_ID)] = k,
		[DW(IVSHMEM_REG_MAX_PEERS)] = cc->num_peers,
		[DW(IVSHMEM_REG_INT_CONTROL)] = d->int_control,
		[DW(IVSHMEM_REG_STATE)] = d->state,
		[DW(IVSHMEM_REG_STATE_TABLE_SIZE)] = IVSHMEM_STATE_TABLE_SIZE,
		[DW(IVSHMEM_REG_RW_SIZE_LO)] = (uint32_t)cc->rw_size,
		[DW(IVSHMEM_REG_RW_SIZE_HI)] = (uint32_t)(cc->rw_size >> 32),
		[DW(IVSHMEM_REG_OUT_SIZE_LO)] = (uint32_t)cc->out_size,
		[DW(IVSHMEM_REG_OUT_SIZE_HI)] = (uint32_t)(cc->out_size >> 32),
		[DW(IVSHMEM_REG_SHMEM_LO)] = (uint32_t)shmem,
		[DW(IVSHMEM_REG_SHMEM_HI)] = (uint32_t)(shmem >> 32),
		[DW(IVSHMEM_REG_DROPPED)] = d->dropped,
	};

	return DW(off) < REG_DWORDS ? regs[DW(off)] : 0;
}

static void reg_write(unsigned int ci, unsigned int k, uint64_t off,
		      uint32_t value)
{
	struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];

	switch (off) {
	case IVSHMEM_REG_INT_CONTROL:
		d->int_control = value & IVSHMEM_INT_ENABLE;
		break;
	case IVSHMEM_REG_DOORBELL:
		doorbell(ci, k, value);
		break;
	case IVSHMEM_REG_STATE:
		set_state(ci, k, value);
		break;
	default:
		break;	/* read-only and unbacked offsets ignore writes */
	}
}

/*
 * Cell c is ending: ivshmem_cell_reset() has reset (or, under this
 * channel's lock, is about to reset) its devices, and they stay reset
 * until it restarts.  A vCPU of c still in its guest -- another of its
 * CPUs faulted -- must not change them meanwhile, or what it wrote would
 * outlive the restart and reach the peers.  Channel lock held: cell_end()
 * marks the cell before ivshmem_cell_reset() takes the lock.
 */
static bool ending(const struct cell *c)
{
	return __atomic_load_n(&c->state, __ATOMIC_ACQUIRE) != CELL_RUNNING;
}

/* Peer p sits in PCI slot `slot` (never for a cell without PCI). */
static bool in_slot(const struct septum_peer *p, uint64_t slot)
{
	return p->pci_slot == slot;
}

/* Peer number `i` of cell c over all channels, as (ci, k); false past the last. */
static bool nth_peer(const struct cell *c, unsigned int i, unsigned int *ci,
		     unsigned int *k)
{
	for (unsigned int ch = 0; ch < config_get()->header.num_channels; ch++) {
		const struct septum_channel *cc = chan_cfg(ch);

		for (unsigned int p = 0; p < cc->num_peers; p++) {
			if (cc->peers[p].cell == c->index && i-- == 0) {
				*ci = ch;
				*k = p;
				return true;
			}
		}
	}
	return false;
}

/* The channel and peer of cell c in PCI slot `slot`, if any. */
static bool find_slot(const struct cell *c, uint64_t slot, unsigned int *ci,
		      unsigned int *k)
{
	for (unsigned int i = 0; nth_peer(c, i, ci, k); i++) {
		if (in_slot(&chan(*ci)->peers[*k], slot))
			return true;
	}
	return false;
}

/* An aligned 32-bit access to a register page (core checked the rule). */
static void ivshmem_access(struct vcpu *v, uint32_t instance, uint64_t off,
			   struct vm_access *a)
{
	unsigned int ci = instance / SEPTUM_MAX_PEERS;
	unsigned int k = instance % SEPTUM_MAX_PEERS;

	spin_lock(&ivshmem_chans[ci].lock);
	if (ending(v->cell))
		a->value = 0;
	else if (a->write)
		reg_write(ci, k, off, (uint32_t)a->value);
	else
		a->value = reg_read(ci, k, off);
	spin_unlock(&ivshmem_chans[ci].lock);
}

/* --- PCI configuration space ------------------------------------------- */

/*
 * A BAR reads its fixed address, or its size mask while being sized (Linux
 * writes all-ones, reads, and writes the address back): BARs do not move.
 * BAR0 is the register page, BAR2/3 the memory (64-bit, prefetchable; a
 * power of two, the config tool checks it); BAR1 (no MSI-X), BAR4, BAR5
 * read as zero.
 */
static uint32_t cfg_bar(unsigned int ci, unsigned int k, uint32_t reg)
{
	const struct septum_peer *p = &chan(ci)->peers[k];
	bool sizing = ivshmem_chans[ci].dev[k].sizing & (1u << (reg / 4 - 4));
	uint64_t size = IVSHMEM_REGS_SIZE, at = p->regs_ipa, flags = 0;

	if (reg != CFG_BAR0) {
		if (reg != CFG_BAR2 && reg != CFG_BAR3)
			return 0;
		size = chan(ci)->size;
		at = p->ipa;
		flags = PCI_BAR_MEM64_PREFETCH;
	}
	/* BAR3 is the upper half of BAR2's. */
	return (uint32_t)(((sizing ? ~(size - 1u) : at) | flags) >>
			  (reg & 4) * 8);
}

/* The configuration space's dwords up to the capability's end, by offset. */
#define CFG_DWORDS DW(IVSHMEM_PCI_CAP + IVSHMEM_PCI_CAP_LEN)

/*
 * The configuration space's constant part (the BARs, 0x10-0x27, are
 * cfg_bar()'s; what is not listed reads as zero): cfg_dword() ORs the
 * device's own registers into it and adds the capability's sizes.
 */
static const uint32_t cfg_fixed[CFG_DWORDS] = {
	/* vendor, device; subsystem vendor, subsystem */
	[DW(0x00)] = IVSHMEM_PCI_DEVICE << 16 | IVSHMEM_PCI_VENDOR,
	[DW(0x2c)] = IVSHMEM_PCI_DEVICE << 16 | IVSHMEM_PCI_VENDOR,
	[DW(0x04)] = PCI_STATUS_CAP_LIST << 16,	/* | status, command */
	/* class, revision 0, protocol 0 (undefined) */
	[DW(0x08)] = IVSHMEM_PCI_CLASS << 24,
	[DW(0x34)] = IVSHMEM_PCI_CAP,
	[DW(0x3c)] = PCI_INT_PIN_A << 8,	/* | interrupt line */
	[DW(IVSHMEM_PCI_CAP)] = IVSHMEM_PCI_CAP_LEN << 16 |
				PCI_CAP_ID_VENDOR,	/* | private control */
	[DW(IVSHMEM_PCI_CAP + IVSHMEM_CAP_STATE_TABLE_SIZE)] =
		IVSHMEM_STATE_TABLE_SIZE,
};

static COLD uint32_t cfg_dword(unsigned int ci, unsigned int k, uint32_t reg)
{
	const struct septum_channel *cc = chan(ci);
	const struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];
	uint32_t space[CFG_DWORDS];

	if (reg >= CFG_BAR0 && reg < 0x28)
		return cfg_bar(ci, k, reg);
	if (DW(reg) >= CFG_DWORDS)
		return 0;
	memcpy(space, cfg_fixed, sizeof(space));
	space[DW(0x04)] |= (d->pending ? PCI_STATUS_INTERRUPT << 16 : 0) |
			   d->command;
	space[DW(0x3c)] |= d->int_line;
	space[DW(IVSHMEM_PCI_CAP)] |= (uint32_t)d->priv_control << 24;
	space[DW(IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE)] =
		(uint32_t)cc->rw_size;
	space[DW(IVSHMEM_PCI_CAP + IVSHMEM_CAP_RW_SIZE + 4)] =
		(uint32_t)(cc->rw_size >> 32);
	space[DW(IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE)] =
		(uint32_t)cc->out_size;
	space[DW(IVSHMEM_PCI_CAP + IVSHMEM_CAP_OUT_SIZE + 4)] =
		(uint32_t)(cc->out_size >> 32);
	return space[DW(reg)];
}

/* INTx Disable set: the event is taken; cleared: a pending one fires. */
static void write_command(unsigned int ci, unsigned int k, uint16_t command)
{
	struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];
	bool was_masked = d->command & PCI_COMMAND_INTX_DISABLE;
	bool masked = command & PCI_COMMAND_INTX_DISABLE;

	d->command = command;
	if (masked && !was_masked)
		d->pending = false;
	intx_update(ci, k);
}

static COLD void cfg_write(unsigned int ci, unsigned int k, uint32_t reg,
		      uint32_t value, uint32_t mask)
{
	struct ivshmem_dev *d = &ivshmem_chans[ci].dev[k];
	uint32_t merged = (cfg_dword(ci, k, reg) & ~mask) | (value & mask);

	switch (reg) {
	case 0x04:	/* the status half is read-only here */
		if (mask & 0xffffu)
			write_command(ci, k, merged & PCI_COMMAND_MASK);
		break;
	case CFG_BAR0:
	case CFG_BAR2:
	case CFG_BAR3:
		if (value == UINT32_MAX && mask == UINT32_MAX)
			d->sizing |= (uint8_t)(1u << (reg / 4 - 4));
		else
			d->sizing &= (uint8_t)~(1u << (reg / 4 - 4));
		break;
	case 0x3c:
		d->int_line = (uint8_t)merged;
		break;
	case IVSHMEM_PCI_CAP:
		d->priv_control = (uint8_t)((merged >> 24) &
					    IVSHMEM_PRIV_ONESHOT);
		break;
	default:
		break;	/* read-only, or not implemented */
	}
}

/*
 * The device of cell c in PCI slot `slot`, under its channel's lock: a
 * read of the dword at `reg` into *value, or a write of *value's bytes in
 * `mask` (none while the cell ends).
 */
static COLD NOINLINE enum err cfg_access(struct cell *c, uint32_t slot,
					 uint32_t reg, uint32_t *value,
					 uint32_t mask, bool write)
{
	unsigned int ci, k;

	if (!find_slot(c, slot, &ci, &k))
		return E_NOTFOUND;
	spin_lock_shared(&ivshmem_chans[ci].lock);
	if (!write)
		*value = cfg_dword(ci, k, reg);
	else if (!ending(c))
		cfg_write(ci, k, reg, *value, mask);
	spin_unlock_shared(&ivshmem_chans[ci].lock);
	return E_OK;
}

COLD enum err ivshmem_cfg_read(struct cell *c, uint32_t slot, uint32_t reg,
			       uint32_t *value)
{
	return cfg_access(c, slot, reg, value, 0, false);
}

COLD enum err ivshmem_cfg_write(struct cell *c, uint32_t slot, uint32_t reg,
				uint32_t value, uint32_t mask)
{
	return cfg_access(c, slot, reg, &value, mask, true);
}

/* --- cell lifecycle ---------------------------------------------------- */

static COLD bool ivshmem_claim(const struct cell *c, unsigned int i,
			       struct vdev_range *r)
{
	unsigned int ci, k;

	if (!nth_peer(c, i, &ci, &k))
		return false;
	*r = (struct vdev_range){ VM_SPACE_MMIO, chan_cfg(ci)->peers[k].regs_ipa,
				  IVSHMEM_REGS_SIZE, INSTANCE(ci, k),
				  chan_cfg(ci)->name };
	return true;
}

/*
 * The cell is built: its channels' memory is mapped into it, and it is the
 * peer of their devices (their state tables mapped and cleared by the
 * channel's first peer).
 */
static COLD void ivshmem_cell_init(struct cell *c)
{
	unsigned int ci, k;

	channel_map_cell(c);
	for (unsigned int i = 0; nth_peer(c, i, &ci, &k); i++) {
		struct ivshmem_chan *ch = &ivshmem_chans[ci];

		ch->peers[k] = c;
		ch->cfg = chan_cfg(ci);
		if (ch->table)
			continue;
		ch->lock = (struct spinlock)SPINLOCK_INIT;
		ch->table = arch_phys_map(pa(chan_cfg(ci)->pa),
					  IVSHMEM_STATE_TABLE_SIZE);
		if (!ch->table)
			panic("channel %s: cannot map its state table",
			      chan_cfg(ci)->name);
		memset((void *)ch->table, 0, IVSHMEM_STATE_TABLE_SIZE);
		arch_phys_sync((void *)ch->table, IVSHMEM_STATE_TABLE_SIZE);
	}
}

/* The cell ends: its devices reset, the peers that listen are told. */
static COLD void ivshmem_cell_stop(struct cell *c)
{
	unsigned int ci, k;

	for (unsigned int i = 0; nth_peer(c, i, &ci, &k); i++) {
		spin_lock_shared(&ivshmem_chans[ci].lock);
		set_state(ci, k, 0);
		ivshmem_chans[ci].dev[k] = (struct ivshmem_dev){ 0 };
		if (is_pci(ci, k))
			intx_update(ci, k);
		spin_unlock_shared(&ivshmem_chans[ci].lock);
	}
}

const struct vdev ivshmem_vdev = {
	.what = "the registers of channel",
	.sizes = BIT(4),
	.aligned = true,
	.rule = "they take aligned 32-bit accesses only",
	.claim = ivshmem_claim,
	.access = ivshmem_access,
	.hook = {
		[VDEV_CELL_INIT] = ivshmem_cell_init,
		[VDEV_CELL_STOP] = ivshmem_cell_stop,
	},
};
