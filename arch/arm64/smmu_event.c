/*
 * SMMUv3 event records (ARM IHI 0070, 7.3), decoded: portable and pure, so
 * the host unit tests check it over records built by hand.
 */
#include <arch/smmu.h>

/* Event records (SMMUv3 7.3). */
#define EVT_TYPE(d0) ((uint32_t)(d0) & 0xffu)
#define EVT_SID(d0) ((uint32_t)((d0) >> 32))
#define EVT_RNW(d1) (((d1) >> 35) & 1u)
#define EVT_S2(d1) (((d1) >> 39) & 1u)
#define EVT_F_WALK_EABT 0x0bu
#define EVT_F_TRANSLATION 0x10u
#define EVT_F_PERMISSION 0x13u

void smmu_event_decode(const uint64_t rec[4], struct smmu_event *ev)
{
	ev->type = EVT_TYPE(rec[0]);
	ev->stream = EVT_SID(rec[0]);
	ev->fault = ev->type == EVT_F_WALK_EABT ||
		    (ev->type >= EVT_F_TRANSLATION &&
		     ev->type <= EVT_F_PERMISSION);
	ev->read = ev->fault && EVT_RNW(rec[1]);
	ev->stage2 = ev->fault && EVT_S2(rec[1]);
	ev->addr = ev->fault ? rec[2] : 0;
}

const char *smmu_event_name(uint32_t type)
{
	static const char *const names[] = {
		[0x02] = "StreamID outside the stream table",
		[0x04] = "invalid stream table entry",
		[0x06] = "stream disabled",
		[0x0b] = "external abort during the table walk",
		[0x10] = "translation fault",
		[0x11] = "address size fault",
		[0x12] = "access flag fault",
		[0x13] = "permission fault",
	};

	if (type < sizeof(names) / sizeof(names[0]) && names[type])
		return names[type];
	return "SMMU event";
}
