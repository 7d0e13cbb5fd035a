# Identity-mapped cells: each guest is linked at its cell's RAM.
$(P_O)/tests/isolation/victim.elf: KIT_RAM := 0x45000000
$(P_O)/tests/isolation/thief.elf: KIT_RAM := 0x44000000
# On a real board the thief aims at that board's hypervisor image (LOAD_PA),
# its victim's RAM (partitions/tests/isolation/<board>.dts: 0x45000000 where
# the board's RAM has it, as on virt) and a device no cell has (board.mk:
# TEST_FOREIGN_DEVICE_PA).
ISOLATION_VICTIM_PA_rpi4b := 0x15000000
ISOLATION_VICTIM_PA = $(or $(ISOLATION_VICTIM_PA_$(BOARD)),0x45000000)
ifdef TEST_FOREIGN_DEVICE_PA
$(P_O)/tests/isolation/thief.elf: GUEST_CFLAGS += -DHYP_RAM=$(LOAD_PA)ul \
	-DUNASSIGNED_DEVICE=$(TEST_FOREIGN_DEVICE_PA)ul \
	-DVICTIM_RAM=$(ISOLATION_VICTIM_PA)ul
endif
