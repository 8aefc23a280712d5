// Page text handed to the engine as UTF-8 bytes (src/wasm/args.rs, `text`):
// `analysePage`'s HTML and a scan's block, notice and message body texts may
// be a Uint8Array instead of a string, which crosses into wasm in one copy.
// The report must be the same either way, and bytes that are not UTF-8 must
// be refused with the field's name, never read lossily.
//
//   node --test tests/js/pkg-bytes.test.mjs
//
// Needs dist/pkg (bash scripts/build.sh); skipped, saying why, without it.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { before, describe, test } from "node:test";

import { ROOT, loadPackage, nowSeconds } from "./helpers/wasm.mjs";

const built = existsSync(path.join(ROOT, "dist/pkg/countersign_bg.wasm"));
const PAGES = path.join(ROOT, "tests/corpus/pages");
const encoder = new TextEncoder();
/** A lone continuation byte and an overlong NUL: never UTF-8. */
const NOT_UTF8 = Uint8Array.from([0x4e, 0x6f, 0x80, 0xc0, 0x80]);

/** A refusal of a wrong argument whose sentence names `names`. */
function refused(result, names) {
  assert.equal(result.ok, false, JSON.stringify(result));
  assert.equal(result.code, "bad-argument", result.message);
  assert.ok(result.message.includes(names), `"${result.message}" should name ${names}`);
}

/** The corpus pages: name, the HTML, and its text without tags. */
function pages() {
  return readdirSync(PAGES)
    .filter((f) => f.endsWith(".html"))
    .sort()
    .map((name) => {
      const html = readFileSync(path.join(PAGES, name), "utf8");
      const text = html.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim();
      return { name, html, text };
    });
}

describe("page text as UTF-8 bytes", { skip: built ? false : "dist/pkg is not built (run bash scripts/build.sh)" }, () => {
  let cs;
  let now;

  before(async () => {
    const pkg = await loadPackage();
    now = nowSeconds();
    const opened = pkg.Countersign.openVendors([{ envelope: pkg.demoDirectoryJson(), root: pkg.demoRootKey() }], now);
    assert.equal(opened.ok, true, JSON.stringify(opened));
    cs = opened.countersign;
  });

  test("analysePage gives the same report for a page and for its bytes", () => {
    let found = 0;
    let wide = 0;
    for (const { name, html } of pages()) {
      const url = `https://example.net/${name}`;
      const asString = cs.analysePage(url, html, now);
      const asBytes = cs.analysePage(url, encoder.encode(html), now);
      assert.equal(asString.ok, true, `${name}: ${JSON.stringify(asString)}`);
      assert.deepEqual(asBytes, asString, name);
      if (asString.reasons.length > 0) found++;
      if ([...html].some((c) => c.codePointAt(0) > 0x7f)) wide++;
    }
    // The comparison means something: pages with findings, and pages with
    // text beyond ASCII (several bytes a character).
    assert.ok(found >= 10, `only ${found} pages with findings`);
    assert.ok(wide >= 3, `only ${wide} pages beyond ASCII`);
    // A Node Buffer is a Uint8Array too.
    const [first] = pages();
    assert.deepEqual(cs.analysePage(undefined, Buffer.from(first.html), now), cs.analysePage(undefined, first.html, now));
  });

  test("analyseScan gives the same report for texts and for their bytes", () => {
    let found = 0;
    for (const { name, text } of pages()) {
      const scan = (t) => ({
        url: "https://support-desk.example.net/help",
        title: "Support",
        blocks: [
          { role: "heading", level: 1, text: "Help" },
          { role: "text", text: t },
        ],
        notices: [{ text: t, before: [] }],
        message: { senderName: "Support", senderAddress: "help@support-desk.example.net", subject: "Help", body: t, to: [] },
      });
      const asString = cs.analyseScan(scan(text), { now });
      const asBytes = cs.analyseScan(scan(encoder.encode(text)), { now });
      assert.equal(asString.ok, true, `${name}: ${JSON.stringify(asString)}`);
      assert.deepEqual(asBytes, asString, name);
      if (asString.report.reasons.length > 0) found++;
    }
    assert.ok(found >= 10, `only ${found} scans with findings`);
    // Each field is read from its bytes: a text only one of them holds
    // still changes the report.
    const phone = encoder.encode("Northwind Security support: call +1 (888) 555-0199 now.");
    const plain = cs.analyseScan({}, { now }).report;
    for (const scan of [
      { blocks: [{ role: "text", text: phone }] },
      { message: { senderName: "Northwind Security", body: phone } },
    ]) {
      const report = cs.analyseScan(scan, { now });
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.notDeepEqual(report.report, plain, JSON.stringify(scan));
      assert.ok(
        report.report.reasons.some((r) => r.code === "unofficial-phone"),
        JSON.stringify(report.report.reasons),
      );
    }
  });

  test("bytes that are not UTF-8 are refused with the field's name", () => {
    refused(cs.analysePage(undefined, NOT_UTF8, now), "html");
    refused(cs.analyseScan({ blocks: [{ role: "text", text: NOT_UTF8 }] }, { now }), "scan.blocks[].text");
    refused(cs.analyseScan({ notices: [{ text: NOT_UTF8 }] }, { now }), "scan.notices[].text");
    refused(cs.analyseScan({ message: { body: NOT_UTF8 } }, { now }), "scan.message.body");
    // Neither a string nor bytes.
    refused(cs.analysePage(undefined, 42, now), "html");
    refused(cs.analysePage(undefined, [60, 112], now), "html");
    refused(cs.analyseScan({ blocks: [{ text: new Uint16Array(4) }] }, { now }), "scan.blocks[].text");
    refused(cs.analyseScan({ message: { body: 7 } }, { now }), "scan.message.body");
  });
});
