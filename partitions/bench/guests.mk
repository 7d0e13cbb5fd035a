# Link addresses of the bench guests (included by ci/bench.mk).  A bench
# image also boots natively through QEMU's ELF loader, which puts its DTB at
# the start of RAM (0x40000000): so the images are linked above it, and the
# cells see their RAM there too.
$(P_O)/bench/channel/channel.elf: KIT_RAM := 0x41000000
$(P_O)/bench/latency/latency.elf: KIT_RAM := 0x41000000
