#include <septum/arch/vm.h>
#include <septum/channel.h>
#include <septum/config.h>
#include <septum/log.h>
#include <septum/panic.h>

void channel_map_cell(struct cell *c)
{
	const struct septum_config *cfg = config_get();

	for (unsigned int i = 0; i < cfg->header.num_channels; i++) {
		const struct septum_channel *ch = &cfg->channels[i];

		for (unsigned int p = 0; p < ch->num_peers; p++) {
			const struct septum_peer *peer = &ch->peers[p];

			if (peer->cell != c->index)
				continue;
			if (arch_vm_map_shared(c, ipa(peer->ipa), pa(ch->pa),
					       ch->size,
					       peer->rights & SEPTUM_PEER_WRITE) !=
			    E_OK)
				panic("cell %s: cannot map channel %s",
				      c->cfg->name, ch->name);
			log_info("cell %s: channel %s at IPA 0x%llx (%s)",
				 c->cfg->name, ch->name,
				 (unsigned long long)peer->ipa,
				 (peer->rights & SEPTUM_PEER_WRITE) ? "read-write"
								    : "read-only");
		}
	}
}
