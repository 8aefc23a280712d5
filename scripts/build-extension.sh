#!/usr/bin/env bash
# Assembles the browser extension, ready to load unpacked:
#
#   dist/extension/
#     manifest.json            from the repository root
#     background.js, ...       everything in extension/
#     pkg/countersign.js       the wasm package built by scripts/build.sh
#     pkg/countersign_bg.wasm
#
# No bundling, no minifying: the files are shipped as written, so a store
# reviewer (or a user) reads exactly what runs.
#
# scripts/build.sh runs this after building dist/pkg; run it alone after
# changing only the extension's files.
#
#   bash scripts/build-extension.sh [OUT]   OUT defaults to dist/extension
#
# The browser tests assemble their own copy in a temporary folder, so that a
# rebuild of dist/ meanwhile cannot pull files from under a running browser.
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-dist/extension}
pkg=dist/pkg

for file in "$pkg/countersign.js" "$pkg/countersign_bg.wasm"; do
  if [ ! -f "$file" ]; then
    echo "build-extension.sh: $file is missing; build the wasm package first (bash scripts/build.sh)" >&2
    exit 1
  fi
done
if [ ! -f manifest.json ] || [ ! -d extension ]; then
  echo "build-extension.sh: run from a Countersign checkout (manifest.json and extension/ not found)" >&2
  exit 1
fi

# OUT is replaced: refuse to wipe a folder that is not an extension build.
if [ -d "$out" ] && [ -n "$(ls -A "$out")" ] && [ ! -f "$out/manifest.json" ]; then
  echo "build-extension.sh: $out is not empty and not an extension build; not replacing it" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/pkg"
cp manifest.json "$out/"
cp -R extension/. "$out/"
cp "$pkg/countersign.js" "$pkg/countersign_bg.wasm" "$out/pkg/"

# Every file the manifest names must be in the folder, or the browser
# refuses the extension with a message that is easy to miss.
node -e '
  const fs = require("node:fs");
  const path = require("node:path");
  const out = process.argv[1];
  const m = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"));
  const files = [
    m.background?.service_worker,
    ...(m.background?.scripts ?? []),
    ...(m.content_scripts ?? []).flatMap((c) => [...(c.js ?? []), ...(c.css ?? [])]),
    m.action?.default_popup,
    m.options_ui?.page,
    ...Object.values(m.icons ?? {}),
    ...Object.values(m.action?.default_icon ?? {}),
  ].filter(Boolean);
  const missing = files.filter((f) => !fs.existsSync(path.join(out, f)));
  if (missing.length > 0) {
    console.error(`build-extension.sh: the manifest names missing files: ${missing.join(", ")}`);
    process.exit(1);
  }
' "$out"

echo "extension: $out ($(find "$out" -type f | wc -l) files; load it unpacked)"
