#!/usr/bin/env bash
# Refreshes data/public_suffix_list.dat, the Public Suffix List compiled into
# the detection engine. The list comes from the `publicsuffixlist` package on
# PyPI, which republishes the official list (publicsuffix.org) every few
# days; the package version names the list's date. Comment lines are dropped
# to keep the wasm package small; the section markers that tell ICANN from
# private suffixes (github.io, blogspot.com...) are kept.
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
print("// with comments removed by scripts/update-psl.sh. Do not edit by hand.")
for line in text.splitlines():
    line = line.strip()
    if not line:
        continue
    if line.startswith("//") and "===BEGIN" not in line and "===END" not in line:
        continue
    print(line)
PY
echo "data/public_suffix_list.dat: $(grep -vc '^//' data/public_suffix_list.dat) rules, list version $version"
