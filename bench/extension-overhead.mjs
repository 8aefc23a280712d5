// What the extension costs a page, measured in Chromium (a benchmark, not a
// test: it prints numbers and asserts nothing).
//
//   node bench/extension-overhead.mjs            (RUNS=5 by default)
//   PROFILE=1 node bench/extension-overhead.mjs  where the time goes instead
//   TRACE=1 node bench/extension-overhead.mjs    the typical page's trace, split
//   TRACE=1mb node bench/extension-overhead.mjs  the same for the 1 MB page
//   FLOOR=1 node bench/extension-overhead.mjs    also an extension of the same shape doing nothing
//   OWN=1 node bench/extension-overhead.mjs      the content scripts' own thread time (RUNS=15)
//
// Needs dist/pkg (bash scripts/build.sh) and Chromium.
//
// For each page, the same Chromium loads it RUNS times without the
// extension and RUNS times with it, each in a fresh tab, and reads the
// renderer's own counters through the DevTools protocol (Performance.getMetrics)
// once the page has been checked (with the extension: its verdict is stored;
// without: the same wait):
//   TaskDuration   main-thread busy time, in ms   -> added main-thread time
//   ScriptDuration JavaScript time, in ms
//   JSHeapUsedSize the page's JS heap (content scripts run in an isolated
//                  world of the same heap), in MB -> added heap
// Medians are compared; the difference is what the extension adds.
//
// Cold start: the extension's service worker is stopped (ServiceWorker.stopAllWorkers
// from an extension page), then a page is loaded; the time from the page's
// navigation start to its verdict being stored is compared with the same
// on a running worker.
//
// Start-up steps: the engine's start (wasm-loader.js and vendor-handlers.js
// time it with performance.measure: "countersign:wasm",
// "countersign:directories") is run in a fresh extension page after each
// cold load and its steps printed.
//
// PROFILE=1: loads the 1 MB page once with the extension under the DevTools
// CPU profiler (100 µs sampling) and prints the extension's functions by
// self time, and the page's heap before and after the scan, then exits.
//
// TRACE=1: loads the typical page (TRACE=1mb: the 1 MB page) RUNS times with the extension under
// DevTools tracing and splits the renderer main thread's work for the
// extension's scripts (events naming a chrome-extension:// script, and what
// runs inside them): compiling, running, style, layout, garbage collection,
// and the whole of the tasks they run in; then exits.
//
// OWN=1: the number to judge the typical page's 5 ms target by. Loads the
// typical page (OWN=1mb: the 1 MB page) RUNS times (default 15) with the
// extension under light tracing (devtools.timeline only, which does not slow
// scripts down as the v8 categories do) and sums, per load, the thread
// time (the trace's `tdur`: CPU time of the renderer's main thread, which
// does not grow when the machine's load takes the core away, as wall time
// does) of every event naming a chrome-extension:// script: the content
// scripts' evaluation (compile included) and each callback of theirs (the
// first read and its message, listeners, timers), from navigation to the
// verdict and WINDOW ms after (default 1500). With COMPARE=<rev> the two builds load in
// turn, in two browsers, so both see the same load. Prints each part's
// median and the total's median and spread; the difference between builds
// is the median of the per-round differences. What it leaves out: the
// isolated world's creation and the injection, which no event names
// (FLOOR=1 measures those, as added task time), and the worker's own
// thread. With FLOOR=1 the floor extension (floorExtension) loads in turn
// as well: its own time is what any extension of this shape pays in the
// events counted here.
//
// Pages: a typical article page (~60 KB of HTML, 60 paragraphs, links) and a
// 1 MB page (the same, repeated), both generated here.

import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { startServer } from "../scripts/serve.mjs";
import { CHROMIUM_ARGS, CHROMIUM } from "../tests/js/helpers/browser.mjs";
import { ROOT } from "../tests/js/helpers/wasm.mjs";

const RUNS = Number(process.env.RUNS ?? 5);
const SETTLE_MS = 1500;
// OWN=1: how long each load is watched after its verdict (WINDOW=65000
// covers the behaviour hooks' first minute, their timers included).
const WINDOW_MS = Number(process.env.WINDOW ?? SETTLE_MS);

function article(paragraphs) {
  const words = "support licence update security account computer call help page news local weather market team".split(" ");
  let seed = 7;
  const word = () => words[(seed = (seed * 1103515245 + 12345) % 2147483648) % words.length];
  const p = (i) => `<p>${Array.from({ length: 90 }, word).join(" ")}. <a href="/story/${i}">More</a></p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local news</title></head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav></header>
<main><h1>Today's stories</h1>${Array.from({ length: paragraphs }, (_, i) => `${i % 10 === 0 ? `<h2>Story ${i}</h2>` : ""}${p(i)}`).join("\n")}</main>
<footer>Contact the newsroom: news@example.org</footer></body></html>`;
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** "min–max" of the runs, to show how noisy the machine was. */
function spread(values, digits) {
  return `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * FLOOR=1: a throw-away extension with Countersign's shape and none of its
 * work: a service worker that answers one message, a page-world script at
 * document_start that is empty, an isolated-world script at document_idle
 * that only sends that message. What Chromium charges any extension of
 * this shape per page (the two worlds, the injections, one message) is
 * what it costs; Countersign's own time is what it adds above that. The
 * worker stores the page's address in storage.session as Countersign
 * stores a verdict, so the runs wait for it the same way (watchVerdicts,
 * from its options page). Returns its folder.
 */
function floorExtension() {
  const dir = mkdtempSync(path.join(tmpdir(), "countersign-bench-floor-"));
  const manifest = {
    manifest_version: 3,
    name: "Countersign floor (benchmark only)",
    version: "0.0.1",
    permissions: ["storage"],
    background: { service_worker: "worker.js" },
    options_page: "options.html",
    content_scripts: [
      { matches: ["http://*/*", "https://*/*"], js: ["main-world.js"], world: "MAIN", run_at: "document_start" },
      { matches: ["http://*/*", "https://*/*"], js: ["isolated.js"], run_at: "document_idle" },
    ],
  };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(path.join(dir, "main-world.js"), "// The page-world script: empty.\n");
  writeFileSync(path.join(dir, "isolated.js"), 'chrome.runtime.sendMessage({ type: "page" });\n');
  writeFileSync(path.join(dir, "worker.js"), `chrome.runtime.onMessage.addListener((message, sender) => {
  if (message?.type === "page" && sender.url) chrome.storage.session.set({ [\`page:\${sender.tab?.id}\`]: { url: sender.url } });
});
`);
  writeFileSync(path.join(dir, "options.html"), '<!doctype html><meta charset="utf-8"><title>Floor</title>\n');
  return dir;
}

/** Waits until the tab showing `url` has a stored verdict; returns when it was stored (epoch ms). */
async function verdictTime(probe, url) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const at = await probe.evaluate((u) => globalThis.__storedAt?.[u], url);
    if (at) return at;
    await sleep(20);
  }
  throw new Error(`no verdict for ${url}`);
}

async function watchVerdicts(probe) {
  await probe.evaluate(() => {
    globalThis.__storedAt = {};
    globalThis.chrome.storage.session.onChanged.addListener((changes) => {
      const at = performance.timeOrigin + performance.now();
      for (const change of Object.values(changes)) {
        const url = change.newValue?.url;
        if (url && !globalThis.__storedAt[url]) globalThis.__storedAt[url] = at;
      }
    });
  });
}

async function main() {
  const { chromium } = await import("playwright-core");
  const www = mkdtempSync(path.join(tmpdir(), "countersign-bench-www-"));
  const extension = mkdtempSync(path.join(tmpdir(), "countersign-bench-ext-"));
  execFileSync("bash", [path.join(ROOT, "scripts/build-extension.sh"), extension], { stdio: "pipe" });
  const typical = article(60);
  let big = "";
  const body = article(60);
  const inner = body.slice(body.indexOf("<main>"), body.indexOf("</main>") + 7);
  while (big.length < 1024 * 1024) big += inner;
  const pages = {
    typical: typical,
    "1 MB": body.replace(inner, big),
  };
  writeFileSync(path.join(www, "typical.html"), pages.typical);
  writeFileSync(path.join(www, "big.html"), pages["1 MB"]);
  const files = { typical: "typical.html", "1 MB": "big.html" };
  const server = await startServer({ root: www, port: 0, host: "127.0.0.1" });

  // COMPARE=<git revision>: the same runs with that revision's extension
  // (its extension/ and manifest, this checkout's wasm packages) in the same
  // browser session, so the two builds are compared under the same load.
  let previous = null;
  if (process.env.COMPARE) {
    previous = mkdtempSync(path.join(tmpdir(), "countersign-bench-prev-"));
    const src = mkdtempSync(path.join(tmpdir(), "countersign-bench-src-"));
    execFileSync("bash", ["-c", `git -C "$1" archive "$2" extension manifest.json scripts | tar -x -C "$3"`,
      "bash", ROOT, process.env.COMPARE, src]);
    execFileSync("mkdir", ["-p", path.join(src, "dist")]);
    // Every package build-extension.sh copies (dist/pkg-mail since it came).
    for (const pkg of ["pkg", "pkg-mail"]) execFileSync("cp", ["-R", path.join(ROOT, "dist", pkg), path.join(src, "dist", pkg)]);
    execFileSync("bash", [path.join(src, "scripts/build-extension.sh"), previous], { stdio: "pipe" });
    rmSync(src, { recursive: true, force: true });
  }

  // FLOOR=1: the same runs with an extension of the same shape that does
  // nothing (floorExtension): what any such extension costs a page, which
  // no change to Countersign's scripts can remove.
  const floor = process.env.FLOOR ? floorExtension() : null;

  async function launch(extensionDir) {
    const withExtension = extensionDir !== null;
    const profile = mkdtempSync(path.join(tmpdir(), "countersign-bench-profile-"));
    const extArgs = withExtension ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : [];
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless=new", ...CHROMIUM_ARGS, "--host-resolver-rules=MAP news.example 127.0.0.1", ...extArgs],
    });
    let probe = null;
    let extensionId = null;
    if (withExtension) {
      let [worker] = context.serviceWorkers();
      worker ??= await context.waitForEvent("serviceworker", { timeout: 30_000 });
      extensionId = new URL(worker.url()).host;
      probe = await context.newPage();
      await probe.goto(`chrome-extension://${extensionId}/options.html`);
      // The welcome page opened at install is not part of the measurement.
      for (const p of context.pages()) if (p.url().endsWith("/welcome.html")) await p.close();
    }
    return { context, probe, extensionId, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
  }

  async function measure(browser, name, run) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
    const url = `http://news.example:${server.port}/${files[name]}?run=${run}`;
    await page.goto(url, { waitUntil: "load" });
    let verdictMs = null;
    const pageOrigin = await page.evaluate(() => performance.timeOrigin);
    if (browser.probe) {
      const at = await verdictTime(browser.probe, url);
      verdictMs = at - pageOrigin;
    }
    await sleep(SETTLE_MS);
    const { metrics } = await cdp.send("Performance.getMetrics");
    const m = Object.fromEntries(metrics.map((x) => [x.name, x.value]));
    // The heap the tab keeps: after a collection, so that garbage not yet
    // collected (which depends on when the collector last ran) is not counted.
    await cdp.send("HeapProfiler.collectGarbage");
    const kept = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((x) => [x.name, x.value]));
    await cdp.detach();
    await page.close();
    return {
      task: m.TaskDuration * 1000,
      script: m.ScriptDuration * 1000,
      style: m.RecalcStyleDuration * 1000,
      layout: m.LayoutDuration * 1000,
      heap: kept.JSHeapUsedSize / 1024 / 1024,
      verdictMs,
      pageOrigin,
    };
  }

  if (process.env.TRACE) {
    for (const [label, dir] of [["this build", extension], ...(previous ? [[`build ${process.env.COMPARE}`, previous]] : [])]) {
      console.log(`\n${label}:`);
      await trace(await launch(dir), `http://news.example:${server.port}/${files[process.env.TRACE === "1mb" ? "1 MB" : "typical"]}`);
    }
    if (previous) rmSync(previous, { recursive: true, force: true });
    await server.close();
    rmSync(www, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
    return;
  }

  if (process.env.OWN) {
    const builds = [["this build", extension], ...(previous ? [[`build ${process.env.COMPARE}`, previous]] : []), ...(floor ? [["the floor", floor]] : [])];
    await own(builds, launch, `http://news.example:${server.port}/${files[process.env.OWN === "1mb" ? "1 MB" : "typical"]}`);
    if (previous) rmSync(previous, { recursive: true, force: true });
    if (floor) rmSync(floor, { recursive: true, force: true });
    await server.close();
    rmSync(www, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
    return;
  }

  if (process.env.PROFILE) {
    await profile(await launch(extension), `http://news.example:${server.port}/${files[process.env.PROFILE === "typical" ? "typical" : "1 MB"]}`);
    await server.close();
    rmSync(www, { recursive: true, force: true });
    rmSync(extension, { recursive: true, force: true });
    return;
  }

  const results = {};
  const configs = [["without", null], ["with", extension], ...(previous ? [["previous", previous]] : []), ...(floor ? [["floor", floor]] : [])];
  for (const [label, extensionDir] of configs) {
    const withExtension = extensionDir !== null;
    const browser = await launch(extensionDir);
    if (browser.probe) await watchVerdicts(browser.probe);
    for (const name of Object.keys(pages)) {
      await measure(browser, name, "warmup");
      const runs = [];
      for (let i = 0; i < RUNS; i++) runs.push(await measure(browser, name, `${label}-${i}`));
      results[`${name} ${label}`] = {
        task: median(runs.map((r) => r.task)),
        script: median(runs.map((r) => r.script)),
        style: median(runs.map((r) => r.style)),
        layout: median(runs.map((r) => r.layout)),
        heap: median(runs.map((r) => r.heap)),
        verdictMs: browser.probe ? median(runs.map((r) => r.verdictMs)) : null,
        taskSpread: spread(runs.map((r) => r.task), 0),
        heapSpread: spread(runs.map((r) => r.heap), 2),
      };
    }
    if (withExtension && browser.probe && label !== "floor") {
      // Cold start: stop the worker, then load a page.
      const cold = [];
      const steps = [];
      for (let i = 0; i < RUNS; i++) {
        const cdp = await browser.context.newCDPSession(browser.probe);
        await cdp.send("ServiceWorker.enable");
        await cdp.send("ServiceWorker.stopAllWorkers");
        await cdp.detach();
        await sleep(500);
        const r = await measure(browser, "typical", `cold-${label}-${i}`);
        cold.push(r.verdictMs);
        // The probe's listener lives in the page, not the worker: it survives.
        if (label === "with") steps.push(await engineSteps(browser));
      }
      results[`cold ${label}`] = { median: median(cold), spread: spread(cold, 0) };
      results[`steps ${label}`] = Object.fromEntries(
        Object.keys(steps[0] ?? {}).map((name) => [name, median(steps.map((s) => s[name] ?? NaN))]),
      );
    }
    await browser.close();
  }
  await server.close();
  rmSync(www, { recursive: true, force: true });
  rmSync(extension, { recursive: true, force: true });
  if (previous) rmSync(previous, { recursive: true, force: true });
  if (floor) rmSync(floor, { recursive: true, force: true });

  const fmt = (x, d = 1) => x.toFixed(d);
  console.log(`Chromium ${execFileSync(CHROMIUM, ["--version"], { stdio: ["ignore", "pipe", "ignore"] }).toString().trim()}; median of ${RUNS} loads each\n`);
  const others = ["with", ...(previous ? ["previous"] : []), ...(floor ? ["floor"] : [])];
  const title = { with: "this build", previous: `build ${process.env.COMPARE}`, floor: "an extension of the same shape doing nothing (the floor)" };
  for (const label of others) {
    console.log(`\n${title[label]}:\n`);
    console.log("| Page | Main-thread time without / with (ms) | Added | JS heap kept without / with (MB) | Added | Load to verdict (ms) |");
    console.log("| --- | --- | --- | --- | --- | --- |");
    for (const name of Object.keys(pages)) {
      const a = results[`${name} without`];
      const b = results[`${name} ${label}`];
      console.log(
        `| ${name} | ${fmt(a.task)} / ${fmt(b.task)} | ${fmt(b.task - a.task)} | ${fmt(a.heap, 2)} / ${fmt(b.heap, 2)} | ${fmt(b.heap - a.heap, 2)} | ${b.verdictMs === null ? "-" : fmt(b.verdictMs, 0)} |`,
      );
    }
  }
  // Where the added time goes (the renderer's counters, thread time):
  // script (the content scripts' compile and run, and the page's own),
  // style recalculation, layout, and the rest of the main thread's tasks
  // (parsing, messages, painting).
  console.log("\nAdded main-thread time by kind (medians, ms):\n");
  console.log("| Page | Build | Script | Style | Layout | Other |");
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const name of Object.keys(pages)) {
    const a = results[`${name} without`];
    for (const label of others) {
      const b = results[`${name} ${label}`];
      const other = (r) => r.task - r.script - r.style - r.layout;
      console.log(`| ${name} | ${title[label]} | ${fmt(b.script - a.script)} | ${fmt(b.style - a.style)} | ${fmt(b.layout - a.layout)} | ${fmt(other(b) - other(a))} |`);
    }
  }
  const range = (r) => `(runs ${r.taskSpread} ms, ${r.heapSpread} MB)`;
  console.log("\nSpread of the runs:");
  for (const name of Object.keys(pages)) {
    console.log(`- ${name}: ${["without", ...others].map((label) => `${label} ${range(results[`${name} ${label}`])}`).join(", ")}`);
  }
  for (const label of others.filter((l) => results[`cold ${l}`])) {
    const cold = results[`cold ${label}`];
    const warm = results[`typical ${label}`].verdictMs;
    console.log(`\n${title[label]}, service worker stopped, typical page: navigation to verdict ${fmt(cold.median, 0)} ms ` +
      `(runs ${cold.spread} ms; running worker: ${fmt(warm, 0)} ms; cold start adds ${fmt(cold.median - warm, 0)} ms)`);
    const steps = Object.entries(results[`steps ${label}`]);
    if (steps.length > 0) {
      console.log("  engine start-up in a fresh extension page, medians: " +
        steps.map(([name, ms]) => `${name} ${fmt(ms, 0)} ms`).join(", ") +
        " (wasm and engine: from importing the modules; directories: the verification alone)");
    }
  }
}

/**
 * The engine's start-up steps, in ms, as the worker runs them
 * (wasm-loader.js and vendor-handlers.js time them with
 * performance.measure), run in a fresh extension page: "wasm" from the
 * modules' import to the module instantiated, "directories" the
 * verification of the directories, "engine" from the import to the open
 * engine.
 * (Playwright does not see a service worker that was stopped and started
 * again, so the restarted worker's own measures cannot be read.)
 */
async function engineSteps(browser) {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const steps = await page.evaluate(async () => {
    const start = performance.now();
    const { openVendorEngine } = await import("./vendor-handlers.js");
    const opened = await openVendorEngine(Math.floor(Date.now() / 1000));
    const out = { engine: performance.now() - start };
    opened.countersign?.free?.();
    for (const m of performance.getEntriesByType("measure")) {
      if (m.name === "countersign:wasm") out.wasm = m.startTime + m.duration - start;
      if (m.name === "countersign:directories") out.directories = m.duration;
    }
    return out;
  });
  await page.close();
  return steps;
}

/**
 * RUNS loads of `url` under DevTools tracing: the renderer main thread's
 * time for the extension's scripts, split by kind (medians, ms).
 */
async function trace(browser, url) {
  await watchVerdicts(browser.probe);
  const categories = ["devtools.timeline", "v8", "v8.execute", "disabled-by-default-devtools.timeline", "toplevel", "blink"];
  const runs = [];
  for (let i = 0; i <= RUNS; i++) {
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    const events = [];
    cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
    const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
    await cdp.send("Tracing.start", { transferMode: "ReportEvents", traceConfig: { includedCategories: categories } });
    const at = `${url}?trace=${i}`;
    await page.goto(at, { waitUntil: "load" });
    await verdictTime(browser.probe, at);
    await sleep(SETTLE_MS);
    await cdp.send("Tracing.end");
    await complete;
    await cdp.detach();
    await page.close();
    if (i > 0) runs.push(splitTrace(events, at)); // the first load warms up
  }
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r)))];
  console.log(`Trace of ${url}, with the extension: renderer main thread, medians of ${runs.length} loads (ms)\n`);
  console.log("| Part | ms |");
  console.log("| --- | --- |");
  for (const kind of kinds) console.log(`| ${kind} | ${median(runs.map((r) => r[kind] ?? 0)).toFixed(2)} |`);
  await browser.close();
}

/** The extension's share of the page's main thread in one trace, by kind. */
function splitTrace(events, url) {
  const isExt = (e) => {
    const d = e.args?.data ?? e.args?.beginData ?? {};
    return [d.url, d.scriptName, d.fileName].some((u) => typeof u === "string" && u.startsWith("chrome-extension://"));
  };
  // The page's renderer main thread: the one that parsed its HTML.
  const parse = events.find((e) => e.name === "ParseHTML" && e.args?.beginData?.url === url);
  if (!parse) return {};
  const thread = events.filter((e) => e.pid === parse.pid && e.tid === parse.tid && (e.ph === "X" || e.ph === "B" || e.ph === "E"));
  // B/E pairs as complete events.
  const spans = [];
  const open = [];
  for (const e of thread.sort((a, b) => a.ts - b.ts)) {
    if (e.ph === "X") spans.push({ ...e, end: e.ts + (e.dur ?? 0) });
    else if (e.ph === "B") open.push(e);
    else {
      const b = open.pop();
      if (b) spans.push({ ...b, args: { ...b.args, ...e.args }, end: e.ts });
    }
  }
  spans.sort((a, b) => a.ts - b.ts || b.end - a.end);
  const within = (outer, e) => e.ts >= outer.ts && e.end <= outer.end;
  const tops = [];
  for (const e of spans.filter(isExt)) if (!tops.some((t) => within(t, e))) tops.push(e);
  const tasks = spans.filter((e) => e.name === "RunTask" || e.name === "ThreadControllerImpl::RunTask");
  const out = { "extension script, in all": 0, compile: 0, style: 0, layout: 0, "garbage collection": 0 };
  const ms = (e) => (e.end - e.ts) / 1000;
  if (process.env.TRACE_DUMP) {
    for (const top of tops) {
      const inner = spans.filter((e) => e !== top && within(top, e) && ms(e) > 0.3).slice(0, 12);
      console.log(`${top.name} ${ms(top).toFixed(2)} ${JSON.stringify(top.args?.data ?? {}).slice(0, 160)}`);
      for (const e of inner) console.log(`    ${e.name} ${ms(e).toFixed(2)} ${JSON.stringify(e.args?.data ?? {}).slice(0, 100)}`);
    }
  }
  for (const top of tops) {
    out["extension script, in all"] += ms(top);
    out[`  ${top.name}`] = (out[`  ${top.name}`] ?? 0) + ms(top);
  }
  // Inside the extension's scripts (each event counted once: the outermost
  // of its kind).
  const kindOf = (e) =>
    /compile|parse/i.test(e.name) && e.name !== "ParseHTML" ? "compile"
      : e.name === "UpdateLayoutTree" || e.name === "RecalculateStyles" ? "style"
        : e.name === "Layout" ? "layout"
          : /GC|garbage/i.test(e.name) ? "garbage collection" : null;
  const counted = [];
  for (const e of spans) {
    const kind = kindOf(e);
    if (!kind || !tops.some((t) => within(t, e)) || counted.some((c) => c.kind === kind && within(c, e))) continue;
    counted.push({ ...e, kind });
    out[kind] += ms(e);
  }
  // The whole tasks the extension's scripts ran in (injection, messages).
  const extTasks = tasks.filter((t) => tops.some((e) => within(t, e)));
  out["tasks holding them"] = extTasks.reduce((sum, t) => sum + ms(t), 0);
  out["tasks holding them, count"] = extTasks.length;
  return out;
}

/**
 * OWN=1: per load, the main-thread thread time of the extension's content
 * scripts on `url`, by part; builds load in turn (see the header).
 */
async function own(builds, launch, url) {
  const runs = Number(process.env.RUNS ?? 15);
  const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");
  const loadBefore = loadAverage();
  const browsers = [];
  for (const [label, dir] of builds) {
    const browser = await launch(dir);
    await watchVerdicts(browser.probe);
    browsers.push({ label, browser, loads: [], names: lineNames(dir) });
  }
  for (let i = 0; i <= runs; i++) {
    // Alternate which build goes first, so neither always follows the other.
    const order = i % 2 === 0 ? browsers : [...browsers].reverse();
    for (const b of order) {
      const page = await b.browser.context.newPage();
      const cdp = await b.browser.context.newCDPSession(page);
      const events = [];
      cdp.on("Tracing.dataCollected", ({ value }) => events.push(...value));
      const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
      await cdp.send("Tracing.start", { transferMode: "ReportEvents", traceConfig: { includedCategories: ["devtools.timeline"] } });
      const at = `${url}?own=${i}`;
      await page.goto(at, { waitUntil: "load" });
      await verdictTime(b.browser.probe, at);
      await sleep(WINDOW_MS);
      await cdp.send("Tracing.end");
      await complete;
      await cdp.detach();
      await page.close();
      if (i > 0) b.loads.push(ownParts(events, at, b.names)); // the first load warms up
    }
  }
  for (const b of browsers) await b.browser.close();

  const fmt = (x) => x.toFixed(2);
  console.log(`Content scripts' own main-thread time on ${url}, from navigation to ${WINDOW_MS} ms after the verdict, ` +
    `thread time (ms), ${runs} loads per build; ` +
    `load average ${loadBefore} before, ${loadAverage()} after\n`);
  const parts = [...new Set(browsers.flatMap((b) => b.loads.flatMap((l) => Object.keys(l))))].filter((p) => p !== "total");
  console.log(`| Part | ${browsers.map((b) => `${b.label} (median)`).join(" | ")} |`);
  console.log(`| --- | ${browsers.map(() => "---").join(" | ")} |`);
  for (const part of parts) console.log(`| ${part} | ${browsers.map((b) => fmt(median(b.loads.map((l) => l[part] ?? 0)))).join(" | ")} |`);
  console.log(`| **in all** | ${browsers.map((b) => `**${fmt(median(b.loads.map((l) => l.total)))}** (${spread(b.loads.map((l) => l.total), 2)})`).join(" | ")} |`);
  for (const other of browsers.slice(1)) {
    const diffs = browsers[0].loads.map((l, k) => l.total - other.loads[k].total);
    console.log(`\n${browsers[0].label} minus ${other.label}, per round: median ${fmt(median(diffs))} ms (${spread(diffs, 2)})`);
  }
}

/**
 * The content scripts' joined file (content.js) holds several source
 * files, each headed "// ===== <file> ====": a function of
 * `line -> "file:line"` in the sources, to name the parts.
 */
function lineNames(dir) {
  let heads = [];
  try {
    const lines = readFileSync(path.join(dir, "content.js"), "utf8").split("\n");
    heads = lines.flatMap((text, i) => {
      const m = /^\/\/ ===== (\S+) =+$/.exec(text);
      return m ? [{ file: m[1], line: i + 1 }] : [];
    });
  } catch {
    // No joined file: names stay as the trace gives them.
  }
  return (file, line) => {
    if (!file.endsWith("/content.js")) return `${file.replace(/^chrome-extension:\/\/[^/]+\//, "")}:${line}`;
    const head = heads.filter((h) => h.line <= line).pop();
    // Each part starts two lines below its header.
    return head ? `${head.file}:${line - head.line - 1}` : `content.js:${line}`;
  };
}

/**
 * One load's thread time (ms) of the events that name a chrome-extension://
 * script on the page's main thread, outermost only, by part, and in all.
 */
function ownParts(events, url, names) {
  const parse = events.find((e) => e.name === "ParseHTML" && e.args?.beginData?.url === url);
  if (!parse) throw new Error(`no ParseHTML event for ${url} in the trace`);
  const scriptOf = (e) => {
    const d = e.args?.data ?? {};
    return [d.url, d.scriptName, d.fileName].find((u) => typeof u === "string" && u.startsWith("chrome-extension://"));
  };
  const ext = events
    .filter((e) => e.pid === parse.pid && e.tid === parse.tid && e.ph === "X" && scriptOf(e))
    .map((e) => ({ ...e, end: e.ts + (e.dur ?? 0) }))
    .sort((a, b) => a.ts - b.ts || b.end - a.end);
  const out = { total: 0 };
  const tops = [];
  for (const e of ext) {
    if (tops.some((t) => e.ts >= t.ts && e.end <= t.end)) continue;
    tops.push(e);
    if (e.tdur === undefined) throw new Error(`no thread time (tdur) on ${e.name}: this Chromium does not record it`);
    const d = e.args.data;
    const where = names(scriptOf(e), d.lineNumber ?? 0);
    const part = e.name === "EvaluateScript" ? `${where.replace(/:\d+$/, "")}: evaluated (compiled, set up)`
      : `${e.name === "FunctionCall" ? "callback" : e.name} ${d.functionName || "(anonymous)"}, ${where}`;
    out[part] = (out[part] ?? 0) + e.tdur / 1000;
    out.total += e.tdur / 1000;
  }
  return out;
}

/**
 * One load of `url` under the CPU profiler: the extension's functions (and
 * the browser functions they call) by self time, and the page's JS heap
 * before and after.
 */
async function profile(browser, url) {
  await watchVerdicts(browser.probe);
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
  await cdp.send("Profiler.start");
  await page.goto(url, { waitUntil: "load" });
  await cdp.send("HeapProfiler.collectGarbage");
  const loaded = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  await verdictTime(browser.probe, url);
  await sleep(SETTLE_MS);
  const { profile: p } = await cdp.send("Profiler.stop");
  const checked = (await cdp.send("Runtime.getHeapUsage")).usedSize;
  await cdp.send("HeapProfiler.collectGarbage");
  const kept = (await cdp.send("Runtime.getHeapUsage")).usedSize;

  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n);
  const own = (n) => n.callFrame.url.startsWith("chrome-extension://");
  const selfMs = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i];
    selfMs.set(id, (selfMs.get(id) ?? 0) + (p.timeDeltas[i + 1] ?? 0) / 1000);
  }
  const byName = new Map();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const n = byId.get(id);
    // A browser function called by the extension is named after both.
    let name = null;
    for (let a = n; a; a = parent.get(a.id)) {
      if (own(a)) {
        const where = `${a.callFrame.functionName || "(anonymous)"} ${a.callFrame.url.replace(/^chrome-extension:\/\/[^/]+\//, "")}:${a.callFrame.lineNumber + 1}`;
        name = a === n ? where : `${n.callFrame.functionName || "(native)"} < ${where}`;
        break;
      }
    }
    if (name === null) continue;
    total += ms;
    byName.set(name, (byName.get(name) ?? 0) + ms);
  }
  console.log(`CPU profile of ${url}: ${total.toFixed(1)} ms in the extension's content scripts`);
  for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
  }
  const mb = (x) => (x / 1024 / 1024).toFixed(2);
  console.log(`JS heap: ${mb(loaded)} MB after load (collected), ${mb(checked)} MB once checked, ${mb(kept)} MB kept after a collection`);
  await browser.close();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
