# `make bench`: the benchmark suite (docs/performance.md).  Included by the
# top-level Makefile after partitions/partitions.mk.
#
# A bench system is partitions/bench/<name>/: a system.dts and its guests
# (<name>/*.c, built by the guest rule of partitions/partitions.mk, sharing
# partitions/bench/bench.h).  The hypervisor built for it is
# $(O)/bench/<name>/septum.elf.  A system whose system.dts also names the
# GICv2 board runs on it too: its hypervisor image for that board,
# build/$(BENCH_V2_BOARD)-$(TOOLCHAIN)/bench/<name>/septum.elf, comes
# from a sub-make with BOARD=$(BENCH_V2_BOARD), as ci/tests.mk builds the
# GICv2 test systems.  ci/bench.py knows how to run each system (CPUs,
# parameters, which image also runs natively, which runs use the GICv2
# board) and what its metrics mean; it writes build/bench/results.json and,
# after a full run, build/bench/irq_latency.png.
#
#   make bench        the full run, the figures of docs/performance.md
#   make bench-quick  a few samples of everything, with TEST lines (make test)
#
# Both run on the default board, qemu-aarch64-virt, which the bench
# systems are written for.  A system whose system.dts names the x86 board
# (qemu-x86_64) is an x86 one: its guests are built with the x86 kit
# (partitions/x86.mk), its hypervisor image,
# build/$(BENCH_X86_BOARD)-$(TOOLCHAIN)/bench/<name>/septum.elf, by a
# sub-make with BOARD=$(BENCH_X86_BOARD), and ci/bench.py runs it with that
# board's QEMU command.

BENCH_X86_BOARD := qemu-x86_64
BENCH_ALL_SYSTEMS := $(patsubst partitions/bench/%/system.dts,%,$(wildcard \
	partitions/bench/*/system.dts))
BENCH_X86_SYSTEMS := $(patsubst partitions/bench/%/system.dts,%,$(shell \
	grep -l '"$(BENCH_X86_BOARD)"' \
	$(BENCH_ALL_SYSTEMS:%=partitions/bench/%/system.dts) /dev/null))
BENCH_SYSTEMS := $(filter-out $(BENCH_X86_SYSTEMS),$(BENCH_ALL_SYSTEMS))
BENCH_O := $(O)/bench
BENCH_OUT := build/bench
BENCH_GUEST_ELFS := $(patsubst partitions/%.c,$(P_O)/%.elf,$(wildcard \
	$(BENCH_SYSTEMS:%=partitions/bench/%/*.c)))
BENCH_BOARD := qemu-aarch64-virt
BENCH_V2_BOARD := qemu-aarch64-virt-gicv2
BENCH_O_V2 := build/$(BENCH_V2_BOARD)-$(TOOLCHAIN)/bench
BENCH_V2_SYSTEMS := $(patsubst partitions/bench/%/system.dts,%,$(shell grep -l \
	'"$(BENCH_V2_BOARD)"' $(BENCH_SYSTEMS:%=partitions/bench/%/system.dts) \
	/dev/null))
BENCH_O_X86 := build/$(BENCH_X86_BOARD)-$(TOOLCHAIN)/bench
BENCH_X86_GUEST_ELFS := $(patsubst partitions/%.c,$(P_O)/%.elf,$(wildcard \
	$(BENCH_X86_SYSTEMS:%=partitions/bench/%/*.c)))
BENCH_IMAGES := $(BENCH_SYSTEMS:%=$(BENCH_O)/%/septum.elf) $(BENCH_GUEST_ELFS) \
	$(BENCH_V2_SYSTEMS:%=$(BENCH_O_V2)/%/septum.elf) \
	$(BENCH_X86_SYSTEMS:%=$(BENCH_O_X86)/%/septum.elf) \
	$(BENCH_X86_GUEST_ELFS)

-include partitions/bench/guests.mk

# The guests' shared harness (the guest rule only tracks headers next to
# the guest).
$(BENCH_GUEST_ELFS): partitions/bench/bench.h

# A bench system's partition table and hypervisor image, as for the test
# systems (Makefile, partitions/partitions.mk).
$(BENCH_O)/%/system.blob: partitions/bench/%/system.dts $(CONFIG_TOOL) \
		$(BOARD_DTB) $$(subst .c,.bin,$$(subst partitions/,$(P_O)/, \
		$$(wildcard partitions/bench/$$*/*.c)))
	@mkdir -p $(dir $@)cells
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc dtc --board $(BOARD_DTB) \
		--board-name $(BOARD) $(CONFIG_LLC) --blob $@ --cells $(dir $@)cells $<

$(BENCH_O)/%/blob.o: $(BENCH_O)/%/system.blob
	@echo "  BLOB    $@"
	$(Q)$(call BLOB_ASM,$<,$@)

$(BENCH_O)/%/septum.elf: $(HV_OBJS) $(call obj,core/selftest_none.c) \
		$(BENCH_O)/%/blob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

# The GICv2 board's images: its own build tree, so a sub-make (always
# run; it knows what is up to date).  The guests are board-independent:
# built here first, so the two makes never build them at once.
ifneq ($(BOARD),$(BENCH_V2_BOARD))
.PHONY: bench-v2-always
$(BENCH_O_V2)/%/septum.elf: bench-v2-always $$(subst .c,.bin,$$(subst \
		partitions/,$(P_O)/,$$(wildcard partitions/bench/$$*/*.c)))
	+$(Q)$(MAKE) --no-print-directory BOARD=$(BENCH_V2_BOARD) \
		TOOLCHAIN=$(TOOLCHAIN) $@
endif

# The x86 bench guests: the x86 kit's build (partitions/x86.mk), on any
# board; the same image boots natively (its ELF, through the kit's
# Multiboot header) and in a cell (the flat .bin).
$(BENCH_X86_GUEST_ELFS): $(P_O)/%.elf: partitions/%.c $(X86_KIT_SRCS) \
		$(X86_KIT_DIR)/kit.ld $(wildcard $(X86_KIT_DIR)/include/kit/*.h \
			include/septum/*.h include/septum/abi/*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(X86_GUEST_CC) $(X86_GUEST_CFLAGS) $(X86_GUEST_LDFLAGS) -o $@ \
		$(X86_KIT_SRCS) $<

$(BENCH_X86_GUEST_ELFS:.elf=.bin): %.bin: %.elf
	$(Q)objcopy -O binary $< $@

# The x86 board's images: its own build tree, so a sub-make, as for the
# GICv2 board (its guests built here first).
ifneq ($(BOARD),$(BENCH_X86_BOARD))
.PHONY: bench-x86-always
$(BENCH_O_X86)/%/septum.elf: bench-x86-always $$(subst .c,.bin,$$(subst \
		partitions/,$(P_O)/,$$(wildcard partitions/bench/$$*/*.c)))
	+$(Q)$(MAKE) --no-print-directory BOARD=$(BENCH_X86_BOARD) \
		TOOLCHAIN=$(TOOLCHAIN) $@
endif
# The x86 board's QEMU command (its board.mk), asked of a sub-make when a
# run needs it.
.PHONY: bench-qemu-run
bench-qemu-run:
	@echo '$(QEMU_RUN)'
BENCH_X86_QEMU = $(shell $(MAKE) -s --no-print-directory \
	BOARD=$(BENCH_X86_BOARD) bench-qemu-run)

# The Linux throughput figures (ci/bench_linux.py): the demo's kernel with the
# benchmark's initramfs (partitions/bench/linux/initramfs/: its /init and the
# `counter` tool), run natively, under the stage-2 floor
# (partitions/bench/s2floor/floor.S: an EL2 stub that only turns stage 2
# on) and in the cells of partitions/bench/linux{,-quick}/system.dts, beside
# the demo's real-time cell.
BENCH_LX_O := $(P_O)/bench/linux
BENCH_LX_INITRD := $(BENCH_LX_O)/initrd.cpio
BENCH_FLOOR := $(P_O)/bench/s2floor/floor.elf

$(BENCH_LX_O)/counter: partitions/bench/linux/initramfs/counter.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) -static -O2 $(STRICT_CFLAGS) -Wno-missing-prototypes \
		-o $@ $<

$(BENCH_LX_INITRD): partitions/bench/linux/initramfs/init \
		$(BENCH_LX_O)/counter $(BUSYBOX) ci/mkinitramfs.py
	@echo "  CPIO    $@"
	$(Q)python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
		dir:/proc dir:/sys dir:/tmp dir:/bin dir:/sbin dir:/usr \
		dir:/usr/bin dir:/usr/sbin \
		file:/init=$< file:/bin/busybox=$(BUSYBOX) \
		link:/bin/sh=busybox file:/bin/counter=$(BENCH_LX_O)/counter

$(BENCH_FLOOR): partitions/bench/s2floor/floor.S \
		partitions/bench/s2floor/floor.ld | setup
	@mkdir -p $(dir $@)
	@echo "  AS      $@"
	$(Q)$(GUEST_CC) -nostdlib -static -Wl,-T,partitions/bench/s2floor/floor.ld \
		-Wl,-z,max-page-size=4096 -Wl,--build-id=none \
		-Wl,--no-warn-rwx-segments -o $@ $<

$(BENCH_O)/linux/system.blob $(BENCH_O)/linux-quick/system.blob \
		$(BENCH_O)/linux-alone/system.blob: \
	$(LINUX_KERNEL) $(BENCH_LX_INITRD) $(DEMO_O)/rt.bin

# The x86 boot figure: Debian's amd64 kernel with the same /init (and the
# counter built for x86_64: the TSC), natively on q35 and as the Linux cell
# of partitions/bench/linux-x86/system.dts beside the x86 demo's rt.
BENCH_LX_X86_O := $(P_O)/bench/linux-x86
BENCH_LX_X86_INITRD := $(BENCH_LX_X86_O)/initrd.cpio

$(BENCH_LX_X86_O)/counter: partitions/bench/linux/initramfs/counter.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(X86_GUEST_CC) -static -O2 $(STRICT_CFLAGS) \
		-Wno-missing-prototypes -o $@ $<

$(BENCH_LX_X86_INITRD): partitions/bench/linux/initramfs/init \
		$(BENCH_LX_X86_O)/counter $(BUSYBOX_X86) ci/mkinitramfs.py
	@echo "  CPIO    $@"
	$(Q)python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
		dir:/proc dir:/sys dir:/tmp dir:/bin dir:/sbin dir:/usr \
		dir:/usr/bin dir:/usr/sbin \
		file:/init=$< file:/bin/busybox=$(BUSYBOX_X86) \
		link:/bin/sh=busybox file:/bin/counter=$(BENCH_LX_X86_O)/counter

$(BENCH_O)/linux-x86/system.blob: $(LINUX_KERNEL_X86) $(BENCH_LX_X86_INITRD) \
	$(P_O)/demo-x86/rt.bin

# The boot, memory and size figures (ci/bench_static.py) come from the demo
# system's image ($(O)/septum.elf with the default SYSTEM: its two cells, rt
# and linux), the release image without a partition table, and the release
# build's dependency files.
BENCH_DEMO := partitions/systems/qemu-virt-demo.dts
BENCH_DEMO_CELLS := 2
BENCH_STATIC := $(O)/septum.elf $(O)/septum-boot.elf $(LINUX_KERNEL) \
	$(BENCH_LX_INITRD) $(BENCH_FLOOR) $(LINUX_KERNEL_X86) \
	$(BENCH_LX_X86_INITRD)
BENCH_LINUX_ARGS = --linux-kernel $(LINUX_KERNEL) \
	--linux-initrd $(BENCH_LX_INITRD) --linux-floor $(BENCH_FLOOR) \
	--linux-kernel-x86 $(LINUX_KERNEL_X86) \
	--linux-initrd-x86 $(BENCH_LX_X86_INITRD)
BENCH_RUN = python3 ci/bench.py --qemu '$(QEMU_RUN)' --hyp-dir $(BENCH_O) \
	$(BENCH_LINUX_ARGS) \
	--hyp-dir-gicv2 $(BENCH_O_V2) --guest-dir $(P_O)/bench \
	--qemu-x86 '$(BENCH_X86_QEMU)' --hyp-dir-x86 $(BENCH_O_X86) \
	--demo-elf $(O)/septum.elf --demo-cells $(BENCH_DEMO_CELLS) \
	--release-elf $(O)/septum-boot.elf --obj-dir $(O) \
	--nm $(CROSS)nm $(filter-out linux linux-quick linux-alone,$(BENCH_SYSTEMS)) \
	$(filter-out linux-x86,$(BENCH_X86_SYSTEMS))

.PHONY: bench bench-quick bench-board-check
BENCH_BOARD_MSG := make bench runs on BOARD=$(BENCH_BOARD) (it runs the \
	GICv2 variants and the x86 systems itself), not $(BOARD)
bench-board-check:
	@if [ "$(BOARD)" != "$(BENCH_BOARD)" ]; then \
		echo "$(BENCH_BOARD_MSG)" >&2; exit 1; fi
	@if [ "$(SYSTEM)" != "$(BENCH_DEMO)" ]; then \
		echo "make bench boots the demo system: leave SYSTEM alone" >&2; \
		exit 1; fi

bench: bench-board-check $(BENCH_IMAGES) $(BENCH_STATIC)
	@$(BENCH_RUN) --out $(BENCH_OUT)/results.json

# Quick: its own results file, so it never replaces the full run's.
bench-quick: bench-board-check $(BENCH_IMAGES) $(BENCH_STATIC)
	@$(BENCH_RUN) --quick --out $(BENCH_OUT)/quick/results.json
