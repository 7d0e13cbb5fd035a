# x86_64 bare-metal guests on the x86 kit (partitions/kit-x86/), built with
# the host's gcc (freestanding: Debian has no C library for them).
#
# Every partitions/tests-x86/<dir>/<name>.c is one guest:
# build/partitions/tests-x86/<dir>/<name>.bin, a flat image linked at
# X86_KIT_RAM; partitions/tests-x86/<dir>/system.dts places them in cells,
# and make builds $(O)/systems/<dir>/septum.elf for BOARD=qemu-x86_64.

X86_GUEST_CC := gcc
X86_KIT_RAM ?= 0x100000
X86_KIT_DIR := partitions/kit-x86
X86_KIT_SRCS := $(X86_KIT_DIR)/start.S $(X86_KIT_DIR)/kit.c \
	$(X86_KIT_DIR)/chan.c $(X86_KIT_DIR)/string.c partitions/lib/kit_chan.c \
	partitions/lib/chan_ring.c \
	core/fmt.c core/crc32.c
X86_GUEST_CFLAGS := -std=gnu11 -O2 -g -m64 -ffreestanding -fno-builtin \
	-nostdlib -static -fno-pic -fno-pie -no-pie -mno-red-zone \
	-mgeneral-regs-only -fno-stack-protector -fno-asynchronous-unwind-tables \
	$(STRICT_CFLAGS) -Wno-missing-prototypes -I$(X86_KIT_DIR)/include \
	-Ipartitions/lib -Iinclude -Icore/include -DTEST_PRINTF=kit_printf
X86_GUEST_LDFLAGS = -Wl,-T,$(X86_KIT_DIR)/kit.ld \
	-Wl,--defsym=KIT_RAM=$(X86_KIT_RAM) -Wl,-z,max-page-size=4096 \
	-Wl,--build-id=none -Wl,-z,noexecstack -Wl,--no-warn-rwx-segments

-include $(wildcard partitions/tests-x86/*/guests.mk)

$(P_O)/tests-x86/%.elf: partitions/tests-x86/%.c $(X86_KIT_SRCS) \
		$(X86_KIT_DIR)/kit.ld $(wildcard $(X86_KIT_DIR)/include/kit/*.h \
			include/septum/*.h include/septum/abi/*.h) \
		$$(wildcard $$(dir partitions/tests-x86/$$*)*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(X86_GUEST_CC) $(X86_GUEST_CFLAGS) $(X86_GUEST_LDFLAGS) -o $@ \
		$(X86_KIT_SRCS) $<

$(P_O)/tests-x86/%.bin: $(P_O)/tests-x86/%.elf
	$(Q)objcopy -O binary $< $@

# A test system of partitions/tests-x86/<name>/ (after the arm64 rule,
# which needs partitions/tests/<name>/system.dts).
$(O)/systems/%/system.blob: partitions/tests-x86/%/system.dts $(CONFIG_TOOL) \
		$(BOARD_DTB) $$(subst .c,.bin,$$(subst partitions/,$(P_O)/,$$(wildcard \
		partitions/tests-x86/$$*/*.c)))
	@mkdir -p $(dir $@)cells
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc dtc --board $(BOARD_DTB) \
		--board-name $(BOARD) $(CONFIG_LLC) --blob $@ --cells $(dir $@)cells $<

# The x86 Linux-cell test: Debian's amd64 kernel, and the initramfs of the
# arm64 test (its /init built for x86_64) handing over to busybox's sh.
LINUX_KERNEL_X86 := build/dl/vmlinuz-amd64
BUSYBOX_X86 := build/dl/busybox-amd64
LINUX_X86_O := $(P_O)/tests-x86/linux-x86

LX_MODULES_X86 := build/dl/modules-amd64/uio.ko \
	build/dl/modules-amd64/uio_pci_generic.ko

$(LINUX_KERNEL_X86) $(BUSYBOX_X86) $(LX_MODULES_X86): | setup
	ci/fetch-linux-x86 build/dl

$(LINUX_X86_O)/init: partitions/tests/linux/initramfs/init.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(X86_GUEST_CC) -static -O2 $(STRICT_CFLAGS) \
		-Wno-missing-prototypes -o $@ $<

$(LINUX_X86_O)/initrd.cpio: $(LINUX_X86_O)/init $(BUSYBOX_X86) ci/mkinitramfs.py
	$(Q)python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
		dir:/proc dir:/sys dir:/bin dir:/sbin file:/init=$< \
		file:/bin/busybox=$(BUSYBOX_X86) link:/bin/sh=busybox \
		link:/sbin/poweroff=../bin/busybox link:/sbin/reboot=../bin/busybox

$(O)/systems/linux-x86/system.blob: $(LINUX_KERNEL_X86) \
	$(LINUX_X86_O)/initrd.cpio
$(O)/systems/linux-life-x86/system.blob: $(LINUX_KERNEL_X86) \
	$(LINUX_X86_O)/initrd.cpio $(LINUX_X86_O)/rt.bin
$(O)/systems/hostile-linux-x86/system.blob: $(LINUX_KERNEL_X86) \
	$(LINUX_X86_O)/initrd.cpio
