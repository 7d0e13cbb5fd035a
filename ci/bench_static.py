"""Figures of `make bench` that need no benchmark guest (docs/performance.md).

    boot_figures()   boot_to_first_cell, boot_to_all_cells, hv_ram_bytes,
                     hv_stage2_bytes: the demo system booted under icount,
                     read from the hypervisor's own log lines
    image_figures()  image_text_bytes, image_data_bytes, image_bss_bytes of
                     the release image (no partition table linked)
    text_areas()     image_text_<area>_bytes: the release image's code by
                     what it does (TEXT_AREAS), from its link map
    sloc_figure()    tcb_sloc: non-blank, non-comment lines of the C and
                     assembly files (headers included) under core/,
                     arch/arm64/ and drivers/ that the build compiled, as
                     the compiler's dependency files list them

Each returns results entries as ci/bench.py writes them: one sample, so min
= median = max = septum, and no native figure.  Used by ci/bench.py only.
Python 3 standard library only.
"""
import glob
import os
import re
import shlex
import subprocess
import threading

BOOT_RE = re.compile(r"cell (\S+): first instruction (\d+) ns after the "
                     r"hypervisor's entry")
MEMORY_RE = re.compile(r"memory: (\d+) KiB in use .*cells' stage-2 tables "
                       r"(\d+) KiB")
TCB_DIRS = ('core/', 'arch/arm64/', 'drivers/')
TEXT_SYMBOL_TYPES = 'tTwW'


def entry(metric, unit, value):
    return {'metric': metric, 'unit': unit, 'native': None, 'septum': value,
            'samples': 1, 'min': value, 'median': value, 'max': value}


def boot_figures(argv, cells, log, timeout):
    """Boot the image in argv (a QEMU command under icount) until every one
    of `cells` cells has logged its first instruction; (figures, problems)."""
    firsts, memory, problems = {}, None, []
    with open(log, 'w') as out:
        out.write('$ ' + ' '.join(shlex.quote(a) for a in argv) + '\n')
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        for raw in proc.stdout:
            text = raw.decode('utf-8', 'replace')
            out.write(text)
            m = BOOT_RE.search(text)
            if m:
                firsts[m.group(1)] = int(m.group(2))
            m = MEMORY_RE.search(text)
            if m:
                memory = (int(m.group(1)) * 1024, int(m.group(2)) * 1024)
            if len(firsts) == cells and memory:
                break
        proc.kill()
        proc.wait()
        timer.cancel()
    if len(firsts) != cells:
        problems.append(f'{len(firsts)} of {cells} cells logged their first '
                        f'instruction; log: {log}')
    if memory is None:
        problems.append(f'no "memory:" line; log: {log}')
    if problems:
        return [], problems
    return [entry('boot_to_first_cell', 'instructions', min(firsts.values())),
            entry('boot_to_all_cells', 'instructions', max(firsts.values())),
            entry('hv_ram_bytes', 'bytes', memory[0]),
            entry('hv_stage2_bytes', 'bytes', memory[1])], []


def symbols(nm, elf):
    """{name: (address, size, type)} of the image's symbols."""
    out = subprocess.check_output([nm, '-S', elf]).decode()
    syms = {}
    for line in out.splitlines():
        f = line.split()
        if len(f) == 4:
            syms[f[3]] = (int(f[0], 16), int(f[1], 16), f[2])
        elif len(f) == 3:
            syms[f[2]] = (int(f[0], 16), 0, f[1])
    return syms


def image_figures(nm, elf):
    """Code, data and bss of the image, without the linker's page padding:
    text from the image start to the end of its last function; data is
    rodata and data; bss is everything zeroed or reserved (stacks of every
    CPU the build supports, the page-table pool)."""
    syms = symbols(nm, elf)
    start = syms['__text_start'][0]
    code_end = max(a + s for a, s, t in syms.values()
                   if t in TEXT_SYMBOL_TYPES and a < syms['__text_end'][0])
    data = syms['__bss_start'][0] - syms['__rodata_start'][0]
    blob = syms['config_blob_end'][0] - syms['config_blob'][0]
    return [entry('image_text_bytes', 'bytes', code_end - start),
            entry('image_data_bytes', 'bytes', data - blob),
            entry('image_bss_bytes', 'bytes',
                  syms['__image_end'][0] - syms['__bss_start'][0])]


# What the image's code does, by source file (the first area whose prefix
# a file's path starts with); a file no prefix names is in 'other'.
TEXT_AREAS = [
    ('vgic', 'the virtual GIC and the GIC drivers',
     ['arch/arm64/vgic', 'arch/arm64/gic']),
    ('exits', 'exception vectors, exits, trap and abort decoding, the '
     'stage-1 walk of the inject policy',
     ['arch/arm64/vectors', 'arch/arm64/exit',
      'arch/arm64/trap', 'arch/arm64/abort', 'arch/arm64/s1walk',
      'arch/arm64/irq', 'arch/arm64/timer', 'core/vm', 'core/irq']),
    ('aarch32', 'AArch32 cells: their system-register traps',
     ['arch/arm64/aarch32']),
    ('memory', "page tables, the hypervisor's memory, cache colouring",
     ['arch/arm64/mmu', 'arch/arm64/pgtable', 'arch/arm64/vm',
      'core/hypmem', 'core/hypcolour', 'core/ram']),
    ('smmu_pci', 'the SMMU, passed-through PCI functions and the virtual '
     'PCI host', ['arch/arm64/smmu', 'core/vdev/pci_']),
    ('devices', 'virtual UARTs, channels, the console mux, UART drivers',
     ['core/vdev', 'core/mux', 'core/console', 'core/channel',
      'drivers/uart']),
    ('firmware', 'PSCI, SMCCC, spin tables, power-off',
     ['arch/arm64/psci', 'arch/arm64/smccc', 'arch/arm64/spintable',
      'drivers/power']),
    ('boot', 'boot, the partition table, cells, CPUs, entropy',
     ['arch/arm64/head', 'arch/arm64/boot', 'arch/arm64/cpu',
      'arch/arm64/crc32', 'arch/dt/', 'core/main', 'core/smp', 'core/cell',
      'core/blob', 'core/config', 'core/entropy', 'core/selftest', 'gen/']),
    ('runtime', 'printing, logging, panics, locks, string functions',
     ['core/fmt', 'core/log', 'core/panic', 'core/error', 'core/spinlock',
      'arch/arm64/string']),
]
MAP_INPUT = re.compile(r'^ (\.text\S*)?\s+0x[0-9a-f]+\s+0x([0-9a-f]+)\s+(\S+\.o)$')


def text_areas(link_map):
    """image_text_<area>_bytes of the release image, from its GNU ld link
    map: the code sections each object put into the image (those the
    linker dropped are not in it), in TEXT_AREAS order.  The alignment
    padding between them (*fill*) is in no area."""
    sizes = {}
    named = False  # the line before named a code section, alone
    with open(link_map) as f:
        lines = f.read().split('Linker script and memory map', 1)[1]
    for line in lines.splitlines():
        m = MAP_INPUT.match(line)
        if line.startswith(' .text') and not m:
            named = True  # a long name: its numbers on the next line
            continue
        if m and (m.group(1) or named):
            obj = m.group(3)
            rel = obj.split('/', 2)[2] if obj.startswith('build/') else obj
            area = next((a for a, _, prefixes in TEXT_AREAS
                         if rel.startswith(tuple(prefixes))), 'other')
            sizes[area] = sizes.get(area, 0) + int(m.group(2), 16)
        named = False
    names = [a for a, _, _ in TEXT_AREAS] + \
        (['other'] if 'other' in sizes else [])
    return [entry(f'image_text_{a}_bytes', 'bytes', sizes.get(a, 0))
            for a in names]


def code_lines(path):
    """Non-blank lines once /* */ and // comments are taken out."""
    with open(path, errors='replace') as f:
        text = f.read()
    text = re.sub(r'/\*.*?\*/', lambda m: '\n' * m.group(0).count('\n'),
                  text, flags=re.S)
    text = re.sub(r'//[^\n]*', '', text)
    return sum(1 for line in text.splitlines() if line.strip())


def tcb_files(obj_dir):
    """The TCB's sources and headers the build used (from the .d files)."""
    files = set()
    for dep in glob.glob(os.path.join(obj_dir, '**', '*.d'), recursive=True):
        rel = os.path.relpath(dep, obj_dir)
        if not rel.startswith(TCB_DIRS) or '/tests/' in rel:
            continue
        with open(dep) as f:
            words = f.read().replace('\\\n', ' ').split()
        for w in words:
            w = os.path.normpath(w.rstrip(':'))
            if w.startswith(TCB_DIRS) and '/tests/' not in w and \
                    os.path.isfile(w):
                files.add(w)
    return sorted(files)


def sloc_figure(obj_dir):
    files = tcb_files(obj_dir)
    if not files:
        return [], [f'no dependency files under {obj_dir}: build first']
    return [entry('tcb_sloc', 'lines', sum(code_lines(f) for f in files))], []
