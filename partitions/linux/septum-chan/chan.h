/*
 * Septum IVSHMEM channels from Linux userspace.
 *
 * A Linux cell sees each of its channels as an ivshmem v2 PCI device
 * (110a:4106) on the virtual PCI host the hypervisor emulates; its device
 * tree node's `label` is the channel's name.  This library finds a channel by
 * that name, binds the device to the stock uio_pci_generic driver if nothing
 * drives it yet, maps the register page (BAR0) and the shared memory (BAR2,
 * write-combining, i.e. Normal non-cacheable: the message rings copy
 * unaligned bytes), and waits for its interrupt through /dev/uioN.
 *
 * Interrupts: the kernel's uio_pci_generic handler masks INTx (command
 * register bit 10) when the device raises it; the event stays consumed and a
 * later one pends until unmasked.  chan_open() unmasks, and chan_wait()
 * unmasks again before it returns, so the loop
 *
 *     for (;;) { check the rings and states; chan_wait(ch, ms); }
 *
 * never sleeps through an event that arrived after the previous check.
 *
 * Errors: the functions returning `enum chan_status` leave a sentence for the
 * user in chan_error() (one buffer per process: not thread-safe).
 */
#ifndef SEPTUM_CHAN_H
#define SEPTUM_CHAN_H

#include <stddef.h>
#include <stdint.h>

#include <chan_ring.h>

#define CHAN_NAME_MAX 64
#define CHAN_MAX 32		/* channels chan_list() reports */

enum chan_status {
	CHAN_OK = 0,
	CHAN_ENOENT,		/* no such channel, peer or driver */
	CHAN_ESYS,		/* a system call failed (sysfs, mmap, uio) */
	CHAN_EDEVICE,		/* the device or its layout is not usable */
	CHAN_ETIMEOUT,		/* nothing happened in time */
};

#define CHAN_MUST_CHECK __attribute__((warn_unused_result))

/* A channel as PCI shows it, before opening. */
struct chan_info {
	char name[CHAN_NAME_MAX];	/* of_node/label or firmware_node/
					 * description, "" if none */
	char pci[32];			/* "0000:00:01.0" */
};

struct chan {
	struct chan_info info;
	int config_fd;			/* the device's sysfs config file */
	int uio_fd;			/* /dev/uioN */
	unsigned int uio;		/* N */
	volatile uint32_t *regs;	/* the register page (BAR0) */
	size_t regs_size;
	uint8_t *shmem;			/* the shared memory (BAR2) */
	size_t shmem_size;
	uint32_t id;			/* this peer's ID */
	uint32_t num_peers;
	uint32_t state_size;		/* state table section */
	uint64_t rw_size;		/* read/write section */
	uint64_t out_size;		/* each peer's output section */
};

/* The sentence describing the last failure. */
const char *chan_error(void);

/*
 * Fill `out` (up to `max` entries) with the ivshmem devices found on PCI,
 * in PCI address order; *count gets how many.  Touches nothing.
 */
CHAN_MUST_CHECK enum chan_status chan_list(struct chan_info *out, size_t max,
					   size_t *count);

/*
 * Open the channel labelled `name`: bind it to uio_pci_generic if it is not
 * bound (the module must be loaded), map its BARs, read its layout from the
 * vendor capability, enable its interrupt (INT_CONTROL) and unmask INTx.
 * Needs root.  On failure nothing stays open.
 */
CHAN_MUST_CHECK enum chan_status chan_open(struct chan *ch, const char *name);

/* The same for a device chan_list() reported (named or not). */
CHAN_MUST_CHECK enum chan_status chan_open_info(struct chan *ch,
						const struct chan_info *info);

/* Unmap and close everything chan_open() set up. */
void chan_close(struct chan *ch);

/* Ring peer `peer`'s doorbell (vector 0). */
void chan_notify(const struct chan *ch, uint32_t peer);

/* Set this peer's state (the others see it in the state table, get an IRQ). */
void chan_set_state(const struct chan *ch, uint32_t state);

/* Peer `peer`'s entry in the state table (0 for a peer ID out of range). */
uint32_t chan_peer_state(const struct chan *ch, uint32_t peer);

/* This peer's doorbells that reached no one (Septum's DROPPED register). */
uint32_t chan_dropped(const struct chan *ch);

/*
 * Sleep until the channel's interrupt (a doorbell or a peer's state change)
 * or `timeout_ms` (negative: no limit).  Re-enables the interrupt before it
 * returns.  CHAN_OK on an interrupt, CHAN_ETIMEOUT, or CHAN_ESYS.
 */
CHAN_MUST_CHECK enum chan_status chan_wait(struct chan *ch, int timeout_ms);

/*
 * The message rings between this peer and `peer` (partitions/lib/chan_ring.h)
 * with a protocol's `slot_size`.  CHAN_ENOENT for a bad peer, CHAN_EDEVICE if
 * the output sections are too small.
 */
CHAN_MUST_CHECK enum chan_status chan_rings(const struct chan *ch,
					    uint32_t peer, uint32_t slot_size,
					    struct chan_ring *r);

#endif /* SEPTUM_CHAN_H */
