# Septum: the one build entry point.  `make help` lists the targets.
#
#   make [BOARD=<board>] [SYSTEM=<system.dts>] [TOOLCHAIN=gcc|clang]
#
# Everything is built out of tree under build/.

BOARD ?= qemu-aarch64-virt
TOOLCHAIN ?= gcc

BOARDS := $(sort $(patsubst boards/%/board.mk,%,$(wildcard boards/*/board.mk)))
ifeq ($(filter $(BOARD),$(BOARDS)),)
$(error unknown BOARD "$(BOARD)"; valid boards: $(BOARDS))
endif
# QEMU's instruction counter as the guests' clock: virtual time advances
# one ns per instruction executed, from one thread (ci/tests.mk's tests of
# time gaps; every run of the qemu-x86_64 board).
ICOUNT_CLOCK := -icount shift=0,align=off,sleep=off
include boards/$(BOARD)/board.mk
# The default system: the board's demo (board.mk: DEMO_SYSTEM), or for a
# board without one yet, the system its board.mk names (BOARD_SYSTEM).
SYSTEM ?= $(or $(DEMO_SYSTEM),$(BOARD_SYSTEM))

O := build/$(BOARD)-$(TOOLCHAIN)
HOST_O := build/host
# The board's hardware description: the DTB of Debian's arm64 kernel package
# a real board's board.mk names (DEBIAN_DTB, taken at build time by
# ci/fetch-linux), else its committed board.dts (QEMU's own machines).
ifdef DEBIAN_DTB
BOARD_DTB := build/dl/dtbs/$(notdir $(DEBIAN_DTB))
else
BOARD_DTB := build/boards/$(BOARD).dtb
endif
TEST_OUT := build/test
export TEST_OUT
# V=1 shows the full commands.
Q := $(if $(filter 1,$(V)),,@)

# ---------------------------------------------------------------- toolchains
STRICT_CFLAGS := -Wall -Wextra -Werror -Wundef -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -Wconversion
HOSTCC ?= gcc

# The arch's toolchain, flags and sources (arch/<arch>/arch.mk).
include arch/$(ARCH)/arch.mk

INCLUDES := -Iinclude -Icore/include -Idrivers/include $(ARCH_INCLUDES) \
	-I$(O)/gen
# No frame pointers: nothing walks frame records, and setting them up cost
# every call instructions and the image 2 KB.  Debuggers unwind from the
# call-frame information, kept in .debug_frame (not loaded) instead of the
# unwind tables' .eh_frame, which the image has no use for.  Each function
# in its own section, so the linker drops those no image calls (the test
# images call some a release image does not); each image's link map is
# beside it (<image>.elf.map: where every function went, what was dropped).
HV_CFLAGS := -std=gnu11 -O2 -g -ffreestanding -fno-builtin -fno-common \
	-fno-pic -fno-pie -fno-stack-protector -fomit-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-unwind-tables -ffunction-sections \
	$(ARCH_CFLAGS) $(STRICT_CFLAGS) $(INCLUDES) -MMD -MP
HV_ASFLAGS := -D__ASSEMBLY__ $(INCLUDES) -MMD -MP
HV_LDFLAGS = -nostdlib -static -no-pie -z max-page-size=4096 \
	-z noexecstack --gc-sections -Map=$@.map

# ---------------------------------------------------------------- sources
# An arch may replace a portable core routine by its own of the same name
# (ARCH_REPLACED).
# The virtual device models the arch's cells cannot have (ARCH_NO_VDEVS)
# are not linked: the image's table is core/vdev/table.c (every model, as
# the host's tests use it) without their lines.  PCI functions are passed
# through only on a board with an IOMMU (board.mk IOMMU); elsewhere their
# stand-in finds none.
CORE_STANDINS := core/selftest_none.c core/vdev/pci_pass_none.c
PCI_PASS_SRC := core/vdev/pci_pass$(if $(IOMMU),,_none).c
CORE_SRCS := $(filter-out $(CORE_STANDINS) core/vdev/pci_pass.c \
		core/vdev/table.c $(ARCH_NO_VDEVS:%=core/vdev/%.c) \
		$(ARCH_REPLACED), \
	$(wildcard core/*.c core/vdev/*.c)) $(PCI_PASS_SRC)
uart_ops_pl011 := pl011
uart_ops_ns16550 := ns16550 ns16550_r32
uart_ops_cadence := cadence
uart_ops_imx := imx
uart_ops_bcm2835_aux := bcm2835_aux
uart_ops_ns16550_pio := ns16550_pio
UART_OPS := $(foreach d,$(UART_DRIVERS),$(uart_ops_$(d)))
DRV_SRCS := drivers/uart/uart.c $(UART_DRIVERS:%=drivers/uart/%.c) \
	drivers/power/$(POWER_DRIVER).c
HV_SRCS := $(CORE_SRCS) $(ARCH_SRCS) $(DRV_SRCS)
SELFTEST_SRCS := $(wildcard core/tests/el2/*.c) $(ARCH_SELFTEST_SRCS)

obj = $(patsubst %,$(O)/%.o,$(basename $(1)))
HV_OBJS := $(call obj,$(HV_SRCS)) $(O)/gen/board.o $(O)/gen/vdev_table.o

.PHONY: all image test-image clean help setup check-board
all: $(O)/septum.elf $(O)/septum.bin
test-image: $(O)/septum-test.elf

# Code that runs at boot, on a fault or to print is built for size; the
# trap and interrupt paths (everything else) for speed.
COLD_SRCS := core/blob.c core/config.c core/fmt.c core/log.c \
	core/main.c core/panic.c core/smp.c core/error.c core/console.c \
	core/cell.c core/channel.c core/vdev/pci_host.c $(PCI_PASS_SRC) \
	core/hypmem.c core/hypcolour.c core/ram.c \
	core/entropy.c core/crc32.c $(wildcard drivers/uart/*.c drivers/power/*.c) \
	$(ARCH_COLD_SRCS)

# The flags come from these files: an object is rebuilt when they change.
FLAG_FILES := Makefile arch/$(ARCH)/arch.mk boards/$(BOARD)/board.mk

$(O)/%.o: %.c $(FLAG_FILES) | setup
	@mkdir -p $(dir $@)
	@echo "  CC      $@"
	$(Q)$(CC) $(HV_CFLAGS) $(if $(filter $<,$(COLD_SRCS)),-Os) \
		$(if $(filter $<,$(ARCH_MMU_OFF_SRCS)),$(ARCH_MMU_OFF_CFLAGS)) \
		-c $< -o $@

$(O)/%.o: %.S $(FLAG_FILES) | setup
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	$(Q)$(CC) $(HV_ASFLAGS) -c $< -o $@

$(O)/gen/board.o: $(O)/gen/board.c
	@echo "  CC      $@"
	$(Q)$(CC) $(HV_CFLAGS) -c $< -o $@

$(O)/gen/vdev_table.o: $(O)/gen/vdev_table.c
	@echo "  CC      $@"
	$(Q)$(CC) $(HV_CFLAGS) -Os -Icore/vdev -c $< -o $@

$(O)/gen/vdev_table.c: core/vdev/table.c $(FLAG_FILES) | setup
	@mkdir -p $(dir $@)
	$(Q)sed $(foreach v,$(ARCH_NO_VDEVS),-e '/&$(v)_vdev,/d') $< >$@

# The board's facts and driver table, generated from its board.mk.
$(O)/gen/board.c: boards/$(BOARD)/board.mk Makefile
	@mkdir -p $(dir $@)
	@{ echo '/* Generated from boards/$(BOARD)/board.mk: do not edit. */'; \
	  echo '#include <septum/drivers/board.h>'; \
	  echo '#include <septum/drivers/uart.h>'; \
	  echo 'const struct board_info board = { "$(BOARD)", "$(CONSOLE_DRIVER)",'; \
	  echo '	$(CONSOLE_PA), $(DTB_FALLBACK_PA) };'; \
	  echo 'const struct uart_ops *const uart_drivers[] = {'; \
	  $(foreach u,$(UART_OPS),echo '	&$(u)_uart_ops,';) \
	  echo '};'; \
	  echo 'const unsigned int uart_driver_count = $(words $(UART_OPS));'; \
	  echo 'void board_early_putc(uint8_t c)'; \
	  echo '{'; \
	  echo '	$(CONSOLE_DRIVER)_early_putc((uintptr_t)$(CONSOLE_PA), c);'; \
	  echo '}'; } >$@

$(O)/septum.lds: $(ARCH_LDS) boards/$(BOARD)/board.mk | setup
	@mkdir -p $(dir $@)
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ -DLOAD_PA=$(LOAD_PA) $(INCLUDES) $< -o $@

# The partition config is linked into the image as read-only data.
# (An image without one, like the self-test image, runs no cells.)
BLOB_ASM = printf '\t.section .rodata.config, "a"\n\t.balign 4096\n\t.globl config_blob, config_blob_end\nconfig_blob:\n\t.incbin "%s"\nconfig_blob_end:\n' $(1) | $(CC) $(HV_ASFLAGS) -c -x assembler-with-cpp -o $(2) -
$(O)/blob.o: $(O)/system.blob
	@echo "  BLOB    $@"
	$(Q)$(call BLOB_ASM,$<,$@)
$(O)/systems/%/blob.o: $(O)/systems/%/system.blob
	@echo "  BLOB    $@"
	$(Q)$(call BLOB_ASM,$<,$@)

$(O)/gen/noblob.o: | setup
	@mkdir -p $(dir $@)
	$(Q)printf '\t.section .rodata.config, "a"\n\t.globl config_blob, config_blob_end\nconfig_blob:\nconfig_blob_end:\n' | $(CC) $(HV_ASFLAGS) -c -x assembler-with-cpp -o $@ -

$(O)/septum.elf: $(HV_OBJS) $(call obj,core/selftest_none.c) $(O)/blob.o \
		$(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

$(O)/septum-test.elf: $(HV_OBJS) $(call obj,$(SELFTEST_SRCS)) $(O)/gen/noblob.o \
		$(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

# The hypervisor without a partition table: the boot loader passes one as
# its initrd (the flashed-board path, `make image`).
$(O)/septum-boot.elf: $(HV_OBJS) $(call obj,core/selftest_none.c) \
		$(O)/gen/noblob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

# A hypervisor image for another system config (the system tests' own):
# $(O)/systems/<name>/septum.elf from partitions/tests/<name>/system.dts.
$(O)/systems/%/septum.elf: $(HV_OBJS) $(call obj,core/selftest_none.c) \
		$(O)/systems/%/blob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

.SECONDARY:

# The raw image with its arm64 Image header, for U-Boot booti / QEMU -kernel.
$(O)/%.bin: $(O)/%.elf
	@echo "  OBJCOPY $@"
	$(Q)$(OBJCOPY) -O binary $< $@

-include $(shell find $(O) -name '*.d' 2>/dev/null)

# ---------------------------------------------------------------- setup
# Installs the Debian packages of ci/packages.txt once (ci/setup is idempotent).
setup:
	@ci/setup

# -@ keeps the board's labels, so a system config may name devices by label.
CONFIG_HAVE_BOARD_DTB_RULE := 1
ifdef DEBIAN_DTB
$(BOARD_DTB): | setup
	ci/fetch-linux build/dl
else
$(BOARD_DTB): boards/$(BOARD)/board.dts | setup
	@mkdir -p $(dir $@)
	$(Q)dtc -@ -q -I dts -O dtb -o $@ $<
endif

# ---------------------------------------------------------------- running
QEMU_RUN = $(QEMU) $(QEMU_MACHINE)
# What QEMU's -kernel loads: the ELF, or (QEMU_BOOT = image) the raw arm64
# Image, for models whose ELF path starts the CPUs at EL3.
HV_EXT := $(if $(filter image,$(QEMU_BOOT)),bin,elf)

.PHONY: run run-image
run: all
	@echo "septum: starting QEMU; quit with Ctrl-A then X"
	$(QEMU_RUN) -kernel $(O)/septum.$(HV_EXT)

# A disk as a board is flashed (docs/boot.md, docs/boards.md): MBR, one
# FAT32 boot partition with the boot loader's configuration, the hypervisor
# built without a partition table, and the partition table with every
# cell's images (which the boot loader hands over), plus the board's own
# boot files (board.mk IMAGE_FILES: DEST=SRC, made by IMAGE_DEPS' rules).
# The boot loader (board.mk IMAGE_LOADER): U-Boot's extlinux.conf and the
# arm64 Image (booti, the table as its initrd) by default; on a PC, GRUB in
# the MBR and the gap before the partition, its grub.cfg, the Multiboot
# ELF (the table as its module).
IMAGE_LOADER ?= u-boot
ifeq ($(IMAGE_LOADER),grub)
IMAGE_BOOT_FILES = boot/grub/grub.cfg=boards/grub.cfg \
	septum.elf=$(O)/septum-boot.elf
IMAGE_BOOT_DEPS = boards/grub.cfg $(O)/septum-boot.elf ci/install-grub
IMAGE_INSTALL = ci/install-grub $@
else
IMAGE_BOOT_FILES = extlinux/extlinux.conf=boards/extlinux.conf \
	septum.bin=$(O)/septum-boot.bin
IMAGE_BOOT_DEPS = boards/extlinux.conf $(O)/septum-boot.bin
IMAGE_INSTALL = true
endif
DISK_IMAGE := $(O)/septum-disk.img
image: $(DISK_IMAGE)
$(DISK_IMAGE): $(IMAGE_BOOT_DEPS) $(O)/system.blob ci/mkimage $(IMAGE_DEPS)
	@echo "  IMAGE   $@"
	$(Q)ci/mkimage $@ $(IMAGE_BOOT_FILES) system.blob=$(O)/system.blob \
		$(IMAGE_FILES)
	$(Q)$(IMAGE_INSTALL)

run-image: image
	@echo "septum: starting QEMU with $(if $(filter grub,$(IMAGE_LOADER)),GRUB,U-Boot); quit with Ctrl-A then X"
	$(QEMU_RUN) $(QEMU_FIRMWARE) $(call QEMU_DISK,$(DISK_IMAGE))

include ci/tests.mk
include config/config.mk
include ci/fuzz.mk
include partitions/partitions.mk
include ci/bench.mk

help:
	@echo "make [BOARD=...] [SYSTEM=...] [TOOLCHAIN=gcc|clang] [target]"
	@echo "  all         build the hypervisor image ($(O)/septum.elf, .bin)"
	@echo "  run         boot it in QEMU (quit: Ctrl-A X)"
	@echo "  image       a flashable disk image ($(O)/septum-disk.img)"
	@echo "  run-image   boot that disk in QEMU through its boot loader (U-Boot; GRUB on x86)"
	@echo "  check-config  check SYSTEM against BOARD, every mistake with file:line"
	@echo "  config-dump   the resolved partition table of SYSTEM"
	@echo "  colour-check  the coloured test systems' pages checked against their colours"
	@echo "  test        everything CI runs; ends with 'N passed, M failed'"
	@echo "  test-config the config tool's tests alone (golden, real boards, fuzz)"
	@echo "  unit-tests  the host unit tests; cppcheck: the static checks"
	@echo "  bench       exact instruction-count benchmarks (build/bench/results.json)"
	@echo "  bench-quick the native run and the Linux cell's, without the rest"
	@echo "  fuzz        every fuzz target, longer than make test (FUZZ_TIME=seconds)"
	@echo "  fuzz-quick, fuzz-config, fuzz-config-check, fuzz-x86, fuzz-x86-long"
	@echo "              parts of it (what make test runs, the config tool's, x86's)"
	@echo "  hostile-tests, soak-test, gicconf-tests, board-tests, systests-x86"
	@echo "              those system tests alone"
	@echo "  test-image  the self-test build of the hypervisor"
	@echo "  clean       remove build/"
	@echo "  help        this list"
	@echo "boards: $(BOARDS)"

clean:
	rm -rf build
