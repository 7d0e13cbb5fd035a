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
	uint64_t out = IVSHMEM_STATE_TABLE_SIZE + ch->rw_size;

	map_section(c, ch, peer, 0, IVSHMEM_STATE_TABLE_SIZE, false);
	map_section(c, ch, peer, IVSHMEM_STATE_TABLE_SIZE, ch->rw_size, write);
	for (unsigned int k = 0; k < ch->num_peers; k++)
		map_section(c, ch, peer, out + k * ch->out_size, ch->out_size,
			    write && k == id);
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
