// The browser cases: one folder per case under tests/js/ext-cases/, each a
// page (or pages) and a case.json saying what the extension must do with
// it; an optional test.mjs in the folder checks more (hostile pages).
//
//   node --test tests/js/ext-cases.test.mjs
//   CASE=webmail-gmail-genuine node --test tests/js/ext-cases.test.mjs   one case
//   SCREENSHOT_DIR=docs/images node --test ...                           saves screenshots
//
// case.json:
//   { "finding": what this case reproduces (issue text),
//     "host": "northwind-support.com", "page": "index.html",
//     "expect": {
//       "verdict": "impersonation" | ["suspicious", "impersonation"],
//       "never": ["verified"],          verdicts that must not be given
//       "warning": true,                the tab shows the full-tab warning
//       "tip": true | false,            a Safety Tip over the page, or none
//       "notices": ["verified"],        the notices' states, in order
//       "marks": 1,                     at least this many marked contacts
//       "tactics": ["historyFlood"],    behaviours that must be counted
//       "reasons": ["covering-frame"],  the page's reasons hold one of these codes
//       "waitFor": "notices" | "not-clean" } }  wait for this before checking
//
// Needs dist/pkg (bash scripts/build.sh), Chromium and openssl; skipped,
// saying why, without them.

import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { CHROMIUM } from "./helpers/browser.mjs";
import { CASES, startHarness } from "./helpers/ext-harness.mjs";
import { ROOT } from "./helpers/wasm.mjs";

const missing = [
  [path.join(ROOT, "dist/pkg/countersign.js"), "dist/pkg is not built (run bash scripts/build.sh)"],
  [CHROMIUM, `no Chromium at ${CHROMIUM} (run scripts/setup.sh --browser, or set CHROMIUM)`],
  ["/usr/bin/openssl", "no openssl at /usr/bin/openssl (run scripts/setup.sh --browser)"],
].find(([file]) => !existsSync(file));
const skip = missing ? missing[1] : false;

const cases = readdirSync(CASES)
  .filter((name) => existsSync(path.join(CASES, name, "case.json")))
  .filter((name) => !process.env.CASE || process.env.CASE.split(",").includes(name))
  .sort();

const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("extension cases in Chromium", { skip }, () => {
  let harness;
  before(async () => {
    harness = await startHarness();
  });
  after(async () => {
    await harness?.close();
  });

  for (const name of cases) {
    const spec = JSON.parse(readFileSync(path.join(CASES, name, "case.json"), "utf8"));
    test(`${name}: ${spec.finding}`, async (t) => {
      const expect = spec.expect ?? {};
      const page = await harness.context.newPage();
      const url = harness.url(spec.host, `${name}/${spec.page ?? "index.html"}`);
      // Not "load": a 10 MB page on a busy machine takes its time, and the
      // verdict is what is waited for.
      await page.goto(url, { waitUntil: "domcontentloaded", timeout: 90_000 });
      const ready = {
        notices: (r) => r.notices.length > 0,
        "not-clean": (r) => r.verdict !== "clean",
      }[expect.waitFor] ?? (() => true);
      const record = await harness.verdictFor(url, ready);
      const ctx = { harness, page, record, url, spec };
      t.diagnostic(`verdict ${record.verdict}, confidence ${record.confidence}, notices ${record.notices.map((n) => n.state).join(" ") || "none"}`);
      const facts = JSON.stringify({ verdict: record.verdict, confidence: record.confidence, notices: record.notices, marks: record.marks, tactics: record.tactics, reasons: record.page?.reasons });

      if (expect.verdict !== undefined) {
        assert.ok(asList(expect.verdict).includes(record.verdict), `verdict ${record.verdict}, expected ${expect.verdict}: ${facts}`);
      }
      for (const never of asList(expect.never)) assert.notEqual(record.verdict, never, facts);
      if (expect.notices !== undefined) {
        assert.deepEqual(record.notices.map((n) => n.state ?? (n.ok ? "verified" : "invalid")), expect.notices, facts);
      }
      if (expect.marks !== undefined) assert.ok(record.marks.length >= expect.marks, `marks: ${facts}`);
      if (expect.reasons !== undefined) {
        const codes = (record.page?.reasons ?? []).map((r) => r.code);
        assert.ok(asList(expect.reasons).some((code) => codes.includes(code)), `reasons: ${facts}`);
      }
      for (const tactic of asList(expect.tactics)) {
        const seen = await harness.verdictFor(url, (r) => (r.tactics ?? []).includes(tactic));
        assert.ok(seen.tactics.includes(tactic));
      }
      // The toolbar never shows a check mark for a verdict that is not one.
      const { text } = await harness.badge(record.tabId);
      if (record.verdict !== "verified" && record.verdict !== "official") assert.notEqual(text, "\u2713");

      if (expect.warning === true) {
        await harness.waitForWarning(page);
        const shown = await page.evaluate(() => ({
          headline: document.getElementById("headline").textContent,
          address: document.getElementById("address").textContent,
          facts: [...document.querySelectorAll("#facts li")].map((li) => li.textContent),
          official: document.getElementById("official-list").innerText,
          seal: document.getElementById("seal-phrase").textContent,
        }));
        assert.match(shown.headline, /Northwind Security/);
        assert.ok(shown.address.includes(spec.host), shown.address);
        assert.ok(shown.facts.length >= 1 && shown.facts.length <= 2, JSON.stringify(shown.facts));
        assert.match(shown.official, /\+1 202 555 0143/);
        assert.match(shown.seal, /[a-z]+ [a-z]+/, "the user's seal is on the warning");
        if (process.env.SCREENSHOT_DIR && spec.screenshot) {
          mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
          await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, spec.screenshot), fullPage: true });
        }
      } else if (expect.warning === false) {
        assert.equal(page.url(), url, "no full-tab warning");
      }
      if (expect.tip !== undefined) {
        const frame = await harness.tipFrame(page, { timeout: expect.tip ? 15_000 : 2_000 });
        assert.equal(frame !== null, expect.tip, `Safety Tip shown: ${facts}`);
        if (frame) {
          const seal = await frame.evaluate(() => document.getElementById("seal-phrase").textContent);
          assert.match(seal, /[a-z]+ [a-z]+/, "the user's seal is on the tip");
          if (process.env.SCREENSHOT_DIR && spec.screenshot) {
            mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
            await page.screenshot({ path: path.join(process.env.SCREENSHOT_DIR, spec.screenshot) });
          }
        }
      }
      const extra = path.join(CASES, name, "test.mjs");
      if (existsSync(extra)) {
        const { default: check } = await import(pathToFileURL(extra).href);
        await check(t, ctx);
      }
      await page.close();
    });
  }
});
