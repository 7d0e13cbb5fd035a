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

/* Pages of one allocation taken one by one, at most (the vGIC's state of a
 * cell is the largest, a few pages). */
#define SCATTER_MAX 32u

static struct {
	struct spinlock lock;
	struct spinlock window;	/* serialises arch_mmu_map_own() runs */
	uint64_t start, next, end;
	uint64_t used, size;	/* bytes handed out; bytes it may hand out */
	uint64_t colours;	/* 0: uncoloured */
	unsigned int ncolours;
} mem = { .lock = SPINLOCK_INIT, .window = SPINLOCK_INIT };

/* Map the whole region (nothing to map when it is empty). */
static bool map_all(void)
{
	return mem.end == mem.start ||
	       arch_phys_map(pa(mem.start), mem.end - mem.start) != NULL;
}

bool hypmem_init(paddr_t start, paddr_t end)
{
	mem.start = ALIGN_UP(start.bits, (uint64_t)PAGE_SIZE);
	mem.next = mem.start;
	mem.end = end.bits > mem.start ? end.bits : mem.start;
	mem.used = 0;
	mem.size = mem.end - mem.start;
	mem.colours = 0;
	return map_all();
}

static bool own_colour(uint64_t at)
{
	return (mem.colours >> ((at / PAGE_SIZE) % mem.ncolours)) & 1;
}

bool hypmem_colour(uint64_t colours, unsigned int ncolours)
{
	mem.colours = colours;
	mem.ncolours = ncolours;
	mem.size = 0;
	for (uint64_t at = mem.start; at < mem.end; at += PAGE_SIZE)
		mem.size += own_colour(at) ? PAGE_SIZE : 0;
	return map_all();
}

size_t hypmem_run_pages(void)
{
	size_t best = 0;

	if (!mem.colours)
		return SIZE_MAX;
	for (unsigned int c = 0; c < mem.ncolours; c++) {
		size_t k = 0;

		while (k < mem.ncolours &&
		       ((mem.colours >> ((c + k) % mem.ncolours)) & 1))
			k++;
		best = k > best ? k : best;
	}
	return best;
}

/* The first page of its colours at or after `at`, or mem.end. */
static uint64_t next_own(uint64_t at)
{
	while (at < mem.end && !own_colour(at))
		at += PAGE_SIZE;
	return at;
}

/* The first run of `n` adjacent pages of its colours left, or mem.end. */
static uint64_t find_run(uint64_t n)
{
	uint64_t at = next_own(mem.next);

	while (at < mem.end && n <= (mem.end - at) / PAGE_SIZE) {
		uint64_t k = 1;

		while (k < n && own_colour(at + k * PAGE_SIZE))
			k++;
		if (k == n)
			return at;
		at = next_own(at + k * PAGE_SIZE);
	}
	return mem.end;
}

/*
 * `n` pages of its colours (n <= SCATTER_MAX), the first of them at or
 * after mem.next and each next one the first after it (next_own()); false,
 * taking none, if fewer are left.  Lock held.
 */
static bool take_pages(uint64_t n)
{
	uint64_t next = mem.next;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t at = next_own(next);

		if (at == mem.end)
			return false;
		next = at + PAGE_SIZE;
	}
	mem.next = next;
	return true;
}

/*
 * Map the n pages take_pages() took from `at` contiguous in the window of
 * arch_mmu_map_own(), without hypmem's lock (a table page for the window
 * comes from hypmem).  Which pages they are follows from the colours alone
 * (set before any CPU but the boot CPU runs): found again here, not kept.
 */
static void *map_scattered(uint64_t at, uint64_t n)
{
	void *first = NULL;

	spin_lock(&mem.window);
	for (uint64_t i = 0; i < n; i++) {
		void *va;

		at = next_own(at);
		va = arch_mmu_map_own(pa(at));
		if (!va) {
			first = NULL;
			break;
		}
		first = i == 0 ? va : first;
		at += PAGE_SIZE;
	}
	spin_unlock(&mem.window);
	return first;
}

/*
 * Where `bytes` go: a run from *at (mapped after), or, with *scattered set,
 * the pages one by one from *at (take_pages()); false if they do not fit.
 * Lock held.
 */
static bool take(uint64_t bytes, bool need_pa, uint64_t *at, bool *scattered)
{
	uint64_t n = bytes / PAGE_SIZE;

	*scattered = false;
	*at = mem.colours ? find_run(n) : mem.next;
	if (!mem.colours && bytes > mem.end - mem.next)
		return false;
	if (*at != mem.end) {
		mem.next = *at + bytes;
		return true;
	}
	*scattered = true;
	*at = mem.next;
	return !need_pa && n <= SCATTER_MAX && take_pages(n);
}

void *hypmem_alloc(size_t size, paddr_t *pa_out)
{
	uint64_t bytes = ALIGN_UP((uint64_t)size, (uint64_t)PAGE_SIZE);
	uint64_t at;
	bool ok, scattered;
	void *va;

	if (!bytes)
		return NULL;
	spin_lock(&mem.lock);
	ok = take(bytes, pa_out != NULL, &at, &scattered);
	if (ok)
		mem.used += bytes;
	spin_unlock(&mem.lock);
	if (!ok)
		return NULL;
	va = scattered ? map_scattered(at, bytes / PAGE_SIZE)
		       : arch_phys_map(pa(at), bytes);
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
	size_t run;

	if (va)
		return va;
	run = hypmem_run_pages();	/* SIZE_MAX uncoloured */
	if (pa_out && ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE > run)
		panic("%s needs %zu KiB of adjacent pages, but the hypervisor's "
		      "cache colours give runs of %zu KiB at most: give it "
		      "more adjacent colours in the system DTS", what,
		      size / 1024, run * PAGE_SIZE / 1024);
	panic("the hypervisor's memory is too small for %s (%zu KiB more; "
	      "%llu KiB of %llu KiB used): enlarge /hypervisor size in the "
	      "system DTS", what, size / 1024,
	      (unsigned long long)mem.used / 1024,
	      (unsigned long long)mem.size / 1024);
}

size_t hypmem_used(void)
{
	return (size_t)mem.used;
}

size_t hypmem_size(void)
{
	return (size_t)mem.size;
}
