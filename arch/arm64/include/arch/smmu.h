/*
 * The board's SMMUv3, owned by the hypervisor (smmu.c): every stream a
 * cell's PCI function uses translates through that cell's stage-2 tables
 * (the CPUs' own, VMID shared), every other stream is aborted.  Without an
 * SMMU in the config, every call here does nothing.
 */
#ifndef ARCH_SMMU_H
#define ARCH_SMMU_H

#include <septum/abi/config.h>
#include <septum/cell.h>
#include <septum/types.h>

/* One event record (SMMUv3, 3.9: 32 bytes), decoded. */
struct smmu_event {
	uint32_t type;		/* event number (F_TRANSLATION = 0x10...) */
	uint32_t stream;	/* StreamID */
	bool fault;		/* a translation-stage fault: the fields below */
	bool read;		/* RnW: the access was a read */
	bool stage2;		/* the fault was at stage 2 */
	uint64_t addr;		/* InputAddr: the address the device used */
};

/* Decode the record `rec` into *ev.  Pure: any context. */
void smmu_event_decode(const uint64_t rec[4], struct smmu_event *ev);

/* The fault an event type reports, as a phrase ("translation fault"). */
const char *smmu_event_name(uint32_t type);

/*
 * Take the SMMU over: every stream aborted, queues and interrupts set up
 * (on CPU `irq_cpu`), translation on.  `cpu_parange` is the output size the
 * cells' stage 2 uses (VTCR_EL2.PS encoding).  Boot CPU, once the config is
 * in place, before any cell is built.  Panics if the hardware is not an
 * SMMU Septum can use.
 */
void smmu_init(const struct septum_config *cfg, unsigned int irq_cpu,
	       uint32_t cpu_parange);

/*
 * Let cell c's PCI functions do DMA through its stage 2 (root table at
 * `s2_root`, VMID `vmid`): their BARs placed, memory decoding, bus
 * mastering and INTx disable cleared, as after a reset (the cell sets them
 * through its virtual PCI host).  At its build and each restart.  Any CPU.
 */
void smmu_cell_start(const struct cell *c, uint64_t s2_root, uint16_t vmid);

/* Cell c ended: its functions stop mastering and decoding, their INTx is
 * disabled and their streams abort. */
void smmu_cell_stop(const struct cell *c);

/*
 * Cell c has stopped (smmu_cell_stop() done) and its last vCPU is out:
 * reset each of its functions that has a function-level reset (PCIe), the
 * others staying quiesced, before its memory is reloaded or for good.  Waits
 * at least 100 ms per reset, bounded at about 1.2 s (a function that does
 * not come back is logged and left behind its aborting stream).  On the
 * cell's CPU, cell lock held.
 */
void smmu_cell_reset(const struct cell *c);

/*
 * The SMMU's interrupt `intid` came (edge): read the event queue or the
 * global errors.  False if `intid` is not the SMMU's.
 */
bool smmu_irq(uint32_t intid);

#endif /* ARCH_SMMU_H */
