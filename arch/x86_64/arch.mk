# arch/x86_64/arch.mk: what the build needs to know about x86_64 (included by
# the top-level Makefile for boards whose board.mk says ARCH := x86_64).
# The variables are those of arch/arm64/arch.mk.
#
# The host's own compilers build it (this arch is the host's): gcc and ld,
# or clang and ld.lld.

OBJCOPY := objcopy
ifeq ($(TOOLCHAIN),clang)
CC := clang --target=x86_64-linux-gnu
LD := ld.lld
else ifeq ($(TOOLCHAIN),gcc)
CC := gcc
LD := ld
else
$(error unknown TOOLCHAIN "$(TOOLCHAIN)"; use gcc or clang)
endif

# No FP/SIMD in the hypervisor (guests own those registers); no red zone
# (interrupts push on the current stack); linked in the top 2 GiB.
ARCH_CFLAGS := -m64 -mgeneral-regs-only -mno-red-zone -mcmodel=kernel \
	-fno-asynchronous-unwind-tables
ARCH_INCLUDES := -Iarch/x86_64/include
ARCH_SRCS := $(wildcard arch/x86_64/*.c arch/x86_64/*.S)
# arch/x86_64/crc32.c (four bytes a lookup round) replaces core's.
# Its cells' console is the 16550 on ports: no virtual PL011.
ARCH_NO_VDEVS := pl011
ARCH_REPLACED := core/crc32.c
ARCH_COLD_SRCS := arch/x86_64/boot.c arch/x86_64/acpi.c arch/x86_64/trap.c \
	arch/x86_64/mmu.c arch/x86_64/pgtable.c arch/x86_64/timer.c \
	arch/x86_64/ioapic.c
ARCH_LDS := arch/x86_64/image.lds
ARCH_UNIT_SRCS := arch/x86_64/pgtable.c arch/x86_64/decode.c arch/x86_64/crc32.c \
	$(wildcard arch/x86_64/tests/host/*.c)
ARCH_SELFTEST_SRCS := $(wildcard arch/x86_64/tests/*.c)
