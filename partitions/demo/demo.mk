# Septum's demo (each board's DEMO_SYSTEM, partitions/systems/<...>-demo.dts),
# included by partitions/partitions.mk after partitions/linux/linux.mk:
#
#   $(P_O)/demo/rt.bin           the real-time cell (rt.c, built by the
#                                generic guest rule for the board)
#   $(P_O)/demo/septum-rtstat    its statistics from Linux
#   $(P_O)/demo/initrd.cpio      the Linux cell's initramfs

DEMO_DIR := partitions/demo
DEMO_O := $(P_O)/demo
DEMO_RTSTAT := $(DEMO_O)/septum-rtstat

$(DEMO_O)/obj/septum-rtstat.o: $(DEMO_DIR)/septum-rtstat.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) $(LX_CFLAGS) -I$(DEMO_DIR) -c $< -o $@

$(DEMO_RTSTAT): $(DEMO_O)/obj/septum-rtstat.o $(LX_O)/libseptum-chan.a
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) -static -o $@ $^

-include $(wildcard $(DEMO_O)/obj/*.d)

$(DEMO_O)/initrd.cpio: $(DEMO_DIR)/initramfs/init \
		$(DEMO_DIR)/initramfs/septum-load $(DEMO_RTSTAT) \
		$(SEPTUM_CHAN) $(BUSYBOX) $(LX_MODULES) ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)$(LX_INITRAMFS) file:/bin/septum-chan=$(SEPTUM_CHAN) \
		file:/bin/septum-rtstat=$(DEMO_RTSTAT) \
		file:/bin/septum-load=$(DEMO_DIR)/initramfs/septum-load

.PHONY: demo-images
demo-images: $(LINUX_KERNEL) $(DEMO_O)/initrd.cpio $(DEMO_O)/rt.bin

# The x86 demo (partitions/systems/qemu-x86-demo.dts, BOARD=qemu-x86_64):
# the same rt.c on the x86 kit, septum-rtstat and the tools static for
# x86_64 (the host's gcc), the same /init, for Debian's amd64 kernel.
DEMO_X86_O := $(P_O)/demo-x86
DEMO_X86_RTSTAT := $(DEMO_X86_O)/septum-rtstat

$(DEMO_X86_O)/rt.elf: $(DEMO_DIR)/rt.c $(DEMO_DIR)/rtstat.h $(X86_KIT_SRCS) \
		$(X86_KIT_DIR)/kit.ld $(wildcard $(X86_KIT_DIR)/include/kit/*.h \
			include/septum/*.h include/septum/abi/*.h \
			partitions/lib/*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  GUEST   $@"
	$(Q)$(X86_GUEST_CC) $(X86_GUEST_CFLAGS) $(X86_GUEST_LDFLAGS) -o $@ \
		$(X86_KIT_SRCS) $<

$(DEMO_X86_O)/rt.bin: $(DEMO_X86_O)/rt.elf
	$(Q)objcopy -O binary $< $@

$(DEMO_X86_RTSTAT): $(DEMO_DIR)/septum-rtstat.c $(DEMO_DIR)/rtstat.h \
		$(LX_LIB_SRCS) $(wildcard $(LX_DIR)/*.h partitions/lib/*.h \
			include/septum/*.h include/septum/abi/*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(X86_GUEST_CC) -static $(filter-out -MMD -MP,$(LX_CFLAGS)) \
		-I$(DEMO_DIR) -o $@ $< $(LX_LIB_SRCS)

$(DEMO_X86_O)/initrd.cpio: $(DEMO_DIR)/initramfs/init \
		$(DEMO_DIR)/initramfs/septum-load $(DEMO_X86_RTSTAT) \
		$(SEPTUM_CHAN_X86) $(BUSYBOX_X86) $(LX_MODULES_X86) ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)$(LX_INITRAMFS_X86) file:/bin/septum-chan=$(SEPTUM_CHAN_X86) \
		file:/bin/septum-rtstat=$(DEMO_X86_RTSTAT) \
		file:/bin/septum-load=$(DEMO_DIR)/initramfs/septum-load
