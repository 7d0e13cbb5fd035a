#include <arch/psci.h>
#include <septum/log.h>

int64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("smc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11",
			   "x12", "x13", "x14", "x15", "x16", "x17", "memory");
	return (int64_t)x0;
}

/* Whether the boot DTB names PSCI firmware (no /psci: spin tables). */
static bool psci_present;

/* SMCCC preserves x18-x30, so x[]'s address survives the call there. */
void psci_firmware_call(uint64_t x[8])
{
	__asm__ volatile("ldp x0, x1, [%0]\n\t"
			 "ldp x2, x3, [%0, #16]\n\t"
			 "ldp x4, x5, [%0, #32]\n\t"
			 "ldp x6, x7, [%0, #48]\n\t"
			 "smc #0\n\t"
			 "stp x0, x1, [%0]\n\t"
			 "stp x2, x3, [%0, #16]"
			 :
			 : "r"(x)
			 : "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8",
			   "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16",
			   "x17", "memory");
}

enum err psci_init(const struct fdt *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method;
	int64_t version;

	if (node < 0) {
		log_info("no PSCI firmware in the device tree: CPUs start by "
			 "their spin tables");
		return E_OK;
	}
	method = fdt_prop_string(fdt, node, "method");
	if (!method || method[0] != 's' || method[1] != 'm' ||
	    method[2] != 'c' || method[3]) {
		log_error("/psci method is \"%s\": the hypervisor needs firmware "
			  "reachable by \"smc\" from EL2",
			  method ? method : "(missing)");
		return E_INVALID;
	}
	psci_present = true;
	version = psci_call(PSCI_VERSION, 0, 0, 0);
	log_info("PSCI %u.%u firmware via SMC",
		 (unsigned int)FIELD_GET(version, 31, 16),
		 (unsigned int)FIELD_GET(version, 15, 0));
	return E_OK;
}

enum err psci_cpu_on(uint64_t hwid, paddr_t entry, uint64_t context)
{
	if (!psci_present)
		return E_NOTFOUND;	/* neither PSCI nor a spin table */
	switch (psci_call(PSCI_CPU_ON_64, hwid, entry.bits, context)) {
	case PSCI_SUCCESS:
		return E_OK;
	case PSCI_ALREADY_ON:
		return E_BUSY;
	case PSCI_INVALID_PARAMETERS:
		return E_INVALID;
	default:
		return E_DENIED;
	}
}

void psci_system_off(void)
{
	if (psci_present)
		(void)psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
}
