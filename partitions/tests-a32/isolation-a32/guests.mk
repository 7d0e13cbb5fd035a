# The AArch32 thief, identity-mapped like the AArch64 victim it runs beside
# (partitions/tests/isolation/), and that victim.
$(P_O)/tests-a32/isolation-a32/thief.elf: KIT_RAM := 0x44000000
$(O)/systems/isolation-a32/system.blob: $(P_O)/tests/isolation/victim.bin
