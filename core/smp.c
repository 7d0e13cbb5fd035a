#include <septum/arch/cpu.h>
#include <septum/arch/timer.h>
#include <septum/log.h>
#include <septum/panic.h>
#include <septum/percpu.h>
#include <septum/smp.h>

struct percpu percpu_all[MAX_CPUS];
static unsigned int cpus_known = 1;	/* logical indices handed out */

void smp_init_boot_cpu(void)
{
	struct percpu *p = &percpu_all[0];

	p->index = 0;
	p->hwid = arch_cpu_hwid();
	arch_cpu_set_local(p);
	arch_cpu_read_facts(&p->facts);
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
}

void smp_cpu_arrived(unsigned int index)
{
	struct percpu *p = &percpu_all[index];

	arch_cpu_set_local(p);
	arch_cpu_read_facts(&p->facts);
	__atomic_store_n(&p->online, true, __ATOMIC_RELEASE);
	arch_cpu_send_event();
}

unsigned int smp_online_count(void)
{
	unsigned int n = 0;

	for (unsigned int i = 0; i < cpus_known; i++)
		n += __atomic_load_n(&percpu_all[i].online, __ATOMIC_ACQUIRE);
	return n;
}

/* Hardware id in a /cpus/cpu@N node's reg (one or two cells), or false. */
static bool cpu_node_hwid(const struct fdt *fdt, int node, uint64_t *hwid)
{
	uint32_t len;
	const void *reg;

	if (!fdt_prop_has_string(fdt, node, "device_type", "cpu"))
		return false;
	reg = fdt_prop(fdt, node, "reg", &len);
	if (len == 4)
		*hwid = fdt_cell(reg, len, 0);
	else if (len == 8)
		*hwid = (uint64_t)fdt_cell(reg, len, 0) << 32 | fdt_cell(reg, len, 1);
	else
		return false;
	return true;
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

/* Start the CPU of one /cpus child node as the next logical CPU. */
static void start_one(uint64_t hwid)
{
	unsigned int index = cpus_known;
	enum err e;

	if (index == MAX_CPUS) {
		log_warn("CPU hwid 0x%llx left off: Septum manages at most %u "
			 "CPUs", (unsigned long long)hwid, MAX_CPUS);
		return;
	}
	percpu_all[index].index = index;
	percpu_all[index].hwid = hwid;
	cpus_known++;
	e = arch_cpu_start(index, hwid);
	if (e != E_OK)
		panic("firmware refused to start CPU %u (hwid 0x%llx): %s",
		      index, (unsigned long long)hwid, err_name(e));
	wait_arrival(index);
}

unsigned int smp_boot_secondaries(const struct fdt *fdt)
{
	int cpus = fdt_path_offset(fdt, "/cpus");
	uint64_t boot_hwid = percpu_all[0].hwid;
	uint64_t hwid;

	if (cpus < 0)
		panic("the boot device tree has no /cpus node");
	for (int c = fdt_next_child(fdt, cpus, -1); c >= 0;
	     c = fdt_next_child(fdt, cpus, c)) {
		if (cpu_node_hwid(fdt, c, &hwid) && hwid != boot_hwid)
			start_one(hwid);
	}
	return smp_online_count();
}
