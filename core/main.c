/*
 * Boot flow of the hypervisor once arch code has it running at its own
 * virtual addresses (see docs/architecture.md).
 */
#include <septum/arch/cpu.h>
#include <septum/arch/mmu.h>
#include <septum/cell.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/main.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/selftest.h>
#include <septum/smp.h>
#include <septum/version.h>

/* Set (release) once the boot CPU has built the cells. */
static bool boot_done;

void main_primary(const struct boot_info *boot)
{
	struct fdt fdt;
	enum err e;
	unsigned int online;

	smp_init_boot_cpu();
	log_info("Septum %s, image at PA 0x%llx (%zu KiB)", SEPTUM_VERSION,
		 (unsigned long long)boot->image_pa.bits,
		 boot->image_size / 1024);
	e = fdt_open(&fdt, boot->dtb, boot->dtb_size);
	if (e != E_OK)
		panic("boot device tree at PA 0x%llx is unusable: %s",
		      (unsigned long long)boot->dtb_pa.bits, err_name(e));
	online = smp_boot_secondaries(&fdt);
	arch_mmu_drop_boot_map();
	log_info("%u CPUs online, boot identity map dropped", online);
	if (config_init())
		cell_init_all();
	else
		log_info("no partition config linked: no cells to run");
	selftest_run(boot, &fdt);
	__atomic_store_n(&boot_done, true, __ATOMIC_RELEASE);
	arch_cpu_send_event();
	cell_run_this_cpu();
}

void main_secondary(unsigned int index)
{
	smp_cpu_arrived(index);
	log_info("CPU %u online (hwid 0x%llx)", index,
		 (unsigned long long)percpu_this()->hwid);
	while (!__atomic_load_n(&boot_done, __ATOMIC_ACQUIRE)) {
		if (panic_active())
			arch_cpu_halt();
		arch_cpu_wait_event();
	}
	cell_run_this_cpu();
}
