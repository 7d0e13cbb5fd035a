# Identity-mapped cells: each guest is linked at its cell's RAM.  The
# hostile guest's attempts live in attempts/, linked into it.
HOSTILE_DIR := partitions/tests/hostile
HOSTILE_SRCS := $(wildcard $(HOSTILE_DIR)/attempts/*.c)
$(P_O)/tests/hostile/victim.elf: KIT_RAM := 0x48000000
$(P_O)/tests/hostile/hostile.elf: KIT_RAM := 0x44000000
$(P_O)/tests/hostile/hostile.elf: KIT_SRCS += $(HOSTILE_SRCS)
$(P_O)/tests/hostile/hostile.elf: $(HOSTILE_SRCS)
# On the ZCU102 (a GIC-400 with 64 KiB-aliased frames) the GIC rounds run
# (partitions/tests/hostile/zcu102.dts): the victim owns the second UART,
# whose interrupt the hostile cell attacks; the GIC's frames are the board's.
HOSTILE_MAP_zcu102 := -DHOSTILE_GIC_ONLY=1 -DRTC=0xff010000ul -DRTC_INTID=54 \
	-DGICD=0xf9010000ul -DGICV2_GICC=0xf902f000ul -DGICV2_GICH=0xf9040000ul \
	-DGICV2_GICV=0xf9060000ul
$(P_O)/tests/hostile/victim.elf $(P_O)/tests/hostile/hostile.elf: \
	GUEST_CFLAGS += $(HOSTILE_MAP_$(BOARD))
