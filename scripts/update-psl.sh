#!/usr/bin/env bash
# Refreshes data/public_suffix_list.dat, the Public Suffix List compiled into
# the detection engine. The list comes from the `publicsuffixlist` package on
# PyPI, which republishes the official list (publicsuffix.org) every few
# days; the package version names the list's date. Comment lines are dropped
# to keep the wasm package small; the section markers that tell ICANN from
# private suffixes (github.io, blogspot.com...) are kept. Internationalised
# rules are written in punycode (RFC 3492), the form the engine compares
# hosts in, so that reading the list needs no IDNA tables.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip download --quiet --no-deps --dest "$tmp" publicsuffixlist
wheel=$(ls "$tmp"/publicsuffixlist-*.whl)
version=$(basename "$wheel" | cut -d- -f2)
python3 - "$wheel" "$version" > data/public_suffix_list.dat <<'PY'
import sys, zipfile
wheel, version = sys.argv[1], sys.argv[2]
text = zipfile.ZipFile(wheel).read("publicsuffixlist/public_suffix_list.dat").decode("utf-8")
print("// This Source Code Form is subject to the terms of the Mozilla Public")
print("// License, v. 2.0. If a copy of the MPL was not distributed with this")
print("// file, You can obtain one at https://mozilla.org/MPL/2.0/.")
print(f"// The Public Suffix List (publicsuffix.org), from the PyPI package publicsuffixlist {version},")
print("// with comments removed and IDN rules in punycode by scripts/update-psl.sh.")
print("// Do not edit by hand.")
def ascii_label(label):
    if label.isascii():
        return label
    return "xn--" + label.encode("punycode").decode("ascii")

for line in text.splitlines():
    line = line.strip()
    if not line:
        continue
    if line.startswith("//"):
        if "===BEGIN" in line or "===END" in line:
            print(line)
        continue
    exception = line.startswith("!")
    rule = ".".join(ascii_label(l) for l in line.lstrip("!").split("."))
    print(("!" if exception else "") + rule)
PY
echo "data/public_suffix_list.dat: $(grep -vc '^//' data/public_suffix_list.dat) rules, list version $version"
