# Raspberry Pi 4 Model B (BCM2711): 4x Cortex-A72, a GIC-400, the PL011 and
# the auxiliary mini UART (the console the DT names as stdout).  Its firmware
# starts the secondary CPUs by spin table (no PSCI firmware is needed; with
# TF-A's bl31 as its armstub, PSCI is there and used).  The DT's memory node
# has size 0: the firmware fills it in, so the system configs give RAM with
# board-memory.  Its hardware description is the DTB of Debian's arm64 kernel
# package.  Under QEMU: the raspi4b model, given that DTB (QEMU sets memory@0
# to 0-0x3c000000 and starts the CPUs at EL2 with the spin table it says).
ARCH := arm64
# Its GIC's version: the one the image drives.
GIC := 2
DEBIAN_DTB := broadcom/bcm2711-rpi-4-b.dtb
# QEMU's ELF path starts this model's CPUs at EL3, so Septum boots as an
# arm64 Image (QEMU_BOOT = image): QEMU loads it at RAM + 2 MiB and passes
# the DTB in x0.
QEMU_BOOT := image
LOAD_PA := 0x200000
DTB_FALLBACK_PA := 0x8000000
# Both UARTs' drivers; the mini UART (serial1, the DT's stdout) is the
# hypervisor's console, as on the board's GPIO header pins 8 and 10.
UART_DRIVERS := bcm2835_aux pl011
CONSOLE_DRIVER := bcm2835_aux
CONSOLE_PA := 0xfe215040
POWER_DRIVER := qemu_arm64
# Where cells see their devices (the kit's guests are built with them): the
# virtual UART at the page of the console's registers, the GIC where the
# board has it.
CELL_UART_PA := 0xfe215000
CELL_GICD_PA := 0xff841000
CELL_GICC_PA := 0xff842000
# A device no test cell is given (the PL011), for the isolation test.
TEST_FOREIGN_DEVICE_PA := 0xfe201000
QEMU := qemu-system-aarch64
# The mini UART is the model's second serial port.
QEMU_MACHINE = -M raspi4b -nographic -serial null -serial mon:stdio \
	-dtb $(BOARD_DTB) -semihosting-config enable=on,target=native
# The demo (make run): its system config.
DEMO_SYSTEM := partitions/systems/rpi4b-demo.dts
# The card (make image): the firmware's config.txt, TF-A and U-Boot from
# Debian's packages (ci/fetch-boot-firmware), the DTB; the Pi's own firmware
# (start4.elf, fixup4.dat) is the user's to add: README.txt says whence.
RPI4_BOOT := build/dl/boot/rpi4
IMAGE_DEPS = $(RPI4_BOOT)/u-boot.bin $(RPI4_BOOT)/bl31.bin $(BOARD_DTB)
IMAGE_FILES = config.txt=boards/rpi4b/config.txt \
	u-boot.bin=$(RPI4_BOOT)/u-boot.bin bl31.bin=$(RPI4_BOOT)/bl31.bin \
	bcm2711-rpi-4-b.dtb=$(BOARD_DTB) README.txt=boards/rpi4b/README.txt
$(RPI4_BOOT)/u-boot.bin $(RPI4_BOOT)/bl31.bin: | setup
	ci/fetch-boot-firmware build/dl
# The card booted under QEMU by the image's own boot loader: QEMU loads
# U-Boot where the Pi's firmware would (0x80000, at EL2) and takes the card
# as its SD card (whose size must be a power of two).
QEMU_IMAGE_BOOT = -kernel $(RPI4_BOOT)/u-boot.bin \
	-drive if=sd,format=raw,file=$(1)
# What the card must hold (test image-rpi4b), on one line: ci/boards.mk reads it.
IMAGE_CARD_FILES := config.txt u-boot.bin bl31.bin bcm2711-rpi-4-b.dtb extlinux/extlinux.conf septum.bin system.blob README.txt
