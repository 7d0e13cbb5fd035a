#include <septum/arch/vm.h>
#include <septum/blob.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/main.h>
#include <septum/panic.h>
#include <string.h>

/* The blob the build linked in (gen/blob.S); empty in some images. */
extern const uint8_t config_blob[], config_blob_end[];

static const struct septum_config *table;
static paddr_t kept_end;	/* end of the adopted table, or 0 */

static void verify(const void *blob, size_t size)
{
	struct blob_fault f;
	const char *why;

	if (blob_verify(blob, size, &f) == E_OK)
		return;
	why = blob_check_str(f.check);
	if (f.where != SEPTUM_NONE)
		panic("the partition config is unusable: %s (entry %u)", why,
		      f.where);
	panic("the partition config is unusable: %s", why);
}

/* The boot loader's initrd, mapped, or NULL if it passed none. */
static const void *map_initrd(const struct boot_info *boot)
{
	const void *va;

	if (!boot->initrd_size)
		return NULL;
	va = arch_phys_map(boot->initrd_pa, boot->initrd_size);
	if (!va)
		panic("cannot map the boot loader's initrd at PA 0x%llx",
		      (unsigned long long)boot->initrd_pa.bits);
	return va;
}

/*
 * Move the verified initrd blob into the hypervisor's memory right after the
 * image: cells are loaded wherever the config says, maybe over the initrd.
 */
static const struct septum_config *adopt(const void *src, uint64_t from,
					 paddr_t image_end)
{
	const struct septum_config *cfg = src;
	uint64_t size = cfg->header.total_size;
	uint64_t to = (image_end.bits + SEPTUM_PAGE_SIZE - 1) &
		      ~(uint64_t)(SEPTUM_PAGE_SIZE - 1);
	uint64_t mem_end = cfg->hyp.mem_pa + cfg->hyp.mem_size;
	void *dst;

	if (to < cfg->hyp.mem_pa || to > mem_end || size > mem_end - to)
		panic("the partition config from the boot loader (%llu KiB) does "
		      "not fit in the hypervisor's memory after its image (PA "
		      "0x%llx to 0x%llx): enlarge /hypervisor size in the "
		      "system DTS", (unsigned long long)size / 1024,
		      (unsigned long long)to, (unsigned long long)mem_end);
	dst = arch_phys_map(pa(to), size);
	if (!dst)
		panic("cannot map PA 0x%llx for the partition config",
		      (unsigned long long)to);
	memmove(dst, src, size);
	kept_end = pa(to + size);
	log_info("partition config: from the boot loader's initrd at PA 0x%llx, "
		 "kept at PA 0x%llx", (unsigned long long)from,
		 (unsigned long long)to);
	return dst;
}

bool config_init(const struct boot_info *boot, paddr_t image_end)
{
	size_t size = (uintptr_t)config_blob_end - (uintptr_t)config_blob;

	if (size != 0) {
		verify(config_blob, size);
		table = (const struct septum_config *)(const void *)config_blob;
	} else {
		const void *initrd = map_initrd(boot);

		if (!initrd)
			return false;
		verify(initrd, boot->initrd_size);
		table = adopt(initrd, boot->initrd_pa.bits, image_end);
		size = table->header.total_size;
	}
	log_set_level((enum log_level)table->hyp.log_level);
	log_info("partition config: %u cells, %u channels (%zu bytes)",
		 table->header.num_cells, table->header.num_channels, size);
	return true;
}

paddr_t config_kept_end(void)
{
	return kept_end;
}

const struct septum_config *config_get(void)
{
	return table;
}

const void *config_payload(uint64_t offset)
{
	return (const uint8_t *)table + offset;
}

const char *config_cell_name(unsigned int i)
{
	return table->cells[i].name;
}
