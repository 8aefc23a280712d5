#!/usr/bin/env bash
# Builds everything the demo serves and the browser tests load:
#
#   target/release/countersign    the staff CLI
#   dist/pkg/                     the wasm package with the detection engine
#                                 (wasm-bindgen --target web, then wasm-opt)
#   dist/pkg-verify/              the verify-only wasm package (no engine,
#                                 no signing): the verify pages'
#   dist/pkg-console/             verify and sign: the signing console's
#   dist/pkg-mail/                the raw-email reader (mail-parser), which
#                                 the extension loads only for a pasted
#                                 raw email
#   dist/www/                     the web site: www/ (verify.js joined with
#                                 its modules), dist/pkg-verify as www/pkg,
#                                 dist/pkg-console as www/pkg-console, and
#                                 the demo vendor's published files
#   dist/extension/               the browser extension, when
#                                 scripts/build-extension.sh exists
#
# Run scripts/setup.sh first (scripts/demo.sh and scripts/test.sh do).
#
# Environment:
#   WASM_OPT_LEVEL   wasm-opt level for all packages; by default -O3 for the
#                    extension's (speed first: docs/benchmarks.md compares the
#                    levels) and -Oz --converge for the verify-only and console
#                    ones (size first).
#   SKIP_CLI=1       skip the CLI build (the browser tests do not need it).
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*" >&2; }


if [ "${SKIP_CLI:-0}" != 1 ]; then
  section "CLI (cargo build --release)"
  cargo build --release --bin countersign
fi

# Four wasm packages from the one crate:
#   dist/pkg          the whole core with the detection engine (cargo feature
#                     `detect`, without `nfc-tables`: Unicode normalisation
#                     from the browser, src/unicode.rs): the browser
#                     extension's;
#   dist/pkg-verify   verification only: the verify, contact and directory
#                     pages', a fraction of the size (docs/benchmarks.md);
#   dist/pkg-console  verification and signing (cargo feature `sign`): the
#                     signing console's, which only staff load;
#   dist/pkg-mail     the raw-email reader (cargo feature `mail-package`):
#                     the extension's, for the popup's raw-email check.
# The library is an rlib in Cargo.toml (a cdylib type there breaks LTO links
# of the CLI and benches), so the wasm module is asked for here.
wasm_package() { # OUT PROFILE WASM-OPT-LEVEL FEATURES...
  local out=$1 profile=$2 level=$3
  shift 3
  section "wasm package $out (profile $profile $*)"
  cargo rustc --lib --profile "$profile" --no-default-features "$@" \
    --target wasm32-unknown-unknown --crate-type cdylib
  rm -rf "$out"
  wasm-bindgen --target web --out-dir "$out" \
    "target/wasm32-unknown-unknown/$profile/countersign.wasm"
  # The release profile strips the target_features section, so name the
  # features rustc enables by default for wasm32-unknown-unknown; every
  # browser that runs Manifest V3 extensions has them.
  # --strip-debug and --strip-producers drop the custom sections no browser
  # reads (a few hundred bytes; docs/benchmarks.md).
  # The level is left unquoted: it may be more than one flag (-Oz --converge).
  # shellcheck disable=SC2086
  node_modules/.bin/wasm-opt $level --strip-debug --strip-producers \
    --enable-bulk-memory --enable-bulk-memory-opt --enable-sign-ext \
    --enable-mutable-globals --enable-nontrapping-float-to-int \
    --enable-reference-types --enable-multivalue \
    "$out/countersign_bg.wasm" -o "$out/countersign_bg.wasm.opt"
  mv "$out/countersign_bg.wasm.opt" "$out/countersign_bg.wasm"
  rm -f "$out/.gitignore" "$out/package.json"
}
# The extension's package keeps the default target features and wasm-opt -O3:
# +simd128, rustc opt-level 2 or 3 for the crate, and wasm-opt -O4 or
# --converge were each timed against native (bench/wasm-native.mjs) and none
# buys speed within the 350,000-byte gzip limit (docs/benchmarks.md, "Wasm
# against native, and the build's settings").
wasm_package dist/pkg wasm "${WASM_OPT_LEVEL:--O3}" --features detect
wasm_package dist/pkg-verify wasm-verify "${WASM_OPT_LEVEL:--Oz --converge}"
wasm_package dist/pkg-console wasm-verify "${WASM_OPT_LEVEL:--Oz --converge}" --features sign
# The extension's raw-email reader: `readRawEmail` only (src/wasm_mail.rs).
wasm_package dist/pkg-mail wasm-verify "${WASM_OPT_LEVEL:--Oz --converge}" --features mail-package

section "web site (dist/www)"
rm -rf dist/www
mkdir -p dist/www
cp -R www/. dist/www/
# The site verifies (pkg, what verify.html loads) and signs (pkg-console,
# loaded by the console page only).
cp -R dist/pkg-verify dist/www/pkg
cp -R dist/pkg-console dist/www/pkg-console
# The verify page's script and every module it imports, as one readable
# file (scripts/bundle.mjs), but for config.js, which vendors edit.
node scripts/bundle.mjs dist/www/verify.js --external ./config.js
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
for pkg in dist/pkg dist/pkg-verify dist/pkg-console dist/pkg-mail; do
  raw=$(wc -c <"$pkg/countersign_bg.wasm")
  gz=$(gzip -9 -c "$pkg/countersign_bg.wasm" | wc -c)
  printf '%s: %s bytes raw, %s bytes gzipped\n' "$pkg" "$raw" "$gz"
done
[ "${SKIP_CLI:-0}" = 1 ] || echo "CLI: target/release/countersign"
echo "site: dist/www"
[ ! -d dist/extension ] || echo "extension: dist/extension (load it unpacked)"
