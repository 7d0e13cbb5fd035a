# Raspberry Pi 4 Model B (BCM2711): 4x Cortex-A72, a GIC-400, the PL011 and
# the auxiliary mini UART (the console the DT names as stdout).  Its firmware
# starts the secondary CPUs by spin table (no PSCI firmware is needed; with
# TF-A's bl31 as its armstub, PSCI is there and used).  The DT's memory node
# has size 0: the firmware fills it in, so the system configs give RAM with
# board-memory.  Its hardware description is the DTB of Debian's arm64 kernel
# package.  Under QEMU: the raspi4b model, given that DTB (QEMU sets memory@0
# to 0-0x3c000000 and starts the CPUs at EL2 with the spin table it says).
ARCH := arm64
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
