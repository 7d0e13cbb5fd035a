/*
 * From the entry in head.S to main_primary()/main_secondary().
 */
#include <arch/boot.h>
#include <arch/layout.h>
#include <arch/mmu_boot.h>
#include <arch/psci.h>
#include <arch/spintable.h>
#include <arch/sysreg.h>
#include <dt/fdt.h>
#include <septum/console.h>
#include <septum/drivers/board.h>
#include <septum/drivers/uart.h>
#include <septum/log.h>
#include <septum/main.h>
#include <septum/panic.h>

/* Event-stream bit of the counter: WFE wakes at least every 2^13 ticks. */
#define EVENT_STREAM_BIT 12

NORETURN void arm64_boot_primary(void);
NORETURN void arm64_boot_secondary(unsigned int index);
void arm64_boot_early(uint64_t load_pa, uint64_t x0_dtb, uint64_t entry);
NORETURN void arm64_boot_wrong_el(uint64_t el);

extern char _start[], __image_end[];

static struct {
	paddr_t dtb;
	uint32_t dtb_size;
	uintptr_t console_va;
	uint64_t load_pa;
	uint64_t entry;		/* counter at the first instruction */
} boot_state;

struct fdt arm64_boot_fdt;

/*
 * The DTB: the one the loader passed in x0, else the board's default place
 * (QEMU puts it at the start of RAM for an ELF -- at PA 0 on some boards,
 * so 0 is a place to look at there, never a "none").  MMU off.
 */
static bool find_dtb(uint64_t x0)
{
	uint64_t candidates[2] = { x0, board.dtb_fallback_pa };

	for (unsigned int i = 0; i < 2; i++) {
		uint64_t at = candidates[i];
		uint32_t size;

		if ((i == 0 && !at) || !IS_ALIGNED(at, 8))
			continue;
		size = fdt_total_size((const void *)(uintptr_t)at);
		if (size == 0)
			continue;
		if (size > HV_FDT_MAX_SIZE) {
			log_error("the DTB at PA 0x%llx is %u bytes; at most %u "
				  "are supported", (unsigned long long)at, size,
				  HV_FDT_MAX_SIZE);
			return false;
		}
		boot_state.dtb = pa(at);
		boot_state.dtb_size = size;
		log_info("device tree at PA 0x%llx (%u bytes), %s",
			 (unsigned long long)at, size,
			 i == 0 ? "passed in x0" : "at the board's default place");
		return true;
	}
	log_error("no device tree: x0 = 0x%llx holds none, nor does the board's "
		  "default place 0x%llx", (unsigned long long)x0,
		  (unsigned long long)board.dtb_fallback_pa);
	return false;
}

/*
 * Drop any stale cache lines over what was written with the MMU off (data,
 * bss, stacks, page tables) before the MMU enables caching.  Text and rodata
 * (tens of MiB with a linked partition table) were only written by the
 * loader, which cleaned them to the point of coherency as the boot protocol
 * requires, so no line there can be stale.
 */
static void dcache_invalidate_image(void)
{
	extern char __data_start[];
	uint64_t line = 4ull << FIELD_GET(sysreg_read(ctr_el0), 19, 16);
	uintptr_t p = ALIGN_DOWN((uintptr_t)__data_start, line);

	for (; p < (uintptr_t)__image_end; p += line)
		__asm__ volatile("dc ivac, %0" : : "r"(p) : "memory");
	dsb_ish();
}

void arm64_boot_early(uint64_t load_pa, uint64_t x0_dtb, uint64_t entry)
{
	enum err e;

	boot_state.entry = entry;
	console_early_init();
	log_info("booting at EL2 on CPU hwid 0x%llx, loaded at PA 0x%llx",
		 (unsigned long long)(sysreg_read(mpidr_el1) &
				      MPIDR_AFFINITY_MASK),
		 (unsigned long long)load_pa);
	if (!find_dtb(x0_dtb))
		panic("cannot boot without a device tree");
	boot_state.load_pa = load_pa;
	e = mmu_boot_build(load_pa, boot_state.dtb, boot_state.dtb_size,
			   pa(board.console_pa), &boot_state.console_va);
	if (e != E_OK)
		panic("cannot build the hypervisor's page tables: %s",
		      err_name(e));
	dcache_invalidate_image();
}

/* Per-CPU EL2 set-up common to every CPU, MMU on. */
static void cpu_setup(void)
{
	sysreg_write(cnthctl_el2, CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN |
					  CNTHCTL_EVNTEN |
					  CNTHCTL_EVNTI(EVENT_STREAM_BIT));
	isb();
}

/* A property of one or two 32-bit cells, as a number; false if neither. */
static COLD bool prop_u64(const struct fdt *fdt, int node, const char *name,
		     uint64_t *value)
{
	uint32_t len;
	const void *p = fdt_prop(fdt, node, name, &len);

	if (!p || (len != 4 && len != 8))
		return false;
	*value = 0;
	for (uint32_t i = 0; i < len / 4; i++)
		*value = *value << 32 | fdt_cell(p, len, i);
	return true;
}

/* A CPU whose enable-method is "spin-table" waits at its cpu-release-addr. */
static COLD void note_spin_table(const struct fdt *fdt, int cpu, uint64_t hwid)
{
	uint64_t release;

	if (fdt_prop_has_string(fdt, cpu, "enable-method", "spin-table") &&
	    prop_u64(fdt, cpu, "cpu-release-addr", &release) && release)
		spintable_note(hwid, release);
}

/* The CPUs of /cpus, in their order: their MPIDR affinity is the hwid. */
static COLD void read_cpus(const struct fdt *fdt, struct boot_info *info)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	uint64_t hwid;

	if (cpus < 0)
		panic("the boot device tree has no /cpus node");
	for (int c = fdt_next_child(fdt, cpus, -1); c >= 0;
	     c = fdt_next_child(fdt, cpus, c)) {
		if (!fdt_prop_has_string(fdt, c, "device_type", "cpu") ||
		    !prop_u64(fdt, c, "reg", &hwid))
			continue;
		note_spin_table(fdt, c, hwid);
		if (info->num_cpus == MAX_CPUS)
			info->cpus_left_out++;
		else
			info->cpu_hwid[info->num_cpus++] = hwid;
	}
}

/* The boot loader's initrd and command line, from /chosen. */
static COLD void read_chosen(const struct fdt *fdt, struct boot_info *info)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	uint64_t start, end;
	const char *args;

	info->cmdline = "";
	if (chosen < 0)
		return;
	args = fdt_prop_string(fdt, chosen, "bootargs");
	if (args)
		info->cmdline = args;
	for (unsigned int i = 0; i < BOOT_SEEDS; i++) {
		/* Characters, not pointers: nothing absolute in boot.o. */
		static const char names[BOOT_SEEDS][12] = { "rng-seed",
							    "kaslr-seed" };
		uint32_t len;
		const void *seed = fdt_prop(fdt, chosen, names[i], &len);

		info->seeds[i] = (struct boot_seed){ seed, seed ? len : 0 };
	}
	if (!prop_u64(fdt, chosen, "linux,initrd-start", &start) ||
	    !prop_u64(fdt, chosen, "linux,initrd-end", &end))
		return;
	if (end <= start)
		panic("the boot loader's initrd is empty (PA 0x%llx-0x%llx)",
		      (unsigned long long)start, (unsigned long long)end);
	info->initrd_pa = pa(start);
	info->initrd_size = end - start;
}

COLD void arm64_boot_primary(void)
{
	const struct uart_ops *uart = uart_find(board.console_driver);
	static struct boot_info info;
	struct fdt *fdt = &arm64_boot_fdt;
	enum err e;

	mmu_boot_switched();
	CHECK(uart != NULL);
	console_init(uart, boot_state.console_va);
	cpu_setup();
	e = fdt_open(fdt, (const void *)mmu_boot_fdt_va(boot_state.dtb),
		     boot_state.dtb_size);
	if (e != E_OK)
		panic("boot device tree at PA 0x%llx is unusable: %s",
		      (unsigned long long)boot_state.dtb.bits, err_name(e));
	if (psci_init(fdt) != E_OK)
		panic("firmware interface unusable: see the error above");
	/* Static, zero-filled: the boot CPU comes here once. */
	info.image_pa = pa(boot_state.load_pa);
	info.image_size = (uintptr_t)__image_end - (uintptr_t)_start;
	info.entry_ticks = boot_state.entry;
	read_cpus(fdt, &info);
	read_chosen(fdt, &info);
	main_primary(&info);
}

void arm64_boot_secondary(unsigned int index)
{
	cpu_setup();
	main_secondary(index);
}

void arm64_boot_wrong_el(uint64_t el)
{
	console_early_init();
	log_error("Septum must be started at EL2 (hypervisor mode) with "
		  "virtualization enabled; it was entered at EL%llu. On QEMU add "
		  "-M virt,virtualization=on; on a board, boot it from firmware "
		  "that stays at EL2",
		  (unsigned long long)el);
	for (;;)
		__asm__ volatile("wfi");
}
