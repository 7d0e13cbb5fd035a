/*
 * Checks of a resolved system against its board and between its parts.  Every
 * problem is reported through diag (error or warning) with the line of the
 * item at fault; checking never stops at the first problem.
 */
#ifndef CONFIG_CHECK_H
#define CONFIG_CHECK_H

#include "board.h"
#include "model.h"

/*
 * Run every check.  `board_name` is the board the build targets (NULL: not
 * checked against the system's `board` property).  Also settles
 * sys->focus_cell.
 */
void check_system(struct m_system *sys, const struct board *board,
		  const char *board_name);

/*
 * The board the build targets, `name`, is one the system names (NULL: not
 * checked).  Returns 1 if so; 0 with an error reported if not, and then
 * nothing else is checked: every other problem would follow from it.
 */
int check_board_name(const struct m_system *sys, const char *name);

/* Memory and MMIO ownership checks (check_mem.c), run by check_system(). */
void check_memory(const struct m_system *sys, const struct board *board);
void check_mmio(const struct m_system *sys, const struct board *board);

/*
 * The hypervisor's memory holds its image: `image_size` bytes loaded at
 * `load` (without a partition table), then the partition table of
 * `blob_size` bytes on the next page (linked into the image, or moved
 * there from the boot loader's initrd); a coloured hypervisor, enough pages
 * of its colours after them (colour_check_hyp()).  Run after the blob is
 * built.
 */
void check_hyp_image(const struct m_system *sys, const struct board *b,
		     uint64_t load, uint64_t image_size, uint64_t blob_size);

/* Each cell's guest address space, its guest addresses' alignment and its
 * doorbells (check_guest.c), run by check_system(). */
void check_guest(const struct m_system *sys, const struct board *board);

/* The rules of x86 boards for cell `ci` (check_x86.c). */
struct m_system;
void check_x86_cell(const struct m_system *sys, const struct board *b,
		    uint32_t ci);

#endif /* CONFIG_CHECK_H */
