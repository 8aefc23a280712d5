// Each wasm package has the calls its pages make, and only the calls its
// build is meant to carry.
//
//   node --test tests/js/pkg-exports.test.mjs
//
// The two packages are cut from one crate by cargo features (Cargo.toml):
// the extension's (dist/pkg: `detect`, no `sign`) and the verify page's and
// console's (dist/pkg-verify: `sign`, no `detect`). A call the extension
// makes that its package lost would only fail in a customer's browser, and
// signing code left in the extension's package is bytes every customer
// downloads for nothing. So this reads each package's generated type
// declarations and every call site in extension/ and www/.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { ROOT } from "./helpers/wasm.mjs";

const EXTENSION_PKG = path.join(ROOT, "dist/pkg/countersign.d.ts");
const VERIFY_PKG = path.join(ROOT, "dist/pkg-verify/countersign.d.ts");
const built = existsSync(EXTENSION_PKG) && existsSync(VERIFY_PKG);

/** The signing console's calls: in the verify-only package only. */
const SIGNING = ["signNotice", "inspectKey", "generateKey"];
/** The detection engine's calls: in the extension's package only. */
const ENGINE = ["analysePage", "analyseScan", "analyseEmail", "analyseWebmail", "analyseContact", "openVendors", "extractPhones"];

/** The names a package exports: free functions and `Countersign` methods. */
function exportsOf(dts) {
  const text = readFileSync(dts, "utf8");
  const names = new Set();
  for (const m of text.matchAll(/^export function (\w+)\(/gm)) names.add(m[1]);
  const body = text.match(/export class Countersign \{([\s\S]*?)\n\}/);
  assert.ok(body, `${dts} declares the Countersign class`);
  for (const m of body[1].matchAll(/^\s+(?:static\s+)?(\w+)\(/gm)) names.add(m[1]);
  names.delete("free");
  names.delete("constructor");
  return names;
}

/** Every .js/.html file under a folder, skipping copied packages. */
function sources(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "pkg" || entry.name === "node_modules") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sources(full));
    else if (/\.(m?js|html)$/.test(entry.name)) out.push(full);
  }
  return out;
}

/** Which of `known` the code under `dir` calls (`.name(` or `name(`). */
function calledIn(dir, known) {
  const called = new Map();
  for (const file of sources(dir)) {
    const text = readFileSync(file, "utf8");
    for (const name of known) {
      if (new RegExp(`(?<![\\w$])${name}\\s*\\(`).test(text) && !called.has(name)) {
        called.set(name, path.relative(ROOT, file));
      }
    }
  }
  return called;
}

describe("wasm package exports", { skip: built ? false : "dist/pkg and dist/pkg-verify are not built (run scripts/build.sh)" }, () => {
  const extension = built ? exportsOf(EXTENSION_PKG) : new Set();
  const verify = built ? exportsOf(VERIFY_PKG) : new Set();
  const known = new Set([...extension, ...verify, ...SIGNING, ...ENGINE]);

  test("the extension's package has every call extension/ makes", () => {
    const called = calledIn(path.join(ROOT, "extension"), known);
    assert.ok(called.has("verifyNotice") && called.has("analyseScan"), "the scan of extension/ finds its calls");
    for (const [name, file] of called) {
      assert.ok(extension.has(name), `${file} calls ${name}, which dist/pkg does not export`);
    }
  });

  test("the verify-only package has every call www/ makes", () => {
    const called = calledIn(path.join(ROOT, "www"), known);
    assert.ok(called.has("verifyNotice") && called.has("signNotice"), "the scan of www/ finds its calls");
    for (const [name, file] of called) {
      assert.ok(verify.has(name), `${file} calls ${name}, which dist/pkg-verify does not export`);
    }
  });

  test("signing stays out of the extension's package", () => {
    for (const name of SIGNING) {
      assert.ok(!extension.has(name), `dist/pkg exports ${name}: build it without the cargo feature sign`);
      assert.ok(verify.has(name), `dist/pkg-verify lacks ${name}: the console needs it`);
    }
  });

  test("the detection engine stays out of the verify-only package", () => {
    for (const name of ENGINE) {
      assert.ok(!verify.has(name), `dist/pkg-verify exports ${name}: build it without the cargo feature detect`);
      assert.ok(extension.has(name), `dist/pkg lacks ${name}`);
    }
  });
});
