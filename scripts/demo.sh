#!/usr/bin/env bash
# The main job: installs what is needed, builds the CLI, the wasm package,
# the site and the browser extension, and serves the demo site.
#
#   bash scripts/demo.sh              serves on http://127.0.0.1:8080/
#   PORT=9000 bash scripts/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
bash scripts/build.sh

port=${PORT:-8080}
printf '\n\033[1mCountersign demo\033[0m\n'
[ ! -d dist/extension ] || echo "  extension: load dist/extension unpacked (see README.md)"
echo "  CLI:       target/release/countersign --help"
# serve.mjs prints the site's URLs and serves until Ctrl+C.
exec env PORT="$port" node scripts/serve.mjs dist/www
