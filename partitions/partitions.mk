# Bare-metal guests built on the kit (partitions/kit/), with picolibc.
#
# Every partitions/<dir>/<name>.c is one guest: $(P_O)/<dir>/<name>.bin, a
# flat image linked at KIT_RAM (the cell's guest-physical RAM base).
#
# A kit guest is built for one board: it reaches its virtual UART and its GIC
# at the addresses the board's cells see them (board.mk: CELL_UART_PA,
# CELL_GICD_PA, CELL_GICR_PA, CELL_GICC_PA).  So guests are built per board,
# in P_O = build/partitions/<board>/, and a board's system configs name their
# images there; a guest built for one board never runs on another.  (The
# virt board's two variants share one address map and one build,
# build/partitions/: see boards/qemu-aarch64-virt/board.mk.)

GUEST_CC := aarch64-linux-gnu-gcc
GUEST_OBJCOPY := aarch64-linux-gnu-objcopy
KIT_RAM ?= 0x40000000
KIT_DIR := partitions/kit
KIT_SRCS := $(KIT_DIR)/start.S $(KIT_DIR)/kit.c $(KIT_DIR)/gic.c \
	$(KIT_DIR)/string.c \
	$(KIT_DIR)/chan.c partitions/lib/kit_chan.c partitions/lib/chan_ring.c \
	core/crc32.c
CELL_UART_PA ?= $(CONSOLE_PA)
KIT_BOARD_DEFS := -DKIT_UART=$(CELL_UART_PA) \
	$(if $(CELL_GICD_PA),-DKIT_GICD=$(CELL_GICD_PA)) \
	$(if $(CELL_GICR_PA),-DKIT_GICR=$(CELL_GICR_PA)) \
	$(if $(CELL_GICC_PA),-DKIT_GICC=$(CELL_GICC_PA))
GUEST_CFLAGS := --specs=picolibc.specs -std=gnu11 -O2 -g -ffreestanding \
	$(STRICT_CFLAGS) -Wno-missing-prototypes -I$(KIT_DIR)/include \
	-Ipartitions/lib -Iinclude $(KIT_BOARD_DEFS) -DTEST_PRINTF=kit_printf
# Recursive, so a guest may set its own KIT_RAM (partitions/tests/*/guests.mk).
# A kit image is one flat, writable and executable load (objcopy -O binary;
# the kit maps its RAM itself), so ld's RWX-segment warning says nothing.
GUEST_LDFLAGS = -nostartfiles -T $(KIT_DIR)/kit.ld \
	-Wl,--defsym=KIT_RAM=$(KIT_RAM) -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments
P_O ?= build/partitions/$(BOARD)

-include $(wildcard partitions/tests/*/guests.mk)

# A guest depends on the kit, the shared headers and its directory's headers.
.SECONDEXPANSION:
$(P_O)/%.elf: partitions/%.c $(KIT_SRCS) $(KIT_DIR)/kit.ld \
		$(wildcard $(KIT_DIR)/include/kit/*.h include/septum/*.h \
			include/septum/abi/*.h partitions/lib/*.h) \
		$$(wildcard $$(dir partitions/$$*)*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(KIT_SRCS) $<

$(P_O)/%.bin: $(P_O)/%.elf
	$(Q)$(GUEST_OBJCOPY) -O binary $< $@

# A test system: partitions/tests/<name>/<board>.dts where the test has one
# for the board (the real boards' layouts), else partitions/tests/<name>/
# system.dts, and its guests.  (No '%' in the expanded prerequisites:
# secondary expansion would replace it.)
test_system_dts = $(firstword $(wildcard partitions/tests/$(1)/$(BOARD).dts) \
	partitions/tests/$(1)/system.dts)
$(O)/systems/%/system.blob: $$(call test_system_dts,$$*) $(CONFIG_TOOL) \
		$(BOARD_DTB) $(HYP_IMAGE_ELF) $$(subst .c,.bin,$$(subst partitions/,$(P_O)/,$$(wildcard \
		partitions/tests/$$*/*.c)))
	@mkdir -p $(dir $@)cells
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc dtc --board $(BOARD_DTB) \
		--board-name $(BOARD) $(HYP_IMAGE_ARGS) $(CONFIG_LLC) --blob $@ \
		--cells $(dir $@)cells $<

# The Linux-cell test: Debian's kernel, and an initramfs with a static /init
# (partitions/tests/linux/initramfs/init.c) that hands over to busybox's sh.
LINUX_KERNEL := build/dl/vmlinuz-arm64
BUSYBOX := build/dl/busybox-arm64
LINUX_TEST_O := $(P_O)/tests/linux

$(LINUX_KERNEL) $(BUSYBOX): | setup
	ci/fetch-linux build/dl

$(LINUX_TEST_O)/init: partitions/tests/linux/initramfs/init.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) -static -O2 $(STRICT_CFLAGS) -Wno-missing-prototypes \
		-o $@ $<

$(LINUX_TEST_O)/initrd.cpio: $(LINUX_TEST_O)/init $(BUSYBOX) ci/mkinitramfs.py
	$(Q)python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
		dir:/proc dir:/sys dir:/bin dir:/sbin file:/init=$< \
		file:/bin/busybox=$(BUSYBOX) link:/bin/sh=busybox \
		link:/sbin/poweroff=../bin/busybox

$(O)/systems/linux/system.blob: $(LINUX_KERNEL) $(LINUX_TEST_O)/initrd.cpio \
	$(P_O)/tests/cells/view.bin
$(O)/systems/linux-noncontig/system.blob: $(LINUX_KERNEL) \
	$(LINUX_TEST_O)/initrd.cpio $(P_O)/tests/cells/view.bin
$(O)/systems/colour-linux/system.blob: $(LINUX_KERNEL) \
	$(LINUX_TEST_O)/initrd.cpio $(P_O)/tests/cells/view.bin
$(O)/systems/toobig/system.blob: $(LINUX_KERNEL) $(LINUX_TEST_O)/initrd.cpio \
	$(P_O)/tests/cells/view.bin
# The tool refuses that system (config/tests/bad/hyp-memory-too-small.dts):
# its blob is built without the image's size, so the hypervisor's own check
# at boot is tested.
$(O)/systems/toobig/system.blob: HYP_IMAGE_ARGS :=
# The same for a coloured hypervisor with too few pages of its colours
# (config/tests/bad/hyp-colour-too-small.dts is the tool's refusal).
$(O)/systems/hypcolour-small/system.blob: $(P_O)/tests/cells/view.bin
$(O)/systems/hypcolour-small/system.blob: HYP_IMAGE_ARGS :=

# Failure test: the cells system's partition table with one byte flipped in
# the middle of a cell's entry; the hypervisor must refuse it.
$(O)/systems/corrupt/system.blob: $(O)/systems/cells/system.blob
	@mkdir -p $(dir $@)
	$(Q)python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); \
		b[300] ^= 0x40; open(sys.argv[2], "wb").write(b)' $< $@
# Failure test: the same with one byte flipped in alpha's kernel (the first
# image of the payload, on the first 4 KiB boundary after the table): alpha
# must refuse to start, beta must run.
$(O)/systems/corrupt-image/system.blob: $(O)/systems/cells/system.blob
	@mkdir -p $(dir $@)
	$(Q)python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); \
		b[(int.from_bytes(b[12:16], "little") + 4095) // 4096 * 4096 + 64] ^= 0x40; \
		open(sys.argv[2], "wb").write(b)' $< $@
# Failure tests: the cells system's partition table, hand-made with one
# change the config tool refuses (ci/blob-patch.c says which) and a valid
# CRC; the hypervisor must refuse it.
BLOB_PATCHES := hypmap gic vgic vuart-vgic shared-device
BLOB_PATCHES_GICV2 := gich
$(HOST_O)/blob-patch: ci/blob-patch.c core/crc32.c include/septum/abi/config.h
	@mkdir -p $(@D)
	$(Q)$(HOSTCC) -std=gnu11 -O2 $(STRICT_CFLAGS) -Iinclude -o $@ \
		ci/blob-patch.c core/crc32.c
$(patsubst %,$(O)/systems/patch-%/system.blob,$(BLOB_PATCHES) $(BLOB_PATCHES_GICV2)): \
		$(O)/systems/patch-%/system.blob: \
		$(O)/systems/cells/system.blob $(HOST_O)/blob-patch
	@mkdir -p $(dir $@)
	$(Q)$(HOST_O)/blob-patch $* $< $@
$(O)/systems/uartowner/system.blob: $(P_O)/tests/cells/view.bin
$(O)/systems/preload/system.blob: $(P_O)/tests/cells/view.bin

# The x86_64 guests and their systems (partitions/tests-x86/).
include partitions/x86.mk
# The AArch32 guests and their systems (partitions/tests-a32/).
include partitions/a32.mk

# The images SYSTEM names that the tree knows how to build, and only those
# (`make run` builds no test system's guests), so any system builds from a
# fresh clone and a cell is rebuilt after its sources change:
# a bare-metal cell's $(P_O)/<dir>/<name>.bin from partitions/<dir>/<name>.c,
# and whatever else has a rule here (the Linux kernel, the demos' and the
# tests' initramfs).  An image that is neither there nor buildable is
# reported by the config tool at its `file` line.
SYSTEM_IMAGE_FILES := $(if $(wildcard $(SYSTEM)),$(shell sed -n \
	's/^[^/]*[[:space:]]file[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' \
	$(SYSTEM)))
system_image_source = $(wildcard $(patsubst $(P_O)/%.bin,partitions/%.c,$(1)))
SYSTEM_BUILT_IMAGES := $(foreach f,$(filter $(P_O)/%.bin,$(SYSTEM_IMAGE_FILES)),\
	$(if $(call system_image_source,$(f)),$(f))) \
	$(filter $(LINUX_KERNEL) $(P_O)/demo/initrd.cpio \
		$(LINUX_TEST_O)/initrd.cpio $(LINUX_KERNEL_X86) \
		$(P_O)/demo-x86/rt.bin $(P_O)/demo-x86/initrd.cpio,\
		$(SYSTEM_IMAGE_FILES))
$(O)/system.blob: $(SYSTEM_BUILT_IMAGES)

# Linux-side channel tools and their systems (partitions/linux/).
-include partitions/linux/linux.mk
-include partitions/demo/demo.mk
