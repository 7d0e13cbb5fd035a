/*
 * The ACPI tables of an x86 Linux cell (see x86boot.h), hardware-reduced
 * (ACPI 6.5, 5.2.9 and 4.1): no PM timer, no SCI, no legacy PIC, PIT, RTC,
 * 8042 or VGA.  RSDP -> XSDT -> FADT (-> DSDT) and MADT:
 *
 *   - MADT: the cell's CPUs as x2APIC entries numbered from 0 (the APIC ids
 *     its virtual APICs report), its virtual I/O APIC with GSI base 0;
 *   - FADT: hardware-reduced, physical APIC destinations, the reset
 *     register and the sleep control and status registers (the power
 *     registers the hypervisor serves to every cell, in I/O port space);
 *   - DSDT: \_S5 (the soft-off sleep type), the cell's virtual 16550
 *     (PNP0501, its ports and its GSI), and for a cell with channels its
 *     virtual PCI host: a root bridge (PNP0A08) with bus 0, the memory
 *     window its channels' BARs are in, a _PRT routing each slot's INTA
 *     to the doorbell's GSI and each channel's device by its slot (_ADR)
 *     with the channel's name as its _STR (user space finds a channel by
 *     name in sysfs, firmware_node/description, as it reads the device
 *     tree's label on arm64), and a motherboard device (PNP0C02) reserving
 *     the ECAM window, which Linux wants before it uses MCFG; written
 *     directly as AML;
 *   - MCFG (PCI Firmware 3.2, 4.1.2), for a cell with a virtual PCI host:
 *     its ECAM window, segment 0, bus 0.
 *
 * Every number comes from the cell's config, so the tables cannot disagree
 * with its partition.
 */
#include <string.h>

#include <septum/abi/x86_linux.h>

#include "resolve.h"
#include "util.h"
#include "x86boot.h"

#define HEADER_LEN 36u
#define RSDP_LEN 36u
#define RSDP_V1_LEN 20u
#define XSDT_AT 0x40u
#define FADT_AT 0x80u
#define FADT_LEN 276u
#define MCFG_AT 0x1c0u
#define MADT_AT 0x200u
#define DSDT_AT 0x400u
#define TABLES_END 0x1000u

/* MCFG: its header, 8 reserved bytes, one 16-byte allocation. */
#define MCFG_ALLOC 44u
#define MCFG_LEN 60u

/* FADT fields (ACPI 6.5, table 5.9). */
#define FADT_DSDT 40u
#define FADT_IAPC_BOOT_ARCH 109u
#define FADT_FLAGS 112u
#define FADT_RESET_REG 116u
#define FADT_RESET_VALUE 128u
#define FADT_MINOR 131u
#define FADT_X_DSDT 140u
#define FADT_SLEEP_CONTROL_REG 244u
#define FADT_SLEEP_STATUS_REG 256u
#define FADT_HYPERVISOR_ID 268u
#define FADT_REVISION 6u
#define FADT_MINOR_VERSION 5u
#define BOOT_ARCH_NO_VGA (1u << 2)
#define BOOT_ARCH_NO_CMOS_RTC (1u << 5)
#define FLAG_WBINVD (1u << 0)
#define FLAG_RESET_REG_SUP (1u << 10)
#define FLAG_APIC_PHYSICAL (1u << 19)
#define FLAG_HW_REDUCED (1u << 20)

/* Generic Address Structure (5.2.3.2). */
#define GAS_SYSTEM_IO 1u
#define GAS_ACCESS_BYTE 1u

/* MADT (5.2.12). */
#define MADT_LAPIC_ADDR 36u
#define MADT_FLAGS 40u
#define MADT_ENTRIES 44u
#define MADT_IOAPIC 1u
#define MADT_IOAPIC_LEN 12u
#define MADT_X2APIC 9u
#define MADT_X2APIC_LEN 16u
#define LAPIC_ENABLED 1u

/* AML (ACPI 6.5, chapter 20). */
#define AML_ZERO 0x00u
#define AML_NAME 0x08u
#define AML_PACKAGE 0x12u
#define AML_BYTE 0x0au
#define AML_DWORD 0x0cu
#define AML_SCOPE 0x10u
#define AML_ROOT '\\'
#define AML_BUFFER 0x11u
#define AML_EXT 0x5bu
#define AML_DEVICE 0x82u
#define AML_ONE 0x01u
#define AML_WORD 0x0bu
#define RES_WORD_ADDR 0x88u	/* large items: address space descriptors */
#define RES_QWORD_ADDR 0x8au
#define RES_MEM32_FIXED 0x86u
#define RES_TYPE_MEMORY 0u
#define RES_TYPE_BUS 2u
#define RES_PRODUCER_FIXED 0x0cu	/* producer, min and max fixed */
#define RES_MEM_RW 0x01u		/* read-write, not cacheable */
#define RES_IO 0x47u		/* small item, I/O port, 7 bytes */
#define RES_IO_DECODE16 0x01u
#define RES_EXT_IRQ 0x89u	/* large item, extended interrupt */
#define RES_EXT_IRQ_LEN 6u
#define RES_IRQ_CONSUMER_EDGE 0x03u	/* consumer, edge, active high */
#define RES_END 0x79u
#define EISA_PNP0501 0x0105d041u	/* "PNP0501" compressed: a 16550 */
#define EISA_PNP0A08 0x080ad041u	/* a PCI Express root bridge */
#define EISA_PNP0A03 0x030ad041u	/* a PCI root bridge */
#define EISA_PNP0C02 0x020cd041u	/* motherboard resources */
#define PRT_ALL_FUNCTIONS 0xffffu
#define UART_PORTS 8u

#define OEM_ID "SEPTUM"
#define OEM_TABLE_ID "SEPTCELL"
#define CREATOR_ID "SPTM"
#define HYPERVISOR_ID "Septum\0\0"

struct aml {
	uint8_t b[0xc00];
	uint32_t n;
};

static void put16(uint8_t *p, uint32_t off, uint32_t v)
{
	p[off] = (uint8_t)v;
	p[off + 1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t off, uint32_t v)
{
	put16(p, off, v & 0xffffu);
	put16(p, off + 2, v >> 16);
}

static void put64(uint8_t *p, uint32_t off, uint64_t v)
{
	put32(p, off, (uint32_t)v);
	put32(p, off + 4, (uint32_t)(v >> 32));
}

static uint8_t checksum(const uint8_t *p, uint32_t len)
{
	uint8_t sum = 0;

	for (uint32_t i = 0; i < len; i++)
		sum = (uint8_t)(sum + p[i]);
	return (uint8_t)-sum;
}

static void header(uint8_t *t, const char *sig, uint32_t len, uint8_t rev)
{
	memcpy(t, sig, 4);
	put32(t, 4, len);
	t[8] = rev;
	memcpy(t + 10, OEM_ID, 6);
	memcpy(t + 16, OEM_TABLE_ID, 8);
	put32(t, 24, 1);		/* OEM revision */
	memcpy(t + 28, CREATOR_ID, 4);
	put32(t, 32, 1);		/* creator revision */
}

static void seal(uint8_t *t)
{
	uint32_t len = (uint32_t)t[4] | (uint32_t)t[5] << 8 |
		       (uint32_t)t[6] << 16 | (uint32_t)t[7] << 24;

	t[9] = 0;
	t[9] = checksum(t, len);
}

static void write_rsdp(uint8_t *p, uint64_t xsdt)
{
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, OEM_ID, 6);
	p[15] = 2;			/* revision: ACPI 2.0+ */
	put32(p, 20, RSDP_LEN);
	put64(p, 24, xsdt);
	p[8] = checksum(p, RSDP_V1_LEN);
	p[32] = checksum(p, RSDP_LEN);
}

static void write_xsdt(uint8_t *t, uint64_t at, int mcfg)
{
	header(t, "XSDT", HEADER_LEN + (mcfg ? 24 : 16), 1);
	put64(t, HEADER_LEN, at + FADT_AT);
	put64(t, HEADER_LEN + 8, at + MADT_AT);
	if (mcfg)
		put64(t, HEADER_LEN + 16, at + MCFG_AT);
	seal(t);
}

/* The ECAM window of bus 0 of segment 0. */
static void write_mcfg(uint8_t *t, uint64_t ecam)
{
	header(t, "MCFG", MCFG_LEN, 1);
	put64(t, MCFG_ALLOC, ecam);
	put16(t, MCFG_ALLOC + 8, 0);		/* PCI segment */
	t[MCFG_ALLOC + 10] = 0;			/* first bus */
	t[MCFG_ALLOC + 11] = 0;			/* last bus */
	seal(t);
}

/* A byte-wide register at `port` in I/O space. */
static void put_gas_port(uint8_t *t, uint32_t off, uint32_t port)
{
	t[off] = GAS_SYSTEM_IO;
	t[off + 1] = 8;			/* bit width */
	t[off + 2] = 0;			/* bit offset */
	t[off + 3] = GAS_ACCESS_BYTE;
	put64(t, off + 4, port);
}

static void write_fadt(uint8_t *t, uint64_t at)
{
	header(t, "FACP", FADT_LEN, FADT_REVISION);
	put32(t, FADT_DSDT, (uint32_t)(at + DSDT_AT));
	put64(t, FADT_X_DSDT, at + DSDT_AT);
	put16(t, FADT_IAPC_BOOT_ARCH, BOOT_ARCH_NO_VGA | BOOT_ARCH_NO_CMOS_RTC);
	put32(t, FADT_FLAGS, FLAG_WBINVD | FLAG_RESET_REG_SUP |
			     FLAG_APIC_PHYSICAL | FLAG_HW_REDUCED);
	put_gas_port(t, FADT_RESET_REG, SEPTUM_X86_RESET);
	t[FADT_RESET_VALUE] = SEPTUM_X86_RESET_VALUE;
	put_gas_port(t, FADT_SLEEP_CONTROL_REG, SEPTUM_X86_SLEEP_CONTROL);
	put_gas_port(t, FADT_SLEEP_STATUS_REG, SEPTUM_X86_SLEEP_STATUS);
	t[FADT_MINOR] = FADT_MINOR_VERSION;
	memcpy(t + FADT_HYPERVISOR_ID, HYPERVISOR_ID, 8);
	seal(t);
}

static uint32_t write_madt(uint8_t *t, const struct m_cell *c)
{
	uint32_t off = MADT_ENTRIES;

	for (uint32_t k = 0; k < c->num_cpus; k++) {
		t[off] = MADT_X2APIC;
		t[off + 1] = MADT_X2APIC_LEN;
		put32(t, off + 4, k);		/* x2APIC id: the cell's CPU */
		put32(t, off + 8, LAPIC_ENABLED);
		put32(t, off + 12, k);		/* processor UID */
		off += MADT_X2APIC_LEN;
	}
	t[off] = MADT_IOAPIC;
	t[off + 1] = MADT_IOAPIC_LEN;
	t[off + 2] = 0;				/* its id */
	put32(t, off + 4, SEPTUM_X86_IOAPIC_GPA);
	put32(t, off + 8, 0);			/* GSI base */
	off += MADT_IOAPIC_LEN;
	header(t, "APIC", off, 5);
	put32(t, MADT_LAPIC_ADDR, SEPTUM_X86_LAPIC_GPA);
	put32(t, MADT_FLAGS, 0);	/* no 8259s to mask (PCAT_COMPAT clear) */
	seal(t);
	return off;
}

/* --- AML ------------------------------------------------------------------ */

static void emit(struct aml *a, const void *bytes, uint32_t n)
{
	if (a->n + n <= sizeof(a->b))
		memcpy(a->b + a->n, bytes, n);
	a->n += n;
}

static void emit1(struct aml *a, uint8_t v)
{
	emit(a, &v, 1);
}

/*
 * Wrap `body` in `op` (one or two bytes) and a PkgLength counting itself
 * and the body (20.2.4): one byte up to 63, else two (up to 4095).
 */
static void emit_pkg(struct aml *a, const uint8_t *op, uint32_t op_len,
		     const struct aml *body)
{
	uint32_t len = body->n + 1;

	emit(a, op, op_len);
	if (len < 0x40) {
		emit1(a, (uint8_t)len);
	} else {
		len++;
		emit1(a, (uint8_t)(0x40u | (len & 0xfu)));
		emit1(a, (uint8_t)(len >> 4));
	}
	emit(a, body->b, body->n);
}

static void emit_dword(struct aml *a, uint32_t v)
{
	uint8_t b[5] = { AML_DWORD, (uint8_t)v, (uint8_t)(v >> 8),
			 (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	emit(a, b, sizeof(b));
}

/* Name(_CRS, ResourceTemplate() { IO(Decode16, port, port, 1, 8);
 *   Interrupt(ResourceConsumer, Edge, ActiveHigh, Exclusive) { gsi } }) */
static void emit_uart_crs(struct aml *a, uint32_t port, uint32_t gsi)
{
	static const uint8_t buffer_op = AML_BUFFER;
	uint8_t res[] = {
		RES_IO, RES_IO_DECODE16, (uint8_t)port, (uint8_t)(port >> 8),
		(uint8_t)port, (uint8_t)(port >> 8), 1, UART_PORTS,
		RES_EXT_IRQ, RES_EXT_IRQ_LEN, 0, RES_IRQ_CONSUMER_EDGE, 1,
		(uint8_t)gsi, (uint8_t)(gsi >> 8), (uint8_t)(gsi >> 16),
		(uint8_t)(gsi >> 24), RES_END, 0 };
	struct aml buf = { .n = 0 };

	emit1(&buf, AML_BYTE);
	emit1(&buf, (uint8_t)sizeof(res));
	emit(&buf, res, sizeof(res));
	emit1(a, AML_NAME);
	emit(a, "_CRS", 4);
	emit_pkg(a, &buffer_op, 1, &buf);
}

static void emit_uart(struct aml *a, const struct m_cell *c)
{
	static const uint8_t device_op[] = { AML_EXT, AML_DEVICE };
	struct aml dev = { .n = 0 };

	emit(&dev, "COM1", 4);
	emit1(&dev, AML_NAME);
	emit(&dev, "_HID", 4);
	emit_dword(&dev, EISA_PNP0501);
	emit1(&dev, AML_NAME);
	emit(&dev, "_UID", 4);
	emit1(&dev, AML_ONE);
	emit_uart_crs(&dev, (uint32_t)c->vuart_ipa, c->vuart_vintid);
	emit_pkg(a, device_op, sizeof(device_op), &dev);
}

/*
 * Name(_S5, Package(4) { SLP_TYP_S5, Zero, Zero, Zero }) (7.4.2): the
 * sleep type that, with SLP_EN, turns the cell off; the second value would
 * be PM1b's, which a hardware-reduced platform does not have.
 */
static void emit_s5(struct aml *a)
{
	static const uint8_t package_op = AML_PACKAGE;
	const uint8_t values[] = { 4, AML_BYTE, SEPTUM_X86_SLP_TYP_S5,
				   AML_ZERO, AML_ZERO, AML_ZERO };
	struct aml pkg = { .n = 0 };

	emit(&pkg, values, sizeof(values));
	emit1(a, AML_NAME);
	emit(a, "_S5_", 4);
	emit_pkg(a, &package_op, 1, &pkg);
}

static void emit_name(struct aml *a, const char *name)
{
	emit1(a, AML_NAME);
	emit(a, name, 4);
}

/* Name(_CRS, ResourceTemplate() { items }): `res` without its end tag. */
static void emit_crs(struct aml *a, const uint8_t *res, uint32_t len)
{
	static const uint8_t buffer_op = AML_BUFFER;
	static const uint8_t end[] = { RES_END, 0 };
	struct aml buf = { .n = 0 };

	emit1(&buf, AML_WORD);
	emit1(&buf, (uint8_t)(len + sizeof(end)));
	emit1(&buf, (uint8_t)((len + sizeof(end)) >> 8));
	emit(&buf, res, len);
	emit(&buf, end, sizeof(end));
	emit_name(a, "_CRS");
	emit_pkg(a, &buffer_op, 1, &buf);
}

/*
 * The root bridge's resources: WordBusNumber(ResourceProducer, MinFixed,
 * MaxFixed, PosDecode, 0, 0, 0, 0, 1) and QWordMemory(ResourceProducer,
 * PosDecode, MinFixed, MaxFixed, NonCacheable, ReadWrite, 0, window base,
 * window end, 0, window size) (ACPI 6.5, 6.4.3.5).
 */
static void emit_root_crs(struct aml *a, const struct m_cell *c)
{
	uint8_t res[16 + 46] = { RES_WORD_ADDR, 13, 0, RES_TYPE_BUS,
				 RES_PRODUCER_FIXED, 0 };
	uint8_t *q = res + 16;

	put16(res, 14, 1);			/* length: one bus */
	q[0] = RES_QWORD_ADDR;
	put16(q, 1, 43);
	q[3] = RES_TYPE_MEMORY;
	q[4] = RES_PRODUCER_FIXED;
	q[5] = RES_MEM_RW;
	put64(q, 14, c->pci_mmio);			/* minimum */
	put64(q, 22, c->pci_mmio + c->pci_mmio_size - 1);	/* maximum */
	put64(q, 38, c->pci_mmio_size);		/* length */
	emit_crs(a, res, sizeof(res));
}

/* Package(4) { slot << 16 | 0xffff, 0 (INTA), Zero (a GSI), gsi } */
static void emit_prt_entry(struct aml *a, uint32_t slot, uint32_t gsi)
{
	static const uint8_t package_op = AML_PACKAGE;
	struct aml pkg = { .n = 0 };

	emit1(&pkg, 4);
	emit_dword(&pkg, slot << 16 | PRT_ALL_FUNCTIONS);
	emit1(&pkg, AML_ZERO);
	emit1(&pkg, AML_ZERO);
	emit_dword(&pkg, gsi);
	emit_pkg(a, &package_op, 1, &pkg);
}

/* Name(_PRT, Package() { ... }): each channel's slot, INTA to its GSI. */
static void emit_prt(struct aml *a, const struct m_system *sys, uint32_t ci)
{
	static const uint8_t package_op = AML_PACKAGE;
	struct aml pkg = { .n = 0 }, entries = { .n = 0 };
	uint32_t n = 0;

	for (uint32_t i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (uint32_t k = 0; k < ch->num_peers; k++) {
			if (ch->peers[k].cell != (int)ci)
				continue;
			emit_prt_entry(&entries, ch->peers[k].pci_slot,
				       ch->peers[k].vintid);
			n++;
		}
	}
	emit1(&pkg, (uint8_t)n);
	emit(&pkg, entries.b, entries.n);
	emit_name(a, "_PRT");
	emit_pkg(a, &package_op, 1, &pkg);
}

/* Name(_STR, Unicode("name")): UTF-16LE, NUL-terminated, in a buffer. */
static void emit_str(struct aml *a, const char *name)
{
	static const uint8_t buffer_op = AML_BUFFER;
	struct aml buf = { .n = 0 };
	size_t len = strlen(name);

	emit1(&buf, AML_WORD);
	emit1(&buf, (uint8_t)((len + 1) * 2));
	emit1(&buf, (uint8_t)(((len + 1) * 2) >> 8));
	for (size_t i = 0; i <= len; i++) {
		emit1(&buf, (uint8_t)name[i]);
		emit1(&buf, 0);
	}
	emit_name(a, "_STR");
	emit_pkg(a, &buffer_op, 1, &buf);
}

/* Device(Cnn) { Name(_ADR, slot << 16), Name(_STR, channel name) }: the
 * channel's function 0, named for user space. */
static void emit_chan_dev(struct aml *a, uint32_t slot, const char *name)
{
	static const uint8_t device_op[] = { AML_EXT, AML_DEVICE };
	static const char hex[] = "0123456789ABCDEF";
	char seg[5] = { 'C', 'H', hex[(slot >> 4) & 0xfu], hex[slot & 0xfu], 0 };
	struct aml dev = { .n = 0 };

	emit(&dev, seg, 4);
	emit_name(&dev, "_ADR");
	emit_dword(&dev, slot << 16);
	emit_str(&dev, name);
	emit_pkg(a, device_op, sizeof(device_op), &dev);
}

/* Each channel of cell ci: its device on the bus. */
static void emit_chan_devs(struct aml *a, const struct m_system *sys,
			   uint32_t ci)
{
	for (uint32_t i = 0; i < sys->num_channels; i++) {
		const struct m_channel *ch = &sys->channels[i];

		for (uint32_t k = 0; k < ch->num_peers; k++) {
			if (ch->peers[k].cell == (int)ci)
				emit_chan_dev(a, ch->peers[k].pci_slot,
					      ch->name);
		}
	}
}

static void emit_pci_root(struct aml *a, const struct m_system *sys,
			  uint32_t ci)
{
	static const uint8_t device_op[] = { AML_EXT, AML_DEVICE };
	struct aml dev = { .n = 0 };

	emit(&dev, "PCI0", 4);
	emit_name(&dev, "_HID");
	emit_dword(&dev, EISA_PNP0A08);
	emit_name(&dev, "_CID");
	emit_dword(&dev, EISA_PNP0A03);
	emit_name(&dev, "_SEG");
	emit1(&dev, AML_ZERO);
	emit_name(&dev, "_BBN");
	emit1(&dev, AML_ZERO);
	emit_name(&dev, "_UID");
	emit1(&dev, AML_ZERO);
	emit_root_crs(&dev, &sys->cells[ci]);
	emit_prt(&dev, sys, ci);
	emit_chan_devs(&dev, sys, ci);
	emit_pkg(a, device_op, sizeof(device_op), &dev);
}

/* Device(RES0) { PNP0C02, _CRS: Memory32Fixed(ReadWrite, ecam, size) } */
static void emit_ecam_reserved(struct aml *a, const struct m_cell *c)
{
	static const uint8_t device_op[] = { AML_EXT, AML_DEVICE };
	uint8_t res[12] = { RES_MEM32_FIXED, 9, 0, RES_MEM_RW };
	struct aml dev = { .n = 0 };

	put32(res, 4, (uint32_t)c->pci_ecam);
	put32(res, 8, PCI_ECAM_SIZE);
	emit(&dev, "RES0", 4);
	emit_name(&dev, "_HID");
	emit_dword(&dev, EISA_PNP0C02);
	emit_crs(&dev, res, sizeof(res));
	emit_pkg(a, device_op, sizeof(device_op), &dev);
}

static uint32_t write_dsdt(uint8_t *t, const struct m_system *sys,
			   uint32_t ci)
{
	const struct m_cell *c = &sys->cells[ci];
	static const uint8_t scope_op = AML_SCOPE;
	struct aml body = { .n = 0 }, sb = { .n = 0 };

	emit_s5(&body);

	emit1(&sb, AML_ROOT);
	emit(&sb, "_SB_", 4);
	if (!c->no_console)
		emit_uart(&sb, c);
	if (c->pci_ecam) {
		emit_pci_root(&sb, sys, ci);
		emit_ecam_reserved(&sb, c);
	}
	emit_pkg(&body, &scope_op, 1, &sb);
	if (body.n > TABLES_END - DSDT_AT - HEADER_LEN ||
	    body.n > sizeof(body.b))
		return 0;
	memcpy(t + HEADER_LEN, body.b, body.n);
	header(t, "DSDT", HEADER_LEN + body.n, 2);
	seal(t);
	return HEADER_LEN + body.n;
}

size_t x86acpi_write(const struct m_system *sys, uint32_t ci, uint64_t at,
		     uint8_t *buf, size_t room)
{
	const struct m_cell *c = &sys->cells[ci];

	if (room < TABLES_END ||
	    MADT_ENTRIES + c->num_cpus * MADT_X2APIC_LEN + MADT_IOAPIC_LEN >
		    DSDT_AT - MADT_AT)
		return 0;
	memset(buf, 0, TABLES_END);
	write_rsdp(buf, at + XSDT_AT);
	write_xsdt(buf + XSDT_AT, at, c->pci_ecam != 0);
	write_fadt(buf + FADT_AT, at);
	if (c->pci_ecam)
		write_mcfg(buf + MCFG_AT, c->pci_ecam);
	(void)write_madt(buf + MADT_AT, c);
	if (write_dsdt(buf + DSDT_AT, sys, ci) == 0)
		return 0;
	return TABLES_END;
}
