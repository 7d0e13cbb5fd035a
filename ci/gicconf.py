#!/usr/bin/env python3
"""Compare the GIC a Septum cell sees with the hardware's, key by key.

    ci/gicconf.py --qemu 'QEMU COMMAND' --hyp-dir DIR --hyp-dir-gicv2 DIR
                  --guest ELF --allow FILE --logs DIR VARIANT...

The conformance guest (partitions/tests/gicconf/) runs twice per VARIANT on
the same QEMU machine, under -icount (so both runs are repeatable): natively
(the guest's ELF alone at EL1, `virtualization=off`, owning the real GIC)
and in a Septum cell (HYP_DIR/gicconf/<system>/septum.elf, or the GICv2
board's build in HYP_DIR_GICV2).  Each run prints result lines

    GICCONF <key> <value...>

(after a "[cell] " tag in the cell) and its own sanity as TEST lines.  This
script prints, for ci/step:

    TEST gicconf-<variant>.run.native|cell PASS|FAIL
        the run ended by itself, printed its end, and every sanity line of
        the guest passed (those are re-emitted as
        TEST gicconf-<variant>.guest.<mode>.<name>);
    TEST gicconf-<variant>.<key> PASS|FAIL
        for every key either run printed: FAIL when the values differ (both
        are shown) or one run lacks the key, unless FILE allows that
        difference for that variant, with an architectural reason.

FILE holds one entry a line: `KEY-GLOB VARIANT-GLOB REASON...` (fnmatch
globs; `#` starts a comment).  An entry that allows nothing in a run is
reported, so the list does not keep stale entries unnoticed.  Exits 1 when
anything failed.  Python 3 standard library only.
"""
import argparse
import fnmatch
import os
import re
import shlex
import subprocess
import sys
import threading
import time

# How to run each variant: GIC version, the system folder under
# partitions/tests/gicconf/, QEMU's -smp natively and for the cell (a cell on
# board CPUs 0 and 2 needs three CPUs in the machine; natively the guest
# sees the two CPUs it has in the cell), and a wall-clock limit per run.
VARIANTS = {
    'gicv3-1cpu': dict(gic=3, system='1cpu', native_cpus=1, cell_cpus=1),
    'gicv3-3cpu': dict(gic=3, system='3cpu', native_cpus=3, cell_cpus=3),
    'gicv3-noncontig': dict(gic=3, system='noncontig', native_cpus=2,
                            cell_cpus=3),
    'gicv2-1cpu': dict(gic=2, system='1cpu', native_cpus=1, cell_cpus=1),
    'gicv2-3cpu': dict(gic=2, system='3cpu', native_cpus=3, cell_cpus=3),
    'gicv2-noncontig': dict(gic=2, system='noncontig', native_cpus=2,
                            cell_cpus=3),
}
TIMEOUT = 300
ICOUNT = ['-icount', 'shift=0,align=off,sleep=off']
COUNTER_HZ = 1000000000
TAG_RE = re.compile(r'^\[[\w-]+\] ')
RESULT_RE = re.compile(r'^GICCONF (\S+) (.*)$')
TEST_RE = re.compile(r'^TEST ([\w.:-]+) (PASS|FAIL)\s*$')
END_LINE = 'gicconf: end'


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--qemu', required=True,
                   help="the board's QEMU command (with virtualization=on)")
    p.add_argument('--hyp-dir', required=True,
                   help='where gicconf/<system>/septum.elf are (GICv3)')
    p.add_argument('--hyp-dir-gicv2',
                   help="the same for the GICv2 board's build")
    p.add_argument('--guest', required=True,
                   help="the guest's ELF (the native run)")
    p.add_argument('--allow', required=True,
                   help='the allowed differences file')
    p.add_argument('--logs', required=True, help='where the consoles go')
    p.add_argument('--timeout', type=float, default=TIMEOUT,
                   help='wall-clock seconds a run may take')
    p.add_argument('variants', nargs='+', metavar='VARIANT',
                   choices=sorted(VARIANTS))
    a = p.parse_args()
    if any(VARIANTS[v]['gic'] == 2 for v in a.variants) and \
            not a.hyp_dir_gicv2:
        p.error('a GICv2 variant needs --hyp-dir-gicv2')
    return a


def option_value(argv, option):
    """Index of the value of `option` in argv (None if absent)."""
    for i, arg in enumerate(argv[:-1]):
        if arg == option:
            return i + 1
    return None


def qemu_command(base, image, cpus, native, gic):
    """The board's QEMU command for `image`: GIC version, CPUs, icount."""
    argv = shlex.split(base)
    m = option_value(argv, '-M')
    if m is None or 'virtualization=on' not in argv[m]:
        sys.exit('gicconf: the QEMU command needs -M ...,virtualization=on')
    if native:
        argv[m] = argv[m].replace('virtualization=on', 'virtualization=off')
    machine = re.sub(r',gic-version=\w+', '', argv[m])
    argv[m] = f'{machine},gic-version={gic}'
    smp = option_value(argv, '-smp')
    if smp is None:
        argv += ['-smp', str(cpus)]
    else:
        argv[smp] = str(cpus)
    cpu = option_value(argv, '-cpu')
    cpu_type = argv[cpu] if cpu is not None else 'cortex-a53'
    return argv + ICOUNT + [
        '-global', f'{cpu_type}-arm-cpu.cntfrq={COUNTER_HZ}',
        '-kernel', image]


def run_qemu(argv, timeout, log_path, line):
    """Run argv (a QEMU command) into log_path, handing each output line to
    line(); kill it after `timeout` wall-clock seconds.  Returns (exit
    status, whether it was killed, seconds taken)."""
    start = time.monotonic()
    with open(log_path, 'w') as log:
        log.write('$ ' + ' '.join(shlex.quote(a) for a in argv) + '\n')
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        for raw in proc.stdout:
            text = raw.decode('utf-8', 'replace')
            log.write(text)
            line(text.rstrip('\n'))
        rc = proc.wait()
        timed_out = not timer.is_alive()
        timer.cancel()
    return rc, timed_out, time.monotonic() - start


class Run:
    """One QEMU run of the guest and what it printed."""

    def __init__(self, mode, argv, timeout, log):
        self.mode, self.argv, self.timeout, self.log = mode, argv, timeout, log
        self.results = {}       # key -> value, in print order
        self.tests = []         # (name, verdict) of the guest's own
        self.problems = []
        self.ended = False

    def line(self, text):
        text = TAG_RE.sub('', text.rstrip('\r'))
        m = RESULT_RE.match(text)
        if m:
            key, value = m.group(1), m.group(2).strip()
            if key in self.results:
                self.problems.append(f'key {key} printed twice')
            self.results[key] = value
            return
        m = TEST_RE.match(text)
        if m:
            self.tests.append((m.group(1), m.group(2)))
        elif text.strip() == END_LINE:
            self.ended = True

    def run(self):
        rc, timed_out, self.seconds = run_qemu(self.argv, self.timeout,
                                               self.log, self.line)
        if timed_out:
            self.problems.append(f'killed after {self.timeout} s')
        elif rc != 0:
            self.problems.append(f'QEMU exit status {rc}')
        if not self.ended:
            self.problems.append(f'no "{END_LINE}" line')
        for name, verdict in self.tests:
            if verdict != 'PASS':
                self.problems.append(f'the guest says {name} {verdict}')
        if not self.results:
            self.problems.append('no GICCONF lines')


class Allow:
    """The allowed differences: (key glob, variant glob, reason, line)."""

    def __init__(self, path):
        self.path = path
        self.entries = []
        with open(path) as f:
            for n, raw in enumerate(f, 1):
                text = raw.split('#', 1)[0].strip()
                if not text:
                    continue
                words = text.split(None, 2)
                if len(words) < 3:
                    sys.exit(f'{path}:{n}: want KEY-GLOB VARIANT-GLOB REASON')
                self.entries.append((words[0], words[1], words[2], n))
        self.used = set()

    def reason(self, variant, key):
        """Why `key` may differ in `variant` (None: it may not)."""
        for k, v, why, n in self.entries:
            if fnmatch.fnmatchcase(key, k) and fnmatch.fnmatchcase(variant, v):
                self.used.add(n)
                return why
        return None


def show(v):
    return '<missing>' if v is None else v


def compare(variant, native, cell, allow):
    """TEST lines for every key; the differences as (key, n, c, reason)."""
    keys = list(native.results)
    keys += [k for k in cell.results if k not in native.results]
    diffs = []
    for key in keys:
        n, c = native.results.get(key), cell.results.get(key)
        name = f'gicconf-{variant}.{key}'
        if n == c:
            print(f'TEST {name} PASS')
            continue
        why = allow.reason(variant, key)
        diffs.append((key, n, c, why))
        if why:
            print(f'gicconf: {variant}: {key}: allowed difference: native '
                  f'{show(n)}, cell {show(c)} ({why})')
            print(f'TEST {name} PASS')
        else:
            print(f'gicconf: {variant}: {key}: native {show(n)}, cell '
                  f'{show(c)}')
            print(f'TEST {name} FAIL')
    return keys, diffs


def run_variant(a, variant, allow):
    """Both runs of a variant and their comparison; True if all passed."""
    v = VARIANTS[variant]
    hyp_dir = a.hyp_dir_gicv2 if v['gic'] == 2 else a.hyp_dir
    cell_image = os.path.join(hyp_dir, 'gicconf', v['system'], 'septum.elf')
    runs = {}
    ok = True
    for mode, image, cpus in (('native', a.guest, v['native_cpus']),
                              ('cell', cell_image, v['cell_cpus'])):
        argv = qemu_command(a.qemu, image, cpus, mode == 'native', v['gic'])
        r = Run(mode, argv, a.timeout,
                os.path.join(a.logs, f'gicconf-{variant}.{mode}.console'))
        r.run()
        print(f'gicconf: {variant} {mode}: {r.seconds:.1f} s wall clock, '
              f'{len(r.results)} results; log: {r.log}')
        for p in r.problems:
            print(f'gicconf: {variant} {mode}: {p}')
        for name, verdict in r.tests:
            print(f'TEST gicconf-{variant}.guest.{mode}.{name} {verdict}')
        print(f'TEST gicconf-{variant}.run.{mode} '
              f'{"FAIL" if r.problems else "PASS"}')
        ok = ok and not r.problems
        runs[mode] = r
    keys, diffs = compare(variant, runs['native'], runs['cell'], allow)
    failed = [d for d in diffs if not d[3]]
    print(f'gicconf: {variant}: {len(keys)} keys, '
          f'{len(keys) - len(diffs)} equal, '
          f'{len(diffs) - len(failed)} allowed differences, '
          f'{len(failed)} differences')
    if failed:
        print(f'gicconf: {variant}: the differences (key: native | cell):')
        for key, n, c, _ in failed:
            print(f'  {key}: {show(n)} | {show(c)}')
    return ok and not failed


def main():
    a = parse_args()
    os.makedirs(a.logs, exist_ok=True)
    allow = Allow(a.allow)
    ok = True
    for variant in a.variants:
        ok = run_variant(a, variant, allow) and ok
    for k, v, _, n in allow.entries:
        if n not in allow.used and any(fnmatch.fnmatchcase(x, v)
                                       for x in a.variants):
            print(f'gicconf: {allow.path}:{n}: {k} ({v}) allowed no '
                  f'difference in this run')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
