/*
 * Which level of a guest's stage-1 walk fetched a descriptor from a given
 * page (ARM DDI 0487, "The VMSAv8-64 address translation system"): the
 * table walk is redone step by step, as the MMU makes it, until the
 * descriptor address falls in that page.
 */
#include <arch/s1walk.h>

#define SCTLR_EL1_M BIT(0)	/* stage 1 on */
#define TCR_T0SZ(t) FIELD_GET(t, 5, 0)
#define TCR_EPD0 BIT(7)
#define TCR_TG0(t) FIELD_GET(t, 15, 14)
#define TCR_T1SZ(t) FIELD_GET(t, 21, 16)
#define TCR_EPD1 BIT(23)
#define TCR_TG1(t) FIELD_GET(t, 31, 30)
#define TCR_IPS(t) FIELD_GET(t, 34, 32)
#define TCR_DS BIT(59)		/* FEAT_LPA2: 52-bit addresses, 4K/16K */
#define IPS_52 6u

#define DESC_TYPE_MASK 3u
#define DESC_TABLE 3u		/* a table below level 3, a page at it */
#define MAX_LEVELS 5		/* -1 to 3 */
#define DESC_BYTES 8ull

/* The granule's shift for TTBR0's TG0 or TTBR1's TG1; 0 if reserved. */
static unsigned int granule_shift(bool upper, uint64_t tg)
{
	static const unsigned char tg0[4] = { 12, 16, 14, 0 };
	static const unsigned char tg1[4] = { 0, 14, 12, 16 };

	return upper ? tg1[tg & 3] : tg0[tg & 3];
}

bool s1walk_level(const struct s1walk_regs *r, uint64_t va, uint64_t page,
		  s1walk_read read, void *ctx, int *level)
{
	bool upper = va & BIT(55);
	unsigned int g = granule_shift(upper, upper ? TCR_TG1(r->tcr)
						     : TCR_TG0(r->tcr));
	unsigned int tsz = (unsigned int)(upper ? TCR_T1SZ(r->tcr)
						: TCR_T0SZ(r->tcr));
	uint64_t ttbr = upper ? r->ttbr1 : r->ttbr0;
	bool ds = (r->tcr & TCR_DS) && g != 16;
	bool lpa = ds || (g == 16 && TCR_IPS(r->tcr) == IPS_52);
	unsigned int in, bits, shift, width;
	uint64_t table;
	int start;

	if (!(r->sctlr & SCTLR_EL1_M) || !g ||
	    (r->tcr & (upper ? TCR_EPD1 : TCR_EPD0)))
		return false;
	/* Sizes outside the range the MMU takes as they are (16 to 39, 12
	 * with 52-bit addresses, 48 for small translation tables) are
	 * clamped or faulted as the implementation chooses: not guessed. */
	if (tsz < (lpa ? 12u : 16u) || tsz > 48u)
		return false;
	in = 64 - tsz;
	bits = g - 3;
	start = 3 - (int)((in - g - 1) / bits);
	/* The first table is aligned to its size (64 bytes at least with
	 * 52-bit addresses, whose bits 51:48 sit in TTBR bits 5:2). */
	shift = g + (unsigned int)(3 - start) * bits;
	width = in - shift;
	table = lpa ? (ttbr & GENMASK(47, 6)) | FIELD_GET(ttbr, 5, 2) << 48
		    : ttbr & GENMASK(47, 1);
	table &= ~((DESC_BYTES << width) - 1);
	for (int lvl = start; lvl <= 3 && lvl - start < MAX_LEVELS; lvl++) {
		uint64_t at, desc;

		shift = g + (unsigned int)(3 - lvl) * bits;
		width = lvl == start ? in - shift : bits;
		at = table + ((va >> shift) & (BIT(width) - 1)) * DESC_BYTES;
		if (at >> 12 == page >> 12) {
			*level = lvl;
			return true;
		}
		if (lvl == 3 || !read(ctx, at, &desc) ||
		    (desc & DESC_TYPE_MASK) != DESC_TABLE)
			return false;
		if (ds)
			table = (desc & GENMASK(49, g)) |
				FIELD_GET(desc, 9, 8) << 50;
		else if (lpa)
			table = (desc & GENMASK(47, g)) |
				FIELD_GET(desc, 15, 12) << 48;
		else
			table = desc & GENMASK(47, g);
	}
	return false;
}
