#!/usr/bin/env bash
# The main job: installs what is needed, builds the CLI, the wasm package,
# the site and the browser extension, and serves the demo: the vendor's site
# on http://northwind.localhost:8080/ and the walkthrough's other sites (fake
# support pages, a look-alike domain, a scam page, a news article, a webmail
# inbox) on their own *.localhost names, which Chromium-based browsers
# resolve to this machine with no set-up. It prints a guided tour.
#
#   bash scripts/demo.sh              serves on port 8080
#   PORT=9000 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

port=${PORT:-8080}
printf '\n\033[1mCountersign demo\033[0m\n'
[ ! -d dist/extension ] || echo "  extension: load dist/extension unpacked (see README.md)"
echo "  CLI:       target/release/countersign --help"
# serve.mjs prints the tour and serves until Ctrl+C (demo/sites/ has the
# walkthrough's pages; its notices are signed fresh on request).
exec env PORT="$port" node scripts/serve.mjs --demo dist/www
