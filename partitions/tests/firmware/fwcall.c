/*
 * Firmware calls from a cell (board test firmware-zcu102): the cell owns the
 * ZCU102's second UART, so its firmware clock UART1_REF (57) and power node
 * (0x22) are its own; the bus clock LPD_LSBUS (31) also feeds the console
 * UART and is nobody's.  Its config (partitions/tests/firmware/zcu102.dts)
 * lets it forward PM_GET_API_VERSION, PM_CLOCK_ENABLE/DISABLE and
 * PM_REQUEST_NODE.  Forwarded calls return what the firmware says (QEMU's
 * model has no PMU firmware: NOT_SUPPORTED); the runner checks the
 * hypervisor's "forwarded" and "DENIED" log lines.
 */
#include <kit/kit.h>

#define PM_GET_API_VERSION 0xc2000001u
#define PM_REQUEST_NODE 0xc200000du
#define PM_CLOCK_ENABLE 0xc2000024u
#define PM_CLOCK_DISABLE 0xc2000025u
#define PM_CLOCK_SETPARENT 0xc200002bu
#define CLK_UART1_REF 57u
#define CLK_LPD_LSBUS 31u
#define NODE_UART_0 0x21u
#define NODE_UART_1 0x22u
#define SMCCC_NOT_SUPPORTED (-1)
#define DENIED (-3)


static void check(const char *name, bool ok)
{
	kit_check("fw", name, ok);
}

int main(void)
{
	int64_t r;

	r = kit_smc(PM_GET_API_VERSION, 0, 0, 0);
	check("plain_call_forwarded", r != DENIED);
	r = kit_smc(PM_CLOCK_ENABLE, CLK_UART1_REF, 0, 0);
	check("own_clock_forwarded", r != DENIED);
	r = kit_smc(PM_CLOCK_DISABLE, CLK_LPD_LSBUS, 0, 0);
	check("shared_clock_denied", r == DENIED);
	r = kit_smc(PM_REQUEST_NODE, NODE_UART_0, 0, 0);
	check("foreign_power_node_denied", r == DENIED);
	r = kit_smc(PM_REQUEST_NODE, NODE_UART_1, 0, 0);
	check("own_power_node_forwarded", r != DENIED);
	r = kit_smc(PM_CLOCK_SETPARENT, CLK_UART1_REF, 0, 0);
	check("unlisted_call_refused", r == SMCCC_NOT_SUPPORTED);
	kit_check_summary();
	return 0;
}
