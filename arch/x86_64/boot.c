/*
 * From head.S to main_primary() (the boot CPU) and from the trampoline to
 * main_secondary() (the APs).  The boot CPU arrives in long mode on the boot
 * tables (the first 4 GiB identity-mapped, the image at its virtual
 * address): it reads what the boot loader and firmware say (Multiboot
 * information, ACPI MADT) while physical memory is still reachable, builds
 * and loads the hypervisor's own tables, and sets itself up.
 */
#include <arch/acpi.h>
#include <arch/apic.h>
#include <arch/cpu.h>
#include <arch/ioapic.h>
#include <arch/multiboot.h>
#include <arch/layout.h>
#include <arch/paging.h>
#include <arch/pgtable.h>
#include <arch/pio.h>
#include <arch/tsc.h>
#include <arch/x86.h>
#include <septum/console.h>
#include <septum/drivers/board.h>
#include <septum/drivers/uart.h>
#include <septum/log.h>
#include <septum/main.h>
#include <septum/panic.h>
#include <string.h>

/* The legacy 8259 PICs: remapped away from the exceptions, all masked. */
#define PIC1_CMD 0x20
#define PIC1_DATA 0x21
#define PIC2_CMD 0xa0
#define PIC2_DATA 0xa1
#define PIC_ICW1_INIT 0x11
#define PIC1_BASE 0x20
#define PIC2_BASE 0x28
#define PIC_CASCADE_IRQ 4	/* ICW3 of the master: slave on IRQ 2 */
#define PIC_CASCADE_ID 2
#define PIC_ICW4_8086 0x01
#define PIC_MASK_ALL 0xff

#define CMDLINE_MAX 512
#define LOADER_NAME_MAX 64

#define CPUID_1_ECX_RDRAND BIT(30)
#define RDRAND_TRIES 10	/* what AMD and Intel advise before giving up */
#define CPU_SEED_WORDS 4	/* 256 bits */


extern char _start[], __image_end[];

static char cmdline[CMDLINE_MAX];
static struct boot_info info;

/* Identity-mapped physical memory (the boot tables), as a pointer. */
static const void *low_phys(uint64_t pa)
{
	const void *p;

	__asm__("" : "=r"(p) : "0"((uintptr_t)pa));
	return p;
}

/*
 * The command line after its first word (the image's file name, which
 * Multiboot loaders put first).
 */
static void read_cmdline(const struct multiboot_info *mb)
{
	const char *s;
	size_t n = 0;

	if (!(mb->flags & MB_INFO_CMDLINE) || !mb->cmdline)
		return;
	s = low_phys(mb->cmdline);
	while (*s && *s != ' ')
		s++;
	while (*s == ' ')
		s++;
	while (n < CMDLINE_MAX - 1 && s[n]) {
		cmdline[n] = s[n];
		n++;
	}
	cmdline[n] = '\0';
}

/*
 * Which boot loader started the hypervisor, as it names itself (GRUB's
 * name and version, QEMU's "qemu"), for the log: at most LOADER_NAME_MAX
 * characters, anything but printable ASCII shown as '?'.
 */
static void log_loader_name(const struct multiboot_info *mb)
{
	char name[LOADER_NAME_MAX + 1];
	const char *s;
	size_t n = 0;

	if (!(mb->flags & MB_INFO_LOADER_NAME) || !mb->boot_loader_name)
		return;
	s = low_phys(mb->boot_loader_name);
	while (n < LOADER_NAME_MAX && s[n]) {
		name[n] = s[n] >= ' ' && s[n] <= '~' ? s[n] : '?';
		n++;
	}
	name[n] = '\0';
	log_info("started by the boot loader \"%s\"", name);
}

/* The first module holds the partition table (an image without one). */
static void read_modules(const struct multiboot_info *mb)
{
	const struct multiboot_module *m;

	if (!(mb->flags & MB_INFO_MODS) || !mb->mods_count)
		return;
	m = low_phys(mb->mods_addr);
	if (m->mod_end <= m->mod_start)
		panic("the boot loader's module is empty (PA 0x%x-0x%x)",
		      m->mod_start, m->mod_end);
	info.initrd_pa = pa(m->mod_start);
	info.initrd_size = m->mod_end - m->mod_start;
	if (mb->mods_count > 1)
		log_warn("%u boot modules: only the first (the partition "
			 "table) is used", mb->mods_count);
}

static bool rdrand64(uint64_t *v)
{
	for (unsigned int i = 0; i < RDRAND_TRIES; i++) {
		uint8_t ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/*
 * A Multiboot loader hands over no random seed: take one from the CPU's
 * own generator (RDRAND) when it has one, for the cells' boot entropy.
 */
static void read_cpu_seed(void)
{
	static uint64_t seed[CPU_SEED_WORDS];

	if (!(cpuid(CPUID_FEATURES, 0).ecx & CPUID_1_ECX_RDRAND))
		return;
	for (unsigned int i = 0; i < CPU_SEED_WORDS; i++) {
		if (!rdrand64(&seed[i]))
			return;
	}
	info.seeds[0] = (struct boot_seed){ seed, sizeof(seed) };
}

static void read_boot_info(uint32_t magic, uint32_t info_pa)
{
	const struct multiboot_info *mb = low_phys(info_pa);

	info.cmdline = cmdline;
	if (magic != MULTIBOOT_BOOT_MAGIC)
		panic("not started by a Multiboot boot loader (EAX 0x%x): no "
		      "boot information", magic);
	log_loader_name(mb);
	read_cmdline(mb);
	read_modules(mb);
	read_cpu_seed();
	if (!acpi_read_cpus(&info)) {
		log_warn("no ACPI MADT: running on the boot CPU alone");
		info.num_cpus = 1;
		info.cpu_hwid[0] = x86_apic_id();
	}
}

static void pic_disable(void)
{
	pio_write8(PIC1_CMD, PIC_ICW1_INIT);
	pio_write8(PIC2_CMD, PIC_ICW1_INIT);
	pio_write8(PIC1_DATA, PIC1_BASE);
	pio_write8(PIC2_DATA, PIC2_BASE);
	pio_write8(PIC1_DATA, PIC_CASCADE_IRQ);
	pio_write8(PIC2_DATA, PIC_CASCADE_ID);
	pio_write8(PIC1_DATA, PIC_ICW4_8086);
	pio_write8(PIC2_DATA, PIC_ICW4_8086);
	pio_write8(PIC1_DATA, PIC_MASK_ALL);
	pio_write8(PIC2_DATA, PIC_MASK_ALL);
}

/*
 * Where the image was loaded: what head.S's boot tables map the image's
 * first 2 MiB to (the loader chose it; Multiboot loaders honour LOAD_PA).
 */
static uint64_t image_load_pa(void)
{
	extern uint8_t boot_pt[BOOT_PT_PAGES][PAGE_SIZE];
	const uint64_t *pd = (const uint64_t *)(const void *)boot_pt[BOOT_PT_PD_HI];

	return pd[0] & PTE_ADDR_MASK;
}

static void check_cpu(void)
{
	const char *why;

	if (!x86_cpu_supported(&why))
		panic("Septum needs AMD SVM with nested paging; this CPU has "
		      "%s", why);
}

void x86_boot_primary(uint32_t magic, uint32_t info_pa, uint64_t entry_tsc)
{
	uint64_t load_pa = image_load_pa();
	const struct uart_ops *uart = uart_find(board.console_driver);
	enum err e;

	console_early_init();
	check_cpu();
	x86_cpu_setup(0);
	log_info("booting on x86_64, CPU APIC id 0x%x, loaded at PA 0x%llx",
		 x86_apic_id(), (unsigned long long)load_pa);
	read_boot_info(magic, info_pa);
	e = paging_build(load_pa);
	if (e != E_OK)
		panic("cannot build the hypervisor's page tables: %s",
		      err_name(e));
	paging_switch();
	CHECK(uart != NULL);
	console_init(uart, (uintptr_t)board.console_pa);
	pic_disable();
	tsc_calibrate();
	apic_map();
	apic_cpu_init();
	apic_timer_calibrate();
	ioapic_init(acpi_ioapic_pa());
	info.image_pa = pa(load_pa);
	info.image_size = (uintptr_t)__image_end - (uintptr_t)_start;
	info.entry_ticks = entry_tsc;
	main_primary(&info);
}

void x86_ap_entry(unsigned int index)
{
	x86_cpu_setup(index);
	apic_cpu_init();
	main_secondary(index);
}
