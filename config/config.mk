# config/config.mk: the partition config tool (septum-config), its outputs and
# its tests.  Included by the top-level Makefile, which provides BOARD, SYSTEM,
# BOARD_DTB, O, HOSTCC and STRICT_CFLAGS (see docs/config.md, "Building").

CONFIG_TOOL := build/host/septum-config
CONFIG_SRCS := $(filter-out config/fuzz/%,$(wildcard config/*.c)) \
	core/crc32.c core/blob.c
CONFIG_HDRS := $(wildcard config/*.h include/septum/abi/*.h) \
	include/septum/crc32.h core/include/septum/blob.h
CONFIG_CFLAGS := -std=gnu11 -O2 -g $(STRICT_CFLAGS) -Iinclude -Icore/include
CONFIG_LIBS := -lfdt
CONFIG_DTC ?= dtc
CONFIG_TEST_OUT := build/config-tests
CONFIG_FUZZ_DIR := build/fuzz
# Executions per target in test-config's deterministic fuzz check (about
# 15 s each on the 2-core CI host), and seconds per target in fuzz-config.
CONFIG_FUZZ_RUNS_blob ?= 40000
CONFIG_FUZZ_RUNS_board_dtb ?= 5000
CONFIG_FUZZ_RUNS_system_dtb ?= 15000
CONFIG_FUZZ_SEED ?= 1
CONFIG_FUZZ_LONG_TIME ?= 600
CONFIG_FUZZ_CC ?= clang
CONFIG_FUZZ_FLAGS := -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined \
	-fno-sanitize-recover=undefined -Iinclude -Icore/include -Iconfig
CONFIG_DL := build/dl
CONFIG_CELLS_DIR := $(O)/cells
# The hypervisor's image without a partition table, whose size (with the
# table the tool builds) the hypervisor's memory must hold at LOAD_PA.
HYP_IMAGE_ELF := $(O)/septum-boot.elf
HYP_IMAGE_ARGS = --hyp-load $(LOAD_PA) --hyp-image-size \
	$$(nm $(HYP_IMAGE_ELF) | awk '$$3 == "__image_size" { print "0x" $$1 }')
# The board's last-level cache geometry when its DTB does not give it
# (board.mk: LLC_WAY_SIZE, the bytes of one way), for cache colouring.
CONFIG_LLC = $(if $(LLC_WAY_SIZE),--llc-way-size $(LLC_WAY_SIZE))

$(CONFIG_TOOL): $(CONFIG_SRCS) $(CONFIG_HDRS)
	@mkdir -p $(@D)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(CONFIG_CFLAGS) -o $@ $(CONFIG_SRCS) $(CONFIG_LIBS)

# Standalone use only: the top-level Makefile normally builds BOARD_DTB.
# -@ keeps the board's labels, so a system may name devices by label.
ifndef CONFIG_HAVE_BOARD_DTB_RULE
build/boards/%.dtb: boards/%/board.dts
	@mkdir -p $(@D)
	$(CONFIG_DTC) -@ -q -I dts -O dtb -o $@ $<
endif

# The checks alone: `make check-config SYSTEM=<file>`.
.PHONY: check-config config-dump
check-config: $(CONFIG_TOOL) $(BOARD_DTB) $(HYP_IMAGE_ELF)
	$(CONFIG_TOOL) check --dtc $(CONFIG_DTC) --board $(BOARD_DTB) \
		--board-name $(BOARD) $(HYP_IMAGE_ARGS) $(CONFIG_LLC) $(SYSTEM)

config-dump: $(CONFIG_TOOL) $(BOARD_DTB) $(HYP_IMAGE_ELF)
	$(CONFIG_TOOL) dump --dtc $(CONFIG_DTC) --board $(BOARD_DTB) \
		--board-name $(BOARD) $(HYP_IMAGE_ARGS) $(CONFIG_LLC) $(SYSTEM)

# The blob and the cells' DTBs.  Always re-run (it takes milliseconds and the
# system may /include/ files or name images make does not know about), but
# only touch the blob when its bytes change, so nothing downstream relinks.
.PHONY: config-force
$(O)/system.blob: $(CONFIG_TOOL) $(BOARD_DTB) $(SYSTEM) $(HYP_IMAGE_ELF) \
		config-force
	@mkdir -p $(@D) $(CONFIG_CELLS_DIR)
	@echo "  CONFIG  $@"
	$(Q)$(CONFIG_TOOL) build --dtc $(CONFIG_DTC) --board $(BOARD_DTB) \
		--board-name $(BOARD) $(HYP_IMAGE_ARGS) $(CONFIG_LLC) --blob $@.tmp \
		--cells $(CONFIG_CELLS_DIR) $(SYSTEM)
	@if cmp -s $@.tmp $@; then rm -f $@.tmp; else mv -f $@.tmp $@; fi

# ---- tests -----------------------------------------------------------------

# The coloured systems' layouts (three bare-metal cells; a Linux cell
# beside a bare-metal one), checked from their blobs by a program of its own
# (config/tests/colourcheck.c), and that check refusing wrong layouts.
COLOURCHECK := build/host/septum-colourcheck
$(COLOURCHECK): config/tests/colourcheck.c core/blob.c core/crc32.c \
		$(CONFIG_HDRS)
	@mkdir -p $(@D)
	$(HOSTCC) $(CONFIG_CFLAGS) -o $@ config/tests/colourcheck.c core/blob.c \
		core/crc32.c

.PHONY: colour-check
colour-check: $(COLOURCHECK) $(O)/systems/colour/system.blob \
		$(O)/systems/colour-linux/system.blob
	$(COLOURCHECK) $(O)/systems/colour/system.blob
	$(COLOURCHECK) --wrong $(O)/systems/colour/system.blob
	$(COLOURCHECK) $(O)/systems/colour-linux/system.blob

CONFIG_FUZZ_COMMON := $(filter-out config/main.c,$(CONFIG_SRCS))

$(CONFIG_FUZZ_DIR)/fuzz_blob: config/fuzz/fuzz_blob.c core/blob.c core/crc32.c \
		$(CONFIG_HDRS)
	@mkdir -p $(@D)
	$(CONFIG_FUZZ_CC) $(CONFIG_FUZZ_FLAGS) -o $@ config/fuzz/fuzz_blob.c \
		core/blob.c core/crc32.c

$(CONFIG_FUZZ_DIR)/fuzz_board_dtb: config/fuzz/fuzz_board_dtb.c \
		$(CONFIG_FUZZ_COMMON) $(CONFIG_HDRS)
	@mkdir -p $(@D)
	$(CONFIG_FUZZ_CC) $(CONFIG_FUZZ_FLAGS) -o $@ config/fuzz/fuzz_board_dtb.c \
		$(CONFIG_FUZZ_COMMON) $(CONFIG_LIBS)

# The system side: image files are not read (read_file() is wrapped).
$(CONFIG_FUZZ_DIR)/fuzz_system_dtb: config/fuzz/fuzz_system_dtb.c \
		$(CONFIG_FUZZ_COMMON) $(CONFIG_HDRS)
	@mkdir -p $(@D)
	$(CONFIG_FUZZ_CC) $(CONFIG_FUZZ_FLAGS) -o $@ \
		config/fuzz/fuzz_system_dtb.c $(CONFIG_FUZZ_COMMON) \
		$(CONFIG_LIBS) -Wl,--wrap=read_file

CONFIG_FUZZ_TARGETS := $(CONFIG_FUZZ_DIR)/fuzz_blob $(CONFIG_FUZZ_DIR)/fuzz_board_dtb \
	$(CONFIG_FUZZ_DIR)/fuzz_system_dtb

# config/fuzz/run-fuzz -r RUNS -s SEED | -t SECONDS TARGET: the
# deterministic check or a timed exploration; prints TEST fuzz.<x>.
CONFIG_FUZZ_RUN = env SEPTUM_FUZZ_SYSTEM=partitions/systems/qemu-virt-demo.dts \
	SEPTUM_FUZZ_BOARD=$(BOARD_DTB) config/fuzz/run-fuzz
CONFIG_FUZZ_CHECK = $(CONFIG_FUZZ_RUN) -r $(CONFIG_FUZZ_RUNS_$(1)) \
	-s $(CONFIG_FUZZ_SEED) $(CONFIG_FUZZ_DIR)/fuzz_$(1)

.PHONY: test-config fuzz-config fuzz-config-check lint-config config-real-dtbs
config-real-dtbs:
	ci/fetch-linux $(CONFIG_DL)

# (The SYSTEM checked by run-system needs its images built: its blob.)
test-config: $(CONFIG_TOOL) $(CONFIG_FUZZ_TARGETS) config-real-dtbs $(BOARD_DTB) \
		$(O)/system.blob
	@ci/step config-golden python3 config/tests/run-golden \
		--tool $(CONFIG_TOOL) --dtc $(CONFIG_DTC) \
		--out $(CONFIG_TEST_OUT) config/tests/good config/tests/bad
	@ci/step config-real python3 config/tests/run-golden \
		--tool $(CONFIG_TOOL) --dtc $(CONFIG_DTC) \
		--out $(CONFIG_TEST_OUT) --dtbs $(CONFIG_DL)/dtbs \
		config/tests/real
	@ci/step config-system config/tests/run-system $(CONFIG_TOOL) \
		$(BOARD_DTB) $(BOARD) $(SYSTEM) $(CONFIG_TEST_OUT)/system
	@ci/step config-colour $(MAKE) --no-print-directory colour-check
	@ci/step config-lint $(MAKE) --no-print-directory lint-config
	@$(MAKE) --no-print-directory fuzz-config-check

# The config targets' part of `make test` (ci/fuzz.mk says how a check runs).
fuzz-config-check: $(CONFIG_FUZZ_TARGETS) $(BOARD_DTB)
	@ci/step fuzz-blob $(call CONFIG_FUZZ_CHECK,blob)
	@ci/step fuzz-board-dtb $(call CONFIG_FUZZ_CHECK,board_dtb)
	@ci/step fuzz-system-dtb $(call CONFIG_FUZZ_CHECK,system_dtb)

fuzz-config: $(CONFIG_FUZZ_TARGETS) $(BOARD_DTB)
	$(CONFIG_FUZZ_RUN) -t $(CONFIG_FUZZ_LONG_TIME) $(CONFIG_FUZZ_DIR)/fuzz_blob
	$(CONFIG_FUZZ_RUN) -t $(CONFIG_FUZZ_LONG_TIME) \
		$(CONFIG_FUZZ_DIR)/fuzz_board_dtb
	$(CONFIG_FUZZ_RUN) -t $(CONFIG_FUZZ_LONG_TIME) \
		$(CONFIG_FUZZ_DIR)/fuzz_system_dtb

# Static checks of the config tool and the blob verifier; clang -Werror too.
lint-config:
	cppcheck --enable=warning,style,performance,portability \
		--error-exitcode=1 --inline-suppr -q -Iinclude -Icore/include \
		--suppress=missingIncludeSystem --library=config/cppcheck.cfg \
		config core/blob.c core/crc32.c core/tests/test_blob.c
	clang -fsyntax-only $(CONFIG_CFLAGS) $(CONFIG_SRCS)
