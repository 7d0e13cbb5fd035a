/*
 * The GIC conformance guest (gicconf.c runs it, lib/ holds its sections).
 *
 * The same image runs twice on the same QEMU machine: natively at EL1,
 * owning the real GIC, and in a Septum cell, seeing the virtual one.  Every
 * section prints what it observes as result lines
 *
 *     GICCONF <key> <value>
 *
 * and ci/gicconf.py compares the two runs key by key.  A value is what the
 * GIC did (a register's contents, an interrupt's state, how many times a
 * handler ran), never a time: every wait is bounded by the counter and only
 * decides how long to look.  Where a value depends on the machine's size
 * rather than on the GIC's behaviour (the number of SPIs, the cell's CPUs),
 * the section prints a comparable form of it; the rest of the legitimate
 * differences are in allowed-differences.txt.
 *
 * The guest's own sanity (it found its GIC, every section ran to its end)
 * is reported as TEST gicconf.<section> PASS|FAIL lines.
 */
#ifndef GICCONF_H
#define GICCONF_H

#include <stdbool.h>
#include <stdint.h>

#include <kit/kit.h>

/* ---------------------------------------------------------------- the machine */

/* QEMU virt: the devices the guest uses (a cell gets them at the same place). */
#define GC_UART 0x09000000ul	/* PL011: the console (virtual in a cell) */
#define GC_RTC 0x09010000ul	/* PL031: passed through to the cell */
#define GC_UART_INTID 33u	/* SPI 1 */
#define GC_RTC_INTID 34u	/* SPI 2 */
#define GC_VTIMER_INTID 27u	/* EL1 virtual timer PPI */
#define GC_PTIMER_INTID 30u	/* EL1 physical timer PPI */
#define GC_NATIVE_DTB 0x40000000ul	/* where QEMU puts it for an ELF */

#define GC_MAX_CPUS 4u
#define GC_MAX_RD_REGIONS 4u
#define GC_SPURIOUS 1023u

/* What the guest found out about where it runs. */
struct gc_machine {
	bool septum;			/* in a Septum cell (else native) */
	unsigned int version;		/* GIC architecture: 2 or 3 */
	unsigned int ncpus;		/* CPUs in the device tree */
	uintptr_t gicd, gicc;		/* distributor; GICv2 CPU interface */
	unsigned int nregions;		/* GICv3 redistributor regions */
	uintptr_t rd_base[GC_MAX_RD_REGIONS];
	uint64_t rd_size[GC_MAX_RD_REGIONS];
	uintptr_t rd[GC_MAX_CPUS];	/* each CPU's RD_base, from the walk */
	bool have_dt;
};
extern struct gc_machine gc;

/* ---------------------------------------------------------------- results */

/* One result line: GICCONF <key> <value>; the key is printf-formatted. */
void gc_res(const char *value, const char *keyfmt, ...)
	__attribute__((format(printf, 2, 3)));
void gc_resx(uint64_t value, const char *keyfmt, ...)
	__attribute__((format(printf, 2, 3)));	/* value as 0x... */
void gc_resu(uint64_t value, const char *keyfmt, ...)
	__attribute__((format(printf, 2, 3)));	/* value in decimal */
/*
 * Keep result lines in memory until gc_flush(): a section that raises the
 * console UART's own interrupt must not print while it does.
 */
void gc_hold(void);
void gc_flush(void);
/* A line for humans only (not compared). */
void gc_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A section's own sanity: problems counted, then TEST gicconf.<name>. */
void gc_problem(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void gc_section_begin(const char *name);
void gc_section_end(void);

/* ---------------------------------------------------------------- the DTB */

/*
 * Read the machine from the device tree at `dtb`: the GIC node (version,
 * distributor, CPU interface or redistributor regions) and the CPUs.
 * False when there is no valid tree there.
 */
bool gc_fdt_read(uintptr_t dtb, struct gc_machine *m);

/* ---------------------------------------------------------------- GIC access */

/* Distributor registers (common offsets of v2 and v3, IHI 0048 / 0069). */
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_STATUSR 0x0010
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_NSACR 0x0e00
#define GICD_SGIR 0x0f00
#define GICD_CPENDSGIR 0x0f10
#define GICD_SPENDSGIR 0x0f20
#define GICD_IROUTER 0x6000
#define GICD_PIDR2_V2 0x0fe8
#define GICD_PIDR2_V3 0xffe8

/* GICv3 redistributor: RD_base frame, then the SGI_base frame. */
#define GICR_CTLR 0x0000
#define GICR_IIDR 0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8
#define GICR_SGI 0x10000
#define GICR_FRAME 0x20000	/* RD_base + SGI_base, no VLPI frames */
#define GICR_TYPER_PLPIS (1u << 0)
#define GICR_TYPER_VLPIS (1u << 1)
#define GICR_TYPER_LAST (1u << 4)
#define GICR_WAKER_SLEEP (1u << 1)
#define GICR_WAKER_ASLEEP (1u << 2)

/* GICv2 CPU interface. */
#define GICC_CTLR 0x0000
#define GICC_PMR 0x0004
#define GICC_BPR 0x0008
#define GICC_IAR 0x000c
#define GICC_EOIR 0x0010
#define GICC_RPR 0x0014
#define GICC_HPPIR 0x0018
#define GICC_ABPR 0x001c
#define GICC_AIAR 0x0020
#define GICC_AHPPIR 0x0028
#define GICC_APR0 0x00d0
#define GICC_NSAPR0 0x00e0
#define GICC_IIDR 0x00fc
#define GICC_DIR 0x1000

/* GICv3 CPU interface system registers (ICC_*, ICV_* in a cell). */
#define ICC_IAR0 "S3_0_C12_C8_0"
#define ICC_HPPIR0 "S3_0_C12_C8_2"
#define ICC_BPR0 "S3_0_C12_C8_3"
#define ICC_AP0R0 "S3_0_C12_C8_4"
#define ICC_AP1R0 "S3_0_C12_C9_0"
#define ICC_DIR "S3_0_C12_C11_1"
#define ICC_RPR "S3_0_C12_C11_3"
#define ICC_SGI1R "S3_0_C12_C11_5"
#define ICC_ASGI1R "S3_0_C12_C11_6"
#define ICC_SGI0R "S3_0_C12_C11_7"
#define ICC_IAR1 "S3_0_C12_C12_0"
#define ICC_EOIR1 "S3_0_C12_C12_1"
#define ICC_HPPIR1 "S3_0_C12_C12_2"
#define ICC_BPR1 "S3_0_C12_C12_3"
#define ICC_CTLR "S3_0_C12_C12_4"
#define ICC_SRE "S3_0_C12_C12_5"
#define ICC_IGRPEN0 "S3_0_C12_C12_6"
#define ICC_IGRPEN1 "S3_0_C12_C12_7"
#define ICC_PMR "S3_0_C4_C6_0"

#define gc_sysread(reg)                                                        \
	__extension__({                                                        \
		uint64_t v_;                                                   \
		__asm__ volatile("mrs %0, " reg : "=r"(v_) : : "memory");      \
		v_;                                                            \
	})
#define gc_syswrite(reg, v)                                                    \
	do {                                                                   \
		__asm__ volatile("msr " reg ", %0\n\tisb"                      \
				 : : "r"((uint64_t)(v)) : "memory");           \
	} while (0)

/* Raw register access, one plain load or store each. */
uint32_t gc_rd32(uintptr_t a);
void gc_wr32(uintptr_t a, uint32_t v);
uint8_t gc_rd8(uintptr_t a);
void gc_wr8(uintptr_t a, uint8_t v);
uint64_t gc_rd64(uintptr_t a);
void gc_wr64(uintptr_t a, uint64_t v);

/*
 * The register frame holding interrupt `intid`'s banked state for CPU
 * `cpu`: GICv3: that CPU's SGI_base frame for SGIs and PPIs, else the
 * distributor; GICv2: the distributor (banked by the accessing CPU, so
 * `cpu` must be the caller).
 */
uintptr_t gc_frame(unsigned int cpu, uint32_t intid);

/* One bit of a one-bit-per-interrupt register (ISENABLER, ISPENDR, ...). */
bool gc_bit(unsigned int cpu, uint32_t reg, uint32_t intid);
/* Write 1 to that bit (and 0 to the others of the word). */
void gc_bit_set(unsigned int cpu, uint32_t reg, uint32_t intid);
uint8_t gc_prio(unsigned int cpu, uint32_t intid);
void gc_prio_set(unsigned int cpu, uint32_t intid, uint8_t prio);
/* ICFGR: edge-triggered or level-sensitive (read-modify-write). */
void gc_cfg_edge(unsigned int cpu, uint32_t intid, bool edge);
/* Route SPI `intid` to CPU `cpu` (IROUTER Aff0 or one ITARGETSR bit). */
void gc_route(uint32_t intid, unsigned int cpu);
/* Make interrupt `intid` usable by the kit's IRQ path (Group 1 on v3). */
void gc_group1(unsigned int cpu, uint32_t intid);

/* This CPU's interface: acknowledge, end, look. */
uint32_t gc_iar(void);		/* the whole IAR (v2: CPUID in [12:10]) */
void gc_eoi(uint32_t iar);
void gc_dir(uint32_t iar);
uint32_t gc_hppir(void);
uint32_t gc_rpr(void);
uint32_t gc_pmr(void);
void gc_pmr_set(uint32_t v);
uint32_t gc_bpr(void);		/* v3 BPR1, v2 BPR */
void gc_bpr_set(uint32_t v);
void gc_eoimode_set(bool split);	/* EOImode 1 on this CPU's interface */
extern volatile bool gc_split[GC_MAX_CPUS];	/* as last set, per CPU */
void gc_cpuif_enable(bool on);	/* the CPU interface: our group on */
void gc_dist_enable(bool on);	/* the distributor's group enable */
uint32_t gc_intid(uint32_t iar);	/* the INTID field of an IAR value */

/* SGIs of the caller: to a set of CPUs, to every other CPU, to itself. */
void gc_sgi(uint32_t sgi, uint32_t targets);
void gc_sgi_others(uint32_t sgi);
void gc_sgi_self(uint32_t sgi);

/* GIC set-up as an OS does it: the distributor (CPU 0), then every CPU. */
void gc_gic_init(void);
void gc_gic_init_cpu(void);

/* ---------------------------------------------------------------- interrupts */

/* What the IRQ handler does with an interrupt (see irq.c). */
enum gc_hmode {
	HM_SILENCE_EOI,		/* quiet the source, then EOI (and DIR) */
	HM_EOI_FIRST,		/* EOI (EOImode 0: also deactivates), quiet, (DIR) */
	HM_NEST,		/* unmask IRQs, run the nest hook, then as default */
};

#define GC_NIDS 64u
#define GC_TRACE 32u

struct gc_irqs {
	volatile uint32_t count[GC_NIDS];	/* handler runs by INTID */
	volatile uint32_t total;
	volatile uint32_t spurious;
	volatile uint32_t last_iar;
	volatile uint32_t last_rpr;		/* RPR read in the handler */
	volatile uint32_t last_ap;		/* AP1R0 / APR0 in the handler */
	volatile uint32_t ntrace;
	volatile int32_t trace[GC_TRACE];	/* +id entered, -(id+1) left */
	volatile uint32_t nacks;
	volatile uint32_t iars[GC_TRACE];	/* each acknowledge's IAR */
};
extern struct gc_irqs gc_irqs[GC_MAX_CPUS];
extern volatile enum gc_hmode gc_hmode[GC_NIDS];
extern void (*volatile gc_nest_hook)(uint32_t intid);

/* Install the guest's vectors on this CPU (every CPU, once). */
void gc_vectors_install(void);
void gc_irq_reset(void);	/* counts, traces and modes of every CPU */
/* The trace of a CPU as text: ">1 >2 <2 <1". */
void gc_trace_str(unsigned int cpu, char *buf, unsigned int cap);

/* Bounded waits (counter ticks from microseconds). */
uint64_t gc_ticks(uint64_t us);
/* Spin for `us` with IRQs as they are. */
void gc_spin(uint64_t us);
/* Unmask IRQs for `us`, then mask them again. */
void gc_window(uint64_t us);
#define GC_SETTLE_US 50u	/* for what the GIC does at once */
#define GC_WINDOW_US 2000u	/* for what may happen once IRQs are unmasked */

/* ---------------------------------------------------------------- sources */

struct gc_src {
	const char *name;
	uint32_t intid;
	bool level;		/* level-sensitive (else edge) */
	void (*raise)(void);
	void (*lower)(void);
};
/* sgi (SGI 1), vtimer, ptimer, rtc (level), rtc-edge, uart (level). */
extern const struct gc_src gc_srcs[];
extern const unsigned int gc_nsrcs;
const struct gc_src *gc_src_of(uint32_t intid);
void gc_sources_init(void);	/* the RTC's match (once, CPU 0) */
void gc_quiet_all(void);	/* lower every source of this CPU */

/* ---------------------------------------------------------------- CPUs */

/*
 * Run fn(arg) on CPU `cpu` (started by gc_cpus_start()) and wait for it;
 * false if it did not finish in time.  Results it prints come in order.
 */
bool gc_on_cpu(unsigned int cpu, void (*fn)(uint32_t arg), uint32_t arg);
/* The same in two halves: post without waiting, then wait for it. */
void gc_post(unsigned int cpu, void (*fn)(uint32_t arg), uint32_t arg);
bool gc_join(unsigned int cpu);
/* Whether CPU `cpu` runs the guest (CPU 0 always). */
bool gc_cpu_up(unsigned int cpu);
/*
 * Start every other CPU of the tree (PSCI CPU_ON), recording the PSCI
 * answers the psci section prints; how many CPUs run in all.
 */
unsigned int gc_cpus_start(void);
/*
 * CPU `cpu` turns itself off (PSCI CPU_OFF); true once AFFINITY_INFO says
 * it is off.  gc_cpu_restart() starts it again (CPU_ON) as
 * gc_cpus_start() did; true once it runs.
 */
bool gc_cpu_off(unsigned int cpu);
bool gc_cpu_restart(unsigned int cpu);
struct gc_psci_seen {
	int64_t on, on_again, affinity_after_on, affinity_running;
	int64_t on_running, on_absent, affinity_absent, version, features_on;
};
extern struct gc_psci_seen gc_psci_seen;

/* ---------------------------------------------------------------- sections */

void gc_sec_discover(void);
void gc_sec_reset(void);
void gc_sec_dist(void);
void gc_sec_access(void);
void gc_sec_redist(void);
void gc_sec_cpuif(void);
void gc_sec_life(void);
void gc_sec_prio(void);
void gc_sec_sgi(void);
void gc_sec_mp(void);
void gc_sec_psci(void);
void gc_sec_off(void);

/* The per-CPU parts other sections run on every CPU. */
void gc_redist_cpu(uint32_t cpu);
void gc_cpuif_cpu(uint32_t cpu);

#endif /* GICCONF_H */
