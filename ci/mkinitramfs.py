#!/usr/bin/env python3
"""Write a Linux initramfs (cpio "newc") without root privileges.

    ci/mkinitramfs.py OUT.cpio ENTRY...

ENTRY is one of:
    dir:/path                   a directory (0755)
    file:/path=SOURCE[:MODE]    a file copied from SOURCE (mode in octal, 0755)
    link:/path=TARGET           a symbolic link
    nod:/path=c:MAJOR:MINOR     a character device node (0600)

Device nodes are written into the archive directly, so /dev/console exists
for the kernel to open before the first program runs, with no mknod needed.
"""
import stat
import sys


def header(ino, mode, size, name, rdev=(0, 0)):
    fields = [ino, mode, 0, 0, 1, 0, size, 0, 0, rdev[0], rdev[1],
              len(name) + 1, 0]
    return b'070701' + b''.join(b'%08X' % f for f in fields)


def pad4(n):
    return b'\0' * (-n % 4)


def entry(ino, mode, name, data=b'', rdev=(0, 0)):
    name_b = name.lstrip('/').encode()
    head = header(ino, mode, len(data), name_b, rdev) + name_b + b'\0'
    return head + pad4(len(head)) + data + pad4(len(data))


def parse(spec):
    kind, _, rest = spec.partition(':')
    path, _, arg = rest.partition('=')
    if kind == 'dir':
        return stat.S_IFDIR | 0o755, path, b'', (0, 0)
    if kind == 'file':
        src, _, mode = arg.partition(':')
        with open(src, 'rb') as f:
            data = f.read()
        return stat.S_IFREG | int(mode or '755', 8), path, data, (0, 0)
    if kind == 'link':
        return stat.S_IFLNK | 0o777, path, arg.encode(), (0, 0)
    if kind == 'nod':
        _, major, minor = arg.split(':')
        return stat.S_IFCHR | 0o600, path, b'', (int(major), int(minor))
    sys.exit(f'mkinitramfs: unknown entry {spec!r}')


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out = b''
    for ino, spec in enumerate(sys.argv[2:], start=1):
        mode, path, data, rdev = parse(spec)
        out += entry(ino, mode, path, data, rdev)
    out += entry(0, 0, 'TRAILER!!!')
    with open(sys.argv[1], 'wb') as f:
        f.write(out)


if __name__ == '__main__':
    main()
