/*
 * The CPUs from the firmware's ACPI MADT (see arch/acpi.h).  Runs early, with
 * physical memory below 4 GiB identity-mapped, so a physical address is a
 * pointer here.  Firmware's tables are checked (signatures, checksums,
 * lengths) before they are believed.
 */
#include <arch/acpi.h>
#include <septum/log.h>
#include <string.h>

#define EBDA_SEGMENT_PTR 0x40e	/* BIOS data area: the EBDA's segment */
#define EBDA_SCAN_SIZE 1024
#define BIOS_AREA_START 0xe0000
#define BIOS_AREA_END 0x100000
#define RSDP_ALIGN 16
#define RSDP_V1_SIZE 20
#define RSDP_REVISION 15
#define RSDP_RSDT 16
#define RSDP_LENGTH 20
#define RSDP_XSDT 24
#define RSDP_V2_MIN_SIZE 36

#define SDT_LENGTH 4
#define SDT_HEADER_SIZE 36
#define SDT_MAX_SIZE 0x10000	/* larger is not a table we trust */
#define MADT_ENTRIES 44

#define MADT_LOCAL_APIC 0
#define MADT_IO_APIC 1
#define MADT_LOCAL_X2APIC 9
#define MADT_ENABLED (1u << 0)
#define MADT_ONLINE_CAPABLE (1u << 1)

#define LOW_4G 0x100000000ull

#define FADT_PM_TMR_BLK 76
#define FADT_FLAGS 112
#define FADT_TMR_VAL_EXT (1u << 8)
#define PM_TIMER_BITS 24
#define PM_TIMER_EXT_BITS 32

static uint64_t ioapic_pa;
static uint16_t pm_timer_port;
static unsigned int pm_timer_bits;

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * Physical memory, identity-mapped: the empty asm hides the constant from
 * the compiler, which would otherwise see a pointer made from an integer
 * (the BIOS data area is at 0x40e) and complain it points at nothing.
 */
static const uint8_t *phys(uint64_t pa)
{
	const uint8_t *p;

	__asm__("" : "=r"(p) : "0"((uintptr_t)pa));
	return p;
}

static bool checksum_ok(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return sum == 0;
}

static const uint8_t *scan_rsdp(uint64_t start, uint64_t end)
{
	for (uint64_t a = start; a + RSDP_V1_SIZE <= end; a += RSDP_ALIGN) {
		if (!memcmp(phys(a), "RSD PTR ", 8) &&
		    checksum_ok(phys(a), RSDP_V1_SIZE))
			return phys(a);
	}
	return NULL;
}

static const uint8_t *find_rsdp(void)
{
	const uint8_t *bda = phys(EBDA_SEGMENT_PTR);
	uint64_t ebda = (uint64_t)(bda[0] | bda[1] << 8) << 4;
	const uint8_t *r = NULL;

	if (ebda >= 0x80000 && ebda < BIOS_AREA_START)
		r = scan_rsdp(ebda, ebda + EBDA_SCAN_SIZE);
	return r ? r : scan_rsdp(BIOS_AREA_START, BIOS_AREA_END);
}

/* The table at pa if it has signature sig and a sane, summed length. */
static const uint8_t *table_at(uint64_t pa, const char *sig)
{
	uint32_t len;

	if (!pa || pa >= LOW_4G - SDT_HEADER_SIZE)
		return NULL;
	len = get32(phys(pa) + SDT_LENGTH);
	if (memcmp(phys(pa), sig, 4) || len < SDT_HEADER_SIZE ||
	    len > SDT_MAX_SIZE || pa + len > LOW_4G || !checksum_ok(phys(pa), len))
		return NULL;
	return phys(pa);
}

/* The FADT's PM timer, if the table is long enough to have it. */
static void read_fadt(const uint8_t *fadt)
{
	if (get32(fadt + SDT_LENGTH) < FADT_FLAGS + 4)
		return;
	pm_timer_port = (uint16_t)get32(fadt + FADT_PM_TMR_BLK);
	pm_timer_bits = (get32(fadt + FADT_FLAGS) & FADT_TMR_VAL_EXT)
				? PM_TIMER_EXT_BITS : PM_TIMER_BITS;
}

/*
 * The MADT, through the XSDT (ACPI 2.0+) or else the RSDT; the FADT on the
 * way.
 */
static const uint8_t *find_madt(const uint8_t *rsdp)
{
	bool x = rsdp[RSDP_REVISION] >= 2 &&
		 get32(rsdp + RSDP_LENGTH) >= RSDP_V2_MIN_SIZE &&
		 checksum_ok(rsdp, get32(rsdp + RSDP_LENGTH));
	const uint8_t *sdt = x ? table_at(get64(rsdp + RSDP_XSDT), "XSDT")
			       : table_at(get32(rsdp + RSDP_RSDT), "RSDT");
	const uint8_t *madt = NULL;
	unsigned int width = x ? 8 : 4;

	if (!sdt)
		return NULL;
	for (uint32_t off = SDT_HEADER_SIZE;
	     off + width <= get32(sdt + SDT_LENGTH); off += width) {
		uint64_t entry = x ? get64(sdt + off) : get32(sdt + off);
		const uint8_t *fadt = table_at(entry, "FACP");

		if (fadt)
			read_fadt(fadt);
		if (!madt)
			madt = table_at(entry, "APIC");
	}
	return madt;
}

static void add_cpu(struct boot_info *info, uint32_t flags, uint64_t apic_id)
{
	if (!(flags & MADT_ENABLED))
		return;	/* online-capable CPUs need a hot-plug: not used */
	if (info->num_cpus == MAX_CPUS)
		info->cpus_left_out++;
	else
		info->cpu_hwid[info->num_cpus++] = apic_id;
}

static void madt_entry(struct boot_info *info, const uint8_t *e)
{
	switch (e[0]) {
	case MADT_LOCAL_APIC:
		if (e[1] >= 8)
			add_cpu(info, get32(e + 4), e[3]);
		break;
	case MADT_LOCAL_X2APIC:
		if (e[1] >= 16)
			add_cpu(info, get32(e + 8), get32(e + 4));
		break;
	case MADT_IO_APIC:
		if (e[1] >= 12 && get32(e + 8) == 0)
			ioapic_pa = get32(e + 4);
		break;
	default:
		break;
	}
}

bool acpi_read_cpus(struct boot_info *info)
{
	const uint8_t *rsdp = find_rsdp();
	const uint8_t *madt = rsdp ? find_madt(rsdp) : NULL;
	uint32_t len;

	if (!madt)
		return false;
	len = get32(madt + SDT_LENGTH);
	for (uint32_t off = MADT_ENTRIES; off + 2 <= len && madt[off + 1] >= 2 &&
					  off + madt[off + 1] <= len;
	     off += madt[off + 1])
		madt_entry(info, madt + off);
	log_info("ACPI: MADT at PA 0x%llx lists %u enabled CPU%s",
		 (unsigned long long)(uintptr_t)madt, info->num_cpus,
		 info->num_cpus == 1 ? "" : "s");
	return info->num_cpus > 0;
}

uint64_t acpi_ioapic_pa(void)
{
	return ioapic_pa;
}

uint16_t acpi_pm_timer_port(void)
{
	return pm_timer_port;
}

unsigned int acpi_pm_timer_bits(void)
{
	return pm_timer_bits;
}
