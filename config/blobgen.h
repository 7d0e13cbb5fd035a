/*
 * Writing the config blob (include/septum/abi/config.h) from a checked system.
 */
#ifndef CONFIG_BLOBGEN_H
#define CONFIG_BLOBGEN_H

#include <stddef.h>
#include <stdint.h>

#include "board.h"
#include "model.h"

struct blob_out {
	uint8_t *data;	/* malloc'd, 8-byte aligned */
	size_t size;
};

/*
 * Build the blob for *sys, which must have passed the checks (and had its cell
 * DTBs generated).  Returns 0, or -1 with an error reported if the result does
 * not pass blob_verify() (an internal error: the checks missed something).
 */
int blobgen_build(const struct m_system *sys, const struct board *board,
		  struct blob_out *out);

void blobgen_free(struct blob_out *out);

#endif /* CONFIG_BLOBGEN_H */
