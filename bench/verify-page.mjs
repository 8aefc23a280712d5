// The verify page from opening a verify link to the verdict on screen, in
// headless Chromium: the HTML, the script, the wasm fetch and compile, the
// directory check, the notice check and the rendering, all of it.
//
//   bash scripts/build.sh            # dist/www, dist/pkg, dist/pkg-verify
//   node bench/verify-page.mjs       # --runs 15, --before DIR, --latency 40
//
// Each run opens a new page (empty cache: a first visit) on
// `verify.html#<token>` and records, from inside the page, the time since
// navigation start at which the verdict card is first painted (Element
// Timing: drawn in a frame, not merely inserted), and the moments before it
// (HTML, scripts, wasm fetch, compile, verdict in the page), so the split
// says where the time went. The same run also serves the site with the
// package that carries the detection engine (dist/pkg) in place of the
// verify-only one, and with --before a copy of the site as it was before a
// change, so they compare on the same machine at the same moment.
// Reported, never asserted.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { launchChromium, startSite } from "../tests/js/helpers/browser.mjs";
import { ROOT, demoStaffSecret, loadSigner, nowSeconds } from "../tests/js/helpers/wasm.mjs";

const option = (name) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? null : process.argv[at + 1];
};
const runs = Number(option("--runs")) || 15;
// --before DIR: a site as built before a change (a copy of dist/www), measured
// in the same run, in turn with this one, for a before/after ratio.
const before = option("--before");
// --site DIR: the site to measure (default dist/www); --engine-pkg DIR: the
// package with the detection engine (default dist/pkg).
const site = option("--site") ?? path.join(ROOT, "dist/www");
const enginePkg = option("--engine-pkg") ?? path.join(ROOT, "dist/pkg");
// --latency MS: every request takes MS more and downloads at 20 Mbit/s, as
// over a customer's broadband rather than from this machine (Chromium's
// network emulation); the round trips a page waits for then show.
const latency = Number(option("--latency")) || 0;

// Records, before any page script runs, when #result first gets a card (in
// the DOM) and when that card is first painted (Element Timing, the
// attribute set the moment the card is inserted), and when the wasm module
// is compiled and instantiated (the wasm-bindgen loader calls one of the two).
const OBSERVE = `
  window.__verdictAt = null;
  window.__paintedAt = null;
  window.__wasm = { start: null, end: null, streaming: null };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if (entry.identifier === "verdict" && window.__paintedAt === null) window.__paintedAt = entry.renderTime || entry.loadTime;
    }
  }).observe({ type: "element", buffered: true });
  new MutationObserver((_, observer) => {
    const card = document.querySelector("#result > *");
    if (card && window.__verdictAt === null) {
      window.__verdictAt = performance.now();
      card.setAttribute("elementtiming", "verdict");
      for (const node of card.querySelectorAll("*")) node.setAttribute("elementtiming", "verdict");
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  for (const name of ["instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      if (window.__wasm.start === null) {
        window.__wasm.start = performance.now();
        window.__wasm.streaming = name === "instantiateStreaming";
      }
      const result = original.apply(this, args);
      result.then(() => { if (window.__wasm.end === null) window.__wasm.end = performance.now(); }, () => {});
      return result;
    };
  }
`;

// Where the time went in one load, from the page's own timing entries.
function split() {
  const nav = performance.getEntriesByType("navigation")[0];
  const resources = performance.getEntriesByType("resource");
  const last = (test) => {
    const found = resources.filter((r) => test(new URL(r.name).pathname));
    return found.length ? Math.max(...found.map((r) => r.responseEnd)) : null;
  };
  const wasmEntry = resources.find((r) => r.name.endsWith(".wasm"));
  const paint = performance.getEntriesByType("paint").find((p) => p.name === "first-contentful-paint");
  return {
    "HTML received": nav.responseEnd,
    "style sheet received": last((p) => p.endsWith(".css")),
    "last script module received": last((p) => p.endsWith(".js")),
    "DOMContentLoaded": nav.domContentLoadedEventEnd,
    "wasm fetch started": wasmEntry ? wasmEntry.startTime : null,
    "wasm received": wasmEntry ? wasmEntry.responseEnd : null,
    "scripts ran, wasm compile called": globalThis.__wasm.start,
    "wasm compiled and instantiated": globalThis.__wasm.end,
    "first contentful paint": paint ? paint.startTime : null,
    "verdict in the page": globalThis.__verdictAt,
    "verdict painted": globalThis.__paintedAt,
    "wasm compiled while streaming": globalThis.__wasm.streaming,
  };
}

async function signedLink() {
  const pkg = await loadSigner();
  const now = nowSeconds();
  const cs = pkg.Countersign.openDemo(now).countersign;
  const signed = cs.signNotice(
    demoStaffSecret(),
    { channel: "email", agent: "Dana Whitfield", contact: "support@northwind.example", ticket: "NW-48213" },
    now,
  );
  if (!signed.ok) throw new Error(signed.message);
  return signed.token;
}

async function measure(root, token) {
  const site = await startSite(root);
  const browser = await launchChromium();
  const times = [];
  const splits = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      if (latency > 0) {
        await cdp.send("Network.emulateNetworkConditions", {
          offline: false,
          latency,
          downloadThroughput: 20_000_000 / 8,
          uploadThroughput: 5_000_000 / 8,
        });
      }
      await page.addInitScript(OBSERVE);
      await page.goto(`${site.url}verify.html#${token}`);
      await page.waitForFunction(
        () => globalThis.__verdictAt !== null && globalThis.__paintedAt !== null,
        null,
        { timeout: 30_000 },
      );
      const at = await page.evaluate(() => globalThis.__paintedAt);
      const parts = await page.evaluate(split);
      const text = await page.locator("#result").innerText();
      if (!/genuine/i.test(text)) throw new Error(`unexpected verdict: ${text.slice(0, 200)}`);
      await page.close();
      if (i > 0) {
        // the first run warms the browser process itself
        times.push(at);
        splits.push(parts);
      }
    }
  } finally {
    await browser.close();
    await site.close();
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const medianOf = (values) => {
    const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
  };
  const parts = {};
  for (const name of Object.keys(splits[0])) {
    parts[name] = name.includes("streaming") ? splits.every((s) => s[name] === true) : medianOf(splits.map((s) => s[name]));
  }
  return { median, min: times[0], max: times[times.length - 1], parts };
}

const token = await signedLink();
const baseline = before ? await measure(before, token) : null;
const verifyOnly = await measure(site, token);

// The same site with the engine's package, for the ratio.
const withEngine = mkdtempSync(path.join(os.tmpdir(), "countersign-www-engine-"));
cpSync(site, withEngine, { recursive: true });
rmSync(path.join(withEngine, "pkg"), { recursive: true, force: true });
cpSync(enginePkg, path.join(withEngine, "pkg"), { recursive: true });
let engine;
try {
  engine = await measure(withEngine, token);
} finally {
  rmSync(withEngine, { recursive: true, force: true });
}

const row = (name, r) =>
  `| ${name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} |`;
const link = latency > 0 ? `, each request ${latency} ms more and 20 Mbit/s` : ", served from this machine";
console.log(`verify link to verdict on screen, headless Chromium, ${runs} cold loads each${link} (ms since navigation start)\n`);
console.log("| package | median | min | max |");
console.log("| --- | ---: | ---: | ---: |");
if (baseline) console.log(row(`before (${before})`, baseline));
console.log(row("verify-only (dist/pkg-verify, shipped)", verifyOnly));
console.log(row("with the detection engine (dist/pkg)", engine));
console.log(`\nratio (engine / verify-only, median): ${(engine.median / verifyOnly.median).toFixed(2)}x`);
if (baseline) console.log(`ratio (verify-only / before, median): ${(verifyOnly.median / baseline.median).toFixed(2)}x`);

// Where the time goes: the median, over the runs, of each moment.
const moment = (value) => (typeof value === "number" ? value.toFixed(1) : String(value));
console.log("\nwhere the time goes (median ms since navigation start of each moment)\n");
const columns = [...(baseline ? [["before", baseline]] : []), ["verify-only", verifyOnly], ["with the engine", engine]];
console.log(`| moment | ${columns.map(([name]) => name).join(" | ")} |`);
console.log(`| --- |${columns.map(() => " ---: |").join("")}`);
for (const name of Object.keys(verifyOnly.parts)) {
  console.log(`| ${name} | ${columns.map(([, r]) => moment(r.parts[name])).join(" | ")} |`);
}
console.log(`\nload average: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
