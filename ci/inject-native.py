#!/usr/bin/env python3
"""Compare the aborts an `inject` cell takes with the hardware's, line by line.

    ci/inject-native.py --qemu 'QEMU COMMAND' --hyp-dir DIR
                        --hyp-dir-gicv2 DIR --guest ELF --allow FILE
                        --logs DIR VARIANT...

The prober of partitions/tests/inject/ runs twice per VARIANT (gicv3,
gicv2) on the same QEMU machine: natively (its ELF alone at EL1,
`virtualization=off`, 128 MiB of RAM so that the addresses it probes past
the cell's RAM are past the machine's too) and in its cell
(HYP_DIR/inject/septum.elf, or the GICv2 board's build in HYP_DIR_GICV2),
where Septum's `inject` policy delivers each access outside the cell's map
as an abort.  Each run prints, for every probe,

    ABORT <probe> <ESR, FAR and ELR the guest's handler saw, or none>

(after a "[prober] " tag in the cell).  This script prints, for ci/step:

    TEST inject-native-<variant>.run.native|cell PASS|FAIL
        the run ended by itself with exit status 0, its guests closed with
        "N passed, 0 failed" and every TEST line passed (those are
        re-emitted as TEST inject-native-<variant>.guest.<mode>.<name>);
    TEST inject-native-<variant>.<probe> PASS|FAIL
        for every probe either run printed: FAIL when the lines differ
        (both are shown) or one run lacks the probe, unless FILE allows the
        difference for that variant, with an architectural reason.

FILE has the format of ci/gicconf.py's.  Exits 1 when anything failed.
Python 3 standard library only.
"""
import argparse
import fnmatch
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gicconf  # noqa: E402  (the QEMU command and the allowed differences)

VARIANTS = {'gicv3': 3, 'gicv2': 2}
NATIVE_RAM = '128M'
NATIVE_CPUS = 1
CELL_CPUS = 4       # the board's: the prober on CPU 0, steady on CPU 1
TIMEOUT = 300
TAG_RE = re.compile(r'^\[([\w-]+)\] ')
ABORT_RE = re.compile(r'^ABORT (\S+) (.*)$')
TEST_RE = re.compile(r'^TEST ([\w.:-]+) (PASS|FAIL)\s*$')
SUMMARY_RE = re.compile(r'^(\d+) passed, (\d+) failed\s*$')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--qemu', required=True,
                   help="the board's QEMU command (with virtualization=on)")
    p.add_argument('--hyp-dir', required=True,
                   help='where inject/septum.elf is (GICv3)')
    p.add_argument('--hyp-dir-gicv2', help="the same for the GICv2 board")
    p.add_argument('--guest', required=True,
                   help="the prober's ELF (the native run)")
    p.add_argument('--allow', required=True,
                   help='the allowed differences file')
    p.add_argument('--logs', required=True, help='where the consoles go')
    p.add_argument('--timeout', type=float, default=TIMEOUT,
                   help='wall-clock seconds a run may take')
    p.add_argument('variants', nargs='+', metavar='VARIANT',
                   choices=sorted(VARIANTS))
    a = p.parse_args()
    if 'gicv2' in a.variants and not a.hyp_dir_gicv2:
        p.error('the gicv2 variant needs --hyp-dir-gicv2')
    return a


class Run:
    """One QEMU run and the ABORT, TEST and closing lines it printed."""

    def __init__(self, mode, argv, timeout, log):
        self.mode, self.argv, self.timeout, self.log = mode, argv, timeout, log
        self.aborts = {}        # probe -> the rest of its line
        self.tests = []         # (name, verdict)
        self.summaries = []     # (tag, passed, failed)
        self.problems = []

    def line(self, text):
        m = TAG_RE.match(text)
        tag = m.group(1) if m else None
        text = TAG_RE.sub('', text)
        m = ABORT_RE.match(text)
        if m and tag in (None, 'prober'):
            if m.group(1) in self.aborts:
                self.problems.append(f'probe {m.group(1)} printed twice')
            self.aborts[m.group(1)] = m.group(2).strip()
            return
        m = TEST_RE.match(text)
        if m:
            self.tests.append((m.group(1), m.group(2)))
            return
        m = SUMMARY_RE.match(text)
        if m and tag != 'septum':
            self.summaries.append((tag, int(m.group(1)), int(m.group(2))))

    def run(self):
        rc, timed_out, self.seconds = gicconf.run_qemu(
            self.argv, self.timeout, self.log,
            lambda text: self.line(text.rstrip('\r')))
        if timed_out:
            self.problems.append(f'killed after {self.timeout} s')
        elif rc != 0:
            self.problems.append(f'QEMU exit status {rc}')
        for name, verdict in self.tests:
            if verdict != 'PASS':
                self.problems.append(f'the guest says {name} {verdict}')
        if not self.summaries or any(
                failed for _, _, failed in self.summaries) or \
                sum(n for _, n, _ in self.summaries) != len(self.tests):
            self.problems.append(f'closing lines {self.summaries} for '
                                 f'{len(self.tests)} TEST lines')
        if not self.aborts:
            self.problems.append('no ABORT lines')


def command(base, image, native, gic):
    """gicconf's QEMU command; natively one CPU and 128 MiB of RAM."""
    argv = gicconf.qemu_command(base, image,
                                NATIVE_CPUS if native else CELL_CPUS,
                                native, gic)
    if native:
        m = gicconf.option_value(argv, '-m')
        if m is None:
            argv += ['-m', NATIVE_RAM]
        else:
            argv[m] = NATIVE_RAM
    return argv


def run_variant(a, variant, allow):
    """Both runs of a variant and their comparison; True if all passed."""
    gic = VARIANTS[variant]
    hyp_dir = a.hyp_dir_gicv2 if gic == 2 else a.hyp_dir
    name = f'inject-native-{variant}'
    runs = {}
    ok = True
    for mode, image in (('native', a.guest),
                        ('cell', os.path.join(hyp_dir, 'inject',
                                              'septum.elf'))):
        r = Run(mode, command(a.qemu, image, mode == 'native', gic),
                a.timeout, os.path.join(a.logs, f'{name}.{mode}.console'))
        r.run()
        print(f'inject-native: {variant} {mode}: {r.seconds:.1f} s wall '
              f'clock, {len(r.aborts)} probes; log: {r.log}')
        for p in r.problems:
            print(f'inject-native: {variant} {mode}: {p}')
        for test, verdict in r.tests:
            print(f'TEST {name}.guest.{mode}.{test} {verdict}')
        print(f'TEST {name}.run.{mode} {"FAIL" if r.problems else "PASS"}')
        ok = ok and not r.problems
        runs[mode] = r
    native, cell = runs['native'].aborts, runs['cell'].aborts
    probes = list(native) + [k for k in cell if k not in native]
    for probe in probes:
        n, c = native.get(probe), cell.get(probe)
        same = n == c
        why = None if same else allow.reason(variant, probe)
        if why:
            print(f'inject-native: {variant}: {probe}: allowed difference: '
                  f'native {gicconf.show(n)}, cell {gicconf.show(c)} ({why})')
        elif not same:
            print(f'inject-native: {variant}: {probe}: native '
                  f'{gicconf.show(n)}, cell {gicconf.show(c)}')
        print(f'TEST {name}.{probe} {"PASS" if same or why else "FAIL"}')
        ok = ok and (same or bool(why))
    return ok


def main():
    a = parse_args()
    os.makedirs(a.logs, exist_ok=True)
    allow = gicconf.Allow(a.allow)
    ok = True
    for variant in a.variants:
        ok = run_variant(a, variant, allow) and ok
    for k, v, _, n in allow.entries:
        if n not in allow.used and any(fnmatch.fnmatchcase(x, v)
                                       for x in a.variants):
            print(f'inject-native: {allow.path}:{n}: {k} ({v}) allowed no '
                  f'difference in this run')
    sys.exit(0 if ok else 1)


if __name__ == '__main__':
    main()
