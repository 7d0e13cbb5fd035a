# Identity-mapped cells: each guest is linked at its cell's RAM.  The
# hostile guest's attempts live in attempts/, linked into it.
HOSTILE_DIR := partitions/tests/hostile
HOSTILE_SRCS := $(wildcard $(HOSTILE_DIR)/attempts/*.c)
$(P_O)/tests/hostile/victim.elf: KIT_RAM := 0x48000000
$(P_O)/tests/hostile/hostile.elf: KIT_RAM := 0x44000000
$(P_O)/tests/hostile/hostile.elf: KIT_SRCS += $(HOSTILE_SRCS)
$(P_O)/tests/hostile/hostile.elf: $(HOSTILE_SRCS)
