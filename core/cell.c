/*
 * Cells: creation from the config, their vCPUs' life cycle, fault policy.
 * See septum/cell.h for the rules on which CPU touches what.
 */
#include <septum/arch/cpu.h>
#include <septum/arch/irq.h>
#include <septum/arch/timer.h>
#include <septum/arch/vm.h>
#include <septum/drivers/power.h>
#include <septum/cell.h>
#include <septum/config.h>
#include <septum/console.h>
#include <septum/crc32.h>
#include <septum/entropy.h>
#include <septum/fmt.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/ram.h>
#include <septum/smp.h>
#include <septum/vdev.h>
#include <string.h>

static struct cell cells[SEPTUM_MAX_CELLS];
static unsigned int ncells;
static uint64_t boot_ticks;	/* the hypervisor's entry (cell_init_all) */

unsigned int cell_count(void)
{
	return ncells;
}

struct cell *cell_get(unsigned int i)
{
	return &cells[i];
}

struct vcpu *cell_this_vcpu(void)
{
	return percpu_this()->vcpu;
}

/* The image is where the boot loader put it, in place in the cell. */
static bool image_in_place(const struct septum_cell *cfg,
			   const struct septum_image *img)
{
	uint64_t contig;

	return img->source == SEPTUM_SRC_PHYS &&
	       img->pa == ram_pa(cfg, ipa(img->load_ipa), &contig).bits &&
	       contig >= img->size;
}

/* Bytes loaded between two arch_cpu_yield() hints. */
#define LOAD_CHUNK 0x10000u

/*
 * Copy a piece of an image to its place, in chunks, and return the CRC of
 * what landed there, continuing `crc`.  A preloaded image may be in place
 * already, or overlap its place: that rare one moves in one go first.
 */
static uint32_t load_checked(void *to, const void *from, uint64_t size,
			     uint32_t crc)
{
	uint8_t *dst = to;
	const uint8_t *src = from;

	if (src != dst && src < dst + size && dst < src + size) {
		memmove(dst, src, (size_t)size);
		src = dst;
	}
	for (uint64_t done = 0; done < size; done += LOAD_CHUNK) {
		size_t n = (size_t)(size - done < LOAD_CHUNK ? size - done
							      : LOAD_CHUNK);

		if (src != dst)
			memcpy(dst + done, src + done, n);
		crc = crc32_update(crc, dst + done, n);
		arch_phys_sync(dst + done, n);
		arch_cpu_yield();
	}
	return crc;
}

/*
 * Copy image img to its guest address, piece by piece of the cell's RAM (a
 * coloured cell's pages are scattered), and return the CRC of what landed.
 */
static uint32_t load_image(const struct septum_cell *cfg,
			   const struct septum_image *img)
{
	const uint8_t *from = img->source == SEPTUM_SRC_BLOB ?
				      config_payload(img->offset) :
				      arch_phys_map(pa(img->pa), img->size);
	uint32_t crc = 0;
	uint64_t done = 0;

	while (done < img->size) {
		uint64_t n;
		paddr_t to = ram_pa(cfg, ipa(img->load_ipa + done), &n);

		if (!n)
			panic("cell %s: image at IPA 0x%llx is not in its RAM",
			      cfg->name, (unsigned long long)img->load_ipa);
		n = n < img->size - done ? n : img->size - done;
		crc = load_checked(arch_phys_map(to, n), from + done, n, crc);
		done += n;
	}
	return crc;
}

/*
 * Fresh random bytes into the cell's seed slots, now that its images are in
 * place; with no entropy to give, each slot is blanked (its property
 * vanishes), so the cell never takes a predictable seed for a random one.
 */
static void give_seeds(const struct septum_cell *cfg)
{
	static bool warned;

	for (unsigned int i = 0; i < SEPTUM_MAX_SEEDS; i++) {
		const struct septum_seed *s = &cfg->seeds[i];
		uint8_t bytes[16 + SEPTUM_MAX_SEED_LEN];
		uint64_t at = s->ipa, size = s->len;

		if (!s->len)
			continue;
		if (!entropy_draw(bytes, s->len)) {
			at -= s->blank_before;
			size = s->blank_before + ALIGN_UP(s->len, 4u);
			for (uint64_t k = 0; k < size; k++)
				bytes[k] = s->blank[k % 4];
			if (!warned)
				log_warn("cell %s: no random seed to give it: "
					 "the boot loader handed the hypervisor "
					 "none", cfg->name);
			warned = true;
		}
		if (!ram_write(cfg, ipa(at), bytes, size))
			panic("cell %s: seed slot %u is not in its RAM",
			      cfg->name, i);
	}
}

/*
 * Put cell c's RAM in its boot state: zeroed (on a restart), then every image
 * copied to its load address and checked against its CRC.  Runs on a CPU of
 * the cell, so cells load in parallel and a small cell starts without
 * waiting for a large one.  E_OK, or why the cell cannot start: E_NOTFOUND,
 * an image preloaded in place and since overwritten by the guest has no
 * pristine copy; E_CORRUPT, an image's bytes do not match its CRC.
 */
static enum err load_images(struct cell *c, bool zero)
{
	const struct septum_cell *cfg = c->cfg;
	struct ram_piece p;

	for (unsigned int i = 0; zero && i < cfg->num_images; i++) {
		if (image_in_place(cfg, &cfg->images[i]))
			return E_NOTFOUND;
	}
	for (unsigned int n = 0; zero && ram_piece(cfg, n, &p); n++) {
		void *va = arch_phys_map(p.pa, p.size);

		memset(va, 0, p.size);
		arch_phys_sync(va, p.size);
	}
	for (unsigned int i = 0; i < cfg->num_images; i++) {
		const struct septum_image *img = &cfg->images[i];

		/* A preloaded image is the boot loader's: no CRC to check. */
		if (load_image(cfg, img) != img->crc32 &&
		    img->source == SEPTUM_SRC_BLOB)
			return E_CORRUPT;
	}
	give_seeds(cfg);
	return E_OK;
}

/* Why load_images() failed, for the log line. */
static COLD const char *load_error(enum err e)
{
	if (e == E_NOTFOUND)
		return "an image was loaded in place by the boot loader and "
		       "has no pristine copy";
	return "an image does not match its CRC (a corrupt partition table "
	       "or a boot loader that changed it)";
}

/* The hypervisor CPU whose hardware id is `hwid`, or -1. */
static int cpu_by_hwid(uint64_t hwid)
{
	unsigned int online = smp_online_count();

	for (unsigned int i = 0; i < online; i++) {
		if (percpu_all[i].hwid == hwid)
			return (int)i;
	}
	return -1;
}

/* vCPU v starts at `entry` with `arg`: its CPU is told. */
static NOINLINE void start_vcpu(struct vcpu *v, uint64_t entry, uint64_t arg)
{
	v->entry = entry;
	v->arg = arg;
	__atomic_store_n(&v->state, VCPU_STARTING, __ATOMIC_RELEASE);
	arch_cpu_kick(v->pcpu);
}

/* The first vCPU, as the cell (re)starts: enter the kernel, x0 = its DTB. */
static void start_boot_vcpu(struct cell *c)
{
	const struct septum_cell *cfg = c->cfg;

	start_vcpu(&c->vcpus[0], cfg->images[cfg->entry_image].entry_ipa,
		   cfg->dtb_ipa);
}

/* Cell c's memory and devices leave the arch's own ranges alone. */
static COLD void check_reserved(const struct cell *c)
{
	const struct septum_cell *cfg = c->cfg;
	struct ram_piece p;

	for (unsigned int n = 0; ram_piece(cfg, n, &p); n++) {
		vm_check_reserved(c, false, p.pa.bits, p.size, "memory");
		vm_check_reserved(c, true, p.ipa.bits, p.size, "memory");
	}
	for (unsigned int i = 0; i < cfg->num_mmio; i++) {
		const struct septum_mmio *m = &cfg->mmio[i];

		vm_check_reserved(c, false, m->pa, m->size, "device range");
		vm_check_reserved(c, true, m->ipa, m->size, "device range");
	}
}

static void cell_init(struct cell *c, unsigned int index)
{
	const struct septum_cell *cfg = &config_get()->cells[index];
	enum err e;

	c->cfg = cfg;
	c->index = index;
	c->lock = (struct spinlock)SPINLOCK_INIT;
	check_reserved(c);
	e = arch_vm_cell_init(c);
	if (e == E_NOMEM)
		panic("cell %s: out of page-table memory for its translation",
		      cfg->name);
	if (!ram_map(cfg))
		panic("cell %s: cannot map its RAM for loading", cfg->name);
	for (unsigned int i = 0; i < cfg->num_cpus; i++) {
		int cpu = cpu_by_hwid(cfg->cpus[i].hwid);
		struct vcpu *v = &c->vcpus[i];

		if (cpu < 0)
			panic("cell %s: CPU hwid 0x%llx is not online",
			      cfg->name, (unsigned long long)cfg->cpus[i].hwid);
		v->cell = c;
		v->index = i;
		v->pcpu = (unsigned int)cpu;
		percpu_all[cpu].vcpu = v;
	}
	for (unsigned int i = 0; i < cfg->num_images; i++) {
		const struct septum_image *img = &cfg->images[i];

		/* Mapped now, on the boot CPU: loading (any CPU) only looks. */
		if (img->source == SEPTUM_SRC_PHYS &&
		    !arch_phys_map(pa(img->pa), img->size))
			panic("cell %s: cannot map image %u", cfg->name, i);
	}
	vdev_cell_init(c);
	if (e != E_OK) {
		/* The arch said why it cannot run this cell. */
		c->state = CELL_STOPPED;
		return;
	}
	log_info("cell %s: %u CPU%s, %u region%s, built", cfg->name,
		 cfg->num_cpus, cfg->num_cpus == 1 ? "" : "s", cfg->num_regions,
		 cfg->num_regions == 1 ? "" : "s");
}

void cell_init_all(uint64_t boot_entry_ticks)
{
	boot_ticks = boot_entry_ticks;
	arch_vm_init();
	ncells = config_get()->header.num_cells;
	for (unsigned int i = 0; i < ncells; i++)
		cell_init(&cells[i], i);
	for (unsigned int i = 0; i < ncells; i++) {
		if (cells[i].state == CELL_RUNNING)
			start_boot_vcpu(&cells[i]);
	}
}

/*
 * Wait on this CPU until its vCPU is asked to start in a running cell; then
 * it is on.
 */
static void wait_for_start(struct vcpu *v)
{
	struct cell *c = v->cell;

	for (;;) {
		/*
		 * Poll before the look at the state, never between it and the
		 * sleep: the kick's interrupt then stays pending and ends it.
		 */
		for (;;) {
			if (panic_active())
				arch_cpu_halt();
			arch_irq_poll();
			console_poll();	/* parked CPUs help the console along */
			if (__atomic_load_n(&v->state, __ATOMIC_ACQUIRE) ==
			    VCPU_STARTING)
				break;
			arch_cpu_idle();	/* until kicked */
		}
		spin_lock(&c->lock);
		if (v->state == VCPU_STARTING && c->state == CELL_RUNNING) {
			v->state = VCPU_ON;
			c->vcpus_in_guest++;
			spin_unlock(&c->lock);
			return;
		}
		spin_unlock(&c->lock);
	}
}

/* vCPU v's next exit must look at its state (cell_exit_checkpoint()). */
static void call_attention(struct vcpu *v)
{
	__atomic_store_n(&v->attention, true, __ATOMIC_RELEASE);
}

/*
 * Make every vCPU of cell c look at its state at its next exit, and kick
 * the others' CPUs so that exit comes now.
 */
static void kick_others(struct cell *c, const struct vcpu *self)
{
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++) {
		call_attention(&c->vcpus[i]);
		if (&c->vcpus[i] != self)
			arch_cpu_kick(c->vcpus[i].pcpu);
	}
}

/*
 * The cell ends (stop) or begins again (restart).  Every vCPU leaves the
 * guest; the last one out performs a restart.  Cell lock held.
 */
static void cell_end(struct cell *c, const struct vcpu *self, bool restart)
{
	if (c->state == CELL_STOPPED)
		return;	/* already ending */
	c->state = CELL_STOPPED;
	c->restart_pending = restart;
	arch_vm_cell_stopped(c);
	vdev_cell_stop(c);
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++) {
		if (c->vcpus[i].state == VCPU_STARTING)
			c->vcpus[i].state = VCPU_OFF;
	}
	kick_others(c, self);
}

/* Last vCPU out: reload the cell and start it again.  Cell lock held. */
static void cell_restart(struct cell *c)
{
	enum err e;

	arch_vm_cell_reset_devices(c);	/* nothing of its last life left */
	e = load_images(c, true);

	if (e != E_OK) {
		c->restart_pending = false;	/* stopped for good */
		log_error("cell %s: cannot restart: %s; cell stopped",
			  c->cfg->name, load_error(e));
		return;
	}
	c->restarts++;
	c->restart_pending = false;
	c->state = CELL_RUNNING;
	vdev_cell_reset(c);
	arch_vm_flush(c);
	log_info("cell %s: restarted (restart #%u)", c->cfg->name, c->restarts);
	start_boot_vcpu(c);
}

/*
 * With every cell stopped for good there is nothing left to run: say so and
 * power the system off.
 */
static void power_off_if_all_stopped(void)
{
	for (unsigned int i = 0; i < ncells; i++) {
		if (__atomic_load_n(&cells[i].state, __ATOMIC_ACQUIRE) ==
			    CELL_RUNNING ||
		    cells[i].restart_pending)
			return;
	}
	log_info("every cell has stopped: powering off");
	console_flush();
	power_off();
}

/* The cell's first start, on its boot vCPU's CPU: load its images. */
static void first_load(struct vcpu *v)
{
	struct cell *c = v->cell;
	enum err e = load_images(c, false);

	if (e == E_OK)
		return;
	log_error("cell %s: cannot start: %s; cell stopped", c->cfg->name,
		  load_error(e));
	spin_lock(&c->lock);
	cell_end(c, v, false);
	spin_unlock(&c->lock);
	power_off_if_all_stopped();
}

void cell_run_this_cpu(void)
{
	struct vcpu *v = cell_this_vcpu();

	arch_vm_cpu_init();
	if (!v) {
		/* No cell here: serve the hypervisor's interrupts. */
		while (!panic_active()) {
			arch_irq_poll();
			arch_cpu_idle();
		}
		arch_cpu_halt();
	}
	if (v->index == 0 && v->cell->state == CELL_RUNNING)
		first_load(v);
	wait_for_start(v);
	arch_vcpu_reset(v, v->entry, v->arg);
	/* The boot's time line: logged at the first exit, not on the way in. */
	if (v->index == 0) {
		v->boot_entry = arch_timer_now();
		call_attention(v);
	}
	arch_vcpu_enter(v);
}

/*
 * Take the calling vCPU out of the guest: the cell lock is held on entry and
 * released.  Restarts the cell if this was the last vCPU of a restart.
 */
static void leave_guest(struct vcpu *v)
{
	struct cell *c = v->cell;

	/*
	 * A sibling's CPU_ON may already have restarted a vCPU that turned
	 * itself off and is only now on its way out: keep that start.
	 */
	if (v->state != VCPU_STARTING)
		v->state = VCPU_OFF;
	arch_vcpu_park(v);
	c->vcpus_in_guest--;
	if (c->vcpus_in_guest == 0 && c->restart_pending)
		cell_restart(c);
	else if (c->vcpus_in_guest == 0 && c->state == CELL_STOPPED) {
		arch_vm_cell_stopped(c);	/* again: its other vCPUs may have
						 * unmasked some as it ended */
		arch_vm_cell_reset_devices(c);
	}
	spin_unlock(&c->lock);
	if (c->vcpus_in_guest == 0)
		power_off_if_all_stopped();
}

/*
 * How long after the hypervisor's entry the cell's first instruction ran
 * (the counter was read a fixed few instructions before it: the exit frame's
 * restore and ERET).  Once per cell, at its first exit.
 */
static void report_boot_entry(struct vcpu *v)
{
	uint64_t ticks = v->boot_entry - boot_ticks;
	uint64_t freq = arch_timer_freq();

	v->boot_entry = 0;
	log_info("cell %s: first instruction %llu ns after the hypervisor's "
		 "entry", v->cell->cfg->name,
		 (unsigned long long)(ticks / freq * 1000000000ull +
				      ticks % freq * 1000000000ull / freq));
}

bool cell_exit_slow(struct vcpu *v)
{
	struct cell *c = v->cell;

	/*
	 * Cleared before the states are looked at (a full barrier between):
	 * a change made after the look sets it again for the next exit.
	 */
	__atomic_store_n(&v->attention, false, __ATOMIC_SEQ_CST);
	if (v->boot_entry)
		report_boot_entry(v);
	if (__atomic_load_n(&c->state, __ATOMIC_SEQ_CST) == CELL_RUNNING &&
	    __atomic_load_n(&v->state, __ATOMIC_SEQ_CST) == VCPU_ON)
		return false;
	spin_lock(&c->lock);
	leave_guest(v);
	wait_for_start(v);
	arch_vcpu_reset(v, v->entry, v->arg);
	return true;
}

/*
 * Log why cell c ends and apply its policy; `self` is its faulting vCPU.
 * The list by its address: each caller's own, not a copy of it.
 */
static void fault_end(struct cell *c, const struct vcpu *self,
		      const char *format, va_list *ap)
{
	bool restart = c->cfg->fault_policy == SEPTUM_FAULT_RESTART;
	char why[CONSOLE_LINE_MAX];

	fmt_vsnprintf(why, sizeof(why), format, *ap);
	log_error("cell %s: %s; %s", c->cfg->name, why,
		  restart ? "restarting it" : "stopping it");
	spin_lock(&c->lock);
	cell_end(c, self, restart);
	spin_unlock(&c->lock);
}

void cell_fault(struct vcpu *v, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	fault_end(v->cell, v, format, &ap);
	va_end(ap);
}

void cell_access_fault(struct vcpu *v, bool fetch, bool write,
		       const char *format, ...)
{
	struct cell *c = v->cell;
	va_list ap;

	va_start(ap, format);
	if (c->cfg->fault_policy != SEPTUM_FAULT_INJECT ||
	    !arch_vcpu_external_abort(v, fetch, write)) {
		fault_end(c, v, format, &ap);
		va_end(ap);
		return;
	}
	/* A storm of them costs this cell's CPUs only: one line, ever. */
	if (!__atomic_exchange_n(&c->abort_logged, true, __ATOMIC_RELAXED)) {
		char why[CONSOLE_LINE_MAX];

		fmt_vsnprintf(why, sizeof(why), format, ap);
		log_warn("cell %s: %s; delivered to it as a synchronous external "
			 "abort (logged once)", c->cfg->name, why);
	}
	va_end(ap);
}

void cell_device_fault(struct cell *c, const char *format, ...)
{
	va_list ap;

	va_start(ap, format);
	fault_end(c, NULL, format, &ap);
	va_end(ap);
}

/* The cell powered itself off, or reset itself (`restart`). */
static NOINLINE void system_end(struct vcpu *v, bool restart, const char *how)
{
	log_info("cell %s: %s (%s)", v->cell->cfg->name,
		 restart ? "reset itself" : "powered itself off", how);
	spin_lock(&v->cell->lock);
	cell_end(v->cell, v, restart);
	spin_unlock(&v->cell->lock);
}

void cell_system_off(struct vcpu *v, const char *how)
{
	system_end(v, false, how);
}

void cell_system_reset(struct vcpu *v, const char *how)
{
	system_end(v, true, how);
}

enum err cell_vcpu_start(struct vcpu *v, unsigned int target, uint64_t entry,
			 uint64_t arg)
{
	struct cell *c = v->cell;
	struct vcpu *t;
	enum err e = E_OK;

	if (target >= c->cfg->num_cpus)
		return E_INVALID;
	t = &c->vcpus[target];
	spin_lock(&c->lock);
	if (c->state != CELL_RUNNING) {
		e = E_DENIED;
	} else if (t->state != VCPU_OFF) {
		e = E_BUSY;
	} else {
		start_vcpu(t, entry, arg);
	}
	spin_unlock(&c->lock);
	return e;
}

void cell_vcpu_off(struct vcpu *v, const char *how)
{
	struct cell *c = v->cell;
	bool last = true;

	spin_lock(&c->lock);
	__atomic_store_n(&v->state, VCPU_OFF, __ATOMIC_RELEASE);
	call_attention(v);
	for (unsigned int i = 0; i < c->cfg->num_cpus; i++)
		last = last && c->vcpus[i].state == VCPU_OFF;
	if (last)
		cell_end(c, v, false);
	spin_unlock(&c->lock);
	if (last)
		log_info("cell %s: its last CPU turned itself off (%s): "
			 "stopped", c->cfg->name, how);
}

bool cell_vcpu_is_on(const struct cell *c, unsigned int index)
{
	return index < c->cfg->num_cpus &&
	       __atomic_load_n(&c->vcpus[index].state, __ATOMIC_ACQUIRE) !=
		       VCPU_OFF;
}
