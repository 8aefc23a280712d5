#!/usr/bin/env bash
# Look-alike recall per dnstwist fuzzer, for each protected brand domain of
# tests/lookalike_recall.rs: prints the table docs/detection.md quotes.
# Installs the pinned dnstwist on first use (scripts/dnstwist.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --quiet --test lookalike_recall -- --nocapture 2>&1 |
  grep -E '^(look-alike recall|  )'
