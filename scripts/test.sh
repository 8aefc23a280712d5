#!/usr/bin/env bash
# Runs every test: the one command the README names.
#
#   1. installs what the tests need (scripts/setup.sh --browser)
#   2. native Rust tests: unit, property, conformance vectors, CLI cases,
#      then a short run of each fuzz target (scripts/fuzz.sh)
#   3. the core compiled to wasm32, under Node (wasm-bindgen-test)
#   4. builds the CLI, the wasm package, the site and the extension
#   5. ESLint over the JavaScript
#   6. the Node and browser tests (node --test tests/js/, headless Chromium)
#
# Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."

section() { printf '\n\033[1m== %s ==\033[0m\n' "$*"; }

section "setup"
bash scripts/setup.sh --browser

section "Rust tests (native)"
cargo test --all-targets

section "fuzzing: each target for ${FUZZ_SECONDS:-5}s (docs/fuzzing.md)"
FUZZ_SECONDS="${FUZZ_SECONDS:-5}" bash scripts/fuzz.sh

section "Rust tests (wasm32, under Node)"
CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  cargo test --target wasm32-unknown-unknown --no-default-features --test wasm

section "build"
bash scripts/build.sh

section "ESLint"
npx --no-install eslint .

section "JavaScript and browser tests"
node --test tests/js/

section "all tests passed"
