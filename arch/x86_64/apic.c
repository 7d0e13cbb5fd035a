/*
 * The hypervisor's local APIC in xAPIC mode (see arch/apic.h).
 *
 * Why xAPIC and not x2APIC: every x86-64 CPU and every QEMU model has it
 * (x2APIC needs QEMU 10's `-cpu ...,+x2apic` under TCG, and a recent CPU);
 * the hypervisor only programs its own timer and sends IPIs, where the MMIO
 * interface costs nothing that matters.  Cells never reach it (it is not in
 * their nested page tables): they see a virtual local APIC.
 */
#include <arch/apic.h>
#include <arch/tsc.h>
#include <arch/x86.h>
#include <septum/arch/mmu.h>
#include <septum/arch/timer.h>
#include <septum/log.h>
#include <septum/mmio.h>
#include <septum/panic.h>


/* Registers (offsets in the 4 KiB page). */
#define APIC_ID 0x020
#define APIC_TPR 0x080
#define APIC_EOI 0x0b0
#define APIC_SVR 0x0f0
#define APIC_ICR_LO 0x300
#define APIC_ICR_HI 0x310
#define APIC_LVT_TIMER 0x320
#define APIC_LVT_LINT0 0x350
#define APIC_LVT_ERROR 0x370
#define APIC_TIMER_INIT 0x380
#define APIC_TIMER_CUR 0x390
#define APIC_TIMER_DIV 0x3e0

#define SVR_ENABLE BIT(8)
#define LVT_MASKED BIT(16)
#define TIMER_DIV_1 0xbu
#define ICR_DEST_SHIFT 24
#define ICR_FIXED 0x000u
#define ICR_INIT 0x500u
#define ICR_STARTUP 0x600u
#define ICR_ASSERT BIT(14)
#define ICR_PENDING BIT(12)	/* delivery status: send pending */

#define ICR_POLLS 1000000u
#define INIT_DELAY_US 10000u
#define SIPI_DELAY_US 200u
#define CALIBRATE_US 10000u
#define TIMER_MAX 0xffffffffu

static uintptr_t apic;
static uint64_t timer_hz;

static uint32_t apic_read(unsigned int reg)
{
	return mmio_read32(apic + reg);
}

static void apic_write(unsigned int reg, uint32_t v)
{
	mmio_write32(apic + reg, v);
}

void apic_map(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);

	if (!(cpuid(CPUID_FEATURES, 0).edx & CPUID_1_EDX_APIC))
		panic("this CPU has no local APIC");
	if ((base & APIC_BASE_ADDR_MASK) != APIC_PA_DEFAULT)
		panic("the local APIC is at PA 0x%llx, not 0x%x: not supported",
		      (unsigned long long)(base & APIC_BASE_ADDR_MASK),
		      APIC_PA_DEFAULT);
	apic = arch_mmu_map_device(pa(APIC_PA_DEFAULT), PAGE_SIZE);
	if (!apic)
		panic("cannot map the local APIC");
}

void apic_cpu_init(void)
{
	wrmsr(MSR_APIC_BASE, rdmsr(MSR_APIC_BASE) | APIC_BASE_ENABLE);
	apic_write(APIC_SVR, SVR_ENABLE | VECTOR_SPURIOUS);
	apic_write(APIC_TPR, 0);
	apic_write(APIC_LVT_LINT0, LVT_MASKED);	/* no legacy PIC */
	apic_write(APIC_LVT_ERROR, LVT_MASKED);
	apic_write(APIC_TIMER_DIV, TIMER_DIV_1);
	apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, 0);
}

void apic_eoi(void)
{
	apic_write(APIC_EOI, 0);
}

/* Write the ICR and wait (bounded) until the APIC took the IPI. */
static enum err send_icr(uint32_t apic_id, uint32_t lo)
{
	apic_write(APIC_ICR_HI, apic_id << ICR_DEST_SHIFT);
	apic_write(APIC_ICR_LO, lo);
	for (unsigned int i = 0; i < ICR_POLLS; i++) {
		if (!(apic_read(APIC_ICR_LO) & ICR_PENDING))
			return E_OK;
		__asm__ volatile("pause");
	}
	return E_TIMEOUT;
}

void apic_send_ipi(uint32_t apic_id, uint8_t vector)
{
	if (send_icr(apic_id, ICR_FIXED | ICR_ASSERT | vector) != E_OK)
		panic("the local APIC did not send IPI %u to APIC id %u",
		      vector, apic_id);
}

enum err apic_start_ap(uint32_t apic_id, uint64_t start)
{
	uint32_t page = (uint32_t)(start >> PAGE_SHIFT);
	enum err e = send_icr(apic_id, ICR_INIT | ICR_ASSERT);

	tsc_delay_us(INIT_DELAY_US);
	for (unsigned int i = 0; i < 2 && e == E_OK; i++) {
		e = send_icr(apic_id, ICR_STARTUP | ICR_ASSERT | page);
		tsc_delay_us(SIPI_DELAY_US);
	}
	return e;
}

void apic_timer_calibrate(void)
{
	uint64_t tsc_start, tsc_ticks;
	uint32_t left;

	apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, TIMER_MAX);
	tsc_start = arch_timer_now();
	tsc_delay_us(CALIBRATE_US);
	left = apic_read(APIC_TIMER_CUR);
	tsc_ticks = arch_timer_now() - tsc_start;
	apic_write(APIC_TIMER_INIT, 0);
	timer_hz = (uint64_t)(TIMER_MAX - left) * arch_timer_freq() / tsc_ticks;
	if (!timer_hz)
		panic("the local APIC timer does not count");
	log_info("local APIC timer: %llu kHz", (unsigned long long)(timer_hz / 1000));
}

uint64_t apic_timer_hz(void)
{
	return timer_hz;
}

void apic_timer_oneshot(uint64_t tsc_ticks)
{
	uint64_t count;

	if (!tsc_ticks) {
		apic_write(APIC_TIMER_INIT, 0);
		return;
	}
	/* Beyond the counter's range it fires early: callers look again. */
	if (tsc_ticks > TIMER_MAX)
		tsc_ticks = TIMER_MAX;
	count = tsc_ticks * timer_hz / arch_timer_freq();
	if (count > TIMER_MAX)
		count = TIMER_MAX;
	apic_write(APIC_LVT_TIMER, VECTOR_TIMER);
	apic_write(APIC_TIMER_INIT, (uint32_t)(count ? count : 1));
}
