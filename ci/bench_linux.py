"""The Linux throughput figures of `make bench` (used by ci/bench.py).

One kernel (Debian's, the demo's) and one initramfs
(partitions/bench/linux/initramfs/) run three ways on QEMU virt (GICv3):

  native   alone at EL1 on 3 CPUs, without EL2;
  floor    at EL1 on 3 CPUs under the stage-2 floor
           (partitions/bench/s2floor/floor.S): EL2 does nothing but a
           second-stage identity map, so this is what the emulator charges
           for two-stage translation;
  alone    as the Linux cell of partitions/bench/linux-alone/system.dts:
           the same cell with nothing beside it;
  cell     as the Linux cell of partitions/bench/linux/system.dts: 3 CPUs
           beside the demo's real-time cell (1 kHz task) on the fourth.

Quick (`make test`): native and cell only, one round, for sanity.

On x86 (q35, -cpu EPYC), with --linux-kernel-x86: Debian's amd64 kernel
and the same /init (its counter built for x86_64) run natively on 3 CPUs
(QEMU's -kernel through SeaBIOS) and as the Linux cell of
partitions/bench/linux-x86/system.dts beside the x86 demo's real-time cell,
one round each, quick or full, under icount only: there the TSC counts one
per instruction from reset and the counter prints it with hz 0.

The initramfs prints when userspace starts and what a fixed piece of work
on every CPU cost, in counter ticks:

  BENCH linux_userspace ticks <count> hz <frequency>
  BENCH linux_work ticks <count> cpus <n> rounds <r>

Under `-icount shift=0` with a 1 GHz counter, ticks are instructions (and
virtual ns): exact and repeatable, and what the emulator's host scheduling
does to the vCPU threads does not show.  The full run also repeats the three
without icount (wall clock, ticks converted to ns), where it does show; see
docs/performance.md.  Python 3 standard library, QEMU and dtc's fdtput.
"""
import os
import re
import shlex
import subprocess
import threading
import time

ICOUNT = ['-icount', 'shift=0,align=off,sleep=off',
          '-global', 'cortex-a53-arm-cpu.cntfrq=1000000000']
ICOUNT_X86 = ['-icount', 'shift=0,align=off,sleep=off']
# At a line's start, or (x86 natively) after the terminal controls the
# firmware printed before Linux's first line.
LINE_RE = re.compile(r'(?:^|\x1b\[[0-9;?]*[A-Za-z])(?:\[[\w-]+\] )?'
                     r'BENCH (linux_\w+) ticks (\d+) (\w+) (\d+)')
KERNEL_PA = 0x48000000		# floor.S: where the kernel is loaded
INITRD_PA = 0x5c000000		# and the initramfs (system.dts: the same)
FLOOR_PA = 0x40200000		# the floor itself, in Linux's RAM (floor.ld)
FLOOR_SIZE = 0x10000
LINUX_CPUS = 3
TIMEOUT = 900
WALL_REPEAT = 2


def run(argv, log, timeout=TIMEOUT):
    """Run QEMU until the work line (or exit); {metric: (ticks, hz)}, why."""
    found, problems = {}, []
    with open(log, 'w') as out:
        out.write('$ ' + ' '.join(shlex.quote(a) for a in argv) + '\n')
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        hz = 0
        for raw in proc.stdout:
            text = raw.decode('utf-8', 'replace').rstrip('\r\n')
            out.write(text + '\n')
            if 'BENCH error' in text:
                problems.append(text)
                break
            m = LINE_RE.search(text)
            if not m:
                continue
            if m.group(1) == 'linux_userspace':
                hz = int(m.group(4))
            found[m.group(1)] = (int(m.group(2)), hz)
            if m.group(1) == 'linux_work':
                break
        proc.kill()
        proc.wait()
        if not timer.is_alive():
            problems.append(f'killed after {timeout} s')
        timer.cancel()
    for want in ('linux_userspace', 'linux_work'):
        if want not in found:
            problems.append(f'no {want} line (log: {log})')
    return found, problems


def machine(base, native, cpus, icount):
    """The board's QEMU command line, virtualization on or off, cpus CPUs."""
    argv = shlex.split(base)
    for i, arg in enumerate(argv):
        if arg == '-M' and native:
            argv[i + 1] = argv[i + 1].replace('virtualization=on',
                                              'virtualization=off')
        if arg == '-smp':
            argv[i + 1] = str(cpus)
    return argv + (ICOUNT if icount else [])


def floor_dtb(base, initrd, cmdline, path):
    """QEMU's own DT of the floor's machine, with the initramfs and command
    line in /chosen and the floor's own memory reserved (the stub passes it
    on to Linux untouched; without the reservation Linux's page cache soon
    overwrites the stub's vectors and stage-2 table)."""
    argv = machine(base, False, LINUX_CPUS, False)
    subprocess.run(argv + ['-machine', f'dumpdtb={path}'], check=True,
                   capture_output=True)
    end = INITRD_PA + os.path.getsize(initrd)
    for prop, kind, value in (
            ('linux,initrd-start', 'x', ['0', hex(INITRD_PA)]),
            ('linux,initrd-end', 'x', ['0', hex(end)]),
            ('bootargs', 's', [cmdline])):
        subprocess.run(['fdtput', '-t', kind, path, '/chosen', prop] + value,
                       check=True)
    floor = f'/reserved-memory/floor@{FLOOR_PA:x}'
    subprocess.run(['fdtput', '-p', '-t', 'x', path, '/reserved-memory',
                    'ranges'], check=True)
    for node, prop, value in (
            ('/reserved-memory', '#address-cells', ['2']),
            ('/reserved-memory', '#size-cells', ['2']),
            (floor, 'reg', ['0', hex(FLOOR_PA), '0', hex(FLOOR_SIZE)])):
        subprocess.run(['fdtput', '-p', '-t', 'x', path, node, prop] + value,
                       check=True)
    subprocess.run(['fdtput', '-t', 's', path, floor, 'compatible',
                    'septum,stage2-floor'], check=True)
    subprocess.run(['fdtput', '-t', 'x', path, floor, 'no-map'], check=True)


def commands(a, quick, icount, logs):
    """The three runs' QEMU command lines."""
    rounds = 1 if quick else 4
    cmdline = f'console=ttyAMA0 rdinit=/init quiet nokaslr septum.rounds={rounds}'
    dtb = os.path.join(logs, 'floor.dtb')
    floor_dtb(a.qemu, a.linux_initrd, cmdline, dtb)
    native = machine(a.qemu, True, LINUX_CPUS, icount) + [
        '-kernel', a.linux_kernel, '-initrd', a.linux_initrd,
        '-append', cmdline]
    floor = machine(a.qemu, False, LINUX_CPUS, icount) + [
        '-kernel', a.linux_floor, '-dtb', dtb,
        '-device', f'loader,file={a.linux_kernel},addr={hex(KERNEL_PA)},'
        'force-raw=on',
        '-device', f'loader,file={a.linux_initrd},addr={hex(INITRD_PA)},'
        'force-raw=on']
    def septum(system):
        return machine(a.qemu, False, LINUX_CPUS + 1, icount) + [
            '-kernel', os.path.join(a.hyp_dir, system, 'septum.elf')]
    if quick:
        return {'native': native, 'cell': septum('linux-quick')}
    return {'native': native, 'floor': floor, 'alone': septum('linux-alone'),
            'cell': septum('linux')}


def under_icount(argv):
    """The x86 QEMU command argv under icount.  The board's own command
    has it already (boards/qemu-x86_64/board.mk), so it is not given twice."""
    return argv if '-icount' in argv else argv + ICOUNT_X86


def x86_commands(a):
    """The x86 runs' QEMU command lines (native, cell), under icount."""
    def on(cpus):
        argv = shlex.split(a.qemu_x86)
        for i, arg in enumerate(argv[:-1]):
            if arg == '-smp':
                argv[i + 1] = str(cpus)
        return under_icount(argv)
    cmdline = ('console=ttyS0 rdinit=/init io_delay=none nokaslr quiet '
               'septum.rounds=1')
    return {
        'native_x86': on(LINUX_CPUS) + [
            '-kernel', a.linux_kernel_x86, '-initrd', a.linux_initrd_x86,
            '-append', cmdline],
        'cell_x86': on(LINUX_CPUS + 1) + [
            '-kernel', os.path.join(a.hyp_dir_x86, 'linux-x86',
                                    'septum.elf')],
    }


def x86_figures(a, logs):
    """The x86 boot and work figures: (entries, problems)."""
    got, problems = {}, []
    for name, argv in x86_commands(a).items():
        found, why = run(argv, os.path.join(logs, f'linux.{name}.console'))
        problems += [f'linux {name}: {w}' for w in why]
        got[name] = found
    if problems:
        return [], problems
    return [
        entry('linux_boot_x86', 'instructions',
              ns(got['native_x86'], 'linux_userspace'),
              ns(got['cell_x86'], 'linux_userspace')),
        entry('linux_work_x86', 'instructions',
              ns(got['native_x86'], 'linux_work'),
              ns(got['cell_x86'], 'linux_work')),
    ], []


def ns(found, metric):
    ticks, hz = found[metric]
    return ticks * 1000000000 // hz if hz else ticks


def entry(metric, unit, native, septum):
    return {'metric': metric, 'unit': unit, 'native': native,
            'septum': septum, 'samples': 1, 'min': septum, 'median': septum,
            'max': septum}


def icount_figures(a, quick, logs):
    """Boot and work under icount: exact instruction counts."""
    got, problems = {}, []
    for name, argv in commands(a, quick, True, logs).items():
        found, why = run(argv, os.path.join(logs, f'linux.{name}.console'))
        problems += [f'linux {name}: {w}' for w in why]
        got[name] = found
    if problems:
        return [], problems
    work = {k: ns(got[k], 'linux_work') for k in got}
    out = [
        entry('linux_boot', 'instructions', ns(got['native'], 'linux_userspace'),
              ns(got['cell'], 'linux_userspace')),
        entry('linux_work', 'instructions', work['native'], work['cell']),
    ]
    if not quick:
        out += ratios(work, '')
    return out, []


def ratios(work, suffix, unit='instructions'):
    """The floor's and the cells' figures from the work times of all four."""
    return [
        entry('linux_work_floor' + suffix, unit, work['native'],
              work['floor']),
        entry('linux_vs_floor' + suffix, 'ratio', None,
              round(work['floor'] / work['cell'], 3)),
        entry('linux_interference' + suffix, 'ratio', None,
              round(work['alone'] / work['cell'], 3)),
        entry('stage2_floor' + suffix, 'ratio', None,
              round(work['native'] / work['floor'], 3)),
    ]


def wall_figures(a, logs):
    """The same work without icount: the best of WALL_REPEAT runs each."""
    best, problems = {}, []
    for i in range(WALL_REPEAT):
        for name, argv in commands(a, False, False, logs).items():
            found, why = run(argv, os.path.join(
                logs, f'linux.{name}.wall{i}.console'))
            problems += [f'linux {name} (wall clock): {w}' for w in why]
            if not why:
                t = ns(found, 'linux_work')
                best[name] = min(best.get(name, t), t)
    if problems:
        return [], problems
    return [entry('linux_work_wall', 'ns', best['native'], best['cell'])] + \
        [e for e in ratios(best, '_wall', 'ns')
         if e['metric'] != 'linux_work_floor_wall'], []


def figures(a, quick, logs):
    """Every Linux figure: (entries, problems)."""
    start = time.monotonic()
    out, problems = icount_figures(a, quick, logs)
    if not quick and not problems:
        more, problems = wall_figures(a, logs)
        out += more
    if a.linux_kernel_x86 and not problems:
        more, problems = x86_figures(a, logs)
        out += more
    print(f'bench: linux: {time.monotonic() - start:.1f} s wall clock')
    return out, problems


WHAT = [
    ('linux_boot', 'the machine\'s reset to Linux\'s userspace (/init): '
     'natively, and as the Linux cell (hypervisor boot and image loading '
     'included)'),
    ('linux_work', 'a fixed piece of work on each of 3 CPUs (checksums and '
     'copies of a tmpfs file): natively, and in the cell beside the busy '
     'real-time cell'),
    ('linux_work_floor', 'the same work natively, and under the stage-2 '
     'floor (EL2 only maps stage 2)'),
    ('linux_vs_floor', 'throughput of the cell against the stage-2 floor '
     '(floor time / cell time; 1 = no cost but the emulator\'s)'),
    ('linux_interference', 'throughput of the cell beside the busy '
     'real-time cell against the same cell alone (alone time / cell time; '
     '1 = the other cell costs it nothing)'),
    ('stage2_floor', 'throughput of the stage-2 floor against native: the '
     'emulator\'s own price for two-stage translation'),
    ('linux_work_wall', 'linux_work without icount, in wall-clock ns (best '
     f'of {WALL_REPEAT})'),
    ('linux_vs_floor_wall', 'linux_vs_floor without icount'),
    ('linux_interference_wall', 'linux_interference without icount'),
    ('stage2_floor_wall', 'stage2_floor without icount'),
    ('linux_boot_x86', 'x86: the machine\'s reset to Linux\'s userspace: '
     'Debian\'s amd64 kernel natively (SeaBIOS, QEMU\'s -kernel), and as the '
     'Linux cell (SeaBIOS, the hypervisor\'s boot and image loading '
     'included)'),
    ('linux_work_x86', 'x86: one round of the same work on each of 3 CPUs, '
     'natively and in the cell beside the x86 demo\'s real-time cell'),
]
