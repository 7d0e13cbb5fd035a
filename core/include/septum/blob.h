/*
 * Config blob verifier: the one check the hypervisor makes before it trusts the
 * partition table written by the host config tool (include/septum/abi/config.h).
 *
 * After blob_verify() returns E_OK the caller may read the blob as a
 * struct septum_config without further checks: every count is within its
 * limit, every index names an existing entry, every (offset, size) lies inside
 * the blob, every address range is non-empty and does not wrap, no CPU is
 * given to two cells, no PCI function or StreamID to two owners, and no
 * cell's memory region overlaps the hypervisor's memory or another cell's
 * region (what would let a hand-made blob with a valid CRC hand the
 * hypervisor or a cell to a guest).  Other semantic checks (board facts)
 * are the tool's job.
 */
#ifndef SEPTUM_BLOB_H
#define SEPTUM_BLOB_H

#include <stddef.h>
#include <stdint.h>

#include <septum/abi/config.h>
#include <septum/error.h>
#include <septum/types.h>

/* The check a blob failed (struct blob_fault). */
enum blob_check {
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
	BLOB_ERR_BOARD,		/* interrupt controller, CPU count */
	BLOB_ERR_FOCUS,
	BLOB_ERR_CELL_NAME,
	BLOB_ERR_CELL_FIELDS,	/* flags, fault policy, counts */
	BLOB_ERR_CELL_CPU,
	BLOB_ERR_CELL_REGION,
	BLOB_ERR_CELL_IMAGE,
	BLOB_ERR_CELL_MMIO,
	BLOB_ERR_CELL_IRQ,
	BLOB_ERR_CELL_FIRMWARE,	/* firmware call or resource counts, kinds */
	BLOB_ERR_CELL_SEED,	/* a seed slot outside the cell's memory */
	BLOB_ERR_CELL_COLOUR,	/* colours or memory runs malformed */
	BLOB_ERR_LLC,		/* cache geometry out of range */
	BLOB_ERR_HYP_COLOUR,	/* the hypervisor's colours beyond it */
	BLOB_ERR_CHANNEL_NAME,
	BLOB_ERR_CHANNEL_MEM,
	BLOB_ERR_CHANNEL_PEER,
	BLOB_ERR_CELL_OVERLAP,	/* a cell's memory over the hypervisor's
				 * memory or devices, or another cell's */
	BLOB_ERR_SMMU,		/* the SMMU, its PCIe host or a PCI function */
	BLOB_ERR_CELL_DEVICE_OVERLAP, /* a cell's device or port range over
				       * the hypervisor's memory or devices,
				       * any cell's memory, another's devices */
	BLOB_ERR_CHANNEL_OVERLAP, /* a channel's memory over any of those or
				   * another channel's */
	BLOB_ERR_COUNT		/* number of codes, not an error */
};

/* Why blob_verify() refused a blob. */
struct blob_fault {
	enum blob_check check;	/* the check it failed */
	uint32_t where;		/* the offending cell or channel, or SEPTUM_NONE */
};

/*
 * Check the blob of `len` bytes at `blob` (see the contract at the top of this
 * file).  Returns E_OK, or E_INVALID with *fault (if not NULL) saying which
 * check failed and for which cell or channel.  Reads at most `len` bytes; no
 * allocation; any context.
 */
enum err blob_verify(const void *blob, size_t len, struct blob_fault *fault)
	MUST_CHECK;

/*
 * One sentence (no trailing period) saying what a blob failing `check` has
 * wrong, e.g. for the hypervisor's refusal message.  Never NULL.
 */
const char *blob_check_str(enum blob_check check);

#endif /* SEPTUM_BLOB_H */
