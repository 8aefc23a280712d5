// The browser cases of tests/js/ext-cases/ (one folder per case: page(s)
// and case.json) in Firefox: the same pages, under the same host names,
// with the same notices, driven over WebDriver BiDi (helpers/firefox.mjs).
//
//   node --test tests/js/ext-cases-firefox.test.mjs
//   CASE=official-site,pc-locked node --test tests/js/ext-cases-firefox.test.mjs
//
// What case.json expects is checked from the extension's side, as in
// Chromium: the verdict (and verdicts it must never be), the notices'
// states, marked contacts, counted tactics, whether the tab was taken to the
// full-tab warning and whether a Safety Tip frame was drawn. A case's own
// test.mjs is written against playwright and runs in Chromium only.
//
// Needs dist/pkg, firefox-esr and openssl; skipped, saying why, without them.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { pathToFileURL } from "node:url";

import { firefoxUnavailable, launchFirefox } from "./helpers/firefox.mjs";
import { ROOT } from "./helpers/wasm.mjs";

const CASES = path.join(ROOT, "tests/js/ext-cases");
const HARNESS = path.join(ROOT, "tests/js/helpers/ext-harness.mjs");

const skip =
  [
    [path.join(ROOT, "dist/pkg/countersign.js"), "dist/pkg is not built (run bash scripts/build.sh)"],
    [CASES, "no browser cases in tests/js/ext-cases/"],
    [HARNESS, "no case harness (tests/js/helpers/ext-harness.mjs)"],
    ["/usr/bin/openssl", "no openssl at /usr/bin/openssl"],
  ].find(([file]) => !existsSync(file))?.[1] ??
  firefoxUnavailable() ??
  false;

const cases = skip
  ? []
  : readdirSync(CASES)
      .filter((name) => existsSync(path.join(CASES, name, "case.json")))
      .filter((name) => !process.env.CASE || process.env.CASE.split(",").includes(name))
      .sort();

const asList = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe("extension cases in Firefox", { skip }, () => {
  let work;
  let server;
  let ff;
  let probe;

  before(async () => {
    const { signFixtures, stageCases, serve, certificate } = await import(pathToFileURL(HARNESS).href);
    work = mkdtempSync(path.join(tmpdir(), "countersign-ff-cases-"));
    const extension = path.join(work, "extension");
    execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
    const signed = await signFixtures();
    const www = path.join(work, "www");
    stageCases(www, signed.values);
    server = await serve(www, certificate(work));
    const hosts = new Set(["northwind.example", "northwind-verify.com"]);
    for (const name of readdirSync(CASES)) {
      const file = path.join(CASES, name, "case.json");
      if (existsSync(file)) hosts.add(JSON.parse(readFileSync(file, "utf8")).host);
    }
    ff = await launchFirefox({ extensionPath: extension, hosts: [...hosts].filter(Boolean) });
    probe = await findTab((u) => u.endsWith("/welcome.html"));
    await probe.waitFor(() => document.readyState === "complete");
  });

  after(async () => {
    await ff?.close();
    if (server) await new Promise((resolve) => server.close(resolve));
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The first browsing context (at any depth) whose URL passes `match`. */
  async function findContext(match, { under, timeout = 30_000 } = {}) {
    const deadline = Date.now() + timeout;
    while (Date.now() < deadline) {
      const { contexts } = await ff.bidi.send("browsingContext.getTree", under ? { root: under } : {});
      const stack = [...contexts];
      while (stack.length > 0) {
        const c = stack.shift();
        if (match(c.url)) return c;
        stack.push(...(c.children ?? []));
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    return null;
  }

  async function findTab(match) {
    const found = await findContext(match);
    if (!found) throw new Error("no such tab");
    return ff.tab(found.context);
  }

  const records = () => probe.evaluate(async () => Object.entries(await browser.storage.session.get(null)));

  async function verdictFor(url, ready, timeout = 60_000) {
    const deadline = Date.now() + timeout;
    let seen = [];
    while (Date.now() < deadline) {
      // A tab taken to the full-tab warning keeps its verdict with the warning.
      seen = (await records())
        .map(([key, r]) => (key.startsWith("tab:") ? r : key.startsWith("warning:") ? r?.record : null))
        .filter((r) => r && r.url === url);
      const found = seen.find(ready);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    const facts = seen.map((r) => ({ verdict: r.verdict, notices: r.notices?.map((n) => n.state), tactics: r.tactics }));
    assert.fail(`no verdict for ${url} in time; records for it: ${JSON.stringify(facts)}`);
  }

  for (const name of cases) {
    const spec = JSON.parse(readFileSync(path.join(CASES, name, "case.json"), "utf8"));
    // A case Firefox does not pass yet says why in `firefoxGap` (a known,
    // listed gap, still run in Chromium).
    test(`${name}: ${spec.finding}`, { skip: spec.firefoxGap ?? false }, async () => {
      const expect = spec.expect ?? {};
      const url = new URL(`https://${spec.host}:${server.address().port}/${name}/${spec.page ?? "index.html"}`).href;
      const tab = await ff.newTab();
      await tab.goto(url, { wait: "none" });
      const ready = {
        notices: (r) => r.notices.length > 0,
        "not-clean": (r) => r.verdict !== "clean",
      }[expect.waitFor] ?? (() => true);
      const record = await verdictFor(url, ready);
      const facts = JSON.stringify({ verdict: record.verdict, confidence: record.confidence, notices: record.notices?.map((n) => n.state), marks: record.marks?.length, tactics: record.tactics, reasons: record.page?.reasons?.map((r) => r.code) });
      if (expect.verdict !== undefined) assert.ok(asList(expect.verdict).includes(record.verdict), `verdict ${record.verdict}, expected ${expect.verdict}: ${facts}`);
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
        // The scan names behaviours in camelCase, the engine's tactics in kebab-case.
        const names = [tactic, tactic.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)];
        const seen = await verdictFor(url, (r) => (r.tactics ?? []).some((x) => names.includes(x)));
        assert.ok(seen.tactics.some((x) => names.includes(x)));
      }
      if (expect.warning === true) {
        const warning = await findContext((u) => u.startsWith(`${ff.extensionBase}warning.html`), { under: tab.context });
        assert.ok(warning, `the tab shows the full-tab warning: ${facts}`);
      }
      if (expect.tip !== undefined) {
        const tip = await findContext((u) => u.startsWith(`${ff.extensionBase}tip.html`) && !u.includes("mark="), {
          under: tab.context,
          timeout: expect.tip ? 15_000 : 2_000,
        });
        assert.equal(tip !== null, expect.tip, `Safety Tip shown: ${facts}`);
      }
      await tab.close();
    });
  }
});
