# Identity-mapped guests: each linked where its cell's RAM is.
$(P_O)/tests-x86/isolation-x86/thief.elf: X86_KIT_RAM := 0x4000000
$(P_O)/tests-x86/isolation-x86/victim.elf: X86_KIT_RAM := 0x5000000
