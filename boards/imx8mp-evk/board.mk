# NXP i.MX 8M Plus EVK: 4x Cortex-A53, GICv3 (a distributor without the
# Security Extensions: see docs/boards.md), i.MX UARTs, PSCI over SMC.  Its
# hardware description is the DTB of Debian's arm64 kernel package.  Under
# QEMU: the imx8mp-evk model, given that DTB (QEMU adds /psci and rewrites
# the memory node to one range of -m from 0x40000000).
ARCH := arm64
# Its GIC's version: the one the image drives.
GIC := 3
DEBIAN_DTB := freescale/imx8mp-evk.dtb
# QEMU's ELF path starts this model's CPUs at EL3, so Septum boots as an
# arm64 Image (QEMU_BOOT = image): QEMU loads it at RAM + 2 MiB, drops to
# EL2 and passes the DTB (at 0x48000000) in x0.
QEMU_BOOT := image
LOAD_PA := 0x40200000
DTB_FALLBACK_PA := 0x48000000
UART_DRIVERS := imx
CONSOLE_DRIVER := imx
CONSOLE_PA := 0x30890000
POWER_DRIVER := qemu_arm64
# Where cells see their devices (the kit's guests are built with them): the
# virtual UART at the console's place, the GIC where the board has it.
CELL_UART_PA := 0x30890000
CELL_GICD_PA := 0x38800000
CELL_GICR_PA := 0x38880000
# A device no test cell is given (UART1), for the isolation test.
TEST_FOREIGN_DEVICE_PA := 0x30860000
# QEMU 10.0's model connects no virtual IRQ line from its GIC to the CPUs:
# Septum raises HCR_EL2.VI in its place (docs/boards.md).  Real silicon does
# not need this; drop it there.
GIC_QUIRKS := virq-unwired
QEMU := qemu-system-aarch64
# The console, UART2 (the DT's stdout), is the model's second serial port.
QEMU_MACHINE = -M imx8mp-evk -smp 4 -m 2G -nographic -serial null -serial mon:stdio \
	-dtb $(BOARD_DTB) -semihosting-config enable=on,target=native
# The demo (make run): its system config.
DEMO_SYSTEM := partitions/systems/imx8mp-evk-demo.dts
# The boot partition (make image): README.txt says what the vendor boot loader
# adds.
IMAGE_FILES = README.txt=boards/imx8mp-evk/README.txt
