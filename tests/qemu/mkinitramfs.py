#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Write a "newc" initramfs cpio archive, in pure Python (no cpio binary).

The input is a spec in the format of the kernel's usr/gen_init_cpio
(Documentation/driver-api/early-userspace/early_userspace_support.rst),
one entry per line, '#' starts a comment:

    file  <name> <location> <mode> <uid> <gid>
    dir   <name> <mode> <uid> <gid>
    nod   <name> <mode> <uid> <gid> <dev_type> <maj> <min>
    slink <name> <target> <mode> <uid> <gid>

<mode> is octal; <dev_type> is 'c' or 'b'.  Parent directories are not
created implicitly: list them first, as with gen_init_cpio.  The archive
is reproducible: mtimes are 0 and inode numbers follow the spec order.

Usage: mkinitramfs.py [-z] -o OUT SPEC   (SPEC '-' reads stdin)
"""

import argparse
import gzip
import stat
import sys

NEWC_MAGIC = b"070701"


class CpioWriter:
    """Appends newc records (header, name, data, each padded to 4 bytes)."""

    def __init__(self):
        self.buf = bytearray()
        self.ino = 300000  # arbitrary, unique per entry
        self.names = set()

    def _pad(self):
        self.buf += b"\0" * (-len(self.buf) % 4)

    def add(self, name, mode, uid=0, gid=0, data=b"", nlink=1,
            rmaj=0, rmin=0):
        name = name.lstrip("/") or "."
        if name in self.names:
            raise ValueError(f"duplicate entry '{name}'")
        self.names.add(name)
        self.ino += 1
        encoded = name.encode() + b"\0"
        fields = (self.ino, mode, uid, gid, nlink, 0, len(data),
                  0, 0, rmaj, rmin, len(encoded), 0)
        self.buf += NEWC_MAGIC + b"".join(b"%08X" % f for f in fields)
        self.buf += encoded
        self._pad()
        self.buf += data
        self._pad()

    def trailer(self):
        self.ino = 0
        self.add("TRAILER!!!", 0, nlink=1)
        return bytes(self.buf)


def parse_spec(lines, cpio):
    for lineno, line in enumerate(lines, 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        where = f"spec line {lineno}"
        try:
            if kind == "file":
                name, src, mode, uid, gid = args
                with open(src, "rb") as f:
                    data = f.read()
                cpio.add(name, stat.S_IFREG | int(mode, 8), int(uid),
                         int(gid), data)
            elif kind == "dir":
                name, mode, uid, gid = args
                cpio.add(name, stat.S_IFDIR | int(mode, 8), int(uid),
                         int(gid), nlink=2)
            elif kind == "nod":
                name, mode, uid, gid, typ, maj, mnr = args
                fmt = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}[typ]
                cpio.add(name, fmt | int(mode, 8), int(uid), int(gid),
                         rmaj=int(maj), rmin=int(mnr))
            elif kind == "slink":
                name, target, mode, uid, gid = args
                cpio.add(name, stat.S_IFLNK | int(mode, 8), int(uid),
                         int(gid), target.encode())
            else:
                raise ValueError(f"unknown entry type '{kind}'")
        except (ValueError, KeyError, OSError) as e:
            sys.exit(f"mkinitramfs: {where}: {e}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("-z", "--gzip", action="store_true",
                    help="gzip the archive (the kernel needs CONFIG_RD_GZIP)")
    ap.add_argument("spec")
    args = ap.parse_args()

    cpio = CpioWriter()
    if args.spec == "-":
        parse_spec(sys.stdin, cpio)
    else:
        with open(args.spec) as f:
            parse_spec(f, cpio)
    data = cpio.trailer()
    if args.gzip:
        data = gzip.compress(data, compresslevel=6, mtime=0)
    with open(args.output, "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main()
