#!/usr/bin/env bash
# Builds everything the demo serves and the browser tests load:
#
#   target/release/countersign    the staff CLI
#   dist/pkg/                     the wasm package with the detection engine
#                                 (wasm-bindgen --target web, then wasm-opt)
#   dist/pkg-verify/              the verify-only wasm package (no engine)
#   dist/www/                     the web site: www/, dist/pkg as www/pkg,
#                                 and the demo vendor's published files
#   dist/extension/               the browser extension, when
#                                 scripts/build-extension.sh exists
#
# Run scripts/setup.sh first (scripts/demo.sh and scripts/test.sh do).
#
# Environment:
#   WASM_OPT_LEVEL   wasm-opt level, default -O3. docs/benchmarks.md compares
#                    the levels: after rustc's LTO at opt-level 3, -Os and -Oz
#                    save under 1 % raw, nothing gzipped, and verify at the
#                    same speed, so -O3 keeps the speed-first choice.
#   SKIP_CLI=1       skip the CLI build (the browser tests do not need it).
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*" >&2; }

wasm_opt_level=${WASM_OPT_LEVEL:--O3}

if [ "${SKIP_CLI:-0}" != 1 ]; then
  section "CLI (cargo build --release)"
  cargo build --release --bin countersign
fi

# Two wasm packages from the one crate:
#   dist/pkg         the whole core with the detection engine (cargo feature
#                    `detect`): the browser extension's;
#   dist/pkg-verify  verification and signing only: the verify page's and
#                    the console's, a fraction of the size (docs/benchmarks.md).
# The library is an rlib in Cargo.toml (a cdylib type there breaks LTO links
# of the CLI and benches), so the wasm module is asked for here.
wasm_package() { # OUT FEATURES...
  local out=$1
  shift
  section "wasm package $out ($*)"
  cargo rustc --lib --profile wasm --no-default-features "$@" \
    --target wasm32-unknown-unknown --crate-type cdylib
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" \
    target/wasm32-unknown-unknown/wasm/countersign.wasm
  # The release profile strips the target_features section, so name the
  # features rustc enables by default for wasm32-unknown-unknown; every
  # browser that runs Manifest V3 extensions has them.
  node_modules/.bin/wasm-opt "$wasm_opt_level" \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
    --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue \
    "$out/countersign_bg.wasm" -o "$out/countersign_bg.wasm.opt"
  mv "$out/countersign_bg.wasm.opt" "$out/countersign_bg.wasm"
  rm -f "$out/.gitignore" "$out/package.json"
}
wasm_package dist/pkg --features detect
wasm_package dist/pkg-verify

section "web site (dist/www)"
rm -rf dist/www
mkdir -p dist/www
cp -R www/. dist/www/
# The site only verifies and signs: it gets the verify-only package.
cp -R dist/pkg-verify dist/www/pkg
# The demo vendor's published files: its signed directory where a vendor
# publishes it, and (DEMO ONLY) the staff secret key the console's "Use the
# demo staff key" button loads. A real deployment publishes no secret key.
mkdir -p dist/www/.well-known/countersign dist/www/demo
cp demo/northwind.directory.json dist/www/.well-known/countersign/directory.json
cp demo/keys/root.pub demo/keys/staff.pub demo/keys/staff.secret dist/www/demo/

if [ -f scripts/build-extension.sh ]; then
  section "browser extension (dist/extension)"
  bash scripts/build-extension.sh
fi

section "done"
for pkg in dist/pkg dist/pkg-verify; do
  raw=$(wc -c <"$pkg/countersign_bg.wasm")
  gz=$(gzip -9 -c "$pkg/countersign_bg.wasm" | wc -c)
  printf '%s (wasm-opt %s): %s bytes raw, %s bytes gzipped\n' "$pkg" "$wasm_opt_level" "$raw" "$gz"
done
[ "${SKIP_CLI:-0}" = 1 ] || echo "CLI: target/release/countersign"
echo "site: dist/www"
[ ! -d dist/extension ] || echo "extension: dist/extension (load it unpacked)"
