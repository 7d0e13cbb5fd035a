/*
 * CPUs started by spin table: see arch/spintable.h.
 */
#include <arch/spintable.h>
#include <arch/sysreg.h>
#include <septum/arch/mmu.h>
#include <septum/arch/vm.h>
#include <septum/percpu.h>

extern char spin_entry[];

/*
 * The logical index of the CPU being released: spin_entry (head.S) reads it
 * with the MMU off, so it is cleaned to the point of coherency first.
 */
uint64_t spin_index;

static struct {
	uint64_t hwid;
	uint64_t release;
} spin_cpus[MAX_CPUS];
static unsigned int spin_count;

void spintable_note(uint64_t hwid, uint64_t release)
{
	if (spin_count == MAX_CPUS)
		return;
	spin_cpus[spin_count].hwid = hwid;
	spin_cpus[spin_count].release = release;
	spin_count++;
}

/* The release address of CPU hwid, or 0. */
static uint64_t release_of(uint64_t hwid)
{
	for (unsigned int i = 0; i < spin_count; i++) {
		if (spin_cpus[i].hwid == hwid)
			return spin_cpus[i].release;
	}
	return 0;
}

static void clean_to_poc(const volatile void *p)
{
	__asm__ volatile("dc civac, %0" : : "r"(p) : "memory");
}

enum err spintable_cpu_on(unsigned int index, uint64_t hwid)
{
	uint64_t release = release_of(hwid);
	volatile uint64_t *slot, *index_at;

	if (!release)
		return E_NOTFOUND;
	slot = arch_phys_map(pa(release), sizeof(uint64_t));
	/* Read with the MMU off, where the image was loaded: a coloured
	 * hypervisor's own copy is elsewhere. */
	index_at = arch_phys_map(arch_mmu_image_pa(&spin_index),
				 sizeof(uint64_t));
	if (!slot || !index_at)
		return E_NOMEM;
	*index_at = index;
	clean_to_poc(index_at);
	dsb_ish();
	*slot = arch_mmu_image_pa(spin_entry).bits;
	clean_to_poc(slot);
	__asm__ volatile("dsb sy\n\tsev" : : : "memory");
	return E_OK;
}
