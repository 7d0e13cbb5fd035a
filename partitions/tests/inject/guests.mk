# Identity-mapped cells: each guest is linked at its cell's RAM.
$(P_O)/tests/inject/steady.elf: KIT_RAM := 0x45000000
$(P_O)/tests/inject/prober.elf: KIT_RAM := 0x44000000
