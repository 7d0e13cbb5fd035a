#include <septum/abi/ivshmem.h>
#include <septum/arch/vm.h>
#include <septum/channel.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/panic.h>

/* Map one section [off, off + size) of channel ch into c; size may be 0. */
static void map_section(struct cell *c, const struct septum_channel *ch,
			const struct septum_peer *peer, uint64_t off,
			uint64_t size, bool writable)
{
	if (size == 0)
		return;
	if (arch_vm_map_shared(c, ipa(peer->ipa + off), pa(ch->pa + off), size,
			       writable) != E_OK)
		panic("cell %s: cannot map channel %s", c->cfg->name, ch->name);
}

/*
 * Peer `id` sees the state table read-only, the read/write section with its
 * rights, its own output section with its rights and the others' read-only.
 */
static void map_peer(struct cell *c, const struct septum_channel *ch,
		     unsigned int id)
{
	const struct septum_peer *peer = &ch->peers[id];
	bool write = peer->rights & SEPTUM_PEER_WRITE;
	uint64_t off = 0, size = IVSHMEM_STATE_TABLE_SIZE;
	bool writable = false;

	/* The sections in order: the state table, read/write, each output. */
	for (unsigned int i = 0; i < ch->num_peers + 2; i++) {
		map_section(c, ch, peer, off, size, writable);
		off += size;
		size = i == 0 ? ch->rw_size : ch->out_size;
		writable = write && (i == 0 || i - 1 == id);
	}
	log_info("cell %s: channel %s at IPA 0x%llx, peer ID %u (%s)",
		 c->cfg->name, ch->name, (unsigned long long)peer->ipa, id,
		 write ? "read-write" : "read-only");
}

void channel_map_cell(struct cell *c)
{
	const struct septum_config *cfg = config_get();

	for (unsigned int i = 0; i < cfg->header.num_channels; i++) {
		const struct septum_channel *ch = &cfg->channels[i];

		for (unsigned int p = 0; p < ch->num_peers; p++) {
			if (ch->peers[p].cell == c->index)
				map_peer(c, ch, p);
		}
	}
}
