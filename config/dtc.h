/*
 * Running dtc, the device tree compiler, on a system DTS.  Why the tool runs dtc
 * itself instead of taking a DTB: it needs dtc's source annotations to report
 * errors with file:line, and one command is simpler for users and Makefiles.
 */
#ifndef CONFIG_DTC_H
#define CONFIG_DTC_H

#include <stddef.h>

struct dtc_output {
	void *dtb;		/* compiled tree (malloc'd) */
	size_t dtb_size;
	char *annotated;	/* `dtc -O dts -T` text (malloc'd, NUL-terminated) */
};

/*
 * Compile `dts_path` with the dtc program `dtc` (looked up in PATH).  dtc's own
 * messages are recorded through diag (dtcmsg.h), like the tool's.
 * Returns 0 on success; -1 if dtc could not run or reported errors.
 */
int dtc_compile(const char *dtc, const char *dts_path, struct dtc_output *out);

/* Free what dtc_compile() returned. */
void dtc_output_free(struct dtc_output *out);

#endif /* CONFIG_DTC_H */
