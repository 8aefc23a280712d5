#!/usr/bin/env bash
# Assembles the browser extension, ready to load unpacked:
#
#   dist/extension/
#     manifest.json            from the repository root
#     background.js, ...       everything in extension/
#     pkg/countersign.js       the wasm package built by scripts/build.sh
#     pkg/countersign_bg.wasm
#     pkg-mail/countersign.js  the raw-email reader's package (dist/pkg-mail),
#     pkg-mail/countersign_bg.wasm  loaded only for a pasted raw email
#
# No minifying: the files are shipped as written, so a store reviewer (or a
# user) reads exactly what runs; only two sets of them are joined, each part
# headed by its file name (the first content script and the service worker,
# below).
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
mail=dist/pkg-mail

for file in "$pkg/countersign.js" "$pkg/countersign_bg.wasm" "$mail/countersign.js" "$mail/countersign_bg.wasm"; do
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
mkdir -p "$out/pkg" "$out/pkg-mail"
cp manifest.json "$out/"
cp -R extension/. "$out/"
cp "$pkg/countersign.js" "$pkg/countersign_bg.wasm" "$out/pkg/"
cp "$mail/countersign.js" "$mail/countersign_bg.wasm" "$out/pkg-mail/"

# The first isolated-world content script, which the manifest in the
# repository lists one file each, is joined in that order into one file,
# content.js, and the copied manifest names it instead: the browser then
# injects one script per page, not four. (The full scan, full-scan.js and
# the files it imports, is loaded as it is, and only into pages the first
# script cannot settle.) The parts are plain
# scripts (each an IIFE, sharing one global namespace), so joining them
# changes nothing of how they run; each part keeps a header naming its file.
# The joined file opens with V8's compile hint (see below).
node -e '
  const fs = require("node:fs");
  const path = require("node:path");
  const out = process.argv[1];
  const file = path.join(out, "manifest.json");
  const m = JSON.parse(fs.readFileSync(file, "utf8"));
  const entry = (m.content_scripts ?? []).find((c) => c.world !== "MAIN" && (c.js ?? []).length > 1);
  if (!entry) process.exit(0);
  const parts = entry.js.map((name) =>
    `// ===== ${name} ${"=".repeat(Math.max(3, 66 - name.length))}\n\n${fs.readFileSync(path.join(out, name), "utf8").trimEnd()}\n`);
  // The magic comment asks V8 to compile every function of the file with
  // the file, not each on its first call: most of them run on every page,
  // once, and compiling one lazily parses it twice (docs/extension.md,
  // "Performance"). It must come before any code; browsers without it read
  // a comment.
  const header = "// Countersign content script: the files below, joined in this order by\n" +
    "// scripts/build-extension.sh (one script to inject instead of " + entry.js.length + ").\n" +
    entry.js.map((name) => `//   ${name}\n`).join("") + "\n//# allFunctionsCalledOnLoad\n\n";
  fs.writeFileSync(path.join(out, "content.js"), header + parts.join("\n"));
  entry.js = ["content.js"];
  fs.writeFileSync(file, JSON.stringify(m, null, 2) + "\n");
' "$out"

# The service worker, background.js, and the modules it imports are joined
# into one module file, background.js (scripts/bundle.mjs: readable, each
# part headed by its file name), so that the browser starting the worker
# fetches and links one script, not sixteen (docs/extension.md, cold start).
# The parts stay in the folder: the pages (popup, options) import some.
node scripts/bundle.mjs "$out/background.js"

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
  // And every file the content script imports (full-scan.js), each
  // web-accessible, or the import fails in the page.
  const imported = fs.readFileSync(path.join(out, "full-scan.js"), "utf8");
  const scanFiles = ["full-scan.js", ...[...imported.matchAll(/^import "\.\/([^"]+)";$/gm)].map((match) => match[1])];
  files.push(...scanFiles);
  const accessible = new Set((m.web_accessible_resources ?? []).flatMap((w) => w.resources ?? []));
  const hidden = scanFiles.filter((f) => !accessible.has(f));
  if (hidden.length > 0) {
    console.error(`build-extension.sh: not web-accessible in the manifest, so the full scan cannot load: ${hidden.join(", ")}`);
    process.exit(1);
  }
  const missing = files.filter((f) => !fs.existsSync(path.join(out, f)));
  if (missing.length > 0) {
    console.error(`build-extension.sh: the manifest names missing files: ${missing.join(", ")}`);
    process.exit(1);
  }
' "$out"

echo "extension: $out ($(find "$out" -type f | wc -l) files; load it unpacked)"
