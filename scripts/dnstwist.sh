#!/usr/bin/env bash
# dnstwist (pinned, tests/lookalike/requirements.txt) in a virtualenv of its
# own, for the look-alike recall test (tests/lookalike_recall.rs).
#
#   scripts/dnstwist.sh --install        install it if missing, print nothing
#   scripts/dnstwist.sh DOMAIN...        print its permutations as JSON lines
#
# The virtualenv lives outside the checkout, in
# ${COUNTERSIGN_CACHE:-~/.cache/countersign}/dnstwist-<version>, so that
# `cargo clean` does not throw it away.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
requirements="$root/tests/lookalike/requirements.txt"
version=$(sed -n 's/^dnstwist==\([0-9]*\).*/\1/p' "$requirements")
venv="${COUNTERSIGN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/countersign}/dnstwist-$version"

if ! "$venv/bin/python" -c 'import dnstwist' >/dev/null 2>&1; then
  echo "dnstwist.sh: installing dnstwist $version into $venv" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check --no-input \
    --require-hashes --no-deps -r "$requirements"
fi

if [ "${1:-}" = "--install" ]; then
  exit 0
fi
exec "$venv/bin/python" "$root/tests/lookalike/permutations.py" "$@"
