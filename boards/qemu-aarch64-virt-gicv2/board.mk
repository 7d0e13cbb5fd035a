# QEMU "virt" machine, arm64, with EL2 and a GICv2: the same machine as
# qemu-aarch64-virt but for the interrupt controller.
GIC := 2
include boards/qemu-aarch64-virt/board.mk
