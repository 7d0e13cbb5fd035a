#!/usr/bin/env python3
"""Run one QEMU system test and report it as TEST lines.

    ci/runner.py --name NAME [options] -- qemu-system-aarch64 ...

Boots the command, reads its serial console line by line, and collects the
structured lines a test guest prints:

    TEST <suite>.<name> PASS|FAIL           (optionally after a "[cell] " tag)
    <N> passed, <M> failed                  (a guest's closing line)

It stops the machine when it exits by itself (PSCI SYSTEM_OFF or semihosting
SYS_EXIT), or kills it when a timeout expires: a hang is a failure, never a
stall.  Its own verdicts are TEST lines too, named NAME:runner.<check>; the
guest's are re-emitted as NAME:<suite>.<name>, so ci/step records them all.
The full console output goes to --log.  Python 3 standard library only.
"""
import argparse
import os
import re
import selectors
import subprocess
import sys
import time

TEST_RE = re.compile(r'^(?:\[([\w-]+)\] )?TEST ([\w.:-]+) (PASS|FAIL)\s*$')
SUMMARY_RE = re.compile(r'^(?:\[([\w-]+)\] )?(\d+) passed, (\d+) failed\s*$')


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--name', required=True, help='test name prefix')
    p.add_argument('--timeout', type=float, default=120,
                   help='seconds for the whole run')
    p.add_argument('--test-timeout', type=float, default=60,
                   help='seconds allowed between two TEST lines (and before '
                        'the first)')
    p.add_argument('--expect-exit', type=int, default=0,
                   help='exit status the machine must end with')
    p.add_argument('--expect', action='append', default=[],
                   metavar='LABEL=REGEX',
                   help='a console line must match REGEX (check LABEL)')
    p.add_argument('--reject', action='append', default=[],
                   metavar='LABEL=REGEX',
                   help='no console line may match REGEX (check LABEL)')
    p.add_argument('--send', action='append', default=[],
                   metavar='REGEX=>TEXT',
                   help='once a line matches REGEX, type TEXT (Python escapes '
                        'such as \\r and \\x1d allowed); sends go in order')
    p.add_argument('--seq', action='append', default=[], metavar='TAG:COUNT',
                   help="cell TAG must print 'seq N <payload>' for N = 0.."
                        'COUNT-1 in order, each line whole (see seq_payload)')
    p.add_argument('--heartbeat', action='append', default=[],
                   metavar='TAG=REGEX',
                   help="cell TAG's lines matching REGEX (group 1 a number) "
                        'must count up by one each, begin before the first '
                        "TEST line of any other cell and go on after the "
                        'last: the cell was never stopped, restarted or '
                        'silenced while the others ran their tests')
    p.add_argument('--until', metavar='REGEX',
                   help='stop the machine once a console line matches (for '
                        'images that run forever); its exit status is then '
                        'not checked')
    p.add_argument('--summary', action='store_true',
                   help="require the guest's 'N passed, M failed' line, with "
                        'M = 0 and N = the TEST lines seen')
    p.add_argument('--log', help='file for the whole console output')
    p.add_argument('cmd', nargs=argparse.REMAINDER)
    a = p.parse_args()
    if a.cmd and a.cmd[0] == '--':
        a.cmd = a.cmd[1:]
    if not a.cmd:
        p.error('no command given after --')
    return a


def seq_payload(n):
    """The text a flood test guest prints after 'seq N ' (its C twin is in
    partitions/tests/console/console.c): eight copies of a 32-bit hash of N."""
    return format((n * 2654435761) & 0xffffffff, '08x') * 8


def labelled(items, what):
    out = []
    for item in items:
        label, sep, regex = item.partition('=')
        if not sep:
            sys.exit(f'runner: {what} needs LABEL=REGEX, got {item!r}')
        out.append([label, re.compile(regex), False])
    return out


class Run:
    def __init__(self, args):
        self.args = args
        self.tests = []          # (name, verdict) from the guest
        self.test_tags = []      # the console tag of each test (or None)
        self.summaries = {}      # tag -> (passed, failed) closing lines
        self.expects = labelled(args.expect, '--expect')
        self.rejects = labelled(args.reject, '--reject')
        self.sends = []
        for item in args.send:
            regex, sep, text = item.partition('=>')
            if not sep:
                sys.exit(f'runner: --send needs REGEX=>TEXT, got {item!r}')
            text = text.encode('latin-1').decode('unicode_escape')
            self.sends.append((re.compile(regex), text.encode('latin-1')))
        self.sent = 0
        self.proc = None
        self.seqs = {}
        for item in args.seq:
            tag, _, count = item.partition(':')
            self.seqs[tag] = {'count': int(count), 'next': 0, 'bad': []}
        self.beats = {}
        for item in args.heartbeat:
            tag, sep, regex = item.partition('=')
            if not sep:
                sys.exit(f'runner: --heartbeat needs TAG=REGEX, got {item!r}')
            self.beats[tag] = {'re': re.compile(regex), 'first': None,
                               'last': None, 'next': None, 'count': 0,
                               'bad': []}
        self.nlines = 0
        self.test_span = {}      # tag -> [first, last] line of its TESTs
        self.until = re.compile(args.until) if args.until else None
        self.until_seen = False
        self.timed_out = None
        self.rc = None

    def line(self, text):
        self.nlines += 1
        m = TEST_RE.match(text)
        if m:
            tag, name, verdict = m.groups()
            span = self.test_span.setdefault(tag, [self.nlines, 0])
            span[1] = self.nlines
            tag = tag if tag != 'septum' else None
            if tag:
                name = f'{tag}.{name}'
            self.tests.append((name, verdict))
            self.test_tags.append(tag)
        m = SUMMARY_RE.match(text)
        if m:
            tag = m.group(1) if m.group(1) != 'septum' else None
            self.summaries[tag] = (int(m.group(2)), int(m.group(3)))
        for e in self.expects + self.rejects:
            if not e[2] and e[1].search(text):
                e[2] = True
        self.check_seq(text)
        self.check_beat(text)
        self.maybe_send(text)

    def maybe_send(self, text):
        """Type the next input if `text` (a line, or a prompt still
        waiting for its newline) is what it waits for."""
        if self.sent < len(self.sends) and self.sends[self.sent][0].search(text):
            self.proc.stdin.write(self.sends[self.sent][1])
            self.proc.stdin.flush()
            self.sent += 1
        if self.until and self.until.search(text):
            self.until_seen = True

    def check_seq(self, text):
        m = re.match(r'^\[([\w-]+)\] seq (\d+) (\S*)\s*$', text)
        s = self.seqs.get(m.group(1)) if m else None
        if not s:
            return
        n = int(m.group(2))
        if n != s['next'] or m.group(3) != seq_payload(n):
            s['bad'].append(text)
        s['next'] = n + 1

    def check_beat(self, text):
        m = re.match(r'^\[([\w-]+)\] (.*)$', text)
        b = self.beats.get(m.group(1)) if m else None
        n = b['re'].search(m.group(2)) if b else None
        if not n:
            return
        beat = int(n.group(1))
        if b['next'] is not None and beat != b['next']:
            b['bad'].append(text)
        b['next'] = beat + 1
        b['count'] += 1
        b['first'] = b['first'] or self.nlines
        b['last'] = self.nlines

    def heartbeat_ok(self, tag):
        """Tag's beats were contiguous and spanned every TEST line the
        other cells printed."""
        b = self.beats[tag]
        others = [s for t, s in self.test_span.items() if t != tag]
        return (not b['bad'] and b['count'] >= 2 and bool(others) and
                b['first'] < min(s[0] for s in others) and
                b['last'] > max(s[1] for s in others))

    def run(self):
        a = self.args
        log = open(a.log, 'w') if a.log else open(os.devnull, 'w')
        proc = subprocess.Popen(a.cmd, stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        self.proc = proc
        sel = selectors.DefaultSelector()
        sel.register(proc.stdout, selectors.EVENT_READ)
        start = last_test = time.monotonic()
        buf = b''
        while True:
            now = time.monotonic()
            if now - start > a.timeout:
                self.timed_out = f'the run exceeded {a.timeout:g} s'
            elif now - last_test > a.test_timeout:
                self.timed_out = (f'no TEST line for {a.test_timeout:g} s '
                                  f'(after {len(self.tests)} tests)')
            if self.timed_out:
                proc.kill()
                break
            if not sel.select(timeout=0.2):
                # Quiet: a prompt may be waiting at the end of the output.
                if buf:
                    self.maybe_send(buf.decode('utf-8', 'replace'))
                continue
            chunk = os.read(proc.stdout.fileno(), 65536)
            if not chunk:
                break
            buf += chunk
            *lines, buf = buf.split(b'\n')
            for raw in lines:
                text = raw.decode('utf-8', 'replace').rstrip('\r')
                log.write(text + '\n')
                n = len(self.tests)
                self.line(text)
                if len(self.tests) != n:
                    last_test = time.monotonic()
            if self.until_seen:
                proc.kill()
                break
        if buf:
            text = buf.decode('utf-8', 'replace').rstrip('\r')
            log.write(text + '\n')
            self.line(text)
        self.rc = proc.wait()
        log.close()

    def summary_ok(self):
        """Every guest (console tag) closed with 'N passed, 0 failed', N
        being the TEST lines it printed, and every guest that printed tests
        closed."""
        per_tag = {}
        for tag in self.test_tags:
            per_tag[tag] = per_tag.get(tag, 0) + 1
        if not self.summaries or set(per_tag) - set(self.summaries):
            return False
        return all(failed == 0 and passed == per_tag.get(tag, 0)
                   for tag, (passed, failed) in self.summaries.items())

    def report(self):
        a = self.args
        results = [(f'{a.name}:{n}', v == 'PASS') for n, v in self.tests]
        seen = {}
        for n, _ in self.tests:
            seen[n] = seen.get(n, 0) + 1
        dups = sorted(n for n, c in seen.items() if c > 1)
        results.append((f'{a.name}:runner.no_duplicate_tests', not dups))
        if self.timed_out:
            results.append((f'{a.name}:runner.timeout', False))
        elif self.until:
            results.append((f'{a.name}:runner.until', self.until_seen))
        else:
            results.append((f'{a.name}:runner.exit_status',
                            self.rc == a.expect_exit))
        for label, _, found in self.expects:
            results.append((f'{a.name}:runner.expect.{label}', found))
        for label, _, found in self.rejects:
            results.append((f'{a.name}:runner.reject.{label}', not found))
        if self.sends:
            results.append((f'{a.name}:runner.all_input_sent',
                            self.sent == len(self.sends)))
        for tag, s in self.seqs.items():
            results.append((f'{a.name}:runner.seq.{tag}',
                            not s['bad'] and s['next'] == s['count']))
        for tag in self.beats:
            results.append((f'{a.name}:runner.heartbeat.{tag}',
                            self.heartbeat_ok(tag)))
        if a.summary:
            results.append((f'{a.name}:runner.summary', self.summary_ok()))
        for name, ok in results:
            print(f'TEST {name} {"PASS" if ok else "FAIL"}')
        if self.timed_out:
            print(f'runner: {a.name}: killed: {self.timed_out}')
        elif self.until and not self.until_seen:
            print(f'runner: {a.name}: ended before a line matched '
                  f'{self.until.pattern}')
        elif not self.until and self.rc != a.expect_exit:
            print(f'runner: {a.name}: exit status {self.rc}, '
                  f'expected {a.expect_exit}')
        for label, regex, found in self.expects:
            if not found:
                print(f'runner: {a.name}: no line matched {label}: '
                      f'{regex.pattern}')
        if dups:
            print(f'runner: {a.name}: tests reported twice: {", ".join(dups)}')
        for label, regex, found in self.rejects:
            if found:
                print(f'runner: {a.name}: a line matched {label}: '
                      f'{regex.pattern}')
        if self.sent < len(self.sends):
            print(f'runner: {a.name}: input {self.sent} never sent: no line '
                  f'matched {self.sends[self.sent][0].pattern}')
        for tag, s in self.seqs.items():
            if s['bad'] or s['next'] != s['count']:
                print(f'runner: {a.name}: [{tag}] sequence: {s["next"]} of '
                      f'{s["count"]} lines, first broken: '
                      f'{s["bad"][:1]}')
        for tag, b in self.beats.items():
            if not self.heartbeat_ok(tag):
                print(f'runner: {a.name}: [{tag}] heartbeat: {b["count"]} '
                      f'beats on lines {b["first"]}-{b["last"]}, other '
                      f'cells\' TEST lines on {self.test_span}, first '
                      f'break: {b["bad"][:1]}')
        if a.summary and not self.summary_ok():
            print(f'runner: {a.name}: closing lines {self.summaries}, '
                  f'{len(self.tests)} TEST lines seen')
        return all(ok for _, ok in results)


def main():
    r = Run(parse_args())
    r.run()
    sys.exit(0 if r.report() else 1)


if __name__ == '__main__':
    main()
