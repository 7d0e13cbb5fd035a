/*
 * Memory and device attempts.  Anything outside the cell's stage-2 map (the
 * others' RAM, the hypervisor's, devices it was not given, GIC frames that
 * are not emulated) and any access its map forbids (read-only or
 * non-executable channel memory) must end the life by the fault policy;
 * so must accesses to emulated pages that give the hypervisor no single
 * load/store to emulate.  These functions only make the access: if they
 * return, the cell escaped, and hostile.c says so.
 */
#include <kit/gic.h>
#include <kit/sysreg.h>

#include "../hostile.h"

/* Stage-1 descriptor bits, as kit.c builds its identity map. */
#define DESC_BLOCK 0x1ull
#define DESC_TABLE 0x3ull
#define DESC_AF (1ull << 10)
#define DESC_SH_INNER (3ull << 8)
#define DESC_ATTR_DEVICE (0ull << 2)
#define DESC_ATTR_NORMAL (1ull << 2)
#define DESC_PXN (1ull << 53)
#define DESC_UXN (1ull << 54)
#define GIB (1ull << 30)

extern uint64_t kit_pagetable[512];

static void say(const char *what, uint64_t addr)
{
	kit_printf("hostile: attempt: %s at 0x%llx\n", what,
		   (unsigned long long)addr);
}

static void set_block(unsigned int gib, uint64_t desc)
{
	kit_pagetable[gib] = desc;
	__asm__ volatile("dsb ishst; tlbi vmalle1; dsb ish; isb" : : : "memory");
}

void map_gib_normal(unsigned int gib)
{
	set_block(gib, gib * GIB | DESC_BLOCK | DESC_AF | DESC_SH_INNER |
			       DESC_ATTR_NORMAL | DESC_PXN | DESC_UXN);
}

void map_gib_device(unsigned int gib)
{
	set_block(gib, gib * GIB | DESC_BLOCK | DESC_AF | DESC_ATTR_DEVICE |
			       DESC_PXN | DESC_UXN);
}

void touch_read(const struct round *r)
{
	say("32-bit read", r->addr);
	(void)kit_read32(r->addr);
}

void touch_write(const struct round *r)
{
	say("32-bit write", r->addr);
	kit_write32(r->addr, 0xbad);
}

void touch_read64(const struct round *r)
{
	say("64-bit read", r->addr);
	(void)kit_read64(r->addr);
}

/* An unaligned single load: the target lies in normal memory at stage 1. */
void touch_unaligned(const struct round *r)
{
	uint32_t v;

	say("unaligned 32-bit read", r->addr);
	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(r->addr) : "memory");
}

/* A load pair: no syndrome (ISV 0) for the hypervisor to emulate. */
void touch_load_pair(const struct round *r)
{
	uint64_t a, b;

	say("load pair", r->addr);
	__asm__ volatile("ldp %0, %1, [%2]"
			 : "=r"(a), "=r"(b) : "r"(r->addr) : "memory");
}

/* A load-exclusive: there is no monitor to emulate on a trapped page. */
void touch_exclusive(const struct round *r)
{
	uint32_t v;

	say("load-exclusive", r->addr);
	__asm__ volatile("ldxr %w0, [%1]; clrex"
			 : "=r"(v) : "r"(r->addr) : "memory");
}

void touch_exec(const struct round *r)
{
	say("branch to", r->addr);
	__asm__ volatile("blr %0" : : "r"(r->addr) : "x30", "memory");
}

/* DC ZVA: a block write of zeros, with no syndrome either. */
void touch_zero_block(const struct round *r)
{
	say("DC ZVA", r->addr);
	__asm__ volatile("dc zva, %0" : : "r"(r->addr) : "memory");
}

/*
 * An IPA beyond the cell's 39-bit guest-physical space: map VA block 3 to
 * it at stage 1 (the kit's tables allow 40-bit output addresses).
 */
void touch_ipa_beyond(const struct round *r)
{
	uint64_t va = 3 * GIB;

	say("read through stage 1 of IPA", r->addr);
	set_block(3, r->addr | DESC_BLOCK | DESC_AF | DESC_SH_INNER |
			     DESC_ATTR_NORMAL | DESC_PXN | DESC_UXN);
	(void)kit_read32(va);
}

/*
 * Its own stage-1 tables "in" another cell's RAM: VA block 3 becomes a
 * table at that address, and the walk of a fetch from the block reads its
 * level-2 descriptor there.  (Under `inject` the abort is taken and the
 * block is given back.)
 */
void walk_in_foreign_memory(const struct round *r)
{
	uint64_t va = 3 * GIB;

	say("stage-1 level-2 table at", r->addr);
	set_block(3, r->addr | DESC_TABLE);
	__asm__ volatile("blr %0" : : "r"(va) : "x30", "memory");
	map_gib_device(3);
}

/*
 * Unaligned single loads and stores that do reach an emulated page: with
 * the page normal at stage 1 an unaligned access is legal, and stage 2
 * hands it to the hypervisor with a syndrome.  The virtual UART reads
 * offsets that are no register as zero; the distributor applies the access
 * field by field from where it starts, to the cell's own interrupts only.
 */
void unaligned_emulated(const struct round *r)
{
	uint32_t uart, gicd, foreign = 1u << ((RTC_INTID - 8) % 32);
	uintptr_t at = GICD + 0x101;	/* GICD_ISENABLER + 1: INTIDs 8-39 */

	(void)r;
	map_gib_normal(0);
	__asm__ volatile("ldr %w0, [%1]"
			 : "=r"(uart) : "r"(OWN_UART + 0x19) : "memory");
	__asm__ volatile("str %w0, [%1]" : : "r"(~0u), "r"(at) : "memory");
	__asm__ volatile("ldr %w0, [%1]" : "=r"(gicd) : "r"(at) : "memory");
	map_gib_device(0);
	kit_printf("hostile: unaligned reads: UART+0x19 0x%x, GICD+0x101 0x%x\n",
		   uart, gicd);
	check("unaligned.uart_between_registers_reads_zero", uart == 0);
	check("unaligned.gicd_shows_no_foreign_interrupt", !(gicd & foreign));
	check("unaligned.gicd_write_enabled_no_foreign_interrupt",
	      !(kit_gicd_read(0x104) & (1u << (RTC_INTID % 32))));
	kit_gicd_write(0x180, ~0u);	/* its own back off */
	kit_gicd_write(0x184, ~0u);
}
