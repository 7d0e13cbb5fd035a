/*
 * The boot DTB reader against the QEMU virt board's DTB (compiled by the
 * build), and against corrupted copies of it: errors, never stray reads
 * (ASan watches every access).
 */
#include <septum/test.h>

#include <dt/fdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint8_t *load_board_dtb(size_t *size)
{
	FILE *f = fopen(TEST_BOARD_DTB, "rb");
	uint8_t *buf = malloc(1 << 20);

	*size = f ? fread(buf, 1, 1 << 20, f) : 0;
	if (f)
		fclose(f);
	return buf;
}

TEST(fdt, finds_nodes_and_properties)
{
	size_t size;
	uint8_t *blob = load_board_dtb(&size);
	struct fdt fdt;
	int cpus, psci, n = 0;

	if (!EXPECT(fdt_open(&fdt, blob, size) == E_OK)) {
		free(blob);
		return;
	}
	EXPECT_EQ(fdt_total_size(blob), size);
	EXPECT_EQ(fdt_path_offset(&fdt, "/"), 0);
	cpus = fdt_path_offset(&fdt, "/cpus");
	EXPECT(cpus > 0);
	for (int c = fdt_next_child(&fdt, cpus, -1); c >= 0;
	     c = fdt_next_child(&fdt, cpus, c))
		n += fdt_prop_has_string(&fdt, c, "device_type", "cpu");
	EXPECT_EQ(n, 4);
	EXPECT(fdt_path_offset(&fdt, "/cpus/cpu@3") > cpus);
	EXPECT_EQ(fdt_path_offset(&fdt, "/cpus/cpu@4"), -1);
	EXPECT_EQ(fdt_path_offset(&fdt, "/cpu"), -1);
	psci = fdt_path_offset(&fdt, "/psci");
	EXPECT(strcmp(fdt_prop_string(&fdt, psci, "method"), "smc") == 0);
	EXPECT(fdt_prop_has_string(&fdt, psci, "compatible", "arm,psci-0.2"));
	EXPECT(!fdt_prop_has_string(&fdt, psci, "compatible", "arm,psci-9"));
	EXPECT(fdt_prop(&fdt, psci, "no-such-property", NULL) == NULL);
	EXPECT(strcmp(fdt_node_name(&fdt, fdt_path_offset(&fdt, "/pl011@9000000")),
		      "pl011@9000000") == 0);
	free(blob);
}

TEST(fdt, cells)
{
	const uint8_t v[8] = { 0, 0, 0, 1, 0x80, 0, 0, 2 };

	EXPECT_EQ(fdt_cell(v, 8, 0), 1);
	EXPECT_EQ(fdt_cell(v, 8, 1), 0x80000002u);
	EXPECT_EQ(fdt_cell(v, 8, 2), 0);	/* beyond the value */
	EXPECT_EQ(fdt_cell(v, 7, 1), 0);	/* partial cell */
}

TEST(fdt, rejects_bad_headers)
{
	size_t size;
	uint8_t *blob = load_board_dtb(&size);
	struct fdt fdt;

	EXPECT(fdt_open(&fdt, blob, 16) == E_RANGE);
	EXPECT(fdt_open(&fdt, blob, size - 1) == E_RANGE);
	blob[0] ^= 1;
	EXPECT(fdt_open(&fdt, blob, size) == E_INVALID);
	EXPECT_EQ(fdt_total_size(blob), 0);
	blob[0] ^= 1;
	blob[8 + 3] = 0xf0;	/* structure block offset far out */
	blob[8 + 2] = 0xff;
	EXPECT(fdt_open(&fdt, blob, size) == E_RANGE);
	free(blob);
}

/* Walk everything reachable: every node's name and a few properties. */
static unsigned int walk(const struct fdt *fdt, int node, unsigned int depth)
{
	unsigned int n = 1;

	if (depth > 16)
		return n;
	(void)fdt_node_name(fdt, node);
	(void)fdt_prop_string(fdt, node, "compatible");
	(void)fdt_prop_has_string(fdt, node, "status", "okay");
	for (int c = fdt_next_child(fdt, node, -1); c >= 0 && n < 100000;
	     c = fdt_next_child(fdt, node, c))
		n += walk(fdt, c, depth + 1);
	return n;
}

TEST(fdt, survives_corruption)
{
	size_t size;
	uint8_t *good = load_board_dtb(&size);
	uint8_t *bad = malloc(size);
	struct fdt fdt;
	unsigned int opened = 0;

	srand(1);
	for (unsigned int round = 0; round < 3000; round++) {
		memcpy(bad, good, size);
		for (unsigned int k = 0; k < 1 + round % 8; k++) {
			size_t at = (size_t)rand() % (round % 2 ? 512 : size);

			bad[at] = (uint8_t)rand();
		}
		if (fdt_open(&fdt, bad, size) != E_OK)
			continue;
		opened++;
		(void)walk(&fdt, 0, 0);
		(void)fdt_path_offset(&fdt, "/cpus/cpu@0");
	}
	EXPECT(opened > 0);
	free(bad);
	free(good);
}
