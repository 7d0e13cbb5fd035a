# AMD/Xilinx ZCU102 (Zynq UltraScale+ MPSoC): 4x Cortex-A53, a GIC-400 whose
# 4 KiB frames repeat every 64 KiB, Cadence UARTs, PSCI over SMC.  Its
# hardware description is the DTB of Debian's arm64 kernel package.  Under
# QEMU: the xlnx-zcu102 model, given that DTB (QEMU adds /psci and rewrites
# memory@0 to one range of -m: 2 GiB, the size of its low RAM).
ARCH := arm64
# Its GIC's version: the one the image drives.
GIC := 2
DEBIAN_DTB := xilinx/zynqmp-zcu102-rev1.0.dtb
# QEMU's ELF path starts at EL2 with the DTB at PA 0 (x0 = 0): the board's
# default place, looked at even though it is 0.  The image loads where the
# virt board's does, so the test systems' layouts carry over.
LOAD_PA := 0x40200000
DTB_FALLBACK_PA := 0x0
UART_DRIVERS := cadence
CONSOLE_DRIVER := cadence
CONSOLE_PA := 0xff000000
POWER_DRIVER := qemu_arm64
# Where cells see their devices (the kit's guests are built with them): the
# virtual UART at the console's place, the GIC where the board has it, the
# CPU interface at its 8 KiB alias (+0xf000: see docs/boards.md).
CELL_UART_PA := 0xff000000
CELL_GICD_PA := 0xf9010000
CELL_GICC_PA := 0xf902f000
# A device no test cell is given (the second UART), for the isolation test.
TEST_FOREIGN_DEVICE_PA := 0xff010000
QEMU := qemu-system-aarch64
QEMU_MACHINE = -M xlnx-zcu102,virtualization=on -m 2G -smp 4 -nographic \
	-audio none -dtb $(BOARD_DTB) \
	-semihosting-config enable=on,target=native
# The demo (make run): its system config.
DEMO_SYSTEM := partitions/systems/zcu102-demo.dts
# The boot partition (make image): README.txt says what the vendor boot loader
# adds.
IMAGE_FILES = README.txt=boards/zcu102/README.txt
# Cache colouring: one way of the last-level cache, in bytes (Debian's DTB
# has no cache nodes): the ZynqMP's Cortex-A53 cluster has a 1 MiB 16-way
# L2, 64 KiB a way, 16 colours.
LLC_WAY_SIZE := 0x10000
