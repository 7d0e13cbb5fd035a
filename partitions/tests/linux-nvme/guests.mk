# Identity-mapped cell: the heartbeat guest is linked at its cell's RAM.
$(P_O)/tests/linux-nvme/beat.elf: KIT_RAM := 0x44000000
