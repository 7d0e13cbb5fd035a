#!/usr/bin/env python3
"""Write the seed inputs of arm64's fuzz targets (corpus/<target>/).

Each seed is a short program in the encoding of ops.h (core's, extended by
the GIC and system register steps) that brings the machine somewhere worth
mutating from: both CPUs of the two-CPU cells running, the distributor
programmed, interrupts flowing, calls made.  Run from anywhere after changing
ops.h or a target's `mix`/`address`; the seeds are committed.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # no cache left in core/fuzz/
sys.path.insert(0, os.path.join(HERE, "..", "..", "..", "core", "fuzz"))

from seeds import CALL_IDS, Program, u8, u16, u64  # noqa: E402

# Positions of each operation in the targets' `mix` tables.
MIX = {
    "vgic": dict(mmio=0, sysreg=6, irq=8, raise_=9, lr=10, wake=12, call=13,
                 exit=14, time=15),
    "psci": dict(call=0, wake=7, sysreg=10, exit=11, irq=12, lr=13, mmio=14,
                 time=15),
}


def program(target, gic=3):
    return Program(target, MIX[target], os.path.join(HERE, "corpus"), gic)


def vgic_dist(p, cpu, off, size=4, write=False, value=0):
    """An access to GICD + off (aligned) through address() case 0."""
    p.access(cpu, u8(0) + u16(off), size, write, u64(value))


def vgic_seeds():
    for gic in (3, 2):
        p = program("vgic", gic)
        p.both_cpus()
        vgic_dist(p, 0, 0x000, write=True, value=2 if gic == 3 else 1)
        vgic_dist(p, 0, 0x104, write=True, value=0xffffffff)
        vgic_dist(p, 0, 0x100, write=True, value=0xffffffff)
        vgic_dist(p, 2, 0x104, write=True, value=0xffffffff)
        vgic_dist(p, 0, 0x420, size=1, write=True, value=0x80)
        if gic == 3:
            vgic_dist(p, 0, 0x6000 + 41 * 8, write=True, value=1)
        else:
            vgic_dist(p, 0, 0x829, size=1, write=True, value=2)
        vgic_dist(p, 0, 0x004)
        vgic_dist(p, 1, 0x104)
        p.op("raise_", 0, u8(0))          # physical 40 (alpha's)
        p.op("raise_", 0, u8(1))          # physical 41
        p.op("irq", 0)
        p.op("irq", 1)
        p.op("lr", 0, u8(0))
        p.op("lr", 0, u8(0))
        if gic == 3:
            sgi1r = 3 << 24 | 0b10           # SGI 3 to vCPU 1
            p.op("sysreg", 0, u8(0) + u8(1) + u64(sgi1r))
            p.access(0, u8(2 | 0x80) + u16(0x100), 4, False)
        else:
            vgic_dist(p, 0, 0xf00, write=True, value=2 << 16 | 3)
        p.op("irq", 1)
        p.op("lr", 1, u8(0))
        p.op("raise_", 4, u8(4))          # physical 44 (gamma's)
        p.op("wake", 6)
        p.write("start-gicv%d" % gic)


def vgic_access(p, cpu, off, size, write=False, value=0, reg=1, sse=False,
                sf=False, unaligned=False):
    """An access to GICD + off through address() case 0, into or from
    register `reg` (31: the zero register), sign-extended or not."""
    flags = ({1: 0, 2: 1, 4: 2, 8: 3}[size] | (4 if write else 0) |
             (8 if sse else 0) | (16 if sf else 0))
    body = u8(flags) + u8(reg) + u8(0x80 if unaligned else 0) + u16(off)
    if write:
        body += u64(value)
    p.op("mmio", cpu, body)


def vgic_hot_seeds():
    """The distributor's registers the exit answers on its short way
    (vgic_dist_trap()): alpha's SPIs 40 and 50 beside SPIs it does not own,
    at every width, through the zero register and x19-x29, and the
    accesses that must take the general path (sign extension, 64 bits,
    unaligned, a non-zero byte for an interrupt not alpha's)."""
    for gic in (3, 2):
        p = program("vgic", gic)
        p.both_cpus()
        prio = 0x400
        writes = [
            (prio + 40, 1, 0x1234a0, 19), (prio + 41, 1, 0x80, 2),
            (prio + 41, 1, 0x100, 3), (prio + 40, 2, 0x00b0, 29),
            (prio + 40, 2, 0x90b8, 0), (prio + 48, 4, 0x00c00000, 30),
            (prio + 48, 4, 0xc8c4c2c1, 4), (prio + 48, 4, 0, 31),
            (prio + 40, 8, 0xd0, 5),
        ]
        for off, size, value, reg in writes:
            vgic_access(p, 0, off, size, True, value, reg=reg)
            vgic_access(p, 1, prio + 40, 4, reg=18)     # each one read back
            vgic_access(p, 1, prio + 48, 4, reg=17)
        vgic_access(p, 0, prio + 41, 2, True, 0xe0e0, reg=6, unaligned=True)
        for reg in (0, 19, 25, 29, 31):
            vgic_access(p, 0, prio + 40, 1, reg=reg)
            vgic_access(p, 1, prio + 48, 4, reg=reg, sf=True)
            vgic_access(p, 0, 0x104, 4, reg=reg)
            vgic_access(p, 1, 0x185, 1, reg=reg)
        vgic_access(p, 0, prio + 40, 1, reg=7, sse=True)
        vgic_access(p, 0, prio + 40, 1, reg=8, sse=True, sf=True)
        vgic_access(p, 0, 0x106, 2, reg=9)
        vgic_access(p, 0, 0x17c, 4, reg=10)
        vgic_access(p, 0, 0x100, 4, reg=11)
        vgic_access(p, 0, 0x104, 8, reg=12)
        vgic_access(p, 0, 0x104, 4, True, 1 << 8, reg=13)
        vgic_access(p, 0, 0x104, 4, reg=14)
        p.write("dist-hot-gicv%d" % gic)


def psci_seeds():
    p = program("psci")
    for i, fn in enumerate(CALL_IDS):
        p.call(0, fn, i % 3, smc=bool(i & 1))
    p.both_cpus()
    p.call(1, 0x84000004, 0)
    p.call(1, 0x84000002, 0)                    # CPU_OFF
    p.call(0, 0x84000003, 1, x2=0x40000200, x3=0x1234)  # CPU_ON_32
    p.op("wake", 1)
    p.call(3, 0x84000009, 0)                    # beta resets
    p.op("wake", 2)
    p.call(4, 0x84000008, 0)                    # gamma off
    p.write("calls")


def smmu_record(kind, stream, dword1=0, addr=0, dword3=0, ssid=None):
    """One SMMUv3 event record (IHI 0070, 7.3): 32 bytes, little-endian."""
    dword0 = kind | (stream << 32)
    if ssid is not None:
        dword0 |= 1 << 11 | ssid << 12             # SSV, SubstreamID
    return u64(dword0) + u64(dword1) + u64(addr) + u64(dword3)


def smmu_event_seeds():
    """The records the hypervisor meets: each fault kind, in both
    directions and at both stages, and the configuration events."""
    folder = os.path.join(HERE, "corpus", "smmu_event")
    os.makedirs(folder, exist_ok=True)
    rnw, s2, ipa = 1 << 35, 1 << 39, 0x48001000
    seeds = {
        "faults": b"".join([
            smmu_record(0x10, 0x10, s2, ipa, ipa),          # write
            smmu_record(0x10, 0x18, s2 | rnw, ipa, ipa),    # read
            smmu_record(0x11, 0x10, s2, 1 << 48),           # address size
            smmu_record(0x12, 0x10, rnw, 0x1000),           # access flag
            smmu_record(0x13, 0xffff, s2, 0x46000000, 0x46000000),
            smmu_record(0x0b, 0x10, s2 | rnw, 0x40000000, 0, ssid=3),
        ]),
        "configuration": b"".join([
            smmu_record(0x02, 0x10000),                     # bad StreamID
            smmu_record(0x04, 0x20),                        # bad STE
            smmu_record(0x06, 0x20),                        # disabled
            smmu_record(0x01, 0x20),                        # F_UUT
            smmu_record(0x20, 0x20, s2, ipa),               # TLB conflict
        ]),
        "all-ones": b"\xff" * 32,
    }
    for name, data in seeds.items():
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def main():
    vgic_seeds()
    vgic_hot_seeds()
    psci_seeds()
    smmu_event_seeds()


if __name__ == "__main__":
    main()
