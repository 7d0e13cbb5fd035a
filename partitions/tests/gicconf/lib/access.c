/*
 * How loads and stores of the distributor's registers complete, for the
 * owned SPIs: through every general register and the zero register, at
 * every width, zero- and sign-extended, with each other register left as
 * it was; priority writes that cover interrupts the guest does not use;
 * enable reads beyond the interrupts it uses and beyond those that exist.
 * A cell emulates all of these (its hypervisor has a short way for some);
 * natively the GIC and the CPU do them.  In a cell, the priority of an
 * interrupt it does not own must also read as zero (not compared: natively
 * it reads what was written), and the widths the architecture leaves to
 * the GIC must read as the others do.
 */
#include "../gicconf.h"

#define NREGS 31u
#define ZR 31u		/* the tables' last routine: the zero register */
#define IN(i) (0x5eed000000000000ull | (uint64_t)(i) << 40 | \
	       (uint64_t)(i) * 0x01010101ull)
#define UNUSED_INTID 100u	/* an SPI the guest does not use */

typedef void gc_acc_fn(const uint64_t in[NREGS], uint64_t out[NREGS]);
extern gc_acc_fn *const gc_acc_ldr_w[32], *const gc_acc_ldrb_w[32],
	*const gc_acc_strb_w[32], *const gc_acc_ldrsb_x[32],
	*const gc_acc_ldrsb_w[32];

/* The routine for register n of a table, the address in its register. */
static void access(gc_acc_fn *const *table, unsigned int n, uintptr_t at,
		   uint64_t value, uint64_t out[NREGS])
{
	uint64_t in[NREGS];

	for (unsigned int i = 0; i < NREGS; i++)
		in[i] = IN(i);
	if (n < NREGS)
		in[n] = value;
	in[n == 0 ? 1 : 0] = at;
	table[n](in, out);
	/* Every register but n must be as it was. */
	for (unsigned int i = 0; i < NREGS; i++) {
		if (i != n && out[i] != (i == (n == 0 ? 1u : 0u) ? at : IN(i)))
			gc_problem("access through register %u changed x%u "
				   "to 0x%llx", n, i, (unsigned long long)out[i]);
	}
}

/* A load through every register: what each reads (the zero register's
 * is dropped), as an `op` key. */
static void loads(gc_acc_fn *const *table, const char *op, uintptr_t at,
		  uint64_t mask)
{
	uint64_t out[NREGS];

	for (unsigned int n = 0; n <= ZR; n++) {
		access(table, n, at, 0, out);
		if (n < NREGS)
			gc_resx(out[n] & mask, "access.%s.x%u", op, n);
	}
}

static uintptr_t prio_at(uint32_t intid)
{
	return gc.gicd + GICD_IPRIORITYR + intid;
}

/* In a cell, an interrupt it does not own has priority 0. */
static void unowned_reads_zero(uint32_t intid, const char *after)
{
	if (gc.septum && gc_prio(0, intid) != 0)
		gc_problem("after %s, the priority of interrupt %u (not the "
			   "cell's) reads 0x%x", after, intid, gc_prio(0, intid));
}

/* A byte store of each register's low byte (the rest of it is not 0). */
static void byte_stores(void)
{
	uint64_t out[NREGS];

	for (unsigned int n = 0; n <= ZR; n++) {
		uint64_t value = 0xfedcba9876543200ull | (0x80u + 4u * n);

		access(gc_acc_strb_w, n, prio_at(GC_RTC_INTID), value, out);
		gc_resx(gc_prio(0, GC_RTC_INTID), "access.strb_w.x%u", n);
	}
}

/*
 * Priorities written by word over the owned SPIs 33 and 34 and the unused
 * 32 and 35 (zero there, then not), and a byte of an SPI no one uses.
 */
static void word_stores(void)
{
	static const uint32_t words[] = { 0x00c0c000u, 0xd0d8d0d8u, 0 };
	uintptr_t word = prio_at(32);

	for (unsigned int i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		gc_wr32(word, words[i]);
		gc_resx(gc_prio(0, GC_UART_INTID), "access.str_0x%08lx.%u",
			(unsigned long)words[i], GC_UART_INTID);
		gc_resx(gc_prio(0, GC_RTC_INTID), "access.str_0x%08lx.%u",
			(unsigned long)words[i], GC_RTC_INTID);
		unowned_reads_zero(32, "a word write");
		unowned_reads_zero(35, "a word write");
	}
	gc_wr8(prio_at(UNUSED_INTID), 0xa8);
	unowned_reads_zero(UNUSED_INTID, "a byte write");
	gc_wr8(prio_at(UNUSED_INTID), 0);
	gc_prio_set(0, GC_UART_INTID, 0xa0);
}

/*
 * Enable bits read by word from both registers of the pair: of the SPIs
 * in use, of SPIs no one uses, of INTIDs no GIC here implements
 * (992-1023).
 */
static void enable_reads(void)
{
	static const uint32_t words[] = { 1, 2, 3, 31 };
	uintptr_t set = gc.gicd + GICD_ISENABLER, clr = gc.gicd + GICD_ICENABLER;

	for (unsigned int i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		gc_resx(gc_rd32(set + 4 * words[i]), "access.isenabler%u",
			words[i]);
		gc_resx(gc_rd32(clr + 4 * words[i]), "access.icenabler%u",
			words[i]);
	}
}

static uint16_t rd16(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldrh %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return (uint16_t)v;
}

static void wr16(uintptr_t a, uint16_t v)
{
	__asm__ volatile("strh %w0, [%1]" : : "r"(v), "r"(a) : "memory");
}

/*
 * In a cell only: the widths the architecture leaves to the GIC (halfword
 * priorities, bytes and halfwords of enable registers; QEMU's GICs differ
 * there), which a cell's emulation answers as it answers the others.
 */
static void cell_widths(void)
{
	uintptr_t half = prio_at(GC_RTC_INTID), enable1 = gc.gicd +
		GICD_ISENABLER + 4, disable1 = gc.gicd + GICD_ICENABLER + 4;
	uint32_t word = gc_rd32(enable1);

	wr16(half, 0x00b0);
	if (gc_prio(0, GC_RTC_INTID) != 0xb0 || rd16(half) != 0x00b0)
		gc_problem("a halfword priority write of 0x00b0 reads 0x%x",
			   rd16(half));
	wr16(half, 0x90c8);	/* interrupt 35's byte is not the cell's */
	if (gc_prio(0, GC_RTC_INTID) != 0xc8 || rd16(half) != 0x00c8)
		gc_problem("a halfword priority write of 0x90c8 reads 0x%x",
			   rd16(half));
	unowned_reads_zero(35, "a halfword write");
	for (unsigned int i = 0; i < 4; i++) {
		if (gc_rd8(enable1 + i) != (uint8_t)(word >> (8 * i)) ||
		    gc_rd8(disable1 + i) != (uint8_t)(word >> (8 * i)))
			gc_problem("byte %u of the enables of SPIs 0-31 reads "
				   "0x%x, the word 0x%lx", i, gc_rd8(enable1 + i),
				   (unsigned long)word);
	}
	for (unsigned int i = 0; i < 4; i += 2) {
		if (rd16(enable1 + i) != (uint16_t)(word >> (8 * i)))
			gc_problem("halfword %u of the enables of SPIs 0-31 "
				   "reads 0x%x, the word 0x%lx", i / 2,
				   rd16(enable1 + i), (unsigned long)word);
	}
}

/* Sign-extending loads of a priority and an enable word. */
static void signed_loads(void)
{
	uintptr_t at = prio_at(GC_RTC_INTID);
	int64_t x;
	int32_t w;

	__asm__ volatile("ldrsb %w0, [%1]" : "=r"(w) : "r"(at) : "memory");
	gc_resx((uint32_t)w, "access.ldrsb_w");
	__asm__ volatile("ldrsw %0, [%1]" : "=r"(x)
			 : "r"(gc.gicd + GICD_ISENABLER + 4) : "memory");
	gc_resx((uint64_t)x, "access.ldrsw_x.isenabler1");
}

void gc_sec_access(void)
{
	uintptr_t enable1 = gc.gicd + GICD_ISENABLER + 4;

	kit_irq_disable();
	gc_quiet_all();
	gc_wr32(gc.gicd + GICD_ICENABLER + 4, ~0u);
	gc_bit_set(0, GICD_ISENABLER, GC_RTC_INTID);
	/* What the loads read: an enable word, a priority. */
	loads(gc_acc_ldr_w, "ldr_w.isenabler1", enable1, ~0ull);
	byte_stores();
	gc_prio_set(0, GC_RTC_INTID, 0xa4);
	loads(gc_acc_ldrb_w, "ldrb_w.ipriorityr", prio_at(GC_RTC_INTID), ~0ull);
	loads(gc_acc_ldrsb_x, "ldrsb_x.ipriorityr", prio_at(GC_RTC_INTID),
	      ~0ull);
	loads(gc_acc_ldrsb_w, "ldrsb_w.ipriorityr", prio_at(GC_RTC_INTID),
	      ~0ull);
	word_stores();
	gc_prio_set(0, GC_RTC_INTID, 0x94);
	signed_loads();
	enable_reads();
	if (gc.septum)
		cell_widths();
	gc_bit_set(0, GICD_ICENABLER, GC_RTC_INTID);
	gc_prio_set(0, GC_RTC_INTID, 0xa0);
}
