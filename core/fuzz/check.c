/*
 * The invariants of core's fuzz machine (check.h).
 */
#include <host/fake.h>
#include <septum/config.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "core_check.h"
#include "fuzz.h"

/* A CPU of a cell, as far as another cell must never change it. */
struct cpu_snap {
	struct host_vcpu_regs regs;
	enum m_cpu_state state;
	uint64_t deadline;
};

/* One cell's state, as far as another cell must never change it. */
struct snap {
	struct core_snap core;
	struct cpu_snap cpus[M_CPUS];	/* the cell's, in CPU order */
	unsigned int ncpus;
};

static const struct septum_config *cfg;
static struct snap before[M_CELLS], after;
static int actor;
static bool world;
static unsigned int restarts[M_CELLS];
static unsigned int rx_taken;	/* console input read before the step */

void check_fail(const char *format, ...)
{
	va_list ap;

	fprintf(stderr, "\nFUZZ INVARIANT VIOLATED: ");
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	fprintf(stderr, "\n(console output so far:)\n%s\n", host_console_text());
	abort();
}

static const char *name(unsigned int c)
{
	return cfg->cells[c].name;
}

static const char *who(void)
{
	return actor < 0 ? "the hypervisor" : name((unsigned int)actor);
}

/* --- snapshots ----------------------------------------------------------- */

static void capture(unsigned int c, struct snap *s)
{
	core_snap(c, &s->core);
	s->ncpus = 0;
	for (unsigned int p = 0; p < M_CPUS; p++) {
		struct cpu_snap *cs = &s->cpus[s->ncpus];

		if (m_cell_of_cpu(p) != (int)c)
			continue;
		memset(cs, 0, sizeof(*cs));
		cs->regs = host_vcpu_regs[p];
		cs->state = m.cpu[p];
		cs->deadline = host_timer_deadline[p];
		s->ncpus++;
	}
}

static void differs(unsigned int c, const char *what)
{
	check_fail("a step of %s changed cell %s's %s", who(), name(c), what);
}

static void compare(unsigned int c, const struct snap *a, const struct snap *b)
{
	const char *what = core_snap_diff(&a->core, &b->core,
					  host_uart_rx_taken != rx_taken);

	if (what)
		differs(c, what);
	for (unsigned int i = 0; i < a->ncpus; i++) {
		const struct cpu_snap *x = &a->cpus[i], *y = &b->cpus[i];

		if (memcmp(&x->regs, &y->regs, sizeof(x->regs)))
			differs(c, "vCPU registers");
		if (x->state != y->state)
			differs(c, "CPUs (guest or parked)");
		if (x->deadline != y->deadline)
			differs(c, "CPUs' hypervisor timers");
	}
}

/* Every interrupt core raised in this step is one of its cell's devices'. */
static void check_injections(void)
{
	for (unsigned int i = 0; i < host_injections && i < HOST_INJECTIONS;
	     i++) {
		const struct host_injection *j = &host_injection_log[i];

		if (j->cell >= M_CELLS || !core_event_intid(j->cell, j->vintid))
			check_fail("a step of %s raised interrupt %u in cell %u, "
				   "which is no channel or console interrupt of "
				   "it", who(), j->vintid, j->cell);
	}
}

/* --- cell life ------------------------------------------------------------ */

static void check_life(unsigned int c)
{
	const struct cell *cl = cell_get(c);
	unsigned int in_guest = 0;

	for (unsigned int i = 0; i < cfg->cells[c].num_cpus; i++) {
		const struct vcpu *v = &cl->vcpus[i];

		in_guest += m.cpu[v->pcpu] == M_GUEST;
		if ((m.cpu[v->pcpu] == M_GUEST) != (v->state == VCPU_ON))
			check_fail("cell %s vCPU %u: state %d but its CPU is %s",
				   name(c), i, (int)v->state,
				   m.cpu[v->pcpu] == M_GUEST ? "in the guest"
							     : "parked");
		if (cl->state == CELL_STOPPED && v->state == VCPU_STARTING)
			check_fail("cell %s is stopped but its vCPU %u is about "
				   "to start", name(c), i);
	}
	if (in_guest != cl->vcpus_in_guest)
		check_fail("cell %s: %u vCPUs in the guest, %u counted", name(c),
			   in_guest, cl->vcpus_in_guest);
	if (cl->state == CELL_RUNNING && cl->restart_pending)
		check_fail("cell %s runs with a restart pending", name(c));
	if (cl->nrefused > ARRAY_SIZE(cl->refused) + 1)
		check_fail("cell %s: refused-call count %u", name(c),
			   cl->nrefused);
}

static void check_ram(unsigned int c)
{
	static uint8_t want[M_RAM_SIZE];
	const struct septum_image *im = &cfg->cells[c].images[0];
	const uint8_t *ram = m_ram(c);
	uint64_t at = im->load_ipa - cfg->cells[c].regions[0].ipa;

	memset(want, 0, sizeof(want));
	memcpy(want + at, config_payload(im->offset), im->size);
	if (!memcmp(ram, want, sizeof(want)))
		return;
	for (uint64_t i = 0; i < M_RAM_SIZE; i++) {
		if (ram[i] != want[i])
			check_fail("cell %s: memory byte 0x%llx is 0x%02x, not its "
				   "image's 0x%02x", name(c),
				   (unsigned long long)i, ram[i], want[i]);
	}
}

/* Cell c restarted in this step: its devices, vCPUs and memory as new. */
static void check_restarted(unsigned int c)
{
	const struct cell *cl = cell_get(c);

	core_check_restarted(c);
	for (unsigned int i = 1; i < cfg->cells[c].num_cpus; i++) {
		if (cl->vcpus[i].state != VCPU_OFF)
			check_fail("cell %s restarted with vCPU %u already "
				   "started (state %d)", name(c), i,
				   (int)cl->vcpus[i].state);
	}
	check_ram(c);
}

/* --- the steps ------------------------------------------------------------ */

/* The invariants of the state as it is (no step to attribute). */
static void check_state(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_life(c);
	core_check_tables();
	core_check_console(host_console_text(), host_console_len(),
			   host_console_len() >= HOST_CONSOLE_MAX - 1);
}

void check_boot(void)
{
	cfg = config_get();
	core_check_boot();
	check_state();
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_ram(c);
}

void check_begin(int acting, bool outside)
{
	actor = acting;
	world = outside;
	for (unsigned int c = 0; c < M_CELLS; c++) {
		if ((int)c != actor && !world)
			capture(c, &before[c]);
		restarts[c] = cell_get(c)->restarts;
	}
	rx_taken = host_uart_rx_taken;
	host_injections = 0;
}

void check_end(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++) {
		if ((int)c != actor && !world) {
			capture(c, &after);
			compare(c, &before[c], &after);
		}
		if (cell_get(c)->restarts != restarts[c])
			check_restarted(c);
	}
	check_injections();
	check_state();
}

void check_finish(void)
{
	for (unsigned int c = 0; c < M_CELLS; c++)
		check_ram(c);
}
