/*
 * Inside the virtual device models (core/vdev/): the table's entries, and the
 * state each model keeps, so that their fuzz harnesses can check it against
 * their own models of it.  Nothing outside core/vdev.c, core/vdev/ and the
 * fuzz harnesses includes this.
 */
#ifndef CORE_VDEV_INT_H
#define CORE_VDEV_INT_H

#include <septum/abi/ivshmem.h>
#include <septum/spinlock.h>
#include <septum/vdev.h>

/* The table's entries (core/vdev/table.c; the table: septum/vdev.h). */
extern const struct vdev pl011_vdev;
extern const struct vdev ns16550_vdev;
extern const struct vdev ivshmem_vdev;
extern const struct vdev pci_host_vdev;

/* --- the virtual PL011 (pl011.c): one per cell -------------------------- */

struct pl011_state {
	/*
	 * The raw interrupt status (UARTRIS) in bits 26:16 and the mask
	 * (UARTIMSC) in bits 10:0, one word so that a mask write sees both at
	 * once (atomic: pl011.c says who writes which half and why).  First:
	 * a mask write finds it at the state's own address.
	 */
	uint32_t status;
	struct spinlock lock;
	/*
	 * The control registers IBRD, FBRD, LCR_H, CR, IFLS and DMACR, in
	 * that order (32 bytes in all: a cell's state is found by a shift).
	 */
	uint16_t ctrl[6];
	bool line;		/* the level last given to the vGIC (under lock) */
	uint64_t tx_lost;	/* bytes written while full (guest ignored TXFF) */
};

#define PL011_STATUS_RIS_SHIFT 16
#define PL011_STATUS_IMSC 0x7ffu

_Static_assert(sizeof(struct pl011_state) == 32, "a shift indexes the states");
extern struct pl011_state pl011_states[SEPTUM_MAX_CELLS];

/* --- the virtual 16550 on I/O ports (ns16550.c): one per cell ----------- */

struct ns16550_state {
	struct spinlock lock;
	uint8_t ier, lcr, mcr, fcr, scr, dll, dlm;
	bool thri;		/* THR-empty interrupt pending (not yet taken) */
	bool line;		/* the cell's interrupt was raised, not since cleared */
	uint64_t tx_lost;	/* bytes written while full (guest ignored THRE) */
};

extern struct ns16550_state ns16550_states[SEPTUM_MAX_CELLS];

/* --- IVSHMEM devices (ivshmem.c): one per (channel, peer) ---------------- */

struct ivshmem_dev {
	uint32_t int_control;
	uint32_t state;
	uint32_t dropped;	/* doorbells of this peer that reached no one */
	uint16_t command;	/* PCI command register */
	uint8_t priv_control;	/* vendor capability: one-shot mode */
	uint8_t int_line;	/* PCI interrupt line: scratch for the OS */
	uint8_t sizing;		/* BAR dwords written all-ones, by bit */
	bool pending;		/* PCI: an event not yet taken */
	bool drop_logged;
};

struct ivshmem_chan {
	struct spinlock lock;
	volatile uint32_t *table;	/* the state table, hypervisor VA */
	/* Its config, set as its peers are built. */
	const struct septum_channel *cfg;
	struct cell *peers[SEPTUM_MAX_PEERS];	/* each peer's cell */
	struct ivshmem_dev dev[SEPTUM_MAX_PEERS];
};

extern struct ivshmem_chan ivshmem_chans[SEPTUM_MAX_CHANNELS];

/*
 * Configuration space of the IVSHMEM device in PCI slot `slot` of cell c's
 * virtual bus (pci_host.c): read the dword at `reg` (a multiple of 4), or
 * write the bytes of `value` selected by `mask`.  E_NOTFOUND if no device
 * sits in the slot.
 */
enum err ivshmem_cfg_read(struct cell *c, uint32_t slot, uint32_t reg,
			  uint32_t *value) MUST_CHECK;
enum err ivshmem_cfg_write(struct cell *c, uint32_t slot, uint32_t reg,
			   uint32_t value, uint32_t mask) MUST_CHECK;

/* --- passed-through PCI functions (pci_pass.c), on the virtual host ------ */

/* Where the hypervisor maps the real host's ECAM (0: not mapped). */
extern uintptr_t pci_pass_ecam;

/*
 * The index in the config's SMMU function table of the function that cell
 * c owns as function number `fn` (device << 3 | function) of bus 0, or -1.
 */
int pci_pass_find(const struct cell *c, uint32_t fn);

/*
 * Configuration space of function `i` (pci_pass_find()) as its cell sees
 * it: read the dword at `reg` (a multiple of 4), or write the bytes of
 * `value` selected by `mask`.  Any of the cell's CPUs.
 */
uint32_t pci_pass_read(uint32_t i, uint32_t reg);
void pci_pass_write(uint32_t i, uint32_t reg, uint32_t value, uint32_t mask);

/*
 * Cell c is built (boot CPU): the real ECAM is mapped and each of its
 * functions' BARs measured.  Cell c (re)starts: its functions' views as
 * after a reset (no sizing under way, the interrupt line register reads
 * the routed INTID).
 */
void pci_pass_cell_init(const struct cell *c);
void pci_pass_cell_reset(const struct cell *c);

#endif /* CORE_VDEV_INT_H */
