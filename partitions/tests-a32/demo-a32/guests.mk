# The AArch32 demo's other images: Linux and the demo's initramfs.
$(O)/systems/demo-a32/system.blob: $(LINUX_KERNEL) $(P_O)/demo/initrd.cpio
