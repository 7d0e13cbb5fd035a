/*
 * A cell driving QEMU's edu PCI function (BAR0 at the address the config
 * tool placed it) and aiming its DMA engine.  Round 0: a round trip through
 * its own RAM, which must work, data checked.  Rounds 1-4, one per life:
 * DMA into the victim's RAM, into the hypervisor's image, out of the
 * hypervisor's memory, into the channel's read-only state table.  The SMMU
 * must block each and the hypervisor restart this cell for it; a life that
 * sees its DMA finish just waits for that.  Each life first reports on the
 * round before, which proves the previous life ended as it should have.
 *
 * The function's configuration space is the one its virtual PCI host
 * shows (round 0 checks what it filters); every life turns memory decoding
 * and bus mastering on there itself.  Round 0 also takes edu's INTx, which
 * the config routes to this cell, through its GIC.
 */
#include <kit/gic.h>
#include <kit/kit.h>
#include <stdbool.h>

#include "shared.h"

/* edu (QEMU docs/specs/edu.rst): identification, DMA registers, buffer. */
#define EDU_BAR0 0x10000000ul
#define EDU_ID 0x00
#define EDU_ID_VALUE 0x010000edu
#define EDU_DMA_SRC 0x80
#define EDU_DMA_DST 0x88
#define EDU_DMA_COUNT 0x90
#define EDU_DMA_CMD 0x98
#define EDU_DMA_RUN 0x1u
#define EDU_DMA_TO_RAM 0x2u
#define EDU_DMA_IRQ 0x4u
#define EDU_IRQ_STATUS 0x24
#define EDU_IRQ_RAISE 0x60
#define EDU_IRQ_ACK 0x64
#define EDU_IRQ_DMA 0x100u	/* the status bit of a finished DMA */
#define EDU_BUFFER 0x40000u
#define BYTES 64u

/* PCI configuration space (PCI Local Bus 3.0, 6.1) of a function on the
 * virtual host: ECAM, 4 KiB per function. */
#define CFG(dev, reg) (VPCI_ECAM + ((uintptr_t)(dev) << 15) + (reg))
#define EDU_DEV 2u
#define OTHER_EDU_DEV 3u	/* the board's second edu: nobody's */
#define PCI_ID 0x00
#define EDU_PCI_ID 0x11e81234u	/* device 0x11e8, vendor 0x1234 */
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEMORY 0x2u
#define PCI_COMMAND_MASTER 0x4u
#define PCI_COMMAND_INTX_DISABLE 0x400u
#define PCI_STATUS_INTERRUPT (0x8u << 16)
#define PCI_STATUS_CAP_LIST (0x10u << 16)
#define PCI_CLASS 0x08
#define EDU_CLASS 0x00ffu	/* base class 0, sub-class 0xff */
#define PCI_BAR0 0x10
#define PCI_BAR1 0x14
#define EDU_BAR0_MASK 0xfff00000u	/* 1 MiB, 32-bit memory */
#define PCI_CAP_PTR 0x34
#define PCI_INTERRUPT 0x3c
#define PCI_INT_PIN_A 1u
#define WAIT_US 1000000u

static struct progress *const p = (struct progress *)PROGRESS;
static volatile uint32_t intx_hits, intx_status;
static volatile uint32_t out_buf[BYTES / 4] __attribute__((aligned(64)));
static volatile uint32_t in_buf[BYTES / 4] __attribute__((aligned(64)));

static void report(const char *name, bool ok)
{
	kit_printf("TEST dmathief.%s %s\n", name, ok ? "PASS" : "FAIL");
	if (ok)
		p->passed++;
	else
		p->failed++;
}

static void edu_write(uint32_t reg, uint64_t v)
{
	kit_write32(EDU_BAR0 + reg, (uint32_t)v);
	kit_write32(EDU_BAR0 + reg + 4, (uint32_t)(v >> 32));
}

/* One transfer; returns once edu says it is over (its timer: 100 ms). */
static void dma_cmd(uint64_t src, uint64_t dst, uint32_t cmd)
{
	edu_write(EDU_DMA_SRC, src);
	edu_write(EDU_DMA_DST, dst);
	edu_write(EDU_DMA_COUNT, BYTES);
	__asm__ volatile("dsb sy" : : : "memory");
	kit_write32(EDU_BAR0 + EDU_DMA_CMD, EDU_DMA_RUN | cmd);
	while (kit_read32(EDU_BAR0 + EDU_DMA_CMD) & EDU_DMA_RUN)
		;
	__asm__ volatile("dsb sy" : : : "memory");
}

static void dma(uint64_t src, uint64_t dst, bool to_ram)
{
	dma_cmd(src, dst, to_ram ? EDU_DMA_TO_RAM : 0);
}

/* --- the function's configuration space, as the virtual host shows it --- */

static void config_space(void)
{
	uint32_t cmd = kit_read32(CFG(EDU_DEV, PCI_COMMAND));

	report("cfg_ids_of_the_real_function",
	       kit_read32(CFG(EDU_DEV, PCI_ID)) == EDU_PCI_ID &&
		       kit_read32(CFG(EDU_DEV, PCI_CLASS)) >> 16 == EDU_CLASS);
	report("cfg_other_functions_absent",
	       (kit_read32(CFG(OTHER_EDU_DEV, PCI_ID)) & 0xffffu) == 0xffffu &&
		       (kit_read32(CFG(0, PCI_ID)) & 0xffffu) == 0xffffu);
	/* edu has an MSI capability: hidden. */
	report("cfg_capability_list_hidden",
	       !(cmd & PCI_STATUS_CAP_LIST) &&
		       kit_read32(CFG(EDU_DEV, PCI_CAP_PTR)) == 0);
	report("cfg_starts_with_decoding_and_mastering_off",
	       !(cmd & (PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER)));
	report("cfg_bar0_placed", kit_read32(CFG(EDU_DEV, PCI_BAR0)) ==
					   EDU_BAR0);
	kit_write32(CFG(EDU_DEV, PCI_BAR0), 0xffffffffu);
	report("cfg_bar0_sizing_gives_1MiB",
	       kit_read32(CFG(EDU_DEV, PCI_BAR0)) == EDU_BAR0_MASK);
	kit_write32(CFG(EDU_DEV, PCI_BAR0), 0x20000000u);
	report("cfg_bar0_moving_ignored",
	       kit_read32(CFG(EDU_DEV, PCI_BAR0)) == EDU_BAR0);
	kit_write32(CFG(EDU_DEV, PCI_BAR1), 0xffffffffu);
	report("cfg_bar1_absent", kit_read32(CFG(EDU_DEV, PCI_BAR1)) == 0);
	report("cfg_interrupt_pin_and_line",
	       (kit_read32(CFG(EDU_DEV, PCI_INTERRUPT)) & 0xffffu) ==
		       (PCI_INT_PIN_A << 8 | EDU_INTID));
}

/* Memory decoding and bus mastering on, INTx disable as `intx_off`. */
static void edu_enable(bool intx_off)
{
	uint32_t cmd = kit_read32(CFG(EDU_DEV, PCI_COMMAND)) & 0xffffu;

	cmd |= PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	cmd = intx_off ? cmd | PCI_COMMAND_INTX_DISABLE
		       : cmd & ~PCI_COMMAND_INTX_DISABLE;
	kit_write32(CFG(EDU_DEV, PCI_COMMAND), cmd);
}

/* --- edu's INTx, through the GIC --------------------------------------- */

static void irq(uint32_t intid)
{
	if (intid != EDU_INTID)
		return;
	/* Level-triggered: the line drops once edu is acknowledged. */
	intx_status = kit_read32(EDU_BAR0 + EDU_IRQ_STATUS);
	kit_write32(EDU_BAR0 + EDU_IRQ_ACK, intx_status);
	intx_hits++;
}

static bool wait_hits(uint32_t want)
{
	uint64_t end = kit_counter() + kit_counter_freq() * WAIT_US / 1000000u;

	while (intx_hits < want && kit_counter() < end)
		;
	return intx_hits >= want;
}

static void intx(void)
{
	uint32_t line = kit_read32(CFG(EDU_DEV, PCI_INTERRUPT)) & 0xffu;
	bool pending;

	kit_irq_handler = irq;
	kit_gic_init();
	kit_write32(EDU_BAR0 + EDU_IRQ_ACK, 0xffffffffu);
	kit_gic_route(line, 0);
	kit_gic_enable(line);
	kit_irq_enable();
	/* INTx disabled: edu says it interrupts, the line stays quiet. */
	edu_enable(true);
	kit_write32(EDU_BAR0 + EDU_IRQ_RAISE, 0x1u);
	pending = kit_read32(CFG(EDU_DEV, PCI_COMMAND)) & PCI_STATUS_INTERRUPT;
	report("intx_disable_holds_the_line", pending && intx_hits == 0);
	edu_enable(false);
	report("intx_raised_by_register_taken",
	       wait_hits(1) && intx_status == 0x1u);
	dma_cmd((uintptr_t)out_buf, EDU_BUFFER, EDU_DMA_IRQ);
	report("intx_on_dma_completion_taken",
	       wait_hits(2) && intx_status == EDU_IRQ_DMA);
	report("intx_line_dropped_after_ack",
	       !(kit_read32(CFG(EDU_DEV, PCI_COMMAND)) & PCI_STATUS_INTERRUPT));
	kit_irq_disable();
}

static void own_ram_round_trip(void)
{
	bool same = true;

	config_space();
	edu_enable(false);
	report("edu_present", kit_read32(EDU_BAR0 + EDU_ID) == EDU_ID_VALUE);
	for (unsigned int i = 0; i < BYTES / 4; i++) {
		out_buf[i] = 0xd0a00000u + i;
		in_buf[i] = 0;
	}
	__asm__ volatile("dsb sy" : : : "memory");
	dma((uintptr_t)out_buf, EDU_BUFFER, false);
	dma(EDU_BUFFER, (uintptr_t)in_buf, true);
	for (unsigned int i = 0; i < BYTES / 4; i++)
		same = same && in_buf[i] == 0xd0a00000u + i;
	report("dma_own_ram", same);
	intx();
}

/* A DMA the SMMU must block: this life ends with it. */
static void attempt(const char *what, uint64_t addr, bool to_ram)
{
	kit_printf("attempt %u: %s 0x%llx\n", p->round, what,
		   (unsigned long long)addr);
	if (to_ram)
		dma(EDU_BUFFER, addr, true);
	else
		dma(addr, EDU_BUFFER, false);
	for (;;)
		__asm__ volatile("wfi");
}

int main(void)
{
	static const char *const ended[] = {
		"dma_victim_ram_ended_the_life",
		"dma_hypervisor_image_ended_the_life",
		"dma_hypervisor_memory_read_ended_the_life",
		"dma_readonly_channel_ended_the_life",
	};
	uint32_t round = p->round;

	p->lives++;
	kit_printf("life %u, round %u\n", p->lives, round);
	if (round > 1 && round <= ROUNDS)
		report(ended[round - 2], true);
	p->round = round + 1;
	if (round > 0)
		edu_enable(false);
	switch (round) {
	case 0:
		own_ram_round_trip();
		while (!p->guard)
			;
		p->round = 2;
		attempt("dma_victim_ram", p->guard, true);
		break;
	case 2:
		attempt("dma_hypervisor_image", HYP_IMAGE, true);
		break;
	case 3:
		attempt("dma_hypervisor_memory_read", HYP_MEMORY, false);
		break;
	case 4:
		attempt("dma_readonly_channel", STATE_TABLE, true);
		break;
	default:
		kit_printf("dmathief: done after %u lives\n", p->lives);
		kit_printf("%u passed, %u failed\n", p->passed, p->failed);
		p->done = 1;
		kit_system_off();
	}
	return 0;
}
