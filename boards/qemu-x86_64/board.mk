# QEMU "q35" PC machine, x86_64, AMD SVM with nested paging (-cpu EPYC),
# SeaBIOS firmware, the hypervisor loaded by QEMU's Multiboot loader.
ARCH := x86_64
# Where the image is loaded (2 MiB aligned; Multiboot modules follow it).
LOAD_PA := 0x200000
# No device tree on x86: the CPUs come from the firmware's ACPI MADT.
DTB_FALLBACK_PA := 0
# UART driver files linked in, and which driver runs the hypervisor console
# (its "address" is the base I/O port: COM1).
UART_DRIVERS := ns16550_pio
CONSOLE_DRIVER := ns16550_pio
CONSOLE_PA := 0x3f8
POWER_DRIVER := qemu_x86
# What `make` and `make run` build and boot unless SYSTEM says otherwise.
DEMO_SYSTEM := partitions/systems/qemu-x86-demo.dts
QEMU := qemu-system-x86_64
# AMD EPYC: SVM with nested paging under TCG.  The features TCG cannot
# emulate are removed by name, so QEMU does not warn about each of them
# (NRIP-save among them: the hypervisor decodes instruction lengths itself).
QEMU_CPU := EPYC,-fxsr-opt,-misalignsse,-osvw,-topoext,-nrip-save,-xsavec
# QEMU runs under its instruction counter (-icount): the vCPUs take turns
# in one thread, which also fires the timers.  Without it the APIC timer
# fires from QEMU's main-loop thread, and QEMU 10.0's TCG can lose that
# interrupt when it meets a VMRUN on the CPU it is for (docs/config.md,
# "Linux cells on x86").
QEMU_MACHINE := -M q35 -cpu $(QEMU_CPU) -smp 4 -m 1G -nographic -nic none \
	-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	$(ICOUNT_CLOCK)
# Its guests (partitions/tests-x86/) are built for x86 only: one folder.
P_O := build/partitions
# The PC's boot disk (make image, make run-image): GRUB from Debian's
# grub-pc-bin in its MBR, started by SeaBIOS (the machine's own firmware)
# from the disk on the q35's AHCI controller.
IMAGE_LOADER := grub
QEMU_DISK = -drive if=none,format=raw,file=$(1),id=disk \
	-device ide-hd,drive=disk,bus=ide.0
# What the disk's partition must hold (test image-qemu-x86_64), on one line: ci/boards.mk reads it.
IMAGE_CARD_FILES := boot/grub/grub.cfg septum.elf system.blob
