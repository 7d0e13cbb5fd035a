# The hostile guest of ../hostile/ (its rounds in attempts/), built again
# with HOSTILE_INJECT (hostile.c here includes it), and the victim there.
HOSTILE_INJECT_FROM := partitions/tests/hostile/hostile.c \
	$(wildcard partitions/tests/hostile/*.h) \
	$(wildcard partitions/tests/hostile/attempts/*.c)
$(P_O)/tests/hostile-inject/hostile.elf: KIT_RAM := 0x44000000
$(P_O)/tests/hostile-inject/hostile.elf: KIT_SRCS += \
	$(wildcard partitions/tests/hostile/attempts/*.c)
$(P_O)/tests/hostile-inject/hostile.elf: $(HOSTILE_INJECT_FROM)
$(O)/systems/hostile-inject/system.blob: $(P_O)/tests/hostile/victim.bin
