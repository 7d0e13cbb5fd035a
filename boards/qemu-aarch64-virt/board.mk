# QEMU "virt" machine, arm64, with EL2 (virtualization=on).
ARCH := arm64
# Where the ELF is loaded (QEMU puts the DTB at the start of RAM, 0x40000000).
LOAD_PA := 0x40200000
# Where to look for a DTB when the loader passes none in x0.
DTB_FALLBACK_PA := 0x40000000
# UART driver files linked in, and which driver runs the hypervisor console.
UART_DRIVERS := pl011 ns16550
CONSOLE_DRIVER := pl011
CONSOLE_PA := 0x09000000
POWER_DRIVER := qemu_arm64
# Guests (partitions/) are built for the addresses where a board's cells see
# their UART and GIC (the kit's defaults are this board's).  The GICv3 and
# GICv2 variants have the same addresses (the kit finds the GIC version at
# run time), so they share one build of the guests, in build/partitions/,
# where the virt systems name their images.
P_O := build/partitions
# The demo (make run): its system config.
DEMO_SYSTEM := partitions/systems/qemu-virt-demo.dts
# The GIC's version, the machine's gic-version: 3 here, 2 on the
# qemu-aarch64-virt-gicv2 board, which sets it before it includes this file.
GIC ?= 3
QEMU := qemu-system-aarch64
QEMU_MACHINE := -M virt,virtualization=on,gic-version=$(GIC) -cpu cortex-a53 \
	-smp 4 -m 1G -nographic -nic none \
	-semihosting-config enable=on,target=native
# The flashed-board path (make image, make run-image): U-Boot (u-boot-qemu)
# as the machine's firmware, the disk image as a virtio block device.
QEMU_FIRMWARE := -bios /usr/lib/u-boot/qemu_arm64/u-boot.bin
QEMU_DISK = -drive if=none,format=raw,file=$(1),id=disk \
	-device virtio-blk-device,drive=disk
# Cache colouring: one way of the last-level cache, in bytes (the DTB has no
# cache nodes).  QEMU's Cortex-A53 reports a 1 MiB 16-way L2 in CCSIDR_EL1:
# 64 KiB a way, 16 colours.  QEMU models no cache, so colours cost here and
# buy nothing; the mechanism is what the tests check.
LLC_WAY_SIZE := 0x10000
