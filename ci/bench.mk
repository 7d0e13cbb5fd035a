# `make bench`: the benchmark suite (docs/performance.md).  Included by the
# top-level Makefile after partitions/partitions.mk.
#
# A bench system is partitions/bench/<name>/: a system.dts and its guests
# (<name>/*.c, built by the guest rule of partitions/partitions.mk, sharing
# partitions/bench/bench.h).  The hypervisor built for it is
# $(O)/bench/<name>/septum.elf.  ci/bench.py knows how to run each system
# (CPUs, parameters, which image also runs natively) and what its metrics
# mean; it writes build/bench/results.json.
#
#   make bench        the full run, the figures of docs/performance.md
#   make bench-quick  a few samples of everything, with TEST lines (make test)

BENCH_SYSTEMS := $(patsubst partitions/bench/%/system.dts,%,$(wildcard \
	partitions/bench/*/system.dts))
BENCH_O := $(O)/bench
BENCH_OUT := build/bench
BENCH_GUEST_ELFS := $(patsubst partitions/%.c,$(P_O)/%.elf,$(wildcard \
	$(BENCH_SYSTEMS:%=partitions/bench/%/*.c)))
BENCH_IMAGES := $(BENCH_SYSTEMS:%=$(BENCH_O)/%/septum.elf) $(BENCH_GUEST_ELFS)

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
		--board-name $(BOARD) --blob $@ --cells $(dir $@)cells $<

$(BENCH_O)/%/blob.o: $(BENCH_O)/%/system.blob
	@echo "  BLOB    $@"
	$(Q)$(call BLOB_ASM,$<,$@)

$(BENCH_O)/%/septum.elf: $(HV_OBJS) $(call obj,core/selftest_none.c) \
		$(BENCH_O)/%/blob.o $(O)/septum.lds
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

BENCH_RUN = python3 ci/bench.py --qemu '$(QEMU_RUN)' --hyp-dir $(BENCH_O) \
	--guest-dir $(P_O)/bench $(BENCH_SYSTEMS)

.PHONY: bench bench-quick
bench: $(BENCH_IMAGES)
	@$(BENCH_RUN) --out $(BENCH_OUT)/results.json

# Quick: its own results file, so it never replaces the full run's.
bench-quick: $(BENCH_IMAGES)
	@$(BENCH_RUN) --quick --out $(BENCH_OUT)/quick/results.json
