# The thief is isolation-x86's, identity-mapped where its cell's RAM is.
$(P_O)/tests-x86/hostile-linux-x86/thief.elf: X86_KIT_RAM := 0x4000000
$(P_O)/tests-x86/hostile-linux-x86/thief.elf: \
	partitions/tests-x86/isolation-x86/thief.c \
	partitions/tests-x86/isolation-x86/shared.h
