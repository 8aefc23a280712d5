// Each wasm package has the calls its pages make, and only the calls its
// build is meant to carry.
//
//   node --test tests/js/pkg-exports.test.mjs
//
// The three packages are cut from one crate by cargo features (Cargo.toml):
// the extension's (dist/pkg: `detect`, no `sign`), the verify pages'
// (dist/pkg-verify: neither) and the signing console's (dist/pkg-console:
// `sign`, no `detect`). A call a page makes that its package lost would only
// fail in a customer's browser, and signing code left in the extension's or
// the verify page's package is bytes every customer downloads for nothing. So this reads each package's generated type
// declarations and every call site in extension/ and www/.

import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, test } from "node:test";

import { ROOT } from "./helpers/wasm.mjs";

const EXTENSION_PKG = path.join(ROOT, "dist/pkg/countersign.d.ts");
const VERIFY_PKG = path.join(ROOT, "dist/pkg-verify/countersign.d.ts");
const CONSOLE_PKG = path.join(ROOT, "dist/pkg-console/countersign.d.ts");
const MAIL_PKG = path.join(ROOT, "dist/pkg-mail/countersign.d.ts");
const built = [EXTENSION_PKG, VERIFY_PKG, CONSOLE_PKG, MAIL_PKG].every((file) => existsSync(file));
/** The page that loads the console's package (www/console.js); the rest of www/ load the verify-only one. */
const CONSOLE_PAGE = path.join("www", "console.js");

/** The signing console's calls: in the console's package only. */
const SIGNING = ["signNotice", "inspectKey", "generateKey"];
/** The detection engine's calls: in the extension's package only. */
const ENGINE = ["analysePage", "analyseScan", "analyseEmailParts", "analyseWebmail", "analyseContact", "openVendors", "extractPhones"];
/**
 * The raw-email reader's calls: in the mail package (dist/pkg-mail, cargo
 * feature `mail-package`) only, which the extension loads for a pasted raw
 * email. `analyseEmail` took the raw bytes when the engine carried the reader.
 */
const MAIL = ["readRawEmail"];
const RAW_EMAIL_IN_ENGINE = ["analyseEmail", ...MAIL];
/**
 * Byte strings only mail-parser's code carries: its header-name and charset
 * tables and its source path (kept in panic locations). Each was in the
 * engine's package while it read raw emails itself.
 */
const MAIL_PARSER_MARKS = ["mail-parser-0.", "quoted-printable", "Content-Transfer-Encoding", "x_mac_cyrillic", "csisolatin"];
/** The one module of extension/ that imports the mail package. */
const MAIL_LOADER = path.join("extension", "wasm-loader.js");

/** The names a package exports: free functions and `Countersign` methods. */
function exportsOf(dts, { handle = true } = {}) {
  const text = readFileSync(dts, "utf8");
  const names = new Set();
  for (const m of text.matchAll(/^export function (\w+)\(/gm)) names.add(m[1]);
  names.delete("initSync");
  const body = text.match(/export class Countersign \{([\s\S]*?)\n\}/);
  if (!handle) {
    assert.equal(body, null, `${dts} declares no Countersign class`);
    return names;
  }
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

/** Every call site of `known` in the code under `dir`: [name, file] pairs. */
function callSites(dir, known) {
  const sites = [];
  for (const file of sources(dir)) {
    const text = readFileSync(file, "utf8");
    for (const name of known) {
      if (new RegExp(`(?<![\\w$])${name}\\s*\\(`).test(text)) sites.push([name, path.relative(ROOT, file)]);
    }
  }
  return sites;
}

describe("wasm package exports", { skip: built ? false : "dist/pkg, dist/pkg-verify and dist/pkg-console are not built (run scripts/build.sh)" }, () => {
  const extension = built ? exportsOf(EXTENSION_PKG) : new Set();
  const verify = built ? exportsOf(VERIFY_PKG) : new Set();
  const consolePkg = built ? exportsOf(CONSOLE_PKG) : new Set();
  const mail = built ? exportsOf(MAIL_PKG, { handle: false }) : new Set();
  const known = new Set([...extension, ...verify, ...consolePkg, ...mail, ...SIGNING, ...ENGINE, ...RAW_EMAIL_IN_ENGINE]);

  test("the extension's packages have every call extension/ makes", () => {
    const called = calledIn(path.join(ROOT, "extension"), known);
    assert.ok(called.has("verifyNotice") && called.has("analyseScan"), "the scan of extension/ finds its calls");
    assert.ok(called.has("readRawEmail") && called.has("analyseEmailParts"), "the scan of extension/ finds the raw-email calls");
    for (const [name, file] of called) {
      if (MAIL.includes(name)) {
        assert.ok(mail.has(name), `${file} calls ${name}, which dist/pkg-mail does not export`);
      } else {
        assert.ok(extension.has(name), `${file} calls ${name}, which dist/pkg does not export`);
      }
    }
  });

  test("the raw-email reader stays out of the engine's package, in a package of its own", () => {
    for (const name of RAW_EMAIL_IN_ENGINE) {
      assert.ok(!extension.has(name), `dist/pkg exports ${name}: build it without the cargo feature raw-email`);
      assert.ok(!verify.has(name) && !consolePkg.has(name), `the site's packages export ${name}`);
    }
    assert.deepEqual([...mail], MAIL, "dist/pkg-mail exports the reader and nothing else");
    // mail-parser's own words (its charset and header-name tables) are in
    // the mail package's bytes and in no other package.
    const wasmOf = (dts) => readFileSync(dts.replace(/countersign\.d\.ts$/, "countersign_bg.wasm")).toString("latin1");
    const mailBytes = wasmOf(MAIL_PKG);
    const marks = MAIL_PARSER_MARKS.filter((mark) => mailBytes.includes(mark));
    assert.ok(marks.length >= 2, `the marks of mail-parser are found in dist/pkg-mail (${marks})`);
    for (const dts of [EXTENSION_PKG, VERIFY_PKG, CONSOLE_PKG]) {
      const bytes = wasmOf(dts);
      for (const mark of marks) {
        assert.ok(!bytes.includes(mark), `${path.relative(ROOT, dts)} carries mail-parser (${mark}): build it without the cargo feature raw-email`);
      }
    }
    // Only the loader imports the mail package: the worker instantiates it once, on demand.
    for (const file of sources(path.join(ROOT, "extension"))) {
      const text = readFileSync(file, "utf8");
      const rel = path.relative(ROOT, file);
      if (rel === MAIL_LOADER) {
        assert.match(text, /from "\.\/pkg-mail\/countersign\.js"/, `${rel} imports the mail package`);
      } else {
        assert.doesNotMatch(text, /pkg-mail/, `${rel} reaches the mail package other than through ${MAIL_LOADER}`);
      }
    }
  });

  test("the console's package has every call the console makes, the verify-only one every other page's", () => {
    const sites = callSites(path.join(ROOT, "www"), known);
    const names = new Set(sites.map(([name]) => name));
    assert.ok(names.has("verifyNotice") && names.has("signNotice"), "the scan of www/ finds its calls");
    assert.ok(sites.some(([, file]) => file === CONSOLE_PAGE), "the scan of www/ finds the console's calls");
    for (const [name, file] of sites) {
      if (file === CONSOLE_PAGE) {
        assert.ok(consolePkg.has(name), `${file} calls ${name}, which dist/pkg-console does not export`);
      } else {
        assert.ok(verify.has(name), `${file} calls ${name}, which dist/pkg-verify does not export`);
      }
    }
    const page = readFileSync(path.join(ROOT, CONSOLE_PAGE), "utf8");
    assert.match(page, /from "\.\/pkg-console\/countersign\.js"/, "the console imports the console's package");
    assert.match(page, /usePackage\(/, "the console makes common.js run the console's package");
    // The console runs common.js's calls on its own package too.
    for (const name of verify) {
      assert.ok(consolePkg.has(name), `dist/pkg-console lacks ${name}, which the verify-only package has`);
    }
  });

  test("signing stays out of the extension's and the verify page's packages", () => {
    for (const name of SIGNING) {
      assert.ok(!extension.has(name), `dist/pkg exports ${name}: build it without the cargo feature sign`);
      assert.ok(!verify.has(name), `dist/pkg-verify exports ${name}: build it without the cargo feature sign`);
      assert.ok(consolePkg.has(name), `dist/pkg-console lacks ${name}: the console needs it`);
    }
  });

  test("the detection engine stays out of the verify-only and console packages", () => {
    for (const name of ENGINE) {
      assert.ok(!verify.has(name), `dist/pkg-verify exports ${name}: build it without the cargo feature detect`);
      assert.ok(!consolePkg.has(name), `dist/pkg-console exports ${name}: build it without the cargo feature detect`);
      assert.ok(extension.has(name), `dist/pkg lacks ${name}`);
    }
  });
});
