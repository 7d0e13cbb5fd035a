/*
 * The hostile cell's catalogue: rounds of escape attempts (hostile.c runs
 * them, attempts/ holds them).  A round either checks its outcome in-line
 * (an error code, a read-as-zero, a write that changed nothing) and reports
 * TEST lines, or must end the cell's life through its fault policy: the next
 * life reports it.
 */
#ifndef HOSTILE_H
#define HOSTILE_H

#include <kit/kit.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "shared.h"

enum round_kind {
	ROUND_INLINE,		/* checks its own outcome, the life goes on */
	ROUND_ENDS_LIFE,	/* the hypervisor's fault policy ends the life */
};

/* What a round needs from the system it runs in. */
#define NEEDS_TWO_CPUS (1u << 0)
#define NEEDS_GICV3 (1u << 1)
#define NEEDS_GICV2 (1u << 2)
#define GIC_ROUND (1u << 3)	/* a GIC attempt: run where HOSTILE_GIC_ONLY */
/*
 * Not run under `inject`: with its stack outside the map, each abort's
 * frame lands lower (the kit's handler lowers SP before it saves), as on
 * hardware, until it reaches memory of the cell's own and the handler
 * runs; when that happens depends on how long the loop runs, so no
 * outcome of it is the same on every run.
 */
#define NOT_UNDER_INJECT (1u << 4)

/*
 * What a round that ends a life does to a cell under the `inject` fault
 * policy (the hostile-inject system: HOSTILE_INJECT).  0: the cell ends
 * its own life there (a reset) under either policy.
 */
enum inject_outcome {
	INJ_LOAD = 1,	/* a data abort on a read: its handler takes it */
	INJ_STORE,	/* ... on a write */
	INJ_FETCH,	/* an instruction abort: its handler takes it */
	INJ_WALK_FETCH,	/* ... on its own table walk, at level 2 */
	INJ_LOOPS,	/* its handler faults again: that CPU loops for good */
	INJ_STOPS,	/* no access outside its map: the cell is stopped */
};

struct round {
	const char *name;
	enum round_kind kind;
	unsigned int needs;
	void (*run)(const struct round *r);
	uint64_t addr;		/* the target of a memory round */
	enum inject_outcome inject;
	uint64_t far;		/* the abort's FAR_EL1 (and ELR_EL1 for a
				 * fetch) when not addr */
};

#ifndef HOSTILE_INJECT
#define HOSTILE_INJECT 0
#endif

/* One TEST line, hostile.<name>; counted across lives. */
void check(const char *name, bool ok);

/* How many CPUs the cell has: 1 or 2. */
unsigned int hostile_cpus(void);

/* Interrupts taken by the cell's CPU `cpu`, by INTID (below 64). */
extern volatile uint32_t irq_count[2][64];

/*
 * Wait up to `us` for *count to reach `want`.  WAIT_US is for what must
 * happen: long, because the host may not run a vCPU's thread for a while.
 */
bool wait_count(const volatile uint32_t *count, uint32_t want, uint64_t us);
#define WAIT_US 5000000u

/* PSCI AFFINITY_INFO answers. */
#define AFF_ON 0
#define AFF_OFF 1

/* Run fn on the cell's second CPU; false if it would not start. */
bool second_cpu_start(void (*fn)(unsigned int cpu));
/* Ask the second CPU's idle loop to return, and wait until it is off. */
bool second_cpu_stop(void);
/* Wait (WAIT_US at most) until AFFINITY_INFO says the sibling is `state`. */
bool sibling_is(int64_t state);
/* What the second CPU runs between tasks: take interrupts until told. */
void second_cpu_idle(unsigned int cpu);

/* The next synchronous exception at EL1 was the cell's own undefined
 * instruction (EC 0): true once per kit_expect_fault(). */
bool undefined_at_el1(void);

/* Stage 1: make 1 GiB block `gib` normal memory or device memory again. */
void map_gib_normal(unsigned int gib);
void map_gib_device(unsigned int gib);

/* The bare-metal victim's published status, or NULL (a Linux victim). */
const struct victim_status *victim_status(void);

/* --- the rounds (attempts/) ---------------------------------------- */

/* Memory and devices: ends the life, or (inline) reads as documented. */
void touch_read(const struct round *r);
void touch_write(const struct round *r);
void touch_read64(const struct round *r);
void touch_unaligned(const struct round *r);
void touch_load_pair(const struct round *r);
void touch_exclusive(const struct round *r);
void touch_exec(const struct round *r);
void touch_zero_block(const struct round *r);
void touch_ipa_beyond(const struct round *r);
void walk_in_foreign_memory(const struct round *r);
void unaligned_emulated(const struct round *r);

/* Calls: PSCI, SMCCC, Septum hypercalls, the channel registers. */
void psci_round(const struct round *r);
void cpu_off_on_round(const struct round *r);
void unknown_calls_round(const struct round *r);
void hypercall_round(const struct round *r);
void channel_regs_round(const struct round *r);
void system_reset_smc(const struct round *r);

/* The GIC. */
void gicd_foreign_round(const struct round *r);
void gicd_sweep_round(const struct round *r);
void sgi_round(const struct round *r);
void gicr_round(const struct round *r);

/* The CPU: system registers, caches, TLBs, debug, PMU, storms. */
void el2_registers_round(const struct round *r);
void set_way_round(const struct round *r);
void tlb_round(const struct round *r);
void debug_round(const struct round *r);
void pmu_round(const struct round *r);
void storm_round(const struct round *r);
void write_actlr(const struct round *r);
void vectors_in_foreign_memory(const struct round *r);
void stack_in_foreign_memory(const struct round *r);
void fault_loop_in_handler(const struct round *r);
void wfi_forever_round(const struct round *r);

#endif
