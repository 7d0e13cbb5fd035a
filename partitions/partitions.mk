# Bare-metal guests built on the kit (partitions/kit/), with picolibc.
#
# Every partitions/<dir>/<name>.c is one guest: build/partitions/<dir>/<name>.bin,
# a flat image linked at KIT_RAM (the cell's guest-physical RAM base).

GUEST_CC := aarch64-linux-gnu-gcc
KIT_RAM ?= 0x40000000
KIT_DIR := partitions/kit
KIT_SRCS := $(KIT_DIR)/start.S $(KIT_DIR)/kit.c $(KIT_DIR)/gic.c
GUEST_CFLAGS := --specs=picolibc.specs -std=gnu11 -O2 -g -ffreestanding \
	$(STRICT_CFLAGS) -Wno-missing-prototypes -I$(KIT_DIR)/include -Iinclude \
	-DKIT_UART=$(CONSOLE_PA) -DTEST_PRINTF=kit_printf
# Recursive, so a guest may set its own KIT_RAM (partitions/tests/*/guests.mk).
GUEST_LDFLAGS = -nostartfiles -T $(KIT_DIR)/kit.ld \
	-Wl,--defsym=KIT_RAM=$(KIT_RAM) -Wl,-z,max-page-size=4096
P_O := build/partitions

-include $(wildcard partitions/tests/*/guests.mk)

# A guest depends on the kit, the shared headers and its directory's headers.
.SECONDEXPANSION:
$(P_O)/%.elf: partitions/%.c $(KIT_SRCS) $(KIT_DIR)/kit.ld \
		$(wildcard $(KIT_DIR)/include/kit/*.h include/septum/*.h) \
		$$(wildcard $$(dir partitions/$$*)*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(GUEST_CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(KIT_SRCS) $<

$(P_O)/%.bin: $(P_O)/%.elf
	$(Q)$(OBJCOPY) -O binary $< $@

# Every guest, so the default SYSTEM's images exist before its blob is built.
GUEST_BINS := $(subst .c,.bin,$(subst partitions/,$(P_O)/,$(wildcard \
	partitions/tests/*/*.c)))
$(O)/system.blob: $(GUEST_BINS)

# A test system: partitions/tests/<name>/system.dts and its guests.  (No '%'
# in the expanded prerequisites: secondary expansion would replace it.)
$(O)/systems/%/system.blob: partitions/tests/%/system.dts $(CONFIG_TOOL) \
		$(BOARD_DTB) $$(subst .c,.bin,$$(subst partitions/,$(P_O)/,$$(wildcard \
		partitions/tests/$$*/*.c)))
	@mkdir -p $(dir $@)cells
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc dtc --board $(BOARD_DTB) \
		--board-name $(BOARD) --blob $@ --cells $(dir $@)cells $<
