# arch/x86_64/fuzz/fuzz.mk: the fuzz target of the x86 instruction decoder,
# built for the host with clang, libFuzzer, ASan and UBSan.
#
#   make fuzz-x86          replay the seed corpus, then a fixed number of
#                          runs from a fixed seed: the same inputs every time
#                          (deterministic; `make test` runs this); prints
#                          TEST fuzz.decode-x86 PASS|FAIL
#   make fuzz-x86-long     a longer exploration (FUZZ_X86_TIME seconds) that
#                          grows build/fuzz/decode-x86/corpus
#
# A finding leaves its reproducer in build/fuzz/decode-x86/; replay it with
# build/fuzz/fuzz_decode_x86 <file>, and add it to arch/x86_64/fuzz/corpus/
# decode as a regression seed.

FUZZ_X86_CC ?= clang
FUZZ_X86_O := build/fuzz
FUZZ_X86_BIN := $(FUZZ_X86_O)/fuzz_decode_x86
FUZZ_X86_SEEDS := arch/x86_64/fuzz/corpus/decode
FUZZ_X86_RUNS ?= 1000000
FUZZ_X86_SEED ?= 1
FUZZ_X86_TIME ?= 300
FUZZ_X86_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	$(STRICT_CFLAGS) -Iinclude -Icore/include -Iarch/x86_64/include

$(FUZZ_X86_BIN): arch/x86_64/fuzz/fuzz_decode.c arch/x86_64/decode.c \
		arch/x86_64/include/arch/decode.h
	@mkdir -p $(@D)
	@echo "  FUZZLD  $@"
	$(Q)$(FUZZ_X86_CC) $(FUZZ_X86_CFLAGS) -o $@ \
		arch/x86_64/fuzz/fuzz_decode.c arch/x86_64/decode.c

# The seeds replayed one by one, then the fixed runs from a fresh copy of
# them (nothing carried over between runs: the same result every time).
.PHONY: fuzz-x86 fuzz-x86-long
fuzz-x86: $(FUZZ_X86_BIN)
	@rm -rf $(FUZZ_X86_O)/decode-x86 && mkdir -p $(FUZZ_X86_O)/decode-x86/work
	@cp $(FUZZ_X86_SEEDS)/* $(FUZZ_X86_O)/decode-x86/work/
	@if $(FUZZ_X86_BIN) $(FUZZ_X86_SEEDS)/* \
		>$(FUZZ_X86_O)/decode-x86/replay.log 2>&1 && \
	    $(FUZZ_X86_BIN) -seed=$(FUZZ_X86_SEED) -runs=$(FUZZ_X86_RUNS) \
		-max_len=16 -artifact_prefix=$(FUZZ_X86_O)/decode-x86/ \
		$(FUZZ_X86_O)/decode-x86/work \
		>$(FUZZ_X86_O)/decode-x86/log 2>&1; then \
		tail -n 2 $(FUZZ_X86_O)/decode-x86/log; \
		echo "TEST fuzz.decode-x86 PASS"; \
	else \
		tail -n 30 $(FUZZ_X86_O)/decode-x86/replay.log \
			$(FUZZ_X86_O)/decode-x86/log; \
		echo "TEST fuzz.decode-x86 FAIL"; exit 1; \
	fi

fuzz-x86-long: $(FUZZ_X86_BIN)
	@mkdir -p $(FUZZ_X86_O)/decode-x86/corpus
	@cp -n $(FUZZ_X86_SEEDS)/* $(FUZZ_X86_O)/decode-x86/corpus/
	$(FUZZ_X86_BIN) -max_total_time=$(FUZZ_X86_TIME) -max_len=16 \
		-artifact_prefix=$(FUZZ_X86_O)/decode-x86/ \
		$(FUZZ_X86_O)/decode-x86/corpus
