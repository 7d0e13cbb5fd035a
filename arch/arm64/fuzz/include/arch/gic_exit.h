/*
 * arch/gic_exit.h for the host fuzz build: the IRQ exit's direct GIC
 * accesses go to the fake GIC (fake_gic.c) like every other access,
 * so the fuzzer drives the exit path's common case and its fallbacks
 * against the same model.  The board has its virtual IRQ wire.
 */
#ifndef FUZZ_ARCH_GIC_EXIT_H
#define FUZZ_ARCH_GIC_EXIT_H

#include <arch/gic.h>

#define GIC_VIRQ_UNWIRED 0

static inline uint32_t gicv3_ack_drop(void)
{
	return gic_ack();
}

static inline uint32_t gicv2_ack_drop(void)
{
	return gic_ack();
}

static inline void gicv3_deactivate(uint32_t intid)
{
	gic_deactivate(intid);
}

static inline void gicv2_deactivate(uint32_t intid)
{
	gic_deactivate(intid);
}

static inline void gic_exit_sync(void)
{
}

static inline bool gicv3_place_hw(uint64_t lrs, uint32_t vintid,
				  uint32_t pintid, uint8_t priority,
				  bool group1)
{
	return gic_lr_place_hw(lrs, vintid, pintid, priority, group1);
}

static inline bool gicv2_place_hw(uint32_t lrs, uint32_t vintid,
				  uint32_t pintid, uint8_t priority,
				  bool group1)
{
	return gic_lr_place_hw(lrs, vintid, pintid, priority, group1);
}

static inline bool gicv3_lrs_empty(uint64_t lrs)
{
	return (gic_lr_empty() & lrs) == lrs;
}

static inline bool gicv2_lrs_empty(uint32_t lrs)
{
	return (gic_lr_empty() & lrs) == lrs;
}

static inline void gicv3_lr0_pending(uint32_t vintid, uint32_t pintid,
				     uint8_t priority, bool hw, bool group1,
				     bool eoi)
{
	gic_lr_write(0, gic_lr_pending(vintid, pintid, priority, hw, group1,
				       eoi));
}

static inline void gicv2_lr0_pending(uint32_t vintid, uint32_t pintid,
				     uint8_t priority, bool hw, bool group1,
				     bool eoi)
{
	gicv3_lr0_pending(vintid, pintid, priority, hw, group1, eoi);
}

#endif /* FUZZ_ARCH_GIC_EXIT_H */
