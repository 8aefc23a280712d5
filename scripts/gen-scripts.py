#!/usr/bin/env python3
"""Writes src/detect/domain/scripts_table.rs: the Unicode Script and
Script_Extensions properties of every code point, for the engine's own
mixed-script check (src/detect/domain/scripts.rs).

The source is the `unicode-script` crate's tables (the data the engine used
through `unicode_security::MixedScript`), with the crate's numbering of the
scripts kept (0 to 174, then Inherited 253, Common 254, Unknown 255), so a
test can compare the two on every code point.

Packed as two maps over the whole code space, each a list of ranges: the
start of each range as a LEB128 difference from the previous start, and a
byte per range. In SCRIPTS the byte is the Script; in EXTENSIONS it is the
index of a set in EXTENSION_SETS, or 255 where the character has no
Script_Extensions of its own (it is then its Script). EXTENSION_SETS holds
each set as a count and that many scripts. The crate's own tables are
12 and 40 bytes a range (docs/benchmarks.md measures both).

Run:
  python3 scripts/gen-scripts.py \\
    ~/.cargo/registry/src/*/unicode-script-X/src/tables.rs \\
    > src/detect/domain/scripts_table.rs
"""

import io
import re
import sys

NONE = 255
SPECIAL = {"Inherited": 253, "Common": 254, "Unknown": 255}


def block(text, start):
    i = text.index(start)
    j = text.index("];", i)
    return text[i:j]


def bit(a, b, c):
    for word, value in enumerate((a, b, c)):
        if value:
            if value & (value - 1):
                sys.exit("a single script with more than one bit")
            return word * 64 + value.bit_length() - 1
    sys.exit("a script with no bit")


def ranges_to_map(ranges, fill):
    """Inclusive (lo, hi, value) ranges to (start, value) over 0..=0x10FFFF,
    gaps filled with `fill`, neighbours with the same value merged."""
    out = []
    at = 0
    for lo, hi, value in sorted(ranges):
        if lo < at:
            sys.exit("overlapping ranges")
        if lo > at:
            out.append((at, fill))
        out.append((lo, value))
        at = hi + 1
    if at <= 0x10FFFF:
        out.append((at, fill))
    merged = []
    for start, value in out:
        if merged and merged[-1][1] == value:
            continue
        merged.append((start, value))
    return merged


def leb128(starts):
    out = bytearray()
    prev = 0
    for s in starts:
        d = s - prev
        prev = s
        while d >= 0x80:
            out.append(d & 0x7F | 0x80)
            d >>= 7
        out.append(d)
    return out


def write_bytes(out, name, doc, data, per_line=20):
    out.write(doc)
    out.write("#[rustfmt::skip]\npub(super) static %s: [u8; %d] = [\n" % (name, len(data)))
    for i in range(0, len(data), per_line):
        out.write("    " + ", ".join(str(b) for b in data[i:i + per_line]) + ",\n")
    out.write("];\n\n")


def main():
    src = open(sys.argv[1], encoding="utf-8").read()
    version = re.search(r"UNICODE_VERSION: \(u64, u64, u64\) = \((\d+), (\d+), (\d+)\)", src)

    # Script enum: name -> number.
    enum = block(src, "pub enum Script {").split("}")[0]
    numbers = {n: int(v, 0) for n, v in re.findall(r"^\s*(\w+) = (0x[0-9A-Fa-f]+|\d+),", enum, re.M)}
    for name, value in SPECIAL.items():
        if numbers.get(name) != value:
            sys.exit("unexpected number for " + name)

    # script_extensions constants: single scripts by bit, aliases, unions.
    mod = src[src.index("pub mod script_extensions {"):]
    single = {n: bit(int(a, 0), int(b, 0), int(c, 0)) for n, a, b, c in re.findall(
        r"pub const (\w+): ScriptExtension = ScriptExtension::new\((\w+), (\w+), (\w+)\);", mod)}
    for alias, target in re.findall(r"pub const (\w+): ScriptExtension = (\w+);", mod):
        if target in single:
            single[alias] = single[target]
    if len(single) < 300:
        sys.exit("script extension constants not found")

    scripts = [(int(a, 16), int(b, 16), numbers[name]) for a, b, name in re.findall(
        r"\('\\u\{([0-9a-f]+)\}',\s*'\\u\{([0-9a-f]+)\}',\s*Script::(\w+)\)",
        block(src, "const SCRIPTS: &'static [(char, char, Script)]"))]
    exts = re.findall(
        r"\('\\u\{([0-9a-f]+)\}',\s*'\\u\{([0-9a-f]+)\}',\s*script_extensions::(\w+)\)",
        block(src, "const SCRIPT_EXTENSIONS: &'static [(char, char, ScriptExtension)]"))
    if len(scripts) < 1000 or len(exts) < 100:
        sys.exit("tables not found")

    sets = []
    ext_ranges = []
    for a, b, name in exts:
        members = tuple(sorted(single[code] for code in name.split("_")))
        if not members:
            sys.exit("an empty extension: " + name)
        if members not in sets:
            sets.append(members)
        ext_ranges.append((int(a, 16), int(b, 16), sets.index(members)))
    if len(sets) >= NONE:
        sys.exit("too many extension sets for a byte")

    script_map = ranges_to_map(scripts, SPECIAL["Unknown"])
    ext_map = ranges_to_map(ext_ranges, NONE)
    set_bytes = bytearray()
    for members in sets:
        set_bytes.append(len(members))
        set_bytes.extend(members)

    out = io.StringIO()
    out.write("//! The Script and Script_Extensions of every code point (Unicode\n")
    out.write("//! %s.%s.%s, from the `unicode-script` crate's tables), in the crate's\n" % version.groups())
    out.write("//! numbering of the scripts: %d ranges of Script, %d of\n" % (len(script_map), len(ext_map)))
    out.write("//! Script_Extensions and %d distinct extension sets.\n" % len(sets))
    out.write("//! Generated by `scripts/gen-scripts.py`; do not edit.\n\n")
    for name in ("Han", "Hiragana", "Katakana", "Hangul", "Bopomofo"):
        out.write("/// The number of the script %s.\n" % name)
        out.write("pub(super) const %s: u8 = %d;\n" % (name.upper(), numbers[name]))
    out.write("/// The Script of characters every script uses (punctuation, digits...).\n")
    out.write("pub(super) const COMMON: u8 = 254;\n")
    out.write("/// The Script of combining marks that take their base's script.\n")
    out.write("pub(super) const INHERITED: u8 = 253;\n")
    out.write("/// In [`EXTENSIONS`]: the character's Script_Extensions is its Script.\n")
    out.write("pub(super) const NO_EXTENSION: u8 = %d;\n\n" % NONE)
    write_bytes(out, "SCRIPT_STARTS",
                "/// Where each range of [`SCRIPTS`] starts, as the difference from the\n"
                "/// previous start in LEB128 (seven bits a byte, low bits first).\n",
                leb128([s for s, _ in script_map]))
    write_bytes(out, "SCRIPTS", "/// The Script of each range (255: unassigned).\n",
                bytes(v for _, v in script_map), 30)
    write_bytes(out, "EXTENSION_STARTS",
                "/// Where each range of [`EXTENSIONS`] starts, as [`SCRIPT_STARTS`].\n",
                leb128([s for s, _ in ext_map]))
    write_bytes(out, "EXTENSIONS",
                "/// The index in [`EXTENSION_SETS`] of each range's Script_Extensions,\n"
                "/// or [`NO_EXTENSION`].\n",
                bytes(v for _, v in ext_map), 30)
    write_bytes(out, "EXTENSION_SETS",
                "/// Each Script_Extensions set that differs from the Script: how many, then\n"
                "/// the scripts.\n", set_bytes)
    sys.stdout.write(out.getvalue().rstrip("\n") + "\n")


main()
