#include <septum/blob.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/panic.h>

/* The blob the build linked in (gen/blob.S); empty in self-test images. */
extern const uint8_t config_blob[], config_blob_end[];

static const struct septum_config *table;

bool config_init(void)
{
	size_t size = (uintptr_t)config_blob_end - (uintptr_t)config_blob;
	uint32_t where;
	enum blob_error e;

	if (size == 0)
		return false;
	e = blob_verify(config_blob, size, &where);
	if (e != BLOB_OK) {
		if (where != SEPTUM_NONE)
			panic("the partition config is unusable: %s (entry %u)",
			      blob_error_str(e), where);
		panic("the partition config is unusable: %s",
		      blob_error_str(e));
	}
	table = (const struct septum_config *)(const void *)config_blob;
	log_set_level((enum log_level)table->hyp.log_level);
	log_info("partition config: %u cells, %u channels (%zu bytes)",
		 table->header.num_cells, table->header.num_channels, size);
	return true;
}

const struct septum_config *config_get(void)
{
	return table;
}

const void *config_payload(uint64_t offset)
{
	return config_blob + offset;
}

const char *config_cell_name(unsigned int i)
{
	return table->cells[i].name;
}
