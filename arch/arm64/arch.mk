# arch/arm64/arch.mk: what the build needs to know about arm64 (included by
# the top-level Makefile for boards whose board.mk says ARCH := arm64).
#
#   CC, LD, OBJCOPY, CROSS   the toolchain (TOOLCHAIN=gcc|clang)
#   ARCH_CFLAGS              flags every hypervisor file is built with
#   ARCH_SRCS                the arch's sources (and the DT reader it boots with)
#   ARCH_INCLUDES            its include folders
#   ARCH_REPLACED            portable core files the arch replaces
#   ARCH_NO_VDEVS            virtual device models its cells cannot have
#   ARCH_COLD_SRCS           its files built for size (boot, faults, printing)
#   ARCH_MMU_OFF_SRCS        its files with code that runs with the MMU off,
#                            built with ARCH_MMU_OFF_CFLAGS
#   ARCH_LDS                 the image's link map (preprocessed with LOAD_PA)
#   ARCH_UNIT_SRCS           its portable parts, unit-tested on the host
#   ARCH_SELFTEST_SRCS       its EL2 self-tests (test images)

CROSS := aarch64-linux-gnu-
OBJCOPY := $(CROSS)objcopy
ifeq ($(TOOLCHAIN),clang)
CC := clang --target=aarch64-linux-gnu
LD := ld.lld
else ifeq ($(TOOLCHAIN),gcc)
CC := $(CROSS)gcc
LD := $(CROSS)ld
else
$(error unknown TOOLCHAIN "$(TOOLCHAIN)"; use gcc or clang)
endif

# No FP/SIMD at EL2 (guests own those registers); no unaligned accesses
# (the MMU-off boot path sees only Device memory); inline atomics.
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics
# Board quirks of the GIC (board.mk GIC_QUIRKS, see docs/boards.md):
#   virq-unwired   no virtual IRQ line from the GIC into the CPUs (gicv3.c)
ARCH_CFLAGS += -DGIC_VIRQ_UNWIRED=$(if $(filter virq-unwired,$(GIC_QUIRKS)),1,0)
# The board's GIC version (board.mk GIC, 2 or 3), the only one its image
# drives: the other's driver and paths are not in it.  QEMU's virt machine
# with a GICv2 is a board of its own, with its own build directory.
ifeq ($(origin GIC),command line)
$(error GIC is the board's (its board.mk): for QEMU's virt machine with a GICv2, BOARD=qemu-aarch64-virt-gicv2)
endif
ifeq ($(filter 2 3,$(GIC)),)
$(error board $(BOARD): its board.mk must say GIC := 2 or GIC := 3, the version of its GIC)
endif
ARCH_CFLAGS += -DGIC_VERSION=$(GIC)
ARCH_INCLUDES := -Iarch/arm64/include -Iarch/dt/include
# The SMMUv3 driver only where the board has one (board.mk IOMMU := smmuv3);
# elsewhere its stand-in, which refuses a partition table naming an SMMU.
SMMU_SRCS := arch/arm64/smmu.c arch/arm64/smmu_event.c
# The driver of the board's GIC version alone (gicv3.c or gicv2.c).
GIC_OTHER_SRC := arch/arm64/gicv$(if $(filter 3,$(GIC)),2,3).c
ARCH_SRCS := $(filter-out $(GIC_OTHER_SRC) $(if $(filter smmuv3,$(IOMMU)), \
		arch/arm64/smmu_none.c,$(SMMU_SRCS)), \
	$(wildcard arch/arm64/*.c arch/arm64/*.S)) arch/dt/fdt.c
# arch/arm64/crc32.c (the CPU's CRC32 instructions) replaces core's.
ARCH_REPLACED := core/crc32.c
# Its cells have no I/O ports: no virtual 16550 on ports.
ARCH_NO_VDEVS := ns16550
# Built for size: the arch's fault and firmware-call code; the vGIC's rare
# paths (list registers beyond one interrupt, state registers, cross-CPU
# calls: the common delivery is vgic.c's).  Not boot.c: clang's -Os build of
# it reads pointers from a table of absolute addresses, which do not work
# with the MMU off.  Nor the page tables (mmu.c, pgtable.c): they map each
# cell's memory, and the hypervisor's for each image it loads, a page at a
# time (built for size, the boot to the first cell took 9 % longer); their
# boot-only functions are COLD, mmu_boot_build() too, which runs with the
# MMU off: built for size it still reaches everything PC-relative (gcc and
# clang leave no absolute relocation in mmu.c outside the debug information).
ARCH_COLD_SRCS := arch/arm64/vm.c arch/arm64/trap.c arch/arm64/psci.c \
	arch/arm64/vgic_lr.c arch/arm64/vgic_state.c arch/arm64/vgic_call.c \
	$(SMMU_SRCS) arch/arm64/smmu_none.c arch/arm64/aarch32.c \
	arch/arm64/abort.c arch/arm64/s1walk.c arch/arm64/spintable.c \
	arch/arm64/cpu.c arch/arm64/smccc.c arch/arm64/crc32.c \
	arch/dt/fdt.c
# Code that runs with the MMU off, at its physical address (boot, the page
# tables' boot, a fatal exception taken then): it may not read absolute
# addresses from data, so a switch stays branches (gcc's switch conversion
# and clang's lookup tables turn one that picks a string into a table of
# pointers).  ci/check-mmu-off checks their objects.
ARCH_MMU_OFF_SRCS := arch/arm64/boot.c arch/arm64/mmu.c arch/arm64/trap.c
ARCH_MMU_OFF_CFLAGS := $(if $(filter clang,$(TOOLCHAIN)),-fno-jump-tables,\
	-fno-tree-switch-conversion)
ARCH_LDS := arch/arm64/image.lds
ARCH_UNIT_SRCS := arch/arm64/pgtable.c arch/arm64/smmu_event.c \
	arch/arm64/s1walk.c arch/dt/fdt.c \
	$(wildcard arch/arm64/tests/host/*.c arch/dt/tests/*.c)
ARCH_SELFTEST_SRCS := $(wildcard arch/arm64/tests/*.c)
