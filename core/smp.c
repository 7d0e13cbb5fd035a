#include <septum/arch/cpu.h>
#include <septum/arch/timer.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/smp.h>

struct percpu percpu_all[MAX_CPUS];
static unsigned int cpus_known = 1;	/* logical indices handed out */

/* CPU p runs here now: its own per-CPU state, its facts, then online. */
static void arrive(struct percpu *p)
{
	arch_cpu_set_local(p);
	arch_cpu_read_facts(&p->facts);
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
}

void smp_init_boot_cpu(void)
{
	struct percpu *p = &percpu_all[0];

	p->index = 0;
	p->hwid = arch_cpu_hwid();
	arrive(p);
}

void smp_cpu_arrived(unsigned int index)
{
	arrive(&percpu_all[index]);
	arch_cpu_send_event();
}

unsigned int smp_online_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cpus_known; i++)
		n += __atomic_load_n(&percpu_all[i].online, __ATOMIC_ACQUIRE);
	return n;
}

/* Wait (bounded) for CPU `index` to reach C; panic naming it if it does not. */
static void wait_arrival(unsigned int index)
{
	struct percpu *p = &percpu_all[index];
	uint64_t start = arch_timer_now();
	uint64_t limit = arch_timer_freq() / 1000 * SMP_CPU_ARRIVAL_TIMEOUT_MS;

	while (!__atomic_load_n(&p->online, __ATOMIC_ACQUIRE)) {
		if (arch_timer_now() - start > limit)
			panic("CPU %u (hwid 0x%llx) accepted the start request "
			      "but did not arrive within %u ms",
			      index, (unsigned long long)p->hwid,
			      SMP_CPU_ARRIVAL_TIMEOUT_MS);
		arch_cpu_wait_event();
	}
}

/* Start the CPU with hardware id `hwid` as the next logical CPU. */
static void start_one(uint64_t hwid)
{
	unsigned int index = cpus_known;
	enum err e;

	percpu_all[index].index = index;
	percpu_all[index].hwid = hwid;
	cpus_known++;
	e = arch_cpu_start(index, hwid);
	if (e != E_OK)
		panic("firmware refused to start CPU %u (hwid 0x%llx): %s",
		      index, (unsigned long long)hwid, err_name(e));
	wait_arrival(index);
}

unsigned int smp_boot_secondaries(const struct boot_info *boot)
{
	uint64_t boot_hwid = percpu_all[0].hwid;

	if (boot->cpus_left_out)
		log_warn("%u CPUs left off: Septum manages at most %u CPUs",
			 boot->cpus_left_out, MAX_CPUS);
	for (unsigned int i = 0; i < boot->num_cpus; i++) {
		if (boot->cpu_hwid[i] != boot_hwid && cpus_known < MAX_CPUS)
			start_one(boot->cpu_hwid[i]);
	}
	return smp_online_count();
}
