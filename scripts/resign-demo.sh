#!/usr/bin/env bash
# Re-signs the demo directory (demo/northwind.toml) with the published demo
# root key, for when the demo directory nears its expiry. Raise `sequence`
# and move `issued_at` / `expires_at` in the source first: clients that saw
# the old version refuse a directory with the same or a lower sequence.
set -euo pipefail
cd "$(dirname "$0")/.."
chmod 600 demo/keys/*.secret
cargo run --quiet --bin countersign -- directory sign demo/northwind.toml \
  --key demo/keys/root.secret --out demo/northwind.directory.json --force
cargo run --quiet --bin countersign -- directory show demo/northwind.directory.json
