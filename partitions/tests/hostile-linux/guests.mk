# No guest of its own: the hostile guest, and the linux test's kernel and
# initramfs.
$(O)/systems/hostile-linux/system.blob: $(P_O)/tests/hostile/hostile.bin \
	build/dl/vmlinuz-arm64 $(P_O)/tests/linux/initrd.cpio
