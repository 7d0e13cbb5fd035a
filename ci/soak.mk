# The soak test (partitions/tests/soak/): the demo's two cells, with the
# real-time cell restarted every round while both cells stream checked
# messages at each other over channel rt-linux and flood the console.
#
#   make soak-test [SOAK_ROUNDS=50] [SOAK_MESSAGES=2000] [SOAK_LINES=50]
#
# runs it on GICv3 and GICv2 with its results under build/test-soak/; the
# systests recipe runs soak-systests within `make test`.  A round is
# SOAK_MESSAGES DATA messages each way, SOAK_LINES numbered console lines
# from each cell and one restart of rt.  The runner checks every console
# line (whole, in order, across rt's lives), the restart count and both
# cells' totals, which must be exact: nothing lost, nothing corrupt.
#
# The images it builds:
#   build/partitions/tests/soak/rt.bin         rt (the generic guest rule)
#   build/partitions/tests/soak/septum-soak    the Linux side
#   build/partitions/tests/soak/initrd.cpio    the Linux cell's initramfs
#
# ci/tests.mk includes this file before partitions/partitions.mk defines the
# Linux userspace variables, so prerequisites naming them are expanded a
# second time, when the rules run ($$).  system.dts names the images under
# build/partitions/tests/soak/.

SOAK_ROUNDS ?= 50
SOAK_MESSAGES ?= 2000
SOAK_LINES ?= 50

SOAK_DIR := partitions/tests/soak
SOAK_O := build/partitions/tests/soak
SOAK_CONF := $(SOAK_O)/soak.conf

.SECONDEXPANSION:

$(SOAK_O)/obj/septum-soak.o: $(SOAK_DIR)/linux/septum-soak.c \
		$(SOAK_DIR)/soak.h | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) $(LX_CFLAGS) -I$(SOAK_DIR) -c $< -o $@

$(SOAK_O)/septum-soak: $(SOAK_O)/obj/septum-soak.o \
		$$(LX_O)/libseptum-chan.a
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) -static -o $@ $^

-include $(wildcard $(SOAK_O)/obj/*.d)

# The soak's size, rewritten only when it changes (so the initramfs, and
# the images carrying it, are rebuilt exactly then).
$(SOAK_CONF): soak-size | setup
	@mkdir -p $(dir $@)
	@printf 'SOAK_ROUNDS=%s\nSOAK_MESSAGES=%s\nSOAK_LINES=%s\n' \
		'$(SOAK_ROUNDS)' '$(SOAK_MESSAGES)' '$(SOAK_LINES)' >$@.new
	@if cmp -s $@.new $@; then rm $@.new; else mv $@.new $@; fi
.PHONY: soak-size
soak-size:

$(SOAK_O)/initrd.cpio: $(SOAK_DIR)/initramfs/init $(SOAK_O)/septum-soak \
		$(SOAK_CONF) $$(BUSYBOX) $$(LX_MODULES) ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)$(LX_INITRAMFS) file:/bin/septum-soak=$(SOAK_O)/septum-soak \
		file:/etc/soak.conf=$(SOAK_CONF):644

$(O)/systems/soak/system.blob: $$(LINUX_KERNEL) $(SOAK_O)/initrd.cpio

# What the runner checks, from the soak's size.  rt's lives end by itself,
# on request and by a fault in turn; Linux sends a RESTART for the last two
# and GO or END every round, rt a DONE every round and TOTALS.
soak_sum = $(shell echo $$(($(1))))
SOAK_DATA = $(call soak_sum,$(SOAK_ROUNDS) * $(SOAK_MESSAGES))
SOAK_ALL_LINES = $(call soak_sum,$(SOAK_ROUNDS) * $(SOAK_LINES))
SOAK_BY_SELF = $(call soak_sum,($(SOAK_ROUNDS) + 2) / 3)
SOAK_BY_REQUEST = $(call soak_sum,($(SOAK_ROUNDS) + 1) / 3)
SOAK_BY_FAULT = $(call soak_sum,$(SOAK_ROUNDS) / 3)
SOAK_TO_RT = $(call soak_sum,$(SOAK_DATA) + $(SOAK_ROUNDS) + 1 + \
	$(SOAK_BY_REQUEST) + $(SOAK_BY_FAULT))
SOAK_TO_LINUX = $(call soak_sum,$(SOAK_DATA) + $(SOAK_ROUNDS) + 1)
SOAK_LIVES = $(call soak_sum,$(SOAK_ROUNDS) + 1)
# Seconds for the whole run: Linux's boot, then each round (about 0.3 s
# here; a hang is caught within this too).
SOAK_TIMEOUT = $(call soak_sum,90 + 2 * $(SOAK_ROUNDS))

SOAK_CHECKS = --timeout $(SOAK_TIMEOUT) --test-timeout $(SOAK_TIMEOUT) \
	--summary --seq rt:$(SOAK_ALL_LINES) --seq linux:$(SOAK_ALL_LINES) \
	--expect 'restarts=cell rt: restarted \(restart .$(SOAK_ROUNDS)\)' \
	--reject 'extra_restart=cell rt: restarted \(restart .$(SOAK_LIVES)\)' \
	--expect 'self=cell rt: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'fault=cell rt: write of 4 bytes at IPA 0x47000000, which is read-only for this cell \(permission fault\); restarting it' \
	--expect 'rt_totals=^\[rt\] rt: soak totals: lives $(SOAK_LIVES), rounds $(SOAK_ROUNDS); from linux: $(SOAK_TO_RT) messages, $(SOAK_DATA) data, 0 bad, 0 gaps; to linux: $(SOAK_TO_LINUX) messages, $(SOAK_DATA) data; console lines $(SOAK_ALL_LINES); lives ended by self $(SOAK_BY_SELF), request $(SOAK_BY_REQUEST), fault $(SOAK_BY_FAULT);' \
	--expect 'linux_totals=^\[linux\] soak totals: rounds $(SOAK_ROUNDS); peer lives seen up $(SOAK_LIVES), ended and seen down $(SOAK_ROUNDS) \([0-9]+ state interrupts\); to peer: $(SOAK_TO_RT) messages, $(SOAK_DATA) data; from peer: $(SOAK_TO_LINUX) messages, $(SOAK_DATA) data, 0 bad, 0 gaps; console lines $(SOAK_ALL_LINES);' \
	--expect 'rtoff=^\[rt\] rt: linux left the channel: powering off' \
	--expect 'off=every cell has stopped: powering off' \
	--reject 'linux_disturbed=cell linux: .*(stopping it|restarting it|restarted|reset itself)' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'

# Where `make soak-test` keeps its logs and results.
SOAK_OUT = build/test-soak

.PHONY: soak-test soak-systests
# Alone: build both boards' images, then run the soak on each.
soak-test: setup
	@echo "septum: soak test ($(SOAK_ROUNDS) rounds, $(SOAK_MESSAGES) messages each way and $(SOAK_LINES) console lines per cell each)"
	@$(MAKE) --no-print-directory $(O)/systems/soak/septum.elf
	@$(MAKE) --no-print-directory BOARD=$(V2_BOARD) \
		$(O_V2)/systems/soak/septum.elf
	@rm -rf $(SOAK_OUT)
	@$(MAKE) --no-print-directory TEST_OUT=$(SOAK_OUT) soak-systests
	@ci/summary $(SOAK_OUT)

soak-systests:
	$(call systest,soak-gicv3,3,$(O)/systems/soak/septum.elf,$(SOAK_CHECKS))
	$(call systest,soak-gicv2,2,$(O_V2)/systems/soak/septum.elf,$(SOAK_CHECKS))
