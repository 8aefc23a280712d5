#!/usr/bin/env bash
# Installs everything the build and the tests need, on a fresh Debian machine
# or an already-set-up one (each step is skipped when already satisfied):
#   - the wasm32-unknown-unknown Rust target;
#   - wasm-bindgen-cli at exactly the wasm-bindgen version in Cargo.lock;
#   - the npm packages from package-lock.json (wasm-opt, playwright-core, ...);
#   - Debian's chromium, for the browser tests (only with --browser);
#   - Debian's firefox-esr, for the same tests in Firefox (only with --browser);
#   - dnstwist from PyPI, pinned, for the look-alike recall test.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=0
for arg in "$@"; do
  case "$arg" in
    --browser) want_browser=1 ;;
    *) echo "setup.sh: unknown option $arg" >&2; exit 2 ;;
  esac
done

log() { printf '\033[1msetup:\033[0m %s\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The CLI must match the library exactly, or the generated glue is rejected.
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$wb_version" ]; then
  echo "setup.sh: no wasm-bindgen version in Cargo.lock" >&2
  exit 2
fi
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  log "installing wasm-bindgen-cli $wb_version (a few minutes, once)"
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  log "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [ "$want_browser" = 1 ] && ! command -v chromium >/dev/null 2>&1; then
  log "installing Debian's chromium for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium >/dev/null
fi
if [ "$want_browser" = 1 ] && ! command -v firefox-esr >/dev/null 2>&1; then
  log "installing Debian's firefox-esr for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends firefox-esr >/dev/null
fi
# Firefox's German language pack: the Firefox run checks the extension's
# German too (it is skipped, saying why, without the pack).
if [ "$want_browser" = 1 ] && command -v firefox-esr >/dev/null 2>&1 && ! dpkg -s firefox-esr-l10n-de >/dev/null 2>&1; then
  log "installing Firefox's German language pack for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq || true
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends firefox-esr-l10n-de >/dev/null ||
    echo "setup.sh: could not install firefox-esr-l10n-de; the German Firefox test will be skipped" >&2
fi
# dnstwist, pinned, in a virtualenv of its own: the look-alike recall test
# (tests/lookalike_recall.rs) generates its permutations with it.
if ! bash scripts/dnstwist.sh --install; then
  echo "setup.sh: could not install dnstwist; it needs python3 with venv (Debian: python3-venv)" >&2
  exit 2
fi
# The extension's browser cases are served over HTTPS with a certificate
# made for each run.
if [ "$want_browser" = 1 ] && ! command -v openssl >/dev/null 2>&1; then
  log "installing openssl for the browser cases"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq openssl >/dev/null
fi
# Git does not keep file modes beyond the executable bit; the CLI refuses
# secret keys that others can read, so give the published demo keys the
# permissions a real key file has.
chmod 600 demo/keys/*.secret
chmod 600 demo/contoso/keys/*.secret

# openssl makes the throw-away certificate of the local HTTPS server that
# stands in for vendors' websites in the browser tests (tests/js/vendors.test.mjs).
if [ "$want_browser" = 1 ] && ! command -v openssl >/dev/null 2>&1; then
  log "installing openssl for the browser tests"
  sudo_cmd=""
  [ "$(id -u)" = 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq openssl >/dev/null
fi

log "ready"
