/*
 * dtc's own messages (syntax errors, failed checks, a file it cannot open)
 * turned into the tool's diagnostics, so that they read like every other
 * mistake: <file>:<line>: error: <sentence>.  A missing /include/ file is
 * reported at the line that includes it; dtc's follow-on lines ("Unable to
 * parse input tree", failed prerequisites) are dropped.
 */
#ifndef CONFIG_DTCMSG_H
#define CONFIG_DTCMSG_H

#include "diag.h"

/*
 * Record the messages in `text` (dtc's stderr from compiling the system DTS
 * `dts`) through diag.  `failed`: dtc exited with an error, so at least one
 * error is recorded even if its text says nothing the tool recognises.
 */
void dtcmsg_report(const char *dts, const char *text, int failed);

#endif /* CONFIG_DTCMSG_H */
