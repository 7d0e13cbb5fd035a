# AMD Versal, as QEMU models it (xlnx-versal-virt): 2x Cortex-A72, GICv3,
# PL011 UARTs, PSCI over SMC.  Its hardware description is QEMU's own DT
# (board.dts: dumped with -machine dumpdtb=, as QEMU passes it with -kernel).
ARCH := arm64
# Its GIC's version: the one the image drives.
GIC := 3
# QEMU's ELF path starts this model's CPUs at EL3, so Septum boots as an
# arm64 Image (QEMU_BOOT = image): QEMU loads it at RAM + 2 MiB, drops to
# EL2 and passes the DTB (at 0x8000000) in x0.
QEMU_BOOT := image
LOAD_PA := 0x200000
DTB_FALLBACK_PA := 0x8000000
UART_DRIVERS := pl011
CONSOLE_DRIVER := pl011
CONSOLE_PA := 0xff000000
POWER_DRIVER := qemu_arm64
# Where cells see their devices (the kit's guests are built with them): the
# virtual UART at the console's place, the GIC where the board has it.
CELL_UART_PA := 0xff000000
CELL_GICD_PA := 0xf9000000
CELL_GICR_PA := 0xf9080000
# A device no test cell is given (the second PL011), for the isolation test.
TEST_FOREIGN_DEVICE_PA := 0xff010000
QEMU := qemu-system-aarch64
QEMU_MACHINE := -M xlnx-versal-virt -m 2G -nographic \
	-semihosting-config enable=on,target=native
# The demo (make run): its system config.
DEMO_SYSTEM := partitions/systems/versal-demo.dts
# The boot partition (make image): README.txt says what the vendor boot loader
# adds.
IMAGE_FILES = README.txt=boards/versal/README.txt
# Cache colouring: one way of the last-level cache, in bytes (the DTB has no
# cache nodes): Versal's Cortex-A72 cluster has a 1 MiB 16-way L2, 64 KiB a
# way, 16 colours.
LLC_WAY_SIZE := 0x10000
