// The worker's start: the engine's wasm compile begins before the worker's
// other modules are evaluated (extension/wasm-compile.js says why). A module
// graph is evaluated depth first in import order, so this holds as long as
// background.js imports wasm-compile.js first and wasm-compile.js imports
// nothing; the browser tests check that the engine still loads.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import path from "node:path";
import { test } from "node:test";

import { ROOT } from "./helpers/wasm.mjs";

const importsOf = (file) =>
  [...readFileSync(path.join(ROOT, "extension", file), "utf8").matchAll(/^import\s+(?:[^"';]*?\s+from\s+)?"([^"]+)";/gms)].map((m) => m[1]);

test("the worker's first module starts the wasm compile and imports nothing", () => {
  assert.equal(importsOf("background.js")[0], "./wasm-compile.js");
  assert.deepEqual(importsOf("wasm-compile.js"), []);
  assert.match(readFileSync(path.join(ROOT, "extension", "wasm-compile.js"), "utf8"), /WebAssembly\.compileStreaming\(/);
  assert.ok(importsOf("wasm-loader.js").includes("./wasm-compile.js"), "wasm-loader.js instantiates the module compiled early");
});
