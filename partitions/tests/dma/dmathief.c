/*
 * A cell driving QEMU's edu PCI function (BAR0 at the address the config
 * tool placed it) and aiming its DMA engine.  Round 0: a round trip through
 * its own RAM, which must work, data checked.  Rounds 1-4, one per life:
 * DMA into the victim's RAM, into the hypervisor's image, out of the
 * hypervisor's memory, into the channel's read-only state table.  The SMMU
 * must block each and the hypervisor restart this cell for it; a life that
 * sees its DMA finish just waits for that.  Each life first reports on the
 * round before, which proves the previous life ended as it should have.
 */
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
#define EDU_BUFFER 0x40000u
#define BYTES 64u

static struct progress *const p = (struct progress *)PROGRESS;
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
static void dma(uint64_t src, uint64_t dst, bool to_ram)
{
	edu_write(EDU_DMA_SRC, src);
	edu_write(EDU_DMA_DST, dst);
	edu_write(EDU_DMA_COUNT, BYTES);
	__asm__ volatile("dsb sy" : : : "memory");
	kit_write32(EDU_BAR0 + EDU_DMA_CMD,
		    EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
	while (kit_read32(EDU_BAR0 + EDU_DMA_CMD) & EDU_DMA_RUN)
		;
	__asm__ volatile("dsb sy" : : : "memory");
}

static void own_ram_round_trip(void)
{
	bool same = true;

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
