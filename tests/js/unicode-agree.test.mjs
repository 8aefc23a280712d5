// The extension's engine normalises Unicode with the browser's
// String.prototype.normalize; the CLI with Rust's own tables
// (src/unicode.rs). Both must read hostile text the same way: this runs
// look-alike hosts (dnstwist's permutations of the demo vendor's domain,
// when scripts/dnstwist.sh can run, and a fixed hostile list) and pages
// full of hostile Unicode (accents, mathematical bold, full-width, combining
// marks, Japanese, Greek and Cyrillic look-alikes) through dist/pkg under
// Node and through the native CLI, and compares every verdict, score, reason
// and host reading.
//
//   node --test tests/js/unicode-agree.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh) and a CLI binary (the newer of
// target/release/countersign and target/debug/countersign;
// COUNTERSIGN_BIN overrides); skipped, saying why, without them.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";

import { ROOT, cliBinary, loadPackage } from "./helpers/wasm.mjs";

const BIN = cliBinary();

const skip = !existsSync(path.join(ROOT, "dist/pkg/countersign.js"))
  ? "dist/pkg is not built (run bash scripts/build.sh)"
  : !BIN
    ? "no countersign binary (cargo build)"
    : false;

const NOW_TEXT = "2026-12-01T11:00:00Z";
const NOW = Date.parse(NOW_TEXT) / 1000;

// Hosts whose reading depends on normalisation and the confusable skeleton.
const HOSTILE_HOSTS = [
  "northwind.example",
  "nörthwínd.com",
  "nørthwind-support.com",
  "n\u0308orthwind.com", // combining diaeresis
  "northwi\u0301\u0323nd-help.com",
  "\u{1D427}\u{1D428}\u{1D42B}\u{1D42D}\u{1D421}\u{1D430}\u{1D422}\u{1D427}\u{1D41D}.com", // mathematical bold
  "ｎｏｒｔｈｗｉｎｄ.com", // full-width
  "ｎｏｒｔｈｗｉｎｄ．ｅｘａｍｐｌｅ",
  "nоrthwind-support.com", // Cyrillic о
  "northwіnd.example", // Cyrillic і
  "nοrthwind.net", // Greek ο
  "ɴorthwind.com", // small capital
  "northwind\u200b.com", // zero-width space
  "ﬁnance-northwind.com", // ligature
  "ℕorthwind.com",
  "northwind-サポート.com",
  "ノースウィンド.jp",
  "公式サイト.jp",
  "northwind.ｃｏｍ",
  "xn--nrthwind-support-mkn.com",
  "xn--northwnd-m2e.com",
  "㎳northwind.com",
  "northwind①.com",
];

// Pages written to be hard to read: each is analysed with and without a URL.
const HOSTILE_PAGES = [
  "<p>Call Ｎｏｒｔｈｗｉｎｄ Ｓｅｃｕｒｉｔｙ support now: +1 844 555 0177</p>",
  "<h1>\u{1D40D}\u{1D428}\u{1D42B}\u{1D42D}\u{1D421}\u{1D430}\u{1D422}\u{1D427}\u{1D41D} Security</h1><p>Your licence expired. Call ＋１ ８４４ ５５５ ０１７７ now.</p>",
  "<p>Nörthwínd Secürity Kundendienst: Ihr Gerät ist gesperrt. Rufen Sie sofort +49 30 901820 an und nennen Sie den Code.</p>",
  "<p>N\u0308o\u0301rthwind Se\u0327curity te\u0301le\u0301phone: +33 1 70 36 39 50, ne raccrochez pas.</p>",
  "<p>Nоrthwіnd Ѕecurity (Cyrillic) техподдержка: позвоните +7 495 123 45 67</p>",
  "<p>Νorthwind Security (Greek Ν) υποστήριξη +30 21 0123 4567</p>",
  "<p>ノースウィンド・セキュリティ公式サポート。Northwind Security サポートセンター：０１２０－１２３－４５６ にお電話ください。ウイルスが検出されました。</p>",
  "<p>Ｎｏｒｔｈｗｉｎｄ公式サイト：今すぐ電話 050-1234-5678。アカウントが停止されました。</p>",
  "<p>North\u200bwind Sec\u00adurity re\u202Efund desk: call 1-800-555-0199 and install AnyDesk.</p>",
  "<p>ﬁnd your Northwind ℌelp desk at ⓝⓞⓡⓣⓗⓦⓘⓝⓓ-support.com or call 1 (844) 555-0177</p>",
  "<p>Visit <a href=\"https://nоrthwind-support.com/login\">nоrthwind-support.com</a> to renew Northwind.</p>",
];
const PAGE_URLS = [undefined, "https://nörthwind-help.com/support", "https://example.net/"];

/** The fields both sides print, in a comparable form. */
function comparable(r) {
  return {
    verdict: r.verdict,
    score: r.score,
    reasons: r.reasons?.map((x) => (typeof x === "string" ? x : `${x.code}: ${x.message}`)),
    host: r.evidence?.host ?? r.host ?? null,
    phones: r.evidence?.phones,
    mentions: r.evidence?.brand_mentions,
    signals: r.evidence?.signals,
  };
}

function cli(args, input) {
  try {
    return execFileSync(BIN, ["check", "--now", NOW_TEXT, ...args], {
      cwd: ROOT,
      input,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    // Exit 1 is a warning verdict, still with its report on stdout.
    if (e.status === 1 && e.stdout) return e.stdout;
    throw e;
  }
}

function dnstwistHosts() {
  try {
    const out = execFileSync("bash", [path.join(ROOT, "scripts/dnstwist.sh"), "northwind.example"], {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).domain);
  } catch {
    return [];
  }
}

describe("browser and native normalisation agree", { skip }, () => {
  let cs;
  let dir;

  before(async () => {
    const pkg = await loadPackage();
    const opened = pkg.Countersign.openDemo(NOW);
    assert.ok(opened.ok, opened.message);
    cs = opened.countersign;
    dir = mkdtempSync(path.join(os.tmpdir(), "countersign-unicode-"));
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("every look-alike host reads the same in dist/pkg and the CLI", () => {
    const twisted = dnstwistHosts();
    const hosts = [...new Set([...HOSTILE_HOSTS, ...twisted])];
    const lines = cli(["--url-list", "-"], hosts.join("\n") + "\n")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    assert.equal(lines.length, hosts.length, "one CLI line per host");
    let nonAscii = 0;
    for (const [i, host] of hosts.entries()) {
      const line = lines[i];
      assert.equal(line.input, host);
      if (!/^[\x20-\x7e]*$/.test(host)) nonAscii += 1;
      const wasm = cs.analyseContact(host, NOW);
      if (line.error !== undefined) {
        assert.notEqual(wasm.verdict, "official", `${host}: the CLI could not read it`);
        continue;
      }
      assert.equal(wasm.ok, true, `${host}: ${wasm.message}`);
      assert.equal(wasm.verdict, line.verdict, host);
      assert.deepEqual(wasm.evidence.host, line.host, host);
    }
    // The fixed list alone has 20 non-ASCII hosts; dnstwist adds its
    // homoglyph permutations when it can run.
    assert.ok(nonAscii >= 20, `${nonAscii} non-ASCII hosts`);
  });

  test("hostile pages get the same report from dist/pkg and the CLI", () => {
    for (const [i, html] of HOSTILE_PAGES.entries()) {
      const file = path.join(dir, `page-${i}.html`);
      writeFileSync(file, html);
      for (const url of PAGE_URLS) {
        const args = ["--as", "page", "--json", ...(url ? ["--url", url] : []), file];
        const native = JSON.parse(cli(args));
        const wasm = cs.analysePage(url, html, NOW);
        assert.equal(wasm.ok, true, wasm.message);
        assert.deepEqual(comparable(wasm), comparable(native), `page ${i} at ${url}`);
      }
    }
  });
});
