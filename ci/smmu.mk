# ci/smmu.mk: the SMMU steps of `make test` (included by ci/tests.mk).  Run
# with BOARD=qemu-aarch64-virt-smmu, so QEMU_RUN and $(O) are that board's
# (QEMU's virt with an SMMUv3 doing stage 2 and two edu PCI functions).
#
#   make BOARD=qemu-aarch64-virt-smmu systests-smmu

SMMU_BOARD := qemu-aarch64-virt-smmu
SMMU_SYSTEMS := dma

# The thief's blocked DMAs, each ending a life by the hypervisor's log
# line (cell, function, stream, direction, address, fault), and the
# victim's heartbeat and memory checked by the victim (its TEST lines).
dma_fault = --expect '$(1)=cell dmathief: DMA $(2) by PCI 00:02.0 \(stream 0x10\) at IPA $(3), blocked by the SMMU: $(4) fault at stage 2; restarting it'
DMA_CHECKS := --summary \
	--expect 'smmu=SMMUv3 at 0x9050000: 1 PCI functions translated by their cells. stage 2, every other stream aborted' \
	$(call dma_fault,victim_ram,write,0x45[0-9a-f]{6},translation) \
	$(call dma_fault,hyp_image,write,0x40200000,translation) \
	$(call dma_fault,hyp_memory,read,0x40000000,translation) \
	$(call dma_fault,readonly_channel,write,0x46000000,permission) \
	--expect 'restarts=cell dmathief: restarted \(restart .4\)' \
	--reject 'victim_disturbed=cell victim: .*(stopping it|restarting it|restarted)' \
	--reject 'panic=PANIC|FATAL'

.PHONY: systests-smmu
systests-smmu:
	$(call systest,dma-smmu,3,$(O)/systems/dma/septum.elf,$(DMA_CHECKS))
