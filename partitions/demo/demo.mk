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
