# `make test`: everything CI runs (.ci/run calls exactly this).
#
# Each step runs through ci/step, which records its TEST lines under
# build/test/results/ and never stops the run; ci/summary prints the closing
# "N passed, M failed" line and fails the make when anything failed.

# ---------------------------------------------------------------- host unit tests
# Two binaries: core's (core/, the drivers, over the fake arch arch/host/,
# and nothing of any real arch: no device-tree reader, no page-table code),
# and the arch's portable parts (ARCH_UNIT_SRCS of arch/<arch>/arch.mk).
HOST_CFLAGS := -std=gnu11 -g -O1 -fno-omit-frame-pointer \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	$(STRICT_CFLAGS) -Iinclude -Icore/include -Idrivers/include \
	-Iarch/host/include -DTEST_BOARD_DTB='"$(BOARD_DTB)"' -MMD -MP
# arch/host/config.c stands in for core/config.c: tests fill the table.
CORE_UNIT_SRCS := $(filter-out core/config.c core/vdev/pci_pass_none.c, \
	$(wildcard core/*.c core/vdev/*.c)) $(wildcard arch/host/*.c) drivers/uart/uart.c \
	drivers/uart/pl011.c drivers/uart/ns16550.c drivers/uart/cadence.c \
	drivers/uart/imx.c drivers/uart/bcm2835_aux.c $(wildcard core/tests/*.c) \
	$(wildcard drivers/tests/*.c)
ARCH_UNIT_TEST_SRCS := $(ARCH_UNIT_SRCS) core/tests/main.c
unit_objs = $(patsubst %.c,$(HOST_O)/unit/%.o,$(1))

$(HOST_O)/unit/%.o: %.c | setup
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) $(UNIT_ARCH_INCLUDES) -c $< -o $@

# Only the arch's own files see its headers.
$(call unit_objs,$(ARCH_UNIT_SRCS)): UNIT_ARCH_INCLUDES := $(ARCH_INCLUDES)

$(HOST_O)/unit-tests: $(call unit_objs,$(CORE_UNIT_SRCS))
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

$(HOST_O)/$(ARCH)-unit-tests: $(call unit_objs,$(ARCH_UNIT_TEST_SRCS))
	@echo "  HOSTLD  $@"
	$(Q)$(HOSTCC) $(HOST_CFLAGS) -o $@ $^

-include $(shell find $(HOST_O)/unit -name '*.d' 2>/dev/null)

# Core's tests link no device-tree reader: `nm` shows it (core-no-dt).
.PHONY: unit-tests core-no-dt
unit-tests: $(HOST_O)/unit-tests $(HOST_O)/$(ARCH)-unit-tests $(BOARD_DTB)
	$(HOST_O)/unit-tests
	$(HOST_O)/$(ARCH)-unit-tests

core-no-dt: $(HOST_O)/unit-tests
	@if nm $< | grep -q ' fdt_'; then \
		echo "core's unit tests link a device-tree reader"; exit 1; fi
	@echo "core's unit tests link no device-tree reader"

# ---------------------------------------------------------------- QEMU system tests
RUNNER := python3 ci/runner.py
qemu_gic = $(subst gic-version=$(GIC),gic-version=$(1),$(QEMU_RUN))
SYSTEST_LOG = --log $(TEST_OUT)/logs/$(1).console

# Tests whose guests measure gaps in their own time (a victim's heartbeat
# beside a cell under attack) run with QEMU's instruction counter as the
# clock: virtual time then advances with the instructions executed, one per
# ns, so a loaded host cannot stretch a gap, and a CPU held in the
# hypervisor still shows as one (ICOUNT_CLOCK, set in the Makefile).

# systest NAME, GIC, IMAGE, RUNNER-ARGS, QEMU-ARGS
define systest
	@ci/step $(1) $(RUNNER) --name $(1) $(call SYSTEST_LOG,$(1)) $(4) -- \
		$(call qemu_gic,$(2)) -kernel $(3) $(5)
endef

FATAL_DUMP := --expect-exit 3 \
	--expect 'header=FATAL: unexpected synchronous exception at EL2 on CPU 0' \
	--expect 'class=EC 0x25 \(data abort at the current EL\)' \
	--expect 'registers=ELR [0-9a-f]{16}  SPSR [0-9a-f]{16}' \
	--expect 'gprs=x30 [0-9a-f]{16}  sp  [0-9a-f]{16}' \
	--expect 'stopped=system stopped'

# (Commas inside $(call) arguments split them: checks with commas live here.)
FAULT_CHECKS := $(FATAL_DUMP) --expect 'far=FAR 0000000000000010' \
	--expect 'decoded=translation fault, level [0-3], on a read'
OVERFLOW_CHECKS := $(FATAL_DUMP) \
	--expect 'guard=translation fault, level 3, on a write'

# The containment log lines: who, what, where, why, and the policy applied.
ISOLATION_CHECKS := \
	--expect 'ram=cell thief: read of 4 bytes at IPA 0x45000000, which is not mapped for this cell \(translation fault\); restarting it' \
	--expect 'hyp=cell thief: write of 4 bytes at IPA 0x40200000, which is not mapped' \
	--expect 'dev=cell thief: write of 4 bytes at IPA 0xa000000, which is not mapped' \
	--expect 'reset=cell thief: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'noiss=cell thief: data abort at IPA 0x9000000, PC 0x[0-9a-f]+: translation fault, not a single load/store' \
	--expect 'actlr=cell thief: access to system register op0=3 op1=0 CRn=1 CRm=0 op2=1 \(write\)' \
	--expect 'narrow=cell thief: 1-byte read at offset 0x0 of the registers of channel progress: they take aligned 32-bit accesses only; restarting it' \
	--expect 'restarts=cell thief: restarted \(restart .7\)'
# The AArch32 twins: both instruction sets entered, newlib's printf, a
# refused CP15 write undefined for the cell, and the thief's containment
# lines in its own terms (LDRD, CP15 and CP14 registers undefined for it).
CELLS_A32_CHECKS := --expect 'a32=^\[alpha\] cell up in A32, newlib printf works' \
	--expect 't32=^\[beta\] cell up in T32, newlib printf works' \
	--expect 'off=every cell has stopped: powering off' \
	--expect 'undef=cell beta: access to CP15 register MCR p15, 0, r, c1, c0, 1 \(write\) at PC 0x[0-9a-f]+, which cells may not use: delivered to it as an undefined instruction \(logged once\)' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
ISOLATION_A32_CHECKS := \
	--expect 'ram=cell thief: read of 4 bytes at IPA 0x45000000, which is not mapped for this cell \(translation fault\); restarting it' \
	--expect 'hyp=cell thief: write of 4 bytes at IPA 0x40200000, which is not mapped' \
	--expect 'dev=cell thief: write of 4 bytes at IPA 0xa000000, which is not mapped' \
	--expect 'ldrd=cell thief: data abort at IPA 0x9000000, PC 0x[0-9a-f]+: translation fault, not a single load/store' \
	--expect 'actlr=cell thief: access to CP15 register MCR p15, 0, r, c1, c0, 1 \(write\) at PC 0x[0-9a-f]+, which cells may not use: delivered to it as an undefined instruction \(logged once\)' \
	--expect 'oslar=cell thief: access to CP14 register MCR p14, 0, r, c1, c0, 4 \(write\) at PC 0x[0-9a-f]+, which cells may not use: delivered to it as an undefined instruction' \
	--reject 'undef_ended=cell thief: access to CP1[45] .*(stopping|restarting) it' \
	--expect 'smc64=cell thief: CPU 0: SMC function 0xc4000003 is not supported' \
	--expect 'gic=cell thief: CPU 0: GIC register 0x104: interrupt 34 is not the cell.s: write ignored' \
	--expect 'reset=cell thief: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'narrow=cell thief: 1-byte read at offset 0x0 of the registers of channel progress' \
	--expect 'restarts=cell thief: restarted \(restart .7\)'
# Cache colouring: three cells of scattered pages, each checking all of its
# RAM, all to the end, beside a hypervisor moved onto pages of colours no
# cell has, which walks its own tables to check every page of them.
COLOUR_CHECKS := --expect 'hypmoved=the hypervisor moved onto pages of its cache colours' \
	--expect 'hypcolours=hypervisor memory: [0-9]+ pages \(image [0-9]+, tables [0-9]+, state [0-9]+\), all of its cache colours 14-15; partition table [0-9]+ pages, not moved; no cell has its colours' \
	--expect 'alpha=^\[alpha\] 3 passed, 0 failed' \
	--expect 'beta=^\[beta\] 3 passed, 0 failed' \
	--expect 'gamma=^\[gamma\] 3 passed, 0 failed' \
	--expect 'off=every cell has stopped: powering off'
# A coloured Linux cell beside a coloured hypervisor, whose partition table
# (the kernel) stays in place.
COLOUR_LINUX_CHECKS := --expect 'hypcolours=hypervisor memory: [0-9]+ pages \(image [0-9]+, tables [0-9]+, state [0-9]+\), all of its cache colours 14-15; partition table [0-9]+ pages, not moved; no cell has its colours'
# Sizes only: each cell finds its placed region and channel where the
# placement rules put them, and the two share the channel's memory.
SIZED_CHECKS := --expect 'alpha=^\[alpha\] 3 passed, 0 failed' \
	--expect 'link=cell alpha: channel link at IPA 0x110000, peer ID 0' \
	--expect 'beta=^\[beta\] 3 passed, 0 failed' \
	--expect 'off=every cell has stopped: powering off'
# The inject policy: the prober's first access outside its map logged once,
# every one delivered to it, never a stop or restart.
INJECT_CHECKS := --expect 'logged=cell prober: read of 4 bytes at IPA 0x48000000, which is not mapped for this cell \(translation fault\); delivered to it as a synchronous external abort \(logged once\)' \
	--reject 'ended=cell prober: .*(stopping it|restarting it)' \
	--expect 'off=every cell has stopped: powering off'
# The same prober natively at EL1 on the same machine (128 MiB of RAM, so
# that its addresses past the cell's RAM are past the machine's), its
# aborts compared line by line with the cell's (ci/inject-native.py).
INJECT_NATIVE_RUN = python3 ci/inject-native.py --qemu '$(QEMU_RUN)' \
	--hyp-dir $(O)/systems --hyp-dir-gicv2 $(O_V2)/systems \
	--guest $(P_O)/tests/inject/prober.elf \
	--allow partitions/tests/inject/allowed-differences.txt \
	--logs $(TEST_OUT)/logs
IRQ_CHECKS := --expect 'foreign=cell pong: CPU 0: GIC register 0x104: interrupt 34 is not the cell.s: write ignored'
# Linux: /init's checks, then typing at busybox's prompt through the stock
# amba-pl011 driver on the virtual UART (interrupt-driven input).
LINUX_CHECKS := --expect 'off=cell linux: powered itself off \(PSCI SYSTEM_OFF\)' \
	--send '^\[linux\] shell ready=>' \
	--send '^\[linux\] / \# =>echo typed-$$((6*7))\r' \
	--expect 'typed=^\[linux\] typed-42\r?$$' \
	--send '^\[linux\] typed-42=>poweroff -f\r'
# Linux on CPUs 1 and 3 walks its two redistributor regions, each to its
# GICR_TYPER.Last, and never past one into a frame that is not the cell's
# (its warning; the system boots it with loglevel=5 to show warnings).
# Without a Last ending the first region this kernel does not reach its
# prompt at all (seen: the test then times out).
LINUX_NONCONTIG_CHECKS := --reject 'no_rd=No redistributor present'
# The console mux: both cells flood the UART (every line whole, in order),
# their text after a clear screen or a carriage return is tagged again, then
# typed input reaches exactly the focused cell as Ctrl-] moves focus, Ctrl-]
# and its `:` each saying what they wait for.
CONSOLE_CHECKS := --seq left:400 --seq right:400 \
	--expect 'home_clear=^\[left\] \x1b\[H\x1b\[2J\[left\] cleared$$' \
	--expect 'lone_cr=^\[right\] working\r\[right\] done$$' \
	--expect 'escape_says=console: Ctrl-\] pressed, waiting for a command: a cell number, n \(next cell\)' \
	--expect 'name_says=console: waiting for a cell.s name, then Enter' \
	--send '^\[left\] ready for input=>hello left\r' \
	--send '^\[left\] got: hello left=>\x1dn' \
	--send 'console input goes to cell 2 \(right\)=>hello right\r' \
	--send '^\[right\] got: hello right=>\x1d:left\r' \
	--send 'console input goes to cell 0 \(left\)=>quit\r' \
	--send '^\[left\] got: quit=>\x1d1' \
	--send 'no such cell with a console=>\x1d2quit\r' \
	--expect 'mute=cell mute: read of 4 bytes at IPA 0x9000018, which is not mapped' \
	--expect 'left=^\[left\] got: hello left$$' \
	--expect 'right=^\[right\] got: hello right$$' \
	--reject 'crossed=\[left\] got: hello right|\[right\] got: hello left'
# The virtual UART's interrupt line as its mask, its input and its output
# move, with a second CPU writing through it (partitions/tests/vuart/): the
# runner types the one byte it waits for.
VUART_CHECKS := --send '^\[vuart\] ready for input=>x' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
# A cell owning the UART writes to it untagged; the hypervisor goes quiet.
UARTOWNER_CHECKS := --expect 'silent=the config gives the hypervisor no console' \
	--reject 'tagged=^\[owner\]' --reject 'hyp=every cell has stopped'
# Channels between bare-metal cells: 10,000 checked messages each way, bad
# doorbells counted and delivered nowhere, non-peers contained, pong's
# restarts (reset, writes to read-only sections) seen by ping each time.
IVSHMEM_CHECKS := \
	--expect 'snoop=cell snoop: read of 4 bytes at IPA 0x48000000, which is not mapped for this cell \(translation fault\); stopping it' \
	--expect 'forger=cell forger: write of 4 bytes at IPA 0x4810000c, which is not mapped for this cell \(translation fault\); stopping it' \
	--expect 'reset=cell pong: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'output=cell pong: write of 4 bytes at IPA 0x48002000, which is read-only for this cell \(permission fault\); restarting it' \
	--expect 'table=cell pong: write of 4 bytes at IPA 0x48000000, which is read-only for this cell \(permission fault\); restarting it' \
	--expect 'restarts=cell pong: restarted \(restart .3\)' \
	--expect 'dropped=cell ping: doorbell 0x00070000 on channel link dropped \(no such peer\)' \
	--expect 'off=cell pong: powered itself off \(PSCI SYSTEM_OFF\)' \
	--expect 'end=every cell has stopped: powering off' \
	--reject 'escaped=the (read|write) returned|write_to_[a-z_]+_faults FAIL' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
# Channels between a bare-metal cell and Linux (uio_pci_generic, septum-chan):
# 10,000 round trips, then rt restarts and Linux sees it leave and come back.
LINUXCHAN_CHECKS := \
	--expect 'pingpong=^\[linux\] pingpong rt-linux peer 0: PASS: 10000 PINGs' \
	--expect 'restart=cell rt: restarted \(restart .1\)' \
	--expect 'rtoff=^\[rt\] rt: linux left the channel: powering off' \
	--expect 'off=every cell has stopped: powering off' \
	--reject 'dropped=doorbells dropped: [1-9]' \
	--send '^\[linux\] shell ready=>poweroff -f\r'
# The flashed-board path: U-Boot finds extlinux.conf on the disk, booti
# starts the hypervisor, which takes its partition table from the initrd.
# Both cells run: Linux reaches its prompt, and rt prints a summary after
# that (an order of events, whatever the host's speed).
RT_SUMMARY := ^\[rt\] t=[0-9]+ s ticks=[0-9]+ latency
# Every tool of the demo's Linux cell: --help prints its usage on stdout and
# exits 0 (nothing on stderr); an unknown option, its usage on stderr and 2.
# Each prints "<tool> --help=STATUS,USAGE-LINES,STRAY-BYTES
# --bad=STATUS,USAGE-LINES".
DEMO_TOOLS := septum-rtstat septum-load septum-chan
DEMO_HELP_CMD := for t in $(DEMO_TOOLS);do $$t --help>/tmp/o 2>/tmp/e;a=$$?;\
$$t --bad>/tmp/O 2>/tmp/E;b=$$?;echo "$$t --help=$$a,$$(grep -c usage: /tmp/o),\
$$(cat /tmp/e /tmp/O|wc -c) --bad=$$b,$$(grep -c usage: /tmp/E)";done
DEMO_HELP_CHECKS := $(foreach t,$(DEMO_TOOLS),\
	--expect 'help_$(subst -,_,$(t))=^\[linux\] $(t) --help=0,1, *0 --bad=2,1$$')
IMAGE_CHECKS := --timeout 240 --test-timeout 240 \
	--expect 'uboot=^Starting kernel' \
	--expect 'initrd=partition config: from the boot loader.s initrd at PA 0x[0-9a-f]+, kept at PA' \
	--send '^\[linux\] / \# =>' \
	--send '$(RT_SUMMARY)=>poweroff\r' \
	--until 'cell linux: powered itself off \(PSCI SYSTEM_OFF\)'
# The demo (make run): Linux reaches its prompt, reads the real-time cell's
# live statistics over the channel, runs a heavy load, reboots (only Linux
# restarts) and reads them again; rt is never disturbed and prints its
# once-a-second summary after all that (the last send waits for one).  rt
# never stops, so the run ends when Linux powers off.  A stock Linux's
# probing (discovery calls, its GIC's initialisation) is no warning.
# Deadline misses are
# reported, not asserted: see docs/demo.md (this 2-core host cannot emulate
# 4 dedicated CPUs in time).
DEMO_CHECKS := --timeout 240 --test-timeout 240 \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>septum-load 10\r' \
	--send '^\[linux\] septum-load: done: =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>reboot\r' \
	--send 'cell linux: restarted \(restart .1\)=>' \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>' \
	--send '$(RT_SUMMARY)=>$(DEMO_HELP_CMD);poweroff\r' \
	--until 'cell linux: powered itself off \(PSCI SYSTEM_OFF\)' \
	$(DEMO_HELP_CHECKS) \
	--expect 'banner=^\[linux\] Septum demo: septum-rtstat shows the real-time cell' \
	--expect 'rtstat=^\[linux\] rt cell: peer 0 on rt-linux, start 1, 1000 Hz task' \
	--expect 'load=^\[linux\] septum-load: done: [0-9]+ rounds on 3 CPUs' \
	--expect 'reset=cell linux: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'rt_running=$(RT_SUMMARY)' \
	--reject 'rt_disturbed=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered itself off)' \
	--reject 'rt_restarted=^\[linux\] rt cell: .*, start [02-9]' \
	--reject 'rtstat_error=^\[linux\] septum-rtstat: ' \
	--reject 'probe_warning=^\[septum\] warning: cell linux: .*(function 0x[0-9a-f]+ is not supported|GIC register 0x)' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
# The demo with its real-time cell built for AArch32 on newlib: Linux's
# septum-rtstat reads the statistics it publishes on the same channel.
DEMO_A32_CHECKS := --timeout 240 --test-timeout 240 \
	--expect 'rtstart=^\[rt\] rt: 1000 Hz task on the virtual timer' \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>' \
	--send '$(RT_SUMMARY)=>poweroff\r' \
	--until 'cell linux: powered itself off \(PSCI SYSTEM_OFF\)' \
	--expect 'rtstat=^\[linux\] rt cell: peer 0 on rt-linux, start 1, 1000 Hz task' \
	--expect 'rt_running=$(RT_SUMMARY)' \
	--reject 'rt_disturbed=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered itself off)' \
	--reject 'rtstat_error=^\[linux\] septum-rtstat: ' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
# The same path with a partition table one byte off: refused, by its reason.
CORRUPT_DISK := $(O)/corrupt-disk.img
$(CORRUPT_DISK): $(O)/septum-boot.bin $(O)/systems/corrupt/system.blob \
		boards/extlinux.conf ci/mkimage
	$(Q)ci/mkimage $@ extlinux/extlinux.conf=boards/extlinux.conf \
		septum.bin=$(O)/septum-boot.bin \
		system.blob=$(O)/systems/corrupt/system.blob >/dev/null
# The GIC conformance systems: gicconf/<name> (ci/gicconf.mk).
GICCONF_TEST_SYSTEMS := $(patsubst partitions/tests/%/system.dts,%,$(wildcard \
	partitions/tests/gicconf/*/system.dts))
TEST_SYSTEMS := cells sized colour isolation inject cells-a32 isolation-a32 demo-a32 irqs linux linux-noncontig colour-linux console vuart uartowner \
	ivshmem linuxchan hostile hostile-linux hostile-inject soak $(GICCONF_TEST_SYSTEMS)
SYSTEM_ELFS = $(TEST_SYSTEMS:%=$(O)/systems/%/septum.elf)
# The same systems built for the GICv2 variant of the board.
V2_BOARD := qemu-aarch64-virt-gicv2
O_V2 := build/$(V2_BOARD)-$(TOOLCHAIN)

# An image drives its board's GIC alone: the GICv2 board's image, given
# the table of the cells system made for the GICv3 board (its build, the
# build-gcc step's), refuses it at boot (gic-not-built).
V3_O := build/qemu-aarch64-virt-$(TOOLCHAIN)
$(O)/systems/cells/septum-v3-table.elf: $(HV_OBJS) \
		$(call obj,core/selftest_none.c) $(V3_O)/systems/cells/blob.o \
		$(O)/septum.lds
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	$(Q)$(LD) $(HV_LDFLAGS) -T $(O)/septum.lds -o $@ $(filter %.o,$^)

comma := ,
SELFTEST_ELF := $(O)/septum-test.elf
CLANG_O := build/$(BOARD)-clang

# The bare-metal cell of docs/cells.md beside the demo's Linux, built as a
# user builds their own system: `make SYSTEM=...` builds the image it names
# from its source, and again after the source changes.
EXAMPLE_SYSTEM := partitions/examples/hello/system.dts
EXAMPLE_O := build/example-hello
EXAMPLE_MAKE := $(MAKE) --no-print-directory O=$(EXAMPLE_O) \
	SYSTEM=$(EXAMPLE_SYSTEM)
EXAMPLE_CHECKS := --timeout 240 --test-timeout 240 \
	--send '^\[linux\] / \# =>poweroff\r' \
	--until 'every cell has stopped' \
	--expect 'greet=^\[hello\] hello: running on CPU 0' \
	--expect 'ticks=^\[hello\] hello: tick 3 of 3' \
	--expect 'off=cell hello: powered itself off' \
	--expect 'linux=^\[linux\] Septum demo'

.PHONY: example-build example-rebuild-check
example-build:
	$(EXAMPLE_MAKE) all

# After an edit of the cell's source, make rebuilds its image.
example-rebuild-check: example-build
	@touch partitions/examples/hello/hello.c
	@if $(EXAMPLE_MAKE) -n all | grep -q 'examples/hello/hello.c'; then \
		echo "TEST example.rebuilds_after_edit PASS"; else \
		echo "TEST example.rebuilds_after_edit FAIL"; exit 1; fi
	$(EXAMPLE_MAKE) all

# `make run` builds the images its system names and nothing else: the demo's
# own cells and no test system's guests; another SYSTEM, its own guests
# alone.  (What a forced dry run of `make all` would compile.)
RUN_BUILD_SOURCES = $(MAKE) --no-print-directory -n -B $(1) all 2>&1 | \
	grep -o 'partitions/[a-z0-9_/-]*\.c' | sort -u
RUN_BUILD_OTHER := partitions/tests/cells/system.dts
.PHONY: run-build-check
run-build-check:
	@srcs=$$($(call RUN_BUILD_SOURCES,)); \
	if echo "$$srcs" | grep -qx 'partitions/demo/rt.c' && \
		! echo "$$srcs" | grep -q '^partitions/tests'; then \
		echo "TEST run.demo_builds_only_its_cells PASS"; else \
		echo "$$srcs"; echo "TEST run.demo_builds_only_its_cells FAIL"; \
		exit 1; fi
	@srcs=$$($(call RUN_BUILD_SOURCES,SYSTEM=$(RUN_BUILD_OTHER))); \
	if echo "$$srcs" | grep -qx 'partitions/tests/cells/view.c' && \
		[ "$$(echo "$$srcs" | grep -c '^partitions/\(tests\|demo\)/')" = 1 ]; \
		then echo "TEST run.system_builds_only_its_cells PASS"; else \
		echo "$$srcs"; echo "TEST run.system_builds_only_its_cells FAIL"; \
		exit 1; fi

.PHONY: systests
systests:
	$(call systest,boot-gicv3,3,$(SELFTEST_ELF),--summary \
		--expect 'cpus=^  4 of 4 CPUs online$$')
	$(call systest,boot-gicv2,2,$(SELFTEST_ELF),--summary \
		--expect 'cpus=^  4 of 4 CPUs online$$' --expect 'gic=^  GICv2 at')
	$(call systest,boot-image-x0,3,$(O)/septum-test.bin,--summary \
		--expect 'x0=device tree at PA 0x[0-9a-f]+ .*passed in x0')
	$(call systest,boot-clang-gicv3,3,$(CLANG_O)/septum-test.elf,--summary \
		--expect 'cpus=^  4 of 4 CPUs online$$')
	$(call systest,release-boot,3,$(O)/septum.elf,--until \
		'4 CPUs online. boot identity map dropped')
	@ci/step wrong-el $(RUNNER) --name wrong-el $(call SYSTEST_LOG,wrong-el) \
		--until 'must be started at EL2' \
		--expect 'why=error: Septum must be started at EL2 .*entered at EL1\. On QEMU add' \
		-- $(subst virtualization=on,virtualization=off,$(call qemu_gic,3)) \
		-kernel $(O)/septum.elf
	$(call systest,fault-el2,3,$(SELFTEST_ELF),$(FAULT_CHECKS),\
		-append septum.test=fault)
	$(call systest,stack-overflow-el2,3,$(SELFTEST_ELF),$(OVERFLOW_CHECKS),\
		-append septum.test=stack-overflow)
	$(call systest,panic-el2,3,$(SELFTEST_ELF),--expect-exit 3 \
		--expect 'panic=PANIC on CPU 0: self-test: panic requested',\
		-append septum.test=panic)
	$(call systest,cells-gicv3,3,$(O)/systems/cells/septum.elf,--summary \
		--expect 'off=every cell has stopped: powering off')
	$(call systest,cells-gicv2,2,$(O_V2)/systems/cells/septum.elf,--summary)
	$(call systest,sized-gicv3,3,$(O)/systems/sized/septum.elf,--summary \
		$(SIZED_CHECKS))
	$(call systest,sized-gicv2,2,$(O_V2)/systems/sized/septum.elf,--summary \
		$(SIZED_CHECKS))
	$(call systest,colour-gicv3,3,$(O)/systems/colour/septum.elf,--summary \
		$(COLOUR_CHECKS))
	$(call systest,colour-gicv2,2,$(O_V2)/systems/colour/septum.elf,--summary \
		$(COLOUR_CHECKS))
	$(call systest,isolation-gicv3,3,$(O)/systems/isolation/septum.elf,\
		--summary $(ISOLATION_CHECKS),\
		$(ICOUNT_CLOCK))
	$(call systest,isolation-gicv2,2,$(O_V2)/systems/isolation/septum.elf,\
		--summary $(ISOLATION_CHECKS),\
		$(ICOUNT_CLOCK))
	$(call systest,inject-gicv3,3,$(O)/systems/inject/septum.elf,\
		--summary $(INJECT_CHECKS),\
		$(ICOUNT_CLOCK))
	$(call systest,inject-gicv2,2,$(O_V2)/systems/inject/septum.elf,\
		--summary $(INJECT_CHECKS),\
		$(ICOUNT_CLOCK))
	@ci/step inject-native $(INJECT_NATIVE_RUN) gicv3 gicv2
	$(call systest,cells-a32-gicv3,3,$(O)/systems/cells-a32/septum.elf,\
		--summary $(CELLS_A32_CHECKS))
	$(call systest,cells-a32-gicv2,2,$(O_V2)/systems/cells-a32/septum.elf,\
		--summary $(CELLS_A32_CHECKS))
	$(call systest,isolation-a32-gicv3,3,$(O)/systems/isolation-a32/septum.elf,\
		--summary $(ISOLATION_A32_CHECKS),$(ICOUNT_CLOCK))
	$(call systest,isolation-a32-gicv2,2,\
		$(O_V2)/systems/isolation-a32/septum.elf,--summary \
		$(ISOLATION_A32_CHECKS),$(ICOUNT_CLOCK))
	$(call systest,irqs-gicv3,3,$(O)/systems/irqs/septum.elf,--summary \
		$(IRQ_CHECKS))
	$(call systest,irqs-gicv2,2,$(O_V2)/systems/irqs/septum.elf,--summary \
		$(IRQ_CHECKS))
	$(call systest,console-gicv3,3,$(O)/systems/console/septum.elf,\
		--timeout 120 --test-timeout 120 $(CONSOLE_CHECKS))
	$(call systest,console-gicv2,2,$(O_V2)/systems/console/septum.elf,\
		--timeout 120 --test-timeout 120 $(CONSOLE_CHECKS))
	$(call systest,vuart-gicv3,3,$(O)/systems/vuart/septum.elf,\
		--summary $(VUART_CHECKS),$(ICOUNT_CLOCK))
	$(call systest,vuart-gicv2,2,$(O_V2)/systems/vuart/septum.elf,\
		--summary $(VUART_CHECKS),$(ICOUNT_CLOCK))
	$(call systest,preloaded-image,3,$(O)/systems/preload/septum.elf,\
		--summary --expect 'alpha=^\[alpha\] 5 passed. 0 failed',\
		-device loader$(comma)file=$(P_O)/tests/cells/view.bin$(comma)addr=0x41000000$(comma)force-raw=on)
	$(call systest,uartowner-gicv3,3,$(O)/systems/uartowner/septum.elf,\
		--summary $(UARTOWNER_CHECKS))
	$(call systest,uartowner-gicv2,2,$(O_V2)/systems/uartowner/septum.elf,\
		--summary $(UARTOWNER_CHECKS))
	$(call systest,linux-gicv3,3,$(O)/systems/linux/septum.elf,--summary \
		--timeout 240 --test-timeout 180 $(LINUX_CHECKS))
	$(call systest,linux-gicv2,2,$(O_V2)/systems/linux/septum.elf,--summary \
		--timeout 240 --test-timeout 180 $(LINUX_CHECKS))
	$(call systest,linux-noncontig-gicv3,3,\
		$(O)/systems/linux-noncontig/septum.elf,--summary \
		--timeout 240 --test-timeout 180 $(LINUX_CHECKS) \
		$(LINUX_NONCONTIG_CHECKS))
	$(call systest,colour-linux-gicv3,3,$(O)/systems/colour-linux/septum.elf,\
		--summary --timeout 240 --test-timeout 180 $(LINUX_CHECKS) \
		$(COLOUR_LINUX_CHECKS))
	$(call systest,ivshmem-gicv3,3,$(O)/systems/ivshmem/septum.elf,\
		--summary $(IVSHMEM_CHECKS))
	$(call systest,ivshmem-gicv2,2,$(O_V2)/systems/ivshmem/septum.elf,\
		--summary $(IVSHMEM_CHECKS))
	$(call systest,linuxchan-gicv3,3,$(O)/systems/linuxchan/septum.elf,\
		--summary --timeout 240 --test-timeout 120 $(LINUXCHAN_CHECKS))
	$(call systest,linuxchan-gicv2,2,$(O_V2)/systems/linuxchan/septum.elf,\
		--summary --timeout 240 --test-timeout 120 $(LINUXCHAN_CHECKS))
	$(call systest,demo-gicv3,3,$(O)/septum.elf,$(DEMO_CHECKS))
	$(call systest,example-hello,3,$(EXAMPLE_O)/septum.elf,$(EXAMPLE_CHECKS))
	$(call systest,demo-gicv2,2,$(O_V2)/septum.elf,$(DEMO_CHECKS))
	$(call systest,demo-a32-gicv3,3,$(O)/systems/demo-a32/septum.elf,\
		$(DEMO_A32_CHECKS))
	@ci/step image-boot $(RUNNER) --name image-boot \
		$(call SYSTEST_LOG,image-boot) $(IMAGE_CHECKS) -- \
		$(QEMU_RUN) $(QEMU_FIRMWARE) $(call QEMU_DISK,$(DISK_IMAGE))
	@ci/step corrupt-initrd $(RUNNER) --name corrupt-initrd \
		$(call SYSTEST_LOG,corrupt-initrd) --expect-exit 3 \
		--expect 'why=PANIC on CPU 0: the partition config is unusable: ' -- \
		$(QEMU_RUN) $(QEMU_FIRMWARE) $(call QEMU_DISK,$(CORRUPT_DISK))
	$(call systest,hyp-colours-too-few,3,$(O)/systems/hypcolour-small/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: cannot move the hypervisor onto pages of its cache colours: .* enlarge /hypervisor size')
	$(call systest,hyp-memory-too-small,3,$(O)/systems/toobig/septum.elf,\
		--expect-exit 3 --expect 'why=the hypervisor image .* does not fit in the memory the config gives the hypervisor')
	$(call systest,corrupt-config,3,$(O)/systems/corrupt/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: ')
	$(call systest,cell-maps-hypervisor,3,$(O)/systems/patch-hypmap/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: a cell.s memory region overlaps the hypervisor.s memory or devices$(comma) or another cell.s memory: refusing to map it \(entry 0\)')
	$(call systest,cell-maps-gic,3,$(O)/systems/patch-gic/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: cell alpha: its device range at physical 0x8000000 meets the GIC distributor$$')
	$(call systest,cell-maps-gich-gicv2,2,$(O_V2)/systems/patch-gich/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: cell alpha: its device range at physical 0x8030000 meets the GIC virtual interface control$$')
	$(call systest,cell-device-on-vgic,3,$(O)/systems/patch-vgic/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: cell alpha: its device range at guest-physical 0x8000000 meets the virtual GIC distributor$$')
	$(call systest,cell-vuart-on-vgic,3,$(O)/systems/patch-vuart-vgic/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: cell alpha: its virtual device at guest-physical 0x8000000 meets the virtual GIC distributor$$')
	$(call systest,cells-share-device,3,$(O)/systems/patch-shared-device/septum.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: a cell.s device or port range overlaps the hypervisor.s memory or devices$(comma) a cell.s memory or another cell.s devices: refusing to map it \(entry 1\)')
	$(call systest,corrupt-image,3,$(O)/systems/corrupt-image/septum.elf,\
		--expect 'why=cell alpha: cannot start: an image does not match its CRC' \
		--expect 'beta=^\[beta\] [0-9]+ passed. 0 failed' \
		--expect 'off=every cell has stopped: powering off')
	$(call systest,gic-mismatch,2,$(O)/systems/cells/septum.elf,\
		--expect-exit 3 --expect 'why=the config describes a GICv3 at 0x8000000. but the hardware there is not one')
	$(call systest,gic-not-built,3,$(O_V2)/systems/cells/septum-v3-table.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition table describes a GICv3$(comma) but this image \(board $(V2_BOARD)\) drives a GICv2: build Septum for the board the table was made for$$')
	@$(MAKE) --no-print-directory hostile-systests
	@$(MAKE) --no-print-directory soak-systests
	@$(MAKE) --no-print-directory gicconf-systests
	@$(MAKE) --no-print-directory board-systests

include ci/hostile.mk
include ci/boards.mk
include ci/soak.mk
include ci/gicconf.mk
include ci/x86.mk
include ci/smmu.mk
# The x86 decoder's fuzz target runs whatever the board (ci/fuzz.mk includes
# it already when the board is x86's).
ifneq ($(ARCH),x86_64)
include arch/x86_64/fuzz/fuzz.mk
endif

# ---------------------------------------------------------------- checks
CPPCHECK := cppcheck --quiet --error-exitcode=1 --inline-suppr \
	--enable=warning,style,performance,portability --std=c11 \
	--suppress=missingIncludeSystem --suppress=unusedFunction \
	-Iinclude -Icore/include -Idrivers/include $(ARCH_INCLUDES) \
	-D__GNUC__ -UTEST_PRINTF -DGIC_VIRQ_UNWIRED=0 -DGIC_VERSION=0

.PHONY: cppcheck bad-board-check mmu-off-check
# Core, the drivers, the fake arch, and the board's arch (its own include
# folders: another arch's files are checked with theirs, BOARD=...).
cppcheck:
	$(CPPCHECK) core drivers arch/host $(sort $(dir $(ARCH_SRCS)))

# The MMU-off objects of the gcc and clang builds (ci/check-mmu-off).
mmu-off-check:
	@ci/check-mmu-off $(CROSS)readelf $(call obj,$(ARCH_MMU_OFF_SRCS)) \
		$(patsubst $(O)/%,$(CLANG_O)/%,$(call obj,$(ARCH_MMU_OFF_SRCS)))

# An unknown BOARD must fail and name the valid boards.
bad-board-check:
	@out=$$($(MAKE) --no-print-directory BOARD=nope 2>&1); rc=$$?; \
	echo "$$out"; [ $$rc -ne 0 ] && \
	echo "$$out" | grep -q 'unknown BOARD "nope"; valid boards: .*$(BOARD)'

# ---------------------------------------------------------------- the suite
.PHONY: test
test: setup
	@rm -rf $(TEST_OUT)
	@echo "septum: build checks"
	@ci/step build-gcc $(MAKE) TOOLCHAIN=gcc all test-image $(O)/septum-test.bin \
		$(SYSTEM_ELFS) $(O)/systems/toobig/septum.elf \
		$(O)/systems/hypcolour-small/septum.elf \
		$(O)/systems/preload/septum.elf \
		$(O)/systems/corrupt/septum.elf \
		$(BLOB_PATCHES:%=$(O)/systems/patch-%/septum.elf) \
		$(O)/systems/corrupt-image/septum.elf
	@ci/step build-image $(MAKE) TOOLCHAIN=gcc image $(CORRUPT_DISK)
	@ci/step build-example $(MAKE) --no-print-directory example-rebuild-check
	@ci/step build-run-only $(MAKE) --no-print-directory run-build-check
	@ci/step build-gicv2 $(MAKE) BOARD=$(V2_BOARD) all \
		$(TEST_SYSTEMS:%=$(O_V2)/systems/%/septum.elf) \
		$(BLOB_PATCHES_GICV2:%=$(O_V2)/systems/patch-%/septum.elf) \
		$(O_V2)/systems/cells/septum-v3-table.elf
	@ci/step build-smmu $(MAKE) BOARD=$(SMMU_BOARD) \
		$(SMMU_SYSTEMS:%=build/$(SMMU_BOARD)-gcc/systems/%/septum.elf) \
		build/$(SMMU_BOARD)-gcc/systems/dma/septum-test.elf \
		build/$(SMMU_BOARD)-gcc/systems/dma/septum-noiommu.elf
	@ci/step build-clang $(MAKE) TOOLCHAIN=clang all test-image
	@ci/step build-boards $(MAKE) --no-print-directory board-builds
	@ci/step build-boards-clang $(MAKE) --no-print-directory board-builds-clang
	@ci/step build-x86 $(MAKE) BOARD=$(X86_BOARD) TOOLCHAIN=gcc all test-image \
		image build/$(X86_BOARD)-gcc/septum-boot.elf \
		$(X86_SYSTEMS:%=build/$(X86_BOARD)-gcc/systems/%/septum.elf)
	@ci/step build-clang-x86 $(MAKE) BOARD=$(X86_BOARD) TOOLCHAIN=clang \
		all test-image
	@ci/step bad-board $(MAKE) --no-print-directory bad-board-check
	@ci/step cppcheck $(MAKE) --no-print-directory cppcheck
	@ci/step mmu-off $(MAKE) --no-print-directory mmu-off-check
	@ci/step docs ci/check-docs
	@ci/step cppcheck-x86 $(MAKE) --no-print-directory BOARD=$(X86_BOARD) \
		cppcheck
	@echo "septum: host unit tests (ASan, UBSan)"
	@ci/step unit $(MAKE) --no-print-directory unit-tests
	@ci/step unit-x86 $(MAKE) --no-print-directory BOARD=$(X86_BOARD) \
		arch-unit-tests
	@echo "septum: fuzz targets (libFuzzer, ASan, UBSan; corpus replayed, then fixed runs from seed $(FUZZ_SEED))"
	@ci/step fuzz-build $(MAKE) --no-print-directory fuzz-targets
	@$(MAKE) --no-print-directory fuzz-quick
	@ci/step fuzz-decode-x86 $(MAKE) --no-print-directory fuzz-x86
	@echo "septum: QEMU system tests"
	@$(MAKE) --no-print-directory systests
	@$(MAKE) --no-print-directory BOARD=$(X86_BOARD) systests-x86
	@$(MAKE) --no-print-directory BOARD=$(SMMU_BOARD) systests-smmu
	@echo "septum: benchmark guests (quick run: results produced and sane)"
	@ci/step bench $(MAKE) --no-print-directory bench-quick
	@if [ -f config/config.mk ]; then echo "septum: config tool"; \
		$(MAKE) --no-print-directory test-config; fi
	@ci/summary $(TEST_OUT)
