# The GIC conformance guest (gicconf.c, its sections in lib/): one image
# that boots natively through QEMU's ELF loader (which puts its DTB at
# 0x40000000, so the image is linked above it) and in the cells of the
# systems below, whose RAM is where the image is linked.  ci/gicconf.py
# runs both and compares them; ci/tests.mk wires the runs into make test.
GICCONF_DIR := partitions/tests/gicconf
GICCONF_SRCS := $(wildcard $(GICCONF_DIR)/lib/*.c $(GICCONF_DIR)/lib/*.S)
GICCONF_SYSTEMS := $(patsubst $(GICCONF_DIR)/%/system.dts,%,$(wildcard \
	$(GICCONF_DIR)/*/system.dts))
$(P_O)/tests/gicconf/gicconf.elf: KIT_RAM := 0x41000000
$(P_O)/tests/gicconf/gicconf.elf: KIT_SRCS += $(GICCONF_SRCS)
$(P_O)/tests/gicconf/gicconf.elf: $(GICCONF_SRCS)
# The systems (gicconf/<name>/system.dts) carry the same image.
$(GICCONF_SYSTEMS:%=$(O)/systems/gicconf/%/system.blob): \
	$(P_O)/tests/gicconf/gicconf.bin
