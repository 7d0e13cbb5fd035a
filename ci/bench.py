#!/usr/bin/env python3
"""Run Septum's benchmarks and collect their figures (docs/performance.md).

    ci/bench.py [--quick] --qemu 'QEMU COMMAND' --hyp-dir DIR
                [--hyp-dir-gicv2 DIR] [--qemu-x86 'QEMU COMMAND'
                --hyp-dir-x86 DIR] --guest-dir DIR --out FILE SYSTEM...

Every bench system (partitions/bench/SYSTEM/) runs under QEMU with
-icount shift=0,align=off,sleep=off and a 1 GHz generic counter, so one
instruction is one virtual ns, one counter tick, and every run is identical
to the last.  Each entry of SYSTEMS for it (a system may have a variant on
the GICv2 board) runs twice: its hypervisor image (HYP_DIR/SYSTEM/
septum.elf, or the GICv2 board's build in HYP_DIR_GICV2) with the system's
cells, and, when the system has one, its native image
(GUEST_DIR/SYSTEM/<guest>.elf) alone at EL1 without EL2, on the same
machine.  An x86 system (x86=True) runs the same way on the x86 board's
QEMU command (--qemu-x86, its hypervisor images in HYP_DIR_X86), with no
generic counter: there QEMU's TSC counts one per instruction under
-icount shift=0, and the guest prints TSC ticks.  The guests print what
partitions/bench/bench.h describes:

    BENCH mode native|septum
    BENCH <metric> <unit> <value> <value> ...
    BENCH <metric> end <count>
    BENCH error <text>

This script checks each run, takes min / median / max of every metric,
prints a table (native, Septum, the overhead and the goal of each figure,
GOALS) and the overheads as a text bar chart, writes FILE if every check
passed (a JSON list of
{"metric", "unit", "native", "septum", "samples", "min", "median", "max"}:
native and septum are the medians of the two runs, min / median / max
those of the Septum run), says whether the figures equal those FILE held
before, and prints TEST lines
(`TEST bench.<run>.<mode>` for each run, `TEST bench.<metric>` for each
figure) for ci/step.  Consoles go next to FILE, in logs/.  After a full
run it also draws, next to FILE with gnuplot (ci/packages.txt), the
overheads as a bar chart (overheads.png) and the PLOTS of latency
distributions whose samples differ.
Exits 1 if any check failed.  Python 3 standard library and gnuplot only.
"""
import argparse
import bench_linux
import bench_static
import json
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time

# How to run each bench system: one entry per run, named like the system
# folder or, for a variant, something else with dir= the folder.  cpus:
# QEMU -smp (a CPU no cell uses would still take turns in QEMU's
# round-robin); gic: 2 runs the GICv2 board's hypervisor image on a
# gic-version=2 machine (natively too; default: the board's own); native:
# the guest image that also runs without the hypervisor (None: no native
# run); x86: an x86 system (the x86 board's QEMU and images); full /
# quick: the parameters the guests read from fw_cfg;
# timeout / quick_timeout: wall-clock seconds a run may take before it
# counts as hung.
SYSTEMS = {
    'channel': dict(cpus=2, native='channel',
                    full='doorbells=1000 chunks=64', timeout=300,
                    quick='doorbells=16 chunks=4', quick_timeout=60),
    'latency': dict(cpus=1, native='latency',
                    full='samples=1000', timeout=120,
                    quick='samples=8', quick_timeout=60),
    'latency-gicv2': dict(dir='latency', gic=2, cpus=1, native='latency',
                          full='samples=1000 irq_only=1', timeout=120,
                          quick='samples=8 irq_only=1', quick_timeout=60),
    'latency-x86': dict(x86=True, cpus=1, native='latency',
                        full='samples=1000', timeout=180,
                        quick='samples=8', quick_timeout=90),
}

# Every figure, in table order.  system: the SYSTEMS entry whose runs
# print it; native: the native run must produce it too; higher: a larger
# value is better (a throughput), so the sanity check is septum <= native;
# what: one line for the table's legend.
METRICS = [
    dict(name='doorbell', system='channel', native=False, higher=False,
         what="IVSHMEM doorbell: tx's register write to rx's handler"),
    dict(name='doorbell_send', system='channel', native=False, higher=False,
         what='the doorbell write as the sender sees it (trap and back)'),
    dict(name='channel_throughput', system='channel', native=True,
         higher=True,
         what='4 KiB messages through the channel ring, per 256 KiB'),
    dict(name='irq_latency', system='latency', native=True, higher=False,
         what='virtual timer deadline (CNTV_CVAL) to the IRQ vector '
              '(GICv3)'),
    dict(name='irq_latency_gicv2', system='latency-gicv2', native=True,
         higher=False,
         what='the same on the GICv2 board'),
    dict(name='irq_latency_passthrough', system='latency', native=True,
         higher=False,
         what="passed-through PL031 SPI: the store raising its line to "
              "the IRQ vector"),
    dict(name='hypercall', system='latency', native=True, higher=False,
         what='no-op HVC round trip; native: the same timing frame '
              'around no instruction, so the diff is the HVC'),
    dict(name='mmio_trap', system='latency', native=True, higher=False,
         what="a store to the console UART's IMSC (own value); native: "
              "the real PL011"),
    dict(name='mmio_trap_dr', system='latency', native=True, higher=False,
         what="a store of one character to the console UART's DR (the "
              "console mux)"),
    dict(name='gicd_trap', system='latency', native=True, higher=False,
         what='a store to GICD_IPRIORITYR8 (own value); native: the real '
              'GICD'),
    dict(name='gicd_trap_read', system='latency', native=True,
         higher=False,
         what='a load of GICD_ISENABLER1; native: the real GICD'),
    dict(name='gicd_ctlr_read', system='latency', native=True,
         higher=False,
         what="a load of GICD_CTLR (a GIC driver's wait for RWP)"),
    dict(name='gicd_disable', system='latency', native=True, higher=False,
         what="a store to GICD_ICENABLER1 disabling the PL031's SPI (a "
              "driver's mask)"),
    dict(name='gicd_enable', system='latency', native=True, higher=False,
         what='a store to GICD_ISENABLER1 enabling it again (the unmask)'),
    dict(name='gicd_active_read', system='latency', native=True,
         higher=False,
         what="a load of GICD_ISACTIVER1 (Linux's synchronize_irq())"),
    dict(name='x86_irq_latency', system='latency-x86', native=True,
         higher=False,
         what='x86: local APIC timer deadline (TSC before the initial-count '
              'write + count) to the vector entry; in a cell the virtual '
              'x2APIC'),
    dict(name='x86_pio_trap', system='latency-x86', native=True,
         higher=False,
         what="x86: an OUT of COM1's scratch register (own value); in a "
              "cell the virtual 16550"),
    dict(name='x86_hypercall', system='latency-x86', native=True,
         higher=False,
         what='x86: no-op VMMCALL round trip; native: the same timing '
              'frame around no instruction'),
]

# The PNG plots drawn after a full run: file (next to the results), title,
# and the metrics whose native and Septum distributions it shows.
PLOTS = [
    dict(file='irq_latency.png',
         title='Interrupt latency, native and in a Septum cell '
               '(QEMU virt, cortex-a53, icount: 1 ns = 1 instruction)',
         metrics=['irq_latency', 'irq_latency_gicv2',
                  'irq_latency_passthrough']),
]

ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
COUNTER_HZ = 1000000000
PARAMS_FILE = 'opt/septum/bench'
TAG_RE = re.compile(r'^\[[\w-]+\] ')
NUMBER_RE = re.compile(r'^\d+(\.\d+)?$')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--quick', action='store_true',
                   help="a few samples of everything (make test)")
    p.add_argument('--qemu', required=True,
                   help="the board's QEMU command (with virtualization=on)")
    p.add_argument('--hyp-dir', required=True,
                   help='where SYSTEM/septum.elf are')
    p.add_argument('--hyp-dir-gicv2',
                   help="where the GICv2 board's SYSTEM/septum.elf are")
    p.add_argument('--qemu-x86',
                   help="the x86 board's QEMU command (x86 systems)")
    p.add_argument('--hyp-dir-x86',
                   help="where the x86 board's SYSTEM/septum.elf are")
    p.add_argument('--guest-dir', required=True,
                   help='where SYSTEM/<guest>.elf are')
    p.add_argument('--out', required=True, help='the results file (JSON)')
    p.add_argument('--demo-elf', required=True,
                   help='the demo system\'s hypervisor image (boot figures)')
    p.add_argument('--demo-cells', type=int, required=True,
                   help='how many cells the demo system starts')
    p.add_argument('--release-elf', required=True,
                   help='the release image without a partition table '
                        '(image sizes)')
    p.add_argument('--obj-dir', required=True,
                   help='the release build\'s objects and .d files (tcb_sloc)')
    p.add_argument('--nm', default='aarch64-linux-gnu-nm')
    p.add_argument('--linux-kernel', required=True,
                   help='the Linux throughput runs\' kernel Image')
    p.add_argument('--linux-initrd', required=True,
                   help='their initramfs (partitions/bench/linux/)')
    p.add_argument('--linux-floor', required=True,
                   help='the stage-2 floor stub (partitions/bench/s2floor/)')
    p.add_argument('--linux-kernel-x86',
                   help='the x86 Linux boot runs\' kernel (a bzImage)')
    p.add_argument('--linux-initrd-x86',
                   help='their initramfs (the same /init, for x86_64)')
    p.add_argument('systems', nargs='+', metavar='SYSTEM')
    a = p.parse_args()
    unknown = [s for s in a.systems
               if all(system_dir(r) != s for r in SYSTEMS)]
    if unknown:
        p.error(f'no entry in SYSTEMS for bench system(s) {", ".join(unknown)}'
                ': add one to ci/bench.py')
    if not a.hyp_dir_gicv2 and any(SYSTEMS[r].get('gic') == 2
                                   for r in selected_runs(a.systems)):
        p.error('a GICv2 run needs --hyp-dir-gicv2')
    if not (a.qemu_x86 and a.hyp_dir_x86) and \
            any(SYSTEMS[r].get('x86') for r in selected_runs(a.systems)):
        p.error('an x86 run needs --qemu-x86 and --hyp-dir-x86')
    if a.linux_kernel_x86 and not (a.linux_initrd_x86 and a.qemu_x86 and
                                   a.hyp_dir_x86):
        p.error('the x86 Linux runs need --linux-initrd-x86, --qemu-x86 and '
                '--hyp-dir-x86')
    return a


def system_dir(run):
    """The bench system folder of SYSTEMS entry `run`."""
    return SYSTEMS[run].get('dir', run)


def selected_runs(systems):
    """The SYSTEMS entries of the given system folders, in SYSTEMS order."""
    return [r for r in SYSTEMS if system_dir(r) in systems]


def option_value(argv, option):
    """Index of the value of `option` in argv (None if absent)."""
    for i, arg in enumerate(argv[:-1]):
        if arg == option:
            return i + 1
    return None


def qemu_command_x86(base, image, cpus, params):
    """The x86 board's QEMU command, for `image`, under icount.  Natively
    and in a cell alike: the image is a Multiboot one either way."""
    argv = shlex.split(base)
    smp = option_value(argv, '-smp')
    if smp is None:
        argv += ['-smp', str(cpus)]
    else:
        argv[smp] = str(cpus)
    params = ['-fw_cfg', f'name={PARAMS_FILE},string={params}'] \
        if params else []
    return bench_linux.under_icount(argv) + params + ['-kernel', image]


def qemu_command(base, image, cpus, native, params, gic=None):
    """The board's QEMU command, for `image`, under icount."""
    argv = shlex.split(base)
    m = option_value(argv, '-M')
    if m is None or 'virtualization=on' not in argv[m]:
        sys.exit('bench: the QEMU command needs -M ...,virtualization=on')
    if native:
        argv[m] = argv[m].replace('virtualization=on', 'virtualization=off')
    if gic is not None:
        machine = re.sub(r',gic-version=\w+', '', argv[m])
        argv[m] = f'{machine},gic-version={gic}'
    smp = option_value(argv, '-smp')
    if smp is None:
        argv += ['-smp', str(cpus)]
    else:
        argv[smp] = str(cpus)
    cpu = option_value(argv, '-cpu')
    cpu_type = argv[cpu] if cpu is not None else 'cortex-a53'
    params = ['-fw_cfg', f'name={PARAMS_FILE},string={params}'] \
        if params else []
    return argv + ICOUNT + [
        '-global', f'{cpu_type}-arm-cpu.cntfrq={COUNTER_HZ}'] + params + [
        '-kernel', image]


class Run:
    """One QEMU run of a bench system and what its guests printed."""

    def __init__(self, system, mode, argv, timeout, log):
        self.system, self.mode = system, mode
        self.argv, self.timeout, self.log = argv, timeout, log
        self.values = {}     # metric -> list of numbers
        self.units = {}      # metric -> unit
        self.ends = {}       # metric -> count the guest says it printed
        self.modes = []
        self.problems = []
        self.rc = None
        self.seconds = 0.0

    def line(self, text):
        text = TAG_RE.sub('', text.rstrip('\r'))
        if not text.startswith('BENCH '):
            return True
        words = text.split()
        if len(words) < 3:
            self.problems.append(f'bad line: {text}')
        elif words[1] == 'mode':
            self.modes.append(words[2])
        elif words[1] == 'error':
            self.problems.append(f'the guest says: {" ".join(words[2:])}')
            return False
        elif words[2] == 'end' and len(words) == 4 and words[3].isdigit():
            self.ends[words[1]] = int(words[3])
        else:
            self.sample_line(words[1], words[2], words[3:], text)
        return True

    def sample_line(self, metric, unit, values, text):
        if self.units.setdefault(metric, unit) != unit:
            self.problems.append(f'{metric}: unit {unit} after '
                                 f'{self.units[metric]}')
        for v in values:
            if not NUMBER_RE.match(v):
                self.problems.append(f'bad value {v!r} in: {text}')
                return
            self.values.setdefault(metric, []).append(
                float(v) if '.' in v else int(v))

    def run(self):
        start = time.monotonic()
        with open(self.log, 'w') as log:
            log.write('$ ' + ' '.join(shlex.quote(a) for a in self.argv) +
                      '\n')
            proc = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT)
            timer = threading.Timer(self.timeout, proc.kill)
            timer.start()
            for raw in proc.stdout:
                text = raw.decode('utf-8', 'replace')
                log.write(text)
                if not self.line(text.rstrip('\n')):
                    proc.kill()
            self.rc = proc.wait()
            timed_out = not timer.is_alive()
            timer.cancel()
        self.seconds = time.monotonic() - start
        if timed_out:
            self.problems.append(f'killed after {self.timeout} s')
        elif self.rc != 0:
            self.problems.append(f'QEMU exit status {self.rc}')

    def check(self, metrics):
        """Problems with this run: its mode lines and every metric."""
        if not self.modes or any(m != self.mode for m in self.modes):
            self.problems.append(f'guests said mode {self.modes}, expected '
                                 f'{self.mode}')
        for name in metrics:
            n = len(self.values.get(name, []))
            if name not in self.ends:
                self.problems.append(f'{name}: no "end" line')
            elif self.ends[name] != n:
                self.problems.append(f'{name}: {n} values, the guest said '
                                     f'{self.ends[name]}')
            elif n == 0:
                self.problems.append(f'{name}: no values')
        return not self.problems


def median(values):
    """The middle sample (the lower one of the two for an even count)."""
    s = sorted(values)
    return s[(len(s) - 1) // 2]


def figure(metric, septum, native):
    """The results entry of one metric (None when the run gave nothing)."""
    values = septum.values.get(metric['name'])
    if not values:
        return None
    nat = native.values.get(metric['name']) if native else None
    unit = septum.units[metric['name']]
    return {'metric': metric['name'],
            # Under icount a guest's ns (arm64: its 1 GHz counter's ticks)
            # and x86 TSC ticks are instructions.
            'unit': 'instructions' if unit in ('ns', 'ticks') else unit,
            'native': median(nat) if nat and metric['native'] else None,
            'septum': median(values),
            'samples': len(values),
            'min': min(values), 'median': median(values), 'max': max(values)}


def sane(metric, fig):
    """Why figure `fig` of `metric` is not believable ('' if it is)."""
    if fig is None:
        return 'no figure'
    if not 0 < fig['min'] <= fig['median'] <= fig['max']:
        return 'not 0 < min <= median <= max'
    if metric['native']:
        if fig['native'] is None or fig['native'] <= 0:
            return 'no native figure'
        if metric['higher'] and fig['septum'] > fig['native']:
            return 'better in a cell than natively'
        if not metric['higher'] and fig['septum'] < fig['native']:
            return 'faster in a cell than natively'
    return ''


# What Septum aims at (docs/performance.md): per metric, what is
# compared, how, and the bound.  'overhead': septum - native; 'value': the
# septum figure; 'ratio': septum / native - 1 (as a fraction).
GOALS = {
    'irq_latency': ('overhead', '<=', 120),
    'irq_latency_gicv2': ('overhead', '<=', 120),
    'irq_latency_passthrough': ('overhead', '<=', 130),
    'hypercall': ('overhead', '<=', 80),
    'gicd_trap': ('overhead', '<=', 150),
    'gicd_trap_read': ('overhead', '<=', 150),
    'gicd_ctlr_read': ('overhead', '<=', 150),
    'mmio_trap': ('overhead', '<=', 150),
    'doorbell': ('value', '<=', 700),
    'hv_ram_bytes': ('value', '<=', 256 * 1024),
    'image_text_bytes': ('value', '<=', 48 * 1024),
    'linux_boot': ('ratio', '<=', 0.05),
    'linux_vs_floor': ('value', '>=', 0.95),
    'linux_interference': ('value', '>=', 0.95),
}


def number(v):
    if v is None:
        return '-'
    return f'{v:.3g}' if isinstance(v, float) and abs(v) < 10 else \
        f'{v:.1f}' if isinstance(v, float) else str(v)


def overhead(f):
    """septum - native, or None without a native figure."""
    if f['native'] is None:
        return None
    d = f['septum'] - f['native']
    return round(d, 1) if isinstance(d, float) else d


def goal(f):
    """('<= 120 over native', met) for a figure with a goal, else None."""
    g = GOALS.get(f['metric'])
    if g is None:
        return None
    kind, op, bound = g
    if kind == 'overhead':
        got, text = overhead(f), f'{op} +{bound}'
    elif kind == 'ratio':
        got = f['septum'] / f['native'] - 1 if f['native'] else None
        text = f'{op} +{bound:.0%}'
    else:
        got, text = f['septum'], f'{op} {number(bound)}'
    if got is None:
        return text, None
    return text, got <= bound if op == '<=' else got >= bound


def print_table(figures):
    """Native, Septum and the overhead first, then the goal and spread."""
    cols = ['metric', 'native', 'septum', 'overhead', 'goal', 'met', 'unit',
            'samples', 'min', 'max']
    rows = []
    for f in figures:
        g = goal(f)
        met = '-' if g is None or g[1] is None else 'yes' if g[1] else 'NO'
        rows.append([f['metric'], number(f['native']), number(f['septum']),
                     number(overhead(f)), g[0] if g else '', met, f['unit'],
                     str(f['samples']), number(f['min']), number(f['max'])])
    widths = [max([len(c)] + [len(r[i]) for r in rows])
              for i, c in enumerate(cols)]
    print('Times are in instructions: under QEMU -icount shift=0 one '
          'instruction is one virtual nanosecond.')
    for r in [cols] + rows:
        print('  '.join(v.ljust(w) if i in (0, 4, 5, 6) else v.rjust(w)
                        for i, (v, w) in enumerate(zip(r, widths))).rstrip())


BAR_WIDTH = 50


def print_bars(figures):
    """The overheads over native in instructions as a text bar chart, each
    bar's goal marked with '|'."""
    bars = [(f['metric'], overhead(f), GOALS.get(f['metric']))
            for f in figures
            if f['unit'] == 'instructions' and f['samples'] > 1 and
            overhead(f) is not None]
    if not bars:
        return
    top = max(max(d, g[2] if g and g[0] == 'overhead' else 0)
              for _, d, g in bars)
    width = max(len(name) for name, _, _ in bars)
    print("Overhead over native, instructions ('|' marks the goal):")
    for name, d, g in bars:
        n = round(max(d, 0) * BAR_WIDTH / top) if top else 0
        bar = list('#' * n + ' ' * (BAR_WIDTH - n))
        if g and g[0] == 'overhead':
            at = min(round(g[2] * BAR_WIDTH / top), BAR_WIDTH - 1)
            bar[at] = '|'
        print(f'  {name.ljust(width)}  {"".join(bar)} +{d}')


def print_text_areas(figures):
    """The image's code by area, in bytes, as a text bar chart."""
    areas = [(f['metric'][len('image_text_'):-len('_bytes')], f['septum'])
             for f in figures if f['metric'].startswith('image_text_') and
             f['metric'] != 'image_text_bytes']
    if not areas:
        return
    top = max(n for _, n in areas)
    width = max(len(a) for a, _ in areas)
    print("The release image's code by area, bytes (alignment between "
          "functions aside):")
    for a, n in areas:
        bar = '#' * round(n * BAR_WIDTH / top) if top else ''
        print(f'  {a.ljust(width)}  {bar.ljust(BAR_WIDTH)} {n}')


def compare(previous, figures, path):
    """Say whether this run's figures equal the ones `path` held."""
    if previous is None:
        print(f'bench: no earlier {path} to compare with')
    elif previous == figures:
        print(f'bench: identical to the previous run ({path})')
    else:
        old = {f['metric']: f for f in previous}
        for f in figures:
            o = old.get(f['metric'])
            if o is None:
                print(f"bench: {f['metric']}: new, {number(f['septum'])}")
            elif o != f:
                print(f"bench: {f['metric']}: septum {number(o['septum'])} "
                      f"-> {number(f['septum'])}, native "
                      f"{number(o['native'])} -> {number(f['native'])}")


def run_system(a, system, logs):
    """Both runs of one SYSTEMS entry: (septum Run, native Run or None)."""
    s = SYSTEMS[system]
    folder = system_dir(system)
    hyp_dir = a.hyp_dir_gicv2 if s.get('gic') == 2 else \
        a.hyp_dir_x86 if s.get('x86') else a.hyp_dir
    params = s['quick' if a.quick else 'full']
    timeout = s['quick_timeout' if a.quick else 'timeout']
    names = [m['name'] for m in METRICS if m['system'] == system]
    native_names = [m['name'] for m in METRICS
                    if m['system'] == system and m['native']]
    runs = [('septum', os.path.join(hyp_dir, folder, 'septum.elf'), names)]
    if s['native']:
        runs.append(('native', os.path.join(a.guest_dir, folder,
                                            s['native'] + '.elf'),
                     native_names))
    done = {}
    for mode, image, expected in runs:
        if s.get('x86'):
            argv = qemu_command_x86(a.qemu_x86, image, s['cpus'], params)
        else:
            argv = qemu_command(a.qemu, image, s['cpus'], mode == 'native',
                                params, s.get('gic'))
        r = Run(system, mode, argv, timeout,
                os.path.join(logs, f'{system}.{mode}.console'))
        r.run()
        ok = r.check(expected)
        print(f'bench: {system} {mode}: {r.seconds:.1f} s wall clock'
              + ('' if ok else f'; log: {r.log}'))
        for p in r.problems:
            print(f'bench: {system} {mode}: {p}')
        print(f'TEST bench.{system}.{mode} {"PASS" if ok else "FAIL"}')
        done[mode] = r
    return done['septum'], done.get('native')


def cdf_block(name, values, lo, hi):
    """A gnuplot data block: the empirical distribution of `values`."""
    v = sorted(max(x, lo) for x in values)
    rows = [f'{lo} 0'] + [f'{x} {(i + 1) / len(v):.6f}'
                          for i, x in enumerate(v)] + [f'{hi} 1']
    return f'${name} << EOD\n' + '\n'.join(rows) + '\nEOD\n'


def plot_script(p, series, path):
    """gnuplot commands drawing plot `p`: one panel per (metric, native,
    septum) of `series`, each the two cumulative distributions, on one
    logarithmic ns axis so a few ns and a few thousand both show."""
    top = max(max(v) for _, nat, sep in series for v in (nat, sep))
    hi = 10 ** math.ceil(math.log10(top * 2))
    lines = ["set terminal pngcairo noenhanced size 1000,%d font ',10'"
             % (350 * len(series) + 60),
             f"set output '{path}'",
             'set logscale x', f'set xrange [1:{hi}]', 'set yrange [0:1.05]',
             'set grid', 'set key below vertical Left reverse',
             'set xlabel "instructions (= virtual ns)"',
             'set ylabel "fraction of samples <= x"',
             f'set multiplot layout {len(series)},1 title "{p["title"]}"']
    for i, (m, nat, sep) in enumerate(series):
        data = cdf_block(f'n{i}', nat, 1, hi) + cdf_block(f's{i}', sep, 1, hi)
        lines += [data.rstrip('\n'),
                  f'set title "{m["name"]}: {m["what"]}"',
                  f'plot $n{i} using 1:2 with steps lw 2 title '
                  f'"native (median {median(nat)}, {len(nat)} samples)", '
                  f'$s{i} using 1:2 with steps lw 2 title '
                  f'"septum (median {median(sep)}, min {min(sep)}, '
                  f'max {max(sep)}, {len(sep)} samples)"']
    lines.append('unset multiplot')
    return '\n'.join(lines) + '\n'


OVERHEAD_PLOT = 'overheads.png'


def bars_script(figures, path):
    """gnuplot commands drawing every overhead over native (instructions)
    as a horizontal bar, its goal as a mark on it."""
    bars = [(f['metric'], overhead(f), GOALS.get(f['metric']))
            for f in figures
            if f['unit'] == 'instructions' and f['samples'] > 1 and
            overhead(f) is not None]
    rows = [f'{-i} {d} {g[2] if g and g[0] == "overhead" else "NaN"}'
            for i, (_, d, g) in enumerate(bars)]
    tics = ', '.join(f'"{name}" {-i}' for i, (name, _, _) in
                     enumerate(bars))
    return '\n'.join([
        "set terminal pngcairo noenhanced size 900,%d font ',10'"
        % (60 + 36 * len(bars)),
        f"set output '{path}'",
        'set title "Septum: overhead over native, in instructions '
        '(QEMU icount: 1 instruction = 1 virtual ns)"',
        '$d << EOD', *rows, 'EOD',
        f'set ytics ({tics})', f'set yrange [{-len(bars) + 0.5}:0.5]',
        'set xrange [0:*]', 'set grid xtics', 'set key below',
        'set style fill solid 0.6',
        "plot $d using 2:1:(0):2:($1-0.35):($1+0.35) with boxxyerror "
        "title 'overhead', "
        "'' using 2:1:(sprintf('+%d', $2)) with labels left offset 0.5,0 "
        "notitle, "
        "$d using 3:1 with points pt 7 ps 1.5 title 'goal'"]) + '\n'


def gnuplot_to(script, path):
    """Run gnuplot on `script`, which writes `path`; False if it failed."""
    if os.path.exists(path):
        os.remove(path)
    r = subprocess.run(['gnuplot'], input=script, text=True,
                       capture_output=True)
    if r.returncode != 0 or not os.path.exists(path):
        print(f'bench: gnuplot failed on {path}: {r.stderr.strip()}')
        return False
    print(f'bench: wrote {path}')
    return True


def plot(runs, figures, out_dir):
    """Draw the overheads' bar chart, and the PLOTS of samples that differ
    from one another (a distribution of identical samples says nothing);
    False if gnuplot failed."""
    if shutil.which('gnuplot') is None:
        print('bench: gnuplot not found (ci/packages.txt: gnuplot-nox): '
              'no plots')
        return False
    ok = gnuplot_to(bars_script(figures, os.path.join(out_dir,
                                                      OVERHEAD_PLOT)),
                    os.path.join(out_dir, OVERHEAD_PLOT))
    by_name = {m['name']: m for m in METRICS}
    for p in PLOTS:
        series = []
        for name in p['metrics']:
            m = by_name[name]
            septum, native = runs.get(m['system'], (None, None))
            if septum and native and \
                    len(set(septum.values[name])) > 1:
                series.append((m, native.values[name], septum.values[name]))
        path = os.path.join(out_dir, p['file'])
        if not series:
            if os.path.exists(path):
                os.remove(path)
            print(f'bench: {p["file"]}: every sample alike, no distribution '
                  'to draw')
            continue
        ok = gnuplot_to(plot_script(p, series, path), path) and ok
    return ok


# The figures of ci/bench_static.py, for the legend.
STATIC_WHAT = [
    ('boot_to_first_cell', "the hypervisor's first instruction to the "
     "first cell's (demo system, 4 CPUs)"),
    ('boot_to_all_cells', 'the same, to the last cell\'s (Linux: its '
     'kernel copied and CRC-checked first)'),
    ('hv_ram_bytes', 'memory in use by the hypervisor, demo system: image '
     '(partition table aside), stacks of online CPUs, its own page tables, '
     "the cells' state it keeps (their vGICs)"),
    ('hv_stage2_bytes', "the cells' second-stage page tables, demo system"),
    ('image_text_bytes', 'code of the release image'),
    ('image_data_bytes', 'rodata and data of the release image'),
    ('image_bss_bytes', "bss, stacks and the hypervisor's own page-table "
     'pool reserved by the release image'),
    ('tcb_sloc', 'non-blank, non-comment lines of core/, arch/arm64/, '
     'drivers/ that the build compiles (headers included)'),
] + [(f'image_text_{a}_bytes', f'code of the release image: {w}')
     for a, w, _ in bench_static.TEXT_AREAS]
BOOT_TIMEOUT = 300


def static_figures(a, logs):
    """The figures no benchmark guest prints: (entries, problems)."""
    argv = qemu_command(a.qemu, a.demo_elf, 4, False, None)
    figures, problems = bench_static.boot_figures(
        argv, a.demo_cells, os.path.join(logs, 'boot.console'), BOOT_TIMEOUT)
    figures += bench_static.image_figures(a.nm, a.release_elf)
    figures += bench_static.text_areas(a.release_elf + '.map')
    sloc, more = bench_static.sloc_figure(a.obj_dir)
    return figures + sloc, problems + more


def main():
    a = parse_args()
    out_dir = os.path.dirname(a.out) or '.'
    logs = os.path.join(out_dir, 'logs')
    os.makedirs(logs, exist_ok=True)
    previous = None
    if os.path.exists(a.out):
        with open(a.out) as f:
            previous = json.load(f)
    runs, ok = {}, True
    for name in selected_runs(a.systems):
        septum, native = run_system(a, name, logs)
        runs[name] = (septum, native)
        ok = ok and not septum.problems and not (native and native.problems)
    # The figures, in METRICS order: each from the runs of its system (a
    # figure that needs no QEMU run would be computed in this loop too).
    figures = []
    for m in METRICS:
        if m['system'] not in runs:
            continue
        fig = figure(m, *runs[m['system']])
        why = sane(m, fig)
        print(f'TEST bench.{m["name"]} {"FAIL" if why else "PASS"}')
        if why:
            print(f'bench: {m["name"]}: {why}: {fig}')
            ok = False
        if fig:
            figures.append(fig)
    static, problems = static_figures(a, logs)
    linux, more = bench_linux.figures(a, a.quick, logs)
    for p in problems + more:
        print(f'bench: {p}')
    print(f'TEST bench.linux {"FAIL" if more else "PASS"}')
    for f in static + linux:
        why = '' if 0 < f['septum'] else 'not positive'
        print(f'TEST bench.{f["metric"]} {"FAIL" if why else "PASS"}')
        ok = ok and not why
    ok = ok and not problems and not more
    figures += static + linux
    print()
    print_table(figures)
    print()
    print_bars(figures)
    print()
    print_text_areas(figures)
    print()
    for m in METRICS:
        if m['system'] in runs:
            print(f'  {m["name"]}: {m["what"]}')
    for name, what in STATIC_WHAT + bench_linux.WHAT:
        print(f'  {name}: {what}')
    print()
    if not ok:
        print(f'bench: FAILED; {a.out} left as it was')
        sys.exit(1)
    with open(a.out, 'w') as f:
        json.dump(figures, f, indent=2)
        f.write('\n')
    compare(previous, figures, a.out)
    print(f'bench: wrote {a.out}')
    # The quick run's few samples would make no useful picture.
    if not a.quick and not plot(runs, figures, out_dir):
        sys.exit(1)


if __name__ == '__main__':
    main()
