# The hostile-cell tests (partitions/tests/hostile/, hostile-linux/):
# included by ci/tests.mk; `make hostile-tests` runs them alone, and the
# systests recipe calls them within `make test`.
#
# The hostile cell's TEST lines check each attempt's outcome from inside;
# these checks hold the hypervisor's log line for each attempt whose
# outcome is the fault policy, and the victim's heartbeat: numbered lines
# that count up by one from before the hostile cell's first TEST line to
# after its last (the victim was never stopped, restarted or silenced).

# Every attempt that ends a life, by its log line.
hostile_fault = --expect '$(1)=cell hostile: $(2); restarting it'
HOSTILE_LIVES = \
	$(call hostile_fault,victim_ram,read of 4 bytes at IPA 0x48000000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,victim_ram_write,write of 4 bytes at IPA 0x48fffffc$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,hyp_ram,read of 4 bytes at IPA 0x40000000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,hyp_image,write of 4 bytes at IPA 0x40200000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,hyp_high,read of 4 bytes at IPA 0x40fff000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,unassigned_ram,read of 4 bytes at IPA 0x7ffff000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,foreign_device,read of 4 bytes at IPA 0x9010000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,unassigned_device,write of 4 bytes at IPA 0xa000000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,pcie_ecam,read of 4 bytes at IPA 0x4010000000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,state_table,write of 4 bytes at IPA 0x46000000$(comma) which is read-only for this cell \(permission fault\)) \
	$(call hostile_fault,peer_output,write of 4 bytes at IPA 0x4600c000$(comma) which is read-only for this cell \(permission fault\)) \
	$(call hostile_fault,readonly_channel,write of 4 bytes at IPA 0x46101000$(comma) which is read-only for this cell \(permission fault\)) \
	$(call hostile_fault,exec_channel,instruction fetch from IPA 0x46008000 \(PC 0x46008000\): permission fault \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,exec_victim,instruction fetch from IPA 0x48000000 \(PC 0x48000000\): translation fault \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,zva_victim,data abort at IPA 0x48001000$(comma) PC 0x[0-9a-f]+: translation fault$(comma) not a single load/store \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,zva_state_table,data abort at IPA 0x46000000$(comma) PC 0x[0-9a-f]+: permission fault$(comma) not a single load/store \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,load_pair,data abort at IPA 0x9000000$(comma) PC 0x[0-9a-f]+: translation fault$(comma) not a single load/store \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,exclusive,data abort at IPA 0x9000018$(comma) PC 0x[0-9a-f]+: translation fault$(comma) not a single load/store \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,unaligned_regs,4-byte read at offset 0x2 of the registers of channel progress: they take aligned 32-bit accesses only) \
	$(call hostile_fault,wide_regs,8-byte read at offset 0x0 of the registers of channel progress: they take aligned 32-bit accesses only) \
	$(call hostile_fault,actlr,access to system register op0=3 op1=0 CRn=1 CRm=0 op2=1 \(write\) at PC 0x[0-9a-f]+$(comma) which cells may not use) \
	$(call hostile_fault,ipa_beyond,read of 4 bytes at IPA 0x8000000000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,table_walk,instruction fetch from IPA 0x48000000 \(PC 0xc0000000\): translation fault during its own table walk \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,vectors,instruction fetch from IPA 0x48000200 \(PC 0x48000200\): translation fault \(ESR 0x[0-9a-f]+\)) \
	$(call hostile_fault,stack,data abort at IPA 0x48001[0-9a-f]{3}$(comma) PC 0x[0-9a-f]+: translation fault$(comma) not a single load/store \(ESR 0x[0-9a-f]+\))
HOSTILE_LIVES_V3 = \
	$(call hostile_fault,its,read of 4 bytes at IPA 0x8080000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,gicr_beyond,read of 4 bytes at IPA 0x81a0000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,gicc_v3,read of 4 bytes at IPA 0x8010000$(comma) which is not mapped for this cell \(translation fault\))
HOSTILE_LIVES_V2 = \
	$(call hostile_fault,gich,read of 4 bytes at IPA 0x8030000$(comma) which is not mapped for this cell \(translation fault\)) \
	$(call hostile_fault,gicv,write of 4 bytes at IPA 0x8040000$(comma) which is not mapped for this cell \(translation fault\))

# The in-line attempts' log lines (refusals logged once), the cell's own
# resets, and what must never appear; then the lives and the power-off.
HOSTILE_INLINE = --summary \
	--expect 'reset=cell hostile: reset itself \(PSCI SYSTEM_RESET\)' \
	--expect 'unknown_call=cell hostile: CPU 0: HVC function 0x82000000 is not supported: answered NOT_SUPPORTED \(logged once\)' \
	--expect 'calls_table_full=cell hostile: more unsupported calls than the log keeps track of: further ones are answered silently' \
	--expect 'doorbell=cell hostile: doorbell 0x00020000 on channel progress dropped \(no such peer\)' \
	--expect 'gic_enable=cell hostile: CPU 0: GIC register 0x104: interrupt 34 is not the cell.s: write ignored' \
	--expect 'gic_pending=cell hostile: CPU 0: GIC register 0x204: interrupt 34 is not the cell.s: write ignored' \
	--expect 'gic_priority=cell hostile: CPU 0: GIC register 0x420: interrupt 34 is not the cell.s: write ignored' \
	--expect 'gic_config=cell hostile: CPU 0: GIC register 0xc08: interrupt 34 is not the cell.s: write ignored' \
	--reject 'panic=PANIC|FATAL' \
	--reject 'escaped=hostile: [a-z_]+ returned: it escaped' \
	--reject 'kit=kit: CPU [0-9]+: unexpected exception'
HOSTILE_COMMON = $(HOSTILE_INLINE) $(HOSTILE_LIVES) \
	--expect 'off=cell hostile: powered itself off \(PSCI SYSTEM_OFF\)'
HOSTILE_ROUTE_V3 = \
	--expect 'gic_route=cell hostile: CPU 0: GIC register 0x6[0-9a-f]{3}: interrupt [0-9]+ is not the cell.s: write ignored'
HOSTILE_ROUTE_V2 = \
	--expect 'gic_route=cell hostile: CPU 0: GIC register 0x820: interrupt 34 is not the cell.s: write ignored'
HOSTILE_GICV3 = $(HOSTILE_LIVES_V3) $(HOSTILE_ROUTE_V3)
HOSTILE_GICV2 = $(HOSTILE_LIVES_V2) $(HOSTILE_ROUTE_V2)

# A bare-metal victim: the hostile cell starts once it beats; both end
# themselves (the victim a few beats after the hostile cell stopped).
HOSTILE_VICTIM = --timeout 240 --test-timeout 120 \
	--heartbeat 'victim=^beat ([0-9]+) ' \
	--send '^\[victim\] beat 2 =>go\r' \
	--expect 'end=every cell has stopped: powering off' \
	--reject 'victim_hit=cell victim: .*(stopping it|restarting it|restarted|reset itself)'
HOSTILE_BARE = $(HOSTILE_COMMON) $(HOSTILE_VICTIM)
# The hostile cell under `inject` (partitions/tests/hostile-inject/): no
# life ended by the policy, its first abort logged and no other, its own
# resets after the attempts that loop on its second CPU, and the trapped
# register write that stops it at the end.
HOSTILE_INJECT = $(HOSTILE_INLINE) $(HOSTILE_VICTIM) \
	--expect 'injected=cell hostile: read of 4 bytes at IPA 0x48000000, which is not mapped for this cell \(translation fault\); delivered to it as a synchronous external abort \(logged once\)' \
	--reject 'logged_again=cell hostile: (?!read of 4 bytes at IPA 0x48000000,).*delivered to it as' \
	--reject 'policy_ended=cell hostile: .*; restarting it' \
	--expect 'last_act=cell hostile: access to system register op0=3 op1=0 CRn=1 CRm=0 op2=1 \(write\) at PC 0x[0-9a-f]+, which cells may not use; stopping it'
# A Linux victim: at its prompt, a busybox loop prints a numbered line every
# 200 ms; once it beats, input goes to the hostile cell ("go"); once that
# has finished, back to Linux, which powers off at its next beat.
HOSTILE_LINUX = $(HOSTILE_COMMON) --timeout 300 --test-timeout 180 \
	--heartbeat 'linux=beat ([0-9]+)$$' \
	--send '^\[linux\] shell ready=>' \
	--send '^\[linux\] / \# =>i=0; while :; do echo "beat $$i"; i=$$((i+1)); /bin/busybox usleep 200000; done &\r' \
	--send '^\[linux\] .*beat 3$$=>\x1d:hostile\rgo\r' \
	--send '^\[hostile\] [0-9]+ passed, [0-9]+ failed=>\x1d:linux\r' \
	--send '^\[linux\] .*beat [0-9]+$$=>poweroff -f\r' \
	--expect 'linux_off=cell linux: powered itself off \(PSCI SYSTEM_OFF\)' \
	--reject 'linux_hit=cell linux: .*(stopping it|restarting it|restarted|reset itself)'

HOSTILE_SYSTEMS = hostile hostile-inject hostile-linux
# Where `make hostile-tests` keeps its logs and results.
HOSTILE_OUT = build/test-hostile

.PHONY: hostile-tests hostile-systests
# Alone: build both boards' images, then run the six tests.
hostile-tests: setup
	@$(MAKE) --no-print-directory $(HOSTILE_SYSTEMS:%=$(O)/systems/%/septum.elf)
	@$(MAKE) --no-print-directory BOARD=$(V2_BOARD) \
		$(HOSTILE_SYSTEMS:%=$(O_V2)/systems/%/septum.elf)
	@rm -rf $(HOSTILE_OUT)
	@$(MAKE) --no-print-directory TEST_OUT=$(HOSTILE_OUT) hostile-systests
	@ci/summary $(HOSTILE_OUT)

hostile-systests:
	$(call systest,hostile-gicv3,3,$(O)/systems/hostile/septum.elf,\
		$(HOSTILE_BARE) $(HOSTILE_GICV3))
	$(call systest,hostile-gicv2,2,$(O_V2)/systems/hostile/septum.elf,\
		$(HOSTILE_BARE) $(HOSTILE_GICV2))
	$(call systest,hostile-inject-gicv3,3,\
		$(O)/systems/hostile-inject/septum.elf,\
		$(HOSTILE_INJECT) $(HOSTILE_ROUTE_V3))
	$(call systest,hostile-inject-gicv2,2,\
		$(O_V2)/systems/hostile-inject/septum.elf,\
		$(HOSTILE_INJECT) $(HOSTILE_ROUTE_V2))
	$(call systest,hostile-linux-gicv3,3,$(O)/systems/hostile-linux/septum.elf,\
		$(HOSTILE_LINUX) $(HOSTILE_GICV3))
	$(call systest,hostile-linux-gicv2,2,$(O_V2)/systems/hostile-linux/septum.elf,\
		$(HOSTILE_LINUX) $(HOSTILE_GICV2))
