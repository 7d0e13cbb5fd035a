# ci/smmu.mk: the SMMU steps of `make test` (included by ci/tests.mk).  Run
# with BOARD=qemu-aarch64-virt-smmu, so QEMU_RUN and $(O) are that board's
# (QEMU's virt with an SMMUv3 doing stage 2, two edu PCI functions and an
# NVMe controller).
#
#   make BOARD=qemu-aarch64-virt-smmu systests-smmu

SMMU_BOARD := qemu-aarch64-virt-smmu
SMMU_SYSTEMS := dma linux-nvme

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
	--expect 'quiesced=cell dmathief: PCI 00:02.0 has no function-level reset: left quiesced' \
	--reject 'victim_disturbed=cell victim: .*(stopping it|restarting it|restarted)' \
	--reject 'panic=PANIC|FATAL'

# A stock Linux drives the board's NVMe controller, passed through, on its
# INTx: ext4 made, a file written (first life), `reboot -f`, the file read
# back and checked after the restart (second life), the bare-metal cell's
# beat unbroken throughout.  Before the cell's memory is reloaded its
# function is quiesced and reset.  The disk is a fresh blank file each run,
# the controller's namespace.
NVME_DISK = $(O)/systems/linux-nvme/nvme.img
NVME_QEMU = -drive file=$(NVME_DISK),if=none,format=raw,id=nvmedisk \
	-device nvme-ns,drive=nvmedisk,bus=nvme0
LINUX_NVME_CHECKS := --summary --timeout 900 --test-timeout 600 \
	--heartbeat 'beat=^beat ([0-9]+)$$' \
	--send '^\[linux\] first life done=>reboot -f\r' \
	--send 'cell linux: PCI 00:04.0 reset \(function-level reset\)=>' \
	--send 'cell linux: restarted \(restart .1\)=>' \
	--send '^\[linux\] [0-9]+ passed, [0-9]+ failed=>' \
	--send '^\[beat\] beat [0-9]+$$=>poweroff -f\r' \
	--expect 'reset=cell linux: reset itself \(PSCI SYSTEM_RESET\)' \
	--reject 'beat=cell beat: .*(stopping it|restarting it|restarted|reset itself|powered)' \
	--reject 'linux=cell linux: .*(stopping it|restarting it)' \
	--reject 'dma=DMA (read|write) by PCI' \
	--reject 'panic=PANIC|FATAL|Kernel panic' \
	--until 'cell linux: powered itself off \(PSCI SYSTEM_OFF\)'

# The dma system's self-test image: the EL2 self-tests, with the dma
# system's partition table (the SMMU taken over, the cells built but not
# run) and the stray-DMA test: the board's second edu, which no cell owns,
# aimed by the hypervisor at its own memory, blocked and logged.
SMMU_SELFTEST_SRCS := arch/arm64/tests/smmu/stray_dma.c
$(O)/systems/dma/septum-test.elf: $(HV_OBJS) \
		$(call obj,$(SELFTEST_SRCS) $(SMMU_SELFTEST_SRCS)) \
		$(O)/systems/dma/blob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)
STRAY_DMA_CHECKS := --summary \
	--expect 'stray=SMMU: invalid stream table entry \(event 0x04\) from stream 0x18, which no cell owns: blocked'

# The dma system's table in an image built without the SMMU driver, as for
# a board whose board.mk names no IOMMU: refused at boot, never run with
# its DMA untranslated.
$(O)/systems/dma/septum-noiommu.elf: \
		$(filter-out $(call obj,$(SMMU_SRCS)),$(HV_OBJS)) \
		$(call obj,arch/arm64/smmu_none.c core/selftest_none.c) \
		$(O)/systems/dma/blob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)
NOIOMMU_CHECKS := --expect-exit 3 --expect 'why=PANIC on CPU 0: the partition table names an SMMUv3 at 0x9050000, but this image \(board $(SMMU_BOARD)\) has no SMMU driver'

.PHONY: systests-smmu
systests-smmu:
	$(call systest,smmu-not-built,3,$(O)/systems/dma/septum-noiommu.elf,\
		$(NOIOMMU_CHECKS))
	$(call systest,dma-smmu,3,$(O)/systems/dma/septum.elf,$(DMA_CHECKS),\
		$(ICOUNT_CLOCK))
	$(call systest,stray-dma-smmu,3,$(O)/systems/dma/septum-test.elf,\
		$(STRAY_DMA_CHECKS))
	@rm -f $(NVME_DISK) && truncate -s 64M $(NVME_DISK)
	$(call systest,linux-nvme,3,$(O)/systems/linux-nvme/septum.elf,\
		$(LINUX_NVME_CHECKS),$(NVME_QEMU))
