# AArch32 bare-metal guests on the AArch32 kit (partitions/kit-a32/), with
# newlib (arm-none-eabi: its ARMv8-A T32 multilib, no FP).  The kit's GIC
# helpers and headers are the AArch64 kit's (partitions/kit/), its own
# headers first.
#
# Every partitions/tests-a32/<dir>/<name>.c is one guest:
# $(P_O)/tests-a32/<dir>/<name>.bin, a flat image linked at KIT_RAM;
# partitions/tests-a32/<dir>/system.dts places them in cells.

A32_GUEST_CC := arm-none-eabi-gcc
A32_GUEST_OBJCOPY := arm-none-eabi-objcopy
A32_KIT_DIR := partitions/kit-a32
A32_KIT_SRCS := $(A32_KIT_DIR)/start.S $(A32_KIT_DIR)/kit.c $(KIT_DIR)/gic.c \
	$(KIT_DIR)/chan.c partitions/lib/kit_chan.c partitions/lib/chan_ring.c \
	core/crc32.c
A32_GUEST_CFLAGS := -march=armv8-a -mthumb -mfloat-abi=soft -std=gnu11 -O2 \
	-g -ffreestanding $(STRICT_CFLAGS) -Wno-missing-prototypes \
	-I$(A32_KIT_DIR)/include -I$(KIT_DIR)/include -Ipartitions/lib -Iinclude \
	$(KIT_BOARD_DEFS) -DTEST_PRINTF=kit_printf
A32_GUEST_LDFLAGS = -nostartfiles -T $(A32_KIT_DIR)/kit.ld \
	-Wl,--defsym=KIT_RAM=$(KIT_RAM) -Wl,-z,max-page-size=4096 \
	-Wl,--no-warn-rwx-segments

-include $(wildcard partitions/tests-a32/*/guests.mk)

$(P_O)/tests-a32/%.elf: partitions/tests-a32/%.c $(A32_KIT_SRCS) \
		$(A32_KIT_DIR)/kit.ld $(wildcard $(A32_KIT_DIR)/include/kit/*.h \
			$(KIT_DIR)/include/kit/gic.h $(KIT_DIR)/include/kit/chan.h \
			partitions/lib/*.h include/septum/*.h \
			include/septum/abi/*.h) \
		$$(wildcard $$(dir partitions/tests-a32/$$*)*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST32 $@"
	$(Q)$(A32_GUEST_CC) $(A32_GUEST_CFLAGS) $(A32_GUEST_LDFLAGS) -o $@ \
		$(A32_KIT_SRCS) $<

$(P_O)/tests-a32/%.bin: $(P_O)/tests-a32/%.elf
	$(Q)$(A32_GUEST_OBJCOPY) -O binary $< $@

# A test system of partitions/tests-a32/<name>/.
$(O)/systems/%/system.blob: partitions/tests-a32/%/system.dts $(CONFIG_TOOL) \
		$(BOARD_DTB) $$(subst .c,.bin,$$(subst partitions/,$(P_O)/,$$(wildcard \
		partitions/tests-a32/$$*/*.c)))
	@mkdir -p $(dir $@)cells
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc dtc --board $(BOARD_DTB) \
		--board-name $(BOARD) --blob $@ --cells $(dir $@)cells $<
