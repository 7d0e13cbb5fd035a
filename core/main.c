/*
 * Boot flow of the hypervisor once arch code has it running at its own
 * virtual addresses (see docs/architecture.md).
 */
#include <septum/arch/cpu.h>
#include <septum/arch/mmu.h>
#include <septum/cell.h>
#include <septum/config.h>
#include <septum/console.h>
#include <septum/entropy.h>
#include <septum/hypcolour.h>
#include <septum/hypmem.h>
#include <septum/log.h>
#include <septum/main.h>
#include <septum/mux.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/selftest.h>
#include <septum/smp.h>
#include <septum/version.h>

/*
 * The console from here on: the mux over the config's UART, or nothing when
 * the config leaves the hypervisor without one (a cell owns the UART).
 */
static void start_console(void)
{
	const struct septum_hyp *h = &config_get()->hyp;

	if (!h->uart_pa) {
		log_info("the config gives the hypervisor no console: silent "
			 "from here on");
		console_silence();
		return;
	}
	if (console_use(h->uart_kind, h->uart_pa) != E_OK)
		log_warn("no driver linked for the config's console UART (kind "
			 "%u at PA 0x%llx): the console stays on the board's",
			 h->uart_kind, (unsigned long long)h->uart_pa);
	/* Console input interrupts go to the last CPU, away from CPU 0. */
	console_start_mux(h->uart_intid, smp_online_count() - 1);
}

/*
 * What the hypervisor's own memory holds now that the cells are built (the
 * figure `make bench` reports as hv_ram_bytes: all of it but the cells'
 * second-stage tables and the pools' spare pages).  Cell state is what
 * hypmem handed out besides page-table pages (the vGIC's, for one).
 */
static void log_memory(unsigned int online)
{
	struct mmu_usage u;
	size_t state;

	arch_mmu_usage(&u, online);
	state = hypmem_used() - u.pool_hypmem - u.own_hypmem;
	log_info("memory: %zu KiB in use (image %zu, stacks %zu, page tables "
		 "%zu, cell state %zu), cells' stage-2 tables %zu KiB; "
		 "page-table pools %zu KiB, %zu KiB free; %zu KiB of the "
		 "hypervisor's region left",
		 (u.image + u.stacks + u.hyp_tables + state) / 1024,
		 u.image / 1024, u.stacks / 1024, u.hyp_tables / 1024,
		 state / 1024, u.cell_tables / 1024, u.pool / 1024,
		 (u.pool - u.hyp_tables - u.cell_tables) / 1024,
		 (hypmem_size() - hypmem_used()) / 1024);
}

/* Set (release) once the boot CPU has built the cells. */
static bool boot_done;

/*
 * The config gives the hypervisor its memory; the image (and the partition
 * table linked into it) must lie inside, or cells would be loaded over it.
 * Only the hypervisor knows its image's size, so this is checked here.
 */
static void check_own_memory(const struct boot_info *boot)
{
	const struct septum_hyp *h = &config_get()->hyp;
	uint64_t start = boot->image_pa.bits, size = boot->image_size;

	if (start < h->mem_pa || size > h->mem_size ||
	    start - h->mem_pa > h->mem_size - size)
		panic("the hypervisor image (%llu KiB at PA 0x%llx) does not fit "
		      "in the memory the config gives the hypervisor (%llu KiB "
		      "at 0x%llx): enlarge /hypervisor size in the system DTS",
		      (unsigned long long)size / 1024, (unsigned long long)start,
		      (unsigned long long)h->mem_size / 1024,
		      (unsigned long long)h->mem_pa);
}

/*
 * What follows the image and the kept table in the region is hypmem's.  A
 * cache-coloured hypervisor takes only pages of its colours from there, and
 * moves itself onto them before any other CPU starts.
 */
static void start_hypmem(const struct boot_info *boot)
{
	const struct septum_config *cfg = config_get();
	const struct septum_hyp *h = &cfg->hyp;
	uint64_t start = boot->image_pa.bits + boot->image_size;
	uint64_t kept = config_kept_end().bits;
	enum err e;

	if (kept > start)
		start = kept;
	if (!hypmem_init(pa(start), pa(h->mem_pa + h->mem_size)))
		panic("cannot map the hypervisor's memory (PA 0x%llx-0x%llx)",
		      (unsigned long long)start,
		      (unsigned long long)(h->mem_pa + h->mem_size));
	if (!cfg->hyp_colours)
		return;
	if (!hypmem_colour(cfg->hyp_colours, cfg->llc.colours))
		panic("cannot map the hypervisor's memory for its pages of its "
		      "cache colours");
	e = arch_mmu_colour();
	if (e != E_OK)
		panic("cannot move the hypervisor onto pages of its cache "
		      "colours: %s (%zu KiB of them in its memory): enlarge "
		      "/hypervisor size in the system DTS", err_name(e),
		      hypmem_size() / 1024);
	log_info("the hypervisor moved onto pages of its cache colours "
		 "(%zu KiB of them taken for its image and tables)",
		 hypmem_used() / 1024);
}

void main_primary(const struct boot_info *boot)
{
	unsigned int online;
	bool configured;

	smp_init_boot_cpu();
	log_info("Septum %s, image at PA 0x%llx (%zu KiB)", SEPTUM_VERSION,
		 (unsigned long long)boot->image_pa.bits,
		 boot->image_size / 1024);
	for (unsigned int i = 0; i < BOOT_SEEDS; i++)
		entropy_add(boot->seeds[i].data, boot->seeds[i].len);
	/* Before the other CPUs start: they start on what it decides. */
	configured = config_init(boot,
				 pa(boot->image_pa.bits + boot->image_size));
	if (configured) {
		check_own_memory(boot);
		start_hypmem(boot);
	}
	online = smp_boot_secondaries(boot);
	arch_mmu_drop_boot_map();
	log_info("%u CPUs online, boot identity map dropped", online);
	if (configured) {
		cell_init_all(boot->entry_ticks);
		mux_take_rings();
		if (config_get()->hyp_colours)
			hypcolour_check();
		log_memory(online);
		start_console();
	} else {
		log_info("no partition config (none linked in, no initrd from "
			 "the boot loader): no cells to run");
	}
	selftest_run(boot);
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
