/* SMMUv3 event records decoded (smmu_event.c), over records built by hand. */
#include <septum/test.h>

#include <arch/smmu.h>
#include <string.h>

/* dword 0: type and StreamID; dword 1: RnW (bit 35), S2 (bit 39). */
static void record(uint64_t rec[4], uint32_t type, uint32_t sid, bool read,
		   bool s2, uint64_t addr)
{
	rec[0] = type | (uint64_t)sid << 32;
	rec[1] = (read ? 1ull << 35 : 0) | (s2 ? 1ull << 39 : 0);
	rec[2] = addr;
	rec[3] = addr & ~0xfffull;
}

TEST(smmu_event, translation_fault_write)
{
	uint64_t rec[4];
	struct smmu_event ev;

	record(rec, 0x10, 0x10, false, true, 0x45008000);
	smmu_event_decode(rec, &ev);
	EXPECT_EQ(ev.type, 0x10u);
	EXPECT_EQ(ev.stream, 0x10u);
	EXPECT(ev.fault);
	EXPECT(!ev.read);
	EXPECT(ev.stage2);
	EXPECT_EQ(ev.addr, 0x45008000ull);
	EXPECT(strcmp(smmu_event_name(ev.type), "translation fault") == 0);
}

TEST(smmu_event, permission_fault_read_and_wide_stream)
{
	uint64_t rec[4];
	struct smmu_event ev;

	record(rec, 0x13, 0xffffffffu, true, true, 0xfffff00000000000ull);
	smmu_event_decode(rec, &ev);
	EXPECT(ev.fault && ev.read && ev.stage2);
	EXPECT_EQ(ev.stream, 0xffffffffu);
	EXPECT_EQ(ev.addr, 0xfffff00000000000ull);
	EXPECT(strcmp(smmu_event_name(ev.type), "permission fault") == 0);
}

/* Configuration events carry no access: direction and address stay 0. */
TEST(smmu_event, configuration_events_are_not_faults)
{
	uint64_t rec[4];
	struct smmu_event ev;

	record(rec, 0x02, 0x300, true, true, 0x1234);
	smmu_event_decode(rec, &ev);
	EXPECT(!ev.fault && !ev.read && !ev.stage2);
	EXPECT_EQ(ev.addr, 0ull);
	EXPECT(strcmp(smmu_event_name(0x02), "StreamID outside the stream table") == 0);
	EXPECT(strcmp(smmu_event_name(0x0f), "SMMU event") == 0);
	EXPECT(strcmp(smmu_event_name(0xff), "SMMU event") == 0);
}
