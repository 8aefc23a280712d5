"""What the Unicode table generators share: reading a table out of a crate's
Rust source, and the LEB128 code-point differences the engine reads back with
`src/detect/packed.rs` (`running_sums`).

Imported by gen-scripts.py and gen-confusables.py, which run from any
directory (each puts its own folder first on the import path).
"""

import sys


def block(text, start):
    """The source from `start` up to the `];` that ends that table."""
    try:
        i = text.index(start)
        j = text.index("];", i)
    except ValueError:
        sys.exit("table not found: %s" % start)
    return text[i:j]


def leb128_deltas(values):
    """Each value minus the one before (the first minus zero), as LEB128:
    seven bits a byte, low bits first. The values must not decrease."""
    out = bytearray()
    prev = 0
    for v in values:
        d = v - prev
        if d < 0:
            sys.exit("values not sorted")
        prev = v
        while d >= 0x80:
            out.append(d & 0x7F | 0x80)
            d >>= 7
        out.append(d)
    return out


def write_u8_table(out, name, doc, data, per_line=20):
    """A `pub(super) static NAME: [u8; N]` with a doc comment."""
    out.write(doc)
    out.write("#[rustfmt::skip]\npub(super) static %s: [u8; %d] = [\n" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.write("    " + ", ".join(str(b) for b in data[i:i + per_line]) + ",\n")
    out.write("];\n\n")
