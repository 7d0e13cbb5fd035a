# arch/arm64/fuzz/fuzz.mk: arm64's own fuzz targets (included by ci/fuzz.mk,
# which has the flags and the rules for running them).
#
#   vgic        virtual GIC distributor/redistributors, SGIs, routing
#   psci        PSCI/SMCCC/hypercall dispatch and the rest of the trap path
#   smmu_event  the SMMUv3 event records the hypervisor decodes and logs
#
# The first two run the hypervisor's arm64 exit path (exit.c), virtual GIC
# and SMCCC dispatch, with core under them, over a fake arm64 machine (a
# physical GIC model and system registers as variables: include/arch/
# stands in for the arch headers that name instructions).  smmu_event runs
# the decoder alone (it is pure), with core's formatter for its log lines.

ARM64_FUZZ := arch/arm64/fuzz
ARCH_FUZZ_NAMES := vgic psci
ARCH_FUZZ_CORPUS := $(ARM64_FUZZ)/corpus

# Executions per target in `make fuzz-quick` (see ci/fuzz.mk).
FUZZ_RUNS_vgic ?= 18000
FUZZ_RUNS_psci ?= 15000
FUZZ_RUNS_smmu_event ?= 200000

# The fuzz machine's GIC drives its virtual IRQ line (no board quirk), and
# is of either version, the one each input's partition table names.
ARM64_FUZZ_CFLAGS := $(FUZZ_BASE_CFLAGS) -I$(ARM64_FUZZ)/include \
	-Iarch/arm64/include -Iarch/dt/include -I$(CORE_FUZZ) \
	-DGIC_VIRQ_UNWIRED=0 -DGIC_VERSION=0

# The code under test: core (without its boot, its config reader and its
# CPU bring-up, which the machine plays) and arm64's trap path.
ARM64_FUZZ_TESTED := $(filter-out core/config.c core/main.c core/smp.c \
		$(CORE_STANDINS) core/blob.c core/crc32.c, \
		$(wildcard core/*.c core/vdev/*.c)) \
	$(addprefix arch/arm64/,exit.c aarch32.c vgic.c vgic_dist.c vgic_lr.c \
		vgic_state.c vgic_call.c smccc.c irq.c)
# The fake machine: reset for each input too.
ARM64_FUZZ_MACHINE := $(addprefix $(ARM64_FUZZ)/,fake_arch.c fake_gic.c \
	machine.c) drivers/uart/uart.c
# What keeps its state: the config, the harness and its checks.
ARM64_FUZZ_HARNESS := $(FUZZ_SHARED) core/blob.c core/crc32.c \
	$(addprefix $(ARM64_FUZZ)/,mconfig.c check.c ops.c)
ARM64_FUZZ_OBJS := $(ARM64_FUZZ_TESTED:%.c=$(FUZZ_O)/arm64/tested/%.o) \
	$(ARM64_FUZZ_MACHINE:%.c=$(FUZZ_O)/arm64/machine/%.o) \
	$(ARM64_FUZZ_HARNESS:%.c=$(FUZZ_O)/arm64/harness/%.o)

$(FUZZ_O)/arm64/tested/%.o: %.c $(CORE_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) $(FUZZ_COVER) $(FUZZ_RESET) \
		-c $< -o $@

$(FUZZ_O)/arm64/machine/%.o: %.c $(CORE_FUZZ)/hv_state.h
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) $(FUZZ_RESET) -c $< -o $@

$(FUZZ_O)/arm64/harness/%.o: %.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) -c $< -o $@

$(ARCH_FUZZ_NAMES:%=$(FUZZ_O)/fuzz_%): $(FUZZ_O)/fuzz_%: \
		$(FUZZ_O)/arm64/harness/$(ARM64_FUZZ)/fuzz_%.o $(ARM64_FUZZ_OBJS) \
		$(CORE_FUZZ)/hv_state.ld
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) $(FUZZ_LDFLAGS) -o $@ $(filter %.o,$^)

# The event decoder: no machine, no state to reset.  Added to the names
# after the rule above, which links the machine's targets.
ARCH_FUZZ_NAMES += smmu_event
SMMU_EVENT_FUZZ_OBJS := $(FUZZ_O)/arm64/smmu_event/tested.o \
	$(FUZZ_O)/arm64/smmu_event/fmt.o $(FUZZ_O)/arm64/smmu_event/harness.o

$(FUZZ_O)/arm64/smmu_event/tested.o: arch/arm64/smmu_event.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) $(FUZZ_COVER) -c $< -o $@

$(FUZZ_O)/arm64/smmu_event/fmt.o: core/fmt.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_O)/arm64/smmu_event/harness.o: $(ARM64_FUZZ)/fuzz_smmu_event.c
	@mkdir -p $(@D)
	@echo "  FUZZCC  $@"
	$(Q)$(FUZZ_CC) $(ARM64_FUZZ_CFLAGS) -c $< -o $@

$(FUZZ_O)/fuzz_smmu_event: $(SMMU_EVENT_FUZZ_OBJS)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_CC) -fsanitize=fuzzer,address,undefined -o $@ $^
