# ci/x86.mk: the x86_64 steps of `make test` (included by ci/tests.mk).  Run
# with BOARD=qemu-x86_64, so QEMU_RUN and $(O) are that board's.
#
#   make BOARD=qemu-x86_64 systests-x86     its QEMU system tests
#   make BOARD=qemu-x86_64 arch-unit-tests  its host unit tests

X86_BOARD := qemu-x86_64
X86_CLANG_O := build/$(X86_BOARD)-clang

# The decoded dump of an exception: vector by name, the CPU, error code,
# RIP, CR2, every register, then the end of the system with status 3.
X86_FATAL_DUMP := --expect-exit 3 \
	--expect 'header=FATAL: unexpected \#PF \(page fault\) on CPU 0 \(APIC id 0x0\)' \
	--expect 'rip=RIP [0-9a-f]{16}  CS 0008  RFLAGS [0-9a-f]{16}' \
	--expect 'gprs=R14 [0-9a-f]{16}  R15 [0-9a-f]{16}' \
	--expect 'crs=CR0 [0-9a-f]{16}  CR3 [0-9a-f]{16}' \
	--expect 'stopped=system stopped'
X86_FAULT_CHECKS := $(X86_FATAL_DUMP) --expect 'cr2=CR2 0000000000000010' \
	--expect 'decoded=not-present page, on a read, in supervisor mode'
X86_OVERFLOW_CHECKS := $(X86_FATAL_DUMP) \
	--expect 'decoded=not-present page, on a write, in supervisor mode' \
	--expect "guard=CR2 is in a guard page of CPU 0's stacks: a stack overflow"
X86_BOOT_CHECKS := --summary --expect 'cpus=^  4 of 4 CPUs online$$' \
	--expect 'madt=ACPI: MADT at PA 0x[0-9a-f]+ lists 4 enabled CPUs' \
	--expect 'tsc=TSC: [0-9]+\.[0-9]{3} MHz \(measured against the ACPI PM timer\)'

# Two cells on the shared COM1: every line tagged, typed input reaching the
# focused cell only, then the next one after Ctrl-] n; the test system
# gives alpha the debug-exit port, beta reads it as absent.
X86_CELLS_CHECKS := --summary --timeout 120 --test-timeout 90 \
	--send '^\[alpha\] ready for input=>hello alpha\r' \
	--send '^\[alpha\] got: hello alpha=>\x1dn' \
	--send 'console input goes to cell 1 \(beta\)=>hello beta\r' \
	--expect 'alpha=^\[alpha\] got: hello alpha$$' \
	--expect 'beta=^\[beta\] got: hello beta$$' \
	--reject 'crossed=\[alpha\] got: hello beta|\[beta\] got: hello alpha' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception' \
	--expect 'unowned=^\[beta\] port 0xf4 reads 0xff$$' \
	--expect 'off=every cell has stopped: powering off' \
	--expect 'owned=^\[alpha\] port 0xf4 reads 0x00$$'

# The x86 demo (`make run BOARD=qemu-x86_64`, demo-x86): the real-time cell
# on the x86 kit publishes its statistics over channel rt-linux, and at the
# stock amd64 Linux's prompt septum-rtstat reads them live; septum-load
# loads Linux's three CPUs; `reboot` restarts only Linux (the ACPI reset
# register), after which septum-rtstat finds the same real-time cell (start
# 1) still counting; every tool answers --help; `poweroff` stops Linux.
# The real-time cell is never disturbed.
X86_RT_SUMMARY := ^\[rt\] t=[0-9]+ s ticks=[0-9]+ latency
X86_DEMO_COMMON := \
	--expect 'banner=^\[linux\] Septum demo: septum-rtstat shows the real-time cell' \
	--expect 'rtstat=^\[linux\] rt cell: peer 0 on rt-linux, start 1, 1000 Hz task' \
	--expect 'rt_running=$(X86_RT_SUMMARY)' \
	--reject 'rt_disturbed=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered itself off)' \
	--reject 'rt_restarted=^\[linux\] rt cell: .*, start [02-9]' \
	--reject 'rtstat_error=^\[linux\] septum-rtstat: ' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception' \
	--reject 'panic=PANIC|Kernel panic'
X86_DEMO_CHECKS := --timeout 900 --test-timeout 800 \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>septum-load 10\r' \
	--send '^\[linux\] septum-load: done: =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>reboot\r' \
	--send 'cell linux: restarted \(restart .1\)=>' \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>' \
	--send '$(X86_RT_SUMMARY)=>$(DEMO_HELP_CMD);poweroff\r' \
	--until 'cell linux: powered itself off \(ACPI sleep control register, S5\)' \
	$(X86_DEMO_COMMON) $(DEMO_HELP_CHECKS) \
	--expect 'load=^\[linux\] septum-load: done: [0-9]+ rounds on 3 CPUs' \
	--expect 'reset=cell linux: reset itself \(ACPI reset register\)'

# The disk of `make image`: SeaBIOS starts GRUB from its MBR, GRUB reads
# grub.cfg from the FAT partition and starts the hypervisor with the
# partition table as its module (the demo's); Linux reaches its prompt and
# reads the real-time cell's statistics, then powers off.
X86_IMAGE_CHECKS := --timeout 900 --test-timeout 800 \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>' \
	--send '$(X86_RT_SUMMARY)=>poweroff\r' \
	--until 'cell linux: powered itself off \(ACPI sleep control register, S5\)' \
	$(X86_DEMO_COMMON) \
	--expect 'grub=GRUB: starting the hypervisor with the partition table as its module' \
	--expect 'loader=started by the boot loader "GRUB 2\.[0-9]' \
	--expect 'module=partition config: from the boot loader.s initrd at PA 0x[0-9a-f]+, kept at PA'

# Containment: each escape attempt of the thief ends as documented, with
# its log line (X86_THIEF_CHECKS: the victim's RAM at $(1)), while the
# victim's heartbeat never breaks.
X86_THIEF_CHECKS = \
	--expect 'ram=cell thief: read of 4 bytes at IPA $(1), which is not mapped for this cell \(nested page fault: no page\); restarting it' \
	--expect 'hyp=cell thief: write of 4 bytes at IPA 0x200000, which is not mapped' \
	--expect 'dev=cell thief: write of 4 bytes at IPA 0xfed00000, which is not mapped' \
	--expect 'port=cell thief: CPU 0: read of port 0x64, which is not the cell.s: reads as all ones' \
	--expect 'ipi=cell thief: CPU 0: IPI \(vector 0x40\) to physical APIC id 0x1, which is not one of the cell.s CPUs: dropped' \
	--expect 'init=cell thief: CPU 0: INIT \(vector 0x00\) to physical APIC id 0x1' \
	--expect 'sipi=cell thief: CPU 0: STARTUP IPI \(vector 0x08\) to physical APIC id 0x1' \
	--expect 'svme=cell thief: CPU 0: WRMSR to EFER setting SVME, which cells do not have: \#GP' \
	--expect 'hsave=cell thief: CPU 0: WRMSR to MSR 0xc0010117 \(VM_HSAVE_PA\), which cells do not have: \#GP' \
	--expect 'apicbase=cell thief: CPU 0: WRMSR to the APIC base' \
	--expect 'icr=cell thief: write of 4 bytes at IPA 0xfee00310, which is not mapped' \
	--expect 'vmrun=cell thief: CPU 0: VMRUN at RIP 0x[0-9a-f]+: SVM instructions are not for cells; restarting it' \
	--expect 'clgi=cell thief: CPU 0: CLGI at RIP' \
	--expect 'uart=cell thief: 2-byte read at offset 0x0 of its virtual UART: its registers take 1-byte accesses only; restarting it' \
	--expect 'shutdown=cell thief: CPU 0: triple fault \(shutdown\)' \
	--expect 'stack=cell thief: delivering vector 0x3 at RIP 0x[0-9a-f]+: its stack or descriptor tables at guest-physical 0xfed00ff8, which is not the cell.s memory' \
	--expect 'restarts=cell thief: restarted \(restart .10\)' \
	--reject 'escaped=TEST thief.* FAIL' --reject 'panic=PANIC'

# Interrupts into a bare-metal cell (irqs-x86), under QEMU's instruction
# counter: a handler that keeps interrupts masked for 20 timer periods is
# never interrupted (handlers never nest), and ticks masked by CLI, the
# TPR or CR8 wait, then arrive; CR8 and the TPR read as one register.
X86_IRQS_CHECKS := --summary --timeout 120 --test-timeout 90 \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception' \
	--expect 'off=every cell has stopped: powering off'

# The PC's clock given to one cell (rtc-x86): that cell reaches the chip
# (its RAM written and read back), the other sees no clock at all.
X86_RTC_CHECKS := --summary --timeout 120 --test-timeout 90 \
	--expect 'owner=^\[owner\] 2 passed, 0 failed' \
	--expect 'other=^\[other\] 1 passed, 0 failed' \
	--expect 'off=every cell has stopped: powering off'

X86_ISOLATION_CHECKS := --summary --timeout 180 --test-timeout 120 \
	--heartbeat 'victim=^beat ([0-9]+) ' \
	$(call X86_THIEF_CHECKS,0x5000000) \
	--reject 'victim=cell victim: .*(stopping it|restarting it|restarted)' \
	--expect 'off=every cell has stopped: powering off'

# The same thief beside a Linux victim (hostile-linux-x86): at the stock
# amd64 kernel's prompt a busybox loop prints a numbered line every 200 ms;
# once it beats, input goes to the thief, which waits for "go" before its
# first attempt (aimed at Linux's RAM); once it has finished, back to
# Linux, which powers off at its next beat.  Linux's heartbeat never
# breaks and the hypervisor never touches it.
X86_HOSTILE_LINUX_CHECKS := --summary --timeout 600 --test-timeout 400 \
	--heartbeat 'linux=beat ([0-9]+)$$' \
	--send '^\[linux\] shell ready=>' \
	--send '^\[linux\] / \# =>i=0; while :; do echo "beat $$i"; i=$$((i+1)); /bin/busybox usleep 200000; done &\r' \
	--send '^\[linux\] .*beat 3$$=>\x1d:thief\rgo\r' \
	--send '^\[thief\] [0-9]+ passed, [0-9]+ failed=>\x1d:linux\r' \
	--send '^\[linux\] .*beat [0-9]+$$=>poweroff -f\r' \
	$(call X86_THIEF_CHECKS,0x8000000) \
	--expect 'linux_off=cell linux: powered itself off' \
	--reject 'linux_hit=cell linux: .*(stopping it|restarting it|restarted|reset itself)' \
	--reject 'kernel=Kernel panic|BUG:|Oops'

# The Linux cell's generated ACPI tables (its boot block, as septum-config
# wrote it): pointers, signatures and checksums, the FADT's reset and sleep
# registers, \_S5 in the DSDT, and ACPICA's disassembler reads every table
# without an error (acpi-x86, ci/check-acpi); for a cell with a channel
# (acpi-pci-x86), the MCFG, its ECAM window reserved in the DSDT, the PCI
# root bridge with its _PRT and the channel's device named.
#
# A stock Debian amd64 kernel in a cell beside a bare-metal one: /init's
# checks (every CPU online, timer interrupts and IPIs, the stock I/O APIC
# driver), then typing at busybox's prompt through the stock 8250 driver on
# the virtual 16550 (interrupt-driven input); the bare-metal cell's beat
# never stops meanwhile; the cell gets its random seed (from the CPU's
# RDRAND) in its boot parameters.
X86_LINUX_CHECKS := --summary --timeout 600 --test-timeout 400 \
	--heartbeat 'rt=^beat ([0-9]+)$$' \
	--send '^\[linux\] shell ready=>' \
	--send '^\[linux\] / \# =>echo typed-$$((6*7))\r' \
	--expect 'typed=^\[linux\] typed-42\r?$$' \
	--reject 'rt=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered)' \
	--reject 'linux=cell linux: .*(stopping it|restarting it)' \
	--reject 'panic=PANIC|Kernel panic' \
	--reject 'noseed=no random seed to give it' \
	--until '^\[linux\] typed-42'

# Its lifecycle (linux-life-x86), with busybox's sh as the first process:
# the cell has its three CPUs; `reboot -f` reaches the reset register of the
# cell's ACPI tables and restarts only the Linux cell, which boots again to
# its prompt with its three CPUs; a read through /dev/mem of a physical
# address outside the cell's map is a fault, and the cell's `restart` policy
# brings it back to its prompt once more; `poweroff -f` (typed after a beat
# of the bare-metal cell) reaches the sleep control register with \_S5's
# sleep type and stops it; the bare-metal cell beats on throughout.
X86_LIFE_CPUS = r=FAIL;[ $$(busybox nproc) = 3 ]&&r=PASS;echo TEST life.$(1) $$r\r
X86_LINUX_LIFE_CHECKS := --timeout 900 --test-timeout 800 \
	--heartbeat 'rt=^beat ([0-9]+)$$' \
	--send '^\[linux\] / \# =>$(call X86_LIFE_CPUS,cpus_at_boot)' \
	--send '^\[linux\] TEST life.cpus_at_boot =>reboot -f\r' \
	--send 'cell linux: restarted \(restart .1\)=>' \
	--send '^\[linux\] / \# =>$(call X86_LIFE_CPUS,cpus_after_restart)' \
	--send '^\[linux\] TEST life.cpus_after_restart =>mknod /dev/mem c 1 1;busybox devmem 0xd0000000\r' \
	--send 'cell linux: restarted \(restart .2\)=>' \
	--send '^\[linux\] / \# =>$(call X86_LIFE_CPUS,cpus_after_fault)' \
	--send '^\[linux\] TEST life.cpus_after_fault =>' \
	--send '^\[rt\] beat=>poweroff -f\r' \
	--until 'cell linux: powered itself off' \
	--expect 'reset=cell linux: reset itself \(ACPI reset register\)' \
	--expect 'restarted=cell linux: restarted \(restart .1\)' \
	--expect 'fault=cell linux: .*0xd0000000.*restarting it' \
	--expect 'restarted2=cell linux: restarted \(restart .2\)' \
	--expect 'off=cell linux: powered itself off \(ACPI sleep control register, S5\)' \
	--reject 'rt=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered)' \
	--reject 'linux=cell linux: .*(stopping it|restart .3)' \
	--reject 'panic=PANIC|Kernel panic'

# Channels with an x86 Linux cell (linuxchan-x86, the twin of the arm64
# linuxchan): the stock kernel finds channel rt-linux on its virtual PCI
# host through the ACPI tables (MCFG, the root bridge, its _PRT), the stock
# uio_pci_generic takes its INTx through the cell's virtual I/O APIC, and
# septum-chan built for x86 runs the arm64 test's /init: 10,000 checked
# ping-pong round trips with the bare-metal x86 cell rt (the x86 kit's
# channel calls), a text echo, rt's restart seen in the state table, 1,000
# more round trips; then a command typed at the shell answers through the
# console mux, and `poweroff -f` ends Linux, after which rt powers off.
X86_LINUXCHAN_CHECKS := --summary --timeout 600 --test-timeout 500 \
	--expect 'pingpong=^\[linux\] pingpong rt-linux peer 0: PASS: 10000 PINGs' \
	--expect 'restart=cell rt: restarted \(restart .1\)' \
	--send '^\[linux\] shell ready=>' \
	--send '^\[linux\] / \# =>echo typed-$$((6*7))\r' \
	--send '^\[linux\] typed-42=>poweroff -f\r' \
	--expect 'typed=^\[linux\] typed-42\r?$$' \
	--expect 'rtoff=^\[rt\] rt: linux left the channel: powering off' \
	--expect 'off=every cell has stopped: powering off' \
	--reject 'dropped=doorbells dropped: [1-9]' \
	--reject 'panic=PANIC|Kernel panic'

X86_SYSTEMS := cells-x86 isolation-x86 linux-x86 linux-life-x86 linuxchan-x86 \
	hostile-linux-x86 irqs-x86

# The flashed-board path on x86: the image without a partition table, the
# table as the boot loader's first Multiboot module (QEMU's -initrd, GRUB's
# `module`); and the same table with one byte flipped, refused.
X86_MODULE := $(O)/systems/isolation-x86/system.blob
X86_CORRUPT_MODULE := $(O)/corrupt-module.blob
$(X86_CORRUPT_MODULE): $(X86_MODULE)
	$(Q)python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); \
		b[300] ^= 0x40; open(sys.argv[2], "wb").write(b)' $< $@
# The same partition table with a device range of its first cell moved
# onto the local APIC's page (ci/blob-patch.c): the hypervisor must refuse it.
X86_LAPIC_MODULE := $(O)/lapic-module.blob
$(X86_LAPIC_MODULE): $(X86_MODULE) $(HOST_O)/blob-patch
	$(Q)$(HOST_O)/blob-patch lapic $< $@
# The rtc-x86 system's table with the real-time clock's ports added to
# its first cell, which the config tool cannot do yet.
X86_RTC_MODULE := $(O)/rtc-module.blob
$(X86_RTC_MODULE): $(O)/systems/rtc-x86/system.blob $(HOST_O)/blob-patch
	$(Q)$(HOST_O)/blob-patch rtc-ports $< $@
X86_SYSTEM_ELFS = $(X86_SYSTEMS:%=$(O)/systems/%/septum.elf)

# x86_systest NAME, IMAGE, RUNNER-ARGS, QEMU-ARGS
define x86_systest
	@ci/step $(1) $(RUNNER) --name $(1) $(call SYSTEST_LOG,$(1)) $(3) -- \
		$(QEMU_RUN) -kernel $(2) $(4)
endef

.PHONY: systests-x86 arch-unit-tests
systests-x86: $(X86_CORRUPT_MODULE) $(X86_LAPIC_MODULE) $(X86_RTC_MODULE) $(DISK_IMAGE) \
		$(O)/septum.elf
	$(call x86_systest,boot-x86,$(O)/septum-test.elf,$(X86_BOOT_CHECKS))
	$(call x86_systest,boot-clang-x86,$(X86_CLANG_O)/septum-test.elf,\
		$(X86_BOOT_CHECKS))
	$(call x86_systest,release-boot-x86,$(O)/septum-boot.elf,--until \
		'4 CPUs online. boot identity map dropped')
	$(call x86_systest,fault-x86,$(O)/septum-test.elf,$(X86_FAULT_CHECKS),\
		-append septum.test=fault)
	$(call x86_systest,stack-overflow-x86,$(O)/septum-test.elf,\
		$(X86_OVERFLOW_CHECKS),-append septum.test=stack-overflow)
	$(call x86_systest,panic-x86,$(O)/septum-test.elf,--expect-exit 3 \
		--expect 'panic=PANIC on CPU 0: self-test: panic requested',\
		-append septum.test=panic)
	$(call x86_systest,cells-x86,$(O)/systems/cells-x86/septum.elf,\
		$(X86_CELLS_CHECKS))
	$(call x86_systest,isolation-x86,$(O)/systems/isolation-x86/septum.elf,\
		$(X86_ISOLATION_CHECKS))
	$(call x86_systest,irqs-x86,$(O)/systems/irqs-x86/septum.elf,\
		$(X86_IRQS_CHECKS))
	$(call x86_systest,rtc-x86,$(O)/septum-boot.elf,\
		$(X86_RTC_CHECKS),-initrd $(X86_RTC_MODULE))
	$(call x86_systest,hostile-linux-x86,\
		$(O)/systems/hostile-linux-x86/septum.elf,\
		$(X86_HOSTILE_LINUX_CHECKS))
	@ci/step acpi-x86 python3 ci/check-acpi \
		$(O)/systems/linux-x86/cells/linux.dtb
	$(call x86_systest,linux-x86,$(O)/systems/linux-x86/septum.elf,\
		$(X86_LINUX_CHECKS))
	$(call x86_systest,linux-life-x86,$(O)/systems/linux-life-x86/septum.elf,\
		$(X86_LINUX_LIFE_CHECKS))
	@ci/step acpi-pci-x86 python3 ci/check-acpi \
		$(O)/systems/linuxchan-x86/cells/linux.dtb rt-linux
	$(call x86_systest,linuxchan-x86,$(O)/systems/linuxchan-x86/septum.elf,\
		$(X86_LINUXCHAN_CHECKS))
	$(call x86_systest,demo-x86,$(O)/septum.elf,$(X86_DEMO_CHECKS))
	$(call x86_systest,module-boot-x86,$(O)/septum-boot.elf,--summary \
		--timeout 180 --test-timeout 120 \
		--expect 'module=partition config: from the boot loader.s initrd at PA 0x[0-9a-f]+$(comma) kept at PA' \
		--expect 'loader=started by the boot loader "qemu"' \
		--expect 'off=every cell has stopped: powering off',\
		-initrd $(X86_MODULE))
	$(call x86_systest,corrupt-module-x86,$(O)/septum-boot.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: ',\
		-initrd $(X86_CORRUPT_MODULE))
	$(call x86_systest,cell-maps-lapic-x86,$(O)/septum-boot.elf,\
		--expect-exit 3 --expect 'why=PANIC on CPU 0: the partition config is unusable: cell [a-z]+: its device range at physical 0xfee00000 meets the local APIC$$',\
		-initrd $(X86_LAPIC_MODULE))
	$(call imagetest,$(X86_BOARD))
	@ci/step image-boot-x86 $(RUNNER) --name image-boot-x86 \
		$(call SYSTEST_LOG,image-boot-x86) $(X86_IMAGE_CHECKS) -- \
		$(QEMU_RUN) $(QEMU_FIRMWARE) $(call QEMU_DISK,$(DISK_IMAGE))

# The arch's own host unit tests alone (unit-tests also runs core's).
arch-unit-tests: $(HOST_O)/$(ARCH)-unit-tests
	$(HOST_O)/$(ARCH)-unit-tests
