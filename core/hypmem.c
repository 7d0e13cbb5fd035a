/*
 * A bump allocator over the free part of the hypervisor's region.  Nothing
 * is ever freed: what it hands out lives as long as the system (a cell's
 * restart reuses its tables and state).
 */
#include <septum/arch/vm.h>
#include <septum/hypmem.h>
#include <septum/panic.h>
#include <septum/spinlock.h>
#include <string.h>

static struct {
	struct spinlock lock;
	uint64_t start, next, end;
} mem = { .lock = SPINLOCK_INIT };

void hypmem_init(paddr_t start, paddr_t end)
{
	mem.start = ALIGN_UP(start.bits, (uint64_t)PAGE_SIZE);
	mem.next = mem.start;
	mem.end = end.bits > mem.start ? end.bits : mem.start;
}

void *hypmem_alloc(size_t size, paddr_t *pa_out)
{
	uint64_t bytes = ALIGN_UP((uint64_t)size, (uint64_t)PAGE_SIZE);
	uint64_t at;
	void *va;

	spin_lock(&mem.lock);
	if (!bytes || bytes > mem.end - mem.next) {
		spin_unlock(&mem.lock);
		return NULL;
	}
	at = mem.next;
	mem.next += bytes;
	spin_unlock(&mem.lock);
	va = arch_phys_map(pa(at), bytes);
	if (!va)
		return NULL;
	memset(va, 0, bytes);
	if (pa_out)
		*pa_out = pa(at);
	return va;
}

void *hypmem_need(size_t size, paddr_t *pa_out, const char *what)
{
	void *va = hypmem_alloc(size, pa_out);

	if (!va)
		panic("the hypervisor's memory is too small for %s (%zu KiB "
		      "more; %llu KiB of %llu KiB used): enlarge /hypervisor "
		      "size in the system DTS", what, size / 1024,
		      (unsigned long long)(mem.next - mem.start) / 1024,
		      (unsigned long long)(mem.end - mem.start) / 1024);
	return va;
}

size_t hypmem_used(void)
{
	return (size_t)(mem.next - mem.start);
}

size_t hypmem_size(void)
{
	return (size_t)(mem.end - mem.start);
}
