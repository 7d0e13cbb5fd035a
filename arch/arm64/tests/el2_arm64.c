/*
 * EL2 self-tests of arm64 specifics: guarded stacks, EL2 register set-up,
 * the Image header, and the GIC the DTB describes matching the hardware.
 */
#include <septum/console.h>
#define TEST_PRINTF console_printf
#include <septum/test.h>

#include <arch/boot.h>
#include <arch/layout.h>
#include <arch/sysreg.h>
#include <septum/arch/mmu.h>
#include <septum/mmio.h>
#include <septum/selftest.h>

/* Peripheral ID 2 of the distributor: in its last 4 KiB page (v3) or the
 * only one (v2). */
#define GICV3_GICD_PIDR2 0xffe8
#define GICV2_GICD_PIDR2 0xfe8
#define PIDR2_ARCHREV(v) FIELD_GET(v, 7, 4)

extern uint8_t hv_stack_window[];
extern char _start[], __image_end[];

static bool page_rw(const uint8_t *p)
{
	return arch_mmu_can_access((uintptr_t)p, MMU_READ | MMU_WRITE);
}

static bool page_absent(const uint8_t *p)
{
	return !arch_mmu_can_access((uintptr_t)p, MMU_READ);
}

TEST(arm64, stacks_have_guard_pages)
{
	for (unsigned int i = 0; i < ARM64_MAX_CPUS; i++) {
		const uint8_t *slot = hv_stack_window + i * STACK_SLOT_SIZE;

		EXPECT(page_absent(slot));
		EXPECT(page_rw(slot + EXC_STACK_BASE));
		EXPECT(page_rw(slot + EXC_STACK_TOP - 1));
		EXPECT(page_absent(slot + EXC_STACK_TOP));
		EXPECT(page_rw(slot + CPU_STACK_BASE));
		EXPECT(page_rw(slot + CPU_STACK_TOP - 1));
	}
}

TEST(arm64, el2_translation_setup)
{
	uint64_t sctlr = sysreg_read(sctlr_el2);
	uint64_t tcr = sysreg_read(tcr_el2);

	EXPECT(sctlr & SCTLR_WXN);
	EXPECT(sctlr & SCTLR_C);
	EXPECT(sctlr & SCTLR_I);
	EXPECT_EQ(FIELD_GET(tcr, 5, 0), TCR_T0SZ(HV_VA_BITS));
	EXPECT_EQ(sysreg_read(mair_el2), MAIR_VALUE);
	EXPECT_EQ((uintptr_t)_start, HV_VA_IMAGE);
}

TEST(arm64, image_header)
{
	const uint8_t *h = (const uint8_t *)_start;
	uint64_t image_size = 0, flags = 0;

	for (unsigned int i = 0; i < 8; i++) {
		image_size |= (uint64_t)h[16 + i] << (8 * i);
		flags |= (uint64_t)h[24 + i] << (8 * i);
	}
	EXPECT(h[56] == 'A' && h[57] == 'R' && h[58] == 'M' && h[59] == 0x64);
	EXPECT_EQ(image_size, (uintptr_t)__image_end - (uintptr_t)_start);
	EXPECT_EQ(flags, 0xa);	/* little-endian, 4 KiB pages, anywhere */
}

TEST(arm64, dtb_mapped_read_only)
{
	uintptr_t dtb = (uintptr_t)arm64_boot_fdt.blob;

	EXPECT(arch_mmu_can_access(dtb, MMU_READ));
	EXPECT(arch_mmu_can_access(dtb + arm64_boot_fdt.size - 1, MMU_READ));
	EXPECT(!arch_mmu_can_access(dtb, MMU_WRITE));
}

/* GIC architecture version the DTB's interrupt controller claims, or 0. */
static unsigned int dt_gic_version(uint64_t *gicd)
{
	const struct fdt *fdt = &arm64_boot_fdt;

	for (int n = fdt_next_child(fdt, 0, -1); n >= 0;
	     n = fdt_next_child(fdt, 0, n)) {
		uint32_t len;
		const void *reg = fdt_prop(fdt, n, "reg", &len);
		unsigned int v = 0;

		if (fdt_prop_has_string(fdt, n, "compatible", "arm,gic-v3"))
			v = 3;
		else if (fdt_prop_has_string(fdt, n, "compatible",
					     "arm,cortex-a15-gic"))
			v = 2;
		if (v && len >= 8) {
			*gicd = (uint64_t)fdt_cell(reg, len, 0) << 32 |
				fdt_cell(reg, len, 1);
			return v;
		}
	}
	return 0;
}

TEST(arm64, gic_matches_device_tree)
{
	uint64_t gicd = 0;
	unsigned int dt_version = dt_gic_version(&gicd);
	uint64_t pidr2 = dt_version == 3 ? GICV3_GICD_PIDR2 : GICV2_GICD_PIDR2;
	uintptr_t regs;
	unsigned int hw_version;

	if (!EXPECT(dt_version != 0))
		return;
	regs = arch_mmu_map_device(pa(gicd + ALIGN_DOWN(pidr2, PAGE_SIZE)),
				   PAGE_SIZE);
	if (!EXPECT(regs != 0))
		return;
	hw_version = (unsigned int)PIDR2_ARCHREV(
		mmio_read32(regs + (pidr2 & (PAGE_SIZE - 1))));
	console_printf("  GICv%u at 0x%llx (device tree says GICv%u)\n",
		       hw_version, (unsigned long long)gicd, dt_version);
	EXPECT_EQ(hw_version, dt_version);
}
