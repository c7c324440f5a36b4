#!/usr/bin/env python3
"""Marks the given GLIBC version needs (default GLIBC_2.39) as weak (VER_FLG_WEAK) in an ELF64
little-endian binary, so that an older glibc loader tolerates their absence. This is only safe when every
symbol bound to that version is itself a weak reference, which is the case for Debian's tree-sitter CLI."""
import struct
import sys

VER_FLG_WEAK = 0x2
SHT_GNU_VERNEED = 0x6FFFFFFE


def main() -> int:
    path, wanted = sys.argv[1], set(sys.argv[2:]) or {"GLIBC_2.39"}
    data = bytearray(open(path, "rb").read())
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        print("not an ELF64 little-endian file", file=sys.stderr)
        return 2
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, _ = struct.unpack_from("<HHH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    changed = 0
    for sec in sections:
        if sec[1] != SHT_GNU_VERNEED:
            continue
        strtab = sections[sec[6]][4]

        def name(offset: int) -> str:
            start = strtab + offset
            return bytes(data[start:data.index(0, start)]).decode()

        need = sec[4]
        while True:
            _, count, file_name, aux, next_need = struct.unpack_from("<HHIII", data, need)
            entry = need + aux
            for _ in range(count):
                _, flags, _, ver_name, next_aux = struct.unpack_from("<IHHII", data, entry)
                if name(ver_name) in wanted:
                    struct.pack_into("<H", data, entry + 4, flags | VER_FLG_WEAK)
                    changed += 1
                    print("weakened", name(file_name), name(ver_name))
                if not next_aux:
                    break
                entry += next_aux
            if not next_need:
                break
            need += next_need
    open(path, "wb").write(data)
    return 0 if changed else 1


if __name__ == "__main__":
    sys.exit(main())
