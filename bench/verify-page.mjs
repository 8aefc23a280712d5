// The verify page from opening a verify link to the verdict on screen, in
// headless Chromium: the HTML, the script, the wasm fetch and compile, the
// directory check, the notice check and the rendering, all of it.
//
//   bash scripts/build.sh            # dist/www, dist/pkg, dist/pkg-verify
//   node bench/verify-page.mjs       # --runs 15, --before DIR, --latency 40,
//                                    # --floor, --trace 5, --also DIR,
//                                    # --uncompressed
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
//
// --floor also measures, in the same run, what any page costs on this
// machine: the verify page as the browser would show it after the verdict,
// saved as plain HTML (the same style sheet, the card already in it, no
// script, no wasm), and the same page with the page's scripts but with the
// wasm never arriving (its request is held). Link to verdict on the real page
// minus the first floor is what the page adds; minus the second, what the
// wasm, the checks and the card add.
//
// --trace N records N more loads of the site with Chromium's tracing and
// splits the main thread's time up to the verdict (parse, script, style and
// layout, paint, wasm) and lists each request and the wasm compile.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { bundle } from "../scripts/bundle.mjs";
import { startServer } from "../scripts/serve.mjs";
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
const floor = process.argv.includes("--floor");
const traces = Number(option("--trace")) || 0;

// Records, before any page script runs, when #result first gets a card (in
// the DOM) and when that card is first painted (Element Timing, the
// attribute set the moment the card is inserted), when the wasm module's
// compile is asked for (the page's compileStreaming, or the wasm-bindgen
// loader's instantiateStreaming or instantiate) and when it is instantiated.
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
  for (const name of ["compileStreaming", "instantiateStreaming", "instantiate"]) {
    const original = WebAssembly[name];
    WebAssembly[name] = function (...args) {
      if (window.__wasm.start === null) {
        window.__wasm.start = performance.now();
        window.__wasm.streaming = name.endsWith("Streaming");
      }
      const result = original.apply(this, args);
      if (name !== "compileStreaming") {
        result.then(() => { if (window.__wasm.end === null) window.__wasm.end = performance.now(); }, () => {});
      }
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

// One cold load of `url` in a new page; the verdict's paint time and the
// split. `holdWasm`: the wasm request never gets an answer (the floor with
// scripts); `verdict`: the text the card must show.
async function load(browser, url, { holdWasm = false, verdict = /genuine/i } = {}) {
  const page = await browser.context.newPage();
  try {
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
    if (holdWasm) await page.route("**/*.wasm", () => {});
    await page.goto(url);
    await page.waitForFunction(
      () => globalThis.__verdictAt !== null && globalThis.__paintedAt !== null,
      null,
      { timeout: 30_000 },
    );
    const at = await page.evaluate(() => globalThis.__paintedAt);
    const parts = await page.evaluate(split);
    const text = await page.locator("#result").innerText();
    if (!verdict.test(text)) throw new Error(`unexpected verdict: ${text.slice(0, 200)}`);
    return { at, parts };
  } finally {
    await page.close();
  }
}

// Measures every variant (`{name, root, options}`) in the same browser,
// interleaved: run 1 of each, then run 2 of each, and so on, so that a
// change in the machine's load falls on all of them alike.
async function measureAll(variants, token) {
  const sites = [];
  const browser = await launchChromium();
  const results = variants.map(() => ({ times: [], splits: [] }));
  try {
    for (const variant of variants) {
      sites.push(
        variant.uncompressed
          ? await startServer({ root: variant.root, port: 0, host: "127.0.0.1", compress: false })
          : await startSite(variant.root),
      );
    }
    for (let i = 0; i < runs + 1; i++) {
      for (const [index, variant] of variants.entries()) {
        const { at, parts } = await load(browser, `${sites[index].url}verify.html#${token}`, variant.options);
        if (i > 0) {
          // the first round warms the browser process itself
          results[index].times.push(at);
          results[index].splits.push(parts);
        }
      }
    }
  } finally {
    await browser.close();
    for (const site of sites) await site.close();
  }
  const medianOf = (values) => {
    const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
  };
  return results.map(({ times, splits }) => {
    times.sort((a, b) => a - b);
    const parts = {};
    for (const name of Object.keys(splits[0])) {
      parts[name] = name.includes("streaming")
        ? splits.every((s) => s[name] === true)
        : medianOf(splits.map((s) => s[name]));
    }
    return { median: medianOf(times), min: times[0], max: times[times.length - 1], parts };
  });
}

// The two floor sites, made from `root`: its verify page once loaded, with
// the verdict in it, saved as HTML. `static` has no script and no preload;
// `scripts` keeps the page's <head> as it is (its scripts run; the bench
// holds the wasm request).
async function floorSites(root, token) {
  const site = await startSite(root);
  const browser = await launchChromium();
  let body;
  try {
    const page = await browser.context.newPage();
    await page.addInitScript(OBSERVE);
    await page.goto(`${site.url}verify.html#${token}`);
    await page.waitForFunction(() => globalThis.__paintedAt !== null, null, { timeout: 30_000 });
    // The whole page as it ends up, the official contacts (drawn after the
    // verdict) included.
    await page.locator("#official .contacts").first().waitFor({ timeout: 30_000 });
    body = await page.evaluate(() => document.body.outerHTML);
    await page.close();
  } finally {
    await browser.close();
    await site.close();
  }
  if (!/data-result="genuine"/.test(body)) throw new Error("the page did not show a genuine card");
  const html = readFileSync(path.join(root, "verify.html"), "utf8");
  // The verdict is in the HTML already: nothing to hold the first frame for.
  const withBody = html
    .replace(/<body>[\s\S]*<\/body>/, () => body)
    .replace(/ data-reveal="verdict"/, "");
  const made = {};
  for (const [name, text] of [
    [
      "static",
      withBody
        .replace(/<html lang="en" hidden>/, '<html lang="en">')
        .replace(/<script\b[^>]*><\/script>\s*/g, "")
        .replace(/<link rel="(?:modulepreload|preload)"[^>]*>\s*/g, ""),
    ],
    ["scripts", withBody],
  ]) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `countersign-www-floor-${name}-`));
    cpSync(root, dir, { recursive: true });
    writeFileSync(path.join(dir, "verify.html"), text);
    made[name] = dir;
  }
  return made;
}

// The main thread's work up to the verdict, from `runs` traced loads:
// the median of each kind of work (ms, self time: a task's time minus the
// events inside it), and of each request's and the wasm compile's start and
// end, all in ms since navigation start.
async function trace(root, token, runs) {
  const site = await startSite(root);
  const browser = await launchChromium();
  const loads = [];
  try {
    for (let i = 0; i < runs + 1; i++) {
      const page = await browser.context.newPage();
      const cdp = await browser.context.newCDPSession(page);
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await page.addInitScript(OBSERVE);
      const events = [];
      cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
      const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
      await cdp.send("Tracing.start", {
        transferMode: "ReportEvents",
        traceConfig: {
          includedCategories: [
            "devtools.timeline",
            "disabled-by-default-devtools.timeline",
            "blink.user_timing",
            "loading",
            "v8",
            "v8.wasm",
            "disabled-by-default-v8.wasm.detailed",
            "toplevel",
            "blink",
            "v8.execute",
            "disabled-by-default-v8.compile",
          ],
        },
      });
      await page.goto(`${site.url}verify.html#${token}`);
      await page.waitForFunction(() => globalThis.__paintedAt !== null, null, { timeout: 30_000 });
      const painted = await page.evaluate(() => globalThis.__paintedAt);
      await cdp.send("Tracing.end");
      await complete;
      await page.close();
      if (i > 0) loads.push(splitTrace(events, painted));
    }
  } finally {
    await browser.close();
    await site.close();
  }
  const median = (values) => {
    const sorted = values.filter((v) => typeof v === "number").sort((a, b) => a - b);
    return sorted.length ? sorted[Math.floor(sorted.length / 2)] : null;
  };
  const merge = (key) => {
    const names = new Set(loads.flatMap((load) => Object.keys(load[key])));
    const out = {};
    for (const name of names) {
      const first = loads.find((load) => load[key][name])[key][name];
      out[name] = Array.isArray(first)
        ? first.map((_, at) => median(loads.map((load) => load[key][name]?.[at])))
        : median(loads.map((load) => load[key][name] ?? 0));
    }
    return out;
  };
  return { painted: median(loads.map((l) => l.painted)), work: merge("work"), spans: merge("spans") };
}

// What kind of work a main-thread trace event is.
const KINDS = [
  [/^ParseHTML$/, "parse HTML"],
  [/^(ParseAuthorStyleSheet|UpdateLayoutTree|RecalculateStyles|ScheduleStyleRecalculation)$/, "style"],
  [/^(Layout|UpdateLayerTree|PrePaint|IntersectionObserverController::computeIntersections)$/, "layout"],
  [/^(Paint|PaintImage|Layerize|Commit|CompositeLayers|UpdateLayer|RasterTask)$/, "paint and commit"],
  [/^(v8\.compile|v8\.compileModule|V8\.CompileCode|CompileScript|v8\.parseOnBackground|V8\.ScriptCompiler)/, "JS compile"],
  [/^(EvaluateScript|v8\.evaluateModule|v8\.run|FunctionCall|RunMicrotasks|V8\.Execute|TimerFire|EventDispatch|FireAnimationFrame|v8\.callFunction)$/, "JS run (wasm calls included)"],
  [/wasm/i, "wasm compile on the main thread (stream decoding, each function on its first call)"],
  [/^(ResourceSendRequest|ResourceReceiveResponse|ResourceReceivedData|ResourceFinish|ResourceChangePriority)$/, "network bookkeeping"],
];

function splitTrace(events, painted) {
  const nav = events.find(
    (e) => e.name === "navigationStart" && /verify\.html/.test(e.args?.data?.documentLoaderURL ?? ""),
  );
  if (!nav) throw new Error("no navigationStart in the trace");
  const at = (ts) => (ts - nav.ts) / 1000;
  const end = nav.ts + painted * 1000;
  // Main thread: complete events, nested, self time per kind.
  const main = events
    .filter((e) => e.pid === nav.pid && e.tid === nav.tid && e.ph === "X" && e.ts >= nav.ts && e.ts <= end)
    .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  const kindOf = (name) => KINDS.find(([re]) => re.test(name))?.[1] ?? null;
  const work = {};
  const stack = [];
  const add = (kind, ms) => (work[kind] = (work[kind] ?? 0) + ms);
  for (const e of main) {
    const clipped = Math.min(e.ts + (e.dur ?? 0), end);
    while (stack.length && stack[stack.length - 1].end <= e.ts) stack.pop();
    const kind =
      kindOf(e.name) ?? (stack.length ? stack[stack.length - 1].kind : "other (navigation commit, scheduler, tasks not broken down)");
    const ms = (clipped - e.ts) / 1000;
    add(kind, ms);
    if (stack.length) add(stack[stack.length - 1].kind, -ms);
    stack.push({ end: clipped, kind });
  }
  let busy = 0;
  let reach = nav.ts;
  for (const e of main) {
    const stop = Math.min(e.ts + (e.dur ?? 0), end);
    if (stop > reach) {
      busy += (stop - Math.max(reach, e.ts)) / 1000;
      reach = stop;
    }
  }
  work["main thread busy (total)"] = busy;
  work["main thread idle (total)"] = painted - busy;
  // Requests: sent and finished; the wasm compile, on any thread.
  const spans = {};
  const sent = new Map();
  for (const e of events) {
    const data = e.args?.data;
    if (e.name === "ResourceSendRequest" && data?.url) sent.set(data.requestId, { url: data.url, start: at(e.ts) });
    if (e.name === "ResourceFinish" && sent.has(data?.requestId) && !sent.get(data.requestId).url.includes("verify.html")) {
      const request = sent.get(data.requestId);
      const name = `request ${new URL(request.url).pathname.replace(/^\//, "")}`;
      spans[name] = [request.start, data.finishTime ? (data.finishTime * 1e6 - nav.ts) / 1000 : at(e.ts)];
    }
  }
  const steps = {
    "wasm.StartStreamingCompilation": "wasm: compile started",
    "wasm.FinishStreaming": "wasm: all bytes compiled",
    "wasm.SyncInstantiate": "wasm: instantiated",
    "wasm.CompileLazy": "wasm: functions compiled on first call (first to last)",
  };
  for (const e of events) {
    if (!steps[e.name] || e.ts < nav.ts || e.ts > end) continue;
    const name = steps[e.name];
    const span = spans[name] ?? [at(e.ts), at(e.ts + (e.dur ?? 0))];
    span[0] = Math.min(span[0], at(e.ts));
    span[1] = Math.max(span[1], at(e.ts + (e.dur ?? 0)));
    spans[name] = span;
  }
  return { painted, work, spans };
}

const token = await signedLink();
const made = [];
const variants = [];
if (floor) {
  const floors = await floorSites(site, token);
  made.push(floors.static, floors.scripts);
  variants.push(
    { name: "floor: the page with the verdict as plain HTML (no script, no wasm)", key: "floor", root: floors.static },
    {
      name: "floor: the same with the page's scripts (wasm held back)",
      key: "floor + scripts",
      root: floors.scripts,
      options: { holdWasm: true },
    },
  );
}
if (before) variants.push({ name: `before (${before})`, key: "before", root: before });
// --also DIR (repeatable): more sites, e.g. one change alone, in the same run.
process.argv.forEach((arg, at) => {
  if (arg === "--also") variants.push({ name: process.argv[at + 1], key: process.argv[at + 1], root: process.argv[at + 1] });
});
// --uncompressed: the same site sent without gzip (as scripts/serve.mjs did
// before it compressed), to measure what compression saves.
if (process.argv.includes("--uncompressed")) {
  variants.push({ name: "verify-only, sent uncompressed", key: "uncompressed", root: site, uncompressed: true });
}
variants.push({ name: "verify-only (dist/pkg-verify, shipped)", key: "verify-only", root: site });
// The same site with the engine's package, for the ratio.
const withEngine = mkdtempSync(path.join(os.tmpdir(), "countersign-www-engine-"));
made.push(withEngine);
cpSync(site, withEngine, { recursive: true });
rmSync(path.join(withEngine, "pkg"), { recursive: true, force: true });
cpSync(enginePkg, path.join(withEngine, "pkg"), { recursive: true });
// A site whose script was joined with its modules (scripts/bundle.mjs)
// carries the verify-only package's loader: join it again with this one's.
const joined = path.join(withEngine, "verify.js");
if (readFileSync(joined, "utf8").startsWith("// Built by scripts/bundle.mjs")) {
  for (const name of ["verify.js", "verifier-start.js", "common.js"]) {
    cpSync(path.join(ROOT, "www", name), path.join(withEngine, name));
  }
  writeFileSync(joined, bundle(joined, ["./config.js"]));
}
variants.push({ name: "with the detection engine (dist/pkg)", key: "with the engine", root: withEngine });

let results;
let traced = null;
try {
  results = await measureAll(variants, token);
  if (traces > 0) traced = await trace(site, token, traces);
} finally {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
}
const result = (key) => results[variants.findIndex((v) => v.key === key)];

const row = (name, r) =>
  `| ${name} | ${r.median.toFixed(1)} | ${r.min.toFixed(1)} | ${r.max.toFixed(1)} |`;
const link = latency > 0 ? `, each request ${latency} ms more and 20 Mbit/s` : ", served from this machine";
console.log(`verify link to verdict on screen, headless Chromium, ${runs} cold loads each, interleaved${link} (ms since navigation start)\n`);
console.log("| page | median | min | max |");
console.log("| --- | ---: | ---: | ---: |");
for (const [index, variant] of variants.entries()) console.log(row(variant.name, results[index]));
const ratio = (a, b) => (result(a).median / result(b).median).toFixed(2);
console.log(`\nratio (engine / verify-only, median): ${ratio("with the engine", "verify-only")}x`);
if (before) console.log(`ratio (verify-only / before, median): ${ratio("verify-only", "before")}x`);
if (floor) {
  const over = (key) => (result("verify-only").median - result(key).median).toFixed(1);
  console.log(`verify-only over the plain-HTML floor: ${over("floor")} ms; over the floor with scripts: ${over("floor + scripts")} ms`);
}

// Where the time goes: the median, over the runs, of each moment.
const moment = (value) => (typeof value === "number" ? value.toFixed(1) : String(value));
console.log("\nwhere the time goes (median ms since navigation start of each moment)\n");
console.log(`| moment | ${variants.map((v) => v.key).join(" | ")} |`);
console.log(`| --- |${variants.map(() => " ---: |").join("")}`);
for (const name of Object.keys(result("verify-only").parts)) {
  console.log(`| ${name} | ${results.map((r) => moment(r.parts[name])).join(" | ")} |`);
}

if (traced) {
  console.log(`\nthe verify-only page traced, ${traces} cold loads (median of each; verdict painted at ${traced.painted.toFixed(1)} ms)\n`);
  console.log("| main thread, up to the verdict painted | ms (self time) |");
  console.log("| --- | ---: |");
  for (const [name, ms] of Object.entries(traced.work).sort((a, b) => b[1] - a[1])) {
    console.log(`| ${name} | ${ms.toFixed(1)} |`);
  }
  console.log("\n| request or wasm step | start | end |");
  console.log("| --- | ---: | ---: |");
  for (const [name, [from, to]] of Object.entries(traced.spans).sort((a, b) => a[1][0] - b[1][0])) {
    console.log(`| ${name} | ${from.toFixed(1)} | ${to.toFixed(1)} |`);
  }
}
console.log(`\nload average: ${os.loadavg().map((l) => l.toFixed(2)).join(", ")}`);
