# QEMU "virt" machine, arm64, with EL2, a GICv3 and an SMMUv3 (stage 2) in
# front of its PCIe host, which has two of QEMU's "edu" PCI functions (their
# DMA engines reach 40-bit addresses) and an NVMe controller (its namespace,
# the disk, is the test's to add: -device nvme-ns,bus=nvme0,drive=...).
# Otherwise qemu-aarch64-virt.
include boards/qemu-aarch64-virt/board.mk
# Its SMMUv3 driver is linked (boards without one leave IOMMU empty).
IOMMU := smmuv3
QEMU_MACHINE := -M virt,virtualization=on,gic-version=$(GIC),iommu=smmuv3 \
	-global arm-smmuv3.stage=2 -cpu cortex-a53 \
	-smp 4 -m 1G -nographic -nic none \
	-device edu,addr=2,dma_mask=0xffffffffff \
	-device edu,addr=3,dma_mask=0xffffffffff \
	-device nvme,id=nvme0,serial=septum-nvme,addr=4 \
	-semihosting-config enable=on,target=native
# make run on this board: the DMA containment test (a cell driving edu's
# DMA engine, beside a victim).
DEMO_SYSTEM := partitions/tests/dma/system.dts
