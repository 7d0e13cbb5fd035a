# ci/fuzz.mk: fuzz targets for everything that parses guest or user input,
# built for the host with clang, libFuzzer, AddressSanitizer and UBSan.
#
#   the hypervisor (arch/arm64/fuzz/, over a fake arm64 machine):
#     vgic     virtual GIC distributor/redistributors, SGIs, routing
#     vuart    virtual UART and the console mux
#     ivshmem  IVSHMEM register pages and the virtual PCI configuration space
#     psci     PSCI/SMCCC/hypercall dispatch and the rest of the trap path
#   the config tool and the blob loader (config/fuzz/, built by config.mk):
#     blob, board_dtb, system_dtb
#
#   make fuzz-quick   each hypervisor target briefly ($(FUZZ_QUICK_TIME) s;
#                     `make test` runs this, the config targets run in
#                     test-config); prints TEST fuzz.<name> PASS|FAIL
#   make fuzz         every target for $(FUZZ_TIME) s (FUZZ_TIME=300),
#                     growing its corpus in build/fuzz/<name>/corpus and
#                     printing executions per target
#
# Seeds live in the tree: arch/arm64/fuzz/corpus/<name>, config/fuzz/corpus.
# A finding leaves its reproducer in build/fuzz/<name>/; replay it with
# build/fuzz/fuzz_<name> <file>.

FUZZ_CC ?= clang
FUZZ_O := build/fuzz
FUZZ_TIME ?= 300
FUZZ_QUICK_TIME ?= 15
HV_FUZZ := arch/arm64/fuzz
HV_FUZZ_NAMES := vgic vuart ivshmem psci
HV_FUZZ_BINS := $(HV_FUZZ_NAMES:%=$(FUZZ_O)/fuzz_%)

HV_FUZZ_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	$(STRICT_CFLAGS) -I$(HV_FUZZ)/include -Iinclude -Icore/include \
	-Idrivers/include -Iarch/arm64/include -MMD -MP
# Coverage feedback (libFuzzer's) for the code under test only: the fake
# machine and the checks would only slow it down and blur its picture.
HV_FUZZ_COVER := -fsanitize=fuzzer-no-link
HV_FUZZ_RESET_FLAGS := -include $(HV_FUZZ)/hv_state.h

# The hypervisor code under test; its static state starts afresh for each
# input (hv_state.h).  peek_*.c and hv_exit.c compile core/vuart.c,
# ivshmem.c, mux.c and arch/arm64/exit.c themselves, adding readers.
HV_FUZZ_TESTED := core/cell.c core/channel.c core/console.c core/error.c \
	core/fmt.c core/log.c core/panic.c core/spinlock.c core/vm.c \
	core/vpci.c arch/arm64/vgic.c arch/arm64/vgic_dist.c \
	arch/arm64/smccc.c arch/arm64/irq.c \
	$(addprefix $(HV_FUZZ)/,peek_vuart.c peek_ivshmem.c peek_mux.c \
		hv_exit.c)
# The fake machine: reset for each input too.
HV_FUZZ_MACHINE := $(addprefix $(HV_FUZZ)/,fake_arch.c fake_gic.c machine.c)
# What keeps its state: the config, the harness and its checks.
HV_FUZZ_HARNESS := core/blob.c core/crc32.c \
	$(addprefix $(HV_FUZZ)/,mconfig.c hv_state.c check.c ops.c)

HV_FUZZ_OBJS := $(HV_FUZZ_TESTED:%.c=$(FUZZ_O)/obj/tested/%.o) \
	$(HV_FUZZ_MACHINE:%.c=$(FUZZ_O)/obj/machine/%.o) \
	$(HV_FUZZ_HARNESS:%.c=$(FUZZ_O)/obj/harness/%.o)

$(FUZZ_O)/obj/tested/%.o: %.c $(HV_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(HV_FUZZ_CFLAGS) $(HV_FUZZ_COVER) \
		$(HV_FUZZ_RESET_FLAGS) -c $< -o $@

$(FUZZ_O)/obj/machine/%.o: %.c $(HV_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(HV_FUZZ_CFLAGS) $(HV_FUZZ_RESET_FLAGS) -c $< -o $@

$(FUZZ_O)/obj/harness/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(HV_FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_O)/fuzz_%: $(FUZZ_O)/obj/harness/$(HV_FUZZ)/fuzz_%.o $(HV_FUZZ_OBJS) \
		$(HV_FUZZ)/hv_state.ld
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ \
		$(filter %.o,$^) -Wl,-T,$(HV_FUZZ)/hv_state.ld

-include $(shell find $(FUZZ_O)/obj -name '*.d' 2>/dev/null)

# run-fuzz TARGET SECONDS [SEEDS]: one bounded run, `TEST fuzz.<name>`.
HV_FUZZ_RUN = config/fuzz/run-fuzz $(FUZZ_O)/fuzz_$(1) $(2) \
	$(HV_FUZZ)/corpus/$(1)

.PHONY: fuzz-targets fuzz-quick fuzz
fuzz-targets: $(HV_FUZZ_BINS)

fuzz-quick: $(HV_FUZZ_BINS)
	@$(foreach t,$(HV_FUZZ_NAMES),ci/step fuzz-$(t) \
		$(call HV_FUZZ_RUN,$(t),$(FUZZ_QUICK_TIME));)

# Every target, the config tool's included, one after the other (the
# working corpus of each grows in build/fuzz/<name>/corpus and is kept);
# ends with the executions of each and fails if any found something.
fuzz: $(HV_FUZZ_BINS) $(CONFIG_FUZZ_TARGETS) $(BOARD_DTB)
	@rm -f $(FUZZ_O)/summary; \
	for t in $(HV_FUZZ_NAMES); do \
		nice -n 10 $(call HV_FUZZ_RUN,$$t,$(FUZZ_TIME)) \
			| tee -a $(FUZZ_O)/summary; done; \
	for t in $(CONFIG_FUZZ_TARGETS); do \
		nice -n 10 $(CONFIG_FUZZ_RUN) $$t $(FUZZ_TIME) \
			| tee -a $(FUZZ_O)/summary; done; \
	echo "septum: fuzzing, $(FUZZ_TIME) s per target:"; \
	grep -E '^(TEST fuzz|fuzz)\.' $(FUZZ_O)/summary; \
	! grep -q '^TEST fuzz\..* FAIL' $(FUZZ_O)/summary
