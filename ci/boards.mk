# The real boards' tests (included by ci/tests.mk): every board of
# REAL_BOARDS runs on QEMU's model of its SoC, booted from its real device
# tree (boards/<board>/board.mk), and is tested by name:
#
#   cells-<board>      two bare-metal cells exchanging interrupts: timers,
#                      SGIs, doorbells, typed console input (partitions/tests/
#                      exchange/)
#   isolation-<board>  the thief, restarted for each escape attempt, beside
#                      its victim (partitions/tests/isolation/)
#   demo-<board>       the demo to Linux's prompt, septum-rtstat, a Linux-only
#                      reboot while rt keeps printing, septum-rtstat again
#   hostile-zcu102     the hostile cell's GIC attempts on a GIC-400 (the
#                      one with 64 KiB-aliased frames)
#   firmware-zcu102    SiP calls forwarded to the platform firmware, or
#                      refused, as the cell's config says
#   image-<board>      make image's boot partition holds the board's files
#   image-boot-rpi4b   that card booted by its own U-Boot (Debian's u-boot-rpi)
#                      to Linux's prompt and an rt summary after it
#
# `make board-tests` runs them alone (results under build/test-boards/);
# `make test` runs them within its QEMU system tests.

REAL_BOARDS := zcu102 rpi4b imx8mp-evk versal
BOARDS_OUT := build/test-boards

# A board's make variable, read from its board.mk.
board_var = $(shell sed -n 's/^$(2)[ \t]*:\{0,1\}=[ \t]*//p' boards/$(1)/board.mk | head -n 1)
# The hypervisor image QEMU boots for board $(1), system $(2) (ELF or Image).
board_hv = build/$(1)-$(TOOLCHAIN)/systems/$(2)/septum.$(if $(filter image,$(call board_var,$(1),QEMU_BOOT)),bin,elf)
board_demo = build/$(1)-$(TOOLCHAIN)/septum.$(if $(filter image,$(call board_var,$(1),QEMU_BOOT)),bin,elf)
# The board's QEMU line, as its `make run` uses it.
board_qemu = $(shell $(MAKE) --no-print-directory -s BOARD=$(1) print-qemu)

.PHONY: print-qemu print-qemu-image board-builds board-builds-clang board-systests board-tests
print-qemu:
	@echo '$(QEMU_RUN)'
print-qemu-image:
	@echo '$(QEMU_RUN) $(call QEMU_IMAGE_BOOT,$(O)/septum-sd.img)'

# What the board tests boot, for the board being built, and for every board.
BOARD_TEST_SYSTEMS := exchange isolation
.PHONY: board-images
board-images: all $(BOARD_TEST_SYSTEMS:%=$(O)/systems/%/septum.$(HV_EXT))

board-builds:
	@for b in $(REAL_BOARDS); do \
		$(MAKE) --no-print-directory BOARD=$$b board-images image || \
			exit 1; \
	done
	@$(MAKE) --no-print-directory BOARD=rpi4b build/rpi4b-$(TOOLCHAIN)/septum-sd.img
	@$(MAKE) --no-print-directory BOARD=zcu102 \
		build/zcu102-$(TOOLCHAIN)/systems/hostile/septum.elf \
		build/zcu102-$(TOOLCHAIN)/systems/firmware/septum.elf

# Every board's hypervisor built by clang too (warnings are errors).
board-builds-clang:
	@for b in $(REAL_BOARDS); do \
		$(MAKE) --no-print-directory BOARD=$$b TOOLCHAIN=clang all || \
			exit 1; \
	done

# The card as QEMU's SD card: its size rounded up to a power of two.
$(O)/septum-sd.img: $(DISK_IMAGE)
	$(Q)cp $< $@
	$(Q)size=$$(stat -c %s $@); p=1048576; \
	while [ $$p -lt $$size ]; do p=$$((p * 2)); done; truncate -s $$p $@

# Two cells: each runs its checks; typed input reaches left, then (the
# focus moved) right.
EXCHANGE_CHECKS := --summary --timeout 120 --test-timeout 90 \
	--send '^\[left\] ready for input=>hello\r' \
	--send '^\[left\] got: hello=>\x1dn' \
	--send 'console input goes to cell 1 \(right\)=>hello\r' \
	--expect 'left=^\[left\] got: hello$$' \
	--expect 'right=^\[right\] got: hello$$' \
	--expect 'off=every cell has stopped: powering off'

# The thief's attempts and their log lines, at the board's addresses:
# isolation_checks VICTIM-RAM, HYPERVISOR-IMAGE, FOREIGN-DEVICE, OWN-UART.
isolation_checks = --summary \
	--expect 'ram=cell thief: read of 4 bytes at IPA $(1), which is not mapped for this cell \(translation fault\); restarting it' \
	--expect 'hyp=cell thief: write of 4 bytes at IPA $(2), which is not mapped' \
	--expect 'dev=cell thief: write of 4 bytes at IPA $(3), which is not mapped' \
	--expect 'reset=cell thief: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'noiss=cell thief: data abort at IPA $(4), PC 0x[0-9a-f]+: translation fault, not a single load/store' \
	--expect 'actlr=cell thief: access to system register op0=3 op1=0 CRn=1 CRm=0 op2=1 \(write\)' \
	--expect 'narrow=cell thief: 1-byte read at offset 0x0 of the registers of channel progress: they take aligned 32-bit accesses only; restarting it' \
	--expect 'restarts=cell thief: restarted \(restart .7\)'
hexnum = $(shell printf '0x%x' $(1))
board_isolation_checks = $(call isolation_checks,$(call hexnum,$(or $(ISOLATION_VICTIM_PA_$(1)),0x45000000)),$(call hexnum,$(call board_var,$(1),LOAD_PA)),$(call hexnum,$(call board_var,$(1),TEST_FOREIGN_DEVICE_PA)),$(call hexnum,$(call board_var,$(1),CELL_UART_PA)))

# The hostile cell's GIC attempts on the ZCU102's GIC-400: the distributor
# (another's interrupt, 54: the victim's UART), SGIs, the hypervisor's GICH
# frame and the physical GICV frame, each a TEST line or a life ended with
# its log line, while the victim's heartbeat never breaks.
HOSTILE_ZCU102_CHECKS := --summary --timeout 240 --test-timeout 120 \
	--expect 'gich=cell hostile: read of 4 bytes at IPA 0xf9040000, which is not mapped for this cell \(translation fault\); restarting it' \
	--expect 'gicv=cell hostile: write of 4 bytes at IPA 0xf9060000, which is not mapped for this cell \(translation fault\); restarting it' \
	--expect 'gic_enable=cell hostile: CPU 0: GIC register 0x104: interrupt 54 is not the cell.s: write ignored' \
	--expect 'gic_pending=cell hostile: CPU 0: GIC register 0x204: interrupt 54 is not the cell.s: write ignored' \
	--expect 'gic_priority=cell hostile: CPU 0: GIC register 0x434: interrupt 54 is not the cell.s: write ignored' \
	--expect 'gic_config=cell hostile: CPU 0: GIC register 0xc0c: interrupt 54 is not the cell.s: write ignored' \
	--expect 'gic_route=cell hostile: CPU 0: GIC register 0x834: interrupt 54 is not the cell.s: write ignored' \
	--expect 'off=cell hostile: powered itself off \(PSCI SYSTEM_OFF\)' \
	--heartbeat 'victim=^beat ([0-9]+) ' \
	--send '^\[victim\] beat 2 =>go\r' \
	--expect 'end=every cell has stopped: powering off' \
	--reject 'victim_hit=cell victim: .*(stopping it|restarting it|restarted|reset itself)' \
	--reject 'panic=PANIC|FATAL' \
	--reject 'escaped=hostile: [a-z_]+ returned: it escaped' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'

# Firmware calls: forwarded when listed and naming the cell's own clock or
# power node; DENIED for a shared or foreign one; NOT_SUPPORTED unlisted.
FIRMWARE_CHECKS := --summary \
	--expect 'plain=cell owner: CPU 0: SiP call 0xc2000001 forwarded to the firmware' \
	--expect 'clock=cell owner: CPU 0: SiP call 0xc2000024 forwarded to the firmware' \
	--expect 'node=cell owner: CPU 0: SiP call 0xc200000d forwarded to the firmware' \
	--expect 'shared=cell owner: CPU 0: SiP call 0xc2000025 names clock 31, which is not the cell.s alone: answered DENIED' \
	--expect 'foreign=cell owner: CPU 0: SiP call 0xc200000d names power node 33, which is not the cell.s alone: answered DENIED' \
	--expect 'unlisted=cell owner: CPU 0: SMC function 0xc200002b is not supported: answered NOT_SUPPORTED' \
	--reject 'forwarded_foreign=SiP call 0xc2000025 forwarded' \
	--expect 'off=every cell has stopped: powering off'

# The demo, lean: prompt, rtstat, reboot (only Linux restarts, rt prints on),
# prompt, rtstat, an rt summary after that, poweroff.
BOARD_DEMO_CHECKS := --timeout 300 --test-timeout 300 \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>reboot\r' \
	--send 'cell linux: restarted \(restart .1\)=>' \
	--send '^\[linux\] / \# =>septum-rtstat\r' \
	--send '^\[linux\]\s+>= 2000 us=>' \
	--send '$(RT_SUMMARY)=>poweroff\r' \
	--until 'cell linux: powered itself off \(PSCI SYSTEM_OFF\)' \
	--expect 'rtstat=^\[linux\] rt cell: peer 0 on rt-linux, start 1, 1000 Hz task' \
	--expect 'noseed=cell linux: no random seed to give it: the boot loader handed the hypervisor none' \
	--expect 'reset=cell linux: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'rt_running=$(RT_SUMMARY)' \
	--reject 'rt_disturbed=cell rt: .*(stopping it|restarting it|restarted|reset itself|powered itself off)' \
	--reject 'rt_restarted=^\[linux\] rt cell: .*, start [02-9]' \
	--reject 'rtstat_error=^\[linux\] septum-rtstat: ' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'

# imagetest BOARD: its boot partition's files (board.mk IMAGE_CARD_FILES,
# else the files every board's has).
IMAGE_COMMON_FILES := extlinux/extlinux.conf septum.bin system.blob README.txt
define imagetest
	@ci/step image-$(1) ci/check-image build/$(1)-$(TOOLCHAIN)/septum-disk.img \
		$(or $(call board_var,$(1),IMAGE_CARD_FILES),$(IMAGE_COMMON_FILES))

endef

# boardtest NAME, BOARD, IMAGE, RUNNER-ARGS, QEMU-ARGS
define boardtest
	@ci/step $(1) $(RUNNER) --name $(1) $(call SYSTEST_LOG,$(1)) $(4) -- \
		$(call board_qemu,$(2)) -kernel $(3) $(5)

endef

# BOARD_TESTS=cells|isolation|firmware|hostile|image|demo narrows a run to some kinds.
BOARD_TESTS ?= cells isolation firmware hostile image demo
board_kind = $(if $(filter $(1),$(BOARD_TESTS)),$(2))

board-systests:
	$(call board_kind,cells,$(foreach b,$(REAL_BOARDS),$(call boardtest,cells-$(b),$(b),$(call board_hv,$(b),exchange),$(EXCHANGE_CHECKS))))
	$(call board_kind,isolation,$(foreach b,$(REAL_BOARDS),$(call boardtest,isolation-$(b),$(b),$(call board_hv,$(b),isolation),$(call board_isolation_checks,$(b)),$(ICOUNT_CLOCK))))
	$(call board_kind,hostile,$(call boardtest,hostile-zcu102,zcu102,$(call board_hv,zcu102,hostile),$(HOSTILE_ZCU102_CHECKS)))
	$(call board_kind,firmware,$(call boardtest,firmware-zcu102,zcu102,$(call board_hv,zcu102,firmware),$(FIRMWARE_CHECKS)))
	$(call board_kind,image,$(foreach b,$(REAL_BOARDS),$(call imagetest,$(b))))
	$(call board_kind,image,@ci/step image-boot-rpi4b $(RUNNER) --name image-boot-rpi4b $(call SYSTEST_LOG,image-boot-rpi4b) $(IMAGE_CHECKS) -- $(shell $(MAKE) --no-print-directory -s BOARD=rpi4b print-qemu-image))
	$(call board_kind,demo,$(foreach b,$(REAL_BOARDS),$(call boardtest,demo-$(b),$(b),$(call board_demo,$(b)),$(BOARD_DEMO_CHECKS))))

board-tests: setup
	@$(MAKE) --no-print-directory board-builds
	@rm -rf $(BOARDS_OUT)
	@$(MAKE) --no-print-directory TEST_OUT=$(BOARDS_OUT) board-systests
	@ci/summary $(BOARDS_OUT)
