# Userspace for Linux cells (included by partitions/partitions.mk): the
# septum-chan library and tool, static arm64 binaries for an initramfs (and
# static x86_64 ones for x86 Linux cells, at the end); and the initramfs of
# the linuxchan system tests.
#
#   build/partitions/linux/libseptum-chan.a   channels from C (chan.h)
#   build/partitions/linux/septum-chan        the tool (septum-chan help)

LX_DIR := partitions/linux/septum-chan
LX_O := $(P_O)/linux
LX_CFLAGS := -std=gnu11 -O2 -g $(STRICT_CFLAGS) -Iinclude -Ipartitions/lib \
	-I$(LX_DIR) -MMD -MP
LX_LIB_SRCS := $(LX_DIR)/chan.c partitions/lib/chan_ring.c core/crc32.c
LX_LIB_OBJS := $(patsubst %.c,$(LX_O)/obj/%.o,$(LX_LIB_SRCS))
SEPTUM_CHAN := $(LX_O)/septum-chan

$(LX_O)/obj/%.o: %.c | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) $(LX_CFLAGS) -c $< -o $@

$(LX_O)/libseptum-chan.a: $(LX_LIB_OBJS)
	$(Q)rm -f $@
	$(Q)$(CROSS)ar rcs $@ $^

$(SEPTUM_CHAN): $(LX_O)/obj/$(LX_DIR)/main.o $(LX_O)/libseptum-chan.a
	@echo "  LINUX   $@"
	$(Q)$(GUEST_CC) -static -o $@ $^

.PHONY: linux-userspace
linux-userspace: $(SEPTUM_CHAN)

-include $(wildcard $(LX_O)/obj/*/*/*.d $(LX_O)/obj/*/*/*/*.d)

# The uio modules Linux cells drive their channels with, from the same
# Debian kernel package as the kernel (ci/fetch-linux).
LX_MODULES := build/dl/modules/uio.ko build/dl/modules/uio_pci_generic.ko
$(LX_MODULES): | setup
	ci/fetch-linux build/dl

# What every channel-using Linux cell's initramfs holds: /init (the rule's
# first prerequisite), busybox and the uio modules.  A rule adds its tools:
#	$(Q)$(LX_INITRAMFS) file:/bin/tool=path ...
LX_INITRAMFS = python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
	dir:/proc dir:/sys dir:/tmp dir:/etc dir:/bin dir:/sbin dir:/usr \
	dir:/usr/bin dir:/usr/sbin dir:/lib dir:/lib/modules \
	file:/init=$< file:/bin/busybox=$(BUSYBOX) link:/bin/sh=busybox \
	$(foreach m,$(LX_MODULES),file:/lib/modules/$(notdir $m)=$m:644)

# The linuxchan test: an initramfs whose /init (a busybox sh script) drives
# septum-chan against the bare-metal cell `rt`.
LXC_TEST := partitions/tests/linuxchan
LXC_O := $(P_O)/tests/linuxchan

$(LXC_O)/initrd.cpio: $(LXC_TEST)/initramfs/init $(SEPTUM_CHAN) $(BUSYBOX) \
		$(LX_MODULES) ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)$(LX_INITRAMFS) file:/bin/septum-chan=$(SEPTUM_CHAN)

$(O)/systems/linuxchan/system.blob: $(LINUX_KERNEL) $(LXC_O)/initrd.cpio
# rt answers septum-chan's ping-pong: it shares the protocol header.
$(LXC_O)/rt.elf: $(LX_DIR)/pingpong.h

# The linux-nvme test (ci/smmu.mk): an initramfs holding the stock NVMe
# driver and ext4 with what each needs, from the same kernel package, and a
# /init (a busybox sh script) that drives the passed-through controller.
LXN_TEST := partitions/tests/linux-nvme
LXN_O := $(P_O)/tests/linux-nvme
LXN_MODULES := $(addprefix build/dl/modules/,crc64.ko crc64-rocksoft.ko \
	crct10dif_common.ko crc-t10dif.ko t10-pi.ko nvme-core.ko nvme.ko \
	crc16.ko crc32c_generic.ko mbcache.ko jbd2.ko ext4.ko)
$(LXN_MODULES): | setup
	ci/fetch-linux build/dl

$(LXN_O)/initrd.cpio: $(LXN_TEST)/initramfs/init $(BUSYBOX) $(LXN_MODULES) \
		ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)python3 ci/mkinitramfs.py $@ dir:/dev nod:/dev/console=c:5:1 \
		dir:/proc dir:/sys dir:/tmp dir:/mnt dir:/bin dir:/sbin \
		dir:/usr dir:/usr/bin dir:/usr/sbin dir:/lib dir:/lib/modules \
		file:/init=$< file:/bin/busybox=$(BUSYBOX) link:/bin/sh=busybox \
		$(foreach m,$(LXN_MODULES),file:/lib/modules/$(notdir $m)=$m:644)

$(O)/systems/linux-nvme/system.blob: $(LINUX_KERNEL) $(LXN_O)/initrd.cpio

# septum-chan for x86 Linux cells: the library and tool of
# partitions/linux/linux.mk, static x86_64 binaries from the host's gcc.
LX_X86_O := $(P_O)/linux-x86
SEPTUM_CHAN_X86 := $(LX_X86_O)/septum-chan

$(SEPTUM_CHAN_X86): $(LX_LIB_SRCS) $(LX_DIR)/main.c \
		$(wildcard $(LX_DIR)/*.h partitions/lib/*.h include/septum/*.h \
			include/septum/abi/*.h) | setup
	@mkdir -p $(dir $@)
	@echo "  LINUX   $@"
	$(Q)$(X86_GUEST_CC) -static $(filter-out -MMD -MP,$(LX_CFLAGS)) -o $@ \
		$(LX_LIB_SRCS) $(LX_DIR)/main.c

# What every channel-using x86 Linux cell's initramfs holds, as
# LX_INITRAMFS for arm64: /init (the rule's first prerequisite), busybox
# and the amd64 uio modules.
LX_INITRAMFS_X86 = python3 ci/mkinitramfs.py $@ dir:/dev \
	nod:/dev/console=c:5:1 dir:/proc dir:/sys dir:/tmp dir:/etc dir:/bin \
	dir:/sbin dir:/usr dir:/usr/bin dir:/usr/sbin dir:/lib dir:/lib/modules \
	file:/init=$< file:/bin/busybox=$(BUSYBOX_X86) link:/bin/sh=busybox \
	$(foreach m,$(LX_MODULES_X86),file:/lib/modules/$(notdir $m)=$m:644)

# The linuxchan-x86 test: the /init script of the arm64 linuxchan test (a
# busybox sh script, the same on both) and septum-chan.
LXC_X86_O := $(P_O)/tests-x86/linuxchan-x86

$(LXC_X86_O)/initrd.cpio: partitions/tests/linuxchan/initramfs/init \
		$(SEPTUM_CHAN_X86) $(BUSYBOX_X86) $(LX_MODULES_X86) ci/mkinitramfs.py
	@mkdir -p $(dir $@)
	@echo "  CPIO    $@"
	$(Q)$(LX_INITRAMFS_X86) file:/bin/septum-chan=$(SEPTUM_CHAN_X86)

$(O)/systems/linuxchan-x86/system.blob: $(LINUX_KERNEL_X86) \
	$(LXC_X86_O)/initrd.cpio
$(LXC_X86_O)/rt.elf: $(LX_DIR)/pingpong.h partitions/tests/linuxchan/rt.c
