/*
 * The host's partition table for unit tests: instead of core/config.c
 * (which verifies a blob linked into the image), tests fill host_config.
 */
#include <host/fake.h>
#include <septum/config.h>

struct septum_config host_config;

bool config_init(const struct fdt *fdt, paddr_t image_end)
{
	(void)fdt;
	(void)image_end;
	return false;
}

const struct septum_config *config_get(void)
{
	return &host_config;
}

const void *config_payload(uint64_t offset)
{
	(void)offset;
	return NULL;
}

const char *config_cell_name(unsigned int i)
{
	return host_config.cells[i].name;
}
