#!/usr/bin/env python3
"""Write the seed inputs of core's fuzz targets (core/fuzz/corpus/<target>/).

Each seed is a short program in the encoding of ops.h that brings the
machine somewhere worth mutating from: both CPUs of the two-CPU cells
running, channels talking, the console in use.  Run from anywhere after
changing ops.h or a target's `mix`/`address`; the seeds are committed.
The arch's seeds (arch/<arch>/fuzz/seeds.py) use the same encoder: the
machines share the input format.
"""
import os
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

# Positions of each operation in the targets' `mix` tables ("lr": the step
# that lets the guest run on, a list register's turn on arm64).
MIX = {
    "vuart": dict(mmio=0, type=6, wake=8, irq=10, time=11, uart=12, lr=13,
                  call=14, exit=15),
    "ivshmem": dict(mmio=0, irq=8, lr=9, wake=10, call=12, exit=13,
                    raise_=14, time=15),
}
CALL_IDS = [0x80000000, 0x80000001, 0x84000000, 0x84000001, 0xc4000001,
            0x84000002, 0x84000003, 0xc4000003, 0x84000004, 0xc4000004,
            0x84000006, 0x84000008, 0x84000009, 0x8400000a, 0xc6000000,
            0xc6000001, 0xc6000002, 0x86000000, 0x00000000]


def u8(v):
    return bytes([v & 0xff])


def u16(v):
    return struct.pack("<H", v & 0xffff)


def u32(v):
    return struct.pack("<I", v & 0xffffffff)


def u64(v):
    return struct.pack("<Q", v & 0xffffffffffffffff)


class Program:
    """A seed for `target` whose operations sit at `mix` in its table, kept
    in `corpus`/<target>/: the header byte (arm64's machine reads its GIC
    version and list registers there), then steps."""

    def __init__(self, target, mix=None, corpus=os.path.join(HERE, "corpus"),
                 gic=3, lrs=4):
        self.mix = mix or MIX[target]
        self.target = target
        self.corpus = corpus
        self.out = u8((1 if gic == 2 else 0) | [4, 1, 2, 16].index(lrs) << 1)

    def op(self, name, cpu, body=b""):
        self.out += u8(self.mix[name]) + u8(cpu) + body

    def access(self, cpu, address, size=4, write=False, value=0, reg=1):
        flags = {1: 0, 2: 1, 4: 2, 8: 3}[size] | (4 if write else 0)
        body = u8(flags) + u8(reg) + address
        if write:
            body += value
        self.op("mmio", cpu, body)

    def call(self, cpu, fn, x1, x2=None, x3=0, smc=False):
        """x1 < 10; x2 only with an odd x1 (else it is 0x40000000)."""
        body = u8(0) if self.target == "psci" else b""
        body += u8(CALL_IDS.index(fn) << 1 | smc) + u8(x1)
        if x1 & 1:
            body += u64(0x40000100 if x2 is None else x2)
        body += u64(x3)
        self.op("call", cpu, body)

    def type(self, data):
        for i in range(0, len(data), 4):
            chunk = data[i:i + 4]
            self.op("type", 0, u8(len(chunk) - 1) +
                    chunk.ljust(4, b"\0"))

    def both_cpus(self):
        """alpha's and beta's second vCPUs started (CPU_ON, then the wake)."""
        self.call(0, 0xc4000003, 1)
        self.op("wake", 1)
        self.call(2, 0xc4000003, 1)
        self.op("wake", 3)

    def write(self, name):
        path = os.path.join(self.corpus, self.target, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(self.out)


def vuart_seeds():
    p = Program("vuart")
    p.both_cpus()
    for ch in b"hi\n":
        p.access(0, u8(0), 1, True, u64(ch))       # DR
    p.access(0, u8(2))                               # FR
    p.access(0, u8(8), 4, True, u64(0x70))          # IMSC: RX, TX, RT
    p.type(b"oko")
    p.op("wake", 6)                                  # CPU 6 takes input
    p.access(0, u8(0))                               # DR read
    p.type(b"\x1d1")                                 # focus to beta
    p.op("wake", 6)
    p.type(b"km\n")
    p.op("wake", 6)
    p.access(2, u8(0))
    p.op("uart", 0, u8(50))
    for ch in b"beta\n":
        p.access(2, u8(0), 1, True, u64(ch))
    p.op("time", 0, u8(27))
    p.op("irq", 2)
    p.type(b"\x1d:gamma\r")
    p.op("wake", 6)
    p.write("console")


def ivshmem_seeds():
    p = Program("ivshmem")
    p.both_cpus()

    def reg(cpu, peer, off, write=False, value=b""):
        """Register `off` of peer `peer` (of the 5, in config order)."""
        p.access(cpu, u8(0x80 + (peer - 0x80) % 5) + u8(off // 4), 4, write,
                 value)

    def ecam(cpu, slot, reg_index, size=4, write=False, value=b""):
        """Dword ecam_address()'s regs[reg_index] of function 0 of slot."""
        p.access(cpu, u8(0) + u8(slot << 2) + u8(reg_index), size, write,
                 value)

    on = u8(2) + u8(1)                          # value(): 2 -> u8 % 4
    reg(0, 0, 0x08, True, on)                   # alpha on link: interrupts
    ecam(2, 0, 4)                               # beta slot 0: BAR0
    ecam(2, 0, 4, write=True, value=u8(1))      # all-ones: sizing
    ecam(2, 0, 4)
    ecam(2, 0, 6, write=True, value=u8(1))      # BAR2
    ecam(2, 0, 6)
    ecam(2, 0, 1, write=True, value=u8(3) + u16(0x0406))
    reg(2, 1, 0x08, True, on)                   # beta on link: interrupts
    reg(0, 0, 0x0c, True, u8(0) + u8(1) + u8(0))  # doorbell to peer 1
    reg(2, 1, 0x10, True, on)                   # state 1
    ecam(2, 0, 1)                               # status: interrupt pending
    ecam(2, 0, 1, write=True, value=u8(3) + u16(0x0006))
    p.op("irq", 2)
    p.op("lr", 2, u8(0))
    reg(0, 0, 0x00)
    reg(0, 0, 0x38)
    reg(3, 2, 0x10, True, on)                   # beta on trio: state
    p.call(1, 0x84000009, 0)                    # alpha resets itself
    p.op("wake", 0)
    p.write("channels")


def main():
    vuart_seeds()
    ivshmem_seeds()


if __name__ == "__main__":
    main()
