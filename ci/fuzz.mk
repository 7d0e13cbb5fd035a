# ci/fuzz.mk: fuzz targets for everything that parses guest or user input,
# built for the host with clang, libFuzzer, AddressSanitizer and UBSan.
#
#   core's devices (core/fuzz/, over the host fake arch arch/host/):
#     vuart    the virtual PL011, the console mux and console
#     ivshmem  IVSHMEM register pages and the virtual PCI host (ECAM), with
#              a passed-through PCI function's filtered configuration space
#   the arch's own (arch/<arch>/fuzz/fuzz.mk; arm64, over a fake machine):
#     vgic     virtual GIC distributor/redistributors, SGIs, routing
#     psci     PSCI/SMCCC/hypercall dispatch and the rest of the trap path
#     smmu_event  the SMMUv3 event records (no machine: the decoder is pure)
#   the config tool and the blob loader (config/fuzz/, built by config.mk):
#     blob, board_dtb, system_dtb
#
#   make fuzz-quick   what `make test` runs (the config targets' part is
#                     fuzz-config-check, in test-config): each target
#                     replays every input of its in-tree corpus, then runs
#                     FUZZ_RUNS_<name> inputs from seed FUZZ_SEED on a fresh
#                     copy of its in-tree seeds (config/fuzz/run-fuzz -r).
#                     Deterministic: the same tree gives the same verdict
#                     and the same corpus.  Prints TEST fuzz.<name> PASS|FAIL
#   make fuzz         every target for $(FUZZ_TIME) s (FUZZ_TIME=300), random
#                     exploration growing its corpus in build/fuzz/<name>/corpus
#                     and printing executions per target
#
# Seeds and regression inputs live in the tree: core/fuzz/corpus/<name>,
# arch/<arch>/fuzz/corpus/<name>, config/fuzz/corpus/<name>.  A finding
# leaves its reproducer in build/fuzz/<name>/ (replay it with
# build/fuzz/fuzz_<name> <file>); once fixed, it goes into the in-tree corpus
# as regress-<what> (docs/security.md, "Fuzzing").

FUZZ_CC ?= clang
FUZZ_O := build/fuzz
FUZZ_TIME ?= 300
FUZZ_SEED ?= 1
CORE_FUZZ := core/fuzz

# Executions per target in `make fuzz-quick`, about 10-15 s each on the
# 2-core CI host (docs/security.md has the measurements).
FUZZ_RUNS_vuart ?= 15000
FUZZ_RUNS_ivshmem ?= 11000

FUZZ_BASE_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	$(STRICT_CFLAGS) -Iinclude -Icore/include -Idrivers/include -MMD -MP
# Coverage feedback (libFuzzer's) for the code under test only: the machine
# and the checks would only slow it down and blur its picture.
FUZZ_COVER := -fsanitize=fuzzer-no-link
# The static state of the code under test and its machine starts afresh
# for each input (core/fuzz/hv_state.h); mux_put() is wrapped so the checks
# see what each cell puts on the console (core/fuzz/core_check.h).
FUZZ_RESET := -include $(CORE_FUZZ)/hv_state.h
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined \
	-Wl,-T,$(CORE_FUZZ)/hv_state.ld -Wl,--wrap=mux_put
# What every machine's harness shares.
FUZZ_SHARED := $(addprefix $(CORE_FUZZ)/,input.c hv_state.c core_check.c)

# ---------------------------------------------------------------- core's
# Core (its own config reader aside: arch/host/config.c stands in) over
# arch/host and the UART drivers it lists.
CORE_FUZZ_NAMES := vuart ivshmem
CORE_FUZZ_CFLAGS := $(FUZZ_BASE_CFLAGS) -Iarch/host/include
CORE_FUZZ_TESTED := $(filter-out core/config.c core/vdev/pci_pass_none.c, \
	$(wildcard core/*.c core/vdev/*.c))
CORE_FUZZ_MACHINE := $(wildcard arch/host/*.c) drivers/uart/uart.c \
	drivers/uart/pl011.c drivers/uart/ns16550.c drivers/uart/cadence.c \
	drivers/uart/imx.c drivers/uart/bcm2835_aux.c
CORE_FUZZ_HARNESS := $(FUZZ_SHARED) \
	$(addprefix $(CORE_FUZZ)/,machine.c mconfig.c ops.c check.c)
CORE_FUZZ_OBJS := $(CORE_FUZZ_TESTED:%.c=$(FUZZ_O)/core/tested/%.o) \
	$(CORE_FUZZ_MACHINE:%.c=$(FUZZ_O)/core/machine/%.o) \
	$(CORE_FUZZ_HARNESS:%.c=$(FUZZ_O)/core/harness/%.o)

$(FUZZ_O)/core/tested/%.o: %.c $(CORE_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(CORE_FUZZ_CFLAGS) $(FUZZ_COVER) $(FUZZ_RESET) -c $< -o $@

$(FUZZ_O)/core/machine/%.o: %.c $(CORE_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(CORE_FUZZ_CFLAGS) $(FUZZ_RESET) -c $< -o $@

$(FUZZ_O)/core/harness/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(CORE_FUZZ_CFLAGS) -c $< -o $@

$(CORE_FUZZ_NAMES:%=$(FUZZ_O)/fuzz_%): $(FUZZ_O)/fuzz_%: \
		$(FUZZ_O)/core/harness/$(CORE_FUZZ)/fuzz_%.o $(CORE_FUZZ_OBJS) \
		$(CORE_FUZZ)/hv_state.ld
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $(filter %.o,$^)

# ---------------------------------------------------------------- the arch's
# It adds ARCH_FUZZ_NAMES, their binaries, and ARCH_FUZZ_CORPUS (its corpus
# folder, holding one folder per target).
-include arch/$(ARCH)/fuzz/fuzz.mk

-include $(shell find $(FUZZ_O)/core $(FUZZ_O)/$(ARCH) -name '*.d' 2>/dev/null)

HV_FUZZ_NAMES := $(CORE_FUZZ_NAMES) $(ARCH_FUZZ_NAMES)
HV_FUZZ_BINS := $(HV_FUZZ_NAMES:%=$(FUZZ_O)/fuzz_%)
fuzz_corpus = $(if $(filter $(1),$(CORE_FUZZ_NAMES)),$(CORE_FUZZ)/corpus/$(1),$(ARCH_FUZZ_CORPUS)/$(1))

# The check (`make test`) and the exploration (`make fuzz`) of one target.
HV_FUZZ_CHECK = config/fuzz/run-fuzz -r $(FUZZ_RUNS_$(1)) -s $(FUZZ_SEED) \
	$(FUZZ_O)/fuzz_$(1) $(call fuzz_corpus,$(1))
HV_FUZZ_RUN = config/fuzz/run-fuzz -t $(2) $(FUZZ_O)/fuzz_$(1) \
	$(call fuzz_corpus,$(1))

.PHONY: fuzz-targets fuzz-quick fuzz
fuzz-targets: $(HV_FUZZ_BINS)

fuzz-quick: $(HV_FUZZ_BINS)
	@$(foreach t,$(HV_FUZZ_NAMES),ci/step fuzz-$(t) \
		$(call HV_FUZZ_CHECK,$(t));)

# Every target, the config tool's included, one after the other (the
# working corpus of each grows in build/fuzz/<name>/corpus and is kept);
# ends with the executions of each and fails if any found something.
fuzz: $(HV_FUZZ_BINS) $(CONFIG_FUZZ_TARGETS) $(BOARD_DTB)
	@rm -f $(FUZZ_O)/summary; \
	$(foreach t,$(HV_FUZZ_NAMES),nice -n 10 $(call HV_FUZZ_RUN,$(t),$(FUZZ_TIME)) \
		| tee -a $(FUZZ_O)/summary;) \
	for t in $(CONFIG_FUZZ_TARGETS); do \
		nice -n 10 $(CONFIG_FUZZ_RUN) -t $(FUZZ_TIME) $$t \
			| tee -a $(FUZZ_O)/summary; done; \
	echo "septum: fuzzing, $(FUZZ_TIME) s per target:"; \
	grep -E '^(TEST fuzz|fuzz)\.' $(FUZZ_O)/summary; \
	! grep -q '^TEST fuzz\..* FAIL' $(FUZZ_O)/summary
