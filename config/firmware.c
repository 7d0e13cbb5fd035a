/*
 * A cell's firmware calls; see firmware.h and docs/boards.md.
 *
 * Binding, in a cell:
 *
 *	firmware {
 *		plain = <fn ...>;	// name nothing of any cell's
 *		clock = <fn ...>;	// x1[31:0] names a firmware clock
 *		reset = <fn ...>;	// ... a firmware reset line
 *		power = <fn ...>;	// ... a firmware power node (device)
 *	};
 *
 * A firmware resource is the cell's when its own devices name it (their
 * `clocks`, `resets`, `power-domains` pointing at a provider under the
 * board's /firmware node) and no other node of the board does: a clock
 * shared with the hypervisor's console or another cell's device is nobody's.
 */
#include <inttypes.h>
#include <libfdt.h>
#include <string.h>

#include "diag.h"
#include "firmware.h"

#define CELL_BYTES 4
#define SMCCC_OWNER(fn) (((fn) >> 24) & 0x3fu)
#define SMCCC_OWNER_SIP 2u
#define MAX_SCAN_DEPTH 64

/* NULL-terminated: also the known properties of the firmware node. */
static const char *const lists[SEPTUM_FW_ARG_KINDS + 1] = {
	"plain", "clock", "reset", "power", NULL,
};
static const char *const ref_props[SEPTUM_FW_ARG_KINDS] = {
	NULL, "clocks", "resets", "power-domains",
};
static const char *const cells_props[SEPTUM_FW_ARG_KINDS] = {
	NULL, "#clock-cells", "#reset-cells", "#power-domain-cells",
};
static const char *const kind_names[SEPTUM_FW_ARG_KINDS] = {
	"nothing", "clock", "reset", "power node",
};
static const char *const kind_phrases[SEPTUM_FW_ARG_KINDS] = {
	"nothing", "a clock", "a reset", "a power node",
};

/*
 * The EEMI firmware ABI (ZynqMP and Versal: "xlnx,zynqmp-firmware",
 * "xlnx,versal-firmware"): what each SiP call's first argument names.
 * FORBIDDEN: it acts on the whole SoC or on what Septum cannot check (any
 * register, the FPGA, pins), so no cell may forward it.
 */
#define FORBIDDEN SEPTUM_FW_ARG_KINDS
#define EEMI_FN(id) (0xc2000000u | (id))
static const struct {
	uint32_t id;
	uint32_t arg;
	const char *name;
} eemi[] = {
	{ 1, SEPTUM_FW_ARG_NONE, "PM_GET_API_VERSION" },
	{ 12, FORBIDDEN, "PM_SYSTEM_SHUTDOWN" },
	{ 13, SEPTUM_FW_ARG_POWER, "PM_REQUEST_NODE" },
	{ 14, SEPTUM_FW_ARG_POWER, "PM_RELEASE_NODE" },
	{ 15, SEPTUM_FW_ARG_POWER, "PM_SET_REQUIREMENT" },
	{ 17, SEPTUM_FW_ARG_RESET, "PM_RESET_ASSERT" },
	{ 18, SEPTUM_FW_ARG_RESET, "PM_RESET_GET_STATUS" },
	{ 19, FORBIDDEN, "PM_MMIO_WRITE" },
	{ 20, FORBIDDEN, "PM_MMIO_READ" },
	{ 22, FORBIDDEN, "PM_FPGA_LOAD" },
	{ 24, SEPTUM_FW_ARG_NONE, "PM_GET_CHIPID" },
	{ 28, FORBIDDEN, "PM_PINCTRL_REQUEST" },
	{ 31, FORBIDDEN, "PM_PINCTRL_SET_FUNCTION" },
	{ 33, FORBIDDEN, "PM_PINCTRL_CONFIG_PARAM_SET" },
	{ 34, SEPTUM_FW_ARG_POWER, "PM_IOCTL" },
	{ 35, SEPTUM_FW_ARG_NONE, "PM_QUERY_DATA" },
	{ 36, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_ENABLE" },
	{ 37, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_DISABLE" },
	{ 38, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_GETSTATE" },
	{ 39, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_SETDIVIDER" },
	{ 40, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_GETDIVIDER" },
	{ 41, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_SETRATE" },
	{ 42, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_GETRATE" },
	{ 43, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_SETPARENT" },
	{ 44, SEPTUM_FW_ARG_CLOCK, "PM_CLOCK_GETPARENT" },
	{ 63, SEPTUM_FW_ARG_NONE, "PM_FEATURE_CHECK" },
};

void firmware_read(struct m_cell *c, const struct node_ctx *ctx)
{
	int node = fdt_subnode_offset(ctx->fdt, ctx->node, "firmware");
	struct node_ctx fctx;
	uint32_t arg;

	if (node < 0)
		return;
	node_ctx_init(&fctx, ctx->fdt, node, "the firmware calls of %s",
		      ctx->what);
	check_known_props(&fctx, lists);
	for (arg = 0; arg < SEPTUM_FW_ARG_KINDS; arg++) {
		int len, i;
		const fdt32_t *v = fdt_getprop(ctx->fdt, node, lists[arg], &len);
		struct loc at = prop_loc(&fctx, lists[arg]);

		if (v == NULL)
			continue;
		if (len % CELL_BYTES != 0)
			diag_error(at, "cell '%s': firmware '%s' must list 32-bit "
				   "function IDs", c->name, lists[arg]);
		for (i = 0; i < len / CELL_BYTES && c->num_fw_calls < MODEL_MAX;
		     i++)
			c->fw_calls[c->num_fw_calls++] = (struct m_fw_call){
				fdt32_to_cpu(v[i]), arg, at };
	}
}

/* Whether `node` is the board's /firmware node or inside it. */
static int under_firmware(const void *fdt, int node)
{
	char path[BOARD_PATH_LEN];

	return fdt_get_path(fdt, node, path, sizeof(path)) == 0 &&
	       strncmp(path, "/firmware", 9) == 0 &&
	       (path[9] == '\0' || path[9] == '/');
}

/*
 * Call fn(kind, id, data) for each firmware resource of kind `arg` that
 * `node` names (a provider under /firmware with one specifier cell).
 */
static void for_each_ref(const void *fdt, int node, uint32_t arg,
			 void (*fn)(uint32_t id, void *data), void *data)
{
	int len, at = 0;
	const fdt32_t *v = fdt_getprop(fdt, node, ref_props[arg], &len);

	while (v != NULL && (at + 1) * CELL_BYTES <= len) {
		int provider = fdt_node_offset_by_phandle(fdt,
							  fdt32_to_cpu(v[at]));
		const fdt32_t *nc = provider < 0 ? NULL :
			fdt_getprop(fdt, provider, cells_props[arg], NULL);
		int n = nc ? (int)fdt32_to_cpu(*nc) : 0;

		if (n < 0 || n > 4 || (at + 1 + n) * CELL_BYTES > len)
			return;	/* malformed: nothing more can be read */
		if (n == 1 && under_firmware(fdt, provider))
			fn(fdt32_to_cpu(v[at + 1]), data);
		at += 1 + n;
	}
}

struct shared_probe {
	uint32_t id;
	int found;
};

static void probe_id(uint32_t id, void *data)
{
	struct shared_probe *p = data;

	p->found |= id == p->id;
}

static int cell_has_node(const struct m_cell *c, int node)
{
	uint32_t i;

	for (i = 0; i < c->num_devices; i++) {
		if (c->devices[i].found && c->devices[i].dev.node == node)
			return 1;
	}
	return 0;
}

/* Whether a node outside the cell's devices names resource (arg, id). */
static int named_outside(const struct board *b, const struct m_cell *c,
			 uint32_t arg, uint32_t id)
{
	struct shared_probe p = { id, 0 };
	int node;

	for (node = fdt_next_node(b->fdt, -1, NULL); node >= 0 && !p.found;
	     node = fdt_next_node(b->fdt, node, NULL)) {
		if (!cell_has_node(c, node))
			for_each_ref(b->fdt, node, arg, probe_id, &p);
	}
	return p.found;
}

struct collect {
	struct m_cell *c;
	const struct board *b;
	uint32_t arg;
	const struct m_device *dev;
	int wants;		/* the cell lists calls of this kind */
};

static int have_id(const struct m_cell *c, uint32_t arg, uint32_t id)
{
	uint32_t i;

	for (i = 0; i < c->num_fw_ids; i++) {
		if (c->fw_ids[i].arg == arg && c->fw_ids[i].id == id)
			return 1;
	}
	return 0;
}

static void collect_id(uint32_t id, void *data)
{
	struct collect *k = data;
	struct m_cell *c = k->c;

	if (have_id(c, k->arg, id))
		return;
	if (named_outside(k->b, c, k->arg, id)) {
		if (k->wants)
			diag_warning(k->dev->loc, "cell '%s': %s %" PRIu32 " of "
				     "device '%s' is also used outside the cell: "
				     "firmware calls naming it are refused",
				     c->name, kind_names[k->arg], id,
				     k->dev->ref);
		return;
	}
	if (c->num_fw_ids < MODEL_MAX)
		c->fw_ids[c->num_fw_ids++] = (struct septum_fw_id){ k->arg, id };
}

static int lists_kind(const struct m_cell *c, uint32_t arg)
{
	uint32_t i;

	for (i = 0; i < c->num_fw_calls; i++) {
		if (c->fw_calls[i].arg == arg)
			return 1;
	}
	return 0;
}

static void resolve_ids(struct m_cell *c, const struct board *b)
{
	uint32_t arg, i;

	for (arg = SEPTUM_FW_ARG_CLOCK; arg < SEPTUM_FW_ARG_KINDS; arg++) {
		struct collect k = { c, b, arg, NULL, lists_kind(c, arg) };

		if (!k.wants)
			continue;
		for (i = 0; i < c->num_devices; i++) {
			if (!c->devices[i].found)
				continue;
			k.dev = &c->devices[i];
			for_each_ref(b->fdt, c->devices[i].dev.node, arg,
				     collect_id, &k);
		}
	}
}

/* Whether the board's firmware speaks EEMI (Xilinx ZynqMP, Versal). */
static int board_eemi(const struct board *b)
{
	return fdt_node_offset_by_compatible(b->fdt, -1,
					     "xlnx,zynqmp-firmware") >= 0 ||
	       fdt_node_offset_by_compatible(b->fdt, -1,
					     "xlnx,versal-firmware") >= 0;
}

static void check_eemi(const struct m_cell *c, const struct m_fw_call *f)
{
	size_t i;

	for (i = 0; i < sizeof(eemi) / sizeof(eemi[0]); i++) {
		if (EEMI_FN(eemi[i].id) != f->fn)
			continue;
		if (eemi[i].arg == FORBIDDEN)
			diag_error(f->loc, "cell '%s': firmware call 0x%08" PRIx32
				   " (%s) acts beyond any one cell (the whole "
				   "SoC, any register, the FPGA or pins): no "
				   "cell may forward it", c->name, f->fn,
				   eemi[i].name);
		else if (eemi[i].arg != f->arg)
			diag_error(f->loc, "cell '%s': firmware call 0x%08" PRIx32
				   " (%s) names %s: list it under '%s'",
				   c->name, f->fn, eemi[i].name,
				   kind_phrases[eemi[i].arg], lists[eemi[i].arg]);
		return;
	}
	diag_error(f->loc, "cell '%s': firmware call 0x%08" PRIx32 " is not "
		   "one Septum knows in this board's firmware ABI (EEMI): what "
		   "it names cannot be checked", c->name, f->fn);
}

static void check_call(const struct m_cell *c, uint32_t k, int eemi_abi)
{
	const struct m_fw_call *f = &c->fw_calls[k];
	uint32_t j;

	for (j = 0; j < k; j++) {
		if (c->fw_calls[j].fn == f->fn) {
			diag_error(f->loc, "cell '%s': firmware call 0x%08" PRIx32
				   " is listed twice", c->name, f->fn);
			return;
		}
	}
	if (SMCCC_OWNER(f->fn) != SMCCC_OWNER_SIP)
		diag_error(f->loc, "cell '%s': firmware call 0x%08" PRIx32 " is "
			   "not a SiP call (SMCCC owner 2): only those are "
			   "forwarded to the platform firmware", c->name, f->fn);
	else if (eemi_abi)
		check_eemi(c, f);
}

static void check_cell(const struct m_cell *c, const struct board *b)
{
	int eemi_abi = board_eemi(b);
	uint32_t k, arg;

	if (c->num_fw_calls > SEPTUM_MAX_FW_CALLS)
		diag_error(c->fw_calls[SEPTUM_MAX_FW_CALLS].loc, "cell '%s' lists "
			   "more than %u firmware calls", c->name,
			   SEPTUM_MAX_FW_CALLS);
	if (c->num_fw_ids > SEPTUM_MAX_FW_IDS)
		diag_error(c->loc, "cell '%s' names more than %u firmware "
			   "resources of its own", c->name, SEPTUM_MAX_FW_IDS);
	for (k = 0; k < c->num_fw_calls; k++)
		check_call(c, k, eemi_abi);
	for (arg = SEPTUM_FW_ARG_CLOCK; arg < SEPTUM_FW_ARG_KINDS; arg++) {
		for (k = 0; k < c->num_fw_calls && c->fw_calls[k].arg != arg; k++)
			;
		if (k == c->num_fw_calls)
			continue;
		for (k = 0; k < c->num_fw_ids && c->fw_ids[k].arg != arg; k++)
			;
		if (k == c->num_fw_ids)
			diag_warning(c->fw_calls[0].loc, "cell '%s' may make "
				     "firmware calls naming %s but has no %s "
				     "of its own: every one will be refused",
				     c->name, kind_phrases[arg], kind_names[arg]);
	}
}

void firmware_resolve_and_check(struct m_system *sys, const struct board *b)
{
	uint32_t i;

	for (i = 0; i < sys->num_cells; i++) {
		if (sys->cells[i].num_fw_calls == 0)
			continue;
		resolve_ids(&sys->cells[i], b);
		check_cell(&sys->cells[i], b);
	}
}

void firmware_fill(struct septum_firmware *out, const struct m_cell *c)
{
	uint32_t i;

	for (i = 0; i < c->num_fw_calls && i < SEPTUM_MAX_FW_CALLS; i++)
		out->calls[out->num_calls++] = (struct septum_fw_call){
			c->fw_calls[i].fn, c->fw_calls[i].arg };
	for (i = 0; i < c->num_fw_ids && i < SEPTUM_MAX_FW_IDS; i++)
		out->ids[out->num_ids++] = c->fw_ids[i];
}
