/*
 * Config blob verifier: the one check the hypervisor makes before it trusts the
 * partition table written by the host config tool (include/septum/abi/config.h).
 *
 * After blob_verify() returns BLOB_OK the caller may read the blob as a
 * struct septum_config without further checks: every count is within its
 * limit, every index names an existing entry, every (offset, size) lies inside
 * the blob, every address range is non-empty and does not wrap, and no CPU is
 * given to two cells.  Semantic checks (overlaps, board facts) are the tool's job.
 */
#ifndef SEPTUM_BLOB_H
#define SEPTUM_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include <septum/abi/config.h>

enum blob_error {
	BLOB_OK = 0,
	BLOB_ERR_ALIGN,		/* blob not 8-byte aligned */
	BLOB_ERR_SHORT,		/* shorter than the fixed table */
	BLOB_ERR_MAGIC,
	BLOB_ERR_VERSION,
	BLOB_ERR_TABLE_SIZE,
	BLOB_ERR_TOTAL_SIZE,
	BLOB_ERR_CRC,
	BLOB_ERR_COUNTS,	/* cell or channel count out of range */
	BLOB_ERR_HYP,		/* hypervisor memory, UART or log level */
	BLOB_ERR_BOARD,		/* GIC version, CPU count */
	BLOB_ERR_FOCUS,
	BLOB_ERR_CELL_NAME,
	BLOB_ERR_CELL_FIELDS,	/* flags, fault policy, counts */
	BLOB_ERR_CELL_CPU,
	BLOB_ERR_CELL_REGION,
	BLOB_ERR_CELL_IMAGE,
	BLOB_ERR_CELL_MMIO,
	BLOB_ERR_CELL_IRQ,
	BLOB_ERR_CHANNEL_NAME,
	BLOB_ERR_CHANNEL_MEM,
	BLOB_ERR_CHANNEL_PEER,
	BLOB_ERR_COUNT		/* number of codes, not an error */
};

/*
 * Check the blob of `len` bytes at `blob` (see the contract at the top of this
 * file).  On error, *where (if not NULL) is set to the index of the offending
 * cell or channel, or SEPTUM_NONE when the error is not about one; on success
 * to SEPTUM_NONE.  Reads at most `len` bytes; no allocation; any context.
 */
enum blob_error blob_verify(const void *blob, size_t len, uint32_t *where)
	__attribute__((warn_unused_result));

/*
 * One sentence (no trailing period) saying what is wrong with a blob for `err`,
 * e.g. for the hypervisor's refusal message.  Never NULL.
 */
const char *blob_error_str(enum blob_error err);

#endif /* SEPTUM_BLOB_H */
